//! Where sources come from: `--source` flags, else `portal.yaml` found in the current
//! folder or the nearest parent, else the current folder.
//!
//! ```yaml
//! sources:            # folders (relative to this file) to scan, or git repositories
//!   - .
//!   - path: ../other-repo
//!   - path: ../platform        # a local repository, read at a ref from its object database
//!     ref: main
//!   - git: https://github.com/acme/catalog.git   # a remote, read from the cache
//!     ref: v2                   # optional: the remote's HEAD
//!     path: teams               # optional: a folder inside the repository
//!   - backstage-app: ../backstage  # a Backstage app: its catalog.locations and rules
//! patterns:           # more descriptor file globs, beside catalog-info.yaml/.yml
//!   - "*.catalog.yaml"
//! kinds:              # kinds added by Backstage plugins
//!   - Environment
//! exclude:            # gitignore lines, relative to each source's root
//!   - "**/__mocks__/"
//! ```

use std::path::{Path, PathBuf};

use crate::catalog::yaml::{self, DocContent, Node, Value};
use crate::error::Error;

/// The configuration file's name, found in the current folder or above.
pub const CONFIG_FILE: &str = "portal.yaml";

/// Where descriptors are read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A folder (or a file), read from disk.
    Dir(PathBuf),
    /// A local git repository, read at `reference` from its object database, not from
    /// its working tree.
    Repo {
        /// The repository's folder.
        path: PathBuf,
        /// The branch, tag or commit to read.
        reference: String,
    },
    /// A remote git repository, read from the cache that `portal sync` fills.
    Remote(Remote),
    /// A running Backstage's catalog, read from the snapshot `portal sync` takes.
    Backstage(Server),
    /// A Backstage app: what its `app-config.yaml` registers, under its `catalog.rules`.
    App {
        /// The app's folder.
        dir: PathBuf,
        /// Its config files, relative to `dir`; empty: `app-config.yaml`, then
        /// `app-config.local.yaml` when it exists.
        config: Vec<String>,
    },
}

/// A `backstage:` source: a running Backstage's catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    /// Its base URL (`https://backstage.acme.example`), without a trailing `/`.
    pub url: String,
    /// Where the token comes from (never the token itself).
    pub token: Option<TokenSource>,
    /// The catalog API's filter (`kind=component,spec.lifecycle=production`).
    pub filter: Option<String>,
}

/// Where a Backstage token comes from: never written in portal.yaml, which is committed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenSource {
    /// `env:NAME`: the environment variable NAME.
    Env(String),
    /// `command:CMD`: what `sh -c CMD` prints (`backstage-cli auth print-token`).
    Command(String),
}

/// A `git:` source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remote {
    /// As written in portal.yaml (it may hold credentials: never print it, print
    /// `source::git::clean_url(&url)`).
    pub url: String,
    /// A branch, tag or commit; `None` is the remote's HEAD.
    pub reference: Option<String>,
    /// A folder inside the repository.
    pub path: Option<String>,
}

/// The resolved configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where `portal.yaml` was found.
    pub file: Option<PathBuf>,
    /// Sources, with paths from the current folder.
    pub sources: Vec<Source>,
    /// File name globs of descriptors.
    pub patterns: Vec<String>,
    /// Kinds that plugins add, accepted besides Backstage's own.
    pub kinds: Vec<String>,
    /// Gitignore lines: paths (relative to each source's root) never read as descriptors.
    pub exclude: Vec<String>,
    /// `docs.require`: entities matching any of these filters (the catalog API's filter
    /// syntax) must have docs; `portal docs check` says which have none.
    pub docs_require: Vec<crate::query::filter::Filter>,
    /// `integrations`: the web addresses entity cards link to.
    pub integrations: Integrations,
    /// `plugins.timeout`: how long a plugin's card may take.
    pub card_timeout: std::time::Duration,
}

/// The default of `plugins.timeout`.
pub const CARD_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

impl Default for Config {
    fn default() -> Config {
        Config {
            file: None,
            sources: Vec::new(),
            patterns: Vec::new(),
            kinds: Vec::new(),
            exclude: Vec::new(),
            docs_require: Vec::new(),
            integrations: Integrations::default(),
            card_timeout: CARD_TIMEOUT,
        }
    }
}

