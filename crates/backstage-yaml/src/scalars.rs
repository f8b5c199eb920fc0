//! Scalar values as the JavaScript `yaml` package reads them: the text of flow and block
//! scalars (`resolve-flow-scalar.ts`, `resolve-block-scalar.ts`), and the value its
//! schema gives that text (the core schema, or YAML 1.1 under `%YAML 1.1`).

use super::cst::{T, Token};

/// The schema of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schema {
    Core,
    Yaml11,
}

/// A scalar's value, as a JavaScript value.
#[derive(Debug, Clone)]
pub enum Sv {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    /// A `Date` (milliseconds since the epoch); `toJSON` writes it as an ISO string.
    Date(f64),
    /// A Node.js `Buffer`; `toJSON` writes it as `{type: "Buffer", data: [...]}`.
    Binary(Vec<u8>),
    /// The `<<` merge key of YAML 1.1 (a JavaScript symbol).
    Merge,
}

impl Sv {
    /// JavaScript's `===` on the values (objects and symbols are never equal here).
    pub fn js_strict_eq(&self, other: &Sv) -> bool {
        match (self, other) {
            (Sv::Null, Sv::Null) => true,
            (Sv::Bool(a), Sv::Bool(b)) => a == b,
            #[allow(clippy::float_cmp)]
            (Sv::Num(a), Sv::Num(b)) => a == b,
            (Sv::Str(a), Sv::Str(b)) => a == b,
            _ => false,
        }
    }

    /// The value as JavaScript's `String()` writes it.
    pub fn display(&self) -> String {
        match self {
            Sv::Null => "null".into(),
            Sv::Bool(b) => b.to_string(),
            Sv::Num(n) => super::js_number_to_string(*n),
            Sv::Str(s) => s.clone(),
            Sv::Date(ms) => iso_date(*ms).unwrap_or_else(|| "Invalid Date".into()),
            Sv::Binary(_) => "[object Buffer]".into(),
            Sv::Merge => "<<".into(),
        }
    }
}

// -------------------------------------------------------------- flow scalars --

/// `resolveFlowScalar`: the value of a plain or quoted scalar; errors go to `errors`.
pub fn resolve_flow_scalar(
    ty: T,
    offset: usize,
    source: &str,
    errors: &mut Vec<(usize, String)>,
) -> (String, bool) {
    let mut err = |rel: usize, msg: String| errors.push((offset + rel, msg));
    match ty {
        T::Scalar => (plain_value(source, &mut err), true),
        T::SingleQuotedScalar => (single_quoted_value(source, &mut err), false),
        T::DoubleQuotedScalar => (double_quoted_value(source, &mut err), false),
        _ => {
            err(
                0,
                format!("Expected a flow scalar value, but found: {}", ty.name()),
            );
            (String::new(), false)
        }
    }
}

fn plain_value(source: &str, err: &mut impl FnMut(usize, String)) -> String {
    let bad = match source.as_bytes().first() {
        Some(b'\t') => Some("a tab character".to_string()),
        Some(b',') => Some("flow indicator character ,".into()),
        Some(b'%') => Some("directive indicator character %".into()),
        Some(c @ (b'|' | b'>')) => Some(format!("block scalar indicator {}", *c as char)),
        Some(c @ (b'@' | b'`')) => Some(format!("reserved character {}", *c as char)),
        _ => None,
    };
    if let Some(bad) = bad {
        err(0, format!("Plain value cannot start with {bad}"));
    }
    unfold_lines(source)
}

fn single_quoted_value(source: &str, err: &mut impl FnMut(usize, String)) -> String {
    if !source.ends_with('\'') || source.len() == 1 {
        err(source.len(), "Missing closing 'quote".into());
    }
    let inner = source
        .get(1..source.len().saturating_sub(1).max(1))
        .unwrap_or_default();
    unfold_lines(inner).replace("''", "'")
}

fn trim_end_ws(s: &str) -> &str {
    s.trim_end_matches([' ', '\t'])
}

/// `unfoldLines`: folds the line breaks of a plain or single-quoted scalar.
fn unfold_lines(source: &str) -> String {
    let Some(first_nl) = source.find('\n') else {
        return source.to_string();
    };
    let line_of = |s: &'_ str| -> String { s.strip_suffix('\r').unwrap_or(s).to_string() };
    let mut res = trim_end_ws(&line_of(&source[..first_nl])).to_string();
    let mut sep = " ";
    let mut pos = first_nl + 1;
    while let Some(i) = source[pos..].find('\n') {
        let line = line_of(&source[pos..pos + i]);
        let lm = line.trim_matches([' ', '\t']);
        if lm.is_empty() {
            if sep == "\n" {
                res.push_str(sep);
            } else {
                sep = "\n";
            }
        } else {
            res.push_str(sep);
            res.push_str(lm);
            sep = " ";
        }
        pos += i + 1;
    }
    let last = source[pos..].trim_start_matches([' ', '\t']);
    res.push_str(sep);
    res.push_str(last);
    res
}

