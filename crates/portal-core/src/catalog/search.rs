//! The keys Backstage's catalog indexes an entity under (its `buildEntitySearch`): every
//! leaf as a dot path with its value, and every string item of a list also as `path.item`.
//! Stitching rejects an entity whose keys differ only in letter case; the catalog API's
//! filters (`portal list --filter`) match on the same keys.

use std::collections::HashSet;

use super::yaml::{Node, Pos, Str, Value, js_number_to_string};

/// One indexed key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchEntry {
    /// The key, such as `spec.owner` or `metadata.tags`.
    pub key: String,
    /// The leaf's value as text (`null` has none); `"true"` for a `path.item` key.
    pub value: Option<Str>,
    /// Where the value is.
    pub pos: Pos,
}

/// Every key of `root`, in document order.
pub fn entries(root: &Node) -> Vec<SearchEntry> {
    let mut out = Vec::new();
    let mut seen_items = Seen::default();
    visit("", root, &mut out, &mut seen_items);
    out
}

/// The `path.item` keys added so far (lower-cased), and the items already looked at by
/// identity: aliases of one long scalar share it, and each would otherwise build and
/// lower-case a key as long as the scalar.
#[derive(Default)]
struct Seen {
    keys: HashSet<String>,
    items: HashSet<(String, usize)>,
}

fn visit(path: &str, node: &Node, out: &mut Vec<SearchEntry>, seen_items: &mut Seen) {
    let mut leaf = |value: Option<Str>| {
        out.push(SearchEntry {
            key: path.to_string(),
            value,
            pos: node.pos,
        })
    };
    match &node.value {
        Value::Null => leaf(None),
        Value::Bool(b) => leaf(Some(b.to_string().into())),
        Value::Number(n) => leaf(Some(js_number_to_string(*n).into())),
        Value::String(s) => leaf(Some(s.clone())),
        Value::Seq(items) => {
            for item in items {
                visit(path, item, out, seen_items);
                if let Value::String(s) = &item.value
                    && seen_items
                        .items
                        .insert((path.to_string(), s.as_ptr() as usize))
                {
                    let key = format!("{path}.{s}");
                    // Backstage adds each `path.item` key once, whatever its letter case.
                    if seen_items.keys.insert(key.to_lowercase()) {
                        out.push(SearchEntry {
                            key,
                            value: Some("true".into()),
                            pos: item.pos,
                        });
                    }
                }
            }
        }
        Value::Map(m) => {
            for e in m.iter() {
                let child = if path.is_empty() {
                    e.key.clone()
                } else {
                    format!("{path}.{}", e.key)
                };
                visit(&child, &e.value, out, seen_items);
            }
        }
    }
}
