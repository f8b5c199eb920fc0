//! A composed document turned into the value `yaml`'s `toJSON()` gives (`nodes/toJS.ts`,
//! `nodes/Alias.ts`, `nodes/addPairToJSMap.ts`), with positions kept.
//!
//! Aliases take the value of the last anchor of that name before them, counted as
//! `yaml` counts them (`maxAliasCount: 100`); map keys are stringified as JavaScript
//! object keys; `<<` merges where the document's schema makes it a merge key.

use std::collections::HashMap;

use super::compose::{Ast, Doc, Kind, Pair};
use super::scalars::{Sv, iso_date};
use super::{Entry, LineIndex, MAX_DEPTH, Map, Node, Value, YamlError, js_number_to_string};

/// `yaml`'s default `maxAliasCount`.
const MAX_ALIAS_COUNT: u64 = 100;
/// Upper bound on nodes one document may expand to, aliases included.
const MAX_NODES: usize = 2_000_000;

/// The document's value; `None` when it is `null` (an empty document).
pub fn to_node(doc: &Doc, lines: &LineIndex<'_>) -> Result<Option<Node>, YamlError> {
    let mut c = Conv {
        lines,
        anchors: HashMap::new(),
        targets: HashMap::new(),
        anchored: HashMap::new(),
        nodes: 0,
    };
    let mut seen: Vec<(&str, usize)> = Vec::new();
    c.visit(&doc.contents, &mut seen, 0);
    let node = c.convert(&doc.contents, 0)?;
    Ok((node.value != Value::Null).then_some(node))
}

fn id(ast: &Ast) -> usize {
    std::ptr::from_ref(ast) as usize
}

struct AnchorData {
    count: u64,
    alias_count: u64,
    /// The converted value; `None` while it is being converted.
    res: Option<(Node, usize)>,
}

struct Conv<'d> {
    lines: &'d LineIndex<'d>,
    anchors: HashMap<usize, AnchorData>,
    /// For every alias, the anchored node it refers to.
    targets: HashMap<usize, Option<usize>>,
    anchored: HashMap<usize, &'d Ast>,
    nodes: usize,
}

