//! One scan: walk the folder sources, read the descriptors (following Locations), read the
//! git sources; with an index, take what the previous scan recorded wherever its stamps
//! still hold, and bring the index up to date.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::git::{self, Opened};
use super::index::{
    FileRecord, IndexFile, Previous, Settings, SnapshotRef, TreeRecord, WalkRecord,
};
use super::stamp::Stamp;
use super::{
    IndexUse, Matcher, Origins, RemoteState, ScanSpec, Scanned, app, location, skeleton, walk,
};
use crate::catalog::{self, Catalog, Diagnostic, FileReport, LoadOptions};
use crate::config::Source;
use crate::error::Error;
use crate::par;

/// A scan in progress.
struct Scan<'a> {
    spec: &'a ScanSpec,
    /// When it began: stamps more recent than this (less 2 s) are not trusted.
    start: SystemTime,
    matcher: Matcher,
    settings: Settings,
    index: Option<IndexFile>,
    previous: Previous,
    /// Portal's cache folder, never walked.
    skip: Option<walk::Skip>,
    /// Whether anything was not taken from the previous index (then it is written again).
    dirty: bool,
    usage: IndexUse,
    walks: Vec<WalkRecord>,
    walk_errors: Vec<Diagnostic>,
}

/// A descriptor read, or taken from the index.
struct Loaded {
    record: FileRecord,
    reused: bool,
    /// Whether its stamps can vouch for it next time.
    cacheable: bool,
    /// Whether it was modified too recently to be kept.
    racy: bool,
}

/// What the sources give before any descriptor is read.
struct Opening {
    files: Vec<(PathBuf, PathBuf)>,
    /// Backstage apps, each with the files read straight from its config locations.
    apps: Vec<(app::App, HashMap<PathBuf, usize>)>,
    /// Findings about the apps' config locations.
    app_diagnostics: Vec<Diagnostic>,
    trees: Vec<Opened>,
    unsynced: Vec<RemoteState>,
    stale: Vec<RemoteState>,
    unsynced_servers: Vec<crate::config::Server>,
    stale_servers: Vec<(crate::config::Server, super::backstage::Failure)>,
}

pub fn run(spec: &ScanSpec) -> Result<Scanned, Error> {
    let mut scan = Scan::begin(spec)?;
    let opening = scan.open_sources()?;
    let (loaded, location_diagnostics) = scan.read_files(opening.files);
    let trees = scan.read_trees(&opening.trees)?;
    scan.save(&loaded, &trees);
    let mut diagnostics = scan.walk_errors;
    diagnostics.extend(location_diagnostics);
    diagnostics.extend(opening.app_diagnostics);
    let mut reports: Vec<(FileReport, Option<PathBuf>)> = loaded
        .into_iter()
        .map(|l| (l.record.report, Some(l.record.root)))
        .collect();
    let mut origins = Origins::new();
    for record in trees {
        reports.extend(record.scan.reports.into_iter().map(|r| (r, None)));
        diagnostics.extend(record.scan.diagnostics);
        origins.extend(record.scan.origins);
    }
    for (app, direct) in &opening.apps {
        let mut own: Vec<&mut FileReport> = reports
            .iter_mut()
            .filter(|(_, root)| root.as_deref() == Some(app.dir.as_path()))
            .map(|(r, _)| r)
            .collect();
        app.enforce(&mut own, direct);
    }
    let skeletons = skeleton::leave_out(&mut reports, &mut diagnostics);
    let mut catalog = Catalog {
        diagnostics,
        ..Catalog::default()
    };
    // Room for every entity at once: growing the list by doubling touched twice the memory,
    // and fresh memory (the kernel zeroing it) was most of a query's time at 18,000
    // entities.
    catalog
        .entities
        .reserve_exact(reports.iter().map(|(r, _)| r.entities.len()).sum());
    for (report, _) in reports {
        catalog.add(report);
    }
    // The local checkout overrides a Backstage's snapshot: a reference both define is the
    // local file's, whatever the order of the sources.
    let overlaid = super::backstage::overlay(&mut catalog.entities);
    // In read order still: which definition Backstage keeps depends on it.
    super::duplicates::resolve(&mut catalog);
    catalog.sort();
    Ok(Scanned {
        catalog,
        origins,
        unsynced: opening.unsynced,
        stale: opening.stale,
        unsynced_servers: opening.unsynced_servers,
        stale_servers: opening.stale_servers,
        overlaid,
        index: scan.usage,
        skeletons,
    })
}

