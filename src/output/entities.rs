//! Entities in the shape Backstage's catalog API returns them, as JSON or YAML.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde_json::Value;

use petgraph::graph::NodeIndex;

use crate::catalog::Entity;
use crate::catalog::yaml::{AsJson, Map, Node};
use crate::graph::Graph;
use crate::source::{Origin, Origins};

const MANAGED_BY: &str = "backstage.io/managed-by-location";
const MANAGED_BY_ORIGIN: &str = "backstage.io/managed-by-origin-location";
const SOURCE_LOCATION: &str = "backstage.io/source-location";
/// portal's own annotation on an entity of a Backstage's snapshot: that server's URL
/// (docs/json.md).
const SERVED_BY: &str = "portal/served-by";

/// An entity as the API returns it: `apiVersion`, `kind`, `metadata` (namespace filled
/// in, location annotations set), `spec` and `relations` as `[{type, targetRef}]`, both
/// directions (docs/json.md). Keys keep the descriptor's order; keys portal sets replace
/// a value in place or come last, as a JavaScript assignment does. Serialized straight
/// from the descriptor's nodes, with no JSON value built in between.
pub struct ApiEntity<'a> {
    entity: &'a Entity,
    graph: &'a Graph<'a>,
    location: String,
    origin_location: String,
    source_location: Option<String>,
    /// The Backstage an entity of a snapshot came from.
    served_by: Option<String>,
    relations: Vec<(&'static str, NodeIndex)>,
}

impl<'a> ApiEntity<'a> {
    /// `origin` is where an entity of a git source came from; `cwd` makes local paths
    /// absolute.
    pub fn new(e: &'a Entity, graph: &'a Graph<'a>, origin: Option<&Origin>, cwd: &Path) -> Self {
        // An entity of a Backstage's snapshot keeps the locations the server gave it.
        let served = e.served.as_deref();
        let given = served.map(|s| {
            let fallback = format!("url:{}", s.url);
            let at = s.location.clone().unwrap_or_else(|| fallback.clone());
            (at.clone(), s.origin.clone().unwrap_or(at))
        });
        let server_origin = given.as_ref().map(|(_, o)| o.clone());
        let (location, source_location) = match (origin, given) {
            (Some(o), _) => git_locations(o),
            (None, Some((at, _))) => (
                at,
                crate::plugins::cards::annotation(e, SOURCE_LOCATION).map(str::to_string),
            ),
            (None, None) => (format!("file:{}", absolute(&e.file, cwd).display()), None),
        };
        let relations = graph
            .node_of(e)
            .map(|n| graph.relations(n))
            .unwrap_or_default();
        ApiEntity {
            entity: e,
            graph,
            origin_location: server_origin.unwrap_or_else(|| location.clone()),
            location,
            source_location,
            served_by: served.map(|s| s.url.clone()),
            relations,
        }
    }

    fn annotations(&self) -> [(&'static str, Option<&str>); 4] {
        [
            (MANAGED_BY, Some(&self.location)),
            (MANAGED_BY_ORIGIN, Some(&self.origin_location)),
            (SOURCE_LOCATION, self.source_location.as_deref()),
            (SERVED_BY, self.served_by.as_deref()),
        ]
    }
}

impl Serialize for ApiEntity<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let empty = Map::default();
        let root = self.entity.node.as_map().unwrap_or(&empty);
        let mut map = s.serialize_map(None)?;
        for entry in root.iter() {
            match (entry.key.as_str(), entry.value.as_map()) {
                ("metadata", Some(metadata)) => {
                    map.serialize_entry("metadata", &Metadata(self, metadata))?;
                }
                ("relations", _) => map.serialize_entry("relations", &Relations(self))?,
                (key, _) => map.serialize_entry(key, &AsJson(&entry.value))?,
            }
        }
        if root.get("relations").is_none() {
            map.serialize_entry("relations", &Relations(self))?;
        }
        map.end()
    }
}

struct Metadata<'a>(&'a ApiEntity<'a>, &'a Map);

impl Serialize for Metadata<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Metadata(api, metadata) = *self;
        let mut map = s.serialize_map(None)?;
        for entry in metadata.iter() {
            match entry.key.as_str() {
                "namespace" => map.serialize_entry("namespace", &api.entity.namespace)?,
                "annotations" => {
                    map.serialize_entry("annotations", &Annotations(api, Some(&entry.value)))?;
                }
                key => map.serialize_entry(key, &AsJson(&entry.value))?,
            }
        }
        if metadata.get("namespace").is_none() {
            map.serialize_entry("namespace", &api.entity.namespace)?;
        }
        if metadata.get("annotations").is_none() {
            map.serialize_entry("annotations", &Annotations(api, None))?;
        }
        map.end()
    }
}

/// The descriptor's annotations (when they are a mapping) with the location ones set.
struct Annotations<'a>(&'a ApiEntity<'a>, Option<&'a Node>);

