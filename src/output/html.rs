//! Markdown as HTML, for `portal docs serve`: the same reading as the terminal's (GitHub's
//! tables, task lists, footnotes, MkDocs admonitions), code highlighted by syntect with
//! inline styles, links between pages pointed at the server's routes. Raw HTML in a page
//! is shown as text, never run: a page is untrusted input, and the server is on the
//! user's machine.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

use super::markdown::Block;

/// Escapes text for HTML (`portal_core::html::escape`).
pub fn esc(text: &str) -> String {
    portal_core::html::escape(text)
}

/// Renders a page; `link` turns a relative link target into the URL to use.
pub fn render(text: &str, link: &dyn Fn(&str) -> String) -> String {
    let mut out = String::new();
    for block in super::markdown::admonitions(text) {
        match block {
            Block::Markdown(md) => out.push_str(&markdown(&md, link)),
            Block::Admonition { kind, title, body } => {
                let kind_class: String =
                    kind.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
                out.push_str(&format!("<div class=\"admonition {kind_class}\">"));
                let label = title.unwrap_or_else(|| capitalize(&kind));
                if !label.is_empty() {
                    out.push_str(&format!(
                        "<p class=\"admonition-title\">{}</p>",
                        esc(&label)
                    ));
                }
                out.push_str(&render(&body, link));
                out.push_str("</div>\n");
            }
        }
    }
    out
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

fn markdown(text: &str, link: &dyn Fn(&str) -> String) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TASKLISTS);
    options.insert(Options::ENABLE_FOOTNOTES);
    options.insert(Options::ENABLE_HEADING_ATTRIBUTES);
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut code: Option<(String, String)> = None;
    let mut heading: Option<Vec<Event<'_>>> = None;
    for event in Parser::new_ext(text, options) {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => {
                        l.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::Text(t) if code.is_some() => {
                if let Some((_, c)) = &mut code {
                    c.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, c)) = code.take() {
                    events.push(Event::Html(CowStr::from(code_block(&lang, &c))));
                }
            }
            // Raw HTML is shown, not run.
            Event::Html(h) | Event::InlineHtml(h) => events.push(Event::Text(h)),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: CowStr::from(link(&dest_url)),
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url: CowStr::from(link(&dest_url)),
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                heading = Some(Vec::new());
                events.push(Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                // An anchor as MkDocs makes it, when the heading names none.
                let inner = heading.take().unwrap_or_default();
                let title: String = inner
                    .iter()
                    .filter_map(|e| match e {
                        Event::Text(t) | Event::Code(t) => Some(t.to_string()),
                        _ => None,
                    })
                    .collect();
                if let Some(Event::Start(Tag::Heading { id, .. })) = events.last_mut()
                    && id.is_none()
                {
                    *id = Some(CowStr::from(portal_core::docs::check::slugify(&title)));
                }
                events.extend(inner);
                events.push(Event::End(TagEnd::Heading(level)));
            }
            e => match &mut heading {
                Some(inner) => inner.push(e),
                None => events.push(e),
            },
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

/// A code block, highlighted with inline styles when the language is known; a `mermaid`
/// block is shown as its source, marked as a diagram.
fn code_block(lang: &str, code: &str) -> String {
    let label = match lang {
        "mermaid" => {
            "<div class=\"code-label\">mermaid diagram, shown as its source</div>".to_string()
        }
        "" => String::new(),
        l => format!("<div class=\"code-label\">{}</div>", esc(l)),
    };
    let highlighted = super::markdown::highlight_html(lang, code);
    let body = highlighted.unwrap_or_else(|| format!("<pre><code>{}</code></pre>", esc(code)));
    format!("<div class=\"code\">{label}{body}</div>\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_escaped_links_are_routed_code_is_styled() {
        let link = |d: &str| format!("/route/{d}");
        let html = render(
            "# Title\n\n<script>alert(1)</script>\n\n[next](next.md)\n\n!!! note \"Hi\"\n    Body.\n\n```rust\nfn main() {}\n```\n",
            &link,
        );
        assert!(html.contains("<h1 id=\"title\">Title</h1>"), "{html}");
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(html.contains("href=\"/route/next.md\""), "{html}");
        assert!(
            html.contains("<p class=\"admonition-title\">Hi</p>"),
            "{html}"
        );
        assert!(html.contains("<span style="), "highlighted: {html}");
    }
}
