//! `portal docs`: finding an entity's TechDocs as TechDocs does, reading a page in the
//! terminal, the navigation, and hostile docs.

use crate::support::{TestEnv, component, group};

/// `component` with `backstage.io/techdocs-ref` set to `reference`.
fn documented(name: &str, reference: &str) -> String {
    component(name, "team-a").replace(
        &format!("metadata:\n  name: {name}\n"),
        &format!(
            "metadata:\n  name: {name}\n  annotations:\n    backstage.io/techdocs-ref: {reference}\n"
        ),
    )
}

const MKDOCS: &str = "\
site_name: Payments handbook
nav:
  - Home: index.md
  - Guides:
      - Setting up: guides/setup.md
      - guides/run.md
  - Source: https://github.com/acme/payments
";

const INDEX: &str = "\
# Payments

Takes card payments. Start with [the setup guide](guides/setup.md#before), or read
[how to run it](guides/run.md).

!!! warning \"Money\"
    Test cards only outside production.

| Step | Who |
|------|-----|
| Build | CI |

```rust
fn main() {}
```

```mermaid
graph TD; A-->B
```

![Architecture](img/arch.png)
";

fn site() -> TestEnv {
    TestEnv::new()
        .file("teams/catalog-info.yaml", &group("team-a"))
        .file(
            "payments/catalog-info.yaml",
            &documented("payments", "dir:."),
        )
        .file("payments/mkdocs.yml", MKDOCS)
        .file("payments/docs/index.md", INDEX)
        .file(
            "payments/docs/guides/setup.md",
            "# Setting up\n\n## Before\n\nBack to [home](../index.md).\n",
        )
        .file("payments/docs/guides/run.md", "# Running\n\nRun it.\n")
        .file("payments/docs/extra.md", "# Not in the nav\n")
}

#[test]
fn the_index_page_then_the_navigation() {
    let env = site();
    let run = env.run(["docs", "payments"]);
    run.success();
    insta::assert_snapshot!("docs_index", run.stdout);
    for expected in [
        "(portal docs payments guides/setup.md, at #before)",
        "(portal docs payments guides/run.md)",
        "│ WARNING: Money",
        "─── mermaid diagram, shown as its source",
        "[image: Architecture] (img/arch.png)",
        "├── Home index.md",
        "Source <https://github.com/acme/payments>",
    ] {
        assert!(
            run.stdout.contains(expected),
            "`{expected}` in:\n{}",
            run.stdout
        );
    }
}

#[test]
fn pages_by_path_title_or_fuzzy_name_and_the_list_and_json() {
    let env = site();
    for query in ["guides/setup.md", "guides/setup", "Setting up", "setup"] {
        let run = env.run(["docs", "payments", query]);
        run.success();
        assert!(
            run.stdout.contains("# Setting up")
                && run.stdout.contains("(portal docs payments index.md)"),
            "{query}: {}",
            run.stdout
        );
        assert!(
            !run.stdout.contains("Pages\n"),
            "a page alone: {}",
            run.stdout
        );
    }
    let none = env.run(["docs", "payments", "zzqx"]);
    none.code(1);
    assert!(none.stderr.contains("--list"), "{}", none.stderr);
    let list = env.run(["docs", "payments", "--list"]);
    list.success();
    insta::assert_snapshot!("docs_list", list.stdout);
    let raw = env.run(["docs", "payments", "guides/run.md", "--raw"]);
    raw.success();
    assert_eq!(raw.stdout, "# Running\n\nRun it.\n");
    let json = env.run(["docs", "payments", "--list", "--json"]).json();
    assert_eq!(json["entity"], "component:default/payments");
    assert_eq!(json["site"]["name"], "Payments handbook");
    assert_eq!(json["site"]["navFromConfig"], true);
    let pages: Vec<&str> = json["site"]["pages"]
        .as_array()
        .expect("pages")
        .iter()
        .filter_map(|p| p["path"].as_str())
        .collect();
    assert_eq!(
        pages,
        ["extra.md", "guides/run.md", "guides/setup.md", "index.md"]
    );
    assert_eq!(json["site"]["nav"][1]["type"], "section");
    assert_eq!(json["site"]["nav"][1]["children"][0]["title"], "Setting up");
    assert_eq!(json["site"]["nav"][2]["type"], "link");
}

/// Without mkdocs.yml TechDocs' default applies: `docs_dir: docs`, the site named after
/// the entity, the nav built from the files; without docs/index.md, the README.
#[test]
fn techdocs_defaults_without_mkdocs_yml() {
    let env = TestEnv::new()
        .file("teams/catalog-info.yaml", &group("team-a"))
        .file("a/catalog-info.yaml", &documented("alpha", "dir:."))
        .file("a/docs/index.md", "# Alpha docs\n")
        .file("a/docs/ops/backup.md", "# Backups\n")
        .file("b/catalog-info.yaml", &documented("beta", "dir:."))
        .file(
            "b/README.md",
            "# Beta readme\n\nSee [the code](./src/lib.rs).\n",
        )
        .file("b/src/lib.rs", "\n");
    let a = env.run(["docs", "alpha", "--list", "--json"]).json();
    assert_eq!(a["site"]["name"], "alpha");
    assert_eq!(a["site"]["config"], serde_json::Value::Null);
    assert_eq!(a["site"]["navFromConfig"], false);
    assert_eq!(a["site"]["nav"][0]["path"], "index.md");
    assert_eq!(a["site"]["nav"][1]["title"], "Ops");
    assert_eq!(a["site"]["nav"][1]["children"][0]["path"], "ops/backup.md");
    let b = env.run(["docs", "beta"]);
    b.success();
    assert!(b.stdout.contains("# Beta readme"), "{}", b.stdout);
    // TechDocs copies that README into docs/: its links resolve from there, and say so.
    let check = env.run(["docs", "check", "beta"]);
    check.code(1);
    assert!(
        check
            .stdout
            .contains("b/README.md:3:5: error[docs-broken-link]")
            && check.stdout.contains("copies in as the index"),
        "{}",
        check.stdout
    );
    let bj = env.run(["docs", "beta", "--list", "--json"]).json();
    assert_eq!(bj["site"]["index"], "index.md");
    assert!(
        bj["site"]["pages"][0]["file"]
            .as_str()
            .unwrap_or_default()
            .ends_with("b/README.md"),
        "{bj:#}"
    );
}

/// `backstage.io/techdocs-entity` borrows another entity's docs; a missing annotation, a
/// `dir:` that leaves the repository and a `url:` portal does not read each say so.
#[test]
fn where_the_docs_are_and_why_not() {
    let borrowed = component("web", "team-a").replace(
        "metadata:\n  name: web\n",
        "metadata:\n  name: web\n  annotations:\n    backstage.io/techdocs-entity: component:default/payments\n",
    );
    let env = site()
        .file("web/catalog-info.yaml", &borrowed)
        .file("plain/catalog-info.yaml", &component("plain", "team-a"))
        .file("out/catalog-info.yaml", &documented("out", "dir:../.."))
        .file(
            "remote/catalog-info.yaml",
            &documented(
                "remote",
                "url:https://github.com/acme/elsewhere/tree/main/docs",
            ),
        );
    let web = env.run(["docs", "web", "--list", "--json"]).json();
    assert_eq!(web["entity"], "component:default/payments");
    let plain = env.run(["docs", "plain"]);
    plain.code(1);
    assert!(
        plain
            .stderr
            .contains("has no backstage.io/techdocs-ref annotation")
            && plain.stderr.contains("dir:."),
        "{}",
        plain.stderr
    );
    let out = env.run(["docs", "out"]);
    out.code(1);
    assert!(out.stderr.contains("leads outside"), "{}", out.stderr);
    let remote = env.run(["docs", "remote"]);
    remote.code(1);
    assert!(
        remote
            .stderr
            .contains("is a repository portal does not read")
            && remote
                .stderr
                .contains("- git: https://github.com/acme/elsewhere"),
        "{}",
        remote.stderr
    );
}

/// Hostile docs: terminal controls are escaped, binary and over-large pages are refused
/// with where they are, a link out of the docs folder is not followed, and a broken
/// mkdocs.yml is reported at its line.
#[test]
fn hostile_docs_are_contained() {
    let env = TestEnv::new()
        .file("teams/catalog-info.yaml", &group("team-a"))
        .file("p/catalog-info.yaml", &documented("p", "dir:."))
        .file(
            "p/docs/index.md",
            "# Hi \u{1b}]0;owned\u{7}\n\n\u{1b}[2Jtext\n",
        )
        .file("p/docs/bin.md", "\0\0\0binary")
        .file("p/mkdocs.yml", "site_name: [broken\n")
        .file("portal.yaml", "sources: [teams, p]\n");
    std::fs::write(
        env.path().join("p/docs/huge.md"),
        vec![b'a'; 9 * 1024 * 1024],
    )
    .expect("write");
    std::fs::write(env.path().join("secret.md"), "# SECRET\n").expect("write");
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        env.path().join("secret.md"),
        env.path().join("p/docs/link.md"),
    )
    .expect("symlink");
    let run = env.run(["docs", "p"]);
    run.success();
    assert!(!run.stdout.contains('\u{1b}'), "{:?}", run.stdout);
    assert!(run.stdout.contains("\\e]0;owned"), "{}", run.stdout);
    assert!(
        run.stderr.contains("p/mkdocs.yml:1:") && run.stderr.contains("does not parse"),
        "{}",
        run.stderr
    );
    let bin = env.run(["docs", "p", "bin.md"]);
    bin.code(1);
    assert!(bin.stderr.contains("binary data"), "{}", bin.stderr);
    let huge = env.run(["docs", "p", "huge.md"]);
    huge.code(1);
    assert!(huge.stderr.contains("huge.md"), "{}", huge.stderr);
    // The link leads out of the source `p`: it is not a page, and is never read.
    let list = env.run(["docs", "p", "--list", "--json"]).json();
    let pages = list["site"]["pages"].to_string();
    assert!(!pages.contains("link.md"), "{pages}");
    let link = env.run(["docs", "p", "link.md"]);
    assert!(!link.stdout.contains("SECRET") && !link.stderr.contains("SECRET"));
}

