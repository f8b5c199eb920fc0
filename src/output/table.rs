//! Tables fitted to the terminal (comfy-table), for people; scripts use `--json`.

use std::io::Write;

use comfy_table::{Cell, ContentArrangement, Table, presets};
use console::measure_text_width;

use super::escape::cut;
use crate::catalog::{Entity, EntityRef};
use crate::graph::Graph;

/// Characters of a value a table cell shows.
pub const MAX_CELL: usize = 1000;

/// A borderless table that fits the terminal without breaking a word: one line per row
/// (a multi-line value is joined into one), the column that may be shortened cut with `…`
/// first, then optional columns left out (and a note says which). Every cell is escaped
/// (`escape::escape`) as it is added, so widths are measured on the text as shown and no
/// cell can hold a control character. Off a terminal, nothing is cut.
pub struct Rows {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    /// The column cut first, with `…`.
    shrink: Option<usize>,
    /// Columns that may be left out, first to go first.
    optional: Vec<usize>,
    width: Option<usize>,
}

/// Narrowest a shortened column gets before columns are left out.
const MIN_SHRUNK: usize = 16;

impl Rows {
    pub fn new(header: &[&str]) -> Rows {
        Rows {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
            shrink: None,
            optional: Vec::new(),
            width: terminal_size().map(|(w, _)| usize::from(w)),
        }
    }

    /// The column (by header) that is shortened with `…` when the table is too wide.
    pub fn shrink(mut self, column: &str) -> Rows {
        self.shrink = self.header.iter().position(|h| h == column);
        self
    }

    /// Columns (by header) that may be left out when the table is still too wide, the
    /// first to go first.
    pub fn optional(mut self, columns: &[&str]) -> Rows {
        self.optional = columns
            .iter()
            .filter_map(|c| self.header.iter().position(|h| h == c))
            .collect();
        self
    }

    /// Fits the table to `width` columns instead of the terminal's (tests).
    pub fn width(mut self, width: Option<usize>) -> Rows {
        self.width = width;
        self
    }

    /// Adds a row of untrusted text; a cell longer than `MAX_CELL` characters is cut
    /// there, with `…` (a table is read by people; `--json` has the whole value).
    pub fn row<S: AsRef<str>>(&mut self, cells: impl IntoIterator<Item = S>) {
        self.rows.push(
            cells
                .into_iter()
                .map(|c| cut(&one_line(c.as_ref()), MAX_CELL).into_owned())
                .collect(),
        );
    }

    /// The table, without padding at the ends of lines; on stderr, a note of the columns
    /// left out.
    pub fn write(&self, out: &mut impl Write) -> std::io::Result<()> {
        let (text, left_out) = self.render();
        writeln!(out, "{text}")?;
        if !left_out.is_empty() {
            // The note after the table, on a terminal where both show.
            out.flush()?;
            let _ = writeln!(
                std::io::stderr(),
                "note: {} hidden to fit {} columns (--json shows {})",
                left_out.join(", "),
                self.width.unwrap_or_default(),
                if left_out.len() == 1 { "it" } else { "them" }
            );
        }
        Ok(())
    }

    /// The table's text, and the headers of the columns left out.
    fn render(&self) -> (String, Vec<&str>) {
        let (shown, cut_to) = self.fit();
        let mut t = Table::new();
        t.load_style(presets::NOTHING)
            .set_content_arrangement(ContentArrangement::Disabled);
        t.set_header(shown.iter().map(|&i| Cell::new(&self.header[i])));
        for row in &self.rows {
            t.add_row(shown.iter().map(|&i| {
                let cell = row.get(i).map_or("", String::as_str);
                match cut_to {
                    Some((col, w)) if col == i => Cell::new(truncate(cell, w)),
                    _ => Cell::new(cell),
                }
            }));
        }
        let left_out = (0..self.header.len())
            .filter(|i| !shown.contains(i))
            .map(|i| self.header[i].as_str())
            .collect();
        (trim_lines(&t.to_string()), left_out)
    }

