//! Entities in the shape Backstage's catalog API returns them, as JSON or YAML.

use std::io::Write;

use serde_json::{Map, Value, json};

use crate::catalog::Entity;
use crate::graph::Graph;

/// `apiVersion`, `kind`, `metadata` (namespace filled in, location annotations set),
/// `spec` and `relations` as `[{type, targetRef}]`, both directions.
pub fn api_json(e: &Entity, graph: &Graph<'_>) -> Value {
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
    let relations: Vec<Value> = graph
        .relations_of(&e.entity_ref())
        .iter()
        .map(|(kind, target)| json!({"type": kind, "targetRef": target.to_string()}))
        .collect();
    root.insert("relations".into(), Value::Array(relations));
    Value::Object(root)
}

pub fn write_json(
    out: &mut impl Write,
    entities: &[&Entity],
    graph: &Graph<'_>,
) -> std::io::Result<()> {
    let values: Vec<_> = entities.iter().map(|e| api_json(e, graph)).collect();
    serde_json::to_writer_pretty(&mut *out, &values)?;
    writeln!(out)
}

/// One YAML document per entity.
pub fn write_yaml(
    out: &mut impl Write,
    entities: &[&Entity],
    graph: &Graph<'_>,
) -> std::io::Result<()> {
    for e in entities {
        out.write_all(super::yaml::to_yaml(&api_json(e, graph)).as_bytes())?;
        writeln!(out)?;
    }
    Ok(())
}

fn absolute(path: &std::path::Path) -> std::path::PathBuf {
    std::path::absolute(path)
        .map(|p| crate::source::location::normalize(&p))
        .unwrap_or_else(|_| path.to_path_buf())
}
