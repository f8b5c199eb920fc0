//! Git sources: local repositories read at a ref, remotes synced into the cache (over
//! `file://` and over a loopback HTTP server running `git http-backend`), and provenance.

use std::collections::BTreeMap;
use std::path::Path;

use git2::{Oid, Repository, Signature};

use crate::index::expect_usage_has;
use crate::support::{TestEnv, component, group};

/// Writes a tree of `files` (path → content) into `repo`.
fn write_tree(repo: &Repository, files: &[(&str, &str)]) -> Oid {
    enum Node {
        File(Vec<u8>),
        Dir(BTreeMap<String, Node>),
    }
    fn insert(dir: &mut BTreeMap<String, Node>, parts: &[&str], content: &str) {
        match parts {
            [] => {}
            [name] => {
                dir.insert((*name).to_string(), Node::File(content.as_bytes().to_vec()));
            }
            [name, rest @ ..] => {
                let entry = dir
                    .entry((*name).to_string())
                    .or_insert_with(|| Node::Dir(BTreeMap::new()));
                if let Node::Dir(sub) = entry {
                    insert(sub, rest, content);
                }
            }
        }
    }
    fn build(repo: &Repository, dir: &BTreeMap<String, Node>) -> Oid {
        let mut b = repo.treebuilder(None).expect("a tree builder");
        for (name, node) in dir {
            match node {
                Node::File(bytes) => {
                    let blob = repo.blob(bytes).expect("a blob");
                    b.insert(name, blob, 0o100644).expect("insert a blob");
                }
                Node::Dir(sub) => {
                    let tree = build(repo, sub);
                    b.insert(name, tree, 0o040000).expect("insert a tree");
                }
            }
        }
        b.write().expect("write a tree")
    }
    let mut root = BTreeMap::new();
    for (path, content) in files {
        let parts: Vec<&str> = path.split('/').collect();
        insert(&mut root, &parts, content);
    }
    build(repo, &root)
}

/// Commits `files` (the whole tree) on `branch`, after its current tip.
pub fn commit(repo: &Repository, branch: &str, files: &[(&str, &str)]) -> Oid {
    let sig = Signature::now("Test", "test@example.com").expect("a signature");
    let tree = repo
        .find_tree(write_tree(repo, files))
        .expect("the new tree");
    let refname = format!("refs/heads/{branch}");
    let parent = repo
        .find_reference(&refname)
        .ok()
        .and_then(|r| r.peel_to_commit().ok());
    let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
    repo.commit(Some(&refname), &sig, &sig, "a commit", &tree, &parents)
        .expect("a commit")
}

/// A repository in the fixture's `repo/` whose HEAD is `main`.
fn local_repo(env: &TestEnv) -> (std::path::PathBuf, Repository) {
    let dir = env.path().join("repo");
    let repo = Repository::init(&dir).expect("a repository");
    repo.set_head("refs/heads/main").expect("HEAD on main");
    (dir, repo)
}

/// A bare repository whose HEAD is `main`.
pub fn bare(path: &Path) -> Repository {
    let repo = Repository::init_bare(path).expect("a bare repository");
    repo.set_head("refs/heads/main").expect("HEAD on main");
    repo
}

pub fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// A test environment where `git` can run and the cache is inside the fixture.
pub fn git_env() -> TestEnv {
    let env = TestEnv::new();
    let cache = env.path().join("cache").display().to_string();
    env.env("PATH", &std::env::var("PATH").unwrap_or_default())
        .env("PORTAL_CACHE_DIR", &cache)
}

fn names(env: &TestEnv) -> Vec<String> {
    let run = env.run(["list", "--format", "names"]);
    run.success();
    let mut names: Vec<String> = run.stdout.lines().map(str::to_string).collect();
    names.sort();
    names
}

fn user(name: &str) -> String {
    format!(
        "apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata:\n  name: {name}\nspec:\n  memberOf: []\n"
    )
}

