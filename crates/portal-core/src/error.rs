//! One error type for everything that stops a command, and the exit codes in one place.

use std::path::PathBuf;
use std::process::ExitCode;

/// Exit codes: 0 ok, 1 findings (invalid catalog, not found), 2 usage or I/O error, 130
/// cancelled.
pub mod exit {
    /// Everything went well.
    pub const OK: u8 = 0;
    /// The command ran, and found problems or nothing.
    pub const FINDINGS: u8 = 1;
    /// Usage or I/O error: the command could not run.
    pub const TROUBLE: u8 = 2;
    /// The user cancelled a prompt (Ctrl-C, Esc), as a shell reports SIGINT.
    pub const CANCELLED: u8 = 130;
}

#[derive(Debug, thiserror::Error)]
/// Why a command could not do its job; each variant maps to an exit code.
pub enum Error {
    #[error("{path}: {source}")]
    /// A file or folder could not be read or written.
    Io {
        /// The path, as given.
        path: PathBuf,
        #[source]
        /// What the system said.
        source: std::io::Error,
    },
    #[error("{0}")]
    /// The configuration is wrong, without a position.
    Config(String),
    #[error("{path}:{line}:{col}: {message}")]
    /// The configuration is wrong at a known place.
    ConfigAt {
        /// The configuration file.
        path: PathBuf,
        /// 1-based line.
        line: u32,
        /// 1-based column.
        col: u32,
        /// What is wrong and what to do.
        message: String,
    },
    #[error("{0}")]
    /// The arguments do not make sense together.
    Usage(String),
    /// A git source that cannot be read: not a repository, an unknown ref.
    #[error("{source_name}: {message}")]
    Git {
        /// The source as configured (credentials removed).
        source_name: String,
        /// What git said, and what to do.
        message: String,
    },
    /// A git source with nothing cached to read: never synced, or every sync failed.
    #[error("git source {source_name} {message}")]
    Unsynced {
        /// The source as configured (credentials removed).
        source_name: String,
        /// What happened to it: "has never been synced", "failed to sync …".
        message: String,
    },
    /// Several problems at once: what was refused, then each reason on a line of its own
    /// (each line escaped on its own when printed, so a reason cannot start another line).
    #[error("{}", problem_lines(head, items).join("\n"))]
    Problems {
        /// What was refused, and that nothing was written.
        head: String,
        /// Each problem.
        items: Vec<String>,
        /// Whether they are findings (exit 1) rather than a usage error (exit 2).
        findings: bool,
        /// What to do about them.
        hint: Option<String>,
    },
    /// The user cancelled at a prompt; nothing was written.
    #[error("cancelled")]
    Cancelled,
    #[error("cannot write output: {0}")]
    /// Standard output could not be written (other than a closed pipe).
    Output(std::io::Error),
    /// The question has no answer: an unknown or ambiguous entity, a failed check.
    #[error("{message}")]
    NotFound {
        /// What was not found.
        message: String,
        /// The closest names, or what to try.
        hint: Option<String>,
    },
}

/// `head:`, then a `  - item` line for each problem.
fn problem_lines(head: &str, items: &[String]) -> Vec<String> {
    std::iter::once(format!("{head}:"))
        .chain(items.iter().map(|i| format!("  - {i}")))
        .collect()
}

impl Error {
    /// The process exit code for this error: 1 when something was not found, else 2.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Error::NotFound { .. } | Error::Problems { findings: true, .. } => {
                ExitCode::from(exit::FINDINGS)
            }
            Error::Cancelled => ExitCode::from(exit::CANCELLED),
            _ => ExitCode::from(exit::TROUBLE),
        }
    }

    /// What to do about it, when there is something to say.
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
                Some("check the path; sources are relative to the current folder (or to portal.yaml's folder when listed there)".into())
            }
            Error::Io { source, .. } if source.kind() == std::io::ErrorKind::PermissionDenied => {
                Some("check the file's permissions".into())
            }
            Error::ConfigAt { path, .. } if path.file_name().is_some_and(|n| n != crate::config::CONFIG_FILE) => {
                Some("this is the Backstage app's config, read as Backstage reads it: see docs/configuration.md#backstage-apps".into())
            }
            Error::Config(_) | Error::ConfigAt { .. } => Some("see docs/configuration.md for portal.yaml's format".into()),
            Error::NotFound { hint, .. } | Error::Problems { hint, .. } => hint.clone(),
            Error::Unsynced { .. } => Some("run `portal sync` (it says why a sync fails), or remove the source from portal.yaml".into()),
            Error::Git { .. } => Some("check the source's `path`, `ref` and `git` in portal.yaml (see docs/configuration.md)".into()),
            _ => None,
        }
    }

    /// The message as lines to print: one, or a head and a line for each problem.
    pub fn lines(&self) -> Vec<String> {
        match self {
            Error::Problems { head, items, .. } => problem_lines(head, items),
            other => vec![other.to_string()],
        }
    }

    /// A closed pipe (`portal list | head`) is not an error.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Output(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Output(e)
    }
}
