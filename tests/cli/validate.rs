//! `portal validate`: verdicts, positions, hints, formats and exit codes.

use crate::support::{TestEnv, component, group};

const BROKEN: &str = "\
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: my service
spec:
  type: service
  lifecycle: production
  owner: team-a
---
apiVersion: backstage.io/v1alpha1
kind: component
metadata:
  name: lower-kind
spec: {}
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: no-owner
  tags: [Java]
spec:
  type: service
  lifecycle: production
";

fn broken() -> TestEnv {
    TestEnv::new()
        .file("team/catalog-info.yaml", &group("team-a"))
        .file("svc/catalog-info.yaml", BROKEN)
        .file(
            "dup/catalog-info.yaml",
            "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: a\n  name: b\n",
        )
}

#[test]
fn the_example_organisation_is_valid() {
    let env = TestEnv::new().example();
    let run = env.run(["validate"]);
    run.success();
    insta::assert_snapshot!(run.stdout.trim(), @"no errors, 0 warnings in 14 files (38 documents, 38 valid entities)");
}

#[test]
fn human_output_points_at_the_node_with_a_hint() {
    let run = broken().run(["validate"]);
    run.code(1);
    insta::assert_snapshot!("validate_human", run.stdout);
}

#[test]
fn json_output_is_the_documented_contract() {
    let run = broken().run(["validate", "--format", "json"]);
    run.code(1);
    let v = run.json();
    let summary = &v["summary"];
    assert_eq!(summary["files"], 3);
    assert_eq!(summary["documents"], 5);
    assert_eq!(summary["entities"], 1);
    assert_eq!(summary["errors"], 4);
    let diags = v["diagnostics"].as_array().expect("a list");
    let name = diags
        .iter()
        .find(|d| d["rule"] == "invalid-name")
        .expect("the bad name");
    assert_eq!(name["file"], "svc/catalog-info.yaml");
    assert_eq!(
        (name["line"].as_u64(), name["column"].as_u64()),
        (Some(4), Some(9))
    );
    assert_eq!(name["doc"], 0);
    assert_eq!(name["entity"], "component:default/my service");
    assert_eq!(name["severity"], "error");
    let kind = diags
        .iter()
        .find(|d| d["rule"] == "unknown-kind")
        .expect("the lower-case kind");
    assert_eq!(
        (kind["doc"].as_u64(), kind["line"].as_u64()),
        (Some(1), Some(11))
    );
    assert!(
        kind["hint"]
            .as_str()
            .unwrap_or_default()
            .contains("`Component`")
    );
    let tag = diags
        .iter()
        .find(|d| d["doc"] == 2)
        .expect("the third document");
    assert_eq!(
        tag["rule"], "invalid-tag",
        "field formats come before the kind's required fields"
    );
    let dup = diags
        .iter()
        .find(|d| d["rule"] == "duplicate-key")
        .expect("the duplicate key");
    assert_eq!(
        (dup["line"].as_u64(), dup["column"].as_u64()),
        (Some(5), Some(3))
    );
    assert!(dup["entity"].is_null());
}

