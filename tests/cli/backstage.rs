//! A running Backstage as a source, against the real thing: `@backstage/backend-defaults`
//! with `@backstage/plugin-catalog-backend` 4.0.0 (the harness in ../shared/backstage-backend,
//! copied into `target/` and installed there with `npm ci` once; shared/ is read-only).
//! `portal sync` must store what the server serves, pick up an edit by etag, refuse a wrong
//! token with the right message, keep its snapshot when the server is gone, and never write
//! the token anywhere.

#![cfg(unix)]

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::TestEnv;

const TOKEN: &str = "portal-secret-token-4711";

/// The harness, installed once in `target/backstage-backend` (kept across runs: its
/// `npm ci` takes minutes), or the folder `PORTAL_BACKSTAGE_HARNESS` names.
/// Installed once per run: the tests that start a backend run at once, on threads of one
/// process, and two installs into the same folder would break each other.
fn harness() -> PathBuf {
    static INSTALLED: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    INSTALLED.get_or_init(install).clone()
}

fn install() -> PathBuf {
    if let Some(dir) = std::env::var_os("PORTAL_BACKSTAGE_HARNESS") {
        return PathBuf::from(dir);
    }
    crate::support::npm_installed("backstage-backend")
}

struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(catalog: &Path) -> Server {
    let dir = harness();
    let mut child = Command::new("node")
        .arg(dir.join("start.js"))
        .args([
            "--port",
            "0",
            "--token",
            TOKEN,
            "--interval",
            "1",
            "--catalog",
        ])
        .arg(catalog)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the Backstage backend");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .expect("the ready line");
    let url = line
        .strip_prefix("ready ")
        .unwrap_or_else(|| panic!("the backend did not start: {line:?}"))
        .trim()
        .to_string();
    Server { child, url }
}

/// One HTTP/1.1 request to the server (the tests' own, not portal's client).
fn http(url: &str, method: &str, path: &str, body: Option<&str>) -> (u16, String) {
    let addr = url.trim_start_matches("http://");
    let mut s = std::net::TcpStream::connect(addr).expect("connect");
    let body = body.unwrap_or("");
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {TOKEN}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut text = String::new();
    s.read_to_string(&mut text).unwrap();
    let status = text[9..12].parse().unwrap_or(0);
    let (head, mut rest) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    if !head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        return (status, rest.to_string());
    }
    let mut body = String::new();
    while let Some((size, after)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || after.len() < n {
            break;
        }
        body.push_str(&after[..n]);
        rest = after[n..].trim_start_matches("\r\n");
    }
    (status, body)
}

/// An entity's relations as `type targetRef`, sorted.
fn relation_set(e: &serde_json::Value) -> Vec<String> {
    let mut v: Vec<String> = e["relations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{} {}",
                r["type"].as_str().unwrap(),
                r["targetRef"].as_str().unwrap()
            )
        })
        .collect();
    v.sort();
    v
}

/// A fixture whose one source is the Backstage at `url`, with the token and a cache.
fn synced_from(url: &str) -> TestEnv {
    TestEnv::new()
        .file(
            "portal.yaml",
            &format!("sources:\n  - backstage: {url}\n    token: env:BACKSTAGE_TOKEN\n"),
        )
        .env("PORTAL_CACHE_DIR", "cache")
        .env("BACKSTAGE_TOKEN", TOKEN)
}

fn catalog_files(root: &Path) {
    let write = |p: &str, s: &str| {
        let f = root.join(p);
        std::fs::create_dir_all(f.parent().unwrap()).unwrap();
        std::fs::write(f, s).unwrap();
    };
    write(
        "teams/catalog-info.yaml",
        "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team-a\nspec:\n  type: team\n  children: []\n",
    );
    write(
        "orders/catalog-info.yaml",
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: orders\n  description: Takes orders\nspec:\n  type: service\n  lifecycle: production\n  owner: team-a\n  providesApis: [orders-api]\n  dependsOn: [resource:orders-db]\n---\napiVersion: backstage.io/v1alpha1\nkind: API\nmetadata:\n  name: orders-api\nspec:\n  type: openapi\n  lifecycle: production\n  owner: team-a\n  definition: 'openapi: 3.0.0'\n---\napiVersion: backstage.io/v1alpha1\nkind: Resource\nmetadata:\n  name: orders-db\nspec:\n  type: database\n  owner: team-a\n",
    );
}

