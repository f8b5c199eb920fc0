//! `portal graph [REF]`: an entity's dependency neighbourhood (or the whole graph) as a
//! tree, DOT, Mermaid or JSON; `--cycles` lists every dependency cycle.

use std::io::Write;
use std::process::ExitCode;

use serde::Serialize;

use crate::catalog::EntityRef;
use crate::cli::{GlobalArgs, GraphArgs, GraphFormat};
use crate::error::Error;
use crate::graph::Graph;
use crate::graph::walk::{cycles, follow, subgraph, tree};
use crate::output;

pub fn run(global: &GlobalArgs, args: &GraphArgs) -> Result<ExitCode, Error> {
    let relations = follow(&args.relations, args.reverse);
    if let Some(bad) = args
        .relations
        .iter()
        .find(|r| crate::graph::relation_name(r).is_none())
    {
        return Err(Error::Usage(format!(
            "`{bad}` is not a relation; choose from {}",
            crate::graph::RELATION_TYPES.join(", ")
        )));
    }
    let catalog = super::load(global)?;
    let graph = Graph::new(&catalog.entities);
    let mut out = crate::output::stdout();
    if args.cycles {
        return print_cycles(&mut out, &graph, args.format == Some(GraphFormat::Json));
    }
    let root = match &args.entity {
        Some(r) => {
            let e = super::find_one(&catalog.entities, r)?;
            graph.find(e.entity_ref())
        }
        None => None,
    };
    let format = args.format.unwrap_or(if root.is_some() {
        GraphFormat::Tree
    } else {
        GraphFormat::Dot
    });
    match (format, root) {
        (GraphFormat::Tree, Some(root)) => output::tree::write(
            &mut out,
            &graph,
            &tree(&graph, root, &relations, args.depth),
        )?,
        (GraphFormat::Tree, None) => {
            return Err(Error::Usage(
                "a tree needs an entity at its root; give one, or use --format dot|mermaid|json"
                    .into(),
            ));
        }
        (f, root) => {
            let depth = if root.is_some() {
                args.depth
            } else {
                usize::MAX
            };
            let sub = subgraph(&graph, root, &relations, depth);
            match f {
                GraphFormat::Dot => output::graph::dot(&mut out, &graph, &sub)?,
                GraphFormat::Mermaid => output::graph::mermaid(&mut out, &graph, &sub)?,
                _ => output::graph::json(&mut out, &graph, &sub)?,
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct JsonCycle {
    members: Vec<EntityRef>,
    path: Vec<EntityRef>,
}

/// Exit 1 when there is a cycle, so CI can gate on it.
fn print_cycles(out: &mut impl Write, graph: &Graph<'_>, json: bool) -> Result<ExitCode, Error> {
    let found = cycles(graph);
    let refs = |ns: &[petgraph::graph::NodeIndex]| {
        ns.iter()
            .map(|n| graph.entity_ref(*n).clone())
            .collect::<Vec<_>>()
    };
    if json {
        let list: Vec<JsonCycle> = found
            .iter()
            .map(|c| JsonCycle {
                members: refs(&c.members),
                path: refs(&c.path),
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &list).map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else if found.is_empty() {
        writeln!(out, "no dependency cycles")?;
    } else {
        for c in &found {
            let path: Vec<String> = refs(&c.path).iter().map(ToString::to_string).collect();
            writeln!(out, "{}", path.join(" → "))?;
        }
    }
    out.flush()?;
    Ok(ExitCode::from(if found.is_empty() {
        crate::error::exit::OK
    } else {
        crate::error::exit::FINDINGS
    }))
}
