//! `portal upgrade`: a template's later changes carried into a project made from it, as
//! copier does. `create` records the template's version in `.portal/answers.yaml`
//! ([`Version`]: its git repository and commit, and a hash of its files). An upgrade
//! renders that version and the template as it is now with the same answers, and merges
//! the difference into the project's files, three ways (the old render is the base). A
//! file neither render has is not the template's, and is never touched.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::plan::Plan;
use super::skeleton::LIMITS;
use super::template::{Files, Template};
use crate::confine::{self, Dir};

/// Where `create` records the template and the answers, in the project.
pub const ANSWERS_FILE: &str = ".portal/answers.yaml";

/// Which version of a template a project was rendered from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Version {
    /// The git repository that holds the template (its working folder, absolute).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<PathBuf>,
    /// The commit of that repository (its `HEAD` then).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// The template's folder inside the repository, `/`-separated (`""`: its root).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// For a template of a git source (read from the object database at a ref, never
    /// from a working folder), the ref as configured: the template now is then the
    /// catalog's, at the commit that ref points at (for a remote, as last synced), and
    /// `repository` is the local repository or the remote's cached clone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Whether the template's files had changes not committed: the commit is then not
    /// exactly what was rendered.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub dirty: bool,
    /// A hash of the template's files (each file's git object id, hashed with its path):
    /// it changes exactly when they do.
    pub content_hash: String,
}

/// Where a project made from a built-in template keeps a copy of it, one JSON file of its
/// files' texts (not a folder: its skeleton's `catalog-info.yaml` is no catalog file):
/// portal holds only the current version of its built-ins, so this copy is the base
/// `upgrade` merges from.
pub const BUILTIN_COPY: &str = ".portal/template.json";

/// The largest copy read back: the built-ins are a few tens of kilobytes.
const MAX_COPY_BYTES: u64 = 8 << 20;

/// A template's own files (its `tests/` left out), by path: what its version hashes.
fn own_files(template: &Template) -> Vec<(String, Vec<u8>)> {
    let files = match &template.files {
        Files::Builtin(_) => template.files_under(".").unwrap_or_default(),
        Files::Dir(dir) => super::skeleton::files_under(dir, ".").unwrap_or_default(),
    };
    files
        .into_iter()
        .filter(|(p, _)| !p.starts_with("tests/"))
        .collect()
}