/// Every file under `dir`, read whole (lossy), for the token grep.
fn everything_under(dir: &Path) -> String {
    let mut out = String::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(b) = std::fs::read(&p) {
                out.push_str(&String::from_utf8_lossy(&b));
            }
        }
    }
    out
}

#[test]
fn sync_stores_what_a_real_backstage_serves_and_follows_its_changes() {
    let served = tempfile::tempdir().unwrap();
    catalog_files(served.path());
    let server = start(served.path());
    let env = synced_from(&server.url);
    let mut outputs = String::new();
    // Before a sync: said, and nothing to read.
    let run = env.run(["list", "--format", "names"]);
    assert!(
        run.stderr.contains("has never been synced"),
        "{}",
        run.stderr
    );
    // A full sync.
    let run = env.run(["sync"]);
    run.success();
    outputs.push_str(&run.stderr);
    assert!(run.stderr.contains("4 entities, in full"), "{}", run.stderr);
    // What portal stores is what the server serves: the same entities, the same relations.
    let (status, body) = http(
        &server.url,
        "GET",
        "/api/catalog/entities?filter=kind=component,kind=api,kind=resource,kind=group",
        None,
    );
    assert_eq!(status, 200, "{body}");
    let listed = env.run(["list", "--json"]);
    listed.success();
    outputs.push_str(&listed.stdout);
    let ours = listed.json();
    let names: Vec<&str> = ours
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["metadata"]["name"].as_str().unwrap())
        .collect();
    for name in ["orders", "orders-api", "orders-db", "team-a"] {
        assert!(names.contains(&name), "{name} missing from {names:?}");
        assert!(
            body.contains(&format!("\"name\":\"{name}\"")),
            "the server has {name}"
        );
    }
    assert_eq!(names.len(), 4, "Locations are not kept: {names:?}");
    let orders = ours
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["metadata"]["name"] == "orders")
        .unwrap();
    let relations = relation_set(orders);
    for r in [
        "ownedBy group:default/team-a",
        "providesApi api:default/orders-api",
        "dependsOn resource:default/orders-db",
    ] {
        assert!(
            relations.contains(&r.to_string()),
            "{r} not in {relations:?}"
        );
        let (t, target) = r.split_once(' ').unwrap();
        assert!(
            body.contains(&format!("\"type\":\"{t}\",\"targetRef\":\"{target}\"")),
            "the server has {r}"
        );
    }
    // Every entity's relations are the server's, exactly (both directions).
    let theirs_all: serde_json::Value = serde_json::from_str(&body).unwrap();
    for theirs in theirs_all.as_array().unwrap() {
        let name = theirs["metadata"]["name"].as_str().unwrap();
        let mine = ours
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["metadata"]["name"] == name)
            .unwrap();
        assert_eq!(
            relation_set(mine),
            relation_set(theirs),
            "the relations of {name}"
        );
        // Said to come from the server, with its URL.
        assert_eq!(
            mine["metadata"]["annotations"]["portal/served-by"],
            server.url.as_str(),
            "{mine}"
        );
        assert_eq!(mine["metadata"]["uid"], theirs["metadata"]["uid"]);
    }
    // The server's own locations are kept, and show says where the entity came from.
    assert!(
        orders["metadata"]["annotations"]["backstage.io/managed-by-location"]
            .as_str()
            .unwrap()
            .starts_with("file:"),
        "{orders}"
    );
    let show = env.run(["show", "orders"]);
    show.success();
    assert!(
        show.stdout
            .contains(&format!("from        the Backstage at {}", server.url)),
        "{}",
        show.stdout
    );
    assert_eq!(
        env.run(["show", "orders", "--json"]).json()["definedIn"]["server"],
        server.url.as_str()
    );
    // The local checkout overrides the server, and is checked against the union.
    let local = TestEnv::new()
        .file(
            "portal.yaml",
            &format!(
                "sources:\n  - backstage: {}\n    token: env:BACKSTAGE_TOKEN\n  - services\n",
                server.url
            ),
        )
        .file(
            "services/orders/catalog-info.yaml",
            "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: orders\n  description: Orders, as in this pull request\nspec:\n  type: service\n  lifecycle: production\n  owner: team-a\n  dependsOn: [resource:orders-db]\n",
        )
        .env("PORTAL_CACHE_DIR", "cache")
        .env("BACKSTAGE_TOKEN", TOKEN);
    local.run(["sync"]).success();
    let run = local.run(["-v", "show", "orders", "--json"]);
    run.success();
    assert_eq!(
        run.json()["entity"]["metadata"]["description"],
        "Orders, as in this pull request"
    );
    assert!(
        run.stderr.contains("overlay: component:default/orders is taken from services/orders/catalog-info.yaml, not from the Backstage at"),
        "{}",
        run.stderr
    );
    // team-a and orders-db exist only on the server: not dangling.
    let run = local.run(["validate", "--strict"]);
    run.success();
    assert!(!run.stdout.contains("dangling-reference"), "{}", run.stdout);
    // --no-remote: local files only, so they dangle.
    let run = local.run(["--no-remote", "list", "--format", "names"]);
    run.success();
    assert_eq!(run.stdout.trim(), "component:default/orders");
    let run = local.run(["--no-remote", "validate", "--strict"]);
    run.code(1);
    assert!(run.stdout.contains("dangling-reference"), "{}", run.stdout);
    // Nothing changed: listed by etag, nothing fetched.
    let run = env.run(["sync"]);
    run.success();
    assert!(
        run.stderr.contains("by etags") && run.stderr.contains("0 changed or new fetched"),
        "{}",
        run.stderr
    );
    // An edit on the server: only that entity is fetched.
    let file = served.path().join("orders/catalog-info.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("Takes orders", "Takes and tracks orders"),
    )
    .unwrap();
    let (status, body) = http(
        &server.url,
        "POST",
        "/api/catalog/refresh",
        Some(r#"{"entityRef":"component:default/orders"}"#),
    );
    assert!(status == 200 || status == 204, "refresh: {status} {body}");
    let start = Instant::now();
    loop {
        let (_, body) = http(
            &server.url,
            "GET",
            "/api/catalog/entities/by-name/component/default/orders",
            None,
        );
        if body.contains("Takes and tracks orders") {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the server never took the edit"
        );
        std::thread::sleep(Duration::from_millis(300));
    }
    let run = env.run(["sync"]);
    run.success();
    outputs.push_str(&run.stderr);
    assert!(
        run.stderr
            .contains("1 changed or new fetched, 0 removed, 1 of 1 shard(s) rewritten"),
        "{}",
        run.stderr
    );
    let shown = env.run(["show", "orders", "--json"]).json();
    assert_eq!(
        shown["entity"]["metadata"]["description"],
        "Takes and tracks orders"
    );
    // A wrong token: refused with what to do; the snapshot stays in use.
    let wrong = env.run_with(&[("BACKSTAGE_TOKEN", "not-the-token")], ["sync"]);
    wrong.code(1);
    outputs.push_str(&wrong.stderr);
    assert!(
        wrong
            .stderr
            .contains("refused the token (401 Unauthorized)"),
        "{}",
        wrong.stderr
    );
    assert!(wrong.stderr.contains("the snapshot of"), "{}", wrong.stderr);
    let run = env.run(["list", "--format", "names"]);
    run.success();
    assert!(
        run.stdout.contains("component:default/orders"),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains("failed to sync"), "{}", run.stderr);
    // The server gone: said plainly, the snapshot stays.
    drop(server);
    let run = env.run(["sync"]);
    run.code(1);
    outputs.push_str(&run.stderr);
    assert!(run.stderr.contains("cannot reach"), "{}", run.stderr);
    assert_eq!(
        env.run(["show", "orders", "--json"]).json()["entity"]["metadata"]["description"],
        "Takes and tracks orders"
    );
    // The token is never written: not in any output, not in the cache.
    outputs.push_str(&everything_under(env.path()));
    assert!(!outputs.contains(TOKEN), "the token was written somewhere");
}

