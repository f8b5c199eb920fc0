//! Walking the graph: an entity's neighbourhood as a tree (repeated nodes and cycles
//! marked, never looped), as a subgraph, and every dependency cycle.

use std::collections::{HashMap, HashSet, VecDeque};

use petgraph::algo::tarjan_scc;
use petgraph::graph::NodeIndex;

use super::Graph;
use crate::catalog::kinds::reverse_of;

/// Relations `portal graph` follows by default, as Backstage's catalog graph does.
pub const DEFAULT_RELATIONS: &[&str] = &["dependsOn", "consumesApi", "providesApi", "partOf"];

/// The relation types to follow: `relations`, or their reverses for `--reverse`.
pub fn follow(relations: &[String], reverse: bool) -> Vec<&'static str> {
    relations
        .iter()
        .filter_map(|r| super::relation_name(r))
        .map(|r| {
            if reverse {
                reverse_of(r).unwrap_or(r)
            } else {
                r
            }
        })
        .collect()
}

/// How a tree node relates to what was printed before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Expanded here.
    None,
    /// Already expanded elsewhere in the tree.
    Repeated,
    /// An ancestor of itself: following it would loop.
    Cycle,
    /// Has more relations beyond the depth limit.
    Truncated,
}

#[derive(Debug, Clone)]
/// One entity in a tree of relations.
pub struct TreeNode {
    /// Its node.
    pub node: NodeIndex,
    /// The relation from the parent.
    pub via: Option<&'static str>,
    /// How it relates to what was shown before it.
    pub mark: Mark,
    /// What it leads to.
    pub children: Vec<TreeNode>,
}

/// The tree of `root`'s neighbourhood up to `depth` relations away.
pub fn tree(g: &Graph<'_>, root: NodeIndex, relations: &[&str], depth: usize) -> TreeNode {
    let mut expanded = HashSet::new();
    let mut path = vec![root];
    expand(g, root, None, relations, depth, &mut expanded, &mut path)
}

fn expand(
    g: &Graph<'_>,
    n: NodeIndex,
    via: Option<&'static str>,
    relations: &[&str],
    depth: usize,
    expanded: &mut HashSet<NodeIndex>,
    path: &mut Vec<NodeIndex>,
) -> TreeNode {
    let edges: Vec<_> = g
        .relations(n)
        .into_iter()
        .filter(|(k, _)| relations.contains(k))
        .collect();
    let mut node = TreeNode {
        node: n,
        via,
        mark: Mark::None,
        children: Vec::new(),
    };
    if edges.is_empty() {
        return node;
    }
    if expanded.contains(&n) {
        node.mark = Mark::Repeated;
        return node;
    }
    if depth == 0 {
        node.mark = Mark::Truncated;
        return node;
    }
    expanded.insert(n);
    for (kind, target) in edges {
        if path.contains(&target) {
            node.children.push(TreeNode {
                node: target,
                via: Some(kind),
                mark: Mark::Cycle,
                children: Vec::new(),
            });
            continue;
        }
        path.push(target);
        node.children.push(expand(
            g,
            target,
            Some(kind),
            relations,
            depth - 1,
            expanded,
            path,
        ));
        path.pop();
    }
    node
}

