//! Backstage's template language, rendered by a Jinja2 engine of the same family
//! (`minijinja`) set to Backstage's delimiters: `${{ … }}` for values, `{% … %}` for tags,
//! `{# … #}` for comments. A bare `{{` is plain text, as in Backstage, so a Helm chart in a
//! skeleton comes out unchanged.
//!
//! What differs between the two engines is made to match Backstage (4.2.0, checked with
//! `../shared/render-oracle`):
//! - values print as JavaScript's `String(value)` does: `true`, `a,b` for a list,
//!   `[object Object]` for a mapping, nothing for null or undefined, `1e+22`;
//! - nunjucks' own `title` (capitalises at spaces only), `urlencode` (`encodeURIComponent`)
//!   and `dump` (`JSON.stringify`, nothing for undefined);
//! - JavaScript's operators with nunjitsu's precedence (`scaffold/jsexpr.rs`), and an
//!   attribute of undefined being undefined;
//! - nunjucks' `int` and `float` (JavaScript's `parseInt` and `parseFloat`);
//! - the JavaScript methods of strings, numbers and lists (`scaffold/jsmethods.rs`);
//! - nunjucks' filters where minijinja's differ, and none of minijinja's extras
//!   (`scaffold/filters.rs`);
//! - Backstage's filters: `parseRepoUrl`, `parseEntityRef`, `pick`, `projectSlug`.
//!
//! A render's work is bounded here ([`FUEL`]); its memory and time by the child process
//! it runs in ([`super::isolate`]).

use minijinja::syntax::SyntaxConfig;
use minijinja::value::{Kwargs, Value, ValueKind};
use minijinja::{Environment, Error, ErrorKind, UndefinedBehavior};

use super::jsexpr::{LENGTH, is_ident, number};
use super::render::{RenderFailure, parse_entity_ref, parse_repo_url};

/// The instructions one render may run: the largest corpus template needs a few thousand.
pub const FUEL: u64 = 20_000_000;

/// An environment with Backstage's syntax and filters.
pub struct Nunjucks {
    env: Environment<'static>,
    /// `${{`, or `{{` with `cookiecutterCompat`.
    var_start: &'static str,
}

impl Default for Nunjucks {
    fn default() -> Self {
        Self::new()
    }
}

impl Nunjucks {
    /// The environment: Backstage's delimiters, JavaScript's printing, its filters.
    pub fn new() -> Self {
        let mut env = Environment::new();
        let syntax = SyntaxConfig::builder()
            .variable_delimiters("${{", "}}")
            .build()
            .expect("Backstage's delimiters are a valid syntax");
        env.set_syntax(syntax);
        env.set_keep_trailing_newline(true);
        env.set_undefined_behavior(UndefinedBehavior::Chainable);
        // A template is untrusted: its loops may not run without end (`range` in `range`).
        env.set_fuel(Some(FUEL));
        // JavaScript's methods on strings, numbers and lists, as nunjitsu offers them.
        env.set_unknown_method_callback(|_, value, method, args| {
            super::jsmethods::call(value, method, args)
        });
        env.set_formatter(|out, _, value| {
            out.write_str(&js_string(value))
                .map_err(|e| Error::new(ErrorKind::WriteFailure, e.to_string()))
        });
        // nunjucks' `int` and `float`: JavaScript's parseInt and parseFloat of the text,
        // and the default (else undefined) where they give NaN.
        env.add_filter("int", int_filter);
        env.add_filter("float", |v: Value, default: Option<Value>| {
            parse_float(&super::jsexpr::text(&v))
                .map_or_else(|| default.unwrap_or(Value::UNDEFINED), number)
        });
        super::filters::install(&mut env);
        wrap_list_filters(&mut env);
        // What `translate` writes for nunjucks' constructs.
        env.add_filter(LENGTH, |v: Value| js_length(&v));
        env.add_filter(FOR_PAIRS, js_pairs);
        env.add_filter(FOR_ONE, js_for);
        env.add_function(super::jsexpr::OP, super::jsexpr::op);
        env.add_function(super::jsexpr::REFUSE, |m: String| super::jsexpr::refuse(&m));
        env.add_function(EMPTY_LIST, || {
            super::jsvalue::from_json(&serde_json::json!([]))
        });
        env.add_function(EMPTY_MAP, || {
            super::jsvalue::from_json(&serde_json::json!({}))
        });
        env.add_filter("title", |s: String| {
            s.split(' ').map(capitalize).collect::<Vec<_>>().join(" ")
        });
        env.add_filter("urlencode", |v: Value| encode_uri_component(&js_string(&v)));
        env.add_filter("dump", dump);
        env.add_filter("parseRepoUrl", |s: String| {
            parse_repo_url(&s)
                .map(|v| Value::from_serialize(&v))
                .map_err(|m| Error::new(ErrorKind::InvalidOperation, m))
        });
        env.add_filter("parseEntityRef", |s: String, context: Option<Value>| {
            let default = |key: &str| {
                context
                    .as_ref()
                    .and_then(|c| c.get_attr(key).ok())
                    .filter(|v| !v.is_undefined() && !v.is_none())
                    .map(|v| js_string(&v))
            };
            let (kind, namespace) = (default("defaultKind"), default("defaultNamespace"));
            parse_entity_ref(&s, kind.as_deref(), namespace.as_deref())
                .map(|v| Value::from_serialize(&v))
                .map_err(|m| Error::new(ErrorKind::InvalidOperation, m))
        });
        // lodash's `get`: a dotted path into the value.
        env.add_filter("pick", |v: Value, path: String| {
            path.split('.')
                .try_fold(v, |v, key| v.get_attr(key).ok())
                .unwrap_or(Value::UNDEFINED)
        });
        env.add_filter("projectSlug", |s: String| {
            let r = parse_repo_url(&s).map_err(|m| Error::new(ErrorKind::InvalidOperation, m))?;
            let part = |k: &str| r[k].as_str().unwrap_or("undefined").to_string();
            Ok::<_, Error>(format!("{}/{}", part("owner"), part("repo")))
        });
        Nunjucks {
            env,
            var_start: "${{",
        }
    }

