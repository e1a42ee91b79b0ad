//! Playbook errors: each names the playbook file and line.

use std::fmt;
use std::path::PathBuf;

/// One problem in a playbook file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaybookError {
    /// The file as the user knows it (`playbooks/common/security.toml`).
    pub file: String,
    /// 1-based line; 0 when the problem is not tied to a line.
    pub line: usize,
    pub message: String,
}

impl fmt::Display for PlaybookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}:{}: {}", self.file, self.line, self.message)
        }
    }
}

/// Why a playbook could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum PlaybookErrors {
    /// No playbook has that id.
    #[error("unknown use case `{id}`{}; available: {}", suggest(.suggestion), .known.join(", "))]
    UnknownUseCase {
        id: String,
        known: Vec<String>,
        suggestion: Option<String>,
    },
    /// A playbook directory or file could not be read.
    #[error("cannot read playbooks at {}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A playbooks repository or ref could not be read.
    #[error("{0}")]
    Git(String),
    /// A `layer.toml` is invalid or does not fit what it extends; every problem found.
    #[error("invalid playbook layer:\n{}", list(.errors))]
    InvalidLayer { errors: Vec<PlaybookError> },
    /// The playbook is invalid; every problem found.
    #[error("invalid playbook `{use_case}`:\n{}", list(.errors))]
    Invalid {
        use_case: String,
        errors: Vec<PlaybookError>,
    },
}

fn suggest(s: &Option<String>) -> String {
    s.as_ref()
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default()
}

fn list(errors: &[PlaybookError]) -> String {
    errors
        .iter()
        .map(|e| format!("  {e}"))
        .collect::<Vec<_>>()
        .join("\n")
}
