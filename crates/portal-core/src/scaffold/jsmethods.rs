//! The JavaScript methods Backstage's engine (nunjitsu, scaffolder-backend 4.2.0) lets a
//! template call on a string, a number or a list (`values.name.toUpperCase()`,
//! `values.path.split("/")`, `values.tags.join(", ")`), with JavaScript's results: indices
//! count UTF-16 code units, `replace` replaces the first match, `toFixed` rounds the exact
//! value half up. Methods that change a list in place (`push`, `sort`, …) are refused with
//! a message, as are those nunjitsu does not offer.

use minijinja::value::{Value, ValueKind};
use minijinja::{Error, ErrorKind};

use super::nunjucks::{js_number, js_string};

/// The methods nunjitsu offers that change their list in place: refused here.
const MUTATING: &[&str] = &[
    "copyWithin",
    "fill",
    "pop",
    "push",
    "reverse",
    "shift",
    "sort",
    "splice",
    "unshift",
];

/// Calls `method` on `value` with `args` as JavaScript would.
pub(super) fn call(value: &Value, method: &str, args: &[Value]) -> Result<Value, Error> {
    match value.kind() {
        ValueKind::String => string(&value.to_string(), method, args),
        ValueKind::Number => number(value, method, args),
        ValueKind::Seq => list(value, method, args),
        _ => Err(unknown(value, method)),
    }
}

fn unknown(value: &Value, method: &str) -> Error {
    let what = match value.kind() {
        ValueKind::String => "a string",
        ValueKind::Number => "a number",
        ValueKind::Seq => "a list",
        ValueKind::Map => "a mapping",
        ValueKind::Undefined => "something undefined",
        _ => "this value",
    };
    Error::new(
        ErrorKind::UnknownMethod,
        format!("{what} has no method {method}() in Backstage's templates"),
    )
}

fn arity(method: &str, args: &[Value], min: usize, max: usize) -> Result<(), Error> {
    if args.len() < min || args.len() > max {
        return Err(Error::new(
            ErrorKind::InvalidOperation,
            format!(
                "{method}() takes {min} to {max} arguments, not {}",
                args.len()
            ),
        ));
    }
    Ok(())
}

fn utf16(s: &str) -> Vec<u16> {
    s.encode_utf16().collect()
}

fn text(units: &[u16]) -> Value {
    Value::from(String::from_utf16_lossy(units))
}

/// JavaScript's ToIntegerOrInfinity of an argument, `default` when it is absent or
/// undefined.
fn integer(arg: Option<&Value>, default: f64) -> f64 {
    match arg {
        None => default,
        Some(v) if v.is_undefined() => default,
        Some(v) => {
            let n = f64::try_from(v.clone())
                .ok()
                .or_else(|| js_string(v).trim().parse::<f64>().ok())
                .unwrap_or(f64::NAN);
            if n.is_nan() { 0.0 } else { n.trunc() }
        }
    }
}

/// A relative index (negative counts from the end) clamped to `0..=len`, as `slice` has it.
fn relative(i: f64, len: usize) -> usize {
    let len_f = len as f64;
    let at = if i < 0.0 {
        (len_f + i).max(0.0)
    } else {
        i.min(len_f)
    };
    at as usize
}

/// An index clamped to `0..=len`, as `substring` and the positions of `includes` have it.
fn clamped(i: f64, len: usize) -> usize {
    i.clamp(0.0, len as f64) as usize
}

fn find(hay: &[u16], needle: &[u16], from: usize) -> Option<usize> {
    if needle.is_empty() {
        return Some(from.min(hay.len()));
    }
    (from..=hay.len().checked_sub(needle.len())?).find(|&i| hay[i..].starts_with(needle))
}

fn rfind(hay: &[u16], needle: &[u16], from: usize) -> Option<usize> {
    let last = hay.len().checked_sub(needle.len())?;
    (0..=from.min(last))
        .rev()
        .find(|&i| hay[i..].starts_with(needle))
}

