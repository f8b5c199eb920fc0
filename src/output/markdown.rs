//! Markdown as terminal text, for `portal docs`: CommonMark and GitHub's tables, task
//! lists and strikethrough (pulldown-cmark), MkDocs admonitions (`!!! note "Title"`), code
//! highlighted (syntect) when colour is on, links shown with their target, and links
//! between pages shown as the `portal docs` command that opens them. Every piece of the
//! page's text is escaped (`escape`): a page cannot drive the terminal.

use std::sync::OnceLock;

use console::{Style, measure_text_width, style};
use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use syntect::easy::HighlightLines;
use syntect::highlighting::{Theme, ThemeSet};
use syntect::parsing::SyntaxSet;
use syntect::util::as_24_bit_terminal_escaped;

use super::escape::escape;

/// How links are shown: relative links to pages of the site become commands.
pub struct Links<'a> {
    /// The entity, as `portal docs` takes it.
    pub entity: &'a str,
    /// The page being rendered, relative to `docs_dir`.
    pub page: &'a str,
    /// Whether a path (relative to `docs_dir`) is a page of the site.
    pub is_page: &'a dyn Fn(&str) -> bool,
}

/// Renders `text` for a terminal `width` columns wide.
pub fn render(text: &str, width: usize, links: &Links<'_>) -> String {
    let mut out = String::new();
    for block in admonitions(text) {
        match block {
            Block::Markdown(md) => out.push_str(&render_markdown(&md, width, links)),
            Block::Admonition { kind, title, body } => {
                let bar = admonition_style(&kind).apply_to("│").to_string();
                let label = match &title {
                    Some(t) if t.is_empty() => None,
                    Some(t) => Some(format!("{}: {}", kind.to_uppercase(), escape(t))),
                    None => Some(kind.to_uppercase()),
                };
                if let Some(label) = label {
                    out.push_str(&format!(
                        "{bar} {}\n",
                        admonition_style(&kind).bold().apply_to(label)
                    ));
                }
                let inner = render(&body, width.saturating_sub(2).max(20), links);
                for line in inner.trim_end().lines() {
                    out.push_str(&format!("{bar} {line}\n"));
                }
                out.push('\n');
            }
        }
    }
    out
}

fn admonition_style(kind: &str) -> Style {
    match kind {
        "warning" | "caution" | "attention" => Style::new().yellow(),
        "danger" | "error" | "failure" | "bug" => Style::new().red(),
        "tip" | "hint" | "success" | "check" | "done" => Style::new().green(),
        _ => Style::new().cyan(),
    }
}

pub(crate) enum Block {
    Markdown(String),
    Admonition {
        kind: String,
        title: Option<String>,
        body: String,
    },
}

/// Splits out MkDocs admonitions: `!!! kind "title"` (or `???`/`???+`, collapsible)
/// and the lines indented four spaces below it; fenced code is never looked into.
pub(crate) fn admonitions(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut md = String::new();
    let mut lines = text.lines().peekable();
    let mut fence: Option<String> = None;
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if let Some(f) = &fence {
            if trimmed.starts_with(f.as_str()) {
                fence = None;
            }
            md.push_str(line);
            md.push('\n');
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(trimmed[..3].to_string());
            md.push_str(line);
            md.push('\n');
            continue;
        }
        let head = ["!!! ", "???+ ", "??? "]
            .iter()
            .find_map(|m| line.strip_prefix(m));
        let Some(head) = head else {
            md.push_str(line);
            md.push('\n');
            continue;
        };
        let head = head.trim();
        let (kind, title) = match head.split_once(char::is_whitespace) {
            Some((k, t)) => (k, Some(t.trim().trim_matches('"').to_string())),
            None => (head, None),
        };
        if kind.is_empty()
            || !kind
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        {
            md.push_str(line);
            md.push('\n');
            continue;
        }
        let mut body = String::new();
        while let Some(next) = lines.peek() {
            if next.trim().is_empty() {
                body.push('\n');
            } else if let Some(rest) = next
                .strip_prefix("    ")
                .or_else(|| next.strip_prefix('\t'))
            {
                body.push_str(rest);
                body.push('\n');
            } else {
                break;
            }
            lines.next();
        }
        if !md.is_empty() {
            blocks.push(Block::Markdown(std::mem::take(&mut md)));
        }
        blocks.push(Block::Admonition {
            kind: kind.to_lowercase(),
            title,
            body,
        });
    }
    if !md.is_empty() {
        blocks.push(Block::Markdown(md));
    }
    blocks
}

