//! `portal docs search QUERY`: full-text search across every entity's docs (BM25, the
//! index in the cache); `portal search --docs` adds the same hits to its own.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use console::style;

use crate::catalog::{Catalog, Entity};
use crate::cli::{DocsSearchArgs, GlobalArgs};
use crate::commands::{related_to, tagged};
use crate::docs::search::{Hit, Searcher, index_file};
use crate::docs::{self, Site, Sources};
use crate::error::Error;
use crate::graph::Graph;
use crate::output::escape::escape;

pub fn run(global: &GlobalArgs, args: &DocsSearchArgs) -> Result<ExitCode, Error> {
    let (catalog, origins) = crate::commands::load_with_origins(global)?;
    let kinds = crate::commands::known_kinds(global, catalog, &args.kind)?;
    let graph = Graph::new(&catalog.entities);
    let allowed: std::collections::HashSet<String> = catalog
        .entities
        .iter()
        .filter(|e| {
            (kinds.is_empty() || kinds.contains(&e.kind))
                && related_to(e, &args.owner, "ownedBy", None, &graph)
                && related_to(e, &args.system, "partOf", Some("system"), &graph)
                && (args.tag.is_empty() || args.tag.iter().any(|t| tagged(e, t)))
        })
        .map(|e| e.entity_ref().to_string())
        .collect();
    let keep = |entity: &str| allowed.contains(entity);
    let hits = search(global, catalog, origins, &args.query, args.limit, &keep)?;
    let mut out = crate::output::stdout();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &hits).map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else if hits.is_empty() {
        writeln!(out, "no docs page matches `{}`", escape(&args.query))?;
    } else {
        write_hits(&mut out, &hits)?;
    }
    out.flush()?;
    Ok(if hits.is_empty() {
        ExitCode::from(crate::error::exit::FINDINGS)
    } else {
        ExitCode::SUCCESS
    })
}

/// The docs pages matching `query` across the catalog, best first.
pub fn search(
    global: &GlobalArgs,
    catalog: &Catalog,
    origins: crate::source::Origins,
    query: &str,
    limit: usize,
    keep: &dyn Fn(&str) -> bool,
) -> Result<Vec<Hit>, Error> {
    let super::Reading {
        config,
        cache,
        sources,
    } = super::reading(global, origins)?;
    let owned: Vec<(String, Site)> = sites(&catalog.entities, &sources);
    let sites: Vec<(&str, &Site)> = owned.iter().map(|(e, s)| (e.as_str(), s)).collect();
    let file: Option<PathBuf> = match (&cache, global.no_cache) {
        (Some(c), false) => Some(index_file(c, &key(&config))),
        _ => None,
    };
    let (searcher, refresh) = Searcher::open(file.as_deref(), &sites);
    if global.verbose {
        eprintln!(
            "docs index: {} page(s), {} read again, {} dropped; {} ({})",
            refresh.pages,
            refresh.read,
            refresh.dropped,
            file.as_deref().map_or_else(
                || "not kept (--no-cache)".to_string(),
                crate::output::escape::path
            ),
            if refresh.written {
                "updated"
            } else {
                "unchanged"
            }
        );
    }
    Ok(searcher.search(query, limit, keep, &sites))
}

/// Every docs site of the catalog once, by the entity whose docs it is.
pub(super) fn sites(entities: &[Entity], sources: &Sources) -> Vec<(String, Site)> {
    let mut out: Vec<(String, Site)> = Vec::new();
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    for e in entities.iter().filter(|e| docs::has_docs(e)) {
        let Ok(located) = docs::locate(e, entities, sources) else {
            continue;
        };
        let owner = located.owner.to_string();
        let root = located
            .tree
            .show(&located.dir)
            .to_string_lossy()
            .into_owned();
        // One site once: entities sharing a folder (or `techdocs-entity`) share its pages.
        if !seen.insert(format!("entity {owner}")) | !seen.insert(format!("root {root}")) {
            continue;
        }
        let owner_entity = if *e.entity_ref() == located.owner {
            e
        } else {
            entities
                .iter()
                .find(|x| *x.entity_ref() == located.owner)
                .unwrap_or(e)
        };
        out.push((owner, docs::site(located, owner_entity)));
    }
    out
}

/// What the index depends on besides the pages: the working folder and the sources.
fn key(config: &crate::config::Config) -> String {
    format!(
        "{}\n{:?}",
        std::env::current_dir().unwrap_or_default().display(),
        config.sources
    )
}

/// `Title  entity  path` then the snippet with the matches in bold.
pub fn write_hits(out: &mut impl Write, hits: &[Hit]) -> std::io::Result<()> {
    for h in hits {
        writeln!(
            out,
            "{}  {}  {}",
            style(escape(&h.title)).bold(),
            style(escape(&h.entity)).cyan(),
            style(format!(
                "portal docs {} {}",
                escape(&h.entity),
                escape(&h.path)
            ))
            .dim()
        )?;
        writeln!(out, "    {}", highlighted(&h.snippet, &h.matches))?;
    }
    Ok(())
}

/// The snippet, escaped, its matches in bold.
fn highlighted(text: &str, matches: &[(usize, usize)]) -> String {
    let mut out = String::new();
    let mut at = 0;
    for &(s, e) in matches {
        if s < at || e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            continue;
        }
        out.push_str(&escape(&text[at..s]));
        out.push_str(&style(escape(&text[s..e])).bold().yellow().to_string());
        at = e;
    }
    out.push_str(&escape(&text[at..]));
    out
}
