//! A template's questions: `spec.parameters` (form pages in JSON Schema) as a list of
//! typed questions, the `dependencies`/`oneOf` conditions between them, and checking
//! answers against the schema, every problem at once.

use serde::Serialize;
use serde_json::{Map, Value};

/// One question: a property of a page.
#[derive(Debug, Clone, Serialize)]
pub struct Question {
    /// The property's name.
    pub key: String,
    /// The title of its page (form step).
    pub page: String,
    /// Whether the page lists it under `required`.
    pub required: bool,
    /// Its JSON schema, with `ui:` keys.
    pub schema: Value,
}

impl Question {
    /// `title`, else the key.
    pub fn title(&self) -> String {
        self.schema["title"]
            .as_str()
            .map_or_else(|| self.key.clone(), str::to_string)
    }

    /// `ui:help`, else `description`.
    pub fn help(&self) -> Option<String> {
        self.schema["ui:help"]
            .as_str()
            .or(self.schema["description"].as_str())
            .map(str::to_string)
    }

    /// `type`, `string` when absent.
    pub fn kind(&self) -> &str {
        self.schema["type"].as_str().unwrap_or("string")
    }

    /// `ui:field`, such as `OwnerPicker`.
    pub fn field(&self) -> Option<&str> {
        self.schema["ui:field"].as_str()
    }

    /// `ui:widget`, such as `password`.
    pub fn widget(&self) -> Option<&str> {
        self.schema["ui:widget"].as_str()
    }

    /// Whether the answer is a secret (`ui:widget: password`, `ui:field: Secret`, or masked
    /// in Backstage's review step): it is never written to `.portal/answers.yaml`.
    pub fn is_secret(&self) -> bool {
        self.widget() == Some("password")
            || self.field() == Some("Secret")
            || !self.schema["ui:backstage"]["review"]["mask"].is_null()
    }

    /// How the question is named in a message: its title, and its key when they differ
    /// (`--set` takes the key).
    pub fn label(&self) -> String {
        let title = self.title();
        if title == self.key {
            format!("`{}`", self.key)
        } else {
            format!("{title} (`{}`)", self.key)
        }
    }

    /// `ui:options`.
    pub fn options(&self) -> &Value {
        &self.schema["ui:options"]
    }

    /// `(value, label)` pairs of an `enum`, labelled by `enumNames` when present.
    pub fn choices(&self) -> Option<Vec<(Value, String)>> {
        let schema = if self.kind() == "array" {
            &self.schema["items"]
        } else {
            &self.schema
        };
        let values = schema["enum"].as_array()?;
        let names = schema["enumNames"].as_array();
        Some(
            values
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let label = names
                        .and_then(|n| n.get(i))
                        .and_then(Value::as_str)
                        .map_or_else(|| display(v), str::to_string);
                    (v.clone(), label)
                })
                .collect(),
        )
    }
}

/// A value as the user typed it: strings without quotes, the rest as JSON.
pub fn display(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The pages of `spec.parameters` (a mapping is one page).
fn pages(parameters: &Value) -> Vec<&Value> {
    match parameters {
        Value::Array(list) => list.iter().collect(),
        Value::Object(_) => vec![parameters],
        _ => Vec::new(),
    }
}

/// The `if` of the page that asks `key`: later scaffolders show such a page only when it
/// holds (`if: ${{ parameters.cloud === 'AWS' }}`).
pub fn page_condition<'a>(parameters: &'a Value, key: &str) -> Option<&'a Value> {
    pages(parameters)
        .into_iter()
        .find(|p| p["properties"].get(key).is_some())
        .and_then(|p| p.get("if"))
}