/// Where the tools behind the entity cards live, as in Backstage's `app-config.yaml`
/// (`portal.yaml`'s `integrations`). Those without a public default link only when set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Integrations {
    /// GitHub (or GitHub Enterprise): `https://github.com`.
    pub github: String,
    /// GitLab: `https://gitlab.com`.
    pub gitlab: String,
    /// SonarQube: `https://sonarcloud.io`.
    pub sonarqube: String,
    /// PagerDuty: `https://app.pagerduty.com`.
    pub pagerduty: String,
    /// Jenkins: no default.
    pub jenkins: Option<String>,
    /// Argo CD: no default.
    pub argocd: Option<String>,
    /// Grafana: no default.
    pub grafana: Option<String>,
}

impl Default for Integrations {
    fn default() -> Integrations {
        Integrations {
            github: "https://github.com".into(),
            gitlab: "https://gitlab.com".into(),
            sonarqube: "https://sonarcloud.io".into(),
            pagerduty: "https://app.pagerduty.com".into(),
            jenkins: None,
            argocd: None,
            grafana: None,
        }
    }
}

impl Config {
    /// Loads the configuration for a run in the current folder.
    pub fn load(flag_sources: &[PathBuf]) -> Result<Config, Error> {
        let mut config = match find_upward(Path::new(".")) {
            Some(file) => parse_file(&file)?,
            None => Config::default(),
        };
        // A folder that holds a Backstage app (given, or the current one by default) is
        // read as the app: what it registers. portal.yaml says `path:` to walk it instead.
        let folder = |p: PathBuf| match p.is_dir() && crate::source::app::is_app(&p) {
            true => Source::App {
                dir: p,
                config: Vec::new(),
            },
            false => Source::Dir(p),
        };
        if !flag_sources.is_empty() {
            config.sources = flag_sources.iter().cloned().map(folder).collect();
        } else if config.sources.is_empty() {
            config.sources = vec![folder(PathBuf::from("."))];
        }
        Ok(config)
    }

    /// The `git:` sources.
    pub fn remotes(&self) -> Vec<Remote> {
        self.sources
            .iter()
            .filter_map(|s| match s {
                Source::Remote(r) => Some(r.clone()),
                _ => None,
            })
            .collect()
    }

    /// The `backstage:` sources.
    pub fn servers(&self) -> Vec<Server> {
        self.sources
            .iter()
            .filter_map(|s| match s {
                Source::Backstage(b) => Some(b.clone()),
                _ => None,
            })
            .collect()
    }
}

/// Where `portal sync` keeps its bare clones: `PORTAL_CACHE_DIR`, else the platform's
/// cache folder (`$XDG_CACHE_HOME/portal` or `~/.cache/portal`, `~/Library/Caches/portal`
/// on macOS, `%LOCALAPPDATA%\portal` on Windows).
pub fn cache_dir() -> Result<PathBuf, Error> {
    let var = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(dir) = var("PORTAL_CACHE_DIR") {
        return Ok(dir);
    }
    let base = if cfg!(windows) {
        var("LOCALAPPDATA")
    } else if cfg!(target_os = "macos") {
        var("HOME").map(|h| h.join("Library").join("Caches"))
    } else {
        var("XDG_CACHE_HOME")
            .filter(|p| p.is_absolute())
            .or_else(|| var("HOME").map(|h| h.join(".cache")))
    };
    base.map(|b| b.join("portal")).ok_or_else(|| {
        Error::Config("no cache folder for git sources: set PORTAL_CACHE_DIR (or HOME)".into())
    })
}

/// `portal.yaml` in `start` or its nearest ancestor, as a path relative to `start`.
pub fn find_upward(start: &Path) -> Option<PathBuf> {
    let abs = std::fs::canonicalize(start).ok()?;
    let mut relative = PathBuf::new();
    for dir in abs.ancestors() {
        let candidate = dir.join(CONFIG_FILE);
        if candidate.is_file() {
            return Some(if relative.as_os_str().is_empty() {
                PathBuf::from(CONFIG_FILE)
            } else {
                relative.join(CONFIG_FILE)
            });
        }
        relative.push("..");
    }
    None
}