/// The copy of a built-in `template` a project keeps ([`BUILTIN_COPY`]): `{"files":
/// {path: text}}` (a file that is not UTF-8 as its bytes); `None` for a template that is
/// not built in.
pub fn builtin_copy(template: &Template) -> Option<Vec<u8>> {
    if !matches!(template.files, Files::Builtin(_)) {
        return None;
    }
    let files: Map<String, Value> = own_files(template)
        .into_iter()
        .map(|(p, b)| {
            let v = match String::from_utf8(b) {
                Ok(text) => Value::String(text),
                Err(e) => Value::from(e.into_bytes()),
            };
            (p, v)
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&serde_json::json!({
        "about": "the built-in template this project was made from: `portal upgrade` merges from it",
        "template": template.entity_ref,
        "files": files,
    }))
    .ok()?;
    text.push('\n');
    Some(text.into_bytes())
}

/// The built-in template a project was made from, read from its copy ([`BUILTIN_COPY`])
/// into a temporary folder; the copy must still be the version recorded.
pub fn old_builtin(project: &Path, version: &Version) -> Result<Checkout, String> {
    let shown = project.join(BUILTIN_COPY);
    let bytes = Dir::new(project)
        .and_then(|d| d.read(BUILTIN_COPY, MAX_COPY_BYTES))
        .map_err(|why| {
            format!(
                "{}: {why}; a project made from a built-in template keeps a copy of it there, the base to merge from, and this one has none (an older portal made it)",
                shown.display()
            )
        })?;
    let doc: Value = serde_json::from_slice(&bytes)
        .map_err(|e| format!("{}:{}:{}: {e}", shown.display(), e.line(), e.column()))?;
    let dir = scratch()?;
    let files = doc["files"].as_object().cloned().unwrap_or_default();
    for (path, contents) in &files {
        // The project may be anyone's: each path stays inside the temporary folder.
        if !path.split('/').all(confine::is_plain_name) {
            return Err(format!(
                "{}: the path {path:?} leaves the template",
                shown.display()
            ));
        }
        let bytes = match contents {
            Value::String(text) => text.clone().into_bytes(),
            other => serde_json::from_value::<Vec<u8>>(other.clone())
                .map_err(|e| format!("{}: {path}: {e}", shown.display()))?,
        };
        confine::replace(&dir.path().join(path), &bytes)
            .map_err(|e| format!("{}: {e}", dir.path().join(path).display()))?;
    }
    let template = super::template::from_path(dir.path())?;
    if version_of(&template).content_hash != version.content_hash {
        return Err(format!(
            "{} is not the version of the template this project was made from (it was edited), so it cannot be the base to merge from",
            shown.display()
        ));
    }
    Ok(Checkout {
        template,
        _dir: dir,
    })
}

/// The version of `template` as it is now.
pub fn version_of(template: &Template) -> Version {
    let files = own_files(template);
    let content_hash = content_hash(files.iter().map(|(p, b)| (p.as_str(), b.as_slice())));
    let mut version = Version {
        repository: None,
        commit: None,
        path: None,
        reference: None,
        dirty: false,
        content_hash,
    };
    if let Files::Dir(dir) = &template.files
        && let Some((repository, commit, path, dirty)) = git_of(dir)
    {
        version.repository = Some(repository);
        version.commit = Some(commit);
        version.path = Some(path);
        version.dirty = dirty;
    }
    version
}

/// Git's object ids of each file, with its path, hashed as one object.
fn content_hash<'a>(files: impl Iterator<Item = (&'a str, &'a [u8])>) -> String {
    let mut listing = String::new();
    for (path, bytes) in files {
        let id = git2::Oid::hash_object(git2::ObjectType::Blob, bytes)
            .map_or_else(|_| String::new(), |o| o.to_string());
        listing.push_str(&format!("{path}\0{id}\n"));
    }
    git2::Oid::hash_object(git2::ObjectType::Blob, listing.as_bytes())
        .map_or_else(|_| String::new(), |o| o.to_string())
}

/// The repository that holds `dir`: its working folder, `HEAD`'s commit, `dir` inside it,
/// and whether `dir` has changes not committed.
fn git_of(dir: &Path) -> Option<(PathBuf, String, String, bool)> {
    let repo = git2::Repository::discover(dir).ok()?;
    let workdir = std::fs::canonicalize(repo.workdir()?).ok()?;
    let commit = repo.head().ok()?.peel_to_commit().ok()?.id().to_string();
    let real = std::fs::canonicalize(dir).ok()?;
    let rel = real.strip_prefix(&workdir).ok()?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    let path = parts?.join("/");
    let mut options = git2::StatusOptions::new();
    options.include_untracked(true).recurse_untracked_dirs(true);
    if !path.is_empty() {
        options.pathspec(&path);
    }
    let dirty = repo
        .statuses(Some(&mut options))
        .map(|s| !s.is_empty())
        .unwrap_or(false);
    Some((workdir, commit, path, dirty))
}

/// What `.portal/answers.yaml` holds.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// The template's reference.
    pub template: String,
    /// Where it came from (`built-in`, or its file as `create` was given it).
    pub source: String,
    /// The answers (secrets are never recorded).
    pub values: Map<String, Value>,
    /// Which version of the template rendered the project; `None` for a project made
    /// before portal recorded it.
    pub version: Option<Version>,
}