/// Whether a page's `if` is one portal evaluates while asking: it runs in portal's own
/// process (a template's renders run in a child with bounded memory), so it may hold only
/// what cannot grow: the answers, literals, comparisons, `and`/`or`/`not`, `in`, `is`,
/// attributes and indices. A filter, a call or an operator that builds a value
/// (`|`, `(…)` after a name, `*`, `+`, `~`, `/`, `%`) is refused with the reason.
pub fn condition_is_plain(cond: &Value) -> Result<(), String> {
    let Some(text) = cond.as_str() else {
        return Ok(());
    };
    if text.len() > 1000 {
        return Err("it is longer than 1,000 characters".into());
    }
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    let mut word = String::new();
    let mut in_word = false;
    let keyword = |w: &str| matches!(w, "not" | "and" | "or" | "in" | "is" | "if" | "else");
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match quote {
            Some(_) if c == '\\' => {
                chars.next();
            }
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if matches!(c, '|' | '*' | '+' | '~' | '/' | '%') => {
                return Err(format!("it uses `{c}`"));
            }
            None if c == '(' && ((!word.is_empty() && !keyword(&word)) || prev == ')') => {
                return Err("it calls a function or a method".into());
            }
            None => {}
        }
        // The last word, while nothing but spaces follows it: `f (x)` still calls `f`.
        if quote.is_none() && (c.is_alphanumeric() || c == '_') {
            if !in_word {
                word.clear();
            }
            word.push(c);
            in_word = true;
        } else {
            in_word = false;
            if !c.is_whitespace() {
                word.clear();
            }
        }
        if !c.is_whitespace() {
            prev = c;
        }
    }
    Ok(())
}

/// An answer file's text (`--values`, a test case): a YAML or JSON mapping of parameter
/// names to values; empty is no answers. The error says where, and what is wrong.
pub fn answers_from_yaml(
    text: &str,
) -> Result<Map<String, Value>, (crate::catalog::yaml::Pos, String)> {
    use crate::catalog::yaml::{DocContent, parse_stream};
    let doc = parse_stream(text).into_iter().next().map(|d| d.content);
    match doc {
        Some(DocContent::Node(n)) => match n.to_json() {
            Value::Object(m) => Ok(m),
            Value::Null => Ok(Map::new()),
            _ => Err((
                n.pos,
                "the answers must be a mapping of parameter names to values".into(),
            )),
        },
        Some(DocContent::Error(e)) => Err((e.pos, e.message)),
        _ => Ok(Map::new()),
    }
}

/// Every question asked given the answers so far: each page's properties, plus those that
/// a `dependencies` → `oneOf` branch adds once its condition holds.
pub fn questions(parameters: &Value, answers: &Map<String, Value>) -> Vec<Question> {
    let mut out: Vec<Question> = Vec::new();
    for page in pages(parameters) {
        let title = page["title"].as_str().unwrap_or_default().to_string();
        add_properties(&mut out, page, &title);
        let Some(deps) = page["dependencies"].as_object() else {
            continue;
        };
        for (trigger, dep) in deps {
            if !answers.contains_key(trigger) {
                continue;
            }
            let branches = dep["oneOf"].as_array().or(dep["anyOf"].as_array());
            let branch = match branches {
                Some(list) => list.iter().find(|b| branch_matches(b, answers)),
                None => Some(dep),
            };
            if let Some(b) = branch {
                add_properties(&mut out, b, &title);
            }
        }
    }
    out
}

fn add_properties(out: &mut Vec<Question>, schema: &Value, page: &str) {
    let required: Vec<&str> = schema["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let Some(props) = schema["properties"].as_object() else {
        return;
    };
    for (key, prop) in props {
        // A branch that constrains the trigger (`const`/`enum`) does not ask it again.
        if let Some(existing) = out.iter_mut().find(|q| q.key == *key) {
            existing.required |= required.contains(&key.as_str());
            continue;
        }
        out.push(Question {
            key: key.clone(),
            page: page.to_string(),
            required: required.contains(&key.as_str()),
            schema: prop.clone(),
        });
    }
}

