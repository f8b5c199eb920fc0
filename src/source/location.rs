//! Following `kind: Location` entities: `spec.target` and `spec.targets`, relative to the
//! file that holds them, globs allowed. URL targets are listed, not fetched.

use std::path::{Path, PathBuf};

use globset::GlobBuilder;

use crate::catalog::yaml::Node;
use crate::catalog::{Diagnostic, Entity, Finding, Severity};

/// The local files the Locations among `entities` name, and findings about their targets.
pub fn targets(entities: &[Entity], _root: &Path) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    targets_with(entities, &|e: &Entity, target: &str| {
        let dir = e.file.parent().unwrap_or(Path::new("."));
        (resolve(dir, target), dir.display().to_string())
    })
}

/// Finds what a Location's target names: the matches, and where it looked (for messages).
pub type Resolve<'a, T> = &'a dyn Fn(&Entity, &str) -> (Vec<T>, String);

/// The files the Locations among `entities` name, as `resolve(location, target)` finds
/// them, and findings about their targets.
pub fn targets_with<T>(entities: &[Entity], resolve: Resolve<'_, T>) -> (Vec<T>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diagnostics = Vec::new();
    for e in entities.iter().filter(|e| e.kind == "Location") {
        let Some(spec) = e.spec() else { continue };
        let mut nodes: Vec<&Node> = spec.get("target").into_iter().collect();
        nodes.extend(
            spec.get("targets")
                .and_then(Node::as_seq)
                .unwrap_or_default(),
        );
        for node in nodes {
            let Some(target) = node.as_str() else {
                continue;
            };
            let at = |f: Finding| {
                f.at(
                    e.file.clone(),
                    Some(e.doc),
                    Some(e.entity_ref().to_string()),
                )
            };
            if url::Url::parse(target).is_ok() {
                diagnostics.push(at(Finding::warning(
                    "location-not-fetched",
                    node.pos,
                    format!("target {target} is a URL; portal works offline and does not fetch it"),
                )
                .hint(
                    "clone that repository and add it as a source to include its entities",
                )));
                continue;
            }
            let (matched, dir) = resolve(e, target);
            if matched.is_empty() {
                diagnostics.push(at(Finding {
                    severity: Severity::Warning,
                    ..Finding::error(
                        "location-target-missing",
                        node.pos,
                        format!("target `{target}` matches no file (looked in {dir})"),
                    )
                    .hint("targets are relative to this file's folder; fix the path or remove the target")
                }));
            }
            files.extend(matched);
        }
    }
    (files, diagnostics)
}

/// The files `target` names, relative to `dir`, expanding globs.
pub fn resolve(dir: &Path, target: &str) -> Vec<PathBuf> {
    let path = normalize(&dir.join(target.strip_prefix('/').unwrap_or(target)));
    if !target.contains(['*', '?', '[', '{']) {
        return if path.is_file() {
            vec![path]
        } else {
            Vec::new()
        };
    }
    // Walk from the deepest folder without glob characters.
    let base: PathBuf = path
        .components()
        .take_while(|c| {
            !c.as_os_str()
                .to_string_lossy()
                .contains(['*', '?', '[', '{'])
        })
        .collect();
    let Ok(glob) = GlobBuilder::new(&path.to_string_lossy())
        .literal_separator(true)
        .build()
    else {
        return Vec::new();
    };
    let matcher = glob.compile_matcher();
    let mut out: Vec<PathBuf> = super::walker(&base)
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .map(ignore::DirEntry::into_path)
        .filter(|p| matcher.is_match(p))
        .collect();
    out.sort();
    out
}

pub use crate::confine::normalize;