#[test]
fn a_local_repository_is_read_at_its_ref_not_from_the_working_tree() {
    let env = git_env();
    let (dir, repo) = local_repo(&env);
    let alpha = component("alpha", "team-a").replace(
        "metadata:\n  name: alpha\n",
        "metadata:\n  name: alpha\n  description:\n    $text: ./README.md\n",
    );
    let location = "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: org\nspec:\n  targets:\n    - ./org/*.yaml\n";
    let first = commit(
        &repo,
        "main",
        &[
            ("svc/catalog-info.yaml", &alpha),
            ("svc/README.md", "alpha as committed"),
            ("catalog-info.yaml", location),
            ("org/team-a.yaml", &group("team-a")),
        ],
    );
    repo.branch(
        "old",
        &repo.find_commit(first).expect("the first commit"),
        false,
    )
    .expect("a branch");
    commit(
        &repo,
        "main",
        &[
            ("svc/catalog-info.yaml", &alpha),
            ("svc/README.md", "alpha as committed"),
            ("catalog-info.yaml", location),
            ("org/team-a.yaml", &group("team-a")),
            ("beta/catalog-info.yaml", &component("beta", "team-a")),
            ("node_modules/x/catalog-info.yaml", &component("npm", "x")),
        ],
    );
    // The working tree says something else entirely.
    std::fs::write(dir.join("catalog-info.yaml"), component("gamma", "team-a")).expect("write");
    std::fs::create_dir_all(dir.join("svc")).expect("create");
    std::fs::write(dir.join("svc/README.md"), "the working tree").expect("write");
    let env = env.file("portal.yaml", "sources:\n  - path: repo\n    ref: old\n");
    assert_eq!(
        names(&env),
        [
            "component:default/alpha",
            "group:default/team-a",
            "location:default/org"
        ]
    );
    let shown = env.run(["show", "alpha", "--json"]);
    shown.success();
    let json = shown.json();
    assert_eq!(
        json["entity"]["metadata"]["description"],
        "alpha as committed"
    );
    assert_eq!(json["definedIn"]["commit"], first.to_string());
    assert_eq!(json["definedIn"]["ref"], "old");
    assert_eq!(json["definedIn"]["path"], "svc/catalog-info.yaml");
    assert_eq!(json["definedIn"]["file"], "repo#old:svc/catalog-info.yaml");
    let annotations = &json["entity"]["metadata"]["annotations"];
    let repo_url = format!("file://{}", dir.display());
    assert_eq!(
        annotations["backstage.io/managed-by-location"],
        format!("url:{repo_url}#old:svc/catalog-info.yaml")
    );
    assert_eq!(
        annotations["backstage.io/source-location"],
        format!("url:{repo_url}#old:svc/")
    );

    let env = env.file("portal.yaml", "sources:\n  - path: repo\n    ref: main\n");
    let got = names(&env);
    assert_eq!(
        got,
        [
            "component:default/alpha",
            "component:default/beta",
            "group:default/team-a",
            "location:default/org"
        ]
    );
    let validate = env.run(["validate"]);
    validate.success();
    assert!(
        validate.stdout.contains("in 4 files"),
        "{}",
        validate.stdout
    );

    let env = env.file("portal.yaml", "sources:\n  - path: repo\n    ref: nope\n");
    let run = env.run(["list"]);
    run.code(2);
    assert!(
        run.stderr.contains("no commit at ref `nope`"),
        "{}",
        run.stderr
    );
}

#[test]
fn sync_clones_then_fetches_and_queries_read_the_cache() {
    let env = git_env();
    let remote_dir = env.path().join("remote.git");
    let remote = bare(&remote_dir);
    commit(
        &remote,
        "main",
        &[("catalog-info.yaml", &component("alpha", "team-a"))],
    );
    let url = file_url(&remote_dir);
    let env = env.file("portal.yaml", &format!("sources:\n  - git: {url}\n"));

    // Never synced: a warning, nothing else, and no network.
    let run = env.run(["list", "--format", "names"]);
    run.success();
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .contains(&format!("git source {url} has never been synced"))
            && run.stderr.contains("run `portal sync`"),
        "{}",
        run.stderr
    );
    // validate fails rather than pass on nothing.
    let run = env.run(["validate"]);
    run.code(2);
    assert!(
        run.stderr
            .contains(&format!("error: git source {url} has never been synced")),
        "{}",
        run.stderr
    );

    let run = env.run(["sync"]);
    run.success();
    let head = remote.refname_to_id("refs/heads/main").expect("main");
    assert!(
        run.stderr.contains(&format!(
            "synced {url} at HEAD (commit {})",
            &head.to_string()[..7]
        )),
        "{}",
        run.stderr
    );
    assert_eq!(names(&env), ["component:default/alpha"]);

    // A new commit is not seen until the next sync: queries read the cache.
    commit(
        &remote,
        "main",
        &[
            ("catalog-info.yaml", &component("alpha", "team-a")),
            ("b/catalog-info.yaml", &component("beta", "team-a")),
        ],
    );
    assert_eq!(names(&env), ["component:default/alpha"]);
    // Read from the index: the cached clone's ref has not moved.
    expect_usage_has(&env.run(["-v", "list"]), "1 of 1 git source(s) reused");
    env.run(["sync"]).success();
    // The sync moved it: read again.
    expect_usage_has(&env.run(["-v", "list"]), "0 of 1 git source(s) reused");
    assert_eq!(
        names(&env),
        ["component:default/alpha", "component:default/beta"]
    );

    // `--refresh` syncs first.
    commit(
        &remote,
        "main",
        &[("catalog-info.yaml", &component("gamma", "team-a"))],
    );
    let run = env.run(["list", "--format", "names", "--refresh"]);
    run.success();
    assert_eq!(run.stdout, "component:default/gamma\n");
    assert!(run.stderr.contains("synced"), "{}", run.stderr);

    // Provenance: the URL, the ref and the path; the commit in `show`.
    let list = env.run(["list", "--json"]);
    list.success();
    assert_eq!(
        list.json()[0]["metadata"]["annotations"]["backstage.io/managed-by-location"],
        format!("url:{url}#HEAD:catalog-info.yaml")
    );
    let show = env.run(["show", "gamma", "--json"]);
    show.success();
    let head = remote.refname_to_id("refs/heads/main").expect("main");
    assert_eq!(show.json()["definedIn"]["commit"], head.to_string());
    assert_eq!(show.json()["definedIn"]["repository"], url);
}

