//! Checks on answers that need more than the template: a name the catalog already has,
//! and a target folder that already holds something. They run where the answer is given:
//! at its prompt (so the user types another), or over `--values`/`--set` as a problem.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;

use super::params::Question;
use crate::catalog::Entity;

/// Parameters whose answer names the new entity, as Backstage's own and common public
/// templates call it.
const NAME_KEYS: &[&str] = &[
    "name",
    "component_id",
    "componentId",
    "component_name",
    "componentName",
];

/// Kinds a template creates: a name taken by one of them is taken.
const CREATED_KINDS: &[&str] = &["Component", "API", "Resource", "System", "Domain"];

/// Cheap to clone: a prompt's validator owns one.
#[derive(Clone, Default)]
pub struct Guard(Arc<Inner>);

#[derive(Default)]
struct Inner {
    /// Lower-cased name → (reference, where it is defined) of default-namespace entities.
    names: HashMap<String, Vec<(String, PathBuf, u32)>>,
    /// `--output`, when given; else the target is the `name` answer.
    output: Option<PathBuf>,
    force: bool,
}

impl Guard {
    /// A guard over `catalog`, for a project written to `output` (or to the folder the
    /// `name` answer names), refusing a non-empty folder unless `force`.
    pub fn new(catalog: &[Entity], output: Option<&Path>, force: bool) -> Guard {
        let mut names: HashMap<String, Vec<(String, PathBuf, u32)>> = HashMap::new();
        for e in catalog
            .iter()
            .filter(|e| e.namespace == "default" && CREATED_KINDS.contains(&e.kind.as_str()))
        {
            names.entry(e.name.to_lowercase()).or_default().push((
                e.entity_ref().to_string(),
                e.file.clone(),
                e.pos.line,
            ));
        }
        Guard(Arc::new(Inner {
            names,
            output: output.map(Path::to_path_buf),
            force,
        }))
    }

    /// What is wrong with answering `q` with `v`, beyond its schema.
    pub fn check(&self, q: &Question, v: &Value) -> Vec<String> {
        let Some(s) = v.as_str().filter(|s| !s.is_empty()) else {
            return Vec::new();
        };
        let mut problems = Vec::new();
        if !NAME_KEYS.contains(&q.key.as_str()) {
            return problems;
        }
        let target = self.0.output.clone().or_else(|| {
            (q.key == "name" && !s.contains(['/', '\\']) && s != "." && s != "..")
                .then(|| PathBuf::from(s))
        });
        let taken: Vec<String> = self
            .0
            .names
            .get(&s.to_lowercase())
            .into_iter()
            .flatten()
            // The project being written again (`--force` into its folder) is not a clash.
            .filter(|(_, file, _)| target.as_deref().is_none_or(|t| !inside(file, t)))
            .map(|(r, file, line)| format!("{r}, defined in {}:{line}", file.display()))
            .collect();
        if !taken.is_empty() {
            problems.push(format!(
                "{}: `{s}` is already in the catalog ({}); choose another name",
                q.label(),
                taken.join("; ")
            ));
        }
        if self.0.output.is_none()
            && !self.0.force
            && let Some(t) = target.filter(|t| super::write::is_non_empty(t))
        {
            problems.push(format!(
                "{}: the folder `{}` exists here and is not empty; choose another name, or give --output (--force writes into it)",
                q.label(),
                t.display()
            ));
        }
        problems
    }
}

/// Whether `file` is below the folder `dir` (both as given, made absolute when they exist).
fn inside(file: &Path, dir: &Path) -> bool {
    let abs = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    abs(file).starts_with(abs(dir))
}
