//! Renders planned entities as Backstage `catalog-info.yaml` text, varying the reference
//! styles (`team-a`, `group:team-a`, `group:default/team-a`) the way real files do.

use std::fmt::Write;

use super::plan::{Entity, Group, Kind, Lang, Org, Repo, User};
use super::rng::Rng;

/// `writeln!` into a `String`, which cannot fail.
macro_rules! emit {
    ($out:expr, $($arg:tt)*) => {
        writeln!($out, $($arg)*).expect("writing to a String cannot fail")
    };
}

const API_VERSION: &str = "backstage.io/v1alpha1";

/// The repository's own descriptor: one to three documents.
pub fn repo_descriptor(org: &Org, repo: &Repo, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(2048);
    for (doc, &id) in repo.entities.iter().enumerate() {
        if doc > 0 {
            out.push_str("---\n");
        }
        entity(&mut out, org, repo, &org.entities[id], rng);
    }
    out
}

/// The `org/` repository's descriptor: every group, then every user.
pub fn org_descriptor(org: &Org) -> String {
    let mut out = String::with_capacity(300 * (org.groups.len() + org.users.len()));
    out.push_str("# People and teams, exported nightly from the HR system.\n");
    for group in &org.groups {
        group_doc(&mut out, org, group);
    }
    for user in &org.users {
        user_doc(&mut out, org, user);
    }
    out
}

fn group_doc(out: &mut String, org: &Org, group: &Group) {
    emit!(
        out,
        "---\napiVersion: {API_VERSION}\nkind: Group\nmetadata:\n  name: {}",
        group.name
    );
    emit!(
        out,
        "  description: The {} {}.",
        group.display,
        group.group_type
    );
    emit!(out, "spec:\n  type: {}", group.group_type);
    emit!(
        out,
        "  profile:\n    displayName: {}\n    email: {}@acme.example",
        group.display,
        group.name
    );
    if let Some(parent) = group.parent {
        emit!(out, "  parent: {}", org.groups[parent].name);
    }
    let children: Vec<&str> = group
        .children
        .iter()
        .map(|&c| org.groups[c].name.as_str())
        .collect();
    list(out, "children", &children);
}

fn user_doc(out: &mut String, org: &Org, user: &User) {
    emit!(
        out,
        "---\napiVersion: {API_VERSION}\nkind: User\nmetadata:\n  name: {}",
        user.name
    );
    emit!(
        out,
        "spec:\n  profile:\n    displayName: {}\n    email: {}@acme.example",
        user.display,
        user.name
    );
    let groups: Vec<&str> = user
        .member_of
        .iter()
        .map(|&g| org.groups[g].name.as_str())
        .collect();
    list(out, "memberOf", &groups);
}

/// A block list under `spec`, or `[]` when empty.
fn list<S: AsRef<str>>(out: &mut String, key: &str, items: &[S]) {
    if items.is_empty() {
        emit!(out, "  {key}: []");
        return;
    }
    emit!(out, "  {key}:");
    for item in items {
        emit!(out, "    - {}", item.as_ref());
    }
}

fn entity(out: &mut String, org: &Org, repo: &Repo, e: &Entity, rng: &mut Rng) {
    let kind = match e.kind {
        Kind::Component => "Component",
        Kind::Api => "API",
        Kind::Resource => "Resource",
        Kind::System => "System",
    };
    emit!(out, "apiVersion: {API_VERSION}\nkind: {kind}");
    metadata(out, repo, e, rng);
    emit!(out, "spec:");
    if e.kind != Kind::System {
        emit!(out, "  type: {}", e.spec_type);
    }
    if matches!(e.kind, Kind::Component | Kind::Api) {
        emit!(out, "  lifecycle: {}", e.lifecycle);
    }
    emit!(out, "  owner: {}", owner_ref(org, e, rng));
    if let Some(system) = e.system {
        let prefix = if rng.chance(10) { "system:" } else { "" };
        emit!(out, "  system: {prefix}{}", org.entities[system].name);
    }
    relations(out, org, e, rng);
    if e.kind == Kind::Api {
        definition(out, e);
    }
}