fn parse_file(file: &Path) -> Result<Config, Error> {
    let text = std::fs::read_to_string(file).map_err(|source| Error::Io {
        path: file.to_path_buf(),
        source,
    })?;
    let base = file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let at = |node: &Node, message: String| Error::ConfigAt {
        path: file.to_path_buf(),
        line: node.pos.line,
        col: node.pos.col,
        message,
    };
    let mut config = Config {
        file: Some(file.to_path_buf()),
        ..Config::default()
    };
    let docs = yaml::parse_stream(&text);
    let root = match docs.into_iter().next().map(|d| d.content) {
        None | Some(DocContent::Empty) => return Ok(config),
        Some(DocContent::Error(e)) => {
            return Err(Error::ConfigAt {
                path: file.to_path_buf(),
                line: e.pos.line,
                col: e.pos.col,
                message: e.message,
            });
        }
        Some(DocContent::Node(n)) => n,
    };
    let Some(map) = root.as_map() else {
        return Err(at(
            &root,
            "portal.yaml must be a mapping with `sources`, `patterns`, `kinds` or `exclude`".into(),
        ));
    };
    for entry in map.iter() {
        let list = |node: &Node| -> Result<Vec<Node>, Error> {
            node.as_seq()
                .map(<[Node]>::to_vec)
                .ok_or_else(|| at(node, format!("`{}` must be a list", entry.key)))
        };
        match entry.key.as_str() {
            "sources" => {
                for item in list(&entry.value)? {
                    config.sources.push(source(&item, base, &at)?);
                }
            }
            "patterns" => config.patterns = strings(&list(&entry.value)?, "patterns", &at)?,
            "kinds" => config.kinds = strings(&list(&entry.value)?, "kinds", &at)?,
            "exclude" => {
                let items = list(&entry.value)?;
                config.exclude = strings(&items, "exclude", &at)?;
                for (item, line) in items.iter().zip(&config.exclude) {
                    crate::source::exclude_lines(std::slice::from_ref(line))
                        .map_err(|e| at(item, e))?;
                }
            }
            "docs" => {
                let Some(docs) = entry.value.as_map() else {
                    return Err(at(
                        &entry.value,
                        "`docs` must be a mapping with `require`".into(),
                    ));
                };
                for d in docs.iter() {
                    if d.key != "require" {
                        return Err(at(
                            &d.value,
                            format!("unknown setting `docs.{}`; `docs` knows `require`", d.key),
                        ));
                    }
                    let items = list(&d.value)?;
                    for (item, text) in items.iter().zip(strings(&items, "docs.require", &at)?) {
                        let filter =
                            crate::query::filter::Filter::parse(&text).map_err(|e| at(item, e))?;
                        config.docs_require.push(filter);
                    }
                }
            }
            "integrations" => {
                let Some(map) = entry.value.as_map() else {
                    return Err(at(
                        &entry.value,
                        "`integrations` must be a mapping of a tool's name to its web address"
                            .into(),
                    ));
                };
                for i in map.iter() {
                    let address = i
                        .value
                        .as_str()
                        .filter(|v| {
                            url::Url::parse(v)
                                .is_ok_and(|u| matches!(u.scheme(), "http" | "https"))
                        })
                        .map(|v| v.trim_end_matches('/').to_string())
                        .ok_or_else(|| {
                            at(
                                &i.value,
                                format!(
                                    "`integrations.{}` must be an http(s) URL, such as https://jenkins.acme.example",
                                    i.key
                                ),
                            )
                        })?;
                    let ints = &mut config.integrations;
                    match i.key.as_str() {
                        "github" => ints.github = address,
                        "gitlab" => ints.gitlab = address,
                        "sonarqube" => ints.sonarqube = address,
                        "pagerduty" => ints.pagerduty = address,
                        "jenkins" => ints.jenkins = Some(address),
                        "argocd" => ints.argocd = Some(address),
                        "grafana" => ints.grafana = Some(address),
                        other => {
                            return Err(at(
                                &i.value,
                                format!(
                                    "unknown integration `{other}`; portal knows github, gitlab, sonarqube, pagerduty, jenkins, argocd and grafana"
                                ),
                            ));
                        }
                    }
                }
            }
            "plugins" => {
                let Some(map) = entry.value.as_map() else {
                    return Err(at(
                        &entry.value,
                        "`plugins` must be a mapping with `timeout`".into(),
                    ));
                };
                for p in map.iter() {
                    if p.key != "timeout" {
                        return Err(at(
                            &p.value,
                            format!(
                                "unknown setting `plugins.{}`; `plugins` knows `timeout`",
                                p.key
                            ),
                        ));
                    }
                    let text = match &p.value.value {
                        Value::Number(n) => Some(n.to_string()),
                        _ => p.value.as_str().map(str::to_string),
                    };
                    config.card_timeout = text
                        .as_deref()
                        .and_then(parse_duration)
                        .ok_or_else(|| {
                            at(
                                &p.value,
                                "`plugins.timeout` must be a duration between 100ms and 10m, such as `5s` or `500ms`".into(),
                            )
                        })?;
                }
            }
            other => {
                return Err(at(
                    &entry.value,
                    format!(
                        "unknown setting `{other}`; portal.yaml knows `sources`, `patterns`, `kinds`, `exclude`, `docs`, `integrations` and `plugins`"
                    ),
                ));
            }
        }
    }
    Ok(config)
}

