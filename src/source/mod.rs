//! Finding descriptor files: walking local folders and following `Location` entities.
//!
//! Walks use the `ignore` crate: it honours `.gitignore` (npm packages ship their own
//! `catalog-info.yaml`, and those are not ours), never follows symbolic links, and walks
//! in parallel. `.git`, `node_modules`, `target` and `vendor` are never entered.
//! Git sources are read from object databases instead (`git`), and fetched by `sync`.

pub mod codeowners;
pub mod git;
pub mod location;
pub mod sync;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use globset::{Glob, GlobSet, GlobSetBuilder};
use ignore::{WalkBuilder, WalkState};

use crate::catalog::{self, Catalog, FileReport, LoadOptions};
use crate::config::{Remote, Source};
use crate::error::Error;
pub use git::{Origin, Origins};

/// Folders never entered.
pub const SKIPPED_DIRS: &[&str] = &[".git", "node_modules", "target", "vendor"];

/// The file names that are descriptors by default.
pub const DEFAULT_PATTERNS: &[&str] = &["catalog-info.yaml", "catalog-info.yml"];

/// What to scan and how.
#[derive(Debug, Clone)]
pub struct ScanSpec {
    /// Folders to walk, files to read as they are, git repositories to read at a ref.
    pub sources: Vec<Source>,
    /// Where `portal sync` keeps remote repositories (needed only for `git:` sources).
    pub cache_dir: Option<PathBuf>,
    /// File name globs of descriptors.
    pub patterns: Vec<String>,
    pub load: LoadOptions,
    /// Follow `Location` entities to the files they name.
    pub follow_locations: bool,
}

/// Matches descriptor file names.
pub fn pattern_set(patterns: &[String]) -> Result<GlobSet, Error> {
    let mut b = GlobSetBuilder::new();
    for p in DEFAULT_PATTERNS
        .iter()
        .copied()
        .chain(patterns.iter().map(String::as_str))
    {
        let glob = Glob::new(p)
            .map_err(|e| Error::Config(format!("pattern `{p}` is not a valid glob: {e}")))?;
        b.add(glob);
    }
    b.build()
        .map_err(|e| Error::Config(format!("descriptor patterns: {e}")))
}

/// A walker over `root` with portal's rules.
pub fn walker(root: &Path) -> WalkBuilder {
    let mut b = WalkBuilder::new(root);
    b.hidden(false)
        .git_ignore(true)
        .git_global(false)
        .git_exclude(true)
        .require_git(false)
        .ignore(true)
        .parents(true)
        .follow_links(false)
        .filter_entry(|e| {
            !(e.file_type().is_some_and(|t| t.is_dir())
                && e.depth() > 0
                && e.file_name()
                    .to_str()
                    .is_some_and(|n| SKIPPED_DIRS.contains(&n)))
        });
    b
}

/// Every descriptor file below `root`, in a stable order.
pub fn find_descriptors(root: &Path, patterns: &GlobSet) -> Vec<PathBuf> {
    find_descriptors_reporting(root, patterns).0
}

/// Every descriptor file below `root`, in a stable order, and a `read-error` for each
/// folder or entry the walk could not read: its descriptors were not checked, and a
/// scan must not look complete when it is not.
pub fn find_descriptors_reporting(
    root: &Path,
    patterns: &GlobSet,
) -> (Vec<PathBuf>, Vec<catalog::Diagnostic>) {
    let found = Mutex::new(Vec::new());
    let errors = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(8));
    walker(root).threads(threads).build_parallel().run(|| {
        let found = &found;
        let errors = &errors;
        Box::new(move |entry| {
            if let Err(e) = &entry
                && let Some(d) = walk_error(e, root)
            {
                errors
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .push(d);
            }
            if let Ok(e) = entry {
                let is_file = e.file_type().is_some_and(|t| t.is_file());
                if is_file && patterns.is_match(e.file_name()) {
                    // Paths below the implicit `.` read as `svc/catalog-info.yaml`.
                    let path = match e.path().strip_prefix("./") {
                        Ok(p) if root == Path::new(".") => p.to_path_buf(),
                        _ => e.into_path(),
                    };
                    found
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .push(path);
                }
            }
            WalkState::Continue
        })
    });
    let mut found = found
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    found.sort();
    let errors = errors
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    (found, errors)
}