/// Stands for a space that must not break a line (inside a link's target); a private-use
/// character, so no page text can hold it after escaping... and it is replaced before output.
const NBSP: &str = "\u{e000}";

/// Inline text being gathered for the current paragraph, heading or cell.
#[derive(Default)]
struct Inline {
    text: String,
}

struct Renderer<'a> {
    out: String,
    width: usize,
    links: &'a Links<'a>,
    inline: Inline,
    /// Open styles: strong, emphasis, strikethrough, heading.
    bold: usize,
    italic: usize,
    strike: usize,
    heading: Option<HeadingLevel>,
    /// Nested lists: the next number, or `None` for bullets.
    lists: Vec<Option<u64>>,
    /// Prefixes of the open block quotes.
    quotes: usize,
    /// The open link's target.
    link: Vec<String>,
    /// The open image: alt text gathered, and its path.
    image: Option<(String, String)>,
    code: Option<(String, String)>,
    table: Option<Table>,
    item_started: bool,
}

struct Table {
    align: Vec<Alignment>,
    rows: Vec<Vec<String>>,
    row: Vec<String>,
}

fn render_markdown(text: &str, width: usize, links: &Links<'_>) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TASKLISTS);
    options.insert(Options::ENABLE_FOOTNOTES);
    let mut r = Renderer {
        out: String::new(),
        width,
        links,
        inline: Inline::default(),
        bold: 0,
        italic: 0,
        strike: 0,
        heading: None,
        lists: Vec::new(),
        quotes: 0,
        link: Vec::new(),
        image: None,
        code: None,
        table: None,
        item_started: false,
    };
    for event in Parser::new_ext(text, options) {
        r.event(event);
    }
    r.flush_inline();
    r.out
}

