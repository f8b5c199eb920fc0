//! Hostile templates and hostile target folders (issue 9): a template's `url` and its
//! skeleton's links stay inside the template's folder, `create --force` writes through no
//! link, and a large template plans in linear time. Each attack checks that the sentinel
//! folder outside is unchanged, that its secret is in no output and no created file, and
//! the exit code and message.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::support::{Run, TestEnv, group};

const SECRET: &str = "s3cr3t-d0-n0t-leak";

/// A root with `sentinel/` (what an attacker wants), a catalog and a template `tpl/`.
fn world() -> TestEnv {
    TestEnv::new()
        .file("sentinel/secret.txt", &format!("password={SECRET}\n"))
        .file("sentinel/keep/notes.md", "untouched\n")
        .file("catalog/catalog-info.yaml", &group("team-a"))
        .file("portal.yaml", "sources: [catalog]\n")
        .file("tpl/skeleton/README.md", "# ${{ values.name }}\n")
}

/// A template of one step; its `url` is on line 12, column 14.
fn template(action: &str, url: &str, target: &str) -> String {
    format!(
        "apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata: {{name: hostile}}
spec:
  type: service
  parameters:
    - properties:
        name: {{type: string}}
  steps:
    - id: fetch
      action: {action}
      input:
        url: '{url}'
        targetPath: '{target}'
        values: {{name: x}}
"
    )
}

fn link(env: &TestEnv, rel: &str, to: &Path) {
    let full = env.path().join(rel);
    std::fs::create_dir_all(full.parent().expect("a parent")).expect("mkdir");
    std::os::unix::fs::symlink(to, full).expect("symlink");
}

/// Every entry below `dir` (links as their target), with file contents.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        let meta = std::fs::symlink_metadata(&p).expect("metadata");
        let what = if meta.file_type().is_symlink() {
            format!("-> {}", std::fs::read_link(&p).expect("link").display())
        } else if meta.is_dir() {
            out.extend(snapshot(&p));
            "dir".into()
        } else {
            std::fs::read_to_string(&p).unwrap_or_default()
        };
        out.insert(p, what);
    }
    out
}

fn create(env: &TestEnv, extra: &[&str]) -> Run {
    let mut args = vec![
        "create",
        "--template",
        "tpl",
        "--no-input",
        "--no-git",
        "--set",
        "name=x",
        "--output",
        "made",
    ];
    args.extend_from_slice(extra);
    env.run(args)
}

/// Runs the attack: exit 2, the message says `says`, the sentinel is as it was, and the
/// secret is in no output and no file written.
#[track_caller]
fn refused(env: &TestEnv, extra: &[&str], says: &[&str]) -> Run {
    let before = snapshot(&env.path().join("sentinel"));
    let run = create(env, extra);
    run.code(2);
    for s in says {
        assert!(run.stderr.contains(s), "expected `{s}` in:\n{}", run.stderr);
    }
    assert!(!run.stdout.contains(SECRET) && !run.stderr.contains(SECRET));
    assert_eq!(before, snapshot(&env.path().join("sentinel")));
    assert_eq!(
        std::fs::read_to_string(env.path().join("sentinel/secret.txt")).expect("sentinel"),
        format!("password={SECRET}\n")
    );
    let made = snapshot(&env.path().join("made"));
    assert!(made.values().all(|v| !v.contains(SECRET)), "{made:?}");
    run
}

#[test]
fn fetch_urls_outside_the_template_folder_are_refused() {
    let secret = "../sentinel/secret.txt".to_string();
    for (action, url) in [
        ("fetch:template", "../sentinel"),
        ("fetch:template", "../../../../../../../../etc"),
        ("fetch:plain", "//etc"),
        ("fetch:plain", "/etc"),
        ("fetch:plain:file", "/etc/shadow"),
        ("fetch:plain:file", secret.as_str()),
        ("fetch:plain:file", "../../../../../../proc/self/environ"),
    ] {
        let target = if action == "fetch:plain:file" {
            "out.txt"
        } else {
            "./"
        };
        let env = world().file("tpl/template.yaml", &template(action, url, target));
        refused(
            &env,
            &[],
            &[
                "template.yaml:13:14: ",
                &format!("`{url}` is refused: it leads outside its root [template-confinement]"),
            ],
        );
        assert!(!env.path().join("made").exists(), "{action} {url}");
    }
}

