//! Hostile input: `portal validate` must answer every file with a diagnostic and an exit
//! code, in bounded time and memory, and never panic. The limits that make this so are
//! listed in docs/fuzzing.md.
//!
//! Self-contained (its own small runner) so that it depends on nothing else in the suite.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// Wall-clock guard for small inputs; a debug build on a loaded 2-core machine is slow.
const QUICK: Duration = Duration::from_secs(20);
/// Wall-clock guard for the 50 MB inputs (about 1–8 s of CPU in a debug build).
const LARGE: Duration = Duration::from_secs(90);

const COMPONENT: &str = "\
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: svc
spec:
  type: service
  lifecycle: production
  owner: group:default/team
";

/// What one run printed, and how it exited.
struct Run {
    stdout: String,
    stderr: String,
    code: i32,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }

    #[track_caller]
    fn code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "unexpected exit code\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// The first diagnostic of `rule`, from JSON output.
    #[track_caller]
    fn diagnostic(&self, rule: &str) -> Value {
        self.json()["diagnostics"]
            .as_array()
            .expect("a diagnostics array")
            .iter()
            .find(|d| d["rule"] == rule)
            .cloned()
            .unwrap_or_else(|| panic!("no `{rule}` diagnostic in:\n{}", self.stdout))
    }
}

/// Runs `portal ARGS…` in `dir` with a clean environment, within `limit`.
fn portal(dir: &Path, args: &[&str], limit: Duration) -> Run {
    let started = Instant::now();
    let out = Command::cargo_bin("portal")
        .expect("the portal binary")
        .env_clear()
        .env("HOME", dir)
        .env("NO_COLOR", "1")
        .current_dir(dir)
        .args(args)
        .timeout(limit)
        .output()
        .expect("run portal");
    let elapsed = started.elapsed();
    let run = Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code().unwrap_or(-1),
    };
    assert!(
        elapsed < limit && out.status.code().is_some(),
        "portal {args:?} did not finish within {limit:?} (killed after {elapsed:?})"
    );
    assert!(
        !run.stderr.contains("panicked"),
        "portal panicked:\n{}",
        run.stderr
    );
    run
}

fn validate_json(dir: &Path, path: &str, limit: Duration) -> Run {
    portal(dir, &["validate", "--format", "json", path], limit)
}

fn validate_human(dir: &Path, path: &str, limit: Duration) -> Run {
    portal(dir, &["validate", path], limit)
}

fn tmp() -> TempDir {
    tempfile::Builder::new()
        .prefix("portal-hostile")
        .tempdir()
        .expect("a temporary folder")
}

fn write(dir: &Path, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("create folders");
    std::fs::write(&path, bytes).expect("write a fixture");
    path
}

/// Permissions do not bind root (tests often run as root in containers): true when a
/// file with mode 000 can still be read, and an "unreadable" case cannot be made.
fn permissions_are_ignored(probe: &Path) -> bool {
    std::fs::read(probe).is_ok()
}

#[test]
fn alias_bomb_is_refused_at_the_alias_that_exceeds_the_budget() {
    // Billion laughs: 9 levels of 10 aliases, 10^9 strings once expanded.
    let mut text = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    let mut prev = 'a';
    for name in ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'] {
        let refs = vec![format!("*{prev}"); 10].join(", ");
        text.push_str(&format!("{name}: &{name} [{refs}]\n"));
        prev = name;
    }
    let dir = tmp();
    write(dir.path(), "bomb.yaml", &text);
    let run = validate_json(dir.path(), "bomb.yaml", QUICK);
    run.code(1);
    let d = run.diagnostic("alias-bomb");
    // `yaml` counts the anchor itself once: the 10th `*b` makes 11 × 10 > 100.
    assert_eq!(d["line"], 3, "{d}");
    assert_eq!(d["severity"], "error");

    let run = validate_human(dir.path(), "bomb.yaml", QUICK);
    run.code(1);
    assert!(run.stdout.contains("error[alias-bomb]"), "{}", run.stdout);
}

