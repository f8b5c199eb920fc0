//! Any descriptor text, judged inside a small root with links, a FIFO and a secret beside
//! it: placeholders and Location targets never read outside the root, never block, and the
//! secret appears in no entity and no diagnostic.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use portal::catalog::{self, LoadOptions};
use portal::{confine, source::location};

/// What the files outside the root hold: new in every run, so that the fuzzer cannot
/// learn it from the target's own comparisons and write it into an input.
fn secret() -> &'static str {
    static SECRET: OnceLock<String> = OnceLock::new();
    SECRET.get_or_init(|| {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        format!("secret{:x}{:x}", nanos, std::process::id())
    })
}

/// `<tmp>/root` (the source) beside `<tmp>/outside` (the secret).
fn world() -> &'static (tempfile::TempDir, PathBuf) {
    static WORLD: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    WORLD.get_or_init(|| {
        let secret = secret();
        let dir = tempfile::tempdir().expect("a temporary folder");
        let (root, outside) = (dir.path().join("root"), dir.path().join("outside"));
        for d in [&root.join("sub"), &outside] {
            std::fs::create_dir_all(d).expect("mkdir");
        }
        let write = |p: PathBuf, t: &str| std::fs::write(p, t).expect("write");
        write(outside.join("secret.txt"), secret);
        write(outside.join("secret.json"), &format!("{{\"a\": \"{secret}\"}}"));
        write(
            outside.join("secret.yaml"),
            &format!("apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: {secret}\nspec:\n  type: t\n  children: []\n"),
        );
        write(root.join("a.txt"), "text\n");
        write(root.join("b.json"), "{\"b\": [1, 2]}");
        write(root.join("c.yaml"), "c: [1, *x]\n");
        write(
            root.join("sub/d.yaml"),
            "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: d\nspec:\n  type: t\n  children: []\n",
        );
        let link = |to: &Path, at: &str| std::os::unix::fs::symlink(to, root.join(at)).expect("ln");
        link(&outside.join("secret.txt"), "link.txt");
        link(&outside.join("secret.yaml"), "link.yaml");
        link(&outside, "out");
        link(Path::new("../outside/nothing"), "dangling");
        let _ = std::process::Command::new("mkfifo").arg(root.join("pipe")).status();
        let real = std::fs::canonicalize(&root).expect("the root");
        (dir, real)
    })
}

fuzz_target!(|data: &[u8]| {
    let (_, root) = world();
    let text = String::from_utf8_lossy(data);
    let secret = secret();
    // Should an input ever hold it, it would be echoed, not leaked.
    let leaks = |s: &str| !text.contains(secret) && s.contains(secret);
    let file = root.join("sub/catalog-info.yaml");
    let report = catalog::load_text(&text, &file, root, &LoadOptions::default());
    let json = serde_json::to_string(&report.entities).expect("entities encode");
    assert!(!leaks(&json), "an entity holds the secret: {json}");
    for d in &report.diagnostics {
        assert!(!leaks(&d.message), "a diagnostic holds the secret: {d:?}");
    }
    for dep in &report.deps {
        assert!(confine::normalize(dep).starts_with(root), "a dependency outside: {dep:?}");
    }
    let (targets, found) = location::targets(&report.entities, root);
    for t in &targets {
        let real = std::fs::canonicalize(t).expect("a target exists");
        assert!(real.starts_with(root), "a Location target outside the root: {t:?}");
    }
    for d in &found {
        assert!(!leaks(&d.message), "a diagnostic holds the secret: {d:?}");
    }
    // The lexical rule on its own: a join is a path of plain names, or refused.
    for line in text.lines().take(16) {
        if let Ok(joined) = confine::join("sub", line) {
            assert!(
                joined.split('/').all(|p| !matches!(p, "." | ".." | "")) || joined.is_empty(),
                "{line:?} joined as {joined:?}"
            );
        }
    }
});
