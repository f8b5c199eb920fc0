//! Reading a template's files from disk, as an untrusted repository wrote them: every
//! `url` is confined to the template's own folder through [`crate::confine`] (as
//! Backstage's `fetchContents` does with `resolveSafeChildPath`), links are followed only
//! when they stay inside, nothing that is not a regular file is opened, and a template
//! costs at most [`LIMITS`].

use std::path::Path;

use crate::confine::{self, Dir, Refusal};

/// How much one template may make portal read.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Files in one `fetch:*` step, and in the whole plan.
    pub files: usize,
    /// Bytes in one step, and in the whole plan.
    pub total_bytes: u64,
    /// Bytes in one file: the catalog's own limit.
    pub file_bytes: u64,
    /// Folders a file may lie below, counted from the step's `url`.
    pub depth: usize,
}

pub const LIMITS: Limits = Limits {
    files: 50_000,
    total_bytes: 256 << 20,
    file_bytes: 64 << 20,
    depth: 32,
};

/// Why a template file was not read. Nothing of its contents is in the message.
pub fn refused(url: &str, why: &Refusal, root: &Path) -> String {
    format!(
        "`{url}` is refused: {why} [template-confinement]; a template reads only files inside its own folder ({}), so move the files there",
        root.display()
    )
}

/// Every regular file below the folder `url` of the template in `root`, as `(path
/// relative to that folder, bytes)`, sorted.
pub fn files_under(root: &Path, url: &str) -> Result<Vec<(String, Vec<u8>)>, String> {
    let dir = Dir::new(root).map_err(|e| format!("{}: {e}", root.display()))?;
    let rel = confine::child(url).map_err(|e| refused(url, &e, root))?;
    let base = match dir.resolve(&rel) {
        Ok(base) if base.is_dir() => base,
        Ok(_) | Err(Refusal::Missing) => {
            return Err(format!(
                "the template has no folder `{url}` ({})",
                dir.show(&rel).display()
            ));
        }
        Err(e) => return Err(refused(url, &e, root)),
    };
    let mut out = Vec::new();
    let mut budget = Budget::default();
    let walk = ignore::WalkBuilder::new(&base)
        .standard_filters(false)
        .follow_links(false)
        .build();
    for entry in walk {
        let entry = entry.map_err(|e| e.to_string())?;
        if entry.file_type().is_some_and(|t| t.is_dir()) {
            continue;
        }
        let inner = entry
            .path()
            .strip_prefix(&base)
            .map_err(|e| e.to_string())?;
        let inner = inner.to_string_lossy().replace('\\', "/");
        let shown = format!("{}/{inner}", url.trim_end_matches('/'));
        budget.add_file(&shown, inner.split('/').count() - 1)?;
        let path = if rel.is_empty() {
            inner.clone()
        } else {
            format!("{rel}/{inner}")
        };
        let limit = LIMITS.file_bytes.min(budget.remaining());
        let bytes = dir.read(&path, limit).map_err(|e| match e {
            Refusal::TooLarge(_) => budget.too_large(&shown),
            other => refused(&shown, &other, root),
        })?;
        budget.bytes += bytes.len() as u64;
        out.push((inner, bytes));
    }
    out.sort();
    Ok(out)
}

/// The file `url` of the template in `root`.
pub fn file(root: &Path, url: &str) -> Result<Vec<u8>, String> {
    let dir = Dir::new(root).map_err(|e| format!("{}: {e}", root.display()))?;
    let rel = confine::child(url).map_err(|e| refused(url, &e, root))?;
    dir.read(&rel, LIMITS.file_bytes).map_err(|e| match e {
        Refusal::Missing => format!(
            "the template has no file `{url}` ({})",
            dir.show(&rel).display()
        ),
        Refusal::TooLarge(_) => Budget::default().too_large(url),
        other => refused(url, &other, root),
    })
}

/// What a step has read so far, against [`LIMITS`].
#[derive(Default)]
struct Budget {
    files: usize,
    bytes: u64,
}

impl Budget {
    fn add_file(&mut self, shown: &str, depth: usize) -> Result<(), String> {
        self.files += 1;
        if self.files > LIMITS.files {
            return Err(format!(
                "the template has more than {} files below one `url` (limit: files per template); split it, or leave generated files out of the skeleton",
                LIMITS.files
            ));
        }
        if depth > LIMITS.depth {
            return Err(format!(
                "`{shown}` lies {depth} folders deep, more than {} (limit: path depth); flatten the skeleton",
                LIMITS.depth
            ));
        }
        Ok(())
    }

    fn remaining(&self) -> u64 {
        LIMITS.total_bytes.saturating_sub(self.bytes)
    }

    fn too_large(&self, shown: &str) -> String {
        if self.remaining() < LIMITS.file_bytes {
            format!(
                "`{shown}` would take the template past {} MiB in all (limit: total bytes per template); leave large files out of the skeleton",
                LIMITS.total_bytes >> 20
            )
        } else {
            format!(
                "`{shown}` is larger than {} MiB (limit: bytes per file); leave it out of the skeleton",
                LIMITS.file_bytes >> 20
            )
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn urls_and_links_stay_in_the_template() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "s3cret").unwrap();
        let root = tempfile::tempdir().unwrap();
        let skel = root.path().join("skeleton");
        std::fs::create_dir_all(skel.join("sub")).unwrap();
        std::fs::write(skel.join("sub/a.txt"), "a").unwrap();
        std::os::unix::fs::symlink("sub/a.txt", skel.join("inside")).unwrap();
        let files = files_under(root.path(), "./skeleton").unwrap();
        let names: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(names, ["inside", "sub/a.txt"]);
        std::os::unix::fs::symlink(outside.path().join("secret"), skel.join("out")).unwrap();
        let err = files_under(root.path(), "./skeleton").unwrap_err();
        assert!(err.contains("`./skeleton/out` is refused"), "{err}");
        for url in ["../../../../etc", "/etc", "//etc"] {
            let err = files_under(root.path(), url).unwrap_err();
            assert!(err.contains("leads outside its root"), "{url}: {err}");
        }
        let err = file(root.path(), "/etc/shadow").unwrap_err();
        assert!(err.contains("[template-confinement]"), "{err}");
        assert!(!err.contains("s3cret"));
    }
}