/// The built-in docs-site template makes a site `portal docs` reads: its index, its nav.
#[test]
fn the_docs_site_template_renders() {
    let env = TestEnv::new()
        .file("teams/catalog-info.yaml", &group("team-a"))
        .file("portal.yaml", "sources: [teams, handbook]\n");
    std::fs::create_dir_all(env.path().join("handbook")).expect("mkdir");
    env.run([
        "create",
        "docs-site",
        "--no-input",
        "--no-git",
        "--output",
        "made",
        "--set",
        "name=handbook",
        "--set",
        "owner=team-a",
    ])
    .success();
    std::fs::remove_dir(env.path().join("handbook")).expect("rmdir");
    std::fs::rename(env.path().join("made"), env.path().join("handbook")).expect("move");
    let run = env.run(["docs", "handbook"]);
    run.success();
    assert!(run.stdout.contains("# handbook"), "{}", run.stdout);
    assert!(run.stdout.contains("├── Home index.md"), "{}", run.stdout);
    assert!(run.stderr.is_empty(), "no problems: {}", run.stderr);
    let page = env.run(["docs", "handbook", "Writing these docs"]);
    page.success();
    assert!(
        page.stdout.contains("# Writing these docs"),
        "{}",
        page.stdout
    );
    let check = env.run(["docs", "check", "handbook", "--strict"]);
    check.success();
    assert!(
        check
            .stdout
            .contains("no errors, 0 warnings in 1 docs site (2 pages)"),
        "{}",
        check.stdout
    );
    // And `docs serve` renders it.
    let (mut server, url) = serve(&env, "handbook");
    let url = url.trim_start_matches("http://").to_string();
    let (host, path) = url.split_once('/').expect("host and path");
    let mut stream = std::net::TcpStream::connect(host).expect("connect");
    std::io::Write::write_all(
        &mut stream,
        format!("GET /{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes(),
    )
    .expect("request");
    let mut response = String::new();
    std::io::Read::read_to_string(&mut stream, &mut response).expect("response");
    let _ = server.kill();
    let _ = server.wait();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(
        response.contains("<h1 id=\"handbook\">handbook</h1>"),
        "{response}"
    );
}

/// `portal docs check`: each problem at its file:line:col with a hint, in validate's
/// formats and exit codes.
#[test]
fn docs_check_finds_what_would_break() {
    let env = TestEnv::new()
        .file("teams/catalog-info.yaml", &group("team-a"))
        .file("p/catalog-info.yaml", &documented("p", "dir:."))
        .file(
            "p/mkdocs.yml",
            "site_name: P\nnav:\n  - Home: index.md\n  - Gone: gone.md\n",
        )
        .file(
            "p/docs/index.md",
            "# Home\n\n## Before you start\n\nSee [start](#before-you-start), [bad anchor](#nope),\n[other](other.md#intro), [missing](missing.md) and ![pic](img/none.png).\n",
        )
        .file("p/docs/other.md", "# Other\n\n## Intro\n")
        .file("q/catalog-info.yaml", &documented("q", "dir:./nowhere"))
        .file(
            "r/catalog-info.yaml",
            &component("r", "team-a"),
        )
        .file(
            "portal.yaml",
            "sources: [teams, p, q, r]\ndocs:\n  require:\n    - kind=component,spec.type=service\n",
        );
    let run = env.run(["docs", "check"]);
    run.code(1);
    insta::assert_snapshot!("docs_check", run.stdout);
    let json = env.run(["docs", "check", "--format", "json"]);
    json.code(1);
    let v = json.json();
    let rules: Vec<&str> = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["rule"].as_str())
        .collect();
    for rule in [
        "docs-nav-missing",
        "docs-unlisted",
        "docs-missing-anchor",
        "docs-broken-link",
        "docs-missing-image",
        "docs-ref",
        "docs-required",
    ] {
        assert!(rules.contains(&rule), "{rule} in {rules:?}");
    }
    assert_eq!(v["summary"]["sites"], 1);
    let anchor = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["rule"] == "docs-missing-anchor")
        .expect("a missing anchor");
    assert_eq!(
        (anchor["line"].as_u64(), anchor["column"].as_u64()),
        (Some(5), Some(33))
    );
    let good = env.run(["docs", "check", "p", "--format", "github"]);
    good.code(1);
    assert!(
        good.stdout.contains("::error file=p/docs/index.md,line=5"),
        "{}",
        good.stdout
    );
    assert!(!good.stdout.contains("nowhere"), "only p: {}", good.stdout);
    // `validate --docs` runs the same checks alongside the catalog's.
    let plain = env.run(["validate", "--format", "json"]);
    plain.success();
    assert!(
        !plain.stdout.contains("docs-missing-anchor"),
        "{}",
        plain.stdout
    );
    let with = env.run(["validate", "--docs", "--format", "json"]);
    with.code(1);
    assert!(
        with.stdout.contains("docs-missing-anchor"),
        "{}",
        with.stdout
    );
}