#[test]
fn skeleton_links_pointing_out_are_refused_and_links_inside_are_followed() {
    let env = world().file(
        "tpl/template.yaml",
        &template("fetch:plain", "./skeleton", "./"),
    );
    link(&env, "tpl/skeleton/inside.md", Path::new("README.md"));
    create(&env, &[]).success();
    assert_eq!(
        std::fs::read_to_string(env.path().join("made/inside.md")).expect("copied"),
        "# ${{ values.name }}\n"
    );
    for (name, to) in [
        ("leak.txt", "sentinel/secret.txt"),
        ("leak-dir", "sentinel"),
    ] {
        let env = world().file(
            "tpl/template.yaml",
            &template("fetch:plain", "./skeleton", "./"),
        );
        link(&env, &format!("tpl/skeleton/{name}"), &env.path().join(to));
        refused(&env, &[], &[&format!("`./skeleton/{name}")]);
        let env = world().file(
            "tpl/template.yaml",
            &template("fetch:plain:file", "./link", "x"),
        );
        link(&env, "tpl/link", &env.path().join("sentinel/secret.txt"));
        refused(
            &env,
            &[],
            &["`./link` is refused", "[template-confinement]"],
        );
    }
}

#[test]
fn target_paths_outside_the_output_folder_are_refused() {
    for target in ["../escaped", "/tmp/escaped", "//host/x"] {
        let env = world().file(
            "tpl/template.yaml",
            &template("fetch:plain", "./skeleton", target),
        );
        refused(&env, &[], &["[output-confinement]"]);
        assert!(!env.path().join("escaped").exists());
    }
}

#[test]
fn a_large_template_plans_in_linear_time() {
    let env = world().file(
        "tpl/template.yaml",
        &template("fetch:plain", "./skeleton", "./"),
    );
    for i in 0..20_000 {
        let file = env
            .path()
            .join(format!("tpl/skeleton/d{}/f{i}.txt", i % 100));
        std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
        std::fs::write(file, "x").expect("write");
    }
    let started = Instant::now();
    let run = create(&env, &["--dry-run", "--json"]);
    run.success();
    // A guard only (debug build, shared machine); the figures are in the report.
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        run.json()["plan"]["files"].as_array().map(Vec::len),
        Some(20_002)
    );
}

#[test]
fn create_force_writes_through_no_link_and_checks_everything_first() {
    let env = world()
        .file(
            "tpl/template.yaml",
            &template("fetch:plain", "./skeleton", "./"),
        )
        .file("tpl/skeleton/sub/x.txt", "planted\n")
        .file("tpl/skeleton/file/y.txt", "y\n")
        .file("tpl/skeleton/folder", "z\n")
        .file("made/keep.txt", "mine\n")
        .file("made/file", "a file\n")
        .file("made/folder/inner.txt", "inner\n");
    link(&env, "made/sub", &env.path().join("sentinel/keep"));
    link(&env, "made/.portal", &env.path().join("sentinel"));
    let before = snapshot(&env.path().join("made"));
    let run = refused(
        &env,
        &["--force"],
        &[
            "4 path(s) in made cannot be written safely, nothing was written [output-confinement]",
            ".portal is a symbolic link",
            "sub is a symbolic link",
            "file is a file where a folder is needed",
            "folder is a folder (or not a regular file) where a file is needed",
        ],
    );
    assert!(run.stderr.contains("never writes through a symbolic link"));
    assert_eq!(
        before,
        snapshot(&env.path().join("made")),
        "the target is untouched"
    );
}

/// The staging folders beside the target.
fn staging_folders(root: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(root)
        .expect("the root")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().contains(".portal-create-"))
        .collect()
}