    /// The same environment with nunjucks' `trimBlocks` and `lstripBlocks` set, and with
    /// `cookiecutterCompat`'s `{{ }}` for values.
    pub fn variant(&self, trim: bool, lstrip: bool, cookiecutter: bool) -> Self {
        let mut env = self.env.clone();
        env.set_trim_blocks(trim);
        env.set_lstrip_blocks(lstrip);
        if cookiecutter {
            let syntax = SyntaxConfig::builder()
                .variable_delimiters("{{", "}}")
                .build()
                .expect("cookiecutter's delimiters are a valid syntax");
            env.set_syntax(syntax);
        }
        Nunjucks {
            env,
            var_start: if cookiecutter { "{{" } else { self.var_start },
        }
    }

    /// Renders `source` with `ctx`.
    pub fn render(&self, source: &str, ctx: &serde_json::Value) -> Result<String, RenderFailure> {
        if let Some(line) = stray_comment_end(source, self.var_start) {
            return Err(RenderFailure {
                line: Some(line),
                message: "`#}` ends no comment; Backstage refuses it (\"Unexpected end of comment\"): write it as `{% raw %}#}{% endraw %}`".into(),
            });
        }
        self.env
            .render_str(&translate(source), super::jsvalue::from_json(ctx))
            .map_err(failure)
    }

    /// Evaluates one expression (a step input that is exactly `${{ expr }}`), keeping the
    /// type of its value: a list stays a list, an object an object.
    pub fn evaluate(
        &self,
        expr: &str,
        ctx: &serde_json::Value,
    ) -> Result<serde_json::Value, RenderFailure> {
        let expr = format!("${{{{{expr}}}}}");
        let expr = translate(&expr);
        let inner = &expr[3..expr.len() - 2];
        let compiled = self.env.compile_expression(inner).map_err(failure)?;
        let value = compiled
            .eval(super::jsvalue::from_json(ctx))
            .map_err(failure)?;
        Ok(to_json(&value))
    }
}

/// A value as JSON the way `JSON.stringify` sees it: an undefined key is left out, an
/// undefined item is null (serde refuses undefined anywhere).
fn to_json(v: &Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v.kind() {
        ValueKind::Undefined | ValueKind::None => J::Null,
        _ if super::jsexpr::is_nan(v) => J::Null,
        ValueKind::Seq | ValueKind::Iterable => J::Array(
            v.try_iter()
                .map(|items| items.map(|x| to_json(&x)).collect())
                .unwrap_or_default(),
        ),
        ValueKind::Map => J::Object(
            super::jsvalue::entries(v)
                .into_iter()
                .filter(|(_, item)| !item.is_undefined())
                .map(|(k, item)| (js_string(&k), to_json(&item)))
                .collect(),
        ),
        _ => serde_json::to_value(v).unwrap_or(J::Null),
    }
}

