//! Git sources: descriptors read from a repository's object database at a ref (a branch,
//! tag or commit), never from a working tree, so CI validates a branch as committed.
//!
//! Local repositories are opened where they are; remote ones from the bare clones that
//! `portal sync` keeps in the cache (see `sync`). Reading never touches the network.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use git2::{ObjectType, Oid, Repository, TreeWalkMode, TreeWalkResult};
use globset::{GlobBuilder, GlobSet};

use super::location;
use crate::catalog::{self, Diagnostic, Entity, FileReport, Finding, LoadOptions, yaml::Pos};
use crate::config::Remote;
use crate::error::Error;

/// Where an entity read from a git source came from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Origin {
    /// The repository: its URL without credentials, or a local repository's absolute path.
    pub repo: String,
    /// Whether `repo` is a remote URL (else a local path).
    pub remote: bool,
    /// The ref as configured (`HEAD` when none was).
    pub reference: String,
    /// The full commit id the ref pointed at.
    pub commit: String,
    /// The descriptor's path inside the repository, `/`-separated.
    pub path: String,
}

/// Origins by the descriptor path shown in messages (`Entity::file`).
pub type Origins = HashMap<PathBuf, Origin>;

/// A repository opened at a commit, ready to scan.
pub struct Opened {
    repo: Repository,
    commit: Oid,
    /// Prefix of shown paths: the repository's path, or its cleaned URL.
    label: PathBuf,
    origin_repo: String,
    remote: bool,
    reference: String,
    /// A folder inside the repository to scan, `/`-separated, no trailing `/`.
    subdir: Option<String>,
}

impl Opened {
    /// What identifies what a scan of it reads: the repository, the ref, the commit, and
    /// the folder inside.
    pub fn key(&self) -> super::index::TreeKey {
        super::index::TreeKey {
            label: format!(
                "{}\n{}\n{}",
                self.label.display(),
                self.origin_repo,
                self.remote
            ),
            reference: self.reference.clone(),
            commit: self.commit.to_string(),
            subdir: self.subdir.clone(),
        }
    }

    /// How a path of the tree is shown: `<repository>#<ref>:<path>`, with the repository
    /// as configured (a local path, or the URL without credentials). Not a path on disk:
    /// a local repository's working tree may hold other content, which must not be shown
    /// as the source of a finding.
    fn shown(&self, path: &str) -> PathBuf {
        let repo = if self.remote {
            self.origin_repo.clone()
        } else {
            self.label.display().to_string()
        };
        PathBuf::from(format!("{repo}#{}:{path}", self.reference))
    }
}

/// What scanning one repository yielded.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct TreeScan {
    pub reports: Vec<FileReport>,
    pub diagnostics: Vec<Diagnostic>,
    pub origins: Origins,
}

/// A local repository at `reference`.
pub fn open_local(path: &Path, reference: &str) -> Result<Opened, Error> {
    let shown = path.display().to_string();
    let fail = |message: String| Error::Git {
        source_name: shown.clone(),
        message,
    };
    let repo = Repository::open(path)
        .map_err(|e| fail(format!("not a git repository: {}", e.message())))?;
    let commit = repo
        .revparse_single(reference)
        .and_then(|o| o.peel_to_commit())
        .map_err(|e| fail(format!("no commit at ref `{reference}`: {}", e.message())))?
        .id();
    let abs = std::path::absolute(path)
        .map(|p| location::normalize(&p))
        .unwrap_or_else(|_| path.to_path_buf());
    Ok(Opened {
        repo,
        commit,
        label: path.to_path_buf(),
        origin_repo: abs.to_string_lossy().into_owned(),
        remote: false,
        reference: reference.to_string(),
        subdir: None,
    })
}