impl<'d> Conv<'d> {
    /// `visit` order: each alias refers to the last node before it with that anchor.
    fn visit(&mut self, ast: &'d Ast, seen: &mut Vec<(&'d str, usize)>, depth: usize) {
        if depth > MAX_DEPTH + 8 {
            return;
        }
        if let Some(a) = ast.anchor.as_deref().filter(|a| !a.is_empty()) {
            seen.push((a, id(ast)));
            self.anchored.insert(id(ast), ast);
        }
        match &ast.kind {
            Kind::Alias(name) => {
                let target = seen.iter().rev().find(|(n, _)| n == name).map(|(_, i)| *i);
                self.targets.insert(id(ast), target);
            }
            Kind::Map(pairs) | Kind::Opaque(pairs) => {
                for p in pairs {
                    self.visit(&p.key, seen, depth + 1);
                    if let Some(v) = &p.value {
                        self.visit(v, seen, depth + 1);
                    }
                }
            }
            Kind::Seq(items) => {
                for item in items {
                    self.visit(item, seen, depth + 1);
                }
            }
            Kind::Scalar(..) => {}
        }
    }

    fn error(&self, rule: &'static str, offset: usize, message: impl Into<String>) -> YamlError {
        YamlError {
            rule,
            message: message.into(),
            pos: self.lines.pos(offset),
            opened: None,
        }
    }

    fn convert(&mut self, ast: &'d Ast, depth: usize) -> Result<Node, YamlError> {
        if depth > MAX_DEPTH {
            return Err(self.error(
                "too-deep",
                ast.start,
                format!("Nesting is deeper than {MAX_DEPTH} levels; Backstage cannot read it"),
            ));
        }
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(self.error(
                "too-large",
                ast.start,
                format!("Document has more than {MAX_NODES} nodes (aliases expanded)"),
            ));
        }
        let anchored = ast.anchor.as_deref().is_some_and(|a| !a.is_empty())
            && !matches!(ast.kind, Kind::Alias(_));
        if anchored {
            self.anchors.insert(
                id(ast),
                AnchorData {
                    count: 1,
                    alias_count: 0,
                    res: None,
                },
            );
        }
        let pos = self.lines.pos(ast.start);
        let node = match &ast.kind {
            Kind::Scalar(sv, _) => Node::new(scalar_value(sv, pos), pos),
            Kind::Alias(name) => self.alias(ast, name, depth)?,
            Kind::Map(pairs) => {
                let mut map = Map::default();
                // Key -> place in `map.entries`: `Map::insert` scans every entry, and a
                // mapping with a million keys must not take quadratic time.
                let mut index: HashMap<String, usize> = HashMap::new();
                for pair in pairs {
                    if matches!(pair.key.kind, Kind::Scalar(Sv::Merge, _)) {
                        self.merge(&mut map, &mut index, pair, depth)?;
                        continue;
                    }
                    let (name, key_pos, value) = self.pair_parts(pair, depth)?;
                    match index.get(&name) {
                        Some(&i) => {
                            let e = &mut map.entries[i];
                            e.key_pos = key_pos;
                            e.value = value;
                        }
                        None => {
                            index.insert(name.clone(), map.entries.len());
                            map.entries.push(Entry {
                                key: name,
                                key_pos,
                                value,
                            });
                        }
                    }
                }
                Node::new(Value::Map(map), pos)
            }
            Kind::Opaque(_) => Node::new(Value::Map(Map::default()), pos),
            Kind::Seq(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    out.push(self.convert(item, depth + 1)?);
                }
                Node::new(Value::Seq(out), pos)
            }
        };
        if anchored && let Some(data) = self.anchors.get_mut(&id(ast)) {
            data.res = Some((node.clone(), node_depth(&node)));
        }
        Ok(node)
    }

    fn alias(&mut self, ast: &'d Ast, name: &str, depth: usize) -> Result<Node, YamlError> {
        let Some(target) = self.resolve(ast, name)? else {
            return Err(self.error(
                "yaml-syntax",
                ast.start,
                format!("Unresolved alias (the anchor must be set before the alias): {name}"),
            ));
        };
        let Some(data) = self.anchors.get(&target) else {
            return Err(self.error("yaml-syntax", ast.start, "Alias anchor was not resolved"));
        };
        let Some((res, res_depth)) = &data.res else {
            return Err(self.error(
                "yaml-syntax",
                ast.start,
                format!("Alias *{name} refers to a node that contains it"),
            ));
        };
        if depth + res_depth > MAX_DEPTH {
            return Err(self.error(
                "too-deep",
                ast.start,
                format!("Alias *{name} nests deeper than {MAX_DEPTH} levels"),
            ));
        }
        let mut node = res.clone();
        self.nodes = self.nodes.saturating_add(count_nodes(&node));
        if self.nodes > MAX_NODES {
            return Err(self.error(
                "alias-bomb",
                ast.start,
                format!("Document expands to more than {MAX_NODES} nodes"),
            ));
        }
        node.pos = self.lines.pos(ast.start);
        Ok(node)
    }

    /// `Alias.resolve` with counting: the target's id, converted, or an alias-bomb error.
    fn resolve(&mut self, ast: &'d Ast, name: &str) -> Result<Option<usize>, YamlError> {
        let Some(Some(target)) = self.targets.get(&id(ast)).copied() else {
            return Ok(None);
        };
        if !self.anchors.contains_key(&target)
            && let Some(node) = self.anchored.get(&target).copied()
        {
            self.convert(node, 0)?;
        }
        let alias_count = match self.anchors.get(&target) {
            Some(d) if d.alias_count == 0 => self
                .anchored
                .get(&target)
                .map_or(0, |n| self.alias_count(n)),
            Some(d) => d.alias_count,
            None => return Ok(Some(target)),
        };
        if let Some(data) = self.anchors.get_mut(&target) {
            data.count += 1;
            data.alias_count = alias_count;
            if data.count.saturating_mul(data.alias_count) > MAX_ALIAS_COUNT {
                return Err(self.error(
                    "alias-bomb",
                    ast.start,
                    format!(
                        "Excessive alias count indicates a resource exhaustion attack (alias *{name})"
                    ),
                ));
            }
        }
        Ok(Some(target))
    }

    /// `getAliasCount`.
    fn alias_count(&self, ast: &Ast) -> u64 {
        match &ast.kind {
            Kind::Alias(_) => {
                let target = self.targets.get(&id(ast)).copied().flatten();
                target
                    .and_then(|t| self.anchors.get(&t))
                    .map_or(0, |d| d.count.saturating_mul(d.alias_count))
            }
            Kind::Map(pairs) | Kind::Opaque(pairs) => pairs
                .iter()
                .map(|p| {
                    let k = self.alias_count(&p.key);
                    let v = p.value.as_ref().map_or(1, |v| self.alias_count(v));
                    k.max(v)
                })
                .max()
                .unwrap_or(0),
            Kind::Seq(items) => items.iter().map(|i| self.alias_count(i)).max().unwrap_or(0),
            Kind::Scalar(..) => 1,
        }
    }

    /// A pair's object key, the key's position and the converted value.
    fn pair_parts(
        &mut self,
        pair: &'d Pair,
        depth: usize,
    ) -> Result<(String, Pos, Node), YamlError> {
        let key = self.convert(&pair.key, depth + 1)?;
        let name = stringify_key(&pair.key, &key);
        let value = match &pair.value {
            Some(v) => self.convert(v, depth + 1)?,
            None => Node::new(Value::Null, key.pos),
        };
        Ok((name, key.pos, value))
    }

    /// `addMergeToJSMap`: the pairs of the merged maps, where the key is not set yet.
    /// `index` maps every key of `map` to its place, and is kept up to date.
    fn merge(
        &mut self,
        map: &mut Map,
        index: &mut HashMap<String, usize>,
        pair: &'d Pair,
        depth: usize,
    ) -> Result<(), YamlError> {
        let offset = pair.key.start;
        let source = match &pair.value {
            Some(v) => Some(self.alias_source(v)?),
            None => None,
        };
        match source.map(|s| &s.kind) {
            Some(Kind::Seq(items)) => {
                for item in items {
                    let src = self.alias_source(item)?;
                    self.merge_value(map, index, Some(src), offset, depth)?;
                }
                Ok(())
            }
            _ => self.merge_value(map, index, source, offset, depth),
        }
    }

    /// `resolveAliasValue`: an alias stands for the node it refers to.
    fn alias_source(&mut self, ast: &'d Ast) -> Result<&'d Ast, YamlError> {
        let Kind::Alias(name) = &ast.kind else {
            return Ok(ast);
        };
        match self.resolve(ast, name)? {
            Some(t) => Ok(self.anchored.get(&t).copied().unwrap_or(ast)),
            None => Ok(ast),
        }
    }

    fn merge_value(
        &mut self,
        map: &mut Map,
        index: &mut HashMap<String, usize>,
        source: Option<&'d Ast>,
        offset: usize,
        depth: usize,
    ) -> Result<(), YamlError> {
        let Some(Ast {
            kind: Kind::Map(pairs) | Kind::Opaque(pairs),
            ..
        }) = source
        else {
            return Err(self.error(
                "yaml-syntax",
                offset,
                "Merge sources must be maps or map aliases",
            ));
        };
        let mut src: Vec<(Value, Pos, Node)> = Vec::new();
        // Scalar keys -> place in `src`, so that a large merge stays linear.
        let mut seen: HashMap<MapKey, usize> = HashMap::new();
        for p in pairs {
            let key = self.convert(&p.key, depth + 1)?;
            let value = match &p.value {
                Some(v) => self.convert(v, depth + 1)?,
                None => Node::new(Value::Null, key.pos),
            };
            // A JavaScript `Map`: keys are compared as values, not as strings.
            match map_key(&key.value) {
                Some(k) => match seen.get(&k) {
                    Some(&i) => src[i].2 = value,
                    None => {
                        seen.insert(k, src.len());
                        src.push((key.value, key.pos, value));
                    }
                },
                None => src.push((key.value, key.pos, value)),
            }
        }
        for (key, pos, value) in src {
            let name = property_key(&key);
            if !index.contains_key(&name) {
                index.insert(name.clone(), map.entries.len());
                map.entries.push(Entry {
                    key: name,
                    key_pos: pos,
                    value,
                });
            }
        }
        Ok(())
    }
}