/// Whether the `const`/`enum` constraints of a `oneOf` branch hold for the answers.
fn branch_matches(branch: &Value, answers: &Map<String, Value>) -> bool {
    let Some(props) = branch["properties"].as_object() else {
        return true;
    };
    props.iter().all(|(k, p)| {
        let Some(answer) = answers.get(k) else {
            return p.get("const").is_none() && p.get("enum").is_none();
        };
        p.get("const").is_none_or(|c| c == answer)
            && p["enum"].as_array().is_none_or(|e| e.contains(answer))
    })
}

/// Checks one answer against its schema; returns what is wrong, if anything.
pub fn check(q: &Question, v: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    check_value(&q.schema, v, &q.label(), &mut problems);
    if q.field() == Some("RepoUrlPicker")
        && let Some(s) = v.as_str()
    {
        let allowed: Vec<&str> = q.options()["allowedHosts"]
            .as_array()
            .map(|l| l.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        match repo_location(s) {
            Err(e) => problems.push(format!("{}: {e}", q.label())),
            // Backstage's picker offers only these hosts; the template's publish step is
            // written for them (a GitLab repository must not reach `publish:github`).
            Ok(()) if !allowed.is_empty() => {
                let host = s.split('?').next().unwrap_or_default();
                if !allowed.contains(&host) {
                    problems.push(format!(
                        "{}: `{host}` is not a host this template publishes to (its allowedHosts: {})",
                        q.label(),
                        allowed.join(", ")
                    ));
                }
            }
            Ok(()) => {}
        }
    }
    problems
}

/// A RepoUrlPicker answer in the form Backstage's picker writes and its publish actions
/// read: `host?owner=…&repo=…` (Bitbucket and Azure DevOps use `workspace`/`project`).
/// A URL such as `https://github.com/acme/pay` is refused with that form as the fix.
pub fn repo_location(s: &str) -> Result<(), String> {
    let written = |host: &str, owner: &str, repo: &str| format!("{host}?owner={owner}&repo={repo}");
    if let Some(rest) = s.split_once("://").map(|(_, r)| r) {
        let parts: Vec<&str> = rest.split(['/', '?']).filter(|p| !p.is_empty()).collect();
        let fix = match parts.as_slice() {
            [host, owner, repo, ..] => format!(
                ": write `{}`",
                written(host, owner, repo.trim_end_matches(".git"))
            ),
            _ => String::new(),
        };
        return Err(format!(
            "`{s}` is a URL; a repository location is written host?owner=…&repo=…{fix}"
        ));
    }
    let (host, query) = s.split_once('?').unwrap_or((s, ""));
    let pairs: Vec<(&str, &str)> = query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .filter(|(_, v)| !v.is_empty())
        .collect();
    let has = |k: &str| pairs.iter().any(|(key, _)| *key == k);
    if host.is_empty() || host.contains('/') {
        let parts: Vec<&str> = host.split('/').filter(|p| !p.is_empty()).collect();
        let fix = match parts.as_slice() {
            [h, o, r, ..] => format!(": write `{}`", written(h, o, r)),
            _ => String::new(),
        };
        return Err(format!(
            "`{s}` does not start with a host; a repository location is written host?owner=…&repo=…{fix}"
        ));
    }
    let mut missing = Vec::new();
    if !has("repo") {
        missing.push("repo");
    }
    if !has("owner") && !has("project") && !has("workspace") {
        missing.push("owner");
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "`{s}` has no {}; write {}?owner=…&repo=…",
            missing.join(" and no "),
            host
        ))
    }
}