impl Serialize for Annotations<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Annotations(api, node) = *self;
        let empty = Map::default();
        let given = node.and_then(Node::as_map).unwrap_or(&empty);
        let set = api.annotations();
        let value_of = |key: &str| set.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
        let mut map = s.serialize_map(None)?;
        for entry in given.iter() {
            match value_of(&entry.key) {
                Some(Some(value)) => map.serialize_entry(&entry.key, value)?,
                _ => map.serialize_entry(&entry.key, &AsJson(&entry.value))?,
            }
        }
        for (key, value) in set {
            if let Some(value) = value
                && given.get(key).is_none()
            {
                map.serialize_entry(key, value)?;
            }
        }
        map.end()
    }
}

struct Relations<'a>(&'a ApiEntity<'a>);

impl Serialize for Relations<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        /// `{type, targetRef}`.
        struct Relation<'a>(&'static str, &'a str);
        impl Serialize for Relation<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut map = s.serialize_map(Some(2))?;
                map.serialize_entry("type", self.0)?;
                map.serialize_entry("targetRef", self.1)?;
                map.end()
            }
        }
        let api = self.0;
        let mut seq = s.serialize_seq(Some(api.relations.len()))?;
        for (kind, target) in &api.relations {
            seq.serialize_element(&Relation(kind, api.graph.ref_text(*target)))?;
        }
        seq.end()
    }
}

/// The entity as a JSON value (for `show --json`, which nests it).
pub fn api_json(e: &Entity, graph: &Graph<'_>, origin: Option<&Origin>) -> Value {
    let cwd = std::env::current_dir().unwrap_or_default();
    serde_json::to_value(ApiEntity::new(e, graph, origin, &cwd)).unwrap_or(Value::Null)
}

pub fn write_json(
    out: &mut impl Write,
    entities: &[&Entity],
    graph: &Graph<'_>,
    origins: &Origins,
) -> std::io::Result<()> {
    /// Entities serialized at a time by each core: the array is never held whole.
    const BATCH: usize = 256;
    let cwd = std::env::current_dir()?;
    if entities.is_empty() {
        return writeln!(out, "[]");
    }
    // Each part is written as a pretty array of its own, `[\n  {…},\n  {…}\n]`: inside the
    // brackets, that is exactly its run of elements in the whole array.
    let part = |part: &[&Entity]| -> std::io::Result<Vec<u8>> {
        let elements: Vec<ApiEntity<'_>> = part
            .iter()
            .map(|e| ApiEntity::new(e, graph, origins.get(&e.file), &cwd))
            .collect();
        // About 2 KiB an entity: sized once rather than grown by doubling.
        let mut bytes = Vec::with_capacity(part.len() * 2048);
        serde_json::to_writer_pretty(&mut bytes, &elements)?;
        bytes.truncate(bytes.len() - "\n]".len());
        bytes.drain(.."[\n".len());
        Ok(bytes)
    };
    out.write_all(b"[\n")?;
    let threads = crate::par::threads();
    for (i, round) in entities.chunks(BATCH * threads).enumerate() {
        if round.iter().any(|e| !e.node.fits(&mut { BUFFERED })) {
            // Aliases can make one entity gigabytes of JSON: written as it is made.
            for (j, e) in round.iter().enumerate() {
                if i + j > 0 {
                    out.write_all(b",\n")?;
                }
                let api = ApiEntity::new(e, graph, origins.get(&e.file), &cwd);
                let mut element = Element::new(&mut *out);
                serde_json::to_writer_pretty(&mut element, &[api])?;
            }
            continue;
        }
        let parts: Vec<&[&Entity]> = round.chunks(BATCH).collect();
        for (j, bytes) in crate::par::map(parts, 2, part).into_iter().enumerate() {
            if i + j > 0 {
                out.write_all(b",\n")?;
            }
            out.write_all(&bytes?)?;
        }
    }
    out.write_all(b"\n]\n")
}

/// Text an entity may hold and still be serialized in memory, in parallel.
const BUFFERED: u64 = 16 << 20;

/// A writer for a one-element pretty array, `[\n  {…}\n]`, that passes on only its run
/// inside the whole array: all but the first two bytes and the last two.
struct Element<'w, W: Write> {
    out: &'w mut W,
    skip: usize,
    held: Vec<u8>,
}

impl<'w, W: Write> Element<'w, W> {
    fn new(out: &'w mut W) -> Self {
        Element {
            out,
            skip: "[\n".len(),
            held: Vec::new(),
        }
    }
}

