//! Finding descriptor files: walking local folders, reading git repositories at a ref, and
//! following `Location` entities; with an index, reading again only what changed.
//!
//! Walks use the `ignore` crate: it honours `.gitignore` (npm packages ship their own
//! `catalog-info.yaml`, and those are not ours), never follows symbolic links, and walks
//! in parallel. `.git`, `node_modules`, `target` and `vendor` are never entered.
//! Git sources are read from object databases instead (`git`), and fetched by `sync`.

pub mod codeowners;
pub mod git;
pub mod index;
pub mod location;
pub mod stamp;
pub mod sync;
pub mod walk;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::catalog::{self, Catalog, LoadOptions};
use crate::config::{Remote, Source};
use crate::error::Error;
pub use git::{Origin, Origins};
use index::{FileRecord, IndexFile, Previous, Settings, SnapshotRef, TreeRecord, WalkRecord};
use stamp::Stamp;
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
    pub load: LoadOptions,
    /// Follow `Location` entities to the files they name.
    pub follow_locations: bool,
    /// Where indexes are kept; `None` scans without one.
    pub index_dir: Option<PathBuf>,
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

/// How the index served a scan.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct IndexUse {
    /// The index file; `None` when the scan ran without one.
    pub path: Option<PathBuf>,
    /// Why the index that was there could not be used, in one line.
    pub notice: Option<String>,
    /// Why the index could not be read or written, if it could not.
    pub read_error: Option<String>,
    pub save_error: Option<String>,
    /// Whether the index was written.
    pub saved: bool,
    pub files: usize,
    pub files_reused: usize,
    pub walks: usize,
    pub walks_reused: usize,
    pub trees: usize,
    pub trees_reused: usize,
}

/// What a scan found, and what it could not read.
#[derive(Debug, Default)]
pub struct Scanned {
    pub catalog: Catalog,
    /// Where the entities of git sources came from, by `Entity::file`.
    pub origins: Origins,
    /// Remote sources `portal sync` has not fetched (at their ref) yet: left out.
    pub unsynced: Vec<Remote>,
    pub index: IndexUse,
}

/// Scans every source, follows Locations, and judges every document.
pub fn scan(spec: &ScanSpec) -> Result<Catalog, Error> {
    scan_sources(spec).map(|s| s.catalog)
}

