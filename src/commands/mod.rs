//! One file per subcommand, dispatched by one flat `match`.

mod completions;
mod create;
mod graph;
mod list;
mod owners;
mod search;
mod show;
mod templates;
mod validate;
mod who_owns;

use std::ffi::OsStr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap_complete::engine::CompletionCandidate;

use crate::catalog::{Catalog, Entity, LoadOptions};
use crate::cli::{Command, GlobalArgs};
use crate::config::Config;
use crate::error::Error;
use crate::query::resolve::{Resolved, resolve};
use crate::source::{self, ScanSpec};

pub fn dispatch(global: &GlobalArgs, command: Command) -> Result<ExitCode, Error> {
    match command {
        Command::Validate(args) => validate::run(global, &args),
        Command::List(args) => list::run(global, &args),
        Command::Search(args) => search::run(global, &args),
        Command::Show(args) => show::run(global, &args),
        Command::WhoOwns(args) => who_owns::run(global, &args),
        Command::Graph(args) => graph::run(global, &args),
        Command::Owners(args) => owners::run(global, &args),
        Command::Create(args) => create::run(global, &args),
        Command::Templates(args) => templates::run(global, &args),
        Command::Completions(args) => completions::run(&args),
        Command::Man => completions::man(),
    }
}

/// Scans `paths` (or the configured sources when empty) with the configuration's settings.
pub fn scan(
    global: &GlobalArgs,
    paths: &[PathBuf],
    follow_locations: bool,
) -> Result<Catalog, Error> {
    let config = Config::load(&global.sources)?;
    let roots = if paths.is_empty() {
        config.sources.clone()
    } else {
        paths.to_vec()
    };
    source::scan(&ScanSpec {
        roots,
        patterns: config.patterns,
        load: LoadOptions {
            extra_kinds: config.kinds,
        },
        follow_locations,
    })
}

/// The catalog for a query: the configured sources, invalid documents left out with one
/// warning line.
pub fn load(global: &GlobalArgs) -> Result<Catalog, Error> {
    let catalog = scan(global, &[], true)?;
    crate::output::warn_left_out(&catalog);
    Ok(catalog)
}

/// The one entity `input` names, or an error listing candidates or near names (exit 1).
pub fn find_one<'a>(entities: &'a [Entity], input: &str) -> Result<&'a Entity, Error> {
    match resolve(entities, input) {
        Resolved::One(e) => Ok(e),
        Resolved::Ambiguous(candidates) => Err(Error::NotFound {
            message: format!(
                "`{input}` is ambiguous: it names {}",
                candidates
                    .iter()
                    .map(|e| e.entity_ref().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            hint: Some(format!("say which, e.g. `{}`", candidates[0].entity_ref())),
        }),
        Resolved::Unknown(near) => Err(Error::NotFound {
            message: format!("no entity named `{input}` in the catalog"),
            hint: (!near.is_empty()).then(|| {
                format!(
                    "did you mean {}?",
                    near.iter()
                        .map(|r| format!("`{r}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }),
        }),
    }
}

/// Dynamic shell completion of entity names (`source <(COMPLETE=bash portal)`).
pub fn complete_entity(current: &OsStr) -> Vec<CompletionCandidate> {
    let current = current.to_string_lossy().to_lowercase();
    let Ok(config) = Config::load(&[]) else {
        return Vec::new();
    };
    let Ok(catalog) = source::scan(&ScanSpec {
        roots: config.sources,
        patterns: config.patterns,
        load: LoadOptions {
            extra_kinds: config.kinds,
        },
        follow_locations: true,
    }) else {
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
