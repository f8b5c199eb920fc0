//! `portal validate [PATH…]`: Backstage's verdict on every document, plus portal's checks.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::catalog::{Entity, Severity};
use crate::cli::{GlobalArgs, ValidateArgs, ValidateFormat};
use crate::config::{Config, Source};
use crate::error::{Error, exit};
use crate::graph::checks;
use crate::output::{diagnostics, warn};

/// Rules that are portal's own: warnings, or errors under `--strict`.
pub const PORTAL_RULES: &[&str] = &[
    "dangling-reference",
    "owner-kind",
    "overwritten-entity",
    "conflicting-entity",
    "dependency-cycle",
    "location-target-missing",
    "unknown-spec-field",
];

pub fn run(global: &GlobalArgs, args: &ValidateArgs) -> Result<ExitCode, Error> {
    let scanned = super::scan_sources(global, &args.paths, !args.no_follow)?;
    // CI must not pass on nothing: a source that could not be read fails the run.
    if let Some(state) = scanned.unsynced.first() {
        return Err(super::unsynced_error(state));
    }
    let origins = scanned.origins;
    let mut catalog = scanned.catalog;
    if catalog.files == 0 && !args.allow_empty {
        let skipped = match scanned.skeletons.len() {
            0 => String::new(),
            n => format!(" ({n} left out as template skeleton content; -v names them)"),
        };
        return Err(Error::NotFound {
            message: format!(
                "no catalog files found in {}{skipped}",
                looked_in(global, &args.paths)
            ),
            hint: Some(
                "portal looks for catalog-info.yaml and catalog-info.yml (more patterns in portal.yaml); pass --allow-empty if an empty catalog is expected"
                    .into(),
            ),
        });
    }
    let context = context(global, &args.paths);
    catalog
        .diagnostics
        .extend(checks::check_against(&catalog.entities, &context));
    if args.docs {
        let super::docs::Reading {
            config, sources, ..
        } = super::docs::reading(global, origins)?;
        let documented: Vec<&Entity> = catalog
            .entities
            .iter()
            .filter(|e| crate::docs::has_docs(e))
            .collect();
        let (found, _) = crate::docs::check::diagnostics(
            &catalog.entities,
            &documented,
            &sources,
            &config,
            args.strict,
        );
        catalog.diagnostics.extend(found);
    }
    // A Backstage's snapshot is the union local files are checked against, not something to
    // judge: what the server holds is the server's, and no one can fix it in this checkout.
    let before = catalog.diagnostics.len();
    catalog
        .diagnostics
        .retain(|d| !crate::source::backstage::is_snapshot_file(&d.file));
    if global.verbose && catalog.diagnostics.len() < before {
        eprintln!(
            "{} finding(s) in Backstage snapshots not reported: only local files are judged",
            before - catalog.diagnostics.len()
        );
    }
    // Where `--strict` acts on the catalog: portal's own rules become errors (the docs
    // checks apply it themselves).
    for d in &mut catalog.diagnostics {
        if args.strict && PORTAL_RULES.contains(&&*d.rule) {
            d.severity = Severity::Error;
        }
    }
    catalog.sort();
    let mut out = crate::output::stdout();
    match args.format {
        ValidateFormat::Human => diagnostics::human(&mut out, &catalog)?,
        ValidateFormat::Json => diagnostics::json(&mut out, &catalog)?,
        ValidateFormat::Github => diagnostics::github(&mut out, &catalog.diagnostics)?,
        ValidateFormat::Sarif => diagnostics::sarif(&mut out, &catalog.diagnostics)?,
    }
    out.flush()?;
    let code = if catalog.errors() > 0 {
        exit::FINDINGS
    } else {
        exit::OK
    };
    // Not freed, as a query's catalog is not (see `load`): the process ends here.
    std::mem::forget(catalog);
    std::mem::forget(context);
    Ok(ExitCode::from(code))
}

/// What references of the judged files resolve against besides those files: when only
/// some paths are judged, the configured catalog (the usual CI run validates the changed
/// files, whose owners and dependencies are defined elsewhere). Nothing when the paths
/// hold every configured source, or when the catalog cannot be read (said in a warning).
fn context(global: &GlobalArgs, paths: &[PathBuf]) -> Vec<Entity> {
    if paths.is_empty() || covers(global, paths) {
        return Vec::new();
    }
    match super::scan_sources(global, &[], true) {
        Ok(scanned) => {
            for state in &scanned.unsynced {
                warn(&format!(
                    "{}, so references into it are not resolved; run `portal sync`",
                    super::unsynced_error(state)
                ));
            }
            scanned.catalog.entities
        }
        Err(e) => {
            warn(&format!(
                "references are resolved only within the given paths: the configured catalog cannot be read ({e})"
            ));
            Vec::new()
        }
    }
}

/// Where the scan looked: the given paths, or the configured sources.
fn looked_in(global: &GlobalArgs, paths: &[PathBuf]) -> String {
    let sources: Vec<String> = if paths.is_empty() {
        Config::load(&global.sources)
            .map(|c| c.sources)
            .unwrap_or_default()
            .iter()
            .map(|s| match s {
                Source::Dir(d) | Source::Repo { path: d, .. } => d.display().to_string(),
                Source::App { dir, .. } => format!("the Backstage app {}", dir.display()),
                Source::Remote(r) => crate::source::git::clean_url(&r.url),
                Source::Backstage(b) => format!("the Backstage at {}", b.url),
            })
            .collect()
    } else {
        paths.iter().map(|p| p.display().to_string()).collect()
    };
    sources.join(", ")
}

/// Whether every configured source is a folder or file within one of `paths`.
fn covers(global: &GlobalArgs, paths: &[PathBuf]) -> bool {
    let Ok(config) = Config::load(&global.sources) else {
        return false;
    };
    let judged: Vec<PathBuf> = paths.iter().filter_map(|p| p.canonicalize().ok()).collect();
    config.sources.iter().all(|s| match s {
        Source::Dir(d) | Source::App { dir: d, .. } => d
            .canonicalize()
            .is_ok_and(|d| judged.iter().any(|p| d.starts_with(p))),
        _ => false,
    })
}
