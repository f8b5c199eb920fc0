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
