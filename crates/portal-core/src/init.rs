//! `portal init`: what a repository without a descriptor says about itself, each value
//! with where it came from. Read only through the repository's root ([`Dir`]): no link
//! out, no file larger than [`MAX_READ`], at most [`MAX_FILES`] files looked at.

use std::path::Path;

use crate::catalog::Entity;
use crate::catalog::entity_ref::split_ref;
use crate::confine::Dir;

/// The largest file read (a CODEOWNERS, a manifest, an API definition's head).
pub const MAX_READ: u64 = 1 << 20;
/// The most files looked at when searching for API definitions.
pub const MAX_FILES: usize = 20_000;
/// How deep the search for API definitions goes.
const MAX_DEPTH: usize = 6;

/// A value and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Inferred<T> {
    /// The value.
    pub value: T,
    /// Where it came from, as a reader would check it (`CODEOWNERS:3`, `the folder name`).
    pub from: String,
}

fn inferred<T>(value: T, from: impl Into<String>) -> Inferred<T> {
    Inferred {
        value,
        from: from.into(),
    }
}

/// How sure a guess of the component's type is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// One weak sign.
    Low,
    /// A sign that usually holds.
    Medium,
    /// Signs that leave little doubt.
    High,
}

/// An API definition found in the repository.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ApiFile {
    /// Its path in the repository, `/`-separated.
    pub path: String,
    /// `openapi` or `asyncapi`, as Backstage's API types are named.
    pub kind: &'static str,
    /// The API entity's name: the definition's `info.title`, else the file's stem, made
    /// a valid name.
    pub name: String,
}

/// What a repository says about itself.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Findings {
    /// `metadata.name`.
    pub name: Inferred<String>,
    /// `spec.owner`, as an entity reference of a Group or User of the catalog.
    pub owner: Option<Inferred<String>>,
    /// An owner CODEOWNERS names that matches nothing in the catalog.
    pub unresolved_owner: Option<Inferred<String>>,
    /// `spec.type`, with how sure the guess is.
    pub kind: Inferred<String>,
    /// How sure `kind` is.
    pub confidence: Confidence,
    /// Annotations (`github.com/project-slug`, `backstage.io/techdocs-ref`), sorted.
    pub annotations: Vec<(String, Inferred<String>)>,
    /// API definitions, sorted by path.
    pub apis: Vec<ApiFile>,
}

/// Reads what `root` says about itself; `remote` is its git remote's URL, if it has one.
/// `catalog` resolves a CODEOWNERS owner to a Group or User.
pub fn infer(root: &Dir, remote: Option<&str>, catalog: &[Entity]) -> Findings {
    let folder = root
        .real()
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let slug = remote.and_then(project_slug);
    let name = match &slug {
        Some((_, slug)) => inferred(
            valid_name(slug.rsplit('/').next().unwrap_or(slug)),
            "the git remote `origin`",
        ),
        None => inferred(valid_name(&folder), "the folder's name"),
    };
    let mut annotations = Vec::new();
    if let Some((host, slug)) = slug {
        annotations.push((
            format!("{host}/project-slug"),
            inferred(slug, "the git remote `origin`"),
        ));
    }
    if let Some(from) = ["mkdocs.yml", "mkdocs.yaml"]
        .into_iter()
        .find(|f| root.is_file(f))
        .map(str::to_string)
        .or_else(|| is_dir(root, "docs").then(|| "docs/".to_string()))
    {
        annotations.push((
            "backstage.io/techdocs-ref".into(),
            inferred("dir:.".to_string(), from),
        ));
    }
    let (owner, unresolved_owner) = match codeowners(root) {
        Some(found) => match resolve_owner(&found.value, catalog) {
            Some(r) => (Some(inferred(r, found.from)), None),
            None => (None, Some(found)),
        },
        None => (None, None),
    };
    let (kind, confidence) = kind_of(root);
    annotations.sort_by(|a, b| a.0.cmp(&b.0));
    Findings {
        name,
        owner,
        unresolved_owner,
        kind,
        confidence,
        annotations,
        apis: api_files(root),
    }
}

/// The git remote `origin`'s URL, if `dir` is in a repository that has one.
pub fn origin_url(dir: &Path) -> Option<String> {
    let repo = git2::Repository::discover(dir).ok()?;
    let remote = repo.find_remote("origin").ok()?;
    remote.url().ok().map(str::to_string)
}

