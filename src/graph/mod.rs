//! The ownership and dependency graph: every entity and every relation Backstage derives,
//! in both directions, on petgraph. References that point at nothing stay in the graph as
//! missing nodes, so they are visible rather than silently dropped. Pure: no printing.

pub mod checks;
pub mod ownership;
pub mod walk;

use std::collections::HashMap;

use petgraph::Direction;
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;

use crate::catalog::kinds::reverse_of;
use crate::catalog::{Entity, EntityRef};

/// Every relation type Backstage derives.
pub const RELATION_TYPES: &[&str] = &[
    "ownedBy",
    "ownerOf",
    "partOf",
    "hasPart",
    "providesApi",
    "apiProvidedBy",
    "consumesApi",
    "apiConsumedBy",
    "dependsOn",
    "dependencyOf",
    "memberOf",
    "hasMember",
    "childOf",
    "parentOf",
];

/// The relation type named `s`, case-insensitively (`dependson` → `dependsOn`).
pub fn relation_name(s: &str) -> Option<&'static str> {
    RELATION_TYPES
        .iter()
        .copied()
        .find(|r| r.eq_ignore_ascii_case(s))
}

/// A node: an entity of the catalog, or a reference to one that is not there.
#[derive(Debug, Clone, Copy)]
pub enum Node<'a> {
    Entity(&'a Entity),
    Missing,
}

/// The catalog as a graph. Each relation is stored as two edges, the relation and its
/// reverse (`ownedBy` and `ownerOf`), exactly as Backstage stores them.
pub struct Graph<'a> {
    graph: DiGraph<(EntityRef, Node<'a>), &'static str>,
    index: HashMap<EntityRef, NodeIndex>,
}

impl<'a> Graph<'a> {
    pub fn new(entities: &'a [Entity]) -> Self {
        let mut g = Graph {
            graph: DiGraph::with_capacity(entities.len(), entities.len() * 4),
            index: HashMap::with_capacity(entities.len()),
        };
        for e in entities {
            let r = e.entity_ref();
            // The first definition wins; duplicates are reported by `validate`.
            if !g.index.contains_key(&r) {
                let n = g.graph.add_node((r.clone(), Node::Entity(e)));
                g.index.insert(r, n);
            }
        }
        for e in entities {
            let me = g.index[&e.entity_ref()];
            for rel in &e.relations {
                let target = g.node_or_missing(&rel.target);
                g.add_unique(me, target, rel.kind);
                if let Some(rev) = reverse_of(rel.kind) {
                    g.add_unique(target, me, rev);
                }
            }
        }
        g
    }

    fn node_or_missing(&mut self, r: &EntityRef) -> NodeIndex {
        if let Some(n) = self.index.get(r) {
            return *n;
        }
        let n = self.graph.add_node((r.clone(), Node::Missing));
        self.index.insert(r.clone(), n);
        n
    }

    fn add_unique(&mut self, a: NodeIndex, b: NodeIndex, kind: &'static str) -> EdgeIndex {
        if let Some(e) = self
            .graph
            .edges_connecting(a, b)
            .find(|e| *e.weight() == kind)
        {
            return e.id();
        }
        self.graph.add_edge(a, b, kind)
    }

    pub fn find(&self, r: &EntityRef) -> Option<NodeIndex> {
        self.index.get(r).copied()
    }

    pub fn entity(&self, n: NodeIndex) -> Option<&'a Entity> {
        match self.graph[n].1 {
            Node::Entity(e) => Some(e),
            Node::Missing => None,
        }
    }

    pub fn entity_ref(&self, n: NodeIndex) -> &EntityRef {
        &self.graph[n].0
    }

    pub fn is_missing(&self, n: NodeIndex) -> bool {
        matches!(self.graph[n].1, Node::Missing)
    }

    /// Every node, entities first in catalog order, then missing references.
    pub fn nodes(&self) -> impl Iterator<Item = NodeIndex> + '_ {
        self.graph.node_indices()
    }

    /// Outgoing relations of `n`: `(type, target)`, sorted by type then target reference.
    pub fn relations(&self, n: NodeIndex) -> Vec<(&'static str, NodeIndex)> {
        let mut out: Vec<_> = self
            .graph
            .edges_directed(n, Direction::Outgoing)
            .map(|e| (*e.weight(), e.target()))
            .collect();
        out.sort_by(|a, b| {
            a.0.cmp(b.0)
                .then_with(|| self.entity_ref(a.1).cmp(self.entity_ref(b.1)))
        });
        out
    }

    /// Targets of `n`'s relations of one type.
    pub fn related(&self, n: NodeIndex, kind: &str) -> Vec<NodeIndex> {
        self.relations(n)
            .into_iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, t)| t)
            .collect()
    }

    /// Every relation `(type, targetRef)` whose source is `r`, for the catalog API shape.
    pub fn relations_of(&self, r: &EntityRef) -> Vec<(&'static str, EntityRef)> {
        self.find(r)
            .map(|n| {
                self.relations(n)
                    .into_iter()
                    .map(|(k, t)| (k, self.entity_ref(t).clone()))
                    .collect()
            })
            .unwrap_or_default()
    }

    pub(crate) fn inner(&self) -> &DiGraph<(EntityRef, Node<'a>), &'static str> {
        &self.graph
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{LoadOptions, load_text};
    use std::path::Path;

    pub(crate) fn entities(yaml: &str) -> Vec<Entity> {
        let report = load_text(
            yaml,
            Path::new("catalog-info.yaml"),
            Path::new("."),
            &LoadOptions::default(),
        );
        assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
        report.entities
    }

    #[test]
    fn relations_are_stored_both_ways_and_missing_targets_stay_visible() {
        let es = entities(
            "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: a}\nspec: {type: service, lifecycle: production, owner: team, dependsOn: ['resource:db']}\n---\napiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: team}\nspec: {type: team, children: []}\n",
        );
        let g = Graph::new(&es);
        let team = g
            .find(&EntityRef::new("group", "default", "team"))
            .expect("the team");
        let rels = g.relations(team);
        assert_eq!(rels.len(), 1);
        assert_eq!(rels[0].0, "ownerOf");
        let db = g
            .find(&EntityRef::new("resource", "default", "db"))
            .expect("a missing node");
        assert!(g.is_missing(db));
        assert_eq!(g.related(db, "dependencyOf").len(), 1);
    }
}
