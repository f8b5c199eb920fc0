//! Decides what the synthetic organisation contains before anything is written, so that
//! every reference can point at an entity that exists and `dependsOn` stays acyclic.

use std::collections::HashSet;

use super::rng::Rng;
use super::words;

/// How many teams and users the `org/` repository declares (plus one root and the departments).
const TEAMS: usize = 52;
const USERS: usize = 400;
/// Percent of components that depend on each "hub" component, most depended-on first.
const HUB_PERCENT: &[usize] = &[35, 22, 15, 10, 6];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Component,
    Api,
    Resource,
    System,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Lang {
    Rust,
    Python,
    Node,
}

pub struct Entity {
    pub kind: Kind,
    pub name: String,
    pub area: &'static str,
    /// Index into `Org::groups` of the owning team.
    pub team: usize,
    pub spec_type: &'static str,
    pub lifecycle: &'static str,
    /// Indices into `Org::entities`.
    pub system: Option<usize>,
    pub depends_on: Vec<usize>,
    pub provides: Vec<usize>,
    pub consumes: Vec<usize>,
}

pub struct Group {
    pub name: String,
    pub display: String,
    pub group_type: &'static str,
    pub area: &'static str,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
}

pub struct User {
    pub name: String,
    pub display: String,
    pub member_of: Vec<usize>,
}

pub struct Repo {
    pub name: String,
    pub lang: Lang,
    pub entities: Vec<usize>,
}

pub struct Org {
    pub groups: Vec<Group>,
    pub users: Vec<User>,
    pub entities: Vec<Entity>,
    pub repos: Vec<Repo>,
}

/// Hands out unique names: a taken base name gets a qualifier (`-v2`, `-legacy`, …), then a
/// number, appended.
#[derive(Default)]
struct Names(HashSet<String>);

impl Names {
    fn claim(&mut self, base: String) -> String {
        let qualified = words::QUALIFIERS.iter().map(|q| format!("{base}-{q}"));
        let numbered = (2..).map(|n| format!("{base}-{n}"));
        std::iter::once(base.clone())
            .chain(qualified)
            .chain(numbered)
            .find(|candidate| self.0.insert(candidate.clone()))
            .expect("some suffix is free")
    }

    /// For people: `alice.smith`, then `alice.smith2`, `alice.smith3`, …
    fn claim_numbered(&mut self, base: String) -> String {
        std::iter::once(base.clone())
            .chain((2..).map(|n| format!("{base}{n}")))
            .find(|candidate| self.0.insert(candidate.clone()))
            .expect("some number is free")
    }
}

pub fn plan(repos: usize, seed: u64) -> Org {
    let mut rng = Rng::new(seed);
    let mut names = Names::default();
    let groups = plan_groups(&mut names);
    let users = plan_users(&groups, &mut rng, &mut names);
    let mut org = Org {
        groups,
        users,
        entities: Vec::new(),
        repos: Vec::new(),
    };
    let teams: Vec<usize> = team_indices(&org.groups);
    for index in 0..repos {
        let repo = plan_repo(&mut org, index, &teams, &mut rng, &mut names);
        org.repos.push(repo);
    }
    link_systems(&mut org.entities, &mut rng);
    link_dependencies(&mut org.entities, &mut rng);
    link_apis(&mut org, &mut rng);
    org
}

fn team_indices(groups: &[Group]) -> Vec<usize> {
    (0..groups.len())
        .filter(|&g| groups[g].group_type == "team")
        .collect()
}

/// One organisation root, the departments under it, and the teams under those.
fn plan_groups(names: &mut Names) -> Vec<Group> {
    let mut groups = vec![group(
        names,
        "acme-engineering",
        "ACME Engineering",
        "organization",
        None,
    )];
    for (name, display) in words::DEPARTMENTS {
        groups.push(group(names, name, display, "department", Some(0)));
    }
    for t in 0..TEAMS {
        let area = words::AREAS[t % words::AREAS.len()];
        let name = match t / words::AREAS.len() {
            0 => format!("team-{area}"),
            n => format!(
                "team-{area}-{}",
                words::TEAM_SUFFIXES[(n - 1) % words::TEAM_SUFFIXES.len()]
            ),
        };
        let parent = 1 + t % words::DEPARTMENTS.len();
        let mut team = group(names, &name, &title_case(&name[5..]), "team", Some(parent));
        team.area = area;
        groups.push(team);
    }
    for child in 1..groups.len() {
        let parent = groups[child]
            .parent
            .expect("every group but the root has a parent");
        groups[parent].children.push(child);
    }
    groups
}

