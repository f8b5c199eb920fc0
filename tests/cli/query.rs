//! The query commands over a fixture organisation with a diamond, a cycle, missing
//! references, two namespaces and a user in two groups.

use crate::support::TestEnv;

const ORG: &str = "\
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: {name: acme}
spec: {type: organization, children: [platform]}
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: {name: platform}
spec: {type: department, parent: acme, children: [team-a, team-b]}
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: {name: team-a}
spec:
  type: team
  parent: platform
  children: []
  profile: {displayName: Team A, email: team-a@acme.test}
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: {name: team-b}
spec: {type: team, parent: platform, children: []}
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: {name: alice}
spec:
  memberOf: [team-a, team-b]
  profile: {displayName: Alice, email: alice@acme.test}
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: {name: bob}
spec: {memberOf: [team-a]}
";

fn service(name: &str, owner: &str, deps: &[&str], extra: &str) -> String {
    format!(
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: {name}\n  tags: [{name}-tag]\nspec:\n  type: service\n  lifecycle: production\n  owner: {owner}\n  system: shop\n  dependsOn: [{}]\n{extra}",
        deps.join(", ")
    )
}

const API: &str = "\
apiVersion: backstage.io/v1alpha1
kind: API
metadata: {name: orders-api, title: Orders API}
spec:
  type: openapi
  lifecycle: production
  owner: team-a
  system: shop
  definition: |
    openapi: 3.0.0
    info: {title: Orders, version: 2.1.0}
    paths:
      /orders:
        get: {summary: List orders}
        post: {summary: Place an order}
";

const LABS: &str = "\
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: {name: ml, namespace: labs}
spec: {type: team, children: []}
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: reco, namespace: labs, description: Recommends orders}
spec: {type: service, lifecycle: experimental, owner: ml, dependsOn: ['component:default/gateway']}
---
apiVersion: backstage.io/v1alpha1
kind: System
metadata: {name: orders, namespace: labs}
spec: {owner: ml}
";

fn org() -> TestEnv {
    TestEnv::new()
        .file("org/catalog-info.yaml", ORG)
        .file("shop/catalog-info.yaml", "apiVersion: backstage.io/v1alpha1\nkind: System\nmetadata: {name: shop}\nspec: {owner: team-a}\n")
        .file("web/catalog-info.yaml", &service("web", "team-b", &["component:gateway"], "  consumesApis: [orders-api]\n"))
        .file("gateway/catalog-info.yaml", &service("gateway", "team-a", &["component:orders", "component:billing"], ""))
        .file("orders/catalog-info.yaml", &format!("{}---\n{API}", service("orders", "team-a", &["resource:db", "component:audit"], "  providesApis: [orders-api]\n")))
        .file("orders/src/main.rs", "fn main() {}\n")
        .file("audit/catalog-info.yaml", &service("audit", "team-a", &["component:orders"], ""))
        .file("billing/catalog-info.yaml", &service("billing", "group:ghost-team", &["resource:db", "component:ghost"], ""))
        .file("db/catalog-info.yaml", "apiVersion: backstage.io/v1alpha1\nkind: Resource\nmetadata: {name: db}\nspec: {type: database, owner: team-b, system: shop}\n")
        .file("labs/catalog-info.yaml", LABS)
        .file(".git/HEAD", "ref: refs/heads/main\n")
        .file(".github/CODEOWNERS", "* @acme/platform\n/orders/ @acme/team-b\n/web/ @acme/team-b @alice\n")
}

#[test]
fn list_table() {
    let run = org().run(["list", "--kind", "component"]);
    run.success();
    insta::assert_snapshot!("list_table", run.stdout);
}