/// A name Backstage accepts: letters, digits, `-`, `_` and `.`, beginning and ending with
/// a letter or digit, at most 63 characters (`component` when nothing is left).
pub fn valid_name(text: &str) -> String {
    let mut out: String = text
        .trim_end_matches(".git")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    while out.contains("--") {
        out = out.replace("--", "-");
    }
    out.truncate(63);
    let out = out.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    if out.is_empty() {
        "component".into()
    } else {
        out.to_string()
    }
}

/// The host's annotation prefix and `OWNER/REPO` of a GitHub or GitLab remote
/// (`https://github.com/acme/pay.git`, `git@github.com:acme/pay.git`,
/// `ssh://git@gitlab.com/a/b/c.git`).
pub fn project_slug(url: &str) -> Option<(String, String)> {
    let rest = match url.split_once("://") {
        Some((_, rest)) => rest.to_string(),
        // scp-like: `git@host:path`.
        None => url.replacen(':', "/", 1),
    };
    let rest = rest.rsplit_once('@').map_or(rest.as_str(), |(_, r)| r);
    let (host, path) = rest.split_once('/')?;
    let host = host.split(':').next()?.to_ascii_lowercase();
    let prefix = match host.as_str() {
        "github.com" => "github.com",
        "gitlab.com" => "gitlab.com",
        _ => return None,
    };
    let path = path.trim_end_matches('/').trim_end_matches(".git");
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    // GitHub's slugs are OWNER/REPO; GitLab's keep the groups.
    let ok = match prefix {
        "github.com" => parts.len() == 2,
        _ => parts.len() >= 2,
    };
    (ok && parts.iter().all(|p| crate::confine::is_plain_name(p)))
        .then(|| (prefix.to_string(), parts.join("/")))
}

/// The owner CODEOWNERS gives the whole repository: the last rule for `*` (the last
/// match wins, as on GitHub), else the first owner of the first rule, with its line.
fn codeowners(root: &Dir) -> Option<Inferred<String>> {
    // GitHub's order: .github/, the root, docs/.
    let file = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"]
        .into_iter()
        .find(|f| root.is_file(f))?;
    let bytes = root.read(file, MAX_READ).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    let mut first = None;
    let mut whole = None;
    for (n, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or_default();
        let mut words = line.split_whitespace();
        let Some(pattern) = words.next() else {
            continue;
        };
        let Some(owner) = words.next() else {
            continue;
        };
        let found = inferred(owner.to_string(), format!("{file}:{}", n + 1));
        if matches!(pattern, "*" | "/*" | "/" | "**" | "/**") {
            whole = Some(found);
        } else if first.is_none() {
            first = Some(found);
        }
    }
    whole.or(first)
}

/// A CODEOWNERS owner as an entity reference: `@org/team` is the Group whose
/// `github.com/team-slug` is `org/team`, else the Group named `team`; `@user` the User
/// named `user`. An e-mail address, or a name the catalog does not have, is `None`.
pub fn resolve_owner(owner: &str, catalog: &[Entity]) -> Option<String> {
    let handle = owner.strip_prefix('@')?;
    let find = |kind: &str, test: &dyn Fn(&Entity) -> bool| {
        catalog
            .iter()
            .filter(|e| e.kind.eq_ignore_ascii_case(kind))
            .find(|e| test(e))
            .map(short_ref)
    };
    match handle.split_once('/') {
        Some((_, team)) => find("Group", &|e| {
            e.annotation("github.com/team-slug")
                .is_some_and(|s| s.eq_ignore_ascii_case(handle))
        })
        .or_else(|| find("Group", &|e| e.name.eq_ignore_ascii_case(team))),
        None => find("User", &|e| e.name.eq_ignore_ascii_case(handle)),
    }
}

/// `group:NAME`, with the namespace when it is not `default`.
fn short_ref(e: &Entity) -> String {
    let kind = e.kind.to_ascii_lowercase();
    if e.namespace == "default" {
        format!("{kind}:{}", e.name)
    } else {
        format!("{kind}:{}/{}", e.namespace, e.name)
    }
}

fn is_dir(root: &Dir, rel: &str) -> bool {
    root.resolve(rel).is_ok_and(|p| p.is_dir())
}

/// The text of `rel`, if it is a regular file inside the root.
fn text(root: &Dir, rel: &str) -> Option<String> {
    root.read(rel, MAX_READ)
        .ok()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
}