/// Sets every file below `dir` an hour into the past: an index trusts no fingerprint
/// younger than two seconds.
fn age(dir: &std::path::Path) {
    let past = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for entry in std::fs::read_dir(dir).expect("read").flatten() {
        let path = entry.path();
        if path.is_dir() {
            age(&path);
        } else if let Ok(f) = std::fs::File::options().write(true).open(&path) {
            f.set_modified(past).expect("set mtime");
        }
    }
}

/// `portal docs search`: BM25 across every entity's docs, with snippets, filters, an index
/// that reads again only what changed, and `portal search --docs`.
#[test]
fn docs_search_ranks_pages_and_keeps_a_cache() {
    let env = site()
        .file("teams/catalog-info.yaml", &format!("{}---\n{}", group("team-a"), group("team-b")))
        .file(
            "payments/docs/guides/run.md",
            "# Running\n\nTo roll back, run the rollback job. A rollback restores the last release; rollback is safe.\n",
        )
        .file("ops/catalog-info.yaml", &documented("ops", "dir:.").replace("owner: team-a", "owner: team-b"))
        .file("ops/docs/index.md", "# Ops\n\nWe rarely need a rollback.\n")
        .env("PORTAL_CACHE_DIR", "cache");
    age(env.path());
    let run = env.run(["-v", "docs", "search", "rollback", "--json"]);
    run.success();
    let hits = run.json();
    let hits = hits.as_array().expect("hits");
    assert_eq!(hits[0]["entity"], "component:default/payments", "{hits:#?}");
    assert_eq!(hits[0]["path"], "guides/run.md");
    assert_eq!(
        hits[0]["title"],
        "guides/run.md".replace("guides/run.md", "Running")
    );
    assert_eq!(hits[1]["entity"], "component:default/ops");
    let snippet = hits[0]["snippet"].as_str().expect("a snippet");
    let (s, e) = (
        hits[0]["matches"][0][0].as_u64().expect("a match") as usize,
        hits[0]["matches"][0][1].as_u64().expect("a match") as usize,
    );
    assert_eq!(&snippet[s..e].to_lowercase(), "rollback", "{snippet}");
    assert!(
        run.stderr.contains("docs index: 5 page(s), 5 read again"),
        "{}",
        run.stderr
    );
    // Filters as `list` has them.
    let owned = env
        .run(["docs", "search", "rollback", "--owner", "team-b", "--json"])
        .json();
    assert_eq!(owned.as_array().map(Vec::len), Some(1), "{owned:#}");
    assert_eq!(owned[0]["entity"], "component:default/ops");
    // The second search reads nothing again; a changed page is read again, alone.
    let again = env.run(["-v", "docs", "search", "rollback"]);
    again.success();
    assert!(
        again.stderr.contains("0 read again, 0 dropped"),
        "{}",
        again.stderr
    );
    insta::assert_snapshot!("docs_search", again.stdout);
    std::fs::write(
        env.path().join("ops/docs/index.md"),
        "# Ops\n\nNothing to see.\n",
    )
    .expect("write");
    let changed = env.run(["-v", "docs", "search", "rollback", "--json"]);
    assert!(
        changed.stderr.contains("1 read again"),
        "{}",
        changed.stderr
    );
    assert_eq!(changed.json().as_array().map(Vec::len), Some(1));
    // Only a cache: without it, the same answers.
    std::fs::remove_dir_all(env.path().join("cache/docs-index")).expect("rm");
    let cold = env.run(["docs", "search", "rollback", "--json"]);
    assert_eq!(cold.json(), changed.json());
    // One query over entities and docs.
    let both = env.run(["search", "--docs", "rollback", "--json"]).json();
    assert!(both["entities"].is_array());
    assert_eq!(both["docs"][0]["path"], "guides/run.md");
    let nothing = env.run(["docs", "search", "zzqx"]);
    nothing.code(1);
}

