//! The staging folder a plan is written into before it is moved into place, named
//! `.portal-create-<pid>-<random>` beside the target, and the clean-up of the ones a killed
//! run left behind. Moving files over existing ones backs the old ones up in the staging
//! folder first, and puts them back if any move fails. Each move is written to a journal
//! before it is made, so that when a run is killed in the middle of its moves, the next
//! run puts the old project back as it was before removing the staging folder.

use std::path::{Path, PathBuf};

const PREFIX: &str = ".portal-create-";

/// Where the old files replaced by a forced run are kept until the run succeeds.
const BACKUP: &str = ".backup";

/// The target's path, then one line per move: `new <path>` or `replace <path>`.
const JOURNAL: &str = ".journal";

/// A staging folder for this process in `parent`.
pub fn create(parent: &Path) -> std::io::Result<tempfile::TempDir> {
    tempfile::Builder::new()
        .prefix(&format!("{PREFIX}{}-", std::process::id()))
        .tempdir_in(parent)
}

/// Removes the staging folders in `parent` whose process is no longer alive (a run that
/// was killed), and returns them; when the run was killed while moving files into place,
/// the old project is put back first (`recover`). One whose journal cannot be read is
/// kept: it may hold a user's files.
pub fn clean_stale(parent: &Path) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    for entry in std::fs::read_dir(parent).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix(PREFIX)
            .and_then(|rest| rest.split('-').next())
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let path = entry.path();
        let is_dir = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir());
        if !is_dir || pid == std::process::id() || alive(pid) {
            continue;
        }
        if path.join(JOURNAL).exists() && recover(&path).is_err() {
            continue;
        }
        if std::fs::remove_dir_all(&path).is_ok() {
            removed.push(path);
        }
    }
    removed
}

/// Whether a process `pid` runs. Without `/proc`, every process is taken to be alive, so
/// nothing is removed.
fn alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.join("self").exists() || proc.join(pid.to_string()).exists()
}

/// Moves `files` (relative paths) from `staging` to `target`; an existing file is first
/// moved to the staging folder's backup. On an error every move is undone, and the old
/// files are back where they were.
pub fn move_into_place(staging: &Path, target: &Path, files: &[&Path]) -> Result<(), String> {
    use std::io::Write;
    let backup = staging.join(BACKUP);
    let mut journal = std::fs::File::create(staging.join(JOURNAL))
        .and_then(|mut j| {
            let target = std::path::absolute(target)?;
            writeln!(j, "{}", target.to_string_lossy())?;
            Ok(j)
        })
        .map_err(|e| format!("cannot write the journal in {}: {e}", staging.display()))?;
    let mut done: Vec<(&Path, bool)> = Vec::new();
    for rel in files {
        let to = target.join(rel);
        let result = (|| -> std::io::Result<bool> {
            if let Some(dir) = to.parent() {
                std::fs::create_dir_all(dir)?;
            }
            let replaced = std::fs::symlink_metadata(&to).is_ok();
            let verb = if replaced { "replace" } else { "new" };
            writeln!(journal, "{verb} {}", rel.to_string_lossy())?;
            if replaced {
                let kept = backup.join(rel);
                std::fs::create_dir_all(kept.parent().unwrap_or(&backup))?;
                std::fs::rename(&to, &kept)?;
            }
            std::fs::rename(staging.join(rel), &to)?;
            Ok(replaced)
        })();
        match result {
            Ok(replaced) => done.push((rel, replaced)),
            Err(e) => {
                roll_back(&backup, target, &done, rel);
                return Err(format!(
                    "{}: {e}; every file was put back as it was",
                    to.display()
                ));
            }
        }
    }
    Ok(())
}

