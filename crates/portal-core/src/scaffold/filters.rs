//! nunjucks' built-in filters where minijinja's differ or are missing, written from
//! nunjucks' own code (as nunjitsu, scaffolder-backend 4.2.0, keeps it) and checked with
//! `../shared/render-oracle`; and the filters minijinja has that nunjucks has not, taken
//! away, so that a template Backstage refuses is refused here too.

use minijinja::value::{Value, ValueKind};
use minijinja::{Environment, Error, ErrorKind};

use super::nunjucks::js_string;

/// minijinja's filters that nunjucks has not: Backstage fails on them ("filter not found").
const NOT_IN_NUNJUCKS: &[&str] = &[
    "attr", "bool", "chain", "count", "format", "items", "lines", "map", "max", "min", "pprint",
    "split", "tojson", "unique", "zip",
];

/// nunjucks' filters that cannot give Backstage's bytes here: refused with the reason.
const NOT_REPRODUCIBLE: &[(&str, &str)] = &[
    (
        "random",
        "picks a different item on every render, so no two renders agree",
    ),
    ("urlize", "is not supported by portal; write the links out"),
];

/// Sets nunjucks' filters on `env`.
pub(super) fn install(env: &mut Environment<'static>) {
    for name in NOT_IN_NUNJUCKS {
        env.remove_filter(name);
    }
    for (name, why) in NOT_REPRODUCIBLE {
        env.add_filter(*name, move |_: minijinja::value::Rest<Value>| {
            Err::<Value, _>(Error::new(
                ErrorKind::InvalidOperation,
                format!("the filter `{name}` {why}"),
            ))
        });
    }
    env.add_filter("center", center);
    env.add_filter("nl2br", |s: Value| {
        js_string(&s)
            .replace("\r\n", "\n")
            .replace('\n', "<br />\n")
    });
    env.add_filter("striptags", striptags);
    env.add_filter("truncate", truncate);
    env.add_filter("wordcount", |s: Value| {
        let n = js_string(&s)
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
            .count();
        if n == 0 {
            Value::from(())
        } else {
            Value::from(n)
        }
    });
    env.add_filter("escape", escape);
    env.add_filter("e", escape);
    env.add_filter("forceescape", escape);
    env.add_filter("round", round);
    // `Math.abs` of the value as a number: NaN for what is not one.
    env.add_filter("abs", |v: Value| super::jsexpr::number(number_of(&v).abs()));
    env.add_filter("sort", |v, r, c, a| {
        sort(v, r, c, a).map(super::jsvalue::wrap)
    });
    env.add_filter("batch", |v, n, f| batch(v, n, f).map(super::jsvalue::wrap));
    env.add_filter("replace", replace);
    // nunjitsu's `string` refuses nothing to convert, as Backstage does.
    env.add_filter("string", |v: Value| {
        if v.is_undefined() || v.is_none() {
            return Err(Error::new(
                ErrorKind::InvalidOperation,
                "`string` of a value that is null or undefined: Backstage refuses it (\"string requires a value\"); give a default first: `x | default(\"\") | string`",
            ));
        }
        Ok(js_string(&v))
    });
    env.add_filter("groupby", |v, a| groupby(v, a).map(super::jsvalue::wrap));
}

fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// `center(width=80)`: spaces around, the odd one after.
fn center(s: Value, width: Option<f64>) -> String {
    let s = js_string(&s);
    let width = width.filter(|w| *w != 0.0).unwrap_or(80.0);
    let len = utf16_len(&s) as f64;
    if len >= width {
        return s;
    }
    let spaces = width - len;
    // nunjucks' `repeat` loops while `i < n`: a half space is a whole one.
    let pre = (spaces / 2.0 - spaces % 2.0).ceil().max(0.0) as usize;
    let post = (spaces / 2.0).ceil() as usize;
    format!("{}{s}{}", " ".repeat(pre), " ".repeat(post))
}

