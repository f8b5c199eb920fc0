//! Where templates come from: the built-in ones embedded in the binary, Template entities
//! in the configured sources, and `--template PATH`. A template is a Backstage Software
//! Template (`scaffolder.backstage.io/v1beta3`), checked with the catalog's own rules.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::catalog::{Entity, LoadOptions, load_text};

include!(concat!(env!("OUT_DIR"), "/builtin_templates.rs"));

/// Where a template's files are read from.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Files {
    /// Embedded: the prefix of its paths in `BUILTIN_FILES` (`rust-service/`).
    Builtin(String),
    /// A folder on disk.
    Dir(PathBuf),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
/// Where a template came from.
pub enum Origin {
    /// Shipped in portal's binary.
    Builtin,
    /// A `Template` entity of the catalog.
    Catalog,
    /// A template file or folder given on the command line.
    Path,
}

/// A template ready to use.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Template {
    /// `metadata.name`.
    pub name: String,
    /// `metadata.title`.
    pub title: Option<String>,
    /// `metadata.description`.
    pub description: Option<String>,
    /// `template:namespace/name`.
    pub entity_ref: String,
    /// Where it came from.
    pub origin: Origin,
    /// The template entity as JSON (placeholders resolved).
    pub entity: Value,
    /// Where its skeleton files are read from.
    pub files: Files,
    /// Where it was defined, for messages.
    pub location: String,
    /// The file it was read from, and where each step's `input.url` is in it (line,
    /// column), for located errors.
    pub file: Option<PathBuf>,
    /// For each step, the line and column of its `input.url`, if it has one.
    pub url_pos: Vec<Option<(u32, u32)>>,
}

impl Template {
    fn from_entity(e: &Entity, origin: Origin, files: Files, location: String) -> Template {
        Template {
            name: e.name.clone(),
            title: e.metadata_str("title").map(str::to_string),
            description: e.metadata_str("description").map(str::to_string),
            entity_ref: e.entity_ref().to_string(),
            origin,
            entity: e.node.to_json(),
            files,
            location,
            file: Some(e.file.clone()),
            url_pos: url_positions(&e.node),
        }
    }

    /// The template's `spec`.
    pub fn spec(&self) -> &Value {
        &self.entity["spec"]
    }

    /// Every file below `rel` (a folder relative to the template), as
    /// `(path relative to that folder, bytes)`, sorted.
    pub fn files_under(&self, url: &str) -> Result<Vec<(String, Vec<u8>)>, String> {
        let rel = url.trim_start_matches("./").trim_end_matches('/');
        match &self.files {
            Files::Builtin(prefix) => {
                let base = if rel.is_empty() || rel == "." {
                    prefix.clone()
                } else {
                    format!("{prefix}{rel}/")
                };
                let mut out: Vec<_> = BUILTIN_FILES
                    .iter()
                    .filter_map(|(p, bytes)| {
                        p.strip_prefix(&base)
                            .map(|r| (r.to_string(), bytes.to_vec()))
                    })
                    .collect();
                out.sort();
                if out.is_empty() {
                    return Err(format!("the template has no folder `{rel}`"));
                }
                Ok(out)
            }
            Files::Dir(dir) => super::skeleton::files_under(dir, url),
        }
    }

    /// One file relative to the template.
    pub fn file(&self, url: &str) -> Result<Vec<u8>, String> {
        let rel = url.trim_start_matches("./");
        match &self.files {
            Files::Builtin(prefix) => BUILTIN_FILES
                .iter()
                .find(|(p, _)| *p == format!("{prefix}{rel}"))
                .map(|(_, b)| b.to_vec())
                .ok_or_else(|| format!("the template has no file `{rel}`")),
            Files::Dir(dir) => super::skeleton::file(dir, url),
        }
    }
}