/// `portal docs serve ENTITY` started in `env`, and the URL it prints.
fn serve(env: &TestEnv, entity: &str) -> (std::process::Child, String) {
    let mut server = std::process::Command::new(assert_cmd::cargo::cargo_bin("portal"))
        .args(["docs", "serve", entity])
        .current_dir(env.path())
        .env("HOME", env.path())
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start the server");
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(server.stdout.take().expect("stdout")),
        &mut line,
    )
    .expect("the URL");
    let url = line
        .trim()
        .strip_prefix("serving ")
        .expect("serving URL")
        .to_string();
    (server, url)
}

/// The Chromium binary, installed (Debian's `chromium`) when it is missing, as `.ci/run`
/// installs git. `None` only when it cannot be installed here (then the test says so and
/// fails: a browser test that silently passes checks nothing).
fn chromium() -> std::path::PathBuf {
    let find = || {
        ["chromium", "chromium-browser", "google-chrome"]
            .iter()
            .map(|c| std::path::Path::new("/usr/bin").join(c))
            .find(|p| p.exists())
    };
    if let Some(p) = find() {
        return p;
    }
    let _ = std::process::Command::new("sh")
        .arg("-c")
        .arg("(apt-get install -y -qq chromium || (apt-get update -qq && apt-get install -y -qq chromium)) >/dev/null 2>&1")
        .status();
    find().expect("Chromium is needed for the docs serve test: install Debian's `chromium` package")
}

