//! Strings: plain where the core schema reads them back as the same string, else quoted
//! (`plainString`, `quotedString`, `singleQuotedString`, `doubleQuotedString`).

use super::block::block;
use super::fold::{Fold, fold};
use super::*;

/// `stringifyString` for a plain (untyped) JavaScript string.
pub(super) fn string(value: &[u16], ctx: &mut Ctx) -> Units {
    let control = value
        .iter()
        .any(|&c| matches!(c, 0..=8 | 0x0b..=0x1f | 0x7f..=0x9f));
    if control {
        double_quoted(value, ctx)
    } else {
        plain(value, ctx)
    }
}

/// `plainString`'s first test: a value that cannot be a plain scalar.
fn needs_quotes(v: &[u16]) -> bool {
    let Some(&first) = v.first() else {
        return false;
    };
    let last = v[v.len() - 1];
    let pairs = v.windows(2).any(|w| {
        (in_set(w[0], "\n:") && in_set(w[1], " \t"))
            || (in_set(w[0], " \t") && w[1] == NL)
            || (in_set(w[0], "\n\t ") && w[1] == u16::from(b'#'))
    });
    in_set(first, "\n\t ,[]{}#&*!|>'\"%@`")
        || (v.len() == 1 && in_set(first, "?-"))
        || (v.len() > 1 && in_set(first, "?-") && in_set(v[1], " \t"))
        || pairs
        || in_set(last, "\n\t :")
}

fn plain(value: &[u16], ctx: &mut Ctx) -> Units {
    let multiline = contains(value, b'\n');
    if ctx.implicit_key && multiline {
        return quoted(value, ctx);
    }
    if needs_quotes(value) {
        return if ctx.implicit_key || !multiline {
            quoted(value, ctx)
        } else {
            block(value, ctx)
        };
    }
    if !ctx.implicit_key && multiline {
        return block(value, ctx);
    }
    if contains_document_marker(value) {
        if ctx.indent == 0 {
            ctx.force_block_indent = true;
            return block(value, ctx);
        } else if ctx.implicit_key && ctx.indent == INDENT_STEP {
            return quoted(value, ctx);
        }
    }
    if reads_as_other_type(&String::from_utf16_lossy(value)) {
        return quoted(value, ctx);
    }
    if ctx.implicit_key {
        value.to_vec()
    } else {
        fold(value, ctx.indent, Fold::Flow, ctx.indent_at_start, None)
    }
}

/// Whether the core schema would read the text as null, a boolean or a number.
fn reads_as_other_type(s: &str) -> bool {
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let unsigned = s.strip_prefix(['-', '+']).unwrap_or(s);
    let float = |t: &str| match t.split_once('.') {
        Some((a, b)) => {
            (a.is_empty() && digits(b))
                || (digits(a) && (b.is_empty() || b.bytes().all(|c| c.is_ascii_digit())))
        }
        None => false,
    };
    let exp = || {
        let Some(e) = unsigned.find(['e', 'E']) else {
            return false;
        };
        let (mantissa, rest) = (&unsigned[..e], &unsigned[e + 1..]);
        let rest = rest.strip_prefix(['-', '+']).unwrap_or(rest);
        (digits(mantissa) || float(mantissa)) && digits(rest)
    };
    matches!(s, "" | "~" | "null" | "Null" | "NULL")
        || matches!(s, "true" | "True" | "TRUE" | "false" | "False" | "FALSE")
        || s.strip_prefix("0o")
            .is_some_and(|t| !t.is_empty() && t.bytes().all(|b| (b'0'..=b'7').contains(&b)))
        || digits(unsigned)
        || s.strip_prefix("0x")
            .is_some_and(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_hexdigit()))
        || matches!(unsigned, ".inf" | ".Inf" | ".INF")
        || matches!(s, ".nan" | ".NaN" | ".NAN")
        || exp()
        || float(unsigned)
}

pub(super) fn quoted(value: &[u16], ctx: &mut Ctx) -> Units {
    let has_double = contains(value, b'"');
    let has_single = contains(value, b'\'');
    if has_double && !has_single {
        single_quoted(value, ctx)
    } else {
        double_quoted(value, ctx)
    }
}

