//! Entities in the shape Backstage's catalog API returns them, as JSON or YAML.

use std::io::Write;

use serde_json::{Map, Value, json};

use crate::catalog::Entity;
use crate::graph::Graph;
use crate::source::{Origin, Origins};

/// `apiVersion`, `kind`, `metadata` (namespace filled in, location annotations set),
/// `spec` and `relations` as `[{type, targetRef}]`, both directions. `origin` is where
/// an entity of a git source came from (docs/json.md).
pub fn api_json(e: &Entity, graph: &Graph<'_>, origin: Option<&Origin>) -> Value {
    let mut root = match e.node.to_json() {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    let (location, source_location) = match origin {
        Some(o) => git_locations(o),
        None => (format!("file:{}", absolute(&e.file).display()), None),
    };
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
            if let Some(source_location) = source_location {
                a.insert(
                    "backstage.io/source-location".into(),
                    Value::String(source_location),
                );
            }
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
    origins: &Origins,
) -> std::io::Result<()> {
    use serde::ser::{SerializeSeq, Serializer};
    // One entity at a time: the array is never held in memory whole.
    let mut ser = serde_json::Serializer::pretty(&mut *out);
    let mut seq = ser
        .serialize_seq(Some(entities.len()))
        .map_err(std::io::Error::from)?;
    for e in entities {
        seq.serialize_element(&api_json(e, graph, origins.get(&e.file)))
            .map_err(std::io::Error::from)?;
    }
    seq.end().map_err(std::io::Error::from)?;
    writeln!(out)
}

/// One YAML document per entity.
pub fn write_yaml(
    out: &mut impl Write,
    entities: &[&Entity],
    graph: &Graph<'_>,
    origins: &Origins,
) -> std::io::Result<()> {
    for e in entities {
        let value = api_json(e, graph, origins.get(&e.file));
        out.write_all(super::yaml::to_yaml(&value).as_bytes())?;
        writeln!(out)?;
    }
    Ok(())
}

fn absolute(path: &std::path::Path) -> std::path::PathBuf {
    std::path::absolute(path)
        .map(|p| crate::source::location::normalize(&p))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// `backstage.io/managed-by-location` and `backstage.io/source-location` for a descriptor
/// read from git. On GitHub, GitLab and Bitbucket (cloud) they are the host's own blob
/// and tree URLs at the commit, as Backstage writes them; elsewhere, and for local
/// repositories, `url:<repository>#<ref>:<path>`.
fn git_locations(o: &Origin) -> (String, Option<String>) {
    let dir = o
        .path
        .rsplit_once('/')
        .map_or(String::new(), |(d, _)| format!("{d}/"));
    let repo = o.repo.trim_end_matches('/').trim_end_matches(".git");
    let host = url::Url::parse(&o.repo)
        .ok()
        .filter(|u| matches!(u.scheme(), "https" | "http"))
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase));
    let web = match host.as_deref() {
        _ if !o.remote => None,
        Some("github.com") => Some(("blob", "tree")),
        Some("gitlab.com") => Some(("-/blob", "-/tree")),
        Some("bitbucket.org") => Some(("src", "src")),
        _ => None,
    };
    match web {
        Some((blob, tree)) => (
            format!("url:{repo}/{blob}/{}/{}", o.commit, o.path),
            Some(format!("url:{repo}/{tree}/{}/{dir}", o.commit)),
        ),
        None => {
            let base = if o.remote {
                o.repo.clone()
            } else {
                url::Url::from_file_path(&o.repo)
                    .map(String::from)
                    .unwrap_or_else(|()| format!("file://{}", o.repo))
            };
            (
                format!("url:{base}#{}:{}", o.reference, o.path),
                Some(format!("url:{base}#{}:{dir}", o.reference)),
            )
        }
    }
}
