//! `portal docs check`: what would break or mislead in a docs site, each at its file, line
//! and column: nav entries naming missing pages, pages the nav leaves out, relative links
//! to nothing (pages, files, anchors), missing images, unreadable pages.

use std::collections::HashMap;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use std::borrow::Cow;
use std::path::PathBuf;

use serde::Serialize;

use super::{NavItem, Page, Problem, Site, Sources};
use crate::catalog::yaml::{LineIndex, Pos};
use crate::catalog::{Diagnostic, Entity, Severity};
use crate::config::Config;
use crate::confine;

/// What a docs check covered and found.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Summary {
    /// Sites checked.
    pub sites: usize,
    /// Pages in them.
    pub pages: usize,
    /// Errors found.
    pub errors: usize,
    /// Warnings found.
    pub warnings: usize,
}

/// The docs diagnostics of `chosen` (and of every entity `docs.require` names that has
/// none), with a summary; warnings count as errors under `strict`.
pub fn diagnostics(
    all: &[Entity],
    chosen: &[&Entity],
    sources: &Sources,
    config: &Config,
    strict: bool,
) -> (Vec<Diagnostic>, Summary) {
    let mut out = Vec::new();
    let mut sites = 0;
    let mut pages = 0;
    let mut seen_sites: Vec<(PathBuf, String)> = Vec::new();
    for e in chosen {
        let entity = Some(e.entity_ref().to_string());
        match super::locate(e, all, sources) {
            Err(no) => out.push(Diagnostic {
                severity: Severity::Error,
                rule: Cow::Borrowed("docs-ref"),
                message: no.message,
                file: e.file.clone(),
                pos: annotation_pos(e),
                doc: Some(e.doc),
                entity,
                hint: Some(no.hint),
                related: None,
            }),
            Ok(located) => {
                // Two entities sharing one site (techdocs-entity) are checked once.
                let key = (located.tree.show(&located.dir), located.owner.to_string());
                if seen_sites.contains(&key) {
                    continue;
                }
                seen_sites.push(key);
                let site = super::site(located, e);
                sites += 1;
                pages += site.pages.len();
                for p in check(&site) {
                    out.push(Diagnostic {
                        severity: if p.error {
                            Severity::Error
                        } else {
                            Severity::Warning
                        },
                        rule: Cow::Borrowed(p.rule),
                        message: p.message,
                        file: site.located.tree.show(&p.file),
                        pos: p.pos,
                        doc: None,
                        entity: entity.clone(),
                        hint: Some(p.hint),
                        related: None,
                    });
                }
            }
        }
    }
    for e in all.iter().filter(|e| !super::has_docs(e)) {
        let keys = crate::query::filter::search_keys(e, &[]);
        if let Some(f) = config.docs_require.iter().find(|f| f.matches(&keys)) {
            let rule = f
                .conditions
                .iter()
                .map(|(k, v)| match v {
                    Some(v) => format!("{k}={v}"),
                    None => k.clone(),
                })
                .collect::<Vec<_>>()
                .join(",");
            out.push(Diagnostic {
                severity: Severity::Error,
                rule: Cow::Borrowed("docs-required"),
                message: format!(
                    "{} has no docs, and portal.yaml's docs.require asks for them ({rule})",
                    e.entity_ref()
                ),
                file: e.file.clone(),
                pos: e.pos,
                doc: Some(e.doc),
                entity: Some(e.entity_ref().to_string()),
                hint: Some(
                    "add `backstage.io/techdocs-ref: dir:.` and a docs/ folder with an index.md"
                        .into(),
                ),
                related: None,
            });
        }
    }
    if strict {
        for d in &mut out {
            d.severity = Severity::Error;
        }
    }
    let errors = out.iter().filter(|d| d.is_error()).count();
    let warnings = out.len() - errors;
    (
        out,
        Summary {
            sites,
            pages,
            errors,
            warnings,
        },
    )
}

/// Counts of a docs check.
pub type SummaryCounts = Summary;

/// Where the entity's techdocs annotation is written (its name when it has none).
fn annotation_pos(e: &Entity) -> crate::catalog::yaml::Pos {
    let annotations = e
        .node
        .get("metadata")
        .and_then(|m| m.get("annotations"))
        .and_then(|a| a.as_map());
    annotations
        .and_then(|a| {
            a.entry(super::REF_ANNOTATION)
                .or_else(|| a.entry(super::ENTITY_ANNOTATION))
        })
        .map_or(e.pos, |entry| entry.value.pos)
}

