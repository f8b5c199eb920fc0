//! The ownership and dependency graph: every entity and every relation Backstage derives,
//! in both directions, on petgraph. References that point at nothing stay in the graph as
//! missing nodes, so they are visible rather than silently dropped. Pure: no printing.

pub mod checks;
pub mod ownership;
pub mod walk;

use std::sync::OnceLock;

use foldhash::{HashMap, HashMapExt};

use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};
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

/// An edge as a relation makes it; `kind` numbers the relation type.
struct Made {
    from: NodeIndex,
    to: NodeIndex,
    kind: u32,
}

/// Which of `made` to keep: the first of each equal edge, in order. Duplicates are found
/// within each source node's edges (a counting sort by source, then a sort of each node's
/// few), which stays in cache where one set of every edge did not: the set was a quarter of
/// a query at 18,000 entities, whose server states each relation from both ends.
fn first_of_each(made: &[Made], nodes: usize) -> Vec<bool> {
    // The edges of each source node: `bounds[n]..bounds[n + 1]` of `grouped`.
    let mut bounds = vec![0usize; nodes + 1];
    for m in made {
        bounds[m.from.index() + 1] += 1;
    }
    for i in 1..bounds.len() {
        bounds[i] += bounds[i - 1];
    }
    let mut fill = bounds.clone();
    let mut grouped = vec![0usize; made.len()];
    for (i, m) in made.iter().enumerate() {
        grouped[fill[m.from.index()]] = i;
        fill[m.from.index()] += 1;
    }
    let mut keep = vec![false; made.len()];
    for w in bounds.windows(2) {
        let group = &mut grouped[w[0]..w[1]];
        // Stable: of equal edges, the first made comes first.
        group.sort_by_key(|&i| (made[i].to, made[i].kind));
        let mut last = None;
        for &i in group.iter() {
            let k = (made[i].to, made[i].kind);
            if last != Some(k) {
                keep[i] = true;
                last = Some(k);
            }
        }
    }
    keep
}

/// A node: an entity of the catalog, or a reference to one that is not there.
#[derive(Debug, Clone, Copy)]
pub enum Node<'a> {
    /// An entity of the catalog.
    Entity(&'a Entity),
    /// A reference to an entity the catalog does not have.
    Missing,
}

/// The catalog as a graph. Each relation is stored as two edges, the relation and its
/// reverse (`ownedBy` and `ownerOf`), exactly as Backstage stores them.
pub struct Graph<'a> {
    graph: DiGraph<(EntityRef, Node<'a>), &'static str>,
    index: HashMap<EntityRef, NodeIndex>,
    /// Each entity's node, by the entity's address in the slice the graph was built from.
    by_address: HashMap<usize, NodeIndex>,
    /// Each node's place in the order of references, to sort relations by target cheaply.
    rank: Vec<u32>,
    /// Each node's reference as text (`kind:namespace/name`), written once when first
    /// asked for.
    text: Vec<OnceLock<String>>,
}

impl<'a> Graph<'a> {
    /// Builds the graph of `entities`, with a node for every reference they make.
    pub fn new(entities: &'a [Entity]) -> Self {
        let mut g = Graph {
            graph: DiGraph::with_capacity(entities.len(), entities.len() * 4),
            index: HashMap::with_capacity(entities.len()),
            by_address: HashMap::with_capacity(entities.len()),
            rank: Vec::new(),
            text: Vec::new(),
        };
        let mut nodes = Vec::with_capacity(entities.len());
        for e in entities {
            let r = e.entity_ref();
            // The first definition wins; duplicates are reported by `validate`.
            let n = match g.index.get(r) {
                Some(n) => *n,
                None => {
                    let n = g.graph.add_node((r.clone(), Node::Entity(e)));
                    g.index.insert(r.clone(), n);
                    n
                }
            };
            nodes.push(n);
            g.by_address.insert(std::ptr::from_ref(e) as usize, n);
        }
        // A relation stated twice (or from both ends) is one edge. Each relation type met
        // gets a number, found by address first: the types are the same few static
        // strings, and comparing them as text was a tenth of a query at 18,000 entities.
        let mut types: Vec<(&'static str, u32)> = Vec::new();
        let mut number = |kind: &'static str| {
            let found = types
                .iter()
                .find(|(k, _)| std::ptr::eq(*k, kind))
                .or_else(|| types.iter().find(|(k, _)| *k == kind));
            if let Some(&(_, n)) = found {
                return n;
            }
            let n = u32::try_from(types.len()).unwrap_or(u32::MAX);
            types.push((kind, n));
            n
        };
        // Every edge the relations make, then each kept once, in the order first made.
        let stated: usize = entities.iter().map(|e| e.relations.len()).sum();
        let mut made = Vec::with_capacity(stated * 2);
        for (e, &me) in entities.iter().zip(&nodes) {
            for rel in &e.relations {
                let to = g.node_or_missing(&rel.target);
                made.push(Made {
                    from: me,
                    to,
                    kind: number(rel.kind),
                });
                if let Some(rev) = reverse_of(rel.kind) {
                    made.push(Made {
                        from: to,
                        to: me,
                        kind: number(rev),
                    });
                }
            }
        }
        let keep = first_of_each(&made, g.graph.node_count());
        g.graph.reserve_edges(keep.iter().filter(|k| **k).count());
        for (m, _) in made.iter().zip(&keep).filter(|(_, k)| **k) {
            g.graph.add_edge(m.from, m.to, types[m.kind as usize].0);
        }
        let mut order: Vec<NodeIndex> = g.graph.node_indices().collect();
        // Unstable is the same order: no two nodes have one reference.
        order.sort_unstable_by(|a, b| g.entity_ref(*a).cmp(g.entity_ref(*b)));
        g.rank = vec![0; order.len()];
        for (rank, n) in order.into_iter().enumerate() {
            g.rank[n.index()] = u32::try_from(rank).unwrap_or(u32::MAX);
        }
        g.text = (0..g.graph.node_count()).map(|_| OnceLock::new()).collect();
        g
    }

