//! `yaml`'s `stringify()` (v2.9.1, default options), as Backstage's `catalog:write` calls it:
//! a JSON value in, the bytes Backstage writes out. A port of `yaml/dist/stringify/*` for
//! the nodes a plain JavaScript value makes (no comments, anchors, tags or flow styles; an
//! empty collection is `{}` or `[]`), so every quoting, folding and block-scalar choice is
//! the package's own: lines folded at 80 columns, plain scalars where the core schema would
//! not read them as something else, `|`/`>` blocks with its chomping and indent indicators.
//!
//! JavaScript strings are UTF-16: lengths and the folding positions are counted in UTF-16
//! units here too, so a line with an emoji folds where Backstage folds it.

use serde_json::Value;

mod block;
mod fold;
mod scalar;

use scalar::string;

type Units = Vec<u16>;

/// `yaml.stringify(value)`: the document, ending in a newline.
pub fn stringify(value: &Value) -> String {
    let mut ctx = Ctx::default();
    let mut body = node(value, &mut ctx);
    body.push(u16::from(b'\n'));
    String::from_utf16_lossy(&body)
}

/// A number as `JSON.stringify` writes it: no `.0` on whole numbers, exponents from 1e21
/// and below 1e-6.
pub fn js_number(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    if f.abs() >= 1e21 || (f != 0.0 && f.abs() < 1e-6) {
        let e = format!("{f:e}");
        return match e.split_once('e') {
            Some((m, x)) if !x.starts_with('-') => format!("{m}e+{x}"),
            _ => e,
        };
    }
    if f == 0.0 {
        return "0".into();
    }
    if f.fract() == 0.0 {
        return format!("{f:.0}");
    }
    f.to_string()
}

const LINE_WIDTH: usize = 80;
const MIN_CONTENT_WIDTH: usize = 20;
const DOUBLE_QUOTED_MIN_MULTI_LINE_LENGTH: usize = 40;
const INDENT_STEP: usize = 2;

/// The stringify context of one node (`createStringifyContext` and what the stringifiers
/// add to their copies of it).
#[derive(Clone, Default)]
struct Ctx {
    indent: usize,
    implicit_key: bool,
    indent_at_start: Option<usize>,
    force_block_indent: bool,
}

fn units(s: &str) -> Units {
    s.encode_utf16().collect()
}

fn spaces(n: usize) -> Units {
    vec![u16::from(b' '); n]
}

const NL: u16 = b'\n' as u16;
const SP: u16 = b' ' as u16;
const TAB: u16 = b'\t' as u16;

fn node(value: &Value, ctx: &mut Ctx) -> Units {
    match value {
        Value::Null => units("null"),
        Value::Bool(b) => units(if *b { "true" } else { "false" }),
        Value::Number(n) => units(&number(n)),
        Value::String(s) => string(&units(s), ctx),
        Value::Array(items) => {
            let item_indent = ctx.indent + INDENT_STEP;
            let lines = items
                .iter()
                .map(|item| {
                    let mut item_ctx = Ctx {
                        indent: item_indent,
                        ..ctx.clone()
                    };
                    let mut line = units("- ");
                    line.extend(node(item, &mut item_ctx));
                    line
                })
                .collect();
            block_collection(lines, ctx.indent, "[]")
        }
        Value::Object(map) => {
            let lines = js_key_order(map)
                .into_iter()
                .map(|(key, value)| {
                    let mut item_ctx = ctx.clone();
                    pair(key, value, &mut item_ctx)
                })
                .collect();
            block_collection(lines, ctx.indent, "{}")
        }
    }
}

/// `JSON.stringify` of a number (`stringifyNumber` without a format).
fn number(n: &serde_json::Number) -> String {
    if n.is_i64() || n.is_u64() {
        return n.to_string();
    }
    let f = n.as_f64().unwrap_or(f64::NAN);
    if f == 0.0 && f.is_sign_negative() {
        return "-0".into();
    }
    js_number(f)
}

/// A JavaScript object's own keys in its order: array indices first, ascending, then the
/// rest as inserted.
pub fn js_key_order(map: &serde_json::Map<String, Value>) -> Vec<(&String, &Value)> {
    let index = |k: &str| -> Option<u32> {
        let canonical = !k.is_empty() && (k == "0" || !k.starts_with('0'));
        if !canonical || !k.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        k.parse::<u32>().ok().filter(|&n| n != u32::MAX)
    };
    let mut indexed: Vec<_> = map
        .iter()
        .filter_map(|(k, v)| index(k).map(|i| (i, (k, v))))
        .collect();
    indexed.sort_by_key(|(i, _)| *i);
    let mut out: Vec<_> = indexed.into_iter().map(|(_, kv)| kv).collect();
    out.extend(map.iter().filter(|(k, _)| index(k).is_none()));
    out
}