/// Dependencies that make a program an HTTP server.
const SERVERS: &[&str] = &[
    "axum",
    "actix-web",
    "rocket",
    "warp",
    "hyper",
    "express",
    "fastify",
    "koa",
    "@nestjs/core",
    "fastapi",
    "flask",
    "django",
    "uvicorn",
    "gunicorn",
    "spring-boot",
    "net/http",
    "gin-gonic",
    "labstack/echo",
];

/// Dependencies that make a package a website.
const WEBSITES: &[&str] = &[
    "\"react-dom\"",
    "\"next\"",
    "\"vue\"",
    "\"@angular/core\"",
    "\"svelte\"",
    "\"gatsby\"",
    "\"astro\"",
    "\"vite\"",
];

/// What the repository is, from its files, and how sure that is.
fn kind_of(root: &Dir) -> (Inferred<String>, Confidence) {
    let manifests = [
        "Cargo.toml",
        "package.json",
        "pyproject.toml",
        "requirements.txt",
        "go.mod",
        "pom.xml",
        "build.gradle",
    ];
    let texts: Vec<(&str, String)> = manifests
        .iter()
        .filter_map(|m| text(root, m).map(|t| (*m, t)))
        .collect();
    let server = texts.iter().find_map(|(m, t)| {
        SERVERS
            .iter()
            .find(|s| t.contains(*s))
            .map(|s| format!("{m} depends on {s}"))
    });
    let docker = ["Dockerfile", "Containerfile"]
        .into_iter()
        .find(|f| root.is_file(f));
    let pick = |kind: &str, from: String, c| (inferred(kind.to_string(), from), c);
    match (docker, server) {
        (Some(d), Some(s)) => return pick("service", format!("{d}, and {s}"), Confidence::High),
        (None, Some(s)) => return pick("service", s, Confidence::Medium),
        (Some(d), None) => return pick("service", d.to_string(), Confidence::Medium),
        (None, None) => {}
    }
    if let Some((_, t)) = texts.iter().find(|(m, _)| *m == "package.json")
        && let Some(w) = WEBSITES.iter().find(|w| t.contains(*w))
    {
        return pick(
            "website",
            format!("package.json depends on {}", w.trim_matches('"')),
            Confidence::Medium,
        );
    }
    if root.is_file("index.html") {
        return pick("website", "index.html".into(), Confidence::Low);
    }
    if texts.iter().any(|(m, _)| *m == "Cargo.toml") {
        if root.is_file("src/lib.rs") && !root.is_file("src/main.rs") {
            return pick(
                "library",
                "Cargo.toml with src/lib.rs and no src/main.rs".into(),
                Confidence::High,
            );
        }
        if root.is_file("src/main.rs") {
            return pick(
                "tool",
                "Cargo.toml with src/main.rs (a program, and no server)".into(),
                Confidence::Low,
            );
        }
    }
    if let Some((m, _)) = texts.first() {
        return pick(
            "library",
            format!("{m}, and no server or container"),
            Confidence::Low,
        );
    }
    pick(
        "other",
        "nothing it recognises (no manifest, container or website)".into(),
        Confidence::Low,
    )
}

/// The OpenAPI and AsyncAPI definitions below the root: YAML or JSON files whose first
/// key is `openapi`, `swagger` or `asyncapi`. Hidden and ignored files (`.gitignore`),
/// `node_modules`, `target` and `vendor` are left out, links are not followed.
fn api_files(root: &Dir) -> Vec<ApiFile> {
    let mut found = Vec::new();
    let walk = ignore::WalkBuilder::new(root.real())
        .follow_links(false)
        .max_depth(Some(MAX_DEPTH))
        .filter_entry(|e| {
            !e.file_name()
                .to_str()
                .is_some_and(|n| matches!(n, "node_modules" | "target" | "vendor"))
        })
        .build();
    for entry in walk.flatten().take(MAX_FILES) {
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let Some(rel) = entry
            .path()
            .strip_prefix(root.real())
            .ok()
            .and_then(Path::to_str)
            .map(|r| r.replace('\\', "/"))
        else {
            continue;
        };
        if !(rel.ends_with(".yaml") || rel.ends_with(".yml") || rel.ends_with(".json")) {
            continue;
        }
        let Some(head) = text(root, &rel) else {
            continue;
        };
        let Some(kind) = api_kind(&head) else {
            continue;
        };
        let stem = rel
            .rsplit('/')
            .next()
            .and_then(|f| f.split('.').next())
            .unwrap_or("api");
        let name = title(&head).map_or_else(|| valid_name(stem), |t| valid_name(&t));
        found.push(ApiFile {
            path: rel,
            kind,
            name,
        });
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    found
}

/// `openapi` or `asyncapi` when the text's first key says it is one.
fn api_kind(text: &str) -> Option<&'static str> {
    let first = text
        .lines()
        .map(str::trim_start)
        .find(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with("---") && *l != "{")?;
    let key = first
        .trim_start_matches('{')
        .trim_start()
        .trim_start_matches('"');
    if key.starts_with("openapi") || key.starts_with("swagger") {
        Some("openapi")
    } else if key.starts_with("asyncapi") {
        Some("asyncapi")
    } else {
        None
    }
}