#[test]
fn list_filters() {
    let env = org();
    let names = |args: &[&str]| {
        let mut all = vec!["list", "--format", "names"];
        all.extend_from_slice(args);
        let run = env.run(all);
        run.success();
        run.stdout.lines().map(str::to_string).collect::<Vec<_>>()
    };
    assert_eq!(
        names(&["--owner", "team-b"]),
        ["resource:default/db", "component:default/web"]
    );
    assert_eq!(
        names(&["--owner", "group:labs/ml", "--kind", "component"]),
        ["component:labs/reco"]
    );
    assert_eq!(
        names(&["--namespace", "labs", "--kind", "system"]),
        ["system:labs/orders"]
    );
    assert_eq!(names(&["--tag", "AUDIT-TAG"]), ["component:default/audit"]);
    assert_eq!(
        names(&["--system", "shop", "--kind", "resource"]),
        ["resource:default/db"]
    );
    assert_eq!(
        names(&["--lifecycle", "experimental"]),
        ["component:labs/reco"]
    );
    assert_eq!(
        names(&[
            "--filter",
            "kind=api",
            "--filter",
            "kind=component,metadata.namespace=labs"
        ]),
        ["component:labs/reco", "api:default/orders-api"]
    );
    assert_eq!(
        names(&["--filter", "relations.ownedBy=group:default/ghost-team"]),
        ["component:default/billing"]
    );
    env.run(["list", "--filter", ","]).code(2);
}