/// **A stand-in, not Backstage**: a small HTTP server on 127.0.0.1 for the faults the real
/// backend cannot be made to produce (a cursor that loops, a page cut short, an answer that
/// is not JSON, an entity of 50 MB, a burst of 429s). It answers `by-query` as `mode` says.
struct StandIn {
    url: String,
    mode: std::sync::Arc<std::sync::Mutex<&'static str>>,
    hits: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

fn entity(name: &str, etag: &str, extra: &str) -> String {
    format!(
        r#"{{"apiVersion":"backstage.io/v1alpha1","kind":"Component","metadata":{{"name":"{name}","namespace":"default","uid":"uid-{name}","etag":"{etag}"{extra}}},"spec":{{"type":"service","lifecycle":"production","owner":"team-a"}}}}"#
    )
}

fn stand_in() -> StandIn {
    let server = tiny_http::Server::http("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", server.server_addr().to_ip().unwrap());
    let mode = std::sync::Arc::new(std::sync::Mutex::new("good"));
    let hits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let (m, h) = (mode.clone(), hits.clone());
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let n = h.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let mode = *m.lock().unwrap();
            let json = |body: String| {
                tiny_http::Response::from_string(body).with_header(
                    "Content-Type: application/json"
                        .parse::<tiny_http::Header>()
                        .unwrap(),
                )
            };
            let page = |items: &[String], next: Option<&str>| {
                let next = next
                    .map(|c| format!(r#","nextCursor":"{c}""#))
                    .unwrap_or_default();
                format!(
                    r#"{{"items":[{}],"totalItems":2,"pageInfo":{{{}}}}}"#,
                    items.join(","),
                    next.trim_start_matches(',')
                )
            };
            let _ = match mode {
                "good" => request.respond(json(page(
                    &[entity("alpha", "e1", ""), entity("beta", "e1", "")],
                    None,
                ))),
                "loop" => request.respond(json(page(
                    &[entity("alpha", "e1", "")],
                    Some("same-cursor"),
                ))),
                "not-json" => {
                    request.respond(tiny_http::Response::from_string("<html>proxy error</html>"))
                }
                "truncated" => request.respond(json(
                    page(&[entity("alpha", "e1", "")], None)[..40].to_string(),
                )),
                "huge" => {
                    let big = format!(r#","description":"{}""#, "x".repeat(50 << 20));
                    request.respond(json(page(&[entity("alpha", "e2", &big)], None)))
                }
                // Two 429s (the second says when to come back), then the good page.
                "busy" if n % 3 != 2 => request.respond(
                    tiny_http::Response::from_string("slow down")
                        .with_status_code(429)
                        .with_header("Retry-After: 1".parse::<tiny_http::Header>().unwrap()),
                ),
                _ => request.respond(json(page(
                    &[entity("alpha", "e1", ""), entity("beta", "e1", "")],
                    None,
                ))),
            };
        }
    });
    StandIn { url, mode, hits }
}

#[test]
fn faults_get_one_line_each_and_the_last_good_snapshot_stays() {
    let s = stand_in();
    let env = TestEnv::new()
        .file(
            "portal.yaml",
            &format!("sources:\n  - backstage: {}\n", s.url),
        )
        .env("PORTAL_CACHE_DIR", "cache");
    env.run(["sync"]).success();
    let names = |env: &TestEnv| env.run(["list", "--format", "names"]).stdout;
    let good = names(&env);
    assert!(
        good.contains("component:default/alpha") && good.contains("component:default/beta"),
        "{good}"
    );
    for (mode, says) in [
        ("loop", "never ends"),
        ("not-json", "the answer is not JSON"),
        ("truncated", "it was cut short"),
        ("huge", "over portal's limit of 1 MiB"),
    ] {
        *s.mode.lock().unwrap() = mode;
        let run = env.run(["sync"]);
        run.code(1);
        let line = run
            .stderr
            .lines()
            .find(|l| l.contains("cannot sync"))
            .unwrap_or_default();
        assert!(
            line.contains(&s.url) && line.contains(says),
            "{mode}: {}",
            run.stderr
        );
        assert!(line.contains("the snapshot of"), "{mode}: {line}");
        assert_eq!(names(&env), good, "{mode}: the snapshot changed");
        let run = env.run(["list", "--format", "names"]);
        assert!(
            run.stderr.contains("failed to sync"),
            "{mode}: {}",
            run.stderr
        );
    }
    // 429s are retried, Retry-After honoured, and the sync then succeeds.
    *s.mode.lock().unwrap() = "busy";
    s.hits.store(0, std::sync::atomic::Ordering::SeqCst);
    let start = Instant::now();
    let run = env.run(["sync"]);
    run.success();
    assert!(
        start.elapsed() >= Duration::from_secs(1),
        "Retry-After: 1 was not honoured"
    );
    assert!(s.hits.load(std::sync::atomic::Ordering::SeqCst) >= 3);
    // A server that is not there.
    let env = TestEnv::new()
        .file(
            "portal.yaml",
            "sources:\n  - backstage: http://127.0.0.1:9\n",
        )
        .env("PORTAL_CACHE_DIR", "cache");
    let run = env.run(["sync"]);
    run.code(1);
    assert!(
        run.stderr.contains("cannot reach http://127.0.0.1:9"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_backstage_source_is_checked_where_it_is_written() {
    let cases = [
        (
            "sources:\n  - backstage: https://b.example\n    token: abc123secret\n",
            "portal.yaml:3:12",
            "`token` must be `env:NAME`",
        ),
        (
            "sources:\n  - backstage: https://user:pw@b.example\n",
            "portal.yaml:2:16",
            "without credentials",
        ),
        (
            "sources:\n  - backstage: ftp://b.example\n",
            "portal.yaml:2:16",
            "must be the http(s) URL of a Backstage",
        ),
        (
            "sources:\n  - backstage: https://b.example\n    filter: ','\n",
            "portal.yaml:3:13",
            "filter",
        ),
        (
            "sources:\n  - backstage: https://b.example\n    tokn: env:X\n",
            "portal.yaml:3:11",
            "unknown source setting `tokn`; a backstage source knows `token` and `filter`",
        ),
        (
            "integrations:\n  jenkins: not a url\n",
            "portal.yaml:2:12",
            "`integrations.jenkins` must be an http(s) URL",
        ),
        (
            "integrations:\n  jira: https://j.example\n",
            "portal.yaml:2:9",
            "unknown integration `jira`",
        ),
        (
            "plugins:\n  timeout: 2h\n",
            "portal.yaml:2:12",
            "`plugins.timeout` must be a duration",
        ),
    ];
    for (yaml, at, says) in cases {
        let env = TestEnv::new().file("portal.yaml", yaml);
        let run = env.run(["list"]);
        run.code(2);
        assert!(
            run.stderr.contains(at) && run.stderr.contains(says),
            "{yaml}\n{}",
            run.stderr
        );
        assert!(
            !run.stderr.contains("abc123secret") && !run.stderr.contains(":pw@"),
            "a secret was printed: {}",
            run.stderr
        );
    }
    // A token from a command; the variable missing is said by name.
    let env = TestEnv::new()
        .file(
            "portal.yaml",
            "sources:\n  - backstage: http://127.0.0.1:9\n    token: env:NOPE_TOKEN\n",
        )
        .env("PORTAL_CACHE_DIR", "cache")
        .env("PATH", "/usr/bin:/bin");
    let run = env.run(["sync"]);
    run.code(1);
    assert!(
        run.stderr
            .contains("the token variable NOPE_TOKEN is not set"),
        "{}",
        run.stderr
    );
}

/// A relay on 127.0.0.1 in front of the real backend (**not a stand-in**: every byte comes
/// from Backstage). It pipes connections through, counts the `by-query` requests, and when
/// armed holds the one numbered `at`, says so on `hit`, and waits for `go` before passing
/// it on: the test does its fault (kills the server, or presses Ctrl-C) in between.
struct Relay {
    url: String,
    armed: std::sync::Arc<std::sync::Mutex<Option<usize>>>,
    count: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    hit: std::sync::mpsc::Receiver<()>,
    go: std::sync::mpsc::SyncSender<()>,
}

fn relay(backend: &str) -> Relay {
    use std::net::{TcpListener, TcpStream};
    use std::sync::{Arc, Mutex, mpsc};
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let backend = backend.trim_start_matches("http://").to_string();
    let armed: Arc<Mutex<Option<usize>>> = Arc::new(Mutex::new(None));
    let count = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let (hit_tx, hit) = mpsc::sync_channel(8);
    let (go, go_rx) = mpsc::sync_channel::<()>(8);
    let go_rx = Arc::new(Mutex::new(go_rx));
    let (state, counted) = (armed.clone(), count.clone());
    std::thread::spawn(move || {
        for client in listener.incoming().flatten() {
            let Ok(server) = TcpStream::connect(&backend) else {
                continue; // the server is gone: the connection just closes
            };
            let (mut from_client, mut to_client) = (client.try_clone().unwrap(), client);
            let (mut to_server, mut from_server) = (server.try_clone().unwrap(), server);
            std::thread::spawn(move || {
                let _ = std::io::copy(&mut from_server, &mut to_client);
                let _ = to_client.shutdown(std::net::Shutdown::Both);
            });
            let (state, count, hit_tx, go_rx) = (
                state.clone(),
                counted.clone(),
                hit_tx.clone(),
                go_rx.clone(),
            );
            std::thread::spawn(move || {
                let mut buf = vec![0u8; 64 * 1024];
                loop {
                    let n = match from_client.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => n,
                    };
                    let text = String::from_utf8_lossy(&buf[..n]);
                    if text.contains("/api/catalog/entities/by-query") {
                        let i = count.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
                        if *state.lock().unwrap() == Some(i) {
                            let _ = hit_tx.send(());
                            let _ = go_rx.lock().unwrap().recv();
                        }
                    }
                    if to_server.write_all(&buf[..n]).is_err() {
                        break;
                    }
                }
                let _ = to_server.shutdown(std::net::Shutdown::Both);
            });
        }
    });
    Relay {
        url,
        armed,
        count,
        hit,
        go,
    }
}

/// Every file of the snapshots in `cache`, with its bytes.
fn snapshot_files(cache: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for dir in std::fs::read_dir(cache.join("backstage"))
        .unwrap()
        .flatten()
    {
        for f in std::fs::read_dir(dir.path()).unwrap().flatten() {
            out.push((
                f.file_name().to_string_lossy().to_string(),
                std::fs::read(f.path()).unwrap(),
            ));
        }
    }
    out.sort();
    out
}

#[test]
fn killing_the_server_or_pressing_ctrl_c_mid_sync_keeps_the_previous_snapshot() {
    // More than one page (500) of entities, so that a sync is mid-way after the first.
    let served = tempfile::tempdir().unwrap();
    catalog_files(served.path());
    let many: String = (0..520)
        .map(|i| {
            format!(
                "---\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: bulk-{i}\nspec:\n  type: service\n  lifecycle: production\n  owner: team-a\n"
            )
        })
        .collect();
    std::fs::create_dir_all(served.path().join("bulk")).unwrap();
    std::fs::write(served.path().join("bulk/catalog-info.yaml"), many).unwrap();
    let server = start(served.path());
    let relay = relay(&server.url);
    let env = synced_from(&relay.url);
    let run = env.run(["sync"]);
    run.success();
    assert!(
        run.stderr.contains("524 entities, in full"),
        "{}",
        run.stderr
    );
    let good = snapshot_files(&env.path().join("cache"));
    let names = || {
        env.run(["list", "--format", "names"])
            .stdout
            .lines()
            .count()
    };
    assert_eq!(names(), 524);

    // Ctrl-C while the second page is on its way: the process stops, nothing is replaced.
    let second = || Some(relay.count.load(std::sync::atomic::Ordering::SeqCst) + 2);
    *relay.armed.lock().unwrap() = second();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("portal"))
        .arg("sync")
        .current_dir(env.path())
        .env_clear()
        .env("HOME", env.path())
        .env("PORTAL_CACHE_DIR", "cache")
        .env("BACKSTAGE_TOKEN", TOKEN)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    relay
        .hit
        .recv_timeout(Duration::from_secs(60))
        .expect("the sync reached its second page");
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(child.id() as i32),
        nix::sys::signal::Signal::SIGINT,
    )
    .unwrap();
    let status = child.wait().unwrap();
    let _ = relay.go.send(());
    use std::os::unix::process::ExitStatusExt;
    assert!(
        status.signal() == Some(2) || status.code() == Some(130),
        "Ctrl-C: {status:?}"
    );
    let after: Vec<_> = snapshot_files(&env.path().join("cache"))
        .into_iter()
        .filter(|(n, _)| !n.starts_with(".tmp"))
        .collect();
    assert_eq!(after, good, "Ctrl-C changed the snapshot");
    assert_eq!(names(), 524);

    // The server killed while the second page is on its way: one line, the snapshot kept.
    *relay.armed.lock().unwrap() = second();
    let (env2, relay2) = (&env, &relay);
    std::thread::scope(|s| {
        let sync = s.spawn(move || env2.run(["sync"]));
        relay2
            .hit
            .recv_timeout(Duration::from_secs(60))
            .expect("the sync reached its second page");
        drop(server);
        let _ = relay2.go.send(());
        let run = sync.join().unwrap();
        run.code(1);
        assert!(run.stderr.contains("cannot sync"), "{}", run.stderr);
        assert!(run.stderr.contains("stays in use"), "{}", run.stderr);
    });
    let after: Vec<_> = snapshot_files(&env.path().join("cache"))
        .into_iter()
        .filter(|(n, _)| n != "status.json" && !n.starts_with(".tmp"))
        .collect();
    assert_eq!(after, good, "the failed sync changed the snapshot");
    let run = env.run(["list", "--format", "names"]);
    assert_eq!(run.stdout.lines().count(), 524);
    assert!(run.stderr.contains("failed to sync"), "{}", run.stderr);
}
