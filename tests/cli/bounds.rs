//! Bounded cost (docs/security.md): every hostile input of `benches/support/hostile.rs`
//! (smaller where a debug build would be slow, same shape) finishes every command with
//! the right verdict, inside a generous wall-clock guard. The guards only catch a
//! regression to the old quadratic or unbounded costs (35 s, 20 s, 4.4 GB …); the figures
//! are measured by `cargo bench --bench hostile`.

use std::process::Stdio;
use std::time::{Duration, Instant};

use assert_cmd::cargo::CommandCargoExt;
use tempfile::TempDir;

#[path = "../../benches/support/hostile.rs"]
mod hostile;

use hostile::{INPUTS, Scale};

/// Far above what any input costs in a debug build, far below what the old costs were.
const GUARD: Duration = Duration::from_secs(20);

/// A hostile input written into a folder of its own.
struct Case {
    dir: TempDir,
    what: &'static str,
}

impl Case {
    fn path(&self) -> &std::path::Path {
        self.dir.path()
    }
}

fn input(name: &str) -> Case {
    let dir = tempfile::Builder::new()
        .prefix("portal-bounds")
        .tempdir()
        .expect("a temporary folder");
    let input = INPUTS
        .iter()
        .find(|i| i.name == name)
        .expect("a known input");
    (input.write)(dir.path(), Scale::Test);
    Case {
        dir,
        what: input.what,
    }
}

/// Runs portal in `dir`; stdout is counted, not kept (aliases expand in `--json`).
fn run(dir: &Case, args: &[&str]) -> (i32, u64, String) {
    let start = Instant::now();
    let mut child = std::process::Command::cargo_bin("portal")
        .expect("the portal binary")
        .env_clear()
        .env("HOME", dir.path())
        .env("PORTAL_CACHE_DIR", dir.path().join(".cache"))
        .current_dir(dir.path())
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run portal");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stderr, &mut s).ok();
        s
    });
    let bytes = std::io::copy(&mut stdout, &mut std::io::sink()).expect("read stdout");
    let status = child.wait().expect("wait for portal");
    let stderr = err.join().expect("stderr");
    let took = start.elapsed();
    assert!(
        took < GUARD,
        "`portal {}` on {} took {took:?}",
        args.join(" "),
        dir.what
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    (status.code().unwrap_or(-1), bytes, stderr)
}

fn json(dir: &Case, args: &[&str]) -> serde_json::Value {
    let out = std::process::Command::cargo_bin("portal")
        .expect("the portal binary")
        .env_clear()
        .env("HOME", dir.path())
        .env("PORTAL_CACHE_DIR", dir.path().join(".cache"))
        .current_dir(dir.path())
        .args(args)
        .output()
        .expect("run portal");
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

fn rules(report: &serde_json::Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["rule"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn runs_of_comments_cost_linear_time() {
    for name in ["comments", "indented-comments"] {
        let dir = input(name);
        let (code, _, _) = run(&dir, &["validate", "--format", "json"]);
        assert_eq!(code, 1, "{name}: the document is a list, not an entity");
        let report = json(&dir, &["validate", "--format", "json"]);
        assert_eq!(report["summary"]["documents"], 1, "{name}");
    }
}

#[test]
fn nested_dashes_cost_linear_time() {
    let dir = input("dashes");
    let (code, _, _) = run(&dir, &["validate", "--format", "json"]);
    assert_eq!(code, 1);
    let report = json(&dir, &["validate", "--format", "json"]);
    assert!(rules(&report).iter().any(|r| r == "too-deep"), "{report}");
}

#[test]
fn aliases_share_their_text() {
    let dir = input("aliases");
    for args in [
        &["validate", "--format", "json"][..],
        &["validate"],
        &["list"],
        &["show", "big"],
        &["search", "big"],
    ] {
        let (code, bytes, stderr) = run(&dir, args);
        assert_eq!(code, 0, "{args:?}: {stderr}");
        assert!(bytes < 1 << 20, "{args:?} wrote {bytes} bytes for people");
    }
    // `--json` has every alias expanded, as Backstage's API returns it: 100 copies.
    let (code, bytes, _) = run(&dir, &["list", "--json"]);
    assert_eq!(code, 0);
    assert!(bytes > 100 * (1 << 20), "{bytes}");
    // The index keeps no record that large; a second run reads the file again, fast.
    let (code, _, _) = run(&dir, &["-v", "validate"]);
    assert_eq!(code, 0);
    let index = walk_sizes(&dir.path().join(".cache"));
    assert!(index < 1 << 20, "the cache holds {index} bytes");
}

fn walk_sizes(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| match e.file_type() {
            Ok(t) if t.is_dir() => walk_sizes(&e.path()),
            _ => e.metadata().map_or(0, |m| m.len()),
        })
        .sum()
}

#[test]
fn diagnostics_per_file_are_capped_with_an_exact_count() {
    let dir = input("invalid-documents");
    let (code, _, _) = run(&dir, &["validate", "--format", "json"]);
    assert_eq!(code, 1);
    let report = json(&dir, &["validate", "--format", "json"]);
    let diagnostics = report["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(diagnostics.len(), 1001);
    let last = diagnostics.last().expect("the count");
    assert_eq!(last["rule"], "too-many-findings");
    assert_eq!(last["severity"], "error");
    // Every document is invalid the same way (no metadata, no apiVersion …): the count is
    // the findings per document times the documents, less the thousand shown.
    let docs = report["summary"]["documents"].as_u64().expect("documents");
    let per_doc = diagnostics.iter().filter(|d| d["doc"] == 0).count() as u64;
    let message = last["message"].as_str().expect("a message");
    assert!(
        message.starts_with(&format!("{} more finding(s)", docs * per_doc - 1000)),
        "{message} ({docs} documents, {per_doc} findings each)"
    );
}

#[test]
fn files_of_millions_of_lexemes_stop_at_the_bound() {
    for name in ["items", "flow"] {
        let dir = input(name);
        let (code, _, _) = run(&dir, &["validate", "--format", "json"]);
        assert_eq!(code, 1, "{name}");
        let report = json(&dir, &["validate", "--format", "json"]);
        assert!(
            rules(&report).iter().any(|r| r == "too-large"),
            "{name}: {report}"
        );
        let (code, _, _) = run(&dir, &["validate"]);
        assert_eq!(code, 1, "{name}");
    }
}

#[test]
fn a_large_file_in_the_index_place_is_not_read_whole() {
    let dir = input("comments");
    let (_, _, _) = run(&dir, &["validate"]);
    let index_dir = dir.path().join(".cache/index");
    let index = std::fs::read_dir(&index_dir)
        .expect("the index folder")
        .flatten()
        .find(|e| e.path().extension().is_some_and(|x| x == "idx"))
        .expect("an index")
        .path();
    // Sparse: 900 MB that take no disk, and would take 900 MB of memory if read.
    let file = std::fs::File::create(&index).expect("replace the index");
    file.set_len(900 << 20).expect("a sparse file");
    drop(file);
    let (code, _, stderr) = run(&dir, &["validate"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("is not a portal index; rebuilding it"),
        "{stderr}"
    );
}

#[test]
fn a_template_of_20000_files_plans_in_linear_time() {
    let dir = input("template");
    let (code, bytes, stderr) = run(&dir, hostile::CREATE);
    assert_eq!(code, 0, "{stderr}");
    let plan = json(&dir, hostile::CREATE);
    let files = plan["plan"]["files"].as_array().map_or(0, Vec::len);
    assert!(files >= 20_000, "{files} files planned ({bytes} bytes)");
    assert!(!dir.path().join("made").exists(), "a dry run wrote files");
}
