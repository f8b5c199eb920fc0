//! The differential check against the `yaml` npm package (2.9.1, pinned in
//! `differential/package-lock.json`): every document of the fixtures here, and of the shared
//! conformance corpus when `PORTAL_CONFORMANCE_CORPUS` names it, must read to the value the
//! package's `toJSON()` gives, or be an error in both.
//!
//! Needs Node and npm: the package is installed with `npm ci` in a temporary folder, so the
//! repository is never written to.

use std::path::{Path, PathBuf};
use std::process::Command;

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path
            .extension()
            .is_some_and(|ext| ext == "yaml" || ext == "yml")
        {
            out.push(path);
        }
    }
}

#[test]
fn reads_every_document_as_the_npm_package_does() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    yaml_files(&here.join("tests/fixtures"), &mut files);
    let fixtures = files.len();
    if let Some(corpus) = std::env::var_os("PORTAL_CONFORMANCE_CORPUS") {
        yaml_files(Path::new(&corpus), &mut files);
    }
    assert!(fixtures >= 30, "only {fixtures} fixtures");

    let work = std::env::temp_dir().join(format!("backstage-yaml-npm-{}", std::process::id()));
    std::fs::create_dir_all(&work).unwrap();
    for name in ["package.json", "package-lock.json"] {
        std::fs::copy(here.join("differential").join(name), work.join(name)).unwrap();
    }
    let npm = Command::new("npm")
        .args([
            "ci",
            "--ignore-scripts",
            "--no-audit",
            "--no-fund",
            "--silent",
        ])
        .current_dir(&work)
        .status()
        .expect("npm runs (the differential check needs Node and npm)");
    assert!(npm.success(), "npm ci failed in {}", work.display());

    let mut dump = String::new();
    for file in &files {
        let text = String::from_utf8_lossy(&std::fs::read(file).unwrap()).into_owned();
        let docs = backstage_yaml::dump(&text);
        dump.push_str(&serde_json::json!({ "file": file, "docs": docs }).to_string());
        dump.push('\n');
    }
    std::fs::write(work.join("dump.jsonl"), dump).unwrap();

    let out = Command::new("node")
        .arg(here.join("differential/yamlcmp.js"))
        .arg(work.join("dump.jsonl"))
        .env("NODE_MODULES", work.join("node_modules"))
        .output()
        .expect("node runs");
    let _ = std::fs::remove_dir_all(&work);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "backstage-yaml and the npm package disagree:\n{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = stdout.lines().last().unwrap_or_default();
    assert!(
        summary.contains(&format!("files={} ", files.len())) && summary.ends_with("disagree=0"),
        "{summary}"
    );
}
