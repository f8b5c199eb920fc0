//! Attacks from hostile repositories (docs/security.md): placeholders, Location targets
//! and git trees that try to read or write outside their root. Each test builds the
//! attack, runs every output format over it, and checks three things: nothing outside
//! the source changed (a sentinel folder, byte for byte), the planted secret appears in no
//! output, and the exit code and the message are right.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use git2::{ObjectType, Oid, Repository, Signature};
use tempfile::TempDir;

use crate::support::{Run, component};

/// What the sentinel file holds: it must never be printed.
const SECRET: &str = "s3cr3t-d0-n0t-leak";

/// A temporary world: `sentinel/` (files an attacker wants), `src/` (the hostile
/// source), `home/` and `cache/`.
struct World {
    dir: TempDir,
}

impl World {
    fn new() -> World {
        let dir = tempfile::Builder::new()
            .prefix("portal-sec")
            .tempdir()
            .expect("a temporary folder");
        let w = World { dir };
        w.write("sentinel/secret.txt", &format!("password={SECRET}\n"));
        w.write(
            "sentinel/secret.json",
            &format!("{{\"password\": \"{SECRET}\"}}"),
        );
        w.write("sentinel/secret.yaml", &component(SECRET, "team"));
        w.write("home/.bashrc", "# the user's own\n");
        std::fs::create_dir_all(w.src()).expect("src");
        w
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn src(&self) -> PathBuf {
        self.path().join("src")
    }

    fn sentinel(&self) -> PathBuf {
        self.path().join("sentinel")
    }

    fn write(&self, rel: &str, text: &str) {
        let full = self.path().join(rel);
        std::fs::create_dir_all(full.parent().expect("a parent")).expect("mkdir");
        std::fs::write(full, text).expect("write");
    }

    fn link(&self, rel: &str, to: &Path) {
        let full = self.path().join(rel);
        std::fs::create_dir_all(full.parent().expect("a parent")).expect("mkdir");
        std::os::unix::fs::symlink(to, full).expect("symlink");
    }

    /// Every file and link outside `src/` and `cache/`, with its contents.
    fn snapshot(&self) -> BTreeMap<PathBuf, String> {
        fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, String>) {
            for entry in std::fs::read_dir(dir).expect("a folder") {
                let path = entry.expect("an entry").path();
                let rel = path.strip_prefix(root).expect("inside").to_path_buf();
                if rel == Path::new("src") || rel == Path::new("cache") {
                    continue;
                }
                let meta = std::fs::symlink_metadata(&path).expect("metadata");
                let what = if meta.file_type().is_symlink() {
                    format!(
                        "-> {}",
                        std::fs::read_link(&path).expect("a link").display()
                    )
                } else if meta.is_file() {
                    std::fs::read_to_string(&path).expect("a file")
                } else {
                    walk(root, &path, out);
                    "dir".into()
                };
                out.insert(rel, what);
            }
        }
        let mut out = BTreeMap::new();
        walk(self.path(), self.path(), &mut out);
        out
    }

    /// `portal ARGS…` in `src/`, with a clean environment.
    fn run(&self, args: &[&str]) -> Run {
        let started = Instant::now();
        let out = Command::cargo_bin("portal")
            .expect("the portal binary")
            .env_clear()
            .env("HOME", self.path().join("home"))
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("PORTAL_CACHE_DIR", self.path().join("cache"))
            .env("NO_COLOR", "1")
            .current_dir(self.src())
            .args(args)
            .timeout(Duration::from_secs(60))
            .output()
            .expect("run portal");
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "portal {args:?} took {:?}",
            started.elapsed()
        );
        let run = Run {
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            code: out.status.code().unwrap_or(-1),
        };
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        run
    }

    /// Runs every command and format over the source; asserts that the sentinel is as it
    /// was and that the secret is in no output. Returns `validate --format json`.
    fn attack(&self) -> serde_json::Value {
        let before = self.snapshot();
        let mut json = None;
        for args in [
            &["validate"][..],
            &["validate", "--format", "json"],
            &["validate", "--format", "github"],
            &["validate", "--format", "sarif"],
            &["list"],
            &["list", "--json"],
            &["list", "--yaml"],
            &["show", "svc"],
            &["search", "svc"],
            &["owners"],
        ] {
            let run = self.run(args);
            for (name, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
                assert!(
                    !text.contains(SECRET),
                    "`portal {}` leaked the secret on {name}:\n{text}",
                    args.join(" ")
                );
            }
            if args == ["validate", "--format", "json"] {
                json = Some(run.json());
            }
        }
        assert_eq!(
            self.snapshot(),
            before,
            "something outside the source changed"
        );
        assert_eq!(
            std::fs::read_to_string(self.path().join("home/.bashrc")).expect("bashrc"),
            "# the user's own\n"
        );
        json.expect("validate --format json ran")
    }
}

