//! `$text`, `$json` and `$yaml` placeholders, resolved against the file that holds them.

use std::cell::{Cell, RefCell};
use std::path::PathBuf;

use super::diagnostic::Finding;
use super::files::Files;
use super::yaml::{self, DocContent, Node, Pos, Value};
use crate::confine::{self, Refusal};

/// Where placeholders are resolved from: the files of the descriptor's root.
pub struct Resolver<'a> {
    files: &'a dyn Files,
    /// Every file on disk a placeholder named inside the root, read or not: what the
    /// result depends on.
    pub read: RefCell<Vec<PathBuf>>,
    /// Bytes the file's placeholders may still pull in.
    budget: Cell<u64>,
}

impl<'a> Resolver<'a> {
    pub fn new(files: &'a dyn Files) -> Self {
        Resolver {
            files,
            read: RefCell::default(),
            budget: Cell::new(MAX_PLACEHOLDER_TOTAL),
        }
    }
}

/// Largest file a placeholder may pull in.
pub const MAX_PLACEHOLDER_BYTES: u64 = 16 * 1024 * 1024;

/// Most bytes all the placeholders of one descriptor file may pull in together (the
/// largest descriptor portal reads): 200 placeholders naming the same 16 MiB file would
/// otherwise cost gigabytes.
pub const MAX_PLACEHOLDER_TOTAL: u64 = 64 * 1024 * 1024;

/// Longest part of a target quoted in a message.
const QUOTED: usize = 200;

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
                Kind::Text => Value::String(format!("<content of {target}>").into()),
                Kind::Json | Kind::Yaml => Value::Map(yaml::Map::default()),
            };
            return Some(Node::new(value, pos));
        }
        let content = self.read_target(key, target, arg.pos, findings)?;
        match kind {
            Kind::Text => Some(Node::new(Value::String(content.into()), pos)),
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

    /// The text of the file `target` names, read inside the root and within the budget.
    fn read_target(
        &self,
        key: &str,
        target: &str,
        at: Pos,
        findings: &mut Vec<Finding>,
    ) -> Option<String> {
        let quoted = quote(target);
        let outside = |why: &str| {
            Finding::error(
                "outside-root",
                at,
                format!(
                    "`{key}: {quoted}` {why}: placeholders read only files inside `{}`",
                    self.files.root().display()
                ),
            )
            .hint("placeholders read files of the repository (or source folder) that holds this descriptor; copy the file there")
        };
        let Some(base) = self.files.base() else {
            findings.push(outside(
                "cannot be resolved: this descriptor lies outside its root",
            ));
            return None;
        };
        let rel = match confine::join(&base, target) {
            Ok(rel) => rel,
            Err(_) => {
                findings.push(outside("leads outside its root"));
                return None;
            }
        };
        if let Some(dep) = self.files.dep(&rel) {
            self.read.borrow_mut().push(dep);
        }
        let limit = MAX_PLACEHOLDER_BYTES.min(self.budget.get());
        let bytes = match self.files.read(&rel, limit) {
            Ok(bytes) => bytes,
            Err(Refusal::Outside) => {
                findings.push(outside("leads outside its root through a symbolic link"));
                return None;
            }
            Err(Refusal::Special) => {
                findings.push(outside("names a file in /proc, /sys or /dev"));
                return None;
            }
            Err(Refusal::TooLarge(_)) if limit < MAX_PLACEHOLDER_BYTES => {
                findings.push(
                    Finding::error(
                        "placeholder",
                        at,
                        format!(
                            "`{key}: {quoted}` is not read: the placeholders of this file would pull in more than {} MiB",
                            MAX_PLACEHOLDER_TOTAL >> 20
                        ),
                    )
                    .hint("a descriptor never needs this much; point fewer placeholders at large files"),
                );
                return None;
            }
            Err(e) => {
                findings.push(
                    Finding::error(
                        "placeholder",
                        at,
                        format!(
                            "`{key}: {quoted}`: cannot read {}: {e}",
                            self.files.show(&rel).display()
                        ),
                    )
                    .hint(
                        "the path is relative to this descriptor's folder; fix it or add the file",
                    ),
                );
                return None;
            }
        };
        self.budget.set(self.budget.get() - bytes.len() as u64);
        // JavaScript decodes with replacement characters, and so do we.
        Some(String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// `target`, cut to a length fit for a message.
fn quote(target: &str) -> String {
    match target.char_indices().nth(QUOTED) {
        Some((i, _)) => format!("{}…", &target[..i]),
        None => target.to_string(),
    }
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