/// Nodes and edges within `depth` of `roots` along `relations` (all nodes when `roots` is
/// `None`), for DOT, Mermaid and JSON.
pub struct Subgraph {
    /// The nodes, in order.
    pub nodes: Vec<NodeIndex>,
    /// The edges: from, relation, to.
    pub edges: Vec<(NodeIndex, &'static str, NodeIndex)>,
}

/// The nodes within `depth` of `root` (every node when `None`) along `relations`, and the edges among them.
pub fn subgraph(
    g: &Graph<'_>,
    root: Option<NodeIndex>,
    relations: &[&str],
    depth: usize,
) -> Subgraph {
    let inner = g.inner();
    let mut keep: Vec<NodeIndex> = Vec::new();
    let mut seen = HashSet::new();
    match root {
        None => {
            // The whole graph: every node that takes part in a followed relation, and
            // every entity.
            for n in g.nodes() {
                let involved = !g.is_missing(n)
                    || inner.edges(n).any(|e| relations.contains(e.weight()))
                    || inner
                        .edges_directed(n, petgraph::Direction::Incoming)
                        .any(|e| relations.contains(e.weight()));
                if involved && seen.insert(n) {
                    keep.push(n);
                }
            }
        }
        Some(root) => {
            let mut queue = VecDeque::from([(root, 0)]);
            seen.insert(root);
            keep.push(root);
            while let Some((n, d)) = queue.pop_front() {
                if d == depth {
                    continue;
                }
                for (kind, t) in g.relations(n) {
                    if relations.contains(&kind) && seen.insert(t) {
                        keep.push(t);
                        queue.push_back((t, d + 1));
                    }
                }
            }
        }
    }
    let mut edges = Vec::new();
    for &n in &keep {
        for (kind, t) in g.relations(n) {
            if relations.contains(&kind) && seen.contains(&t) {
                edges.push((n, kind, t));
            }
        }
    }
    Subgraph { nodes: keep, edges }
}

/// One dependency cycle: the strongly connected component and one path around it.
#[derive(Debug, Clone)]
pub struct Cycle {
    /// Every node of the component, sorted by reference.
    pub members: Vec<NodeIndex>,
    /// A closed path: the first node is repeated at the end.
    pub path: Vec<NodeIndex>,
}

/// Every `dependsOn` cycle, as strongly connected components (Tarjan) with a path each.
pub fn cycles(g: &Graph<'_>) -> Vec<Cycle> {
    let inner = g.inner();
    let deps = inner.filter_map(
        |_, n| Some(n.0.clone()),
        |_, e| (*e == "dependsOn").then_some(()),
    );
    let mut out = Vec::new();
    for mut scc in tarjan_scc(&deps) {
        let self_loop = scc.len() == 1 && deps.contains_edge(scc[0], scc[0]);
        if scc.len() < 2 && !self_loop {
            continue;
        }
        scc.sort_by(|a, b| deps[*a].cmp(&deps[*b]));
        let members: HashSet<_> = scc.iter().copied().collect();
        let path = cycle_path(&deps, scc[0], &members);
        out.push(Cycle { members: scc, path });
    }
    out.sort_by(|a, b| g.entity_ref(a.members[0]).cmp(g.entity_ref(b.members[0])));
    out
}

/// The shortest path from `start` back to itself inside `members` (breadth-first).
fn cycle_path<N>(
    g: &petgraph::Graph<N, ()>,
    start: NodeIndex,
    members: &HashSet<NodeIndex>,
) -> Vec<NodeIndex> {
    let mut parent: HashMap<NodeIndex, NodeIndex> = HashMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(n) = queue.pop_front() {
        let mut next: Vec<_> = g.neighbors(n).filter(|t| members.contains(t)).collect();
        next.sort();
        for t in next {
            if t == start {
                // Walk back from `n` to `start`, then read it forwards and close the loop.
                let mut path = vec![n];
                while let Some(p) = parent.get(path.last().unwrap_or(&start)) {
                    path.push(*p);
                }
                if path.last() != Some(&start) {
                    path.push(start);
                }
                path.reverse();
                path.push(start);
                return path;
            }
            if t != start && !parent.contains_key(&t) {
                parent.insert(t, n);
                queue.push_back(t);
            }
        }
    }
    vec![start, start]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::EntityRef;
    use crate::graph::tests::entities;

    fn component(name: &str, deps: &[&str]) -> String {
        let deps: Vec<String> = deps.iter().map(|d| format!("'component:{d}'")).collect();
        format!(
            "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {{name: {name}}}\nspec: {{type: service, lifecycle: production, owner: team, dependsOn: [{}]}}\n---\n",
            deps.join(", ")
        )
    }

    fn r(name: &str) -> EntityRef {
        EntityRef::new("component", "default", name)
    }

    #[test]
    fn cycles_are_found_with_a_path_in_order() {
        let yaml = [
            component("a", &["b"]),
            component("b", &["c"]),
            component("c", &["a"]),
            component("d", &["d"]),
            component("e", &["a"]),
        ]
        .concat();
        let es = entities(&yaml);
        let g = Graph::new(&es);
        let cycles = cycles(&g);
        assert_eq!(cycles.len(), 2);
        let names = |c: &Cycle| {
            c.path
                .iter()
                .map(|n| g.entity_ref(*n).name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&cycles[0]), ["a", "b", "c", "a"]);
        assert_eq!(names(&cycles[1]), ["d", "d"]);
    }

    #[test]
    fn the_tree_marks_repeats_and_cycles() {
        // A diamond (a → b, c → d) and a cycle (d → a).
        let yaml = [
            component("a", &["b", "c"]),
            component("b", &["d"]),
            component("c", &["d"]),
            component("d", &["a"]),
        ]
        .concat();
        let es = entities(&yaml);
        let g = Graph::new(&es);
        let t = tree(&g, g.find(&r("a")).expect("a"), &["dependsOn"], 5);
        let b = &t.children[0];
        let d_under_b = &b.children[0];
        assert_eq!(d_under_b.children[0].mark, Mark::Cycle);
        let c = &t.children[1];
        assert_eq!(c.children[0].mark, Mark::Repeated);
        let shallow = tree(&g, g.find(&r("a")).expect("a"), &["dependsOn"], 1);
        assert_eq!(shallow.children[0].mark, Mark::Truncated);
    }
}
