//! Entities in the shape Backstage's catalog API returns them.

use serde_json::{Map, Value, json};

use crate::catalog::Entity;
use crate::graph::RelationIndex;

/// `apiVersion`, `kind`, `metadata` (namespace filled in, location annotations set),
/// `spec` and `relations` as `[{type, targetRef}]`.
pub fn api_json(e: &Entity, index: &RelationIndex) -> Value {
    let mut root = match e.node.to_json() {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    let location = format!("file:{}", absolute(&e.file).display());
    if let Some(Value::Object(md)) = root.get_mut("metadata") {
        md.insert("namespace".into(), Value::String(e.namespace.clone()));
        let annotations = md
            .entry("annotations")
            .or_insert_with(|| Value::Object(Map::new()));
        if !annotations.is_object() {
            *annotations = Value::Object(Map::new());
        }
        if let Value::Object(a) = annotations {
            a.insert(
                "backstage.io/managed-by-location".into(),
                Value::String(location.clone()),
            );
            a.insert(
                "backstage.io/managed-by-origin-location".into(),
                Value::String(location),
            );
        }
    }
    let relations: Vec<Value> = index
        .of(&e.entity_ref())
        .iter()
        .map(|(kind, target)| json!({"type": kind, "targetRef": target.to_string()}))
        .collect();
    root.insert("relations".into(), Value::Array(relations));
    Value::Object(root)
}

fn absolute(path: &std::path::Path) -> std::path::PathBuf {
    std::path::absolute(path)
        .map(|p| crate::source::location::normalize(&p))
        .unwrap_or_else(|_| path.to_path_buf())
}
