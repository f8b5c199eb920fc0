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
    check_value(&q.schema, v, &q.key, &mut problems);
    problems
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
        problems.push(format!(
            "`{key}` must be {} but is {}",
            article(kind),
            display(v)
        ));
        return;
    }
    if let Some(allowed) = schema["enum"].as_array().filter(|a| !a.contains(v)) {
        problems.push(format!(
            "`{key}` must be one of {}, not {}",
            allowed.iter().map(display).collect::<Vec<_>>().join(", "),
            display(v)
        ));
    }
    if let Some(c) = schema.get("const").filter(|c| *c != v) {
        problems.push(format!("`{key}` must be {}", display(c)));
    }
    if let Some(s) = v.as_str() {
        let len = s.chars().count() as u64;
        if let Some(min) = schema["minLength"].as_u64().filter(|m| len < *m) {
            problems.push(format!("`{key}` must be at least {min} characters long"));
        }
        if let Some(max) = schema["maxLength"].as_u64().filter(|m| len > *m) {
            problems.push(format!("`{key}` must be at most {max} characters long"));
        }
        if let Some(p) = schema["pattern"].as_str() {
            match regex::Regex::new(p) {
                Ok(re) if !re.is_match(s) => problems.push(format!(
                    "`{key}` must match the pattern {p}, and `{s}` does not"
                )),
                Ok(_) => {}
                Err(_) => problems.push(format!(
                    "the template's pattern for `{key}` ({p}) is not a valid regular expression"
                )),
            }
        }
    }
    if let Some(n) = v.as_f64() {
        if let Some(min) = schema["minimum"].as_f64().filter(|m| n < *m) {
            problems.push(format!("`{key}` must be at least {min}"));
        }
        if let Some(max) = schema["maximum"].as_f64().filter(|m| n > *m) {
            problems.push(format!("`{key}` must be at most {max}"));
        }
    }
    if let Some(items) = v.as_array() {
        if let Some(min) = schema["minItems"]
            .as_u64()
            .filter(|m| (items.len() as u64) < *m)
        {
            problems.push(format!("`{key}` needs at least {min} items"));
        }
        if let Some(max) = schema["maxItems"]
            .as_u64()
            .filter(|m| (items.len() as u64) > *m)
        {
            problems.push(format!("`{key}` takes at most {max} items"));
        }
        if schema["uniqueItems"].as_bool() == Some(true) {
            let mut seen = Vec::new();
            for i in items {
                if seen.contains(&i) {
                    problems.push(format!("`{key}` lists {} twice", display(i)));
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
    use serde_json::json;

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