/// The definition's `info.title`.
fn title(text: &str) -> Option<String> {
    use crate::catalog::yaml::{DocContent, parse_stream};
    let DocContent::Node(node) = parse_stream(text).into_iter().next()?.content else {
        return None;
    };
    node.to_json()["info"]["title"]
        .as_str()
        .map(str::to_string)
        .filter(|t| !t.trim().is_empty())
}

/// What the descriptor says where nothing was inferred, or where the user chose.
#[derive(Debug, Clone, Default)]
pub struct Choices {
    /// `metadata.name`, else the inferred one.
    pub name: Option<String>,
    /// `spec.owner`, else the inferred one (required).
    pub owner: Option<String>,
    /// `spec.type`, else the inferred one.
    pub kind: Option<String>,
    /// `spec.lifecycle`, else [`DEFAULT_LIFECYCLE`].
    pub lifecycle: Option<String>,
    /// `spec.system`, if any.
    pub system: Option<String>,
}

/// The lifecycle of a repository new to the catalog, until told otherwise.
pub const DEFAULT_LIFECYCLE: &str = "experimental";

/// The descriptor: the Component, then an API entity for each definition found (its
/// `definition` a `$text` of the file, provided by the Component), as Backstage's
/// `yaml.stringify` writes them. `Err` names what is missing: the owner.
pub fn descriptor(found: &Findings, choices: &Choices) -> Result<String, String> {
    use serde_json::{Map, Value, json};
    let owner = choices
        .owner
        .as_deref()
        .map(|o| short(o, None))
        .or_else(|| found.owner.as_ref().map(|o| o.value.clone()))
        .ok_or_else(|| match &found.unresolved_owner {
            Some(o) => format!(
                "the owner: {} names {}, which is no Group or User of the catalog",
                o.from, o.value
            ),
            None => "the owner: there is no CODEOWNERS to infer it from".to_string(),
        })?;
    let name = choices
        .name
        .clone()
        .unwrap_or_else(|| found.name.value.clone());
    let lifecycle = choices
        .lifecycle
        .clone()
        .unwrap_or_else(|| DEFAULT_LIFECYCLE.into());
    let annotations: Map<String, Value> = found
        .annotations
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.value.clone())))
        .collect();
    let mut metadata = json!({ "name": name });
    if !annotations.is_empty() {
        metadata["annotations"] = Value::Object(annotations);
    }
    let mut spec = json!({
        "type": choices.kind.clone().unwrap_or_else(|| found.kind.value.clone()),
        "lifecycle": lifecycle,
        "owner": owner,
    });
    let system = choices.system.as_deref().map(|s| short(s, Some("system")));
    if let Some(system) = &system {
        spec["system"] = json!(system);
    }
    let apis = unique_api_names(&found.apis, &name);
    if !apis.is_empty() {
        spec["providesApis"] = json!(apis);
    }
    let entity = |kind: &str, metadata: Value, spec: Value| {
        json!({
            "apiVersion": "backstage.io/v1alpha1",
            "kind": kind,
            "metadata": metadata,
            "spec": spec,
        })
    };
    let mut docs = vec![entity("Component", metadata, spec)];
    for (api, api_name) in found.apis.iter().zip(&apis) {
        let mut spec = json!({
            "type": api.kind,
            "lifecycle": lifecycle,
            "owner": owner,
            "definition": { "$text": format!("./{}", api.path) },
        });
        if let Some(system) = &system {
            spec["system"] = json!(system);
        }
        docs.push(entity("API", json!({ "name": api_name }), spec));
    }
    Ok(docs
        .iter()
        .map(backstage_yaml::stringify::stringify)
        .collect::<Vec<_>>()
        .join("---\n"))
}