impl<'a> Scan<'a> {
    fn begin(spec: &'a ScanSpec) -> Result<Scan<'a>, Error> {
        let mut scan = Scan {
            spec,
            start: SystemTime::now(),
            matcher: Matcher::new(&spec.patterns, &spec.exclude)?,
            settings: Settings {
                patterns: spec.patterns.clone(),
                exclude: spec.exclude.clone(),
                extra_kinds: spec.load.extra_kinds.clone(),
                follow_locations: spec.follow_locations,
            },
            index: spec
                .index_dir
                .as_deref()
                .map(|dir| IndexFile::new(dir, key(spec))),
            previous: Previous::default(),
            // The cache folder may lie inside a source: its changes are not the catalog's.
            skip: spec
                .index_dir
                .as_deref()
                .and_then(Path::parent)
                .and_then(walk::Skip::of),
            dirty: true,
            usage: IndexUse::default(),
            walks: Vec::new(),
            walk_errors: Vec::new(),
        };
        if let Some(file) = &scan.index {
            scan.usage.path = Some(file.path.clone());
            let loaded = file.load();
            scan.usage.notice = loaded.notice;
            scan.usage.read_error = loaded.read_error;
            if let Some(snapshot) = loaded.snapshot {
                scan.dirty = snapshot.settings != scan.settings;
                // Records made under other settings are of no use.
                if !scan.dirty {
                    scan.previous = Previous::new(snapshot);
                }
            }
        }
        Ok(scan)
    }

    /// The descriptors of folder sources (each with its source folder), and the git
    /// sources opened at their commits.
    fn open_sources(&mut self) -> Result<Opening, Error> {
        let mut opening = Opening {
            files: Vec::new(),
            apps: Vec::new(),
            app_diagnostics: Vec::new(),
            trees: Vec::new(),
            unsynced: Vec::new(),
            stale: Vec::new(),
            unsynced_servers: Vec::new(),
            stale_servers: Vec::new(),
        };
        for source in &self.spec.sources {
            match source {
                Source::Dir(root) => {
                    for f in self.descriptors_of(root)? {
                        opening.files.push((f, root.clone()));
                    }
                }
                Source::Repo { path, reference } => {
                    opening.trees.push(git::open_local(path, reference)?);
                }
                Source::App { dir, config } => {
                    let app = app::load(dir, config)?;
                    let (files, diagnostics) = app.files();
                    opening.app_diagnostics.extend(diagnostics);
                    let mut direct = HashMap::new();
                    for (file, i) in files {
                        direct.entry(file.clone()).or_insert(i);
                        opening.files.push((file, dir.clone()));
                    }
                    opening.apps.push((app, direct));
                }
                Source::Backstage(server) => {
                    let cache = self.spec.cache_dir.as_deref().ok_or_else(|| {
                        Error::Config(
                            "backstage sources need a cache folder; set PORTAL_CACHE_DIR".into(),
                        )
                    })?;
                    // The snapshot `portal sync` took: its shards are descriptor files,
                    // read (and kept in the index) like any other.
                    match super::backstage::snapshot_files(cache, server) {
                        Some(files) => {
                            let dir = super::backstage::snapshot_dir(cache, server);
                            for file in files {
                                opening.files.push((file, dir.clone()));
                            }
                            if let Some(f) = super::backstage::failure(cache, server) {
                                opening.stale_servers.push((server.clone(), f));
                            }
                        }
                        None => opening.unsynced_servers.push(server.clone()),
                    }
                }
                Source::Remote(remote) => {
                    let cache = self.spec.cache_dir.as_deref().ok_or_else(|| {
                        Error::Config(
                            "git sources need a cache folder; set PORTAL_CACHE_DIR".into(),
                        )
                    })?;
                    let state = RemoteState {
                        remote: remote.clone(),
                        status: super::status::read(cache, remote),
                    };
                    match git::open_cached(remote, cache)? {
                        Some(opened) => {
                            opening.trees.push(opened);
                            if state.status.failed() {
                                opening.stale.push(state);
                            }
                        }
                        None => opening.unsynced.push(state),
                    }
                }
            }
        }
        Ok(opening)
    }

    /// A folder's descriptors (from the index when its walk still holds), or the file
    /// itself; a source that does not exist is an error.
    fn descriptors_of(&mut self, root: &Path) -> Result<Vec<PathBuf>, Error> {
        let meta = std::fs::metadata(root).map_err(|source| Error::Io {
            path: root.to_path_buf(),
            source,
        })?;
        if !meta.is_dir() {
            return Ok(vec![root.to_path_buf()]);
        }
        self.usage.walks += 1;
        if let Some(record) = self.previous.walks.remove(root) {
            match walk::first_change(&record) {
                None => {
                    self.usage.walks_reused += 1;
                    let found = record.found.clone();
                    self.walks.push(record);
                    return Ok(found);
                }
                Some(path) => self.usage.changed.push(path.to_path_buf()),
            }
        }
        self.dirty = true;
        let start = self.index.as_ref().map(|_| self.start);
        let walked = walk::walk(root, &self.matcher, self.skip.clone(), start);
        self.walk_errors.extend(walked.errors);
        self.walks.extend(walked.record);
        Ok(walked.found)
    }

    /// Reads every descriptor (or takes it from the index), following Locations.
    fn read_files(&mut self, files: Vec<(PathBuf, PathBuf)>) -> (Vec<Loaded>, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let mut loaded: Vec<Loaded> = Vec::new();
        let mut seen: HashSet<Identity> = HashSet::new();
        let mut queue = files;
        while !queue.is_empty() {
            // Stamped first: the stamp also tells a file reached twice (by a walk and by
            // a Location, or by two sources).
            let stamped = par::map(std::mem::take(&mut queue), 64, |(path, root)| {
                let stamp = Stamp::of(&path);
                (path, root, stamp)
            });
            let jobs: Vec<Job> = stamped
                .into_iter()
                .filter(|(path, _, stamp)| seen.insert(identity(path, stamp)))
                .map(|(path, root, stamp)| Job {
                    previous: self.previous.files.remove(&path),
                    path,
                    root,
                    stamp,
                })
                .collect();
            let (opts, start) = (&self.spec.load, self.start);
            let round = par::map(jobs, 16, |job| job.load(opts, start));
            if self.spec.follow_locations {
                for l in &round {
                    let (targets, found) =
                        location::targets(&l.record.report.entities, &l.record.root);
                    queue.extend(targets.into_iter().map(|t| (t, l.record.root.clone())));
                    diagnostics.extend(found);
                }
            }
            loaded.extend(round);
        }
        self.usage.files = loaded.len();
        self.usage.files_reused = loaded.iter().filter(|l| l.reused).count();
        self.usage.files_racy = loaded.iter().filter(|l| l.racy).count();
        self.dirty |= self.usage.files_reused < self.usage.files;
        (loaded, diagnostics)
    }

    /// Everything read from each git source at its commit (from the index when the
    /// commit is the one it recorded).
    fn read_trees(&mut self, trees: &[Opened]) -> Result<Vec<TreeRecord>, Error> {
        let mut records = Vec::new();
        for opened in trees {
            self.usage.trees += 1;
            let key = opened.key();
            let scan = match self.previous.trees.remove(&key) {
                Some(scan) => {
                    self.usage.trees_reused += 1;
                    scan
                }
                None => {
                    self.dirty = true;
                    let spec = self.spec;
                    git::scan_tree(opened, &self.matcher, &spec.load, spec.follow_locations)?
                }
            };
            records.push(TreeRecord { key, scan });
        }
        Ok(records)
    }

    /// Writes the index when something was not taken from it (or something it held is
    /// gone); a failure only loses the cache, and `-v` tells.
    fn save(&mut self, loaded: &[Loaded], trees: &[TreeRecord]) {
        let p = &self.previous;
        self.dirty |= !(p.walks.is_empty() && p.files.is_empty() && p.trees.is_empty());
        let Some(file) = self.index.as_ref().filter(|_| self.dirty) else {
            return;
        };
        let snapshot = SnapshotRef {
            settings: &self.settings,
            walks: self.walks.iter().collect(),
            files: loaded
                .iter()
                .filter(|l| l.cacheable)
                .map(|l| &l.record)
                .collect(),
            trees: trees
                .iter()
                .filter(|t| t.scan.reports.iter().all(FileReport::fits_the_index))
                .collect(),
        };
        match file.save(&snapshot) {
            Ok(()) => self.usage.saved = true,
            Err(e) => self.usage.save_error = Some(e.to_string()),
        }
    }
}

/// What identifies a scan's index: the working folder and the sources as given (paths in
/// records are as shown, relative to the working folder). URLs without their credentials:
/// the key is written into the index.
fn key(spec: &ScanSpec) -> String {
    let mut key = std::env::current_dir()
        .unwrap_or_default()
        .display()
        .to_string();
    for source in &spec.sources {
        key.push('\n');
        key.push_str(&match source {
            Source::Dir(path) => format!("dir {}", path.display()),
            Source::Repo { path, reference } => format!("repo {}#{reference}", path.display()),
            Source::App { dir, config } => format!("app {} {}", dir.display(), config.join(",")),
            Source::Backstage(b) => {
                format!("backstage {} {}", b.url, b.filter.as_deref().unwrap_or(""))
            }
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

impl Job {
    /// The previous record if its stamps still hold, else the file read again.
    fn load(self, opts: &LoadOptions, start: SystemTime) -> Loaded {
        if let Some(previous) = self.previous
            && previous.stamp == self.stamp
            && previous.root == self.root
            && deps_unchanged(&previous)
        {
            return Loaded {
                record: previous,
                reused: true,
                cacheable: true,
                racy: false,
            };
        }
        let repo_root = catalog::repo_root_of(&self.path, &self.root);
        let mut report = catalog::load_file(&self.path, &repo_root, opts);
        if super::backstage::is_snapshot_file(&self.path) {
            super::backstage::apply_served(&self.path, &mut report);
        }
        let deps: Vec<(PathBuf, Stamp)> = report
            .deps
            .iter()
            .map(|d| (d.clone(), Stamp::of(d)))
            .collect();
        // Paths are written to the index as UTF-8; a record with another path is not kept.
        let utf8 = [&self.path, &self.root, &repo_root]
            .into_iter()
            .chain(deps.iter().map(|(p, _)| p))
            .all(|p| p.to_str().is_some());
        let trusted = self.stamp.trusted(start) && deps.iter().all(|(_, s)| s.trusted(start));
        let record_fits = report.fits_the_index();
        Loaded {
            record: FileRecord {
                path: self.path,
                root: self.root,
                stamp: self.stamp,
                repo_root,
                deps,
                report,
            },
            reused: false,
            cacheable: utf8 && trusted && record_fits,
            racy: !trusted,
        }
    }
}

/// Whether the files a descriptor's placeholders read are as they were, found from the
/// same repository root.
fn deps_unchanged(record: &FileRecord) -> bool {
    record.deps.is_empty()
        || (catalog::repo_root_of(&record.path, &record.root) == record.repo_root
            && record.deps.iter().all(|(p, s)| Stamp::of(p) == *s))
}