#[test]
fn refs_and_folders_of_a_remote_are_read_as_configured() {
    let env = git_env();
    let remote_dir = env.path().join("remote.git");
    let remote = bare(&remote_dir);
    let first = commit(
        &remote,
        "main",
        &[
            ("teams/catalog-info.yaml", &group("team-a")),
            ("catalog-info.yaml", &component("alpha", "team-a")),
        ],
    );
    commit(
        &remote,
        "main",
        &[
            ("teams/catalog-info.yaml", &group("team-a")),
            ("teams/people/catalog-info.yaml", &user("jdoe")),
            ("catalog-info.yaml", &component("alpha", "team-a")),
        ],
    );
    commit(
        &remote,
        "feature",
        &[("catalog-info.yaml", &component("feat", "team-a"))],
    );
    let url = file_url(&remote_dir);
    let env = env.file(
        "portal.yaml",
        &format!(
            "sources:\n  - git: {url}\n    ref: {}\n  - git: {url}\n    ref: main\n    path: teams/people\n  - git: {url}\n    ref: feature\n",
            &first.to_string()[..10]
        ),
    );
    env.run(["sync"]).success();
    let got = names(&env);
    assert_eq!(
        got,
        [
            "component:default/alpha",
            "component:default/feat",
            "group:default/team-a",
            "user:default/jdoe"
        ]
    );
}

#[test]
fn a_broken_or_unreachable_repository_is_skipped_with_a_warning() {
    let env = git_env();
    let (a_dir, b_dir) = (env.path().join("a.git"), env.path().join("b.git"));
    commit(
        &bare(&a_dir),
        "main",
        &[("catalog-info.yaml", &component("alpha", "x"))],
    );
    commit(
        &bare(&b_dir),
        "main",
        &[("catalog-info.yaml", &component("beta", "x"))],
    );
    let (a, b) = (file_url(&a_dir), file_url(&b_dir));
    let env = env.file(
        "portal.yaml",
        &format!("sources:\n  - git: {a}\n  - git: {b}\n"),
    );
    env.run(["sync"]).success();

    // The repository goes away: a warning naming it, the other still syncs, exit 1;
    // queries still read what was synced.
    std::fs::remove_dir_all(&a_dir).expect("remove a repository");
    let run = env.run(["sync"]);
    run.code(1);
    assert!(
        run.stderr
            .contains(&format!("warning: cannot sync {a} at HEAD: ")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!("synced {b} at HEAD")),
        "{}",
        run.stderr
    );
    let got = names(&env);
    assert_eq!(got, ["component:default/alpha", "component:default/beta"]);
    // Queries say the source is older than its last attempt, and why.
    let run = env.run(["list", "--format", "names"]);
    run.success();
    assert!(
        run.stderr.contains(&format!(
            "warning: git source {a} failed to sync just now ("
        )) && run.stderr.contains("; read as last synced, just now"),
        "{}",
        run.stderr
    );
    // A source read from the cache still counts for validate.
    env.run(["validate"]).success();

    // A URL that was never reachable.
    let env = env.file(
        "portal.yaml",
        &format!("sources:\n  - git: file:///nonexistent/repo.git\n  - git: {b}\n"),
    );
    let run = env.run(["sync"]);
    run.code(1);
    assert!(
        run.stderr
            .contains("warning: cannot sync file:///nonexistent/repo.git at HEAD: "),
        "{}",
        run.stderr
    );
    let run = env.run(["list", "--format", "names"]);
    run.success();
    assert_eq!(run.stdout, "component:default/beta\n");
    assert!(
        run.stderr
            .contains("git source file:///nonexistent/repo.git failed to sync just now (")
            && run
                .stderr
                .contains("and has never synced, so it is left out"),
        "{}",
        run.stderr
    );
    // CI must not pass on a source it could not read.
    let run = env.run(["validate", "--strict", "--format", "json"]);
    run.code(2);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr
            .contains("error: git source file:///nonexistent/repo.git failed to sync just now (")
            && run.stderr.contains("run `portal sync`"),
        "{}",
        run.stderr
    );
}

