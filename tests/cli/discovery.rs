//! Finding descriptors: sources, portal.yaml, ignored folders, Locations, symbolic links.

use crate::support::{TestEnv, component, group};

fn names(run: &crate::support::Run) -> Vec<String> {
    run.stdout.lines().map(str::to_string).collect()
}

#[test]
fn noise_folders_and_gitignored_files_are_skipped() {
    let env = TestEnv::new()
        .file("svc/catalog-info.yaml", &component("svc", "team-a"))
        .file("svc/.backstage/catalog-info.yml", &group("hidden-but-ours"))
        .file(
            "svc/node_modules/pkg/catalog-info.yaml",
            &component("npm-pkg", "x"),
        )
        .file(
            "svc/target/debug/catalog-info.yaml",
            &component("build-copy", "x"),
        )
        .file(
            "svc/vendor/lib/catalog-info.yaml",
            &component("vendored", "x"),
        )
        .file("svc/.git/catalog-info.yaml", &component("in-git", "x"))
        .file("svc/.gitignore", "dist/\n")
        .file("svc/dist/catalog-info.yaml", &component("built", "x"))
        .file("svc/other.yaml", &component("not-a-descriptor-name", "x"));
    let run = env.run(["list", "--format", "names"]);
    run.success();
    assert_eq!(
        names(&run),
        ["group:default/hidden-but-ours", "component:default/svc"]
    );
}

#[test]
fn sources_come_from_flags_then_portal_yaml_then_the_current_folder() {
    let env = TestEnv::new()
        .file("repos/a/catalog-info.yaml", &component("a", "team-a"))
        .file("repos/b/catalog-info.yaml", &component("b", "team-a"))
        .file("elsewhere/catalog-info.yaml", &component("c", "team-a"))
        .file(
            "repos/portal.yaml",
            "sources:\n  - a\n  - path: ../elsewhere\npatterns: ['*.entity.yaml']\n",
        )
        .file("repos/a/extra.entity.yaml", &group("team-a"));
    // portal.yaml is found from a sub-folder, and its paths are relative to itself.
    let run = env.run_in("repos/b", ["list", "--format", "names"]);
    assert_eq!(
        names(&run),
        [
            "component:default/c",
            "component:default/a",
            "group:default/team-a"
        ]
    );
    let run = env.run_in("repos/b", ["--source", ".", "list", "--format", "names"]);
    assert_eq!(names(&run), ["component:default/b"]);
    let run = env.run(["-C", "repos/b", "list", "--format", "names"]);
    assert_eq!(names(&run).len(), 3);
    let run = env.run(["list", "--format", "names"]);
    assert_eq!(
        names(&run).len(),
        3,
        "no portal.yaml here: the whole tree, patterns by default only"
    );
}

#[test]
fn a_broken_portal_yaml_says_where() {
    let env = TestEnv::new().file("portal.yaml", "sources: [a]\nkinds: Environment\n");
    let run = env.run(["list", "--format", "names"]);
    run.code(2);
    assert!(run.stderr.contains("portal.yaml:2:8"), "{}", run.stderr);
    assert!(run.stderr.contains("must be a list"), "{}", run.stderr);
}

#[test]
fn locations_are_followed_with_globs_and_missing_targets_are_reported() {
    let location = "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: root\nspec:\n  targets:\n    - ./org/*.yaml\n    - ./missing.yaml\n    - https://github.com/acme/x/blob/main/catalog-info.yaml\n";
    let env = TestEnv::new()
        .file("catalog-info.yaml", location)
        .file("org/team-a.yaml", &group("team-a"))
        .file("org/team-b.yaml", &group("team-b"));
    let run = env.run(["validate", "--format", "json"]);
    run.success();
    let v = run.json();
    assert_eq!(v["summary"]["entities"], 3);
    let rules: Vec<_> = v["diagnostics"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or_default().to_string(),
                d["line"].as_u64(),
            )
        })
        .collect();
    assert_eq!(
        rules,
        [
            ("location-target-missing".to_string(), Some(8)),
            ("location-not-fetched".to_string(), Some(9))
        ]
    );
    let no_follow = env.run(["validate", "--no-follow", "--format", "json"]);
    assert_eq!(no_follow.json()["summary"]["entities"], 1);
}

