//! Tables fitted to the terminal (comfy-table), for people; scripts use `--json`.

use std::io::Write;

use comfy_table::{Cell, ContentArrangement, Table, presets};

use super::escape::cut;
use crate::catalog::{Entity, EntityRef};
use crate::graph::Graph;

/// Characters of a value a table cell shows.
pub const MAX_CELL: usize = 1000;

/// A borderless table as wide as the terminal allows. Every cell is escaped
/// (`escape::escape`) as it is added, so widths are measured on the text as shown and no
/// cell can hold a control character.
pub struct Rows(Table);

impl Rows {
    pub fn new(header: &[&str]) -> Rows {
        let mut t = Table::new();
        t.load_style(presets::NOTHING)
            .set_content_arrangement(ContentArrangement::Dynamic);
        if let Some((w, _)) = terminal_size() {
            t.set_width(w);
        }
        // Cells hold plain text: comfy-table measures widths without knowing ANSI codes.
        t.set_header(header.iter().map(Cell::new));
        Rows(t)
    }

    /// Adds a row of untrusted text; a cell longer than `MAX_CELL` characters is cut
    /// there, with `…` (a table is read by people; `--json` has the whole value).
    pub fn row<S: AsRef<str>>(&mut self, cells: impl IntoIterator<Item = S>) {
        self.0.add_row(
            cells
                .into_iter()
                .map(|c| Cell::new(cut(c.as_ref(), MAX_CELL))),
        );
    }

    /// The table, without comfy-table's padding at the ends of lines.
    pub fn write(&self, out: &mut impl Write) -> std::io::Result<()> {
        writeln!(out, "{}", trim_lines(&self.0.to_string()))
    }
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

/// The `portal list` table.
pub fn entities(
    out: &mut impl Write,
    entities: &[&Entity],
    graph: &Graph<'_>,
) -> std::io::Result<()> {
    if entities.is_empty() {
        return writeln!(out, "no entities match");
    }
    let mut t = Rows::new(&[
        "KIND",
        "NAME",
        "TYPE",
        "LIFECYCLE",
        "OWNER",
        "SYSTEM",
        "DESCRIPTION",
    ]);
    for e in entities {
        let rels = graph.relations_of(&e.entity_ref());
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
