//! An accepted entity: its identity, its processed document, and its relations.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::entity_ref::EntityRef;
use super::lazy::LazyNode;
use super::yaml::{Map, Pos};

/// A relation type: one of those Backstage derives. (An alias, so that serde's derive
/// does not take the `'static` reference for a borrow of the input.)
pub type RelationKind = &'static str;

/// A relation from this entity to another, as Backstage derives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relation {
    #[serde(with = "relation_kind")]
    /// The relation type, such as `ownedBy` or `dependsOn`.
    pub kind: RelationKind,
    #[serde(with = "entity_ref_parts")]
    /// The entity it points at (which may not be in the catalog).
    pub target: EntityRef,
    /// The value in the descriptor that created the relation.
    pub pos: Pos,
}

/// An entity that passed every Backstage stage.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entity {
    /// `apiVersion`, as written.
    pub api_version: String,
    /// `kind`, as written (Backstage compares it without case).
    pub kind: String,
    /// `metadata.namespace`, `default` when absent.
    pub namespace: String,
    /// `metadata.name`.
    pub name: String,
    /// The document after placeholders were resolved (decoded from the index when first
    /// read).
    pub node: LazyNode,
    /// Outgoing relations, in Backstage's order (reverse ones are derived by the catalog).
    pub relations: Vec<Relation>,
    /// The path as reached from the arguments.
    pub file: PathBuf,
    /// 0-based index of the YAML document in its file.
    pub doc: usize,
    /// Where the document starts.
    pub pos: Pos,
    /// For an entity of a Backstage's snapshot: the server, and what it said of the entity
    /// beyond the descriptor (set by the scan, never by a file).
    pub served: Option<Box<Served>>,
    /// The reference, lower-cased once, when first asked for.
    #[serde(skip)]
    pub reference: std::sync::OnceLock<EntityRef>,
}

/// What a Backstage said of an entity it serves, beyond its descriptor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Served {
    /// The server's URL, as configured.
    pub url: String,
    /// `backstage.io/managed-by-location` as the server gave it.
    pub location: Option<String>,
    /// `backstage.io/managed-by-origin-location` as the server gave it.
    pub origin: Option<String>,
}

impl Entity {
    /// The entity's reference, `kind:namespace/name`, lower-cased.
    pub fn entity_ref(&self) -> &EntityRef {
        self.reference
            .get_or_init(|| EntityRef::new(&self.kind, &self.namespace, &self.name))
    }

    /// The `metadata` mapping.
    pub fn metadata(&self) -> Option<&Map> {
        self.node.get("metadata")?.as_map()
    }

    /// The `spec` mapping, if the entity has one.
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

    /// The value of the annotation `key`, if it is a string.
    pub fn annotation(&self, key: &str) -> Option<&str> {
        self.metadata()?.get("annotations")?.get(key)?.as_str()
    }
}

/// A relation type in the index: one of the types Backstage derives, by name.
mod relation_kind {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    use crate::catalog::kinds::RELATION_FIELDS;

    pub fn serialize<S: Serializer>(kind: &&'static str, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(kind)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
        let name = <&str>::deserialize(d)?;
        RELATION_FIELDS
            .iter()
            .flat_map(|f| [f.relation, f.reverse])
            .find(|r| *r == name)
            .ok_or_else(|| D::Error::custom(format!("unknown relation type `{name}`")))
    }
}

/// An entity reference in the index: its three parts (`EntityRef`'s own `Serialize` is
/// the `kind:namespace/name` string of the JSON output).
mod entity_ref_parts {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::catalog::EntityRef;

    pub fn serialize<S: Serializer>(r: &EntityRef, s: S) -> Result<S::Ok, S::Error> {
        (r.kind.as_str(), r.namespace.as_str(), r.name.as_str()).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<EntityRef, D::Error> {
        let (kind, namespace, name) = <(&str, &str, &str)>::deserialize(d)?;
        Ok(EntityRef {
            kind: kind.into(),
            namespace: namespace.into(),
            name: name.into(),
        })
    }
}