/// Scans every source, follows Locations, judges every document, and records where the
/// entities of git sources came from. With an index, what has not changed since the last
/// scan is taken from it instead of read again, and the index is brought up to date.
pub fn scan_sources(spec: &ScanSpec) -> Result<Scanned, Error> {
    let start = SystemTime::now();
    let patterns = pattern_set(&spec.patterns)?;
    let settings = Settings {
        patterns: spec.patterns.clone(),
        extra_kinds: spec.load.extra_kinds.clone(),
        follow_locations: spec.follow_locations,
    };
    let mut usage = IndexUse::default();
    let index = spec
        .index_dir
        .as_deref()
        .map(|dir| IndexFile::new(dir, scan_key(spec)));
    // Anything not taken from the previous index makes the index worth writing again.
    let mut dirty = true;
    let mut previous = Previous::default();
    if let Some(file) = &index {
        usage.path = Some(file.path.clone());
        let loaded = file.load();
        usage.notice = loaded.notice;
        usage.read_error = loaded.read_error;
        if let Some(snapshot) = loaded.snapshot {
            dirty = snapshot.settings != settings;
            previous = Previous::new(snapshot, &settings);
        }
    }
    // The cache folder may lie inside a source: its changes are not the catalog's.
    let skip = spec
        .index_dir
        .as_deref()
        .and_then(Path::parent)
        .and_then(walk::Skip::of);

    let mut files: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut missing = Vec::new();
    let mut walk_errors = Vec::new();
    let mut walks: Vec<WalkRecord> = Vec::new();
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
                usage.walks += 1;
                let reused = previous.walks.remove(root).filter(walk::unchanged);
                let found = match reused {
                    Some(record) => {
                        usage.walks_reused += 1;
                        let found = record.found.clone();
                        walks.push(record);
                        found
                    }
                    None => {
                        dirty = true;
                        let walked = walk::walk(
                            root,
                            &patterns,
                            skip.clone(),
                            index.as_ref().map(|_| start),
                        );
                        walk_errors.extend(walked.errors);
                        walks.extend(walked.record);
                        walked.found
                    }
                };
                files.extend(found.into_iter().map(|f| (f, root.clone())));
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

    let mut location_diagnostics = Vec::new();
    let mut loaded: Vec<Loaded> = Vec::new();
    let mut seen: HashSet<Identity> = HashSet::new();
    let mut queue = files;
    while !queue.is_empty() {
        // Stamped first: the stamp also tells a file reached twice (by a walk and by a
        // Location, or by two sources).
        let stamped = par_map(std::mem::take(&mut queue), 64, |(path, root)| {
            let stamp = Stamp::of(&path);
            (path, root, stamp)
        });
        let jobs: Vec<Job> = stamped
            .into_iter()
            .filter(|(path, _, stamp)| seen.insert(identity(path, stamp)))
            .map(|(path, root, stamp)| Job {
                previous: previous.files.remove(&path),
                path,
                root,
                stamp,
            })
            .collect();
        let round = load_all(jobs, &spec.load, start);
        if spec.follow_locations {
            for l in &round {
                let (targets, diagnostics) =
                    location::targets(&l.record.report.entities, &l.record.root);
                queue.extend(targets.into_iter().map(|t| (t, l.record.root.clone())));
                location_diagnostics.extend(diagnostics);
            }
        }
        loaded.extend(round);
    }
    usage.files = loaded.len();
    usage.files_reused = loaded.iter().filter(|l| l.reused).count();
    dirty |= usage.files_reused < usage.files;

    let mut tree_records = Vec::new();
    for opened in &trees {
        usage.trees += 1;
        let key = opened.key();
        let scan = match previous.trees.remove(&key) {
            Some(scan) => {
                usage.trees_reused += 1;
                scan
            }
            None => {
                dirty = true;
                git::scan_tree(opened, &patterns, &spec.load, spec.follow_locations)?
            }
        };
        tree_records.push(TreeRecord { key, scan });
    }

    dirty |= !(previous.walks.is_empty() && previous.files.is_empty() && previous.trees.is_empty());
    if let Some(file) = index.as_ref().filter(|_| dirty) {
        let snapshot = SnapshotRef {
            settings: &settings,
            walks: walks.iter().collect(),
            files: loaded
                .iter()
                .filter(|l| l.cacheable)
                .map(|l| &l.record)
                .collect(),
            trees: tree_records.iter().collect(),
        };
        match file.save(&snapshot) {
            Ok(()) => usage.saved = true,
            Err(e) => usage.save_error = Some(e.to_string()),
        }
    }

    let mut catalog = Catalog {
        diagnostics: walk_errors,
        ..Catalog::default()
    };
    catalog.diagnostics.extend(location_diagnostics);
    for l in loaded {
        catalog.add(l.record.report);
    }
    let mut origins = Origins::new();
    for record in tree_records {
        for report in record.scan.reports {
            catalog.add(report);
        }
        catalog.diagnostics.extend(record.scan.diagnostics);
        origins.extend(record.scan.origins);
    }
    catalog.sort();
    Ok(Scanned {
        catalog,
        origins,
        unsynced,
        index: usage,
    })
}

/// What identifies a scan's index: the working folder and the sources as given (paths in
/// records are as shown, relative to the working folder). URLs without their credentials:
/// the key is written into the index.
fn scan_key(spec: &ScanSpec) -> String {
    let mut key = std::env::current_dir()
        .unwrap_or_default()
        .display()
        .to_string();
    for source in &spec.sources {
        key.push('\n');
        key.push_str(&match source {
            Source::Dir(path) => format!("dir {}", path.display()),
            Source::Repo { path, reference } => format!("repo {}#{reference}", path.display()),
            Source::Remote(r) => format!(
                "git {}#{}:{}",
                git::clean_url(&r.url),
                r.reference.as_deref().unwrap_or("HEAD"),
                r.path.as_deref().unwrap_or("")
            ),
        });
    }
    key
}

/// What identifies a file however it was reached.
#[derive(Debug, PartialEq, Eq, Hash)]
enum Identity {
    Inode(u64, u64),
    Path(PathBuf),
}