/// A template in nunjucks' language as minijinja must read it to give nunjucks' result,
/// inside tags and outside string literals (what `{% raw %}` holds is kept as written):
/// - `[]` and `{}` as JavaScript's empty list and mapping, true in a condition;
/// - `x.length` as JavaScript's, of a string too ([`js_length`]);
/// - an object literal's bare keys as names: `{a: 1}` has the key "a" (minijinja would
///   read a variable);
/// - `{% for … in EXPR %}` as `{% for … in (EXPR)|FILTER %}`, the filter giving what
///   nunjucks walks over a mapping ([`for_loop`]);
/// - an operator as JavaScript's, bound as nunjitsu binds it ([`super::jsexpr`]).
fn translate(source: &str) -> std::borrow::Cow<'_, str> {
    if !source.contains("${{") && !source.contains("{%") {
        return source.into();
    }
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(open) = ["${{", "{%"]
        .iter()
        .filter_map(|o| rest.find(o).map(|i| (i, *o)))
        .min()
    {
        let (i, o) = open;
        out.push_str(&rest[..i + o.len()]);
        rest = &rest[i + o.len()..];
        let close = if o == "{%" { "%}" } else { "}}" };
        let mut quote: Option<char> = None;
        let mut chars = rest.char_indices().peekable();
        let mut end = rest.len();
        // Object literals: `{a: 1}` has the key "a" in JavaScript, a variable in minijinja.
        let mut nesting: Vec<char> = Vec::new();
        let mut key_next = false;
        let tag_start = out.len();
        while let Some((j, c)) = chars.next() {
            if quote.is_none() && key_next && !c.is_whitespace() {
                key_next = false;
                let len = rest[j..]
                    .find(|x: char| !is_ident(x))
                    .unwrap_or(rest.len() - j);
                let after = rest[j + len..].trim_start();
                if len > 0 && !c.is_ascii_digit() && after.starts_with(':') {
                    out.push('"');
                    out.push_str(&rest[j..j + len]);
                    out.push('"');
                    for _ in 1..rest[j..j + len].chars().count() {
                        chars.next();
                    }
                    continue;
                }
            }
            match quote {
                // nunjitsu's escapes: `\n`, `\r`, `\t`, else the character itself
                // (`"\d"` is `d`, `"\u0041"` is `u0041`), where minijinja has JSON's.
                Some(_) if c == '\\' => {
                    match chars.next() {
                        Some((_, n @ ('n' | 'r' | 't' | '\\' | '"' | '\''))) => {
                            out.push(c);
                            out.push(n);
                        }
                        Some((_, n)) => out.push(n),
                        None => out.push(c),
                    }
                    continue;
                }
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if c == '"' || c == '\'' => quote = Some(c),
                None if rest[j..].starts_with(close) => {
                    end = j;
                    break;
                }
                // JavaScript's `.length`: of a string too, which minijinja has no property for.
                None if c == '.' && is_length(&rest[..j], &rest[j..]) => {
                    out.push('|');
                    out.push_str(LENGTH);
                    for _ in 0..".length".len() - 1 {
                        chars.next();
                    }
                    continue;
                }
                // An empty list or mapping written in the template is JavaScript's: true.
                None if c == '[' || c == '{' => {
                    let after = rest[j + 1..].trim_start();
                    let closing = if c == '[' { ']' } else { '}' };
                    if after.starts_with(closing) {
                        out.push_str(if c == '[' { EMPTY_LIST } else { EMPTY_MAP });
                        out.push_str("()");
                        let skip = rest[j + 1..].len() - after.len() + 1;
                        for _ in 0..rest[j + 1..j + 1 + skip].chars().count() {
                            chars.next();
                        }
                        continue;
                    }
                    nesting.push(c);
                    key_next = c == '{';
                }
                None => match c {
                    '(' => nesting.push(c),
                    '}' | ']' | ')' => {
                        nesting.pop();
                    }
                    ',' => key_next = nesting.last() == Some(&'{'),
                    _ => {}
                },
            }
            out.push(c);
        }
        let tag = rest[..end].trim_matches(|c: char| c == '-' || c.is_whitespace());
        rest = &rest[end..];
        if o == "{%"
            && let Some(rewritten) = for_loop(&out[tag_start..])
        {
            out.truncate(tag_start);
            out.push_str(&rewritten);
        }
        if let Some(rewritten) = super::jsexpr::rewrite(&out[tag_start..], o == "{%") {
            out.truncate(tag_start);
            out.push_str(&rewritten);
        }
        // What `{% raw %}` holds is text, kept as written.
        if o == "{%" && tag == "raw" {
            let verbatim = raw_text_len(rest);
            out.push_str(&rest[..verbatim]);
            rest = &rest[verbatim..];
        }
    }
    out.push_str(rest);
    out.into()
}