fn check_value(schema: &Value, v: &Value, key: &str, problems: &mut Vec<String>) {
    let kind = schema["type"].as_str().unwrap_or("");
    let type_ok = match kind {
        "string" => v.is_string(),
        "number" => v.is_number(),
        "integer" => v.as_i64().is_some() || v.as_u64().is_some(),
        "boolean" => v.is_boolean(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        _ => true,
    };
    if !type_ok {
        // `port: "9090"` in --values: Backstage's form and its backend's schema check
        // refuse a quoted number for an integer field too; say what to write.
        let quoted = v.as_str().filter(|s| match kind {
            "integer" => s.trim().parse::<i64>().is_ok(),
            "number" => s.trim().parse::<f64>().is_ok(),
            "boolean" => matches!(s.trim(), "true" | "false"),
            _ => false,
        });
        problems.push(match quoted {
            Some(s) => format!(
                "{key} must be {}, not the string \"{s}\": write it without quotes",
                article(kind)
            ),
            None => format!("{key} must be {} but is {}", article(kind), display(v)),
        });
        return;
    }
    if let Some(allowed) = schema["enum"].as_array().filter(|a| !a.contains(v)) {
        problems.push(format!(
            "{key} must be one of {}, not {}",
            allowed.iter().map(display).collect::<Vec<_>>().join(", "),
            display(v)
        ));
    }
    if let Some(c) = schema.get("const").filter(|c| *c != v) {
        problems.push(format!("{key} must be {}", display(c)));
    }
    if let Some(s) = v.as_str() {
        let len = s.chars().count() as u64;
        if let Some(min) = schema["minLength"].as_u64().filter(|m| len < *m) {
            problems.push(format!("{key} must be at least {min} characters long"));
        }
        if let Some(max) = schema["maxLength"].as_u64().filter(|m| len > *m) {
            problems.push(format!("{key} must be at most {max} characters long"));
        }
        if let Some(p) = schema["pattern"].as_str() {
            match regex::Regex::new(p) {
                Ok(re) if !re.is_match(s) => problems.push(match explain_pattern(p) {
                    Some(words) => format!(
                        "{key} must {words}: `{s}` does not (it must match the pattern {p})"
                    ),
                    None => format!("{key} must match the pattern {p}, and `{s}` does not"),
                }),
                Ok(_) => {}
                Err(_) => problems.push(format!(
                    "the template's pattern for {key} ({p}) is not a valid regular expression"
                )),
            }
        }
    }
    if let Some(n) = v.as_f64() {
        if let Some(min) = schema["minimum"].as_f64().filter(|m| n < *m) {
            problems.push(format!("{key} must be at least {min}"));
        }
        if let Some(max) = schema["maximum"].as_f64().filter(|m| n > *m) {
            problems.push(format!("{key} must be at most {max}"));
        }
    }
    if let Some(items) = v.as_array() {
        if let Some(min) = schema["minItems"]
            .as_u64()
            .filter(|m| (items.len() as u64) < *m)
        {
            problems.push(format!("{key} needs at least {min} items"));
        }
        if let Some(max) = schema["maxItems"]
            .as_u64()
            .filter(|m| (items.len() as u64) > *m)
        {
            problems.push(format!("{key} takes at most {max} items"));
        }
        if schema["uniqueItems"].as_bool() == Some(true) {
            let mut seen = Vec::new();
            for i in items {
                if seen.contains(&i) {
                    problems.push(format!("{key} lists {} twice", display(i)));
                }
                seen.push(i);
            }
        }
        if schema["items"].is_object() {
            for (i, item) in items.iter().enumerate() {
                check_value(&schema["items"], item, &format!("{key}[{i}]"), problems);
            }
        }
    }
}

/// One part of a simple pattern: a set of characters (or a literal) and how many.
struct Atom {
    /// How one of them is named ("a lowercase letter or digit").
    one: String,
    /// How several are named ("lowercase letters, digits and `-`").
    many: String,
    /// `(min, max)`; `None` is unbounded.
    count: (u32, Option<u32>),
    literal: bool,
}

/// A pattern such as `^[a-z][a-z0-9-]*[a-z0-9]$` in words: "start with a lowercase
/// letter, end with a lowercase letter or digit, and use only lowercase letters, digits and
/// `-`". `None` for patterns beyond anchored sequences of classes and literals.
pub fn explain_pattern(p: &str) -> Option<String> {
    let body = p.strip_prefix('^')?.strip_suffix('$')?;
    let atoms = atoms(body)?;
    let once = |a: &Atom| a.count == (1, Some(1));
    let any = |a: &Atom| a.count.1.is_none();
    let text = match atoms.as_slice() {
        [only] if any(only) && !only.literal => {
            let n = if only.count.0 > 1 {
                format!("at least {} characters, ", only.count.0)
            } else {
                String::new()
            };
            format!("be {n}only {}", only.many)
        }
        [only] if !only.literal => match only.count {
            (a, Some(b)) if a == b => format!("be exactly {a} of {}", only.many),
            (a, Some(b)) => format!("be {a} to {b} characters, only {}", only.many),
            _ => return None,
        },
        [first, middle, last] if once(first) && any(middle) && once(last) && !middle.literal => {
            format!(
                "start with {}, end with {}, and use only {}",
                first.one, last.one, middle.many
            )
        }
        [first, rest] if once(first) && any(rest) && !rest.literal => match rest.count.0 {
            0 => format!("start with {}, then use only {}", first.one, rest.many),
            1 => format!("be {} followed by one or more {}", first.one, rest.many),
            n => format!("be {} followed by at least {n} {}", first.one, rest.many),
        },
        _ => {
            let parts: Vec<String> = atoms
                .iter()
                .map(|a| match a.count {
                    _ if a.literal => a.one.clone(),
                    (1, Some(1)) => a.one.clone(),
                    (0, Some(1)) => format!("optionally {}", a.one),
                    (0, None) => format!("any number of {}", a.many),
                    (1, None) => format!("one or more {}", a.many),
                    (n, None) => format!("at least {n} {}", a.many),
                    (n, Some(m)) if n == m => format!("{n} {}", a.many),
                    (n, Some(m)) => format!("{n} to {m} {}", a.many),
                })
                .collect();
            format!("be {}", parts.join(", then "))
        }
    };
    Some(text)
}

fn atoms(body: &str) -> Option<Vec<Atom>> {
    let chars: Vec<char> = body.chars().collect();
    let mut out: Vec<Atom> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (names, literal): (Vec<(String, String)>, bool) = match chars[i] {
            '[' => {
                let end = chars[i..].iter().position(|&c| c == ']')? + i;
                let class = &chars[i + 1..end];
                i = end + 1;
                (class_names(class)?, false)
            }
            '\\' => {
                let c = *chars.get(i + 1)?;
                i += 2;
                match c {
                    'd' => (vec![("a digit".into(), "digits".into())], false),
                    'w' => (
                        vec![(
                            "a letter, digit or `_`".into(),
                            "letters, digits and `_`".into(),
                        )],
                        false,
                    ),
                    '.' | '-' | '_' | '/' | '+' => {
                        (vec![(format!("`{c}`"), format!("`{c}`"))], true)
                    }
                    _ => return None,
                }
            }
            c if c.is_alphanumeric() || matches!(c, '-' | '_' | '/' | ':' | '@') => {
                i += 1;
                (vec![(format!("`{c}`"), format!("`{c}`"))], true)
            }
            _ => return None,
        };
        let count = match chars.get(i) {
            Some('*') => {
                i += 1;
                (0, None)
            }
            Some('+') => {
                i += 1;
                (1, None)
            }
            Some('?') => {
                i += 1;
                (0, Some(1))
            }
            Some('{') => {
                let end = chars[i..].iter().position(|&c| c == '}')? + i;
                let inner: String = chars[i + 1..end].iter().collect();
                i = end + 1;
                match inner.split_once(',') {
                    None => {
                        let n = inner.trim().parse().ok()?;
                        (n, Some(n))
                    }
                    Some((a, "")) => (a.trim().parse().ok()?, None),
                    Some((a, b)) => (a.trim().parse().ok()?, Some(b.trim().parse().ok()?)),
                }
            }
            _ => (1, Some(1)),
        };
        // Literal characters in a row are one literal: `team`.
        if literal
            && count == (1, Some(1))
            && let Some(last) = out
                .last_mut()
                .filter(|a| a.literal && a.count == (1, Some(1)))
        {
            let joined = format!(
                "{}{}",
                last.one.trim_matches('`'),
                names[0].1.trim_matches('`')
            );
            last.one = format!("`{joined}`");
            last.many = last.one.clone();
            continue;
        }
        let one = if literal {
            names[0].1.clone()
        } else {
            or_list(&names.iter().map(|(one, _)| one.clone()).collect::<Vec<_>>())
        };
        let many = and_list(
            &names
                .iter()
                .map(|(_, many)| many.clone())
                .collect::<Vec<_>>(),
        );
        out.push(Atom {
            one,
            many,
            count,
            literal,
        });
    }
    Some(out)
}

