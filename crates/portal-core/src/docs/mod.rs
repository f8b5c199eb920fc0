//! TechDocs: an entity's documentation, found and laid out as TechDocs does
//! (docs/docs.md). `locate` follows `backstage.io/techdocs-entity` and
//! `backstage.io/techdocs-ref` to a folder of a source; `site` reads its `mkdocs.yml` (or
//! TechDocs' default configuration) into the pages and the navigation.

pub mod check;
pub mod mkdocs;
pub mod search;
pub mod tree;

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use serde::Serialize;

use crate::catalog::{Entity, EntityRef};
use crate::config::Source;
use crate::confine;
use crate::query::resolve::{Resolved, resolve};
use crate::source::Origins;
use crate::source::git::{self, Opened};
pub use mkdocs::NavItem;
use tree::{DiskTree, GitTree, Tree};

/// The annotation naming the docs' location.
pub const REF_ANNOTATION: &str = "backstage.io/techdocs-ref";
/// The annotation naming another entity whose docs these are.
pub const ENTITY_ANNOTATION: &str = "backstage.io/techdocs-entity";

/// Bytes of a Markdown page read; a larger page is a problem, not a page.
pub const MAX_PAGE: u64 = 8 * 1024 * 1024;
/// Bytes of a `mkdocs.yml` read.
pub const MAX_CONFIG: u64 = 1024 * 1024;
/// Pages of one site; past it, the rest are left out, and a problem says so.
pub const MAX_PAGES: usize = 20_000;
/// Folder depth walked below `docs_dir`.
const MAX_DEPTH: usize = 24;

/// The sources docs can be read from: folder sources, and git sources opened at their
/// commits, with where each git entity came from.
pub struct Sources {
    /// Canonical roots of the folder sources.
    folders: Vec<PathBuf>,
    /// The git sources, opened.
    trees: Vec<Rc<Opened>>,
    /// Where each entity of a git source came from.
    origins: Origins,
    /// Folders of descriptors resolved so far (as shown → real path and repository root,
    /// `None` when missing): the entities of a folder, and the folders of a parent, share
    /// one resolution.
    resolved: RefCell<HashMap<PathBuf, Option<(PathBuf, PathBuf)>>>,
}

impl Sources {
    /// The configured sources (`cache` holds synced remotes); a git source that cannot be
    /// opened is left out (the scan has said why).
    pub fn new(sources: &[Source], cache: Option<&Path>, origins: Origins) -> Sources {
        let mut folders = Vec::new();
        let mut trees = Vec::new();
        for s in sources {
            match s {
                Source::Dir(d) | Source::App { dir: d, .. } => {
                    folders.extend(std::fs::canonicalize(d).ok());
                }
                Source::Repo { path, reference } => {
                    trees.extend(git::open_local(path, reference).ok().map(Rc::new));
                }
                // A Backstage's entities have their docs on the server (TechDocs' own
                // storage), not in the snapshot.
                Source::Backstage(_) => {}
                Source::Remote(r) => {
                    trees.extend(
                        cache
                            .and_then(|c| git::open_cached(r, c).ok().flatten())
                            .map(Rc::new),
                    );
                }
            }
        }
        Sources {
            folders,
            trees,
            origins,
            resolved: RefCell::new(HashMap::new()),
        }
    }

    /// The real path of the folder `shown` (links followed) and the root its docs are
    /// confined to: the nearest folder up holding `.git`, or a folder source, else the
    /// folder itself. Resolved through its parent's resolution: a plain folder costs one
    /// `lstat`, a link (or `.`/`..`) a full resolution.
    fn folder(&self, shown: &Path) -> Option<(PathBuf, PathBuf)> {
        if let Some(known) = self.resolved.borrow().get(shown) {
            return known.clone();
        }
        let parent = shown.parent().map(|p| match p.as_os_str().is_empty() {
            true => Path::new("."),
            false => p,
        });
        let plain = match (parent, shown.file_name()) {
            (Some(parent), Some(name)) if parent != shown => self
                .folder(parent)
                .map(|(real_parent, _)| real_parent.join(name))
                .filter(|p| std::fs::symlink_metadata(p).is_ok_and(|m| m.is_dir())),
            _ => None,
        };
        let real = plain.or_else(|| std::fs::canonicalize(shown).ok().filter(|p| p.is_dir()));
        let found = real.map(|real| {
            let root = crate::source::codeowners::root_for(&real, &self.folders)
                .unwrap_or_else(|| real.clone());
            (real, root)
        });
        self.resolved
            .borrow_mut()
            .insert(shown.to_path_buf(), found.clone());
        found
    }

