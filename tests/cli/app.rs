//! A Backstage app as a source: `catalog.locations` and `catalog.rules` from its
//! app-config files, read as the catalog backend reads them (issue 10 item 1).

use crate::support::{TestEnv, component, group};

fn names(run: &crate::support::Run) -> Vec<String> {
    let mut names: Vec<String> = run.stdout.lines().map(str::to_string).collect();
    names.sort();
    names
}

fn user(name: &str, group: &str) -> String {
    format!(
        "apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata:\n  name: {name}\nspec:\n  memberOf: [{group}]\n"
    )
}

const APP_CONFIG: &str = "\
app:
  title: Scaffolded Backstage App
catalog:
  rules:
    - allow: [Component, System, API, Resource, Location]
  locations:
    - type: file
      target: ../../examples/entities.yaml
    - type: file
      target: ../../examples/template/template.yaml
      rules:
        - allow: [Template]
    - type: file
      target: ../../examples/org.yaml
      rules:
        - allow: [User, Group]
    - type: url
      target: https://github.com/acme/catalog/blob/main/all.yaml
    - $include: ./catalog/more.yaml
";

const TEMPLATE: &str = "apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata:\n  name: example-template\nspec:\n  owner: guests\n  type: service\n  steps:\n    - id: fetch\n      action: fetch:template\n      input:\n        url: ./content\n";

/// The layout create-app writes: the backend runs in packages/backend.
fn app() -> TestEnv {
    TestEnv::new()
        .file("app-config.yaml", APP_CONFIG)
        .file("packages/backend/package.json", "{}")
        .file(
            "catalog/more.yaml",
            "type: file\ntarget:\n  $env: PORTAL_TEST_EXTRA\n",
        )
        .file(
            "examples/entities.yaml",
            &format!("{}---\n{}", component("example-website", "guests"), component("other", "guests")),
        )
        .file("examples/org.yaml", &format!("{}---\n{}", group("guests"), user("guest", "guests")))
        .file("examples/template/template.yaml", TEMPLATE)
        .file(
            "examples/template/content/catalog-info.yaml",
            "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${{ values.name | dump }}\n",
        )
        .file("examples/extra/catalog-info.yaml", &component("extra", "guests"))
        // Not registered: the app does not ingest it, so neither does portal.
        .file("catalog-info.yaml", &component("stray", "guests"))
        .env("PORTAL_TEST_EXTRA", "../../examples/extra/catalog-info.yaml")
}

