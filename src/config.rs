//! Where sources come from: `--source` flags, else `portal.yaml` found in the current
//! folder or the nearest parent, else the current folder.
//!
//! ```yaml
//! sources:            # folders (relative to this file) to scan
//!   - .
//!   - path: ../other-repo
//! patterns:           # more descriptor file globs, beside catalog-info.yaml/.yml
//!   - "*.catalog.yaml"
//! kinds:              # kinds added by Backstage plugins
//!   - Environment
//! ```

use std::path::{Path, PathBuf};

use crate::catalog::yaml::{self, DocContent, Node, Value};
use crate::error::Error;

pub const CONFIG_FILE: &str = "portal.yaml";

/// The resolved configuration.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Where `portal.yaml` was found.
    pub file: Option<PathBuf>,
    /// Source folders, as paths from the current folder.
    pub sources: Vec<PathBuf>,
    pub patterns: Vec<String>,
    pub kinds: Vec<String>,
}

impl Config {
    /// Loads the configuration for a run in the current folder.
    pub fn load(flag_sources: &[PathBuf]) -> Result<Config, Error> {
        let mut config = match find_upward(Path::new(".")) {
            Some(file) => parse_file(&file)?,
            None => Config::default(),
        };
        if !flag_sources.is_empty() {
            config.sources = flag_sources.to_vec();
        } else if config.sources.is_empty() {
            config.sources = vec![PathBuf::from(".")];
        }
        Ok(config)
    }
}

/// `portal.yaml` in `start` or its nearest ancestor, as a path relative to `start`.
pub fn find_upward(start: &Path) -> Option<PathBuf> {
    let abs = std::fs::canonicalize(start).ok()?;
    let mut relative = PathBuf::new();
    for dir in abs.ancestors() {
        let candidate = dir.join(CONFIG_FILE);
        if candidate.is_file() {
            return Some(if relative.as_os_str().is_empty() {
                PathBuf::from(CONFIG_FILE)
            } else {
                relative.join(CONFIG_FILE)
            });
        }
        relative.push("..");
    }
    None
}

fn parse_file(file: &Path) -> Result<Config, Error> {
    let text = std::fs::read_to_string(file).map_err(|source| Error::Io {
        path: file.to_path_buf(),
        source,
    })?;
    let base = file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let at = |node: &Node, message: String| Error::ConfigAt {
        path: file.to_path_buf(),
        line: node.pos.line,
        col: node.pos.col,
        message,
    };
    let mut config = Config {
        file: Some(file.to_path_buf()),
        ..Config::default()
    };
    let docs = yaml::parse_stream(&text);
    let root = match docs.into_iter().next().map(|d| d.content) {
        None | Some(DocContent::Empty) => return Ok(config),
        Some(DocContent::Error(e)) => {
            return Err(Error::ConfigAt {
                path: file.to_path_buf(),
                line: e.pos.line,
                col: e.pos.col,
                message: e.message,
            });
        }
        Some(DocContent::Node(n)) => n,
    };
    let Some(map) = root.as_map() else {
        return Err(at(
            &root,
            "portal.yaml must be a mapping with `sources`, `patterns` or `kinds`".into(),
        ));
    };
    for entry in map.iter() {
        let list = |node: &Node| -> Result<Vec<Node>, Error> {
            node.as_seq()
                .map(<[Node]>::to_vec)
                .ok_or_else(|| at(node, format!("`{}` must be a list", entry.key)))
        };
        match entry.key.as_str() {
            "sources" => {
                for item in list(&entry.value)? {
                    config.sources.push(base_join(
                        base,
                        &source_path(&item).ok_or_else(|| {
                            at(
                                &item,
                                "a source is a folder path, or a mapping with `path:`".into(),
                            )
                        })?,
                    ));
                }
            }
            "patterns" => config.patterns = strings(&list(&entry.value)?, "patterns", &at)?,
            "kinds" => config.kinds = strings(&list(&entry.value)?, "kinds", &at)?,
            other => {
                return Err(at(
                    &entry.value,
                    format!(
                        "unknown setting `{other}`; portal.yaml knows `sources`, `patterns` and `kinds`"
                    ),
                ));
            }
        }
    }
    Ok(config)
}

fn source_path(item: &Node) -> Option<String> {
    match &item.value {
        Value::String(s) => Some(s.clone()),
        Value::Map(m) => m.get("path").and_then(Node::as_str).map(str::to_string),
        _ => None,
    }
}

fn strings(
    items: &[Node],
    what: &str,
    at: &dyn Fn(&Node, String) -> Error,
) -> Result<Vec<String>, Error> {
    items
        .iter()
        .map(|n| {
            n.as_str()
                .map(str::to_string)
                .ok_or_else(|| at(n, format!("every entry of `{what}` must be a string")))
        })
        .collect()
}

fn base_join(base: &Path, p: &str) -> PathBuf {
    let joined = if base == Path::new(".") {
        PathBuf::from(p)
    } else {
        base.join(p)
    };
    crate::source::location::normalize(&joined)
}
