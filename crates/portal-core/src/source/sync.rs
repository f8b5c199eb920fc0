//! Fetching remote sources into the cache: one bare repository per URL, each configured
//! ref stored as `refs/portal/<ref>`.
//!
//! The transport is the `git` program, as cargo's `net.git-fetch-with-cli` does: https,
//! ssh, the ssh agent, credential helpers and `GIT_ASKPASS` all work as they do for `git`
//! itself, and no TLS or SSH library is linked into portal (docs/dependencies.md). This
//! module returns results and reports progress through a callback; it never prints.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use git2::Repository;

use super::git::{cache_name, cache_ref, cached_commit, clean_url, is_commit_id, redact, scrub};
use crate::config::Remote;

/// How many repositories are fetched at once.
pub const PARALLEL: usize = 4;

/// The outcome for one ref of one repository.
#[derive(Debug, Clone)]
pub struct Synced {
    /// The URL without credentials.
    pub url: String,
    /// The ref as configured (`HEAD` when none was).
    pub reference: String,
    /// The commit now cached, or why there is none.
    pub result: Result<String, String>,
}

/// Progress, reported as it happens (from worker threads).
#[derive(Debug)]
pub enum Event<'a> {
    /// Fetching `url` (without credentials) begins.
    Started {
        /// The remote, credentials removed.
        url: &'a str,
    },
    /// One ref is done.
    Done(&'a Synced),
    /// Every ref of `url` is done.
    Finished {
        /// The remote, credentials removed.
        url: &'a str,
    },
}