impl Renderer<'_> {
    fn styled(&self, text: &str) -> String {
        let mut s = Style::new();
        if self.bold > 0 || self.heading.is_some() {
            s = s.bold();
        }
        if self.italic > 0 {
            s = s.italic();
        }
        if self.strike > 0 {
            s = s.strikethrough();
        }
        if matches!(self.heading, Some(HeadingLevel::H1)) {
            s = s.underlined();
        }
        s.apply_to(escape(text)).to_string()
    }

    fn push_text(&mut self, text: &str) {
        if let Some((alt, _)) = &mut self.image {
            alt.push_str(text);
            return;
        }
        if self.in_cell(&escape(text)) {
            return;
        }
        let styled = self.styled(text);
        self.inline.text.push_str(&styled);
    }

    /// Adds `text` (already escaped) to the open table cell; `false` outside a table.
    fn in_cell(&mut self, text: &str) -> bool {
        match self.table.as_mut().and_then(|t| t.row.last_mut()) {
            Some(cell) => {
                cell.push_str(text);
                true
            }
            None => self.table.is_some(),
        }
    }

    /// The prefix of every line at the current depth: quotes and list indentation.
    fn indent(&self, first: bool) -> String {
        let mut p = String::new();
        for _ in 0..self.quotes {
            p.push_str(&style("│ ").dim().to_string());
        }
        let depth = self.lists.len();
        if depth > 0 {
            p.push_str(&"   ".repeat(depth - 1));
            if first && self.item_started {
                p.push_str(&self.marker());
            } else {
                p.push_str("   ");
            }
        }
        p
    }

    fn marker(&self) -> String {
        match self.lists.last() {
            Some(Some(n)) => format!("{:<3}", format!("{}.", n.saturating_sub(1))),
            _ => "•  ".to_string(),
        }
    }

    /// Writes the gathered inline text, wrapped to the width under the current prefix.
    fn flush_inline(&mut self) {
        let text = std::mem::take(&mut self.inline.text);
        if text.trim().is_empty() {
            return;
        }
        let first = self.indent(true);
        let rest = self.indent(false);
        self.item_started = false;
        let room = self.width.saturating_sub(measure_text_width(&rest)).max(20);
        let mut line = String::new();
        let mut used = 0;
        let mut is_first = true;
        for word in text.split(' ').filter(|w| !w.is_empty()) {
            let w = measure_text_width(word);
            if used > 0 && used + 1 + w > room {
                self.out.push_str(if is_first { &first } else { &rest });
                self.out.push_str(&line);
                self.out.push('\n');
                line.clear();
                used = 0;
                is_first = false;
            }
            if used > 0 {
                line.push(' ');
                used += 1;
            }
            line.push_str(word);
            used += w;
        }
        if !line.is_empty() {
            self.out.push_str(if is_first { &first } else { &rest });
            self.out.push_str(&line);
            self.out.push('\n');
        }
        if self.out.contains(NBSP) {
            self.out = self.out.replace(NBSP, " ");
        }
    }

    fn blank(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") && self.quotes == 0 {
            self.out.push('\n');
        }
    }

    /// A link's target as a reader follows it.
    fn target(&self, dest: &str) -> String {
        if dest.contains("://") || dest.starts_with("mailto:") {
            return dest.to_string();
        }
        if let Some(anchor) = dest.strip_prefix('#') {
            return format!("#{anchor}");
        }
        let (path, anchor) = dest.split_once('#').unwrap_or((dest, ""));
        let base = self.links.page.rsplit_once('/').map_or("", |(d, _)| d);
        let joined = portal_core::confine::join(base, path).ok();
        let page = joined.and_then(|p| {
            let candidates = [
                p.clone(),
                format!("{p}.md"),
                format!("{}/index.md", p.trim_end_matches('/')),
            ];
            candidates.into_iter().find(|c| (self.links.is_page)(c))
        });
        match page {
            Some(p) => {
                let mut cmd = format!("portal docs {} {}", self.links.entity, p);
                if !anchor.is_empty() {
                    cmd.push_str(&format!(", at #{anchor}"));
                }
                cmd
            }
            None => dest.to_string(),
        }
    }

    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => {
                if let Some((_, code)) = &mut self.code {
                    code.push_str(&t);
                } else {
                    self.push_text(&t.replace('\n', " "));
                }
            }
            Event::Code(c) => {
                if !self.in_cell(&escape(&c)) {
                    let shown = style(format!("`{}`", escape(&c))).cyan().to_string();
                    self.inline.text.push_str(&shown);
                }
            }
            Event::SoftBreak => self.push_text(" "),
            Event::HardBreak => {
                self.flush_inline();
            }
            Event::Rule => {
                self.flush_inline();
                self.blank();
                let w = self.width.min(60);
                self.out.push_str(&style("─".repeat(w)).dim().to_string());
                self.out.push_str("\n\n");
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                let h = h.trim_end_matches('\n');
                if !h.trim().is_empty() {
                    self.push_text(&h.replace('\n', " "));
                }
            }
            Event::TaskListMarker(done) => {
                self.inline
                    .text
                    .push_str(if done { "[x] " } else { "[ ] " });
            }
            Event::FootnoteReference(f) => self.push_text(&format!("[^{f}]")),
            Event::InlineMath(m) | Event::DisplayMath(m) => self.push_text(&m),
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => {}
            Tag::Heading { level, .. } => {
                self.flush_inline();
                self.blank();
                self.heading = Some(level);
                let hashes = "#".repeat(level as usize);
                let mark = style(format!("{hashes} ")).bold().dim().to_string();
                self.inline.text.push_str(&mark);
            }
            Tag::BlockQuote(_) => {
                self.flush_inline();
                self.blank();
                self.quotes += 1;
            }
            Tag::CodeBlock(kind) => {
                self.flush_inline();
                self.blank();
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => {
                        l.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, String::new()));
            }
            Tag::List(start) => {
                self.flush_inline();
                if self.lists.is_empty() {
                    self.blank();
                }
                self.lists.push(start);
            }
            Tag::Item => {
                self.flush_inline();
                if let Some(Some(n)) = self.lists.last_mut() {
                    *n += 1;
                }
                self.item_started = true;
            }
            Tag::Emphasis => self.italic += 1,
            Tag::Strong => self.bold += 1,
            Tag::Strikethrough => self.strike += 1,
            Tag::Link { dest_url, .. } => self.link.push(dest_url.to_string()),
            Tag::Image { dest_url, .. } => self.image = Some((String::new(), dest_url.to_string())),
            Tag::Table(align) => {
                self.flush_inline();
                self.blank();
                self.table = Some(Table {
                    align,
                    rows: Vec::new(),
                    row: Vec::new(),
                });
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(t) = &mut self.table {
                    t.row.clear();
                }
            }
            Tag::TableCell => {
                if let Some(t) = &mut self.table {
                    t.row.push(String::new());
                }
            }
            Tag::FootnoteDefinition(f) => {
                self.flush_inline();
                self.blank();
                self.push_text(&format!("[^{f}]: "));
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => {
                self.flush_inline();
                if self.lists.is_empty() {
                    self.blank();
                }
            }
            TagEnd::Heading(_) => {
                self.flush_inline();
                self.heading = None;
                self.out.push('\n');
            }
            TagEnd::BlockQuote(_) => {
                self.flush_inline();
                self.quotes = self.quotes.saturating_sub(1);
                self.blank();
            }
            TagEnd::CodeBlock => {
                if let Some((lang, code)) = self.code.take() {
                    self.code_block(&lang, &code);
                }
            }
            TagEnd::List(_) => {
                self.flush_inline();
                self.lists.pop();
                if self.lists.is_empty() {
                    self.blank();
                }
            }
            TagEnd::Item => self.flush_inline(),
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Strikethrough => self.strike = self.strike.saturating_sub(1),
            TagEnd::Link => {
                if let Some(dest) = self.link.pop() {
                    let target = self.target(&dest);
                    // Kept on one line: a command must survive the wrapping.
                    let shown = style(format!("({})", escape(&target).replace(' ', NBSP)))
                        .blue()
                        .to_string();
                    if !self.in_cell(&format!(" ({})", escape(&target))) {
                        self.inline.text.push(' ');
                        self.inline.text.push_str(&shown);
                    }
                }
            }
            TagEnd::Image => {
                if let Some((alt, path)) = self.image.take() {
                    let shown = format!("[image: {}] ({})", escape(alt.trim()), escape(&path));
                    if !self.in_cell(&shown) {
                        self.inline
                            .text
                            .push_str(&style(shown).magenta().to_string());
                    }
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some(t) = &mut self.table {
                    let row = std::mem::take(&mut t.row);
                    t.rows.push(row);
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    self.table_block(t);
                }
            }
            TagEnd::FootnoteDefinition => {
                self.flush_inline();
                self.blank();
            }
            _ => {}
        }
    }

    fn table_block(&mut self, t: Table) {
        let mut table = comfy_table::Table::new();
        table
            .load_style(comfy_table::presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(comfy_table::ContentArrangement::Dynamic)
            .set_width(u16::try_from(self.width).unwrap_or(u16::MAX));
        let mut rows = t.rows.into_iter();
        if let Some(head) = rows.next() {
            table.set_header(head);
        }
        for row in rows {
            table.add_row(row);
        }
        for (i, a) in t.align.iter().enumerate() {
            if let Some(col) = table.column_mut(i) {
                col.set_cell_alignment(match a {
                    Alignment::Right => comfy_table::CellAlignment::Right,
                    Alignment::Center => comfy_table::CellAlignment::Center,
                    _ => comfy_table::CellAlignment::Left,
                });
            }
        }
        let prefix = self.indent(false);
        for line in table.to_string().lines() {
            self.out.push_str(&prefix);
            self.out.push_str(line);
            self.out.push('\n');
        }
        self.out.push('\n');
    }

    fn code_block(&mut self, lang: &str, code: &str) {
        let prefix = self.indent(false);
        let label = match lang {
            "mermaid" => "mermaid diagram, shown as its source".to_string(),
            "" => String::new(),
            l => escape(l).into_owned(),
        };
        if !label.is_empty() {
            self.out.push_str(&prefix);
            self.out
                .push_str(&style(format!("  ─── {label}")).dim().to_string());
            self.out.push('\n');
        }
        let code = code.replace('\t', "    ");
        let lines = highlighted(lang, &code);
        for line in lines {
            self.out.push_str(&prefix);
            self.out.push_str("    ");
            self.out.push_str(&line);
            self.out.push('\n');
        }
        self.out.push('\n');
    }
}

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

