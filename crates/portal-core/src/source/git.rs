//! Git sources: descriptors read from a repository's object database at a ref (a branch,
//! tag or commit), never from a working tree, so CI validates a branch as committed.
//!
//! Local repositories are opened where they are; remote ones from the bare clones that
//! `portal sync` keeps in the cache (see `sync`). Reading never touches the network.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use git2::{ObjectType, Oid, Repository, TreeWalkMode, TreeWalkResult};
use globset::GlobBuilder;

use super::{Matcher, location};
use crate::catalog::{self, Diagnostic, Entity, FileReport, Finding, LoadOptions, yaml::Pos};
use crate::config::Remote;
use crate::confine;
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
    pub fn key(&self) -> TreeKey {
        TreeKey {
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

    /// How a path of the tree is shown (`REPOSITORY#REF:PATH`).
    pub fn shown_path(&self, path: &str) -> PathBuf {
        self.shown(path)
    }

    /// The repository as origins name it (a URL without credentials, or an absolute path).
    pub fn origin_repo(&self) -> &str {
        &self.origin_repo
    }

    /// The ref as configured.
    pub fn reference(&self) -> &str {
        &self.reference
    }

    /// What is at `path` of the commit's tree: `Some(true)` a folder, `Some(false)` a file
    /// (or a link, which is never followed), `None` nothing.
    pub fn kind_of(&self, path: &str) -> Option<bool> {
        let tree = self.repo.find_commit(self.commit).ok()?.tree().ok()?;
        let entry = tree.get_path(Path::new(path)).ok()?;
        Some(entry.kind() == Some(git2::ObjectType::Tree))
    }

    /// The object id of what is at `path` of the commit's tree: it changes exactly when
    /// the content does.
    pub fn object_id(&self, path: &str) -> Option<String> {
        let tree = self.repo.find_commit(self.commit).ok()?.tree().ok()?;
        Some(tree.get_path(Path::new(path)).ok()?.id().to_string())
    }

    /// The file at `path` of the commit's tree, if it is a regular file of at most `limit`
    /// bytes (sized from its header before it is inflated); a link is not followed.
    pub fn file(&self, path: &str, limit: u64) -> Option<Vec<u8>> {
        let tree = self.repo.find_commit(self.commit).ok()?.tree().ok()?;
        let entry = tree.get_path(Path::new(path)).ok()?;
        if entry.kind() != Some(git2::ObjectType::Blob) || entry.filemode() == 0o120000 {
            return None;
        }
        let odb = self.repo.odb().ok()?;
        let (size, _) = odb.read_header(entry.id()).ok()?;
        if size as u64 > limit {
            return None;
        }
        Some(odb.read(entry.id()).ok()?.data().to_vec())
    }

    /// The entries of the folder `path` of the commit's tree (`""`: the root), as
    /// `(name, is_folder)`, sorted by name; links and submodules are left out (a link is
    /// never followed). Empty when `path` is not a folder.
    pub fn list(&self, path: &str) -> Vec<(String, bool)> {
        let Some(tree) = self
            .repo
            .find_commit(self.commit)
            .ok()
            .and_then(|c| c.tree().ok())
        else {
            return Vec::new();
        };
        let folder = if path.is_empty() {
            Some(tree)
        } else {
            tree.get_path(Path::new(path))
                .ok()
                .filter(|e| e.kind() == Some(git2::ObjectType::Tree))
                .and_then(|e| self.repo.find_tree(e.id()).ok())
        };
        let Some(folder) = folder else {
            return Vec::new();
        };
        let mut out: Vec<(String, bool)> = folder
            .iter()
            .filter_map(|e| {
                let name = e.name().ok()?.to_string();
                match e.kind() {
                    Some(git2::ObjectType::Tree) => Some((name, true)),
                    Some(git2::ObjectType::Blob) if e.filemode() != 0o120000 => Some((name, false)),
                    _ => None,
                }
            })
            .collect();
        out.sort();
        out
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

/// Identifies what a git source read: the repository as shown, the ref as configured, the
/// commit it pointed at, and the folder inside (the index keeps a scan under it).
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct TreeKey {
    /// The repository, as shown to the user.
    pub label: String,
    /// The ref, as configured.
    pub reference: String,
    /// The commit the ref pointed at.
    pub commit: String,
    /// The folder inside the repository, if not the root.
    pub subdir: Option<String>,
}

/// What scanning one repository yielded.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct TreeScan {
    /// Each descriptor's report.
    pub reports: Vec<FileReport>,
    /// Findings about the repository itself (an unreadable tree…).
    pub diagnostics: Vec<Diagnostic>,
    /// Where each entity's file is in the repository.
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
    matcher: &Matcher,
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
    let paths = list_blobs(&tree);
    let blobs = &paths.blobs;
    let odb = opened
        .repo
        .odb()
        .map_err(|e| fail(format!("cannot open the object database: {}", e.message())))?;
    let tree = Tree {
        opened,
        odb,
        paths: &paths,
    };
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
        .filter(|path| is_descriptor(path, prefix.as_deref(), matcher))
        .cloned()
        .collect();
    let mut out = TreeScan::default();
    let mut seen = HashSet::new();
    let mut in_tree: HashMap<PathBuf, String> = HashMap::new();
    while !queue.is_empty() {
        queue.retain(|p| seen.insert(p.clone()));
        let mut next = Vec::new();
        for path in std::mem::take(&mut queue) {
            let shown = opened.shown(&path);
            let Some(oid) = blobs.get(&path) else {
                continue;
            };
            let report = load_blob(&tree, *oid, &path, &shown, load);
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
                    location::targets_with(&report.entities, &mut |e: &Entity, target: &str| {
                        let dir = in_tree
                            .get(&e.file)
                            .and_then(|p| p.rsplit_once('/').map(|(d, _)| d.to_string()))
                            .unwrap_or_default();
                        let looked_in = opened.shown(&dir).display().to_string();
                        (resolve_in_tree(blobs, &dir, target), looked_in)
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

/// The paths of one tree: its blobs, and its symbolic links (never followed).
#[derive(Default)]
struct Paths {
    blobs: BTreeMap<String, Oid>,
    links: HashSet<String>,
}

/// Every blob of `tree` by its `/`-separated path; symbolic links and submodules are left
/// out, as a folder walk does not follow links. An entry whose name is not a plain name
/// (`..`, `/etc`, `.git`: git never checks such a tree out, but can store one) is left out
/// with everything below it.
fn list_blobs(tree: &git2::Tree<'_>) -> Paths {
    let mut paths = Paths::default();
    // The callback never fails, so neither does the walk.
    let _ = tree.walk(TreeWalkMode::PreOrder, |dir, entry| {
        let Some(name) = entry.name().ok().filter(|n| confine::is_plain_name(n)) else {
            return TreeWalkResult::Skip;
        };
        match (entry.kind(), entry.filemode()) {
            (Some(ObjectType::Blob), 0o120000) => {
                paths.links.insert(format!("{dir}{name}"));
            }
            (Some(ObjectType::Blob), _) => {
                paths.blobs.insert(format!("{dir}{name}"), entry.id());
            }
            _ => {}
        }
        TreeWalkResult::Ok
    });
    paths
}

fn is_descriptor(path: &str, prefix: Option<&str>, matcher: &Matcher) -> bool {
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
    !parts.iter().any(|d| super::SKIPPED_DIRS.contains(d))
        && matcher.is_descriptor_name(name.as_ref())
        && !matcher.excludes(Path::new(rel), false)
}

/// The blobs `target` names, relative to the folder `dir` of the tree, globs expanded.
fn resolve_in_tree(
    blobs: &BTreeMap<String, Oid>,
    dir: &str,
    target: &str,
) -> Result<Vec<String>, confine::Refusal> {
    let wanted = confine::join(dir, target)?;
    if !target.contains(['*', '?', '[', '{']) {
        return Ok(match blobs.contains_key(&wanted) {
            true => vec![wanted],
            false => Vec::new(),
        });
    }
    let Ok(glob) = GlobBuilder::new(&wanted).literal_separator(true).build() else {
        return Ok(Vec::new());
    };
    let m = glob.compile_matcher();
    Ok(blobs
        .keys()
        .filter(|p| m.is_match(p.as_str()))
        .cloned()
        .collect())
}

/// Judges one descriptor blob; its placeholders read blobs of the same tree.
fn load_blob(
    tree: &Tree<'_>,
    oid: Oid,
    path: &str,
    shown: &Path,
    load: &LoadOptions,
) -> FileReport {
    let read_error = |message: String| FileReport {
        diagnostics: vec![
            Finding::error("read-error", Pos::new(1, 1), message)
                .hint("check the file in the repository")
                .at(shown.to_path_buf(), None, None),
        ],
        ..FileReport::default()
    };
    let bytes = match tree.blob(oid, catalog::MAX_FILE_BYTES) {
        Ok(bytes) => bytes,
        Err(confine::Refusal::TooLarge(size)) => {
            return read_error(format!(
                "this file is {} MiB; portal reads descriptors up to {} MiB",
                size >> 20,
                catalog::MAX_FILE_BYTES >> 20
            ));
        }
        Err(e) => return read_error(format!("cannot read this file: {e}")),
    };
    if bytes.contains(&0) {
        return read_error("this file holds binary data (a NUL byte), not YAML".into());
    }
    let text = String::from_utf8_lossy(&bytes);
    let base = path.rsplit_once('/').map_or("", |(dir, _)| dir);
    let files = In { tree, base };
    let mut report = catalog::load_text_in(&text, shown, &files, load);
    if std::str::from_utf8(&bytes).is_err() {
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
    report
}

/// A tree at a commit, read from the object database: blobs are sized from their headers
/// before they are inflated, and symbolic links are never followed.
struct Tree<'a> {
    opened: &'a Opened,
    odb: git2::Odb<'a>,
    paths: &'a Paths,
}

impl Tree<'_> {
    /// The content of the blob `oid`, if it holds at most `limit` bytes.
    fn blob(&self, oid: Oid, limit: u64) -> Result<Vec<u8>, confine::Refusal> {
        let io =
            |e: git2::Error| confine::Refusal::Io(std::io::Error::other(e.message().to_string()));
        let (size, _) = self.odb.read_header(oid).map_err(io)?;
        if size as u64 > limit {
            return Err(confine::Refusal::TooLarge(size as u64));
        }
        Ok(self.odb.read(oid).map_err(io)?.data().to_vec())
    }
}

/// The files a descriptor at `base` of a tree reads through its placeholders.
struct In<'a> {
    tree: &'a Tree<'a>,
    base: &'a str,
}

impl catalog::files::Files for In<'_> {
    fn base(&self) -> Option<String> {
        Some(self.base.to_string())
    }

    fn read(&self, rel: &str, limit: u64) -> Result<Vec<u8>, confine::Refusal> {
        let paths = self.tree.paths;
        let Some(oid) = paths.blobs.get(rel) else {
            let prefix = format!("{rel}/");
            let folder = paths
                .blobs
                .range(prefix.clone()..)
                .next()
                .is_some_and(|(p, _)| p.starts_with(&prefix));
            return Err(match () {
                _ if paths.links.contains(rel) => confine::Refusal::Link,
                _ if folder || rel.is_empty() => confine::Refusal::Folder,
                _ => confine::Refusal::Missing,
            });
        };
        match self.tree.blob(*oid, limit) {
            Err(confine::Refusal::TooLarge(_)) => Err(confine::Refusal::TooLarge(limit)),
            other => other,
        }
    }

    fn show(&self, rel: &str) -> PathBuf {
        self.tree.opened.shown(rel)
    }

    fn root(&self) -> PathBuf {
        self.tree.opened.shown("")
    }
}

/// `url` without credentials (`https://user:token@host/x` → `https://host/x`), and with
/// every query value hidden (`?token=abc` → `?token=***`: a query is where signed URLs and
/// some hosts put tokens): what every message, annotation, cache name and index key shows.
pub fn clean_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if !u.username().is_empty() || u.password().is_some() || u.query().is_some() => {
            // Both only fail for URLs that cannot hold credentials in the first place.
            let _ = u.set_password(None);
            let _ = u.set_username("");
            if u.query().is_some() {
                let keys: Vec<String> = u.query_pairs().map(|(k, _)| k.into_owned()).collect();
                u.query_pairs_mut()
                    .clear()
                    .extend_pairs(keys.iter().map(|k| (k.as_str(), "***")));
            }
            u.to_string()
        }
        _ => url.to_string(),
    }
}

/// `text` with the userinfo of every URL in it removed and every query value hidden, as
/// `clean_url` does (for what git prints, which quotes URLs as it was given them).
pub fn redact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("://") {
        let (head, tail) = rest.split_at(i + 3);
        out.push_str(head);
        let end = tail
            .find(|c: char| c.is_whitespace() || c == '/' || c == '\'' || c == '"')
            .unwrap_or(tail.len());
        let tail = match tail[..end].rfind('@') {
            Some(at) => &tail[at + 1..],
            None => tail,
        };
        let url_end = tail
            .find(|c: char| c.is_whitespace() || matches!(c, '\'' | '"' | '<' | '>'))
            .unwrap_or(tail.len());
        out.push_str(&hide_query(&tail[..url_end]));
        rest = &tail[url_end..];
    }
    out.push_str(rest);
    out
}

/// `text` with every secret of `url` (its user name and password, its query values, as
/// written and decoded) replaced by `***`, wherever and however git quoted them (as a
/// path, for `file://`).
pub fn scrub(text: &str, url: &str) -> String {
    let mut secrets: Vec<String> = Vec::new();
    if let Ok(u) = url::Url::parse(url) {
        secrets.push(u.username().to_string());
        secrets.extend(u.password().map(str::to_string));
        secrets.extend(u.query_pairs().map(|(_, v)| v.into_owned()));
        if let Some(q) = u.query() {
            secrets.extend(
                q.split('&')
                    .filter_map(|p| Some(p.split_once('=')?.1.to_string())),
            );
        }
    }
    // Longest first, so that a secret holding another is replaced whole.
    secrets.retain(|s| s.len() >= 4);
    secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    secrets.iter().fold(text.to_string(), |t, secret| {
        t.replace(secret.as_str(), "***")
    })
}

/// The part of a URL after its scheme, with each query value as `***`.
fn hide_query(url: &str) -> String {
    let Some((before, query)) = url.split_once('?') else {
        return url.to_string();
    };
    let (query, fragment) = query
        .split_once('#')
        .map_or((query, None), |(q, f)| (q, Some(f)));
    let hidden: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, _)) => format!("{k}=***"),
            None => pair.to_string(),
        })
        .collect();
    let mut out = format!("{before}?{}", hidden.join("&"));
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
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
        assert_eq!(
            clean_url("https://h.io/r.git?private_token=s3cret&x=1"),
            "https://h.io/r.git?private_token=***&x=***"
        );
        assert_eq!(
            redact(
                "fatal: unable to access 'https://u:p@h.io/r.git?sig=s3cret&a': 403 https://k.io/?t=1"
            ),
            "fatal: unable to access 'https://h.io/r.git?sig=***&a': 403 https://k.io/?t=***"
        );
        assert_eq!(
            cache_name("https://h.io/r.git?token=a"),
            cache_name("https://h.io/r.git?token=b")
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