/// A remote's cached clone at its ref; `None` when `portal sync` has not fetched it
/// (at that ref) yet.
pub fn open_cached(remote: &Remote, cache: &Path) -> Result<Option<Opened>, Error> {
    let dir = cache.join(cache_name(&remote.url));
    let clean = clean_url(&remote.url);
    if !dir.join("HEAD").is_file() {
        return Ok(None);
    }
    let repo = Repository::open_bare(&dir).map_err(|e| Error::Git {
        source_name: clean.clone(),
        message: format!(
            "the cached clone in {} is broken ({}); delete it and run `portal sync`",
            dir.display(),
            e.message()
        ),
    })?;
    let Some(commit) = cached_commit(&repo, remote.reference.as_deref()) else {
        return Ok(None);
    };
    Ok(Some(Opened {
        repo,
        commit,
        label: PathBuf::from(&clean),
        origin_repo: clean,
        remote: true,
        reference: remote.reference.clone().unwrap_or_else(|| "HEAD".into()),
        subdir: remote.path.clone(),
    }))
}

/// The ref `portal sync` stores a fetched `reference` under.
pub fn cache_ref(reference: Option<&str>) -> String {
    format!("refs/portal/{}", reference.unwrap_or("HEAD"))
}

/// The commit a cached clone holds for `reference`.
pub fn cached_commit(repo: &Repository, reference: Option<&str>) -> Option<Oid> {
    if let Ok(r) = repo.find_reference(&cache_ref(reference))
        && let Ok(c) = r.peel_to_commit()
    {
        return Some(c.id());
    }
    // A commit fetched with the whole repository is found by its (abbreviated) id.
    let r = reference.filter(|r| is_commit_id(r))?;
    repo.revparse_single(r)
        .and_then(|o| o.peel_to_commit())
        .ok()
        .map(|c| c.id())
}

/// Reads the descriptors of `opened`'s tree, following Locations inside the tree.
pub fn scan_tree(
    opened: &Opened,
    patterns: &GlobSet,
    load: &LoadOptions,
    follow_locations: bool,
) -> Result<TreeScan, Error> {
    let fail = |message: String| Error::Git {
        source_name: opened.label.display().to_string(),
        message,
    };
    let commit = opened.repo.find_commit(opened.commit).map_err(|e| {
        fail(format!(
            "cannot read commit {}: {}",
            opened.commit,
            e.message()
        ))
    })?;
    let tree = commit.tree().map_err(|e| {
        fail(format!(
            "cannot read the tree of {}: {}",
            opened.commit,
            e.message()
        ))
    })?;
    let blobs = list_blobs(&tree);
    let prefix = opened.subdir.as_ref().map(|s| format!("{s}/"));
    if let Some(p) = &prefix
        && !blobs.keys().any(|b| b.starts_with(p.as_str()))
    {
        return Err(fail(format!(
            "no folder `{}` at {} (commit {})",
            p.trim_end_matches('/'),
            opened.reference,
            short(&opened.commit.to_string())
        )));
    }
    let mut queue: Vec<String> = blobs
        .keys()
        .filter(|path| is_descriptor(path, prefix.as_deref(), patterns))
        .cloned()
        .collect();
    let mut out = TreeScan::default();
    let mut seen = HashSet::new();
    let mut scratch: Option<tempfile::TempDir> = None;
    let mut in_tree: HashMap<PathBuf, String> = HashMap::new();
    while !queue.is_empty() {
        queue.retain(|p| seen.insert(p.clone()));
        let mut next = Vec::new();
        for path in std::mem::take(&mut queue) {
            let shown = opened.shown(&path);
            let Some(oid) = blobs.get(&path) else {
                continue;
            };
            let report = load_blob(opened, &blobs, *oid, &path, &shown, load, &mut scratch)?;
            in_tree.insert(shown.clone(), path.clone());
            out.origins.insert(
                shown,
                Origin {
                    repo: opened.origin_repo.clone(),
                    remote: opened.remote,
                    reference: opened.reference.clone(),
                    commit: opened.commit.to_string(),
                    path: path.clone(),
                },
            );
            if follow_locations {
                let (targets, diagnostics) =
                    location::targets_with(&report.entities, &|e: &Entity, target: &str| {
                        let dir = in_tree
                            .get(&e.file)
                            .and_then(|p| p.rsplit_once('/').map(|(d, _)| d.to_string()))
                            .unwrap_or_default();
                        let looked_in = opened.shown(&dir).display().to_string();
                        (resolve_in_tree(&blobs, &dir, target), looked_in)
                    });
                next.extend(targets);
                out.diagnostics.extend(diagnostics);
            }
            out.reports.push(report);
        }
        queue = next;
    }
    Ok(out)
}

