//! `portal list`: the entities of the catalog, filtered, as a table, JSON, YAML or names.

use std::io::Write;
use std::process::ExitCode;

use crate::catalog::Entity;
use crate::cli::{GlobalArgs, ListArgs, ListFormat};
use crate::error::Error;
use crate::graph::Graph;
use crate::output::{entities, table};
use crate::query::filter::{Filter, search_keys};

pub fn run(global: &GlobalArgs, args: &ListArgs) -> Result<ExitCode, Error> {
    let filters = args
        .filter
        .iter()
        .map(|f| Filter::parse(f).map_err(Error::Usage))
        .collect::<Result<Vec<_>, _>>()?;
    let (catalog, origins) = super::load_with_origins(global)?;
    let kinds = super::known_kinds(global, catalog, &args.kind)?;
    let graph = Graph::new(&catalog.entities);
    let selected: Vec<&Entity> = catalog
        .entities
        .iter()
        .filter(|e| kinds.is_empty() || kinds.contains(&e.kind))
        .filter(|e| selected(e, args, &graph))
        .filter(|e| {
            filters.is_empty() || {
                let rels: Vec<_> = graph
                    .relations_of(e.entity_ref())
                    .into_iter()
                    .map(|(k, t)| (k, t.to_string()))
                    .collect();
                let keys = search_keys(e, &rels);
                filters.iter().any(|f| f.matches(&keys))
            }
        })
        .collect();
    let format = match (args.json, args.yaml) {
        (true, _) => ListFormat::Json,
        (_, true) => ListFormat::Yaml,
        _ => args.format,
    };
    let mut out = crate::output::stdout();
    match format {
        ListFormat::Json => entities::write_json(&mut out, &selected, &graph, &origins)?,
        ListFormat::Yaml => entities::write_yaml(&mut out, &selected, &graph, &origins)?,
        ListFormat::Names => {
            for e in &selected {
                writeln!(out, "{}", e.entity_ref())?;
            }
        }
        ListFormat::Table => table::entities(&mut out, &selected, &graph)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The flag filters: each flag's values are alternatives; different flags must all hold.
fn selected<'e>(e: &'e Entity, args: &ListArgs, graph: &Graph<'_>) -> bool {
    // `actual` is asked for only when there are values: reading a field of `spec` decodes
    // the entity's document from the index, which most queries never need.
    let any = |values: &[String], actual: &dyn Fn() -> Option<&'e str>| {
        values.is_empty()
            || actual().is_some_and(|a| values.iter().any(|v| v.eq_ignore_ascii_case(a)))
    };
    any(&args.type_, &|| e.spec_str("type"))
        && any(&args.lifecycle, &|| e.spec_str("lifecycle"))
        && any(&args.namespace, &|| Some(&e.namespace))
        && (args.tag.is_empty() || args.tag.iter().any(|t| super::tagged(e, t)))
        && super::related_to(e, &args.owner, "ownedBy", None, graph)
        && super::related_to(e, &args.system, "partOf", Some("system"), graph)
}
