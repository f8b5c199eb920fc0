//! Where a docs site's files are read from: a folder on disk (confined by
//! [`crate::confine::Dir`]) or a git source's tree at its commit. Both answer the same
//! questions, so finding, reading and checking docs work the same on either.

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

/// A folder on disk. Links are followed only while they stay inside the root.
pub struct DiskTree(pub confine::Dir);

impl Tree for DiskTree {
    fn read(&self, rel: &str, limit: u64) -> Result<Vec<u8>, Refusal> {
        self.0.read(rel, limit)
    }

    fn list(&self, rel: &str) -> Vec<(String, bool)> {
        let Ok(real) = self.0.resolve(rel) else {
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
        let real = self.0.resolve(rel).ok()?;
        let meta = std::fs::metadata(real).ok()?;
        if meta.is_dir() {
            Some(true)
        } else if meta.is_file() {
            Some(false)
        } else {
            None
        }
    }

    fn show(&self, rel: &str) -> PathBuf {
        self.0.show(rel)
    }

    fn on_disk(&self, rel: &str) -> Option<PathBuf> {
        self.0.resolve(rel).ok()
    }

    fn fingerprint(&self, rel: &str) -> Option<String> {
        let meta = std::fs::metadata(self.0.resolve(rel).ok()?).ok()?;
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
