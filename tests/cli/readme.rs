//! The README's examples run: every `$ portal …` line of a `console` block is executed in
//! the repository root and must print what the README shows (`…` stands for the rest).

use crate::support::repo_path;

struct Example {
    args: Vec<String>,
    expected: Vec<String>,
}

fn examples() -> Vec<Example> {
    let readme = std::fs::read_to_string(repo_path("README.md")).expect("read README.md");
    let mut out = Vec::new();
    let mut in_console = false;
    for line in readme.lines() {
        if line.starts_with("```") {
            in_console = line == "```console";
            continue;
        }
        if !in_console {
            continue;
        }
        if let Some(cmd) = line.strip_prefix("$ portal") {
            out.push(Example {
                args: cmd.split_whitespace().map(str::to_string).collect(),
                expected: Vec::new(),
            });
        } else if let Some(last) = out.last_mut() {
            last.expected.push(line.to_string());
        }
    }
    out
}

#[test]
fn readme_examples_print_what_the_readme_shows() {
    let examples = examples();
    assert!(examples.len() >= 2, "the README lost its examples");
    for ex in examples {
        let out = assert_cmd::Command::cargo_bin("portal")
            .expect("the binary")
            .current_dir(repo_path("."))
            .env_remove("NO_COLOR")
            .args(&ex.args)
            .output()
            .expect("run portal");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let actual: Vec<&str> = stdout.lines().collect();
        for (i, want) in ex.expected.iter().enumerate() {
            if want == "…" {
                break;
            }
            assert_eq!(
                actual.get(i).copied(),
                Some(want.as_str()),
                "README example `portal {}`, line {}",
                ex.args.join(" "),
                i + 1
            );
        }
        if ex.expected.last().is_none_or(|l| l != "…") {
            assert_eq!(
                actual.len(),
                ex.expected.len(),
                "README example `portal {}` prints more",
                ex.args.join(" ")
            );
        }
    }
}

/// The example catalog shipped in the repository is the one the README's first command reads:
/// it must pass every gate portal has, its documentation included, so a newcomer's first run
/// is not a page of errors.
#[test]
fn the_example_catalog_passes_validate_and_docs_check() {
    for args in [&["validate", "--docs"][..], &["docs", "check"][..]] {
        let out = assert_cmd::Command::cargo_bin("portal")
            .expect("the binary")
            .current_dir(repo_path("examples/acme"))
            .env("NO_COLOR", "1")
            .args(args)
            .output()
            .expect("run portal");
        assert!(
            out.status.success(),
            "`portal {}` on examples/acme failed:\n{}{}",
            args.join(" "),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
