//! `portal sync`: clone or fetch the git sources into the cache, and say how it went: a
//! spinner line per repository on a terminal, plain log lines on stderr otherwise.

use std::collections::HashMap;
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::Duration;

use console::{Term, style};
use indicatif::{MultiProgress, ProgressBar, ProgressStyle};

use crate::cli::{GlobalArgs, SyncArgs};
use crate::config::{self, Config};
use crate::error::{Error, exit};
use crate::output::escape::escape;
use crate::source::git::short;
use crate::source::sync::{Event, Synced, sync_all};

pub fn run(global: &GlobalArgs, _args: &SyncArgs) -> Result<ExitCode, Error> {
    let config = Config::load(&global.sources)?;
    if config.remotes().is_empty() && config.servers().is_empty() {
        eprintln!(
            "nothing to sync: portal.yaml lists no git or backstage sources (see docs/configuration.md)"
        );
        return Ok(ExitCode::SUCCESS);
    }
    let failed = sync_and_report(&config)?;
    Ok(ExitCode::from(if failed > 0 {
        exit::FINDINGS
    } else {
        exit::OK
    }))
}

/// Syncs every remote source of `config`, reporting on stderr; how many failed.
pub fn sync_and_report(config: &Config) -> Result<usize, Error> {
    let remotes = config.remotes();
    let cache = config::cache_dir()?;
    let mut failed = 0;
    for server in config.servers() {
        if sync_server(&server, &cache).is_err() {
            failed += 1;
        }
    }
    if remotes.is_empty() {
        return Ok(failed);
    }
    let term = Term::stderr();
    let interactive = term.is_term() && Term::stdout().is_term();
    let results = if term.is_term() {
        with_spinners(&remotes, &cache, interactive)
    } else {
        sync_all(&remotes, &cache, false, &|event| {
            if let Event::Done(s) = event {
                eprintln!("{}", line(s));
            }
        })
    };
    Ok(failed + results.iter().filter(|s| s.result.is_err()).count())
}

/// Syncs one Backstage into its snapshot, with a progress bar on a terminal; one line on
/// stderr says how (in full, or by etags) and what changed, or why it failed.
fn sync_server(server: &config::Server, cache: &std::path::Path) -> Result<(), ()> {
    let bar = if Term::stderr().is_term() {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} {pos}/{len} entities")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_message(format!("syncing {}", escape(&server.url)));
        bar.enable_steady_tick(Duration::from_millis(100));
        Some(bar)
    } else {
        None
    };
    let progress = |done: usize, total: Option<usize>| {
        if let Some(b) = &bar {
            b.set_length(total.unwrap_or(done) as u64);
            b.set_position(done as u64);
        }
    };
    let result = crate::source::backstage::sync(server, cache, &progress);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    match result {
        Ok(r) => {
            let how = match r.method {
                "etags" => format!(
                    "by etags (the server has no history API): {} changed or new fetched, {} removed, {} of {} shard(s) rewritten",
                    r.fetched, r.removed, r.shards_written, r.shards
                ),
                _ => "in full".to_string(),
            };
            eprintln!(
                "synced {}: {} entities, {how}, in {} requests",
                escape(&server.url),
                r.entities,
                r.requests
            );
            Ok(())
        }
        Err(e) => {
            let kept = crate::source::backstage::meta(cache, server)
                .map(|m| {
                    format!(
                        "; the snapshot of {} stays in use",
                        crate::source::status::ago(m.synced_at, crate::source::status::now())
                    )
                })
                .unwrap_or_default();
            eprintln!(
                "{} cannot sync {}: {}{kept}",
                style("warning:").for_stderr().yellow().bold(),
                escape(&server.url),
                escape(&e)
            );
            Err(())
        }
    }
}

fn with_spinners(
    remotes: &[crate::config::Remote],
    cache: &std::path::Path,
    interactive: bool,
) -> Vec<Synced> {
    let multi = MultiProgress::new();
    let bars: Mutex<HashMap<String, ProgressBar>> = Mutex::new(HashMap::new());
    let spinner = ProgressStyle::with_template("{spinner} {msg}")
        .unwrap_or_else(|_| ProgressStyle::default_spinner());
    let results = sync_all(remotes, cache, interactive, &|event| {
        let mut bars = bars
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match event {
            Event::Started { url } => {
                let bar = multi.add(ProgressBar::new_spinner());
                bar.set_style(spinner.clone());
                bar.set_message(format!("syncing {url}"));
                bar.enable_steady_tick(Duration::from_millis(100));
                bars.insert(url.to_string(), bar);
            }
            Event::Done(s) => match bars.get(&s.url) {
                Some(bar) => bar.println(line(s)),
                None => {
                    let _ = multi.println(line(s));
                }
            },
            Event::Finished { url } => {
                if let Some(bar) = bars.remove(url) {
                    bar.finish_and_clear();
                }
            }
        }
    });
    for bar in bars
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .into_values()
    {
        bar.finish_and_clear();
    }
    results
}

/// `synced URL at REF (commit abc1234)`, or a warning with the reason.
fn line(s: &Synced) -> String {
    match &s.result {
        Ok(commit) => format!(
            "synced {} at {} (commit {})",
            escape(&s.url),
            escape(&s.reference),
            short(commit)
        ),
        Err(reason) => format!(
            "{} cannot sync {} at {}: {}",
            style("warning:").for_stderr().yellow().bold(),
            escape(&s.url),
            escape(&s.reference),
            escape(&reason.to_string())
        ),
    }
}
