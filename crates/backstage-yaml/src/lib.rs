//! YAML documents with a line and column on every node, read the way Backstage reads them.
//!
//! Backstage parses catalog files with the JavaScript `yaml` package (v2, YAML 1.2 core
//! schema, merge keys off, unique keys on) and then turns each document into a plain
//! JavaScript object. This crate reproduces that result, node for node, and keeps the
//! position of every key and value so that diagnostics can point at them.
//!
//! It is a port of `yaml`'s own pipeline, so that what is an error, what is a document and
//! what a scalar means are decided exactly as Backstage decides them:
//!
//! - [`lexer`] and [`cst`]: `yaml`'s lexer and concrete-syntax-tree parser;
//! - [`compose`] and [`scalars`]: its composer, with every error it reports (duplicate
//!   keys, indentation, tabs, flow collections, tags, directives…), the core schema and,
//!   under `%YAML 1.1`, the YAML 1.1 schema;
//! - [`tojs`]: its `toJSON()`: aliases (with the `maxAliasCount: 100` guard against alias
//!   bombs), JavaScript object keys (`1` becomes `"1"`, a later equal key replaces the
//!   value in place), `<<` merge keys where the schema has them.
//!
//! Nesting is bounded, so hostile input cannot exhaust the stack.

pub mod compose;
pub mod cst;
pub mod lexer;
pub mod scalars;
pub mod stringify;
pub mod tojs;

use serde::{Deserialize, Serialize};

/// A 1-based line and column in a source file.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash, Serialize, Deserialize,
)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl Pos {
    pub fn new(line: usize, col: usize) -> Self {
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Pos {
            line: clamp(line),
            col: clamp(col),
        }
    }
}

/// A scalar's text, shared between a node and its aliases.
pub type Str = std::sync::Arc<str>;

/// A value as JavaScript sees it after `yaml`'s `toJSON()`. (The serde derives are the
/// index's encoding; JSON output goes through [`AsJson`].)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    /// Shared: an alias of a long scalar costs a pointer, not a copy (99 aliases of a
    /// 20 MB scalar took 4.4 GB as copies).
    String(Str),
    Seq(Vec<Node>),
    Map(Map),
}

/// A node: a value and where it starts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
}

/// One key of a mapping, already stringified as a JavaScript object key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub key: String,
    pub key_pos: Pos,
    pub value: Node,
}

/// A mapping in insertion order with unique (stringified) keys.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Map {
    pub entries: Vec<Entry>,
}

impl Map {
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key == key)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter()
    }

    /// Inserts as a JavaScript object assignment does: an existing key keeps its place.
    pub fn insert(&mut self, key: String, key_pos: Pos, value: Node) {
        match self.entries.iter_mut().find(|e| e.key == key) {
            Some(existing) => {
                existing.key_pos = key_pos;
                existing.value = value;
            }
            None => self.entries.push(Entry {
                key,
                key_pos,
                value,
            }),
        }
    }

    pub fn remove(&mut self, key: &str) -> Option<Entry> {
        let i = self.entries.iter().position(|e| e.key == key)?;
        Some(self.entries.remove(i))
    }
}

impl Node {
    pub fn new(value: Value, pos: Pos) -> Self {
        Node { value, pos }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&Map> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }

    /// Takes the node's text (strings and keys, each alias as a copy, 8 bytes a node)
    /// from `budget`; false, as soon as it is known, when it does not fit.
    pub fn fits(&self, budget: &mut u64) -> bool {
        spend(budget, 8)
            && match &self.value {
                Value::String(s) => spend(budget, s.len() as u64),
                Value::Seq(items) => items.iter().all(|n| n.fits(budget)),
                Value::Map(m) => m
                    .iter()
                    .all(|e| spend(budget, e.key.len() as u64) && e.value.fits(budget)),
                _ => true,
            }
    }

