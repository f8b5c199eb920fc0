//! YAML documents with a line and column on every node, read the way Backstage reads them.
//!
//! Backstage parses catalog files with the JavaScript `yaml` package (v2, YAML 1.2 core
//! schema, merge keys off, unique keys on) and then turns each document into a plain
//! JavaScript object. This module reproduces that result, node for node, and keeps the
//! position of every key and value so that diagnostics can point at them:
//!
//! - scalars resolve by the core schema (`yes`/`on` stay strings, `0x1f` is a number);
//! - a map is a JavaScript object: keys are strings (`1` becomes `"1"`), and a key that
//!   stringifies like an earlier one replaces its value in place;
//! - two keys with equal scalar values are an error, as `yaml` reports them;
//! - aliases are expanded, with the same resource-exhaustion guard as `yaml`
//!   (`maxAliasCount: 100`), so an alias bomb is an error, not an out-of-memory;
//! - nesting is bounded, so hostile input cannot exhaust the stack.
//!
//! Parsing is built on `saphyr-parser` events rather than a ready-made tree so that
//! duplicate keys, aliases and positions are all under our control.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span, Tag};

/// Deepest nesting of sequences and mappings accepted in one document.
pub const MAX_DEPTH: usize = 256;
/// `yaml`'s default `maxAliasCount`.
const MAX_ALIAS_COUNT: u64 = 100;
/// Upper bound on nodes one document may expand to, aliases included.
const MAX_NODES: usize = 2_000_000;

/// A 1-based line and column in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
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

/// A value as JavaScript sees it after `yaml`'s `toJSON()`.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Seq(Vec<Node>),
    Map(Map),
}

/// A node: a value and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
}

/// One key of a mapping, already stringified as a JavaScript object key.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_pos: Pos,
    pub value: Node,
}

/// A mapping in insertion order with unique (stringified) keys.
#[derive(Debug, Clone, PartialEq, Default)]
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
            Value::String(s) => J::String(s.clone()),
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
            J::String(s) => Value::String(s.clone()),
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
}

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

/// Parses every document of `text`.
///
/// A syntax error ends its document; parsing resumes at the next `---` line, as the
/// `yaml` package keeps later documents of a stream usable.
pub fn parse_stream(text: &str) -> Vec<Document> {
    let mut docs = Vec::new();
    let mut offset = Offset::default();
    loop {
        let rest = &text[offset.byte..];
        match parse_from(rest, offset, &mut docs) {
            Ok(()) => break,
            Err(err_line) => match next_document_start(text, offset.byte, err_line) {
                Some(next) => offset = next,
                None => break,
            },
        }
    }
    docs
}

/// Where a resumed parse starts inside the whole text.
#[derive(Debug, Clone, Copy, Default)]
struct Offset {
    byte: usize,
    /// Lines before `byte`.
    lines: usize,
}

/// Finds the first `---` line after `after_line` (1-based, counted in the whole text).
fn next_document_start(text: &str, from_byte: usize, after_line: usize) -> Option<Offset> {
    let mut byte = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let line_no = i + 1;
        if byte > from_byte && line_no > after_line && is_document_marker(line) {
            return Some(Offset {
                byte,
                lines: line_no - 1,
            });
        }
        byte += line.len();
    }
    None
}

fn is_document_marker(line: &str) -> bool {
    let line = line.trim_end_matches(['\n', '\r']);
    line.strip_prefix("---")
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
}

/// Parses `text` (a suffix of the file starting at `offset`) into `docs`.
/// On a syntax error, records it and returns the error's line in the whole file.
fn parse_from(text: &str, offset: Offset, docs: &mut Vec<Document>) -> Result<(), usize> {
    let mut builder = Builder::new(offset);
    let mut parser = Parser::new_from_str(text);
    for item in &mut parser {
        let result = match item {
            Ok((event, span)) => builder.event(event, span),
            Err(e) => Err(scan_error(&e, offset)),
        };
        match result {
            Ok(Some(done)) => {
                docs.push(Document {
                    index: docs.len(),
                    ..done
                });
            }
            Ok(None) => {}
            Err(error) => {
                // Resume after the start of the broken document: a `---` ends it even
                // inside an unclosed flow collection, as `yaml` reads it.
                let line = builder.doc_pos.map_or(error.pos.line, |p| p.line) as usize;
                docs.push(Document {
                    index: docs.len(),
                    pos: builder.doc_pos.unwrap_or(error.pos),
                    content: DocContent::Error(error),
                });
                return Err(line);
            }
        }
    }
    Ok(())
}

