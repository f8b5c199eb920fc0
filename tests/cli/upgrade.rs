//! `portal upgrade`: a template repository (real git, two commits), a project made from the
//! first with local edits, and the upgrade to the second: clean, merged and conflicting
//! files, removed and renamed ones, new questions, and a template that cannot be found.

use std::path::Path;
use std::process::Command;

use crate::support::{Run, TestEnv};

pub(crate) const TEMPLATE: &str = "apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: svc
spec:
  owner: group:default/platform
  type: service
  parameters:
    - required: [name]
      properties:
        name: {type: string}
  steps:
    - id: fetch
      action: fetch:template
      input:
        url: ./skeleton
        values:
          name: ${{ parameters.name }}
";

const DESCRIPTOR: &str = "apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${{ values.name }}
spec:
  type: service
  lifecycle: production
  owner: group:default/platform
";

const README: &str = "# ${{ values.name }}\n\ntwo\nthree\nfour\nfive\n";

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .status()
        .expect("git");
    assert!(status.success(), "git {args:?}");
}

/// `tpl/` as a git repository at its first commit, and `proj/` made from it.
pub(crate) fn made() -> TestEnv {
    let env = TestEnv::new()
        .file("tpl/template.yaml", TEMPLATE)
        .file("tpl/skeleton/catalog-info.yaml", DESCRIPTOR)
        .file("tpl/skeleton/README.md", README)
        .file("tpl/skeleton/old.txt", "old\n")
        .file("tpl/skeleton/moved.txt", "moved\n");
    let tpl = env.path().join("tpl");
    git(&tpl, &["init", "-q"]);
    git(&tpl, &["add", "-A"]);
    git(&tpl, &["commit", "-qm", "one"]);
    create(&env, "proj");
    env
}

/// `portal create` from `tpl/` into the folder `name`.
fn create(env: &TestEnv, name: &str) {
    let set = format!("name={name}");
    env.run([
        "create",
        "--template",
        "tpl",
        "--no-input",
        "--no-git",
        "--set",
        &set,
        "--output",
        name,
    ])
    .success();
}

/// The template's second commit: `files` written (`None`: removed).
pub(crate) fn commit(env: &TestEnv, files: &[(&str, Option<&str>)]) {
    let tpl = env.path().join("tpl");
    for (path, text) in files {
        let file = tpl.join(path);
        match text {
            Some(t) => {
                std::fs::create_dir_all(file.parent().unwrap()).unwrap();
                std::fs::write(file, t).unwrap();
            }
            None => std::fs::remove_file(file).unwrap(),
        }
    }
    git(&tpl, &["add", "-A"]);
    git(&tpl, &["commit", "-qm", "two"]);
}

fn upgrade(env: &TestEnv, args: &[&str]) -> Run {
    let mut all = vec!["upgrade"];
    all.extend_from_slice(args);
    env.run_in("proj", all)
}

/// Writes `text` to the project's `path`.
fn edit(env: &TestEnv, path: &str, text: &str) {
    std::fs::write(env.path().join("proj").join(path), text).unwrap();
}

pub(crate) fn read(env: &TestEnv, path: &str) -> String {
    std::fs::read_to_string(env.path().join("proj").join(path)).unwrap()
}

