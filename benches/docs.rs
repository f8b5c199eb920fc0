//! `cargo bench --bench docs`: `portal docs` rendering a 5,000-line page (headings,
//! paragraphs with links and emphasis, lists, tables, admonitions and highlighted code
//! blocks), with and without colour (highlighting is the costly part), against `cat` of
//! the same page in the same run. The catalog around it is one entity: the figure is the
//! page's rendering plus portal's start-up.
//!
//! With `--search`, also `portal docs search` over the synthetic organisation with docs
//! (2,000 repositories, 10 pages each: `target/synth-docs-org`): the first search (no docs
//! index), the second (nothing changed), and the index's size against the Markdown's, all
//! against `rg -i QUERY` over the same pages in the same run.
//!
//! Arguments after `--`: `--runs N` (default 21), `--search`. Unknown arguments are ignored.

// Shared with the scan bench, which uses every part of it.
#[allow(dead_code)]
mod support;

use support::{measure, report};

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
    if args.iter().any(|a| a == "--search") {
        search(runs);
    }
}

/// The query the generated pages answer (one sentence in twenty holds it).
const QUERY: &str = "rollback";

fn search(runs: usize) {
    let root = support::target_dir().join("synth-docs-org");
    let params = support::synth::Params {
        docs: 10,
        ..Default::default()
    };
    let (counts, reused) = support::synth::ensure(&root, params).expect("the organisation");
    println!(
        "\norganisation: {} repositories, {} files ({}), {} pages of docs\n",
        counts.repos,
        counts.files,
        if reused { "reused" } else { "generated" },
        (counts.repos - 1) * params.docs
    );
    let cache = support::target_dir().join("synth-docs-cache");
    let vars = [("PORTAL_CACHE_DIR".to_string(), cache.display().to_string())];
    let log = cache.join("stderr.log");
    std::fs::create_dir_all(&cache).expect("the cache folder");
    let portal: Vec<String> = [
        PORTAL,
        "-C",
        &root.display().to_string(),
        "docs",
        "search",
        QUERY,
        "--limit",
        "10",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // The same docs folders, named: rg reads them and nothing else of the organisation.
    let mut rg: Vec<String> = ["rg", "-i", "-c", QUERY]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut folders: Vec<String> = std::fs::read_dir(&root)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("docs"))
        .filter(|d| d.is_dir())
        .map(|d| d.display().to_string())
        .collect();
    folders.sort();
    rg.extend(folders);
    let index_dir = cache.join("docs-index");
    // Warm the file cache and the catalog's index.
    measure::run(&portal, &vars, &log);
    measure::run(&rg, &vars, &log);
    let timed = |argv: &[String], before: &dyn Fn()| {
        (0..runs)
            .map(|_| {
                before();
                measure::run(argv, &vars, &log)
            })
            .collect::<Vec<_>>()
    };
    let rows = vec![
        Row::new(
            &format!("rg -i {QUERY} (docs folders)"),
            &timed(&rg, &|| {}),
            false,
        ),
        Row::new(
            "portal docs search, first run (no docs index)",
            &timed(&portal, &|| {
                let _ = std::fs::remove_dir_all(&index_dir);
            }),
            false,
        ),
        Row::new(
            "portal docs search, second run (nothing changed)",
            &timed(&portal, &|| {}),
            false,
        ),
    ];
    report::print_table(&rows);
    let markdown: u64 = walk_md(&root);
    let index: u64 = std::fs::read_dir(&index_dir)
        .map(|d| {
            d.flatten()
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0);
    println!(
        "\ndocs index {index} bytes, Markdown {markdown} bytes: {:.1}%",
        100.0 * index as f64 / markdown.max(1) as f64
    );
}

/// Bytes of Markdown under the `docs/` folders of `root`.
fn walk_md(root: &Path) -> u64 {
    let mut total = 0;
    for repo in std::fs::read_dir(root).into_iter().flatten().flatten() {
        let docs = repo.path().join("docs");
        for page in std::fs::read_dir(docs).into_iter().flatten().flatten() {
            if page.path().extension().is_some_and(|e| e == "md") {
                total += page.metadata().map_or(0, |m| m.len());
            }
        }
    }
    total
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
