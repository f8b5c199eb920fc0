//! Who owns what: an entity's owner with its members and parent groups, what an owner
//! owns, and the ownership report across the catalog.

use std::collections::BTreeMap;

use petgraph::graph::NodeIndex;
use serde::Serialize;

use super::Graph;
use crate::catalog::{Entity, EntityRef};

/// A person or team as `who-owns` shows them.
#[derive(Debug, Clone, Serialize)]
pub struct Party {
    #[serde(rename = "ref")]
    /// Its reference.
    pub entity_ref: EntityRef,
    /// Its kind, when it is in the catalog.
    pub kind: Option<String>,
    #[serde(rename = "displayName")]
    /// `spec.profile.displayName`, else `metadata.title`.
    pub display_name: Option<String>,
    /// `spec.profile.email`.
    pub email: Option<String>,
    /// False when the reference points at no entity of the catalog.
    pub exists: bool,
}

impl Party {
    /// The party of a node.
    pub fn of(g: &Graph<'_>, n: NodeIndex) -> Party {
        let e = g.entity(n);
        let profile = |field: &str| {
            e.and_then(|e| {
                e.spec()?
                    .get("profile")?
                    .get(field)?
                    .as_str()
                    .map(str::to_string)
            })
        };
        Party {
            entity_ref: g.entity_ref(n).clone(),
            kind: e.map(|e| e.kind.clone()),
            display_name: profile("displayName")
                .or_else(|| e.and_then(|e| e.metadata_str("title").map(str::to_string))),
            email: profile("email"),
            exists: e.is_some(),
        }
    }
}

/// An owner and everything about it that answers "who do I talk to?".
#[derive(Debug, Clone, Serialize)]
pub struct OwnerInfo {
    /// The owner itself.
    pub owner: Party,
    /// Members of a Group owner (a User owner has none).
    pub members: Vec<Party>,
    /// Parent groups, nearest first.
    #[serde(rename = "parentChain")]
    pub parent_chain: Vec<Party>,
    /// What this owner owns, counted by kind.
    #[serde(rename = "ownsByKind")]
    pub owns_by_kind: BTreeMap<String, usize>,
    /// What this owner owns.
    pub owns: Vec<EntityRef>,
}

/// Everything about the owner node `owner`.
pub fn owner_info(g: &Graph<'_>, owner: NodeIndex) -> OwnerInfo {
    let members = g
        .related(owner, "hasMember")
        .into_iter()
        .map(|m| Party::of(g, m))
        .collect();
    let mut parent_chain = Vec::new();
    let mut cur = owner;
    let mut seen = vec![owner];
    while let Some(parent) = g.related(cur, "childOf").into_iter().next() {
        if seen.contains(&parent) {
            break;
        }
        seen.push(parent);
        parent_chain.push(Party::of(g, parent));
        cur = parent;
    }
    let owned = g.related(owner, "ownerOf");
    let mut owns_by_kind = BTreeMap::new();
    for n in &owned {
        let kind = g
            .entity(*n)
            .map_or_else(|| g.entity_ref(*n).kind.to_string(), |e| e.kind.clone());
        *owns_by_kind.entry(kind).or_insert(0) += 1;
    }
    OwnerInfo {
        owner: Party::of(g, owner),
        members,
        parent_chain,
        owns_by_kind,
        owns: owned.iter().map(|n| g.entity_ref(*n).clone()).collect(),
    }
}

/// The owners of `n` (normally one).
pub fn owners_of(g: &Graph<'_>, n: NodeIndex) -> Vec<NodeIndex> {
    g.related(n, "ownedBy")
}

/// The ownership report: per owner what it owns, what has no (existing) owner, and the
/// groups that own nothing.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Each owner with what it owns.
    pub owners: Vec<OwnerLine>,
    /// Entities of kinds that need an owner but have none.
    pub unowned: Vec<EntityRef>,
    /// Entities whose owner is not in the catalog.
    #[serde(rename = "missingOwner")]
    pub missing_owner: Vec<(EntityRef, EntityRef)>,
    /// Groups that own nothing.
    #[serde(rename = "idleGroups")]
    pub idle_groups: Vec<EntityRef>,
}

#[derive(Debug, Clone, Serialize)]
/// One owner and what it owns.
pub struct OwnerLine {
    /// The owner.
    pub owner: Party,
    /// What it owns, sorted.
    pub owns: Vec<EntityRef>,
}

/// Kinds whose entities are expected to have an owner.
const OWNED_KINDS: &[&str] = &[
    "Component",
    "API",
    "Resource",
    "System",
    "Domain",
    "Template",
];

/// The ownership report of the whole catalog.
pub fn report(g: &Graph<'_>) -> Report {
    let mut owners = Vec::new();
    let mut unowned = Vec::new();
    let mut missing_owner = Vec::new();
    let mut idle_groups = Vec::new();
    for n in g.nodes() {
        let owns = g.related(n, "ownerOf");
        if !owns.is_empty() {
            owners.push(OwnerLine {
                owner: Party::of(g, n),
                owns: owns.iter().map(|o| g.entity_ref(*o).clone()).collect(),
            });
        }
        let Some(e) = g.entity(n) else { continue };
        if e.kind == "Group" && owns.is_empty() {
            idle_groups.push(e.entity_ref().clone());
        }
        if needs_owner(e) {
            let owner_nodes = owners_of(g, n);
            if owner_nodes.is_empty() {
                unowned.push(e.entity_ref().clone());
            }
            for o in owner_nodes.into_iter().filter(|o| g.is_missing(*o)) {
                missing_owner.push((e.entity_ref().clone(), g.entity_ref(o).clone()));
            }
        }
    }
    owners.sort_by(|a, b| a.owner.entity_ref.cmp(&b.owner.entity_ref));
    unowned.sort();
    missing_owner.sort();
    idle_groups.sort();
    Report {
        owners,
        unowned,
        missing_owner,
        idle_groups,
    }
}

fn needs_owner(e: &Entity) -> bool {
    OWNED_KINDS.contains(&e.kind.as_str())
}