#[test]
fn the_catalog_is_what_the_app_registers() {
    let env = app();
    let run = env.run(["list", "--format", "names"]);
    run.success();
    assert_eq!(
        names(&run),
        [
            "component:default/example-website",
            "component:default/extra",
            "component:default/other",
            "group:default/guests",
            "template:default/example-template",
            "user:default/guest",
        ]
    );
    let run = env.run(["validate", "--format", "json"]);
    run.success();
    let v = run.json();
    let rules: Vec<(String, String, u64)> = v["diagnostics"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or_default().to_string(),
                d["file"].as_str().unwrap_or_default().to_string(),
                d["line"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        rules,
        [(
            "location-not-fetched".to_string(),
            "app-config.yaml".to_string(),
            17
        )]
    );
    // Pointed at from elsewhere, the answer is the same.
    let root = env.path().display().to_string();
    let elsewhere = TestEnv::new().env(
        "PORTAL_TEST_EXTRA",
        "../../examples/extra/catalog-info.yaml",
    );
    let run = elsewhere.run(["-s", &root, "list", "--format", "names"]);
    assert_eq!(names(&run).len(), 6, "{}", run.stderr);
    // A portal.yaml that lists the folder as a path walks it instead.
    let walked = app().file("portal.yaml", "sources: [.]\n");
    let run = walked.run(["list", "--format", "names"]);
    assert!(names(&run).contains(&"component:default/stray".to_string()));
}

#[test]
fn an_entity_the_rules_do_not_allow_fails_its_whole_location_as_in_backstage() {
    let env = app().file(
        "examples/entities.yaml",
        &format!(
            "{}---\n{}",
            component("example-website", "guests"),
            group("sneaky")
        ),
    );
    let run = env.run(["validate", "--format", "json"]);
    run.code(1);
    let v = run.json();
    let errors: Vec<(String, String)> = v["diagnostics"]
        .as_array()
        .expect("a list")
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or_default().to_string(),
                d["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_eq!(errors[0].0, "location-rejected");
    assert!(
        errors[0]
            .1
            .starts_with("component:default/example-website is left out")
    );
    // Backstage's own message, as the oracle (`validate.js --allow-kinds=… --location-type=file
    // --file-scope`) gives it, with the file's absolute path.
    let file = std::fs::canonicalize(env.path().join("examples/entities.yaml")).expect("the file");
    let file = file.display();
    assert_eq!(errors[1].0, "not-allowed-kind");
    assert_eq!(
        errors[1].1,
        format!(
            "Entity group:default/sneaky at file:{file}, originated at file:{file}, is not of an allowed kind for that location"
        )
    );
    let hint = v["diagnostics"][2]["hint"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        hint.contains("add `Group` to `catalog.rules` (app-config.yaml:5:5)"),
        "{hint}"
    );
    let run = env.run(["list", "--format", "names"]);
    assert!(!run.stdout.contains("example-website"), "{}", run.stdout);
}

#[test]
fn without_catalog_rules_only_components_apis_and_locations_are_allowed() {
    let env = TestEnv::new()
        .file(
            "app-config.yaml",
            "catalog:\n  locations:\n    - type: file\n      target: ./org.yaml\n    - type: file\n      target: ./svc.yaml\n",
        )
        .file("org.yaml", &group("team-a"))
        .file("svc.yaml", &component("svc", "team-a"));
    let run = env.run(["validate", "--format", "json"]);
    run.code(1);
    let v = run.json();
    assert_eq!(v["diagnostics"][0]["rule"], "not-allowed-kind");
    assert_eq!(v["diagnostics"][0]["file"], "org.yaml");
    let run = env.run(["list", "--format", "names"]);
    assert_eq!(names(&run), ["component:default/svc"]);
}

#[test]
fn overlays_replace_lists_and_portal_yaml_can_name_the_config_files() {
    let base = "catalog:\n  rules:\n    - allow: [Component, Group]\n  locations:\n    - type: file\n      target: ./a.yaml\n";
    let env = TestEnv::new()
        .file("app/app-config.yaml", base)
        .file(
            "app/app-config.local.yaml",
            "catalog:\n  locations:\n    - type: file\n      target: ./b.yaml\n",
        )
        .file(
            "app/app-config.production.yaml",
            "catalog:\n  locations:\n    - type: file\n      target: ./c/*.yaml\n",
        )
        .file("app/a.yaml", &component("a", "team-a"))
        .file("app/b.yaml", &component("b", "team-a"))
        .file("app/c/1.yaml", &component("c1", "team-a"))
        .file("app/c/2.yaml", &group("team-a"));
    // app-config.local.yaml is read after app-config.yaml, and its list wins whole; the
    // rules of app-config.yaml still hold.
    let run = env.run(["-s", "app", "list", "--format", "names"]);
    assert_eq!(names(&run), ["component:default/b"], "{}", run.stderr);
    let env = env.file(
        "portal.yaml",
        "sources:\n  - backstage-app: app\n    config: [app-config.yaml, app-config.production.yaml]\n",
    );
    let run = env.run(["list", "--format", "names"]);
    assert_eq!(
        names(&run),
        ["component:default/c1", "group:default/team-a"],
        "{}",
        run.stderr
    );
}

#[test]
fn config_reads_stay_inside_the_app_and_errors_say_where() {
    let env = TestEnv::new()
        .file(
            "app/app-config.yaml",
            "catalog:\n  locations:\n    - type: file\n      target: ../../outside.yaml\n",
        )
        .file("outside.yaml", &component("outside", "x"));
    let run = env.run(["-s", "app", "validate", "--format", "json", "--allow-empty"]);
    let v = run.json();
    assert_eq!(
        v["diagnostics"][0]["rule"], "outside-root",
        "{}",
        run.stdout
    );
    let env = env.file(
        "app/app-config.yaml",
        "catalog:\n  locations:\n    $include: ../secret.yaml\n",
    );
    let run = env.run(["-s", "app", "list"]);
    run.code(2);
    assert!(
        run.stderr.contains("app/app-config.yaml:3:15"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("is not read"), "{}", run.stderr);
    let env = env.file(
        "app/app-config.yaml",
        "catalog:\n  locations:\n    - type: file\n",
    );
    let run = env.run(["-s", "app", "list"]);
    run.code(2);
    assert!(
        run.stderr
            .contains("app/app-config.yaml:3:7: a location needs `target:`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("docs/configuration.md#backstage-apps"),
        "{}",
        run.stderr
    );
}
