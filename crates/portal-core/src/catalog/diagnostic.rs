//! Problems found in user files: what, where (file, line, column), how bad, and what to do.

use std::borrow::Cow;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::yaml::Pos;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
/// How bad a finding is: an error fails `validate`, a warning only with `--strict`.
pub enum Severity {
    /// Backstage rejects the document (or portal cannot read the file).
    Error,
    /// Backstage accepts it, but it is probably not what was meant.
    Warning,
}

/// One finding in one place of one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A stable identifier of the rule (documented in `docs/rules.md`); owned only when
    /// read back from the index.
    pub rule: Cow<'static, str>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The path as reached from the arguments.
    pub file: PathBuf,
    /// Line and column (1-based) in `file`.
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
    /// Error or warning.
    pub severity: Severity,
    /// The rule's stable identifier (see `docs/rules.md`).
    pub rule: &'static str,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Where in the document.
    pub pos: Pos,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Finding {
    /// An error of `rule` at `pos`.
    pub fn error(rule: &'static str, pos: Pos, message: impl Into<String>) -> Self {
        Finding {
            severity: Severity::Error,
            rule,
            message: message.into(),
            pos,
            hint: None,
        }
    }

    /// A warning of `rule` at `pos`.
    pub fn warning(rule: &'static str, pos: Pos, message: impl Into<String>) -> Self {
        Finding {
            severity: Severity::Warning,
            ..Finding::error(rule, pos, message)
        }
    }

    #[must_use]
    /// Adds what to do about it.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Attaches the finding to a file, a document and (when known) an entity.
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
    /// Whether it is an error (not a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Diagnostics one file keeps; the rest are counted, exactly, in one last diagnostic. A
/// file with more is not a catalog file people fix one finding at a time (an 8.6 MB file
/// of small invalid documents made 477 MB of diagnostics).
pub const MAX_FILE_DIAGNOSTICS: usize = 1000;

/// A file's diagnostics, at most `MAX_FILE_DIAGNOSTICS` of them.
#[derive(Debug, Default)]
pub struct Capped {
    kept: Vec<Diagnostic>,
    errors_left: usize,
    warnings_left: usize,
    /// Where the first one left out is, and in which document.
    first_left: Option<(Pos, Option<usize>)>,
}

impl Capped {
    /// Keeps `d`, or counts it once `MAX_FILE_DIAGNOSTICS` are kept.
    pub fn push(&mut self, d: Diagnostic) {
        if self.kept.len() < MAX_FILE_DIAGNOSTICS {
            self.kept.push(d);
            return;
        }
        self.first_left.get_or_insert((d.pos, d.doc));
        if d.is_error() {
            self.errors_left += 1;
        } else {
            self.warnings_left += 1;
        }
    }

    /// The diagnostics kept, then `too-many-findings` (an error when an error was left
    /// out) when some were.
    pub fn finish(mut self, file: &std::path::Path) -> Vec<Diagnostic> {
        let Some((pos, doc)) = self.first_left else {
            return self.kept;
        };
        let (e, w) = (self.errors_left, self.warnings_left);
        let message = format!(
            "{} more finding(s) in this file are not shown ({e} error(s), {w} warning(s)); portal lists the first {MAX_FILE_DIAGNOSTICS} of a file",
            e + w
        );
        let finding = if e > 0 {
            Finding::error("too-many-findings", pos, message)
        } else {
            Finding::warning("too-many-findings", pos, message)
        };
        let hint = "fix the ones shown and run again; if this is not a catalog file, leave it out of the sources (docs/configuration.md)";
        self.kept
            .push(finding.hint(hint).at(file.to_path_buf(), doc, None));
        self.kept
    }
}