/// The sets in a character class, named: `a-z0-9-` → lowercase letters, digits, `-`.
fn class_names(class: &[char]) -> Option<Vec<(String, String)>> {
    if class.first() == Some(&'^') {
        return None;
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < class.len() {
        if i + 2 < class.len() && class[i + 1] == '-' {
            let name = match (class[i], class[i + 2]) {
                ('a', 'z') => ("a lowercase letter", "lowercase letters"),
                ('A', 'Z') => ("a capital letter", "capital letters"),
                ('0', '9') => ("a digit", "digits"),
                _ => return None,
            };
            out.push((name.0.to_string(), name.1.to_string()));
            i += 3;
        } else if class[i] == '\\' {
            match class.get(i + 1)? {
                'd' => out.push(("a digit".to_string(), "digits".to_string())),
                c @ ('.' | '-' | '_' | '/') => out.push((format!("`{c}`"), format!("`{c}`"))),
                _ => return None,
            }
            i += 2;
        } else {
            let c = format!("`{}`", class[i]);
            out.push((c.clone(), c));
            i += 1;
        }
    }
    Some(out)
}

fn or_list(items: &[String]) -> String {
    join_list(items, "or")
}

fn and_list(items: &[String]) -> String {
    join_list(items, "and")
}

fn join_list(items: &[String], word: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {word} {last}", rest.join(", ")),
    }
}

