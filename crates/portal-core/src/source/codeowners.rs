//! GitHub/GitLab CODEOWNERS files: who owns a path, by the last matching pattern.

use std::path::{Path, PathBuf};

use ignore::gitignore::GitignoreBuilder;
use serde::Serialize;

/// Where CODEOWNERS files live, in the order GitHub looks.
const LOCATIONS: &[&str] = &[
    ".github/CODEOWNERS",
    "CODEOWNERS",
    "docs/CODEOWNERS",
    ".gitlab/CODEOWNERS",
];

/// The rule that decides who owns a path.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CodeOwners {
    /// The CODEOWNERS file.
    pub file: PathBuf,
    /// 1-based line of the rule that matched.
    pub line: usize,
    /// Its pattern.
    pub pattern: String,
    /// Its owners, as written (`@org/team`, an email…).
    pub owners: Vec<String>,
}

/// The folder whose CODEOWNERS covers `abs` (canonical): the nearest ancestor that is a
/// git repository's root or the root of a folder source (canonical), as GitHub and GitLab
/// read CODEOWNERS at a repository's root whether or not it is checked out with `.git`.
pub fn root_for(abs: &Path, source_roots: &[PathBuf]) -> Option<PathBuf> {
    abs.ancestors()
        .find(|d| d.join(".git").exists() || source_roots.iter().any(|r| r == d))
        .map(Path::to_path_buf)
}

/// GitHub ignores a CODEOWNERS file larger than this, and so does portal.
pub const MAX_BYTES: u64 = 3 * 1024 * 1024;

/// The CODEOWNERS rule for `path` (absolute) in the repository at `root`. The file is read
/// inside the repository (a CODEOWNERS that is a link out of it is not read).
pub fn owners_of(root: &Path, path: &Path) -> Option<CodeOwners> {
    let dir = crate::confine::Dir::new(root).ok()?;
    // The first that exists is the one GitHub uses, even when it cannot be read.
    let rel = LOCATIONS
        .iter()
        .find(|l| std::fs::symlink_metadata(root.join(l)).is_ok())?;
    let bytes = dir.read(rel, MAX_BYTES).ok()?;
    let rel_path = path.strip_prefix(root).ok()?;
    rule_for(
        &String::from_utf8(bytes).ok()?,
        root.join(rel),
        rel_path,
        path.is_dir(),
    )
}

/// The CODEOWNERS rule for `rel` (`/`-separated, inside the repository) in a git source's
/// tree at its commit, read from the object database (a link is not followed).
pub fn owners_in_tree(opened: &super::git::Opened, rel: &str, is_dir: bool) -> Option<CodeOwners> {
    let at = LOCATIONS.iter().find(|l| opened.kind_of(l).is_some())?;
    let bytes = opened.file(at, MAX_BYTES)?;
    rule_for(
        &String::from_utf8(bytes).ok()?,
        opened.shown_path(at),
        Path::new(rel),
        is_dir,
    )
}

/// The last rule of `text` (a CODEOWNERS file shown as `file`) matching `rel`, a path
/// relative to the repository's root.
fn rule_for(text: &str, file: PathBuf, rel: &Path, is_dir: bool) -> Option<CodeOwners> {
    let mut found = None;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with('[') {
            continue;
        }
        let mut parts = line.split_whitespace();
        let Some(pattern) = parts.next() else {
            continue;
        };
        // Paths are matched relative to the root; `/` only anchors the patterns.
        let mut b = GitignoreBuilder::new("/");
        if b.add_line(None, pattern).is_err() {
            continue;
        }
        let Ok(matcher) = b.build() else { continue };
        // The root itself: only the patterns that match everything cover it.
        let matches = if rel.as_os_str().is_empty() {
            matches!(pattern, "*" | "/" | "/*" | "**" | "/**")
        } else {
            matcher.matched_path_or_any_parents(rel, is_dir).is_ignore()
        };
        if matches {
            found = Some(CodeOwners {
                file: file.clone(),
                line: i + 1,
                pattern: pattern.to_string(),
                owners: parts
                    .take_while(|p| !p.starts_with('#'))
                    .map(str::to_string)
                    .collect(),
            });
        }
    }
    found
}

/// A path inside a git source: its tree at the source's commit, and the path in it.
pub struct InTree {
    /// The source's repository, opened at its commit.
    pub opened: super::git::Opened,
    /// The path inside the repository, `/`-separated (`""`: the root).
    pub rel: String,
    /// Whether it is a folder of the tree.
    pub is_dir: bool,
}

/// The git source `target` is in: written as portal shows a git source's paths,
/// `REPOSITORY#REF:PATH`, or a path on disk inside a local repository source's folder
/// (answered from the source's ref, as everything about it is). `Ok(None)` when it is
/// neither; an error when it names a git source but a path its tree does not hold.
pub fn git_target(
    sources: &[crate::config::Source],
    cache: Option<&Path>,
    target: &str,
) -> Result<Option<InTree>, String> {
    use crate::config::Source;
    let on_disk = std::fs::canonicalize(target).ok();
    for source in sources {
        let opened = match source {
            Source::Repo { path, reference } => super::git::open_local(path, reference).ok(),
            Source::Remote(remote) => {
                cache.and_then(|c| super::git::open_cached(remote, c).ok().flatten())
            }
            _ => None,
        };
        let Some(opened) = opened else { continue };
        let prefix = opened.shown_path("").to_string_lossy().into_owned();
        let rel = if let Some(rest) = target.strip_prefix(&prefix) {
            Some(rest.trim_matches('/').to_string())
        } else if let (Source::Repo { path, .. }, Some(abs)) = (source, &on_disk) {
            let root = std::fs::canonicalize(path).ok();
            root.and_then(|root| abs.strip_prefix(&root).ok().map(|r| r.to_path_buf()))
                .map(|r| {
                    r.components()
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                        .collect::<Vec<_>>()
                        .join("/")
                })
        } else {
            None
        };
        let Some(rel) = rel else { continue };
        let is_dir = if rel.is_empty() {
            Some(true)
        } else {
            opened.kind_of(&rel)
        };
        return match is_dir {
            Some(is_dir) => Ok(Some(InTree {
                opened,
                rel,
                is_dir,
            })),
            None => Err(format!(
                "{} is not in the source's tree at {} (portal reads git sources at their ref, not from a working tree)",
                opened.shown_path(&rel).display(),
                opened.reference()
            )),
        };
    }
    Ok(None)
}

/// `@acme/payments-team` → `payments-team`, `@alice` → `alice`, `alice@x.com` → `alice`.
pub fn owner_name(owner: &str) -> String {
    let o = owner.trim_start_matches('@');
    let o = o.rsplit('/').next().unwrap_or(o);
    o.split('@').next().unwrap_or(o).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_matching_pattern_wins() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let root = dir.path();
        std::fs::create_dir_all(root.join(".github")).expect("mkdir");
        std::fs::create_dir_all(root.join("services/payments/src")).expect("mkdir");
        std::fs::write(root.join(".github/CODEOWNERS"), "# owners\n* @acme/platform\n/services/payments/ @acme/payments-team @alice\n*.md @acme/docs\n").expect("write");
        let o = owners_of(root, &root.join("services/payments/src")).expect("an owner");
        assert_eq!(o.owners, ["@acme/payments-team", "@alice"]);
        assert_eq!(o.line, 3);
        let o = owners_of(root, &root.join("services/payments/README.md")).expect("an owner");
        assert_eq!(o.owners, ["@acme/docs"]);
        assert_eq!(owner_name("@acme/payments-team"), "payments-team");
        assert_eq!(owner_name("alice@acme.example"), "alice");
    }
}