/// Every problem of `site`: those found while reading it, then the checks of its pages.
pub fn check(site: &Site) -> Vec<Problem> {
    let mut problems = site.problems.clone();
    let config = site.config.clone().unwrap_or_default();
    missing_nav_pages(site, &site.nav, &config, &mut problems);
    if site.nav_given {
        for page in site.unlisted() {
            problems.push(Problem {
                file: page.file.clone(),
                pos: Pos::new(1, 1),
                rule: "docs-unlisted",
                message: format!("{} is not in the nav of {config}", page.path),
                hint: "add it to `nav`, or remove it: MkDocs builds it, but no menu leads to it"
                    .into(),
                error: false,
            });
        }
    }
    let mut anchors: HashMap<String, Vec<String>> = HashMap::new();
    let mut texts: Vec<(&Page, String)> = Vec::new();
    for page in &site.pages {
        match site.read(page) {
            Ok(text) => {
                anchors.insert(page.path.clone(), headings(&text));
                texts.push((page, text));
            }
            Err(message) => problems.push(Problem {
                file: page.file.clone(),
                pos: Pos::new(1, 1),
                rule: "docs-unreadable",
                message,
                hint: "a page is UTF-8 Markdown under 8 MiB".into(),
                error: true,
            }),
        }
    }
    for (page, text) in &texts {
        links(site, page, text, &anchors, &mut problems);
    }
    problems
}

fn missing_nav_pages(site: &Site, items: &[NavItem], config: &str, out: &mut Vec<Problem>) {
    for item in items {
        match item {
            NavItem::Page { path, pos, .. }
                if site.page(path.trim_start_matches("./")).is_none() =>
            {
                out.push(Problem {
                    file: config.to_string(),
                    pos: *pos,
                    rule: "docs-nav-missing",
                    message: format!(
                        "`nav` names {path}, which is not a page of {}",
                        site.docs_dir
                    ),
                    hint: "create the page, or correct its path (relative to docs_dir)".into(),
                    error: true,
                });
            }
            NavItem::Section { children, .. } => missing_nav_pages(site, children, config, out),
            _ => {}
        }
    }
}

