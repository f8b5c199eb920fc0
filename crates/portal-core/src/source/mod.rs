//! Finding descriptor files: walking local folders, reading git repositories at a ref, and
//! following `Location` entities; with an index, reading again only what changed.
//!
//! Walks use the `ignore` crate: it honours `.gitignore` (npm packages ship their own
//! `catalog-info.yaml`, and those are not ours), never follows symbolic links, and walks
//! in parallel. `.git`, `node_modules`, `target` and `vendor` are never entered.
//! Git sources are read from object databases instead (`git`), and fetched by `sync`.

pub mod app;
pub mod backstage;
pub mod codeowners;
pub(crate) mod duplicates;
pub mod git;
pub(crate) mod index;
pub mod location;
mod scan;
pub mod skeleton;
pub(crate) mod stamp;
pub mod status;
pub mod sync;
pub mod walk;

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use ignore::gitignore::{Gitignore, GitignoreBuilder};

use crate::catalog::{Catalog, LoadOptions};
use crate::config::Source;
use crate::error::Error;
pub use git::{Origin, Origins};
pub use status::{RemoteState, SyncStatus};
pub use walk::{find_descriptors, walker};

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
    /// Gitignore lines of paths never read as descriptors, relative to each source's root.
    pub exclude: Vec<String>,
    /// How each descriptor is read.
    pub load: LoadOptions,
    /// Follow `Location` entities to the files they name.
    pub follow_locations: bool,
    /// Where indexes are kept; `None` scans without one.
    pub index_dir: Option<PathBuf>,
}

impl ScanSpec {
    /// What a command scans: `sources` (the configured ones, or those given on the command
    /// line) with the configuration's patterns and kinds, the cache folder when a `git:`
    /// source needs it, and the index beside it (none without a cache folder).
    pub fn new(
        config: &crate::config::Config,
        sources: Vec<Source>,
        follow_locations: bool,
    ) -> Result<ScanSpec, Error> {
        let cache = crate::config::cache_dir();
        // Without a cache folder (no HOME), scans simply run without an index.
        let index_dir = cache.as_ref().ok().map(|d| d.join("index"));
        let cache_dir = match sources
            .iter()
            .any(|s| matches!(s, Source::Remote(_) | Source::Backstage(_)))
        {
            true => Some(cache?),
            false => None,
        };
        Ok(ScanSpec {
            sources,
            cache_dir,
            patterns: config.patterns.clone(),
            exclude: config.exclude.clone(),
            load: LoadOptions {
                extra_kinds: config.kinds.clone(),
            },
            follow_locations,
            index_dir,
        })
    }
}

/// Which files of a source are descriptors: names that match the patterns, at paths that
/// `exclude:` (gitignore lines, relative to the source's root) does not leave out.
#[derive(Debug, Clone)]
pub struct Matcher {
    names: GlobSet,
    exclude: Option<Gitignore>,
}

impl Matcher {
    /// The default patterns and `patterns`, less `exclude`.
    pub fn new(patterns: &[String], exclude: &[String]) -> Result<Matcher, Error> {
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
        let names = b
            .build()
            .map_err(|e| Error::Config(format!("descriptor patterns: {e}")))?;
        Ok(Matcher {
            names,
            exclude: exclude_lines(exclude).map_err(Error::Config)?,
        })
    }

    /// Whether a file of this name is a descriptor (where it is not excluded).
    pub fn is_descriptor_name(&self, name: &std::ffi::OsStr) -> bool {
        self.names.is_match(name)
    }

    /// Whether `rel`, relative to its source's root, is left out by `exclude:` (itself or
    /// a folder above it).
    pub fn excludes(&self, rel: &Path, is_dir: bool) -> bool {
        let Some(gi) = &self.exclude else {
            return false;
        };
        if rel.as_os_str().is_empty() || rel.has_root() {
            return false;
        }
        gi.matched_path_or_any_parents(rel, is_dir).is_ignore()
    }
}

/// `exclude:` lines as one gitignore, `None` when there are none; an error names the line.
pub fn exclude_lines(lines: &[String]) -> Result<Option<Gitignore>, String> {
    if lines.is_empty() {
        return Ok(None);
    }
    let mut b = GitignoreBuilder::new(".");
    for line in lines {
        b.add_line(None, line)
            .map_err(|e| format!("exclude `{line}` is not a valid pattern: {e}"))?;
    }
    b.build()
        .map(Some)
        .map_err(|e| format!("exclude patterns: {e}"))
}

/// How the index served a scan.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct IndexUse {
    /// The index file; `None` when the scan ran without one.
    pub path: Option<PathBuf>,
    /// Why the index that was there could not be used, in one line.
    pub notice: Option<String>,
    /// Why the index could not be read or written, if it could not.
    pub read_error: Option<String>,
    /// Why the index could not be written, if it could not.
    pub save_error: Option<String>,
    /// Whether the index was written.
    pub saved: bool,
    /// Descriptor files in the scan.
    pub files: usize,
    /// Of those, files whose report the index gave.
    pub files_reused: usize,
    /// Files modified less than 2 s before the scan: read, and read again next time.
    pub files_racy: usize,
    /// For each folder walk that could not be reused, the first thing found changed.
    pub changed: Vec<PathBuf>,
    /// Folder walks in the scan.
    pub walks: usize,
    /// Of those, walks the index gave.
    pub walks_reused: usize,
    /// Git trees in the scan.
    pub trees: usize,
    /// Of those, trees the index gave.
    pub trees_reused: usize,
}

/// What a scan found, and what it could not read.
#[derive(Debug, Default)]
pub struct Scanned {
    /// Every entity and diagnostic.
    pub catalog: Catalog,
    /// Where the entities of git sources came from, by `Entity::file`.
    pub origins: Origins,
    /// Remote sources with no commit cached at their ref (never synced, or every sync
    /// failed): left out.
    pub unsynced: Vec<RemoteState>,
    /// Remote sources read from the cache although their last sync failed: older than the
    /// user may think.
    pub stale: Vec<RemoteState>,
    /// Backstage sources never synced: left out.
    pub unsynced_servers: Vec<crate::config::Server>,
    /// Backstage sources read from their snapshot although their last sync failed.
    pub stale_servers: Vec<(crate::config::Server, backstage::Failure)>,
    /// Entities of a Backstage's snapshot that a local file also defines, and so are taken
    /// from the local file: `(reference, local file, server URL)`.
    pub overlaid: Vec<backstage::Overlaid>,
    /// How the index served the scan.
    pub index: IndexUse,
    /// Descriptors left out because a Template fetches them as skeleton content.
    pub skeletons: Vec<skeleton::Skipped>,
}

/// Scans every source, follows Locations, and judges every document.
pub fn scan(spec: &ScanSpec) -> Result<Catalog, Error> {
    scan_sources(spec).map(|s| s.catalog)
}

/// Scans every source, follows Locations, judges every document, and records where the
/// entities of git sources came from. With an index, what has not changed since the last
/// scan is taken from it instead of read again, and the index is brought up to date.
pub fn scan_sources(spec: &ScanSpec) -> Result<Scanned, Error> {
    scan::run(spec)
}