fn theme() -> &'static Theme {
    static THEME: OnceLock<Theme> = OnceLock::new();
    THEME.get_or_init(|| {
        let mut set = ThemeSet::load_defaults();
        set.themes.remove("base16-ocean.dark").unwrap_or_default()
    })
}

/// `code` as HTML with inline styles (`docs serve`), when the language is known.
pub fn highlight_html(lang: &str, code: &str) -> Option<String> {
    if lang.is_empty() || code.len() > MAX_HIGHLIGHTED {
        return None;
    }
    let set = syntaxes();
    let syntax = set
        .find_syntax_by_token(lang)
        .or_else(|| set.find_syntax_by_extension(lang))?;
    syntect::html::highlighted_html_for_string(code, set, syntax, theme()).ok()
}

/// Longest code block highlighted; longer ones are shown plain (highlighting is the
/// costly part of a page).
const MAX_HIGHLIGHTED: usize = 256 * 1024;

/// The lines of `code`, each escaped, and highlighted when colour is on and the language
/// is known.
fn highlighted(lang: &str, code: &str) -> Vec<String> {
    let plain = || code.lines().map(|l| escape(l).into_owned()).collect();
    if !console::colors_enabled() || lang.is_empty() || code.len() > MAX_HIGHLIGHTED {
        return plain();
    }
    let set = syntaxes();
    let Some(syntax) = set
        .find_syntax_by_token(lang)
        .or_else(|| set.find_syntax_by_extension(lang))
    else {
        return plain();
    };
    let mut h = HighlightLines::new(syntax, theme());
    let mut out = Vec::new();
    for line in code.lines() {
        // Escaped first: highlighting adds only portal's own colour codes.
        let safe = escape(line).into_owned();
        let line_nl = format!("{safe}\n");
        match h.highlight_line(&line_nl, set) {
            Ok(ranges) => {
                let mut s = as_24_bit_terminal_escaped(&ranges, false);
                s = s.trim_end_matches('\n').to_string();
                s.push_str("\x1b[0m");
                out.push(s);
            }
            Err(_) => out.push(safe),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> String {
        let is_page = |p: &str| matches!(p, "index.md" | "guides/setup.md" | "guides/run.md");
        let links = Links {
            entity: "payments",
            page: "guides/run.md",
            is_page: &is_page,
        };
        console::set_colors_enabled(false);
        render(text, 60, &links)
    }

    #[test]
    fn blocks_read_as_text() {
        let out = plain(
            "# Payments\n\nSome *text* and **more**, [setup](setup.md), [home](../index.md#top), [site](https://x.example).\n\n- one\n- two\n  1. a\n  2. b\n\n> quoted\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n![diagram](img/d.png)\n\n```mermaid\ngraph TD; A-->B\n```\n",
        );
        assert!(out.starts_with("# Payments\n"), "{out}");
        assert!(
            out.contains("(portal docs payments guides/setup.md)"),
            "{out}"
        );
        assert!(
            out.contains("(portal docs payments index.md, at #top)"),
            "{out}"
        );
        assert!(out.contains("(https://x.example)"), "{out}");
        assert!(out.contains("•  one") && out.contains("1. a"), "{out}");
        assert!(out.contains("│ quoted"), "{out}");
        assert!(out.contains("[image: diagram] (img/d.png)"), "{out}");
        assert!(
            out.contains("mermaid diagram, shown as its source")
                && out.contains("    graph TD; A-->B"),
            "{out}"
        );
        assert!(out.contains("│ 1 ┆ 2 │"), "{out}");
    }

    #[test]
    fn admonitions_and_hostile_text() {
        let out = plain("!!! warning \"Careful\"\n    Do not \u{1b}[2Jrun this.\n\nAfter.\n");
        assert!(out.contains("│ WARNING: Careful"), "{out}");
        assert!(out.contains("│ Do not \\e[2Jrun this."), "{out}");
        assert!(out.contains("After."), "{out}");
        assert!(!out.contains('\u{1b}'), "{out:?}");
        let code = plain("```sh\necho \u{1b}]0;x\u{7}\n```\n");
        assert!(
            !code.contains('\u{1b}') && code.contains("\\e]0;x"),
            "{code:?}"
        );
    }

    #[test]
    fn lines_fit_the_width() {
        let long = "word ".repeat(100);
        let out = plain(&format!("{long}\n\n- {long}\n"));
        for line in out.lines() {
            assert!(measure_text_width(line) <= 60, "{line:?}");
        }
    }
}