    /// The columns shown, and the width the shortened one is cut to (if it is).
    fn fit(&self) -> (Vec<usize>, Option<(usize, usize)>) {
        let n = self.header.len();
        let widths: Vec<usize> = (0..n)
            .map(|i| {
                self.rows
                    .iter()
                    .map(|r| r.get(i).map_or(0, |c| measure_text_width(c)))
                    .chain([measure_text_width(&self.header[i])])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut shown: Vec<usize> = (0..n).collect();
        let Some(limit) = self.width else {
            return (shown, None);
        };
        // Each column is padded by one space a side; the line's first and last are trimmed.
        let total = |cols: &[usize], w: &dyn Fn(usize) -> usize| -> usize {
            cols.iter()
                .map(|&i| w(i) + 2)
                .sum::<usize>()
                .saturating_sub(2)
        };
        let mut optional = self.optional.iter().copied();
        loop {
            let full = total(&shown, &|i| widths[i]);
            if full <= limit {
                return (shown, None);
            }
            if let Some(col) = self.shrink.filter(|c| shown.contains(c)) {
                let others = total(&shown, &|i| if i == col { 0 } else { widths[i] });
                let room = limit.saturating_sub(others);
                if room >= MIN_SHRUNK.min(widths[col]) {
                    return (shown, Some((col, room)));
                }
            }
            match optional.next() {
                Some(col) => shown.retain(|&c| c != col),
                // Nothing more may go: names are never cut, so the line is longer.
                None => return (shown, None),
            }
        }
    }
}

/// `text` on one line: runs of whitespace (new lines included) become one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` cut to `width` columns, ending in `…` when it was cut.
fn truncate(text: &str, width: usize) -> String {
    console::truncate_str(text, width, "…").into_owned()
}

/// Width human output is laid out for: the terminal's, or 80 columns off a terminal (so
/// the same text is written to a pipe on every machine).
pub fn layout_width() -> usize {
    terminal_size().map_or(80, |(w, _)| usize::from(w))
}

/// `items` joined with `, ` and wrapped to `width` columns, never inside an item: lines
/// after the first start with `indent` spaces, as the first starts after a label that wide.
pub fn packed<S: AsRef<str>>(items: &[S], indent: usize, width: usize) -> String {
    let room = width.saturating_sub(indent).max(20);
    let mut out = String::new();
    let mut used = 0;
    for (i, item) in items.iter().enumerate() {
        let item = item.as_ref();
        let last = i + 1 == items.len();
        let w = measure_text_width(item) + usize::from(!last);
        if used > 0 && used + 1 + w > room {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            used = 0;
        } else if used > 0 {
            out.push(' ');
            used += 1;
        }
        out.push_str(item);
        if !last {
            out.push(',');
        }
        used += w;
    }
    out
}

fn terminal_size() -> Option<(u16, u16)> {
    let term = console::Term::stdout();
    term.is_term().then(|| {
        let (rows, cols) = term.size();
        (cols, rows)
    })
}

/// `group:default/team-a` as `team-a`, `user:default/jdoe` as `user:jdoe`: short but exact
/// for a field whose default kind is `default_kind`.
pub fn short_ref(r: &EntityRef, default_kind: &str) -> String {
    let kind = if r.kind == default_kind {
        String::new()
    } else {
        format!("{}:", r.kind)
    };
    let ns = if r.namespace == "default" {
        String::new()
    } else {
        format!("{}/", r.namespace)
    };
    format!("{kind}{ns}{}", r.name)
}

/// The columns of `portal list`, with the one shortened first and the order others go in.
fn list_rows() -> Rows {
    Rows::new(&[
        "KIND",
        "NAME",
        "TYPE",
        "LIFECYCLE",
        "OWNER",
        "SYSTEM",
        "DESCRIPTION",
    ])
    .shrink("DESCRIPTION")
    .optional(&["SYSTEM", "LIFECYCLE", "TYPE", "DESCRIPTION"])
}

/// The `portal list` table.
pub fn entities(
    out: &mut impl Write,
    entities: &[&Entity],
    graph: &Graph<'_>,
) -> std::io::Result<()> {
    if entities.is_empty() {
        return writeln!(out, "no entities match");
    }
    let mut t = list_rows();
    for e in entities {
        let rels = graph.relations_of(e.entity_ref());
        let first = |kind: &str, target_kind: Option<&str>, default_kind: &str| {
            rels.iter()
                .filter(|(k, t)| *k == kind && target_kind.is_none_or(|tk| t.kind == tk))
                .map(|(_, t)| short_ref(t, default_kind))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let name = if e.namespace == "default" {
            e.name.clone()
        } else {
            format!("{}/{}", e.namespace, e.name)
        };
        t.row([
            e.kind.clone(),
            name,
            e.spec_str("type").unwrap_or_default().to_string(),
            e.spec_str("lifecycle").unwrap_or_default().to_string(),
            first("ownedBy", None, "group"),
            first("partOf", Some("system"), "system"),
            e.metadata_str("title")
                .or(e.metadata_str("description"))
                .unwrap_or_default()
                .to_string(),
        ]);
    }
    t.write(out)
}

/// comfy-table pads every line to the column widths; trailing blanks help nobody.
fn trim_lines(s: &str) -> String {
    s.lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(l).trim_end())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `list`-shaped table with long names and a long, multi-line description.
    fn catalog(width: usize) -> Rows {
        let mut t = list_rows().width(Some(width));
        t.row(["Component", "checkout-payments-gateway", "service", "production", "checkout", "payments", "Takes card payments for the web shop\nand the mobile apps, and refunds them\n\nwithin a day."]);
        t.row([
            "API",
            "payments-api",
            "openapi",
            "experimental",
            "checkout",
            "payments",
            "The public API",
        ]);
        t
    }

    fn widest(text: &str) -> usize {
        text.lines().map(measure_text_width).max().unwrap_or(0)
    }

    #[test]
    fn reference_lists_wrap_between_items_under_their_label() {
        let items: Vec<String> = (0..30)
            .map(|i| format!("component:default/service-{i}"))
            .collect();
        let text = packed(&items, 18, 80);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines.len() > 5, "{text}");
        for (i, line) in lines.iter().enumerate() {
            let shown = if i == 0 { 18 } else { 0 } + measure_text_width(line);
            assert!(shown <= 80, "{line:?}");
            if i > 0 {
                assert!(
                    line.starts_with(&" ".repeat(18)) && !line.starts_with(&" ".repeat(19)),
                    "{line:?}"
                );
            }
        }
        let joined: Vec<&str> = text.split(',').map(str::trim).collect();
        assert_eq!(joined, items, "every item whole, in order");
        assert_eq!(packed(&["a", "b"], 18, 80), "a, b");
        assert_eq!(packed::<&str>(&[], 18, 80), "");
    }

    #[test]
    fn at_100_columns_the_description_is_shortened_and_nothing_is_left_out() {
        let t = catalog(100);
        let (text, left_out) = t.render();
        assert!(widest(&text) <= 100, "{text}");
        assert!(left_out.is_empty(), "{left_out:?}");
        assert!(text.contains("checkout-payments-gateway"), "{text}");
        assert!(text.contains("DESCRIPTION"), "{text}");
        assert!(text.contains('…'), "the description is cut with …: {text}");
        // One line per row, the header included.
        assert_eq!(text.lines().count(), 3, "{text}");
    }

    #[test]
    fn at_80_columns_columns_are_left_out_and_no_word_is_broken() {
        let t = catalog(80);
        let (text, left_out) = t.render();
        assert!(widest(&text) <= 80, "{text}");
        assert_eq!(left_out, ["LIFECYCLE", "SYSTEM"], "{text}");
        assert_eq!(text.lines().count(), 3, "{text}");
        for word in [
            "checkout-payments-gateway",
            "payments-api",
            "DESCRIPTION",
            "checkout",
        ] {
            assert!(text.contains(word), "`{word}` whole: {text}");
        }
        let t60 = catalog(60);
        let narrow = t60.render();
        assert_eq!(
            narrow.1,
            ["TYPE", "LIFECYCLE", "SYSTEM", "DESCRIPTION"],
            "{}",
            narrow.0
        );
        assert!(widest(&narrow.0) <= 60, "{}", narrow.0);
    }

    #[test]
    fn names_are_never_cut_even_when_the_line_must_be_longer() {
        let t = catalog(20);
        let (text, left_out) = t.render();
        assert_eq!(left_out, ["TYPE", "LIFECYCLE", "SYSTEM", "DESCRIPTION"]);
        assert!(text.contains("checkout-payments-gateway"), "{text}");
    }

    #[test]
    fn off_a_terminal_nothing_is_cut_but_rows_stay_on_one_line() {
        let mut t = catalog(80).width(None);
        t.row(["Component", "x", "", "", "", "", "a\r\nb  c"]);
        let (text, left_out) = t.render();
        assert!(left_out.is_empty());
        assert!(
            text.contains("and the mobile apps, and refunds them within a day."),
            "{text}"
        );
        assert!(text.lines().last().unwrap().ends_with("a b c"), "{text}");
        assert_eq!(text.lines().count(), 4, "{text}");
    }
}
