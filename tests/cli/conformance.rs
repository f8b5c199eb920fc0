//! Conformance with Backstage on real descriptors: for every document of the corpus,
//! portal's verdict must be Backstage's, and so must the relations it derives.
//!
//! The corpus lives outside the repository; its path comes from
//! `PORTAL_CONFORMANCE_CORPUS` (`.ci/run` sets it), else `../shared/corpus`. Deliberate differences are listed in
//! `docs/conformance.md`: a placeholder whose local file does not exist is an error in
//! portal, as in Backstage's backend, while the corpus' verdicts assume it readable.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use portal::catalog::{self, LoadOptions, kinds::reverse_of};

struct Expected {
    file: String,
    doc: usize,
    valid: bool,
    relations: BTreeSet<String>,
    /// Placeholder targets the corpus' oracle assumed readable.
    assumed: Vec<String>,
}

/// `PORTAL_CONFORMANCE_CORPUS`, else `../shared/corpus` beside the repository when present.
pub(crate) fn corpus() -> Option<PathBuf> {
    let dir = match std::env::var_os("PORTAL_CONFORMANCE_CORPUS") {
        Some(d) => PathBuf::from(d),
        None => {
            let beside = crate::support::repo_path("../shared/corpus");
            beside.join("expected.jsonl").is_file().then_some(beside)?
        }
    };
    assert!(
        dir.join("expected.jsonl").is_file(),
        "PORTAL_CONFORMANCE_CORPUS={} has no expected.jsonl",
        dir.display()
    );
    Some(dir)
}

fn expected(dir: &Path) -> Vec<Expected> {
    let text = std::fs::read_to_string(dir.join("expected.jsonl")).expect("read expected.jsonl");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("a JSON line");
            let strings = |key: &str| -> Vec<String> {
                v[key]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|s| s.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default()
            };
            let assumed = strings("warnings")
                .iter()
                .filter_map(|w| {
                    w.strip_prefix("assumed $")?
                        .split_once(' ')
                        .map(|(_, rest)| rest.to_string())
                })
                .filter_map(|rest| rest.split(" is readable").next().map(str::to_string))
                .collect();
            Some(Expected {
                file: v["file"].as_str()?.to_string(),
                doc: usize::try_from(v["doc"].as_u64()?).ok()?,
                valid: v["valid"].as_bool()?,
                relations: strings("relations").into_iter().collect(),
                assumed,
            })
        })
        .collect()
}

/// Backstage's verdict with placeholders read for real: a relative target that does not
/// exist rejects the entity.
fn backend_verdict(dir: &Path, e: &Expected) -> bool {
    let folder = dir
        .join(&e.file)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let unreadable = e
        .assumed
        .iter()
        .any(|t| url::Url::parse(t).is_err() && !folder.join(t).is_file());
    e.valid && !unreadable
}

#[test]
fn verdicts_agree_with_backstage_on_the_corpus() {
    let Some(dir) = corpus() else {
        eprintln!("PORTAL_CONFORMANCE_CORPUS is not set: conformance not checked");
        return;
    };
    let rows = expected(&dir);
    assert!(rows.len() > 100, "the corpus looks truncated");
    let files: BTreeSet<&str> = rows.iter().map(|r| r.file.as_str()).collect();
    let out = assert_cmd::Command::cargo_bin("portal")
        .expect("the binary")
        .arg("-C")
        .arg(&dir)
        .args(["validate", "--no-follow", "--format", "json"])
        .args(&files)
        .output()
        .expect("run portal");
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let rejected: HashSet<(String, u64)> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            (
                d["file"].as_str().unwrap_or_default().to_string(),
                d["doc"].as_u64().unwrap_or(u64::MAX),
            )
        })
        .collect();
    let mut disagreements = Vec::new();
    for r in &rows {
        let portal_accepts = !rejected.contains(&(r.file.clone(), r.doc as u64));
        if portal_accepts != backend_verdict(&dir, r) {
            disagreements.push(format!(
                "{} doc {}: Backstage {}",
                r.file,
                r.doc,
                if r.valid { "accepts" } else { "rejects" }
            ));
        }
    }
    let agreement = 100.0 * (rows.len() - disagreements.len()) as f64 / rows.len() as f64;
    eprintln!(
        "conformance: {} documents, {agreement:.2}% agreement",
        rows.len()
    );
    assert!(
        disagreements.is_empty(),
        "{} disagreements:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}

#[test]
fn relations_agree_with_backstage_on_the_corpus() {
    let Some(dir) = corpus() else { return };
    let rows = expected(&dir);
    let mut by_file: HashMap<&str, Vec<&Expected>> = HashMap::new();
    for r in rows.iter().filter(|r| r.valid) {
        by_file.entry(&r.file).or_default().push(r);
    }
    let mut compared = 0;
    let mut differences = Vec::new();
    for (file, docs) in by_file {
        let path = dir.join(file);
        let report = catalog::load_file(&path, &dir, &LoadOptions::default());
        for e in &report.entities {
            let Some(expected) = docs.iter().find(|d| d.doc == e.doc) else {
                continue;
            };
            let me = e.entity_ref().to_string();
            let mine: BTreeSet<String> = e
                .relations
                .iter()
                .flat_map(|r| {
                    let target = r.target.to_string();
                    let reverse = reverse_of(r.kind).map(|rev| format!("{target} {rev} {me}"));
                    std::iter::once(format!("{me} {} {target}", r.kind)).chain(reverse)
                })
                .collect();
            compared += 1;
            if mine != expected.relations {
                differences.push(format!(
                    "{file} doc {}: portal {mine:?}, Backstage {:?}",
                    e.doc, expected.relations
                ));
            }
        }
    }
    eprintln!("relations compared on {compared} entities");
    assert!(compared > 400, "too few entities compared: {compared}");
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

/// What the index keeps of a file (its report, entities and findings with their
/// positions) must come back from the index's encoding exactly as it went in.
#[test]
fn every_corpus_report_survives_the_index_encoding() {
    let Some(dir) = corpus() else { return };
    let files: BTreeSet<String> = expected(&dir).into_iter().map(|e| e.file).collect();
    let mut entities = 0;
    for file in &files {
        let report = catalog::load_file(&dir.join(file), &dir, &LoadOptions::default());
        let bytes = postcard::to_stdvec(&report).expect("a report encodes");
        let back: catalog::FileReport = postcard::from_bytes(&bytes).expect("and decodes");
        // Debug, not ==: a NaN in a document is not equal to itself.
        assert_eq!(format!("{back:?}"), format!("{report:?}"), "{file}");
        entities += back.entities.len();
    }
    assert!(entities > 400, "too few entities: {entities}");
}