/// `stringifyBlockCollection`: the items' lines, each after the first on a new line at
/// the collection's indent.
fn block_collection(lines: Vec<Units>, indent: usize, empty: &str) -> Units {
    let mut lines = lines.into_iter();
    let Some(mut out) = lines.next() else {
        return units(empty);
    };
    for line in lines {
        out.push(NL);
        if !line.is_empty() {
            out.extend(spaces(indent));
            out.extend(line);
        }
    }
    out
}

/// `stringifyPair` for a string key and a value (never null: the value is a node).
fn pair(key: &str, value: &Value, ctx: &mut Ctx) -> Units {
    let outer = ctx.indent;
    ctx.implicit_key = true;
    ctx.indent = outer + INDENT_STEP;
    let key_str = string(&units(key), ctx);
    let explicit = key_str.len() > 1024;
    let mut out = if explicit {
        let mut s = units("? ");
        s.extend(key_str);
        s.push(NL);
        s.extend(spaces(outer));
        s.push(u16::from(b':'));
        s
    } else {
        let mut s = key_str;
        s.push(u16::from(b':'));
        s
    };
    ctx.implicit_key = false;
    let scalar = !matches!(value, Value::Array(_) | Value::Object(_));
    if !explicit && scalar {
        ctx.indent_at_start = Some(out.len() + 1);
    }
    let value_str = node(value, ctx);
    let mut ws = units(" ");
    let empty = match value {
        Value::Array(a) => Some(a.is_empty()),
        Value::Object(m) => Some(m.is_empty()),
        _ => None,
    };
    if let (false, Some(flow)) = (explicit, empty) {
        if value_str.contains(&NL) || !flow {
            ws = vec![NL];
            ws.extend(spaces(ctx.indent));
        }
    } else if value_str.first().is_none_or(|&c| c == NL) {
        ws.clear();
    }
    out.extend(ws);
    out.extend(value_str);
    out
}

/// `/^(%|---|\.\.\.)/m`: a line that would start a new document.
fn contains_document_marker(s: &[u16]) -> bool {
    let at = |i: usize| {
        let rest = &s[i..];
        const DASHES: [u16; 3] = [0x2d; 3];
        const DOTS: [u16; 3] = [0x2e; 3];
        rest.first() == Some(&u16::from(b'%'))
            || rest.starts_with(&DASHES)
            || rest.starts_with(&DOTS)
    };
    at(0)
        || s.iter()
            .enumerate()
            .any(|(i, &c)| is_line_terminator(c) && at(i + 1))
}

fn is_line_terminator(c: u16) -> bool {
    matches!(c, 0x0a | 0x0d | 0x2028 | 0x2029)
}

fn in_set(c: u16, set: &str) -> bool {
    c < 0x80 && set.as_bytes().contains(&(c as u8))
}

fn contains(s: &[u16], c: u8) -> bool {
    s.contains(&u16::from(c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scalars_are_plain_unless_the_core_schema_would_read_them_otherwise() {
        let out = stringify(&json!({
            "a": "x", "b": "true", "c": "42", "d": "", "e": "1.5", "f": "1e3",
            "g": "- x", "h": "a: b", "i": "it's", "j": "say \"hi\"", "k": 3.0, "l": null,
        }));
        assert_eq!(
            out,
            "a: x\nb: \"true\"\nc: \"42\"\nd: \"\"\ne: \"1.5\"\nf: \"1e3\"\ng: \"- x\"\n\
             h: \"a: b\"\ni: it's\nj: say \"hi\"\nk: 3\nl: null\n"
        );
    }

    #[test]
    fn collections_nest_in_blocks_and_empty_ones_are_flow() {
        let out = stringify(&json!({"m": {"l": [1, {"x": []}], "e": {}}}));
        assert_eq!(out, "m:\n  l:\n    - 1\n    - x: []\n  e: {}\n");
    }

    #[test]
    fn multiline_strings_are_literal_blocks() {
        let out = stringify(&json!({"t": "one\ntwo\n", "u": "a\nb", "v": "x\n\n"}));
        assert_eq!(out, "t: |\n  one\n  two\nu: |-\n  a\n  b\nv: |+\n  x\n\n");
    }

    #[test]
    fn long_plain_lines_fold_at_spaces() {
        let words = "word ".repeat(30);
        let out = stringify(&json!({ "description": words.trim_end() }));
        for line in out.lines() {
            assert!(line.len() <= 80, "{line:?}");
        }
        assert!(out.starts_with("description: word word"));
        assert!(out.lines().nth(1).is_some_and(|l| l.starts_with("  word")));
    }

    #[test]
    fn numbers_print_as_javascript_prints_them() {
        assert_eq!(js_number(1e21), "1e+21");
        assert_eq!(js_number(1.5e-7), "1.5e-7");
        assert_eq!(js_number(-3.0), "-3");
        assert_eq!(js_number(0.1), "0.1");
    }
}
