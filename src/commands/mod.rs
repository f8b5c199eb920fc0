//! One file per subcommand, dispatched by one flat `match`.

mod completions;
mod create;
mod docs;
mod external;
mod graph;
mod init;
mod list;
mod open;
mod owners;
pub mod plugins;
mod search;
mod show;
mod sync;
mod templates;
mod upgrade;
mod validate;
mod who_owns;

use std::path::PathBuf;
use std::process::ExitCode;

use crate::catalog::entity_ref::split_ref;
use crate::catalog::{Catalog, Entity};
use crate::cli::{Command, GlobalArgs};
use crate::config::{Config, Source};
use crate::error::Error;
use crate::graph::Graph;
use crate::output::warn;
use crate::query::resolve::{Resolved, resolve};
use crate::source::{self, Origins, RemoteState, ScanSpec, status};

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
        Command::Upgrade(args) => upgrade::run(global, &args),
        Command::Init(args) => init::run(global, &args),
        Command::Templates(args) => templates::run(global, &args),
        Command::Docs(args) => docs::run(global, &args),
        Command::Open(args) => open::run(global, &args),
        Command::Plugins(args) => plugins::run(global, &args),
        Command::Sync(args) => sync::run(global, &args),
        Command::Completions(args) => completions::run(&args),
        Command::Man => completions::man(),
        Command::External(args) => external::run(&args),
    }
}

/// Scans `paths` (or the configured sources when empty) with the configuration's settings.
pub fn scan(
    global: &GlobalArgs,
    paths: &[PathBuf],
    follow_locations: bool,
) -> Result<Catalog, Error> {
    scan_with_origins(global, paths, follow_locations).map(|(catalog, _)| catalog)
}

/// As `scan`, with where the entities of git sources came from. With `--refresh`, git
/// sources are synced first; a remote source with nothing cached is left out with a
/// warning, and one whose last sync failed is read with a warning.
pub fn scan_with_origins(
    global: &GlobalArgs,
    paths: &[PathBuf],
    follow_locations: bool,
) -> Result<(Catalog, Origins), Error> {
    let scanned = scan_sources(global, paths, follow_locations)?;
    for state in &scanned.unsynced {
        warn(&format!(
            "{}, so it is left out; run `portal sync`",
            unsynced_error(state)
        ));
    }
    Ok((scanned.catalog, scanned.origins))
}

/// The scan of `paths` (or the configured sources), reporting the index's use and the
/// sources read although their last sync failed; what could not be read is the caller's
/// to report (`scanned.unsynced`).
pub fn scan_sources(
    global: &GlobalArgs,
    paths: &[PathBuf],
    follow_locations: bool,
) -> Result<source::Scanned, Error> {
    let config = Config::load(&global.sources)?;
    let mut sources = if paths.is_empty() {
        config.sources.clone()
    } else {
        paths.iter().cloned().map(Source::Dir).collect()
    };
    if global.no_remote {
        sources.retain(|s| !matches!(s, Source::Remote(_) | Source::Backstage(_)));
    }
    if global.refresh
        && sources
            .iter()
            .any(|s| matches!(s, Source::Remote(_) | Source::Backstage(_)))
    {
        sync::sync_and_report(&config)?;
    }
    let mut spec = ScanSpec::new(&config, sources, follow_locations)?;
    if global.no_cache {
        spec.index_dir = None;
    }
    let scanned = source::scan_sources(&spec)?;
    crate::output::index_use(&scanned.index, global.verbose);
    if global.verbose {
        for s in &scanned.skeletons {
            eprintln!(
                "skipped {}: skeleton content that {} fetches ({}:{}:{})",
                crate::output::escape::path(&s.file),
                crate::output::escape::escape(&s.template),
                crate::output::escape::path(&s.at.0),
                s.at.1.line,
                s.at.1.col
            );
        }
    }
    if global.verbose {
        for o in &scanned.overlaid {
            eprintln!(
                "overlay: {} is taken from {}, not from the Backstage at {}",
                o.entity,
                crate::output::escape::path(&crate::output::relative::from_cwd(&o.local)),
                crate::output::escape::escape(&o.server)
            );
        }
    }
    let now = status::now();
    for server in &scanned.unsynced_servers {
        warn(&format!(
            "the Backstage at {} has never been synced, so it is left out; run `portal sync`",
            server.url
        ));
    }
    for (server, failure) in &scanned.stale_servers {
        warn(&format!(
            "the Backstage at {} failed to sync {} ({}); read from its snapshot",
            server.url,
            status::ago(failure.at, now),
            failure.error.lines().next().unwrap_or("")
        ));
    }
    for state in &scanned.stale {
        let failed = state.status.last_failure.unwrap_or(now);
        warn(&format!(
            "git source {} {}; read as last synced{}",
            source_name(state),
            failed_to_sync(state, failed, now),
            state
                .status
                .last_success
                .map(|t| format!(", {}", status::ago(t, now)))
                .unwrap_or_default()
        ));
    }
    Ok(scanned)
}