/// The line of a `#}` in the text of `source`, outside every tag and comment and raw
/// block: nunjucks refuses it, where minijinja would print it.
fn stray_comment_end(source: &str, var_start: &str) -> Option<usize> {
    let b = source.as_bytes();
    let line = |i: usize| b[..i].iter().filter(|&&c| c == b'\n').count() + 1;
    // The end of a tag that opened at `i` (past its closer), strings skipped.
    let close = |mut i: usize, closer: &[u8]| -> Option<usize> {
        let mut quote = None;
        while i < b.len() {
            match (quote, b[i]) {
                (Some(_), b'\\') => i += 1,
                (Some(q), c) if c == q => quote = None,
                (None, c @ (b'"' | b'\'')) => quote = Some(c),
                (None, _) if b[i..].starts_with(closer) => return Some(i + closer.len()),
                _ => {}
            }
            i += 1;
        }
        None
    };
    let tag_word = |from: usize, to: usize| {
        String::from_utf8_lossy(&b[from..to])
            .trim_matches(|c: char| c == '-' || c == '+' || c == '%' || c == '{' || c == '}')
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_string()
    };
    let mut raw = false;
    let mut i = 0;
    while i < b.len() {
        let rest = &b[i..];
        if rest.starts_with(b"{%") {
            let end = close(i + 2, b"%}")?;
            let word = tag_word(i, end);
            raw = match word.as_str() {
                "raw" | "verbatim" => true,
                "endraw" | "endverbatim" => false,
                _ => raw,
            };
            i = end;
        } else if raw {
            i += 1;
        } else if rest.starts_with(var_start.as_bytes()) {
            i = close(i + var_start.len(), b"}}")?;
        } else if rest.starts_with(b"{#") {
            // A comment holds no strings: its first `#}` ends it.
            i += 2 + b[i + 2..].windows(2).position(|w| w == b"#}")? + 2;
        } else if rest.starts_with(b"#}") {
            return Some(line(i));
        } else {
            i += 1;
        }
    }
    None
}

fn failure(e: Error) -> RenderFailure {
    let detail = e
        .detail()
        .map_or_else(|| e.kind().to_string(), str::to_string);
    let message = match e.kind() {
        ErrorKind::OutOfFuel => format!(
            "the template does more than {FUEL} steps of work; portal stops it there (a loop inside a loop over a large range?)"
        ),
        ErrorKind::UnknownFilter => format!(
            "{detail}; Backstage's templates have nunjucks' filters and parseRepoUrl, parseEntityRef, pick and projectSlug"
        ),
        _ => detail,
    };
    RenderFailure {
        line: e.line(),
        message,
    }
}

/// nunjucks' `for` over a mapping: `for k, v in m` walks its keys and values (in
/// JavaScript's order), `for x in m` walks nothing. The content of a `{% for … in EXPR %}`
/// tag, rewritten as `for … in (EXPR)|FILTER`, the filter giving minijinja what nunjucks
/// walks; `None` for any other tag.
fn for_loop(tag: &str) -> Option<String> {
    let space = ['-', ' ', '\t', '\n', '\r'];
    let lead = tag.len() - tag.trim_start_matches(space).len();
    let body = &tag[lead..];
    let trail = body.len() - body.trim_end_matches(space).len();
    let body = &body[..body.len() - trail];
    let rest = body
        .strip_prefix("for")
        .filter(|b| b.starts_with(char::is_whitespace))?;
    let (targets, expr) = rest.split_once(" in ")?;
    let filter = if targets.contains(',') {
        FOR_PAIRS
    } else {
        FOR_ONE
    };
    Some(format!(
        "{}for{targets} in ({})|{filter}{}",
        &tag[..lead],
        expr.trim(),
        &tag[tag.len() - trail..]
    ))
}

/// How long the text of a `{% raw %}` block is: up to its `{% endraw %}`.
fn raw_text_len(rest: &str) -> usize {
    rest.find("endraw")
        .and_then(|e| rest[..e].rfind("{%"))
        .unwrap_or(rest.len())
}

/// The filters a `for` over a mapping goes through ([`for_loop`]).
const FOR_PAIRS: &str = "__portal_js_pairs";
const FOR_ONE: &str = "__portal_js_for";

/// What `for k, v in x` walks: a mapping's `[key, value]` pairs, else `x` itself.
fn js_pairs(v: Value) -> Value {
    if v.kind() != ValueKind::Map {
        return v;
    }
    let pairs: Vec<Value> = super::jsvalue::entries(&v)
        .into_iter()
        .map(|(k, item)| Value::from(vec![k, item]))
        .collect();
    Value::from(pairs)
}

/// What `for x in m` walks: nothing for a mapping, else `x` itself.
fn js_for(v: Value) -> Value {
    if v.kind() == ValueKind::Map {
        Value::from(Vec::<Value>::new())
    } else {
        v
    }
}

/// Whether `after` starts a `.length` property of what `before` ends with.
fn is_length(before: &str, after: &str) -> bool {
    let Some(tail) = after.strip_prefix(".length") else {
        return false;
    };
    before
        .chars()
        .next_back()
        .is_some_and(|c| is_ident(c) || matches!(c, ')' | ']' | '"' | '\''))
        && !tail.starts_with(|c: char| is_ident(c) || c == '(')
}

