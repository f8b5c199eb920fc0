//! Where a docs site's files are read from: a folder on disk (confined by
//! [`crate::confine::Dir`]) or a git source's tree at its commit. Both answer the same
//! questions, so finding, reading and checking docs work the same on either.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::PathBuf;

use crate::confine::{self, Refusal};
use crate::source::git::Opened;

/// A read-only tree of files, addressed by `/`-separated paths relative to its root.
pub trait Tree {
    /// The file at `rel`, at most `limit` bytes.
    fn read(&self, rel: &str, limit: u64) -> Result<Vec<u8>, Refusal>;
    /// The entries of the folder `rel`, `(name, is_folder)`, sorted; what leaves the root
    /// (a link out of it) is left out.
    fn list(&self, rel: &str) -> Vec<(String, bool)>;
    /// What is at `rel`: `Some(true)` a folder, `Some(false)` a file, `None` nothing (or
    /// something outside the root).
    fn kind(&self, rel: &str) -> Option<bool>;
    /// How `rel` is shown in messages.
    fn show(&self, rel: &str) -> PathBuf;
    /// The file on disk behind `rel`, when there is one (for `docs serve` to watch).
    fn on_disk(&self, _rel: &str) -> Option<PathBuf> {
        None
    }
    /// What changes when the file at `rel` changes: its stamp on disk (modification time,
    /// size, inode), its object id in git. `None` when there is nothing there.
    fn fingerprint(&self, rel: &str) -> Option<String>;
}

/// A folder on disk. Links are followed only while they stay inside the root. Each folder
/// is resolved once (its links followed and checked); an entry of a resolved folder that
/// is not a link needs no more than its own `lstat`.
pub struct DiskTree {
    dir: confine::Dir,
    /// Folders resolved so far: their real path, or `None` when they lead out or are not
    /// folders.
    folders: RefCell<HashMap<String, Option<PathBuf>>>,
}

impl DiskTree {
    /// The tree of the folder `dir`.
    pub fn new(dir: confine::Dir) -> DiskTree {
        // The root's real path is known (a `Dir` holds it resolved).
        let root = Some(dir.real().to_path_buf());
        DiskTree {
            dir,
            folders: RefCell::new(HashMap::from([(String::new(), root)])),
        }
    }

    /// The root, confined.
    pub fn dir(&self) -> &confine::Dir {
        &self.dir
    }

    /// The real path of the folder `rel`, resolved once.
    fn folder(&self, rel: &str) -> Option<PathBuf> {
        if let Some(known) = self.folders.borrow().get(rel) {
            return known.clone();
        }
        // A plain folder (not a link) of a resolved folder is resolved: its real path is
        // its parent's joined with its name. Only a link needs the full resolution.
        let (parent, name) = rel.rsplit_once('/').unwrap_or(("", rel));
        let plain = self.folder(parent).and_then(|p| {
            let path = p.join(name);
            let meta = std::fs::symlink_metadata(&path).ok()?;
            Some((path, meta))
        });
        let real = match plain {
            Some((path, meta)) if !meta.file_type().is_symlink() => {
                Some(path).filter(|_| meta.is_dir())
            }
            Some(_) => self.dir.resolve(rel).ok().filter(|p| p.is_dir()),
            None => None,
        };
        self.folders
            .borrow_mut()
            .insert(rel.to_string(), real.clone());
        real
    }

    /// The real path of `rel` and its metadata: through its resolved folder, and resolved
    /// whole only when it is a link.
    fn entry(&self, rel: &str) -> Option<(PathBuf, std::fs::Metadata)> {
        if rel.is_empty() {
            let real = self.folder("")?;
            let meta = std::fs::metadata(&real).ok()?;
            return Some((real, meta));
        }
        let (parent, name) = rel.rsplit_once('/').unwrap_or(("", rel));
        let path = self.folder(parent)?.join(name);
        let meta = std::fs::symlink_metadata(&path).ok()?;
        if meta.file_type().is_symlink() {
            let real = self.dir.resolve(rel).ok()?;
            let meta = std::fs::metadata(&real).ok()?;
            return Some((real, meta));
        }
        Some((path, meta))
    }
}

impl Tree for DiskTree {
    fn read(&self, rel: &str, limit: u64) -> Result<Vec<u8>, Refusal> {
        match self.entry(rel) {
            Some((real, _)) => confine::read_resolved(&real, limit),
            // Why not, as the full resolution says it (outside, missing, special).
            None => self.dir.read(rel, limit),
        }
    }

    fn list(&self, rel: &str) -> Vec<(String, bool)> {
        let Some(real) = self.folder(rel) else {
            return Vec::new();
        };
        let Ok(entries) = std::fs::read_dir(real) else {
            return Vec::new();
        };
        let mut out: Vec<(String, bool)> = entries
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().into_string().ok()?;
                let kind = e.file_type().ok()?;
                // A plain entry of a folder inside the root is inside it; only a link
                // must be resolved to know where it leads.
                if kind.is_dir() || kind.is_file() {
                    return Some((name, kind.is_dir()));
                }
                let child = if rel.is_empty() {
                    name.clone()
                } else {
                    format!("{rel}/{name}")
                };
                self.kind(&child).map(|is_dir| (name, is_dir))
            })
            .collect();
        out.sort();
        out
    }

    fn kind(&self, rel: &str) -> Option<bool> {
        let (_, meta) = self.entry(rel)?;
        if meta.is_dir() {
            Some(true)
        } else if meta.is_file() {
            Some(false)
        } else {
            None
        }
    }

    fn show(&self, rel: &str) -> PathBuf {
        self.dir.show(rel)
    }

    fn on_disk(&self, rel: &str) -> Option<PathBuf> {
        self.entry(rel).map(|(p, _)| p)
    }

    fn fingerprint(&self, rel: &str) -> Option<String> {
        let (_, meta) = self.entry(rel)?;
        let modified = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        #[cfg(unix)]
        let ino = std::os::unix::fs::MetadataExt::ino(&meta);
        #[cfg(not(unix))]
        let ino = 0u64;
        Some(format!("{modified}:{}:{ino}", meta.len()))
    }
}

/// A git source's tree at its commit, read from the object database.
pub struct GitTree(pub std::rc::Rc<Opened>);

impl Tree for GitTree {
    fn read(&self, rel: &str, limit: u64) -> Result<Vec<u8>, Refusal> {
        match self.kind(rel) {
            None if self.0.kind_of(rel).is_some() => Err(Refusal::Link),
            None => Err(Refusal::Missing),
            Some(true) => Err(Refusal::Folder),
            Some(false) => self.0.file(rel, limit).ok_or(Refusal::TooLarge(limit)),
        }
    }

    fn list(&self, rel: &str) -> Vec<(String, bool)> {
        self.0.list(rel)
    }

    fn kind(&self, rel: &str) -> Option<bool> {
        if rel.is_empty() {
            return Some(true);
        }
        // Through the parent's listing, which leaves links out: they are never followed.
        let (parent, name) = rel.rsplit_once('/').unwrap_or(("", rel));
        self.0
            .list(parent)
            .into_iter()
            .find(|(n, _)| n == name)
            .map(|(_, is_dir)| is_dir)
    }

    fn show(&self, rel: &str) -> PathBuf {
        self.0.shown_path(rel)
    }

    fn fingerprint(&self, rel: &str) -> Option<String> {
        self.0.object_id(rel).map(|id| format!("git:{id}"))
    }
}