    /// The real path of the descriptor `file` and its root (see [`Sources::folder`]).
    fn descriptor(&self, file: &Path) -> std::io::Result<(PathBuf, PathBuf)> {
        let missing = || std::io::Error::from(std::io::ErrorKind::NotFound);
        let parent = file
            .parent()
            .map(|p| {
                if p.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    p
                }
            })
            .ok_or_else(missing)?;
        let (real_parent, root) = self.folder(parent).ok_or_else(missing)?;
        let name = file.file_name().ok_or_else(missing)?;
        let real = real_parent.join(name);
        match std::fs::symlink_metadata(&real) {
            Ok(m) if !m.file_type().is_symlink() => Ok((real, root)),
            Ok(_) => {
                // A linked descriptor: its docs are beside what it links to.
                let real = std::fs::canonicalize(file)?;
                let folder = real.parent().ok_or_else(missing)?;
                let (_, root) = self.folder(folder).ok_or_else(missing)?;
                Ok((real, root))
            }
            Err(e) => Err(e),
        }
    }
}

/// Where an entity's docs are: a tree and the folder in it that holds `mkdocs.yml`.
pub struct Located {
    /// The entity whose docs these are (itself, or the one `techdocs-entity` names).
    pub owner: EntityRef,
    /// The files.
    pub tree: Box<dyn Tree>,
    /// The docs' root folder in `tree` (`""`: the tree's root).
    pub dir: String,
    /// The annotation as written, for messages.
    pub annotation: String,
}

/// Why an entity's docs cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoDocs {
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: String,
}

fn no_docs(message: impl Into<String>, hint: impl Into<String>) -> NoDocs {
    NoDocs {
        message: message.into(),
        hint: hint.into(),
    }
}

fn annotation<'a>(e: &'a Entity, key: &str) -> Option<&'a str> {
    e.metadata()
        .and_then(|m| m.get("annotations"))
        .and_then(|a| a.get(key))
        .and_then(|v| v.as_str())
        .map(str::trim)
}

/// Whether the entity says where docs are (itself or through another entity).
pub fn has_docs(e: &Entity) -> bool {
    annotation(e, REF_ANNOTATION).is_some() || annotation(e, ENTITY_ANNOTATION).is_some()
}

/// Finds `e`'s docs as TechDocs does: `techdocs-entity` first (one step: the entity it
/// names must have a `techdocs-ref` of its own), then `techdocs-ref` (`dir:` relative to the
/// descriptor's folder, `url:` a repository that must be a configured git source).
pub fn locate(e: &Entity, entities: &[Entity], sources: &Sources) -> Result<Located, NoDocs> {
    let owner = match annotation(e, ENTITY_ANNOTATION) {
        Some(other) => match resolve(entities, other) {
            Resolved::One(o) => o,
            _ => {
                return Err(no_docs(
                    format!("{ENTITY_ANNOTATION}: {other} names no entity in the catalog"),
                    "write the full reference of the entity whose docs these are (`component:default/name`)",
                ));
            }
        },
        None => e,
    };
    let Some(reference) = annotation(owner, REF_ANNOTATION) else {
        return Err(no_docs(
            format!(
                "{} has no {REF_ANNOTATION} annotation: it has no docs",
                owner.entity_ref()
            ),
            format!(
                "add `{REF_ANNOTATION}: dir:.` to its metadata.annotations, with the docs (a mkdocs.yml and docs/) beside its catalog-info.yaml"
            ),
        ));
    };
    let at = |tree: Box<dyn Tree>, dir: String| Located {
        owner: owner.entity_ref().clone(),
        tree,
        dir,
        annotation: reference.to_string(),
    };
    if let Some(rel) = reference.strip_prefix("dir:") {
        return dir_target(owner, rel.trim(), sources).map(|(tree, dir)| at(tree, dir));
    }
    if let Some(url) = reference.strip_prefix("url:") {
        return url_target(url.trim(), sources).map(|(tree, dir)| at(tree, dir));
    }
    Err(no_docs(
        format!("{REF_ANNOTATION}: `{reference}` is neither `dir:PATH` nor `url:URL`"),
        "write `dir:.` for docs beside the descriptor, or `url:` and the repository's URL",
    ))
}

