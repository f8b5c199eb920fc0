//! The index: a second scan reads again only what changed, gives the same answers as a
//! scan without it, and survives damage and concurrent runs.
//!
//! Stamps modified within 2 seconds of a scan are not trusted (a file written again in the
//! same tick of a coarse clock would keep its stamp), so these fixtures are backdated an
//! hour before a run is expected to reuse anything.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::support::{Run, TestEnv, component, group};

/// Sets the modification time of every file and folder below `root` an hour back.
fn backdate(root: &Path) {
    let old = SystemTime::now() - Duration::from_secs(3600);
    let mut stack = vec![root.to_path_buf()];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            for entry in std::fs::read_dir(&path).expect("list a folder") {
                stack.push(entry.expect("an entry").path());
            }
        }
        std::fs::File::open(&path)
            .and_then(|f| f.set_modified(old))
            .unwrap_or_else(|e| panic!("backdating {}: {e}", path.display()));
    }
}

/// A small organisation in `org/`; the cache (HOME/.cache) stays outside the source.
fn org() -> TestEnv {
    let env = TestEnv::new()
        .file("org/team-a/catalog-info.yaml", &group("team-a"))
        .file(
            "org/billing/catalog-info.yaml",
            &component("billing", "team-a"),
        )
        .file(
            "org/ledger/catalog-info.yaml",
            &format!(
                "{}---\n{}",
                component("ledger", "team-a"),
                component("ledger-worker", "team-a")
            ),
        )
        .file("org/.gitignore", "generated/\n")
        .file(
            "org/generated/catalog-info.yaml",
            &component("generated", "team-a"),
        )
        .file("portal.yaml", "sources:\n  - org\n");
    backdate(&env.path().join("org"));
    env
}

