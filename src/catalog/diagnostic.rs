//! Problems found in user files: what, where (file, line, column), how bad, and what to do.

use std::borrow::Cow;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::yaml::Pos;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One finding in one place of one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable identifier of the rule (documented in `docs/rules.md`); owned only when
    /// read back from the index.
    pub rule: Cow<'static, str>,
    pub message: String,
    /// The path as reached from the arguments.
    pub file: PathBuf,
    pub pos: Pos,
    /// 0-based index of the YAML document in its file.
    pub doc: Option<usize>,
    /// The entity reference, when known.
    pub entity: Option<String>,
    /// What to do about it.
    pub hint: Option<String>,
    /// A second place the finding is about (the other definition of a duplicate, …).
    pub related: Option<(PathBuf, Pos)>,
}

/// A finding before it is attached to a file and document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    pub rule: &'static str,
    pub message: String,
    pub pos: Pos,
    pub hint: Option<String>,
}

impl Finding {
    pub fn error(rule: &'static str, pos: Pos, message: impl Into<String>) -> Self {
        Finding {
            severity: Severity::Error,
            rule,
            message: message.into(),
            pos,
            hint: None,
        }
    }

    pub fn warning(rule: &'static str, pos: Pos, message: impl Into<String>) -> Self {
        Finding {
            severity: Severity::Warning,
            ..Finding::error(rule, pos, message)
        }
    }

    #[must_use]
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn at(self, file: PathBuf, doc: Option<usize>, entity: Option<String>) -> Diagnostic {
        Diagnostic {
            severity: self.severity,
            rule: Cow::Borrowed(self.rule),
            message: self.message,
            file,
            pos: self.pos,
            doc,
            entity,
            hint: self.hint,
            related: None,
        }
    }
}

impl Diagnostic {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}
