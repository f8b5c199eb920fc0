//! Template skeletons are not descriptors. A Template's `fetch:template` and `fetch:plain`
//! steps (and their `:file` forms) copy a folder (or one file) named by `input.url`,
//! relative to the template's file; what is there is rendered before it means anything,
//! so a `catalog-info.yaml` in it is the template's, not the catalog's. The same holds
//! for the `tests/` folder beside a template's file (`portal templates test`: the trees its
//! cases must render). Scans leave those files out, and say which (`-v`).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::catalog::yaml::{self, Node, Pos};
use crate::catalog::{Diagnostic, Entity, EntityRef, FileReport};
use crate::confine;

/// The steps whose `input.url` names skeleton content, and whether it is one file.
const FETCH_ACTIONS: &[(&str, bool)] = &[
    ("fetch:template", false),
    ("fetch:plain", false),
    ("fetch:template:file", true),
    ("fetch:plain:file", true),
];

/// A descriptor left out because a Template fetches it as skeleton content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The file, as shown.
    pub file: PathBuf,
    /// The Template's reference.
    pub template: String,
    /// The Template's file, and where its step's `url` is.
    pub at: (PathBuf, Pos),
}

/// Where one Template's skeleton content is: a folder (everything below it) or a file.
struct Skeleton {
    path: PathBuf,
    file_only: bool,
    template: String,
    at: (PathBuf, Pos),
}

impl Skeleton {
    fn holds(&self, file: &Path) -> bool {
        let file = confine::normalize(file);
        match self.file_only {
            true => file == self.path,
            false => file.starts_with(&self.path),
        }
    }
}

/// The skeleton content each Template among `entities` fetches from its own repository.
fn skeletons<'a>(entities: impl Iterator<Item = &'a Entity>) -> Vec<Skeleton> {
    entities
        .filter(|e| e.kind.eq_ignore_ascii_case("Template"))
        .flat_map(|e| fetched(&e.file, &e.node, e.entity_ref().to_string()))
        .collect()
}

/// What the Template document `doc` (in `file`) fetches: relative URLs only
/// (`./skeleton`, `../../skeletons/go`), never one with a `${{`.
fn fetched(file: &Path, doc: &Node, template: String) -> Vec<Skeleton> {
    let mut out = Vec::new();
    let steps = doc
        .get("spec")
        .and_then(|s| s.get("steps"))
        .and_then(Node::as_seq)
        .unwrap_or_default();
    for step in steps {
        let action = step.get("action").and_then(Node::as_str).unwrap_or("");
        let Some(&(_, file_only)) = FETCH_ACTIONS.iter().find(|(a, _)| *a == action) else {
            continue;
        };
        let Some(url) = step.get("input").and_then(|i| i.get("url")) else {
            continue;
        };
        let Some(target) = url.as_str() else { continue };
        if target.contains("${{") || url::Url::parse(target).is_ok() {
            continue;
        }
        let dir = file.parent().unwrap_or(Path::new(""));
        let path = confine::normalize(&dir.join(target));
        // A skeleton that holds the template's own folder (`url: .`) would hide the
        // template and its neighbours: Backstage would copy them, but they are still the
        // catalog's.
        if confine::normalize(dir).starts_with(&path) {
            continue;
        }
        out.push(Skeleton {
            path,
            file_only,
            template: template.clone(),
            at: (file.to_path_buf(), url.pos),
        });
    }
    // Its test cases (`portal templates test`): answers and the trees they must render.
    let dir = file.parent().unwrap_or(Path::new(""));
    out.push(Skeleton {
        path: confine::normalize(&dir.join("tests")),
        file_only: false,
        template,
        at: (file.to_path_buf(), doc.pos),
    });
    out
}

/// The file names under which a Template sits beside its skeleton, as Backstage's
/// documentation and most template repositories lay them out.
const TEMPLATE_FILES: &[&str] = &["template.yaml", "template.yml"];

/// Templates that are not in the catalog but sit in a folder above a file, read on
/// demand (each folder once) from inside the file's source.
struct Nearby {
    read: HashMap<PathBuf, Vec<Skeleton>>,
}

impl Nearby {
    /// The skeleton of a `template.yaml` in a folder above `file` (up to `root`, the
    /// source folder) that holds `file`.
    fn owner(&mut self, file: &Path, root: &confine::Dir) -> Option<&Skeleton> {
        let mut dirs = Vec::new();
        let mut dir = file.parent();
        while let Some(d) = dir {
            // Paths below the implicit `.` are shown without it.
            let rel = match root.shown() == Path::new(".") {
                true => Some(d),
                false => d.strip_prefix(root.shown()).ok(),
            };
            let Some(rel) =
                rel.filter(|r| r.as_os_str().is_empty() || confine::relative(r).is_some())
            else {
                break;
            };
            dirs.push((d.to_path_buf(), rel.to_path_buf()));
            dir = d.parent();
        }
        for (shown, rel) in &dirs {
            if !self.read.contains_key(shown) {
                let found = TEMPLATE_FILES
                    .iter()
                    .flat_map(|name| templates_in(root, shown, &rel.join(name), name))
                    .collect();
                self.read.insert(shown.clone(), found);
            }
        }
        dirs.iter()
            .flat_map(|(shown, _)| self.read[shown].iter())
            .find(|s| s.holds(file))
    }
}

