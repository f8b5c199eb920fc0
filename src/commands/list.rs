//! `portal list`: the entities of the catalog, as names or as Backstage API JSON.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::{GlobalArgs, ListArgs};
use crate::error::Error;
use crate::graph::RelationIndex;
use crate::output::{self, entities};

pub fn run(global: &GlobalArgs, args: &ListArgs) -> Result<ExitCode, Error> {
    let catalog = super::scan(global, &[], true)?;
    output::warn_left_out(&catalog);
    let index = RelationIndex::new(&catalog.entities);
    let selected: Vec<_> = catalog
        .entities
        .iter()
        .filter(|e| {
            args.kind.is_empty() || args.kind.iter().any(|k| k.eq_ignore_ascii_case(&e.kind))
        })
        .collect();
    let mut out = std::io::stdout().lock();
    if args.json {
        let values: Vec<_> = selected
            .iter()
            .map(|e| entities::api_json(e, &index))
            .collect();
        serde_json::to_writer_pretty(&mut out, &values).map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else {
        for e in selected {
            writeln!(out, "{}", e.entity_ref())?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