/// Every blob of `tree` by its `/`-separated path; symbolic links and submodules are left
/// out, as a folder walk does not follow links.
fn list_blobs(tree: &git2::Tree<'_>) -> BTreeMap<String, Oid> {
    let mut blobs = BTreeMap::new();
    // The callback never fails, so neither does the walk.
    let _ = tree.walk(TreeWalkMode::PreOrder, |dir, entry| {
        if entry.kind() == Some(ObjectType::Blob)
            && entry.filemode() != 0o120000
            && let Ok(name) = entry.name()
        {
            blobs.insert(format!("{dir}{name}"), entry.id());
        }
        TreeWalkResult::Ok
    });
    blobs
}

fn is_descriptor(path: &str, prefix: Option<&str>, patterns: &GlobSet) -> bool {
    let rel = match prefix {
        Some(p) => match path.strip_prefix(p) {
            Some(rel) => rel,
            None => return false,
        },
        None => path,
    };
    let mut parts: Vec<&str> = rel.split('/').collect();
    let Some(name) = parts.pop() else {
        return false;
    };
    !parts.iter().any(|d| super::SKIPPED_DIRS.contains(d)) && patterns.is_match(name)
}

/// The blobs `target` names, relative to the folder `dir` of the tree, globs expanded.
fn resolve_in_tree(blobs: &BTreeMap<String, Oid>, dir: &str, target: &str) -> Vec<String> {
    let joined =
        location::normalize(&Path::new(dir).join(target.strip_prefix('/').unwrap_or(target)));
    if joined.starts_with("..") {
        return Vec::new();
    }
    let wanted = joined
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    if !target.contains(['*', '?', '[', '{']) {
        return if blobs.contains_key(&wanted) {
            vec![wanted]
        } else {
            Vec::new()
        };
    }
    let Ok(glob) = GlobBuilder::new(&wanted).literal_separator(true).build() else {
        return Vec::new();
    };
    let m = glob.compile_matcher();
    blobs
        .keys()
        .filter(|p| m.is_match(p.as_str()))
        .cloned()
        .collect()
}

/// Judges one descriptor blob. Placeholders (`$text`, `$json`, `$yaml`) must read files of
/// the same tree: when a descriptor has one, the tree is written once to a scratch folder
/// and the descriptor judged there, and paths are then shown as in the repository.
fn load_blob(
    opened: &Opened,
    blobs: &BTreeMap<String, Oid>,
    oid: Oid,
    path: &str,
    shown: &Path,
    load: &LoadOptions,
    scratch: &mut Option<tempfile::TempDir>,
) -> Result<FileReport, Error> {
    let read_error = |message: String| FileReport {
        diagnostics: vec![
            Finding::error("read-error", Pos::new(1, 1), message)
                .hint("check the file in the repository")
                .at(shown.to_path_buf(), None, None),
        ],
        ..FileReport::default()
    };
    let blob = match opened.repo.find_blob(oid) {
        Ok(b) => b,
        Err(e) => {
            return Ok(read_error(format!(
                "cannot read this file: {}",
                e.message()
            )));
        }
    };
    let bytes = blob.content();
    if bytes.len() as u64 > catalog::MAX_FILE_BYTES {
        return Ok(read_error(format!(
            "this file is {} MiB; portal reads descriptors up to {} MiB",
            bytes.len() >> 20,
            catalog::MAX_FILE_BYTES >> 20
        )));
    }
    if bytes.contains(&0) {
        return Ok(read_error(
            "this file holds binary data (a NUL byte), not YAML".into(),
        ));
    }
    let text = String::from_utf8_lossy(bytes);
    let mut report = if ["$text", "$json", "$yaml"].iter().any(|p| text.contains(p)) {
        let root = match scratch {
            Some(dir) => dir.path().to_path_buf(),
            None => {
                let dir = write_tree(&opened.repo, blobs).map_err(|source| Error::Io {
                    path: std::env::temp_dir(),
                    source,
                })?;
                let root = dir.path().to_path_buf();
                *scratch = Some(dir);
                root
            }
        };
        let real = root.join(path);
        let mut report = catalog::load_text(&text, &real, &root, load);
        let root_text = root.display().to_string();
        let label_text = opened.label.display().to_string();
        for e in &mut report.entities {
            e.file = shown.to_path_buf();
        }
        for d in &mut report.diagnostics {
            if d.file == real {
                d.file = shown.to_path_buf();
            }
            d.message = d.message.replace(&root_text, &label_text);
        }
        report
    } else {
        catalog::load_text(&text, shown, &opened.label, load)
    };
    if std::str::from_utf8(bytes).is_err() {
        report.diagnostics.push(
            Finding::warning(
                "invalid-utf8",
                Pos::new(1, 1),
                "this file is not valid UTF-8; the bad bytes are read as U+FFFD (\u{fffd}), as Backstage reads them",
            )
            .hint("save the file as UTF-8")
            .at(shown.to_path_buf(), None, None),
        );
    }
    Ok(report)
}