/// The skeletons the Template documents of `dir/name` fetch (none when it is not there,
/// or not a Template).
fn templates_in(root: &confine::Dir, dir: &Path, rel: &Path, name: &str) -> Vec<Skeleton> {
    let Some(rel) = rel.to_str() else {
        return Vec::new();
    };
    let Ok(bytes) = root.read(rel, crate::catalog::MAX_FILE_BYTES) else {
        return Vec::new();
    };
    let text = String::from_utf8_lossy(&bytes);
    let file = dir.join(name);
    yaml::parse_stream(&text)
        .into_iter()
        .filter_map(|d| match d.content {
            yaml::DocContent::Node(n) => Some(n),
            _ => None,
        })
        .filter(|n| n.get("kind").and_then(Node::as_str) == Some("Template"))
        .flat_map(|n| {
            let meta = |k: &str| {
                n.get("metadata")
                    .and_then(|m| m.get(k))
                    .and_then(Node::as_str)
                    .unwrap_or(if k == "namespace" { "default" } else { "" })
                    .to_string()
            };
            let r = EntityRef::new("Template", &meta("namespace"), &meta("name"));
            fetched(&file, &n, r.to_string())
        })
        .collect()
}

/// Whether `file` lies below a folder named `tests`, where a template beside it keeps the
/// trees its cases must render: valid descriptors, but the template's.
fn in_tests(file: &Path) -> bool {
    file.parent()
        .is_some_and(|d| d.components().any(|c| c.as_os_str() == "tests"))
}

/// The file a report is about: that of its first entity or diagnostic.
fn file_of(report: &FileReport) -> Option<&Path> {
    report
        .entities
        .first()
        .map(|e| e.file.as_path())
        .or_else(|| report.diagnostics.first().map(|d| d.file.as_path()))
}

/// Leaves out the reports of files that a Template fetches as skeleton content, and the
/// `diagnostics` about those files; says which were left out, in order. Each report comes
/// with its source folder, when it was read from disk.
///
/// A Template in the catalog leaves out everything it fetches. A file that does not load
/// cleanly, or that lies below a `tests/` folder, is also left out when a `template.yaml`
/// (or `.yml`) above it, inside its source, fetches it or keeps its test cases there: a
/// skeleton beside a template that no Location registers. A file
/// that is itself a source (named on the command line) is never left out.
pub fn leave_out(
    reports: &mut Vec<(FileReport, Option<PathBuf>)>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Skipped> {
    let known = skeletons(reports.iter().flat_map(|(r, _)| r.entities.iter()));
    let mut nearby = Nearby {
        read: HashMap::new(),
    };
    let mut roots: HashMap<PathBuf, Option<confine::Dir>> = HashMap::new();
    let mut skipped = Vec::new();
    reports.retain(|(r, root)| {
        let Some(file) = file_of(r) else { return true };
        // A file named as a source (`validate FILE`) is judged whatever fetches it.
        if root.as_deref() == Some(file) {
            return true;
        }
        let mut owner = known.iter().find(|s| s.holds(file));
        if owner.is_none()
            && let Some(root) = root
            && (r.diagnostics.iter().any(Diagnostic::is_error) || in_tests(file))
            && let Some(root) = roots
                .entry(root.clone())
                .or_insert_with(|| confine::Dir::new(root).ok())
        {
            owner = nearby.owner(file, root);
        }
        match owner {
            Some(s) => {
                skipped.push(Skipped {
                    file: file.to_path_buf(),
                    template: s.template.clone(),
                    at: s.at.clone(),
                });
                false
            }
            None => true,
        }
    });
    let left_out: HashSet<&Path> = skipped.iter().map(|s| s.file.as_path()).collect();
    diagnostics.retain(|d| {
        !left_out.contains(d.file.as_path()) && !known.iter().any(|s| s.holds(&d.file))
    });
    skipped
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{LoadOptions, load_text};

    fn report(file: &str, text: &str) -> FileReport {
        load_text(
            text,
            Path::new(file),
            Path::new("."),
            &LoadOptions::default(),
        )
    }

    const TEMPLATE: &str = "apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata:\n  name: t\nspec:\n  type: service\n  steps:\n    - id: a\n      action: fetch:template\n      input:\n        url: ./skeleton\n    - id: b\n      action: fetch:plain:file\n      input:\n        url: ../shared/one.yaml\n    - id: c\n      action: fetch:template\n      input:\n        url: https://github.com/acme/x/tree/main/skeleton\n    - id: d\n      action: fetch:plain\n      input:\n        url: .\n";

    #[test]
    fn what_a_template_fetches_is_left_out_and_nothing_else() {
        let group = "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: g\nspec:\n  type: team\n  children: []\n";
        let mut reports: Vec<_> = [
            report("templates/t/template.yaml", TEMPLATE),
            report(
                "templates/t/skeleton/catalog-info.yaml",
                "a: ${{ values.name }\n  b",
            ),
            report("templates/t/skeleton/deep/catalog-info.yaml", group),
            report("templates/shared/one.yaml", group),
            report("templates/shared/two.yaml", group),
            report("templates/t/catalog-info.yaml", group),
            report("templates/t/skeleton-other/catalog-info.yaml", group),
        ]
        .into_iter()
        .map(|r| (r, None))
        .collect();
        assert!(
            reports[1].0.entities.is_empty(),
            "the skeleton is broken YAML"
        );
        let mut diagnostics = reports[1].0.diagnostics.clone();
        let skipped = leave_out(&mut reports, &mut diagnostics);
        let left: Vec<_> = skipped
            .iter()
            .map(|s| s.file.display().to_string())
            .collect();
        assert_eq!(
            left,
            [
                "templates/t/skeleton/catalog-info.yaml",
                "templates/t/skeleton/deep/catalog-info.yaml",
                "templates/shared/one.yaml"
            ]
        );
        assert_eq!(skipped[0].template, "template:default/t");
        assert_eq!(skipped[0].at.1.line, 11);
        assert_eq!(reports.len(), 4);
        assert!(diagnostics.is_empty());
    }
}