fn striptags(s: Value, preserve_linebreaks: Option<bool>) -> String {
    static TAGS: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)</?([a-z][a-z0-9]*)\b[^>]*>|<!--[\s\S]*?-->").expect("a regex")
    });
    static SPACES: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"\s+").expect("a regex"));
    static LINE_ENDS: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"(?m)^ +| +$").expect("a regex"));
    static RUNS: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r" +").expect("a regex"));
    static BLANKS: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"\n\n\n+").expect("a regex"));
    let text = js_string(&s);
    let stripped = TAGS.replace_all(&text, "");
    let trimmed = stripped.trim();
    if preserve_linebreaks.unwrap_or(false) {
        let a = LINE_ENDS.replace_all(trimmed, "");
        let b = RUNS.replace_all(&a, " ");
        let c = b.replace("\r\n", "\n");
        BLANKS.replace_all(&c, "\n\n").into_owned()
    } else {
        SPACES.replace_all(trimmed, " ").into_owned()
    }
}

fn truncate(s: Value, length: Option<f64>, killwords: Option<Value>, end: Option<Value>) -> String {
    let text = js_string(&s);
    let units: Vec<u16> = text.encode_utf16().collect();
    let length = length.filter(|l| *l != 0.0).unwrap_or(255.0).max(0.0) as usize;
    if units.len() <= length {
        return text;
    }
    let cut = if killwords.is_some_and(|k| k.is_true()) {
        length
    } else {
        // `lastIndexOf(' ', length)`: the last space at or before `length`.
        (0..=length.min(units.len() - 1))
            .rev()
            .find(|&i| units[i] == u16::from(b' '))
            .unwrap_or(length)
    };
    let end = match end {
        Some(e) if !e.is_undefined() && !e.is_none() => js_string(&e),
        _ => "...".into(),
    };
    format!("{}{end}", String::from_utf16_lossy(&units[..cut]))
}

/// nunjucks' escape: `& < > " '`, as `&amp; &lt; &gt; &quot; &#39;`.
fn escape(v: Value) -> Value {
    if v.is_safe() {
        return v;
    }
    let out = crate::html::escape(&js_string(&v));
    Value::from_safe_string(out)
}

fn number_of(v: &Value) -> f64 {
    super::jsexpr::to_js_number(v)
}

/// `round(precision=0, method="common")`: JavaScript's `Math.round` (halves up), `ceil` or
/// `floor` at `precision` decimals.
fn round(v: Value, precision: Option<f64>, method: Option<String>) -> Value {
    let factor = 10f64.powf(precision.unwrap_or(0.0));
    let x = number_of(&v) * factor;
    let r = match method.as_deref() {
        Some("ceil") => x.ceil(),
        Some("floor") => x.floor(),
        _ => (x + 0.5).floor(),
    } / factor;
    super::jsexpr::number(r)
}

/// JavaScript's `<` between two values: strings by UTF-16 units, else as numbers.
fn js_less(a: &Value, b: &Value) -> bool {
    if a.kind() == ValueKind::String && b.kind() == ValueKind::String {
        let (x, y) = (js_string(a), js_string(b));
        return x.encode_utf16().lt(y.encode_utf16());
    }
    number_of(a) < number_of(b)
}

fn sort(
    v: Value,
    reversed: Option<Value>,
    case_sensitive: Option<Value>,
    attr: Option<String>,
) -> Result<Value, Error> {
    let mut items: Vec<Value> = v.try_iter()?.collect();
    let reversed = reversed.is_some_and(|r| r.is_true());
    let case_sensitive = case_sensitive.is_some_and(|c| c.is_true());
    let key = |x: &Value| -> Value {
        let x = match &attr {
            Some(a) => a
                .split('.')
                .try_fold(x.clone(), |v, k| v.get_attr(k).ok())
                .unwrap_or(Value::UNDEFINED),
            None => x.clone(),
        };
        if !case_sensitive && x.kind() == ValueKind::String {
            Value::from(js_string(&x).to_lowercase())
        } else {
            x
        }
    };
    // JavaScript's sort is stable, as Rust's is.
    items.sort_by(|a, b| {
        let (x, y) = (key(a), key(b));
        let order = if js_less(&x, &y) {
            std::cmp::Ordering::Less
        } else if js_less(&y, &x) {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Equal
        };
        if reversed { order.reverse() } else { order }
    });
    Ok(Value::from(items))
}

fn batch(v: Value, count: f64, fill: Option<Value>) -> Result<Value, Error> {
    let items: Vec<Value> = v.try_iter()?.collect();
    let count = count.max(1.0) as usize;
    let mut out: Vec<Value> = Vec::new();
    for chunk in items.chunks(count) {
        let mut chunk = chunk.to_vec();
        if chunk.len() < count
            && let Some(f) = fill.as_ref().filter(|f| f.is_true())
        {
            chunk.resize(count, f.clone());
        }
        out.push(Value::from(chunk));
    }
    Ok(Value::from(out))
}

