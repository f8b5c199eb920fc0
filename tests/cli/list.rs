//! `portal list`: names and Backstage-API JSON.

use crate::support::{TestEnv, component, group};

#[test]
fn json_has_the_backstage_api_shape() {
    let env = TestEnv::new()
        .file("team/catalog-info.yaml", &group("team-a"))
        .file(
            "svc/catalog-info.yaml",
            &format!("{}  dependsOn: [resource:db]\n", component("svc", "team-a")),
        );
    let run = env.run(["list", "--json"]);
    run.success();
    let v = run.json();
    let all = v.as_array().expect("an array");
    assert_eq!(all.len(), 2);
    let svc = all
        .iter()
        .find(|e| e["metadata"]["name"] == "svc")
        .expect("svc");
    assert_eq!(svc["apiVersion"], "backstage.io/v1alpha1");
    assert_eq!(svc["metadata"]["namespace"], "default");
    let location = svc["metadata"]["annotations"]["backstage.io/managed-by-location"]
        .as_str()
        .expect("a location");
    let expected = std::fs::canonicalize(env.path())
        .expect("a path")
        .join("svc/catalog-info.yaml");
    assert!(location.starts_with("file:/"), "{location}");
    assert!(location.ends_with("svc/catalog-info.yaml"), "{location}");
    assert_eq!(
        std::fs::canonicalize(&location[5..]).expect("exists"),
        expected
    );
    assert_eq!(svc["spec"]["owner"], "team-a");
    assert_eq!(
        svc["relations"],
        serde_json::json!([
            {"type": "dependsOn", "targetRef": "resource:default/db"},
            {"type": "ownedBy", "targetRef": "group:default/team-a"}
        ])
    );
    let team = all.iter().find(|e| e["kind"] == "Group").expect("the team");
    assert_eq!(
        team["relations"],
        serde_json::json!([{"type": "ownerOf", "targetRef": "component:default/svc"}])
    );
}

#[test]
fn kind_filter_and_invalid_documents_left_out() {
    let env = TestEnv::new()
        .file("team/catalog-info.yaml", &group("team-a"))
        .file("svc/catalog-info.yaml", &component("svc", "team-a"))
        .file("bad/catalog-info.yaml", "kind: Component\n");
    let run = env.run(["list", "--kind", "group", "--format", "names"]);
    run.success();
    assert_eq!(run.stdout, "group:default/team-a\n");
    assert!(
        run.stderr
            .contains("1 invalid document(s) in 1 file(s) left out"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("portal validate"), "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn a_closed_pipe_is_not_an_error() {
    let mut env = TestEnv::new();
    for i in 0..400 {
        env = env.file(
            &format!("s{i}/catalog-info.yaml"),
            &component(&format!("s{i}"), "team-a"),
        );
    }
    let bin = assert_cmd::cargo::cargo_bin("portal");
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "'{}' list --json | head -c 10; exit ${{PIPESTATUS[0]}}",
            bin.display()
        ))
        .current_dir(env.path())
        .output()
        .expect("run sh");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.is_empty(), "{stderr}");
    assert_eq!(out.stdout.len(), 10);
    assert!(
        out.status.success(),
        "portal's own exit status: {:?}",
        out.status
    );
}

