//! Terminal safety (docs/security.md): text from catalog values, file contents and path
//! names never reaches the output raw in a human format. Every human command runs over a
//! catalog whose values and file names hold terminal controls (ESC with CSI and OSC
//! 0/8/52 sequences, CR, BS, BEL, C1 CSI, bidi overrides, line separators); none may come
//! out, on stdout or stderr, while JSON, YAML and SARIF keep the exact values.

use crate::support::{Run, TestEnv};

/// A YAML double-quoted string that decodes to every kind of control portal must escape.
const HOSTILE: &str = "\\e[2J\\e]0;pwned\\a\\e]8;;https://evil.example\\e\\\\link\\e]8;;\\e\\\\\\e]52;c;cm0gLXJmIH4=\\a\\r\\bfake\\x9b31m\\u202Eevil\\u2028line";

/// The same text as decoded: what JSON must hold exactly.
const DECODED: &str = "\u{1b}[2J\u{1b}]0;pwned\u{7}\u{1b}]8;;https://evil.example\u{1b}\\link\u{1b}]8;;\u{1b}\\\u{1b}]52;c;cm0gLXJmIH4=\u{7}\r\u{8}fake\u{9b}31m\u{202e}evil\u{2028}line";

/// A file name with an escape sequence and a newline that tries to forge a line.
const EVIL_FILE: &str = "evil\u{1b}[31m\nok: 0 errors\u{202e}/catalog-info.yaml";

fn hostile_catalog() -> TestEnv {
    let component = format!(
        r#"apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments
  title: "Pay {HOSTILE}"
  description: "Takes {HOSTILE}"
  tags: [money]
  links:
    - url: https://example.com
      title: "dash {HOSTILE}"
  annotations:
    note: "{HOSTILE}"
spec:
  type: "service{HOSTILE}"
  lifecycle: "production{HOSTILE}"
  owner: team-a
  system: sys
  dependsOn: ["resource:db"]
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: team-a
  description: "Team {HOSTILE}"
spec:
  type: "team{HOSTILE}"
  profile:
    displayName: "Team A {HOSTILE}"
    email: "a@example.com"
  children: []
"#
    );
    let broken = format!(
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: \"bad{HOSTILE}\"\nspec:\n  type: service\n  lifecycle: x\n  owner: \"{HOSTILE}\"\n"
    );
    let template = format!(
        r#"apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: evil-template
  title: "Evil {HOSTILE}"
  description: "Scaffolds {HOSTILE}"
spec:
  owner: team-a
  type: service
  steps: []
"#
    );
    TestEnv::new()
        .file("catalog-info.yaml", &component)
        .file(EVIL_FILE, &broken)
        .file("templates/evil/template.yaml", &template)
}

/// What must never be written in a human format (colour is off: not a terminal).
fn raw_controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| {
            (c.is_control() && c != '\n')
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
        })
        .collect()
}

#[track_caller]
fn assert_clean(args: &[&str], run: &Run) {
    for (stream, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
        let raw = raw_controls(text);
        assert!(
            raw.is_empty(),
            "`portal {}` wrote raw controls {raw:?} on {stream}:\n{text}",
            args.join(" ")
        );
        // The forged line never starts a line of its own.
        assert!(
            !text.lines().any(|l| l.starts_with("ok: 0 errors")),
            "`portal {}` let a file name forge a line on {stream}:\n{text}",
            args.join(" ")
        );
    }
}

#[test]
fn no_human_format_writes_a_control_character() {
    let env = hostile_catalog();
    let evil_path = format!("./{EVIL_FILE}");
    let commands: Vec<Vec<&str>> = vec![
        vec!["list"],
        vec!["list", "--format", "names"],
        vec!["show", "payments"],
        vec!["owners"],
        vec!["who-owns", "payments"],
        vec!["who-owns", &evil_path],
        vec!["who-owns", "catalog-info.yaml"],
        vec!["search", "pay"],
        vec!["search", "evil"],
        vec!["graph", "payments"],
        vec!["graph", "payments", "--format", "dot"],
        vec!["graph", "payments", "--format", "mermaid"],
        vec!["graph"],
        vec!["validate"],
        vec!["validate", "--format", "github"],
        vec!["templates"],
        vec![
            "create",
            "evil-template",
            "--no-input",
            "--no-git",
            "--output",
            "out",
        ],
        vec!["show", "nothing-like-it"],
    ];
    for args in &commands {
        let mut full = vec!["--color", "never"];
        full.extend(args.iter().copied());
        let run = env.run(&full);
        assert!(run.code <= 2, "{args:?}: {run:?}");
        assert_clean(args, &run);
    }
}

#[test]
fn escapes_are_shown_not_dropped() {
    let env = hostile_catalog();
    let run = env.run(["--color", "never", "show", "payments"]);
    run.success();
    assert!(
        run.stdout.contains("Pay \\e[2J\\e]0;pwned\\u{7}"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("\\u{202e}evil\\u{2028}line"),
        "{}",
        run.stdout
    );
    let run = env.run(["--color", "never", "validate"]);
    run.code(1);
    assert!(
        run.stderr
            .contains("evil\\e[31m\\nok: 0 errors\\u{202e}/catalog-info.yaml:")
            || run
                .stdout
                .contains("evil\\e[31m\\nok: 0 errors\\u{202e}/catalog-info.yaml:"),
        "{run:?}"
    );
}

#[test]
fn github_annotations_stay_one_command_per_line() {
    let env = hostile_catalog();
    let run = env.run(["validate", "--format", "github"]);
    run.code(1);
    for line in run.stdout.lines() {
        assert!(
            line.starts_with("::"),
            "a line that is not a command: {line:?}"
        );
    }
    assert!(
        run.stdout.contains("file=evil\\e[31m%0A") || run.stdout.contains("file=evil\\e[31m\\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn machine_formats_keep_the_exact_values() {
    let env = hostile_catalog();
    let run = env.run(["list", "--json"]);
    run.success();
    let json = run.json();
    let payments = json
        .as_array()
        .and_then(|a| a.iter().find(|e| e["metadata"]["name"] == "payments"))
        .expect("payments in the list");
    assert_eq!(
        payments["metadata"]["description"],
        format!("Takes {DECODED}")
    );
    let run = env.run(["validate", "--format", "json"]);
    let json = run.json();
    let text = serde_json::to_string(&json).expect("json");
    assert!(
        text.contains("evil\\u001b[31m\\nok: 0 errors\u{202e}/catalog-info.yaml"),
        "{text}"
    );
    let run = env.run(["validate", "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_str(&run.stdout).expect("sarif");
    let uris: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter_map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str())
        .collect();
    assert!(uris.iter().any(|u| u.starts_with("evil")), "{uris:?}");
}

#[test]
fn hostile_values_as_people_see_them() {
    let env = hostile_catalog();
    let run = env.run(["--color", "never", "show", "payments"]);
    run.success();
    insta::assert_snapshot!("show_hostile", run.stdout);
    let run = env.run(["--color", "never", "list"]);
    run.success();
    insta::assert_snapshot!("list_hostile", run.stdout);
}