/// `dir:PATH`, relative to the descriptor's folder, inside the descriptor's root.
fn dir_target(
    owner: &Entity,
    rel: &str,
    sources: &Sources,
) -> Result<(Box<dyn Tree>, String), NoDocs> {
    let outside = || {
        no_docs(
            format!(
                "{REF_ANNOTATION}: dir:{rel} leads outside the repository of {}",
                owner.file.display()
            ),
            "docs are read only inside the repository (or source folder) of the descriptor",
        )
    };
    if let Some(origin) = sources.origins.get(&owner.file) {
        let tree = sources
            .trees
            .iter()
            .find(|t| t.origin_repo() == origin.repo && t.reference() == origin.reference)
            .ok_or_else(|| {
                no_docs(
                    format!("the git source of {} is not open", owner.file.display()),
                    "run `portal sync`",
                )
            })?;
        let base = origin.path.rsplit_once('/').map_or("", |(d, _)| d);
        let dir = confine::join(base, rel).map_err(|_| outside())?;
        let tree = GitTree(Rc::clone(tree));
        return match tree.kind(&dir) {
            Some(true) => Ok((Box::new(tree), dir)),
            _ => Err(no_docs(
                format!(
                    "{REF_ANNOTATION}: dir:{rel} is not a folder of {}",
                    tree.show("").display()
                ),
                "point it at the folder that holds mkdocs.yml",
            )),
        };
    }
    let (descriptor, root) = sources.descriptor(&owner.file).map_err(|e| {
        no_docs(
            format!("{}: {e}", owner.file.display()),
            "the descriptor's folder must exist",
        )
    })?;
    let shown_root = shown_root(&owner.file, &descriptor, &root);
    // `root` is canonical (an ancestor of the canonical descriptor): no need to resolve it,
    // nor the descriptor's folder inside it, again.
    let base = descriptor
        .parent()
        .and_then(|p| p.strip_prefix(&root).ok())
        .and_then(|r| {
            r.components()
                .map(|c| c.as_os_str().to_str())
                .collect::<Option<Vec<_>>>()
        })
        .map(|parts| parts.join("/"))
        .ok_or_else(outside)?;
    let dir = confine::Dir::with_real(&shown_root, root.clone()).map_err(|_| outside())?;
    let joined = confine::join(&base, rel).map_err(|_| outside())?;
    let tree = DiskTree::new(dir);
    match tree.kind(&joined) {
        Some(true) => Ok((Box::new(tree), joined)),
        Some(false) => Err(no_docs(
            format!(
                "{REF_ANNOTATION}: dir:{rel} is a file ({}), not a folder",
                tree.show(&joined).display()
            ),
            "point it at the folder that holds mkdocs.yml",
        )),
        None if tree.dir().resolve(&joined).is_err_and(|r| r.is_escape()) => Err(outside()),
        None => Err(no_docs(
            format!(
                "{REF_ANNOTATION}: dir:{rel} names nothing ({} does not exist)",
                tree.show(&joined).display()
            ),
            "create the folder, or correct the annotation",
        )),
    }
}

/// The root as the user would write it: the descriptor's path as shown, walked up as
/// many folders as the canonical root is above the canonical descriptor.
fn shown_root(shown: &Path, real_descriptor: &Path, real_root: &Path) -> PathBuf {
    let up = real_descriptor
        .parent()
        .and_then(|p| p.strip_prefix(real_root).ok())
        .map_or(0, |r| r.components().count());
    let mut at = shown.parent().map(Path::to_path_buf).unwrap_or_default();
    for _ in 0..up {
        at = if at.as_os_str().is_empty() || at == Path::new(".") {
            PathBuf::from("..")
        } else if at.ends_with("..") {
            at.join("..")
        } else {
            at.parent().map(Path::to_path_buf).unwrap_or_default()
        };
    }
    if at.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        at
    }
}

/// `url:URL`: a configured git source with that repository, at the folder the URL names.
fn url_target(url: &str, sources: &Sources) -> Result<(Box<dyn Tree>, String), NoDocs> {
    let (repo, folder) = split_repo_url(url);
    let found = sources
        .trees
        .iter()
        .find(|t| same_repo(t.origin_repo(), &repo));
    let Some(t) = found else {
        return Err(no_docs(
            format!(
                "{REF_ANNOTATION}: url:{} is a repository portal does not read",
                git::clean_url(url)
            ),
            format!(
                "add it to portal.yaml's sources (`- git: {}`), then run `portal sync`",
                git::clean_url(&repo)
            ),
        ));
    };
    let tree = GitTree(Rc::clone(t));
    let dir = confine::child(&folder).unwrap_or_default();
    match tree.kind(&dir) {
        Some(true) => Ok((Box::new(tree), dir)),
        _ => Err(no_docs(
            format!(
                "{REF_ANNOTATION}: {} is not a folder",
                tree.show(&dir).display()
            ),
            "point the URL at the folder that holds mkdocs.yml",
        )),
    }
}