/// `x.length` in JavaScript: a string's UTF-16 length, a list's length, a mapping's
/// `length` key, else undefined.
fn js_length(v: &Value) -> Value {
    match v.kind() {
        ValueKind::String => Value::from(v.as_str().unwrap_or_default().encode_utf16().count()),
        ValueKind::Seq | ValueKind::Iterable => Value::from(v.len().unwrap_or(0)),
        ValueKind::Map => v.get_attr("length").unwrap_or(Value::UNDEFINED),
        _ => Value::UNDEFINED,
    }
}

/// What an empty `[]` and `{}` in an expression become, called: JavaScript's, true in a
/// condition.
const EMPTY_LIST: &str = "__portal_js_list";
const EMPTY_MAP: &str = "__portal_js_map";

/// minijinja's filters that build a list, their result made JavaScript's (true when empty).
fn wrap_list_filters(env: &mut Environment<'static>) {
    use super::jsvalue::wrap;
    use minijinja::State;
    use minijinja::filters as f;
    use minijinja::value::{Kwargs, Rest};
    use std::borrow::Cow;
    let list = |l: Vec<Value>| wrap(Value::from(l));
    env.add_filter(
        "select",
        move |s: &State, v: Value, t: Option<Cow<'_, str>>, a: Rest<Value>| {
            f::select(s, v, t, a).map(list)
        },
    );
    env.add_filter(
        "reject",
        move |s: &State, v: Value, t: Option<Cow<'_, str>>, a: Rest<Value>| {
            f::reject(s, v, t, a).map(list)
        },
    );
    env.add_filter(
        "selectattr",
        move |s: &State, v: Value, at: Cow<'_, str>, t: Option<Cow<'_, str>>, a: Rest<Value>| {
            f::selectattr(s, v, at, t, a).map(list)
        },
    );
    env.add_filter(
        "rejectattr",
        move |s: &State, v: Value, at: Cow<'_, str>, t: Option<Cow<'_, str>>, a: Rest<Value>| {
            f::rejectattr(s, v, at, t, a).map(list)
        },
    );
    env.add_filter("list", |s: &State, v: Value| f::list(s, v).map(wrap));
    env.add_filter("reverse", |v: &Value| f::reverse(v).map(wrap));
    env.add_filter(
        "slice",
        |s: &State, v: Value, n: usize, fill: Option<Value>| f::slice(s, v, n, fill).map(wrap),
    );
    env.add_filter("dictsort", |v: &Value, k: Kwargs| {
        f::dictsort(v, k).map(wrap)
    });
}

/// JavaScript's `String(value)`, as nunjucks prints a value.
pub(super) fn js_string(v: &Value) -> String {
    match v.kind() {
        ValueKind::Undefined | ValueKind::None => String::new(),
        ValueKind::Bool => v.is_true().to_string(),
        ValueKind::Number => js_number(v),
        ValueKind::Seq | ValueKind::Iterable => v
            .try_iter()
            .map(|items| items.map(|x| js_string(&x)).collect::<Vec<_>>().join(","))
            .unwrap_or_default(),
        ValueKind::Map => "[object Object]".into(),
        _ => v.to_string(),
    }
}

/// JavaScript's `parseInt(s, radix)`: leading white space, a sign, `0x` when the radix
/// is 16, the digits of the radix that follow (radix 0 is 10; below 2 or above 36, NaN).
fn parse_int(s: &str, radix: u32) -> Option<f64> {
    let radix = if radix == 0 { 10 } else { radix };
    if !(2..=36).contains(&radix) {
        return None;
    }
    let t = s.trim_start();
    let (sign, mut rest) = match t.as_bytes().first() {
        Some(b'-') => (-1.0, &t[1..]),
        Some(b'+') => (1.0, &t[1..]),
        _ => (1.0, t),
    };
    if radix == 16 {
        rest = rest
            .strip_prefix("0x")
            .or_else(|| rest.strip_prefix("0X"))
            .unwrap_or(rest);
    }
    let digits: Vec<u32> = rest.chars().map_while(|c| c.to_digit(radix)).collect();
    if digits.is_empty() {
        return None;
    }
    if radix == 10 {
        return rest[..digits.len()].parse::<f64>().ok().map(|n| sign * n);
    }
    let n = digits
        .iter()
        .fold(0.0, |n, &d| n * f64::from(radix) + f64::from(d));
    Some(sign * n)
}