fn metadata(out: &mut String, repo: &Repo, e: &Entity, rng: &mut Rng) {
    emit!(out, "metadata:\n  name: {}", e.name);
    if rng.chance(30) {
        emit!(out, "  title: {}", super::plan::title_case(&e.name));
    }
    emit!(
        out,
        "  description: {} for the {} area, maintained in {}.",
        describe(e),
        e.area,
        repo.name
    );
    emit!(
        out,
        "  annotations:\n    github.com/project-slug: acme/{}",
        repo.name
    );
    if rng.chance(40) {
        emit!(out, "    backstage.io/techdocs-ref: dir:.");
    }
    if rng.chance(20) {
        emit!(out, "  labels:\n    tier: \"{}\"", rng.between(1, 3));
    }
    let lang = match repo.lang {
        Lang::Rust => "rust",
        Lang::Python => "python",
        Lang::Node => "javascript",
    };
    emit!(out, "  tags:\n    - {lang}\n    - {}", e.area);
    if rng.chance(30) {
        emit!(
            out,
            "  links:\n    - url: https://runbooks.acme.example/{}\n      title: Runbook",
            e.name
        );
    }
}

fn describe(e: &Entity) -> &'static str {
    match e.kind {
        Kind::Component => "A component",
        Kind::Api => "The interface",
        Kind::Resource => "Infrastructure",
        Kind::System => "A system",
    }
}

/// Mostly the team's plain name; sometimes fully qualified; rarely a person.
fn owner_ref(org: &Org, e: &Entity, rng: &mut Rng) -> String {
    let team = &org.groups[e.team].name;
    match rng.weighted(&[75, 15, 8, 2]) {
        0 => team.clone(),
        1 => format!("group:{team}"),
        2 => format!("group:default/{team}"),
        _ => format!("user:{}", rng.pick(&org.users).name),
    }
}

fn relations(out: &mut String, org: &Org, e: &Entity, rng: &mut Rng) {
    let api_ref = |rng: &mut Rng, id: usize| {
        let prefix = if rng.chance(20) { "api:" } else { "" };
        format!("{prefix}{}", org.entities[id].name)
    };
    let provides: Vec<String> = e.provides.iter().map(|&id| api_ref(rng, id)).collect();
    let consumes: Vec<String> = e.consumes.iter().map(|&id| api_ref(rng, id)).collect();
    let depends: Vec<String> = e
        .depends_on
        .iter()
        .map(|&id| dependency_ref(&org.entities[id], rng))
        .collect();
    for (key, items) in [
        ("providesApis", provides),
        ("consumesApis", consumes),
        ("dependsOn", depends),
    ] {
        if !items.is_empty() {
            list(out, key, &items);
        }
    }
}

/// `dependsOn` needs an explicit kind; a tenth also spell out the namespace.
fn dependency_ref(target: &Entity, rng: &mut Rng) -> String {
    let kind = if target.kind == Kind::Resource {
        "resource"
    } else {
        "component"
    };
    let namespace = if rng.chance(10) { "default/" } else { "" };
    format!("{kind}:{namespace}{}", target.name)
}

fn definition(out: &mut String, e: &Entity) {
    let title = super::plan::title_case(&e.name);
    emit!(out, "  definition: |");
    match e.spec_type {
        "grpc" => emit!(
            out,
            "    syntax = \"proto3\";\n    package acme.{area};\n    service {svc} {{\n      rpc Get (GetRequest) returns (GetReply);\n    }}",
            area = e.area,
            svc = title.replace(' ', "")
        ),
        "graphql" => emit!(
            out,
            "    type Query {{\n      {area}(id: ID!): String\n    }}",
            area = e.area
        ),
        "asyncapi" => emit!(
            out,
            "    asyncapi: 2.6.0\n    info:\n      title: {title}\n      version: 1.0.0\n    channels:\n      {area}.events:\n        subscribe:\n          message:\n            payload:\n              type: object",
            area = e.area
        ),
        _ => emit!(
            out,
            "    openapi: 3.0.3\n    info:\n      title: {title}\n      version: 1.0.0\n    paths:\n      /health:\n        get:\n          responses:\n            \"200\":\n              description: OK"
        ),
    }
}
