//! `portal plugins [list|doctor]`, and what every command that runs a plugin shares: the
//! plugins installed, their metadata, and the environment contract (docs/plugins.md).

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

use clap::CommandFactory;
use console::style;
use serde::Serialize;

use crate::catalog::Entity;
use crate::cli::{GlobalArgs, PluginsAction, PluginsArgs, PluginsDoctorArgs};
use crate::error::Error;
use crate::output::escape::{escape, path as shown_path};
use crate::output::table::Rows;
use crate::output::warn;
use crate::plugins::cards::{SPECS, annotation};
use crate::plugins::{self, Described, Metadata, Plugin};

/// The names (and aliases) of the built-in commands: a plugin of the same name never runs.
pub fn builtins() -> Vec<String> {
    let cli = crate::cli::Cli::command();
    let mut names: Vec<String> = cli
        .get_subcommands()
        .flat_map(|c| std::iter::once(c.get_name()).chain(c.get_all_aliases()))
        .map(str::to_string)
        .collect();
    names.push("help".into());
    names
}

/// The plugins on PATH.
pub fn installed() -> Vec<Plugin> {
    plugins::discover(std::env::var_os("PATH").as_deref())
}

/// What a plugin finds in its environment (docs/plugins.md): the running binary, its
/// version, the working folder, the configuration file, the cache folder and the colour
/// decision.
pub fn contract() -> Vec<(OsString, OsString)> {
    let mut env: Vec<(OsString, OsString)> = vec![
        ("PORTAL_PLUGIN".into(), "1".into()),
        ("PORTAL_VERSION".into(), env!("CARGO_PKG_VERSION").into()),
    ];
    if let Ok(bin) = std::env::current_exe() {
        env.push(("PORTAL_BIN".into(), bin.into()));
    }
    let cwd = std::env::current_dir().ok();
    if let Some(cwd) = &cwd {
        env.push(("PORTAL_CWD".into(), cwd.clone().into()));
    }
    let absolute = |p: std::path::PathBuf| match (&cwd, p.is_absolute()) {
        (Some(c), false) => crate::confine::normalize(&c.join(p)),
        _ => p,
    };
    // Empty when there is none, so an outer plugin's value does not leak into an inner one.
    let config = crate::config::find_upward(std::path::Path::new("."))
        .map(absolute)
        .map(OsString::from)
        .unwrap_or_default();
    env.push(("PORTAL_CONFIG".into(), config));
    if let Ok(cache) = crate::config::cache_dir() {
        env.push(("PORTAL_CACHE_DIR".into(), absolute(cache).into()));
    }
    let color = if console::colors_enabled() {
        "always"
    } else {
        "never"
    };
    env.push(("PORTAL_COLOR".into(), color.into()));
    env
}

/// The metadata of `plugins` (cached by path and stamp).
pub fn described(plugins: &[Plugin]) -> Vec<Described> {
    let cache = crate::config::cache_dir().ok();
    plugins::describe(plugins, cache.as_deref(), &contract())
}

pub fn run(global: &GlobalArgs, args: &PluginsArgs) -> Result<ExitCode, Error> {
    match &args.action {
        None => list(args.json),
        Some(PluginsAction::List(a)) => list(a.json || args.json),
        Some(PluginsAction::Doctor(a)) => doctor(global, a),
    }
}

/// `portal plugins --json`: one object per plugin (docs/json.md).
#[derive(Serialize)]
struct Listed<'a> {
    name: &'a str,
    path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'a str>,
    annotations: &'a [String],
    /// Why the metadata handshake failed; the plugin still runs.
    #[serde(rename = "metadataError", skip_serializing_if = "Option::is_none")]
    metadata_error: Option<&'a str>,
    /// A built-in command of the same name, which runs instead.
    #[serde(rename = "shadowedBy", skip_serializing_if = "Option::is_none")]
    shadowed_by: Option<String>,
    /// Executables of the same name later on PATH, which never run.
    hidden: Vec<String>,
}

