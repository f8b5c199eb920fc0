//! `portal docs ENTITY [PAGE]`: an entity's TechDocs in the terminal (docs/docs.md);
//! `portal docs check` is in `check`.

mod check;
pub mod search;
mod serve;

use std::fmt::Write as _;
use std::io::Write;
use std::process::ExitCode;

use console::style;
use serde_json::json;

use crate::cli::{DocsAction, DocsArgs, GlobalArgs};
use crate::config::Config;
use crate::docs::{self, NavItem, Site, Sources};
use crate::error::Error;
use crate::output::escape::{self, escape};
use crate::output::markdown::{self, Links};

pub fn run(global: &GlobalArgs, args: &DocsArgs) -> Result<ExitCode, Error> {
    match &args.action {
        Some(DocsAction::Check(c)) => return check::run(global, c),
        Some(DocsAction::Search(s)) => return search::run(global, s),
        Some(DocsAction::Serve(s)) => return serve::run(global, s),
        None => {}
    }
    // clap requires ENTITY without a subcommand.
    let name = args.entity.as_deref().unwrap_or_default();
    let (catalog, origins) = super::load_with_origins(global)?;
    let entity = super::find_one(&catalog.entities, name)?;
    let sources = reading(global, origins)?.sources;
    let located =
        docs::locate(entity, &catalog.entities, &sources).map_err(|e| Error::NotFound {
            message: e.message,
            hint: Some(e.hint),
        })?;
    let site = docs::site(located, entity);
    for p in &site.problems {
        crate::output::warn(&format!(
            "{}:{}:{}: {}",
            site.located.tree.show(&p.file).display(),
            p.pos.line,
            p.pos.col,
            p.message
        ));
    }
    if args.list {
        return list(&site, args);
    }
    let page = match &args.page {
        Some(q) => docs::find_page(&site, q).ok_or_else(|| Error::NotFound {
            message: format!("{} has no page like `{q}`", site.name),
            hint: Some(format!("`portal docs {name} --list` shows its pages")),
        })?,
        None => site
            .index
            .as_deref()
            .and_then(|i| site.page(i))
            .or(site.pages.first())
            .ok_or_else(|| Error::NotFound {
                message: format!(
                    "{} has no pages: no Markdown in {}",
                    site.name,
                    site.located.tree.show(&site.docs_dir).display()
                ),
                hint: Some("add docs/index.md (or a README.md), as TechDocs expects".into()),
            })?,
    };
    let text = site.read(page).map_err(|message| Error::NotFound {
        message,
        hint: Some("pages are UTF-8 Markdown files".into()),
    })?;
    if args.json {
        let mut out = crate::output::stdout();
        let v = json!({
            "entity": site.located.owner.to_string(),
            "site": site_json(&site),
            "page": { "path": page.path, "file": site.located.tree.show(&page.file), "markdown": text },
        });
        serde_json::to_writer_pretty(&mut out, &v).map_err(std::io::Error::from)?;
        writeln!(out)?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    if args.raw {
        let mut out = crate::output::stdout();
        // The source as written: raw bytes, for a pipe or an editor; escaped on a terminal.
        if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
            for line in text.lines() {
                writeln!(out, "{}", escape(line))?;
            }
        } else {
            out.write_all(text.as_bytes())?;
        }
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let width = crate::output::table::layout_width().min(100);
    let is_page = |p: &str| site.page(p).is_some();
    let links = Links {
        entity: name,
        page: &page.path,
        is_page: &is_page,
    };
    let mut shown = format!(
        "{}\n\n",
        style(format!(
            "{} · {} · {}",
            escape(&site.name),
            escape(&page.path),
            escape::path(&site.located.tree.show(&page.file))
        ))
        .dim()
    );
    shown.push_str(&markdown::render(&text, width, &links));
    if args.page.is_none() {
        shown.push_str(&format!("{}\n", style("Pages").bold()));
        nav_tree(&mut shown, &site, &site.nav, "");
        unlisted(&mut shown, &site);
        let _ = writeln!(
            shown,
            "\n{}",
            style(format!("portal docs {name} PAGE opens one")).dim()
        );
    }
    crate::output::pager::show(&shown, args.no_pager)?;
    Ok(ExitCode::SUCCESS)
}

/// What docs are read through: the configuration, the cache folder (when there is one),
/// and the configured sources opened (git sources at their commits).
pub struct Reading {
    pub config: Config,
    pub cache: Option<std::path::PathBuf>,
    pub sources: Sources,
}

/// The configured sources, to read docs from (every docs command, and `validate --docs`).
pub fn reading(global: &GlobalArgs, origins: crate::source::Origins) -> Result<Reading, Error> {
    let config = Config::load(&global.sources)?;
    let cache = crate::config::cache_dir().ok();
    let sources = Sources::new(&config.sources, cache.as_deref(), origins);
    Ok(Reading {
        config,
        cache,
        sources,
    })
}

/// `--list`: the site's name and its navigation.
fn list(site: &Site, args: &DocsArgs) -> Result<ExitCode, Error> {
    let mut out = crate::output::stdout();
    if args.json {
        serde_json::to_writer_pretty(
            &mut out,
            &json!({ "entity": site.located.owner.to_string(), "site": site_json(site) }),
        )
        .map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else {
        let mut text = format!(
            "{} {}\n",
            style(escape(&site.name)).bold(),
            style(format!(
                "({})",
                escape::path(&site.located.tree.show(&site.docs_dir))
            ))
            .dim()
        );
        nav_tree(&mut text, site, &site.nav, "");
        unlisted(&mut text, site);
        out.write_all(text.as_bytes())?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn site_json(site: &Site) -> serde_json::Value {
    json!({
        "name": site.name,
        "root": site.located.tree.show(&site.located.dir),
        "config": site.config.as_ref().map(|c| site.located.tree.show(c)),
        "docsDir": site.located.tree.show(&site.docs_dir),
        "navFromConfig": site.nav_given,
        "nav": site.nav,
        "index": site.index,
        "pages": site.pages.iter().map(|p| json!({"path": p.path, "file": site.located.tree.show(&p.file)})).collect::<Vec<_>>(),
    })
}

/// The nav as a tree: titles, with each page's path; a page the nav names that does not
/// exist is marked.
/// The pages MkDocs builds but the nav does not name.
fn unlisted(out: &mut String, site: &Site) {
    let pages = site.unlisted();
    if pages.is_empty() {
        return;
    }
    let _ = writeln!(out, "{}", style("not in the navigation:").dim());
    for p in pages {
        let _ = writeln!(out, "    {}", escape(&p.path));
    }
}

fn nav_tree(out: &mut String, site: &Site, items: &[NavItem], prefix: &str) {
    for (i, item) in items.iter().enumerate() {
        let last = i + 1 == items.len();
        let branch = if last { "└── " } else { "├── " };
        let line = match item {
            NavItem::Page { title, path, .. } => {
                let exists = site.page(path).is_some();
                let mark = if exists {
                    String::new()
                } else {
                    format!(" {}", style("(missing)").red())
                };
                match title {
                    Some(t) => format!("{} {}{mark}", escape(t), style(escape(path)).dim()),
                    None => format!("{}{mark}", escape(path)),
                }
            }
            NavItem::Link { title, url } => format!(
                "{} {}",
                escape(title.as_deref().unwrap_or("link")),
                style(format!("<{}>", escape(url))).blue()
            ),
            NavItem::Section { title, .. } => style(escape(title)).bold().to_string(),
        };
        let _ = writeln!(out, "{prefix}{branch}{line}");
        if let NavItem::Section { children, .. } = item {
            let deeper = format!("{prefix}{}", if last { "    " } else { "│   " });
            nav_tree(out, site, children, &deeper);
        }
    }
}
