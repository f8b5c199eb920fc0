//! portal: a developer portal in the terminal, reading Backstage catalog files offline.
//!
//! The core (`portal-core`: catalog, source, graph, query, scaffold) returns data and never
//! prints; `commands` format it through `output`. `run` is the one entry point.

pub mod cli;
pub mod commands;
mod complete;
pub mod output;

pub use portal_core::{catalog, config, confine, docs, error, graph, par, query, scaffold, source};

use std::process::ExitCode;

pub use error::Error;

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