/// Where each step's `input.url` starts in the template's file.
fn url_positions(node: &crate::catalog::yaml::Node) -> Vec<Option<(u32, u32)>> {
    let steps = node.get("spec").and_then(|s| s.get("steps"));
    steps
        .and_then(|s| s.as_seq())
        .unwrap_or_default()
        .iter()
        .map(|step| {
            let url = step.get("input")?.get("url")?;
            Some((url.pos.line, url.pos.col))
        })
        .collect()
}

/// The built-in templates.
pub fn builtin() -> Vec<Template> {
    BUILTIN_FILES
        .iter()
        .filter_map(|(path, bytes)| {
            let name = path.strip_suffix("/template.yaml")?;
            let text = String::from_utf8_lossy(bytes);
            let shown = PathBuf::from(format!("<built-in>/{path}"));
            let report = load_text(&text, &shown, Path::new("."), &LoadOptions::default());
            let e = report.entities.into_iter().find(|e| e.kind == "Template")?;
            Some(Template::from_entity(
                &e,
                Origin::Builtin,
                Files::Builtin(format!("{name}/")),
                format!("built-in {name}"),
            ))
        })
        .collect()
}

/// Template entities found in the catalog.
pub fn from_catalog(entities: &[Entity]) -> Vec<Template> {
    entities
        .iter()
        .filter(|e| e.kind == "Template")
        .map(|e| {
            let dir = folder_of(&e.file);
            Template::from_entity(
                e,
                Origin::Catalog,
                Files::Dir(dir),
                e.file.display().to_string(),
            )
        })
        .collect()
}

/// The folder a template file is in: `.` for a bare file name (whose `parent()` is the
/// empty path, which names no folder: `--template template.yaml` could not read its
/// skeleton).
fn folder_of(file: &Path) -> PathBuf {
    match file.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The `template.yaml` (or `.yml`) files below `root`, sorted, as a repository of
/// templates lays them out: `.gitignore` honoured, links not followed, hidden folders and
/// skeletons' own copies left to the caller (a file that holds no Template is not one).
/// At most [`MAX_FOUND`].
pub fn find_in(root: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = ignore::WalkBuilder::new(root)
        .follow_links(false)
        .max_depth(Some(16))
        .build()
        .flatten()
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .map(ignore::DirEntry::into_path)
        // Shown as the user would write them: `tpl/template.yaml`, not `./tpl/…`.
        .map(|p| match p.strip_prefix(".") {
            Ok(rel) if root == Path::new(".") => rel.to_path_buf(),
            _ => p,
        })
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n == "template.yaml" || n == "template.yml")
        })
        .take(MAX_FOUND)
        .collect();
    found.sort();
    found
}

/// The most template files [`find_in`] returns.
pub const MAX_FOUND: usize = 10_000;

/// `--template PATH`: a `template.yaml` file or a folder holding one. Errors carry the
/// validation diagnostics' messages.
pub fn from_path(path: &Path) -> Result<Template, String> {
    let file = if path.is_dir() {
        path.join("template.yaml")
    } else {
        path.to_path_buf()
    };
    // Read as any catalog file is: a regular file (never a FIFO), at most its size limit.
    let bytes = crate::confine::read_regular(&file, crate::catalog::MAX_FILE_BYTES)
        .map_err(|why| format!("{}: {why}", file.display()))?;
    let text = String::from_utf8_lossy(&bytes);
    let dir = folder_of(&file);
    let report = load_text(&text, &file, &dir, &LoadOptions::default());
    if let Some(e) = report.entities.iter().find(|e| e.kind == "Template") {
        return Ok(Template::from_entity(
            e,
            Origin::Path,
            Files::Dir(dir),
            file.display().to_string(),
        ));
    }
    let problems: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            format!(
                "{}:{}:{}: {}",
                d.file.display(),
                d.pos.line,
                d.pos.col,
                d.message
            )
        })
        .collect();
    Err(if problems.is_empty() {
        format!("{} holds no Template entity", file.display())
    } else {
        format!(
            "{} is not a valid template:\n  {}",
            file.display(),
            problems.join("\n  ")
        )
    })
}