fn replace(s: Value, old: Value, new: Value, max: Option<f64>) -> Value {
    if !matches!(old.kind(), ValueKind::String | ValueKind::Number)
        || !matches!(s.kind(), ValueKind::String | ValueKind::Number)
    {
        return s;
    }
    let (text, old, new) = (js_string(&s), js_string(&old), js_string(&new));
    if old.is_empty() {
        let parts: Vec<String> = text.chars().map(String::from).collect();
        return Value::from(format!("{new}{}{new}", parts.join(&new)));
    }
    let max = max.map_or(
        usize::MAX,
        |m| if m < 0.0 { usize::MAX } else { m as usize },
    );
    let mut out = String::new();
    let mut rest = text.as_str();
    let mut count = 0;
    while count < max {
        let Some(i) = rest.find(&old) else { break };
        out.push_str(&rest[..i]);
        out.push_str(&new);
        rest = &rest[i + old.len()..];
        count += 1;
    }
    out.push_str(rest);
    Value::from(out)
}

/// `groupby(attr)`: a mapping from each value of `attr` to the items that have it, in
/// the order JavaScript keeps an object's keys (whole numbers first, in order, then the
/// rest as they came).
fn groupby(v: Value, attr: String) -> Result<Value, Error> {
    let mut groups: Vec<(String, Vec<Value>)> = Vec::new();
    for item in v.try_iter()? {
        let key = attr
            .split('.')
            .try_fold(item.clone(), |v, k| v.get_attr(k).ok())
            .map_or_else(|| "undefined".to_string(), |k| js_string(&k));
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, list)) => list.push(item),
            None => groups.push((key, vec![item])),
        }
    }
    let index = |k: &str| {
        (!k.is_empty()
            && k.bytes().all(|b| b.is_ascii_digit())
            && (k == "0" || !k.starts_with('0')))
        .then(|| k.parse::<u64>().ok())
        .flatten()
    };
    groups.sort_by_key(|(k, _)| index(k).map_or((1, 0), |n| (0, n)));
    Ok(Value::from_iter(
        groups.into_iter().map(|(k, list)| (k, Value::from(list))),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_nunjucks_has_not_are_refused() {
        let r =
            |src: &str| super::super::nunjucks::Nunjucks::new().render(src, &serde_json::json!({}));
        let e = r("${{ [1] | tojson }}").unwrap_err();
        assert!(e.message.contains("filter tojson is unknown"), "{e:?}");
        let e = r("${{ [1, 2] | random }}").unwrap_err();
        assert!(e.message.contains("no two renders agree"), "{e:?}");
        // A mapping's keys stay in the order they were written, as in JavaScript.
        assert_eq!(
            r(r#"${{ {"b": 1, "a": 2} | dump }}"#).unwrap(),
            r#"{"b":1,"a":2}"#
        );
    }

    #[test]
    fn center_puts_the_odd_space_after() {
        assert_eq!(center(Value::from("ab"), Some(6.0)), "  ab  ");
        assert_eq!(center(Value::from("abc"), Some(6.0)), " abc  ");
        assert_eq!(center(Value::from("abcdefgh"), Some(4.0)), "abcdefgh");
    }

    #[test]
    fn truncate_cuts_at_the_last_space() {
        let t = |s: &str, n: f64| truncate(Value::from(s), Some(n), None, None);
        assert_eq!(t("Hello big world", 9.0), "Hello big...");
        assert_eq!(t("Hellobigworld", 5.0), "Hello...");
        assert_eq!(t("short", 9.0), "short");
    }

    #[test]
    fn groupby_keeps_javascript_s_key_order() {
        let items = Value::from_serialize(serde_json::json!([
            {"k": "b"}, {"k": "2"}, {"k": "a"}, {"k": "1"}, {"k": "b"}
        ]));
        let g = groupby(items, "k".into()).unwrap();
        let keys: Vec<String> = g.try_iter().unwrap().map(|k| k.to_string()).collect();
        assert_eq!(keys, ["1", "2", "b", "a"]);
    }
}
