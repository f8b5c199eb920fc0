//! The `portal` binary: parse the command line, run, report, exit.

use std::process::ExitCode;

use clap::{CommandFactory, Parser};

/// mimalloc: a scan allocates hundreds of thousands of small nodes, on several threads;
/// measured in docs/dependencies.md.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // `COMPLETE=bash portal` prints a script that completes entity names dynamically.
    clap_complete::CompleteEnv::with_factory(portal::cli::Cli::command).complete();
    let cli = portal::cli::Cli::parse();
    match portal::run(cli) {
        Ok(code) => code,
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            portal::output::report_error(&e);
            e.exit_code()
        }
    }
}
