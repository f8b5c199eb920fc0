//! `portal create` at a real terminal: a pseudo-terminal drives inquire's prompts as a
//! person would, with a pattern error and its correction, pickers, every prompt type, and
//! Ctrl-C leaving nothing behind.

#![cfg(unix)]

use std::process::Command;
use std::time::Duration;

use expectrl::session::OsSession as Session;
use expectrl::{ControlCode, Eof, Expect};

use crate::support::TestEnv;

/// `portal create` from the template in `tpl/` into `made/`.
const CREATE_FROM_TPL: &[&str] = &[
    "create",
    "--template",
    "tpl",
    "--output",
    "made",
    "--no-git",
];
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
    // EntityPicker over Systems: optional, so it starts on "(none)"; typing picks one.
    step(&mut p, "System", &["shop", ENTER]);
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
    let said = p.expect(Eof).expect("portal ends");
    let said: String = std::iter::once(said.before())
        .chain(said.matches())
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    let said = console::strip_ansi_codes(&said).into_owned();
    assert!(
        said.trim_end().ends_with("cancelled"),
        "only `cancelled`: {said:?}"
    );
    assert!(!said.contains("error"), "{said:?}");
    assert_eq!(
        exit_code(&mut p),
        130,
        "Ctrl-C exits 130, as a shell reports SIGINT"
    );
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
    let mut p = spawn(&env, CREATE_FROM_TPL);
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
    // The secret is never written to the answers a later run re-applies.
    let answers =
        std::fs::read_to_string(env.path().join("made/.portal/answers.yaml")).expect("answers");
    assert!(!answers.contains("s3cret"), "{answers}");
    assert!(
        answers.contains("secretsNotWritten:\n  - token"),
        "{answers}"
    );
    assert!(answers.contains("registry: ghcr.io/acme"), "{answers}");
}

/// The exit code of the process behind a finished session.
fn exit_code(p: &mut Session) -> i32 {
    match p.get_process_mut().wait().expect("wait for portal") {
        expectrl::process::unix::WaitStatus::Exited(_, code) => code,
        other => panic!("portal did not exit: {other:?}"),
    }
}

/// Spawns `portal ARGS` in a pseudo-terminal of `cols`×`rows`, set before portal starts.
fn spawn_sized(env: &TestEnv, args: &str, cols: u16, rows: u16) -> Session {
    let bin = assert_cmd::cargo::cargo_bin("portal");
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!(
            "stty cols {cols} rows {rows}; exec '{}' {args}",
            bin.display()
        ))
        .current_dir(env.path())
        .env_clear()
        .env("HOME", env.path())
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("TERM", "xterm-256color");
    let mut session = expectrl::Session::spawn(cmd).expect("spawn portal in a pseudo-terminal");
    session.set_expect_timeout(Some(Duration::from_secs(30)));
    session
}

/// Waits for `needle`; if it never comes, fails with what the terminal did show.
fn seen(p: &mut Session, needle: &str, what: &str) {
    if let Err(e) = p.expect(needle) {
        p.set_expect_timeout(Some(Duration::from_millis(500)));
        let mut rest = Vec::new();
        while let Ok(c) = p.expect(expectrl::NBytes(1)) {
            rest.extend_from_slice(c.as_bytes());
        }
        panic!(
            "{what}: {e}; the terminal then showed {:?}",
            String::from_utf8_lossy(&rest)
        );
    }
}

/// Everything the session printed until it ended, without colour.
fn to_end(p: &mut Session) -> String {
    let rest = p.expect(Eof).expect("portal ends");
    let text: String = std::iter::once(rest.before())
        .chain(rest.matches())
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    console::strip_ansi_codes(&text).into_owned()
}

/// The template picker in an 80×10 terminal: one line per template, `docs` ranks
/// docs-site first (its name), and a filter that matches nothing says so.
#[test]
fn the_template_picker_fits_a_small_terminal_and_ranks_names_first() {
    let env = catalog();
    let mut p = spawn_sized(&env, "create", 80, 10);
    let shown = p
        .expect("Rust HTTP service (axum) (rust-service)")
        .expect("the picker's last template");
    let screen: String = std::iter::once(shown.before())
        .chain(shown.matches())
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    let mut screen = console::strip_ansi_codes(&screen).into_owned();
    let help = p.expect("]").expect("the help line");
    screen.push_str(&console::strip_ansi_codes(&String::from_utf8_lossy(
        help.before(),
    )));
    for name in ["docs-site", "python-service", "rust-cli", "rust-service"] {
        let lines = screen
            .lines()
            .filter(|l| l.contains(&format!("({name})")))
            .count();
        assert_eq!(lines, 1, "one line for {name}:\n{screen}");
    }
    for line in screen.lines() {
        assert!(
            console::measure_text_width(line) <= 80,
            "wider than 80: {line:?}"
        );
    }
    // The description is the help line below the list, for the highlighted template only.
    assert!(screen.contains("[A documentation site"), "{screen}");
    assert!(!screen.contains("An HTTP service in Python"), "{screen}");
    p.send(DOWN).expect("move");
    p.expect("[An HTTP service in Python")
        .expect("the help line follows the highlighted template");
    p.send("zzqx").expect("type");
    p.expect("nothing matches the filter")
        .expect("an empty filter says so");
    p.send(BACKSPACE.repeat(4)).expect("erase");
    std::thread::sleep(Duration::from_millis(200));
    p.send("docs").expect("type");
    std::thread::sleep(Duration::from_millis(300));
    p.send(ENTER).expect("choose");
    // docs-site's first question has its own help line.
    p.expect("e.g. platform-handbook")
        .expect("docs picked docs-site");
    p.send(ControlCode::EndOfText).expect("Ctrl-C");
    to_end(&mut p);
}