    /// `n`'s reference as text, `kind:namespace/name`.
    pub fn ref_text(&self, n: NodeIndex) -> &str {
        self.text[n.index()].get_or_init(|| self.entity_ref(n).to_string())
    }

    /// The node of `e`, an entity of the catalog the graph was built from (the first
    /// definition's node, for a duplicate).
    pub fn node_of(&self, e: &Entity) -> Option<NodeIndex> {
        self.by_address
            .get(&(std::ptr::from_ref(e) as usize))
            .copied()
            .or_else(|| self.find(e.entity_ref()))
    }

    fn node_or_missing(&mut self, r: &EntityRef) -> NodeIndex {
        if let Some(n) = self.index.get(r) {
            return *n;
        }
        let n = self.graph.add_node((r.clone(), Node::Missing));
        self.index.insert(r.clone(), n);
        n
    }

    /// The node of a reference, if the graph has one.
    pub fn find(&self, r: &EntityRef) -> Option<NodeIndex> {
        self.index.get(r).copied()
    }

    /// The entity of a node, `None` for a missing one.
    pub fn entity(&self, n: NodeIndex) -> Option<&'a Entity> {
        match self.graph[n].1 {
            Node::Entity(e) => Some(e),
            Node::Missing => None,
        }
    }

    /// The reference of a node.
    pub fn entity_ref(&self, n: NodeIndex) -> &EntityRef {
        &self.graph[n].0
    }

    /// Whether the node is a reference to an entity the catalog does not have.
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
        out.sort_unstable_by_key(|(kind, target)| (*kind, self.rank[target.index()]));
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
    fn a_relation_stated_twice_or_from_both_ends_is_one_edge_each_way() {
        let mut es = entities(
            "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: a}\nspec: {type: service, lifecycle: production, owner: team, dependsOn: ['component:b', 'component:b']}\n---\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: b}\nspec: {type: service, lifecycle: production, owner: team}\n",
        );
        // As a Backstage serves them: b also states the reverse, in other case, as text
        // that is not the static one.
        let reverse = crate::catalog::Relation {
            kind: "dependencyOf",
            target: EntityRef::new("Component", "default", "A"),
            pos: Default::default(),
        };
        es[1].relations.push(reverse.clone());
        es[1].relations.push(reverse);
        let g = Graph::new(&es);
        let a = g
            .find(&EntityRef::new("component", "default", "a"))
            .unwrap();
        let b = g
            .find(&EntityRef::new("component", "default", "b"))
            .unwrap();
        let kinds = |n| {
            g.relations(n)
                .into_iter()
                .map(|(k, t)| (k, g.ref_text(t).to_string()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            kinds(a),
            [
                ("dependsOn", "component:default/b".to_string()),
                ("ownedBy", "group:default/team".to_string())
            ]
        );
        assert_eq!(
            kinds(b),
            [
                ("dependencyOf", "component:default/a".to_string()),
                ("ownedBy", "group:default/team".to_string())
            ]
        );
        let team = g.find(&EntityRef::new("group", "default", "team")).unwrap();
        assert_eq!(g.related(team, "ownerOf"), [a, b]);
        assert_eq!(g.inner().edge_count(), 6);
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