/// The diagnostics of `rule` in a `validate --format json` report.
fn diagnostics<'a>(report: &'a serde_json::Value, rule: &str) -> Vec<&'a serde_json::Value> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["rule"] == rule)
        .collect()
}

/// A descriptor of `svc` whose description is `placeholder`, beside a plain `ok`.
fn with_placeholder(placeholder: &str) -> String {
    format!(
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: svc\n  description:\n    {placeholder}\nspec:\n  type: service\n  lifecycle: production\n  owner: team\n---\n{}",
        component("ok", "team")
    )
}

/// Asserts that the report refuses `svc` at line 6, column 12 (the path), with `rule`, keeps `ok`, and says so.
#[track_caller]
fn refused(report: &serde_json::Value, rule: &str, says: &str) {
    let found = diagnostics(report, rule);
    assert_eq!(found.len(), 1, "one `{rule}` in {report:#}");
    let d = found[0];
    assert_eq!(d["severity"], "error", "{d}");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(6), Some(12)),
        "{d}"
    );
    assert!(
        d["message"].as_str().is_some_and(|m| m.contains(says)),
        "`{says}` not in {d}"
    );
    assert_eq!(report["summary"]["entities"], 1, "{report:#}");
}

#[test]
fn a_placeholder_climbing_out_of_the_source_is_refused() {
    let w = World::new();
    w.write(
        "src/catalog-info.yaml",
        &with_placeholder("$text: ../../../../../../../sentinel/secret.txt"),
    );
    refused(&w.attack(), "outside-root", "leads outside its root");
    let run = w.run(&["validate"]);
    run.code(1);
    assert!(
        run.stdout
            .contains("catalog-info.yaml:6:12: error[outside-root]: `$text: ../../../../../../../sentinel/secret.txt` leads outside its root"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_placeholder_naming_another_host_or_an_absolute_path_reads_nothing_outside() {
    let w = World::new();
    let secret = w.sentinel().join("secret.txt");
    // `//host/path` is another host in Backstage: refused.
    w.write(
        "src/catalog-info.yaml",
        &with_placeholder(&format!("$text: /{}", secret.display())),
    );
    refused(&w.attack(), "outside-root", "leads outside its root");
    // `/path` is taken from the root of the source: there is no such file there.
    w.write(
        "src/catalog-info.yaml",
        &with_placeholder(&format!(
            "$json: {}",
            w.sentinel().join("secret.json").display()
        )),
    );
    refused(&w.attack(), "placeholder", "no such file");
}

#[test]
fn a_placeholder_through_a_symlink_out_of_the_source_is_refused() {
    let w = World::new();
    w.link("src/notes.txt", &w.sentinel().join("secret.txt"));
    w.write(
        "src/catalog-info.yaml",
        &with_placeholder("$text: ./notes.txt"),
    );
    refused(&w.attack(), "outside-root", "leads outside its root");
    // A folder link, and a `$yaml` whose parse errors would quote the file.
    w.link("src/docs", &w.sentinel());
    w.write(
        "src/catalog-info.yaml",
        &with_placeholder("$yaml: ./docs/secret.txt"),
    );
    refused(&w.attack(), "outside-root", "leads outside its root");
}

#[test]
fn a_placeholder_into_proc_is_refused_and_a_fifo_never_blocks() {
    let w = World::new();
    w.write(
        "src/catalog-info.yaml",
        &with_placeholder("$text: ../../../../../../../../../../proc/self/environ"),
    );
    refused(&w.attack(), "outside-root", "leads outside its root");
    let fifo = w.src().join("pipe");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    w.write("src/catalog-info.yaml", &with_placeholder("$text: ./pipe"));
    refused(&w.attack(), "placeholder", "not a regular file");
}

#[test]
fn a_nested_repository_is_the_root_of_its_descriptors() {
    let w = World::new();
    w.write("src/shared/README.md", "shared notes\n");
    std::fs::create_dir_all(w.src().join("team/.git")).expect("a nested repository");
    w.write(
        "src/team/catalog-info.yaml",
        &with_placeholder("$text: ../shared/README.md"),
    );
    let report = w.attack();
    refused(&report, "outside-root", "inside `team`");
    // Inside its repository, `/` is that repository's root.
    w.write("src/team/docs/a.md", "team notes\n");
    w.write(
        "src/team/catalog-info.yaml",
        &with_placeholder("$text: /docs/a.md"),
    );
    let run = w.run(&["list", "--json"]);
    run.success();
    let svc = &run.json().as_array().expect("entities").clone();
    let svc = svc
        .iter()
        .find(|e| e["metadata"]["name"] == "svc")
        .expect("svc is read");
    assert_eq!(svc["metadata"]["description"], "team notes\n");
}

#[test]
fn placeholders_share_a_budget_per_file() {
    let w = World::new();
    // 16 MiB, the largest one placeholder may read; five of them pass the 64 MiB budget.
    std::fs::write(w.src().join("big.txt"), vec![b'a'; 16 << 20]).expect("big");
    let mut text = String::from(
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: svc\n  annotations:\n",
    );
    for i in 0..200 {
        text.push_str(&format!("    a/n{i}:\n      $text: ./big.txt\n"));
    }
    text.push_str("spec:\n  type: service\n  lifecycle: production\n  owner: team\n");
    w.write("src/catalog-info.yaml", &text);
    // `run` guards the time; docs/security.md has the figures before and after the fix.
    let run = w.run(&["validate", "--format", "json"]);
    run.code(1);
    let report = run.json();
    let over = diagnostics(&report, "placeholder");
    assert!(!over.is_empty(), "{report:#}");
    assert!(
        over[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("more than 64 MiB")),
        "{}",
        over[0]
    );
    // The fifth read is the first refused: four fit, each fully.
    assert_eq!(over[0]["line"], 15, "{}", over[0]);
}

#[test]
fn location_targets_outside_the_source_are_refused_and_never_shown() {
    let w = World::new();
    let location = |targets: &[String]| {
        let list: String = targets.iter().map(|t| format!("    - {t}\n")).collect();
        format!(
            "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: root\nspec:\n  targets:\n{list}---\n{}",
            component("svc", "team")
        )
    };
    w.link("src/linked.yaml", &w.sentinel().join("secret.yaml"));
    w.link("src/linked-dir", &w.sentinel());
    w.write(
        "src/catalog-info.yaml",
        &location(&[
            "../../../../../../sentinel/secret.yaml".into(),
            "../sentinel/*.yaml".into(),
            format!("/{}", w.sentinel().join("secret.yaml").display()),
            "./linked.yaml".into(),
            "./linked-dir/*.yaml".into(),
        ]),
    );
    let report = w.attack();
    let refused = diagnostics(&report, "outside-root");
    let lines: Vec<u64> = refused.iter().filter_map(|d| d["line"].as_u64()).collect();
    assert_eq!(lines, [7, 8, 9, 10, 11], "{report:#}");
    assert_eq!(report["summary"]["files"], 1, "{report:#}");
    assert_eq!(report["summary"]["entities"], 2, "{report:#}");
}

#[test]
fn a_location_repeating_a_glob_is_expanded_once() {
    let w = World::new();
    for i in 0..100 {
        w.write(
            &format!("src/c/{i}.yaml"),
            &component(&format!("c{i}"), "team"),
        );
    }
    let mut text = String::from(
        "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: all\nspec:\n  targets:\n",
    );
    for _ in 0..100_000 {
        text.push_str("    - ./c/*.yaml\n");
    }
    w.write("src/catalog-info.yaml", &text);
    // `run` guards the time; docs/security.md has the figures before and after the fix.
    let run = w.run(&["validate", "--format", "json"]);
    run.success();
    assert_eq!(run.json()["summary"]["entities"], 101);
}

/// Writes a tree object by hand, as `git hash-object --literally` does: names are not
/// checked, so a tree can hold `..` or `/tmp/x`, which git itself never checks out.
fn raw_tree(repo: &Repository, entries: &[(&str, &str, Oid)]) -> Oid {
    let mut bytes = Vec::new();
    let mut sorted = entries.to_vec();
    sorted.sort_by(|a, b| a.1.cmp(b.1));
    for (mode, name, oid) in sorted {
        bytes.extend_from_slice(format!("{mode} {name}\0").as_bytes());
        bytes.extend_from_slice(oid.as_bytes());
    }
    repo.odb()
        .expect("an object database")
        .write(ObjectType::Tree, &bytes)
        .expect("a tree object")
}

/// A repository at `src/repo` whose `main` holds `tree`, configured as a `path:` + `ref:`
/// source.
fn repo_source(w: &World, build: impl FnOnce(&Repository) -> Oid) {
    let dir = w.src().join("repo");
    let repo = Repository::init(&dir).expect("a repository");
    let tree = build(&repo);
    let tree = repo.find_tree(tree).expect("the tree");
    let sig = Signature::now("Test", "test@example.com").expect("a signature");
    repo.commit(Some("refs/heads/main"), &sig, &sig, "hostile", &tree, &[])
        .expect("a commit");
    w.write(
        "src/portal.yaml",
        "sources:\n  - path: repo\n    ref: main\n",
    );
}

#[test]
fn a_crafted_git_tree_writes_nothing_and_reads_nothing_outside() {
    let w = World::new();
    let outside = w.sentinel().join("pwned");
    repo_source(&w, |repo| {
        let readme = repo.blob(b"the readme\n").expect("a blob");
        let evil = repo.blob(b"pwned\n").expect("a blob");
        let descriptor = repo
            .blob(with_placeholder("$text: ./README").as_bytes())
            .expect("a blob");
        let dotdot = raw_tree(repo, &[("100644", "pwned", evil)]);
        let dotdot = raw_tree(repo, &[("40000", "sentinel", dotdot)]);
        let abs = outside.display().to_string();
        raw_tree(
            repo,
            &[
                ("100644", "catalog-info.yaml", descriptor),
                ("100644", "README", readme),
                ("100644", abs.as_str(), evil),
                ("40000", "..", dotdot),
            ],
        )
    });
    let report = w.attack();
    assert!(!outside.exists(), "the tree was written out");
    assert_eq!(report["summary"]["entities"], 2, "{report:#}");
    let run = w.run(&["list", "--json"]);
    run.success();
    let svc = run
        .json()
        .as_array()
        .expect("entities")
        .iter()
        .find(|e| e["metadata"]["name"] == "svc")
        .cloned()
        .expect("svc");
    assert_eq!(svc["metadata"]["description"], "the readme\n");
}

#[test]
fn a_git_tree_cannot_read_through_its_links_or_above_its_root() {
    let w = World::new();
    let secret = w.sentinel().join("secret.txt").display().to_string();
    repo_source(&w, |repo| {
        let link = repo.blob(secret.as_bytes()).expect("a link");
        let descriptor = repo
            .blob(with_placeholder("$text: ./notes.txt").as_bytes())
            .expect("a blob");
        let up = repo
            .blob(with_placeholder("$text: ../../sentinel/secret.txt").as_bytes())
            .expect("a blob");
        let team = raw_tree(repo, &[("100644", "catalog-info.yaml", up)]);
        raw_tree(
            repo,
            &[
                ("100644", "catalog-info.yaml", descriptor),
                ("120000", "notes.txt", link),
                ("40000", "team", team),
            ],
        )
    });
    let report = w.attack();
    let link = diagnostics(&report, "placeholder");
    assert_eq!(link.len(), 1, "{report:#}");
    assert!(
        link[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("symbolic link"))
    );
    let up = diagnostics(&report, "outside-root");
    assert_eq!(up.len(), 1, "{report:#}");
    assert!(
        up[0]["file"]
            .as_str()
            .is_some_and(|f| f.ends_with("team/catalog-info.yaml"))
    );
}

/// A loose object whose header says it is a blob of `size` bytes, with only its first
/// kilobyte stored, as a zlib stream cut short: what a 3 GB blob of zeros looks like to a
/// reader that checks the header first, without the 3 GB. A reader that inflates the blob
/// before checking its size fails on it (or, on the real 14 MB object, spends 3.2 GB).
fn claimed_blob(repo: &Repository, size: u64) -> Oid {
    let oid = Oid::from_str("ab00000000000000000000000000000000000001").expect("an id");
    let mut data = format!("blob {size}\0").into_bytes();
    data.resize(data.len() + 1024, 0);
    let len = u16::try_from(data.len()).expect("small");
    // zlib header, then one stored deflate block that is not the last: the stream never ends.
    let mut bytes = vec![0x78, 0x01, 0x00];
    bytes.extend_from_slice(&len.to_le_bytes());
    bytes.extend_from_slice(&(!len).to_le_bytes());
    bytes.extend_from_slice(&data);
    let dir = repo.path().join("objects/ab");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join(&oid.to_string()[2..]), bytes).expect("a loose object");
    oid
}

#[test]
fn a_huge_blob_is_refused_from_its_header_without_inflating_it() {
    let w = World::new();
    repo_source(&w, |repo| {
        let big = claimed_blob(repo, 3 << 30);
        raw_tree(repo, &[("100644", "catalog-info.yaml", big)])
    });
    let run = w.run(&["validate", "--format", "json"]);
    run.code(1);
    let report = run.json();
    let d = diagnostics(&report, "read-error");
    assert!(
        d[0]["message"].as_str().is_some_and(
            |m| m.contains("this file is 3072 MiB; portal reads descriptors up to 64 MiB")
        ),
        "{report:#}"
    );
}

#[test]
fn a_codeowners_file_linking_out_of_the_repository_is_not_read() {
    let w = World::new();
    w.write("sentinel/CODEOWNERS", &format!("* @acme/{SECRET}\n"));
    std::fs::create_dir_all(w.src().join(".git")).expect("a repository");
    w.link("src/.github/CODEOWNERS", &w.sentinel().join("CODEOWNERS"));
    w.write("src/catalog-info.yaml", &component("svc", "team"));
    w.write("src/main.rs", "fn main() {}\n");
    let before = w.snapshot();
    for args in [
        &["who-owns", "main.rs"][..],
        &["who-owns", "main.rs", "--json"],
    ] {
        let run = w.run(args);
        run.success();
        assert!(!run.stdout.contains(SECRET) && !run.stderr.contains(SECRET));
    }
    let v = w.run(&["who-owns", "main.rs", "--json"]).json();
    assert_eq!(v["codeowners"], serde_json::Value::Null, "{v:#}");
    assert_eq!(w.snapshot(), before);
    // The same file inside the repository is read.
    std::fs::remove_file(w.src().join(".github/CODEOWNERS")).expect("rm");
    w.write("src/.github/CODEOWNERS", "* @acme/team\n");
    let v = w.run(&["who-owns", "main.rs", "--json"]).json();
    assert_eq!(v["codeowners"]["owners"], serde_json::json!(["@acme/team"]));
}
