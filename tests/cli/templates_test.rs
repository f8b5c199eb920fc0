//! `portal templates test`: a templates repository's CI gate. Each test writes a template
//! with cases under `tests/`, and drives the binary: what passes, each way a case fails
//! (answers, render, descriptor, expected files), `--update`, and hostile layouts.

use crate::support::{Run, TestEnv};

/// The run's standard output holds each of `texts`.
#[track_caller]
fn says(run: &Run, texts: &[&str]) {
    for t in texts {
        assert!(run.stdout.contains(t), "expected `{t}` in:\n{}", run.stdout);
    }
}

const TEMPLATE: &str = "apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: svc
spec:
  owner: group:default/platform
  type: service
  parameters:
    - required: [name]
      properties:
        name: {type: string, examples: [demo]}
        owner: {type: string, default: group:default/platform}
  steps:
    - id: fetch
      action: fetch:template
      input:
        url: ./skeleton
        values:
          name: ${{ parameters.name }}
          owner: ${{ parameters.owner }}
";

const DESCRIPTOR: &str = "apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${{ values.name }}
spec:
  type: service
  lifecycle: production
  owner: ${{ values.owner }}
";

/// A templates repository: `tpl/` with a skeleton of two files, and the given cases.
fn repo(cases: &[(&str, &str)]) -> TestEnv {
    let mut env = TestEnv::new()
        .file("tpl/template.yaml", TEMPLATE)
        .file("tpl/skeleton/catalog-info.yaml", DESCRIPTOR)
        .file("tpl/skeleton/README.md", "# ${{ values.name }}\n");
    for (path, text) in cases {
        env = env.file(&format!("tpl/tests/{path}"), text);
    }
    env
}

#[test]
fn cases_pass_update_writes_their_trees_and_a_change_then_fails() {
    let env = repo(&[
        ("alpha.yaml", "name: alpha\n"),
        ("beta.json", "{\"name\": \"beta\"}"),
    ]);
    // Found without any configuration: the repository's template.yaml files.
    let run = env.run(["templates", "test"]);
    run.success();
    insta::assert_snapshot!("templates_test_pass", run.stdout);
    let run = env.run(["templates", "test", "--update"]);
    run.success();
    says(&run, &["updated svc / alpha (2 files)"]);
    assert_eq!(
        std::fs::read_to_string(env.path().join("tpl/tests/alpha/README.md")).unwrap(),
        "# alpha\n"
    );
    assert!(
        env.path()
            .join("tpl/tests/beta/catalog-info.yaml")
            .is_file()
    );
    // The trees are the template's, not the catalog's.
    let run = env.run(["validate", "--allow-empty"]);
    says(&run, &["in 0 files"]);
    // The skeleton changes: each case fails at the line, naming what to run.
    std::fs::write(
        env.path().join("tpl/skeleton/README.md"),
        "## ${{ values.name }}\n",
    )
    .unwrap();
    let run = env.run(["templates", "test"]);
    run.code(1);
    insta::assert_snapshot!("templates_test_changed", run.stdout);
    let json = env.run(["templates", "test", "--format", "json"]).json();
    assert_eq!(json["summary"]["failed"], 2);
    assert_eq!(json["summary"]["cases"][0]["status"], "failed");
    assert_eq!(json["diagnostics"][0]["rule"], "template-test-expected");
    assert_eq!(json["diagnostics"][0]["file"], "tpl/tests/alpha/README.md");
    assert_eq!(json["diagnostics"][0]["line"], 1);
    let github = env.run(["templates", "test", "--format", "github"]);
    assert!(
        github
            .stdout
            .starts_with("::error file=tpl/tests/alpha/README.md,line=1,"),
        "{}",
        github.stdout
    );
    // A file the tree does not have, and one it has that is no longer rendered.
    std::fs::write(env.path().join("tpl/tests/alpha/extra.txt"), "x").unwrap();
    std::fs::remove_file(env.path().join("tpl/tests/alpha/README.md")).unwrap();
    let run = env.run(["templates", "test", "tpl"]);
    run.code(1);
    says(
        &run,
        &[
            "case `alpha` renders no extra.txt",
            "case `alpha` renders README.md, which the expected tree does not have",
        ],
    );
    // --update puts the tree back as rendered, the stray file gone.
    env.run(["templates", "test", "--update"]).success();
    assert!(!env.path().join("tpl/tests/alpha/extra.txt").exists());
    env.run(["templates", "test"]).success();
}

#[test]
fn expected_files_check_only_the_files_they_hold() {
    let env = repo(&[
        ("one.yaml", "name: one\n"),
        ("one.files/README.md", "# one\n"),
    ]);
    let run = env.run(["templates", "test"]);
    run.success();
    says(&run, &["ok      svc / one (2 files)"]);
    std::fs::write(env.path().join("tpl/tests/one.files/README.md"), "# two\n").unwrap();
    env.run(["templates", "test"]).code(1);
    // --update rewrites only that file: catalog-info.yaml stays unchecked and unwritten.
    env.run(["templates", "test", "--update"]).success();
    assert_eq!(
        std::fs::read_to_string(env.path().join("tpl/tests/one.files/README.md")).unwrap(),
        "# one\n"
    );
    assert!(
        !env.path()
            .join("tpl/tests/one.files/catalog-info.yaml")
            .exists()
    );
}

