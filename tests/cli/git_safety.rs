//! Git safety (docs/security.md): which URLs portal hands to git, the time a git call may
//! take, concurrent syncs of one cache entry, and tokens in URL queries. Real git, real
//! repositories; the one stand-in is a loopback server that accepts and never answers (a
//! stalled server cannot be made to stall on demand otherwise), labelled below.

use std::time::{Duration, Instant};

use crate::git::{bare, commit, file_url, git_env};
use crate::support::component;

/// What must never appear in any output, file name or cache file.
const TOKEN: &str = "tok3n-d0-n0t-leak";

#[test]
fn urls_that_would_run_commands_or_options_are_refused_at_config_load() {
    let marker = tempfile::tempdir().expect("a folder");
    let pwned = marker.path().join("pwned");
    let cases = [
        (
            format!("ext::sh -c touch% {}", pwned.display()),
            "runs a git remote helper",
        ),
        ("fd::3".to_string(), "runs a git remote helper"),
        (
            format!("--upload-pack=touch {}", pwned.display()),
            "starts with `-`",
        ),
        (
            "git://example.com/r.git".to_string(),
            "neither authenticated nor encrypted",
        ),
        (
            "gopher://example.com/r".to_string(),
            "`gopher://` is not one of",
        ),
    ];
    for (url, why) in cases {
        let yaml = format!("sources:\n  - git: \"{url}\"\n");
        let env = git_env().file("portal.yaml", &yaml);
        for args in [&["sync"][..], &["list"]] {
            let run = env.run(args);
            run.code(2);
            assert!(
                run.stderr.contains("portal.yaml:2:5"),
                "{url}: {}",
                run.stderr
            );
            assert!(run.stderr.contains(why), "{url}: {}", run.stderr);
        }
        assert!(!pwned.exists(), "{url} ran a command");
    }
}

#[test]
fn the_allowed_forms_are_accepted() {
    for url in [
        "https://example.com/r.git",
        "http://example.com/r.git",
        "ssh://git@example.com/r.git",
        "git@example.com:team/r.git",
        "file:///srv/r.git",
        "/srv/r.git",
    ] {
        let yaml = format!("sources:\n  - git: \"{url}\"\n");
        let env = git_env().file("portal.yaml", &yaml);
        let run = env.run(["list"]);
        // Never synced: a warning, not a configuration error.
        run.success();
        assert!(
            run.stderr.contains("has never been synced"),
            "{url}: {}",
            run.stderr
        );
    }
}

/// STAND-IN: a TCP listener on 127.0.0.1 that accepts connections and never answers,
/// because a real git server cannot be made to stall on demand.
fn stalled_server() -> (u16, std::thread::JoinHandle<()>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = listener.local_addr().expect("an address").port();
    let handle = std::thread::spawn(move || {
        let mut held = Vec::new();
        listener.set_nonblocking(true).expect("nonblocking");
        let until = Instant::now() + Duration::from_secs(30);
        while Instant::now() < until {
            if let Ok((stream, _)) = listener.accept() {
                held.push(stream);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    });
    (port, handle)
}

#[test]
fn a_stalled_server_times_out_and_names_the_source() {
    let (port, _server) = stalled_server();
    let url = format!("http://127.0.0.1:{port}/r.git");
    let env = git_env()
        .file("portal.yaml", &format!("sources:\n  - git: {url}\n"))
        .env("PORTAL_GIT_TIMEOUT", "2");
    let start = Instant::now();
    let run = env.run(["sync"]);
    let took = start.elapsed();
    run.code(1);
    assert!(took < Duration::from_secs(20), "took {took:?}");
    assert!(
        run.stderr.contains(&format!("cannot sync {url} at HEAD")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did not finish within 2 s"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("PORTAL_GIT_TIMEOUT"), "{}", run.stderr);
    // No half-made clone is left behind.
    let left: Vec<String> = std::fs::read_dir(env.path().join("cache"))
        .expect("the cache")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn concurrent_syncs_of_one_repository_both_succeed() {
    let env = git_env();
    let remote = env.path().join("remote.git");
    let repo = bare(&remote);
    let id = commit(
        &repo,
        "main",
        &[("catalog-info.yaml", &component("svc", "team"))],
    );
    let env = env.file(
        "portal.yaml",
        &format!("sources:\n  - git: {}\n    ref: main\n", file_url(&remote)),
    );
    let spawn = || {
        assert_cmd::Command::cargo_bin("portal")
            .expect("portal")
            .env_clear()
            .env("HOME", env.path())
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("PORTAL_CACHE_DIR", env.path().join("cache"))
            .current_dir(env.path())
            .arg("sync")
            .timeout(Duration::from_secs(60))
            .output()
            .expect("run portal sync")
    };
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(spawn);
        let b = s.spawn(spawn);
        (a.join().expect("a"), b.join().expect("b"))
    });
    for out in [&a, &b] {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!("(commit {})", &id.to_string()[..7])),
            "{stderr}"
        );
    }
    let names: Vec<String> = std::fs::read_dir(env.path().join("cache"))
        .expect("the cache")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names.iter().filter(|n| n.ends_with(".git")).count(),
        1,
        "{names:?}"
    );
    assert!(!names.iter().any(|n| n.contains(".tmp-")), "{names:?}");
    let run = env.run(["list", "--format", "names"]);
    run.success();
    assert_eq!(run.stdout.trim(), "component:default/svc");
}

fn all_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        out.push(path.clone());
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            all_files(&path, out);
        }
    }
}

#[test]
fn tokens_in_url_queries_are_never_printed_or_stored() {
    let env = git_env();
    let remote = env.path().join("remote.git");
    let repo = bare(&remote);
    commit(
        &repo,
        "main",
        &[("catalog-info.yaml", &component("svc", "team"))],
    );
    // Port 9: nothing listens; git fails at once and quotes the URL it was given.
    let env = env.file(
        "portal.yaml",
        &format!(
            "sources:\n  - git: \"http://127.0.0.1:9/r.git?private_token={TOKEN}&x=1\"\n  - git: \"{}?access_token={TOKEN}\"\n    ref: main\n",
            file_url(&remote)
        ),
    );
    let mut outputs = Vec::new();
    for args in [
        &["sync"][..],
        &["list"],
        &["-v", "validate"],
        &["list", "--json"],
    ] {
        let run = env.run(args);
        outputs.push(format!("{args:?}\n{}\n{}", run.stdout, run.stderr));
    }
    let all = outputs.join("\n");
    assert!(!all.contains(TOKEN), "{all}");
    assert!(all.contains("private_token=***"), "{all}");
    let mut files = Vec::new();
    all_files(&env.path().join("cache"), &mut files);
    assert!(!files.is_empty());
    for f in files {
        assert!(!f.to_string_lossy().contains(TOKEN), "{}", f.display());
        if f.is_file() {
            let bytes = std::fs::read(&f).expect("read a cache file");
            assert!(
                !bytes.windows(TOKEN.len()).any(|w| w == TOKEN.as_bytes()),
                "{} holds the token",
                f.display()
            );
        }
    }
}