/// Puts back what the killed run whose staging folder is `staging` had moved, from its
/// journal, newest move first: a new file it moved in is removed, a replaced file is
/// restored from the backup. A move the run had journaled but not made changes nothing:
/// a new file still in the staging folder was not moved, and a replaced file with no
/// backup was not replaced.
pub fn recover(staging: &Path) -> std::io::Result<()> {
    let text = std::fs::read_to_string(staging.join(JOURNAL))?;
    let mut lines = text.lines();
    let target = PathBuf::from(lines.next().unwrap_or_default());
    let backup = staging.join(BACKUP);
    let entries: Vec<(&str, &str)> = lines.filter_map(|l| l.split_once(' ')).collect();
    for (verb, rel) in entries.into_iter().rev() {
        let Some(rel) = crate::confine::relative(Path::new(rel)) else {
            continue;
        };
        let to = target.join(&rel);
        match verb {
            "new" if !staging.join(&rel).exists() => {
                let _ = std::fs::remove_file(&to);
            }
            "replace" if backup.join(&rel).exists() => {
                let _ = std::fs::remove_file(&to);
                std::fs::rename(backup.join(&rel), &to)?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// Undoes the moves in `done`, and `failed` if its old file was already backed up.
fn roll_back(backup: &Path, target: &Path, done: &[(&Path, bool)], failed: &Path) {
    if backup.join(failed).exists() {
        let _ = std::fs::rename(backup.join(failed), target.join(failed));
    }
    for (rel, replaced) in done.iter().rev() {
        let to = target.join(rel);
        let _ = std::fs::remove_file(&to);
        if *replaced {
            let _ = std::fs::rename(backup.join(rel), &to);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_move_puts_the_old_files_back() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("t");
        std::fs::create_dir_all(&target).unwrap();
        std::fs::write(target.join("a"), "old a").unwrap();
        let staging = create(root.path()).unwrap();
        std::fs::write(staging.path().join("a"), "new a").unwrap();
        // `b` is not staged: its move fails after `a` was replaced.
        let err = move_into_place(staging.path(), &target, &[Path::new("a"), Path::new("b")]);
        assert!(err.unwrap_err().contains("put back"));
        assert_eq!(std::fs::read_to_string(target.join("a")).unwrap(), "old a");
        assert!(!target.join("b").exists());
    }

    #[test]
    fn a_run_killed_while_moving_is_undone_by_the_next() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("t");
        std::fs::create_dir_all(&target).unwrap();
        for f in ["a", "b"] {
            std::fs::write(target.join(f), format!("old {f}")).unwrap();
        }
        // A dead run that had replaced `a`, moved in the new `n`, and journaled (but not
        // made) the replacement of `b` and the move of `m`.
        let dead = root.path().join(format!("{PREFIX}999999999-xyz"));
        std::fs::create_dir_all(dead.join(BACKUP)).unwrap();
        std::fs::rename(target.join("a"), dead.join(BACKUP).join("a")).unwrap();
        std::fs::write(target.join("a"), "new a").unwrap();
        std::fs::write(target.join("n"), "new n").unwrap();
        std::fs::write(dead.join("b"), "new b").unwrap();
        std::fs::write(dead.join("m"), "new m").unwrap();
        let journal = format!("{}\nreplace a\nnew n\nreplace b\nnew m\n", target.display());
        std::fs::write(dead.join(JOURNAL), journal).unwrap();
        assert_eq!(clean_stale(root.path()), vec![dead.clone()]);
        assert!(!dead.exists());
        assert_eq!(std::fs::read_to_string(target.join("a")).unwrap(), "old a");
        assert_eq!(std::fs::read_to_string(target.join("b")).unwrap(), "old b");
        assert!(!target.join("n").exists() && !target.join("m").exists());
    }

    #[test]
    fn only_dead_runs_are_cleaned() {
        let root = tempfile::tempdir().unwrap();
        let mine = create(root.path()).unwrap();
        let dead = root.path().join(format!("{PREFIX}999999999-abc"));
        std::fs::create_dir_all(&dead).unwrap();
        let removed = clean_stale(root.path());
        assert_eq!(removed, vec![dead.clone()]);
        assert!(mine.path().exists() && !dead.exists());
    }
}
