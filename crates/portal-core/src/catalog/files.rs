//! The files a descriptor may read through its placeholders: those of its root, a folder
//! on disk or a git tree, and only through [`crate::confine`].
//!
//! The root is decided by the source (`repo_root_of` for folders, the tree for git); a
//! path a descriptor names is joined onto its folder by [`confine::join`] and read by the
//! root's own reader, which resolves symbolic links (on disk) or never follows them (in a
//! tree).

use std::cell::OnceCell;
use std::path::{Path, PathBuf};

use crate::confine::{self, Refusal};

/// A root that placeholder targets are read from.
pub trait Files {
    /// The descriptor's folder relative to the root (`""` for the root itself), or
    /// `None` when the descriptor does not lie inside it (then nothing is read).
    fn base(&self) -> Option<String>;
    /// The file at `rel` (a path from [`confine::join`]), at most `limit` bytes.
    fn read(&self, rel: &str, limit: u64) -> Result<Vec<u8>, Refusal>;
    /// How `rel` is shown in messages.
    fn show(&self, rel: &str) -> PathBuf;
    /// How the root is shown in messages.
    fn root(&self) -> PathBuf;
    /// The file on disk a report depends on when it reads `rel` (for the index); `None`
    /// when the root cannot change under the same key (a git tree at a commit).
    fn dep(&self, _rel: &str) -> Option<PathBuf> {
        None
    }
}

/// A folder on disk, for a descriptor in it: opened when a placeholder first reads.
pub struct Disk {
    root: PathBuf,
    descriptor_dir: PathBuf,
    opened: OnceCell<Option<(confine::Dir, String)>>,
}

impl Disk {
    /// The root `root` (as shown) for the descriptor at `descriptor` (as shown).
    pub fn new(root: &Path, descriptor: &Path) -> Disk {
        let dot = |p: &Path| match p.as_os_str().is_empty() {
            true => PathBuf::from("."),
            false => p.to_path_buf(),
        };
        Disk {
            root: dot(root),
            descriptor_dir: dot(descriptor.parent().unwrap_or(Path::new(""))),
            opened: OnceCell::new(),
        }
    }

    fn opened(&self) -> Option<&(confine::Dir, String)> {
        self.opened
            .get_or_init(|| {
                let dir = confine::Dir::new(&self.root).ok()?;
                let base = dir.relative_of(&self.descriptor_dir)?;
                Some((dir, base))
            })
            .as_ref()
    }
}

impl Files for Disk {
    fn base(&self) -> Option<String> {
        self.opened().map(|(_, base)| base.clone())
    }

    fn read(&self, rel: &str, limit: u64) -> Result<Vec<u8>, Refusal> {
        let (dir, _) = self.opened().ok_or(Refusal::Outside)?;
        dir.read(rel, limit)
    }

    fn show(&self, rel: &str) -> PathBuf {
        match rel.is_empty() {
            true => self.root.clone(),
            false => confine::normalize(&self.root.join(rel)),
        }
    }

    fn root(&self) -> PathBuf {
        self.root.clone()
    }

    fn dep(&self, rel: &str) -> Option<PathBuf> {
        Some(self.show(rel))
    }
}

/// No files at all: for text judged on its own (a template held in memory, a test).
pub struct Nothing;

impl Files for Nothing {
    fn base(&self) -> Option<String> {
        Some(String::new())
    }

    fn read(&self, _rel: &str, _limit: u64) -> Result<Vec<u8>, Refusal> {
        Err(Refusal::Missing)
    }

    fn show(&self, rel: &str) -> PathBuf {
        PathBuf::from(rel)
    }

    fn root(&self) -> PathBuf {
        PathBuf::from(".")
    }
}

/// The folder that confines what `file`'s placeholders and Locations may read, when it was
/// found in the source `source` (a folder, or the file itself): the innermost git
/// repository holding it inside the source, else the source folder. A file given on its
/// own is confined to the innermost repository holding it, else to its own folder.
pub fn repo_root_of(file: &Path, source: &Path) -> PathBuf {
    let alone = file == source;
    let fallback = match alone {
        true => file.parent().unwrap_or(Path::new("")).to_path_buf(),
        false => source.to_path_buf(),
    };
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d.join(".git").exists() {
            return d.to_path_buf();
        }
        if d == fallback && !alone {
            break;
        }
        dir = d.parent();
    }
    fallback
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_is_the_innermost_repository_inside_the_source() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let src = dir.path().join("src");
        std::fs::create_dir_all(src.join("team/.git")).expect("mkdir");
        std::fs::create_dir_all(src.join("other/deep")).expect("mkdir");
        std::fs::create_dir_all(dir.path().join(".git")).expect("mkdir");
        let team = src.join("team/svc/catalog-info.yaml");
        assert_eq!(repo_root_of(&team, &src), src.join("team"));
        // A repository above the source folder is not the root: the source is.
        let other = src.join("other/deep/catalog-info.yaml");
        assert_eq!(repo_root_of(&other, &src), src);
        // A file on its own: the innermost repository holding it, however far up.
        assert_eq!(repo_root_of(&other, &other), dir.path());
        let lone = tempfile::tempdir().expect("a temp dir");
        let file = lone.path().join("catalog-info.yaml");
        assert_eq!(repo_root_of(&file, &file), lone.path());
    }

    #[test]
    fn a_disk_root_reads_inside_and_refuses_links_out() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let root = dir.path().join("root");
        std::fs::create_dir_all(root.join("a")).expect("mkdir");
        std::fs::write(root.join("a/x.txt"), "x").expect("write");
        std::fs::write(dir.path().join("secret"), "s").expect("write");
        std::os::unix::fs::symlink(dir.path().join("secret"), root.join("a/out")).expect("ln");
        let disk = Disk::new(&root, &root.join("a/catalog-info.yaml"));
        assert_eq!(disk.base().as_deref(), Some("a"));
        assert_eq!(disk.read("a/x.txt", 10).expect("read"), b"x");
        assert!(matches!(disk.read("a/out", 10), Err(Refusal::Outside)));
        assert!(matches!(disk.read("a/x.txt", 0), Err(Refusal::TooLarge(0))));
        assert_eq!(disk.dep("a/x.txt"), Some(root.join("a/x.txt")));
    }
}
