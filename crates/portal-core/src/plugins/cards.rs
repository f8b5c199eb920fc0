//! Built-in entity cards: the terminal version of Backstage's entity-page cards, made
//! offline from well-known annotations and `metadata.links`. Each says what a user can act
//! on: links, the IDs the tools need, and commands to run. docs/plugins.md lists every
//! annotation, the URL it becomes, and the Backstage plugin it mirrors.

use std::path::Path;

use serde::Serialize;

use crate::catalog::Entity;
use crate::config::Integrations;

/// A built-in card: what it needs, and what it mirrors.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Spec {
    /// Its id (`portal open ENTITY ID` matches it).
    pub id: &'static str,
    /// Its title.
    pub title: &'static str,
    /// The annotations it is made from: any one of them makes the card (`links`: none,
    /// it is made from `metadata.links`).
    pub annotations: &'static [&'static str],
    /// The Backstage plugin whose card it mirrors.
    pub mirrors: &'static str,
}

/// Every built-in card, in the order `show` prints them.
pub const SPECS: &[Spec] = &[
    Spec {
        id: "github",
        title: "GitHub",
        annotations: &["github.com/project-slug"],
        mirrors: "@backstage-community/plugin-github-actions, -github-issues, -github-pull-requests-board",
    },
    Spec {
        id: "gitlab",
        title: "GitLab",
        annotations: &["gitlab.com/project-slug"],
        mirrors: "@immobiliarelabs/backstage-plugin-gitlab",
    },
    Spec {
        id: "source",
        title: "Source",
        annotations: &[
            "backstage.io/source-location",
            "backstage.io/view-url",
            "backstage.io/edit-url",
        ],
        mirrors: "@backstage/plugin-catalog (the About card's View Source and Edit)",
    },
    Spec {
        id: "kubernetes",
        title: "Kubernetes",
        annotations: &[
            "backstage.io/kubernetes-id",
            "backstage.io/kubernetes-label-selector",
        ],
        mirrors: "@backstage/plugin-kubernetes",
    },
    Spec {
        id: "pagerduty",
        title: "PagerDuty",
        annotations: &["pagerduty.com/service-id", "pagerduty.com/integration-key"],
        mirrors: "@pagerduty/backstage-plugin",
    },
    Spec {
        id: "sonarqube",
        title: "SonarQube",
        annotations: &["sonarqube.org/project-key"],
        mirrors: "@backstage-community/plugin-sonarqube",
    },
    Spec {
        id: "jenkins",
        title: "Jenkins",
        annotations: &["jenkins.io/job-full-name"],
        mirrors: "@backstage-community/plugin-jenkins",
    },
    Spec {
        id: "argocd",
        title: "Argo CD",
        annotations: &["argocd/app-name"],
        mirrors: "@roadiehq/backstage-plugin-argo-cd",
    },
    Spec {
        id: "grafana",
        title: "Grafana",
        annotations: &["grafana/dashboard-selector"],
        mirrors: "@k-phoen/backstage-plugin-grafana",
    },
    Spec {
        id: "techdocs",
        title: "TechDocs",
        annotations: &["backstage.io/techdocs-ref", "backstage.io/techdocs-entity"],
        mirrors: "@backstage/plugin-techdocs",
    },
    Spec {
        id: "links",
        title: "Links",
        annotations: &[],
        mirrors: "@backstage/plugin-catalog (EntityLinksCard)",
    },
];

/// One line of a card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// What it is (`repository`, `actions`, a link's title…).
    pub label: String,
    /// The link, command or value.
    #[serde(flatten)]
    pub value: Value,
    /// A link's icon (`metadata.links[].icon`), when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icon: Option<String>,
    /// A link's type (`metadata.links[].type`), when it has one.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

/// What an item holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Value {
    /// A web address (http or https).
    Url(String),
    /// A shell command, its arguments quoted.
    Command(String),
    /// An ID or setting, as written.
    Text(String),
}

/// A card made for one entity.
#[derive(Debug, Clone, Serialize)]
pub struct Card {
    /// Its spec's id.
    pub id: &'static str,
    /// Its spec's title.
    pub title: &'static str,
    /// The Backstage plugin it mirrors.
    pub mirrors: &'static str,
    /// The annotations it was made from, as written.
    pub annotations: Vec<(String, String)>,
    /// What it says.
    pub items: Vec<Item>,
    /// What is wrong with its annotations (a slug that is not `OWNER/REPO`…).
    pub problems: Vec<String>,
}

/// The value of the annotation `key` of `e`.
pub fn annotation<'e>(e: &'e Entity, key: &str) -> Option<&'e str> {
    e.metadata()?
        .get("annotations")?
        .as_map()?
        .get(key)?
        .as_str()
}

