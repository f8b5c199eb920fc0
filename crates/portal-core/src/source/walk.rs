//! Walking a folder source for descriptors, and recording what the walk's result depends
//! on, so that the index can tell next time, from stamps alone, that walking again would
//! find the same files.
//!
//! A walk's result depends on the listing of every folder it entered (a folder's stamp
//! changes when an entry is added, removed or renamed in it) and on the ignore files that
//! pruned it: `.gitignore` and `.ignore` in those folders and above the root, and
//! `.git/info/exclude` where there is a repository. A walk that had errors, or whose stamps
//! are too recent to trust, is not recorded.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use ignore::{WalkBuilder, WalkState};

use super::index::WalkRecord;
use super::stamp::{Kind, Stamp};
use super::{Matcher, SKIPPED_DIRS};
use crate::catalog::{self, Diagnostic};

/// Ignore files read in every folder the walk enters.
const IGNORE_FILES: &[&str] = &[".gitignore", ".ignore"];

/// A walker over `root` with portal's rules.
pub fn walker(root: &Path) -> WalkBuilder {
    walker_skipping(root, None, None)
}

/// A walker over `root` with portal's rules that never enters `skip`, nor what `matcher`
/// excludes.
fn walker_skipping(root: &Path, skip: Option<Skip>, matcher: Option<Matcher>) -> WalkBuilder {
    let base = root.to_path_buf();
    let mut b = WalkBuilder::new(root);
    b.hidden(false)
        .git_ignore(true)
        .git_global(false)
        .git_exclude(true)
        .require_git(false)
        .ignore(true)
        .parents(true)
        .follow_links(false)
        .filter_entry(move |e| {
            !(skipped_by_name(e)
                || skip.as_ref().is_some_and(|s| e.depth() > 0 && s.matches(e))
                || matcher.as_ref().is_some_and(|m| {
                    e.depth() > 0
                        && e.path().strip_prefix(&base).is_ok_and(|rel| {
                            m.excludes(rel, e.file_type().is_some_and(|t| t.is_dir()))
                        })
                }))
        });
    b
}

/// `.git`, `node_modules`, `target` and `vendor` below the root.
fn skipped_by_name(e: &ignore::DirEntry) -> bool {
    e.file_type().is_some_and(|t| t.is_dir())
        && e.depth() > 0
        && e.file_name()
            .to_str()
            .is_some_and(|n| SKIPPED_DIRS.contains(&n))
}

/// A folder the walk must not enter, by identity: portal's own cache, when it lies inside
/// a source (the index is written there, and must not change what it describes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    name: std::ffi::OsString,
    dev: u64,
    ino: u64,
}

impl Skip {
    /// The identity of `dir`, if it exists.
    pub fn of(dir: &Path) -> Option<Skip> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let m = std::fs::metadata(dir).ok()?;
            Some(Skip {
                name: dir.file_name()?.to_os_string(),
                dev: m.dev(),
                ino: m.ino(),
            })
        }
        #[cfg(not(unix))]
        {
            let _ = dir;
            None
        }
    }

    /// By name first (cheap), then by `stat` (the inode a listing reports is not always
    /// the one `stat` does, on overlay file systems).
    fn matches(&self, e: &ignore::DirEntry) -> bool {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            e.file_name() == self.name
                && e.file_type().is_some_and(|t| t.is_dir())
                && std::fs::metadata(e.path())
                    .is_ok_and(|m| m.dev() == self.dev && m.ino() == self.ino)
        }
        #[cfg(not(unix))]
        {
            let _ = e;
            false
        }
    }
}

/// What walking a folder source found.
#[derive(Debug, Default)]
pub struct Walk {
    /// Descriptor files, in a stable order.
    pub found: Vec<PathBuf>,
    /// A `read-error` for each folder or entry the walk could not read: its descriptors
    /// were not checked, and a scan must not look complete when it is not.
    pub errors: Vec<Diagnostic>,
    /// What the result depends on, when it can be trusted next time.
    pub record: Option<WalkRecord>,
}

/// Every descriptor file below `root`, in a stable order.
pub fn find_descriptors(root: &Path, matcher: &Matcher) -> Vec<PathBuf> {
    walk(root, matcher, None, None).found
}

/// Walks `root` for descriptors, in parallel. With `start` (when the scan began), also
/// records what the result depends on.
pub fn walk(root: &Path, matcher: &Matcher, skip: Option<Skip>, start: Option<SystemTime>) -> Walk {
    let found = Mutex::new(Vec::new());
    let errors = Mutex::new(Vec::new());
    let dirs = Mutex::new(Vec::new());
    let record = start.is_some();
    let threads = crate::par::threads();
    walker_skipping(root, skip, Some(matcher.clone()))
        .threads(threads)
        .build_parallel()
        .run(|| {
            let (found, errors, dirs) = (&found, &errors, &dirs);
            Box::new(move |entry| {
                let entry = match entry {
                    Ok(e) => e,
                    Err(e) => {
                        if let Some(d) = walk_error(&e, root) {
                            lock(errors).push(d);
                        }
                        return WalkState::Continue;
                    }
                };
                let Some(kind) = entry.file_type() else {
                    return WalkState::Continue;
                };
                if kind.is_dir() && record {
                    // Taken after the walker opened the folder and before it lists it; a
                    // change in between makes the stamp recent (untrusted) or different.
                    let stamp = Stamp::from_result(entry.metadata().map_err(std::io::Error::other));
                    lock(dirs).push((shown(entry.path(), root), stamp));
                } else if kind.is_file() && matcher.is_descriptor_name(entry.file_name()) {
                    lock(found).push(shown(entry.path(), root));
                }
                WalkState::Continue
            })
        });
    let mut found = into_inner(found);
    found.sort();
    let errors = into_inner(errors);
    let record = match start {
        Some(start) if errors.is_empty() => record_of(root, into_inner(dirs), &found, start),
        _ => None,
    };
    Walk {
        found,
        errors,
        record,
    }
}

