//! Four printers over the same diagnostics: human, JSON, GitHub annotations and SARIF.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use console::style;
use serde::Serialize;

use super::escape;
use crate::catalog::{Catalog, Diagnostic, Severity};

/// `path:line:col: error[rule]: message`, the source line with a caret, and a hint.
pub fn human(out: &mut impl Write, catalog: &Catalog) -> std::io::Result<()> {
    human_list(out, &catalog.diagnostics)?;
    writeln!(
        out,
        "{} in {} {} ({} {}, {} {})",
        verdict(catalog.errors(), catalog.warnings()),
        catalog.files,
        plural(catalog.files, "file"),
        catalog.documents,
        plural(catalog.documents, "document"),
        catalog.entities.len(),
        plural(catalog.entities.len(), "valid entity"),
    )?;
    out.flush()
}

/// `3 errors, 1 warning` (`no errors, 0 warnings`), the errors in colour.
pub fn verdict(errors: usize, warnings: usize) -> String {
    let errors = if errors > 0 {
        style(format!("{} {}", errors, plural(errors, "error")))
            .red()
            .bold()
    } else {
        style("no errors".to_string()).green().bold()
    };
    format!("{errors}, {warnings} {}", plural(warnings, "warning"))
}

/// The diagnostics alone, each with its snippet and hint, the same finding at many places
/// grouped; the caller writes its own summary.
pub fn human_list(out: &mut impl Write, diagnostics: &[Diagnostic]) -> std::io::Result<()> {
    let mut sources = SourceCache::default();
    for group in repeated(diagnostics) {
        let d = group[0];
        let label = match d.severity {
            Severity::Error => style(format!("error[{}]", d.rule)).red().bold(),
            Severity::Warning => style(format!("warning[{}]", d.rule)).yellow().bold(),
        };
        writeln!(
            out,
            "{}: {label}: {}",
            style(format!(
                "{}:{}:{}",
                escape::path(&d.file),
                d.pos.line,
                d.pos.col
            ))
            .bold(),
            escape::escape(&d.message)
        )?;
        if let Some(line) = sources.line(&d.file, d.pos.line) {
            let number = d.pos.line.to_string();
            let gutter = " ".repeat(number.len());
            let (shown, caret_at, caret_len) = caret(&line, d.pos.col);
            writeln!(out, "{gutter} {}", style("|").blue())?;
            writeln!(
                out,
                "{} {} {shown}",
                style(&number).blue(),
                style("|").blue()
            )?;
            writeln!(
                out,
                "{gutter} {} {}{}",
                style("|").blue(),
                " ".repeat(caret_at),
                style("^".repeat(caret_len)).red()
            )?;
        }
        if let Some((file, pos)) = &d.related {
            writeln!(
                out,
                "  {} {}:{}:{}",
                style("= also:").blue(),
                escape::path(file),
                pos.line,
                pos.col
            )?;
        }
        if let Some(hint) = &d.hint {
            writeln!(
                out,
                "  {} {}",
                style("= hint:").cyan(),
                escape::escape(hint)
            )?;
        }
        if group.len() > 1 {
            writeln!(
                out,
                "  {} the same {} at {} more {}:",
                style("= also:").blue(),
                match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                group.len() - 1,
                plural(group.len() - 1, "place")
            )?;
        }
        for other in group.iter().skip(1).take(MAX_PLACES) {
            writeln!(
                out,
                "      {}:{}:{}{}",
                escape::path(&other.file),
                other.pos.line,
                other.pos.col,
                named_entity(other)
            )?;
        }
        if group.len() > MAX_PLACES + 1 {
            writeln!(
                out,
                "      … and {} more (--format json lists every one)",
                group.len() - MAX_PLACES - 1
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// Places of a repeated diagnostic listed under the first; the rest are counted.
const MAX_PLACES: usize = 10;

/// Diagnostics with the same severity, rule, message and hint, grouped under the first
/// (twenty references to the same missing group are one finding, at twenty places), in the
/// order of their first appearance. A message naming its own entity is compared without
/// that name: "ownedBy (component:a) points at group:x" is the same finding for `b`.
fn repeated(all: &[Diagnostic]) -> Vec<Vec<&Diagnostic>> {
    let mut groups: Vec<Vec<&Diagnostic>> = Vec::new();
    let mut at: HashMap<(Severity, &str, String, Option<&str>), usize> = HashMap::new();
    for d in all {
        let key = (d.severity, d.rule.as_ref(), generic(d), d.hint.as_deref());
        match at.get(&key) {
            Some(&i) => groups[i].push(d),
            None => {
                at.insert(key, groups.len());
                groups.push(vec![d]);
            }
        }
    }
    groups
}

/// The message without the diagnostic's own entity reference.
fn generic(d: &Diagnostic) -> String {
    match d.entity.as_deref().filter(|e| !e.is_empty()) {
        Some(e) => d.message.replace(e, "\0"),
        None => d.message.clone(),
    }
}

/// ` (component:default/b)` when the message names its entity, so a grouped place says
/// which entity it is about.
fn named_entity(d: &Diagnostic) -> String {
    match d.entity.as_deref() {
        Some(e) if !e.is_empty() && d.message.contains(e) => format!(" ({})", escape::escape(e)),
        _ => String::new(),
    }
}

pub fn plural(n: usize, word: &str) -> String {
    match (n, word) {
        (1, _) => word.to_string(),
        (_, "valid entity") => "valid entities".into(),
        _ => format!("{word}s"),
    }
}

/// The line as shown (tabs as one space, then escaped), where the caret starts, and how
/// long it is, both counted in shown characters: the node at `col` up to the end of its
/// token (a key stops at its `:`, a value before a comment).
fn caret(line: &str, col: u32) -> (String, usize, usize) {
    let line = line.replace('\t', " ");
    let chars: Vec<char> = line.chars().collect();
    let start = (col as usize).saturating_sub(1).min(chars.len());
    let rest: String = chars[start..].iter().collect();
    let mut end = rest.len();
    if let Some(i) = rest.find(": ") {
        end = end.min(i);
    }
    if rest.ends_with(':') {
        end = end.min(rest.len() - 1);
    }
    if let Some(i) = rest.find(" #") {
        end = end.min(i);
    }
    // Inside a flow collection a scalar ends at `,`, `]` or `}`.
    if chars[..start].iter().any(|c| matches!(c, '[' | '{'))
        && let Some(i) = rest.find([',', ']', '}'])
    {
        end = end.min(i);
    }
    let token = rest[..end].trim_end();
    let width = |cs: &mut dyn Iterator<Item = char>| cs.map(escape::escaped_len).sum::<usize>();
    let caret_at = width(&mut chars[..start].iter().copied());
    let caret_len = width(&mut token.chars()).max(1);
    (escape::escape(&line).into_owned(), caret_at, caret_len)
}

/// Source lines for snippets, read once per file (through `confine::read_regular`: a
/// file swapped for a FIFO since it was judged is not waited on), kept as the text and
/// where each line starts.
#[derive(Default)]
struct SourceCache {
    files: HashMap<PathBuf, Option<(String, Vec<u32>)>>,
}

impl SourceCache {
    fn line(&mut self, path: &Path, line: u32) -> Option<String> {
        let (text, starts) = self
            .files
            .entry(path.to_path_buf())
            .or_insert_with(|| {
                let bytes =
                    crate::confine::read_regular(path, crate::catalog::MAX_FILE_BYTES).ok()?;
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let starts = std::iter::once(0)
                    .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                    .filter_map(|i| u32::try_from(i).ok())
                    .collect();
                Some((text, starts))
            })
            .as_ref()?;
        let i = (line as usize).checked_sub(1)?;
        let start = *starts.get(i)? as usize;
        let end = starts.get(i + 1).map_or(text.len(), |&e| e as usize);
        let shown = text.get(start..end)?;
        let shown = shown.strip_suffix('\n').unwrap_or(shown);
        let shown = shown.strip_suffix('\r').unwrap_or(shown);
        (shown.len() <= 400).then(|| shown.to_string())
    }
}

/// The `--format json` contract (docs/json.md).
#[derive(Serialize)]
pub struct JsonReport<'a, S: Serialize> {
    pub summary: &'a S,
    pub diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
pub struct Summary {
    pub files: usize,
    pub documents: usize,
    pub entities: usize,
    pub errors: usize,
    pub warnings: usize,
}

#[derive(Serialize)]
pub struct JsonDiagnostic<'a> {
    pub severity: Severity,
    pub rule: &'a str,
    pub message: &'a str,
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub doc: Option<usize>,
    pub entity: Option<&'a str>,
    pub hint: Option<&'a str>,
}

fn summary(catalog: &Catalog) -> Summary {
    Summary {
        files: catalog.files,
        documents: catalog.documents,
        entities: catalog.entities.len(),
        errors: catalog.errors(),
        warnings: catalog.warnings(),
    }
}

fn path_str(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

pub fn json(out: &mut impl Write, catalog: &Catalog) -> std::io::Result<()> {
    json_with(out, &summary(catalog), &catalog.diagnostics)
}

/// `{summary, diagnostics}` with a command's own summary.
pub fn json_with(
    out: &mut impl Write,
    summary: &impl Serialize,
    diagnostics: &[Diagnostic],
) -> std::io::Result<()> {
    let report = JsonReport {
        summary,
        diagnostics: diagnostics
            .iter()
            .map(|d: &Diagnostic| JsonDiagnostic {
                severity: d.severity,
                rule: &d.rule,
                message: &d.message,
                file: path_str(&d.file),
                line: d.pos.line,
                column: d.pos.col,
                doc: d.doc,
                entity: d.entity.as_deref(),
                hint: d.hint.as_deref(),
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)?;
    out.flush()
}

/// GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`.
/// The log that shows them is a terminal of sorts (it renders colour codes), so the file
/// and message are escaped as in the human format first, then encoded as GitHub's runner
/// decodes them: one command per line, whatever a value holds.
pub fn github(out: &mut impl Write, diagnostics: &[Diagnostic]) -> std::io::Result<()> {
    for d in diagnostics {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut message = d.message.clone();
        if let Some(h) = &d.hint {
            message.push_str(&format!(" (hint: {h})"));
        }
        writeln!(
            out,
            "::{level} file={},line={},col={},title={}::{}",
            escape_property(&escape::path(&d.file)),
            d.pos.line,
            d.pos.col,
            escape_property(&format!("portal {}", d.rule)),
            escape_data(&escape::escape(&message))
        )?;
    }
    out.flush()
}

/// A command's message: `%`, CR and LF percent-encoded.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A command's property value: as a message, and `:` and `,` too.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// SARIF 2.1.0 with one run, one rule per rule id.
pub fn sarif(out: &mut impl Write, diagnostics: &[Diagnostic]) -> std::io::Result<()> {
    let mut rules: Vec<&str> = diagnostics.iter().map(|d| &*d.rule).collect();
    rules.sort_unstable();
    rules.dedup();
    let results: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            serde_json::json!({
                "ruleId": d.rule,
                "level": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
                "message": { "text": match &d.hint {
                    Some(h) => format!("{} (hint: {h})", d.message),
                    None => d.message.clone(),
                }},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": path_str(&d.file).replace('\\', "/") },
                        "region": { "startLine": d.pos.line.max(1), "startColumn": d.pos.col.max(1) }
                    }
                }]
            })
        })
        .collect();
    let report = serde_json::json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "portal",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules.iter().map(|r| serde_json::json!({"id": r})).collect::<Vec<_>>()
            }},
            "results": results
        }]
    });
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_caret_is_under_the_escaped_token() {
        let (shown, at, len) = caret("  name: \x1b[2Jwipe # note", 9);
        assert_eq!(shown, "  name: \\e[2Jwipe # note");
        assert_eq!(&shown[at..at + len], "\\e[2Jwipe");
        let (shown, at, len) = caret("  title: \u{202e}abc: x", 3);
        assert_eq!(&shown[at..at + len], "title");
        let (shown, at, len) = caret("  a\u{9b}b: [x, \u{7}y]", 12);
        assert_eq!(shown, "  a\\u{9b}b: [x, \\u{7}y]");
        assert_eq!(&shown[at..at + len], "\\u{7}y");
    }

    #[test]
    fn tabs_are_one_space_so_columns_still_count_characters() {
        assert_eq!(caret("\tkey: v", 2), (" key: v".to_string(), 1, 3));
    }

    #[test]
    fn github_commands_stay_one_line_each() {
        assert_eq!(escape_data("50% a\r\nb"), "50%25 a%0D%0Ab");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
        let forged = escape_data(&escape::escape("x\n::error file=y::z"));
        assert!(!forged.contains('\n'));
    }
}
