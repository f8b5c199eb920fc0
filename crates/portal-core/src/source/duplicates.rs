//! One entity per reference, as Backstage's catalog keeps it. Each file is a location
//! (`file:<path>`), and each entity read from it is written under that location key:
//!
//! - within one location, a later entity with the same reference replaces the earlier
//!   one (`updateUnprocessedEntity` matches the row by reference and location key), so
//!   the **last** definition in a file is kept;
//! - between locations, the first location to claim a reference keeps it: another
//!   location's write matches no row, its insert conflicts on the reference, and
//!   `DefaultProcessingDatabase.addUnprocessedEntities` logs "Detected conflicting
//!   entityRef … already referenced by … and now also …" and drops it.
//!
//! Backstage's "first" depends on when each location is processed; portal's is the order
//! the scan reads files in (sources in order, each folder's files sorted by path, then
//! the files Locations name, round by round; git sources after folder sources), which no
//! thread scheduling changes. The copies left out become diagnostics naming every place.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use crate::catalog::{Catalog, Definition, Diagnostic, Entity, EntityRef, Finding};

/// Where the definitions of one reference are, by index into the entities in read order.
struct Claim {
    kept: usize,
    others: Vec<usize>,
}

/// Leaves one entity per reference in `catalog` (which must hold its entities in the
/// order they were read), records the others in `catalog.also_defined`, and adds a
/// diagnostic at each of them.
pub fn resolve(catalog: &mut Catalog) {
    let entities = std::mem::take(&mut catalog.entities);
    let claims = claims(&entities);
    let mut keep = vec![true; entities.len()];
    for claim in claims.values().filter(|c| !c.others.is_empty()) {
        let mut all = claim.others.clone();
        all.push(claim.kept);
        all.sort_unstable();
        for &i in &claim.others {
            keep[i] = false;
            catalog
                .diagnostics
                .push(diagnostic(&entities, &all, claim.kept, i));
        }
        let kept = &entities[claim.kept];
        catalog.also_defined.insert(
            kept.entity_ref().clone(),
            claim
                .others
                .iter()
                .map(|&i| definition(&entities[i]))
                .collect(),
        );
    }
    catalog.entities = entities
        .into_iter()
        .zip(keep)
        .filter_map(|(e, keep)| keep.then_some(e))
        .collect();
}

/// Each reference's kept definition and the others, in read order.
fn claims(entities: &[Entity]) -> HashMap<EntityRef, Claim> {
    let mut claims: HashMap<EntityRef, Claim> = HashMap::with_capacity(entities.len());
    for (i, e) in entities.iter().enumerate() {
        match claims.entry(e.entity_ref().clone()) {
            Entry::Vacant(v) => {
                v.insert(Claim {
                    kept: i,
                    others: Vec::new(),
                });
            }
            Entry::Occupied(mut o) => {
                let claim = o.get_mut();
                if entities[claim.kept].file == e.file {
                    // The same location: the later write replaces the earlier.
                    claim.others.push(claim.kept);
                    claim.kept = i;
                } else {
                    claim.others.push(i);
                }
            }
        }
    }
    claims
}

/// Where `e` is defined: its file, and the position of its name.
pub fn definition(e: &Entity) -> Definition {
    Definition {
        file: e.file.clone(),
        doc: e.doc,
        pos: e
            .metadata()
            .and_then(|m| m.get("name"))
            .map_or(e.pos, |n| n.pos),
    }
}

/// The finding at `entities[this]`, left out in favour of `entities[kept]`; `all` are
/// every definition of the reference, in read order.
fn diagnostic(entities: &[Entity], all: &[usize], kept: usize, this: usize) -> Diagnostic {
    let e = &entities[this];
    let r = e.entity_ref();
    let places: Vec<String> = all
        .iter()
        .map(|&i| {
            let mark = match i {
                _ if i == kept => " (kept)",
                _ if i == this => " (this one)",
                _ => "",
            };
            format!("{}{mark}", definition(&entities[i]))
        })
        .collect();
    let places = places.join(", ");
    let here = definition(e);
    let finding = if entities[kept].file == e.file {
        Finding::warning(
            "overwritten-entity",
            here.pos,
            format!(
                "{r} is defined again later in this file, and Backstage keeps the last definition in a file, so this one is ignored; defined at {places}"
            ),
        )
        .hint("delete this copy, or rename one of them")
    } else {
        Finding::warning(
            "conflicting-entity",
            here.pos,
            format!(
                "conflicting entityRef {r}: {} defines it and is read first, so Backstage ignores this definition; defined at {places}",
                entities[kept].file.display()
            ),
        )
        .hint("delete this copy, or rename one of them; Backstage logs `Detected conflicting entityRef` and keeps the first location's")
    };
    let kept = definition(&entities[kept]);
    let mut d = finding.at(e.file.clone(), Some(e.doc), Some(r.to_string()));
    d.related = Some((kept.file, kept.pos));
    d
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::catalog::{LoadOptions, load_text};

    fn entities(file: &str, names_and_owners: &[(&str, &str)]) -> Vec<Entity> {
        let yaml: Vec<String> = names_and_owners
            .iter()
            .map(|(name, owner)| {
                format!(
                    "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {{name: {name}}}\nspec: {{type: service, lifecycle: production, owner: {owner}}}\n"
                )
            })
            .collect();
        let opts = LoadOptions::default();
        load_text(&yaml.join("---\n"), Path::new(file), Path::new("."), &opts).entities
    }

    fn owner(e: &Entity) -> &str {
        e.spec_str("owner").unwrap_or_default()
    }

    #[test]
    fn the_last_in_a_file_and_the_first_file_are_kept() {
        let mut catalog = Catalog {
            entities: entities("a.yaml", &[("x", "first"), ("y", "y"), ("x", "last")]),
            ..Catalog::default()
        };
        catalog
            .entities
            .extend(entities("b.yaml", &[("x", "b1"), ("x", "b2")]));
        resolve(&mut catalog);
        let kept: Vec<(&str, &str)> = catalog
            .entities
            .iter()
            .map(|e| (e.name.as_str(), owner(e)))
            .collect();
        assert_eq!(kept, [("y", "y"), ("x", "last")]);
        let rules: Vec<(&str, &Path, u32)> = catalog
            .diagnostics
            .iter()
            .map(|d| (&*d.rule, d.file.as_path(), d.pos.line))
            .collect();
        assert_eq!(
            rules,
            [
                ("overwritten-entity", Path::new("a.yaml"), 3),
                ("conflicting-entity", Path::new("b.yaml"), 3),
                ("conflicting-entity", Path::new("b.yaml"), 8),
            ]
        );
        let x = EntityRef::new("Component", "default", "x");
        let also: Vec<String> = catalog.also_defined[&x]
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(also, ["a.yaml:3:18", "b.yaml:3:18", "b.yaml:8:18"]);
        assert!(
            catalog.diagnostics[1].message.ends_with(
                "defined at a.yaml:3:18, a.yaml:13:18 (kept), b.yaml:3:18 (this one), b.yaml:8:18"
            ),
            "{}",
            catalog.diagnostics[1].message
        );
    }

    #[test]
    fn a_single_definition_is_left_alone() {
        let mut catalog = Catalog {
            entities: entities("a.yaml", &[("x", "o"), ("y", "o")]),
            ..Catalog::default()
        };
        resolve(&mut catalog);
        assert_eq!(catalog.entities.len(), 2);
        assert!(catalog.diagnostics.is_empty());
        assert!(catalog.also_defined.is_empty());
    }
}