const CHECKED_TEMPLATE: &str = "\
apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata: {name: checked}
spec:
  type: service
  parameters:
    - title: About
      required: [name]
      properties:
        name: {title: Name, type: string}
        tier: {title: Tier, type: string, enum: [gold, silver]}
        extras: {title: Extras, type: array, items: {type: string, enum: [ci, docs]}, uniqueItems: true}
        repoUrl: {title: Repository location, type: string, ui:field: RepoUrlPicker}
  steps:
    - id: fetch
      action: fetch:template
      input:
        url: ./skeleton
        values: {name: '${{ parameters.name }}', tier: '${{ parameters.tier }}'}
";

/// Answers are checked where they are typed: a name the catalog has, a folder that is
/// not empty, a repository URL in the wrong form; an optional Select starts on "(none)";
/// a MultiSelect says how to select; Esc exits 130.
#[test]
fn answers_are_refused_at_their_prompt() {
    let env = catalog()
        .file("tpl/template.yaml", CHECKED_TEMPLATE)
        .file(
            "tpl/skeleton/out.txt",
            "${{ values.name }} [${{ values.tier }}]\n",
        )
        .file("taken/keep.txt", "mine\n");
    // Wide enough that inquire does not wrap the messages.
    let mut p = spawn_sized(&env, "create --template tpl --no-git", 250, 40);
    step(&mut p, "Name", &["shop", ENTER]);
    seen(
        &mut p,
        "`shop` is already in the catalog (system:default/shop, defined in",
        "a taken name is refused at the prompt",
    );
    step(&mut p, "", &[&BACKSPACE.repeat(4), "taken", ENTER]);
    seen(
        &mut p,
        "the folder `taken` exists here and is not empty",
        "a non-empty target is refused at the prompt",
    );
    step(&mut p, "", &[&BACKSPACE.repeat(5), "fresh", ENTER]);
    // Optional: it starts on "(none)".
    let tier = p.expect("enter to select").expect("the Tier prompt");
    let tier = console::strip_ansi_codes(&String::from_utf8_lossy(tier.before())).into_owned();
    assert!(tier.contains("> (none)"), "(none) preselected: {tier}");
    p.send(ENTER).expect("keep (none)");
    step(&mut p, "space to select", &[ENTER]);
    step(
        &mut p,
        "Repository location",
        &["https://github.com/acme/fresh", ENTER],
    );
    seen(
        &mut p,
        "write `github.com?owner=acme&repo=fresh`",
        "the URL form is refused with the fix",
    );
    step(&mut p, "", &["\x1b"]);
    let said = to_end(&mut p);
    assert!(said.trim_end().ends_with("cancelled"), "{said}");
    assert_eq!(exit_code(&mut p), 130, "Esc exits 130");
    assert!(!env.path().join("fresh").exists(), "nothing written");

    // The same answers without a terminal: every problem at once, before anything is written.
    let run = env.run([
        "create",
        "--template",
        "tpl",
        "--no-input",
        "--set",
        "name=taken",
        "--set",
        "repoUrl=github.com/acme/x",
    ]);
    run.code(2);
    for expected in [
        "the folder `taken` exists here and is not empty",
        "write `github.com?owner=acme&repo=x`",
    ] {
        assert!(run.stderr.contains(expected), "{expected}: {}", run.stderr);
    }
    let run = env.run([
        "create",
        "--template",
        "tpl",
        "--no-input",
        "--set",
        "name=shop",
    ]);
    run.code(2);
    assert!(
        run.stderr.contains("`shop` is already in the catalog"),
        "{}",
        run.stderr
    );
    // An existing --output folder is refused before the first question.
    let mut p = spawn(&env, &["create", "--template", "tpl", "--output", "taken"]);
    let said = to_end(&mut p);
    assert!(said.contains("taken exists and is not empty"), "{said}");
    assert!(!said.contains("Name"), "refused before asking: {said}");
    // With Enter on the optional Select, nothing was chosen.
    let run = env.run([
        "create",
        "--template",
        "tpl",
        "--no-input",
        "--set",
        "name=made",
        "--no-git",
    ]);
    run.success();
    assert_eq!(
        std::fs::read_to_string(env.path().join("made/out.txt")).expect("rendered"),
        "made []\n"
    );
}