impl<W: Write> Write for Element<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let skipped = self.skip.min(buf.len());
        self.skip -= skipped;
        self.held.extend_from_slice(&buf[skipped..]);
        let keep = "\n]".len();
        if self.held.len() > keep {
            let n = self.held.len() - keep;
            self.out.write_all(&self.held[..n])?;
            self.held.drain(..n);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// One YAML document per entity.
pub fn write_yaml(
    out: &mut impl Write,
    entities: &[&Entity],
    graph: &Graph<'_>,
    origins: &Origins,
) -> std::io::Result<()> {
    let cwd = std::env::current_dir()?;
    for e in entities {
        let value = serde_json::to_value(ApiEntity::new(e, graph, origins.get(&e.file), &cwd))
            .map_err(std::io::Error::from)?;
        out.write_all(super::yaml::to_yaml(&value).as_bytes())?;
        writeln!(out)?;
    }
    Ok(())
}

/// `path` made absolute against `cwd`, `.` and `..` folded.
fn absolute(path: &Path, cwd: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    crate::source::location::normalize(&joined)
}

/// `backstage.io/managed-by-location` and `backstage.io/source-location` for a descriptor
/// read from git. On GitHub, GitLab and Bitbucket (cloud) they are the host's own blob
/// and tree URLs at the commit, as Backstage writes them; elsewhere, and for local
/// repositories, `url:<repository>#<ref>:<path>`.
fn git_locations(o: &Origin) -> (String, Option<String>) {
    let dir = o
        .path
        .rsplit_once('/')
        .map_or(String::new(), |(d, _)| format!("{d}/"));
    let repo = o.repo.trim_end_matches('/').trim_end_matches(".git");
    let host = url::Url::parse(&o.repo)
        .ok()
        .filter(|u| matches!(u.scheme(), "https" | "http"))
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase));
    let web = match host.as_deref() {
        _ if !o.remote => None,
        Some("github.com") => Some(("blob", "tree")),
        Some("gitlab.com") => Some(("-/blob", "-/tree")),
        Some("bitbucket.org") => Some(("src", "src")),
        _ => None,
    };
    match web {
        Some((blob, tree)) => (
            format!("url:{repo}/{blob}/{}/{}", o.commit, o.path),
            Some(format!("url:{repo}/{tree}/{}/{dir}", o.commit)),
        ),
        None => {
            let base = if o.remote {
                o.repo.clone()
            } else {
                url::Url::from_file_path(&o.repo)
                    .map(String::from)
                    .unwrap_or_else(|()| format!("file://{}", o.repo))
            };
            (
                format!("url:{base}#{}:{}", o.reference, o.path),
                Some(format!("url:{base}#{}:{dir}", o.reference)),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::catalog::{LoadOptions, load_text};

    #[test]
    fn parts_written_in_parallel_make_the_one_pretty_array() {
        let yaml: String = (0..700)
            .map(|i| {
                format!(
                    "---\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: c{i}\n  tags: [a, b]\nspec:\n  type: service\n  lifecycle: production\n  owner: team\n  dependsOn: [component:c{}]\n",
                    (i + 1) % 700
                )
            })
            .collect();
        let opts = LoadOptions::default();
        let entities = load_text(&yaml, Path::new("c.yaml"), Path::new("."), &opts).entities;
        assert_eq!(entities.len(), 700);
        let graph = Graph::new(&entities);
        let all: Vec<&Entity> = entities.iter().collect();
        for n in [0, 1, 255, 256, 257, 700] {
            let mut out = Vec::new();
            write_json(&mut out, &all[..n], &graph, &Origins::new()).unwrap();
            let whole: Vec<Value> = all[..n].iter().map(|e| api_json(e, &graph, None)).collect();
            let expected = serde_json::to_string_pretty(&whole).unwrap() + "\n";
            assert_eq!(String::from_utf8(out).unwrap(), expected, "{n} entities");
        }
    }

    #[test]
    fn an_entity_too_large_to_buffer_is_streamed_as_the_same_array() {
        let big = "x".repeat(1 << 20);
        let aliases: String = (0..20).map(|i| format!("    a{i}: *big\n")).collect();
        let yaml = format!(
            "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: big\n  description: &big {big}\n  annotations:\n{aliases}spec: {{type: service, lifecycle: x, owner: t}}\n---\n{}",
            "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: small}\nspec: {type: service, lifecycle: x, owner: t}\n"
        );
        let opts = LoadOptions::default();
        let entities = load_text(&yaml, Path::new("c.yaml"), Path::new("."), &opts).entities;
        assert_eq!(entities.len(), 2);
        assert!(!entities[0].node.fits(&mut { BUFFERED }));
        let graph = Graph::new(&entities);
        let all: Vec<&Entity> = entities.iter().collect();
        let mut out = Vec::new();
        write_json(&mut out, &all, &graph, &Origins::new()).unwrap();
        let whole: Vec<Value> = all.iter().map(|e| api_json(e, &graph, None)).collect();
        let expected = serde_json::to_string_pretty(&whole).unwrap() + "\n";
        assert!(out == expected.as_bytes(), "the streamed array differs");
    }
}