#[test]
fn an_unknown_kind_is_a_usage_error_with_a_suggestion() {
    let env = TestEnv::new().example();
    for (cmd, kind, meant) in [
        (["list", "--kind"], "Components", "Component"),
        (["search", "pay"], "compnent", "Component"),
    ] {
        let mut args: Vec<&str> = cmd.to_vec();
        if cmd[0] == "search" {
            args.push("--kind");
        }
        args.push(kind);
        let run = env.run(&args);
        run.code(2);
        assert!(run.stdout.is_empty(), "{}", run.stdout);
        assert!(
            run.stderr
                .contains(&format!("no kind `{kind}`: did you mean `{meant}`?")),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn comma_lists_work_in_every_filter() {
    let env = TestEnv::new().example();
    let names = |args: &[&str]| {
        let run = env.run(args);
        run.success();
        run.stdout.lines().map(str::to_string).collect::<Vec<_>>()
    };
    let listed = names(&["list", "--kind", "component,group", "--format", "names"]);
    let repeated = names(&[
        "list",
        "--kind",
        "component",
        "--kind",
        "group",
        "--format",
        "names",
    ]);
    assert_eq!(listed, repeated);
    assert!(listed.iter().any(|r| r.starts_with("component:")));
    assert!(listed.iter().any(|r| r.starts_with("group:")));
    assert!(
        listed
            .iter()
            .all(|r| r.starts_with("component:") || r.starts_with("group:"))
    );
    let searched = env.run(["search", "pay", "--kind", "component,api", "--json"]);
    searched.success();
    let hits = searched.json();
    let kinds: Vec<&str> = hits
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["kind"].as_str())
        .collect();
    assert!(
        kinds.contains(&"Component") && kinds.contains(&"API"),
        "{hits}"
    );
}

#[test]
fn a_search_limit_of_zero_is_a_usage_error() {
    let run = TestEnv::new()
        .example()
        .run(["search", "pay", "--limit", "0"]);
    run.code(2);
    assert!(
        run.stderr.contains("--limit") && run.stderr.contains("must be 1 or more"),
        "{}",
        run.stderr
    );
}

/// At a real 80-column terminal, `list` and `templates` fit without breaking a word: long
/// names stay whole, a multi-line description is one line cut with `…`, columns that do not
/// fit are left out and a note says which.
#[cfg(unix)]
#[test]
fn tables_fit_an_80_column_terminal_without_breaking_words() {
    use expectrl::{Eof, Expect};

    let description = "Takes card payments for the web shop and the mobile apps,\n  and refunds them\n\n  within a day.";
    let env = TestEnv::new()
        .file("team/catalog-info.yaml", &group("checkout-team"))
        .file(
            "svc/catalog-info.yaml",
            &format!(
                "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: checkout-team-payments-gateway\n  description: |\n    {}\nspec:\n  type: service\n  lifecycle: experimental\n  owner: checkout-team\n  system: payments-platform\n",
                description.replace('\n', "\n  ")
            ),
        );
    let shown = |args: &str| {
        let bin = assert_cmd::cargo::cargo_bin("portal");
        let mut cmd = std::process::Command::new("sh");
        // The size is set inside the terminal before portal starts, so it cannot race.
        cmd.arg("-c")
            .arg(format!(
                "stty cols 80 rows 24; exec '{}' {args}",
                bin.display()
            ))
            .current_dir(env.path())
            .env_clear()
            .env("HOME", env.path())
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("NO_COLOR", "1")
            .env("TERM", "xterm-256color");
        let mut p = expectrl::Session::spawn(cmd).expect("spawn portal in a pseudo-terminal");
        p.set_expect_timeout(Some(std::time::Duration::from_secs(30)));
        let all = p.expect(Eof).expect("portal ends");
        let text: String = std::iter::once(all.before())
            .chain(all.matches())
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .collect();
        console::strip_ansi_codes(&text).replace("\r\n", "\n")
    };
    let list = shown("list");
    let lines: Vec<&str> = list.lines().collect();
    for line in &lines {
        assert!(
            console::measure_text_width(line) <= 80,
            "wider than 80: {line:?}\n{list}"
        );
    }
    let row = lines
        .iter()
        .find(|l| l.contains("checkout-team-payments-gateway"))
        .unwrap_or_else(|| panic!("the name whole on one line:\n{list}"));
    assert!(
        row.contains("Takes card payments") && row.ends_with('…'),
        "{list}"
    );
    assert!(lines[0].contains("DESCRIPTION"), "the header whole: {list}");
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("Component")).count(),
        1,
        "one line per entity:\n{list}"
    );
    assert!(
        list.contains("note: TYPE, LIFECYCLE, SYSTEM hidden to fit 80 columns (--json shows them)"),
        "{list}"
    );

    let templates = shown("templates");
    let rows: Vec<&str> = templates.lines().filter(|l| !l.trim().is_empty()).collect();
    for line in &rows {
        assert!(
            console::measure_text_width(line) <= 80,
            "wider than 80: {line:?}\n{templates}"
        );
    }
    for name in ["docs-site", "python-service", "rust-cli", "rust-service"] {
        let on = rows
            .iter()
            .filter(|l| l.starts_with(&format!("{name} ")))
            .count();
        assert_eq!(on, 1, "one line per template ({name}):\n{templates}");
    }
    // Header, four templates, the note: nothing wraps.
    assert_eq!(rows.len(), 6, "{templates}");
    assert!(
        rows[5].starts_with("note: FROM hidden to fit 80 columns"),
        "{templates}"
    );
}