/// Writes every blob of the tree below a new scratch folder.
fn write_tree(
    repo: &Repository,
    blobs: &BTreeMap<String, Oid>,
) -> std::io::Result<tempfile::TempDir> {
    let dir = tempfile::Builder::new().prefix("portal-tree").tempdir()?;
    for (path, oid) in blobs {
        let Ok(blob) = repo.find_blob(*oid) else {
            continue;
        };
        let full = dir.path().join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&full, blob.content())?;
    }
    Ok(dir)
}

/// `url` without credentials (`https://user:token@host/x` → `https://host/x`): what every
/// message and annotation shows.
pub fn clean_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if !u.username().is_empty() || u.password().is_some() => {
            // Both only fail for URLs that cannot hold credentials in the first place.
            let _ = u.set_password(None);
            let _ = u.set_username("");
            u.to_string()
        }
        _ => url.to_string(),
    }
}

/// `text` with the userinfo of every URL in it removed.
pub fn redact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("://") {
        let (head, tail) = rest.split_at(i + 3);
        out.push_str(head);
        let end = tail
            .find(|c: char| c.is_whitespace() || c == '/' || c == '\'' || c == '"')
            .unwrap_or(tail.len());
        match tail[..end].rfind('@') {
            Some(at) => rest = &tail[at + 1..],
            None => rest = tail,
        }
    }
    out.push_str(rest);
    out
}

/// A stable folder name for a URL's bare clone: its host and path made safe, plus a short
/// hash of the whole URL (credentials left out) so that different URLs never share one.
pub fn cache_name(url: &str) -> String {
    let clean = clean_url(url);
    let readable = clean
        .split_once("://")
        .map_or(clean.as_str(), |(_, rest)| rest)
        .trim_end_matches('/')
        .trim_end_matches(".git");
    let mut name: String = readable
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    name = name.trim_matches(['_', '.']).to_string();
    name.truncate(80);
    // FNV-1a: stable across Rust releases, unlike `DefaultHasher`.
    // Of the URL without credentials: a new token keeps the same clone.
    let hash = clean.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{name}-{:08x}.git", hash as u32)
}

/// Whether `r` looks like a (possibly abbreviated) commit id.
pub fn is_commit_id(r: &str) -> bool {
    (7..=40).contains(&r.len()) && r.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The first 7 characters of a commit id.
pub fn short(commit: &str) -> &str {
    commit.get(..7).unwrap_or(commit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_stripped() {
        assert_eq!(
            clean_url("https://user:s3cret@example.com/a/b.git"),
            "https://example.com/a/b.git"
        );
        assert_eq!(
            clean_url("git@github.com:a/b.git"),
            "git@github.com:a/b.git"
        );
        assert_eq!(
            redact("fatal: unable to access 'https://x:tok@h.io/r/': 403"),
            "fatal: unable to access 'https://h.io/r/': 403"
        );
    }

    #[test]
    fn cache_names_are_stable_and_distinct() {
        let a = cache_name("https://github.com/acme/catalog.git");
        assert!(a.starts_with("github.com_acme_catalog-"), "{a}");
        assert_eq!(a, cache_name("https://github.com/acme/catalog.git"));
        assert_ne!(a, cache_name("https://github.com/acme/catalog"));
    }
}
