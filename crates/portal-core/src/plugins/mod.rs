//! External commands: `portal NAME` runs the first `portal-NAME` executable on `PATH` when
//! NAME is not a built-in command, as cargo and git do. A plugin describes itself through
//! the metadata handshake (`portal-NAME --portal-metadata` prints JSON), which is read with
//! a short timeout and cached by the executable's path and stamp; a plugin that claims
//! annotations is run as an entity card (`portal-NAME card`, the entity's JSON on stdin).
//! The contract is docs/plugins.md.

pub mod cards;

use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::child::{self, Failure, Options};
use crate::source::stamp::{Kind, Stamp};

/// What every plugin's file name starts with.
pub const PREFIX: &str = "portal-";
/// The argument that asks a plugin for its metadata.
pub const METADATA_FLAG: &str = "--portal-metadata";
/// How long the metadata handshake may take.
pub const METADATA_TIMEOUT: Duration = Duration::from_secs(2);
/// Bytes of metadata read.
const MAX_METADATA: usize = 64 * 1024;
/// Bytes of a card's output kept.
pub const MAX_CARD: usize = 64 * 1024;
/// Bumped when the metadata cache's meaning changes.
const CACHE_FORMAT: u32 = 2;

/// A `portal-NAME` executable found on `PATH`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plugin {
    /// NAME: what follows `portal-` (without `.exe` on Windows).
    pub name: String,
    /// The executable that runs (the first on `PATH`).
    pub path: PathBuf,
    /// Executables of the same name later on `PATH`, which never run.
    pub hidden: Vec<PathBuf>,
}

/// Whether `name` is a plugin name portal runs: letters, digits, `-`, `_` and `.`, not
/// starting with `-` or `.`.
pub fn is_name(name: &str) -> bool {
    name.chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
}

fn name_of(file: &OsStr) -> Option<String> {
    let file = file.to_str()?;
    let rest = file.strip_prefix(PREFIX)?;
    let rest = if cfg!(windows) {
        rest.strip_suffix(".exe").unwrap_or(rest)
    } else {
        rest
    };
    is_name(rest).then(|| rest.to_string())
}

fn is_executable(path: &Path) -> bool {
    // Followed: a plugin on PATH is often a link to where it was installed.
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

/// Every plugin on `path` (a `PATH` value), sorted by name; the first of each name runs.
pub fn discover(path: Option<&OsStr>) -> Vec<Plugin> {
    let mut found: BTreeMap<String, Plugin> = BTreeMap::new();
    for dir in path.map(std::env::split_paths).into_iter().flatten() {
        // A relative PATH entry (`.`) would run whatever the current folder holds.
        if !dir.is_absolute() {
            continue;
        }
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut here: Vec<(String, PathBuf)> = entries
            .flatten()
            .filter_map(|e| Some((name_of(&e.file_name())?, e.path())))
            .filter(|(_, p)| is_executable(p))
            .collect();
        here.sort();
        for (name, path) in here {
            match found.get_mut(&name) {
                Some(p) => p.hidden.push(path),
                None => {
                    found.insert(
                        name.clone(),
                        Plugin {
                            name,
                            path,
                            hidden: Vec::new(),
                        },
                    );
                }
            }
        }
    }
    found.into_values().collect()
}

/// The plugin `name` on `path`, without listing every folder.
pub fn find(name: &str, path: Option<&OsStr>) -> Option<PathBuf> {
    if !is_name(name) {
        return None;
    }
    let file = format!("{PREFIX}{name}{}", if cfg!(windows) { ".exe" } else { "" });
    path.map(std::env::split_paths)
        .into_iter()
        .flatten()
        .filter(|d| d.is_absolute())
        .map(|d| d.join(&file))
        .find(|p| is_executable(p))
}

/// What a plugin says about itself (`portal-NAME --portal-metadata`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    /// One line for `portal --help` and `portal plugins`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Its version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The annotations it serves as an entity card: an entity with any of them gets it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub annotations: Vec<String>,
    /// The card's title (default: the plugin's name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// What `portal NAME <TAB>` offers.
    #[serde(default)]
    pub completions: Completions,
}

/// A plugin's completion candidates.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Completions {
    /// Words (subcommands, options) offered for every argument.
    #[serde(default)]
    pub values: Vec<Candidate>,
    /// Whether entity names are offered too.
    #[serde(default)]
    pub entities: bool,
}