fn url(label: &str, u: impl Into<String>) -> Item {
    Item {
        label: label.into(),
        value: Value::Url(u.into()),
        icon: None,
        kind: None,
    }
}

fn command(label: &str, c: impl Into<String>) -> Item {
    Item {
        label: label.into(),
        value: Value::Command(c.into()),
        icon: None,
        kind: None,
    }
}

fn text(label: &str, t: impl Into<String>) -> Item {
    Item {
        label: label.into(),
        value: Value::Text(t.into()),
        icon: None,
        kind: None,
    }
}

/// `s` quoted for a POSIX shell when it needs it.
pub fn sh_quote(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_./:=,@%+-".contains(c));
    if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// Whether `s` is a name GitHub or GitLab accepts as one path part.
fn slug_part(s: &str) -> bool {
    !s.is_empty()
        && s != "."
        && s != ".."
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
}

/// `base` with `segments` appended, each percent-encoded; `None` when `base` is not an
/// http(s) URL.
fn join_url(base: &str, segments: &[&str]) -> Option<url::Url> {
    let mut u = url::Url::parse(base).ok()?;
    if !matches!(u.scheme(), "http" | "https") {
        return None;
    }
    {
        let mut path = u.path_segments_mut().ok()?;
        path.pop_if_empty();
        path.extend(segments);
    }
    Some(u)
}

/// The cards of `e`. `repo` is the local checkout that holds its descriptor, when there is
/// one (the GitHub card lists its workflow files).
pub fn builtin(e: &Entity, integrations: &Integrations, repo: Option<&Path>) -> Vec<Card> {
    let mut out = Vec::new();
    for spec in SPECS {
        let annotations: Vec<(String, String)> = spec
            .annotations
            .iter()
            .filter_map(|k| annotation(e, k).map(|v| (k.to_string(), v.to_string())))
            .collect();
        let mut card = Card {
            id: spec.id,
            title: spec.title,
            mirrors: spec.mirrors,
            annotations,
            items: Vec::new(),
            problems: Vec::new(),
        };
        let lookup = |k: &str| annotation(e, k).map(str::trim).filter(|v| !v.is_empty());
        let get: Get<'_> = &lookup;
        match spec.id {
            "github" => github(&mut card, get, integrations, repo),
            "gitlab" => gitlab(&mut card, get, integrations),
            "source" => source(&mut card, get),
            "kubernetes" => kubernetes(&mut card, get),
            "pagerduty" => pagerduty(&mut card, get, integrations),
            "sonarqube" => sonarqube(&mut card, get, integrations),
            "jenkins" => jenkins(&mut card, get, integrations),
            "argocd" => argocd(&mut card, get, integrations),
            "grafana" => grafana(&mut card, get, integrations),
            "techdocs" => techdocs(&mut card, e, get),
            "links" => links(&mut card, e),
            _ => {}
        }
        if !card.items.is_empty() || !card.problems.is_empty() {
            out.push(card);
        }
    }
    out
}

type Get<'a> = &'a dyn Fn(&str) -> Option<&'a str>;

fn github(card: &mut Card, get: Get<'_>, i: &Integrations, repo: Option<&Path>) {
    let Some(slug) = get("github.com/project-slug") else {
        return;
    };
    let parts: Vec<&str> = slug.split('/').collect();
    if parts.len() != 2 || !parts.iter().all(|p| slug_part(p)) {
        card.problems.push(format!(
            "github.com/project-slug `{slug}` is not OWNER/REPO; write it as `acme/payments`"
        ));
        return;
    }
    let Some(base) = join_url(&i.github, &parts) else {
        card.problems
            .push("integrations.github is not an http(s) URL".into());
        return;
    };
    let at = |more: &[&str]| {
        let mut u = base.clone();
        if let Ok(mut p) = u.path_segments_mut() {
            p.extend(more);
        }
        u.to_string()
    };
    card.items.push(url("repository", base.to_string()));
    card.items.push(url("actions", at(&["actions"])));
    card.items.push(url("issues", at(&["issues"])));
    card.items.push(url("pull requests", at(&["pulls"])));
    card.items.push(command(
        "runs",
        format!("gh run list -R {}", sh_quote(slug)),
    ));
    for file in repo.map(workflows).unwrap_or_default() {
        card.items.push(url(
            &format!("workflow {file}"),
            at(&["actions", "workflows", &file]),
        ));
    }
}

/// The workflow files of the checkout at `repo` (`.github/workflows/*.yml`), read only
/// inside it; at most 100.
pub fn workflows(repo: &Path) -> Vec<String> {
    let Ok(dir) = crate::confine::Dir::new(repo) else {
        return Vec::new();
    };
    let Ok(real) = dir.resolve(".github/workflows") else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(real) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| (n.ends_with(".yml") || n.ends_with(".yaml")) && slug_part(n))
        .collect();
    names.sort();
    names.truncate(100);
    names
}

