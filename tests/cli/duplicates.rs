//! Entities defined more than once, resolved as Backstage's catalog resolves them: within
//! one file the last definition wins; between files the first file read keeps it.

use crate::support::{TestEnv, component, group};

/// One file with the same Component twice (`owner-unknown` first, `team-x` later).
fn twice_in_one_file() -> TestEnv {
    TestEnv::new()
        .file(
            "catalog-info.yaml",
            &format!(
                "{}---\n{}---\n{}---\n{}",
                component("payments", "owner-unknown"),
                group("owner-unknown"),
                group("team-x"),
                component("payments", "team-x"),
            ),
        )
        .env("NO_COLOR", "1")
}

fn system(name: &str, owner: &str) -> String {
    format!(
        "apiVersion: backstage.io/v1alpha1\nkind: System\nmetadata:\n  name: {name}\nspec:\n  owner: {owner}\n"
    )
}

/// A System defined in three files; each file's owner is its own.
fn system_in_three_files() -> TestEnv {
    TestEnv::new()
        .file(
            "teams/catalog-info.yaml",
            &format!("{}---\n{}---\n{}", group("a"), group("b"), group("c")),
        )
        .file("b/catalog-info.yaml", &system("shop", "b"))
        .file("a/catalog-info.yaml", &system("shop", "a"))
        .file("c/catalog-info.yaml", &system("shop", "c"))
        .env("NO_COLOR", "1")
}

#[test]
fn within_a_file_the_last_definition_is_the_entity() {
    let env = twice_in_one_file();
    let list = env.run(["list", "--json", "--kind", "component"]);
    list.success();
    let rows = list.json();
    let rows = rows.as_array().expect("an array");
    assert_eq!(rows.len(), 1, "one entity per reference: {rows:#?}");
    assert_eq!(rows[0]["spec"]["owner"], "team-x");

    let show = env.run(["show", "payments", "--json"]);
    show.success();
    let shown = show.json();
    assert_eq!(
        shown["relations"]["ownedBy"],
        serde_json::json!(["group:default/team-x"]),
        "the relations of the kept copy only"
    );
    assert_eq!(shown["definedIn"]["line"], 26);
    assert_eq!(shown["alsoDefinedIn"][0]["file"], "catalog-info.yaml");
    assert_eq!(shown["alsoDefinedIn"][0]["line"], 4);
    assert_eq!(shown["alsoDefinedIn"][0]["column"], 9);

    let who = env.run(["who-owns", "component:payments"]);
    who.success();
    assert!(who.stdout.contains("team-x"), "{}", who.stdout);
    assert!(!who.stdout.contains("owner-unknown"), "{}", who.stdout);

    let filtered = env.run([
        "list",
        "--format",
        "names",
        "--filter",
        "relations.ownedBy=group:default/owner-unknown",
    ]);
    filtered.success();
    assert_eq!(filtered.stdout, "", "no longer owned by owner-unknown");

    let owners = env.run(["owners", "--json"]);
    owners.success();
    let text = owners.stdout.matches("component:default/payments").count();
    assert_eq!(text, 1, "counted once:\n{}", owners.stdout);
}

#[test]
fn validate_names_every_place_a_duplicate_is_defined() {
    let env = twice_in_one_file();
    let run = env.run(["validate", "--format", "json"]);
    run.success();
    let report = run.json();
    let found: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["rule"] == "overwritten-entity")
        .collect();
    assert_eq!(found.len(), 1, "{report:#}");
    let d = found[0];
    assert_eq!(d["line"], 4, "at the first copy's name: {d:#}");
    let message = d["message"].as_str().expect("a message");
    assert!(message.contains("catalog-info.yaml:4:9"), "{message}");
    assert!(message.contains("catalog-info.yaml:29:9"), "{message}");
    // Under --strict, portal's own rule is an error.
    env.run(["validate", "--strict"]).code(1);
}

#[test]
fn between_files_the_first_file_read_keeps_it_and_show_names_the_others() {
    let env = system_in_three_files();
    let show = env.run(["show", "system:shop"]);
    show.success();
    assert!(
        show.stdout.contains("defined in  a/catalog-info.yaml:1"),
        "{}",
        show.stdout
    );
    assert!(show.stdout.contains("also defined in"), "{}", show.stdout);
    assert!(
        show.stdout.contains("b/catalog-info.yaml:4:9"),
        "{}",
        show.stdout
    );
    assert!(
        show.stdout.contains("c/catalog-info.yaml:4:9"),
        "{}",
        show.stdout
    );
    let json = env.run(["show", "system:shop", "--json"]).json();
    assert_eq!(json["owner"]["ref"], "group:default/a", "{json:#}");
    let also: Vec<&str> = json["alsoDefinedIn"]
        .as_array()
        .expect("alsoDefinedIn")
        .iter()
        .map(|p| p["file"].as_str().expect("a file"))
        .collect();
    assert_eq!(also, ["b/catalog-info.yaml", "c/catalog-info.yaml"]);

    let validate = env.run(["validate", "--format", "json"]).json();
    let conflicts: Vec<&serde_json::Value> = validate["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["rule"] == "conflicting-entity")
        .collect();
    assert_eq!(conflicts.len(), 2, "{validate:#}");
    assert_eq!(conflicts[0]["file"], "b/catalog-info.yaml");
    assert_eq!(conflicts[1]["file"], "c/catalog-info.yaml");
}

#[test]
fn the_first_file_is_the_same_every_time() {
    let env = system_in_three_files();
    for _ in 0..5 {
        let json = env
            .run(["show", "system:shop", "--json", "--no-cache"])
            .json();
        assert_eq!(json["definedIn"]["file"], "a/catalog-info.yaml");
    }
}
