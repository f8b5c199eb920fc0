//! Printing: colour decisions, errors, diagnostics and entities. The core never prints.

pub mod diagnostics;
pub mod entities;
pub mod escape;
pub mod graph;
pub mod html;
pub mod markdown;
pub mod pager;
pub mod relative;
pub mod table;
pub mod tree;
pub mod yaml;

use std::io::{BufWriter, IsTerminal, StdoutLock};

use console::style;

use crate::catalog::Catalog;
use crate::cli::ColorChoice;
use crate::error::Error;

/// Colour only on a terminal, never with `NO_COLOR`, unless forced.
pub fn init_colors(choice: ColorChoice) {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let (out, err) = match choice {
        ColorChoice::Always => (true, true),
        ColorChoice::Never => (false, false),
        ColorChoice::Auto => (
            !no_color && std::io::stdout().is_terminal(),
            !no_color && std::io::stderr().is_terminal(),
        ),
    };
    console::set_colors_enabled(out);
    console::set_colors_enabled_stderr(err);
}

/// Standard output for a command's data, buffered: Rust's own stdout flushes at every
/// newline, which made `list --json` one `write` call per line. Callers flush at the end,
/// so a write error (a closed pipe) is seen, not dropped.
pub fn stdout() -> BufWriter<StdoutLock<'static>> {
    BufWriter::with_capacity(64 * 1024, std::io::stdout().lock())
}

/// Prints a fatal error and what to do about it on stderr, escaped: messages quote
/// paths and values from the catalog.
pub fn report_error(e: &Error) {
    if matches!(e, Error::Cancelled) {
        // The user knows what they did: one word, no "error:".
        eprintln!("cancelled");
        return;
    }
    let lines = e.lines();
    let mut lines = lines.iter();
    eprintln!(
        "{} {}",
        style("error:").for_stderr().red().bold(),
        escape::escape(lines.next().map_or("", String::as_str))
    );
    for line in lines {
        eprintln!("{}", escape::escape(line));
    }
    if let Some(hint) = e.hint() {
        eprintln!(
            "  {} {}",
            style("hint:").for_stderr().cyan(),
            escape::escape(&hint)
        );
    }
}

/// On stderr: why the index could not be used (one line), and with `--verbose` how it
/// served the scan.
pub fn index_use(usage: &crate::source::IndexUse, verbose: bool) {
    if let Some(notice) = &usage.notice {
        eprintln!(
            "{} {}",
            style("note:").for_stderr().cyan().bold(),
            escape::escape(notice)
        );
    }
    if !verbose {
        return;
    }
    let Some(path) = &usage.path else {
        eprintln!("index: not used (--no-cache, or no cache folder)");
        return;
    };
    let mut parts = vec![format!(
        "{} of {} file(s) reused",
        usage.files_reused, usage.files
    )];
    if usage.walks > 0 {
        parts.push(format!(
            "{} of {} folder walk(s) reused",
            usage.walks_reused, usage.walks
        ));
    }
    if usage.trees > 0 {
        parts.push(format!(
            "{} of {} git source(s) reused",
            usage.trees_reused, usage.trees
        ));
    }
    let mut written = match (&usage.save_error, usage.saved) {
        (Some(e), _) => format!(
            "not written: {}; PORTAL_CACHE_DIR can name a writable folder",
            escape::escape(&e.to_string())
        ),
        (None, true) => "updated".into(),
        (None, false) => "unchanged".into(),
    };
    if let Some(e) = &usage.read_error {
        written = format!("not read: {}; {written}", escape::escape(&e.to_string()));
    }
    eprintln!(
        "index: {}; {} ({written})",
        parts.join(", "),
        escape::path(path)
    );
    for changed in &usage.changed {
        eprintln!(
            "index: walked again: {} changed since the last scan",
            escape::path(changed)
        );
    }
    if usage.files_racy > 0 {
        eprintln!(
            "index: {} file(s) modified in the last 2 seconds are not kept (their stamps cannot tell a change yet)",
            usage.files_racy
        );
    }
}

/// A warning on stderr: `warning: MESSAGE`, the label coloured on a terminal, the message
/// escaped (as `report_error` escapes errors): it quotes URLs, refs and values.
pub fn warn(message: &str) {
    eprintln!(
        "{} {}",
        style("warning:").for_stderr().yellow().bold(),
        escape::escape(message)
    );
}

/// For query commands: one line on stderr when invalid documents were left out.
pub fn warn_left_out(catalog: &Catalog) {
    let docs: std::collections::HashSet<_> = catalog
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| (&d.file, d.doc))
        .collect();
    if !docs.is_empty() {
        let files: std::collections::HashSet<_> = docs.iter().map(|(f, _)| f).collect();
        warn(&format!(
            "{} invalid document(s) in {} file(s) left out; run `portal validate` for details",
            docs.len(),
            files.len()
        ));
    }
}