fn group(
    names: &mut Names,
    name: &str,
    display: &str,
    kind: &'static str,
    parent: Option<usize>,
) -> Group {
    Group {
        name: names.claim(name.to_string()),
        display: display.to_string(),
        group_type: kind,
        area: "platform",
        parent,
        children: Vec::new(),
    }
}

fn plan_users(groups: &[Group], rng: &mut Rng, names: &mut Names) -> Vec<User> {
    let teams = team_indices(groups);
    (0..USERS)
        .map(|_| {
            let (first, last) = (*rng.pick(words::FIRST_NAMES), *rng.pick(words::LAST_NAMES));
            let mut member_of = vec![*rng.pick(&teams)];
            if rng.chance(15) {
                let second = *rng.pick(&teams);
                if second != member_of[0] {
                    member_of.push(second);
                }
            }
            if rng.chance(5) {
                member_of.push(
                    groups[member_of[0]]
                        .parent
                        .expect("teams have a department"),
                );
            }
            let display = format!("{} {}", title_case(first), title_case(last));
            User {
                name: names.claim_numbered(format!("{first}.{last}")),
                display,
                member_of,
            }
        })
        .collect()
}

/// `payments-ledger` → `Payments Ledger`.
pub fn title_case(name: &str) -> String {
    name.split(['-', '.', '_'])
        .filter(|word| !word.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            let first = chars
                .next()
                .expect("words are non-empty")
                .to_ascii_uppercase();
            std::iter::once(first).chain(chars).collect::<String>()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn plan_repo(
    org: &mut Org,
    index: usize,
    teams: &[usize],
    rng: &mut Rng,
    names: &mut Names,
) -> Repo {
    let team = *rng.pick(teams);
    let area = org.groups[team].area;
    let lang = [Lang::Rust, Lang::Python, Lang::Node][rng.weighted(&[45, 35, 20])];
    let documents = 1 + rng.weighted(&[30, 40, 30]);
    let primary = if rng.chance(8) {
        Kind::Resource
    } else {
        Kind::Component
    };
    let mut ids = Vec::with_capacity(documents);
    for doc in 0..documents {
        let kind = if doc == 0 {
            primary
        } else {
            extra_kind(primary, rng)
        };
        let primary_name = ids
            .first()
            .map(|&id: &usize| org.entities[id].name.as_str());
        let (base, spec_type) = name_and_type(kind, area, primary_name, lang, rng);
        let entity = new_entity(kind, names.claim(base), spec_type, area, team, rng);
        ids.push(org.entities.len());
        org.entities.push(entity);
    }
    Repo {
        name: format!("repo-{index:04}"),
        lang,
        entities: ids,
    }
}

/// The kind of a repository's second or third document.
fn extra_kind(primary: Kind, rng: &mut Rng) -> Kind {
    if primary == Kind::Resource {
        return Kind::Resource;
    }
    [Kind::Api, Kind::Resource, Kind::Component, Kind::System][rng.weighted(&[45, 25, 25, 5])]
}

/// A base name (made unique by the caller) and the `spec.type` that goes with it.
fn name_and_type(
    kind: Kind,
    area: &str,
    primary: Option<&str>,
    lang: Lang,
    rng: &mut Rng,
) -> (String, &'static str) {
    match (kind, primary) {
        (Kind::Api, Some(primary)) => (format!("{primary}-api"), api_type(rng)),
        (Kind::Api, None) => (format!("{area}-api"), api_type(rng)),
        (Kind::Component, _) => (
            format!("{area}-{}", rng.pick(words::COMPONENT_NOUNS)),
            component_type(lang, rng),
        ),
        (Kind::Resource, _) => {
            let (suffix, resource_type) = *rng.pick(words::RESOURCES);
            (format!("{area}-{suffix}"), resource_type)
        }
        (Kind::System, _) => (
            format!("{area}-{}", rng.pick(words::SYSTEM_SUFFIXES)),
            "product",
        ),
    }
}

fn new_entity(
    kind: Kind,
    name: String,
    spec_type: &'static str,
    area: &'static str,
    team: usize,
    rng: &mut Rng,
) -> Entity {
    let lifecycle =
        ["production", "experimental", "deprecated", "development"][rng.weighted(&[65, 20, 8, 7])];
    Entity {
        kind,
        name,
        area,
        team,
        spec_type,
        lifecycle,
        system: None,
        depends_on: Vec::new(),
        provides: Vec::new(),
        consumes: Vec::new(),
    }
}

fn api_type(rng: &mut Rng) -> &'static str {
    ["openapi", "grpc", "graphql", "asyncapi"][rng.weighted(&[60, 20, 10, 10])]
}

fn component_type(lang: Lang, rng: &mut Rng) -> &'static str {
    let weights: &[usize] = if lang == Lang::Node {
        &[30, 50, 15, 5]
    } else {
        &[65, 5, 22, 8]
    };
    ["service", "website", "library", "tool"][rng.weighted(weights)]
}