fn gitlab(card: &mut Card, get: Get<'_>, i: &Integrations) {
    let Some(slug) = get("gitlab.com/project-slug") else {
        return;
    };
    let parts: Vec<&str> = slug.split('/').collect();
    if parts.len() < 2 || !parts.iter().all(|p| slug_part(p)) {
        card.problems.push(format!(
            "gitlab.com/project-slug `{slug}` is not GROUP/PROJECT; write it as `acme/payments` (subgroups: `acme/team/payments`)"
        ));
        return;
    }
    let Some(base) = join_url(&i.gitlab, &parts) else {
        card.problems
            .push("integrations.gitlab is not an http(s) URL".into());
        return;
    };
    let at = |more: &[&str]| {
        let mut u = base.clone();
        if let Ok(mut p) = u.path_segments_mut() {
            p.push("-").extend(more);
        }
        u.to_string()
    };
    card.items.push(url("repository", base.to_string()));
    card.items.push(url("pipelines", at(&["pipelines"])));
    card.items
        .push(url("merge requests", at(&["merge_requests"])));
    card.items.push(url("issues", at(&["issues"])));
    card.items.push(command(
        "list pipelines",
        format!("glab ci list -R {}", sh_quote(slug)),
    ));
}

/// `url` when it is an http(s) URL without control characters.
pub fn web_url(u: &str) -> Option<String> {
    let parsed = url::Url::parse(u.trim()).ok()?;
    (matches!(parsed.scheme(), "http" | "https") && !u.chars().any(char::is_control))
        .then(|| parsed.to_string())
}

fn source(card: &mut Card, get: Get<'_>) {
    for (key, label) in [
        ("backstage.io/source-location", "source"),
        ("backstage.io/view-url", "view"),
        ("backstage.io/edit-url", "edit"),
    ] {
        let Some(v) = get(key) else { continue };
        // source-location is `url:<URL>` (Backstage also writes `dir:` for files it read
        // from disk, which has no web address).
        let target = match key {
            "backstage.io/source-location" => match v.split_once(':') {
                Some(("url", rest)) => rest,
                Some(("dir", rest)) => {
                    card.items.push(text(label, rest));
                    continue;
                }
                _ => v,
            },
            _ => v,
        };
        match web_url(target) {
            Some(_) => card.items.push(url(label, target.trim())),
            None => card.problems.push(format!(
                "{key} `{v}` is not an http(s) URL{}",
                if key == "backstage.io/source-location" {
                    " (Backstage writes `url:https://…`)"
                } else {
                    ""
                }
            )),
        }
    }
}

fn kubernetes(card: &mut Card, get: Get<'_>) {
    let selector = match (
        get("backstage.io/kubernetes-label-selector"),
        get("backstage.io/kubernetes-id"),
    ) {
        (Some(s), _) => s.to_string(),
        (None, Some(id)) => format!("backstage.io/kubernetes-id={id}"),
        (None, None) => return,
    };
    let namespace = get("backstage.io/kubernetes-namespace");
    card.items.push(text("selector", &selector));
    if let Some(ns) = namespace {
        card.items.push(text("namespace", ns));
    }
    // What Backstage's Kubernetes plugin shows by default (its objectTypes: the workloads
    // `all` covers, with ingresses and config maps).
    let ns = match namespace {
        Some(ns) => format!("-n {}", sh_quote(ns)),
        None => "--all-namespaces".into(),
    };
    card.items.push(command(
        "resources",
        format!(
            "kubectl get all,ingresses,configmaps -l {} {ns}",
            sh_quote(&selector)
        ),
    ));
}

fn pagerduty(card: &mut Card, get: Get<'_>, i: &Integrations) {
    if let Some(id) = get("pagerduty.com/service-id") {
        card.items.push(text("service id", id));
        match join_url(&i.pagerduty, &["service-directory", id]) {
            Some(u) => card.items.push(url("service", u.to_string())),
            None => card
                .problems
                .push("integrations.pagerduty is not an http(s) URL".into()),
        }
    }
    if let Some(key) = get("pagerduty.com/integration-key") {
        card.items.push(text("integration key", key));
    }
}

fn sonarqube(card: &mut Card, get: Get<'_>, i: &Integrations) {
    let Some(v) = get("sonarqube.org/project-key") else {
        return;
    };
    // `INSTANCE/KEY` names one of several SonarQube instances in Backstage's config.
    let (instance, key) = match v.split_once('/') {
        Some((inst, key)) if !key.is_empty() => (Some(inst), key),
        _ => (None, v),
    };
    card.items.push(text("project key", key));
    if let Some(inst) = instance {
        card.items.push(text("instance", inst));
    }
    match join_url(&i.sonarqube, &["dashboard"]) {
        Some(mut u) => {
            u.query_pairs_mut().append_pair("id", key);
            card.items.push(url("dashboard", u.to_string()));
        }
        None => card
            .problems
            .push("integrations.sonarqube is not an http(s) URL".into()),
    }
}