/// A remote source as the user knows it: its URL without credentials, and its ref.
fn source_name(state: &RemoteState) -> String {
    let remote = &state.remote;
    format!(
        "{}{}",
        source::git::clean_url(&remote.url),
        remote
            .reference
            .as_deref()
            .map(|r| format!(" at {r}"))
            .unwrap_or_default()
    )
}

/// `failed to sync 5 minutes ago (why)`: the last attempt, at `at`, and the first line of
/// why it failed, when it is known.
fn failed_to_sync(state: &RemoteState, at: u64, now: u64) -> String {
    let why = state
        .status
        .error
        .as_deref()
        .map(|e| format!(" ({})", e.lines().next().unwrap_or(e)))
        .unwrap_or_default();
    format!("failed to sync {}{why}", status::ago(at, now))
}

/// Why a remote source has nothing to read: it was never synced, or its syncs failed.
pub fn unsynced_error(state: &RemoteState) -> Error {
    let now = status::now();
    let message = match state.status.last_failure {
        None => "has never been synced".to_string(),
        Some(t) => format!(
            "{}{}",
            failed_to_sync(state, t, now),
            match state.status.last_success {
                Some(ok) => format!(" (it last synced {})", status::ago(ok, now)),
                None => " and has never synced".into(),
            }
        ),
    };
    Error::Unsynced {
        source_name: source_name(state),
        message,
    }
}

/// The scan of `sources` with the configuration's patterns and kinds; the cache folder is
/// needed (and must be known) only when a source is a remote repository.
/// The catalog for a query: the configured sources, invalid documents left out with one
/// warning line.
///
/// It is never freed: a query ends right after it answers, and freeing thousands of
/// entity trees one allocation at a time took 8% of a query answered from the index.
pub fn load(global: &GlobalArgs) -> Result<&'static Catalog, Error> {
    load_with_origins(global).map(|(catalog, _)| catalog)
}

/// As `load`, with where the entities of git sources came from.
pub fn load_with_origins(global: &GlobalArgs) -> Result<(&'static Catalog, Origins), Error> {
    let (catalog, origins) = scan_with_origins(global, &[], true)?;
    crate::output::warn_left_out(&catalog);
    Ok((Box::leak(Box::new(catalog)), origins))
}

/// The kinds `--kind` values name, spelled as the catalog spells them; an unknown kind is a
/// usage error with the kind it most likely means.
pub fn known_kinds(
    global: &GlobalArgs,
    catalog: &Catalog,
    wanted: &[String],
) -> Result<Vec<String>, Error> {
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let config = Config::load(&global.sources)?;
    let known: Vec<&str> = crate::catalog::kinds::KINDS
        .iter()
        .map(|k| k.kind)
        .chain(config.kinds.iter().map(String::as_str))
        .chain(catalog.entities.iter().map(|e| e.kind.as_str()))
        .collect();
    wanted
        .iter()
        .map(|w| {
            crate::query::filter::known_kind(w, known.iter().copied())
                .map(str::to_string)
                .map_err(Error::Usage)
        })
        .collect()
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
            hint: Some(if near.is_empty() {
                format!(
                    "`portal search {input}` looks in titles, descriptions and tags too; `portal list` shows everything"
                )
            } else {
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

/// Whether `e` has a `relation` to one of `wanted` (forgiving references).
pub fn related_to(
    e: &Entity,
    wanted: &[String],
    relation: &str,
    kind: Option<&str>,
    graph: &Graph<'_>,
) -> bool {
    if wanted.is_empty() {
        return true;
    }
    let relations = graph.relations_of(e.entity_ref());
    let targets = relations
        .iter()
        .filter(|(k, t)| *k == relation && kind.is_none_or(|kind| t.kind == kind));
    targets.into_iter().any(|(_, target)| {
        wanted.iter().any(|w| {
            split_ref(w).is_ok_and(|p| {
                p.name.eq_ignore_ascii_case(&target.name)
                    && p.kind.is_none_or(|k| k.eq_ignore_ascii_case(&target.kind))
                    && p.namespace
                        .is_none_or(|n| n.eq_ignore_ascii_case(&target.namespace))
            })
        })
    })
}

/// Whether `e` has the tag `wanted` (without regard to case).
pub fn tagged(e: &Entity, wanted: &str) -> bool {
    e.metadata()
        .and_then(|m| m.get("tags"))
        .and_then(|t| t.as_seq())
        .is_some_and(|t| {
            t.iter()
                .filter_map(|x| x.as_str())
                .any(|x| x.eq_ignore_ascii_case(wanted))
        })
}