/// `5s`, `500ms`, `2m` or a number of seconds, between 100 ms and 10 minutes.
pub fn parse_duration(text: &str) -> Option<std::time::Duration> {
    let t = text.trim();
    let (number, scale) = if let Some(n) = t.strip_suffix("ms") {
        (n, 0.001)
    } else if let Some(n) = t.strip_suffix('s') {
        (n, 1.0)
    } else if let Some(n) = t.strip_suffix('m') {
        (n, 60.0)
    } else {
        (t, 1.0)
    };
    let seconds = number.trim().parse::<f64>().ok()? * scale;
    (0.1..=600.0)
        .contains(&seconds)
        .then(|| std::time::Duration::from_secs_f64(seconds))
}

/// One entry of `sources`: `DIR`, `{path}`, `{path, ref}` or `{git, ref?, path?}`.
fn source(item: &Node, base: &Path, at: &dyn Fn(&Node, String) -> Error) -> Result<Source, Error> {
    const SHAPE: &str = "a source is a folder path, a mapping with `path:` (and `ref:` for a git repository), a mapping with `git:` (and optional `ref:` and `path:`), `backstage:` (a running Backstage, with `token:` and optional `filter:`), or `backstage-app:` (and optional `config:`)";
    let map = match &item.value {
        Value::String(s) => return Ok(Source::Dir(base_join(base, s))),
        Value::Map(m) => m,
        _ => return Err(at(item, SHAPE.into())),
    };
    if let Some(app) = map.get("backstage-app") {
        return app_source(map, app, base, at);
    }
    if let Some(server) = map.get("backstage") {
        return server_source(map, server, at);
    }
    let mut fields: [Option<String>; 3] = [None, None, None];
    for e in map.iter() {
        let slot = match e.key.as_str() {
            "path" => 0,
            "ref" => 1,
            "git" => 2,
            other => {
                return Err(at(
                    &e.value,
                    format!(
                        "unknown source setting `{other}`; a source knows `path`, `ref` and `git`"
                    ),
                ));
            }
        };
        let value = e
            .value
            .as_str()
            .filter(|v| !v.trim().is_empty())
            .ok_or_else(|| at(&e.value, format!("`{}` must be a non-empty string", e.key)))?;
        fields[slot] = Some(value.to_string());
    }
    let [path, reference, git] = fields;
    match (git, path, reference) {
        (Some(url), path, reference) => {
            if let Err(why) = check_git_url(&url) {
                // Not quoted: it may hold a token.
                return Err(at(
                    item,
                    format!("this is not a git URL portal uses: {why}"),
                ));
            }
            Ok(Source::Remote(Remote {
                url,
                reference,
                path: path
                    .map(|p| p.trim_matches('/').to_string())
                    .filter(|p| !p.is_empty() && p != "."),
            }))
        }
        (None, Some(path), Some(reference)) => Ok(Source::Repo {
            path: base_join(base, &path),
            reference,
        }),
        (None, Some(path), None) => Ok(Source::Dir(base_join(base, &path))),
        (None, None, _) => Err(at(item, SHAPE.into())),
    }
}