fn string(s: &str, method: &str, args: &[Value]) -> Result<Value, Error> {
    let u = utf16(s);
    let arg = |i: usize| {
        args.get(i)
            .map(js_string)
            .unwrap_or_else(|| "undefined".into())
    };
    let js_trim = |c: char| c.is_whitespace() || c == '\u{feff}';
    Ok(match method {
        "toUpperCase" | "toLowerCase" | "trim" | "trimStart" | "trimEnd" => {
            arity(method, args, 0, 0)?;
            Value::from(match method {
                "toUpperCase" => s.to_uppercase(),
                "toLowerCase" => s.to_lowercase(),
                "trim" => s.trim_matches(js_trim).to_string(),
                "trimStart" => s.trim_start_matches(js_trim).to_string(),
                _ => s.trim_end_matches(js_trim).to_string(),
            })
        }
        "split" => {
            arity(method, args, 0, 2)?;
            let limit = match args.get(1) {
                Some(v) if !v.is_undefined() => integer(Some(v), 0.0).max(0.0) as usize,
                _ => usize::MAX,
            };
            let parts: Vec<Value> = match args.first().filter(|v| !v.is_undefined()) {
                None => vec![Value::from(s)],
                Some(sep) => {
                    let sep = utf16(&js_string(sep));
                    if sep.is_empty() {
                        u.iter().map(|c| text(std::slice::from_ref(c))).collect()
                    } else {
                        let mut out = Vec::new();
                        let mut start = 0;
                        while let Some(i) = find(&u, &sep, start) {
                            out.push(text(&u[start..i]));
                            start = i + sep.len();
                        }
                        out.push(text(&u[start..]));
                        out
                    }
                }
            };
            Value::from(parts.into_iter().take(limit).collect::<Vec<_>>())
        }
        "replace" => {
            arity(method, args, 2, 2)?;
            let (pattern, with) = (arg(0), arg(1));
            match s.find(&pattern) {
                None => Value::from(s),
                Some(i) => {
                    let (before, after) = (&s[..i], &s[i + pattern.len()..]);
                    Value::from(format!(
                        "{before}{}{after}",
                        substitute(&with, &pattern, before, after)
                    ))
                }
            }
        }
        "includes" | "startsWith" | "endsWith" | "indexOf" | "lastIndexOf" => {
            arity(method, args, 1, 2)?;
            let needle = utf16(&arg(0));
            match method {
                "includes" => Value::from(
                    find(&u, &needle, clamped(integer(args.get(1), 0.0), u.len())).is_some(),
                ),
                "startsWith" => {
                    let at = clamped(integer(args.get(1), 0.0), u.len());
                    Value::from(u[at..].starts_with(&needle))
                }
                "endsWith" => {
                    let end = clamped(integer(args.get(1), u.len() as f64), u.len());
                    Value::from(u[..end].ends_with(&needle))
                }
                "indexOf" => {
                    let from = clamped(integer(args.get(1), 0.0), u.len());
                    Value::from(find(&u, &needle, from).map_or(-1, |i| i as i64))
                }
                _ => {
                    let from = clamped(integer(args.get(1), f64::INFINITY), u.len());
                    Value::from(rfind(&u, &needle, from).map_or(-1, |i| i as i64))
                }
            }
        }
        "slice" => {
            arity(method, args, 0, 2)?;
            let start = relative(integer(args.first(), 0.0), u.len());
            let end = relative(integer(args.get(1), u.len() as f64), u.len());
            text(&u[start..end.max(start)])
        }
        "substring" => {
            arity(method, args, 0, 2)?;
            let a = clamped(integer(args.first(), 0.0), u.len());
            let b = clamped(integer(args.get(1), u.len() as f64), u.len());
            text(&u[a.min(b)..a.max(b)])
        }
        "charAt" | "charCodeAt" => {
            arity(method, args, 0, 1)?;
            let i = integer(args.first(), 0.0);
            let unit = (i >= 0.0).then(|| u.get(i as usize)).flatten();
            match (method, unit) {
                ("charAt", Some(c)) => text(std::slice::from_ref(c)),
                ("charAt", None) => Value::from(""),
                (_, Some(c)) => Value::from(*c),
                (_, None) => Value::from(f64::NAN),
            }
        }
        "concat" => Value::from(format!(
            "{s}{}",
            args.iter().map(js_string).collect::<String>()
        )),
        _ => return Err(unknown(&Value::from(s), method)),
    })
}

