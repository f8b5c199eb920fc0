//! The command line: every flag and subcommand, with its help text.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

// The command line. `about` is Cargo.toml's description: a doc comment here would be
// shown by `--help` in its place.
#[derive(Debug, Parser)]
#[command(name = env!("CARGO_BIN_NAME"), version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print a greeting
    Hello {
        /// Who to greet
        #[arg(default_value = "world")]
        name: String,
        /// Greet loudly
        #[arg(short, long)]
        shout: bool,
    },
    /// Count the lines, words and bytes of files, or of standard input
    Count {
        /// Files to read; standard input when none is given, or for `-`
        files: Vec<PathBuf>,
    },
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::Cli;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
