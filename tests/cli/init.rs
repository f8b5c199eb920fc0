//! `portal init`: fixture repositories of each kind (a service, a library, a website, a
//! bare folder), the descriptor inferred from each judged by Backstage's own validators
//! (the oracle in ../shared/oracle), never an overwrite, and `--check`'s drift.

use std::process::Command;

use crate::support::{Run, TestEnv};

const ORG: &str = "apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: payments
  annotations:
    github.com/team-slug: acme/payments-team
spec:
  type: team
  children: []
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: ada
spec:
  memberOf: [payments]
";

const OPENAPI: &str = "openapi: 3.0.0\ninfo:\n  title: Payments API\n  version: '1'\npaths: {}\n";

/// The organisation in `org/`, and a repository in `repo/` holding `files`, whose remote
/// `origin` is `remote` (none when `None`).
fn repository(files: &[(&str, &str)], remote: Option<&str>) -> TestEnv {
    let mut env = TestEnv::new().file("org/catalog-info.yaml", ORG);
    for (path, text) in files {
        env = env.file(&format!("repo/{path}"), text);
    }
    let repo = git2::Repository::init(env.path().join("repo")).expect("a repository");
    if let Some(url) = remote {
        repo.remote("origin", url).expect("a remote");
    }
    env
}

fn init(env: &TestEnv, args: &[&str]) -> Run {
    let mut all = vec!["--source", "../org", "init"];
    all.extend_from_slice(args);
    env.run_in("repo", all)
}

fn written(env: &TestEnv) -> String {
    std::fs::read_to_string(env.path().join("repo/catalog-info.yaml")).expect("the descriptor")
}

/// Backstage's verdict on each document of the repository's descriptor.
fn backstage_accepts(env: &TestEnv) {
    // Installed once per run: the tests of this file run in parallel threads.
    static ORACLE: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    let oracle = ORACLE.get_or_init(|| crate::support::npm_installed("oracle"));
    let out = Command::new("node")
        .arg(oracle.join("validate.js"))
        // Registered as Backstage registers a repository's descriptor, by its URL (a
        // `file` location cannot resolve a relative `$text`), and the definition read.
        .arg("--strict-placeholders")
        .arg(env.path().join("repo/catalog-info.yaml"))
        .output()
        .expect("node");
    let text = String::from_utf8_lossy(&out.stdout);
    let verdicts: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert!(
        !verdicts.is_empty(),
        "no verdict: {text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for v in &verdicts {
        assert_eq!(
            v["valid"],
            true,
            "Backstage rejects it: {v}\n{}",
            written(env)
        );
    }
}

#[test]
fn a_service_is_inferred_from_its_repository_and_backstage_accepts_it() {
    let env = repository(
        &[
            (
                ".github/CODEOWNERS",
                "# the team\n/docs/ @ada\n* @acme/payments-team\n",
            ),
            ("Dockerfile", "FROM scratch\n"),
            (
                "Cargo.toml",
                "[package]\nname = \"pay\"\n[dependencies]\naxum = \"0.7\"\n",
            ),
            ("src/main.rs", "fn main() {}\n"),
            ("mkdocs.yml", "site_name: Pay\n"),
            ("docs/index.md", "# Pay\n"),
            ("api/openapi.yaml", OPENAPI),
            (
                "api/events.json",
                "{\"asyncapi\": \"2.6.0\", \"info\": {\"title\": \"pay\"}}\n",
            ),
            ("node_modules/x/openapi.yaml", OPENAPI),
        ],
        Some("git@github.com:acme/pay-svc.git"),
    );
    let run = init(&env, &["--no-input"]);
    run.success();
    insta::assert_snapshot!("init_service", written(&env));
    for line in [
        "inferred name: pay-svc (from the git remote `origin`)",
        "inferred type: service (from Dockerfile, and Cargo.toml depends on axum, high confidence)",
        "inferred owner: group:payments (from .github/CODEOWNERS:3)",
        "inferred backstage.io/techdocs-ref: dir:. (from mkdocs.yml)",
        "inferred github.com/project-slug: acme/pay-svc (from the git remote `origin`)",
        "inferred API payments-api: openapi (from api/openapi.yaml)",
        "wrote catalog-info.yaml: a Component and the 2 APIs it provides",
    ] {
        assert!(run.stderr.contains(line), "{line}\n{}", run.stderr);
    }
    backstage_accepts(&env);
    let valid = env.run_in("repo", ["validate", "catalog-info.yaml"]);
    valid.success();
}