/// `$$`, `$&`, `` $` `` and `$'` in a replacement, as `String.prototype.replace` has them.
fn substitute(with: &str, matched: &str, before: &str, after: &str) -> String {
    let mut out = String::new();
    let mut chars = with.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '$' {
            out.push(c);
            continue;
        }
        match chars.peek() {
            Some('$') => out.push('$'),
            Some('&') => out.push_str(matched),
            Some('`') => out.push_str(before),
            Some('\'') => out.push_str(after),
            _ => {
                out.push('$');
                continue;
            }
        }
        chars.next();
    }
    out
}

fn number(value: &Value, method: &str, args: &[Value]) -> Result<Value, Error> {
    let x = f64::try_from(value.clone()).unwrap_or(f64::NAN);
    match method {
        "toFixed" => {
            arity(method, args, 0, 1)?;
            let digits = integer(args.first(), 0.0);
            if !(0.0..=100.0).contains(&digits) {
                return Err(Error::new(
                    ErrorKind::InvalidOperation,
                    "toFixed() digits argument must be between 0 and 100",
                ));
            }
            Ok(Value::from(to_fixed(x, digits as usize)))
        }
        "toString" => {
            arity(method, args, 0, 1)?;
            let radix = integer(args.first(), 10.0);
            if radix == 10.0 {
                return Ok(Value::from(js_number(value)));
            }
            if !(2.0..=36.0).contains(&radix) || x.fract() != 0.0 || x.abs() > 9.007e15 {
                return Err(Error::new(
                    ErrorKind::InvalidOperation,
                    "portal writes numbers in another base only for whole numbers (radix 2 to 36)",
                ));
            }
            Ok(Value::from(radix_string(x as i64, radix as u32)))
        }
        _ => Err(unknown(value, method)),
    }
}

/// `Number.prototype.toFixed`: the exact value, rounded half up at `digits` decimals.
fn to_fixed(x: f64, digits: usize) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x.abs() >= 1e21 || x.is_infinite() {
        return js_number(&Value::from(x));
    }
    let negative = x < 0.0;
    // Every digit of a double is exact within 1,100 decimals.
    let exact = format!("{:.1100}", x.abs());
    let (int, frac) = exact.split_once('.').unwrap_or((&exact, ""));
    let mut kept: Vec<u8> = int.bytes().chain(frac.bytes().take(digits)).collect();
    if frac.as_bytes().get(digits).is_some_and(|&d| d >= b'5') {
        let mut i = kept.len();
        loop {
            if i == 0 {
                kept.insert(0, b'1');
                break;
            }
            i -= 1;
            if kept[i] == b'9' {
                kept[i] = b'0';
            } else {
                kept[i] += 1;
                break;
            }
        }
    }
    let split = kept.len() - digits;
    let (i, f) = kept.split_at(split);
    let mut out = String::from_utf8_lossy(i).into_owned();
    if digits > 0 {
        out.push('.');
        out.push_str(&String::from_utf8_lossy(f));
    }
    let zero = out.bytes().all(|b| b == b'0' || b == b'.');
    if negative && !zero {
        out.insert(0, '-');
    }
    out
}

fn radix_string(mut n: i64, radix: u32) -> String {
    if n == 0 {
        return "0".into();
    }
    let negative = n < 0;
    let mut digits = Vec::new();
    while n != 0 {
        let d = (n % i64::from(radix)).unsigned_abs() as u32;
        digits.push(std::char::from_digit(d, radix).unwrap_or('?'));
        n /= i64::from(radix);
    }
    if negative {
        digits.push('-');
    }
    digits.iter().rev().collect()
}

fn items(value: &Value) -> Vec<Value> {
    value.try_iter().map(Iterator::collect).unwrap_or_default()
}

/// SameValueZero, as `includes` compares (`indexOf` differs only for NaN).
fn same(a: &Value, b: &Value) -> bool {
    a == b
}