#[test]
fn without_cases_the_template_renders_with_its_defaults_and_examples() {
    let env = repo(&[]);
    let run = env.run(["templates", "test", "tpl/template.yaml"]);
    run.success();
    says(&run, &["ok      svc / defaults (2 files)"]);
    // A required question with neither: the implicit case cannot be answered.
    let env = TestEnv::new()
        .file(
            "tpl/template.yaml",
            &TEMPLATE.replace(", examples: [demo]", ""),
        )
        .file("tpl/skeleton/catalog-info.yaml", DESCRIPTOR);
    let run = env.run(["templates", "test"]);
    run.code(1);
    says(
        &run,
        &[
            "error[template-test-answers]: case `defaults`: `name` (name) is required",
            "give the questions a `default` or `examples`",
        ],
    );
}

#[test]
fn each_way_a_case_fails_is_located_and_the_exit_code_is_1() {
    let env = repo(&[("bad.yaml", "nmae: x\n"), ("good.yaml", "name: good\n")])
        .file(
            "tpl/skeleton/catalog-info.yaml",
            &DESCRIPTOR.replace("  lifecycle: production\n", ""),
        )
        .file(
            "tpl/skeleton/broken.txt",
            "a\n${{ values.name | nosuchfilter }}\n",
        );
    let run = env.run(["templates", "test"]);
    run.code(1);
    says(
        &run,
        &[
            "tpl/tests/bad.yaml:1:1: error[template-test-answers]: case `bad`: `nmae` is not a parameter",
            "tpl/skeleton/broken.txt:2:1: error[template-render]: case `good`: filter nosuchfilter is unknown",
            "0 passed, 2 failed (2 cases in 1 template)",
        ],
    );
    // A descriptor the case renders is judged by Backstage's rules.
    std::fs::remove_file(env.path().join("tpl/skeleton/broken.txt")).unwrap();
    let run = env.run(["templates", "test"]);
    says(
        &run,
        &[
            "tpl/tests/good (rendered)/catalog-info.yaml:6:3: error[missing-field]: case `good` renders: `spec.lifecycle` is required but missing",
        ],
    );
    // Usage errors exit 2.
    env.run(["templates", "test", "no-such-template"]).code(2);
    TestEnv::new().run(["templates", "test"]).code(1);
}

#[test]
fn a_template_with_more_cases_than_the_limit_is_refused() {
    let env = repo(&[]);
    std::fs::create_dir_all(env.path().join("tpl/tests")).unwrap();
    for i in 0..=1000 {
        std::fs::write(env.path().join(format!("tpl/tests/c{i}.yaml")), "name: x\n").unwrap();
    }
    let run = env.run(["templates", "test"]);
    run.code(1);
    says(
        &run,
        &["holds more than 1000 cases (limit: cases per template)"],
    );
}

#[cfg(unix)]
#[test]
fn linked_case_folders_are_refused_and_nothing_outside_is_read_or_written() {
    let env = repo(&[("leak.yaml", "name: leak\n")])
        .file("outside/README.md", "s3cr3t\n")
        .file("outside/keep.txt", "untouched\n");
    std::os::unix::fs::symlink(
        env.path().join("outside"),
        env.path().join("tpl/tests/leak"),
    )
    .unwrap();
    for args in [
        &["templates", "test"][..],
        &["templates", "test", "--update"],
    ] {
        let run = env.run(args);
        run.code(1);
        says(
            &run,
            &[
                "is a symbolic link; a template's test cases are read only from folders of its own [template-confinement]",
            ],
        );
        assert!(!run.stdout.contains("s3cr3t") && !run.stderr.contains("s3cr3t"));
    }
    assert_eq!(
        std::fs::read_to_string(env.path().join("outside/README.md")).unwrap(),
        "s3cr3t\n"
    );
    assert_eq!(
        std::fs::read_dir(env.path().join("outside"))
            .unwrap()
            .count(),
        2
    );
    // A linked tests/ folder as a whole.
    let env = TestEnv::new()
        .file("tpl/template.yaml", TEMPLATE)
        .file("tpl/skeleton/README.md", "x\n")
        .file("outside/a.yaml", "name: a\n");
    std::os::unix::fs::symlink(env.path().join("outside"), env.path().join("tpl/tests")).unwrap();
    let run = env.run(["templates", "test", "--update"]);
    run.code(1);
    says(&run, &["[template-confinement]"]);
    assert!(!env.path().join("outside/a").exists());
}

/// Each built-in template passes `portal templates test` as shipped: its questions have
/// defaults or examples, and what it renders is a valid catalog.
#[test]
fn the_built_in_templates_pass_their_own_test() {
    let env = TestEnv::new();
    for template in crate::create::BUILTIN {
        let run = env.run(["templates", "test", template]);
        run.success();
        assert!(
            run.stdout
                .contains(&format!("ok      {template} / defaults")),
            "{template}: {}",
            run.stdout
        );
    }
}
