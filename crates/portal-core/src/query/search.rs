//! Fuzzy, ranked search over what people remember about an entity: its name, title,
//! description, tags, owner, type, system and annotations (nucleo-matcher, the matcher
//! of the helix editor). A hit in the name outranks the same hit in a description.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use serde::Serialize;

use crate::catalog::{Entity, EntityRef};

/// One search result.
#[derive(Debug, Clone, Serialize)]
pub struct Hit<'a> {
    #[serde(rename = "ref")]
    /// The entity's reference.
    pub entity_ref: EntityRef,
    /// Its kind.
    pub kind: &'a str,
    /// `metadata.title`.
    pub title: Option<&'a str>,
    /// Higher is better.
    pub score: u32,
    /// The field that matched best.
    pub field: &'static str,
    /// Its text.
    pub text: String,
    /// Character positions of the matched characters in `text`.
    pub indices: Vec<u32>,
    #[serde(skip)]
    /// The entity.
    pub entity: &'a Entity,
}

/// Fields searched, with the weight of a hit in each.
const FIELDS: &[(&str, u32)] = &[
    ("name", 8),
    ("title", 6),
    ("tags", 4),
    ("owner", 3),
    ("system", 3),
    ("type", 3),
    ("description", 2),
    ("annotations", 1),
];

/// How a query meets a field's text, worst to best. Only the fuzzy score orders hits of
/// the same class and field weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    /// The letters in order, scattered (`pci` in `http-client`).
    Scattered = 0,
    /// Somewhere inside a word (`pay` in `repay`).
    Inside = 1,
    /// The start of a word (`pay` in `new-payments`).
    WordStart = 2,
    /// The start of the text, or a whole word (`pci` among `pci, payments`).
    Prefix = 3,
    /// The whole text (`openapi` for `type: openapi`).
    Exact = 4,
}

/// The class of `query` (lower-cased, trimmed) in `text`. A query of several words takes
/// the class of its weakest word.
fn class(text: &str, query: &str) -> Class {
    let text = text.to_lowercase();
    let one = |q: &str| -> Class {
        if text == q {
            return Class::Exact;
        }
        let words: Vec<&str> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        if text.starts_with(q) || words.contains(&q) {
            Class::Prefix
        } else if words.iter().any(|w| w.starts_with(q)) {
            Class::WordStart
        } else if text.contains(q) {
            Class::Inside
        } else {
            Class::Scattered
        }
    };
    let whole = one(query);
    if whole > Class::Scattered || !query.contains(char::is_whitespace) {
        return whole;
    }
    query
        .split_whitespace()
        .map(one)
        .min()
        .unwrap_or(Class::Scattered)
}

/// The score of a hit: its class times the field's weight first, then the fuzzy score.
fn score(class: Class, weight: u32, fuzzy: u32) -> u32 {
    (class as u32 * weight) * 100_000 + (fuzzy * weight).min(99_999)
}

/// The entities matching `query`, best first (ties by reference). Exact, prefix and
/// whole-word matches outrank matches inside a word, which outrank scattered letters;
/// when anything matches its letters side by side, scattered-only hits are left out.
pub fn search<'a>(entities: &'a [Entity], query: &str) -> Vec<Hit<'a>> {
    let mut matcher = Matcher::new(Config::DEFAULT);
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    let lower = query.trim().to_lowercase();
    let mut buf = Vec::new();
    let mut hits = Vec::new();
    for e in entities {
        let mut best: Option<(Class, Hit<'a>)> = None;
        for (field, weight) in FIELDS {
            for text in field_texts(e, field) {
                let Some(fuzzy) = pattern.score(Utf32Str::new(&text, &mut buf), &mut matcher)
                else {
                    continue;
                };
                let class = class(&text, &lower);
                let mut score = score(class, *weight, fuzzy);
                if *field == "name" {
                    score += name_bonus(&e.name, &lower);
                }
                if best.as_ref().is_none_or(|(_, b)| score > b.score) {
                    let mut indices = Vec::new();
                    pattern.indices(Utf32Str::new(&text, &mut buf), &mut matcher, &mut indices);
                    indices.sort_unstable();
                    indices.dedup();
                    best = Some((
                        class,
                        Hit {
                            entity_ref: e.entity_ref().clone(),
                            kind: &e.kind,
                            title: e.metadata_str("title"),
                            score,
                            field,
                            text,
                            indices,
                            entity: e,
                        },
                    ));
                }
            }
        }
        hits.extend(best);
    }
    if hits.iter().any(|(c, _)| *c > Class::Scattered) {
        hits.retain(|(c, _)| *c > Class::Scattered);
    }
    let mut hits: Vec<Hit<'a>> = hits.into_iter().map(|(_, h)| h).collect();
    hits.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then_with(|| a.entity_ref.cmp(&b.entity_ref))
    });
    hits
}

