//! Which entities a file or folder belongs to, for `who-owns PATH`: a folder is owned by
//! the entities whose descriptors are in it or below it; anything else by the entities
//! of the nearest descriptor above it. Only entities that have an owner count: a root
//! file's Location, Groups and Users own no folder.

use std::path::{Path, PathBuf};

use crate::catalog::Entity;
use crate::source::Origins;

/// Kinds that have no owner, so cover no path.
const UNOWNED_KINDS: &[&str] = &["Location", "Group", "User"];

/// The entities `abs` (an absolute, canonical path) belongs to, in catalog order; empty
/// when nothing of the catalog is there.
pub fn covering<'a>(entities: &'a [Entity], abs: &Path, is_dir: bool) -> Vec<&'a Entity> {
    covering_by(entities, abs, is_dir, covered_dirs)
}

/// The entities of one git source (by its origins' repository and ref) that `rel`, a
/// `/`-separated path inside that repository, belongs to: the same rule, on the tree.
pub fn covering_in_tree<'a>(
    entities: &'a [Entity],
    origins: &Origins,
    repo: &str,
    reference: &str,
    rel: &str,
    is_dir: bool,
) -> Vec<&'a Entity> {
    covering_by(entities, Path::new(rel), is_dir, |e| {
        origins
            .get(&e.file)
            .filter(|o| o.repo == repo && o.reference == reference)
            .map(|o| tree_dirs(e, &o.path))
            .unwrap_or_default()
    })
}

/// The folders of the tree `e` (defined at `path` in it) covers: its descriptor's, and a
/// `dir:` source-location relative to it, confined to the repository.
fn tree_dirs(e: &Entity, path: &str) -> Vec<PathBuf> {
    let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
    let mut out = vec![PathBuf::from(dir)];
    if let Some(rel) = source_location(e)
        && let Ok(joined) = crate::confine::join(dir, rel)
    {
        out.push(PathBuf::from(joined));
    }
    out
}

/// A `dir:` `backstage.io/source-location`, without its `dir:`.
fn source_location(e: &Entity) -> Option<&str> {
    e.metadata()
        .and_then(|m| m.get("annotations"))
        .and_then(|a| a.get("backstage.io/source-location"))
        .and_then(|s| s.as_str())
        .and_then(|s| s.strip_prefix("dir:"))
}

fn covering_by<'a>(
    entities: &'a [Entity],
    target: &Path,
    is_dir: bool,
    dirs: impl Fn(&Entity) -> Vec<PathBuf>,
) -> Vec<&'a Entity> {
    let abs = target;
    let owned: Vec<(&Entity, Vec<PathBuf>)> = entities
        .iter()
        .filter(|e| !UNOWNED_KINDS.contains(&e.kind.as_str()))
        .map(|e| (e, dirs(e)))
        .filter(|(_, d)| !d.is_empty())
        .collect();
    if is_dir {
        let below: Vec<&Entity> = owned
            .iter()
            .filter(|(_, dirs)| dirs.iter().any(|d| d.starts_with(abs)))
            .map(|(e, _)| *e)
            .collect();
        if !below.is_empty() {
            return below;
        }
    }
    nearest_above(&owned, abs)
}

/// The entities with the deepest covered folder that holds `abs`.
fn nearest_above<'a>(owned: &[(&'a Entity, Vec<PathBuf>)], abs: &Path) -> Vec<&'a Entity> {
    let mut best: Option<(usize, Vec<&Entity>)> = None;
    for (e, dirs) in owned {
        for dir in dirs.iter().filter(|d| abs.starts_with(d)) {
            let depth = dir.components().count();
            match &mut best {
                Some((d, list)) if *d == depth => list.push(e),
                Some((d, _)) if *d > depth => {}
                _ => best = Some((depth, vec![e])),
            }
        }
    }
    let mut found = best.map(|(_, found)| found).unwrap_or_default();
    found.dedup_by(|a, b| a.entity_ref() == b.entity_ref());
    found
}

/// The folders `e` covers: its descriptor's, and a `dir:` `backstage.io/source-location`
/// relative to it; canonical, so that they compare with a canonical path.
fn covered_dirs(e: &Entity) -> Vec<PathBuf> {
    let Some(dir) = e.file.parent().and_then(|d| {
        std::fs::canonicalize(if d.as_os_str().is_empty() {
            Path::new(".")
        } else {
            d
        })
        .ok()
    }) else {
        return Vec::new();
    };
    let mut out = vec![dir.clone()];
    // Confined to the descriptor's folder: the annotation is untrusted input.
    if let Some(rel) = source_location(e)
        && let Ok(joined) = crate::confine::join("", rel)
        && let Ok(p) = std::fs::canonicalize(dir.join(joined))
    {
        out.push(p);
    }
    out
}
