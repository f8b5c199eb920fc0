//! The whole command line, in one place. Doc comments are the help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// A developer portal in your terminal: what exists, who owns it, what depends on what,
/// and whether your Backstage catalog files are valid, read offline from local folders.
#[derive(Debug, Parser)]
#[command(name = "portal", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Run as if portal was started in DIR.
    #[arg(short = 'C', value_name = "DIR", global = true)]
    pub chdir: Option<PathBuf>,
    /// A folder to scan for descriptors (repeatable); replaces portal.yaml's sources.
    #[arg(long = "source", short = 's', value_name = "PATH", global = true)]
    pub sources: Vec<PathBuf>,
    /// When to use colour.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check catalog files exactly as Backstage would, plus cross-entity checks.
    Validate(ValidateArgs),
    /// List entities.
    List(ListArgs),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Print the man page (roff).
    #[command(hide = true)]
    Man,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Files or folders to validate [default: the configured sources].
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = ValidateFormat::Human)]
    pub format: ValidateFormat,
    /// Treat portal's own checks (missing references, cycles, duplicates…) as errors.
    #[arg(long)]
    pub strict: bool,
    /// Do not follow Location entities to the files they name.
    #[arg(long)]
    pub no_follow: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ValidateFormat {
    /// `file:line:col: error[rule]: message`, the source line and a hint.
    Human,
    /// One JSON object (see docs/json.md).
    Json,
    /// GitHub Actions workflow annotations.
    Github,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only entities of this kind (case-insensitive; repeatable).
    #[arg(long, short = 'k', value_name = "KIND")]
    pub kind: Vec<String>,
    /// Print the entities as a JSON array, in the shape of Backstage's catalog API.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    pub shell: clap_complete::Shell,
}