#[test]
fn location_globs_starting_with_a_wildcard_match_however_the_source_is_spelled() {
    // Issue 10 item 5: with the default source `.`, `**/…` and `*/…` matched nothing.
    let location = "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: all\nspec:\n  targets:\n    - ./**/entity.yaml\n    - '*/other.yaml'\n    - '**/third.yaml'\n";
    let env = TestEnv::new()
        .file("catalog-info.yaml", location)
        .file("a/entity.yaml", &group("ga"))
        .file("b/deep/entity.yaml", &group("gb"))
        .file("a/other.yaml", &group("other"))
        .file("b/deep/third.yaml", &group("third"));
    let expected = [
        "group:default/ga",
        "group:default/gb",
        "group:default/other",
        "group:default/third",
        "location:default/all",
    ];
    let root = env.path().display().to_string();
    let spellings: [&[&str]; 4] = [
        &[],
        &["-s", "."],
        &["-s", &root],
        &["-s", "catalog-info.yaml"],
    ];
    for flags in spellings {
        let mut args: Vec<&str> = flags.to_vec();
        args.extend(["list", "--format", "names"]);
        let run = env.run(&args);
        run.success();
        let mut got = names(&run);
        got.sort();
        assert_eq!(got, expected, "with {flags:?}\n{}", run.stderr);
        assert!(!run.stderr.contains("looked in"), "{}", run.stderr);
    }
    let run = env.run_in("a", ["-s", "..", "list", "--format", "names"]);
    assert_eq!(names(&run).len(), 5, "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn symbolic_link_loops_do_not_hang_the_scan() {
    let env = TestEnv::new().file("a/catalog-info.yaml", &group("team-a"));
    std::os::unix::fs::symlink(env.path().join("a"), env.path().join("a/loop")).expect("a symlink");
    std::os::unix::fs::symlink(
        env.path().join("a/catalog-info.yaml"),
        env.path().join("catalog-info.yaml"),
    )
    .expect("a symlink");
    let run = env.run(["list", "--format", "names"]);
    run.success();
    assert_eq!(names(&run), ["group:default/team-a"]);
}

/// A Template that fetches `./skeleton` (and one file), as create-app's example does.
fn template(name: &str) -> String {
    format!(
        "apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata:\n  name: {name}\nspec:\n  type: service\n  steps:\n    - id: fetch\n      action: fetch:template\n      input:\n        url: ./skeleton\n    - id: one\n      action: fetch:plain:file\n      input:\n        url: ../shared/catalog-info.yaml\n        targetPath: ./extra.yaml\n"
    )
}

/// A skeleton's descriptor: `${{ }}` makes it invalid until rendered.
const SKELETON: &str = "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${{ values.name | dump }}\nspec:\n  type: service\n  owner: ${{ values.owner | dump }}\n  lifecycle: experimental\n";

#[test]
fn what_a_template_fetches_as_its_skeleton_is_not_read_as_the_catalog() {
    // Issue 10 item 3: a stock create-app repository failed validate on its example
    // template's skeleton. Registered through a Location, the Template is in the catalog.
    let location = "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: templates\nspec:\n  targets:\n    - ./examples/template/template.yaml\n";
    let env = TestEnv::new()
        .file("catalog-info.yaml", location)
        .file("examples/template/template.yaml", &template("example"))
        .file("examples/template/skeleton/catalog-info.yaml", SKELETON)
        .file(
            "examples/template/skeleton/deep/catalog-info.yaml",
            &group("in-skeleton"),
        )
        .file("examples/shared/catalog-info.yaml", &group("fetched-file"))
        .file(
            "examples/other/catalog-info.yaml",
            &component("real", "team-a"),
        );
    let run = env.run(["validate", "--format", "json"]);
    run.success();
    let v = run.json();
    assert_eq!(v["summary"]["errors"], 0, "{}", run.stdout);
    assert_eq!(v["summary"]["files"], 3, "{}", run.stdout);
    let run = env.run(["list", "--format", "names"]);
    let mut got = names(&run);
    got.sort();
    assert_eq!(
        got,
        [
            "component:default/real",
            "location:default/templates",
            "template:default/example"
        ]
    );
    // Named on the command line, a skeleton file is judged as asked.
    let run = env.run(["validate", "examples/template/skeleton/catalog-info.yaml"]);
    run.code(1);
    // -v says what was left out, and which step of which template fetches it.
    let run = env.run(["-v", "validate"]);
    for file in [
        "examples/template/skeleton/catalog-info.yaml",
        "examples/template/skeleton/deep/catalog-info.yaml",
        "examples/shared/catalog-info.yaml",
    ] {
        assert!(
            run.stderr.contains(&format!("skipped {file}: skeleton content that template:default/example fetches (examples/template/template.yaml:")),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn a_broken_descriptor_beside_an_unregistered_template_is_its_skeleton() {
    // No Location registers the template: its `template.yaml` (a name the walk does not
    // read) is looked for above a descriptor that does not load.
    let env = TestEnv::new()
        .file("templates/svc/template.yaml", &template("svc"))
        .file("templates/svc/skeleton/catalog-info.yaml", SKELETON)
        .file(
            "templates/svc/skeleton/{{cookiecutter.name}}/catalog-info.yaml",
            "name: {{ cookiecutter.name }\n",
        )
        .file("services/broken/catalog-info.yaml", SKELETON)
        .file("services/ok/catalog-info.yaml", &component("ok", "team-a"));
    let run = env.run(["validate", "--format", "json"]);
    run.code(1);
    let v = run.json();
    let files: Vec<_> = v["diagnostics"]
        .as_array()
        .expect("a list")
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| d["file"].as_str().unwrap_or_default().to_string())
        .collect();
    assert!(!files.is_empty());
    assert!(
        files
            .iter()
            .all(|f| f == "services/broken/catalog-info.yaml"),
        "only the descriptor outside any skeleton is judged: {files:?}"
    );
    // The template folder alone: nothing left to validate, and it says why.
    let run = env.run(["validate", "templates"]);
    run.code(1);
    assert!(
        run.stderr
            .contains("(2 left out as template skeleton content; -v names them)"),
        "{}",
        run.stderr
    );
}

#[test]
fn portals_own_templates_need_no_file_name_trick() {
    // The built-in skeletons are named catalog-info.yaml and are still not read.
    let templates = crate::support::repo_path("templates");
    let templates = templates.to_str().expect("a UTF-8 path");
    let env = TestEnv::new();
    let run = env.run([
        "-v",
        "validate",
        "--format",
        "json",
        "--allow-empty",
        templates,
    ]);
    run.success();
    assert_eq!(run.json()["summary"]["files"], 0, "{}", run.stdout);
    let skipped = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("skipped "))
        .count();
    assert_eq!(skipped, 4, "{}", run.stderr);
}

#[test]
fn exclude_leaves_out_paths_of_every_source() {
    let env = TestEnv::new()
        .file(
            "portal.yaml",
            "sources: [a]\nexclude:\n  - __mocks__/\n  - /fixtures\n  - '*.example.yaml'\n  - '!keep.example.yaml'\npatterns: ['*.example.yaml']\n",
        )
        .file("a/svc/catalog-info.yaml", &component("svc", "team-a"))
        .file("a/svc/__mocks__/catalog-info.yaml", &component("mock", "x"))
        .file("a/svc/deep/__mocks__/x/catalog-info.yaml", &component("mock2", "x"))
        .file("a/fixtures/catalog-info.yaml", &component("fixture", "x"))
        .file("a/svc/fixtures/catalog-info.yaml", &component("not-anchored", "x"))
        .file("a/svc/thing.example.yaml", &component("example", "x"))
        .file("a/svc/keep.example.yaml", &component("kept", "x"));
    let run = env.run(["list", "--format", "names"]);
    run.success();
    let mut got = names(&run);
    got.sort();
    assert_eq!(
        got,
        [
            "component:default/kept",
            "component:default/not-anchored",
            "component:default/svc"
        ]
    );
}

#[test]
fn a_bad_exclude_line_says_where() {
    let env = TestEnv::new().file("portal.yaml", "exclude:\n  - ok/\n  - 'a/{b,c'\n");
    let run = env.run(["list"]);
    run.code(2);
    assert!(run.stderr.contains("portal.yaml:3:5"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("exclude `a/{b,c` is not a valid pattern"),
        "{}",
        run.stderr
    );
}
