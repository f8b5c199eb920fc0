//! `$text`, `$json` and `$yaml` placeholders, resolved against the file that holds them.

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use super::diagnostic::Finding;
use super::yaml::{self, DocContent, Node, Pos, Value};

/// Where placeholders are resolved from.
pub struct Resolver<'a> {
    /// The descriptor's folder.
    pub dir: &'a Path,
    /// The repository root, for paths starting with `/`.
    pub root: &'a Path,
    /// Every file a placeholder named, read or not: what the result depends on.
    pub read: RefCell<Vec<PathBuf>>,
}

impl<'a> Resolver<'a> {
    pub fn new(dir: &'a Path, root: &'a Path) -> Self {
        Resolver {
            dir,
            root,
            read: RefCell::default(),
        }
    }
}

/// Largest file a placeholder may pull in.
const MAX_PLACEHOLDER_BYTES: u64 = 16 * 1024 * 1024;

impl Resolver<'_> {
    /// Replaces every placeholder in `node`; returns the findings (errors and warnings).
    pub fn resolve(&self, node: &mut Node, findings: &mut Vec<Finding>) {
        match &mut node.value {
            Value::Seq(items) => {
                for item in items {
                    self.resolve(item, findings);
                }
            }
            Value::Map(map) => {
                if !map.iter().any(|e| e.key.starts_with('$')) {
                    for entry in &mut map.entries {
                        self.resolve(&mut entry.value, findings);
                    }
                    return;
                }
                if map.len() != 1 {
                    return;
                }
                let entry = &map.entries[0];
                let kind = match entry.key.as_str() {
                    "$text" => Kind::Text,
                    "$json" => Kind::Json,
                    "$yaml" => Kind::Yaml,
                    _ => return,
                };
                if let Some(value) = self.substitute(kind, &entry.value, node.pos, findings) {
                    *node = value;
                }
            }
            _ => {}
        }
    }

    fn substitute(
        &self,
        kind: Kind,
        arg: &Node,
        pos: Pos,
        findings: &mut Vec<Finding>,
    ) -> Option<Node> {
        let key = kind.key();
        let Some(target) = arg.as_str() else {
            findings.push(
                Finding::error(
                    "placeholder",
                    arg.pos,
                    format!("`{key}` expects a string: a relative path or an absolute URL"),
                )
                .hint(format!(
                    "write `{key}: ./file` with the file's path relative to this descriptor"
                )),
            );
            return None;
        };
        if url::Url::parse(target).is_ok() {
            findings.push(
                Finding::warning(
                    "placeholder-not-fetched",
                    arg.pos,
                    format!("`{key}: {target}` is a URL; portal works offline and does not fetch it"),
                )
                .hint("Backstage fetches it when it reads this file; keep a local copy beside the descriptor to have portal check it"),
            );
            let value = match kind {
                Kind::Text => Value::String(format!("<content of {target}>")),
                Kind::Json | Kind::Yaml => Value::Map(yaml::Map::default()),
            };
            return Some(Node::new(value, pos));
        }
        let path = self.path_of(target);
        self.read.borrow_mut().push(path.clone());
        let content = match read_limited(&path) {
            Ok(c) => c,
            Err(e) => {
                findings.push(
                    Finding::error(
                        "placeholder",
                        arg.pos,
                        format!("`{key}: {target}`: cannot read {}: {e}", path.display()),
                    )
                    .hint(
                        "the path is relative to this descriptor's folder; fix it or add the file",
                    ),
                );
                return None;
            }
        };
        match kind {
            Kind::Text => Some(Node::new(Value::String(content), pos)),
            Kind::Json => match serde_json::from_str::<serde_json::Value>(&content) {
                Ok(json) => Some(Node::from_json(&json, pos)),
                Err(e) => {
                    findings.push(Finding::error(
                        "placeholder",
                        arg.pos,
                        format!("`$json: {target}` is not valid JSON: {e}"),
                    ));
                    None
                }
            },
            Kind::Yaml => self.yaml_document(target, &content, arg.pos, pos, findings),
        }
    }

    fn yaml_document(
        &self,
        target: &str,
        content: &str,
        arg_pos: Pos,
        pos: Pos,
        findings: &mut Vec<Finding>,
    ) -> Option<Node> {
        let mut docs = yaml::parse_stream(content);
        if docs.len() != 1 {
            findings.push(
                Finding::error(
                    "placeholder",
                    arg_pos,
                    format!(
                        "`$yaml: {target}` must hold exactly one YAML document, but holds {}",
                        docs.len()
                    ),
                )
                .hint("remove the extra `---` separators (an empty trailing document counts)"),
            );
            return None;
        }
        match docs.remove(0).content {
            DocContent::Empty => Some(Node::new(Value::Null, pos)),
            DocContent::Node(mut n) => {
                n.pos = pos;
                Some(n)
            }
            DocContent::Error(e) => {
                findings.push(Finding::error(
                    "placeholder",
                    arg_pos,
                    format!(
                        "`$yaml: {target}` has a YAML error at line {}, column {}: {}",
                        e.pos.line, e.pos.col, e.message
                    ),
                ));
                None
            }
        }
    }

    fn path_of(&self, target: &str) -> PathBuf {
        let joined = match target.strip_prefix('/') {
            Some(from_root) => self.root.join(from_root),
            None => self.dir.join(target),
        };
        crate::source::location::normalize(&joined)
    }
}

fn read_limited(path: &Path) -> std::io::Result<String> {
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        return Err(std::io::Error::other("it is a folder"));
    }
    if !meta.is_file() {
        // A FIFO would block for ever, `/dev/zero` never ends.
        return Err(std::io::Error::other(
            "it is not a regular file (a device, FIFO or socket)",
        ));
    }
    let too_big = || {
        std::io::Error::other(format!(
            "it is larger than {} MiB",
            MAX_PLACEHOLDER_BYTES >> 20
        ))
    };
    if meta.len() > MAX_PLACEHOLDER_BYTES {
        return Err(too_big());
    }
    // Bounded even if the file grows while it is read.
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(std::fs::File::open(path)?, MAX_PLACEHOLDER_BYTES + 1),
        &mut bytes,
    )?;
    if bytes.len() as u64 > MAX_PLACEHOLDER_BYTES {
        return Err(too_big());
    }
    // JavaScript decodes with replacement characters, and so do we.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Text,
    Json,
    Yaml,
}

impl Kind {
    fn key(self) -> &'static str {
        match self {
            Kind::Text => "$text",
            Kind::Json => "$json",
            Kind::Yaml => "$yaml",
        }
    }
}
