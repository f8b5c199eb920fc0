//! Finding descriptor files: walking local folders and following `Location` entities.
//!
//! Walks use the `ignore` crate: it honours `.gitignore` (npm packages ship their own
//! `catalog-info.yaml`, and those are not ours), never follows symbolic links, and walks
//! in parallel. `.git`, `node_modules`, `target` and `vendor` are never entered.

pub mod codeowners;
pub mod location;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use globset::{Glob, GlobSet, GlobSetBuilder};
use ignore::{WalkBuilder, WalkState};

use crate::catalog::{self, Catalog, FileReport, LoadOptions};
use crate::error::Error;

/// Folders never entered.
pub const SKIPPED_DIRS: &[&str] = &[".git", "node_modules", "target", "vendor"];

/// The file names that are descriptors by default.
pub const DEFAULT_PATTERNS: &[&str] = &["catalog-info.yaml", "catalog-info.yml"];

/// What to scan and how.
#[derive(Debug, Clone)]
pub struct ScanSpec {
    /// Folders to walk, or files to read as they are.
    pub roots: Vec<PathBuf>,
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
    let found = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(8));
    walker(root).threads(threads).build_parallel().run(|| {
        let found = &found;
        Box::new(move |entry| {
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
    found
}

/// Scans every root, follows Locations, and judges every document.
pub fn scan(spec: &ScanSpec) -> Result<Catalog, Error> {
    let patterns = pattern_set(&spec.patterns)?;
    let mut files: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut missing = Vec::new();
    for root in &spec.roots {
        match std::fs::metadata(root) {
            Ok(m) if m.is_dir() => {
                for f in find_descriptors(root, &patterns) {
                    files.push((f, root.clone()));
                }
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
    let mut catalog = Catalog::default();
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
    catalog.sort();
    Ok(catalog)
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