/// A `read-error` for an entry the walk could not read (an unreadable folder); `None`
/// for what is not an I/O error (a bad line in a `.gitignore`).
fn walk_error(e: &ignore::Error, root: &Path) -> Option<catalog::Diagnostic> {
    fn path_of(e: &ignore::Error) -> Option<&Path> {
        match e {
            ignore::Error::WithPath { path, .. } => Some(path),
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                path_of(err)
            }
            ignore::Error::Partial(errs) => errs.iter().find_map(path_of),
            _ => None,
        }
    }
    let io = e.io_error()?;
    let path = path_of(e).unwrap_or(root);
    // As for descriptors: `locked`, not `./locked`, below the implicit `.`.
    let path = match path.strip_prefix("./") {
        Ok(p) if root == Path::new(".") => p,
        _ => path,
    };
    Some(
        catalog::Finding::error(
            "read-error",
            catalog::yaml::Pos::new(1, 1),
            format!("cannot read this folder: {io}; the descriptors in it were not checked"),
        )
        .hint("check the folder's permissions")
        .at(path.to_path_buf(), None, None),
    )
}

/// What a scan found, and what it could not read.
#[derive(Debug, Default)]
pub struct Scanned {
    pub catalog: Catalog,
    /// Where the entities of git sources came from, by `Entity::file`.
    pub origins: Origins,
    /// Remote sources `portal sync` has not fetched (at their ref) yet: left out.
    pub unsynced: Vec<Remote>,
}

/// Scans every source, follows Locations, and judges every document.
pub fn scan(spec: &ScanSpec) -> Result<Catalog, Error> {
    scan_sources(spec).map(|s| s.catalog)
}

/// Scans every source, follows Locations, judges every document, and records where the
/// entities of git sources came from.
pub fn scan_sources(spec: &ScanSpec) -> Result<Scanned, Error> {
    let patterns = pattern_set(&spec.patterns)?;
    let mut files: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut missing = Vec::new();
    let mut walk_errors = Vec::new();
    let mut trees = Vec::new();
    let mut unsynced = Vec::new();
    for source in &spec.sources {
        let root = match source {
            Source::Dir(root) => root,
            Source::Repo { path, reference } => {
                trees.push(git::open_local(path, reference)?);
                continue;
            }
            Source::Remote(remote) => {
                let cache = spec.cache_dir.as_deref().ok_or_else(|| {
                    Error::Config("git sources need a cache folder; set PORTAL_CACHE_DIR".into())
                })?;
                match git::open_cached(remote, cache)? {
                    Some(opened) => trees.push(opened),
                    None => unsynced.push(remote.clone()),
                }
                continue;
            }
        };
        match std::fs::metadata(root) {
            Ok(m) if m.is_dir() => {
                let (found, errors) = find_descriptors_reporting(root, &patterns);
                for f in found {
                    files.push((f, root.clone()));
                }
                walk_errors.extend(errors);
            }
            Ok(_) => files.push((
                root.clone(),
                root.parent().unwrap_or(Path::new(".")).to_path_buf(),
            )),
            Err(e) => missing.push(Error::Io {
                path: root.clone(),
                source: e,
            }),
        }
    }
    if let Some(e) = missing.into_iter().next() {
        return Err(e);
    }
    let mut catalog = Catalog {
        diagnostics: walk_errors,
        ..Catalog::default()
    };
    let mut seen: HashSet<PathBuf> = HashSet::new();
    let mut queue = files;
    while !queue.is_empty() {
        queue.retain(|(f, _)| seen.insert(identity(f)));
        let reports = load_all(&queue, &spec.load);
        let mut next = Vec::new();
        for ((_, root), report) in queue.iter().zip(reports) {
            if spec.follow_locations {
                let (targets, diagnostics) = location::targets(&report.entities, root);
                next.extend(targets.into_iter().map(|t| (t, root.clone())));
                catalog.diagnostics.extend(diagnostics);
            }
            catalog.add(report);
        }
        queue = next;
    }
    let mut origins = Origins::new();
    for opened in &trees {
        let scanned = git::scan_tree(opened, &patterns, &spec.load, spec.follow_locations)?;
        for report in scanned.reports {
            catalog.add(report);
        }
        catalog.diagnostics.extend(scanned.diagnostics);
        origins.extend(scanned.origins);
    }
    catalog.sort();
    Ok(Scanned {
        catalog,
        origins,
        unsynced,
    })
}

/// A key that identifies a file however it was reached.
fn identity(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| location::normalize(path))
}

/// Loads files on every core; results come back in input order.
fn load_all(files: &[(PathBuf, PathBuf)], opts: &LoadOptions) -> Vec<FileReport> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(8));
    if files.len() < 16 || threads == 1 {
        return files
            .iter()
            .map(|(f, root)| load_one(f, root, opts))
            .collect();
    }
    let chunk = files.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .map(|(f, root)| load_one(f, root, opts))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

fn load_one(file: &Path, root: &Path, opts: &LoadOptions) -> FileReport {
    let repo = catalog::repo_root_of(file, root);
    catalog::load_file(file, &repo, opts)
}