    /// Looks up `key` when this node is a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_map()?.get(key)
    }

    /// JavaScript truthiness.
    pub fn is_truthy(&self) -> bool {
        match &self.value {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Number(n) => *n != 0.0 && !n.is_nan(),
            Value::String(s) => !s.is_empty(),
            Value::Seq(_) | Value::Map(_) => true,
        }
    }

    /// The JavaScript `typeof`-like name used in messages.
    pub fn type_name(&self) -> &'static str {
        match &self.value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Seq(_) => "array",
            Value::Map(_) => "object",
        }
    }

    /// Converts to JSON, with numbers as JavaScript's `JSON.stringify` writes them.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Number(n) => number_to_json(*n),
            Value::String(s) => J::String(s.to_string()),
            Value::Seq(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(m) => J::Object(
                m.iter()
                    .map(|e| (e.key.clone(), e.value.to_json()))
                    .collect(),
            ),
        }
    }

    /// Builds a node from JSON (used for `$json` placeholders), every node at `pos`.
    pub fn from_json(value: &serde_json::Value, pos: Pos) -> Node {
        use serde_json::Value as J;
        let value = match value {
            J::Null => Value::Null,
            J::Bool(b) => Value::Bool(*b),
            J::Number(n) => Value::Number(n.as_f64().unwrap_or(f64::NAN)),
            J::String(s) => Value::String(s.as_str().into()),
            J::Array(items) => Value::Seq(items.iter().map(|v| Node::from_json(v, pos)).collect()),
            J::Object(o) => Value::Map(Map {
                entries: o
                    .iter()
                    .map(|(k, v)| Entry {
                        key: k.clone(),
                        key_pos: pos,
                        value: Node::from_json(v, pos),
                    })
                    .collect(),
            }),
        };
        Node { value, pos }
    }
}

/// Takes `n` from `budget`; false, leaving it, when it holds less.
pub fn spend(budget: &mut u64, n: u64) -> bool {
    match budget.checked_sub(n) {
        Some(left) => {
            *budget = left;
            true
        }
        None => false,
    }
}

/// Serializes a node as `to_json` converts it, without building the JSON value first.
pub struct AsJson<'a>(pub &'a Node);

impl Serialize for AsJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match &self.0.value {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Number(n) => number_to_json(*n).serialize(s),
            Value::String(text) => s.serialize_str(text),
            Value::Seq(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&AsJson(item))?;
                }
                seq.end()
            }
            Value::Map(m) => {
                let mut map = s.serialize_map(Some(m.len()))?;
                for e in m.iter() {
                    map.serialize_entry(&e.key, &AsJson(&e.value))?;
                }
                map.end()
            }
        }
    }
}

fn number_to_json(n: f64) -> serde_json::Value {
    if !n.is_finite() {
        // JSON.stringify writes NaN and Infinity as null.
        return serde_json::Value::Null;
    }
    if n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 {
        // Exact: the magnitude is below 2^53.
        #[allow(clippy::cast_possible_truncation)]
        return serde_json::Value::from(n as i64);
    }
    serde_json::Number::from_f64(n).map_or(serde_json::Value::Null, serde_json::Value::Number)
}

/// JavaScript's `String(number)` for the values YAML can produce.
pub fn js_number_to_string(n: f64) -> String {
    if n.is_nan() {
        return "NaN".into();
    }
    if n.is_infinite() {
        return if n > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    if n == 0.0 {
        return "0".into();
    }
    let abs = n.abs();
    if (1e-7..1e21).contains(&abs) {
        // Rust's shortest round-trip formatting matches JavaScript's in this range.
        return format!("{n}");
    }
    // Exponent form: shortest digits, JavaScript's `1e+21` / `1.5e-8` spelling.
    let s = format!("{n:e}");
    match s.split_once('e') {
        Some((mantissa, exp)) if !exp.starts_with('-') => format!("{mantissa}e+{exp}"),
        _ => s,
    }
}

/// A YAML syntax error, at the place the parser gave up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// The rule id reported for it: `yaml-syntax`, `duplicate-key`, `alias-bomb`, `too-deep`.
    pub rule: &'static str,
    pub message: String,
    pub pos: Pos,
    /// Where the unclosed quote or bracket the error is about opened (the parser's `pos`
    /// is where it gave up).
    pub opened: Option<Pos>,
}

/// Deepest nesting of sequences and mappings accepted in one document. `yaml` itself
/// overflows its call stack somewhat deeper and then rejects the document.
pub const MAX_DEPTH: usize = 900;

/// One document of a YAML stream.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// 0-based position in the stream, empty documents counted.
    pub index: usize,
    /// Where the document starts.
    pub pos: Pos,
    pub content: DocContent,
}

#[derive(Debug, Clone, PartialEq)]
pub enum DocContent {
    /// Nothing, or only `null`: skipped as Backstage skips it.
    Empty,
    Node(Node),
    Error(YamlError),
}