fn article(kind: &str) -> String {
    match kind {
        "integer" => "an integer".into(),
        "array" => "a list".into(),
        "object" => "a mapping".into(),
        other => format!("a {other}"),
    }
}

/// Turns a `--set key=value` string into the type the question expects.
pub fn coerce(q: &Question, raw: &str) -> Result<Value, String> {
    let bad = |what: &str| format!("`{}={raw}`: {what}", q.key);
    match q.kind() {
        "integer" => raw
            .trim()
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| bad("expected an integer")),
        "number" => raw
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| bad("expected a number")),
        "boolean" => match raw.trim().to_lowercase().as_str() {
            "true" | "yes" | "y" | "1" | "on" => Ok(Value::Bool(true)),
            "false" | "no" | "n" | "0" | "off" => Ok(Value::Bool(false)),
            _ => Err(bad("expected true or false")),
        },
        "array" => {
            let items = raw.trim().trim_start_matches('[').trim_end_matches(']');
            Ok(Value::Array(
                items
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|s| Value::String(s.to_string()))
                    .collect(),
            ))
        }
        _ => Ok(Value::String(raw.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_are_explained_in_words() {
        assert_eq!(
            explain_pattern("^[a-z][a-z0-9-]*[a-z0-9]$").as_deref(),
            Some(
                "start with a lowercase letter, end with a lowercase letter or a digit, and use only lowercase letters, digits and `-`"
            )
        );
        assert_eq!(
            explain_pattern("^[a-z0-9-]+$").as_deref(),
            Some("be only lowercase letters, digits and `-`")
        );
        assert_eq!(
            explain_pattern("^team\\d+$").as_deref(),
            Some("be `team` followed by one or more digits")
        );
        assert_eq!(
            explain_pattern("^[a-zA-Z0-9_]{1,63}$").as_deref(),
            Some("be 1 to 63 characters, only lowercase letters, capital letters, digits and `_`")
        );
        assert_eq!(
            explain_pattern("^(a|b)$"),
            None,
            "beyond sequences: the pattern itself"
        );
        assert_eq!(explain_pattern("[a-z]+"), None, "unanchored");
    }

    #[test]
    fn repository_locations_in_the_pickers_form() {
        assert!(repo_location("github.com?owner=acme&repo=pay").is_ok());
        assert!(repo_location("dev.azure.com?project=p&repo=r").is_ok());
        let url = repo_location("https://github.com/acme/pay.git").unwrap_err();
        assert!(url.contains("`github.com?owner=acme&repo=pay`"), "{url}");
        let path = repo_location("github.com/acme/pay").unwrap_err();
        assert!(path.contains("`github.com?owner=acme&repo=pay`"), "{path}");
        let bare = repo_location("github.com?owner=acme").unwrap_err();
        assert!(bare.contains("no repo"), "{bare}");
    }
    use serde_json::json;

    #[test]
    fn a_page_condition_may_only_compare_answers() {
        for ok in [
            "${{ parameters.cloud === 'AWS' }}",
            "${{ parameters.on and not (parameters.x in ['a|b', \"c*d\"]) }}",
            "${{ parameters.n > -1 }}",
        ] {
            assert!(condition_is_plain(&json!(ok)).is_ok(), "{ok}");
        }
        for (bad, why) in [
            ("${{ ('x' * 100000000) == 'a' }}", "`*`"),
            ("${{ parameters.a | center(999999999) }}", "`|`"),
            ("${{ parameters.a ~ parameters.a }}", "`~`"),
            ("${{ range(10) }}", "calls"),
            ("${{ parameters.a.concat(parameters.a) }}", "calls"),
        ] {
            let e = condition_is_plain(&json!(bad)).unwrap_err();
            assert!(e.contains(why), "{bad}: {e}");
        }
    }

    #[test]
    fn pages_required_and_dependencies() {
        let params = json!([
            {"title": "About", "required": ["name"], "properties": {"name": {"type": "string"}, "docker": {"type": "boolean"}},
             "dependencies": {"docker": {"oneOf": [
                 {"properties": {"docker": {"const": true}, "registry": {"type": "string"}}, "required": ["registry"]},
                 {"properties": {"docker": {"const": false}}}
             ]}}}
        ]);
        let keys = |a: Map<String, Value>| {
            questions(&params, &a)
                .iter()
                .map(|q| (q.key.clone(), q.required))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            keys(Map::new()),
            [("name".into(), true), ("docker".into(), false)]
        );
        let mut a = Map::new();
        a.insert("docker".into(), json!(true));
        assert_eq!(
            keys(a.clone()),
            [
                ("name".into(), true),
                ("docker".into(), false),
                ("registry".into(), true)
            ]
        );
        a.insert("docker".into(), json!(false));
        assert_eq!(keys(a).len(), 2);
    }

    #[test]
    fn checks_collect_every_problem() {
        let q = Question {
            key: "name".into(),
            page: String::new(),
            required: true,
            schema: json!({"type": "string", "pattern": "^[a-z-]+$", "maxLength": 3}),
        };
        assert_eq!(check(&q, &json!("Abcd")).len(), 2);
        assert!(check(&q, &json!("ab")).is_empty());
        let n = Question {
            key: "port".into(),
            page: String::new(),
            required: false,
            schema: json!({"type": "integer", "minimum": 1024}),
        };
        assert_eq!(coerce(&n, "80").map(|v| check(&n, &v).len()), Ok(1));
        assert!(coerce(&n, "eighty").is_err());
        let tags = Question {
            key: "tags".into(),
            page: String::new(),
            required: false,
            schema: json!({"type": "array", "items": {"type": "string", "enum": ["a", "b"]}}),
        };
        assert_eq!(coerce(&tags, "a,c").map(|v| check(&tags, &v).len()), Ok(1));
    }
}
