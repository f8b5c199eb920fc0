//! The `portal` binary: parse the command line, run, report, exit.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
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
