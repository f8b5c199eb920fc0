//! Plugins and integrations: `portal NAME` runs `portal-NAME` from PATH (dispatch, exit
//! codes, the environment contract, metadata and its cache, shadowing, help and
//! completion), entity cards (built-in, and plugins' with a timeout and escaping),
//! `portal plugins doctor`, and `portal open` for every WHAT. The plugins are shell scripts
//! written by the tests on a temporary PATH; the example plugins are run as shipped.

#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::support::{TestEnv, group, repo_path};

/// The system's tools (sh, cat, sleep…) for the scripts, after the test's own folders.
const SYSTEM_PATH: &str = "/usr/local/bin:/usr/bin:/bin";

const PAYMENTS: &str = r#"apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments
  annotations:
    github.com/project-slug: acme/payments
    gitlab.com/project-slug: acme/team/payments
    backstage.io/source-location: url:https://github.com/acme/payments/tree/main/
    backstage.io/view-url: https://github.com/acme/payments/blob/main/catalog-info.yaml
    backstage.io/edit-url: https://github.com/acme/payments/edit/main/catalog-info.yaml
    backstage.io/kubernetes-id: payments
    backstage.io/kubernetes-namespace: pay
    pagerduty.com/service-id: PABC123
    pagerduty.com/integration-key: key-123
    sonarqube.org/project-key: acme_payments
    jenkins.io/job-full-name: payments/main
    argocd/app-name: payments-prod
    grafana/dashboard-selector: "tags @> 'payments'"
    backstage.io/techdocs-ref: dir:.
  links:
    - url: https://runbooks.acme.example/payments
      title: Runbook
      icon: docs
    - url: https://grafana.acme.example/d/pay
      title: Payments dashboard
      icon: dashboard
    - url: "javascript:alert(1)"
      title: Evil
spec:
  type: service
  lifecycle: production
  owner: team-a
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: bare
spec:
  type: service
  lifecycle: experimental
  owner: team-a
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: hostile
  annotations:
    acme.example/evil: "yes"
  links:
    - url: "file:///etc/passwd"
      title: Local file
spec:
  type: service
  lifecycle: experimental
  owner: team-a
"#;

/// A fixture catalog (a git checkout with a workflow), and a `bin` folder for plugins.
fn world() -> TestEnv {
    let env = TestEnv::new()
        .file("repo/.git/HEAD", "ref: refs/heads/main\n")
        .file("repo/.github/workflows/ci.yml", "on: push\n")
        .file("repo/.github/workflows/release.yaml", "on: push\n")
        .file("repo/catalog-info.yaml", PAYMENTS)
        .file("repo/team/catalog-info.yaml", &group("team-a"))
        .file(
            "portal.yaml",
            "sources: [repo]\nintegrations:\n  jenkins: https://jenkins.acme.example\n  argocd: https://argocd.acme.example/\n  grafana: https://grafana.acme.example\nplugins:\n  timeout: 700ms\n",
        );
    std::fs::create_dir_all(env.path().join("bin")).unwrap();
    let path = format!("{}:{SYSTEM_PATH}", env.path().join("bin").display());
    env.env("PATH", &path).env("PORTAL_CACHE_DIR", "cache")
}

