//! Templates rendered by portal and by Backstage's own scaffolder
//! (`@backstage/plugin-scaffolder-backend` 4.2.0 in ../shared/render-oracle, copied into
//! `target/` and installed there with `npm ci` once): the two output trees must be equal,
//! byte for byte. Each folder of `tests/fixtures/render-probes` is a template with its
//! `values.json`, one construct per line; each file of `tests/fixtures/builtin-answers`,
//! `TEMPLATE.CASE.json`, answers one of portal's built-in templates, which Backstage must
//! render as portal does (an organisation can copy them into its Backstage unchanged).

#![cfg(unix)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{TestEnv, repo_path};

fn oracle() -> PathBuf {
    static INSTALLED: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    INSTALLED
        .get_or_init(|| crate::support::npm_installed("render-oracle"))
        .clone()
}

/// Every rendered file below `root`, but portal's own `.portal/`.
fn tree(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = crate::create::snapshot(root);
    files.retain(|path, _| !path.starts_with(".portal"));
    files
}

/// Renders `template.yaml` with `values` in the oracle into `out`.
fn backstage(template: &Path, values: &Path, out: &Path) {
    let status = Command::new("node")
        .arg(oracle().join("render.js"))
        .arg(template)
        .arg(out)
        .arg("--values")
        .arg(values)
        .status()
        .expect("node render.js");
    assert!(
        status.success(),
        "the oracle rendered {}",
        template.display()
    );
}

/// The two trees are the same, file by file.
fn same_trees(case: &str, theirs: &Path, ours: &Path) {
    let (want, got) = (tree(theirs), tree(ours));
    assert!(!want.is_empty(), "{case}: the oracle wrote nothing");
    assert_eq!(
        want.keys().collect::<Vec<_>>(),
        got.keys().collect::<Vec<_>>(),
        "{case}: the files"
    );
    for (path, bytes) in &want {
        assert_eq!(
            String::from_utf8_lossy(&got[path]),
            String::from_utf8_lossy(bytes),
            "{case}: {}",
            path.display()
        );
    }
}

/// Every entry of the fixture folder `dir`, sorted.
fn entries(dir: &str) -> Vec<PathBuf> {
    let mut all: Vec<PathBuf> = std::fs::read_dir(repo_path(dir))
        .expect("the fixtures")
        .map(|e| e.expect("a fixture").path())
        .collect();
    all.sort();
    all
}

/// `portal create TEMPLATE… --values VALUES --output OUT`, which must succeed.
fn portal(env: &TestEnv, template: &[&std::ffi::OsStr], values: &Path, out: &Path) {
    let mut args: Vec<&std::ffi::OsStr> = vec!["create".as_ref()];
    args.extend_from_slice(template);
    args.extend([
        "--values".as_ref(),
        values.as_os_str(),
        "--output".as_ref(),
        out.as_os_str(),
        "--no-input".as_ref(),
        "--no-git".as_ref(),
    ]);
    env.run(args).success();
}

#[test]
fn backstage_renders_the_built_in_templates_as_portal_does() {
    let cases = entries("tests/fixtures/builtin-answers");
    assert!(cases.len() >= 8, "two cases for each built-in");
    for case in cases {
        let file = case.file_name().and_then(|f| f.to_str()).expect("a name");
        let template = file.split('.').next().expect("TEMPLATE.CASE.json");
        // Apart: what the oracle wrote is not in the catalog portal reads.
        let apart = TestEnv::new();
        let theirs = apart.path().join("backstage");
        let env = TestEnv::new();
        backstage(
            &repo_path(&format!("templates/{template}/template.yaml")),
            &case,
            &theirs,
        );
        let ours = env.path().join("portal");
        portal(&env, &[template.as_ref()], &case, &ours);
        same_trees(file, &theirs, &ours);
    }
}

#[test]
fn portal_renders_the_probes_as_backstage_does_byte_for_byte() {
    let names = entries("tests/fixtures/render-probes");
    assert!(!names.is_empty());
    for probe in names {
        // Apart: what the oracle wrote is not in the catalog portal reads.
        let apart = TestEnv::new();
        let theirs = apart.path().join("backstage");
        let env = TestEnv::new();
        backstage(
            &probe.join("template.yaml"),
            &probe.join("values.json"),
            &theirs,
        );
        let ours = env.path().join("portal");
        let template = ["--template".as_ref(), probe.as_os_str()];
        portal(&env, &template, &probe.join("values.json"), &ours);
        same_trees(&probe.display().to_string(), &theirs, &ours);
    }
}