fn double_quoted_value(source: &str, err: &mut impl FnMut(usize, String)) -> String {
    let b = source.as_bytes();
    let mut res: Vec<u8> = Vec::with_capacity(b.len());
    let mut i = 1;
    while i + 1 < b.len() {
        let ch = b[i];
        if ch == b'\r' && b.get(i + 1) == Some(&b'\n') {
            i += 1;
            continue;
        }
        if ch == b'\n' {
            let (fold, offset) = fold_newline(b, i);
            res.extend_from_slice(fold.as_bytes());
            i = offset;
        } else if ch == b'\\' {
            i += 1;
            let next = b.get(i).copied();
            if let Some(code) = next.and_then(escape_code) {
                let mut buf = [0; 4];
                res.extend_from_slice(code.encode_utf8(&mut buf).as_bytes());
            } else if next == Some(b'\n') {
                // skip escaped newlines, but still trim the following line
                while matches!(b.get(i + 1), Some(b' ' | b'\t')) {
                    i += 1;
                }
            } else if next == Some(b'\r') && b.get(i + 1) == Some(&b'\n') {
                // skip escaped CRLF newlines, but still trim the following line
                i += 1;
                while matches!(b.get(i + 1), Some(b' ' | b'\t')) {
                    i += 1;
                }
            } else if matches!(next, Some(b'x' | b'u' | b'U')) {
                let length = match next {
                    Some(b'x') => 2,
                    Some(b'u') => 4,
                    _ => 8,
                };
                let cc = source.get(i + 1..i + 1 + length);
                let code = cc
                    .filter(|cc| cc.bytes().all(|c| c.is_ascii_hexdigit()))
                    .and_then(|cc| u32::from_str_radix(cc, 16).ok())
                    .filter(|c| *c <= 0x10_FFFF);
                match code {
                    Some(c) => {
                        // A lone surrogate cannot be held in Rust; it becomes U+FFFD.
                        let ch = char::from_u32(c).unwrap_or('\u{fffd}');
                        let mut buf = [0; 4];
                        res.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                    }
                    None => {
                        let raw = lossy_slice(b, i - 1, i + 1 + length);
                        err(i - 1, format!("Invalid escape sequence {raw}"));
                        res.extend_from_slice(raw.as_bytes());
                    }
                }
                i += length;
            } else {
                let raw = lossy_slice(b, i - 1, i + 1);
                err(i - 1, format!("Invalid escape sequence {raw}"));
                if let Some(n) = next {
                    res.push(b'\\');
                    res.push(n);
                } else {
                    res.push(b'\\');
                }
            }
        } else if ch == b' ' || ch == b'\t' {
            // trim trailing whitespace
            let ws_start = i;
            while matches!(b.get(i + 1), Some(b' ' | b'\t')) {
                i += 1;
            }
            let next = b.get(i + 1).copied();
            if next != Some(b'\n') && !(next == Some(b'\r') && b.get(i + 2) == Some(&b'\n')) {
                res.extend_from_slice(&b[ws_start..=i]);
            }
        } else {
            res.push(ch);
        }
        i += 1;
    }
    if !source.ends_with('"') || source.len() == 1 {
        err(source.len(), "Missing closing \"quote".into());
    }
    String::from_utf8(res).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn lossy_slice(b: &[u8], from: usize, to: usize) -> String {
    String::from_utf8_lossy(b.get(from..to.min(b.len())).unwrap_or_default()).into_owned()
}

/// `foldNewline`: one line break folds to a space, several to all but one.
fn fold_newline(b: &[u8], mut offset: usize) -> (String, usize) {
    let mut fold = String::new();
    while let Some(&ch) = b.get(offset + 1) {
        if !matches!(ch, b' ' | b'\t' | b'\n' | b'\r') {
            break;
        }
        if ch == b'\r' && b.get(offset + 2) != Some(&b'\n') {
            break;
        }
        if ch == b'\n' {
            fold.push('\n');
        }
        offset += 1;
    }
    if fold.is_empty() {
        fold.push(' ');
    }
    (fold, offset)
}

fn escape_code(c: u8) -> Option<char> {
    Some(match c {
        b'0' => '\0',
        b'a' => '\x07',
        b'b' => '\x08',
        b'e' => '\x1b',
        b'f' => '\x0c',
        b'n' => '\n',
        b'r' => '\r',
        b't' | b'\t' => '\t',
        b'v' => '\x0b',
        b'N' => '\u{85}',
        b'_' => '\u{a0}',
        b'L' => '\u{2028}',
        b'P' => '\u{2029}',
        b' ' => ' ',
        b'"' => '"',
        b'/' => '/',
        b'\\' => '\\',
        _ => return None,
    })
}

// ------------------------------------------------------------- block scalars --

/// A resolved block scalar.
pub struct BlockScalar {
    pub value: String,
    pub start: usize,
    pub end: usize,
}

struct Header {
    literal: bool,
    indent: i64,
    chomp: u8,
    length: usize,
}

/// `resolveBlockScalar`.
pub fn resolve_block_scalar(
    token: &Token<'_>,
    at_root: bool,
    errors: &mut Vec<(usize, String)>,
) -> BlockScalar {
    let Token::BlockScalar {
        offset,
        indent,
        props,
        source,
    } = token
    else {
        let o = token.offset();
        return BlockScalar {
            value: String::new(),
            start: o,
            end: o,
        };
    };
    let start = *offset;
    let Some(header) = block_scalar_header(start, props, errors) else {
        return BlockScalar {
            value: String::new(),
            start,
            end: start,
        };
    };
    let lines: Vec<(&str, &str)> = if source.is_empty() {
        Vec::new()
    } else {
        split_lines(source)
    };
    let is_blank = |content: &str| content.is_empty() || content == "\r";
    // determine the end of content & start of chomping
    let mut chomp_start = lines.len();
    for i in (0..lines.len()).rev() {
        if is_blank(lines[i].1) {
            chomp_start = i;
        } else {
            break;
        }
    }
    let end = start + header.length + source.len();
    // shortcut for empty contents
    if chomp_start == 0 {
        let value = if header.chomp == b'+' && !lines.is_empty() {
            "\n".repeat(lines.len().saturating_sub(1).max(1))
        } else {
            String::new()
        };
        return BlockScalar { value, start, end };
    }
    // find the indentation level to trim from start
    let mut trim_indent = *indent + header.indent;
    let mut offset = start + header.length;
    let mut content_start = 0;
    for (i, (ind, content)) in lines.iter().enumerate().take(chomp_start) {
        let ind_len = super::lexer::to_i64(ind.len());
        if is_blank(content) {
            if header.indent == 0 && ind_len > trim_indent {
                trim_indent = ind_len;
            }
        } else {
            if ind_len < trim_indent {
                errors.push((
                    offset + ind.len(),
                    "Block scalars with more-indented leading empty lines must use an explicit indentation indicator".into(),
                ));
            }
            if header.indent == 0 {
                trim_indent = ind_len;
            }
            content_start = i;
            if trim_indent == 0 && !at_root {
                errors.push((
                    offset,
                    "Block scalar values in collections must be indented".into(),
                ));
            }
            break;
        }
        offset += ind.len() + content.len() + 1;
    }
    // include trailing more-indented empty lines in content
    for i in (chomp_start..lines.len()).rev() {
        if super::lexer::to_i64(lines[i].0.len()) > trim_indent {
            chomp_start = i + 1;
        }
    }
    let trim = usize::try_from(trim_indent.max(0)).unwrap_or(0);
    let cut = |ind: &str| {
        ind.get(trim.min(ind.len())..)
            .unwrap_or_default()
            .to_string()
    };
    let mut value = String::new();
    let mut sep = "";
    let mut prev_more_indented = false;
    // leading whitespace is kept intact
    for (ind, _) in lines.iter().take(content_start) {
        value.push_str(&cut(ind));
        value.push('\n');
    }
    for (ind, content) in lines.iter().take(chomp_start).skip(content_start) {
        offset += ind.len() + content.len() + 1;
        let crlf = content.ends_with('\r');
        let content = if crlf {
            &content[..content.len() - 1]
        } else {
            content
        };
        let mut ind: &str = ind;
        if !content.is_empty() && ind.len() < trim {
            let src = if header.indent != 0 {
                "explicit indentation indicator"
            } else {
                "first line"
            };
            errors.push((
                offset.saturating_sub(content.len() + if crlf { 2 } else { 1 }),
                format!("Block scalar lines must not be less indented than their {src}"),
            ));
            ind = "";
        }
        if header.literal {
            value.push_str(sep);
            value.push_str(&cut(ind));
            value.push_str(content);
            sep = "\n";
        } else if ind.len() > trim || content.starts_with('\t') {
            // more-indented content within a folded block
            if sep == " " {
                sep = "\n";
            } else if !prev_more_indented && sep == "\n" {
                sep = "\n\n";
            }
            value.push_str(sep);
            value.push_str(&cut(ind));
            value.push_str(content);
            sep = "\n";
            prev_more_indented = true;
        } else if content.is_empty() {
            // empty line
            if sep == "\n" {
                value.push('\n');
            } else {
                sep = "\n";
            }
        } else {
            value.push_str(sep);
            value.push_str(content);
            sep = " ";
            prev_more_indented = false;
        }
    }
    match header.chomp {
        b'-' => {}
        b'+' => {
            for (ind, _) in lines.iter().skip(chomp_start) {
                value.push('\n');
                value.push_str(&cut(ind));
            }
            if !value.ends_with('\n') {
                value.push('\n');
            }
        }
        _ => value.push('\n'),
    }
    BlockScalar { value, start, end }
}

fn block_scalar_header(
    offset: usize,
    props: &[Token<'_>],
    errors: &mut Vec<(usize, String)>,
) -> Option<Header> {
    let Some(Token::Src(first)) = props.first().filter(|p| {
        matches!(
            p,
            Token::Src(s) if s.ty == T::BlockScalarHeader
        )
    }) else {
        errors.push((offset, "Block scalar header not found".into()));
        return None;
    };
    let source = first.source;
    let literal = source.starts_with('|');
    let mut indent = 0;
    let mut chomp = 0u8;
    let mut error = None;
    for (i, ch) in source.char_indices().skip(1) {
        if chomp == 0 && (ch == '-' || ch == '+') {
            chomp = ch as u8;
        } else {
            // `Number(ch)`: only a first non-zero digit sets the indentation.
            match ch.to_digit(10).map(i64::from) {
                Some(n) if indent == 0 && n != 0 => indent = n,
                _ => {
                    if error.is_none() {
                        error = Some(offset + i);
                    }
                }
            }
        }
    }
    if let Some(e) = error {
        errors.push((
            e,
            format!("Block scalar header includes extra characters: {source}"),
        ));
    }
    let mut has_space = false;
    let mut length = source.len();
    for token in &props[1..] {
        match token {
            Token::Src(s) if s.ty == T::Space => {
                has_space = true;
                length += s.source.len();
            }
            Token::Src(s) if s.ty == T::Newline => length += s.source.len(),
            Token::Src(s) if s.ty == T::Comment => {
                if !has_space {
                    errors.push((
                        s.offset,
                        "Comments must be separated from other tokens by white space characters"
                            .into(),
                    ));
                }
                length += s.source.len();
            }
            Token::Error {
                offset,
                source,
                message,
            } => {
                errors.push((*offset, message.clone()));
                length += source.len();
            }
            other => {
                errors.push((
                    other.offset(),
                    format!(
                        "Unexpected token in block scalar header: {}",
                        other.type_name()
                    ),
                ));
                length += other.source().map_or(0, str::len);
            }
        }
    }
    Some(Header {
        literal,
        indent,
        chomp,
        length,
    })
}

/// `splitLines`: `[indent, content]` pairs.
fn split_lines(source: &str) -> Vec<(&str, &str)> {
    source
        .split('\n')
        .map(|line| {
            let n = line.len() - line.trim_start_matches(' ').len();
            line.split_at(n)
        })
        .collect()
}

// -------------------------------------------------------------------- schema --

/// The value of a plain scalar without a tag.
pub fn resolve_plain(schema: Schema, s: &str, at_key: bool) -> Sv {
    match schema {
        Schema::Core => resolve_core(s).unwrap_or_else(|| Sv::Str(s.to_string())),
        Schema::Yaml11 => resolve_11(s, at_key).unwrap_or_else(|| Sv::Str(s.to_string())),
    }
}

fn all(s: &str, f: impl Fn(u8) -> bool) -> bool {
    !s.is_empty() && s.bytes().all(f)
}

fn strip_sign(s: &str) -> (&str, bool) {
    match s.as_bytes().first() {
        Some(b'-') => (&s[1..], true),
        Some(b'+') => (&s[1..], false),
        _ => (s, false),
    }
}

fn core_null(s: &str) -> bool {
    matches!(s, "" | "~" | "null" | "Null" | "NULL")
}

fn core_bool(s: &str) -> Option<bool> {
    match s {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

fn core_int(s: &str) -> Option<f64> {
    if let Some(oct) = s.strip_prefix("0o")
        && all(oct, |c| (b'0'..=b'7').contains(&c))
    {
        return Some(parse_int(oct, 8));
    }
    let (digits, _) = strip_sign(s);
    if all(digits, |c| c.is_ascii_digit()) {
        return Some(parse_int(s, 10));
    }
    if let Some(hex) = s.strip_prefix("0x")
        && all(hex, |c| c.is_ascii_hexdigit())
    {
        return Some(parse_int(hex, 16));
    }
    None
}

fn float_nan(s: &str) -> Option<f64> {
    match s {
        ".nan" | ".NaN" | ".NAN" => Some(f64::NAN),
        _ => {
            let (rest, negative) = strip_sign(s);
            matches!(rest, ".inf" | ".Inf" | ".INF").then_some(if negative {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            })
        }
    }
}

/// `^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)` followed by what `rest` accepts.
fn core_mantissa(s: &str) -> Option<&str> {
    let (s, _) = strip_sign(s);
    let b = s.as_bytes();
    let mut i = 0;
    if b.first() == Some(&b'.') {
        i = 1;
        let d = b[1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if d == 0 {
            return None;
        }
        i += d;
    } else {
        let d = b.iter().take_while(|c| c.is_ascii_digit()).count();
        if d == 0 {
            return None;
        }
        i += d;
        if b.get(i) == Some(&b'.') {
            i += 1;
            i += b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        }
    }
    Some(&s[i..])
}

fn is_exponent(s: &str) -> bool {
    let Some(rest) = s.strip_prefix(['e', 'E']) else {
        return false;
    };
    let (digits, _) = strip_sign(rest);
    all(digits, |c| c.is_ascii_digit())
}

fn core_float(s: &str) -> Option<f64> {
    // floatExp
    if core_mantissa(s).is_some_and(is_exponent) {
        return Some(js_parse_float(s));
    }
    // float: ^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$
    let (u, _) = strip_sign(s);
    let ok = match u.split_once('.') {
        Some((int, frac)) => {
            (int.is_empty() && all(frac, |c| c.is_ascii_digit()))
                || (all(int, |c| c.is_ascii_digit()) && frac.bytes().all(|c| c.is_ascii_digit()))
        }
        None => false,
    };
    ok.then(|| js_parse_float(s))
}

fn resolve_core(s: &str) -> Option<Sv> {
    if core_null(s) {
        return Some(Sv::Null);
    }
    if let Some(b) = core_bool(s) {
        return Some(Sv::Bool(b));
    }
    core_int(s)
        .or_else(|| float_nan(s))
        .or_else(|| core_float(s))
        .map(Sv::Num)
}

fn bool_11(s: &str) -> Option<bool> {
    match s {
        "Y" | "y" | "Yes" | "yes" | "YES" | "True" | "true" | "TRUE" | "On" | "on" | "ON" => {
            Some(true)
        }
        "N" | "n" | "No" | "no" | "NO" | "False" | "false" | "FALSE" | "Off" | "off" | "OFF" => {
            Some(false)
        }
        _ => None,
    }
}

/// YAML 1.1 ints (`yaml-1.1/int.ts`), `_` allowed between digits.
fn int_11(s: &str) -> Option<f64> {
    let (u, negative) = strip_sign(s);
    let apply = |n: f64| if negative { -n } else { n };
    let clean = |d: &str| d.replace('_', "");
    if let Some(bin) = u.strip_prefix("0b")
        && all(bin, |c| matches!(c, b'0' | b'1' | b'_'))
    {
        return Some(apply(parse_int(&clean(bin), 2)));
    }
    if let Some(oct) = u.strip_prefix('0')
        && all(oct, |c| (b'0'..=b'7').contains(&c) || c == b'_')
    {
        return Some(apply(parse_int(&clean(oct), 8)));
    }
    if u.as_bytes().first().is_some_and(u8::is_ascii_digit)
        && u.bytes().all(|c| c.is_ascii_digit() || c == b'_')
    {
        return Some(apply(parse_int(&clean(u), 10)));
    }
    if let Some(hex) = u.strip_prefix("0x")
        && all(hex, |c| c.is_ascii_hexdigit() || c == b'_')
    {
        return Some(apply(parse_int(&clean(hex), 16)));
    }
    None
}

/// YAML 1.1 floats: `[-+]?([0-9][0-9_]*)?(\.[0-9_]*)?[eE][-+]?[0-9]+` and
/// `[-+]?([0-9][0-9_]*)?\.[0-9_]*`.
fn float_11(s: &str) -> Option<f64> {
    let (u, _) = strip_sign(s);
    let b = u.as_bytes();
    let mut i = 0;
    if b.first().is_some_and(u8::is_ascii_digit) {
        i += b
            .iter()
            .take_while(|c| c.is_ascii_digit() || **c == b'_')
            .count();
    }
    let mut dot = false;
    if b.get(i) == Some(&b'.') {
        dot = true;
        i += 1;
        i += b[i..]
            .iter()
            .take_while(|c| c.is_ascii_digit() || **c == b'_')
            .count();
    }
    let rest = &u[i..];
    if is_exponent(rest) || (dot && rest.is_empty()) {
        return Some(js_parse_float(&s.replace('_', "")));
    }
    None
}

/// `[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+` with an optional `\.[0-9_]*` (sexagesimal).
fn sexagesimal(s: &str, float: bool) -> Option<f64> {
    let (u, negative) = strip_sign(s);
    let (body, frac) = match (float, u.rfind('.')) {
        (true, Some(d)) => (&u[..d], Some(&u[d + 1..])),
        (true, None) => return None,
        (false, _) => (u, None),
    };
    if frac.is_some_and(|f| !f.bytes().all(|c| c.is_ascii_digit() || c == b'_')) {
        return None;
    }
    let mut parts = body.split(':');
    let first = parts.next()?;
    if !(first.as_bytes().first().is_some_and(u8::is_ascii_digit)
        && first.bytes().all(|c| c.is_ascii_digit() || c == b'_'))
    {
        return None;
    }
    let rest: Vec<&str> = parts.collect();
    if rest.is_empty()
        || !rest.iter().all(|p| {
            matches!(p.len(), 1 | 2)
                && all(p, |c| c.is_ascii_digit())
                && (p.len() == 1 || p.as_bytes()[0] <= b'5')
        })
    {
        return None;
    }
    let mut text = u.replace('_', "");
    if negative {
        text.insert(0, '-');
    }
    Some(parse_sexagesimal(&text))
}

fn parse_sexagesimal(s: &str) -> f64 {
    let (u, negative) = strip_sign(s);
    let res = u
        .replace('_', "")
        .split(':')
        .fold(0.0, |acc, p| acc * 60.0 + js_number(p));
    if negative { -res } else { res }
}

fn resolve_11(s: &str, at_key: bool) -> Option<Sv> {
    if core_null(s) {
        return Some(Sv::Null);
    }
    if let Some(b) = bool_11(s) {
        return Some(Sv::Bool(b));
    }
    if let Some(n) = int_11(s).or_else(|| float_nan(s)).or_else(|| float_11(s)) {
        return Some(Sv::Num(n));
    }
    if at_key && s == "<<" {
        return Some(Sv::Merge);
    }
    if let Some(n) = sexagesimal(s, false).or_else(|| sexagesimal(s, true)) {
        return Some(Sv::Num(n));
    }
    timestamp(s).map(Sv::Date)
}

/// The value of a scalar with an explicit tag (`findScalarTagByName`).
pub fn resolve_tagged(schema: Schema, tag: &str, s: &str, at_key: bool) -> Result<Sv, String> {
    let string = || Sv::Str(s.to_string());
    if tag == "!" {
        return Ok(string());
    }
    let Some(name) = tag.strip_prefix("tag:yaml.org,2002:") else {
        return Ok(string()); // an unresolved tag is only a warning
    };
    let v11 = schema == Schema::Yaml11;
    let found = match name {
        "str" => Some(string()),
        "null" => core_null(s).then_some(Sv::Null),
        "bool" if v11 => bool_11(s).map(Sv::Bool),
        "bool" => core_bool(s).map(Sv::Bool),
        "int" if v11 => int_11(s).or_else(|| sexagesimal(s, false)).map(Sv::Num),
        "int" => core_int(s).map(Sv::Num),
        "float" if v11 => float_nan(s)
            .or_else(|| float_11(s))
            .or_else(|| sexagesimal(s, true))
            .map(Sv::Num),
        "float" => float_nan(s).or_else(|| core_float(s)).map(Sv::Num),
        "binary" => Some(Sv::Binary(base64_lenient(s))),
        "merge" if v11 => (s == "<<").then_some(Sv::Merge),
        "merge" => Some(Sv::Merge),
        "timestamp" if v11 => timestamp(s).map(Sv::Date),
        "timestamp" => {
            return timestamp(s)
                .map(Sv::Date)
                .ok_or_else(|| "!!timestamp expects a date, starting with yyyy-mm-dd".into());
        }
        _ => None,
    };
    let _ = at_key;
    Ok(found.unwrap_or_else(string))
}

// ------------------------------------------------------------- JS numerics --

/// `parseInt(s, radix)` for strings of valid digits (with an optional sign).
fn parse_int(s: &str, radix: u32) -> f64 {
    let (u, negative) = strip_sign(s);
    let digits: String = u.chars().take_while(|c| c.is_digit(radix)).collect();
    if digits.is_empty() {
        return f64::NAN;
    }
    let n = if radix == 10 {
        digits.parse::<f64>().unwrap_or(f64::NAN)
    } else {
        digits
            .chars()
            .filter_map(|c| c.to_digit(radix))
            .fold(0.0, |acc, d| acc * f64::from(radix) + f64::from(d))
    };
    if negative { -n } else { n }
}

/// `Number(s)` for the digit strings of sexagesimal parts.
fn js_number(s: &str) -> f64 {
    if s.is_empty() {
        return 0.0;
    }
    js_parse_float(s)
}

/// JavaScript's `parseFloat`: the longest decimal prefix, `NaN` when there is none.
pub fn js_parse_float(s: &str) -> f64 {
    let t = s.trim_start();
    let (u, negative) = strip_sign(t);
    if u.starts_with("Infinity") {
        return if negative {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
    }
    let b = u.as_bytes();
    let int = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let mut i = int;
    let mut frac = 0;
    if b.get(i) == Some(&b'.') {
        frac = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
        i += 1 + frac;
    }
    if int + frac == 0 {
        return f64::NAN;
    }
    let mut exp = String::new();
    if matches!(b.get(i), Some(b'e' | b'E')) {
        let rest = &u[i + 1..];
        let (digits, neg) = strip_sign(rest);
        let n = digits.bytes().take_while(u8::is_ascii_digit).count();
        if n > 0 {
            exp = format!("e{}{}", if neg { "-" } else { "" }, &digits[..n]);
        }
    }
    let int_part = if int == 0 { "0" } else { &u[..int] };
    let frac_part = if frac == 0 {
        "0"
    } else {
        &u[int + 1..int + 1 + frac]
    };
    let n = format!("{int_part}.{frac_part}{exp}")
        .parse::<f64>()
        .unwrap_or(f64::NAN);
    if negative { -n } else { n }
}

// ---------------------------------------------------------------- timestamps --

/// The YAML 1.1 timestamp, as `Date` milliseconds, when `s` is one.
fn timestamp(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let digits = |from: usize, min: usize, max: usize| -> Option<usize> {
        let n = b
            .get(from..)?
            .iter()
            .take(max)
            .take_while(|c| c.is_ascii_digit())
            .count();
        (n >= min).then_some(n)
    };
    let num = |from: usize, n: usize| -> f64 { js_number(&s[from..from + n]) };
    let y = digits(0, 4, 4)?;
    if b.get(4) != Some(&b'-') {
        return None;
    }
    let mo = digits(5, 1, 2)?;
    let mut i = 5 + mo;
    if b.get(i) != Some(&b'-') {
        return None;
    }
    let d = digits(i + 1, 1, 2)?;
    let (year, month, day) = (num(0, y), num(5, mo), num(i + 1, d));
    i += 1 + d;
    let (mut hour, mut minute, mut second, mut millis, mut tz) = (0.0, 0.0, 0.0, 0.0, None);
    if i < b.len() {
        // (?:t|T|[ \t]+)
        match b[i] {
            b't' | b'T' => i += 1,
            b' ' | b'\t' => {
                i += b[i..]
                    .iter()
                    .take_while(|c| matches!(c, b' ' | b'\t'))
                    .count()
            }
            _ => return None,
        }
        let h = digits(i, 1, 2)?;
        hour = num(i, h);
        i += h;
        if b.get(i) != Some(&b':') {
            return None;
        }
        let m = digits(i + 1, 1, 2)?;
        minute = num(i + 1, m);
        i += 1 + m;
        if b.get(i) != Some(&b':') {
            return None;
        }
        let sec = digits(i + 1, 1, 2)?;
        second = num(i + 1, sec);
        i += 1 + sec;
        if b.get(i) == Some(&b'.') {
            let f = digits(i + 1, 1, usize::MAX)?;
            let frac = format!("{}00", &s[i + 1..i + 1 + f]);
            millis = js_number(&frac[..3]);
            i += 1 + f;
        }
        let ws = b[i..]
            .iter()
            .take_while(|c| matches!(c, b' ' | b'\t'))
            .count();
        if i + ws < b.len() {
            let j = i + ws;
            match b[j] {
                b'Z' => {
                    tz = Some("Z");
                    i = j + 1;
                }
                b'-' | b'+' => {
                    // [-+][012]?[0-9](?::[0-9]{2})?
                    let mut k = j + 1;
                    let h = b[k..]
                        .iter()
                        .take(2)
                        .take_while(|c| c.is_ascii_digit())
                        .count();
                    if h == 0 || (h == 2 && b[k] > b'2') {
                        return None;
                    }
                    k += h;
                    if b.get(k) == Some(&b':') {
                        digits(k + 1, 2, 2)?;
                        k += 3;
                    }
                    tz = Some(&s[j..k]);
                    i = k;
                }
                _ => return None,
            }
        } else {
            i += ws;
        }
        if i != b.len() {
            return None;
        }
    }
    let year = if (0.0..=99.0).contains(&year) {
        1900.0 + year
    } else {
        year
    };
    let mut date = date_utc(year, month - 1.0, day, hour, minute, second, millis);
    if let Some(tz) = tz.filter(|t| *t != "Z") {
        let mut d = parse_sexagesimal(tz);
        if d.abs() < 30.0 {
            d *= 60.0;
        }
        date -= 60_000.0 * d;
    }
    Some(date)
}

fn days_from_civil(y: f64, m: f64, d: f64) -> f64 {
    // Howard Hinnant's algorithm, on whole numbers held in f64.
    let y = if m <= 2.0 { y - 1.0 } else { y };
    let era = (y / 400.0).floor();
    let yoe = y - era * 400.0;
    let mp = (m + 9.0) % 12.0;
    let doy = ((153.0 * mp + 2.0) / 5.0).floor() + d - 1.0;
    let doe = yoe * 365.0 + (yoe / 4.0).floor() - (yoe / 100.0).floor() + doy;
    era * 146_097.0 + doe - 719_468.0
}

/// `Date.UTC`, with months and days that overflow carried over.
fn date_utc(year: f64, month: f64, day: f64, h: f64, mi: f64, s: f64, ms: f64) -> f64 {
    let ym = year + (month / 12.0).floor();
    let mn = month.rem_euclid(12.0);
    let days = days_from_civil(ym, mn + 1.0, 1.0) + day - 1.0;
    days * 86_400_000.0 + h * 3_600_000.0 + mi * 60_000.0 + s * 1000.0 + ms
}

/// `Date.prototype.toISOString`, `None` for an invalid date.
pub fn iso_date(ms: f64) -> Option<String> {
    if !ms.is_finite() || ms.abs() > 8.64e15 {
        return None;
    }
    let days = (ms / 86_400_000.0).floor();
    let rem = ms - days * 86_400_000.0;
    // civil_from_days
    let z = days + 719_468.0;
    let era = (z / 146_097.0).floor();
    let doe = z - era * 146_097.0;
    let yoe = ((doe - (doe / 1460.0).floor() + (doe / 36_524.0).floor()
        - (doe / 146_096.0).floor())
        / 365.0)
        .floor();
    let doy = doe - (365.0 * yoe + (yoe / 4.0).floor() - (yoe / 100.0).floor());
    let mp = ((5.0 * doy + 2.0) / 153.0).floor();
    let d = doy - ((153.0 * mp + 2.0) / 5.0).floor() + 1.0;
    let m = if mp < 10.0 { mp + 3.0 } else { mp - 9.0 };
    let y = yoe + era * 400.0 + if m <= 2.0 { 1.0 } else { 0.0 };
    #[allow(clippy::cast_possible_truncation)]
    let (y, m, d, rem) = (y as i64, m as i64, d as i64, rem as i64);
    let year = if (0..=9999).contains(&y) {
        format!("{y:04}")
    } else if y < 0 {
        format!("-{:06}", -y)
    } else {
        format!("+{y:06}")
    };
    Some(format!(
        "{year}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3_600_000,
        rem / 60_000 % 60,
        rem / 1000 % 60,
        rem % 1000
    ))
}

/// Node's lenient `Buffer.from(s, 'base64')`.
fn base64_lenient(s: &str) -> Vec<u8> {
    let mut bits = 0u32;
    let mut n = 0;
    let mut out = Vec::new();
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            _ => continue,
        };
        bits = (bits << 6) | u32::from(v);
        n += 6;
        if n >= 8 {
            n -= 8;
            #[allow(clippy::cast_possible_truncation)]
            out.push((bits >> n) as u8);
            bits &= (1 << n) - 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn core(s: &str) -> String {
        format!("{:?}", resolve_plain(Schema::Core, s, false))
    }

    #[test]
    fn core_schema() {
        assert_eq!(core("yes"), "Str(\"yes\")");
        assert_eq!(core("0x1F"), "Num(31.0)");
        assert_eq!(core("0X1F"), "Str(\"0X1F\")");
        assert_eq!(core("0o17"), "Num(15.0)");
        assert_eq!(core("017"), "Num(17.0)");
        assert_eq!(core("1.e3"), "Num(1000.0)");
        assert_eq!(core("+.5"), "Num(0.5)");
        assert_eq!(core("5."), "Num(5.0)");
        assert_eq!(core("-.nan"), "Str(\"-.nan\")");
        assert_eq!(core("1_000"), "Str(\"1_000\")");
        assert_eq!(core(""), "Null");
    }

    #[test]
    fn yaml_11_schema() {
        let v = |s: &str| format!("{:?}", resolve_plain(Schema::Yaml11, s, false));
        assert_eq!(v("yes"), "Bool(true)");
        assert_eq!(v("off"), "Bool(false)");
        assert_eq!(v("017"), "Num(15.0)");
        assert_eq!(v("1_000"), "Num(1000.0)");
        assert_eq!(v("0b101"), "Num(5.0)");
        assert_eq!(v("190:20:30"), "Num(685230.0)");
        let Sv::Date(ms) = resolve_plain(Schema::Yaml11, "2001-12-14", false) else {
            panic!()
        };
        assert_eq!(iso_date(ms).unwrap(), "2001-12-14T00:00:00.000Z");
        let Sv::Date(ms) = resolve_plain(Schema::Yaml11, "2001-12-14t21:59:43.10-05:00", false)
        else {
            panic!()
        };
        assert_eq!(iso_date(ms).unwrap(), "2001-12-15T02:59:43.100Z");
    }

    #[test]
    fn tagged_scalars() {
        let t = |tag: &str, s: &str| {
            format!(
                "{:?}",
                resolve_tagged(Schema::Core, &format!("tag:yaml.org,2002:{tag}"), s, false)
            )
        };
        assert_eq!(t("float", "1"), "Ok(Str(\"1\"))");
        assert_eq!(t("int", "0x10"), "Ok(Num(16.0))");
        assert_eq!(t("str", "1"), "Ok(Str(\"1\"))");
        assert!(t("timestamp", "x").starts_with("Err"));
    }

    #[test]
    fn quoted_scalars() {
        let mut errors = Vec::new();
        let (v, _) =
            resolve_flow_scalar(T::DoubleQuotedScalar, 0, r#""a\x41\u00e9 \n""#, &mut errors);
        assert_eq!(v, "aAé \n");
        assert!(errors.is_empty());
        resolve_flow_scalar(T::DoubleQuotedScalar, 0, r#""\q""#, &mut errors);
        assert_eq!(errors.len(), 1);
        let (v, _) = resolve_flow_scalar(T::SingleQuotedScalar, 0, "'it''s\n  x'", &mut errors);
        assert_eq!(v, "it's x");
        let (v, _) = resolve_flow_scalar(T::Scalar, 0, "a\n\n  b", &mut errors);
        assert_eq!(v, "a\nb");
    }
}