fn scan_error(e: &ScanError, offset: Offset) -> YamlError {
    let m = e.marker();
    YamlError {
        rule: "yaml-syntax",
        message: describe_scan_error(e.info()),
        pos: Pos::new(m.line() + offset.lines, m.col() + 1),
    }
}

/// Rewords the scanner's messages into plain sentences.
fn describe_scan_error(info: &str) -> String {
    let info = info.trim();
    let mut s = info.to_string();
    if let Some(first) = s.get(..1) {
        let upper = first.to_uppercase();
        s.replace_range(..1, &upper);
    }
    s
}

struct AnchorData {
    node: Node,
    /// Times the anchor has been aliased so far.
    count: u64,
    /// `yaml`'s `aliasCount`, computed at the first alias.
    alias_count: u64,
    /// Alias weights of aliases nested inside the anchored node.
    nested: Vec<usize>,
}

enum Frame {
    Seq {
        pos: Pos,
        anchor: usize,
        items: Vec<Node>,
        nested_aliases: Vec<usize>,
    },
    Map {
        pos: Pos,
        anchor: usize,
        map: Map,
        key: Option<KeyNode>,
        /// Scalar keys seen, for the duplicate-key check.
        scalar_keys: Vec<Value>,
        nested_aliases: Vec<usize>,
    },
}

struct KeyNode {
    node: Node,
    scalar: bool,
}

struct Builder {
    offset: Offset,
    stack: Vec<Frame>,
    anchors: HashMap<usize, AnchorData>,
    root: Option<Node>,
    doc_pos: Option<Pos>,
    nodes: usize,
}

impl Builder {
    fn new(offset: Offset) -> Self {
        Builder {
            offset,
            stack: Vec::new(),
            anchors: HashMap::new(),
            root: None,
            doc_pos: None,
            nodes: 0,
        }
    }

    fn pos(&self, span: Span) -> Pos {
        Pos::new(span.start.line() + self.offset.lines, span.start.col() + 1)
    }

    fn event(&mut self, event: Event<'_>, span: Span) -> Result<Option<Document>, YamlError> {
        let pos = self.pos(span);
        match event {
            Event::DocumentStart(_) => {
                self.doc_pos = Some(pos);
                self.root = None;
                self.anchors.clear();
                self.nodes = 0;
            }
            Event::DocumentEnd => {
                let pos = self.doc_pos.take().unwrap_or(pos);
                let content = match self.root.take() {
                    None
                    | Some(Node {
                        value: Value::Null, ..
                    }) => DocContent::Empty,
                    Some(node) => DocContent::Node(node),
                };
                return Ok(Some(Document {
                    index: 0,
                    pos,
                    content,
                }));
            }
            Event::Scalar(text, style, anchor, tag) => {
                let value = resolve_scalar(&text, style, tag.as_deref());
                self.push(Node::new(value, pos), anchor, Vec::new(), true)?;
            }
            Event::SequenceStart(anchor, _) => {
                self.enter(pos)?;
                self.stack.push(Frame::Seq {
                    pos,
                    anchor,
                    items: Vec::new(),
                    nested_aliases: Vec::new(),
                });
            }
            Event::MappingStart(anchor, _) => {
                self.enter(pos)?;
                self.stack.push(Frame::Map {
                    pos,
                    anchor,
                    map: Map::default(),
                    key: None,
                    scalar_keys: Vec::new(),
                    nested_aliases: Vec::new(),
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (node, anchor, nested) = match self.stack.pop() {
                    Some(Frame::Seq {
                        pos,
                        anchor,
                        items,
                        nested_aliases,
                    }) => (Node::new(Value::Seq(items), pos), anchor, nested_aliases),
                    Some(Frame::Map {
                        pos,
                        anchor,
                        map,
                        nested_aliases,
                        ..
                    }) => (Node::new(Value::Map(map), pos), anchor, nested_aliases),
                    None => return Ok(None),
                };
                self.push(node, anchor, nested, false)?;
            }
            Event::Alias(id) => {
                let node = self.resolve_alias(id, pos)?;
                self.push(node, 0, vec![id], false)?;
                if let Some(frame) = self.stack.last_mut() {
                    match frame {
                        Frame::Seq { nested_aliases, .. } | Frame::Map { nested_aliases, .. } => {
                            nested_aliases.push(id);
                        }
                    }
                }
            }
            Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
        }
        Ok(None)
    }

    fn enter(&mut self, pos: Pos) -> Result<(), YamlError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(YamlError {
                rule: "too-deep",
                message: format!(
                    "Nesting is deeper than {MAX_DEPTH} levels; a catalog descriptor never needs this"
                ),
                pos,
            });
        }
        Ok(())
    }