/// One completion candidate: a word, or a word with its help.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Candidate {
    /// A word.
    Word(String),
    /// A word and what it does.
    Described {
        /// The word.
        value: String,
        /// What it does.
        #[serde(default)]
        help: Option<String>,
    },
}

impl Candidate {
    /// The word.
    pub fn value(&self) -> &str {
        match self {
            Candidate::Word(w) => w,
            Candidate::Described { value, .. } => value,
        }
    }

    /// Its help, if any.
    pub fn help(&self) -> Option<&str> {
        match self {
            Candidate::Word(_) => None,
            Candidate::Described { help, .. } => help.as_deref(),
        }
    }
}

/// A plugin's metadata, or why there is none (it still runs as a command).
pub type Described = Result<Metadata, String>;

#[derive(Debug, Default, Serialize, Deserialize)]
struct Cache {
    format: u32,
    plugins: BTreeMap<PathBuf, Cached>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Cached {
    /// The executable's stamp when it was asked (its link followed, as running it does).
    stamp: Stamp,
    metadata: Option<Metadata>,
    error: Option<String>,
}

/// Where the metadata cache lives in the cache folder.
pub fn cache_file(cache: &Path) -> PathBuf {
    cache.join("plugins").join("metadata.json")
}

/// Asks `path` for its metadata, with `env` added to its environment.
pub fn handshake(path: &Path, env: &[(OsString, OsString)]) -> Described {
    let mut cmd = Command::new(path);
    cmd.arg(METADATA_FLAG)
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdin(std::process::Stdio::null());
    let out = child::run_with(
        cmd,
        Options {
            stdin: None,
            stdout: true,
            stderr: true,
            limit: MAX_METADATA,
            timeout: METADATA_TIMEOUT,
        },
    )
    .map_err(|f| why(&f, "--portal-metadata"))?;
    if !out.status.success() {
        return Err(format!("`--portal-metadata` {}", ended(&out.status)));
    }
    if out.truncated {
        return Err(format!(
            "`--portal-metadata` printed more than {} KiB",
            MAX_METADATA / 1024
        ));
    }
    serde_json::from_slice::<Metadata>(&out.stdout)
        .map_err(|e| format!("`--portal-metadata` printed no metadata JSON ({e})"))
}

fn why(f: &Failure, what: &str) -> String {
    match f {
        Failure::Spawn(e) => format!("cannot run it ({e})"),
        Failure::TimedOut(t) => {
            format!("`{what}` took longer than {} and was stopped", seconds(*t))
        }
        Failure::Wait(e) => format!("cannot wait for it ({e})"),
    }
}

/// `5 s`, `0.5 s`.
pub fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0} s")
    } else {
        format!("{s} s")
    }
}

fn ended(status: &std::process::ExitStatus) -> String {
    match status.code() {
        Some(c) => format!("exited with {c}"),
        None => "was killed by a signal".into(),
    }
}

/// The metadata of each of `plugins`, from the cache when the executable has not changed,
/// else by the handshake (all at once, each with its timeout); the cache is written back
/// when anything changed. Without a cache folder, every plugin is asked.
pub fn describe(
    plugins: &[Plugin],
    cache: Option<&Path>,
    env: &[(OsString, OsString)],
) -> Vec<Described> {
    let file = cache.map(cache_file);
    let mut stored: Cache = file
        .as_deref()
        .and_then(|f| crate::confine::read_regular(f, 4 << 20).ok())
        .and_then(|b| serde_json::from_slice::<Cache>(&b).ok())
        .filter(|c| c.format == CACHE_FORMAT)
        .unwrap_or_default();
    let stamps: Vec<Option<Stamp>> = plugins
        .iter()
        .map(|p| Some(Stamp::of(&p.path)).filter(|s| s.kind == Kind::File))
        .collect();
    let fresh = |i: usize| -> Option<Described> {
        let c = stored.plugins.get(&plugins[i].path)?;
        (Some(&c.stamp) == stamps[i].as_ref()).then(|| match (&c.metadata, &c.error) {
            (Some(m), _) => Ok(m.clone()),
            (None, e) => Err(e.clone().unwrap_or_default()),
        })
    };
    let mut out: Vec<Option<Described>> = (0..plugins.len()).map(fresh).collect();
    let asked: Vec<(usize, Described)> = std::thread::scope(|s| {
        let handles: Vec<_> = out
            .iter()
            .enumerate()
            .filter(|(_, d)| d.is_none())
            .map(|(i, _)| (i, s.spawn(move || handshake(&plugins[i].path, env))))
            .collect();
        handles
            .into_iter()
            .map(|(i, h)| {
                (
                    i,
                    h.join()
                        .unwrap_or_else(|_| Err("it crashed portal's reader".into())),
                )
            })
            .collect()
    });
    let changed = !asked.is_empty();
    for (i, d) in asked {
        if let Some(stamp) = &stamps[i] {
            stored.plugins.insert(
                plugins[i].path.clone(),
                Cached {
                    stamp: *stamp,
                    metadata: d.as_ref().ok().cloned(),
                    error: d.as_ref().err().cloned(),
                },
            );
        }
        out[i] = Some(d);
    }
    if changed && let Some(file) = &file {
        stored.format = CACHE_FORMAT;
        // Only what is still installed is kept.
        let installed: Vec<&PathBuf> = plugins.iter().map(|p| &p.path).collect();
        stored.plugins.retain(|path, _| installed.contains(&path));
        if let Ok(bytes) = serde_json::to_vec(&stored) {
            let _ = crate::confine::replace(file, &bytes);
        }
    }
    out.into_iter()
        .map(|d| d.unwrap_or_else(|| Err("not asked".into())))
        .collect()
}

