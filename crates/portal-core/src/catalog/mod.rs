//! The catalog: descriptor files read and judged exactly as Backstage would, with positions.
//!
//! `load_file` turns one file into documents, entities and diagnostics; `Catalog` holds
//! the result for a whole scan. Nothing here prints or exits.

pub mod diagnostic;
pub mod entity;
pub mod entity_ref;
pub mod files;
pub(crate) mod formats;
pub mod kinds;
pub mod lazy;
pub(crate) mod placeholder;
pub(crate) mod rules;
pub(crate) mod schema;
pub mod search;
pub mod yaml_hints;
/// The YAML reader, its own crate (`crates/backstage-yaml`).
pub use backstage_yaml as yaml;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use diagnostic::{Capped, Diagnostic, Finding, MAX_FILE_DIAGNOSTICS, Severity};
pub use entity::{Entity, Relation, Served};
pub use entity_ref::EntityRef;

use placeholder::Resolver;
use rules::Rules;
use yaml::{DocContent, Pos};

/// Largest descriptor read; anything bigger is reported, not parsed.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Everything a scan found.
#[derive(Debug, Default)]
pub struct Catalog {
    /// Every entity that passed every stage, in file and document order after `sort`.
    pub entities: Vec<Entity>,
    /// Every finding, errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
    /// Files read (or attempted).
    pub files: usize,
    /// Non-empty YAML documents.
    pub documents: usize,
    /// For each reference defined more than once, the definitions left out (in the
    /// order they were read); `entities` holds the one Backstage keeps.
    pub also_defined: HashMap<EntityRef, Vec<Definition>>,
}

/// Where an entity is defined: its file, its document, and the position of its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition {
    /// The path as reached from the arguments.
    pub file: PathBuf,
    /// 0-based index of the YAML document in its file.
    pub doc: usize,
    /// Where its `metadata.name` is (where the document starts, without one).
    pub pos: Pos,
}

impl std::fmt::Display for Definition {
    /// `file:line:col`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}",
            self.file.display(),
            self.pos.line,
            self.pos.col
        )
    }
}

impl Catalog {
    /// The definitions of `r` left out in favour of the one in `entities`.
    pub fn also_defined_in(&self, r: &EntityRef) -> &[Definition] {
        self.also_defined.get(r).map_or(&[], Vec::as_slice)
    }

    /// How many diagnostics are errors.
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// How many diagnostics are warnings.
    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    /// Adds one file's report: its documents, entities and diagnostics.
    pub fn add(&mut self, file: FileReport) {
        self.files += 1;
        self.documents += file.documents;
        self.entities.extend(file.entities);
        self.diagnostics.extend(file.diagnostics);
    }

    /// Sorts diagnostics by file, position and severity, for stable output.
    pub fn sort(&mut self) {
        self.diagnostics.sort_by(|a, b| {
            (&a.file, a.doc, a.pos, a.severity, &a.rule, &a.message)
                .cmp(&(&b.file, b.doc, b.pos, b.severity, &b.rule, &b.message))
        });
        self.entities
            .sort_by(|a, b| (&a.file, a.doc).cmp(&(&b.file, b.doc)));
    }
}

/// What one file yielded.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct FileReport {
    /// YAML documents in the file (empty ones included).
    pub documents: usize,
    /// The entities it defines.
    pub entities: Vec<Entity>,
    /// What is wrong in it.
    pub diagnostics: Vec<Diagnostic>,
    /// The files its placeholders read (or tried to): the report depends on them too.
    pub deps: Vec<PathBuf>,
}

impl FileReport {
    /// Whether the report holds no more text than a descriptor can (`MAX_FILE_BYTES`),
    /// counting each alias of a scalar as a copy, as the index would write it. Only
    /// aliases make a report larger; such a report is not worth keeping (re-reading the
    /// file shares the aliased text and is fast, while its record would be gigabytes).
    pub fn fits_the_index(&self) -> bool {
        let mut budget = MAX_FILE_BYTES;
        self.entities.iter().all(|e| e.node.fits(&mut budget))
            && self
                .diagnostics
                .iter()
                .all(|d| yaml::spend(&mut budget, d.message.len() as u64))
    }
}

/// How files are judged.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Kinds added by plugins, declared in `portal.yaml`.
    pub extra_kinds: Vec<String>,
}