/// What headless Chromium shows at `url` once its scripts ran: the DOM.
fn dom(browser: &std::path::Path, url: &str, home: &std::path::Path) -> String {
    let out = std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--virtual-time-budget=3000",
            "--dump-dom",
            url,
        ])
        .env("HOME", home)
        .output()
        .expect("run chromium");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `portal docs serve` in a real browser: the rendered heading, the nav, a highlighted
/// code block, working search, an edit seen after a reload, and a screenshot kept in
/// `target/docs-serve.png`.
#[test]
fn docs_serve_in_a_real_browser() {
    let browser = chromium();
    let env = site();
    let (mut server, url) = serve(&env, "payments");
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let base = url.split("/docs/").next().expect("a base").to_string();
    let page = dom(&browser, &url, env.path());
    assert!(page.contains("<h1 id=\"payments\">Payments</h1>"), "{page}");
    assert!(
        page.contains("Setting up")
            && page.contains("href=\"/docs/component/default/payments/guides/setup.md\""),
        "the nav: {page}"
    );
    assert!(page.contains("<span style=\""), "highlighted code: {page}");
    assert!(
        page.contains(">Running</a>"),
        "an untitled entry by its heading: {page}"
    );
    assert!(page.contains("admonition warning"), "{page}");
    let search = dom(&browser, &format!("{base}/search?q=setup"), env.path());
    assert!(
        search.contains("<mark>setup</mark>") || search.contains("<mark>Setup</mark>"),
        "{search}"
    );
    assert!(
        search.contains("/docs/component/default/payments/"),
        "{search}"
    );
    // Files outside docs_dir are not served, however the path is spelled.
    for escape in [
        "../catalog-info.yaml",
        "..%2Fcatalog-info.yaml",
        "../../teams/catalog-info.yaml",
    ] {
        let got = dom(
            &browser,
            &format!("{base}/docs/component/default/payments/{escape}"),
            env.path(),
        );
        assert!(!got.contains("apiVersion"), "{escape}: {got}");
    }
    let list = dom(&browser, &format!("{base}/"), env.path());
    assert!(list.contains("/docs/component/default/payments/"), "{list}");
    // An edit appears after a reload; the page polls for changes to reload itself.
    std::fs::write(
        env.path().join("payments/docs/index.md"),
        "# Payments, edited\n",
    )
    .expect("edit");
    let edited = dom(&browser, &url, env.path());
    assert!(edited.contains("Payments, edited"), "{edited}");
    assert!(
        edited.contains("_changes?site="),
        "the reload script: {edited}"
    );
    let shot = crate::support::repo_path("target/docs-serve.png");
    let _ = std::process::Command::new(&browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--window-size=1200,900",
            &format!("--screenshot={}", shot.display()),
            &url,
        ])
        .env("HOME", env.path())
        .output();
    let _ = server.kill();
    let _ = server.wait();
    assert!(shot.exists(), "a screenshot in {}", shot.display());
}

/// A nav that contains itself (a YAML alias of its own anchor) is a located error, in
/// bounded time; the site is still read with MkDocs' generated navigation.
#[test]
fn a_nav_cycle_is_a_located_error() {
    let env = TestEnv::new()
        .file("teams/catalog-info.yaml", &group("team-a"))
        .file("p/catalog-info.yaml", &documented("p", "dir:."))
        .file("p/mkdocs.yml", "site_name: P\nnav: &n [ *n ]\n")
        .file("p/docs/index.md", "# P\n");
    let check = env.run(["docs", "check", "--format", "json"]);
    check.code(1);
    let v = check.json();
    let d = &v["diagnostics"][0];
    assert_eq!(d["rule"], "mkdocs-config");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(2), Some(11)),
        "{v:#}"
    );
    let list = env.run(["docs", "p", "--list"]);
    list.success();
    assert!(list.stdout.contains("└── index.md"), "{}", list.stdout);
}