/// Writes an executable script `bin/NAME` (or into `dir`).
fn script(env: &TestEnv, dir: &str, name: &str, body: &str) -> PathBuf {
    let path = env.path().join(dir).join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, format!("#!/bin/sh\n{body}")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// A plugin whose metadata claims `annotations`; it counts its handshakes in `calls`.
fn plugin(env: &TestEnv, name: &str, meta: &str, body: &str) -> PathBuf {
    let calls = env.path().join(format!("{name}.calls"));
    script(
        env,
        "bin",
        &format!("portal-{name}"),
        &format!(
            "if [ \"$1\" = --portal-metadata ]; then echo x >> '{}'; echo '{meta}'; exit 0; fi\n{body}",
            calls.display()
        ),
    )
}

fn handshakes(env: &TestEnv, name: &str) -> usize {
    std::fs::read_to_string(env.path().join(format!("{name}.calls")))
        .map(|s| s.lines().count())
        .unwrap_or(0)
}

#[test]
fn a_plugin_runs_with_its_arguments_and_exit_code() {
    let env = world();
    plugin(
        &env,
        "hello",
        r#"{"description":"Says hello"}"#,
        "echo \"hello $*\"; echo oops >&2; exit 7\n",
    );
    let run = env.run(["hello", "a b", "--flag"]);
    run.code(7);
    assert_eq!(run.stdout, "hello a b --flag\n");
    assert_eq!(run.stderr, "oops\n");
    // Global options before the name are portal's.
    let run = env.run(["-C", "repo", "hello"]);
    run.code(7);
    assert_eq!(run.stdout, "hello \n");
}

#[test]
fn the_plugin_gets_the_documented_environment() {
    let env = world();
    plugin(
        &env,
        "env",
        "{}",
        "for k in PORTAL_BIN PORTAL_VERSION PORTAL_PLUGIN PORTAL_CWD PORTAL_CONFIG PORTAL_CACHE_DIR PORTAL_COLOR; do eval \"echo $k=\\$$k\"; done\n\"$PORTAL_BIN\" list --format names\n",
    );
    let run = env.run(["-C", "repo", "env"]);
    run.success();
    let vars: std::collections::HashMap<&str, &str> = run
        .stdout
        .lines()
        .filter_map(|l| l.split_once('='))
        .collect();
    let bin = assert_cmd::cargo::cargo_bin("portal");
    let root = std::fs::canonicalize(env.path()).unwrap();
    assert_eq!(vars["PORTAL_BIN"], bin.to_str().unwrap());
    assert_eq!(vars["PORTAL_VERSION"], env!("CARGO_PKG_VERSION"));
    assert_eq!(vars["PORTAL_PLUGIN"], "1");
    assert_eq!(Path::new(vars["PORTAL_CWD"]), root.join("repo"));
    // portal.yaml is found upward from the working folder, and given absolute.
    assert_eq!(Path::new(vars["PORTAL_CONFIG"]), root.join("portal.yaml"));
    assert_eq!(Path::new(vars["PORTAL_CACHE_DIR"]), root.join("repo/cache"));
    assert_eq!(vars["PORTAL_COLOR"], "never");
    // Calling back: the same folder and configuration, so the same catalog.
    assert!(
        run.stdout.contains("component:default/payments"),
        "{}",
        run.stdout
    );
    let colour = env.run(["--color", "always", "env"]);
    assert!(
        colour.stdout.contains("PORTAL_COLOR=always"),
        "{}",
        colour.stdout
    );
}

#[test]
fn an_unknown_command_is_a_usage_error_with_the_nearest_name() {
    let env = world();
    plugin(&env, "hello", "{}", "exit 0\n");
    let run = env.run(["lsit"]);
    run.code(2);
    assert!(
        run.stderr.contains("no such command: `lsit`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `portal list`?"),
        "{}",
        run.stderr
    );
    let run = env.run(["helo"]);
    run.code(2);
    assert!(
        run.stderr.contains("did you mean `portal hello`?"),
        "{}",
        run.stderr
    );
    // A name that is not a plugin name is never looked up as a file.
    let run = env.run(["../bin/portal-hello"]);
    run.code(2);
}

#[test]
fn metadata_is_cached_by_path_and_stamp_and_a_failing_handshake_still_runs() {
    let env = world();
    let hello = plugin(
        &env,
        "hello",
        r#"{"description":"Says hello","version":"1.2.3","annotations":["github.com/project-slug"]}"#,
        "echo hi\n",
    );
    let run = env.run(["plugins", "--json"]);
    run.success();
    let listed = run.json();
    assert_eq!(listed[0]["name"], "hello");
    assert_eq!(listed[0]["description"], "Says hello");
    assert_eq!(listed[0]["version"], "1.2.3");
    assert_eq!(listed[0]["annotations"][0], "github.com/project-slug");
    assert_eq!(handshakes(&env, "hello"), 1);
    env.run(["plugins"]).success();
    env.run(["--help"]).success();
    assert_eq!(handshakes(&env, "hello"), 1, "served from the cache");
    // A new version of the executable is asked again.
    let body = std::fs::read_to_string(&hello).unwrap();
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(&hello, body.replace("Says hello", "Says hello again")).unwrap();
    let run = env.run(["plugins", "--json"]);
    assert_eq!(run.json()[0]["description"], "Says hello again");
    assert_eq!(handshakes(&env, "hello"), 2);
    // Broken metadata: said once, and the plugin still runs.
    plugin(&env, "broken", "not json", "echo still runs\n");
    let run = env.run(["plugins"]);
    run.success();
    assert!(
        run.stderr
            .contains("portal-broken: `--portal-metadata` printed no metadata JSON")
            && run.stderr.contains("it still runs as `portal broken`"),
        "{}",
        run.stderr
    );
    let run = env.run(["broken"]);
    run.success();
    assert_eq!(run.stdout, "still runs\n");
    // A handshake that hangs is stopped at its timeout.
    script(&env, "bin", "portal-slow", "sleep 30\n");
    let start = Instant::now();
    let run = env.run(["plugins", "--json"]);
    assert!(start.elapsed() < Duration::from_secs(10));
    let slow = run
        .json()
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "slow")
        .cloned()
        .unwrap();
    assert!(
        slow["metadataError"]
            .as_str()
            .unwrap()
            .contains("took longer than 2 s"),
        "{slow}"
    );
}