#[test]
fn open_without_what_offers_a_list_at_a_terminal() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new()
        .file(
            "repo/catalog-info.yaml",
            "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: payments\n  annotations:\n    github.com/project-slug: acme/payments\nspec: {type: service, lifecycle: production, owner: team-a}\n",
        )
        .file("portal.yaml", "sources: [repo]\n");
    let log = env.path().join("browser.log");
    let browser = env.path().join("browser");
    std::fs::write(
        &browser,
        format!("#!/bin/sh\necho \"$@\" > '{}'\n", log.display()),
    )
    .unwrap();
    std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("portal"));
    cmd.args(["open", "payments"])
        .current_dir(env.path())
        .env_clear()
        .env("HOME", env.path())
        .env("PATH", "/usr/local/bin:/usr/bin:/bin")
        .env("BROWSER", &browser)
        .env("TERM", "xterm-256color");
    let mut p = expectrl::Session::spawn(cmd).expect("spawn portal in a pseudo-terminal");
    p.set_expect_timeout(Some(Duration::from_secs(30)));
    // The GitHub card's links, in order: repository, actions, issues, pull requests.
    step(&mut p, "open", &[DOWN, ENTER]);
    p.expect(Eof).expect("portal ends");
    assert_eq!(
        std::fs::read_to_string(&log).expect("the browser ran"),
        "https://github.com/acme/payments/actions\n"
    );
}

#[test]
fn upgrade_asks_the_template_s_new_question_at_the_terminal() {
    let env = crate::upgrade::made();
    crate::upgrade::ask_team(&env);
    let mut p = spawn(&env, &["-C", "proj", "upgrade", "--apply"]);
    step(&mut p, "Team", &["core", ENTER]);
    let rest = p.expect(Eof).expect("portal ends");
    let out: String = std::iter::once(rest.before())
        .chain(rest.matches())
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert!(
        out.contains("TEAM") && out.contains("upgraded: 1 file(s) changed"),
        "{out}"
    );
    assert_eq!(crate::upgrade::read(&env, "TEAM"), "core\n");
}

pub(crate) const ALTERNATIVES_TEMPLATE: &str = r#"apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata: {name: alternatives}
spec:
  owner: team-a
  type: service
  parameters:
    - title: Environment
      oneOf:
        - title: Cloud
          properties: {region: {type: string, title: Region}}
          required: [region]
        - title: On premises
          properties: {rack: {type: string, title: Rack}}
          required: [rack]
  steps:
    - id: fetch
      action: fetch:template
      input: {url: ./skeleton, values: {where: '${{ parameters.region }}${{ parameters.rack }}'}}
"#;

/// A page of alternatives (`oneOf` at its top), as Backstage's form shows it: a choice of
/// the branches' titles, then the chosen branch's questions.
#[test]
fn a_page_of_alternatives_asks_which_one_then_its_questions() {
    let env = catalog()
        .file("tpl/template.yaml", ALTERNATIVES_TEMPLATE)
        .file("tpl/skeleton/where.txt", "${{ values.where }}\n");
    let mut p = spawn(&env, CREATE_FROM_TPL);
    step(&mut p, "which one?", &[DOWN, ENTER]);
    step(&mut p, "Rack", &["r12", ENTER]);
    p.expect(Eof).expect("portal ends");
    assert_eq!(exit_code(&mut p), 0);
    let out = std::fs::read_to_string(env.path().join("made/where.txt")).expect("rendered");
    assert_eq!(out, "r12\n");
}

#[test]
fn init_asks_only_what_it_could_not_infer_then_shows_the_file() {
    let env = catalog().file("Dockerfile", "FROM scratch\n");
    let mut p = spawn(&env, &["init"]);
    step(&mut p, "Owner", &[ENTER]);
    step(&mut p, "Lifecycle", &[DOWN, ENTER]);
    step(&mut p, "System", &["shop", ENTER]);
    seen(
        &mut p,
        "kind: Component",
        "the file, shown before it is written",
    );
    step(&mut p, "Write catalog-info.yaml?", &["y", ENTER]);
    let rest = to_end(&mut p);
    assert!(rest.contains("wrote catalog-info.yaml"), "{rest}");
    assert_eq!(exit_code(&mut p), 0);
    let written = std::fs::read_to_string(env.path().join("catalog-info.yaml")).expect("written");
    for line in [
        "  type: service\n",
        "  lifecycle: production\n",
        "  owner: group:team-a\n",
        "  system: shop\n",
    ] {
        assert!(written.contains(line), "{line}\n{written}");
    }
}
