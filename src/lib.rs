//! portal: a developer portal in the terminal, reading Backstage catalog files offline.
//!
//! The core (`portal-core`: catalog, source, graph, query, scaffold) returns data and never
//! prints; `commands` format it through `output`. `run` is the one entry point.

pub mod cli;
pub mod commands;
mod complete;
pub mod output;

pub use portal_core::{
    catalog, child, config, confine, docs, error, graph, init, par, plugins, query, scaffold,
    source,
};

use std::process::ExitCode;

pub use error::Error;

/// The command line for dynamic completion (`COMPLETE=bash portal`): the built-in
/// commands and a subcommand for each plugin on PATH, from its metadata.
pub fn completion_command() -> clap::Command {
    use clap::CommandFactory;
    let builtins = commands::plugins::builtins();
    let found: Vec<plugins::Plugin> = commands::plugins::installed()
        .into_iter()
        .filter(|p| !builtins.contains(&p.name))
        .collect();
    let described = commands::plugins::described(&found);
    let plugins = found
        .into_iter()
        .zip(described)
        .map(|(p, m)| (p.name, m.unwrap_or_default()))
        .collect();
    complete::with_plugins(cli::Cli::command(), plugins)
}

/// The command line with the plugins on PATH listed after the commands, for `--help`.
pub fn help_command() -> clap::Command {
    use clap::CommandFactory;
    let builtins = commands::plugins::builtins();
    let found: Vec<plugins::Plugin> = commands::plugins::installed()
        .into_iter()
        .filter(|p| !builtins.contains(&p.name))
        .collect();
    let command = cli::Cli::command();
    if found.is_empty() {
        return command;
    }
    let described = commands::plugins::described(&found);
    let width = found.iter().map(|p| p.name.len()).max().unwrap_or(0);
    let heading = clap::builder::styling::Style::new().bold().underline();
    let mut text =
        format!("{heading}Plugins:{heading:#} (portal-NAME on PATH; `portal plugins` for more)\n");
    for (p, m) in found.iter().zip(&described) {
        let about = m
            .as_ref()
            .ok()
            .and_then(|m| m.description.as_deref())
            .unwrap_or("");
        let line = format!("  {:<width$}  {}", p.name, output::escape::escape(about));
        text.push_str(line.trim_end());
        text.push('\n');
    }
    command.after_help(text)
}

/// Runs one command line.
pub fn run(cli: cli::Cli) -> Result<ExitCode, Error> {
    if let Some(dir) = &cli.global.chdir {
        std::env::set_current_dir(dir).map_err(|e| {
            Error::Usage(format!(
                "-C {}: cannot work in that folder ({e}); give a folder that exists",
                dir.display()
            ))
        })?;
    }
    output::init_colors(cli.global.color);
    commands::dispatch(&cli.global, cli.command)
}
