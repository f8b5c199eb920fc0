//! Backstage's filter syntax: `kind=component,spec.type=service` (every condition must
//! hold), repeated for alternatives (any filter may match). Keys are dot paths into the
//! entity, `relations.<type>` included; keys and values compare without regard to case;
//! a key without `=` only requires the field to exist. This is the catalog API's
//! `filter` parameter, over the same flattened keys Backstage indexes.

use crate::catalog::Entity;

/// One `--filter` value: conditions that must all hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    /// `(key, value)` pairs; a key alone asks only that it exists.
    pub conditions: Vec<(String, Option<String>)>,
}

impl Filter {
    /// Parses `key=value,key2=value2,key3`.
    pub fn parse(s: &str) -> Result<Filter, String> {
        let conditions: Vec<_> = s
            .split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(|c| match c.split_once('=') {
                Some((k, v)) => (k.trim().to_lowercase(), Some(v.trim().to_lowercase())),
                None => (c.to_lowercase(), None),
            })
            .collect();
        if conditions.is_empty() || conditions.iter().any(|(k, _)| k.is_empty()) {
            return Err(format!(
                "`{s}` is not a filter; write key=value pairs separated by commas, such as kind=component,spec.type=service"
            ));
        }
        Ok(Filter { conditions })
    }

    /// Whether every condition holds for an entity's search keys.
    pub fn matches(&self, keys: &[(String, Option<String>)]) -> bool {
        self.conditions.iter().all(|(k, v)| {
            keys.iter()
                .any(|(key, value)| key == k && (v.is_none() || value.as_ref() == v.as_ref()))
        })
    }
}

/// Backstage's `MAX_KEY_LENGTH` and `MAX_VALUE_LENGTH` for its search table, in UTF-16
/// units of the lower-cased text: a longer key is not indexed, a longer value is indexed
/// as `null` (found by `key`, never by `key=value`).
const MAX_INDEXED: usize = 200;

/// The text lower-cased, when it is at most `MAX_INDEXED` UTF-16 units once lower-cased.
/// Lower-casing never turns a character into fewer units, so more than 4 × the limit in
/// bytes is too long without looking further (a 20 MB value costs nothing).
fn indexed(text: &str) -> Option<String> {
    if text.len() > 4 * MAX_INDEXED {
        return None;
    }
    let lower = text.to_lowercase();
    (lower.encode_utf16().count() <= MAX_INDEXED).then_some(lower)
}

/// The entity's searchable `(key, value)` pairs, lower-cased, as Backstage's
/// `buildEntitySearch` and `mapToRows` index them.
pub fn search_keys(
    e: &Entity,
    relations: &[(&'static str, String)],
) -> Vec<(String, Option<String>)> {
    let mut out: Vec<(String, Option<String>)> = crate::catalog::search::entries(&e.node)
        .into_iter()
        .filter_map(|s| Some((indexed(&s.key)?, s.value.and_then(|v| indexed(&v)))))
        .collect();
    out.push((
        "metadata.namespace".into(),
        Some(e.namespace.to_lowercase()),
    ));
    for (kind, target) in relations {
        out.push((
            format!("relations.{}", kind.to_lowercase()),
            Some(target.to_lowercase()),
        ));
    }
    out
}

/// The kind a `--kind` value names, among `known` (Backstage's kinds, the plugin kinds of
/// portal.yaml, and the kinds in the catalog), matched without regard to case; otherwise
/// why not, with the kind it most likely means (`Components` → `Component`).
pub fn known_kind<'a>(
    input: &str,
    known: impl IntoIterator<Item = &'a str>,
) -> Result<&'a str, String> {
    let mut known: Vec<&str> = known.into_iter().collect();
    known.sort_unstable_by_key(|k| k.to_ascii_lowercase());
    known.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    if let Some(k) = known.iter().find(|k| k.eq_ignore_ascii_case(input)) {
        return Ok(k);
    }
    let lower = input.to_ascii_lowercase();
    let singular = [lower.strip_suffix("es"), lower.strip_suffix('s')];
    let near = known
        .iter()
        .find(|k| singular.iter().flatten().any(|s| k.eq_ignore_ascii_case(s)))
        .or_else(|| {
            known
                .iter()
                .map(|k| (strsim::levenshtein(&k.to_ascii_lowercase(), &lower), k))
                .filter(|(d, k)| *d <= (k.len() / 3).max(1))
                .min_by_key(|(d, _)| *d)
                .map(|(_, k)| k)
        });
    Err(match near {
        Some(k) => format!("no kind `{input}`: did you mean `{k}`?"),
        None => format!("no kind `{input}`; the kinds are {}", known.join(", ")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{LoadOptions, load_text};
    use std::path::Path;

    #[test]
    fn backstage_filters() {
        let yaml = "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: pay, tags: [java, payments]}\nspec: {type: service, lifecycle: production, owner: team}\n";
        let e = &load_text(
            yaml,
            Path::new("c.yaml"),
            Path::new("."),
            &LoadOptions::default(),
        )
        .entities[0];
        let keys = search_keys(e, &[("ownedBy", "group:default/team".into())]);
        let m = |f: &str| Filter::parse(f).expect("a filter").matches(&keys);
        assert!(m("kind=component,spec.type=service"));
        assert!(m("Kind=Component"));
        assert!(m("metadata.tags=PAYMENTS"));
        assert!(m("relations.ownedBy=group:default/team"));
        assert!(m("spec.lifecycle"));
        assert!(!m("kind=component,spec.type=website"));
        assert!(!m("spec.system"));
        assert!(Filter::parse(",").is_err());
    }

    #[test]
    fn long_keys_and_values_are_indexed_as_backstage_indexes_them() {
        let long = "a".repeat(201);
        let yaml = format!(
            "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {{name: pay, annotations: {{x: {long}, y: {short}}}}}\nspec: {{type: service, lifecycle: production, owner: team, {long}: z}}\n",
            short = "b".repeat(200)
        );
        let e = &load_text(
            &yaml,
            Path::new("c.yaml"),
            Path::new("."),
            &LoadOptions::default(),
        )
        .entities[0];
        let keys = search_keys(e, &[]);
        let m = |f: &str| Filter::parse(f).expect("a filter").matches(&keys);
        assert!(m("metadata.annotations.x"));
        assert!(!m(&format!("metadata.annotations.x={long}")));
        assert!(m(&format!("metadata.annotations.y={}", "B".repeat(200))));
        assert!(!keys.iter().any(|(k, _)| k.ends_with(&long)));
        // The Kelvin sign is three bytes and one unit, as is its lower case `k`.
        assert_eq!(indexed(&"\u{212a}".repeat(200)), Some("k".repeat(200)));
        assert_eq!(indexed(&"\u{212a}".repeat(201)), None);
    }
    #[test]
    fn kinds_are_matched_without_case_and_near_misses_are_named() {
        let known = ["Component", "API", "Group", "System", "Component"];
        assert_eq!(known_kind("component", known), Ok("Component"));
        assert_eq!(known_kind("api", known), Ok("API"));
        assert_eq!(
            known_kind("Components", known),
            Err("no kind `Components`: did you mean `Component`?".into())
        );
        assert_eq!(
            known_kind("compnent", known),
            Err("no kind `compnent`: did you mean `Component`?".into())
        );
        assert_eq!(
            known_kind("apis", known),
            Err("no kind `apis`: did you mean `API`?".into())
        );
        assert_eq!(
            known_kind("widget", known),
            Err("no kind `widget`; the kinds are API, Component, Group, System".into())
        );
    }
}