fn index_files(env: &TestEnv) -> Vec<PathBuf> {
    let dir = env.path().join(".cache/portal/index");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "idx"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// The one index file (the fixture scans one set of sources from one folder).
fn index_file(env: &TestEnv) -> PathBuf {
    let files = index_files(env);
    assert_eq!(files.len(), 1, "one index expected: {files:?}");
    files[0].clone()
}

/// The `-v` line saying how the index served the scan.
pub fn usage(run: &Run) -> &str {
    run.stderr
        .lines()
        .find(|l| l.starts_with("index: "))
        .unwrap_or_else(|| panic!("no index line in:\n{}", run.stderr))
}

/// The `-v` line starts with `start`.
#[track_caller]
pub fn expect_usage(run: &Run, start: &str) {
    let line = usage(run);
    assert!(
        line.starts_with(start),
        "`{start}` expected in:\n{}",
        run.stderr
    );
}

/// The `-v` line says `part`.
#[track_caller]
pub fn expect_usage_has(run: &Run, part: &str) {
    let line = usage(run);
    assert!(line.contains(part), "`{part}` expected in:\n{}", run.stderr);
}

fn list(env: &TestEnv, extra: &[&str]) -> Run {
    let mut args = vec!["-v", "list", "--json"];
    args.extend(extra);
    let run = env.run(&args);
    run.success();
    run
}

#[test]
fn a_second_scan_reuses_everything_and_answers_the_same() {
    let env = org();
    let first = list(&env, &[]);
    expect_usage(
        &first,
        "index: 0 of 3 file(s) reused, 0 of 1 folder walk(s) reused",
    );
    expect_usage_has(&first, "(updated)");
    let second = list(&env, &[]);
    expect_usage(
        &second,
        "index: 3 of 3 file(s) reused, 1 of 1 folder walk(s) reused",
    );
    expect_usage_has(&second, "(unchanged)");
    assert_eq!(first.stdout, second.stdout);
    let names: Vec<String> = second
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["metadata"]["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names.len(), 4, "{names:?}");
    assert!(
        !names.contains(&"generated".to_string()),
        "ignored by .gitignore"
    );

    // Without the index, and after deleting it, the answer is the same.
    let bypass = list(&env, &["--no-cache"]);
    expect_usage_has(&bypass, "not used");
    assert_eq!(bypass.stdout, second.stdout);
    std::fs::remove_dir_all(env.path().join(".cache")).unwrap();
    let rebuilt = list(&env, &[]);
    assert_eq!(rebuilt.stdout, second.stdout);
    expect_usage(&rebuilt, "index: 0 of 3");

    // So do validate's findings, in every format.
    for format in ["human", "json", "sarif"] {
        let with = env.run(["validate", "--format", format]);
        let without = env.run(["validate", "--no-cache", "--format", format]);
        assert_eq!(with.stdout, without.stdout, "{format}");
        assert_eq!(with.code, without.code);
    }
}

#[test]
fn no_cache_leaves_no_index() {
    let env = org();
    list(&env, &["--no-cache"]);
    let run = env.run(["validate", "--no-cache"]);
    run.success();
    assert!(index_files(&env).is_empty());
    // PORTAL_NO_CACHE does the same, for scripts and CI.
    let env = env.env("PORTAL_NO_CACHE", "1");
    list(&env, &[]);
    assert!(index_files(&env).is_empty());
    // A value that is neither names the variable, and what to set it to.
    let env = env.env("PORTAL_NO_CACHE", "maybe");
    let run = env.run(["list"]);
    run.code(2);
    assert!(
        run.stderr
            .contains("PORTAL_NO_CACHE=maybe is not a yes or a no; set it to 1"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_changed_descriptor_is_read_again_and_the_rest_is_not() {
    let env = org();
    let before = list(&env, &[]);
    assert!(before.stdout.contains("\"billing\""));
    // Same size, new content: the change time tells, even with the old modification time.
    let path = env.path().join("org/billing/catalog-info.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("billing", "invoice")).unwrap();
    let edited = std::fs::read_to_string(&path).unwrap();
    assert_eq!(edited.len(), text.len());
    let old = std::fs::metadata(env.path().join("org/team-a/catalog-info.yaml"))
        .unwrap()
        .modified()
        .unwrap();
    std::fs::File::options()
        .write(true)
        .open(&path)
        .and_then(|f| f.set_modified(old))
        .unwrap();
    let after = list(&env, &[]);
    assert!(after.stdout.contains("\"invoice\""), "{}", after.stdout);
    assert!(!after.stdout.contains("\"billing\""));
    expect_usage(
        &after,
        "index: 2 of 3 file(s) reused, 1 of 1 folder walk(s) reused",
    );
    assert_eq!(after.stdout, list(&env, &["--no-cache"]).stdout);
}

#[test]
fn new_removed_and_newly_ignored_descriptors_are_seen() {
    let env = org();
    list(&env, &[]);

    // A new descriptor in a new folder.
    let env = env.file(
        "org/payments/catalog-info.yaml",
        &component("payments", "team-a"),
    );
    let run = list(&env, &[]);
    assert!(run.stdout.contains("\"payments\""));
    expect_usage_has(&run, "0 of 1 folder walk(s) reused");
    // `-v` says what made the walk run again (a new entry in `org`), and that the new
    // file is too recent to keep.
    assert!(
        run.stderr
            .contains("index: walked again: org changed since the last scan"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("index: 1 file(s) modified in the last 2 seconds"),
        "{}",
        run.stderr
    );

    // A removed one.
    std::fs::remove_file(env.path().join("org/ledger/catalog-info.yaml")).unwrap();
    let run = list(&env, &[]);
    assert!(!run.stdout.contains("\"ledger\""), "{}", run.stdout);

    // An ignore rule added to an existing .gitignore, edited in place (the folder's own
    // stamp does not change).
    backdate(&env.path().join("org"));
    list(&env, &[]);
    let gitignore = env.path().join("org/.gitignore");
    let mut f = std::fs::File::options()
        .append(true)
        .open(&gitignore)
        .unwrap();
    std::io::Write::write_all(&mut f, b"payments/\n").unwrap();
    drop(f);
    let run = list(&env, &[]);
    assert!(!run.stdout.contains("\"payments\""), "{}", run.stdout);
    assert!(
        run.stderr
            .contains("index: walked again: org/.gitignore changed"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, list(&env, &["--no-cache"]).stdout);
}

#[test]
fn a_placeholder_file_is_a_dependency_of_its_descriptor() {
    let env = TestEnv::new()
        .file(
            "org/svc/catalog-info.yaml",
            &component("svc", "team-a").replace(
                "  name: svc\n",
                "  name: svc\n  description:\n    $text: ./DESCRIPTION\n",
            ),
        )
        .file("org/svc/DESCRIPTION", "the first words")
        .file("portal.yaml", "sources:\n  - org\n");
    backdate(&env.path().join("org"));
    let run = list(&env, &[]);
    assert!(run.stdout.contains("the first words"));
    std::fs::write(env.path().join("org/svc/DESCRIPTION"), "other words!!!").unwrap();
    let run = list(&env, &[]);
    assert!(run.stdout.contains("other words!!!"), "{}", run.stdout);
}

#[test]
fn a_damaged_index_is_reported_in_one_line_and_rebuilt() {
    let env = org();
    let good = list(&env, &[]).stdout;
    let path = index_file(&env);
    let bytes = std::fs::read(&path).unwrap();
    let mut flipped = bytes.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x55;
    let mut other_version = bytes.clone();
    other_version[8] = other_version[8].wrapping_add(1);
    let cases: [(&str, Vec<u8>, &str); 5] = [
        (
            "truncated",
            bytes[..bytes.len() / 3].to_vec(),
            "is truncated",
        ),
        ("corrupt", flipped, "is corrupt (checksum mismatch)"),
        (
            "garbage",
            b"not an index at all".to_vec(),
            "is not a portal index",
        ),
        ("empty", Vec::new(), "is not a portal index"),
        (
            "old",
            other_version,
            "was written by another version of portal",
        ),
    ];
    for (what, damaged, expected) in cases {
        std::fs::write(&path, &damaged).unwrap();
        let run = list(&env, &[]);
        assert_eq!(run.stdout, good, "{what}: the answer must not change");
        let notes: Vec<&str> = run
            .stderr
            .lines()
            .filter(|l| l.starts_with("note:"))
            .collect();
        assert_eq!(notes.len(), 1, "{what}: one line expected:\n{}", run.stderr);
        assert!(notes[0].contains(expected), "{what}: {}", notes[0]);
        assert!(notes[0].contains("rebuilding it"), "{what}: {}", notes[0]);
        assert!(
            notes[0].contains(&path.display().to_string()),
            "{}",
            notes[0]
        );
        // Rebuilt: the next run reuses it, with nothing to say.
        let next = list(&env, &[]);
        assert!(!next.stderr.contains("note:"), "{what}: {}", next.stderr);
        expect_usage(&next, "index: 3 of 3");
    }
}

#[test]
fn an_unwritable_cache_is_not_an_error() {
    let env = org();
    std::fs::create_dir_all(env.path().join(".cache")).unwrap();
    // A file where the cache folder should be: the index cannot be written.
    std::fs::write(env.path().join(".cache/portal"), "").unwrap();
    let run = list(&env, &[]);
    expect_usage_has(&run, "not written");
    assert!(
        !run.stderr.contains("note:"),
        "nothing to say without -v:\n{}",
        run.stderr
    );
    assert_eq!(run.stdout, list(&env, &["--no-cache"]).stdout);
}

#[test]
fn concurrent_runs_neither_fail_nor_damage_the_index() {
    let env = org();
    let expected = list(&env, &["--no-cache"]).stdout;
    for round in 0..3 {
        // Round 0 starts with no index; later rounds race to replace an existing one.
        if round == 2 {
            std::fs::write(env.path().join("org/extra.yaml"), "").unwrap();
        }
        let bin = assert_cmd::cargo::cargo_bin("portal");
        let children: Vec<_> = (0..8)
            .map(|_| {
                std::process::Command::new(&bin)
                    .args(["list", "--json"])
                    .current_dir(env.path())
                    .env_clear()
                    .env("HOME", env.path())
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .expect("start portal")
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().expect("portal ends");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert_eq!(String::from_utf8_lossy(&out.stdout), expected);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(!stderr.contains("note:"), "round {round}: {stderr}");
        }
    }
    let last = list(&env, &[]);
    assert!(!last.stderr.contains("note:"), "{}", last.stderr);
    assert_eq!(last.stdout, expected);
    let leftovers: Vec<_> = std::fs::read_dir(env.path().join(".cache/portal/index"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn a_cache_inside_the_source_settles() {
    // HOME is the fixture root, and the fixture root is the source: the index is written
    // inside what it describes, and must not keep invalidating itself.
    let env = TestEnv::new()
        .file("svc/catalog-info.yaml", &component("svc", "team-a"))
        .file("team/catalog-info.yaml", &group("team-a"));
    backdate(env.path());
    list(&env, &[]);
    backdate(env.path());
    list(&env, &[]);
    let third = list(&env, &[]);
    expect_usage(
        &third,
        "index: 2 of 2 file(s) reused, 1 of 1 folder walk(s) reused",
    );
    expect_usage_has(&third, "(unchanged)");
}

#[test]
fn each_set_of_sources_has_its_own_index() {
    let env = org();
    list(&env, &[]);
    let run = env.run(["-v", "validate", "org/billing"]);
    run.success();
    expect_usage(&run, "index: 0 of 1 file(s) reused");
    assert_eq!(index_files(&env).len(), 2);
    let again = list(&env, &[]);
    expect_usage(&again, "index: 3 of 3");
}

#[test]
fn values_nested_to_the_limit_go_through_the_index() {
    // Nested just under the parser's limit, in valid entities: written to the index by
    // the first run, read back (on worker threads) by the second.
    let mut env = TestEnv::new().file("portal.yaml", "sources:\n  - org\n");
    for i in 0..20 {
        let deep = if i % 2 == 0 {
            format!("{}x{}", "{a: ".repeat(890), "}".repeat(890))
        } else {
            format!("{}x{}", "[".repeat(890), "]".repeat(890))
        };
        env = env.file(
            &format!("org/d{i}/catalog-info.yaml"),
            &format!("{}  deep: {deep}\n", component(&format!("c{i}"), "team-a")),
        );
    }
    backdate(&env.path().join("org"));
    let first = list(&env, &[]);
    let second = list(&env, &[]);
    expect_usage(&second, "index: 20 of 20");
    assert_eq!(first.stdout, second.stdout);
    // (Too deep for serde_json's reader: count the entities by their kind line.)
    assert_eq!(second.stdout.matches("\"kind\": \"Component\"").count(), 20);
}

#[cfg(unix)]
#[test]
fn a_descriptor_with_a_name_that_is_not_utf8_does_not_stop_the_index() {
    use std::os::unix::ffi::OsStrExt;
    let env = org();
    let odd = env
        .path()
        .join("org")
        .join(std::ffi::OsStr::from_bytes(b"caf\xe9"));
    std::fs::create_dir_all(&odd).unwrap();
    std::fs::write(odd.join("catalog-info.yaml"), component("cafe", "team-a")).unwrap();
    backdate(&env.path().join("org"));
    let first = list(&env, &[]);
    assert!(first.stdout.contains("\"cafe\""));
    let second = list(&env, &[]);
    expect_usage(&second, "index: 3 of 4 file(s) reused");
    assert_eq!(first.stdout, second.stdout);
}

/// A small deterministic generator (64-bit LCG), so that a failing sequence replays.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n
    }
}

#[test]
fn random_edits_never_make_the_index_answer_differently() {
    // After every edit (files backdated, so that the index trusts its stamps and the edits
    // that keep a file's size and modification time are the hard case), the answer with
    // the index must be the answer without it.
    let env = org();
    let root = env.path().join("org");
    let mut rng = Lcg(7);
    let mut reused = 0;
    for step in 0..60 {
        let folder = format!("f{}", rng.below(6));
        let dir = root.join(&folder);
        let descriptor = dir.join("catalog-info.yaml");
        let what = rng.below(7);
        match what {
            // A new or rewritten descriptor; names of equal length keep the size.
            0 | 1 => {
                std::fs::create_dir_all(&dir).unwrap();
                let name = format!("svc-{folder}-{}", rng.below(10));
                std::fs::write(&descriptor, component(&name, "team-a")).unwrap();
            }
            2 => {
                let _ = std::fs::remove_file(&descriptor);
            }
            // A whole folder gone.
            3 => {
                let _ = std::fs::remove_dir_all(&dir);
            }
            // A folder ignored, or no longer.
            4 => {
                let rules: String = (0..6)
                    .filter(|_| rng.below(3) == 0)
                    .map(|i| format!("f{i}/\n"))
                    .collect();
                std::fs::write(root.join(".gitignore"), rules).unwrap();
            }
            // A descriptor in a new sub-folder.
            5 => {
                let sub = dir.join(format!("s{}", rng.below(3)));
                std::fs::create_dir_all(&sub).unwrap();
                std::fs::write(
                    sub.join("catalog-info.yaml"),
                    component(&format!("sub-{folder}-{}", rng.below(10)), "team-a"),
                )
                .unwrap();
            }
            // A folder renamed.
            _ => {
                let to = root.join(format!("f{}", rng.below(6)));
                if dir.is_dir() && !to.exists() {
                    std::fs::rename(&dir, &to).unwrap();
                }
            }
        }
        if rng.below(4) > 0 {
            backdate(&root);
        }
        let with = list(&env, &[]);
        let without = list(&env, &["--no-cache"]);
        assert_eq!(with.stdout, without.stdout, "step {step} (edit {what})");
        reused += usage(&with)
            .strip_prefix("index: ")
            .and_then(|l| l.split(' ').next())
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(0);
    }
    assert!(
        reused > 100,
        "the index was hardly used: {reused} files reused"
    );
}
