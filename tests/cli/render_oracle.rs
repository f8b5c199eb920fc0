//! Templates rendered by portal and by Backstage's own scaffolder
//! (`@backstage/plugin-scaffolder-backend` 4.2.0 in ../shared/render-oracle, copied into
//! `target/` and installed there with `npm ci` once): the two output trees must be equal,
//! byte for byte. Each folder of `tests/fixtures/render-probes` is a template with its
//! `values.json`, one construct per line.

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

#[test]
fn portal_renders_the_probes_as_backstage_does_byte_for_byte() {
    let oracle = oracle();
    let probes = repo_path("tests/fixtures/render-probes");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&probes)
        .expect("the probes")
        .map(|e| e.expect("a probe").path())
        .collect();
    names.sort();
    assert!(!names.is_empty());
    for probe in names {
        let env = TestEnv::new();
        let theirs = env.path().join("backstage");
        let status = Command::new("node")
            .arg(oracle.join("render.js"))
            .arg(probe.join("template.yaml"))
            .arg(&theirs)
            .arg("--values")
            .arg(probe.join("values.json"))
            .status()
            .expect("node render.js");
        assert!(status.success(), "the oracle rendered {}", probe.display());
        let ours = env.path().join("portal");
        env.run([
            "create".as_ref(),
            "--template".as_ref(),
            probe.as_os_str(),
            "--values".as_ref(),
            probe.join("values.json").as_os_str(),
            "--output".as_ref(),
            ours.as_os_str(),
            "--no-input".as_ref(),
            "--no-git".as_ref(),
        ])
        .success();
        let (want, got) = (tree(&theirs), tree(&ours));
        assert_eq!(
            want.keys().collect::<Vec<_>>(),
            got.keys().collect::<Vec<_>>(),
            "{}: the files",
            probe.display()
        );
        for (path, bytes) in &want {
            assert_eq!(
                String::from_utf8_lossy(&got[path]),
                String::from_utf8_lossy(bytes),
                "{}: {}",
                probe.display(),
                path.display()
            );
        }
    }
}
