//! One error type for everything that stops a command, and the exit codes in one place.

use std::path::PathBuf;
use std::process::ExitCode;

/// Exit codes: 0 ok, 1 findings (invalid catalog, not found), 2 usage or I/O error.
pub mod exit {
    pub const OK: u8 = 0;
    pub const FINDINGS: u8 = 1;
    pub const TROUBLE: u8 = 2;
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Config(String),
    #[error("{path}:{line}:{col}: {message}")]
    ConfigAt {
        path: PathBuf,
        line: u32,
        col: u32,
        message: String,
    },
    #[error("{0}")]
    Usage(String),
    /// A git source that cannot be read: not a repository, an unknown ref.
    #[error("{source_name}: {message}")]
    Git {
        source_name: String,
        message: String,
    },
    #[error("cannot write output: {0}")]
    Output(std::io::Error),
    /// The question has no answer: an unknown or ambiguous entity, a failed check.
    #[error("{message}")]
    NotFound {
        message: String,
        hint: Option<String>,
    },
}

impl Error {
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Error::NotFound { .. } => ExitCode::from(exit::FINDINGS),
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
            Error::Config(_) | Error::ConfigAt { .. } => Some("see docs/configuration.md for portal.yaml's format".into()),
            Error::NotFound { hint, .. } => hint.clone(),
            Error::Git { .. } => Some("check the source's `path`, `ref` and `git` in portal.yaml (see docs/configuration.md)".into()),
            _ => None,
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
