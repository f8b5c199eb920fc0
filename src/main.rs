//! The `portal` binary: parse the command line, run, report, exit.

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

/// mimalloc: a scan allocates hundreds of thousands of small nodes, on several threads;
/// measured in docs/dependencies.md.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // A template's plan is made in a child copy of portal with bounded memory.
    if std::env::args_os()
        .nth(1)
        .is_some_and(|a| a == portal::scaffold::isolate::ARG)
    {
        return ExitCode::from(portal::scaffold::isolate::serve(
            std::io::stdin().lock(),
            std::io::stdout().lock(),
        ));
    }
    // `COMPLETE=bash portal` prints a script that completes entity names dynamically.
    clap_complete::CompleteEnv::with_factory(portal::completion_command).complete();
    // The plugins on PATH are looked for only when the top-level help is asked for.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let help = args.len() == 1
        || args.get(1).is_some_and(|a| a == "help")
        || args.iter().skip(1).any(|a| a == "-h" || a == "--help");
    let command = if help {
        portal::help_command()
    } else {
        portal::cli::Cli::command()
    };
    let cli = match portal::cli::Cli::from_arg_matches(&command.get_matches_from(args)) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    match portal::run(cli) {
        Ok(code) => code,
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            portal::output::report_error(&e);
            e.exit_code()
        }
    }
}
