//! One file per subcommand, dispatched by one flat `match`.

mod completions;
mod list;
mod validate;

use std::process::ExitCode;

use crate::catalog::{Catalog, LoadOptions};
use crate::cli::{Command, GlobalArgs};
use crate::config::Config;
use crate::error::Error;
use crate::source::{self, ScanSpec};

pub fn dispatch(global: &GlobalArgs, command: Command) -> Result<ExitCode, Error> {
    match command {
        Command::Validate(args) => validate::run(global, &args),
        Command::List(args) => list::run(global, &args),
        Command::Completions(args) => completions::run(&args),
        Command::Man => completions::man(),
    }
}

/// Scans `paths` (or the configured sources when empty) with the configuration's settings.
pub fn scan(
    global: &GlobalArgs,
    paths: &[std::path::PathBuf],
    follow_locations: bool,
) -> Result<Catalog, Error> {
    let config = Config::load(&global.sources)?;
    let roots = if paths.is_empty() {
        config.sources.clone()
    } else {
        paths.to_vec()
    };
    source::scan(&ScanSpec {
        roots,
        patterns: config.patterns,
        load: LoadOptions {
            extra_kinds: config.kinds,
        },
        follow_locations,
    })
}
