//! Dynamic shell completion (`source <(COMPLETE=bash portal)`): entity names, template
//! names, the values of `list`'s filters, and paths. The command-line definition
//! (`cli.rs`) asks here, below the commands it dispatches to.

use std::collections::BTreeSet;
use std::ffi::OsStr;

use clap_complete::engine::{CompletionCandidate, PathCompleter, ValueCompleter};

use crate::catalog::{Catalog, Entity};
use crate::config::Config;
use crate::source::{self, ScanSpec};

/// The configured catalog, or nothing: completion never fails loudly.
fn catalog() -> Option<Catalog> {
    let config = Config::load(&[]).ok()?;
    ScanSpec::new(&config, config.sources.clone(), true)
        .and_then(|spec| source::scan(&spec))
        .ok()
}

/// The candidates among `values` that start with `current`, sorted and unique.
fn starting_with(
    values: impl IntoIterator<Item = String>,
    current: &str,
) -> Vec<CompletionCandidate> {
    let current = current.to_lowercase();
    let set: BTreeSet<String> = values
        .into_iter()
        .filter(|v| v.to_lowercase().starts_with(&current))
        .collect();
    set.into_iter().map(CompletionCandidate::new).collect()
}

/// The entity names (or `kind:name` and full references, once the word holds `:` or `/`)
/// that start with `current`.
pub fn complete_entity(current: &OsStr) -> Vec<CompletionCandidate> {
    let current = current.to_string_lossy();
    let Some(catalog) = catalog() else {
        return Vec::new();
    };
    let qualified = current.contains([':', '/']);
    let names = catalog.entities.iter().flat_map(|e| {
        let r = e.entity_ref();
        if qualified {
            vec![format!("{}:{}", r.kind, r.name), r.to_string()]
        } else {
            vec![r.name.to_string()]
        }
    });
    starting_with(names, &current)
}

/// `who-owns`: entities, and files and folders (it takes either).
pub fn complete_entity_or_path(current: &OsStr) -> Vec<CompletionCandidate> {
    let mut out = complete_entity(current);
    out.extend(PathCompleter::any().complete(current));
    out
}

/// `create TEMPLATE`: the built-in templates and the catalog's.
pub fn complete_template(current: &OsStr) -> Vec<CompletionCandidate> {
    let mut names: Vec<String> = crate::scaffold::template::builtin()
        .into_iter()
        .map(|t| t.name)
        .collect();
    if let Some(catalog) = catalog() {
        names.extend(
            crate::scaffold::template::from_catalog(&catalog.entities)
                .into_iter()
                .map(|t| t.name),
        );
    }
    starting_with(names, &current.to_string_lossy())
}

/// A comma-separated filter value: the last item is completed, the ones before it kept.
fn filter_values(
    current: &OsStr,
    values: impl Fn(&Entity) -> Vec<String>,
) -> Vec<CompletionCandidate> {
    let current = current.to_string_lossy();
    let (done, last) = match current.rsplit_once(',') {
        Some((done, last)) => (format!("{done},"), last),
        None => (String::new(), current.as_ref()),
    };
    let Some(catalog) = catalog() else {
        return Vec::new();
    };
    starting_with(catalog.entities.iter().flat_map(&values), last)
        .into_iter()
        .map(|c| CompletionCandidate::new(format!("{done}{}", c.get_value().to_string_lossy())))
        .collect()
}

/// `--kind`: the kinds in the catalog, lower-cased as people type them.
pub fn complete_kind(current: &OsStr) -> Vec<CompletionCandidate> {
    filter_values(current, |e| vec![e.kind.to_lowercase()])
}

/// `--owner`: Groups by name, Users as `user:name`, as the filter takes them.
pub fn complete_owner(current: &OsStr) -> Vec<CompletionCandidate> {
    filter_values(current, |e| match e.kind.as_str() {
        "Group" => vec![e.name.clone()],
        "User" => vec![format!("user:{}", e.name)],
        _ => Vec::new(),
    })
}

/// `--system`: the Systems.
pub fn complete_system(current: &OsStr) -> Vec<CompletionCandidate> {
    filter_values(current, |e| {
        if e.kind == "System" {
            vec![e.name.clone()]
        } else {
            Vec::new()
        }
    })
}

/// `--type`: every `spec.type` in the catalog.
pub fn complete_type(current: &OsStr) -> Vec<CompletionCandidate> {
    filter_values(current, |e| {
        e.spec_str("type").map(str::to_string).into_iter().collect()
    })
}

/// `--lifecycle`: every `spec.lifecycle` in the catalog.
pub fn complete_lifecycle(current: &OsStr) -> Vec<CompletionCandidate> {
    filter_values(current, |e| {
        e.spec_str("lifecycle")
            .map(str::to_string)
            .into_iter()
            .collect()
    })
}

/// `--tag`: every tag in the catalog.
pub fn complete_tag(current: &OsStr) -> Vec<CompletionCandidate> {
    filter_values(current, |e| {
        e.metadata()
            .and_then(|m| m.get("tags"))
            .and_then(|t| t.as_seq())
            .map(|t| {
                t.iter()
                    .filter_map(|x| x.as_str())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    })
}

/// `--namespace`: the namespaces in the catalog.
pub fn complete_namespace(current: &OsStr) -> Vec<CompletionCandidate> {
    filter_values(current, |e| vec![e.namespace.clone()])
}

/// `command` with a subcommand for each plugin (`(name, metadata)`), so that `portal
/// NAME<TAB>` completes plugin names and their arguments come from the metadata.
pub fn with_plugins(
    mut command: clap::Command,
    plugins: Vec<(String, crate::plugins::Metadata)>,
) -> clap::Command {
    use clap_complete::engine::{ArgValueCandidates, ArgValueCompleter};
    for (name, meta) in plugins {
        // Completion runs once and ends: the names live as long as the process.
        let name: &'static str = Box::leak(name.into_boxed_str());
        let about = meta.description.clone().unwrap_or_default();
        let words: Vec<(String, Option<String>)> = meta
            .completions
            .values
            .iter()
            .map(|c| (c.value().to_string(), c.help().map(str::to_string)))
            .collect();
        let values = move |word: &str| -> Vec<CompletionCandidate> {
            words
                .iter()
                .filter(|(w, _)| w.starts_with(word))
                .map(|(w, help)| {
                    CompletionCandidate::new(w).help(help.as_ref().map(|h| h.clone().into()))
                })
                .collect()
        };
        let mut arg = clap::Arg::new("args")
            .num_args(0..)
            .trailing_var_arg(true)
            .allow_hyphen_values(true);
        arg = if meta.completions.entities {
            arg.add(ArgValueCompleter::new(move |current: &OsStr| {
                let mut out = values(&current.to_string_lossy());
                out.extend(complete_entity(current));
                out
            }))
        } else {
            arg.add(ArgValueCandidates::new(move || values("")))
        };
        command = command.subcommand(clap::Command::new(name).about(about).arg(arg));
    }
    command
}