#[test]
fn a_clean_upgrade_merges_edits_adds_removes_and_renames() {
    let env = made();
    // Here: an edit the template does not touch, and a file of the project's own.
    edit(
        &env,
        "README.md",
        "# proj\n\nTWO (mine)\nthree\nfour\nfive\n",
    );
    edit(&env, "notes.txt", "mine\n");
    commit(
        &env,
        &[
            (
                "skeleton/README.md",
                Some("# ${{ values.name }}\n\ntwo\nthree\nfour\nFIVE\n"),
            ),
            ("skeleton/old.txt", None),
            ("skeleton/moved.txt", None),
            ("skeleton/docs/moved.txt", Some("moved\n")),
            ("skeleton/new.txt", Some("new ${{ values.name }}\n")),
        ],
    );
    let before = read(&env, "README.md");
    let run = upgrade(&env, &[]);
    run.success();
    insta::assert_snapshot!(
        "upgrade_plan",
        run.stdout.replace(&commit_ids(&env), "C1 → C2")
    );
    // The plan wrote nothing.
    assert_eq!(read(&env, "README.md"), before);
    assert!(env.path().join("proj/old.txt").exists());
    let run = upgrade(&env, &["--apply"]);
    run.success();
    assert_eq!(
        read(&env, "README.md"),
        "# proj\n\nTWO (mine)\nthree\nfour\nFIVE\n"
    );
    assert_eq!(read(&env, "new.txt"), "new proj\n");
    assert_eq!(read(&env, "docs/moved.txt"), "moved\n");
    assert!(!env.path().join("proj/old.txt").exists());
    assert!(!env.path().join("proj/moved.txt").exists());
    // Never touched: a file the template does not own.
    assert_eq!(read(&env, "notes.txt"), "mine\n");
    // The new version is recorded: a second upgrade has nothing to do.
    let run = upgrade(&env, &[]);
    run.success();
    assert!(
        run.stdout
            .contains("has not changed since this project was made"),
        "{}",
        run.stdout
    );
}

/// `C1 → C2` as the plan shows the two commits.
fn commit_ids(env: &TestEnv) -> String {
    let out = Command::new("git")
        .args(["log", "--format=%h", "-n", "2", "--abbrev=7"])
        .current_dir(env.path().join("tpl"))
        .output()
        .expect("git log");
    let ids: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    format!("{} → {}", ids[1], ids[0])
}

#[test]
fn conflicts_are_planned_written_only_with_apply_and_never_exit_0() {
    let env = made();
    edit(&env, "README.md", "# proj\n\ntwo\nthree\nfour\nmine\n");
    edit(&env, "old.txt", "edited\n");
    std::fs::remove_file(env.path().join("proj/moved.txt")).unwrap();
    commit(
        &env,
        &[
            (
                "skeleton/README.md",
                Some("# ${{ values.name }}\n\ntwo\nthree\nfour\ntheirs\n"),
            ),
            ("skeleton/old.txt", None),
            ("skeleton/moved.txt", Some("changed\n")),
        ],
    );
    let run = upgrade(&env, &[]);
    run.code(1);
    let out = &run.stdout;
    assert!(
        out.contains("conflict  README.md: changed here and in the template, at the same lines"),
        "{out}"
    );
    assert!(
        out.contains("conflict  old.txt: changed here, removed from the template"),
        "{out}"
    );
    assert!(
        out.contains("conflict  moved.txt: deleted here, changed in the template"),
        "{out}"
    );
    assert!(
        out.contains("3 conflict(s); `portal upgrade --apply` writes"),
        "{out}"
    );
    assert!(!read(&env, "README.md").contains("<<<<<<<"));
    let run = upgrade(&env, &["--apply", "--json"]);
    run.code(1);
    let json = run.json();
    assert_eq!(json["conflicts"], 3);
    assert_eq!(json["applied"], true);
    assert_eq!(json["files"][0]["change"], "conflict");
    assert_eq!(
        read(&env, "README.md"),
        "# proj\n\ntwo\nthree\nfour\n<<<<<<< ours\nmine\n=======\ntheirs\n>>>>>>> theirs\n"
    );
    // A conflict with no text to merge keeps the project's side.
    assert_eq!(read(&env, "old.txt"), "edited\n");
    assert!(!env.path().join("proj/moved.txt").exists());
}