/// What a plugin's card printed, or why it printed nothing.
#[derive(Debug, Clone, Serialize)]
pub struct CardOutput {
    /// The plugin's name.
    pub plugin: String,
    /// The card's title.
    pub title: String,
    /// What it printed (lossy UTF-8), when it succeeded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    /// Why it did not, in one line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Runs each plugin of `cards` as a card for the entity whose JSON is `entity`: all at
/// once, each for at most `timeout`; one that fails or times out is an error line.
pub fn run_cards(
    cards: &[(&Plugin, &Metadata)],
    entity: &[u8],
    env: &[(OsString, OsString)],
    timeout: Duration,
) -> Vec<CardOutput> {
    std::thread::scope(|s| {
        let handles: Vec<_> = cards
            .iter()
            .map(|(p, m)| {
                let title = m.title.clone().unwrap_or_else(|| p.name.clone());
                (p, title, s.spawn(move || run_card(p, entity, env, timeout)))
            })
            .collect();
        handles
            .into_iter()
            .map(|(p, title, h)| {
                let result = h
                    .join()
                    .unwrap_or_else(|_| Err("it crashed portal's reader".into()));
                CardOutput {
                    plugin: p.name.clone(),
                    title,
                    output: result.as_ref().ok().cloned(),
                    error: result.err(),
                }
            })
            .collect()
    })
}

fn run_card(
    plugin: &Plugin,
    entity: &[u8],
    env: &[(OsString, OsString)],
    timeout: Duration,
) -> Result<String, String> {
    let mut cmd = Command::new(&plugin.path);
    cmd.arg("card").envs(env.iter().map(|(k, v)| (k, v)));
    let out = child::run_with(
        cmd,
        Options {
            stdin: Some(entity.to_vec()),
            stdout: true,
            stderr: true,
            limit: MAX_CARD,
            timeout,
        },
    )
    .map_err(|f| why(&f, "card"))?;
    if !out.status.success() {
        let first = String::from_utf8_lossy(&out.stderr)
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .map(|l| format!(": {l}"))
            .unwrap_or_default();
        return Err(format!("the card {}{first}", ended(&out.status)));
    }
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    if out.truncated {
        text.push_str(&format!("\n… (cut at {} KiB)", MAX_CARD / 1024));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_metadata() {
        assert!(is_name("ci") && is_name("ownership-report") && is_name("a.b_c"));
        assert!(!is_name("") && !is_name("-x") && !is_name(".x") && !is_name("a b"));
        assert!(!is_name("a\u{1b}b") && !is_name("a/b"));
        let m: Metadata = serde_json::from_str(
            r#"{"description":"d","annotations":["a/b"],"completions":{"values":["runs",{"value":"--limit","help":"how many"}],"entities":true}}"#,
        )
        .unwrap();
        assert_eq!(m.completions.values[1].value(), "--limit");
        assert_eq!(m.completions.values[1].help(), Some("how many"));
        assert!(serde_json::from_str::<Metadata>(r#"{"descripton":"typo"}"#).is_err());
        assert_eq!(seconds(Duration::from_millis(500)), "0.5 s");
    }
}