/// What changed since `record` was made (a folder, an ignore file, a `.git`); `None`
/// when walking again would find what it found: every stamp still matches.
pub fn first_change(record: &WalkRecord) -> Option<&Path> {
    if let Some((path, _)) = record
        .kinds
        .iter()
        .find(|(path, kind)| Stamp::of_link(path).kind != *kind)
    {
        return Some(path);
    }
    crate::par::find(&record.stamps, |(path, stamp)| {
        let now = if stamp.kind == Kind::Dir {
            Stamp::of_link(path)
        } else {
            Stamp::of(path)
        };
        now != *stamp
    })
    .map(|(path, _)| path.as_path())
}

/// The record of a walk that entered `dirs` and found `found`; `None` when a stamp is too
/// recent to trust or a repository is of a kind whose ignore files are not tracked.
fn record_of(
    root: &Path,
    mut dirs: Vec<(PathBuf, Stamp)>,
    found: &[PathBuf],
    start: SystemTime,
) -> Option<WalkRecord> {
    dirs.sort_by(|a, b| a.0.cmp(&b.0));
    let per_dir = crate::par::map(dirs, 256, |(dir, stamp)| {
        let mut stamps = vec![(dir.clone(), stamp)];
        // A missing ignore file needs no stamp: creating it changes the folder's.
        for name in IGNORE_FILES {
            let path = dir.join(name);
            let stamp = Stamp::of(&path);
            if stamp.kind != Kind::Missing {
                stamps.push((path, stamp));
            }
        }
        stamps.extend(git_exclude(&dir)?);
        Some(stamps)
    });
    let mut stamps = Vec::new();
    for dir in per_dir {
        stamps.extend(dir?);
    }
    let mut kinds = Vec::new();
    let absolute = std::fs::canonicalize(root).ok()?;
    for parent in absolute.ancestors().skip(1) {
        for name in IGNORE_FILES {
            let path = parent.join(name);
            stamps.push((path.clone(), Stamp::of(&path)));
        }
        let git = parent.join(".git");
        kinds.push((git.clone(), Stamp::of_link(&git).kind));
        let exclude = git.join("info").join("exclude");
        stamps.push((exclude.clone(), Stamp::of(&exclude)));
    }
    if !stamps.iter().all(|(_, s)| s.trusted(start)) {
        return None;
    }
    // Paths are written to the index as UTF-8.
    let utf8 = |p: &PathBuf| p.to_str().is_some();
    if !(utf8(&root.to_path_buf())
        && stamps.iter().all(|(p, _)| utf8(p))
        && kinds.iter().all(|(p, _)| utf8(p))
        && found.iter().all(utf8))
    {
        return None;
    }
    Some(WalkRecord {
        root: root.to_path_buf(),
        stamps,
        kinds,
        found: found.to_vec(),
    })
}

/// The stamps that decide whether `dir`'s repository excludes more files: its
/// `.git/info/exclude` (present or not). `None` for a linked worktree, whose exclude file
/// lives in another repository.
fn git_exclude(dir: &Path) -> Option<Vec<(PathBuf, Stamp)>> {
    let git = dir.join(".git");
    let stamp = Stamp::of_link(&git);
    match stamp.kind {
        Kind::Missing => Some(Vec::new()),
        Kind::Dir => {
            let exclude = git.join("info").join("exclude");
            Some(vec![(exclude.clone(), Stamp::of(&exclude))])
        }
        Kind::File => {
            // A submodule's `.git` file names its repository; `ignore` reads an exclude
            // file only for a worktree (one with a `commondir`).
            let text = std::fs::read_to_string(&git).ok()?;
            let gitdir = text.lines().next()?.strip_prefix("gitdir: ")?;
            let commondir = PathBuf::from(gitdir).join("commondir");
            let common = Stamp::of(&commondir);
            (common.kind == Kind::Missing).then(|| vec![(git, stamp), (commondir, common)])
        }
        Kind::Other | Kind::Unknown => Some(vec![(git, stamp)]),
    }
}

/// Paths below the implicit `.` read as `svc/catalog-info.yaml`.
fn shown(path: &Path, root: &Path) -> PathBuf {
    match path.strip_prefix("./") {
        Ok(p) if root == Path::new(".") && !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => path.to_path_buf(),
    }
}

/// A `read-error` for an entry the walk could not read (an unreadable folder); `None`
/// for what is not an I/O error (a bad line in a `.gitignore`).
fn walk_error(e: &ignore::Error, root: &Path) -> Option<Diagnostic> {
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
    Some(
        catalog::Finding::error(
            "read-error",
            catalog::yaml::Pos::new(1, 1),
            format!("cannot read this folder: {io}; the descriptors in it were not checked"),
        )
        .hint("check the folder's permissions")
        .at(shown(path, root), None, None),
    )
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn into_inner<T>(m: Mutex<T>) -> T {
    m.into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
