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

/// The nearest ancestor of `path` holding `.git`.
pub fn repo_root(path: &Path) -> Option<PathBuf> {
    path.ancestors()
        .find(|d| d.join(".git").exists())
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
    let file = root.join(rel);
    let text = String::from_utf8(bytes).ok()?;
    let is_dir = path.is_dir();
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
        let mut b = GitignoreBuilder::new(root);
        if b.add_line(None, pattern).is_err() {
            continue;
        }
        let Ok(matcher) = b.build() else { continue };
        if matcher
            .matched_path_or_any_parents(path, is_dir)
            .is_ignore()
        {
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