#[test]
fn flow_nesting_ten_thousand_deep_is_too_deep() {
    let dir = tmp();
    let seq = format!("{}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    let map = format!("{}x{}\n", "{a: ".repeat(10_000), "}".repeat(10_000));
    write(dir.path(), "seq.yaml", seq);
    write(dir.path(), "map.yaml", map);
    for file in ["seq.yaml", "map.yaml"] {
        let run = validate_json(dir.path(), file, QUICK);
        run.code(1);
        let d = run.diagnostic("too-deep");
        assert_eq!(d["line"], 1, "{file}: {d}");
    }
}

#[test]
fn block_nesting_ten_thousand_deep_is_too_deep() {
    let dir = tmp();
    // Compact block sequences: `- - - … x`, 10,000 levels on one line.
    write(
        dir.path(),
        "seq.yaml",
        format!("{}x\n", "- ".repeat(10_000)),
    );
    let run = validate_json(dir.path(), "seq.yaml", QUICK);
    run.code(1);
    assert_eq!(run.diagnostic("too-deep")["line"], 1);

    // Block mappings, one level per line and one more space of indentation each: the
    // error is on a line just past the limit of 900 levels (the parser keeps a few
    // more stack entries than levels, and stops where its stack is full).
    let map: String = (0..2_000)
        .map(|i| format!("{}a:\n", " ".repeat(i)))
        .collect();
    write(dir.path(), "map.yaml", map);
    let run = validate_json(dir.path(), "map.yaml", QUICK);
    run.code(1);
    let line = run.diagnostic("too-deep")["line"].as_u64().expect("a line");
    assert!((901..=917).contains(&line), "too-deep at line {line}");
}

#[test]
fn deep_but_allowed_nesting_in_many_files_does_not_overflow_a_worker_stack() {
    // 20 files (enough for the parallel loader) nested just under the limit, inside an
    // otherwise valid entity, so every later stage walks the deep value too.
    let dir = tmp();
    for i in 0..20 {
        let deep = if i % 2 == 0 {
            format!("{}x{}", "{a: ".repeat(890), "}".repeat(890))
        } else {
            format!("{}x{}", "[".repeat(890), "]".repeat(890))
        };
        write(
            dir.path(),
            &format!("d{i}/catalog-info.yaml"),
            format!(
                "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: c{i}\nspec:\n  type: service\n  lifecycle: production\n  owner: team\n  deep: {deep}\n"
            ),
        );
    }
    let run = validate_json(dir.path(), ".", QUICK);
    assert!(run.code == 0 || run.code == 1, "exit {}", run.code);
    assert_eq!(run.json()["summary"]["files"], 20);
}

/// A 50 MB file must be read (portal reads up to 64 MiB) and judged in bounded time.
#[test]
fn fifty_megabyte_description_is_read_and_judged() {
    let dir = tmp();
    let mut text = String::with_capacity(50 << 20);
    text.push_str(
        "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team\nspec:\n  type: team\n  children: []\n---\n",
    );
    text.push_str(&COMPONENT.replace("spec:", "  description: PLACEHOLDER\nspec:"));
    let text = text.replace("PLACEHOLDER", &"lorem ipsum ".repeat((50 << 20) / 12));
    assert!(text.len() > 50 << 20);
    write(dir.path(), "big.yaml", text);
    let run = validate_json(dir.path(), "big.yaml", LARGE);
    run.code(0);
    let summary = &run.json()["summary"];
    assert_eq!(summary["entities"], 2, "{summary}");
}

#[test]
fn fifty_megabytes_of_keys_is_too_large_not_slow() {
    // 1.75 million labels: a mapping this size once took quadratic time (duplicate-key
    // check and object-key insertion scanned every earlier key).
    let dir = tmp();
    let path = dir.path().join("keys.yaml");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).expect("create"));
    f.write_all(
        b"apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: big\n  labels:\n",
    )
    .expect("write");
    let mut i = 0u64;
    let mut written = 0;
    while written < 50 << 20 {
        let line = format!("    k{i:08}: value-{i:08}\n");
        f.write_all(line.as_bytes()).expect("write");
        written += line.len();
        i += 1;
    }
    f.write_all(b"spec:\n  type: service\n  lifecycle: production\n  owner: team\n")
        .expect("write");
    drop(f);
    let run = validate_json(dir.path(), "keys.yaml", LARGE);
    run.code(1);
    let d = run.diagnostic("too-large");
    assert!(d["line"].as_u64().is_some_and(|l| l > 100_000), "{d}");
}