/// Fetches every remote into `cache`, `PARALLEL` repositories at a time; one result per
/// distinct (URL, ref), in the order the remotes are listed. `interactive` lets `git`
/// prompt for credentials on the terminal.
pub fn sync_all(
    remotes: &[Remote],
    cache: &Path,
    interactive: bool,
    on_event: &(dyn Fn(Event<'_>) + Sync),
) -> Vec<Synced> {
    // One job per URL, with its refs.
    let mut jobs: Vec<(String, Vec<Option<String>>)> = Vec::new();
    for r in remotes {
        match jobs.iter_mut().find(|(url, _)| *url == r.url) {
            Some((_, refs)) => {
                if !refs.contains(&r.reference) {
                    refs.push(r.reference.clone());
                }
            }
            None => jobs.push((r.url.clone(), vec![r.reference.clone()])),
        }
    }
    if let Err(e) = std::fs::create_dir_all(cache) {
        return jobs
            .iter()
            .flat_map(|(url, refs)| {
                refs.iter().map(|r| Synced {
                    url: clean_url(url),
                    reference: r.clone().unwrap_or_else(|| "HEAD".into()),
                    result: Err(format!(
                        "cannot create the cache folder {}: {e}",
                        cache.display()
                    )),
                })
            })
            .collect();
    }
    let next = AtomicUsize::new(0);
    let mut results: Vec<(usize, Vec<Synced>)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..PARALLEL.min(jobs.len()))
            .map(|_| {
                s.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::SeqCst);
                        let Some((url, refs)) = jobs.get(i) else {
                            break;
                        };
                        done.push((i, sync_one(url, refs, cache, interactive, on_event)));
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_default())
            .collect()
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().flat_map(|(_, r)| r).collect()
}

/// Fetches `refs` of one URL into its bare clone, creating it (atomically) the first time.
fn sync_one(
    url: &str,
    refs: &[Option<String>],
    cache: &Path,
    interactive: bool,
    on_event: &(dyn Fn(Event<'_>) + Sync),
) -> Vec<Synced> {
    let clean = clean_url(url);
    on_event(Event::Started { url: &clean });
    let dir = cache.join(cache_name(url));
    // One process at a time per clone: a second `portal sync` of the same URL waits here
    // (the lock is released when the file is closed, whatever ends the process).
    let fail_all = |e: String| {
        let failed = |r: &Option<String>| Synced {
            url: clean.clone(),
            reference: r.clone().unwrap_or_else(|| "HEAD".into()),
            result: Err(e.clone()),
        };
        let out: Vec<Synced> = refs.iter().map(failed).collect();
        out.iter().for_each(|s| on_event(Event::Done(s)));
        on_event(Event::Finished { url: &clean });
        out
    };
    let _lock = match lock(cache, url) {
        Ok(lock) => lock,
        Err(e) => return fail_all(e),
    };
    remove_stale(cache, url);
    let fresh = !dir.join("HEAD").is_file();
    // A first clone is built aside, under a name no other process uses, and renamed into
    // place only once something was fetched: a failed clone leaves nothing half-made.
    let work: PathBuf = if fresh {
        match tempfile::Builder::new()
            .prefix(&stale_prefix(url))
            .tempdir_in(cache)
        {
            Ok(t) => t.keep(),
            Err(e) => {
                return fail_all(format!(
                    "cannot create a folder in {}: {e}",
                    cache.display()
                ));
            }
        }
    } else {
        dir.clone()
    };
    let mut out = Vec::new();
    let init = if fresh {
        Repository::init_bare(&work)
            .map(|_| ())
            .map_err(|e| format!("cannot create {}: {}", work.display(), e.message()))
    } else {
        Ok(())
    };
    for reference in refs {
        let result = match &init {
            Ok(()) => fetch_ref(&work, url, reference.as_deref(), interactive)
                .map_err(|e| scrub(&redact(&e.replace(url, &clean)), url)),
            Err(e) => Err(e.clone()),
        };
        super::status::record(
            cache,
            url,
            reference.as_deref(),
            &result,
            super::status::now(),
        );
        let synced = Synced {
            url: clean.clone(),
            reference: reference.clone().unwrap_or_else(|| "HEAD".into()),
            result,
        };
        on_event(Event::Done(&synced));
        out.push(synced);
    }
    if fresh {
        let any = out.iter().any(|s| s.result.is_ok());
        if !any || std::fs::rename(&work, &dir).is_err() {
            let _ = std::fs::remove_dir_all(&work);
        }
    }
    on_event(Event::Finished { url: &clean });
    out
}

/// The name of a first clone being made of `url`.
fn stale_prefix(url: &str) -> String {
    format!(".{}.tmp-", cache_name(url))
}

/// Removes first clones of `url` that a killed run left: with the lock held, no other
/// process is making one.
fn remove_stale(cache: &Path, url: &str) {
    let prefix = stale_prefix(url);
    for entry in std::fs::read_dir(cache).into_iter().flatten().flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Takes the lock of `url`'s clone (`<cache>/<name>.lock`), waiting for another process
/// that holds it.
fn lock(cache: &Path, url: &str) -> Result<nix::fcntl::Flock<std::fs::File>, String> {
    let path = cache.join(format!("{}.lock", cache_name(url)));
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| format!("cannot open the lock {}: {e}", path.display()))?;
    nix::fcntl::Flock::lock(file, nix::fcntl::FlockArg::LockExclusive)
        .map_err(|(_, e)| format!("cannot lock {}: {e}", path.display()))
}

/// Fetches one ref (`None`: the remote's HEAD) into `refs/portal/<ref>`; the commit id.
fn fetch_ref(
    git_dir: &Path,
    url: &str,
    reference: Option<&str>,
    interactive: bool,
) -> Result<String, String> {
    let target = cache_ref(reference);
    if !git2::Reference::is_valid_name(&target) {
        return Err(format!(
            "`{}` is not a valid ref name",
            reference.unwrap_or("HEAD")
        ));
    }
    let src = reference.unwrap_or("HEAD");
    let refspec = format!("+{src}:{target}");
    let shallow = [
        "fetch",
        "--quiet",
        "--no-write-fetch-head",
        "--no-tags",
        "--depth",
        "1",
        "--",
        url,
    ];
    let first = git(
        git_dir,
        &[&shallow[..], &[refspec.as_str()]].concat(),
        interactive,
    );
    if let Err(e) = first {
        if !is_commit_id(src) {
            return Err(e);
        }
        // Not every server hands out a commit by id (and never an abbreviated one):
        // fetch the branches and tags, whole, and look for it there.
        let mut args = vec!["fetch", "--quiet", "--no-write-fetch-head", "--tags"];
        if git_dir.join("shallow").exists() {
            args.push("--unshallow");
        }
        args.extend(["--", url, "+refs/heads/*:refs/portal-all/heads/*"]);
        git(git_dir, &args, interactive)?;
        let repo = Repository::open_bare(git_dir).map_err(|e| e.message().to_string())?;
        let commit = repo
            .revparse_single(src)
            .and_then(|o| o.peel_to_commit())
            .map_err(|_| format!("no commit `{src}` in the repository"))?;
        repo.reference(&target, commit.id(), true, "portal sync")
            .map_err(|e| e.message().to_string())?;
    }
    let repo = Repository::open_bare(git_dir).map_err(|e| e.message().to_string())?;
    cached_commit(&repo, reference)
        .map(|c| c.to_string())
        .ok_or_else(|| format!("the fetch did not bring `{src}`"))
}

/// The protocols git may use, for the URL and for anything it leads to (redirects,
/// submodules, `ext::` and `fd::` transports are refused by git itself).
const ALLOWED_PROTOCOLS: &str = "file:https:http:ssh";

/// How long one git call may take, unless `PORTAL_GIT_TIMEOUT` (seconds) says otherwise.
pub const DEFAULT_TIMEOUT_SECS: u64 = 600;

/// `PORTAL_GIT_TIMEOUT`, or the default; a value that is not a positive number is the
/// default too (`portal sync` names it in the error of a call that timed out).
pub fn timeout() -> std::time::Duration {
    let secs = std::env::var("PORTAL_GIT_TIMEOUT")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|&s| s > 0)
        .unwrap_or(DEFAULT_TIMEOUT_SECS);
    std::time::Duration::from_secs(secs)
}

/// Runs `git --git-dir=DIR ARGS…` with the allowed protocols, no hooks and a timeout; on
/// failure, what git said.
fn git(git_dir: &Path, args: &[&str], interactive: bool) -> Result<(), String> {
    let mut cmd = Command::new("git");
    cmd.arg("--git-dir")
        .arg(git_dir)
        // Give up on a stalled transfer rather than hang for ever.
        .args([
            "-c",
            "http.lowSpeedLimit=1000",
            "-c",
            "http.lowSpeedTime=60",
            "-c",
            "core.hooksPath=/dev/null",
            "-c",
            "core.fsmonitor=false",
        ])
        .args(args)
        .env("GIT_ALLOW_PROTOCOL", ALLOWED_PROTOCOLS)
        .env("GIT_PROTOCOL_FROM_USER", "0")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if !interactive {
        cmd.stdin(Stdio::null()).env("GIT_TERMINAL_PROMPT", "0");
        if std::env::var_os("GIT_SSH_COMMAND").is_none() && std::env::var_os("GIT_SSH").is_none() {
            cmd.env("GIT_SSH_COMMAND", "ssh -o BatchMode=yes");
        }
    }
    let out = crate::child::run(cmd, timeout())?;
    if out.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("fatal:") || l.starts_with("error:"))
        .map(|l| {
            l.trim_start_matches("fatal:")
                .trim_start_matches("error:")
                .trim()
                .trim_end_matches('.')
        })
        .collect();
    Err(if lines.is_empty() {
        stderr
            .lines()
            .map(str::trim)
            .rfind(|l| !l.is_empty())
            .map_or_else(|| format!("git exited with {}", out.status), str::to_string)
    } else {
        lines.join("; ")
    })
}