/// Every document of `text` as JSON text, as `JSON.stringify(doc.toJSON())` writes it, or
/// `"ERR"` for a document with an error: the form the differential check compares with the
/// npm package's (`differential/`, README).
pub fn dump(text: &str) -> Vec<String> {
    parse_stream(text)
        .iter()
        .map(|d| match &d.content {
            DocContent::Error(_) => "ERR".to_string(),
            DocContent::Empty => "null".to_string(),
            DocContent::Node(n) => n.to_json().to_string(),
        })
        .collect()
}

/// Parses every document of `text`, as `yaml`'s `parseAllDocuments` and `toJSON()` do.
///
/// A document with an error gets the first one `yaml` reports for it; the other
/// documents of the stream are unaffected.
pub fn parse_stream(text: &str) -> Vec<Document> {
    let parsed = cst::parse(text);
    if parsed.max_depth <= SHALLOW {
        return build_documents(text, parsed);
    }
    // Composing recurses once per level of nesting: give deep input a stack of its own.
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .name("yaml".into())
            .stack_size(DEEP_STACK)
            .spawn_scoped(s, move || build_documents(text, parsed))
            .ok()
            .and_then(|h| h.join().ok())
    })
    .unwrap_or_else(|| {
        vec![Document {
            index: 0,
            pos: Pos::new(1, 1),
            content: DocContent::Error(YamlError {
                rule: "too-deep",
                message: "Nesting is too deep to read".into(),
                pos: Pos::new(1, 1),
                opened: None,
            }),
        }]
    })
}

/// Nesting that any thread's stack holds.
const SHALLOW: usize = 48;
/// The stack for composing deeper documents.
const DEEP_STACK: usize = 256 * 1024 * 1024;

fn build_documents(text: &str, parsed: cst::Parsed<'_>) -> Vec<Document> {
    let lines = LineIndex::new(text);
    let docs = compose::compose(parsed.tokens);
    let starts: Vec<usize> = docs.iter().map(|d| d.offset).collect();
    let too_deep = |i: usize| {
        let end = starts.get(i + 1).copied().unwrap_or(usize::MAX);
        parsed
            .too_deep
            .iter()
            .find(|o| **o >= starts[i] && **o < end)
            .copied()
    };
    let last = docs.len().saturating_sub(1);
    docs.iter()
        .enumerate()
        .map(|(index, doc)| {
            // Reading stopped inside the last document.
            let content = if let Some(offset) = parsed.too_large.filter(|_| index == last) {
                DocContent::Error(YamlError {
                    rule: "too-large",
                    message: format!(
                        "The file is too large to read: more than {} YAML tokens; reading stopped here",
                        lexer::MAX_LEXEMES
                    ),
                    pos: lines.pos(offset),
                    opened: None,
                })
            } else if let Some(offset) = too_deep(index) {
                DocContent::Error(YamlError {
                    rule: "too-deep",
                    message: format!(
                        "Nesting is deeper than {MAX_DEPTH} levels; Backstage cannot read it"
                    ),
                    pos: lines.pos(offset),
                    opened: None,
                })
            } else if let Some((offset, message)) = doc.errors.first() {
                let opened = doc.opened.iter().find(|(i, _)| *i == 0).map(|(_, o)| *o);
                DocContent::Error(YamlError {
                    rule: rule_of(message),
                    message: message.clone(),
                    pos: lines.pos(*offset),
                    opened: opened.map(|o| lines.pos(o)),
                })
            } else {
                match tojs::to_node(doc, &lines) {
                    Ok(Some(node)) => DocContent::Node(node),
                    Ok(None) => DocContent::Empty,
                    Err(e) => DocContent::Error(e),
                }
            };
            Document {
                index,
                pos: lines.pos(doc.offset),
                content,
            }
        })
        .collect()
}

fn rule_of(message: &str) -> &'static str {
    if message.starts_with("Map keys must be unique") {
        "duplicate-key"
    } else if message.starts_with("Maximum call stack") {
        "too-deep"
    } else {
        "yaml-syntax"
    }
}