#[test]
fn only_the_first_failing_stage_is_reported() {
    // The owner is missing too, but field formats (tags) are checked in an earlier stage.
    let run = broken().run(["validate", "--format", "json", "svc"]);
    let v = run.json();
    let doc2: Vec<_> = v["diagnostics"]
        .as_array()
        .expect("a list")
        .iter()
        .filter(|d| d["doc"] == 2)
        .map(|d| d["rule"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(doc2, ["invalid-tag"]);
    let fixed = broken().file("svc/catalog-info.yaml", &BROKEN.replace("[Java]", "[java]"));
    let v = fixed.run(["validate", "--format", "json", "svc"]).json();
    let doc2: Vec<_> = v["diagnostics"]
        .as_array()
        .expect("a list")
        .iter()
        .filter(|d| d["doc"] == 2)
        .collect();
    assert_eq!(doc2.len(), 1);
    assert_eq!(doc2[0]["rule"], "missing-field");
    assert_eq!(doc2[0]["message"], "`spec.owner` is required but missing");
    assert_eq!(doc2[0]["line"], 22, "points at the spec mapping");
}

#[test]
fn github_annotations() {
    let run = broken().run(["validate", "--format", "github", "svc/catalog-info.yaml"]);
    run.code(1);
    let first = run.stdout.lines().next().expect("a line");
    assert!(
        first.starts_with(
            "::error file=svc/catalog-info.yaml,line=4,col=9,title=portal invalid-name::"
        ),
        "{first}"
    );
    assert!(
        first.contains("`metadata.name: my service` is not a valid entity name"),
        "{first}"
    );
    assert!(first.contains("for example `my-service`"), "{first}");
}

#[test]
fn sarif_output() {
    let run = broken().run(["validate", "--format", "sarif"]);
    run.code(1);
    let v = run.json();
    assert_eq!(v["version"], "2.1.0");
    let results = v["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 4);
    let loc = &results
        .iter()
        .find(|r| r["ruleId"] == "invalid-name")
        .expect("the name")["locations"][0]["physicalLocation"];
    assert_eq!(loc["region"]["startLine"], 4);
    assert_eq!(loc["artifactLocation"]["uri"], "svc/catalog-info.yaml");
}

#[test]
fn portal_checks_are_warnings_and_errors_when_strict() {
    let env = TestEnv::new()
        .file("a/catalog-info.yaml", &component("a", "team-b"))
        .file("team/catalog-info.yaml", &group("team-a"));
    let run = env.run(["validate", "--format", "json"]);
    run.success();
    let v = run.json();
    let d = &v["diagnostics"][0];
    assert_eq!(
        (d["rule"].as_str(), d["severity"].as_str()),
        (Some("dangling-reference"), Some("warning"))
    );
    assert_eq!(d["line"], 8);
    assert!(
        d["hint"]
            .as_str()
            .unwrap_or_default()
            .contains("group:default/team-a")
    );
    let strict = env.run(["validate", "--strict", "--format", "json"]);
    strict.code(1);
    assert_eq!(strict.json()["diagnostics"][0]["severity"], "error");
}

#[test]
fn duplicates_owner_kinds_and_cycles() {
    let dep = |name: &str, on: &str| {
        format!(
            "{}  dependsOn: [component:{on}]\n",
            component(name, "team-a")
        )
    };
    let env = TestEnv::new()
        .file("team/catalog-info.yaml", &group("team-a"))
        .file("a/catalog-info.yaml", &dep("a", "b"))
        .file("b/catalog-info.yaml", &dep("b", "c"))
        .file("c/catalog-info.yaml", &dep("c", "a"))
        .file("d/catalog-info.yaml", &component("d", "component:b"))
        .file("e/catalog-info.yaml", &component("a", "team-a"));
    let run = env.run(["validate", "--strict", "--format", "json"]);
    run.code(1);
    let v = run.json();
    let rules: Vec<_> = v["diagnostics"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|d| d["rule"].as_str().unwrap_or_default())
        .collect();
    assert!(rules.contains(&"conflicting-entity"), "{rules:?}");
    assert!(rules.contains(&"owner-kind"), "{rules:?}");
    let cycle = v["diagnostics"]
        .as_array()
        .expect("a list")
        .iter()
        .find(|d| d["rule"] == "dependency-cycle")
        .expect("a cycle");
    let message = cycle["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("component:default/a") && message.contains("component:default/c"),
        "{message}"
    );
}

#[test]
fn plugin_kinds_are_declared_in_portal_yaml() {
    let env_doc = "apiVersion: example.com/v1\nkind: Environment\nmetadata:\n  name: prod\nspec:\n  tier: 1\n";
    let undeclared = TestEnv::new().file("catalog-info.yaml", env_doc);
    let run = undeclared.run(["validate", "--format", "json"]);
    run.code(1);
    let d = &run.json()["diagnostics"][0];
    assert_eq!(d["rule"], "unknown-kind");
    assert!(
        d["hint"]
            .as_str()
            .unwrap_or_default()
            .contains("portal.yaml")
    );
    let declared = TestEnv::new()
        .file("catalog-info.yaml", env_doc)
        .file("portal.yaml", "kinds: [Environment]\n");
    declared.run(["validate"]).success();
}

#[test]
fn placeholders_are_read_relative_to_the_file() {
    let api = |definition: &str| {
        format!(
            "apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata:\n  name: pets\nspec:\n  type: openapi\n  lifecycle: production\n  owner: team-a\n  definition:\n    {definition}\n"
        )
    };
    let ok = TestEnv::new()
        .file("team/catalog-info.yaml", &group("team-a"))
        .file("api/catalog-info.yaml", &api("$text: ./openapi.yaml"))
        .file("api/openapi.yaml", "openapi: 3.0.0\n");
    ok.run(["validate"]).success();
    let missing = TestEnv::new().file("api/catalog-info.yaml", &api("$text: ./nope.yaml"));
    let run = missing.run(["validate", "--format", "json"]);
    run.code(1);
    let d = &run.json()["diagnostics"][0];
    assert_eq!(
        (d["rule"].as_str(), d["line"].as_u64()),
        (Some("placeholder"), Some(10))
    );
    let remote = TestEnv::new()
        .file("team/catalog-info.yaml", &group("team-a"))
        .file(
            "api/catalog-info.yaml",
            &api("$text: https://example.com/openapi.yaml"),
        );
    let run = remote.run(["validate", "--format", "json"]);
    run.success();
    assert_eq!(
        run.json()["diagnostics"][0]["rule"],
        "placeholder-not-fetched"
    );
}

#[test]
fn exit_codes() {
    let env = TestEnv::new().file("catalog-info.yaml", &group("team-a"));
    env.run(["validate"]).success();
    let run = env.run(["validate", "does-not-exist"]);
    run.code(2);
    assert!(run.stderr.contains("does-not-exist"), "{}", run.stderr);
    assert!(run.stderr.contains("hint:"), "{}", run.stderr);
    env.run(["validate", "--format", "xml"]).code(2);
    env.run(["no-such-command"]).code(2);
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let env = broken();
    assert!(!env.run(["validate"]).stdout.contains('\x1b'));
    assert!(
        env.run(["validate", "--color", "always"])
            .stdout
            .contains('\x1b')
    );
    let no_color = env.env("NO_COLOR", "1");
    assert!(!no_color.run(["validate"]).stdout.contains('\x1b'));
}

#[test]
fn validating_one_folder_resolves_references_against_the_whole_catalog() {
    // The usual CI run: validate the changed folder; its owner is defined elsewhere.
    let env = TestEnv::new().example();
    let run = env.run(["validate", "--strict", "services/payments"]);
    run.success();
    assert!(
        !run.stdout.contains("not in the catalog"),
        "the owner is in the configured catalog: {}",
        run.stdout
    );
    // Only the given folder is judged.
    assert!(run.stdout.contains("in 1 file"), "{}", run.stdout);
}

#[test]
fn a_reference_missing_from_the_whole_catalog_is_still_dangling() {
    let env = TestEnv::new()
        .file("org/catalog-info.yaml", &group("team-a"))
        .file("svc/catalog-info.yaml", &component("svc", "team-b"));
    let run = env.run(["validate", "--strict", "svc"]);
    run.code(1);
    assert!(
        run.stdout
            .contains("group:default/team-b, which is not in the catalog"),
        "{}",
        run.stdout
    );
    // The rest of the catalog is context, not judged: its findings are not reported.
    let env = env.file("other/catalog-info.yaml", &component("other", "nobody"));
    let run = env.run(["validate", "--format", "json", "svc"]);
    let v = run.json();
    assert_eq!(v["summary"]["files"], 1);
    assert!(
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["file"] == "svc/catalog-info.yaml"),
        "{v}"
    );
}

#[test]
fn finding_no_catalog_files_fails_unless_allowed() {
    let env = TestEnv::new().file("README.md", "nothing here\n");
    let run = env.run(["validate", "--strict", "--format", "json"]);
    run.code(1);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr.contains("no catalog files found in .") && run.stderr.contains("--allow-empty"),
        "{}",
        run.stderr
    );
    let run = env.run(["validate", "--allow-empty", "--format", "json"]);
    run.success();
    assert_eq!(run.json()["summary"]["files"], 0);
}

#[test]
fn spec_fields_backstage_ignores_are_a_warning_with_what_was_meant() {
    // Issue 10 item 7: seen in real catalogs. Backstage accepts each and derives nothing.
    let misspelled = "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: a\nspec:\n  type: service\n  lifecycle: production\n  owner: team-a\n  subComponentOf: b\n  apiConsumedBy: [api:x]\n---\napiVersion: backstage.io/v1alpha1\nkind: System\nmetadata:\n  name: s\nspec:\n  owner: team-a\n  dependsOn: [component:a]\n---\napiVersion: backstage.io/v1alpha1\nkind: API\nmetadata:\n  name: x\nspec:\n  type: openapi\n  lifecycle: production\n  owner: team-a\n  definition: openapi\n  subcomponentOf: a\n---\napiVersion: acme.io/v1\nkind: Environment\nmetadata:\n  name: prod\nspec:\n  anything: goes\n";
    let env = TestEnv::new()
        .file("catalog-info.yaml", misspelled)
        .file("org.yaml", &group("team-a"))
        .file("b/catalog-info.yaml", &component("b", "team-a"))
        .file(
            "portal.yaml",
            "sources: [catalog-info.yaml, org.yaml, b]\nkinds: [Environment]\n",
        );
    let run = env.run(["validate", "--format", "json"]);
    run.success();
    let found: Vec<(u64, String, String)> = run.json()["diagnostics"]
        .as_array()
        .expect("a list")
        .iter()
        .filter(|d| d["rule"] == "unknown-spec-field")
        .map(|d| {
            (
                d["line"].as_u64().unwrap_or_default(),
                d["message"].as_str().unwrap_or_default().to_string(),
                d["hint"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let lines: Vec<u64> = found.iter().map(|f| f.0).collect();
    assert_eq!(lines, [9, 10, 18, 29], "{found:#?}");
    assert!(
        found[0]
            .1
            .contains("`spec.subComponentOf` is not a field of Component")
    );
    assert_eq!(found[0].2, "did you mean `subcomponentOf`?");
    assert!(
        found[1].2.contains("did you mean `spec.consumesApis`?"),
        "{}",
        found[1].2
    );
    assert!(
        found[2]
            .2
            .contains("a field of Component and Resource, not of System"),
        "{}",
        found[2].2
    );
    assert!(
        found[3].2.contains("a field of Component, not of API"),
        "{}",
        found[3].2
    );
    // Plugin kinds (declared under `kinds:`) are exempt; --strict fails CI on the rest.
    let strict = env.run(["validate", "--strict"]);
    strict.code(1);
    assert!(
        strict.stderr.contains("4 errors") || strict.stdout.contains("4 errors"),
        "{}{}",
        strict.stdout,
        strict.stderr
    );
}

/// Twenty references to the same missing group are one finding in the human output,
/// shown once with its snippet and then the other places (ten, and a count of the rest);
/// JSON keeps every diagnostic.
#[test]
fn repeated_warnings_are_grouped_with_a_count() {
    let mut env = TestEnv::new().file("team/catalog-info.yaml", &group("team-a"));
    for i in 0..20 {
        env = env.file(
            &format!("svc-{i:02}/catalog-info.yaml"),
            &component(&format!("svc-{i:02}"), "ghost-team"),
        );
    }
    let run = env.run(["validate"]);
    run.success();
    insta::assert_snapshot!("validate_grouped", run.stdout);
    let json = env.run(["validate", "--format", "json"]);
    let all = json.json();
    let dangling = all["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["rule"] == "dangling-reference")
        .count();
    assert_eq!(dangling, 20, "{}", json.stdout);
}

/// Each kind of YAML mistake gets its own hint, at the place to fix: an unclosed quote or
/// bracket where it opened, a missing colon with the line written right, tabs, indentation,
/// and another tool's file saved as `catalog-info.yaml` named for what it is.
#[test]
fn yaml_mistakes_are_explained_where_they_are() {
    const HEAD: &str = "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n";
    const TAIL: &str = "spec:\n  type: service\n  lifecycle: production\n  owner: a\n";
    let cases = [
        ("quote", format!("{HEAD}  name: foo\n  description: \"abc\n{TAIL}")),
        ("bracket", format!("{HEAD}  name: foo\n  tags: [a, b\n{TAIL}")),
        ("colon", format!("{HEAD}  name foo\n  description: x\n{TAIL}")),
        ("tab", format!("{HEAD}\tname: foo\n{TAIL}")),
        ("indent", format!("{HEAD}  name: foo\n description: b\n{TAIL}")),
        (
            "app",
            "app:\n  title: Scaffolded Backstage App\nbackend:\n  baseUrl: http://localhost:7007\ncatalog:\n  locations: []\n".into(),
        ),
        (
            "workflow",
            "name: CI\non:\n  push:\n    branches: [main]\njobs:\n  build:\n    runs-on: ubuntu-latest\n".into(),
        ),
    ];
    let mut env = TestEnv::new();
    for (dir, text) in &cases {
        env = env.file(&format!("{dir}/catalog-info.yaml"), text);
    }
    let run = env.run(["validate"]);
    run.code(1);
    assert!(
        !run.stdout.contains("fix the YAML syntax"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("add `kind: Component`"),
        "{}",
        run.stdout
    );
    insta::assert_snapshot!("validate_yaml_mistakes", run.stdout);
}