/// `JSON.stringify` of a string, in UTF-16 units.
fn json_string(value: &[u16]) -> Units {
    let mut out = units("\"");
    let mut i = 0;
    while i < value.len() {
        let c = value[i];
        let lone = (0xd800..=0xdbff).contains(&c)
            && !value
                .get(i + 1)
                .is_some_and(|n| (0xdc00..=0xdfff).contains(n));
        let lone = lone
            || ((0xdc00..=0xdfff).contains(&c)
                && !(i > 0 && (0xd800..=0xdbff).contains(&value[i - 1])));
        match c {
            0x22 => out.extend(units("\\\"")),
            0x5c => out.extend(units("\\\\")),
            0x08 => out.extend(units("\\b")),
            0x0c => out.extend(units("\\f")),
            0x0a => out.extend(units("\\n")),
            0x0d => out.extend(units("\\r")),
            0x09 => out.extend(units("\\t")),
            _ if c < 0x20 || lone => out.extend(units(&format!("\\u{c:04x}"))),
            _ => out.push(c),
        }
        i += 1;
    }
    out.push(u16::from(b'"'));
    out
}

fn double_quoted(value: &[u16], ctx: &mut Ctx) -> Units {
    let json = json_string(value);
    let indent = if ctx.indent > 0 {
        ctx.indent
    } else if contains_document_marker(value) {
        2
    } else {
        0
    };
    let at = |i: usize| json.get(i).copied().unwrap_or(0);
    let mut out: Units = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < json.len() {
        let mut ch = json[i];
        if ch == SP && at(i + 1) == u16::from(b'\\') && at(i + 2) == u16::from(b'n') {
            // A space before a newline is escaped, not to be folded away.
            out.extend_from_slice(&json[start..i]);
            out.extend(units("\\ "));
            i += 1;
            start = i;
            ch = u16::from(b'\\');
        }
        if ch == u16::from(b'\\') {
            match at(i + 1) {
                0x75 => {
                    out.extend_from_slice(&json[start..i]);
                    let code = String::from_utf16_lossy(&json[i + 2..(i + 6).min(json.len())]);
                    let short = match code.as_str() {
                        "0000" => Some("\\0"),
                        "0007" => Some("\\a"),
                        "000b" => Some("\\v"),
                        "001b" => Some("\\e"),
                        "0085" => Some("\\N"),
                        "00a0" => Some("\\_"),
                        "2028" => Some("\\L"),
                        "2029" => Some("\\P"),
                        _ => None,
                    };
                    match short {
                        Some(s) => out.extend(units(s)),
                        None if code.starts_with("00") => {
                            out.extend(units("\\x"));
                            out.extend(units(&code[2..]));
                        }
                        None => out.extend_from_slice(&json[i..(i + 6).min(json.len())]),
                    }
                    i += 5;
                    start = i + 1;
                }
                0x6e => {
                    if ctx.implicit_key
                        || at(i + 2) == u16::from(b'"')
                        || json.len() < DOUBLE_QUOTED_MIN_MULTI_LINE_LENGTH
                    {
                        i += 1;
                    } else {
                        // Folding eats the first newline.
                        out.extend_from_slice(&json[start..i]);
                        out.extend([NL, NL]);
                        while at(i + 2) == u16::from(b'\\')
                            && at(i + 3) == u16::from(b'n')
                            && at(i + 4) != u16::from(b'"')
                        {
                            out.push(NL);
                            i += 2;
                        }
                        out.extend(spaces(indent));
                        // A space after a newline is escaped, not to be folded away.
                        if at(i + 2) == SP {
                            out.push(u16::from(b'\\'));
                        }
                        i += 1;
                        start = i + 1;
                    }
                }
                _ => i += 1,
            }
        }
        i += 1;
    }
    let out = if start > 0 {
        out.extend_from_slice(&json[start.min(json.len())..]);
        out
    } else {
        json
    };
    if ctx.implicit_key {
        out
    } else {
        fold(&out, indent, Fold::Quoted, ctx.indent_at_start, None)
    }
}

fn single_quoted(value: &[u16], ctx: &mut Ctx) -> Units {
    let around_newline = value
        .windows(2)
        .any(|w| (in_set(w[0], " \t") && w[1] == NL) || (w[0] == NL && in_set(w[1], " \t")));
    if (ctx.implicit_key && contains(value, b'\n')) || around_newline {
        return double_quoted(value, ctx);
    }
    let indent = if ctx.indent > 0 {
        ctx.indent
    } else if contains_document_marker(value) {
        2
    } else {
        0
    };
    let mut res = units("'");
    let mut i = 0;
    while i < value.len() {
        let c = value[i];
        if c == u16::from(b'\'') {
            res.extend(units("''"));
        } else if c == NL {
            let run = value[i..].iter().take_while(|&&c| c == NL).count();
            res.extend(std::iter::repeat_n(NL, run + 1));
            res.extend(spaces(indent));
            i += run;
            continue;
        } else {
            res.push(c);
        }
        i += 1;
    }
    res.push(u16::from(b'\''));
    if ctx.implicit_key {
        res
    } else {
        fold(&res, indent, Fold::Flow, ctx.indent_at_start, None)
    }
}
