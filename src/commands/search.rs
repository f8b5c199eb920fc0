//! `portal search QUERY`: fuzzy, ranked search with the matched characters highlighted.

use std::io::Write;
use std::process::ExitCode;

use console::style;

use crate::cli::{GlobalArgs, SearchArgs};
use crate::error::Error;
use crate::output::escape::{escape, push_escaped};
use crate::query::search::{Hit, search};

pub fn run(global: &GlobalArgs, args: &SearchArgs) -> Result<ExitCode, Error> {
    let (catalog, origins) = super::load_with_origins(global)?;
    let kinds = super::known_kinds(global, catalog, &args.kind)?;
    let hits: Vec<Hit<'_>> = search(&catalog.entities, &args.query)
        .into_iter()
        .filter(|h| kinds.is_empty() || kinds.iter().any(|k| k == h.kind))
        .take(args.limit)
        .collect();
    let pages = if args.docs {
        let allowed: std::collections::HashSet<String> = catalog
            .entities
            .iter()
            .filter(|e| kinds.is_empty() || kinds.contains(&e.kind))
            .map(|e| e.entity_ref().to_string())
            .collect();
        let keep = |entity: &str| allowed.contains(entity);
        super::docs::search::search(global, catalog, origins, &args.query, args.limit, &keep)?
    } else {
        Vec::new()
    };
    let mut out = crate::output::stdout();
    if args.json && args.docs {
        serde_json::to_writer_pretty(
            &mut out,
            &serde_json::json!({ "entities": hits, "docs": pages }),
        )
        .map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else if args.json {
        serde_json::to_writer_pretty(&mut out, &hits).map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else if hits.is_empty() && pages.is_empty() {
        writeln!(out, "nothing matches `{}`", escape(&args.query))?;
    } else {
        // Aligned by hand: the highlighted column holds colour codes.
        let width = hits
            .iter()
            .map(|h| h.entity_ref.to_string().chars().count())
            .max()
            .unwrap_or(0);
        for h in &hits {
            let r = h.entity_ref.to_string();
            writeln!(
                out,
                "{r:<width$}  {}  {}",
                highlight(&h.text, &h.indices),
                style(format!("({})", h.field)).dim()
            )?;
        }
        if !pages.is_empty() {
            if !hits.is_empty() {
                writeln!(out)?;
            }
            writeln!(out, "{}", style("docs").bold())?;
            super::docs::search::write_hits(&mut out, &pages)?;
        }
    }
    out.flush()?;
    Ok(if hits.is_empty() && pages.is_empty() {
        ExitCode::from(crate::error::exit::FINDINGS)
    } else {
        ExitCode::SUCCESS
    })
}

/// The text with the matched characters in bold colour (plain when colour is off), cut
/// around the first match when it is long.
fn highlight(text: &str, indices: &[u32]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let first = indices.first().copied().unwrap_or(0) as usize;
    let start = first.saturating_sub(20);
    let end = (start + 60).min(chars.len());
    let mut s = String::new();
    if start > 0 {
        s.push('…');
    }
    for (i, c) in chars.iter().enumerate().take(end).skip(start) {
        if indices.binary_search(&(i as u32)).is_ok() {
            let mut shown = String::new();
            push_escaped(&mut shown, *c);
            s.push_str(&style(shown).yellow().bold().to_string());
        } else {
            push_escaped(&mut s, *c);
        }
    }
    if end < chars.len() {
        s.push('…');
    }
    s
}
