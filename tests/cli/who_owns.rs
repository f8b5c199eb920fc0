//! `who-owns` with references to groups that have no descriptor, and folders that hold
//! no descriptor of their own.

use crate::support::{TestEnv, component, group};

/// A root file with a Location and the groups (as organisation repositories have), and
/// services below it; `group:open-source` owns two of them but has no descriptor.
fn org() -> TestEnv {
    let root = format!(
        "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: root\nspec:\n  targets: [./services/*/catalog-info.yaml]\n---\n{}---\n{}",
        group("team-x"),
        group("team-y")
    );
    TestEnv::new()
        .file("catalog-info.yaml", &root)
        .file(
            "services/a/catalog-info.yaml",
            &component("a", "group:default/open-source"),
        )
        .file("services/b/catalog-info.yaml", &component("b", "team-x"))
        .file(
            "services/c/catalog-info.yaml",
            &component("c", "open-source"),
        )
        .file("docs/guide/index.md", "# Guide\n")
        .env("NO_COLOR", "1")
}

#[test]
fn a_group_without_a_descriptor_still_answers_what_it_owns() {
    let env = org();
    for target in [
        "group:default/open-source",
        "group:open-source",
        "Group:Default/Open-Source",
    ] {
        let run = env.run(["who-owns", target]);
        run.success();
        assert!(
            run.stdout
                .starts_with("group:default/open-source (not in the catalog) owns 2 entities\n"),
            "{target}: {}",
            run.stdout
        );
        assert!(
            run.stdout.contains("  component:default/a\n"),
            "{}",
            run.stdout
        );
        assert!(
            run.stdout.contains("  component:default/c\n"),
            "{}",
            run.stdout
        );
        assert!(
            run.stderr
                .contains("group:default/open-source is not defined"),
            "{target}: {}",
            run.stderr
        );
    }
    let v = env.run(["who-owns", "group:open-source", "--json"]).json();
    let info = &v["entities"][0]["owners"][0];
    assert_eq!(info["owner"]["exists"], false);
    assert_eq!(
        info["owns"],
        serde_json::json!(["component:default/a", "component:default/c"])
    );
}

#[test]
fn a_reference_is_never_taken_as_a_path() {
    let env = org();
    let run = env.run(["who-owns", "group:default/nobody"]);
    run.code(1);
    assert!(
        run.stderr
            .contains("no entity named `group:default/nobody`"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("no such file"), "{}", run.stderr);
}

#[test]
fn a_folder_is_owned_by_the_owners_of_the_descriptors_under_it() {
    let env = org();
    let run = env.run(["who-owns", "services"]);
    run.success();
    assert!(
        run.stdout
            .contains("component:default/a, component:default/c are owned by group:default/open-source (not in the catalog)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("component:default/b is owned by group:default/team-x"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("location:"), "{}", run.stdout);
    assert!(!run.stdout.contains("team-y"), "{}", run.stdout);
    let v = env.run(["who-owns", "services", "--json"]).json();
    let refs: Vec<&str> = v["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .map(|e| e["ref"].as_str().expect("a ref"))
        .collect();
    assert_eq!(
        refs,
        [
            "component:default/a",
            "component:default/b",
            "component:default/c"
        ]
    );
}

#[test]
fn a_folder_with_nothing_of_the_catalog_says_so() {
    let env = org();
    for target in ["docs", "docs/guide", "docs/guide/index.md"] {
        let run = env.run(["who-owns", target]);
        run.code(1);
        assert_eq!(run.stdout, "");
        assert!(
            run.stderr
                .contains(&format!("nothing in {target} is in the catalog")),
            "{target}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("location:"), "{}", run.stderr);
    }
}

/// CODEOWNERS is read where GitHub and GitLab read it (`.github/`, the root, `docs/`) at
/// the root of a folder source, whether or not the folder is a git checkout.
#[test]
fn codeowners_is_read_in_a_folder_source_without_git() {
    for at in [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"] {
        let env = TestEnv::new()
            .file("catalog/team/catalog-info.yaml", &group("team-x"))
            .file(
                "catalog/services/b/catalog-info.yaml",
                &component("b", "team-x"),
            )
            .file("catalog/services/b/src/lib.rs", "\n")
            .file(
                &format!("catalog/{at}"),
                "* @acme/platform\n/services/b/ @acme/team-x\n",
            )
            .file("portal.yaml", "sources: [catalog]\n");
        assert!(!env.path().join(".git").exists() && !env.path().join("catalog/.git").exists());
        let run = env.run(["who-owns", "catalog/services/b/src/lib.rs", "--json"]);
        run.success();
        let v = run.json();
        assert_eq!(
            v["codeowners"]["owners"],
            serde_json::json!(["@acme/team-x"]),
            "{at}: {v:#}"
        );
        assert_eq!(v["codeowners"]["line"], 2, "{at}");
        assert!(
            v["codeowners"]["file"]
                .as_str()
                .unwrap_or_default()
                .ends_with(at),
            "{at}: {v:#}"
        );
        assert_eq!(v["agree"], true, "{at}");
    }
}