/// `{backstage: URL, token: env:NAME | command:CMD, filter: FILTER}`.
fn server_source(
    map: &yaml::Map,
    server: &Node,
    at: &dyn Fn(&Node, String) -> Error,
) -> Result<Source, Error> {
    let url = server
        .as_str()
        .map(str::trim)
        .filter(|u| {
            url::Url::parse(u).is_ok_and(|p| {
                matches!(p.scheme(), "http" | "https") && p.username().is_empty() && p.password().is_none()
            })
        })
        .ok_or_else(|| {
            at(
                server,
                "`backstage` must be the http(s) URL of a Backstage, without credentials (https://backstage.acme.example); the token goes in `token:`".into(),
            )
        })?
        .trim_end_matches('/')
        .to_string();
    let mut token = None;
    let mut filter = None;
    for e in map.iter() {
        match e.key.as_str() {
            "backstage" => {}
            "token" => {
                let text = e.value.as_str().map(str::trim).unwrap_or_default();
                token = Some(if let Some(name) = text.strip_prefix("env:") {
                    TokenSource::Env(name.trim().to_string())
                } else if let Some(cmd) = text.strip_prefix("command:") {
                    TokenSource::Command(cmd.trim().to_string())
                } else {
                    // Not quoted: it may be a token.
                    return Err(at(
                        &e.value,
                        "`token` must be `env:NAME` (an environment variable) or `command:CMD` (a command that prints it); a token written in portal.yaml would be committed".into(),
                    ));
                });
                if matches!(&token, Some(TokenSource::Env(n) | TokenSource::Command(n)) if n.is_empty())
                {
                    return Err(at(&e.value, "`token` names no variable or command".into()));
                }
            }
            "filter" => {
                let text = e
                    .value
                    .as_str()
                    .map(str::trim)
                    .filter(|f| !f.is_empty())
                    .ok_or_else(|| at(&e.value, "`filter` must be a non-empty string".into()))?;
                crate::query::filter::Filter::parse(text).map_err(|why| at(&e.value, why))?;
                filter = Some(text.to_string());
            }
            other => {
                return Err(at(
                    &e.value,
                    format!(
                        "unknown source setting `{other}`; a backstage source knows `token` and `filter`"
                    ),
                ));
            }
        }
    }
    Ok(Source::Backstage(Server { url, token, filter }))
}

/// Whether portal hands `url` to git: `https://`, `http://`, `ssh://` (and git's aliases
/// `git+ssh://`, `ssh+git://`), `file://`, scp-like `[user@]host:path` (ssh), or a local
/// path. Refused: a leading `-` (git would read an option), `git://` (unauthenticated,
/// unencrypted), `ext::`/`fd::` and every other `transport::address` (they run commands),
/// and any other scheme.
pub fn check_git_url(url: &str) -> Result<(), String> {
    if url.starts_with('-') {
        return Err("it starts with `-`, which git would read as an option".into());
    }
    if url.chars().any(char::is_control) {
        return Err("it holds a control character".into());
    }
    if let Some((scheme, _)) = url.split_once("://") {
        return match scheme.to_ascii_lowercase().as_str() {
            "https" | "http" | "ssh" | "git+ssh" | "ssh+git" | "file" => Ok(()),
            "git" => Err("the `git://` protocol is neither authenticated nor encrypted; use https:// or ssh://".into()),
            other => Err(format!("`{other}://` is not one of https://, http://, ssh:// and file://")),
        };
    }
    if let Some((transport, _)) = url.split_once("::")
        && !transport.contains(['/', '@'])
    {
        return Err(format!(
            "`{transport}::` runs a git remote helper; portal allows https://, http://, ssh://, file:// and host:path"
        ));
    }
    Ok(())
}

/// `{backstage-app: DIR, config?: [FILE…]}`.
fn app_source(
    map: &crate::catalog::yaml::Map,
    app: &Node,
    base: &Path,
    at: &dyn Fn(&Node, String) -> Error,
) -> Result<Source, Error> {
    let dir = app
        .as_str()
        .filter(|v| !v.trim().is_empty())
        .ok_or_else(|| at(app, "`backstage-app` must be the app's folder".into()))?;
    let mut config = Vec::new();
    for e in map.iter() {
        match e.key.as_str() {
            "backstage-app" => {}
            "config" => {
                let items = e.value.as_seq().ok_or_else(|| {
                    at(&e.value, "`config` must be a list of config files".into())
                })?;
                config = strings(items, "config", at)?;
            }
            other => {
                return Err(at(
                    &e.value,
                    format!("unknown setting `{other}`; a `backstage-app` source knows `config`"),
                ));
            }
        }
    }
    Ok(Source::App {
        dir: base_join(base, dir),
        config,
    })
}

fn strings(
    items: &[Node],
    what: &str,
    at: &dyn Fn(&Node, String) -> Error,
) -> Result<Vec<String>, Error> {
    items
        .iter()
        .map(|n| {
            n.as_str()
                .map(str::to_string)
                .ok_or_else(|| at(n, format!("every entry of `{what}` must be a string")))
        })
        .collect()
}

fn base_join(base: &Path, p: &str) -> PathBuf {
    let joined = if base == Path::new(".") {
        PathBuf::from(p)
    } else {
        base.join(p)
    };
    crate::confine::normalize(&joined)
}