fn jenkins(card: &mut Card, get: Get<'_>, i: &Integrations) {
    let Some(v) = get("jenkins.io/job-full-name") else {
        return;
    };
    // `INSTANCE:FOLDER/JOB` names one of several Jenkins instances.
    let (instance, job) = match v.split_once(':') {
        Some((inst, job)) if !job.is_empty() => (Some(inst), job),
        _ => (None, v),
    };
    card.items.push(text("job name", job));
    if let Some(inst) = instance {
        card.items.push(text("instance", inst));
    }
    let Some(base) = &i.jenkins else {
        card.items.push(text(
            "link",
            "set integrations.jenkins in portal.yaml to the Jenkins URL for a link",
        ));
        return;
    };
    let mut segments = Vec::new();
    for part in job.split('/').filter(|p| !p.is_empty()) {
        segments.push("job");
        segments.push(part);
    }
    match join_url(base, &segments) {
        Some(u) => card.items.push(url("job", u.to_string())),
        None => card
            .problems
            .push("integrations.jenkins is not an http(s) URL".into()),
    }
}

fn argocd(card: &mut Card, get: Get<'_>, i: &Integrations) {
    let Some(app) = get("argocd/app-name") else {
        return;
    };
    card.items.push(text("app name", app));
    card.items.push(command(
        "status",
        format!("argocd app get {}", sh_quote(app)),
    ));
    if let Some(base) = &i.argocd {
        match join_url(base, &["applications", app]) {
            Some(u) => card.items.push(url("application", u.to_string())),
            None => card
                .problems
                .push("integrations.argocd is not an http(s) URL".into()),
        }
    }
}

fn grafana(card: &mut Card, get: Get<'_>, i: &Integrations) {
    let Some(selector) = get("grafana/dashboard-selector") else {
        return;
    };
    card.items.push(text("dashboard selector", selector));
    let Some(base) = &i.grafana else {
        return;
    };
    // The plugin's common form, `tags @> 'TAG'`, is Grafana's tag search.
    let tag = selector
        .strip_prefix("tags @> '")
        .and_then(|r| r.strip_suffix('\''))
        .filter(|t| !t.contains('\''));
    match join_url(base, &["dashboards"]) {
        Some(mut u) => {
            if let Some(t) = tag {
                u.query_pairs_mut().append_pair("tag", t);
            }
            card.items.push(url("dashboards", u.to_string()));
        }
        None => card
            .problems
            .push("integrations.grafana is not an http(s) URL".into()),
    }
}

fn techdocs(card: &mut Card, e: &Entity, get: Get<'_>) {
    if get("backstage.io/techdocs-ref").is_none() && get("backstage.io/techdocs-entity").is_none() {
        return;
    }
    let r = sh_quote(&e.entity_ref().to_string());
    card.items.push(command("read", format!("portal docs {r}")));
    card.items
        .push(command("preview", format!("portal docs serve {r} --open")));
}

fn links(card: &mut Card, e: &Entity) {
    let Some(list) = e
        .metadata()
        .and_then(|m| m.get("links"))
        .and_then(|l| l.as_seq())
    else {
        return;
    };
    for link in list {
        let field = |k: &str| {
            link.get(k)
                .and_then(|v| v.as_str())
                .map(str::to_string)
                .filter(|v| !v.is_empty())
        };
        let Some(target) = field("url") else { continue };
        let label = field("title").unwrap_or_else(|| target.clone());
        // Shown as written; `portal open` hands on the parsed form.
        let value = match web_url(&target) {
            Some(_) => Value::Url(target.trim().to_string()),
            // Shown, never opened.
            None => Value::Text(target),
        };
        card.items.push(Item {
            label,
            value,
            icon: field("icon"),
            kind: field("type"),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_and_urls() {
        assert_eq!(sh_quote("app=web"), "app=web");
        assert_eq!(sh_quote("a b'c"), r"'a b'\''c'");
        assert_eq!(sh_quote(""), "''");
        let u = join_url("https://jenkins.example/", &["job", "a b", "job", "../x"]).unwrap();
        assert_eq!(u.as_str(), "https://jenkins.example/job/a%20b/job/..%2Fx");
        assert!(join_url("javascript:alert(1)", &["x"]).is_none());
        assert_eq!(web_url("file:///etc/passwd"), None);
        assert_eq!(
            web_url(" https://a.example/x "),
            Some("https://a.example/x".into())
        );
    }
}