/// nunjitsu's `int(default, base)`: the base truncated, then as `parseInt` takes it
/// (JavaScript's ToInt32; NaN is 0, so 10).
fn int_filter(
    v: Value,
    default: Option<Value>,
    base: Option<Value>,
    kwargs: Kwargs,
) -> Result<Value, Error> {
    let default = kwargs.get::<Option<Value>>("default")?.or(default);
    let base = kwargs.get::<Option<Value>>("base")?.or(base);
    kwargs.assert_all_used()?;
    let radix = base
        .filter(|b| !b.is_undefined())
        .map_or(10, |b| super::jsexpr::to_int32(&b));
    let parsed = u32::try_from(radix)
        .ok()
        .and_then(|r| parse_int(&super::jsexpr::text(&v), r));
    Ok(parsed.map_or_else(|| default.unwrap_or(Value::UNDEFINED), number))
}

/// JavaScript's `parseFloat(s)`: the longest decimal literal (or `Infinity`) at the start.
fn parse_float(s: &str) -> Option<f64> {
    let t = s.trim_start();
    let b = t.as_bytes();
    let mut end = usize::from(matches!(b.first(), Some(b'-' | b'+')));
    if t[end..].starts_with("Infinity") {
        return t[..end + 8].replace('+', "").parse::<f64>().ok();
    }
    let digits = |from: usize| from + b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let int_end = digits(end);
    let mut last = int_end;
    if b.get(int_end) == Some(&b'.') {
        last = digits(int_end + 1);
    }
    // Digits before or after the point are needed: `.` or `-` alone is NaN.
    if last == end || (last == end + 1 && b[end] == b'.') {
        return None;
    }
    end = last;
    if matches!(b.get(end), Some(b'e' | b'E')) {
        let mut exp = end + 1;
        if matches!(b.get(exp), Some(b'-' | b'+')) {
            exp += 1;
        }
        let exp_end = digits(exp);
        if exp_end > exp {
            end = exp_end;
        }
    }
    t[..end].parse::<f64>().ok()
}

/// A number as JavaScript writes it: no `.0` on whole numbers, exponents from 1e21.
pub(super) fn js_number(v: &Value) -> String {
    if let Ok(i) = i64::try_from(v.clone()) {
        return i.to_string();
    }
    let Ok(f) = f64::try_from(v.clone()) else {
        return v.to_string();
    };
    backstage_yaml::stringify::js_number(f)
}

/// nunjucks' `capitalize`: the first character upper-cased, the rest lower-cased.
fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