/// Reads the project's `.portal/answers.yaml`.
pub fn read_recorded(project: &Path) -> Result<Recorded, String> {
    let shown = project.join(ANSWERS_FILE);
    let bytes = Dir::new(project)
        .and_then(|d| d.read(ANSWERS_FILE, 1 << 20))
        .map_err(|why| {
            format!(
                "{}: {why}; `portal upgrade` runs in a project `portal create` made, which records its template there",
                shown.display()
            )
        })?;
    let doc = super::params::answers_from_yaml(&String::from_utf8_lossy(&bytes))
        .map_err(|(pos, m)| format!("{}:{}:{}: {m}", shown.display(), pos.line, pos.col))?;
    let text = |k: &str| {
        doc.get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let version = match doc.get("version") {
        Some(v) => Some(serde_json::from_value(v.clone()).map_err(|e| {
            format!(
                "{}: `version` is not as portal writes it: {e}",
                shown.display()
            )
        })?),
        None => None,
    };
    Ok(Recorded {
        template: text("template"),
        source: text("source"),
        values: doc
            .get("values")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default(),
        version,
    })
}

/// Writes the template folder of `version` as it was at its commit into `into` (an empty
/// folder), read from the repository's object database: regular files only (links and
/// submodules are left out), at most the skeleton limits.
pub fn checkout_old(version: &Version, into: &Path) -> Result<(), String> {
    let (Some(repository), Some(commit), Some(path)) =
        (&version.repository, &version.commit, &version.path)
    else {
        return Err("the project records no git commit of its template (it was not in a git repository when the project was made), so its old version cannot be rendered".into());
    };
    let repo = git2::Repository::open(repository).map_err(|e| {
        format!(
            "the template's repository {} cannot be opened ({}); clone it there again, or give the template with --template",
            repository.display(),
            e.message()
        )
    })?;
    let commit = git2::Oid::from_str(commit)
        .and_then(|id| repo.find_commit(id))
        .map_err(|_| {
            format!(
                "the commit {commit} the project was made from is not in {} (fetch it, or the history was rewritten)",
                repository.display()
            )
        })?;
    let root = commit.tree().map_err(|e| e.message().to_string())?;
    let tree = if path.is_empty() {
        root
    } else {
        root.get_path(Path::new(path))
            .and_then(|e| e.to_object(&repo))
            .and_then(|o| o.peel_to_tree())
            .map_err(|_| format!("the commit {} has no folder {path}", commit.id()))?
    };
    let mut budget = (LIMITS.files, LIMITS.total_bytes);
    write_tree(&repo, &tree, into, 0, &mut budget)
}

/// A template's old version, checked out into a temporary folder that lives as long as it.
pub struct Checkout {
    /// The template, read from the folder.
    pub template: Template,
    /// The folder it was checked out into, removed with this.
    _dir: tempfile::TempDir,
}

/// A temporary folder for a template's old version.
fn scratch() -> Result<tempfile::TempDir, String> {
    tempfile::Builder::new()
        .prefix("portal-template-")
        .tempdir()
        .map_err(|e| format!("cannot make a temporary folder: {e}"))
}

/// A template ready to render with its version: one at hand (its files on disk or built
/// in), or one of a git source checked out into a temporary folder that lives as long as
/// this.
pub struct Ready {
    /// The template, its files read from where they are (or were checked out to).
    pub template: Template,
    /// Its version, as `create` records it.
    pub version: Version,
    _dir: Option<tempfile::TempDir>,
}

impl Ready {
    /// A template whose files are where it says (a folder on disk, or built in).
    pub fn at_hand(template: Template) -> Ready {
        let version = version_of(&template);
        Ready {
            template,
            version,
            _dir: None,
        }
    }
}

/// Where a catalog template read from a git source is.
#[derive(Debug, Clone)]
pub struct InGit {
    /// The repository: a local one's folder, or a remote's cached clone.
    pub repository: PathBuf,
    /// The ref as configured.
    pub reference: String,
    /// The commit the ref pointed at when the catalog was read.
    pub commit: String,
    /// The template file's path in the repository, `/`-separated.
    pub file: String,
}

/// `template`, a catalog template of a git source: its skeleton is in the repository's
/// object database, not on disk, so its folder at the commit is checked out (as
/// [`checkout_old`] does: regular files only, within the skeleton limits) into a
/// temporary folder its files are then read from. The entity stays the catalog's (its
/// placeholders resolved in the repository), and the version names the commit and
/// folder, never the temporary folder.
pub fn from_git(template: &Template, at: &InGit) -> Result<Ready, String> {
    let folder = at.file.rsplit_once('/').map_or("", |(dir, _)| dir);
    let mut version = Version {
        repository: Some(at.repository.clone()),
        commit: Some(at.commit.clone()),
        path: Some(folder.to_string()),
        reference: Some(at.reference.clone()),
        dirty: false,
        content_hash: String::new(),
    };
    let dir = scratch()?;
    checkout_old(&version, dir.path())?;
    let mut template = template.clone();
    template.files = Files::Dir(dir.path().to_path_buf());
    version.content_hash = version_of(&template).content_hash;
    Ok(Ready {
        template,
        version,
        _dir: Some(dir),
    })
}

/// The template of `version`, checked out of its repository ([`checkout_old`]).
pub fn old_template(version: &Version) -> Result<Checkout, String> {
    let dir = scratch()?;
    checkout_old(version, dir.path())?;
    let template = super::template::from_path(dir.path())?;
    Ok(Checkout {
        template,
        _dir: dir,
    })
}

fn write_tree(
    repo: &git2::Repository,
    tree: &git2::Tree<'_>,
    into: &Path,
    depth: usize,
    budget: &mut (usize, u64),
) -> Result<(), String> {
    if depth > LIMITS.depth {
        return Err(format!(
            "the template lies more than {} folders deep",
            LIMITS.depth
        ));
    }
    std::fs::create_dir_all(into).map_err(|e| format!("{}: {e}", into.display()))?;
    for entry in tree {
        let Some(name) = entry.name().ok().filter(|n| confine::is_plain_name(n)) else {
            continue;
        };
        match entry.kind() {
            Some(git2::ObjectType::Tree) => {
                let sub = entry
                    .to_object(repo)
                    .and_then(|o| o.peel_to_tree())
                    .map_err(|e| e.message().to_string())?;
                write_tree(repo, &sub, &into.join(name), depth + 1, budget)?;
            }
            Some(git2::ObjectType::Blob) if entry.filemode() != 0o120000 => {
                let blob = repo
                    .find_blob(entry.id())
                    .map_err(|e| e.message().to_string())?;
                let size = blob.content().len() as u64;
                if budget.0 == 0 || size > budget.1 || size > LIMITS.file_bytes {
                    return Err("the template's old version is larger than a template may be (limits: files and bytes)".into());
                }
                budget.0 -= 1;
                budget.1 -= size;
                std::fs::write(into.join(name), blob.content())
                    .map_err(|e| format!("{}: {e}", into.join(name).display()))?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// What an upgrade does to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Change {
    /// The project had the old render: it gets the new one.
    Updated,
    /// Both changed it, in different places: merged.
    Merged,
    /// Both changed the same lines, or one removed what the other changed.
    Conflict,
    /// New in the template.
    Added,
    /// Gone from the template, and the project had not changed it.
    Removed,
}

/// One file of the upgrade.
#[derive(Debug, Clone, Serialize)]
pub struct FileChange {
    /// Relative to the project.
    pub path: PathBuf,
    /// What happens to it.
    pub change: Change,
    /// Why, for a conflict.
    pub note: Option<String>,
    /// What `--apply` writes (with conflict markers for a conflict); `None`: it deletes the
    /// file (a removal), or leaves it as it is (a conflict that has no text to merge).
    #[serde(skip)]
    pub contents: Option<Vec<u8>>,
}

/// Every file the template changed between `old` and `new`, and what becomes of the
/// project's copy (read from `project`); files the template did not change are left
/// out, and so is every file neither render has.
pub fn changes(old: &Plan, new: &Plan, project: &Path) -> Result<Vec<FileChange>, String> {
    let root = Dir::new(project).map_err(|why| format!("{}: {why}", project.display()))?;
    let by_path = |p: &Plan| -> BTreeMap<PathBuf, Vec<u8>> {
        p.files
            .iter()
            .map(|f| (f.path.clone(), f.contents.clone()))
            .collect()
    };
    let (old, new) = (by_path(old), by_path(new));
    let paths: BTreeSet<&PathBuf> = old.keys().chain(new.keys()).collect();
    let mut out = Vec::new();
    for path in paths {
        let (o, n) = (old.get(path), new.get(path));
        if o == n {
            continue;
        }
        let here = read_here(&root, path)?;
        let change = |change, note: Option<&str>, contents: Option<Vec<u8>>| FileChange {
            path: path.clone(),
            change,
            note: note.map(str::to_string),
            contents,
        };
        let entry = match (o, n, here.as_ref()) {
            // The project already has what the template now renders, or has not got what
            // it no longer renders.
            (_, Some(n), Some(h)) if h == n => continue,
            (_, None, None) => continue,
            (Some(o), Some(n), Some(h)) if h == o => change(Change::Updated, None, Some(n.clone())),
            (Some(o), Some(n), Some(h)) => match merge(o, h, n) {
                Ok(merged) => change(Change::Merged, None, Some(merged)),
                Err(marked) => change(
                    Change::Conflict,
                    Some("changed here and in the template, at the same lines"),
                    Some(marked),
                ),
            },
            (Some(_), Some(_), None) => change(
                Change::Conflict,
                Some("deleted here, changed in the template: restore it, or leave it deleted"),
                None,
            ),
            (None, Some(n), None) => change(Change::Added, None, Some(n.clone())),
            (None, Some(n), Some(h)) => change(
                Change::Conflict,
                Some("the template now adds this file, and the project has another"),
                Some(merge(&[], h, n).unwrap_or_else(|marked| marked)),
            ),
            (Some(o), None, Some(h)) if h == o => change(Change::Removed, None, None),
            (Some(_), None, Some(_)) => change(
                Change::Conflict,
                Some("changed here, removed from the template: delete it, or keep it as yours"),
                None,
            ),
            (None, None, _) => continue,
        };
        out.push(entry);
    }
    Ok(out)
}

/// The project's copy of `path`, if it has one.
fn read_here(root: &Dir, path: &Path) -> Result<Option<Vec<u8>>, String> {
    let Some(rel) = path.to_str() else {
        return Ok(None);
    };
    match root.read(rel, LIMITS.file_bytes) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(confine::Refusal::Missing) => Ok(None),
        Err(why) => Err(format!("{}: {why}", root.show(rel).display())),
    }
}

/// A three-way merge of `ours` and `theirs` from `base`; `Err` holds the text with git's
/// conflict markers.
fn merge(base: &[u8], ours: &[u8], theirs: &[u8]) -> Result<Vec<u8>, Vec<u8>> {
    let mut options = diffy::MergeOptions::new();
    options.set_conflict_style(diffy::ConflictStyle::Merge);
    options.merge_bytes(base, ours, theirs)
}

/// Writes `changes` into `project`: each file whole (a temporary file renamed into
/// place), never through a link; a removal deletes the file.
pub fn apply(changes: &[FileChange], project: &Path) -> Result<(), String> {
    for c in changes {
        confine::check_write(project, &c.path)
            .map_err(|b| format!("{}: {b}", project.join(&c.path).display()))?;
    }
    for c in changes {
        let file = project.join(&c.path);
        match (&c.contents, c.change) {
            (Some(bytes), _) => {
                confine::replace(&file, bytes).map_err(|e| format!("{}: {e}", file.display()))?;
            }
            (None, Change::Removed) => {
                std::fs::remove_file(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            }
            (None, _) => {}
        }
    }
    Ok(())
}

/// After an upgrade from a built-in `template`: the project's copy of it
/// ([`BUILTIN_COPY`]) becomes the new version. Nothing for a template that is not built in.
pub fn replace_builtin_copy(project: &Path, template: &Template) -> Result<(), String> {
    let Some(copy) = builtin_copy(template) else {
        return Ok(());
    };
    let file = project.join(BUILTIN_COPY);
    confine::check_write(project, Path::new(BUILTIN_COPY))
        .map_err(|b| format!("{}: {b}", file.display()))?;
    confine::replace(&file, &copy).map_err(|e| format!("{}: {e}", file.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::scaffold::plan::of as plan;

    #[test]
    fn each_case_of_a_three_way_upgrade() {
        let dir = tempfile::tempdir().unwrap();
        let here = |p: &str, c: &str| {
            let f = dir.path().join(p);
            std::fs::create_dir_all(f.parent().unwrap()).unwrap();
            std::fs::write(f, c).unwrap();
        };
        here("same.txt", "a\n");
        here("clean.txt", "a\n");
        here("merge.txt", "one\ntwo\nthree\nfour\nfive\n");
        here("clash.txt", "mine\n");
        here("gone.txt", "old\n");
        here("kept.txt", "edited\n");
        here("theirs.txt", "mine\n");
        here("mine-only.txt", "not the template's\n");
        let old = plan(&[
            ("same.txt", "a\n"),
            ("clean.txt", "a\n"),
            ("merge.txt", "one\ntwo\nthree\nfour\nfive\n"),
            ("clash.txt", "base\n"),
            ("gone.txt", "old\n"),
            ("kept.txt", "old\n"),
            ("deleted.txt", "old\n"),
        ]);
        let new = plan(&[
            ("same.txt", "a\n"),
            ("clean.txt", "b\n"),
            ("merge.txt", "one\ntwo\nthree\nfour\nFIVE\n"),
            ("clash.txt", "theirs\n"),
            ("deleted.txt", "new\n"),
            ("added.txt", "added\n"),
            ("theirs.txt", "theirs\n"),
        ]);
        // The project edited merge.txt's first line: a clean merge with the template's
        // edit of the last one.
        here("merge.txt", "ONE\ntwo\nthree\nfour\nfive\n");
        let got = changes(&old, &new, dir.path()).unwrap();
        let summary: Vec<(&str, Change)> = got
            .iter()
            .map(|c| (c.path.to_str().unwrap(), c.change))
            .collect();
        assert_eq!(
            summary,
            [
                ("added.txt", Change::Added),
                ("clash.txt", Change::Conflict),
                ("clean.txt", Change::Updated),
                ("deleted.txt", Change::Conflict),
                ("gone.txt", Change::Removed),
                ("kept.txt", Change::Conflict),
                ("merge.txt", Change::Merged),
                ("theirs.txt", Change::Conflict),
            ]
        );
        let text = |p: &str| {
            got.iter()
                .find(|c| c.path == Path::new(p))
                .and_then(|c| c.contents.clone())
                .map(|b| String::from_utf8(b).unwrap())
        };
        assert_eq!(text("merge.txt").unwrap(), "ONE\ntwo\nthree\nfour\nFIVE\n");
        let clash = text("clash.txt").unwrap();
        assert!(
            clash.contains("<<<<<<< ours\nmine\n=======\ntheirs\n>>>>>>> theirs\n"),
            "{clash}"
        );
        apply(&got, dir.path()).unwrap();
        assert!(!dir.path().join("gone.txt").exists());
        assert_eq!(
            std::fs::read_to_string(dir.path().join("kept.txt")).unwrap(),
            "edited\n"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("added.txt")).unwrap(),
            "added\n"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("mine-only.txt")).unwrap(),
            "not the template's\n"
        );
    }

    #[test]
    fn a_built_in_copy_cannot_write_outside_its_folder() {
        let project = tempfile::tempdir().unwrap();
        let version = Version {
            repository: None,
            commit: None,
            path: None,
            reference: None,
            dirty: false,
            content_hash: String::new(),
        };
        let write = |files: Value| {
            std::fs::create_dir_all(project.path().join(".portal")).unwrap();
            let doc = serde_json::json!({ "files": files });
            std::fs::write(project.path().join(BUILTIN_COPY), doc.to_string()).unwrap();
            old_builtin(project.path(), &version)
                .err()
                .unwrap_or_default()
        };
        for bad in ["../x", "/etc/x", "a/../../x", ".git/config"] {
            let err = write(serde_json::json!({ bad: "x" }));
            assert!(err.contains("leaves the template"), "{bad}: {err}");
        }
        let err = write(serde_json::json!({"template.yaml": "kind: Template\n"}));
        assert!(!err.contains("leaves the template"), "{err}");
    }

    #[test]
    fn the_content_hash_changes_with_any_file() {
        let a = content_hash([("t.yaml", &b"x"[..]), ("s/a", b"1")].into_iter());
        let b = content_hash([("t.yaml", &b"x"[..]), ("s/a", b"2")].into_iter());
        let c = content_hash([("t.yaml", &b"x"[..]), ("s/b", b"1")].into_iter());
        assert_eq!(a.len(), 40);
        assert!(a != b && a != c && b != c);
    }
}
