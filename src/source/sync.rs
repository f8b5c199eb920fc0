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

use super::git::{cache_name, cache_ref, cached_commit, clean_url, is_commit_id, redact};
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
    Started { url: &'a str },
    /// One ref is done.
    Done(&'a Synced),
    /// Every ref of `url` is done.
    Finished { url: &'a str },
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
    let fresh = !dir.join("HEAD").is_file();
    // A first clone is built aside and renamed into place only once something was
    // fetched, so a failed clone leaves no half-made repository behind.
    let work: PathBuf = if fresh {
        cache.join(format!(".{}.tmp-{}", cache_name(url), std::process::id()))
    } else {
        dir.clone()
    };
    let mut out = Vec::new();
    let init = if fresh {
        let _ = std::fs::remove_dir_all(&work);
        Repository::init_bare(&work)
            .map(|_| ())
            .map_err(|e| format!("cannot create {}: {}", work.display(), e.message()))
    } else {
        Ok(())
    };
    for reference in refs {
        let result = match &init {
            Ok(()) => fetch_ref(&work, url, reference.as_deref(), interactive)
                .map_err(|e| redact(&e.replace(url, &clean))),
            Err(e) => Err(e.clone()),
        };
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
    let shallow = ["fetch", "--quiet", "--no-tags", "--depth", "1", "--", url];
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
        let mut args = vec!["fetch", "--quiet", "--tags"];
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

/// Runs `git --git-dir=DIR ARGS…`; on failure, what git said.
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
        ])
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if !interactive {
        cmd.stdin(Stdio::null()).env("GIT_TERMINAL_PROMPT", "0");
        if std::env::var_os("GIT_SSH_COMMAND").is_none() && std::env::var_os("GIT_SSH").is_none() {
            cmd.env("GIT_SSH_COMMAND", "ssh -o BatchMode=yes");
        }
    }
    let out = cmd
        .output()
        .map_err(|e| format!("cannot run `git` (is it installed?): {e}"))?;
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