/// How well `query` matches a list item that is not an entity (a template in the picker),
/// ranked as `search` ranks: `(text, weight)` fields, the first one its name. `None` when
/// no field holds the query's letters in order; with the score, whether some field holds
/// them side by side (`search` leaves out scattered-only hits when any hit has that).
pub fn rank(fields: &[(&str, u32)], query: &str) -> Option<(u32, bool)> {
    let mut matcher = Matcher::new(Config::DEFAULT);
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    let lower = query.trim().to_lowercase();
    let mut buf = Vec::new();
    fields
        .iter()
        .enumerate()
        .filter_map(|(i, (text, weight))| {
            let text = searched(text);
            let fuzzy = pattern.score(Utf32Str::new(&text, &mut buf), &mut matcher)?;
            let bonus = if i == 0 { name_bonus(&text, &lower) } else { 0 };
            let class = class(&text, &lower);
            Some((
                score(class, *weight, fuzzy) + bonus,
                class > Class::Scattered,
            ))
        })
        .fold(None, |best: Option<(u32, bool)>, (s, near)| {
            Some(best.map_or((s, near), |(b, n)| (b.max(s), n || near)))
        })
}

/// Among names of one class, the shorter first (`orders` before `orders-api`), and a name
/// that starts with the query before one that does not.
fn name_bonus(name: &str, query: &str) -> u32 {
    let name = name.to_lowercase();
    let len = u32::try_from(name.chars().count())
        .unwrap_or(u32::MAX)
        .min(200);
    if name.starts_with(query) {
        400 - len
    } else {
        200 - len
    }
}

/// Characters of a field searched: what people remember is near the start, and a fuzzy
/// match costs time and memory in the length of the text (a 20 MB description took 2 GB).
const MAX_SEARCHED: usize = 1000;

/// `text` up to `MAX_SEARCHED` characters.
fn searched(text: &str) -> String {
    match text.char_indices().nth(MAX_SEARCHED) {
        Some((end, _)) => text[..end].to_string(),
        None => text.to_string(),
    }
}

fn field_texts(e: &Entity, field: &str) -> Vec<String> {
    let one = |s: Option<&str>| s.map(searched).into_iter().collect();
    match field {
        "name" => vec![e.name.clone()],
        "title" | "description" => one(e.metadata_str(field)),
        "owner" | "system" | "type" => one(e.spec_str(field)),
        "tags" => e
            .metadata()
            .and_then(|m| m.get("tags"))
            .and_then(|t| t.as_seq())
            .map(|tags| {
                tags.iter()
                    .filter_map(|t| t.as_str().map(searched))
                    .collect()
            })
            .unwrap_or_default(),
        "annotations" => e
            .metadata()
            .and_then(|m| m.get("annotations"))
            .and_then(|a| a.as_map())
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.value.as_str().map(searched))
                    .collect()
            })
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{LoadOptions, load_text};
    use std::path::Path;

    #[test]
    fn a_few_letters_find_the_obvious_entity_first() {
        let doc = |name: &str, description: &str| {
            format!(
                "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {{name: {name}, description: '{description}'}}\nspec: {{type: service, lifecycle: production, owner: team}}\n---\n"
            )
        };
        let yaml = [
            doc("checkout", "takes payments from the basket"),
            doc("payments", "moves money"),
            doc("payroll", "pays people"),
            doc("ledger", "records payments"),
        ]
        .concat();
        let es = load_text(
            &yaml,
            Path::new("c.yaml"),
            Path::new("."),
            &LoadOptions::default(),
        )
        .entities;
        let hits = search(&es, "paym");
        assert_eq!(hits[0].entity_ref.name, "payments");
        assert_eq!(hits[0].field, "name");
        assert_eq!(hits[0].indices, [0, 1, 2, 3]);
        assert!(
            hits.iter()
                .any(|h| h.entity_ref.name == "checkout" && h.field == "description")
        );
        assert!(search(&es, "zzzz").is_empty());
    }
}
