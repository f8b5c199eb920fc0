//! What a YAML syntax error means in plain words. The message stays the one Backstage's
//! reader (`yaml`) gives; the place moves to where an unclosed quote or bracket opened
//! (the reader reports where it gave up, often the end of the file), and the hint names
//! the likely mistake: a missing colon, an unclosed quote or bracket, a tab, an indent.

use super::yaml::{Pos, YamlError};

/// Where to point, and what to say, for a YAML error in `text`.
pub fn advise(e: &YamlError, text: &str) -> (Pos, String) {
    let line_at = |p: Pos| text.lines().nth((p.line as usize).saturating_sub(1));
    let m = e.message.as_str();
    let gave_up = |p: Pos| {
        if line_at(p).is_none_or(|l| l.trim().is_empty()) && p.line as usize > text.lines().count()
        {
            "the end of the file".to_string()
        } else {
            format!("line {}", p.line)
        }
    };
    let hint = match e.rule {
        "duplicate-key" => {
            return (
                e.pos,
                "remove one of the two keys; Backstage rejects the whole document".into(),
            );
        }
        "alias-bomb" => {
            return (
                e.pos,
                "expand the aliases by hand; a descriptor never needs this many".into(),
            );
        }
        "too-deep" => return (e.pos, "flatten the structure".into()),
        "too-large" => {
            return (
                e.pos,
                "split it into several descriptors; one never needs this many values".into(),
            );
        }
        _ => None,
    };
    if let Some(h) = hint {
        return (e.pos, h);
    }
    if let (Some(opened), Some(quote)) = (
        e.opened,
        m.strip_prefix("Missing closing ")
            .and_then(|q| q.chars().next()),
    ) {
        return (
            opened,
            format!(
                "the {quote} opened here is never closed, so everything up to {} was read as one string: add the closing {quote} (inside a string, write {})",
                gave_up(e.pos),
                if quote == '"' {
                    "\\\" for a quote"
                } else {
                    "'' for a quote"
                }
            ),
        );
    }
    if let (Some(opened), true) = (
        e.opened,
        m.contains("must be sufficiently indented and end with a") || m.contains("must end with a"),
    ) {
        let close = m.chars().last().unwrap_or(']');
        let open = if close == '}' { '{' } else { '[' };
        return (
            opened,
            format!(
                "the `{open}` opened here is not closed before {}: add `{close}` where the {} ends, or indent the lines inside it further than its key",
                gave_up(e.pos),
                if close == '}' { "mapping" } else { "list" }
            ),
        );
    }
    let here = line_at(e.pos).unwrap_or_default();
    let hint = if m.starts_with("Implicit keys need to be on a single line")
        || m.starts_with("Implicit map keys need to be followed by map values")
    {
        missing_colon(here)
    } else if m.to_lowercase().contains("tab") {
        "indent with spaces, not tabs: YAML does not allow a tab in indentation".to_string()
    } else if m.starts_with("All mapping items must start at the same column")
        || m.starts_with("All sequence items must start at the same column")
    {
        "line this up with the items above it: the items of one mapping or list start in the same column (count the spaces)".to_string()
    } else if m.starts_with("Nested mappings are not allowed in compact mappings")
        || m.starts_with("A block sequence may not be used as an implicit map key")
    {
        "the next line is indented further than this key, so YAML reads it as part of this value: indent it as far as this key, not further".to_string()
    } else if m.starts_with("Unexpected , in") || m.starts_with("Unexpected empty item") {
        "remove the extra comma".to_string()
    } else if m.starts_with("Comments must be separated") {
        "put a space before the `#`, or quote the value if the `#` is part of it".to_string()
    } else if m.contains('%') || m.contains("{{") || here.contains("${{") || here.contains("{%") {
        "this looks like a template skeleton; render it before validating".to_string()
    } else if m.starts_with("Plain value cannot start with") {
        "quote the value: a plain value cannot start with this character".to_string()
    } else if m.contains("at node end") || m.contains("Unexpected") {
        "something follows a complete value here: is a `:` or `- ` missing, or a quote left over?"
            .to_string()
    } else {
        "fix the YAML syntax here: portal reads YAML exactly as Backstage does, and Backstage rejects this document".to_string()
    };
    (e.pos, hint)
}

