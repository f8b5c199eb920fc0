//! Checks across the whole catalog that Backstage does not make: references to entities
//! that do not exist, owners that are not Groups or Users, and `dependsOn` cycles
//! (entities defined twice are resolved, and reported, by `source::duplicates`). Always warnings here; `validate --strict` makes them errors.

use std::collections::{HashMap, HashSet};

use super::{Graph, walk};
use crate::catalog::yaml::Pos;
use crate::catalog::{Diagnostic, Entity, EntityRef, Finding};

/// Runs every cross-entity check.
pub fn check(entities: &[Entity]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let index = by_reference(entities);
    references(entities, &index, &mut out);
    cycles(entities, |_| true, &mut out);
    out
}

/// Runs every cross-entity check on `entities` only, resolving their references against
/// `context` as well (the whole catalog, when only some files are judged): a reference to
/// an entity defined in `context` is not dangling, and a cycle through `context` is
/// reported when one of `entities` is on it. Where both define a reference, `entities`
/// wins.
pub fn check_against(entities: &[Entity], context: &[Entity]) -> Vec<Diagnostic> {
    if context.is_empty() {
        return check(entities);
    }
    let own: HashSet<EntityRef> = entities.iter().map(|e| e.entity_ref().clone()).collect();
    let mut all = entities.to_vec();
    all.extend(
        context
            .iter()
            .filter(|e| !own.contains(e.entity_ref()))
            .cloned(),
    );
    let mut out = Vec::new();
    let index = by_reference(&all);
    references(entities, &index, &mut out);
    cycles(&all, |e| own.contains(e.entity_ref()), &mut out);
    out
}

fn finding(rule: &'static str, pos: Pos, message: String) -> Finding {
    Finding::warning(rule, pos, message)
}

fn at(f: Finding, e: &Entity) -> Diagnostic {
    f.at(
        e.file.clone(),
        Some(e.doc),
        Some(e.entity_ref().to_string()),
    )
}

/// Indexes entities by reference. The scan leaves one entity per reference
/// (`source::duplicates`, which reports the others); should a caller pass more, the first
/// is the one indexed.
fn by_reference(entities: &[Entity]) -> HashMap<EntityRef, &Entity> {
    let mut index: HashMap<EntityRef, &Entity> = HashMap::with_capacity(entities.len());
    for e in entities {
        index.entry(e.entity_ref().clone()).or_insert(e);
    }
    index
}

fn references(entities: &[Entity], index: &HashMap<EntityRef, &Entity>, out: &mut Vec<Diagnostic>) {
    // Candidates for "did you mean", by kind, in a stable order.
    let mut by_kind: HashMap<&str, Vec<&EntityRef>> = HashMap::new();
    for r in index.keys() {
        by_kind.entry(r.kind.as_str()).or_default().push(r);
    }
    for refs in by_kind.values_mut() {
        refs.sort();
    }
    let mut budget = SUGGESTION_BUDGET;
    for e in entities {
        for rel in &e.relations {
            match index.get(&rel.target) {
                None => {
                    let candidates = by_kind.get(rel.target.kind.as_str());
                    let hint = closest(
                        &rel.target,
                        candidates.map_or(&[], Vec::as_slice),
                        &mut budget,
                    )
                    .map_or_else(
                        || "check the spelling, or add a descriptor for it".to_string(),
                        |c| format!("did you mean `{c}`?"),
                    );
                    out.push(at(
                        finding(
                            "dangling-reference",
                            rel.pos,
                            format!(
                                "{} ({}) points at {}, which is not in the catalog",
                                rel.kind,
                                e.entity_ref(),
                                rel.target
                            ),
                        )
                        .hint(hint),
                        e,
                    ));
                }
                Some(target)
                    if rel.kind == "ownedBy"
                        && !matches!(target.kind.as_str(), "Group" | "User") =>
                {
                    out.push(at(
                        finding(
                            "owner-kind",
                            rel.pos,
                            format!(
                                "the owner {} is a {}, not a Group or User",
                                rel.target, target.kind
                            ),
                        )
                        .hint("owners are teams (Group) or people (User)"),
                        e,
                    ));
                }
                Some(_) => {}
            }
        }
    }
}

/// Candidate comparisons allowed for "did you mean" hints in one run: a catalog with
/// hundreds of thousands of dangling references must not take quadratic time. Past it,
/// references get the plain hint.
const SUGGESTION_BUDGET: usize = 20_000_000;

/// The existing reference of the same kind with the closest name, among `candidates`
/// (the references of that kind), while `budget` lasts.
fn closest(target: &EntityRef, candidates: &[&EntityRef], budget: &mut usize) -> Option<EntityRef> {
    if candidates.len() > *budget {
        return None;
    }
    *budget -= candidates.len();
    let limit = |r: &EntityRef| (r.name.len().max(target.name.len()) / 3).max(1);
    let chars = target.name.chars().count();
    candidates
        .iter()
        .copied()
        // Names whose lengths differ by more than the limit are farther apart than it.
        .filter(|r| r.name.chars().count().abs_diff(chars) <= limit(r))
        .map(|r| (strsim::levenshtein(&r.name, &target.name), r))
        .filter(|(d, r)| *d <= limit(r))
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
        .map(|(_, r)| r.clone())
}

/// Every `dependsOn` cycle (`dependencyOf` counts in reverse), found on the graph, with the
/// path around it, reported at the first entity on it that `report` accepts (cycles with
/// none are not reported).
fn cycles(entities: &[Entity], report: impl Fn(&Entity) -> bool, out: &mut Vec<Diagnostic>) {
    let graph = Graph::new(entities);
    for c in walk::cycles(&graph) {
        let Some((i, first)) = c
            .path
            .iter()
            .enumerate()
            .find_map(|(i, n)| graph.entity(*n).filter(|e| report(e)).map(|e| (i, e)))
        else {
            continue;
        };
        // Point at the `dependsOn` entry that continues the cycle.
        let next = c.path.get(i + 1).map(|n| graph.entity_ref(*n));
        let pos = first
            .relations
            .iter()
            .find(|r| r.kind == "dependsOn" && Some(&r.target) == next)
            .map_or(first.pos, |r| r.pos);
        let path: Vec<String> = c
            .path
            .iter()
            .map(|n| graph.ref_text(*n).to_string())
            .collect();
        out.push(at(
            finding(
                "dependency-cycle",
                pos,
                format!("dependsOn cycle: {}", path.join(" → ")),
            )
            .hint("break the cycle: one of these must not depend on the others"),
            first,
        ));
    }
}