/// `https://github.com/acme/pay/tree/main/docs` → (`https://github.com/acme/pay`, `docs`);
/// GitLab's `/-/tree/REF/…` and `/blob/REF/…` too.
fn split_repo_url(url: &str) -> (String, String) {
    let url = url.trim_end_matches('/');
    for marker in ["/-/tree/", "/-/blob/", "/tree/", "/blob/", "/src/branch/"] {
        if let Some((repo, rest)) = url.split_once(marker) {
            let folder = rest.split_once('/').map_or("", |(_, f)| f);
            return (repo.to_string(), folder.to_string());
        }
    }
    (url.to_string(), String::new())
}

/// Whether two repository URLs name the same repository (scheme, credentials, case of
/// the host, a trailing `.git` or `/` aside).
fn same_repo(a: &str, b: &str) -> bool {
    let norm = |u: &str| {
        let u = git::clean_url(u);
        let u = u
            .split_once("://")
            .map_or(u.as_str(), |(_, r)| r)
            .to_string();
        let u = u
            .rsplit_once('@')
            .map_or(u.as_str(), |(_, r)| r)
            .to_string();
        u.trim_end_matches('/')
            .trim_end_matches(".git")
            .to_lowercase()
    };
    norm(a) == norm(b)
}

/// A page of a site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Page {
    /// Its path relative to `docs_dir`, as `nav` and links name it (`guides/setup.md`).
    pub path: String,
    /// The file in the tree (`docs/guides/setup.md`; the index may be a README above).
    pub file: String,
}

/// A problem with a site, at a file of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file, relative to the tree.
    pub file: String,
    /// Where in it.
    pub pos: crate::catalog::yaml::Pos,
    /// The rule (docs/rules.md).
    pub rule: &'static str,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: String,
    /// An error (Backstage's build fails) or a warning.
    pub error: bool,
}

/// An entity's docs site, laid out as MkDocs lays it out.
pub struct Site {
    /// Where it is.
    pub located: Located,
    /// `site_name`, else TechDocs' default (the entity's title or name).
    pub name: String,
    /// The config file, relative to the tree, when there is one.
    pub config: Option<String>,
    /// `docs_dir`, relative to the tree.
    pub docs_dir: String,
    /// `nav` as written, or as MkDocs builds it without one.
    pub nav: Vec<NavItem>,
    /// Whether `nav` came from `mkdocs.yml`.
    pub nav_given: bool,
    /// Every page: the Markdown files under `docs_dir` (and the index, when it is a README
    /// above), sorted.
    pub pages: Vec<Page>,
    /// The index page's path (`index.md`), when there is one.
    pub index: Option<String>,
    /// What is wrong with it.
    pub problems: Vec<Problem>,
}

impl Site {
    /// The page at `path` (relative to `docs_dir`).
    pub fn page(&self, path: &str) -> Option<&Page> {
        self.pages.iter().find(|p| p.path == path)
    }

    /// The text of a page; a binary or over-large file is an error that says so.
    pub fn read(&self, page: &Page) -> Result<String, String> {
        let bytes = self
            .located
            .tree
            .read(&page.file, MAX_PAGE)
            .map_err(|r| format!("{}: {r}", self.located.tree.show(&page.file).display()))?;
        if bytes.contains(&0) {
            return Err(format!(
                "{} holds binary data, not Markdown",
                self.located.tree.show(&page.file).display()
            ));
        }
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// The pages the navigation does not name (MkDocs builds them, unlisted).
    pub fn unlisted(&self) -> Vec<&Page> {
        let mut named = Vec::new();
        fn walk<'n>(items: &'n [NavItem], out: &mut Vec<&'n str>) {
            for i in items {
                match i {
                    NavItem::Page { path, .. } => out.push(path.trim_start_matches("./")),
                    NavItem::Section { children, .. } => walk(children, out),
                    NavItem::Link { .. } => {}
                }
            }
        }
        walk(&self.nav, &mut named);
        self.pages
            .iter()
            .filter(|p| !named.contains(&p.path.as_str()))
            .collect()
    }