fn list(json: bool) -> Result<ExitCode, Error> {
    let found = installed();
    let meta = described(&found);
    let builtins = builtins();
    let listed: Vec<Listed> = found
        .iter()
        .zip(&meta)
        .map(|(p, m)| Listed {
            name: &p.name,
            path: p.path.to_string_lossy().into_owned(),
            description: m.as_ref().ok().and_then(|m| m.description.as_deref()),
            version: m.as_ref().ok().and_then(|m| m.version.as_deref()),
            annotations: m.as_ref().map(|m| m.annotations.as_slice()).unwrap_or(&[]),
            metadata_error: m.as_ref().err().map(String::as_str),
            shadowed_by: builtins.contains(&p.name).then(|| p.name.clone()),
            hidden: p
                .hidden
                .iter()
                .map(|h| h.to_string_lossy().into_owned())
                .collect(),
        })
        .collect();
    for l in &listed {
        if l.shadowed_by.is_some() {
            warn(&format!(
                "{} is never run: `{}` is a built-in command; rename it (portal-NAME with another NAME)",
                l.path, l.name
            ));
        }
        if let Some(e) = l.metadata_error {
            warn(&format!(
                "{}: {e}; it still runs as `portal {}`, without a description, completion or card",
                l.path, l.name
            ));
        }
        for h in &l.hidden {
            warn(&format!("{h} is never run: {} comes first on PATH", l.path));
        }
    }
    let mut out = crate::output::stdout();
    if json {
        serde_json::to_writer_pretty(&mut out, &listed).map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else if listed.is_empty() {
        writeln!(
            out,
            "no plugins: a plugin is an executable named portal-NAME on PATH (docs/plugins.md)"
        )?;
    } else {
        let mut rows = Rows::new(&["NAME", "VERSION", "DESCRIPTION", "CARD", "PATH"])
            .shrink("DESCRIPTION")
            .optional(&["PATH", "CARD", "VERSION"]);
        for l in &listed {
            rows.row([
                l.name.to_string(),
                l.version.unwrap_or("").to_string(),
                l.description.unwrap_or("").to_string(),
                l.annotations.join(", "),
                l.path.clone(),
            ]);
        }
        rows.write(&mut out)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// One card's audit (`portal plugins doctor --json`, docs/json.md).
#[derive(Serialize)]
struct Audit {
    card: String,
    /// `built-in` or `plugin`.
    source: &'static str,
    /// What it mirrors (built-in) or the plugin's path.
    about: String,
    /// Any one of these makes the card; `metadata.links` for the links card.
    needs: Vec<String>,
    /// Entities looked at.
    checked: usize,
    missing: Vec<Missing>,
}

#[derive(Serialize)]
struct Missing {
    entity: String,
    file: String,
    line: u32,
}

fn doctor(global: &GlobalArgs, args: &PluginsDoctorArgs) -> Result<ExitCode, Error> {
    let catalog = super::load(global)?;
    let wanted = if args.kind.is_empty() {
        vec!["Component".to_string()]
    } else {
        super::known_kinds(global, catalog, &args.kind)?
    };
    let entities: Vec<&Entity> = catalog
        .entities
        .iter()
        .filter(|e| wanted.iter().any(|k| k.eq_ignore_ascii_case(&e.kind)))
        .collect();
    let found = installed();
    let meta = described(&found);
    let mut cards: Vec<(String, &'static str, String, Vec<String>)> = SPECS
        .iter()
        .map(|s| {
            let needs = if s.id == "links" {
                vec!["metadata.links".to_string()]
            } else {
                s.annotations.iter().map(|a| a.to_string()).collect()
            };
            (s.id.to_string(), "built-in", s.mirrors.to_string(), needs)
        })
        .collect();
    for (p, m) in found.iter().zip(&meta) {
        if let Ok(Metadata { annotations, .. }) = m
            && !annotations.is_empty()
        {
            cards.push((
                p.name.clone(),
                "plugin",
                p.path.to_string_lossy().into_owned(),
                annotations.clone(),
            ));
        }
    }
    for c in &args.card {
        if !cards.iter().any(|(id, ..)| id == c) {
            let known: Vec<&str> = cards.iter().map(|(id, ..)| id.as_str()).collect();
            return Err(Error::Usage(format!(
                "--card {c}: no such card; the cards are {}",
                known.join(", ")
            )));
        }
    }
    let audits: Vec<Audit> = cards
        .into_iter()
        .filter(|(id, ..)| args.card.is_empty() || args.card.contains(id))
        .map(|(card, source, about, needs)| {
            let has = |e: &Entity| {
                if needs == ["metadata.links"] {
                    e.metadata()
                        .and_then(|m| m.get("links"))
                        .and_then(|l| l.as_seq())
                        .is_some_and(|l| !l.is_empty())
                } else {
                    needs.iter().any(|a| annotation(e, a).is_some())
                }
            };
            let missing = entities
                .iter()
                .filter(|e| !has(e))
                .map(|e| Missing {
                    entity: e.entity_ref().to_string(),
                    file: crate::output::relative::from_cwd(&e.file)
                        .to_string_lossy()
                        .into_owned(),
                    line: e.pos.line,
                })
                .collect();
            Audit {
                card,
                source,
                about,
                needs,
                checked: entities.len(),
                missing,
            }
        })
        .collect();
    let mut out = crate::output::stdout();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &audits).map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else {
        let kinds = wanted.join(", ");
        for a in &audits {
            let verdict = if a.checked == 0 {
                style(format!("no {kinds} to check")).dim().to_string()
            } else if a.missing.is_empty() {
                style(format!("every {kinds} has it ({})", a.checked))
                    .green()
                    .to_string()
            } else {
                style(format!("{} of {} lack it", a.missing.len(), a.checked))
                    .yellow()
                    .to_string()
            };
            writeln!(
                out,
                "{}  needs {}: {verdict}",
                style(escape(&a.card)).bold(),
                escape(&a.needs.join(" or "))
            )?;
            for m in &a.missing {
                writeln!(
                    out,
                    "  {}  {}",
                    escape(&m.entity),
                    style(format!(
                        "{}:{}",
                        shown_path(std::path::Path::new(&m.file)),
                        m.line
                    ))
                    .dim()
                )?;
            }
        }
    }
    out.flush()?;
    let any = audits.iter().any(|a| !a.missing.is_empty());
    Ok(if any {
        ExitCode::from(crate::error::exit::FINDINGS)
    } else {
        ExitCode::SUCCESS
    })
}
