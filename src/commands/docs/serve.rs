//! `portal docs serve [ENTITY]`: the docs as HTML on 127.0.0.1, with the navigation, search,
//! highlighted code, and a reload in the browser when a page changes. Everything the page
//! needs is in the binary; nothing is fetched from elsewhere.

use std::io::Write;
use std::process::ExitCode;

use tiny_http::{Header, Response, Server};

use crate::catalog::Entity;
use crate::cli::{DocsServeArgs, GlobalArgs};
use crate::docs::search::Searcher;
use crate::docs::{self, NavItem, Site, Sources};
use crate::error::Error;
use crate::output::html::{esc, render};

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:0;display:flex;color:#1f2328}\
nav{width:16rem;padding:1rem;background:#f6f8fa;min-height:100vh;box-sizing:border-box}\
nav ul{list-style:none;padding-left:1rem}nav>ul{padding-left:0}\
main{padding:1rem 2rem;max-width:60rem;flex:1}a{color:#0969da}\
.admonition{border-left:4px solid #0969da;background:#f1f8ff;padding:.25rem 1rem;margin:1rem 0}\
.admonition.warning{border-color:#bf8700;background:#fff8c5}.admonition.danger{border-color:#cf222e;background:#ffebe9}\
.admonition-title{font-weight:bold}.code{margin:1rem 0}.code-label{font-size:.8rem;color:#57606a}\
pre{padding:.75rem;overflow:auto}table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:.25rem .5rem}\
.hit{margin:1rem 0}.snippet{color:#57606a}form input{width:100%;padding:.25rem}";

/// Polls the page's site for a change, and reloads: the live preview.
const RELOAD: &str = "<script>(function(){var g=null;var s=document.body.dataset.site;\
function poll(){fetch('/_changes?site='+encodeURIComponent(s)).then(function(r){return r.text()})\
.then(function(t){if(g!==null&&t!==g){location.reload()}g=t;setTimeout(poll,500)})\
.catch(function(){setTimeout(poll,2000)})}if(s){poll()}})();</script>";

pub fn run(global: &GlobalArgs, args: &DocsServeArgs) -> Result<ExitCode, Error> {
    let (catalog, origins) = crate::commands::load_with_origins(global)?;
    let sources = super::reading(global, origins)?.sources;
    let entities = &catalog.entities;
    let start = match &args.entity {
        Some(name) => {
            let e = crate::commands::find_one(entities, name)?;
            docs::locate(e, entities, &sources).map_err(|no| Error::NotFound {
                message: no.message,
                hint: Some(no.hint),
            })?;
            format!("/docs/{}/", route_of(e))
        }
        None => "/".to_string(),
    };
    let server = Server::http(("127.0.0.1", args.port)).map_err(|e| {
        Error::Usage(format!(
            "cannot listen on 127.0.0.1:{}: {e}; choose another --port",
            args.port
        ))
    })?;
    let port = server.server_addr().to_ip().map_or(args.port, |a| a.port());
    let url = format!("http://127.0.0.1:{port}{start}");
    let mut out = std::io::stdout();
    writeln!(out, "serving {url}")?;
    out.flush()?;
    if args.open {
        open_browser(&url);
    }
    for request in server.incoming_requests() {
        let path = request.url().to_string();
        let response = respond(&path, entities, &sources);
        // A browser that went away is not an error.
        let _ = request.respond(response);
    }
    Ok(ExitCode::SUCCESS)
}

type Reply = Response<std::io::Cursor<Vec<u8>>>;

fn html(body: String) -> Reply {
    Response::from_data(body.into_bytes())
        .with_header(header("Content-Type", "text/html; charset=utf-8"))
}

fn header(k: &str, v: &str) -> Header {
    Header::from_bytes(k.as_bytes(), v.as_bytes()).unwrap_or_else(|()| {
        Header::from_bytes(&b"X-Portal"[..], &b"1"[..]).expect("a constant header")
    })
}

fn not_found(what: &str) -> Reply {
    html(page("Not found", "", &format!("<p>{}</p>", esc(what)), "")).with_status_code(404)
}

/// `kind/namespace/name`, as the routes name an entity.
fn route_of(e: &Entity) -> String {
    format!("{}/{}/{}", e.kind.to_lowercase(), e.namespace, e.name)
}

fn respond(url: &str, entities: &[Entity], sources: &Sources) -> Reply {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let path = decode(path);
    if path == "/" {
        return html(index(entities));
    }
    if path == "/search" {
        let q = param(query, "q");
        return html(search_page(&q, entities, sources));
    }
    if path == "/_changes" {
        let site = param(query, "site");
        return Response::from_data(generation(&site, entities, sources).into_bytes())
            .with_header(header("Content-Type", "text/plain"))
            .with_header(header("Cache-Control", "no-store"));
    }
    let Some(rest) = path.strip_prefix("/docs/") else {
        return not_found("no such page");
    };
    let parts: Vec<&str> = rest.splitn(4, '/').collect();
    let (Some(kind), Some(ns), Some(name)) = (parts.first(), parts.get(1), parts.get(2)) else {
        return not_found("no such entity");
    };
    let file = parts.get(3).copied().unwrap_or("");
    let Some(e) = entities
        .iter()
        .find(|e| e.kind.eq_ignore_ascii_case(kind) && e.namespace == *ns && e.name == *name)
    else {
        return not_found("no such entity");
    };
    let Ok(located) = docs::locate(e, entities, sources) else {
        return not_found("this entity has no docs");
    };
    let site = docs::site(located, e);
    let base = format!("/docs/{}", route_of(e));
    let page_path = if file.is_empty() || file.ends_with('/') {
        format!("{file}index.md")
    } else {
        file.to_string()
    };
    let page_path = page_path.trim_start_matches('/').to_string();
    if let Some(p) = site.page(&page_path) {
        return match site.read(p) {
            Ok(text) => html(site_page(&site, e, &base, &page_path, &text)),
            Err(m) => not_found(&m),
        };
    }
    // Another file of the docs (an image): served as it is, confined to the tree.
    let rel = if site.docs_dir.is_empty() {
        page_path.clone()
    } else {
        format!("{}/{page_path}", site.docs_dir)
    };
    // Only what is under docs_dir, as MkDocs publishes it: never the rest of the repository.
    let inside =
        |r: &String| site.docs_dir.is_empty() || r.starts_with(&format!("{}/", site.docs_dir));
    match portal_core::confine::join("", &rel)
        .ok()
        .filter(inside)
        .and_then(|r| site.located.tree.read(&r, docs::MAX_PAGE).ok())
    {
        Some(bytes) => {
            Response::from_data(bytes).with_header(header("Content-Type", content_type(&rel)))
        }
        None => not_found("no such page"),
    }
}

fn content_type(path: &str) -> &'static str {
    match path
        .rsplit('.')
        .next()
        .unwrap_or("")
        .to_lowercase()
        .as_str()
    {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "webp" => "image/webp",
        "css" => "text/css",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The page frame: the nav, the search box, the content.
fn page(title: &str, nav: &str, content: &str, site: &str) -> String {
    format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style>\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; img-src 'self' data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'\"></head>\
<body data-site=\"{}\"><nav><p><a href=\"/\">All docs</a></p><form action=\"/search\"><input name=\"q\" placeholder=\"Search the docs\"></form>{nav}</nav>\
<main>{content}</main>{RELOAD}</body></html>",
        esc(title),
        esc(site)
    )
}

fn index(entities: &[Entity]) -> String {
    let mut list = String::from("<h1>Documentation</h1><ul class=\"sites\">");
    for e in entities.iter().filter(|e| docs::has_docs(e)) {
        let title = e.metadata_str("title").unwrap_or(&e.name);
        list.push_str(&format!(
            "<li><a href=\"/docs/{}/\">{}</a> <small>{}</small></li>",
            esc(&route_of(e)),
            esc(title),
            esc(&e.entity_ref().to_string())
        ));
    }
    list.push_str("</ul>");
    page("Documentation", "", &list, "")
}

fn site_page(site: &Site, e: &Entity, base: &str, page_path: &str, text: &str) -> String {
    let dir = page_path.rsplit_once('/').map_or("", |(d, _)| d);
    let link = |dest: &str| -> String {
        if dest.contains("://") || dest.starts_with('#') || dest.starts_with("mailto:") {
            return dest.to_string();
        }
        let (p, anchor) = dest.split_once('#').unwrap_or((dest, ""));
        let joined = portal_core::confine::join(dir, p).unwrap_or_default();
        let anchor = if anchor.is_empty() {
            String::new()
        } else {
            format!("#{anchor}")
        };
        format!("{base}/{joined}{anchor}")
    };
    let mut nav = format!("<p><strong>{}</strong></p>", esc(&site.name));
    // An untitled nav entry is titled by its page's first heading, as MkDocs titles it.
    let title_of = |path: &str| -> Option<String> {
        let text = site.read(site.page(path)?).ok()?;
        text.lines()
            .find_map(|l| l.trim_start().strip_prefix('#'))
            .map(|h| h.trim_start_matches('#').trim().to_string())
            .filter(|h| !h.is_empty())
    };
    nav_html(&mut nav, &site.nav, base, page_path, &title_of);
    let content = render(text, &link);
    page(&site.name, &nav, &content, &e.entity_ref().to_string())
}

fn nav_html(
    out: &mut String,
    items: &[NavItem],
    base: &str,
    current: &str,
    title_of: &dyn Fn(&str) -> Option<String>,
) {
    out.push_str("<ul>");
    for item in items {
        match item {
            NavItem::Page { title, path, .. } => {
                let label = title
                    .clone()
                    .or_else(|| title_of(path))
                    .unwrap_or_else(|| path.clone());
                let mark = if path == current {
                    " aria-current=\"page\""
                } else {
                    ""
                };
                out.push_str(&format!(
                    "<li><a href=\"{}/{}\"{mark}>{}</a></li>",
                    esc(base),
                    esc(path),
                    esc(&label)
                ));
            }
            NavItem::Link { title, url } => out.push_str(&format!(
                "<li><a href=\"{}\">{}</a></li>",
                esc(url),
                esc(title.as_deref().unwrap_or(url))
            )),
            NavItem::Section { title, children } => {
                out.push_str(&format!("<li>{}", esc(title)));
                nav_html(out, children, base, current, title_of);
                out.push_str("</li>");
            }
        }
    }
    out.push_str("</ul>");
}

fn search_page(q: &str, entities: &[Entity], sources: &Sources) -> String {
    let owned = super::search::sites(entities, sources);
    let sites: Vec<(&str, &Site)> = owned.iter().map(|(o, s)| (o.as_str(), s)).collect();
    let (searcher, _) = Searcher::open(None, &sites);
    let hits = searcher.search(q, 50, &|_| true, &sites);
    let mut body = format!("<h1>Search: {}</h1>", esc(q));
    if hits.is_empty() {
        body.push_str("<p>No page matches.</p>");
    }
    for h in hits {
        let Some(e) = entities
            .iter()
            .find(|e| e.entity_ref().to_string() == h.entity)
        else {
            continue;
        };
        let mut snippet = String::new();
        let mut at = 0;
        for (s, t) in &h.matches {
            if *s < at || !h.snippet.is_char_boundary(*s) || !h.snippet.is_char_boundary(*t) {
                continue;
            }
            snippet.push_str(&esc(&h.snippet[at..*s]));
            snippet.push_str(&format!("<mark>{}</mark>", esc(&h.snippet[*s..*t])));
            at = *t;
        }
        snippet.push_str(&esc(&h.snippet[at..]));
        body.push_str(&format!(
            "<div class=\"hit\"><a href=\"/docs/{}/{}\">{}</a> <small>{}</small><div class=\"snippet\">{snippet}</div></div>",
            esc(&route_of(e)),
            esc(&h.path),
            esc(&h.title),
            esc(&h.entity)
        ));
    }
    page("Search", "", &body, "")
}

/// What changes when any page of the site of `entity` changes: its pages' fingerprints.
fn generation(entity: &str, entities: &[Entity], sources: &Sources) -> String {
    let Some(e) = entities
        .iter()
        .find(|e| e.entity_ref().to_string() == entity)
    else {
        return String::new();
    };
    let Ok(located) = docs::locate(e, entities, sources) else {
        return String::new();
    };
    let site = docs::site(located, e);
    let mut all = String::new();
    for p in &site.pages {
        all.push_str(&site.located.tree.fingerprint(&p.file).unwrap_or_default());
        all.push('\n');
    }
    if let Some(c) = &site.config {
        all.push_str(&site.located.tree.fingerprint(c).unwrap_or_default());
    }
    format!("{:08x}", fnv1a(all.as_bytes()))
}

/// FNV-1a: a generation only needs to differ when the pages do.
fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(*b)).wrapping_mul(0x0100_0193)
    })
}

fn param(query: &str, key: &str) -> String {
    query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == key)
        .map(|(_, v)| decode(&v.replace('+', " ")))
        .unwrap_or_default()
}

/// Percent-decoding of a URL part.
fn decode(s: &str) -> String {
    docs::check::percent_decode(s)
}

fn open_browser(url: &str) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let _ = std::process::Command::new(program)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}