#[test]
fn list_yaml_round_trips() {
    let run = org().run(["list", "--yaml", "--kind", "api"]);
    run.success();
    assert!(
        run.stdout
            .starts_with("---\napiVersion: backstage.io/v1alpha1\nkind: API\n"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("definition: |"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("targetRef: \"component:default/orders\""),
        "{}",
        run.stdout
    );
}

#[test]
fn search_finds_the_obvious_entity_first() {
    let env = org();
    let run = env.run(["search", "ord", "--json"]);
    run.success();
    let v = run.json();
    assert_eq!(v[0]["ref"], "component:default/orders");
    assert_eq!(v[0]["field"], "name");
    assert!(
        v[0]["score"].as_u64().unwrap_or(0) > v[1]["score"].as_u64().unwrap_or(0)
            || v[1]["ref"] == "system:labs/orders"
    );
    let run = env.run(["search", "recommends", "--kind", "component"]);
    run.success();
    assert!(
        run.stdout.starts_with("component:labs/reco"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains('\x1b'));
    assert!(
        env.run(["search", "ord", "--color", "always"])
            .stdout
            .contains("\x1b[")
    );
    env.run(["search", "zzzzzz"]).code(1);
    let limited = env.run(["search", "o", "--limit", "2", "--json"]);
    assert_eq!(limited.json().as_array().map(Vec::len), Some(2));
}

#[test]
fn show_everything_about_an_entity() {
    let env = org();
    let run = env.run(["show", "component:orders"]);
    run.success();
    insta::assert_snapshot!("show_orders", run.stdout);
    let v = env.run(["show", "orders-api", "--json"]).json();
    assert_eq!(v["owner"]["displayName"], "Team A");
    assert_eq!(v["owner"]["email"], "team-a@acme.test");
    assert_eq!(v["system"], "system:default/shop");
    assert_eq!(v["api"]["definition"]["title"], "Orders");
    assert_eq!(v["api"]["definition"]["format"], "openapi");
    assert_eq!(v["api"]["definition"]["formatVersion"], "3.0.0");
    assert_eq!(
        v["api"]["definition"]["operations"],
        serde_json::json!([
            {"method": "GET", "path": "/orders", "summary": "List orders"},
            {"method": "POST", "path": "/orders", "summary": "Place an order"}
        ])
    );
    assert_eq!(
        v["api"]["providers"],
        serde_json::json!(["component:default/orders"])
    );
    assert_eq!(
        v["api"]["consumers"],
        serde_json::json!(["component:default/web"])
    );
    assert_eq!(v["definedIn"]["file"], "orders/catalog-info.yaml");
    assert_eq!(v["definedIn"]["doc"], 1);
}

#[test]
fn references_are_forgiving_and_exact() {
    let env = org();
    env.run(["show", "COMPONENT:Default/Orders"]).success();
    env.run(["show", "labs/reco"]).success();
    let ambiguous = env.run(["show", "orders"]);
    ambiguous.code(1);
    assert!(
        ambiguous.stderr.contains("ambiguous"),
        "{}",
        ambiguous.stderr
    );
    assert!(
        ambiguous.stderr.contains("component:default/orders")
            && ambiguous.stderr.contains("system:labs/orders"),
        "{}",
        ambiguous.stderr
    );
    let unknown = env.run(["show", "gatway"]);
    unknown.code(1);
    assert!(
        unknown
            .stderr
            .contains("did you mean `component:default/gateway`"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn who_owns_an_entity_a_group_and_a_path() {
    let env = org();
    let run = env.run(["who-owns", "gateway"]);
    run.success();
    insta::assert_snapshot!("who_owns_gateway", run.stdout);
    let v = env.run(["who-owns", "team-a", "--json"]).json();
    let info = &v["entities"][0]["owners"][0];
    assert_eq!(info["ownsByKind"]["Component"], 3);
    assert_eq!(
        info["parentChain"],
        serde_json::json!([{"ref": "group:default/platform", "kind": "Group", "displayName": null, "email": null, "exists": true}, {"ref": "group:default/acme", "kind": "Group", "displayName": null, "email": null, "exists": true}])
    );
    let members: Vec<_> = info["members"]
        .as_array()
        .expect("members")
        .iter()
        .map(|m| m["ref"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(members, ["user:default/alice", "user:default/bob"]);
    // A path: the nearest descriptor, and CODEOWNERS, which disagrees here.
    let run = env.run(["who-owns", "orders/src/main.rs", "--json"]);
    run.success();
    let v = run.json();
    let refs: Vec<_> = v["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .map(|e| e["ref"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(refs, ["component:default/orders", "api:default/orders-api"]);
    assert_eq!(
        v["codeowners"]["owners"],
        serde_json::json!(["@acme/team-b"])
    );
    assert_eq!(v["codeowners"]["line"], 2);
    assert_eq!(v["agree"], false);
    assert!(
        run.stderr.contains("CODEOWNERS and the catalog disagree"),
        "{}",
        run.stderr
    );
    // web is owned by team-b, and CODEOWNERS names team-b too.
    let run = env.run(["who-owns", "./web"]);
    assert_eq!(run.stderr, "");
    assert!(
        run.stdout
            .contains("component:default/web is owned by group:default/team-b"),
        "{}",
        run.stdout
    );
    env.run(["who-owns", "nobody-at-all"]).code(1);
    let missing = env.run(["who-owns", "./no/such/file"]);
    missing.code(2);
    assert!(
        missing.stderr.contains("no/such/file") && missing.stderr.contains("hint: check the path"),
        "{}",
        missing.stderr
    );
}

#[test]
fn graph_tree_marks_diamonds_cycles_and_missing_entities() {
    let run = org().run(["graph", "web", "--depth", "4", "--relations", "dependsOn"]);
    run.success();
    insta::assert_snapshot!("graph_tree", run.stdout);
}

#[test]
fn graph_dot_and_mermaid() {
    let env = org();
    let dot = env.run([
        "graph",
        "gateway",
        "--format",
        "dot",
        "--relations",
        "dependsOn",
    ]);
    dot.success();
    insta::assert_snapshot!("graph_dot", dot.stdout);
    let mermaid = env.run([
        "graph",
        "gateway",
        "--format",
        "mermaid",
        "--relations",
        "dependsOn",
    ]);
    mermaid.success();
    insta::assert_snapshot!("graph_mermaid", mermaid.stdout);
    // Every label is quoted: references hold `:` and `/`.
    for line in mermaid.stdout.lines().filter(|l| l.contains('[')) {
        assert!(line.contains("[\"") && line.ends_with("\"]"), "{line}");
    }
}

#[test]
fn graph_reverse_is_the_blast_radius() {
    let v = org()
        .run([
            "graph",
            "db",
            "--reverse",
            "--depth",
            "10",
            "--format",
            "json",
        ])
        .json();
    let mut nodes: Vec<_> = v["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .map(|n| n["ref"].as_str().unwrap_or_default().to_string())
        .collect();
    nodes.sort();
    assert_eq!(
        nodes,
        [
            "component:default/audit",
            "component:default/billing",
            "component:default/gateway",
            "component:default/orders",
            "component:default/web",
            "component:labs/reco",
            "resource:default/db"
        ]
    );
    assert!(
        v["edges"]
            .as_array()
            .expect("edges")
            .iter()
            .all(|e| e["type"] == "dependencyOf")
    );
}

#[test]
fn graph_cycles_and_bad_relations() {
    let env = org();
    let run = env.run(["graph", "--cycles"]);
    run.code(1);
    assert_eq!(
        run.stdout,
        "component:default/audit → component:default/orders → component:default/audit\n"
    );
    let run = env.run(["graph", "web", "--relations", "dependsOn,likes"]);
    run.code(2);
    assert!(
        run.stderr.contains("`likes` is not a relation"),
        "{}",
        run.stderr
    );
    let whole = env.run(["graph", "--format", "json"]).json();
    let missing: Vec<_> = whole["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .filter(|n| n["exists"] == false)
        .map(|n| n["ref"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(missing, ["component:default/ghost"]);
}

#[test]
fn ownership_report() {
    let env = org();
    let run = env.run(["owners", "--json"]);
    run.success();
    let v = run.json();
    assert_eq!(
        v["missingOwner"],
        serde_json::json!([["component:default/billing", "group:default/ghost-team"]])
    );
    assert_eq!(
        v["idleGroups"],
        serde_json::json!(["group:default/acme", "group:default/platform"])
    );
    let team_b = v["owners"]
        .as_array()
        .expect("owners")
        .iter()
        .find(|o| o["owner"]["ref"] == "group:default/team-b")
        .expect("team-b");
    assert_eq!(
        team_b["owns"],
        serde_json::json!(["component:default/web", "resource:default/db"])
    );
    let gate = env.run(["owners", "--fail-on-unowned"]);
    gate.code(1);
    assert!(
        gate.stdout.contains("owner not in the catalog"),
        "{}",
        gate.stdout
    );
}

#[test]
fn entity_names_complete_dynamically() {
    let env = org()
        .env("COMPLETE", "bash")
        .env("_CLAP_COMPLETE_INDEX", "2")
        .env("_CLAP_COMPLETE_COMP_TYPE", "9")
        .env("_CLAP_COMPLETE_SPACE", "true");
    let run = env.run(["--", "portal", "show", "ga"]);
    run.success();
    assert_eq!(
        run.stdout
            .split(['\n', '\x0b'])
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>(),
        ["gateway"]
    );
    let run = env.run(["--", "portal", "graph", "component:a"]);
    assert_eq!(
        run.stdout
            .split(['\n', '\x0b'])
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>(),
        ["component:audit"]
    );

    // Template names, filter values (the last of a comma list), and paths with entities.
    let completed = |index: &str, words: &[&str]| -> Vec<String> {
        let run = org()
            .file("svc dir/notes.txt", "x\n")
            .env("COMPLETE", "bash")
            .env("_CLAP_COMPLETE_INDEX", index)
            .env("_CLAP_COMPLETE_COMP_TYPE", "9")
            .env("_CLAP_COMPLETE_SPACE", "true")
            .run(
                ["--", "portal"]
                    .iter()
                    .chain(words)
                    .copied()
                    .collect::<Vec<_>>(),
            );
        run.success();
        run.stdout
            .split(['\n', '\x0b'])
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    };
    assert_eq!(
        completed("2", &["create", "rust-"]),
        ["rust-cli", "rust-service"]
    );
    assert_eq!(completed("3", &["list", "--kind", "gr"]), ["group"]);
    assert_eq!(completed("3", &["list", "--kind", "api,gr"]), ["api,group"]);
    assert_eq!(
        completed("3", &["list", "--owner", "team"]),
        ["team-a", "team-b"]
    );
    assert_eq!(
        completed("3", &["list", "--owner", "user:a"]),
        ["user:alice"]
    );
    assert_eq!(completed("3", &["list", "--system", "sh"]), ["shop"]);
    assert_eq!(completed("3", &["list", "--type", "open"]), ["openapi"]);
    assert_eq!(
        completed("3", &["list", "--lifecycle", "exp"]),
        ["experimental"]
    );
    assert_eq!(
        completed("3", &["list", "--tag", "gateway-"]),
        ["gateway-tag"]
    );
    assert_eq!(completed("3", &["list", "--namespace", "la"]), ["labs"]);
    let who = completed("2", &["who-owns", "svc"]);
    assert!(
        who.iter().any(|c| c.starts_with("svc dir")),
        "a path: {who:?}"
    );
}

#[test]
fn a_location_of_the_same_name_is_not_a_query_target() {
    let env = TestEnv::new()
        .file(
            "catalog-info.yaml",
            "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata: {name: payments}\nspec: {targets: [./payments/catalog-info.yaml]}\n",
        )
        .file(
            "payments/catalog-info.yaml",
            &crate::support::component("payments", "team-a"),
        );
    let v = env.run(["show", "payments", "--json"]);
    v.success();
    assert_eq!(v.json()["entity"]["kind"], "Component");
    let who = env.run(["who-owns", "payments", "--json"]);
    who.success();
    assert_eq!(
        who.json()["entities"][0]["ref"],
        "component:default/payments"
    );
    let location = env.run(["show", "location:payments", "--json"]);
    location.success();
    assert_eq!(location.json()["entity"]["kind"], "Location");
}

#[test]
fn show_names_the_file_as_written_from_the_working_folder() {
    let env = TestEnv::new()
        .file("portal.yaml", "sources:\n  - .\n")
        .file(
            "services/payments/catalog-info.yaml",
            &crate::support::component("payments", "team-a"),
        )
        .file(
            "services/orders/catalog-info.yaml",
            &crate::support::component("orders", "team-a"),
        )
        .env("NO_COLOR", "1");
    let here = env.run_in("services/payments", ["show", "payments"]);
    here.success();
    assert!(
        here.stdout.contains("defined in  catalog-info.yaml:1\n"),
        "{}",
        here.stdout
    );
    let json = env
        .run_in("services/payments", ["show", "orders", "--json"])
        .json();
    assert_eq!(json["definedIn"]["file"], "../orders/catalog-info.yaml");
    let root = env.run(["show", "orders", "--json"]).json();
    assert_eq!(
        root["definedIn"]["file"],
        "services/orders/catalog-info.yaml"
    );
}

/// `show` wraps a long reference list between references, under its label, to 80 columns
/// off a terminal; every reference is still there, whole.
#[test]
fn show_wraps_long_reference_lists() {
    let deps: Vec<String> = (0..40)
        .map(|i| format!("resource:default/database-{i}"))
        .collect();
    let env = TestEnv::new().file(
        "catalog-info.yaml",
        &format!(
            "{}  dependsOn: [{}]\n",
            crate::support::component("svc", "team-a"),
            deps.join(", ")
        ),
    );
    let run = env.run(["show", "svc"]);
    run.success();
    let lines: Vec<&str> = run.stdout.lines().collect();
    for line in &lines {
        assert!(
            line.chars().count() <= 80,
            "wider than 80: {line:?}\n{}",
            run.stdout
        );
    }
    let start = lines
        .iter()
        .position(|l| l.trim_start().starts_with("dependsOn"))
        .expect("a dependsOn line");
    let wrapped: Vec<&str> = lines[start..]
        .iter()
        .take_while(|l| l.trim_start().starts_with("dependsOn") || l.starts_with(&" ".repeat(18)))
        .copied()
        .collect();
    assert!(
        wrapped.len() > 5,
        "wrapped over several lines:\n{}",
        run.stdout
    );
    let mut listed: Vec<String> = wrapped
        .join(" ")
        .trim_start()
        .trim_start_matches("dependsOn")
        .split(',')
        .map(|s| s.trim().to_string())
        .collect();
    let mut deps = deps;
    deps.sort();
    listed.sort();
    assert_eq!(listed, deps, "every reference, whole");
}
