//! Applying a plan, safely: everything is written into a temporary folder beside the
//! target first, then moved into place, so an error leaves nothing half-written; an
//! existing non-empty folder is refused unless forced, and even then only the files the
//! plan names are replaced. Then, optionally, a git repository with a first commit.

use std::path::{Path, PathBuf};

use super::plan::Plan;

/// Why the plan could not be applied. Nothing was changed in the target.
#[derive(Debug)]
pub struct WriteError(pub String);

/// Marks the plan's files that would replace existing ones.
pub fn mark_overwrites(plan: &mut Plan, target: &Path) {
    for f in &mut plan.files {
        f.overwrites = target.join(&f.path).exists();
    }
}

/// Whether `target` exists and holds anything.
pub fn is_non_empty(target: &Path) -> bool {
    std::fs::read_dir(target).is_ok_and(|mut d| d.next().is_some())
}

/// Every planned file that could not be written below `target` without passing a
/// symbolic link, or where a folder stands for a file (or a file for a folder): checked
/// with [`crate::confine::check_write`] for the whole plan before anything is written.
pub fn blocked(plan: &Plan, target: &Path) -> Vec<crate::confine::Blocked> {
    if !target.is_dir() {
        return Vec::new();
    }
    let mut out: Vec<crate::confine::Blocked> = plan
        .files
        .iter()
        .filter_map(|f| crate::confine::check_write(target, &f.path).err())
        .collect();
    out.sort_by_key(|b| b.to_string());
    out.dedup_by_key(|b| b.to_string());
    out
}

/// Writes every file of the plan below `target`. Returns the staging folders of killed
/// runs that were removed on the way.
pub fn apply(
    plan: &Plan,
    target: &Path,
    progress: &dyn Fn(usize),
) -> Result<Vec<PathBuf>, WriteError> {
    if std::fs::symlink_metadata(target).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(WriteError(format!(
            "{} is a symbolic link, nothing was written [output-confinement]: portal writes a project only into a real folder; choose another --output",
            target.display()
        )));
    }
    let blocked = blocked(plan, target);
    if !blocked.is_empty() {
        let list: Vec<String> = blocked.iter().map(ToString::to_string).collect();
        return Err(WriteError(format!(
            "{} path(s) in {} cannot be written safely, nothing was written [output-confinement]:\n  - {}\n(portal never writes through a symbolic link, nor replaces a folder by a file or a file by a folder; remove or rename them, or choose another --output)",
            list.len(),
            target.display(),
            list.join("\n  - ")
        )));
    }
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)
        .map_err(|e| WriteError(format!("cannot create {}: {e}", parent.display())))?;
    let cleaned = super::staging::clean_stale(&parent);
    let staging = super::staging::create(&parent).map_err(|e| {
        WriteError(format!(
            "cannot create a temporary folder in {}: {e}",
            parent.display()
        ))
    })?;
    for (i, f) in plan.files.iter().enumerate() {
        let path = staging.path().join(&f.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| WriteError(format!("{}: {e}", dir.display())))?;
        }
        std::fs::write(&path, &f.contents)
            .map_err(|e| WriteError(format!("{}: {e}", f.path.display())))?;
        progress(i + 1);
    }
    if !target.exists() {
        // One rename: the target appears complete or not at all.
        let staged = staging.keep();
        return std::fs::rename(&staged, target)
            .map(|()| cleaned)
            .map_err(|e| {
                let _ = std::fs::remove_dir_all(&staged);
                WriteError(format!(
                    "cannot move the new project to {}: {e}",
                    target.display()
                ))
            });
    }
    let files: Vec<&Path> = plan.files.iter().map(|f| f.path.as_path()).collect();
    super::staging::move_into_place(staging.path(), target, &files).map_err(WriteError)?;
    Ok(cleaned)
}

/// What `git_init` did.
pub enum GitOutcome {
    /// A first commit was made; its full id.
    Committed(String),
    /// No identity in git's configuration: the repository is there, without a commit.
    NoIdentity,
}

/// Makes `target` a git repository with every file in a first commit, authored by the
/// identity in git's configuration.
pub fn git_init(target: &Path, message: &str) -> Result<GitOutcome, WriteError> {
    let err = |e: git2::Error| WriteError(format!("git: {}", e.message()));
    // The branch git itself would create: `init.defaultBranch`, else `main`.
    let branch = git2::Config::open_default()
        .and_then(|c| c.get_string("init.defaultBranch"))
        .unwrap_or_else(|_| "main".to_string());
    let mut opts = git2::RepositoryInitOptions::new();
    opts.initial_head(&branch);
    let repo = git2::Repository::init_opts(target, &opts).map_err(err)?;
    let mut index = repo.index().map_err(err)?;
    index
        .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
        .map_err(err)?;
    index.write().map_err(err)?;
    let tree_id = index.write_tree().map_err(err)?;
    let tree = repo.find_tree(tree_id).map_err(err)?;
    let Ok(sig) = repo.signature() else {
        return Ok(GitOutcome::NoIdentity);
    };
    let oid = repo
        .commit(Some("HEAD"), &sig, &sig, message, &tree, &[])
        .map_err(err)?;
    Ok(GitOutcome::Committed(oid.to_string()))
}