/// A reference as a descriptor writes it: without the `default` namespace, and without
/// the kind when it is the field's own (`system:default/pay` → `pay` for `spec.system`).
fn short(reference: &str, own_kind: Option<&str>) -> String {
    let Ok(parts) = split_ref(reference) else {
        return reference.to_string();
    };
    let kind = parts
        .kind
        .filter(|k| own_kind.is_none_or(|o| !o.eq_ignore_ascii_case(k)));
    let namespace = parts.namespace.filter(|n| *n != "default");
    format!(
        "{}{}{}",
        kind.map(|k| format!("{k}:")).unwrap_or_default(),
        namespace.map(|n| format!("{n}/")).unwrap_or_default(),
        parts.name
    )
}

/// The API entities' names: each file's, made unique (`-2`, `-3`…), and never the
/// component's own name (an API and a Component may share one, but a reader may not).
fn unique_api_names(apis: &[ApiFile], component: &str) -> Vec<String> {
    let mut taken = std::collections::HashSet::new();
    taken.insert(component.to_string());
    apis.iter()
        .map(|a| {
            let mut name = a.name.clone();
            if taken.contains(&name) {
                name = valid_name(&format!("{name}-api"));
            }
            let base = name.clone();
            let mut n = 2;
            while taken.contains(&name) {
                name = format!("{}-{n}", &base[..base.len().min(60)]);
                n += 1;
            }
            taken.insert(name.clone());
            name
        })
        .collect()
}

/// Where an existing descriptor (`text`, shown as `file`) and what would be inferred now
/// part (`portal init --check`): a CODEOWNERS owner other than the Component's, an API
/// definition no API entity of the file points at, a project slug that changed, docs
/// with no `techdocs-ref`. Each at the field, or at the Component when it is absent.
pub fn drift(text: &str, file: &Path, found: &Findings) -> Vec<crate::catalog::Diagnostic> {
    use crate::catalog::Finding;
    use crate::catalog::yaml::{DocContent, Node, parse_stream};
    let docs: Vec<(usize, Node)> = parse_stream(text)
        .into_iter()
        .enumerate()
        .filter_map(|(i, d)| match d.content {
            DocContent::Node(n) => Some((i, n)),
            _ => None,
        })
        .collect();
    let kind_of = |n: &Node| {
        n.get("kind")
            .and_then(Node::as_str)
            .map(str::to_ascii_lowercase)
    };
    let at = |f: Finding, doc: usize| f.at(file.to_path_buf(), Some(doc), None);
    let Some((doc, component)) = docs
        .iter()
        .find(|(_, n)| kind_of(n).as_deref() == Some("component"))
    else {
        return vec![at(
            Finding::error("init-drift", crate::catalog::yaml::Pos::new(1, 1), "the file has no Component to compare with what the repository says")
                .hint("portal init writes a Component; compare by hand, or move this file aside and run `portal init`"),
            0,
        )];
    };
    let doc = *doc;
    let mut out = Vec::new();
    let spec = component.get("spec");
    if let Some(owner) = &found.owner {
        let field = spec.and_then(|s| s.get("owner"));
        let written = field.and_then(Node::as_str).unwrap_or_default();
        if !same_ref(written, &owner.value) {
            let pos = field.map_or(component.pos, |f| f.pos);
            out.push(at(
                Finding::warning(
                    "init-drift",
                    pos,
                    format!(
                        "{} now names {} as the owner; this file says {}",
                        owner.from,
                        owner.value,
                        if written.is_empty() { "none" } else { written }
                    ),
                )
                .hint(format!(
                    "set spec.owner to {}, or change CODEOWNERS",
                    owner.value
                )),
                doc,
            ));
        }
    }
    if let Some(unknown) = &found.unresolved_owner {
        let pos = spec
            .and_then(|s| s.get("owner"))
            .map_or(component.pos, |f| f.pos);
        out.push(at(
            Finding::warning(
                "init-drift",
                pos,
                format!("{} now names {} as the owner, which is no Group or User of the catalog", unknown.from, unknown.value),
            )
            .hint("add that team to the catalog (a Group with its github.com/team-slug), or fix CODEOWNERS"),
            doc,
        ));
    }
    let annotations = component.get("metadata").and_then(|m| m.get("annotations"));
    for (key, value) in &found.annotations {
        let field = annotations.and_then(|a| a.get(key));
        let written = field.and_then(Node::as_str);
        let differs = match key.as_str() {
            // Docs are where the file says: only a missing reference is drift.
            "backstage.io/techdocs-ref" => written.is_none(),
            _ => written != Some(value.value.as_str()),
        };
        if differs {
            let pos = field.map_or(component.pos, |f| f.pos);
            out.push(at(
                Finding::warning(
                    "init-drift",
                    pos,
                    format!(
                        "{} gives the annotation {key}: {}; this file {}",
                        value.from,
                        value.value,
                        written.map_or("has none".to_string(), |w| format!("says {w}"))
                    ),
                )
                .hint(format!("set metadata.annotations.{key} to {}", value.value)),
                doc,
            ));
        }
    }
    let defined: Vec<String> = docs
        .iter()
        .filter(|(_, n)| kind_of(n).as_deref() == Some("api"))
        .filter_map(|(_, n)| {
            let d = n.get("spec")?.get("definition")?;
            let target = d
                .get("$text")
                .or_else(|| d.get("$yaml"))
                .or_else(|| d.get("$json"))?;
            target
                .as_str()
                .map(|t| t.trim_start_matches("./").to_string())
        })
        .collect();
    for api in &found.apis {
        if !defined.contains(&api.path) {
            out.push(at(
                Finding::warning(
                    "init-drift",
                    component.pos,
                    format!("{} is an {} definition that no API entity of this file points at", api.path, if api.kind == "openapi" { "OpenAPI" } else { "AsyncAPI" }),
                )
                .hint(format!("add an API entity with `definition: {{$text: ./{}}}`, and name it in the Component's providesApis", api.path)),
                doc,
            ));
        }
    }
    out
}