#[test]
fn merging_a_mapping_of_a_hundred_thousand_keys_is_linear() {
    // `<<` merge keys exist under `%YAML 1.1`; each merged key was once looked up in
    // every key merged before it (about 20 s for 100,000 keys in a release build).
    let dir = tmp();
    let keys: Vec<String> = (0..100_000).map(|i| format!("k{i}: v")).collect();
    let text = format!(
        "%YAML 1.1\n---\nbase: &b {{{}}}\nx:\n  <<: *b\n",
        keys.join(", ")
    );
    write(dir.path(), "merge.yaml", text);
    let run = validate_json(dir.path(), "merge.yaml", QUICK);
    run.code(1);
    // Not an entity, but read to the end: the envelope is what is missing.
    run.diagnostic("missing-field");
}

#[test]
fn fifty_megabytes_of_tiny_flow_items_is_too_large_with_bounded_memory() {
    // One line, 25 million one-letter items: the lexer stops at its token budget instead
    // of building a syntax tree of many gigabytes.
    let dir = tmp();
    let mut text = String::with_capacity(50 << 20);
    text.push('[');
    for _ in 0..(25 << 20) {
        text.push_str("a,");
    }
    text.push_str("a]\n");
    write(dir.path(), "items.yaml", text);
    let run = validate_json(dir.path(), "items.yaml", LARGE);
    run.code(1);
    assert_eq!(run.diagnostic("too-large")["line"], 1);
}

#[test]
fn file_over_the_size_limit_is_reported_unread() {
    // A sparse 65 MiB file: costs nothing on disk, and portal must not read it.
    let dir = tmp();
    let f = std::fs::File::create(dir.path().join("huge.yaml")).expect("create");
    f.set_len(65 << 20).expect("grow");
    let run = validate_json(dir.path(), "huge.yaml", QUICK);
    run.code(1);
    let d = run.diagnostic("read-error");
    assert!(
        d["message"].as_str().is_some_and(|m| m.contains("64 MiB")),
        "{d}"
    );
}

#[test]
fn binary_data_is_a_read_error() {
    let dir = tmp();
    // Deterministic "random" bytes with NUL bytes among them.
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let bytes: Vec<u8> = (0..4096)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .chain([0, 0xff, 0])
        .collect();
    write(dir.path(), "blob.yaml", bytes);
    let run = validate_json(dir.path(), "blob.yaml", QUICK);
    run.code(1);
    let d = run.diagnostic("read-error");
    assert_eq!(d["line"], 1);
    assert!(
        d["message"].as_str().is_some_and(|m| m.contains("binary")),
        "{d}"
    );
    let run = validate_human(dir.path(), "blob.yaml", QUICK);
    run.code(1);
    assert!(run.stdout.contains("error[read-error]"), "{}", run.stdout);
}

