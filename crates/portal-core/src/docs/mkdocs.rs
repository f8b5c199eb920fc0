//! `mkdocs.yml`: the keys TechDocs and MkDocs read to build a site: `site_name`,
//! `docs_dir` and `nav`. Everything else (theme, plugins, extensions) is MkDocs' own and
//! does not change which pages exist.

use serde::Serialize;

use crate::catalog::yaml::{self, DocContent, Node, Pos};

/// Deepest nesting of `nav` sections followed.
const MAX_NAV_DEPTH: usize = 16;

/// One entry of the navigation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum NavItem {
    /// A page of the site: its path relative to `docs_dir`, as written.
    Page {
        /// The title given in `nav`, if any (else the page's own first heading).
        title: Option<String>,
        /// The page, relative to `docs_dir`.
        path: String,
        /// Where `nav` names it in `mkdocs.yml` (line 0 when the nav was generated).
        #[serde(skip)]
        pos: Pos,
    },
    /// A link out of the site.
    Link {
        /// Its title.
        title: Option<String>,
        /// Its URL.
        url: String,
    },
    /// A titled group of entries.
    Section {
        /// Its title.
        title: String,
        /// What it holds.
        children: Vec<NavItem>,
    },
}

/// What a `mkdocs.yml` says about the site.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// `site_name`.
    pub site_name: Option<String>,
    /// `docs_dir`, as written, with where.
    pub docs_dir: Option<(String, Pos)>,
    /// `nav`, when given.
    pub nav: Option<Vec<NavItem>>,
    /// Problems with entries of `nav` (not the file's YAML).
    pub problems: Vec<(Pos, String)>,
}

/// A `mkdocs.yml` that cannot be read as one: where, what, and what to do.
pub type ConfigError = (Pos, String, String);

/// Reads a `mkdocs.yml`; a YAML error is placed and explained as in catalog files.
pub fn parse(text: &str) -> Result<Config, ConfigError> {
    let doc = yaml::parse_stream(text).into_iter().next();
    let root = match doc.map(|d| d.content) {
        None | Some(DocContent::Empty) => return Ok(Config::default()),
        Some(DocContent::Error(e)) => {
            let (pos, hint) = crate::catalog::yaml_hints::advise(&e, text);
            return Err((pos, e.message, hint));
        }
        Some(DocContent::Node(n)) => n,
    };
    let Some(map) = root.as_map() else {
        return Err((
            root.pos,
            "mkdocs.yml must be a mapping of settings".into(),
            "start it with `site_name: …`".into(),
        ));
    };
    let mut config = Config {
        site_name: map.get("site_name").and_then(scalar),
        docs_dir: map
            .get("docs_dir")
            .and_then(|n| scalar(n).map(|s| (s, n.pos))),
        ..Config::default()
    };
    if let Some(nav) = map.get("nav") {
        match nav.as_seq() {
            Some(items) => {
                let mut problems = Vec::new();
                config.nav = Some(entries(items, 0, &mut problems));
                config.problems = problems;
            }
            None => config
                .problems
                .push((nav.pos, "`nav` must be a list of pages and sections".into())),
        }
    }
    Ok(config)
}

/// A scalar as text (MkDocs reads numbers and booleans in titles as text too).
fn scalar(n: &Node) -> Option<String> {
    match n.to_json() {
        serde_json::Value::String(s) => Some(s),
        serde_json::Value::Number(x) => Some(x.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn entries(items: &[Node], depth: usize, problems: &mut Vec<(Pos, String)>) -> Vec<NavItem> {
    if depth > MAX_NAV_DEPTH {
        problems.push((
            items.first().map(|n| n.pos).unwrap_or_default(),
            format!("`nav` is nested deeper than {MAX_NAV_DEPTH} levels; the rest is ignored"),
        ));
        return Vec::new();
    }
    let mut out = Vec::new();
    for item in items {
        if let Some(path) = scalar(item) {
            out.push(target(None, path, item.pos));
            continue;
        }
        let Some(entry) = item
            .as_map()
            .filter(|m| m.len() == 1)
            .and_then(|m| m.iter().next())
        else {
            problems.push((
                item.pos,
                "a `nav` entry is a page (`page.md`), a titled page (`Title: page.md`) or a section (`Title: [...]`)".into(),
            ));
            continue;
        };
        let title = entry.key.to_string();
        match (scalar(&entry.value), entry.value.as_seq()) {
            (Some(path), _) => out.push(target(Some(title), path, entry.value.pos)),
            (None, Some(children)) => out.push(NavItem::Section {
                title,
                children: entries(children, depth + 1, problems),
            }),
            _ => problems.push((
                entry.value.pos,
                format!("`{title}` in `nav` names neither a page nor a list of entries"),
            )),
        }
    }
    out
}

/// A page, or a link when it names a URL (as MkDocs tells them apart).
fn target(title: Option<String>, path: String, pos: Pos) -> NavItem {
    let is_url = path.contains("://") || path.starts_with("mailto:") || path.starts_with('/');
    if is_url {
        NavItem::Link { title, url: path }
    } else {
        NavItem::Page { title, path, pos }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nav_with_titles_sections_untitled_pages_and_links() {
        let c = parse(
            "site_name: Payments\ndocs_dir: pages\nnav:\n  - index.md\n  - Guides:\n    - Setup: guides/setup.md\n    - guides/run.md\n  - Source: https://github.com/acme/payments\n",
        )
        .expect("parses");
        assert_eq!(c.site_name.as_deref(), Some("Payments"));
        assert_eq!(c.docs_dir.as_ref().map(|d| d.0.as_str()), Some("pages"));
        let nav = c.nav.expect("a nav");
        assert_eq!(nav.len(), 3);
        assert!(matches!(&nav[0], NavItem::Page { title: None, path, .. } if path == "index.md"));
        let NavItem::Section { title, children } = &nav[1] else {
            panic!("a section: {nav:?}");
        };
        assert_eq!(title, "Guides");
        assert!(
            matches!(&children[0], NavItem::Page { title: Some(t), path, .. } if t == "Setup" && path == "guides/setup.md")
        );
        assert!(matches!(&nav[2], NavItem::Link { url, .. } if url.starts_with("https://")));
        assert!(c.problems.is_empty());
    }

    #[test]
    fn yaml_errors_and_bad_entries_are_located() {
        let (pos, message, hint) = parse("site_name: [unclosed\n").expect_err("a YAML error");
        assert_eq!((pos.line, pos.col), (1, 12), "{message}");
        assert!(hint.contains("`[`"), "{hint}");
        let c = parse("nav:\n  - {a: 1, b: 2}\n").expect("parses");
        assert_eq!(c.problems.len(), 1);
        assert_eq!(c.problems[0].0.line, 2);
    }
}