use super::Pos;

/// A scalar key as a JavaScript `Map` compares it (SameValueZero: `0` equals `-0`, `NaN`
/// equals `NaN`); objects are equal only to themselves, so they get none.
#[derive(PartialEq, Eq, Hash)]
enum MapKey {
    Null,
    Bool(bool),
    Nan,
    Num(u64),
    Str(String),
}

fn map_key(v: &Value) -> Option<MapKey> {
    Some(match v {
        Value::Null => MapKey::Null,
        Value::Bool(b) => MapKey::Bool(*b),
        Value::Number(n) if n.is_nan() => MapKey::Nan,
        Value::Number(n) => MapKey::Num(if *n == 0.0 { 0 } else { n.to_bits() }),
        Value::String(s) => MapKey::Str(s.to_string()),
        Value::Seq(_) | Value::Map(_) => return None,
    })
}

/// JavaScript's property key for a value (`String(value)`).
fn property_key(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => js_number_to_string(*n),
        Value::String(s) => s.to_string(),
        Value::Map(_) => "[object Object]".into(),
        Value::Seq(items) => items
            .iter()
            .map(|i| match &i.value {
                Value::Null => String::new(),
                other => property_key(other),
            })
            .collect::<Vec<_>>()
            .join(","),
    }
}

fn scalar_value(sv: &Sv, pos: Pos) -> Value {
    match sv {
        Sv::Null => Value::Null,
        // A JavaScript symbol: not a string, not null, and no key for the search index.
        Sv::Merge => Value::Map(Map::default()),
        Sv::Bool(b) => Value::Bool(*b),
        Sv::Num(n) => Value::Number(*n),
        Sv::Str(s) => Value::String(s.as_str().into()),
        Sv::Date(ms) => iso_date(*ms).map_or(Value::Null, |d| Value::String(d.into())),
        Sv::Binary(bytes) => {
            let data = bytes
                .iter()
                .map(|b| Node::new(Value::Number(f64::from(*b)), pos))
                .collect();
            Value::Map(Map {
                entries: vec![
                    Entry {
                        key: "type".into(),
                        key_pos: pos,
                        value: Node::new(Value::String("Buffer".into()), pos),
                    },
                    Entry {
                        key: "data".into(),
                        key_pos: pos,
                        value: Node::new(Value::Seq(data), pos),
                    },
                ],
            })
        }
    }
}

/// The object key JavaScript gets for a YAML key (`stringifyKey`).
fn stringify_key(ast: &Ast, key: &Node) -> String {
    match &key.value {
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => js_number_to_string(*n),
        Value::String(s) => s.to_string(),
        Value::Seq(_) | Value::Map(_) => match &ast.kind {
            Kind::Alias(name) => format!("*{name}"),
            _ => flow_yaml(key),
        },
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
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => js_number_to_string(*n),
        Value::String(s) => s.to_string(),
    }
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

/// Nesting depth of a node (a scalar is 0).
fn node_depth(node: &Node) -> usize {
    let mut max = 0;
    let mut stack = vec![(node, 0)];
    while let Some((n, d)) = stack.pop() {
        max = max.max(d);
        match &n.value {
            Value::Seq(items) => stack.extend(items.iter().map(|i| (i, d + 1))),
            Value::Map(m) => stack.extend(m.iter().map(|e| (&e.value, d + 1))),
            _ => {}
        }
    }
    max
}