#[test]
fn invalid_utf8_is_read_as_backstage_reads_it_with_a_warning_at_the_bad_bytes() {
    let dir = tmp();
    let text = COMPONENT.replace("spec:", "  description: ab@cd\nspec:");
    // The marker becomes the invalid sequence 0xff 0xfe.
    let bad: Vec<u8> = text
        .bytes()
        .flat_map(|b| if b == b'@' { vec![0xff, 0xfe] } else { vec![b] })
        .collect();
    write(dir.path(), "catalog-info.yaml", bad);
    write(
        dir.path(),
        "team.yaml",
        "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team\nspec:\n  type: team\n  children: []\n",
    );
    let run = portal(
        dir.path(),
        &[
            "validate",
            "--format",
            "json",
            "catalog-info.yaml",
            "team.yaml",
        ],
        QUICK,
    );
    // A warning: Backstage accepts the file, with U+FFFD in the description.
    run.code(0);
    let d = run.diagnostic("invalid-utf8");
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["line"], 5, "{d}");
    assert_eq!(d["column"], 18, "{d}");
}

#[test]
fn unreadable_file_is_a_read_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tmp();
    let path = write(dir.path(), "catalog-info.yaml", COMPONENT);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    if permissions_are_ignored(&path) {
        // Running as root: mode 000 does not stop a read, so there is nothing to test
        // here (checked by hand as an unprivileged user: `read-error`, exit 1).
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        return;
    }
    let run = validate_json(dir.path(), "catalog-info.yaml", QUICK);
    run.code(1);
    assert_eq!(run.diagnostic("read-error")["line"], 1);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
}

#[test]
fn unreadable_folder_in_a_scanned_tree_is_reported_not_skipped() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tmp();
    write(dir.path(), "ok/catalog-info.yaml", COMPONENT);
    let locked = dir.path().join("locked");
    let probe = write(dir.path(), "locked/catalog-info.yaml", COMPONENT);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let privileged = permissions_are_ignored(&probe);
    let run = validate_json(dir.path(), ".", QUICK);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    if privileged {
        // Running as root: the folder is read anyway (checked by hand as an
        // unprivileged user: `read-error` on `locked`, exit 1).
        assert_eq!(run.json()["summary"]["files"], 2);
        return;
    }
    run.code(1);
    let d = run.diagnostic("read-error");
    assert_eq!(d["file"], "locked", "{d}");
}

#[test]
fn devices_and_fifos_are_read_errors_not_hangs() {
    let dir = tmp();
    // `/dev/zero` never ends; portal must refuse it rather than read for ever.
    let run = validate_json(dir.path(), "/dev/zero", QUICK);
    run.code(1);
    assert!(
        run.diagnostic("read-error")["message"]
            .as_str()
            .is_some_and(|m| m.contains("in /proc, /sys or /dev")),
        "{}",
        run.stdout
    );
    // A FIFO with no writer would block the read for ever.
    let fifo = dir.path().join("catalog-info.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    if made {
        let run = validate_json(dir.path(), "catalog-info.yaml", QUICK);
        run.code(1);
        run.diagnostic("read-error");
        // In a scanned tree it is not a descriptor file at all.
        let run = portal(
            dir.path(),
            &["validate", "--format", "json", "--allow-empty", "."],
            QUICK,
        );
        run.code(0);
        assert_eq!(run.json()["summary"]["files"], 0);
    }
}

#[test]
fn placeholder_pointing_at_a_device_is_refused_before_it_is_opened() {
    let dir = tmp();
    let text = COMPONENT.replace(
        "spec:",
        "spec:\n  description:\n    $text: ../../../../../../../../../../dev/zero",
    );
    write(dir.path(), "catalog-info.yaml", text);
    let run = validate_json(dir.path(), "catalog-info.yaml", QUICK);
    run.code(1);
    let d = run.diagnostic("outside-root");
    assert!(
        d["message"]
            .as_str()
            .is_some_and(|m| m.contains("leads outside its root")),
        "{d}"
    );
    assert_eq!(d["line"], 7, "{d}");
}