/// `encodeURIComponent`: everything but `A-Z a-z 0-9 - _ . ! ~ * ' ( )` percent-encoded.
fn encode_uri_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// nunjucks' `dump`: `JSON.stringify(value, null, indent)`; undefined prints nothing.
fn dump(v: Value, indent: Option<usize>) -> Result<String, Error> {
    if v.is_undefined() {
        return Ok(String::new());
    }
    let json = serde_json::to_value(&v)
        .map_err(|e| Error::new(ErrorKind::BadSerialization, e.to_string()))?;
    let text = match indent {
        Some(n) if n > 0 => {
            let pad = " ".repeat(n.min(10));
            let mut buf = Vec::new();
            let fmt = serde_json::ser::PrettyFormatter::with_indent(pad.as_bytes());
            let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
            serde::Serialize::serialize(&json, &mut ser)
                .map_err(|e| Error::new(ErrorKind::BadSerialization, e.to_string()))?;
            String::from_utf8_lossy(&buf).into_owned()
        }
        _ => json.to_string(),
    };
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ctx() -> serde_json::Value {
        json!({"values": {"list": ["a", "b"], "obj": {"k": "v"}, "flag": false, "num": "42",
            "destination": {"host": "github.com", "owner": "acme", "repo": "svc"}}})
    }

    /// Each line as `../shared/render-oracle` (scaffolder-backend 4.2.0) rendered it, with
    /// the same values (`fetch:template` of a skeleton file holding these lines).
    #[test]
    fn int_and_float_parse_as_javascript_does() {
        assert_eq!(parse_int(" 42px", 10), Some(42.0));
        assert_eq!(parse_int("-3.9", 10), Some(-3.0));
        assert_eq!(parse_int("abc", 10), None);
        assert_eq!(parse_int("true", 10), None);
        assert_eq!(parse_int("-0xff", 16), Some(-255.0));
        assert_eq!(parse_int("0x10", 10), Some(0.0));
        assert_eq!(parse_int("z1", 36), Some(1261.0));
        assert_eq!(parse_int("12", 2), Some(1.0));
        assert_eq!(parse_int("1", 1), None);
        assert_eq!(parse_float("2.5x"), Some(2.5));
        assert_eq!(parse_float(".5"), Some(0.5));
        assert_eq!(parse_float("1e3e"), Some(1000.0));
        assert_eq!(parse_float("1e"), Some(1.0));
        assert_eq!(parse_float("-Infinity"), Some(f64::NEG_INFINITY));
        assert_eq!(parse_float("."), None);
        assert_eq!(parse_float("-"), None);
        let r = |src| Nunjucks::new().render(src, &json!({})).unwrap();
        assert_eq!(
            r(r#"${{ "abc" | int }}|${{ "abc" | int(7) }}|${{ "42" | int + 1 }}"#),
            "|7|43"
        );
    }

    #[test]
    fn a_stray_comment_end_is_refused_as_nunjucks_refuses_it() {
        let at = |src| stray_comment_end(src, "${{");
        assert_eq!(at("a\nb #} c"), Some(2));
        assert_eq!(at("{# it's a comment #} ok"), None);
        assert_eq!(at("${{ \"#}\" }} {% set x = '#}' %}"), None);
        assert_eq!(
            at("{% raw %}{err:#}{% endraw %} {%- raw -%}#}{%- endraw %}"),
            None
        );
        assert_eq!(at("{% raw %}{% endraw %}#}"), Some(1));
        // Unterminated tags are minijinja's to report.
        assert_eq!(at("${{ x #}"), None);
        let e = Nunjucks::new()
            .render("x #}", &serde_json::json!({}))
            .unwrap_err();
        assert!(e.message.contains("Unexpected end of comment"), "{e:?}");
    }

    #[test]
    fn values_print_as_backstage_prints_them() {
        let n = Nunjucks::new();
        let cases = [
            ("list=${{ values.list }}", "list=a,b"),
            ("obj=${{ values.obj }}", "obj=[object Object]"),
            ("flag=${{ values.flag }}", "flag=false"),
            ("true=${{ true }}", "true=true"),
            ("missing=[${{ values.nope }}]", "missing=[]"),
            ("dump=[${{ values.nope | dump }}]", "dump=[]"),
            (
                "dumplist=${{ values.list | dump }}",
                "dumplist=[\"a\",\"b\"]",
            ),
            (
                "title=${{ \"hello-world foo_bar\" | title }}",
                "title=Hello-world Foo_bar",
            ),
            ("url=${{ \"a b&c/d\" | urlencode }}", "url=a%20b%26c%2Fd"),
            ("int=${{ values.num | int + 1 }}", "int=43"),
            (
                "owner=${{ values.destination.owner }} repo=${{ values.destination.repo }}",
                "owner=acme repo=svc",
            ),
            (
                "{% for x in values.list %}[${{ loop.index }} ${{ loop.index0 }} ${{ loop.first }} ${{ loop.last }} ${{ loop.length }} ${{ x }}]{% endfor %}",
                "[1 0 true false 2 a][2 1 false true 2 b]",
            ),
            (
                "cmp=${{ 1 < 2 }} ${{ \"a\" in values.list }} ${{ [1,2] }}",
                "cmp=true true 1,2",
            ),
            (
                "num=${{ 3 / 2 }} ${{ 7 // 2 }} ${{ 2 ** 10 }} ${{ 7 % 3 }} ${{ 0.1 + 0.2 }}",
                "num=1.5 3 1024 1 0.30000000000000004",
            ),
            (
                "join=${{ values.list | join(\"-\") }} len=${{ values.list | length }}",
                "join=a-b len=2",
            ),
            ("nullv=[${{ none }}]", "nullv=[]"),
            (
                "float=${{ 1.0 }} ${{ 10000000000000000000000 }}",
                "float=1 1e+22",
            ),
            ("plain {{ helm }} stays", "plain {{ helm }} stays"),
        ];
        for (source, want) in cases {
            assert_eq!(n.render(source, &ctx()).unwrap(), want, "{source}");
        }
    }

    #[test]
    fn a_set_after_a_trimmed_else_leaves_no_line_of_spaces() {
        let source = "{% for x in values.list %}[${{ x }}]{% endfor %}\n{% if values.flag %}yes{%- else %}\n  {%- set y = \"no\" %}\n${{ y }}{% endif %}\nend\n";
        assert_eq!(
            Nunjucks::new().render(source, &ctx()).unwrap(),
            "[a][b]\n\nno\nend\n"
        );
    }

    #[test]
    fn empty_lists_and_mappings_are_javascript_s_and_raw_text_is_kept() {
        let n = Nunjucks::new();
        let ctx = json!({"values": {"none": [], "map": {}}});
        let out = n
            .render(
                "{% if values.none %}a{% endif %}{% if values.map %}b{% endif %}{% if [] %}c{% endif %}\
                 {% if {} %}d{% endif %}${{ values.none.length }}{% if values.none | select('odd') %}e{% endif %}\
                 {% raw %}${{ [] === x }}{% endraw %}",
                &ctx,
            )
            .expect("rendered");
        assert_eq!(out, "abcd0e${{ [] === x }}");
        let ctx = json!({"s": "h\u{e9}llo \u{1f600}", "l": [1, 2], "m": {"length": 7}, "n": {}});
        let out = n
            .render("${{ s.length }} ${{ l.length + 1 }} ${{ m.length }} ${{ n.length }} ${{ 'a.length' }} ${{ s.lengthy }}", &ctx)
            .expect("rendered");
        assert_eq!(out, "8 3 7  a.length ");
        let out = n
            .render(
                "${{ {a: 1, b_2: {c: 'x:y'}, 'd': 3}.b_2.c }} ${{ ({a: 1}).a }}",
                &json!({}),
            )
            .expect("rendered");
        assert_eq!(out, "x:y 1");
    }

    #[test]
    fn for_over_a_mapping_walks_what_nunjucks_walks() {
        assert_eq!(
            translate("{%- for k, v in a or b -%}{% for x in m %}{% if '%}' %}"),
            "{%- for k, v in (a or b)|__portal_js_pairs -%}{% for x in (m)|__portal_js_for %}{% if '%}' %}"
        );
        let raw = "{% raw %}{% for x in y %}{% endraw %}";
        assert_eq!(translate(raw), raw);
        let n = Nunjucks::new();
        let ctx = json!({"m": {"b": 1, "2": "two"}});
        let out = n
            .render("{% for k, v in m %}${{ k }}=${{ v }};{% endfor %}{% for x in m %}no{% else %}E{% endfor %}", &ctx)
            .expect("rendered");
        assert_eq!(out, "2=two;b=1;E");
    }

    #[test]
    fn strict_operators_are_javascript_s_outside_strings() {
        let op = super::super::jsexpr::OP;
        assert_eq!(
            translate("a === b ${{ x === 200 and y !== 'a === b' }} {% if z === 1 %}"),
            format!(
                "a === b ${{{{ ({op}(\"id\", {op}(\"===\", x, 200)) and {op}(\"!==\", y, 'a === b')) }}}} {{% if {op}(\"===\", z, 1) %}}"
            )
        );
        let ctx = json!({"steps": {"location": {"output": {"code": 200}}}});
        let n = Nunjucks::new();
        assert_eq!(
            n.evaluate("steps.location.output.code === 200", &ctx)
                .unwrap(),
            json!(true)
        );
        assert_eq!(n.render("${{ 1 !== 2 }}", &ctx).unwrap(), "true");
    }

    #[test]
    fn a_filter_s_keyword_arguments_are_refused_but_int_s_and_sort_s() {
        let n = Nunjucks::new();
        let ctx = json!({});
        let err = n
            .render("a\n${{ 'x' | indent(width=2) }}", &ctx)
            .unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(
            err.message.contains("`indent` with a keyword argument"),
            "{}",
            err.message
        );
        assert!(err.message.contains("give the arguments by position"));
        let out = n.render(
            "${{ 'ff' | int(base=16) }} ${{ [1, 3, 2] | sort(reverse=true) }}",
            &ctx,
        );
        assert_eq!(out.unwrap(), "255 3,2,1");
    }

    #[test]
    fn undefined_keys_are_left_out_as_json_leaves_them() {
        let ctx = json!({"parameters": {"a": 1}});
        let n = Nunjucks::new();
        let v = n
            .evaluate(
                "{'a': parameters.a, 'b': parameters.nope, 'l': [parameters.nope]}",
                &ctx,
            )
            .unwrap();
        assert_eq!(v, json!({"a": 1, "l": [null]}));
    }

    #[test]
    fn a_loop_without_end_is_stopped_with_a_message() {
        let source =
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}";
        let e = Nunjucks::new().render(source, &ctx()).unwrap_err();
        assert!(e.message.contains("steps of work"), "{}", e.message);
    }

    #[test]
    fn an_unknown_filter_says_which_filters_there_are() {
        let e = Nunjucks::new()
            .render("a\n${{ values.list | kebabCase }}", &ctx())
            .unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(
            e.message.contains("kebabCase") && e.message.contains("parseRepoUrl"),
            "{}",
            e.message
        );
    }

    #[test]
    fn a_single_expression_keeps_its_type() {
        let n = Nunjucks::new();
        let ctx =
            json!({"parameters": {"repoUrl": "github.com?owner=acme&repo=svc", "tags": ["a"]}});
        let dest = n
            .evaluate("parameters.repoUrl | parseRepoUrl", &ctx)
            .unwrap();
        assert_eq!(dest["owner"], "acme");
        assert_eq!(dest["repo"], "svc");
        assert_eq!(n.evaluate("parameters.tags", &ctx).unwrap(), json!(["a"]));
        assert_eq!(
            n.evaluate("parameters.nope", &ctx).unwrap(),
            serde_json::Value::Null
        );
    }
}