/// Reads and judges one descriptor file. `shown` is the path as the user reached it;
/// `repo_root` anchors placeholder paths that start with `/`.
pub fn load_file(shown: &Path, repo_root: &Path, opts: &LoadOptions) -> FileReport {
    match read_text(shown) {
        Ok((text, None)) => load_text(&text, shown, repo_root, opts),
        Ok((text, Some(pos))) => {
            let mut report = load_text(&text, shown, repo_root, opts);
            report.diagnostics.push(
                Finding::warning(
                    "invalid-utf8",
                    pos,
                    "this file is not valid UTF-8 here; the bad bytes are read as U+FFFD (\u{fffd}), as Backstage reads them",
                )
                .hint("save the file as UTF-8")
                .at(shown.to_path_buf(), None, None),
            );
            report
        }
        Err(message) => FileReport {
            diagnostics: vec![
                Finding::error("read-error", Pos::new(1, 1), message)
                    .hint("check that the path is a readable file")
                    .at(shown.to_path_buf(), None, None),
            ],
            ..FileReport::default()
        },
    }
}

/// The file's text, and where its first invalid UTF-8 sequence is, if it has one.
fn read_text(path: &Path) -> Result<(String, Option<Pos>), String> {
    use crate::confine::Refusal;
    let too_big = |len: u64| {
        format!(
            "this file is {} MiB; portal reads descriptors up to {} MiB",
            len >> 20,
            MAX_FILE_BYTES >> 20
        )
    };
    let bytes = crate::confine::read_regular(path, MAX_FILE_BYTES).map_err(|e| match e {
        Refusal::Folder => "this is a folder, not a descriptor file".to_string(),
        Refusal::NotRegular => "this is not a regular file (a device, FIFO or socket)".into(),
        Refusal::Special => "this file is in /proc, /sys or /dev, which portal never reads".into(),
        Refusal::TooLarge(_) => too_big(std::fs::metadata(path).map_or(0, |m| m.len())),
        e => format!("cannot read this file: {e}"),
    })?;
    if bytes.contains(&0) {
        return Err("this file holds binary data (a NUL byte), not YAML".into());
    }
    // Node's `toString('utf8')` replaces invalid sequences; so do we, and YAML then
    // judges the text as Backstage would.
    let bad = std::str::from_utf8(&bytes).err().map(|e| {
        let valid = &bytes[..e.valid_up_to()];
        let line_start = valid.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
        let col = String::from_utf8_lossy(&valid[line_start..])
            .chars()
            .count();
        Pos::new(valid.iter().filter(|b| **b == b'\n').count() + 1, col + 1)
    });
    Ok((String::from_utf8_lossy(&bytes).into_owned(), bad))
}

/// Judges the text of a descriptor at `shown` on disk, whose placeholders read inside
/// the folder `repo_root` (see [`repo_root_of`]).
pub fn load_text(text: &str, shown: &Path, repo_root: &Path, opts: &LoadOptions) -> FileReport {
    load_text_in(text, shown, &files::Disk::new(repo_root, shown), opts)
}

/// Judges the text of a descriptor shown as `shown`, whose placeholders read `files`.
pub fn load_text_in(
    text: &str,
    shown: &Path,
    files: &dyn files::Files,
    opts: &LoadOptions,
) -> FileReport {
    // A byte-order mark is left in: `yaml` skips one at the start of each stream line,
    // and a second one is part of the first key, as Backstage reads it.
    let rules = Rules {
        extra_kinds: &opts.extra_kinds,
        resolver: Resolver::new(files),
    };
    let mut report = FileReport::default();
    let mut diagnostics = Capped::default();
    for doc in yaml::parse_stream(text) {
        let root = match doc.content {
            DocContent::Empty => continue,
            DocContent::Error(e) => {
                report.documents += 1;
                let (pos, hint) = yaml_hints::advise(&e, text);
                let f = Finding::error(e.rule, pos, e.message).hint(hint);
                diagnostics.push(f.at(shown.to_path_buf(), Some(doc.index), None));
                continue;
            }
            DocContent::Node(n) => n,
        };
        report.documents += 1;
        let outcome = rules.process(root);
        let entity_ref = outcome.entity_ref.as_ref().map(ToString::to_string);
        for f in outcome.findings {
            diagnostics.push(f.at(shown.to_path_buf(), Some(doc.index), entity_ref.clone()));
        }
        if let Some(mut entity) = outcome.entity {
            entity.file = shown.to_path_buf();
            entity.doc = doc.index;
            report.entities.push(entity);
        }
    }
    report.diagnostics = diagnostics.finish(shown);
    report.deps = rules.resolver.read.take();
    report.deps.sort();
    report.deps.dedup();
    report
}

pub use files::repo_root_of;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_byte_order_mark_is_part_of_the_first_key() {
        let text = "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: g\nspec:\n  type: t\n  children: []\n";
        let load = |t: &str| {
            load_text(
                t,
                Path::new("catalog-info.yaml"),
                Path::new("."),
                &LoadOptions::default(),
            )
        };
        assert_eq!(load(&format!("\u{feff}{text}")).entities.len(), 1);
        let report = load(&format!("\u{feff}\u{feff}{text}"));
        assert!(report.entities.is_empty());
        assert!(report.diagnostics.iter().any(Diagnostic::is_error));
    }
}