fn list(value: &Value, method: &str, args: &[Value]) -> Result<Value, Error> {
    if MUTATING.contains(&method) {
        return Err(Error::new(
            ErrorKind::InvalidOperation,
            format!(
                "{method}() changes its list in place, which portal does not do; build a new list instead (`concat`, `slice`, or a filter such as `sort` or `reverse`)"
            ),
        ));
    }
    let all = items(value);
    let n = all.len();
    Ok(match method {
        "join" => {
            arity(method, args, 0, 1)?;
            let sep = match args.first().filter(|v| !v.is_undefined()) {
                Some(v) => js_string(v),
                None => ",".into(),
            };
            Value::from(all.iter().map(js_string).collect::<Vec<_>>().join(&sep))
        }
        "includes" | "indexOf" | "lastIndexOf" => {
            arity(method, args, 1, 2)?;
            let x = args[0].clone();
            let found = match method {
                "lastIndexOf" => {
                    let from = integer(args.get(1), n as f64 - 1.0);
                    let from = if from < 0.0 {
                        n as f64 + from
                    } else {
                        from.min(n as f64 - 1.0)
                    };
                    (0..=(from.max(-1.0) as i64))
                        .rev()
                        .find(|&i| i >= 0 && same(&all[i as usize], &x))
                }
                _ => {
                    let from = relative(integer(args.get(1), 0.0), n);
                    (from..n).find(|&i| same(&all[i], &x)).map(|i| i as i64)
                }
            };
            if method == "includes" {
                Value::from(found.is_some())
            } else {
                Value::from(found.unwrap_or(-1))
            }
        }
        "at" => {
            arity(method, args, 1, 1)?;
            let i = integer(args.first(), 0.0);
            let i = if i < 0.0 { n as f64 + i } else { i };
            if i < 0.0 || i >= n as f64 {
                Value::UNDEFINED
            } else {
                all[i as usize].clone()
            }
        }
        "slice" => {
            arity(method, args, 0, 2)?;
            let start = relative(integer(args.first(), 0.0), n);
            let end = relative(integer(args.get(1), n as f64), n);
            Value::from(all[start..end.max(start)].to_vec())
        }
        "concat" => {
            let mut out = all;
            for a in args {
                match a.kind() {
                    ValueKind::Seq => out.extend(items(a)),
                    _ => out.push(a.clone()),
                }
            }
            Value::from(out)
        }
        "flat" => {
            arity(method, args, 0, 1)?;
            let depth = integer(args.first(), 1.0).max(0.0);
            Value::from(flat(all, depth))
        }
        _ => return Err(unknown(value, method)),
    })
}

fn flat(items_: Vec<Value>, depth: f64) -> Vec<Value> {
    let mut out = Vec::new();
    for v in items_ {
        if depth >= 1.0 && v.kind() == ValueKind::Seq {
            out.extend(flat(items(&v), depth - 1.0));
        } else {
            out.push(v);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn to_fixed_rounds_the_exact_value_half_up() {
        assert_eq!(to_fixed(2.5, 0), "3");
        assert_eq!(to_fixed(-2.5, 0), "-3");
        assert_eq!(to_fixed(0.5, 0), "1");
        assert_eq!(to_fixed(1.005, 2), "1.00");
        assert_eq!(to_fixed(2.5, 2), "2.50");
        assert_eq!(to_fixed(9.999, 2), "10.00");
        assert_eq!(to_fixed(-0.0001, 2), "0.00");
    }

    #[test]
    fn strings_count_utf16_units_as_javascript_does() {
        let s = |m: &str, a: &[Value]| string("né😀x", m, a).unwrap().to_string();
        assert_eq!(s("indexOf", &[Value::from("x")]), "4");
        assert_eq!(s("slice", &[Value::from(-1)]), "x");
        assert_eq!(s("charCodeAt", &[Value::from(1)]), "233");
    }

    #[test]
    fn methods_that_mutate_or_do_not_exist_are_refused() {
        let list = Value::from(vec![1, 2]);
        let e = call(&list, "push", &[Value::from(3)]).unwrap_err();
        assert!(e.to_string().contains("changes its list in place"), "{e}");
        let e = call(&Value::from("a"), "bold", &[]).unwrap_err();
        assert!(
            e.to_string().contains("a string has no method bold()"),
            "{e}"
        );
    }
}
