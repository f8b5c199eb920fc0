//! Dynamic shell completion of entity names (`source <(COMPLETE=bash portal)`): the
//! command-line definition (`cli.rs`) asks here, below the commands it dispatches to.

use std::ffi::OsStr;

use clap_complete::engine::CompletionCandidate;

use crate::config::Config;
use crate::source::{self, ScanSpec};

/// The entity names (or `kind:name` and full references, once the word holds `:` or `/`)
/// that start with `current`.
pub fn complete_entity(current: &OsStr) -> Vec<CompletionCandidate> {
    let current = current.to_string_lossy().to_lowercase();
    let Ok(config) = Config::load(&[]) else {
        return Vec::new();
    };
    let Ok(catalog) =
        ScanSpec::new(&config, config.sources.clone(), true).and_then(|spec| source::scan(&spec))
    else {
        return Vec::new();
    };
    let mut out: Vec<String> = catalog
        .entities
        .iter()
        .flat_map(|e| {
            let r = e.entity_ref();
            if current.contains([':', '/']) {
                vec![format!("{}:{}", r.kind, r.name), r.to_string()]
            } else {
                vec![r.name]
            }
        })
        .filter(|c| c.starts_with(&current))
        .collect();
    out.sort();
    out.dedup();
    out.into_iter().map(CompletionCandidate::new).collect()
}
