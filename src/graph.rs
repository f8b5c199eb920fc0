//! Relations between entities, both directions, as Backstage's catalog stitches them.

use std::collections::HashMap;

use crate::catalog::kinds::reverse_of;
use crate::catalog::{Entity, EntityRef};

/// For every entity reference, every relation whose source it is: its own relations and
/// the reverse of every relation that points at it.
#[derive(Debug, Default)]
pub struct RelationIndex {
    by_source: HashMap<EntityRef, Vec<(&'static str, EntityRef)>>,
}

impl RelationIndex {
    pub fn new(entities: &[Entity]) -> Self {
        let mut by_source: HashMap<EntityRef, Vec<(&'static str, EntityRef)>> = HashMap::new();
        for e in entities {
            let me = e.entity_ref();
            for r in &e.relations {
                by_source
                    .entry(me.clone())
                    .or_default()
                    .push((r.kind, r.target.clone()));
                if let Some(rev) = reverse_of(r.kind) {
                    by_source
                        .entry(r.target.clone())
                        .or_default()
                        .push((rev, me.clone()));
                }
            }
        }
        for list in by_source.values_mut() {
            list.sort();
            list.dedup();
        }
        RelationIndex { by_source }
    }

    /// Every relation of `source`, sorted by type then target.
    pub fn of(&self, source: &EntityRef) -> &[(&'static str, EntityRef)] {
        self.by_source.get(source).map_or(&[], Vec::as_slice)
    }
}