/// The template's second commit asks a new required question, `team`, and writes it.
pub(crate) fn ask_team(env: &TestEnv) {
    let template = TEMPLATE
        .replace(
            "        name: {type: string}\n",
            "        name: {type: string}\n        team: {type: string, title: Team}\n",
        )
        .replace("required: [name]", "required: [name, team]")
        .replace(
            "          name: ${{ parameters.name }}\n",
            "          name: ${{ parameters.name }}\n          team: ${{ parameters.team }}\n",
        );
    commit(
        env,
        &[
            ("template.yaml", Some(&template)),
            ("skeleton/TEAM", Some("${{ values.team }}\n")),
        ],
    );
}

#[test]
fn a_new_question_needs_an_answer_and_gets_it_from_set() {
    let env = made();
    ask_team(&env);
    let run = upgrade(&env, &["--no-input"]);
    run.code(2);
    assert!(
        run.stderr.contains("`team` (Team) is required"),
        "{}",
        run.stderr
    );
    upgrade(&env, &["--no-input", "--set", "team=core", "--apply"]).success();
    assert_eq!(read(&env, "TEAM"), "core\n");
    assert!(read(&env, ".portal/answers.yaml").contains("team: core"));
}

#[test]
fn all_lists_each_project_of_the_catalog_with_its_upgrade() {
    let env = made();
    create(&env, "other");
    edit(&env, "README.md", "# proj\n\ntwo\nthree\nfour\nmine\n");
    commit(
        &env,
        &[(
            "skeleton/README.md",
            Some("# ${{ values.name }}\n\ntwo\nthree\nfour\ntheirs\n"),
        )],
    );
    let run = env.run(["upgrade", "--all", "--plan"]);
    run.code(1);
    insta::assert_snapshot!("upgrade_all", run.stdout);
    // Nothing was written.
    assert!(!read(&env, "README.md").contains("<<<<<<<"));
    let json = env.run(["upgrade", "--all", "--json"]).json();
    assert_eq!(json[0]["project"], "other");
    assert_eq!(json[0]["state"], "clean");
    assert_eq!(json[1]["state"], "conflicts");
    env.run(["upgrade", "--all", "--apply"]).code(2);
}

#[test]
fn a_template_that_cannot_be_found_is_a_clear_error() {
    let env = made();
    std::fs::rename(env.path().join("tpl"), env.path().join("elsewhere")).unwrap();
    let run = upgrade(&env, &[]);
    run.code(2);
    assert!(
        run.stderr
            .contains("cannot find the template template:default/svc this project was made from")
            && run.stderr.contains("give it with --template PATH"),
        "{}",
        run.stderr
    );
    // Given where it went, the recorded commit is found in its history.
    commit_in(&env.path().join("elsewhere"));
    let run = upgrade(&env, &["--template", "../elsewhere", "--apply"]);
    run.success();
    assert_eq!(read(&env, "README.md"), "# changed\n");
    // A commit no repository has: the base cannot be rendered.
    let answers = read(&env, ".portal/answers.yaml");
    let commit = answers
        .lines()
        .find_map(|l| l.trim().strip_prefix("commit: "))
        .expect("a commit")
        .to_string();
    std::fs::write(
        env.path().join("proj/.portal/answers.yaml"),
        answers.replace(&commit, &"deadbeef".repeat(5)),
    )
    .unwrap();
    commit_in(&env.path().join("elsewhere"));
    let run = upgrade(&env, &["--template", "../elsewhere"]);
    run.code(2);
    assert!(
        run.stderr.contains("cannot render the version of template:default/svc this project was made from: the commit deadbeefdeadbeefdeadbeefdeadbeefdeadbeef the project was made from is not in"),
        "{}",
        run.stderr
    );
    // Outside a project.
    let run = TestEnv::new().run(["upgrade"]);
    run.code(2);
    assert!(
        run.stderr.contains(".portal/answers.yaml"),
        "{}",
        run.stderr
    );
}

fn commit_in(dir: &Path) {
    let readme = dir.join("skeleton/README.md");
    let again = std::fs::read_to_string(&readme).unwrap() == "# changed\n";
    std::fs::write(
        readme,
        if again {
            "# changed again\n"
        } else {
            "# changed\n"
        },
    )
    .unwrap();
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-qm", "moved"]);
}