    /// `yaml`'s `getAliasCount` for the anchored node `id`.
    fn alias_count_of(&self, id: usize) -> u64 {
        let Some(data) = self.anchors.get(&id) else {
            return 0;
        };
        if data.nested.is_empty() {
            // Scalars count 1; empty collections 0; collections of scalars 1.
            return match &data.node.value {
                Value::Seq(s) if s.is_empty() => 0,
                Value::Map(m) if m.is_empty() => 0,
                _ => 1,
            };
        }
        data.nested
            .iter()
            .filter_map(|n| self.anchors.get(n))
            .map(|a| a.count.saturating_mul(a.alias_count))
            .max()
            .unwrap_or(0)
            .max(1)
    }

    fn resolve_alias(&mut self, id: usize, pos: Pos) -> Result<Node, YamlError> {
        let alias_count = match self.anchors.get(&id) {
            Some(data) if data.alias_count == 0 => self.alias_count_of(id),
            Some(data) => data.alias_count,
            None => {
                return Err(YamlError {
                    rule: "yaml-syntax",
                    message: "Alias refers to an anchor that is not defined".into(),
                    pos,
                });
            }
        };
        let Some(data) = self.anchors.get_mut(&id) else {
            return unreachable_alias();
        };
        data.count += 1;
        data.alias_count = alias_count;
        if data.count.saturating_mul(data.alias_count) > MAX_ALIAS_COUNT {
            return Err(YamlError {
                rule: "alias-bomb",
                message:
                    "Excessive alias count indicates a resource exhaustion attack (YAML alias bomb)"
                        .into(),
                pos,
            });
        }
        let mut node = data.node.clone();
        node.pos = pos;
        self.nodes = self.nodes.saturating_add(count_nodes(&node));
        if self.nodes > MAX_NODES {
            return Err(YamlError {
                rule: "alias-bomb",
                message: format!("Document expands to more than {MAX_NODES} nodes"),
                pos,
            });
        }
        Ok(node)
    }

    fn push(
        &mut self,
        node: Node,
        anchor: usize,
        nested: Vec<usize>,
        scalar: bool,
    ) -> Result<(), YamlError> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(YamlError {
                rule: "too-large",
                message: format!("Document has more than {MAX_NODES} nodes"),
                pos: node.pos,
            });
        }
        if anchor != 0 {
            self.anchors.insert(
                anchor,
                AnchorData {
                    node: node.clone(),
                    count: 0,
                    alias_count: 0,
                    nested,
                },
            );
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map {
                map,
                key,
                scalar_keys,
                ..
            }) => match key.take() {
                None => {
                    if scalar {
                        if let Some(dup) = scalar_keys.iter().find(|k| js_strict_eq(k, &node.value))
                        {
                            return Err(YamlError {
                                rule: "duplicate-key",
                                message: format!(
                                    "Map keys must be unique: `{}` is defined twice in this mapping",
                                    display_scalar(dup)
                                ),
                                pos: node.pos,
                            });
                        }
                        scalar_keys.push(node.value.clone());
                    }
                    *key = Some(KeyNode { node, scalar });
                }
                Some(k) => {
                    let name = stringify_key(&k.node);
                    let _ = k.scalar;
                    map.insert(name, k.node.pos, node);
                }
            },
        }
        Ok(())
    }
}

fn unreachable_alias() -> Result<Node, YamlError> {
    Err(YamlError {
        rule: "yaml-syntax",
        message: "Alias refers to an anchor that is not defined".into(),
        pos: Pos::default(),
    })
}

fn count_nodes(node: &Node) -> usize {
    let mut count = 0;
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        count += 1;
        match &n.value {
            Value::Seq(items) => stack.extend(items.iter()),
            Value::Map(m) => stack.extend(m.iter().map(|e| &e.value)),
            _ => {}
        }
    }
    count
}

/// `===` between two scalar values.
fn js_strict_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        #[allow(clippy::float_cmp)]
        (Value::Number(x), Value::Number(y)) => x == y,
        (Value::String(x), Value::String(y)) => x == y,
        _ => false,
    }
}