#[test]
fn credentials_in_urls_are_never_printed() {
    // Port 9 on the loopback: nothing listens, the connection is refused at once.
    let env = git_env().file(
        "portal.yaml",
        "sources:\n  - git: http://someone:s3cr3t@127.0.0.1:9/repo.git\n",
    );
    let run = env.run(["sync"]);
    run.code(1);
    assert!(
        run.stderr
            .contains("cannot sync http://127.0.0.1:9/repo.git at HEAD"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("s3cr3t"), "{}", run.stderr);
    let run = env.run(["list"]);
    assert!(!run.stderr.contains("s3cr3t"), "{}", run.stderr);
    // Nor written to the index.
    let index = env.path().join("cache/index");
    let files: Vec<_> = std::fs::read_dir(&index)
        .expect("an index was written")
        .flatten()
        .collect();
    assert!(!files.is_empty());
    for f in files {
        let bytes = std::fs::read(f.path()).expect("read the index");
        assert!(
            !bytes.windows(6).any(|w| w == b"s3cr3t"),
            "{} holds the password",
            f.path().display()
        );
    }
}

#[test]
fn a_sync_without_git_sources_says_so() {
    let env = git_env().file("portal.yaml", "sources:\n  - .\n");
    let run = env.run(["sync"]);
    run.success();
    assert!(
        run.stderr
            .contains("nothing to sync: portal.yaml lists no git or backstage sources"),
        "{}",
        run.stderr
    );
}

#[test]
fn malformed_git_sources_are_configuration_errors() {
    let env = git_env().file("portal.yaml", "sources:\n  - ref: main\n");
    let run = env.run(["list"]);
    run.code(2);
    assert!(run.stderr.contains("portal.yaml:2:5"), "{}", run.stderr);
    let env = env.file("portal.yaml", "sources:\n  - git: x\n    branch: main\n");
    let run = env.run(["list"]);
    run.code(2);
    assert!(
        run.stderr.contains("unknown source setting `branch`"),
        "{}",
        run.stderr
    );
}

/// A loopback HTTP server that runs `git http-backend` as a CGI program for every
/// request, for at most two minutes; it stops when dropped.
struct GitHttpServer {
    port: u16,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    handle: Option<std::thread::JoinHandle<()>>,
}

impl GitHttpServer {
    fn start(project_root: &Path) -> Self {
        use std::sync::atomic::{AtomicBool, Ordering};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind the loopback");
        listener.set_nonblocking(true).expect("non-blocking");
        let port = listener.local_addr().expect("an address").port();
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        let root = project_root.to_path_buf();
        let flag = stop.clone();
        let handle = std::thread::spawn(move || {
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
            while !flag.load(Ordering::SeqCst) && std::time::Instant::now() < deadline {
                match listener.accept() {
                    Ok((stream, _)) => {
                        // A failed exchange shows up as a failed sync in the test.
                        let _ = serve(stream, &root);
                    }
                    Err(_) => std::thread::sleep(std::time::Duration::from_millis(10)),
                }
            }
        });
        GitHttpServer {
            port,
            stop,
            handle: Some(handle),
        }
    }
}

impl Drop for GitHttpServer {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

/// One request: parsed, handed to `git http-backend`, its CGI answer sent back as HTTP.
fn serve(stream: std::net::TcpStream, root: &Path) -> std::io::Result<()> {
    use std::io::{BufRead, BufReader, Read, Write};
    stream.set_nonblocking(false)?;
    stream.set_read_timeout(Some(std::time::Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("GET").to_string();
    let target = parts.next().unwrap_or("/").to_string();
    let mut headers: Vec<(String, String)> = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    let header = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let length: usize = header("content-length").parse().unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let mut child = std::process::Command::new("git")
        .arg("http-backend")
        .env("GIT_PROJECT_ROOT", root)
        .env("GIT_HTTP_EXPORT_ALL", "1")
        .env("PATH_INFO", path)
        .env("QUERY_STRING", query)
        .env("REQUEST_METHOD", &method)
        .env("CONTENT_TYPE", header("content-type"))
        .env("CONTENT_LENGTH", length.to_string())
        .env("HTTP_CONTENT_ENCODING", header("content-encoding"))
        .env("GIT_PROTOCOL", header("git-protocol"))
        .env("REMOTE_ADDR", "127.0.0.1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(&body)?;
    }
    let out = child.wait_with_output()?;
    let split = out
        .stdout
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| (i, 4))
        .or_else(|| {
            out.stdout
                .windows(2)
                .position(|w| w == b"\n\n")
                .map(|i| (i, 2))
        })
        .unwrap_or((out.stdout.len(), 0));
    let head = String::from_utf8_lossy(&out.stdout[..split.0]).into_owned();
    let content = &out.stdout[(split.0 + split.1).min(out.stdout.len())..];
    let mut status = "200 OK".to_string();
    let mut response = Vec::new();
    for line in head.lines().filter(|l| !l.trim().is_empty()) {
        match line.split_once(':') {
            Some((k, v)) if k.eq_ignore_ascii_case("status") => status = v.trim().to_string(),
            Some(_) => response.extend_from_slice(format!("{line}\r\n").as_bytes()),
            None => {}
        }
    }
    let mut stream = stream;
    stream.write_all(format!("HTTP/1.1 {status}\r\n").as_bytes())?;
    stream.write_all(&response)?;
    stream.write_all(
        format!(
            "Content-Length: {}\r\nConnection: close\r\n\r\n",
            content.len()
        )
        .as_bytes(),
    )?;
    stream.write_all(content)?;
    stream.flush()
}

#[test]
fn sync_works_over_http_and_never_prints_credentials() {
    let env = git_env();
    let served = env.path().join("served");
    let remote = bare(&served.join("remote.git"));
    commit(
        &remote,
        "main",
        &[("catalog-info.yaml", &component("alpha", "x"))],
    );
    let server = GitHttpServer::start(&served);
    let url = format!("http://127.0.0.1:{}/remote.git", server.port);
    let with_token = url.replace("http://", "http://portal:t0k3n@");
    let env = env.file(
        "portal.yaml",
        &format!("sources:\n  - git: {with_token}\n    ref: main\n"),
    );
    let run = env.run(["sync"]);
    run.success();
    assert!(
        run.stderr
            .contains(&format!("synced {url} at main (commit ")),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("t0k3n"), "{}", run.stderr);

    // New commits come with the next sync.
    commit(
        &remote,
        "main",
        &[("catalog-info.yaml", &component("beta", "x"))],
    );
    env.run(["sync"]).success();
    drop(server);
    // The server is gone: queries still answer from the cache.
    let list = env.run(["list", "--json"]);
    list.success();
    let json = list.json();
    assert_eq!(json[0]["metadata"]["name"], "beta");
    let location = json[0]["metadata"]["annotations"]["backstage.io/managed-by-location"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert_eq!(location, format!("url:{url}#main:catalog-info.yaml"));
    assert!(!list.stdout.contains("t0k3n") && !list.stderr.contains("t0k3n"));
}

#[test]
fn the_index_keys_a_repository_by_its_commit() {
    let env = git_env();
    let (dir, repo) = local_repo(&env);
    let team = group("team-a");
    let alpha = component("alpha", "team-a");
    commit(
        &repo,
        "main",
        &[
            ("catalog-info.yaml", &alpha),
            ("team/catalog-info.yaml", &team),
        ],
    );
    let env = env.file("portal.yaml", "sources:\n  - path: repo\n    ref: main\n");
    let list = || {
        let run = env.run(["-v", "list", "--format", "names"]);
        run.success();
        run
    };
    let first = list();
    expect_usage_has(&first, "0 of 1 git source(s) reused");
    // Unchanged: the ref still points at the same commit, and nothing is read again.
    let second = list();
    expect_usage_has(&second, "1 of 1 git source(s) reused");
    expect_usage_has(&second, "(unchanged)");
    assert_eq!(first.stdout, second.stdout);
    // A working-tree edit is not the ref's content: still reused.
    std::fs::write(dir.join("catalog-info.yaml"), component("dirty", "team-a")).expect("write");
    assert_eq!(list().stdout, first.stdout);
    // A new commit moves the ref: read again.
    let beta = component("beta", "team-a");
    commit(
        &repo,
        "main",
        &[
            ("catalog-info.yaml", &alpha),
            ("beta/catalog-info.yaml", &beta),
            ("team/catalog-info.yaml", &team),
        ],
    );
    let third = list();
    expect_usage_has(&third, "0 of 1 git source(s) reused");
    assert!(
        third.stdout.contains("component:default/beta"),
        "{}",
        third.stdout
    );
    let bypass = env.run(["list", "--format", "names", "--no-cache"]);
    assert_eq!(bypass.stdout, third.stdout);
}

#[test]
fn exclude_applies_to_git_sources_read_at_a_ref() {
    let env = git_env();
    let (_, repo) = local_repo(&env);
    commit(
        &repo,
        "main",
        &[
            ("svc/catalog-info.yaml", &component("svc", "team-a")),
            ("test/mocks/catalog-info.yaml", &component("mock", "team-a")),
        ],
    );
    let env = env.file(
        "portal.yaml",
        "sources:\n  - path: repo\n    ref: main\nexclude: [mocks/]\n",
    );
    assert_eq!(names(&env), ["component:default/svc"]);
}

/// `who-owns PATH` inside a git source read at a ref: the path as portal shows it
/// (`REPOSITORY#REF:PATH`) or as a path in the local repository's folder, answered from the
/// ref, with the CODEOWNERS of the ref's tree (not of the working tree).
#[test]
fn who_owns_a_path_inside_a_git_source_reads_the_ref() {
    let env = git_env();
    let (dir, repo) = local_repo(&env);
    commit(
        &repo,
        "main",
        &[
            ("team/catalog-info.yaml", &crate::support::group("team-a")),
            ("svc/catalog-info.yaml", &component("alpha", "team-a")),
            ("svc/src/lib.rs", "\n"),
            (
                ".github/CODEOWNERS",
                "* @acme/platform\n/svc/ @acme/team-a\n",
            ),
        ],
    );
    // The working tree says otherwise; the ref is what portal reads.
    std::fs::create_dir_all(dir.join("svc/src")).expect("mkdir");
    std::fs::write(dir.join("svc/src/lib.rs"), "\n").expect("write");
    std::fs::create_dir_all(dir.join(".github")).expect("mkdir");
    std::fs::write(dir.join(".github/CODEOWNERS"), "* @acme/someone-else\n").expect("write");
    let env = env.file("portal.yaml", "sources:\n  - path: repo\n    ref: main\n");
    for target in ["repo/svc/src/lib.rs", "repo#main:svc/src/lib.rs"] {
        let run = env.run(["who-owns", target, "--json"]);
        run.success();
        let v = run.json();
        let refs: Vec<&str> = v["entities"]
            .as_array()
            .expect("entities")
            .iter()
            .filter_map(|e| e["ref"].as_str())
            .collect();
        assert_eq!(refs, ["component:default/alpha"], "{target}: {v:#}");
        assert_eq!(
            v["codeowners"]["owners"],
            serde_json::json!(["@acme/team-a"]),
            "{target}: {v:#}"
        );
        assert_eq!(
            v["codeowners"]["file"], "repo#main:.github/CODEOWNERS",
            "{target}"
        );
        assert_eq!(v["agree"], true, "{target}");
    }
    let folder = env.run(["who-owns", "repo#main:svc"]);
    folder.success();
    assert!(folder.stdout.contains("alpha"), "{}", folder.stdout);
    let nothing = env.run(["who-owns", "repo#main:nowhere"]);
    nothing.code(1);
    assert!(
        nothing
            .stderr
            .contains("repo#main:nowhere is not in the source's tree at main"),
        "{}",
        nothing.stderr
    );
}

/// `portal docs` reads a git source's docs from its ref's tree, as everything else about
/// it: the working tree's edits are not what the catalog says.
#[test]
fn docs_of_a_git_source_come_from_its_ref() {
    let env = git_env();
    let (dir, repo) = local_repo(&env);
    let svc = component("alpha", "team-a").replace(
        "metadata:\n  name: alpha\n",
        "metadata:\n  name: alpha\n  annotations:\n    backstage.io/techdocs-ref: dir:.\n",
    );
    commit(
        &repo,
        "main",
        &[
            ("team/catalog-info.yaml", &crate::support::group("team-a")),
            ("svc/catalog-info.yaml", &svc),
            (
                "svc/mkdocs.yml",
                "site_name: Alpha\nnav:\n  - Home: index.md\n  - Ops: ops.md\n",
            ),
            ("svc/docs/index.md", "# Alpha as committed\n"),
            ("svc/docs/ops.md", "# Operating alpha\n"),
        ],
    );
    std::fs::create_dir_all(dir.join("svc/docs")).expect("mkdir");
    std::fs::write(dir.join("svc/docs/index.md"), "# Alpha as edited\n").expect("write");
    let env = env.file("portal.yaml", "sources:\n  - path: repo\n    ref: main\n");
    let run = env.run(["docs", "alpha"]);
    run.success();
    assert!(
        run.stdout.contains("# Alpha as committed"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("repo#main:svc/docs/index.md"),
        "{}",
        run.stdout
    );
    let ops = env.run(["docs", "alpha", "Ops"]);
    ops.success();
    assert!(ops.stdout.contains("# Operating alpha"), "{}", ops.stdout);
}

/// Docs of a synced remote, two ways: `dir:` beside a descriptor read from it, and a
/// descriptor elsewhere whose `url:` names that repository (a configured git source).
#[test]
fn docs_of_a_synced_remote_by_dir_and_by_url() {
    let env = git_env();
    let remote_dir = env.path().join("docs.git");
    let remote = bare(&remote_dir);
    let svc = component("beta", "team-a").replace(
        "metadata:\n  name: beta\n",
        "metadata:\n  name: beta\n  annotations:\n    backstage.io/techdocs-ref: dir:.\n",
    );
    commit(
        &remote,
        "main",
        &[
            ("catalog-info.yaml", &svc),
            ("mkdocs.yml", "site_name: Beta\n"),
            ("docs/index.md", "# Beta from the remote\n"),
            ("handbook/mkdocs.yml", "site_name: Handbook\n"),
            ("handbook/docs/index.md", "# The handbook, by URL\n"),
        ],
    );
    let url = file_url(&remote_dir);
    let local = component("gamma", "team-a").replace(
        "metadata:\n  name: gamma\n",
        &format!(
            "metadata:\n  name: gamma\n  annotations:\n    backstage.io/techdocs-ref: url:{url}/tree/main/handbook\n"
        ),
    );
    let env = env
        .file(
            "local/catalog-info.yaml",
            &format!("{local}---\n{}", crate::support::group("team-a")),
        )
        .file(
            "portal.yaml",
            &format!("sources:\n  - local\n  - git: {url}\n    ref: main\n"),
        );
    env.run(["sync"]).success();
    let beta = env.run(["docs", "beta"]);
    beta.success();
    assert!(
        beta.stdout.contains("# Beta from the remote"),
        "{}",
        beta.stdout
    );
    let gamma = env.run(["docs", "gamma"]);
    gamma.success();
    assert!(
        gamma.stdout.contains("# The handbook, by URL"),
        "{}",
        gamma.stdout
    );
    let check = env.run(["docs", "check"]);
    check.success();
    assert!(check.stdout.contains("in 2 docs sites"), "{}", check.stdout);
}

/// Commits a repository of templates: a Location at its root, the template and its
/// skeleton in `svc/` (its README is `readme`), and `extra` files; the commit's id.
fn commit_template(repo: &Repository, readme: &str, extra: &[(&str, &str)]) -> String {
    let location = "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: templates\nspec:\n  targets: [./svc/template.yaml]\n";
    let descriptor = "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${{ values.name }}\nspec:\n  type: service\n  lifecycle: production\n  owner: group:default/platform\n";
    let mut files = vec![
        ("catalog-info.yaml", location),
        ("svc/template.yaml", crate::upgrade::TEMPLATE),
        ("svc/skeleton/catalog-info.yaml", descriptor),
        ("svc/skeleton/README.md", readme),
    ];
    files.extend_from_slice(extra);
    commit(repo, "main", &files).to_string()
}

/// `portal create svc` into `proj/`; its README and `.portal/answers.yaml`.
fn create_proj(env: &TestEnv) -> (String, String) {
    env.run([
        "create",
        "svc",
        "--no-input",
        "--no-git",
        "--set",
        "name=proj",
        "--output",
        "proj",
    ])
    .success();
    (
        read_proj(env, "README.md"),
        read_proj(env, ".portal/answers.yaml"),
    )
}

fn read_proj(env: &TestEnv, path: &str) -> String {
    std::fs::read_to_string(env.path().join("proj").join(path)).expect("a file of the project")
}

fn upgrade_finds_nothing(env: &TestEnv) {
    let run = env.run_in("proj", ["upgrade"]);
    run.success();
    assert!(run.stdout.contains("nothing to upgrade"), "{}", run.stdout);
}

#[test]
fn a_template_from_a_synced_remote_creates_and_upgrades_after_the_next_sync() {
    let env = git_env();
    let remote_dir = env.path().join("templates.git");
    let remote = bare(&remote_dir);
    let first = commit_template(
        &remote,
        "# ${{ values.name }}\n\ntwo\nthree\nfour\nfive\n",
        &[],
    );
    let url = file_url(&remote_dir);
    let env = env.file("local/groups.yaml", &group("platform")).file(
        "portal.yaml",
        &format!("sources:\n  - local\n  - git: {url}\n    ref: main\n"),
    );
    env.run(["sync"]).success();

    // The skeleton is in the cached clone's object database, not on disk.
    let (readme, answers) = create_proj(&env);
    assert_eq!(readme, "# proj\n\ntwo\nthree\nfour\nfive\n");
    assert!(
        answers.contains(&first)
            && answers.contains("reference: main")
            && answers.contains("path: svc"),
        "{answers}"
    );
    assert!(!answers.contains("portal-template-"), "{answers}");

    // An edit here, a change there: the project follows the remote as last synced.
    std::fs::write(
        env.path().join("proj/README.md"),
        "# proj\n\nTWO (mine)\nthree\nfour\nfive\n",
    )
    .unwrap();
    let second = commit_template(
        &remote,
        "# ${{ values.name }}\n\ntwo\nthree\nfour\nFIVE\n",
        &[],
    );
    upgrade_finds_nothing(&env);

    env.run(["sync"]).success();
    let plan = env.run_in("proj", ["upgrade", "--json"]);
    plan.success();
    let report: serde_json::Value = serde_json::from_str(&plan.stdout).unwrap();
    assert_eq!(report["from"]["commit"], first.as_str(), "{}", plan.stdout);
    assert_eq!(report["to"]["commit"], second.as_str(), "{}", plan.stdout);
    env.run_in("proj", ["upgrade", "--apply"]).success();
    assert_eq!(
        read_proj(&env, "README.md"),
        "# proj\n\nTWO (mine)\nthree\nfour\nFIVE\n"
    );
    let answers = read_proj(&env, ".portal/answers.yaml");
    assert!(answers.contains(&second), "{answers}");
    upgrade_finds_nothing(&env);
}

#[test]
fn a_template_of_a_local_repository_renders_its_ref_not_the_working_tree() {
    let env = git_env();
    let (dir, repo) = local_repo(&env);
    let first = commit_template(&repo, "# ${{ values.name }} as committed\n", &[]);
    // The working tree says otherwise; the source is read at `main`.
    std::fs::create_dir_all(dir.join("svc/skeleton")).unwrap();
    std::fs::write(dir.join("svc/skeleton/README.md"), "not committed\n").unwrap();
    let env = env.file("local/groups.yaml", &group("platform")).file(
        "portal.yaml",
        "sources:\n  - local\n  - path: repo\n    ref: main\n",
    );
    let (readme, answers) = create_proj(&env);
    assert_eq!(readme, "# proj as committed\n");
    assert!(answers.contains(&first), "{answers}");
    upgrade_finds_nothing(&env);
    // Its source gone from portal.yaml: the template is not found, and said so.
    let env = env.file("portal.yaml", "sources:\n  - local\n");
    let run = env.run_in("proj", ["upgrade"]);
    run.code(2);
    assert!(
        run.stderr.contains("the template template:default/svc this project was made from is not in the catalog now (it was read from repo#main:svc/template.yaml)")
            && run.stderr.contains("--template PATH"),
        "{}",
        run.stderr
    );
}

#[test]
fn templates_test_reads_a_git_template_and_its_cases_at_the_ref() {
    let env = git_env();
    let (_dir, repo) = local_repo(&env);
    let cases = [
        ("svc/tests/one.yaml", "name: one\n"),
        ("svc/tests/one/README.md", "# two\n"),
    ];
    commit_template(&repo, "# ${{ values.name }}\n", &cases);
    let env = env.file("portal.yaml", "sources:\n  - path: repo\n    ref: main\n");
    let run = env.run(["templates", "test"]);
    run.code(1);
    assert!(
        run.stdout
            .contains("repo#main:svc/tests/one/README.md:1:1: error[template-test-expected]")
            && run.stdout.contains("in a working copy of the repository"),
        "{}",
        run.stdout
    );
    let update = env.run(["templates", "test", "--update"]);
    update.code(2);
    assert!(
        update
            .stderr
            .contains("svc is read from git at main (repo#main:svc)"),
        "{}",
        update.stderr
    );
}
