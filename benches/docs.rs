//! `cargo bench --bench docs`: `portal docs` rendering a 5,000-line page (headings,
//! paragraphs with links and emphasis, lists, tables, admonitions and highlighted code
//! blocks), with and without colour (highlighting is the costly part), against `cat` of
//! the same page in the same run. The catalog around it is one entity: the figure is the
//! page's rendering plus portal's start-up.
//!
//! Arguments after `--`: `--runs N` (default 21). Unknown arguments are ignored.

#[path = "support/measure.rs"]
mod measure;
// Shared with the scan bench, which prints the index and scale tables too.
#[allow(dead_code)]
#[path = "support/report.rs"]
mod report;

use std::env;
use std::fmt::Write as _;
use std::path::Path;

use measure::HELPER_FLAG;
use report::Row;

const PORTAL: &str = env!("CARGO_BIN_EXE_portal");

/// Lines of the generated page.
const LINES: usize = 5_000;

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    if args.first().is_some_and(|arg| arg == HELPER_FLAG) {
        measure::helper_main(&args[1..]);
    }
    let runs: usize = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(21);
    let dir = tempfile::tempdir().expect("a temporary folder");
    write_site(dir.path());
    let page = dir.path().join("svc/docs/big.md");
    let lines = std::fs::read_to_string(&page).map_or(0, |t| t.lines().count());
    println!(
        "page: {lines} lines, {} bytes\n",
        std::fs::metadata(&page).map_or(0, |m| m.len())
    );
    let commands: Vec<(String, Vec<String>)> = vec![
        (
            "cat big.md".into(),
            vec!["cat".into(), page.display().to_string()],
        ),
        (
            "portal docs svc big --color never".into(),
            portal(dir.path(), "never"),
        ),
        (
            "portal docs svc big --color always".into(),
            portal(dir.path(), "always"),
        ),
    ];
    let mut rows = Vec::new();
    for (label, argv) in &commands {
        let log = dir.path().join("stderr.log");
        let vars = [(
            "PORTAL_CACHE_DIR".to_string(),
            dir.path().join(".cache").display().to_string(),
        )];
        // Once to warm the file cache and the index.
        measure::run(argv, &vars, &log);
        let samples: Vec<_> = (0..runs).map(|_| measure::run(argv, &vars, &log)).collect();
        let failed = samples.iter().any(|s| s.exit != measure::Exit::Code(0));
        rows.push(Row::new(label, &samples, failed));
    }
    report::print_table(&rows);
}

fn portal(dir: &Path, color: &str) -> Vec<String> {
    [
        PORTAL,
        "-C",
        &dir.display().to_string(),
        "--color",
        color,
        "docs",
        "svc",
        "big",
        "--no-pager",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// One entity whose docs hold the page.
fn write_site(dir: &Path) {
    let write = |rel: &str, text: &str| {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    };
    write(
        "svc/catalog-info.yaml",
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: svc\n  annotations:\n    backstage.io/techdocs-ref: dir:.\nspec:\n  type: service\n  lifecycle: production\n  owner: team\n",
    );
    write(
        "svc/mkdocs.yml",
        "site_name: Service\nnav:\n  - Home: index.md\n  - Big: big.md\n",
    );
    write("svc/docs/index.md", "# Service\n");
    let mut page = String::new();
    let mut section = 0;
    while page.lines().count() < LINES {
        section += 1;
        let _ = write!(
            page,
            "## Section {section}\n\nSome *emphasised* and **strong** text with a [link](index.md) and `code`, long enough to wrap across the width of a terminal once or twice.\n\n- first item\n- second item with [a link](https://example.com)\n  1. nested\n\n!!! note \"Note {section}\"\n    Inside the note.\n\n| a | b |\n|---|---|\n| {section} | two |\n\n```rust\nfn section_{section}(x: u32) -> u32 {{\n    let y = x * 2; // a comment\n    if y > 10 {{ y - 1 }} else {{ y + 1 }}\n}}\n```\n\n"
        );
    }
    write("svc/docs/big.md", &page);
}