    /// The title of every page the nav names, by path.
    pub fn nav_titles(&self) -> Vec<(String, String)> {
        fn walk(items: &[NavItem], out: &mut Vec<(String, String)>) {
            for i in items {
                match i {
                    NavItem::Page {
                        title: Some(t),
                        path,
                        ..
                    } => out.push((path.clone(), t.clone())),
                    NavItem::Section { children, .. } => walk(children, out),
                    _ => {}
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.nav, &mut out);
        out
    }
}

/// Reads the site at `located`: its `mkdocs.yaml` or `mkdocs.yml` (in that order, as
/// TechDocs looks), else TechDocs' default configuration (`docs_dir: docs`).
pub fn site(located: Located, entity: &Entity) -> Site {
    let tree = &located.tree;
    let at = |name: &str| {
        if located.dir.is_empty() {
            name.to_string()
        } else {
            format!("{}/{name}", located.dir)
        }
    };
    let mut problems = Vec::new();
    let config_file = ["mkdocs.yaml", "mkdocs.yml"]
        .into_iter()
        .map(at)
        .find(|f| tree.kind(f) == Some(false));
    let mut config = mkdocs::Config::default();
    if let Some(file) = &config_file {
        match tree.read(file, MAX_CONFIG) {
            Ok(bytes) => match mkdocs::parse(&String::from_utf8_lossy(&bytes)) {
                Ok(c) => config = c,
                Err((pos, message, hint)) => problems.push(Problem {
                    file: file.clone(),
                    pos,
                    rule: "mkdocs-config",
                    message: format!("mkdocs.yml does not parse: {message}"),
                    hint: format!("{hint}; TechDocs cannot build the site until it parses"),
                    error: true,
                }),
            },
            Err(r) => problems.push(Problem {
                file: file.clone(),
                pos: Default::default(),
                rule: "mkdocs-config",
                message: format!("mkdocs.yml cannot be read: {r}"),
                hint: format!("keep it a regular file under {} KiB", MAX_CONFIG / 1024),
                error: true,
            }),
        }
        for (pos, message) in std::mem::take(&mut config.problems) {
            problems.push(Problem {
                file: file.clone(),
                pos,
                rule: "mkdocs-nav",
                message,
                hint: "see https://www.mkdocs.org/user-guide/configuration/#nav".into(),
                error: true,
            });
        }
    }
    let docs_rel = match &config.docs_dir {
        Some((d, pos)) => match confine::join(&located.dir, d) {
            Ok(joined) if !d.starts_with('/') => joined,
            _ => {
                problems.push(Problem {
                    file: config_file.clone().unwrap_or_default(),
                    pos: *pos,
                    rule: "mkdocs-config",
                    message: format!("docs_dir `{d}` leaves the docs folder"),
                    hint: "TechDocs refuses an absolute docs_dir or one starting with ../; give a folder inside".into(),
                    error: true,
                });
                at("docs")
            }
        },
        None => at("docs"),
    };
    let mut pages = Vec::new();
    walk(tree.as_ref(), &docs_rel, "", 0, &mut pages, &mut problems);
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    let index = index_page(tree.as_ref(), &located.dir, &docs_rel, &mut pages);
    let nav_given = config.nav.is_some();
    let nav = config.nav.unwrap_or_else(|| default_nav(&pages));
    let name = config.site_name.unwrap_or_else(|| {
        entity
            .metadata_str("title")
            .map_or_else(|| entity.name.clone(), str::to_string)
    });
    Site {
        located,
        name,
        config: config_file,
        docs_dir: docs_rel,
        nav,
        nav_given,
        pages,
        index,
        problems,
    }
}

/// The Markdown files below `dir` (of the tree), as pages relative to `docs_dir`.
fn walk(
    tree: &dyn Tree,
    docs_dir: &str,
    below: &str,
    depth: usize,
    pages: &mut Vec<Page>,
    problems: &mut Vec<Problem>,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let here = match (docs_dir.is_empty(), below.is_empty()) {
        (_, true) => docs_dir.to_string(),
        (true, false) => below.to_string(),
        (false, false) => format!("{docs_dir}/{below}"),
    };
    for (name, is_dir) in tree.list(&here) {
        if name.starts_with('.') {
            continue;
        }
        let rel = if below.is_empty() {
            name.clone()
        } else {
            format!("{below}/{name}")
        };
        if is_dir {
            walk(tree, docs_dir, &rel, depth + 1, pages, problems);
        } else if name.ends_with(".md") || name.ends_with(".markdown") {
            if pages.len() >= MAX_PAGES {
                problems.push(Problem {
                    file: here.clone(),
                    pos: Default::default(),
                    rule: "docs-too-large",
                    message: format!("more than {MAX_PAGES} pages; the rest are left out"),
                    hint: "split the docs into several entities' sites".into(),
                    error: false,
                });
                return;
            }
            let file = if here.is_empty() {
                name.clone()
            } else {
                format!("{here}/{name}")
            };
            pages.push(Page { path: rel, file });
        }
    }
}

/// The home page: `index.md`, else `README.md`/`readme.md` in `docs_dir` (as MkDocs
/// reads a README as the index), else the docs root's README (TechDocs' fallback, which
/// copies it in); the index is added to `pages` when it lives outside `docs_dir`.
fn index_page(
    tree: &dyn Tree,
    root: &str,
    docs_dir: &str,
    pages: &mut Vec<Page>,
) -> Option<String> {
    for name in ["index.md", "README.md", "readme.md"] {
        if pages.iter().any(|p| p.path == name) {
            return Some(name.to_string());
        }
    }
    for name in ["README.md", "readme.md"] {
        let file = if root.is_empty() {
            name.to_string()
        } else {
            format!("{root}/{name}")
        };
        if file != docs_dir && tree.kind(&file) == Some(false) {
            pages.insert(
                0,
                Page {
                    path: "index.md".into(),
                    file,
                },
            );
            return Some("index.md".into());
        }
    }
    None
}

/// MkDocs' navigation without `nav`: every page, the index first, folders as sections.
fn default_nav(pages: &[Page]) -> Vec<NavItem> {
    let mut top: Vec<NavItem> = Vec::new();
    let is_index = |p: &str| matches!(p, "index.md" | "README.md" | "readme.md");
    for p in pages.iter().filter(|p| is_index(&p.path)).take(1) {
        top.push(NavItem::Page {
            title: None,
            path: p.path.clone(),
            pos: Default::default(),
        });
    }
    for p in pages.iter().filter(|p| !is_index(&p.path)) {
        let mut parts: Vec<&str> = p.path.split('/').collect();
        parts.pop();
        let mut level = &mut top;
        for part in parts {
            let title = part.replace(['-', '_'], " ");
            let title = capitalize(&title);
            let at = level
                .iter()
                .position(|i| matches!(i, NavItem::Section { title: t, .. } if *t == title));
            let at = match at {
                Some(i) => i,
                None => {
                    level.push(NavItem::Section {
                        title,
                        children: Vec::new(),
                    });
                    level.len() - 1
                }
            };
            let NavItem::Section { children, .. } = &mut level[at] else {
                unreachable!("a section was found or pushed");
            };
            level = children;
        }
        level.push(NavItem::Page {
            title: None,
            path: p.path.clone(),
            pos: Default::default(),
        });
    }
    top
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// The page `query` names: a path relative to `docs_dir` (with or without `.md`), a nav
/// title, or the best fuzzy match of either; `None` when nothing is close.
pub fn find_page<'s>(site: &'s Site, query: &str) -> Option<&'s Page> {
    let q = query.trim().trim_start_matches("./");
    let exact = |p: &&Page| {
        p.path == q
            || p.path.trim_end_matches(".md") == q.trim_end_matches('/')
            || p.path == format!("{}/index.md", q.trim_end_matches('/'))
    };
    if let Some(p) = site.pages.iter().find(exact) {
        return Some(p);
    }
    let titles = site.nav_titles();
    if let Some((path, _)) = titles.iter().find(|(_, t)| t.eq_ignore_ascii_case(q)) {
        return site.page(path);
    }
    let candidates = site
        .pages
        .iter()
        .map(|p| {
            let title = titles
                .iter()
                .find(|(path, _)| *path == p.path)
                .map(|(_, t)| t.as_str())
                .unwrap_or_default();
            let score = crate::query::search::rank(&[(p.path.as_str(), 3), (title, 4)], q);
            (p, score)
        })
        .filter_map(|(p, s)| s.map(|s| (p, s)))
        .collect::<Vec<_>>();
    let near = candidates.iter().any(|(_, (_, n))| *n);
    candidates
        .into_iter()
        .filter(|(_, (_, n))| *n || !near)
        .max_by_key(|(_, (s, _))| *s)
        .map(|(p, _)| p)
}
