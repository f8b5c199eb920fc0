//! Following `kind: Location` entities: `spec.target` and `spec.targets`, relative to the
//! file that holds them, globs allowed. URL targets are listed, not fetched.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;
use std::path::{Path, PathBuf};

use globset::GlobBuilder;

use crate::catalog::yaml::Node;
use crate::catalog::{Diagnostic, Entity, Finding, Severity};
use crate::confine::{self, Refusal};

/// The local files the Locations among `entities` (read from one file of the source
/// `source`) name, and findings about their targets. Targets are confined to the file's
/// root (`catalog::repo_root_of`).
pub fn targets(entities: &[Entity], source: &Path) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let Some(first) = entities.iter().find(|e| e.kind == "Location") else {
        return (Vec::new(), Vec::new());
    };
    let root = crate::catalog::repo_root_of(&first.file, source);
    let root = confine::Dir::new(if root.as_os_str().is_empty() {
        Path::new(".")
    } else {
        &root
    });
    let mut walks = Walks::default();
    targets_with(entities, &mut |e: &Entity, target: &str| {
        let dir = e.file.parent().unwrap_or(Path::new("."));
        let looked_in = dir.display().to_string();
        let Ok(root) = &root else {
            return (Err(Refusal::Outside), looked_in);
        };
        let found = match root.relative_of(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        }) {
            Some(base) => resolve(root, &base, target, &mut walks),
            None => Err(Refusal::Outside),
        };
        (found, looked_in)
    })
}

/// Finds what a Location's target names: the matches (or why it may not be read), and
/// where it looked (for messages).
pub type Resolve<'a, T> = &'a mut dyn FnMut(&Entity, &str) -> (Result<Vec<T>, Refusal>, String);

/// The files the Locations among `entities` name, as `resolve(location, target)` finds
/// them, each once, and findings about their targets. A target written twice in one
/// Location is resolved once.
pub fn targets_with<T: Clone + Eq + Hash>(
    entities: &[Entity],
    resolve: Resolve<'_, T>,
) -> (Vec<T>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut kept = HashSet::new();
    let mut diagnostics = Vec::new();
    for e in entities.iter().filter(|e| e.kind == "Location") {
        let Some(spec) = e.spec() else { continue };
        let mut nodes: Vec<&Node> = spec.get("target").into_iter().collect();
        nodes.extend(
            spec.get("targets")
                .and_then(Node::as_seq)
                .unwrap_or_default(),
        );
        let mut seen = HashSet::new();
        for node in nodes {
            let Some(target) = node.as_str() else {
                continue;
            };
            if !seen.insert(target) {
                continue;
            }
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
            let matched = match matched {
                Ok(matched) => matched,
                Err(why) => {
                    diagnostics.push(at(Finding::error(
                        "outside-root",
                        node.pos,
                        format!("target `{}` is not read: {why}", quote(target)),
                    )
                    .hint("a Location reads only files of the repository (or source folder) that holds it; add the other folder as a source instead")));
                    continue;
                }
            };
            if matched.is_empty() {
                diagnostics.push(at(Finding {
                    severity: Severity::Warning,
                    ..Finding::error(
                        "location-target-missing",
                        node.pos,
                        format!("target `{}` matches no file (looked in {dir})", quote(target)),
                    )
                    .hint("targets are relative to this file's folder; fix the path or remove the target")
                }));
            }
            files.extend(matched.into_iter().filter(|m| kept.insert(m.clone())));
        }
    }
    (files, diagnostics)
}

/// `target`, cut to a length fit for a message.
fn quote(target: &str) -> String {
    match target.char_indices().nth(200) {
        Some((i, _)) => format!("{}…", &target[..i]),
        None => target.to_string(),
    }
}

/// The regular files below each folder a glob was expanded in, relative to the root:
/// walked once however many targets start there.
#[derive(Default)]
pub struct Walks(HashMap<String, Vec<String>>);

impl Walks {
    fn files(&mut self, root: &confine::Dir, base: &str) -> Result<&[String], Refusal> {
        if !self.0.contains_key(base) {
            let real = root.resolve(base)?;
            let mut found: Vec<String> = super::walker(&real)
                .build()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
                .filter_map(|e| {
                    let rel = e.path().strip_prefix(root.real()).ok()?;
                    let parts: Option<Vec<&str>> =
                        rel.components().map(|c| c.as_os_str().to_str()).collect();
                    Some(parts?.join("/"))
                })
                .collect();
            found.sort();
            self.0.insert(base.to_string(), found);
        }
        Ok(&self.0[base])
    }
}

/// The files `target` names, relative to the folder `base` of the root, globs expanded;
/// each inside the root once its links are resolved.
pub fn resolve(
    root: &confine::Dir,
    base: &str,
    target: &str,
    walks: &mut Walks,
) -> Result<Vec<PathBuf>, Refusal> {
    let rel = confine::join(base, target)?;
    if !target.contains(['*', '?', '[', '{']) {
        return match root.resolve(&rel) {
            Ok(real) if real.is_file() => Ok(vec![root.show(&rel)]),
            Ok(_) | Err(Refusal::Missing) => Ok(Vec::new()),
            Err(e) => Err(e),
        };
    }
    // Walk from the deepest folder without glob characters.
    let walk_from = rel
        .split('/')
        .take_while(|part| !part.contains(['*', '?', '[', '{']))
        .collect::<Vec<_>>()
        .join("/");
    let Ok(glob) = GlobBuilder::new(&rel).literal_separator(true).build() else {
        return Ok(Vec::new());
    };
    let matcher = glob.compile_matcher();
    let files = match walks.files(root, &walk_from) {
        Ok(files) => files,
        Err(Refusal::Missing) => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    Ok(files
        .iter()
        .filter(|f| matcher.is_match(f.as_str()))
        .map(|f| root.show(f))
        .collect())
}

pub use crate::confine::normalize;