fn identity(path: &Path, stamp: &Stamp) -> Identity {
    match stamp.identity() {
        Some((dev, ino)) => Identity::Inode(dev, ino),
        None => Identity::Path(
            std::fs::canonicalize(path).unwrap_or_else(|_| location::normalize(path)),
        ),
    }
}

/// A descriptor to read, with what the previous index holds for it.
struct Job {
    path: PathBuf,
    root: PathBuf,
    /// Taken before the file is read.
    stamp: Stamp,
    previous: Option<FileRecord>,
}

/// A descriptor read, or taken from the index.
struct Loaded {
    record: FileRecord,
    reused: bool,
    /// Whether its stamps can vouch for it next time.
    cacheable: bool,
}

/// Loads files on every core; results come back in input order.
fn load_all(jobs: Vec<Job>, opts: &LoadOptions, start: SystemTime) -> Vec<Loaded> {
    par_map(jobs, 16, |job| load_one(job, opts, start))
}

fn load_one(job: Job, opts: &LoadOptions, start: SystemTime) -> Loaded {
    let stamp = job.stamp;
    if let Some(previous) = job.previous
        && previous.stamp == stamp
        && previous.root == job.root
        && deps_unchanged(&previous)
    {
        return Loaded {
            record: previous,
            reused: true,
            cacheable: true,
        };
    }
    let repo_root = catalog::repo_root_of(&job.path, &job.root);
    let report = catalog::load_file(&job.path, &repo_root, opts);
    let deps: Vec<(PathBuf, Stamp)> = report
        .deps
        .iter()
        .map(|d| (d.clone(), Stamp::of(d)))
        .collect();
    // Paths are written to the index as UTF-8; a record with another path is not kept.
    let utf8 = [&job.path, &job.root, &repo_root]
        .into_iter()
        .chain(deps.iter().map(|(p, _)| p))
        .all(|p| p.to_str().is_some());
    let cacheable = utf8 && stamp.trusted(start) && deps.iter().all(|(_, s)| s.trusted(start));
    Loaded {
        record: FileRecord {
            path: job.path,
            root: job.root,
            stamp,
            repo_root,
            deps,
            report,
        },
        reused: false,
        cacheable,
    }
}

/// Whether the files a descriptor's placeholders read are as they were, found from the
/// same repository root.
fn deps_unchanged(record: &FileRecord) -> bool {
    record.deps.is_empty()
        || (catalog::repo_root_of(&record.path, &record.root) == record.repo_root
            && record.deps.iter().all(|(p, s)| Stamp::of(p) == *s))
}

/// `f` over `items` on every core (up to 8), results in input order; on the calling
/// thread when there are fewer than `min` items (threads would cost more than they save).
fn par_map<T: Send, R: Send>(items: Vec<T>, min: usize, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(8));
    if items.len() < min.max(2) || threads == 1 {
        return items.into_iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let mut parts: Vec<Vec<T>> = Vec::new();
    let mut items = items.into_iter();
    loop {
        let part: Vec<T> = items.by_ref().take(chunk).collect();
        if part.is_empty() {
            break;
        }
        parts.push(part);
    }
    let f = &f;
    std::thread::scope(|s| {
        let handles: Vec<_> = parts
            .into_iter()
            .map(|part| {
                std::thread::Builder::new()
                    .stack_size(WORKER_STACK)
                    .spawn_scoped(s, move || part.into_iter().map(f).collect::<Vec<_>>())
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.ok().and_then(|h| h.join().ok()).unwrap_or_default())
            .collect()
    })
}

/// A worker's stack: values nest up to 900 levels, and decoding one from the index
/// recurses a few frames per level (2 MiB, the default, overflowed at 890).
const WORKER_STACK: usize = 32 << 20;

/// Whether `f` holds for every item, checked on every core (up to 8).
fn par_all<T: Sync>(items: &[T], f: impl Fn(&T) -> bool + Sync) -> bool {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(8));
    if items.len() < 256 || threads == 1 {
        return items.iter().all(f);
    }
    let chunk = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| s.spawn(move || part.iter().all(f)))
            .collect();
        handles.into_iter().all(|h| h.join().unwrap_or(false))
    })
}