/// Byte offsets to 1-based lines and columns (columns count characters).
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// The last `(offset, column)` asked for: columns are counted on from it when the
    /// next offset is later on the same line, so a 60 MB line costs linear time.
    last: std::cell::Cell<(usize, usize)>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex {
            text,
            starts,
            last: std::cell::Cell::new((0, 0)),
        }
    }

    pub fn pos(&self, offset: usize) -> Pos {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|s| *s <= offset).max(1);
        let start = self.starts[line - 1];
        let (last, last_col) = self.last.get();
        let counted = (start <= last && last <= offset)
            .then(|| self.text.get(last..offset))
            .flatten()
            .map(|s| last_col + s.chars().count());
        let col = counted.unwrap_or_else(|| {
            self.text
                .get(start..offset)
                .map_or(offset - start, |s| s.chars().count())
        });
        if self.text.is_char_boundary(offset) {
            self.last.set((offset, col));
        }
        Pos::new(line, col + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Node {
        let docs = parse_stream(text);
        match &docs[0].content {
            DocContent::Node(n) => n.clone(),
            other => panic!("expected a node, got {other:?}"),
        }
    }

    fn error(text: &str) -> YamlError {
        match &parse_stream(text)[0].content {
            DocContent::Error(e) => e.clone(),
            other => panic!("expected an error, got {other:?}"),
        }
    }

    #[test]
    fn core_schema_scalars() {
        let n = one(
            "a: yes\nb: on\nc: 0x1f\nd: 0o17\ne: 1.5e3\nf: ~\ng: 'true'\nh: TRUE\ni: .inf\nj: 2001-01-01\n",
        );
        let m = n.as_map().unwrap();
        assert_eq!(m.get("a").unwrap().value, Value::String("yes".into()));
        assert_eq!(m.get("b").unwrap().value, Value::String("on".into()));
        assert_eq!(m.get("c").unwrap().value, Value::Number(31.0));
        assert_eq!(m.get("d").unwrap().value, Value::Number(15.0));
        assert_eq!(m.get("e").unwrap().value, Value::Number(1500.0));
        assert_eq!(m.get("f").unwrap().value, Value::Null);
        assert_eq!(m.get("g").unwrap().value, Value::String("true".into()));
        assert_eq!(m.get("h").unwrap().value, Value::Bool(true));
        assert_eq!(m.get("i").unwrap().value, Value::Number(f64::INFINITY));
        assert_eq!(
            m.get("j").unwrap().value,
            Value::String("2001-01-01".into())
        );
    }

    #[test]
    fn positions_are_one_based() {
        let n = one("kind: Component\nmetadata:\n  name: x\n");
        let md = n.get("metadata").unwrap();
        let e = md.as_map().unwrap().entry("name").unwrap();
        assert_eq!(e.key_pos, Pos { line: 3, col: 3 });
        assert_eq!(e.value.pos, Pos { line: 3, col: 9 });
    }

    #[test]
    fn duplicate_keys_are_errors_but_merge_keys_are_plain() {
        let e = error("a: 1\nb: 2\na: 3\n");
        assert!(e.message.contains("unique"), "{e:?}");
        assert_eq!(e.pos, Pos { line: 3, col: 1 });
        let n = one("<<: {a: 1}\nb: 2\n");
        assert!(n.get("<<").is_some());
        // 1 and "1" differ under ===, but collapse into one object key.
        let n = one("1: a\n'1': b\n");
        assert_eq!(n.as_map().unwrap().len(), 1);
        assert_eq!(n.get("1").unwrap().value, Value::String("b".into()));
    }

    #[test]
    fn documents_are_counted_with_empty_ones_and_errors_do_not_stop_the_stream() {
        let docs = parse_stream("---\n---\na: 1\n---\nb: [\n---\nc: 3\n");
        let kinds: Vec<_> = docs
            .iter()
            .map(|d| match d.content {
                DocContent::Empty => "empty",
                DocContent::Node(_) => "node",
                DocContent::Error(_) => "error",
            })
            .collect();
        assert_eq!(kinds, ["empty", "node", "error", "node"]);
        assert_eq!(docs[3].index, 3);
        let DocContent::Node(n) = &docs[3].content else {
            unreachable!()
        };
        assert_eq!(n.pos.line, 7);
    }

    #[test]
    fn alias_bomb_is_an_error() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let mut prev = 'a';
        for name in ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'] {
            let refs = vec![format!("*{prev}"); 10].join(", ");
            text.push_str(&format!("{name}: &{name} [{refs}]\n"));
            prev = name;
        }
        let e = error(&text);
        assert!(e.message.contains("alias"), "{e:?}");
    }

    #[test]
    fn small_alias_use_is_fine() {
        let n = one("a: &x {k: v}\nb: *x\n");
        assert_eq!(n.get("b").unwrap().get("k").unwrap().as_str(), Some("v"));
        assert_eq!(n.get("b").unwrap().pos.line, 2);
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let text = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(matches!(
            parse_stream(&text)[0].content,
            DocContent::Error(_)
        ));
    }

    #[test]
    fn deep_documents_do_not_exhaust_a_small_thread_stack() {
        // Scans run on threads with Rust's default 2 MiB stack.
        let handle = std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(|| {
                let depth = MAX_DEPTH - 10;
                let flow = format!("a: {}x{}\n", "[".repeat(depth), "]".repeat(depth));
                let block: String = (0..depth)
                    .map(|i| format!("{}k:\n", "  ".repeat(i)))
                    .chain([format!("{}leaf: x\n", "  ".repeat(depth))])
                    .collect();
                for text in [flow, block] {
                    let docs = parse_stream(&text);
                    let DocContent::Node(n) = &docs[0].content else {
                        panic!("{:?}", docs[0].content)
                    };
                    assert!(n.to_json().is_object());
                }
                let too_deep = format!(
                    "a: {}x{}\n",
                    "[".repeat(MAX_DEPTH + 5),
                    "]".repeat(MAX_DEPTH + 5)
                );
                assert!(matches!(
                    parse_stream(&too_deep)[0].content,
                    DocContent::Error(_)
                ));
            })
            .unwrap();
        handle.join().unwrap();
    }

    #[test]
    fn number_strings_match_javascript() {
        assert_eq!(js_number_to_string(1.0), "1");
        assert_eq!(js_number_to_string(1.5), "1.5");
        assert_eq!(js_number_to_string(1e21), "1e+21");
        assert_eq!(js_number_to_string(-0.0), "0");
    }

    /// Each document as `yaml`'s `toJSON()` gives it (JSON), `ERR` for an error; the
    /// expected strings were produced by the JavaScript `yaml` package v2.9.1.
    fn as_js(text: &str) -> String {
        dump(text).join(" | ")
    }

    #[test]
    fn reads_what_the_javascript_yaml_package_reads() {
        let cases: &[(&str, &str, &str)] = &[
            ("bom", "\u{feff}\u{feff}a: 1\n", "{\"\u{feff}a\":1}"),
            (
                "bom",
                "\u{feff}a: 1\n---\n\u{feff}b: 2\n",
                "{\"a\":1} | {\"\u{feff}b\":2}",
            ),
            ("compact", "a: b: c\n", "ERR"),
            ("compact", "- a: b: c\n", "ERR"),
            ("docs", "a: 1\n--- x\n", "{\"a\":1} | \"x\""),
            ("docs", "a: 1\n...\nb: 2\n", "{\"a\":1} | {\"b\":2}"),
            (
                "docs",
                "--- |\n  text\n---\na: 1\n",
                "\"text\\n\" | {\"a\":1}",
            ),
            ("docs", "a: 1\n---x\n", "ERR"),
            ("docs", "---\n---\n", "null | null"),
            ("docs", "a: [1,\n---\nb: 2\n", "ERR | {\"b\":2}"),
            ("docs", "...\na: 1\n", "null | {\"a\":1}"),
            (
                "directive",
                "%YAML 1.1\n---\na: yes\nb: 0b11\nc: 1_000\n---\nd: on\n",
                "{\"a\":true,\"b\":3,\"c\":1000} | {\"d\":true}",
            ),
            (
                "directive",
                "%YAML 1.2\n---\na: yes\n---\nb: on\n",
                "{\"a\":\"yes\"} | {\"b\":\"on\"}",
            ),
            ("directive", "%YAML 1.2\na: 1\n", "ERR"),
            ("directive", "%FOO bar\n---\na: 1\n", "{\"a\":1}"),
            ("directive", "%YAML 2.0\n---\na: 1\n", "{\"a\":1}"),
            (
                "directive",
                "%YAML 1.1\n---\nd: 2001-12-14\n",
                "{\"d\":\"2001-12-14T00:00:00.000Z\"}",
            ),
            (
                "directive",
                "%YAML 1.1\n---\nbase: &b {x: 1}\nm:\n  <<: *b\n  y: 2\n",
                "{\"base\":{\"x\":1},\"m\":{\"x\":1,\"true\":2}}",
            ),
            (
                "directive",
                "a: 1\n%YAML 1.2\n---\nb: 2\n",
                "ERR | {\"b\":2}",
            ),
            ("tabs", "a:\n\tb: 1\n", "ERR"),
            ("tabs", "a:\t1\n", "{\"a\":1}"),
            ("tabs", "a: 1\t\n", "{\"a\":1}"),
            ("tabs", "- \ta\n", "[\"a\"]"),
            ("flow", "{a:1}\n", "{\"a:1\":null}"),
            ("flow", "{\"a\":1}\n", "{\"a\":1}"),
            ("flow", "a: [b, c,]\n", "{\"a\":[\"b\",\"c\"]}"),
            ("flow", "a: [,]\n", "ERR"),
            ("flow", "a: {b: 1,}\n", "{\"a\":{\"b\":1}}"),
            ("flow", "a: [b: c]\n", "{\"a\":[{\"b\":\"c\"}]}"),
            ("flow", "a: [b c]\n", "{\"a\":[\"b c\"]}"),
            ("flow", "a: {b, c}\n", "{\"a\":{\"b\":null,\"c\":null}}"),
            ("flow", "a: [\nb]\n", "ERR"),
            ("flow", "a: [\n  b\n]\n", "{\"a\":[\"b\"]}"),
            ("flow", "a: [b] x\n", "ERR"),
            ("flow", "a: {b: 1}}\n", "ERR"),
            ("anchor", "a: &x 1\nb: *x\n", "{\"a\":1,\"b\":1}"),
            ("anchor", "a: *x\n", "ERR"),
            (
                "anchor",
                "a: &x 1\nb: &x 2\nc: *x\n",
                "{\"a\":1,\"b\":2,\"c\":2}",
            ),
            ("anchor", "&k a: 1\n*k : 2\n", "{\"a\":2}"),
            ("anchor", "a: &x [1]\n*x : 2\n", "{\"a\":[1],\"*x\":2}"),
            ("anchor", "a: *x y\n", "ERR"),
            ("merge", "<<: {a: 1}\nb: 2\n", "{\"<<\":{\"a\":1},\"b\":2}"),
            ("merge", "<<: 1\n<<: 2\n", "ERR"),
            (
                "scalar",
                "a: 0x1F\nb: 0o17\nc: 017\nd: 1e3\ne: .5\nf: +1\ng: -0\nh: .NaN\ni: 1_000\nj: 0X1\n",
                "{\"a\":31,\"b\":15,\"c\":17,\"d\":1000,\"e\":0.5,\"f\":1,\"g\":0,\"h\":null,\"i\":\"1_000\",\"j\":\"0X1\"}",
            ),
            (
                "scalar",
                "a: \"\\x41\\u00e9\"\nb: 'it''s'\nc: \"\\N\"\n",
                "{\"a\":\"A\u{e9}\",\"b\":\"it's\",\"c\":\"\u{85}\"}",
            ),
            ("scalar", "a: \"\\q\"\n", "ERR"),
            ("scalar", "a: @x\n", "ERR"),
            ("scalar", "a: `x\n", "ERR"),
            ("scalar", "a: %x\n", "ERR"),
            ("scalar", "a: \"unterminated\n", "ERR"),
            (
                "scalar",
                "a: 'it\n  continues'\n",
                "{\"a\":\"it continues\"}",
            ),
            (
                "scalar",
                "a: word\n  continued\n",
                "{\"a\":\"word continued\"}",
            ),
            ("scalar", "a: word\ncontinued\n", "ERR"),
            ("comment", "a: 1 #c\nb: 2#c\n", "{\"a\":1,\"b\":\"2#c\"}"),
            ("comment", "a: \"x\"#c\n", "ERR"),
            ("comment", "a:\n  # c\n  b: 1\n # d\n", "{\"a\":{\"b\":1}}"),
            (
                "block",
                "a: |\n  x\n  y\nb: >-\n  p\n  q\n",
                "{\"a\":\"x\\ny\\n\",\"b\":\"p q\"}",
            ),
            ("block", "a: |10\n  x\n", "ERR"),
            ("block", "a: |x\n  x\n", "ERR"),
            ("block", "a: |\n    x\n  y\n", "ERR"),
            ("block", "a: |\n\n   x\n  y\n", "ERR"),
            ("block", "a: |+\n  x\n\n", "{\"a\":\"x\\n\\n\"}"),
            ("block", "a: |\nx\n", "ERR"),
            (
                "tag",
                "a: !!str 1\nb: !!int \"2\"\nc: !!float 1\nd: !custom x\ne: !!bool yes\n",
                "{\"a\":\"1\",\"b\":2,\"c\":\"1\",\"d\":\"x\",\"e\":\"yes\"}",
            ),
            ("tag", "a: !e!x y\n", "ERR"),
            ("tag", "a: !!timestamp x\n", "ERR"),
            (
                "tag",
                "a: !!timestamp 2001-01-01\n",
                "{\"a\":\"2001-01-01T00:00:00.000Z\"}",
            ),
            (
                "tag",
                "a: !!binary aGVsbG8=\n",
                "{\"a\":{\"type\":\"Buffer\",\"data\":[104,101,108,108,111]}}",
            ),
            ("tag", "a: !<tag:yaml.org,2002:str> 5\n", "{\"a\":\"5\"}"),
            ("tag", "a: !!set {x, y}\n", "{\"a\":{}}"),
            (
                "tag",
                "a: !!pairs [x: 1, y]\n",
                "{\"a\":[{\"x\":1},{\"y\":null}]}",
            ),
            ("tag", "a: !!str\n  - b\n", "{\"a\":[\"b\"]}"),
            ("tag", "a: !!str [b]\n", "{\"a\":[\"b\"]}"),
            ("keys", "1: a\n0x1: b\n", "ERR"),
            ("keys", "1: a\n\"1\": b\n", "{\"1\":\"b\"}"),
            ("keys", "true: a\nnull: b\n~: c\n", "ERR"),
            (
                "keys",
                "[a, b]: 1\n{c: d}: 2\n",
                "{\"[ a, b ]\":1,\"{ c: d }\":2}",
            ),
            ("keys", "? a\n: 1\n? b\n", "{\"a\":1,\"b\":null}"),
            ("keys", ".nan: 1\n.nan: 2\n", "{\"NaN\":2}"),
            (
                "keys",
                "__proto__: 1\nconstructor: 2\n",
                "{\"__proto__\":1,\"constructor\":2}",
            ),
            ("keys", "a\n  b: 1\n", "ERR"),
            ("indent", "a:\n  b: 1\n c: 2\n", "ERR"),
            ("indent", "a:\n- b\n- c\n", "{\"a\":[\"b\",\"c\"]}"),
            ("indent", "a:\n  - b\n - c\n", "ERR"),
            ("indent", "- a\n -b\n", "[\"a -b\"]"),
            ("indent", "a: 1\n  b: 2\n", "ERR"),
            ("crlf", "a: 1\r\nb:\r\n  - c\r\n", "{\"a\":1,\"b\":[\"c\"]}"),
            ("crlf", "a: 1\rb: 2\n", "ERR"),
            (
                "empty",
                "a:\nb: \"\"\nc: ~\n",
                "{\"a\":null,\"b\":\"\",\"c\":null}",
            ),
            ("root", "- a\n- b\n", "[\"a\",\"b\"]"),
            ("root", "just text\n", "\"just text\""),
            ("root", "", ""),
            ("root", "# only\n", ""),
            ("unicode", "a: b\u{85}c\n", "{\"a\":\"b\u{85}c\"}"),
            ("unicode", "a: b\u{2028}c\n", "{\"a\":\"b\u{2028}c\"}"),
            ("unicode", "a: \u{a0}\n", "{\"a\":\"\u{a0}\"}"),
            ("unicode", "a: \u{1}\n", "{\"a\":\"\\u0001\"}"),
        ];
        let mut failures = Vec::new();
        for (class, text, expected) in cases {
            let got = as_js(text);
            if got != *expected {
                failures.push(format!(
                    "[{class}] {text:?}: expected {expected}, got {got}"
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn an_implicit_key_is_at_most_1024_characters() {
        let key = "k".repeat(1020);
        assert_eq!(as_js(&format!("{key}: 1\n")), format!("{{\"{key}\":1}}"));
        assert_eq!(as_js(&format!("{}: 1\n", "k".repeat(1030))), "ERR");
    }
}