/// The anchors of a page's headings, as MkDocs' `toc` extension makes them (an explicit
/// `{#id}` wins), with `_1`, `_2`… for repeats; plus HTML `id="…"`/`name="…"` attributes.
pub fn headings(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut current: Option<String> = None;
    for event in Parser::new_ext(text, options()) {
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                current = Some(String::new());
                if let Some(id) = id {
                    out.push(id.to_string());
                    current = None;
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = &mut current {
                    c.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(title) = current.take() {
                    let slug = slugify(&title);
                    let n = seen.entry(slug.clone()).or_insert(0);
                    out.push(if *n == 0 {
                        slug.clone()
                    } else {
                        format!("{slug}_{n}")
                    });
                    *n += 1;
                }
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                for attr in ["id=\"", "name=\""] {
                    let mut rest = h.as_ref();
                    while let Some(at) = rest.find(attr) {
                        rest = &rest[at + attr.len()..];
                        if let Some(end) = rest.find('"') {
                            out.push(rest[..end].to_string());
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Python-Markdown's `toc` slugify: word characters, spaces and hyphens kept, lower-cased,
/// runs of spaces and hyphens made one hyphen.
pub fn slugify(title: &str) -> String {
    let kept: String = title
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '_' || *c == '-' || c.is_whitespace())
        .collect::<String>()
        .trim()
        .to_lowercase();
    let mut out = String::new();
    let mut dash = false;
    for c in kept.chars() {
        if c == '-' || c.is_whitespace() {
            dash = true;
        } else {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        }
    }
    out
}

fn options() -> Options {
    let mut o = Options::empty();
    o.insert(Options::ENABLE_TABLES);
    o.insert(Options::ENABLE_STRIKETHROUGH);
    o.insert(Options::ENABLE_TASKLISTS);
    o.insert(Options::ENABLE_FOOTNOTES);
    o.insert(Options::ENABLE_HEADING_ATTRIBUTES);
    o
}

/// Checks each relative link and image of `page`.
fn links(
    site: &Site,
    page: &Page,
    text: &str,
    anchors: &HashMap<String, Vec<String>>,
    out: &mut Vec<Problem>,
) {
    let lines = LineIndex::new(text);
    let base = page.path.rsplit_once('/').map_or("", |(d, _)| d);
    // A README outside docs_dir shown as the index: TechDocs copies it into docs_dir, so
    // its links resolve from there, not from where the README is.
    let copied =
        !site.docs_dir.is_empty() && !page.file.starts_with(&format!("{}/", site.docs_dir));
    let fix = if copied {
        "this page is a README outside docs_dir that TechDocs copies in as the index, so its links resolve from docs_dir: link to files inside it, or add an index.md there"
    } else {
        "correct the path: links are relative to this page's folder"
    };
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        let (dest, image) = match event {
            Event::Start(Tag::Link { dest_url, .. }) => (dest_url, false),
            Event::Start(Tag::Image { dest_url, .. }) => (dest_url, true),
            _ => continue,
        };
        let dest = dest.trim();
        if dest.is_empty()
            || dest.contains("://")
            || dest.starts_with("mailto:")
            || dest.starts_with("tel:")
            || dest.starts_with("data:")
            || dest.starts_with('/')
        {
            continue;
        }
        let pos = lines.pos(range.start);
        let mut problem = |rule: &'static str, message: String, hint: &str| {
            out.push(Problem {
                file: page.file.clone(),
                pos,
                rule,
                message,
                hint: hint.to_string(),
                error: true,
            });
        };
        let (path, anchor) = dest.split_once('#').unwrap_or((dest, ""));
        let path = path.split('?').next().unwrap_or_default();
        let target_page = if path.is_empty() {
            Some(page.path.clone())
        } else {
            match confine::join(base, &percent_decode(path)) {
                Ok(p) => Some(p),
                Err(_) => {
                    problem(
                        "docs-broken-link",
                        format!("`{dest}` leaves the docs folder"),
                        "link to pages and files inside docs_dir",
                    );
                    continue;
                }
            }
        };
        let Some(target) = target_page else { continue };
        let is_md = target.ends_with(".md") || target.ends_with(".markdown");
        if is_md || path.is_empty() {
            let Some(headings) = anchors.get(&target) else {
                problem(
                    "docs-broken-link",
                    format!("`{dest}` links to {target}, which is not a page of the site"),
                    fix,
                );
                continue;
            };
            if !anchor.is_empty() && !headings.iter().any(|h| h == anchor) {
                problem(
                    "docs-missing-anchor",
                    format!("`{dest}`: {target} has no heading with the anchor `#{anchor}`"),
                    "anchors are headings lower-cased, with spaces as `-` (`## Before you start` is `#before-you-start`)",
                );
            }
            continue;
        }
        let file = if site.docs_dir.is_empty() {
            target.clone()
        } else {
            format!("{}/{target}", site.docs_dir)
        };
        let exists = site.located.tree.kind(&file).is_some()
            || site
                .located
                .tree
                .kind(&format!("{}/index.md", file.trim_end_matches('/')))
                .is_some();
        if !exists {
            if image {
                problem(
                    "docs-missing-image",
                    format!("the image `{dest}` is not in the docs ({target})"),
                    "add the file under docs_dir, or correct the path",
                );
            } else {
                problem(
                    "docs-broken-link",
                    format!("`{dest}` links to {target}, which does not exist"),
                    fix,
                );
            }
        }
    }
}

/// `%20` and friends, as a browser decodes a relative URL's path.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = bytes.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(std::str::from_utf8(hex).unwrap_or("zz"), 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_as_mkdocs_makes_them() {
        assert_eq!(slugify("Before you start!"), "before-you-start");
        assert_eq!(slugify("  API — v2 (beta)  "), "api-v2-beta");
        assert_eq!(
            headings("# Setup\n\n## Setup\n\n## Custom {#mine}\n\n<a id=\"here\"></a>\n"),
            ["setup", "setup_1", "mine", "here"]
        );
        assert_eq!(percent_decode("my%20page.md"), "my page.md");
    }
}