/// Whether two owner references name the same entity (`group:` is the default kind of
/// an owner, `default` the default namespace; names compare without case).
fn same_ref(a: &str, b: &str) -> bool {
    let norm = |r: &str| {
        split_ref(r).ok().map(|p| {
            (
                p.kind.unwrap_or("group").to_ascii_lowercase(),
                p.namespace.unwrap_or("default").to_ascii_lowercase(),
                p.name.to_ascii_lowercase(),
            )
        })
    };
    norm(a).is_some_and(|a| Some(a) == norm(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_of_github_and_gitlab_remotes() {
        let gh = Some(("github.com".to_string(), "acme/pay".to_string()));
        assert_eq!(project_slug("https://github.com/acme/pay.git"), gh);
        assert_eq!(project_slug("git@github.com:acme/pay.git"), gh);
        assert_eq!(project_slug("ssh://git@github.com:22/acme/pay"), gh);
        assert_eq!(project_slug("https://user:tok@github.com/acme/pay/"), gh);
        assert_eq!(
            project_slug("https://gitlab.com/a/b/c.git"),
            Some(("gitlab.com".into(), "a/b/c".into()))
        );
        assert_eq!(project_slug("https://github.com/acme/pay/extra"), None);
        assert_eq!(project_slug("https://git.example.com/acme/pay"), None);
        assert_eq!(project_slug("https://github.com/acme/.."), None);
    }

    #[test]
    fn references_are_written_short() {
        assert_eq!(short("group:default/pay", None), "group:pay");
        assert_eq!(short("group:ops/pay", None), "group:ops/pay");
        assert_eq!(short("system:default/pay", Some("system")), "pay");
        assert_eq!(short("pay", Some("system")), "pay");
        assert!(same_ref("payments", "group:default/Payments"));
        assert!(!same_ref("user:payments", "group:payments"));
        assert!(!same_ref("", ""));
    }

    #[test]
    fn names_are_made_valid() {
        assert_eq!(valid_name("Payments API"), "payments-api");
        assert_eq!(valid_name("--x--"), "x");
        assert_eq!(valid_name("pay.git"), "pay");
        assert_eq!(valid_name("üüü"), "component");
        assert_eq!(valid_name(&"a".repeat(80)).len(), 63);
    }

    #[test]
    fn api_kinds_by_their_first_key() {
        assert_eq!(api_kind("# c\nopenapi: 3.0.0\n"), Some("openapi"));
        assert_eq!(api_kind("swagger: '2.0'\n"), Some("openapi"));
        assert_eq!(api_kind("{\n  \"asyncapi\": \"2.6.0\"}"), Some("asyncapi"));
        assert_eq!(api_kind("apiVersion: v1\nopenapi: x\n"), None);
    }
}
