//! The one rule for writing untrusted text (catalog values, file contents, paths) in a
//! human format: characters a terminal would act on, or that hide or reorder text, are
//! shown as escapes, so portal's own colour codes are the only escape sequences written.
//!
//! | character                                         | shown as    |
//! |---------------------------------------------------|-------------|
//! | ESC (U+001B)                                      | `\e`        |
//! | line feed, carriage return, tab                   | `\n`, `\r`, `\t` |
//! | other C0 controls (U+0000–U+001F), DEL (U+007F)   | `\u{8}`, `\u{7f}` |
//! | C1 controls (U+0080–U+009F)                       | `\u{9b}`    |
//! | bidi marks, embeddings, overrides and isolates: U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069 | `\u{202e}` |
//! | line and paragraph separators U+2028, U+2029      | `\u{2028}`  |
//! | invisible format characters: U+180E, U+200B, U+2060–U+2064, U+206A–U+206F, U+FEFF, U+FFF9–U+FFFB | `\u{200b}` |
//!
//! Everything else is written as is: a backslash too (so Windows paths and patterns read
//! normally; a value holding the text `\e` looks like one holding ESC, and `--json` has
//! the exact value), the zero-width (non-)joiners U+200C and U+200D that emoji and
//! several scripts need, variation selectors, and tag characters (flags).
//!
//! Every line is escaped whole: a newline in a value never starts a line of its own.

use std::borrow::Cow;
use std::fmt::Write as _;

/// `text` with every character the table above names escaped; borrowed when there is none.
pub fn escape(text: &str) -> Cow<'_, str> {
    let Some(first) = text.find(needs_escape) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str(&text[..first]);
    for c in text[first..].chars() {
        push_escaped(&mut out, c);
    }
    Cow::Owned(out)
}

/// `text` escaped, cut after `max` characters with `…` when it is longer: people read
/// it; `--json` has the whole value.
pub fn cut(text: &str, max: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max) {
        Some((end, _)) => Cow::Owned(format!("{}…", escape(&text[..end]))),
        None => escape(text),
    }
}

/// A path, escaped as `escape` does (lossily decoded first when it is not UTF-8).
pub fn path(p: &std::path::Path) -> String {
    escape(&p.to_string_lossy()).into_owned()
}

/// Whether `c` is written as an escape.
pub fn needs_escape(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}'
        | '\u{7f}'..='\u{9f}'
        | '\u{61c}'
        | '\u{180e}'
        | '\u{200b}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{2028}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{206f}'
        | '\u{feff}'
        | '\u{fff9}'..='\u{fffb}'
    )
}

/// Appends `c` to `out`, escaped when `needs_escape(c)`.
pub fn push_escaped(out: &mut String, c: char) {
    match c {
        '\u{1b}' => out.push_str("\\e"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if needs_escape(c) => {
            // Writing into a String cannot fail.
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
        c => out.push(c),
    }
}

/// How many characters `c` takes once escaped (all of them one column wide).
pub fn escaped_len(c: char) -> usize {
    match c {
        '\u{1b}' | '\n' | '\r' | '\t' => 2,
        c if needs_escape(c) => format!("{:x}", c as u32).len() + 4,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        for s in [
            "",
            "payments",
            "Team A <a@b.c>",
            "C:\\repo\\new",
            "日本語",
            "👩‍👩‍👧 🏳️‍🌈",
        ] {
            assert!(matches!(escape(s), Cow::Borrowed(b) if b == s), "{s}");
        }
    }

    #[test]
    fn terminal_controls_are_escaped() {
        let cases = [
            ("\x1b[31mred", "\\e[31mred"),
            ("\x1b]52;c;aGk=\x07", "\\e]52;c;aGk=\\u{7}"),
            ("\x1b]0;title\x07", "\\e]0;title\\u{7}"),
            (
                "\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\",
                "\\e]8;;http://evil\\e\\link\\e]8;;\\e\\",
            ),
            ("a\rb", "a\\rb"),
            ("a\nb", "a\\nb"),
            ("a\tb", "a\\tb"),
            ("a\x08b", "a\\u{8}b"),
            ("\0", "\\u{0}"),
            ("\x7f", "\\u{7f}"),
            ("\u{85}\u{9b}1m", "\\u{85}\\u{9b}1m"),
        ];
        for (raw, shown) in cases {
            assert_eq!(escape(raw), shown, "{raw:?}");
        }
    }

    #[test]
    fn bidi_and_invisible_characters_are_escaped() {
        assert_eq!(escape("abc\u{202e}fed"), "abc\\u{202e}fed");
        for c in [
            '\u{61c}', '\u{200e}', '\u{200f}', '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}',
            '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{2028}', '\u{2029}', '\u{200b}',
            '\u{2060}', '\u{feff}', '\u{180e}', '\u{fffb}',
        ] {
            assert_eq!(escape(&c.to_string()), format!("\\u{{{:x}}}", c as u32));
        }
    }

    #[test]
    fn joiners_selectors_and_tags_are_kept() {
        for c in [
            '\u{200c}',
            '\u{200d}',
            '\u{fe0f}',
            '\u{e0067}',
            '\u{e007f}',
            '\u{a0}',
        ] {
            assert!(!needs_escape(c), "{c:?}");
        }
    }

    #[test]
    fn escaped_len_counts_what_push_escaped_writes() {
        for c in [
            'a', 'é', '\u{1b}', '\n', '\u{8}', '\u{7f}', '\u{9b}', '\u{202e}', '\u{feff}',
        ] {
            let mut s = String::new();
            push_escaped(&mut s, c);
            assert_eq!(s.chars().count(), escaped_len(c), "{c:?}");
        }
    }

    #[test]
    fn nothing_escaped_holds_a_control_character() {
        let all: String = (0..0x3000u32).filter_map(char::from_u32).collect();
        let shown = escape(&all);
        assert!(!shown.chars().any(needs_escape));
        assert!(!shown.chars().any(char::is_control));
    }
}
