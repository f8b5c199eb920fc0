//! Graphs as Graphviz DOT, Mermaid flowcharts, and JSON.

use std::io::Write;

use serde::Serialize;

use super::escape::escape;
use crate::catalog::EntityRef;
use crate::graph::Graph;
use crate::graph::walk::Subgraph;

/// Graphviz DOT, one node per entity labelled with its reference, missing ones dashed.
pub fn dot(out: &mut impl Write, g: &Graph<'_>, s: &Subgraph) -> std::io::Result<()> {
    writeln!(out, "digraph catalog {{")?;
    writeln!(out, "  rankdir=LR;")?;
    writeln!(
        out,
        "  node [shape=box, style=rounded, fontname=\"Helvetica\"];"
    )?;
    for &n in &s.nodes {
        let r = g.ref_text(n);
        let style = if g.is_missing(n) {
            ", style=\"rounded,dashed\", color=red"
        } else {
            ""
        };
        writeln!(out, "  {} [label={}{style}];", dot_id(r), dot_id(r))?;
    }
    for (a, kind, b) in &s.edges {
        writeln!(
            out,
            "  {} -> {} [label={}];",
            dot_id(g.ref_text(*a)),
            dot_id(g.ref_text(*b)),
            dot_id(kind)
        )?;
    }
    writeln!(out, "}}")
}

/// A double-quoted DOT identifier, escaped (a terminal may show it).
fn dot_id(s: &str) -> String {
    let s = escape(s);
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A Mermaid flowchart. Node ids are `n0`, `n1`…; labels are quoted, since references
/// hold `:` and `/`, and `"` is written as `#quot;`.
pub fn mermaid(out: &mut impl Write, g: &Graph<'_>, s: &Subgraph) -> std::io::Result<()> {
    writeln!(out, "flowchart LR")?;
    let ids: std::collections::HashMap<_, _> =
        s.nodes.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let id = |n| ids.get(&n).copied().unwrap_or(0);
    for (i, &n) in s.nodes.iter().enumerate() {
        writeln!(out, "  n{i}[\"{}\"]", mermaid_text(g.ref_text(n)))?;
    }
    for (a, kind, b) in &s.edges {
        writeln!(
            out,
            "  n{} -->|\"{}\"| n{}",
            id(*a),
            mermaid_text(kind),
            id(*b)
        )?;
    }
    let missing: Vec<String> = s
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| g.is_missing(**n))
        .map(|(i, _)| format!("n{i}"))
        .collect();
    if !missing.is_empty() {
        writeln!(out, "  classDef missing stroke:#d33,stroke-dasharray:4")?;
        writeln!(out, "  class {} missing", missing.join(","))?;
    }
    Ok(())
}

fn mermaid_text(s: &str) -> String {
    escape(s)
        .replace('"', "#quot;")
        .replace('<', "#lt;")
        .replace('>', "#gt;")
}

/// `portal graph --format json` (docs/json.md).
#[derive(Serialize)]
pub struct JsonGraph {
    pub nodes: Vec<JsonNode>,
    pub edges: Vec<JsonEdge>,
}

#[derive(Serialize)]
pub struct JsonNode {
    #[serde(rename = "ref")]
    pub entity_ref: EntityRef,
    pub kind: Option<String>,
    /// False for references that point at no entity.
    pub exists: bool,
}

#[derive(Serialize)]
pub struct JsonEdge {
    pub source: EntityRef,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub target: EntityRef,
}

pub fn json(out: &mut impl Write, g: &Graph<'_>, s: &Subgraph) -> std::io::Result<()> {
    let value = JsonGraph {
        nodes: s
            .nodes
            .iter()
            .map(|&n| JsonNode {
                entity_ref: g.entity_ref(n).clone(),
                kind: g.entity(n).map(|e| e.kind.clone()),
                exists: !g.is_missing(n),
            })
            .collect(),
        edges: s
            .edges
            .iter()
            .map(|(a, kind, b)| JsonEdge {
                source: g.entity_ref(*a).clone(),
                kind,
                target: g.entity_ref(*b).clone(),
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &value)?;
    writeln!(out)
}