#[test]
fn folder_named_like_a_descriptor_is_walked_not_read() {
    let dir = tmp();
    std::fs::create_dir_all(dir.path().join("svc/catalog-info.yaml")).expect("mkdir");
    write(
        dir.path(),
        "svc/catalog-info.yaml/inner/catalog-info.yaml",
        COMPONENT,
    );
    // In a scanned tree: the folder is not a descriptor; the file inside it is.
    let run = validate_json(dir.path(), ".", QUICK);
    run.code(0);
    assert_eq!(run.json()["summary"]["files"], 1);
    // Passed explicitly: a folder argument is a tree to scan.
    let run = validate_json(dir.path(), "svc/catalog-info.yaml", QUICK);
    run.code(0);
    assert_eq!(run.json()["summary"]["files"], 1);
}

#[test]
fn symlink_loops_do_not_hang_a_scan() {
    use std::os::unix::fs::symlink;
    let dir = tmp();
    write(dir.path(), "a/catalog-info.yaml", COMPONENT);
    // A folder linking to its parent, two folders linking to each other, and a
    // descriptor name that links to itself.
    symlink("..", dir.path().join("a/up")).expect("symlink");
    symlink("../c", dir.path().join("a/b")).expect("symlink");
    std::fs::create_dir(dir.path().join("c")).expect("mkdir");
    symlink("../a", dir.path().join("c/a")).expect("symlink");
    symlink("catalog-info.yaml", dir.path().join("c/catalog-info.yaml")).expect("symlink");
    let run = validate_json(dir.path(), ".", QUICK);
    assert!(run.code == 0 || run.code == 1, "exit {}", run.code);
    assert_eq!(run.json()["summary"]["files"], 1);
    // The self-loop passed explicitly is an I/O error: exit 2, with the path named.
    let run = validate_json(dir.path(), "c/catalog-info.yaml", QUICK);
    run.code(2);
    assert!(run.stderr.contains("c/catalog-info.yaml"), "{}", run.stderr);
}

#[test]
fn missing_path_is_an_io_error() {
    let dir = tmp();
    let run = validate_json(dir.path(), "nope/catalog-info.yaml", QUICK);
    run.code(2);
    assert!(
        run.stderr.contains("nope/catalog-info.yaml"),
        "{}",
        run.stderr
    );
}

#[test]
fn empty_file_and_bare_document_markers_are_empty_not_errors() {
    let dir = tmp();
    write(dir.path(), "empty.yaml", "");
    write(dir.path(), "dashes.yaml", "---\n");
    write(dir.path(), "many.yaml", "---\n---\n...\n---\n");
    for file in ["empty.yaml", "dashes.yaml", "many.yaml"] {
        let run = validate_json(dir.path(), file, QUICK);
        run.code(0);
        let summary = &run.json()["summary"];
        assert_eq!(summary["files"], 1, "{file}: {summary}");
        assert_eq!(summary["documents"], 0, "{file}: {summary}");
        assert_eq!(summary["errors"], 0, "{file}: {summary}");
    }
}

/// Every input the fuzzer ever minimised into a finding (see docs/fuzzing.md) is kept in
/// `fuzz-regressions/`: each must be judged without a panic, exit 0 or 1.
#[test]
fn fuzz_regressions_are_judged_without_panic() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli/fuzz-regressions");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .expect("tests/cli/fuzz-regressions")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "no regression inputs in {}",
        folder.display()
    );
    let dir = tmp();
    for file in &files {
        let name = file.file_name().expect("a name").to_string_lossy();
        let copy = dir.path().join(name.as_ref());
        std::fs::copy(file, &copy).expect("copy");
        for args in [
            &["validate", "--format", "json", name.as_ref()][..],
            &["validate", name.as_ref()][..],
        ] {
            let run = portal(dir.path(), args, QUICK);
            assert!(
                run.code == 0 || run.code == 1,
                "{name}: exit {}\n{}",
                run.code,
                run.stderr
            );
        }
    }
}