/// Puts most entities in a system, preferring one of their own area.
fn link_systems(entities: &mut [Entity], rng: &mut Rng) {
    let systems: Vec<usize> = (0..entities.len())
        .filter(|&e| entities[e].kind == Kind::System)
        .collect();
    if systems.is_empty() {
        return;
    }
    for e in 0..entities.len() {
        if entities[e].kind == Kind::System || rng.chance(15) {
            continue;
        }
        let same_area: Vec<usize> = systems
            .iter()
            .copied()
            .filter(|&s| entities[s].area == entities[e].area)
            .collect();
        let pool = if !same_area.is_empty() && rng.chance(70) {
            &same_area
        } else {
            &systems
        };
        entities[e].system = Some(*rng.pick(pool));
    }
}

/// Draws `dependsOn` edges only from later to earlier entities in a random order, so the graph
/// is a DAG. The first few components of that order are "hubs" that many others depend on.
fn link_dependencies(entities: &mut [Entity], rng: &mut Rng) {
    let order = dependency_order(entities, rng);
    for position in 1..order.len() {
        let deps = match entities[order[position]].kind {
            Kind::Component => component_deps(position, &order, rng),
            _ => resource_deps(position, &order, entities, rng),
        };
        entities[order[position]].depends_on = deps;
    }
}

/// Components and resources shuffled, with the hub components moved to the front.
fn dependency_order(entities: &[Entity], rng: &mut Rng) -> Vec<usize> {
    let mut order: Vec<usize> = (0..entities.len())
        .filter(|&e| matches!(entities[e].kind, Kind::Component | Kind::Resource))
        .collect();
    rng.shuffle(&mut order);
    let hubs: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&e| entities[e].kind == Kind::Component)
        .take(HUB_PERCENT.len())
        .collect();
    order.retain(|e| !hubs.contains(e));
    hubs.into_iter().chain(order).collect()
}

fn component_deps(position: usize, order: &[usize], rng: &mut Rng) -> Vec<usize> {
    let mut deps = Vec::new();
    for (hub, &percent) in HUB_PERCENT.iter().enumerate() {
        if hub < position && rng.chance(percent) {
            deps.push(order[hub]);
        }
    }
    for _ in 0..rng.weighted(&[25, 30, 25, 12, 8]) {
        let target = order[rng.below(position)];
        if !deps.contains(&target) {
            deps.push(target);
        }
    }
    deps
}

fn resource_deps(
    position: usize,
    order: &[usize],
    entities: &[Entity],
    rng: &mut Rng,
) -> Vec<usize> {
    if !rng.chance(25) {
        return Vec::new();
    }
    (0..4)
        .map(|_| order[rng.below(position)])
        .find(|&target| entities[target].kind == Kind::Resource)
        .into_iter()
        .collect()
}

/// Each API is provided by its repository's main component; components consume a few others.
fn link_apis(org: &mut Org, rng: &mut Rng) {
    for repo in &org.repos {
        let provider = repo.entities[0];
        let apis: Vec<usize> = repo
            .entities
            .iter()
            .copied()
            .filter(|&e| org.entities[e].kind == Kind::Api)
            .collect();
        org.entities[provider].provides.extend(apis);
    }
    let apis: Vec<usize> = (0..org.entities.len())
        .filter(|&e| org.entities[e].kind == Kind::Api)
        .collect();
    if apis.is_empty() {
        return;
    }
    for entity in org
        .entities
        .iter_mut()
        .filter(|e| e.kind == Kind::Component)
    {
        for _ in 0..rng.weighted(&[40, 30, 20, 10]) {
            let api = *rng.pick(&apis);
            if !entity.provides.contains(&api) && !entity.consumes.contains(&api) {
                entity.consumes.push(api);
            }
        }
    }
}
