//! Entity references typed on the command line: forgiving and exact. `payments`,
//! `component:payments` and `component:default/payments` all work, compared without
//! regard to case, as Backstage compares them.

use crate::catalog::entity_ref::split_ref;
use crate::catalog::{Entity, EntityRef};

/// What a typed reference matched.
#[derive(Debug)]
pub enum Resolved<'a> {
    One(&'a Entity),
    /// Several entities fit; the user must say which.
    Ambiguous(Vec<&'a Entity>),
    /// Nothing fits; the closest names, best first.
    Unknown(Vec<EntityRef>),
}

/// Finds the entities `input` names.
pub fn resolve<'a>(entities: &'a [Entity], input: &str) -> Resolved<'a> {
    let Ok(parts) = split_ref(input.trim()) else {
        return Resolved::Unknown(closest(entities, input));
    };
    let eq = |a: &str, b: &str| a.eq_ignore_ascii_case(b) || a.to_lowercase() == b.to_lowercase();
    let mut matches: Vec<&Entity> = entities
        .iter()
        .filter(|e| eq(&e.name, parts.name))
        .filter(|e| parts.kind.is_none_or(|k| eq(&e.kind, k)))
        .filter(|e| parts.namespace.is_none_or(|ns| eq(&e.namespace, ns)))
        .collect();
    // The same reference defined twice is one entity for lookups.
    matches.dedup_by(|a, b| a.entity_ref() == b.entity_ref());
    match matches.len() {
        0 => Resolved::Unknown(closest(entities, parts.name)),
        1 => Resolved::One(matches[0]),
        _ => Resolved::Ambiguous(matches),
    }
}

/// Up to five references whose names are closest to `name`.
pub fn closest(entities: &[Entity], name: &str) -> Vec<EntityRef> {
    let name = name.to_lowercase();
    let mut scored: Vec<(usize, EntityRef)> = entities
        .iter()
        .map(|e| {
            let r = e.entity_ref();
            let d = if r.name.contains(&name) || name.contains(&r.name) {
                0
            } else {
                strsim::levenshtein(&r.name, &name)
            };
            (d, r)
        })
        .filter(|(d, r)| *d <= (r.name.len().max(name.len()) / 2).max(2))
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(5).map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{LoadOptions, load_text};
    use std::path::Path;

    fn catalog() -> Vec<Entity> {
        let doc = |kind: &str, ns: &str, name: &str| {
            let spec = match kind {
                "Group" => "{type: team, children: []}",
                "System" => "{owner: team}",
                _ => "{type: service, lifecycle: production, owner: team}",
            };
            format!(
                "apiVersion: backstage.io/v1alpha1\nkind: {kind}\nmetadata: {{name: {name}, namespace: {ns}}}\nspec: {spec}\n---\n"
            )
        };
        let yaml = [
            doc("Component", "default", "payments"),
            doc("System", "default", "payments"),
            doc("Component", "default", "Ledger"),
            doc("Component", "labs", "ledger"),
            doc("Group", "default", "team"),
        ]
        .concat();
        load_text(
            &yaml,
            Path::new("c.yaml"),
            Path::new("."),
            &LoadOptions::default(),
        )
        .entities
    }

    #[test]
    fn forgiving_and_exact() {
        let es = catalog();
        let one = |s: &str| match resolve(&es, s) {
            Resolved::One(e) => e.entity_ref().to_string(),
            other => panic!("{s}: {other:?}"),
        };
        assert_eq!(one("component:payments"), "component:default/payments");
        assert_eq!(one("System:Default/Payments"), "system:default/payments");
        assert_eq!(one("team"), "group:default/team");
        assert_eq!(one("labs/ledger"), "component:labs/ledger");
        assert!(matches!(resolve(&es, "payments"), Resolved::Ambiguous(v) if v.len() == 2));
        assert!(matches!(resolve(&es, "LEDGER"), Resolved::Ambiguous(v) if v.len() == 2));
        match resolve(&es, "paymnts") {
            Resolved::Unknown(near) => assert!(near.iter().any(|r| r.name == "payments")),
            other => panic!("{other:?}"),
        }
    }
}