fn display_scalar(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => js_number_to_string(*n),
        Value::String(s) => s.clone(),
        Value::Seq(_) | Value::Map(_) => "…".into(),
    }
}

/// The object key JavaScript gets for a YAML key node.
fn stringify_key(node: &Node) -> String {
    match &node.value {
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => js_number_to_string(*n),
        Value::String(s) => s.clone(),
        Value::Seq(_) | Value::Map(_) => flow_yaml(node),
    }
}

/// A collection key written back as flow YAML, as `yaml` stringifies it.
fn flow_yaml(node: &Node) -> String {
    match &node.value {
        Value::Seq(items) if items.is_empty() => "[]".into(),
        Value::Seq(items) => format!(
            "[ {} ]",
            items.iter().map(flow_yaml).collect::<Vec<_>>().join(", ")
        ),
        Value::Map(m) if m.is_empty() => "{}".into(),
        Value::Map(m) => format!(
            "{{ {} }}",
            m.iter()
                .map(|e| format!("{}: {}", e.key, flow_yaml(&e.value)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Null => "null".into(),
        _ => stringify_key(node),
    }
}

/// Resolves a scalar by the YAML 1.2 core schema, honouring explicit core tags.
fn resolve_scalar(text: &str, style: ScalarStyle, tag: Option<&Tag>) -> Value {
    if let Some(tag) = tag {
        if tag.handle == "!!" || tag.handle == "tag:yaml.org,2002:" {
            match tag.suffix.as_str() {
                "str" => return Value::String(text.to_string()),
                "null" => return Value::Null,
                "bool" => {
                    return resolve_bool(text)
                        .map_or_else(|| Value::String(text.into()), Value::Bool);
                }
                "int" | "float" => {
                    return resolve_number(text)
                        .map_or_else(|| Value::String(text.into()), Value::Number);
                }
                _ => {}
            }
        }
        // A non-specific `!` tag or an unknown tag: `yaml` keeps the string.
        if style != ScalarStyle::Plain || tag.handle == "!" && tag.suffix.is_empty() {
            return Value::String(text.to_string());
        }
        return Value::String(text.to_string());
    }
    if style != ScalarStyle::Plain {
        return Value::String(text.to_string());
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        _ => {}
    }
    if let Some(b) = resolve_bool(text) {
        return Value::Bool(b);
    }
    resolve_number(text).map_or_else(|| Value::String(text.to_string()), Value::Number)
}

fn resolve_bool(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// The core schema's int and float forms, as JavaScript numbers.
fn resolve_number(text: &str) -> Option<f64> {
    let digits = |s: &str, radix: u32| !s.is_empty() && s.chars().all(|c| c.is_digit(radix));
    if let Some(hex) = text.strip_prefix("0x") {
        return digits(hex, 16).then(|| parse_radix(hex, 16));
    }
    if let Some(oct) = text.strip_prefix("0o") {
        return digits(oct, 8).then(|| parse_radix(oct, 8));
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let negative = text.starts_with('-');
    match unsigned {
        ".inf" | ".Inf" | ".INF" => {
            return Some(if negative {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            });
        }
        ".nan" | ".NaN" | ".NAN" if unsigned.len() == text.len() => return Some(f64::NAN),
        _ => {}
    }
    // [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
        None => (unsigned, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some((int, frac)) => {
            (int.is_empty() && digits(frac, 10))
                || (digits(int, 10) && (frac.is_empty() || digits(frac, 10)))
        }
        None => digits(mantissa, 10),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['-', '+']).unwrap_or(e), 10));
    if !(mantissa_ok && exponent_ok) {
        return None;
    }
    text.parse::<f64>().ok().or_else(|| {
        // Rust rejects a few spellings JavaScript accepts, such as `1.e5`.
        text.replace(".e", ".0e").replace(".E", ".0E").parse().ok()
    })
}

fn parse_radix(digits: &str, radix: u32) -> f64 {
    digits
        .chars()
        .filter_map(|c| c.to_digit(radix))
        .fold(0.0, |acc, d| acc * f64::from(radix) + f64::from(d))
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
    fn number_strings_match_javascript() {
        assert_eq!(js_number_to_string(1.0), "1");
        assert_eq!(js_number_to_string(1.5), "1.5");
        assert_eq!(js_number_to_string(1e21), "1e+21");
        assert_eq!(js_number_to_string(-0.0), "0");
    }
}