#[test]
fn a_plugin_never_shadows_a_built_in_and_the_first_on_path_wins() {
    let env = world();
    plugin(
        &env,
        "list",
        r#"{"description":"evil list"}"#,
        "echo PLUGIN; exit 9\n",
    );
    plugin(&env, "hello", "{}", "echo first\n");
    let second = script(&env, "bin2", "portal-hello", "echo second\n");
    let path = format!(
        "{}:{}:{SYSTEM_PATH}",
        env.path().join("bin").display(),
        env.path().join("bin2").display()
    );
    let env = env.env("PATH", &path);
    let run = env.run(["list", "--format", "names"]);
    run.success();
    assert!(!run.stdout.contains("PLUGIN"), "{}", run.stdout);
    assert_eq!(env.run(["hello"]).stdout, "first\n");
    let run = env.run(["plugins"]);
    assert!(
        run.stderr
            .contains("portal-list is never run: `list` is a built-in command"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains(&format!("{} is never run", second.display())),
        "{}",
        run.stderr
    );
    let json = env.run(["plugins", "--json"]).json();
    let list = json
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "list")
        .unwrap();
    assert_eq!(list["shadowedBy"], "list");
    // And --help does not offer it.
    let help = env.run(["--help"]);
    assert!(!help.stdout.contains("evil list"), "{}", help.stdout);
}

#[test]
fn help_lists_plugins_and_completion_offers_them_and_their_arguments() {
    let env = world();
    plugin(
        &env,
        "hello",
        r#"{"description":"Says hello","completions":{"values":[{"value":"--loud","help":"shout"},"world"],"entities":true}}"#,
        "exit 0\n",
    );
    let help = env.run(["--help"]);
    help.success();
    let at = help.stdout.find("Plugins:").expect("a Plugins heading");
    assert!(
        help.stdout[at..].contains("hello  Says hello"),
        "{}",
        help.stdout
    );
    let complete = |words: &[&str]| {
        let mut args = vec!["--", "portal"];
        args.extend_from_slice(words);
        let index = words.len().to_string();
        let vars = [
            ("COMPLETE", "bash"),
            ("_CLAP_COMPLETE_INDEX", index.as_str()),
            ("_CLAP_COMPLETE_COMP_TYPE", "9"),
            ("_CLAP_COMPLETE_SPACE", "true"),
            ("_CLAP_IFS", "\n"),
        ];
        let run = env.run_with(&vars, &args);
        run.success();
        run.stdout.lines().map(str::to_string).collect::<Vec<_>>()
    };
    assert!(complete(&["hel"]).contains(&"hello".to_string()));
    let args = complete(&["hello", ""]);
    assert!(args.contains(&"--loud".to_string()), "{args:?}");
    assert!(args.contains(&"world".to_string()), "{args:?}");
    assert!(
        args.contains(&"payments".to_string()),
        "entities too: {args:?}"
    );
}