/// `name foo` → "a key needs `: ` after it: `name: foo`".
fn missing_colon(line: &str) -> String {
    let trimmed = line.trim_start();
    let (dash, rest) = match trimmed.strip_prefix("- ") {
        Some(r) => ("- ", r.trim_start()),
        None => ("", trimmed),
    };
    let key_end = rest.find(|c: char| c.is_whitespace()).unwrap_or(rest.len());
    let (key, value) = rest.split_at(key_end);
    let key_like = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'));
    if key_like && !key.ends_with(':') {
        let value = value.trim();
        let fixed = if value.is_empty() {
            format!("{dash}{key}:")
        } else {
            format!("{dash}{key}: {value}")
        };
        format!("is a colon missing? A key needs `: ` after it: `{fixed}`")
    } else {
        "is a colon missing? Each `key: value` line needs a colon and a space after the key"
            .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::yaml::{DocContent, parse_stream};

    fn first_error(text: &str) -> (Pos, String, String) {
        for doc in parse_stream(text) {
            if let DocContent::Error(e) = doc.content {
                let (pos, hint) = advise(&e, text);
                return (pos, e.message, hint);
            }
        }
        panic!("no error in {text:?}");
    }

    const HEAD: &str = "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n";
    const TAIL: &str = "spec:\n  type: service\n  lifecycle: production\n  owner: a\n";

    #[test]
    fn an_unterminated_quote_is_pointed_at_where_it_opened() {
        let text = format!("{HEAD}  name: foo\n  description: \"abc\n{TAIL}");
        let (pos, message, hint) = first_error(&text);
        assert_eq!(
            message, "Missing closing \"quote",
            "Backstage's message is kept"
        );
        assert_eq!((pos.line, pos.col), (5, 16));
        assert!(
            hint.contains("never closed") && hint.contains("the end of the file"),
            "{hint}"
        );
        let single = format!("{HEAD}  name: 'foo\n{TAIL}");
        let (pos, _, hint) = first_error(&single);
        assert_eq!((pos.line, pos.col), (4, 9));
        assert!(hint.contains("''"), "{hint}");
    }

    #[test]
    fn an_unclosed_bracket_is_pointed_at_where_it_opened() {
        let (pos, _, hint) = first_error(&format!("{HEAD}  name: foo\n  tags: [a, b\n{TAIL}"));
        assert_eq!((pos.line, pos.col), (5, 9));
        assert!(
            hint.contains("`[`") && hint.contains("`]`") && hint.contains("line 6"),
            "{hint}"
        );
        let (pos, _, hint) = first_error(&format!("{HEAD}  name: foo\n  labels: {{a: b\n{TAIL}"));
        assert_eq!((pos.line, pos.col), (5, 11));
        assert!(hint.contains("`{`") && hint.contains("`}`"), "{hint}");
    }

    #[test]
    fn a_missing_colon_shows_the_line_with_it() {
        let (_, message, hint) =
            first_error(&format!("{HEAD}  name foo\n  description: x\n{TAIL}"));
        assert_eq!(message, "Implicit keys need to be on a single line");
        assert!(hint.contains("`name: foo`"), "{hint}");
        let (_, _, hint) = first_error(&format!("{HEAD}  name: foo\n  description x\n{TAIL}"));
        assert!(hint.contains("`description: x`"), "{hint}");
    }

    #[test]
    fn tabs_and_indentation_each_get_their_own_hint() {
        let (_, _, tab) = first_error(&format!("{HEAD}\tname: foo\n{TAIL}"));
        assert!(tab.contains("spaces, not tabs"), "{tab}");
        let (_, _, under) = first_error(&format!("{HEAD}  name: foo\n description: b\n{TAIL}"));
        assert!(under.contains("same column"), "{under}");
        let (_, _, over) = first_error(&format!("{HEAD}  name: foo\n   description: b\n{TAIL}"));
        assert!(over.contains("indented further"), "{over}");
        let hints = [tab, under, over];
        assert!(
            hints.iter().all(|h| !h.contains("fix the YAML syntax")),
            "{hints:?}"
        );
    }
}