#[test]
fn a_killed_create_leaves_the_target_untouched_and_the_next_run_cleans_up() {
    let env = world().file(
        "tpl/template.yaml",
        &template("fetch:plain", "./skeleton", "./"),
    );
    for i in 0..20_000 {
        let file = env
            .path()
            .join(format!("tpl/skeleton/d{}/f{i}.txt", i % 100));
        std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
        std::fs::write(file, "x".repeat(2000)).expect("write");
    }
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("portal"))
        .env_clear()
        .env("HOME", env.path())
        .current_dir(env.path())
        .args(["create", "--template", "tpl", "--no-input", "--no-git"])
        .args(["--set", "name=x", "--output", "made"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start portal");
    let started = Instant::now();
    // Kill it once it has started writing into its staging folder.
    while staging_folders(env.path())
        .iter()
        .all(|s| !s.join("d0").exists())
    {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no staging folder"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().expect("SIGKILL");
    child.wait().expect("wait");
    assert!(!env.path().join("made").exists(), "the target is untouched");
    let left = staging_folders(env.path());
    assert_eq!(left.len(), 1, "{left:?}");
    let run = create(&env, &[]);
    run.success();
    assert!(
        run.stderr
            .contains("left by an interrupted `portal create` (its process is gone)"),
        "{}",
        run.stderr
    );
    assert!(staging_folders(env.path()).is_empty());
    assert_eq!(
        std::fs::read_dir(env.path().join("made"))
            .expect("made")
            .count(),
        102
    );
}

#[test]
fn template_limits_say_which_limit_and_how_much() {
    let env = world().file(
        "tpl/template.yaml",
        &template("fetch:plain", "./skeleton", "./"),
    );
    // Sparse: refused by its size before a byte is read.
    let big = std::fs::File::create(env.path().join("tpl/skeleton/big.bin")).expect("create");
    big.set_len(65 << 20).expect("sparse");
    refused(
        &env,
        &[],
        &["`./skeleton/big.bin` is larger than 64 MiB (limit: bytes per file)"],
    );
    let deep = format!("tpl/skeleton/{}f.txt", "d/".repeat(40));
    let env = world()
        .file(
            "tpl/template.yaml",
            &template("fetch:plain", "./skeleton", "./"),
        )
        .file(&deep, "x");
    refused(
        &env,
        &[],
        &["lies 40 folders deep, more than 32 (limit: path depth)"],
    );
}

/// A skeleton file of `lines`, the last printing `${{ last }}`.
fn bomb(lines: &[String], last: &str) -> TestEnv {
    let mut text = lines.join("\n");
    text.push_str(&format!("\n${{{{ {last} }}}}\n"));
    world()
        .file(
            "tpl/template.yaml",
            &template("fetch:template", "./skeleton", "./"),
        )
        .file("tpl/skeleton/bomb.txt", &text)
}

#[test]
fn a_template_that_asks_for_unbounded_memory_or_work_is_stopped() {
    // Doubling a string 40 times asks for 16 TiB: the child renderer dies at its memory
    // limit, and portal says so.
    let mut doubling = vec![r#"{% set s0 = "0123456789abcdef" %}"#.to_string()];
    doubling.extend((1..=40).map(|i| format!("{{% set s{i} = s{} ~ s{} %}}", i - 1, i - 1)));
    let env = bomb(&doubling, "s40 | length");
    refused(
        &env,
        &[],
        &["needed more than 1024 MiB of memory, and was stopped [render-limit]"],
    );
    assert!(!env.path().join("made").exists());
    // One filter call that asks for 4 GB.
    let env = bomb(&[], r#""a\nb" | indent(4000000000)"#);
    refused(&env, &[], &["of memory, and was stopped [render-limit]"]);
    // A loop in a loop: the engine's fuel, not the memory limit.
    let env = bomb(
        &[
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
                .to_string(),
        ],
        "1",
    );
    refused(&env, &[], &["steps of work; portal stops it there"]);
}

#[test]
fn a_fifo_in_a_skeleton_is_refused_without_blocking() {
    let env = world().file(
        "tpl/template.yaml",
        &template("fetch:plain", "./skeleton", "./"),
    );
    let fifo = env.path().join("tpl/skeleton/pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("run mkfifo");
    assert!(made.success());
    // `refused` runs with the suite's timeout: a read that blocked would fail it.
    refused(&env, &[], &["`./skeleton/pipe`"]);
}

#[test]
fn an_output_folder_that_is_a_link_is_refused() {
    let env = world().file(
        "tpl/template.yaml",
        &template("fetch:plain", "./skeleton", "./"),
    );
    link(&env, "made", &env.path().join("sentinel/keep"));
    let says = ["made is a symbolic link, nothing was written [output-confinement]"];
    refused(&env, &["--force"], &says);
    // An empty folder elsewhere, linked: not refused as "not empty", refused as a link.
    let elsewhere = tempfile::tempdir().expect("a folder");
    std::fs::remove_file(env.path().join("made")).expect("unlink");
    link(&env, "made", elsewhere.path());
    refused(&env, &[], &says);
    assert_eq!(
        std::fs::read_dir(elsewhere.path()).expect("read").count(),
        0
    );
}
