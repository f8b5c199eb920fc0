//! An entity's document as the index keeps it: its encoded bytes, decoded into a tree the
//! first time something reads it.
//!
//! Most commands read a few fields of a few entities, but every entity of a large catalog
//! comes back from the index on every run. Building every document's tree took most of a
//! query's time at 18,000 entities (docs/performance.md); a tree that is never read now
//! costs a range of the index's bytes, shared with every other entity read from it.

use std::cell::RefCell;
use std::sync::{Arc, OnceLock};

use serde::de::{Deserializer, Error, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::yaml::{Node, Pos, Value};

/// A document tree, decoded on first use. Reads as a [`Node`] through `Deref`.
pub struct LazyNode {
    tree: OnceLock<Node>,
    /// The tree's postcard encoding, when it was read from the index and not yet decoded.
    bytes: Option<Encoded>,
}

/// Where a tree's encoding is: a range of the index file's bytes, shared by every entity
/// read from it (copying each document out was a fifth of the memory of a query), or a
/// copy of its own.
#[derive(Clone)]
enum Encoded {
    Shared(Arc<Vec<u8>>, usize, usize),
    Own(Box<[u8]>),
}

impl std::ops::Deref for Encoded {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Encoded::Shared(all, start, end) => &all[*start..*end],
            Encoded::Own(bytes) => bytes,
        }
    }
}

thread_local! {
    /// The buffer being decoded on this thread, which documents may keep ranges of.
    static DECODING: RefCell<Option<Arc<Vec<u8>>>> = const { RefCell::new(None) };
}

/// Runs `f`, a decoding of (part of) `buffer`, with the documents it reads keeping ranges
/// of `buffer` instead of copies.
pub fn decoding<R>(buffer: &Arc<Vec<u8>>, f: impl FnOnce() -> R) -> R {
    let before = DECODING.with(|d| d.replace(Some(buffer.clone())));
    let out = f();
    DECODING.with(|d| *d.borrow_mut() = before);
    out
}

/// `bytes` as a range of the buffer being decoded, when they lie inside it.
fn shared(bytes: &[u8]) -> Option<Encoded> {
    DECODING.with(|d| {
        let d = d.borrow();
        let all = d.as_ref()?;
        let start = (bytes.as_ptr() as usize).checked_sub(all.as_ptr() as usize)?;
        let end = start.checked_add(bytes.len())?;
        (end <= all.len()).then(|| Encoded::Shared(all.clone(), start, end))
    })
}

impl LazyNode {
    /// Takes the node's text from `budget` as [`Node::fits`] does; a tree still in its
    /// bytes counts as its bytes (an index wrote them, so they fit one).
    pub fn fits(&self, budget: &mut u64) -> bool {
        match (self.tree.get(), &self.bytes) {
            (None, Some(bytes)) => super::yaml::spend(budget, bytes.len() as u64),
            _ => self.tree().fits(budget),
        }
    }

    fn tree(&self) -> &Node {
        self.tree.get_or_init(|| {
            // The index is checked (CRC-32, build) before it is decoded, so these bytes are
            // what this build wrote; a document that still fails to decode reads as null,
            // which no command takes for an entity's data.
            self.bytes
                .as_deref()
                .and_then(|b| postcard::from_bytes(b).ok())
                .unwrap_or(Node {
                    value: Value::Null,
                    pos: Pos::default(),
                })
        })
    }
}

impl From<Node> for LazyNode {
    fn from(node: Node) -> Self {
        LazyNode {
            tree: OnceLock::from(node),
            bytes: None,
        }
    }
}

impl std::ops::Deref for LazyNode {
    type Target = Node;

    fn deref(&self) -> &Node {
        self.tree()
    }
}

impl Clone for LazyNode {
    fn clone(&self) -> Self {
        match self.tree.get() {
            Some(tree) => LazyNode::from(tree.clone()),
            None => LazyNode {
                tree: OnceLock::new(),
                bytes: self.bytes.clone(),
            },
        }
    }
}

impl std::fmt::Debug for LazyNode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.tree().fmt(f)
    }
}

impl Serialize for LazyNode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.bytes {
            Some(bytes) => s.serialize_bytes(bytes),
            None => {
                let bytes = postcard::to_stdvec(self.tree()).map_err(serde::ser::Error::custom)?;
                s.serialize_bytes(&bytes)
            }
        }
    }
}

