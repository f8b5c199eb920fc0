//! `portal create` at a real terminal: a pseudo-terminal drives inquire's prompts as a
//! person would, with a pattern error and its correction, pickers, every prompt type, and
//! Ctrl-C leaving nothing behind.

#![cfg(unix)]

use std::process::Command;
use std::time::Duration;

use expectrl::session::OsSession as Session;
use expectrl::{ControlCode, Eof, Expect};

use crate::support::TestEnv;

const ENTER: &str = "\r";
const DOWN: &str = "\x1b[B";
const BACKSPACE: &str = "\x7f";

fn catalog() -> TestEnv {
    TestEnv::new()
        .file(".gitconfig", "[user]\n\tname = Pty User\n\temail = pty@example.com\n")
        .file(
            "catalog/catalog-info.yaml",
            "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: team-a}\nspec: {type: team, children: [], profile: {displayName: Team A}}\n---\napiVersion: backstage.io/v1alpha1\nkind: System\nmetadata: {name: shop}\nspec: {owner: team-a}\n",
        )
        .file("portal.yaml", "sources: [catalog]\n")
}

fn spawn(env: &TestEnv, args: &[&str]) -> Session {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("portal"));
    cmd.args(args)
        .current_dir(env.path())
        .env_clear()
        .env("HOME", env.path())
        .env("TERM", "xterm-256color");
    let mut session = expectrl::Session::spawn(cmd).expect("spawn portal in a pseudo-terminal");
    session.set_expect_timeout(Some(Duration::from_secs(30)));
    session
}

fn step(p: &mut Session, prompt: &str, keys: &[&str]) {
    p.expect(prompt)
        .unwrap_or_else(|e| panic!("no prompt `{prompt}`: {e}"));
    for k in keys {
        p.send(k).expect("send keys");
        std::thread::sleep(Duration::from_millis(60));
    }
}

#[test]
fn every_prompt_type_with_a_pattern_error_and_its_correction() {
    let env = catalog();
    let mut p = spawn(&env, &["create", "rust-service", "--output", "billing"]);
    // Text, with the pattern checked at the prompt.
    step(&mut p, "Name", &["Bad_Name", ENTER]);
    p.expect("must match the pattern")
        .expect("the pattern error is shown inline");
    let erase = BACKSPACE.repeat(8);
    step(&mut p, "", &[&erase, "billing", ENTER]);
    step(&mut p, "Description", &["Bills people", ENTER]);
    // OwnerPicker: a fuzzy Select over the catalog's Groups and Users.
    step(&mut p, "Owner", &["team", ENTER]);
    // EntityPicker over Systems.
    step(&mut p, "System", &[ENTER]);
    // Select with enumNames.
    step(&mut p, "Lifecycle", &[DOWN, ENTER]);
    // MultiSelect: toggle the first tag.
    step(&mut p, "Tags", &[" ", ENTER]);
    // A number with bounds: an out-of-range value first.
    step(&mut p, "Port", &[&BACKSPACE.repeat(6), "80", ENTER]);
    p.expect("must be at least 1024")
        .expect("the bound is checked at the prompt");
    step(&mut p, "", &[&BACKSPACE.repeat(4), "9090", ENTER]);
    // Confirm.
    step(&mut p, "Dockerfile", &["n", ENTER]);
    step(&mut p, "Repository location", &[ENTER]);
    let rest = p.expect(Eof).expect("portal ends");
    let rest: String = std::iter::once(rest.before())
        .chain(rest.matches())
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    let rest = console::strip_ansi_codes(&rest);
    assert!(
        rest.contains("created billing with"),
        "no summary in:\n{rest}"
    );
    assert!(rest.contains("first commit"), "{rest}");
    let catalog_info = std::fs::read_to_string(env.path().join("billing/catalog-info.yaml"))
        .expect("a descriptor");
    for expected in [
        "name: billing",
        "description: \"Bills people\"",
        "owner: group:default/team-a",
        "system: system:default/shop",
        "lifecycle: production",
        "- rust",
    ] {
        assert!(
            catalog_info.contains(expected),
            "`{expected}` missing from:\n{catalog_info}"
        );
    }
    let answers =
        std::fs::read_to_string(env.path().join("billing/.portal/answers.yaml")).expect("answers");
    assert!(
        answers.contains("port: 9090") && answers.contains("docker: false"),
        "{answers}"
    );
    assert!(!env.path().join("billing/Dockerfile").exists());
}

#[test]
fn choosing_a_template_then_ctrl_c_writes_nothing() {
    let env = catalog();
    let mut p = spawn(&env, &["create"]);
    step(&mut p, "Which template?", &["cli", ENTER]);
    step(&mut p, "Name", &["tool"]);
    p.send(ControlCode::EndOfText).expect("Ctrl-C");
    p.expect("cancelled; nothing was written")
        .expect("a clear message");
    p.expect(Eof).expect("portal ends");
    let left: Vec<_> = std::fs::read_dir(env.path())
        .expect("list")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let mut left: Vec<_> = left
        .into_iter()
        // HOME is the fixture: `.cache` is the user's cache (the catalog's index), not output.
        .filter(|n| n != ".gitconfig" && n != ".cache" && n != "catalog" && n != "portal.yaml")
        .collect();
    left.sort();
    assert!(left.is_empty(), "something was written: {left:?}");
}

const SECRET_TEMPLATE: &str = "\
apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata: {name: secret-demo}
spec:
  type: service
  parameters:
    - title: Access
      required: [name, token]
      properties:
        name: {title: Name, type: string}
        token: {title: Token, type: string, ui:widget: password}
        docker: {title: Docker, type: boolean, default: false}
      dependencies:
        docker:
          oneOf:
            - properties:
                docker: {const: true}
                registry: {title: Registry, type: string}
              required: [registry]
            - properties:
                docker: {const: false}
  steps:
    - id: fetch
      action: fetch:template
      input:
        url: ./skeleton
        values: {name: '${{ parameters.name }}', registry: '${{ parameters.registry }}', token: '${{ parameters.token }}'}
";

#[test]
fn password_prompts_and_conditional_questions() {
    let env = catalog().file("tpl/template.yaml", SECRET_TEMPLATE).file(
        "tpl/skeleton/out.txt",
        "${{ values.name }} ${{ values.registry }} ${{ values.token }}\n",
    );
    let mut p = spawn(
        &env,
        &[
            "create",
            "--template",
            "tpl",
            "--output",
            "made",
            "--no-git",
        ],
    );
    step(&mut p, "Name", &["demo", ENTER]);
    // The password is typed but never echoed.
    step(&mut p, "Token", &["s3cret-value", ENTER]);
    let echoed = p.expect("Docker").expect("the next prompt");
    assert!(
        !String::from_utf8_lossy(echoed.before()).contains("s3cret"),
        "the password was echoed"
    );
    // Answering yes brings the branch's own question.
    step(&mut p, "", &["y", ENTER]);
    step(&mut p, "Registry", &["ghcr.io/acme", ENTER]);
    let rest = p.expect(Eof).expect("portal ends");
    let shown: String = std::iter::once(rest.before())
        .chain(rest.matches())
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert!(
        console::strip_ansi_codes(&shown).contains("created made"),
        "{shown}"
    );
    let out = std::fs::read_to_string(env.path().join("made/out.txt")).expect("rendered");
    assert_eq!(out, "demo ghcr.io/acme s3cret-value\n");
}