#[test]
fn built_in_cards_from_annotations_and_links() {
    let env = world();
    let run = env.run(["show", "payments"]);
    run.success();
    let cards = &run.stdout[run.stdout.find("\nGitHub").expect("the GitHub card")..];
    insta::assert_snapshot!("builtin_cards", cards);
    let json = env.run(["show", "payments", "--json"]).json();
    let ids: Vec<&str> = json["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "github",
            "gitlab",
            "source",
            "kubernetes",
            "pagerduty",
            "sonarqube",
            "jenkins",
            "argocd",
            "grafana",
            "techdocs",
            "links"
        ]
    );
    let github = &json["cards"][0];
    assert_eq!(github["items"][1]["label"], "actions");
    assert_eq!(
        github["items"][1]["url"],
        "https://github.com/acme/payments/actions"
    );
    assert_eq!(
        github["annotations"][0],
        serde_json::json!(["github.com/project-slug", "acme/payments"])
    );
    let links = &json["cards"][10]["items"];
    assert_eq!(links[0]["icon"], "docs");
    // A link that is not http(s) is a value, never a URL.
    assert_eq!(links[2]["text"], "javascript:alert(1)");
    // --no-cards: none.
    let bare = env.run(["show", "payments", "--json", "--no-cards"]).json();
    assert_eq!(bare["cards"], serde_json::json!([]));
    // A bad slug is a problem on the card, not an error.
    let env = world().file(
        "repo/catalog-info.yaml",
        &PAYMENTS.replace("acme/payments\n", "https://github.com/acme/payments\n"),
    );
    let run = env.run(["show", "payments"]);
    run.success();
    assert!(
        run.stdout.contains(
            "github.com/project-slug `https://github.com/acme/payments` is not OWNER/REPO"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn plugin_cards_run_in_parallel_with_a_timeout_and_never_print_raw_escapes() {
    let env = world();
    plugin(
        &env,
        "good",
        r#"{"title":"Deploys","annotations":["backstage.io/kubernetes-id"]}"#,
        "[ \"$1\" = card ] || exit 3\ninput=$(cat)\necho \"deployed $(printf '%s' \"$input\" | grep -o '\"name\":\"payments\"' | head -n 1)\"\n",
    );
    plugin(
        &env,
        "hang",
        r#"{"annotations":["github.com/project-slug"]}"#,
        "sleep 30 & sleep 30\n",
    );
    plugin(
        &env,
        "evil",
        r#"{"annotations":["github.com/project-slug"]}"#,
        "printf 'clear\\033[2J title\\033]0;pwned\\007 done\\n'\n",
    );
    plugin(
        &env,
        "fails",
        r#"{"annotations":["github.com/project-slug"]}"#,
        "echo 'no token' >&2; exit 4\n",
    );
    plugin(
        &env,
        "other",
        r#"{"annotations":["acme.example/none"]}"#,
        "echo should not run\n",
    );
    let start = Instant::now();
    let run = env.run(["show", "payments"]);
    let took = start.elapsed();
    run.success();
    // Two hanging-or-slow cards at 0.7 s each, in parallel: well under both in a row.
    assert!(took < Duration::from_secs(6), "took {took:?}");
    let out = &run.stdout;
    assert!(
        out.contains("Deploys  (plugin good)\n  deployed \"name\":\"payments\""),
        "{out}"
    );
    assert!(
        out.contains("hang  (plugin hang): `card` took longer than 0.7 s and was stopped"),
        "{out}"
    );
    assert!(
        out.contains("fails  (plugin fails): the card exited with 4: no token"),
        "{out}"
    );
    assert!(
        !out.contains('\u{1b}') && !out.contains('\u{7}'),
        "raw escapes: {out:?}"
    );
    assert!(
        out.contains(r"clear\e[2J title\e]0;pwned\u{7} done"),
        "{out}"
    );
    assert!(!out.contains("should not run"), "{out}");
    let json = env.run(["show", "payments", "--json"]).json();
    let cards = json["pluginCards"].as_array().unwrap();
    let good = cards.iter().find(|c| c["plugin"] == "good").unwrap();
    assert_eq!(good["title"], "Deploys");
    assert!(good["output"].as_str().unwrap().starts_with("deployed"));
    let hang = cards.iter().find(|c| c["plugin"] == "hang").unwrap();
    assert!(hang["error"].as_str().unwrap().contains("took longer"));
    // --no-cards runs no plugin at all.
    let marker = env.path().join("ran");
    plugin(
        &env,
        "marker",
        r#"{"annotations":["github.com/project-slug"]}"#,
        &format!("touch '{}'\n", marker.display()),
    );
    env.run(["show", "payments", "--no-cards"]).success();
    assert!(!marker.exists(), "a plugin ran with --no-cards");
    env.run(["show", "payments"]).success();
    assert!(marker.exists(), "the card runs without --no-cards");
}

#[test]
fn doctor_lists_entities_missing_what_each_card_needs() {
    let env = world();
    plugin(
        &env,
        "deploys",
        r#"{"annotations":["acme.example/deploy-id"]}"#,
        "exit 0\n",
    );
    let run = env.run(["plugins", "doctor"]);
    run.code(1);
    assert!(
        run.stdout
            .contains("github  needs github.com/project-slug: 2 of 3 lack it"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("  component:default/bare  repo/catalog-info.yaml:"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("deploys  needs acme.example/deploy-id: 3 of 3 lack it"),
        "{}",
        run.stdout
    );
    let json = env
        .run(["plugins", "doctor", "--json", "--card", "github,links"])
        .json();
    let audits = json.as_array().unwrap();
    assert_eq!(audits.len(), 2);
    assert_eq!(audits[0]["card"], "github");
    assert_eq!(audits[0]["checked"], 3);
    assert_eq!(audits[0]["missing"][0]["entity"], "component:default/bare");
    assert_eq!(audits[1]["needs"][0], "metadata.links");
    // Every Group has links? No: a CI gate on one card and kind.
    let run = env.run(["plugins", "doctor", "--kind", "group", "--card", "techdocs"]);
    run.code(1);
    assert!(run.stdout.contains("1 of 1 lack it"), "{}", run.stdout);
    let run = env.run(["plugins", "doctor", "--card", "nope"]);
    run.code(2);
    assert!(
        run.stderr.contains("--card nope: no such card"),
        "{}",
        run.stderr
    );
}

#[test]
fn open_prints_or_opens_every_what_and_only_http() {
    let env = world();
    let print = |what: &str| {
        let run = env.run(["open", "payments", what, "--print"]);
        run.success();
        run.stdout.trim_end().to_string()
    };
    assert_eq!(
        print("source"),
        "https://github.com/acme/payments/tree/main/"
    );
    assert_eq!(print("docs"), "https://runbooks.acme.example/payments");
    assert_eq!(print("ci"), "https://github.com/acme/payments/actions");
    assert_eq!(
        print("Payments dashboard"),
        "https://grafana.acme.example/d/pay"
    );
    assert_eq!(print("dashbord"), "https://grafana.acme.example/d/pay");
    assert_eq!(
        print("pull requests"),
        "https://github.com/acme/payments/pulls"
    );
    assert_eq!(
        print("merge requests"),
        "https://gitlab.com/acme/team/payments/-/merge_requests"
    );
    assert_eq!(
        print("edit"),
        "https://github.com/acme/payments/edit/main/catalog-info.yaml"
    );
    assert_eq!(
        print("view"),
        "https://github.com/acme/payments/blob/main/catalog-info.yaml"
    );
    assert_eq!(
        print("sonarqube"),
        "https://sonarcloud.io/dashboard?id=acme_payments"
    );
    assert_eq!(
        print("jenkins"),
        "https://jenkins.acme.example/job/payments/job/main"
    );
    assert_eq!(
        print("argocd"),
        "https://argocd.acme.example/applications/payments-prod"
    );
    assert_eq!(
        print("grafana"),
        "https://grafana.acme.example/dashboards?tag=payments"
    );
    assert_eq!(
        print("pagerduty"),
        "https://app.pagerduty.com/service-directory/PABC123"
    );
    assert_eq!(
        print("workflow ci.yml"),
        "https://github.com/acme/payments/actions/workflows/ci.yml"
    );
    assert_eq!(
        print("release"),
        "https://github.com/acme/payments/actions/workflows/release.yaml"
    );
    // Nothing to open: said, with what there is.
    let run = env.run(["open", "payments", "kubernetes", "--print"]);
    run.code(2);
    assert!(
        run.stderr
            .contains("has no `kubernetes` to open; it has `repository`"),
        "{}",
        run.stderr
    );
    // Not a terminal, no WHAT: the choices.
    let run = env.run(["open", "payments"]);
    run.code(2);
    assert!(run.stderr.contains("say what to open"), "{}", run.stderr);
    // A link that is not http(s) is never handed to a program.
    let run = env.run(["open", "payments", "Evil", "--print"]);
    run.code(2);
    let run = env.run(["open", "hostile", "Local file"]);
    run.code(2);
    assert!(run.stderr.contains("has nothing to open"), "{}", run.stderr);
    // $BROWSER gets the URL (a `%s` in it stands for the URL).
    let log = env.path().join("browser.log");
    script(
        &env,
        "bin",
        "browser",
        &format!("echo \"$@\" >> '{}'\n", log.display()),
    );
    let run = env.run_with(
        &[("BROWSER", "browser --new-tab %s")],
        ["open", "payments", "ci"],
    );
    run.success();
    assert_eq!(
        std::fs::read_to_string(&log).unwrap(),
        "--new-tab https://github.com/acme/payments/actions\n"
    );
    // --edit: $EDITOR at the entity's line.
    let editor_log = env.path().join("editor.log");
    script(
        &env,
        "bin",
        "ed-it",
        &format!("echo \"$@\" >> '{}'\n", editor_log.display()),
    );
    let run = env.run_with(&[("EDITOR", "ed-it")], ["open", "bare", "--edit"]);
    run.success();
    let args = std::fs::read_to_string(&editor_log).unwrap();
    let line = env.run(["show", "bare", "--json"]).json()["definedIn"]["line"].clone();
    assert!(line.as_u64().unwrap() > 1);
    assert_eq!(args.trim_end(), format!("+{line} repo/catalog-info.yaml"));
    let run = env.run(["open", "bare", "--edit"]);
    run.code(2);
    assert!(run.stderr.contains("set $EDITOR"), "{}", run.stderr);
}

#[test]
fn the_example_plugins_work_as_shipped() {
    let env = TestEnv::new().example();
    let examples = repo_path("examples/plugins");
    let path = format!("{}:{SYSTEM_PATH}", examples.display());
    let env = env.env("PATH", &path).env("PORTAL_CACHE_DIR", "cache");
    let listed = env.run(["plugins", "--json"]).json();
    let names: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["ci", "ownership-report"]);
    // portal-ci without gh (not on this PATH) says what to install: as a card and a command.
    let run = env.run(["show", "payments"]);
    run.success();
    assert!(
        run.stdout.contains("CI runs  (plugin ci)\n  portal-ci needs the GitHub CLI: install it (https://cli.github.com)"),
        "{}",
        run.stdout
    );
    let run = env.run(["ci", "payments"]);
    run.code(1);
    assert!(
        run.stderr.contains("portal-ci needs the GitHub CLI"),
        "{}",
        run.stderr
    );
    let run = env.run(["ci", "storefront"]);
    run.code(1);
    assert!(
        run.stderr.contains("has no github.com/project-slug"),
        "{}",
        run.stderr
    );
    // portal-ownership-report calls back `list --json`: one CSV row per entity.
    if std::process::Command::new("python3")
        .arg("--version")
        .output()
        .is_err()
    {
        panic!(
            "python3 is needed for examples/plugins/portal-ownership-report (.ci/run installs it)"
        );
    }
    let run = env.run(["ownership-report"]);
    run.success();
    let entities = env.run(["list", "--json"]).json();
    let rows: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(rows[0], "owner,kind,namespace,name,lifecycle,system");
    assert_eq!(rows.len(), entities.as_array().unwrap().len() + 1);
    assert!(
        rows.contains(
            &"group:default/payments-team,Component,default,payments,production,payments-platform"
        ),
        "{}",
        run.stdout
    );
    let run = env.run(["ownership-report", "--kind", "api"]);
    run.success();
    assert!(
        run.stdout.lines().skip(1).all(|l| l.contains(",API,")),
        "{}",
        run.stdout
    );
}
