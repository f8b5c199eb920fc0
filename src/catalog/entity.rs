//! An accepted entity: its identity, its processed document, and its relations.

use std::path::PathBuf;

use super::entity_ref::EntityRef;
use super::yaml::{Map, Node, Pos};

/// A relation from this entity to another, as Backstage derives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    pub kind: &'static str,
    pub target: EntityRef,
    /// The value in the descriptor that created the relation.
    pub pos: Pos,
}

/// An entity that passed every Backstage stage.
#[derive(Debug, Clone)]
pub struct Entity {
    pub api_version: String,
    pub kind: String,
    pub namespace: String,
    pub name: String,
    /// The document after placeholders were resolved.
    pub node: Node,
    /// Outgoing relations, in Backstage's order (reverse ones are derived by the catalog).
    pub relations: Vec<Relation>,
    /// The path as reached from the arguments.
    pub file: PathBuf,
    pub doc: usize,
    pub pos: Pos,
}

impl Entity {
    pub fn entity_ref(&self) -> EntityRef {
        EntityRef::new(&self.kind, &self.namespace, &self.name)
    }

    pub fn metadata(&self) -> Option<&Map> {
        self.node.get("metadata")?.as_map()
    }

    pub fn spec(&self) -> Option<&Map> {
        self.node.get("spec")?.as_map()
    }

    /// A string field of `spec`.
    pub fn spec_str(&self, field: &str) -> Option<&str> {
        self.spec()?.get(field)?.as_str()
    }

    /// A string field of `metadata`.
    pub fn metadata_str(&self, field: &str) -> Option<&str> {
        self.metadata()?.get(field)?.as_str()
    }
}