impl<'de> Deserialize<'de> for LazyNode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Bytes;
        impl<'de> Visitor<'de> for Bytes {
            type Value = Encoded;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an encoded document")
            }
            fn visit_borrowed_bytes<E: Error>(self, v: &'de [u8]) -> Result<Self::Value, E> {
                Ok(shared(v).unwrap_or_else(|| Encoded::Own(v.into())))
            }
            fn visit_bytes<E: Error>(self, v: &[u8]) -> Result<Self::Value, E> {
                Ok(Encoded::Own(v.into()))
            }
            fn visit_byte_buf<E: Error>(self, v: Vec<u8>) -> Result<Self::Value, E> {
                Ok(Encoded::Own(v.into_boxed_slice()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut v = Vec::new();
                while let Some(b) = seq.next_element()? {
                    v.push(b);
                }
                Ok(Encoded::Own(v.into_boxed_slice()))
            }
        }
        let bytes = d.deserialize_bytes(Bytes)?;
        Ok(LazyNode {
            tree: OnceLock::new(),
            bytes: Some(bytes),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::yaml::Map;

    fn doc() -> Node {
        let name = Node::new(Value::String("svc".into()), Pos::new(3, 9));
        let mut metadata = Map::default();
        metadata.insert("name".into(), Pos::new(3, 3), name);
        let mut root = Map::default();
        root.insert(
            "metadata".into(),
            Pos::new(2, 1),
            Node::new(Value::Map(metadata), Pos::new(3, 3)),
        );
        Node::new(Value::Map(root), Pos::new(1, 1))
    }

    #[test]
    fn a_tree_read_back_is_the_tree_written_positions_and_all() {
        let written = LazyNode::from(doc());
        let bytes = postcard::to_stdvec(&written).unwrap();
        let read: LazyNode = postcard::from_bytes(&bytes).unwrap();
        assert!(read.tree.get().is_none(), "decoded before it was read");
        assert_eq!(*read, doc());
        let svc = read.get("metadata").and_then(|m| m.get("name")).unwrap();
        assert_eq!((svc.as_str(), svc.pos), (Some("svc"), Pos::new(3, 9)));
        // Written again without being decoded, and after: the same bytes both times.
        let again: LazyNode = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(postcard::to_stdvec(&again).unwrap(), bytes);
        assert_eq!(postcard::to_stdvec(&read).unwrap(), bytes);
    }

    #[test]
    fn documents_decoded_from_a_shared_buffer_keep_ranges_of_it() {
        let docs = vec![
            LazyNode::from(doc()),
            LazyNode::from(Node::new(Value::Bool(true), Pos::new(1, 1))),
        ];
        let buffer = Arc::new(postcard::to_stdvec(&docs).unwrap());
        let read: Vec<LazyNode> = decoding(&buffer, || postcard::from_bytes(&buffer).unwrap());
        assert!(
            read.iter()
                .all(|n| matches!(n.bytes, Some(Encoded::Shared(..))))
        );
        assert_eq!(Arc::strong_count(&buffer), 3);
        assert_eq!(*read[0], doc());
        assert_eq!(read[1].value, Value::Bool(true));
        // Outside `decoding`, and for bytes from elsewhere, each keeps a copy.
        let other: Vec<LazyNode> = postcard::from_bytes(&buffer).unwrap();
        assert!(
            other
                .iter()
                .all(|n| matches!(n.bytes, Some(Encoded::Own(_))))
        );
        let elsewhere = postcard::to_stdvec(&docs).unwrap();
        let copied: Vec<LazyNode> = decoding(&buffer, || postcard::from_bytes(&elsewhere).unwrap());
        assert!(
            copied
                .iter()
                .all(|n| matches!(n.bytes, Some(Encoded::Own(_))))
        );
        assert_eq!(*copied[0], doc());
    }

    #[test]
    fn a_clone_keeps_what_is_not_decoded_yet() {
        let bytes = postcard::to_stdvec(&LazyNode::from(doc())).unwrap();
        let read: LazyNode = postcard::from_bytes(&bytes).unwrap();
        let copy = read.clone();
        assert!(copy.tree.get().is_none());
        assert_eq!(*copy, doc());
    }

    #[test]
    fn bytes_that_do_not_decode_read_as_null_not_a_panic() {
        let read: LazyNode =
            postcard::from_bytes(&postcard::to_stdvec(&vec![7u8, 7, 7]).unwrap()).unwrap();
        assert_eq!(read.value, Value::Null);
    }

    #[test]
    fn fits_counts_undecoded_bytes() {
        let bytes = postcard::to_stdvec(&LazyNode::from(doc())).unwrap();
        let read: LazyNode = postcard::from_bytes(&bytes).unwrap();
        let mut budget = 3;
        assert!(!read.fits(&mut budget));
        let mut budget = 10_000;
        assert!(read.fits(&mut budget));
        assert!(read.tree.get().is_none());
    }
}