#[test]
fn a_library_a_website_and_a_bare_folder_say_how_sure_the_type_is() {
    let cases: [(&[(&str, &str)], &str); 3] = [
        (
            &[
                ("Cargo.toml", "[package]\nname = \"lib\"\n"),
                ("src/lib.rs", ""),
            ],
            "inferred type: library (from Cargo.toml with src/lib.rs and no src/main.rs, high confidence)",
        ),
        (
            &[(
                "package.json",
                "{\"dependencies\": {\"react-dom\": \"18\"}}\n",
            )],
            "inferred type: website (from package.json depends on react-dom, medium confidence)",
        ),
        (
            &[("notes.txt", "hello\n")],
            "inferred type: other (from nothing it recognises (no manifest, container or website), low confidence)",
        ),
    ];
    for (files, line) in cases {
        let env = repository(files, None);
        let run = init(&env, &["--no-input", "--set", "owner=group:payments"]);
        run.success();
        assert!(run.stderr.contains(line), "{line}\n{}", run.stderr);
        // Named after the folder, without a remote.
        assert!(
            run.stderr
                .contains("inferred name: repo (from the folder's name)"),
            "{}",
            run.stderr
        );
        backstage_accepts(&env);
    }
}

#[test]
fn without_an_owner_it_fails_and_writes_nothing() {
    let env = repository(&[("CODEOWNERS", "* @acme/nobody\n")], None);
    let run = init(&env, &["--no-input"]);
    run.code(2);
    assert!(
        run.stderr
            .contains("`owner` (Owner) is required: give it with --set owner=")
            && run.stderr.contains("nothing was written"),
        "{}",
        run.stderr
    );
    assert!(!env.path().join("repo/catalog-info.yaml").exists());
    // An owner the catalog does not have is refused, as create's picker refuses it.
    let run = init(&env, &["--no-input", "--set", "lifecycle=someday"]);
    run.code(2);
    assert!(run.stderr.contains("lifecycle"), "{}", run.stderr);
    assert!(!env.path().join("repo/catalog-info.yaml").exists());
}

#[test]
fn an_existing_descriptor_is_never_replaced() {
    let env = repository(&[("catalog-info.yaml", "mine\n")], None);
    let run = init(&env, &["--no-input", "--set", "owner=group:payments"]);
    run.code(2);
    assert!(
        run.stderr
            .contains("catalog-info.yaml exists, and `portal init` never replaces a descriptor"),
        "{}",
        run.stderr
    );
    assert_eq!(written(&env), "mine\n");
}

#[test]
fn dry_run_prints_the_descriptor_and_writes_nothing() {
    let env = repository(&[("CODEOWNERS", "* @ada\n")], None);
    let run = init(&env, &["--dry-run", "--no-input"]);
    run.success();
    assert!(run.stdout.contains("  owner: user:ada\n"), "{}", run.stdout);
    assert!(!env.path().join("repo/catalog-info.yaml").exists());
}

#[test]
fn check_reports_a_new_owner_and_a_new_api_file_with_their_places() {
    let env = repository(
        &[
            (".github/CODEOWNERS", "* @acme/payments-team\n"),
            ("openapi.yaml", OPENAPI),
        ],
        Some("https://github.com/acme/pay.git"),
    );
    init(&env, &["--no-input"]).success();
    let before = written(&env);
    let agrees = init(&env, &["--check"]);
    agrees.success();
    assert!(
        agrees
            .stdout
            .contains("catalog-info.yaml agrees with what the repository says"),
        "{}",
        agrees.stdout
    );
    let repo = env.path().join("repo");
    std::fs::write(repo.join(".github/CODEOWNERS"), "* @ada\n").unwrap();
    std::fs::write(repo.join("events.yaml"), "asyncapi: 2.6.0\n").unwrap();
    let drift = init(&env, &["--check"]);
    drift.code(1);
    let owner_line = written(&env)
        .lines()
        .position(|l| l.starts_with("  owner: "))
        .map(|i| i + 1)
        .expect("an owner line");
    assert!(
        drift.stdout.contains(&format!(
            "catalog-info.yaml:{owner_line}:10: warning[init-drift]: .github/CODEOWNERS:1 now names user:ada as the owner; this file says group:payments"
        )),
        "{}",
        drift.stdout
    );
    assert!(
        drift.stdout.contains(
            "events.yaml is an AsyncAPI definition that no API entity of this file points at"
        ) && drift.stdout.contains("2 difference(s)"),
        "{}",
        drift.stdout
    );
    let json = init(&env, &["--check", "--json"]);
    json.code(1);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(report["summary"]["drift"], 2, "{}", json.stdout);
    assert_eq!(report["diagnostics"][0]["rule"], "init-drift");
    // --check writes nothing.
    assert_eq!(written(&env), before);
}