/// A project made from a built-in template keeps a copy of it (`.portal/template.json`):
/// the base to merge from once portal's built-in has changed. The older version is made
/// here from the copy, with a line the built-in no longer has.
#[test]
fn a_project_made_from_a_built_in_upgrades_from_the_copy_it_keeps() {
    let org = TestEnv::new().example();
    let work = TestEnv::new();
    let at = |p: &str| work.path().join(p);
    let create = |template: &str, name: &str, out: &str| {
        let name = format!("name={name}");
        let out = at(out);
        org.run([
            "create",
            template,
            "--no-input",
            "--set",
            &name,
            "--set",
            "owner=payments-team",
            "--set",
            "system=payments-platform",
            "--output",
            out.to_str().unwrap(),
            "--no-git",
        ])
        .success();
    };
    create("rust-service", "billing", "now");
    let copy = std::fs::read_to_string(at("now/.portal/template.json")).unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&copy).unwrap();
    // The old version: its README had one more line.
    let readme = doc["files"]["skeleton/README.md"]
        .as_str()
        .unwrap()
        .to_string();
    let (title, rest) = readme.split_once('\n').unwrap();
    let old_readme = format!("{title}\nAn old line the template had.\n{rest}");
    doc["files"]["skeleton/README.md"] = old_readme.into();
    for (path, text) in doc["files"].as_object().unwrap() {
        let file = at("old").join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text.as_str().unwrap()).unwrap();
    }
    let old = at("old");
    create(&format!("--template={}", old.display()), "receipts", "proj");
    // Made from that version as if it were the built-in: its copy and its source.
    std::fs::write(at("proj/.portal/template.json"), doc.to_string()).unwrap();
    let answers = std::fs::read_to_string(at("proj/.portal/answers.yaml")).unwrap();
    let answers: String = answers
        .lines()
        .map(|l| {
            if l.starts_with("source: ") {
                "source: built-in".to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(at("proj/.portal/answers.yaml"), answers + "\n").unwrap();
    let mine = std::fs::read_to_string(at("proj/README.md")).unwrap() + "my own line\n";
    std::fs::write(at("proj/README.md"), &mine).unwrap();
    let plan = work.run_in("proj", ["upgrade"]);
    plan.success();
    assert!(
        plan.stdout.contains("merged    README.md"),
        "{}",
        plan.stdout
    );
    work.run_in("proj", ["upgrade", "--apply"]).success();
    let merged = std::fs::read_to_string(at("proj/README.md")).unwrap();
    assert!(
        !merged.contains("An old line") && merged.ends_with("my own line\n"),
        "{merged}"
    );
    // The copy is now the built-in's, so the next upgrade has nothing to do.
    assert_eq!(
        std::fs::read_to_string(at("proj/.portal/template.json")).unwrap(),
        copy
    );
    let again = work.run_in("proj", ["upgrade"]);
    assert!(
        again.stdout.contains("nothing to upgrade"),
        "{}",
        again.stdout
    );
    // A copy that is not the recorded version, and no copy: each a clear error.
    let answers = std::fs::read_to_string(at("proj/.portal/answers.yaml")).unwrap();
    let hash = answers
        .lines()
        .find_map(|l| l.trim().strip_prefix("contentHash: "))
        .unwrap();
    std::fs::write(
        at("proj/.portal/answers.yaml"),
        answers.replace(hash, &"f".repeat(40)),
    )
    .unwrap();
    let refused = |says: &[&str]| {
        let run = work.run_in("proj", ["upgrade"]);
        run.code(2);
        assert!(
            says.iter().all(|s| run.stderr.contains(s)),
            "{}",
            run.stderr
        );
    };
    refused(&["is not the version of the template this project was made from"]);
    std::fs::remove_file(at("proj/.portal/template.json")).unwrap();
    refused(&["keeps a copy of it there", "this one has none"]);
}
