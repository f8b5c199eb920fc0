//! Entity references typed on the command line: forgiving and exact. `payments`,
//! `component:payments` and `component:default/payments` all work, compared without
//! regard to case, as Backstage compares them.

use crate::catalog::entity_ref::split_ref;
use crate::catalog::{Entity, EntityRef};

/// What a typed reference matched.
#[derive(Debug)]
pub enum Resolved<'a> {
    /// Exactly one entity.
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
    // Locations are how a catalog is read, not what a query is about: a name without a
    // kind that fits other entities names those (`location:x` still names the Location).
    if parts.kind.is_none() && matches.iter().any(|e| e.kind != "Location") {
        matches.retain(|e| e.kind != "Location");
    }
    match matches.len() {
        0 => Resolved::Unknown(closest(entities, parts.name)),
        1 => Resolved::One(matches[0]),
        _ => Resolved::Ambiguous(matches),
    }
}

/// Whether `input` is written as an entity reference with a kind (`group:x`,
/// `group:default/x`), which is never a path: the kind is a word of two or more letters,
/// digits and dashes (so a drive letter, `C:`, is not one).
pub fn is_reference(input: &str) -> bool {
    split_ref(input.trim()).is_ok_and(|p| {
        p.kind.is_some_and(|k| {
            k.len() >= 2
                && k.starts_with(|c: char| c.is_ascii_alphabetic())
                && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
    })
}

/// The Group or User references `input` can name, as relations name them (the default
/// namespace when none is given): its own kind, or Group then User.
pub fn party_refs(input: &str) -> Vec<EntityRef> {
    let Ok(parts) = split_ref(input.trim()) else {
        return Vec::new();
    };
    let namespace = parts.namespace.unwrap_or("default");
    let kinds: &[&str] = match parts.kind {
        Some(k) if k.eq_ignore_ascii_case("group") => &["group"],
        Some(k) if k.eq_ignore_ascii_case("user") => &["user"],
        Some(_) => &[],
        None => &["group", "user"],
    };
    kinds
        .iter()
        .map(|k| EntityRef::new(k, namespace, parts.name))
        .collect()
}

/// Up to five references whose names are closest to `name`.
pub fn closest(entities: &[Entity], name: &str) -> Vec<EntityRef> {
    let name = name.to_lowercase();
    let mut scored: Vec<(usize, EntityRef)> = entities
        .iter()
        .map(|e| {
            let r = e.entity_ref().clone();
            let d = if r.name.contains(&name) || name.contains(r.name.as_str()) {
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
                "Location" => "{type: url, target: ./x.yaml}",
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
            doc("Location", "default", "ledger"),
            doc("Location", "default", "checkout"),
            doc("Component", "default", "checkout"),
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
        // A Location beside one other entity of the name is not a query target.
        assert_eq!(one("checkout"), "component:default/checkout");
        assert_eq!(one("location:checkout"), "location:default/checkout");
        assert_eq!(one("default/checkout"), "component:default/checkout");
        match resolve(&es, "paymnts") {
            Resolved::Unknown(near) => assert!(near.iter().any(|r| r.name == "payments")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn references_are_told_from_paths() {
        for r in [
            "group:x",
            "group:default/open-source",
            "Group:Default/X",
            "my-kind2:a/b",
        ] {
            assert!(is_reference(r), "{r}");
        }
        for p in [
            "services/a",
            "./group",
            "C:\\x",
            "x",
            "../a:b",
            "-x:y",
            ":x",
        ] {
            assert!(!is_reference(p), "{p}");
        }
    }

    #[test]
    fn party_references_take_the_default_namespace() {
        let refs = |s: &str| {
            party_refs(s)
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
        };
        assert_eq!(refs("group:open-source"), ["group:default/open-source"]);
        assert_eq!(refs("User:ops/Ann"), ["user:ops/ann"]);
        assert_eq!(refs("x"), ["group:default/x", "user:default/x"]);
        assert!(refs("component:x").is_empty());
    }
}
