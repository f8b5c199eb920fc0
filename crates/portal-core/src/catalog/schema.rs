//! The JSON-schema checks Backstage's validators run, written as small typed checks.
//!
//! Backstage validates with ajv and `allErrors: true`; these functions report every
//! problem they find in the same places, each with a position and a plain message.

use super::diagnostic::Finding;
use super::yaml::{Map, Node, Value};

/// What a field must hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A string of at least one character.
    NonEmpty,
    /// Any string.
    Str,
    /// A list of strings of at least one character.
    NonEmptyList,
    /// A list of any strings.
    StrList,
    /// A mapping of anything.
    Map,
    /// A string or a boolean.
    StrOrBool,
    /// `displayName`, `email`, `picture`: non-empty strings.
    Profile,
    /// One of a fixed set of strings.
    OneOf(&'static [&'static str]),
}

/// One field of a schema.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub shape: Shape,
    pub required: bool,
}

pub const fn req(name: &'static str, shape: Shape) -> Field {
    Field {
        name,
        shape,
        required: true,
    }
}

pub const fn opt(name: &'static str, shape: Shape) -> Field {
    Field {
        name,
        shape,
        required: false,
    }
}

/// Collects findings while checking.
#[derive(Debug, Default)]
pub struct Checker {
    pub findings: Vec<Finding>,
}

impl Checker {
    pub fn push(&mut self, f: Finding) {
        self.findings.push(f);
    }

    pub fn has_errors(&self) -> bool {
        !self.findings.is_empty()
    }

    /// Checks `fields` of `map` (found at `path`, a mapping starting at `map_node`).
    pub fn fields(&mut self, map_node: &Node, path: &str, fields: &[Field]) {
        let Some(map) = map_node.as_map() else {
            return;
        };
        for field in fields {
            let field_path = join(path, field.name);
            match map.get(field.name) {
                None if field.required => self.push(
                    Finding::error(
                        "missing-field",
                        map_node.pos,
                        format!("`{field_path}` is required but missing"),
                    )
                    .hint(format!(
                        "add `{}:` {}",
                        field.name,
                        describe(field.shape)
                    )),
                ),
                None => {}
                Some(value) => self.shape(value, &field_path, field.shape),
            }
        }
    }

    /// Checks that `node` (at `path`) has `shape`.
    pub fn shape(&mut self, node: &Node, path: &str, shape: Shape) {
        match shape {
            Shape::NonEmpty => self.string(node, path, true),
            Shape::Str => self.string(node, path, false),
            Shape::NonEmptyList | Shape::StrList => {
                let Some(items) = self.seq(node, path) else {
                    return;
                };
                for (i, item) in items.iter().enumerate() {
                    self.string(item, &format!("{path}[{i}]"), shape == Shape::NonEmptyList);
                }
            }
            Shape::Map => {
                self.map(node, path);
            }
            Shape::StrOrBool => {
                if !matches!(node.value, Value::String(_) | Value::Bool(_)) {
                    self.wrong_type(node, path, "a string or a boolean");
                }
            }
            Shape::Profile => {
                if self.map(node, path).is_some() {
                    let profile = [
                        opt("displayName", Shape::NonEmpty),
                        opt("email", Shape::NonEmpty),
                        opt("picture", Shape::NonEmpty),
                    ];
                    self.fields(node, path, &profile);
                }
            }
            Shape::OneOf(allowed) => match node.as_str() {
                Some(s) if allowed.contains(&s) => {}
                Some(s) => self.push(
                    Finding::error(
                        "invalid-value",
                        node.pos,
                        format!(
                            "`{path}` is `{s}`, which is not one of: {}",
                            allowed.join(", ")
                        ),
                    )
                    .hint(format!("use one of: {}", allowed.join(", "))),
                ),
                None => self.wrong_type(node, path, &format!("one of: {}", allowed.join(", "))),
            },
        }
    }

    pub fn string(&mut self, node: &Node, path: &str, non_empty: bool) {
        match &node.value {
            Value::String(s) if non_empty && s.is_empty() => self.push(
                Finding::error(
                    "empty-value",
                    node.pos,
                    format!("`{path}` must not be empty"),
                )
                .hint("give it a value, or remove the key"),
            ),
            Value::String(_) => {}
            _ => self.wrong_type(node, path, "a string"),
        }
    }

    pub fn seq<'n>(&mut self, node: &'n Node, path: &str) -> Option<&'n [Node]> {
        let items = node.as_seq();
        if items.is_none() {
            self.wrong_type(node, path, "a list");
        }
        items
    }

    pub fn map<'n>(&mut self, node: &'n Node, path: &str) -> Option<&'n Map> {
        let map = node.as_map();
        if map.is_none() {
            self.wrong_type(node, path, "a mapping");
        }
        map
    }

    pub fn wrong_type(&mut self, node: &Node, path: &str, expected: &str) {
        let mut finding = Finding::error(
            "wrong-type",
            node.pos,
            format!("`{path}` must be {expected}, but is {}", article(node)),
        );
        if expected == "a string" && matches!(node.value, Value::Number(_) | Value::Bool(_)) {
            finding = finding.hint("quote the value to make it a string");
        } else if expected == "a list" && matches!(node.value, Value::String(_)) {
            finding = finding.hint("write it as a list: `- value` on the next line, or `[value]`");
        }
        self.push(finding);
    }
}

/// `a.b` path joining, for messages.
pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn describe(shape: Shape) -> &'static str {
    match shape {
        Shape::NonEmpty | Shape::Str => "with a string value",
        Shape::NonEmptyList | Shape::StrList => "with a list of strings (it may be empty: `[]`)",
        Shape::Map | Shape::Profile => "with a mapping",
        Shape::StrOrBool => "with a string or a boolean",
        Shape::OneOf(_) => "with one of the allowed values",
    }
}

/// "a number (5)", "null", "a list" …: what the node is, for messages.
pub fn article(node: &Node) -> String {
    match &node.value {
        Value::Null => "null (an empty value)".into(),
        Value::Bool(b) => format!("a boolean ({b})"),
        Value::Number(n) => format!("a number ({})", super::yaml::js_number_to_string(*n)),
        Value::String(_) => "a string".into(),
        Value::Seq(_) => "a list".into(),
        Value::Map(_) => "a mapping".into(),
    }
}
