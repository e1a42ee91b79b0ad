//! `.sitepack/lock.toml`: what produced a package, and the digest of every file it rendered.
//!
//! The lock is written as one of the rendered files, so it is part of the deterministic
//! tree. It records inputs and digests only: no wall-clock time, no user, no absolute path.
//! Reading a package from disk is `package`'s job; this module only formats and parses.

mod validate;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use crate::digest::sha256_hex;
use crate::files::Files;
use crate::position::Position;

/// Where the lock lives inside a package.
pub const LOCK_PATH: &str = ".sitepack/lock.toml";

/// The lock format this version writes and reads.
pub const LOCK_FORMAT: u32 = 1;

/// Provenance of a rendered package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lock {
    /// Lock format, always [`LOCK_FORMAT`].
    pub format: u32,
    /// The sitepack version that rendered the package.
    pub tool_version: String,
    /// The site profile's id.
    pub site_id: String,
    /// The use case the package was rendered for.
    pub use_case: String,
    /// `sha256:<hex>` of the profile bytes.
    pub profile_digest: String,
    /// The as-of date, `YYYY-MM-DD`.
    pub as_of: String,
    /// The playbook that was applied.
    pub playbook: LockedPlaybook,
    /// Where the playbooks were read from; `update`, `diff` and `gate` read them there
    /// again unless a flag names another source. Absent in locks of older versions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub playbook_source: Option<PlaybookSource>,
    /// Rendered path to `sha256:<hex>`, for every file except the lock itself.
    pub files: BTreeMap<String, String>,
}

/// The playbook part of a [`Lock`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LockedPlaybook {
    /// Playbook id, the use case it serves.
    pub id: String,
    /// Playbook version as declared in the playbook.
    pub version: String,
    /// `sha256:<hex>` of the playbook's content.
    pub digest: String,
    /// The git commit the playbooks were read from, when they came from a repository.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// With company layers: `predictive-maintenance 1.2.0 + acme 2.1.0`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stack: Option<String>,
    /// With company layers: every layer of the stack, base first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub layers: Vec<crate::playbook::LayerRecord>,
}

/// Where a package's playbooks come from, as its lock records it. Local paths are relative
/// to the package directory (with `/`), so the lock is the same on every machine that keeps
/// the package and the playbooks side by side; URLs carry no credentials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum PlaybookSource {
    /// The playbooks built into sitepack.
    BuiltIn,
    /// A directory of playbook files.
    Dir {
        /// The directory, relative to the package directory when it is local.
        path: String,
    },
    /// A git repository at one commit.
    Git {
        /// A URL, or a path relative to the package directory.
        repo: String,
        /// The branch, tag or commit as given (`--playbooks-ref`) when the package was
        /// rendered; shown, never read again.
        rev: String,
        /// The full commit id the playbooks were read at.
        commit: String,
    },
}

impl PlaybookSource {
    /// True when both name the same place (a git repository at any commit is one place).
    pub fn same_place(&self, other: &PlaybookSource) -> bool {
        match (self, other) {
            (PlaybookSource::Git { repo: a, .. }, PlaybookSource::Git { repo: b, .. }) => a == b,
            _ => self == other,
        }
    }
}

impl std::fmt::Display for PlaybookSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlaybookSource::BuiltIn => write!(f, "the built-in playbooks"),
            PlaybookSource::Dir { path } => write!(f, "the playbooks in directory {path}"),
            PlaybookSource::Git { repo, commit, .. } => {
                let short = &commit[..commit.len().min(12)];
                write!(
                    f,
                    "the playbooks of git repository {repo} at commit {short}"
                )
            }
        }
    }
}

/// Everything in a [`Lock`] except the file digests, which [`seal`] computes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockInputs {
    /// See [`Lock::tool_version`].
    pub tool_version: String,
    /// See [`Lock::site_id`].
    pub site_id: String,
    /// See [`Lock::use_case`].
    pub use_case: String,
    /// See [`Lock::profile_digest`].
    pub profile_digest: String,
    /// See [`Lock::as_of`].
    pub as_of: String,
    /// See [`Lock::playbook`].
    pub playbook: LockedPlaybook,
    /// See [`Lock::playbook_source`].
    pub playbook_source: Option<PlaybookSource>,
}

/// Why a lock could not be used: every problem found in it, with positions.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", render_issues(.path, .issues))]
pub struct LockError {
    /// The lock file, as named in messages ([`LOCK_PATH`] until the reader names it).
    pub path: PathBuf,
    /// Its problems, in file order.
    pub issues: Vec<LockIssue>,
}

/// One problem in a lock file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockIssue {
    /// Where it is.
    pub at: Position,
    /// What is wrong and what to do.
    pub message: String,
}

impl LockError {
    /// The same problems, naming the lock file by `path`.
    pub fn at_path(mut self, path: &Path) -> LockError {
        self.path = path.to_path_buf();
        self
    }

    fn one(text: &str, offset: usize, message: String) -> LockError {
        LockError {
            path: PathBuf::from(LOCK_PATH),
            issues: vec![LockIssue {
                at: Position::at(text, offset),
                message,
            }],
        }
    }
}

fn render_issues(path: &Path, issues: &[LockIssue]) -> String {
    let lines: Vec<String> = issues
        .iter()
        .map(|i| {
            format!(
                "{}:{}:{}: {}",
                path.display(),
                i.at.line,
                i.at.column,
                i.message
            )
        })
        .collect();
    format!("invalid sitepack lock\n{}", lines.join("\n"))
}

impl Lock {
    /// The lock as TOML; the same lock always gives the same bytes.
    pub fn to_toml(&self) -> String {
        // Plain strings, integers and string maps always serialize; failure would be a bug.
        toml::to_string(self).expect("a Lock always serializes to TOML")
    }

    /// Parses and validates a lock read from a package: its keys and types (the first
    /// error serde meets), its format, and every path of `[files]` (each must be a plain
    /// relative path of a file sitepack renders).
    pub fn parse(text: &str) -> Result<Lock, LockError> {
        let lock: Lock = toml::from_str(text).map_err(|e| {
            let at = e.span().map_or(0, |s| s.start);
            LockError::one(text, at, e.message().trim_end().to_string())
        })?;
        if lock.format != LOCK_FORMAT {
            let at = text.find("format").unwrap_or(0);
            let message = format!(
                "format {} is not the format this sitepack reads ({LOCK_FORMAT}); upgrade sitepack",
                lock.format
            );
            return Err(LockError::one(text, at, message));
        }
        validate::files(text)?;
        Ok(lock)
    }
}

/// Computes the digest of every file in `files`, inserts the lock at [`LOCK_PATH`],
/// and returns it. Any lock already in `files` is replaced and not digested.
pub fn seal(files: &mut Files, inputs: LockInputs) -> Lock {
    let digests = files
        .iter()
        .filter(|(path, _)| *path != LOCK_PATH)
        .map(|(path, bytes)| (path.to_string(), sha256_hex(bytes)))
        .collect();
    let lock = Lock {
        format: LOCK_FORMAT,
        tool_version: inputs.tool_version,
        site_id: inputs.site_id,
        use_case: inputs.use_case,
        profile_digest: inputs.profile_digest,
        as_of: inputs.as_of,
        playbook: inputs.playbook,
        playbook_source: inputs.playbook_source,
        files: digests,
    };
    files.insert(LOCK_PATH, lock.to_toml());
    lock
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs() -> LockInputs {
        LockInputs {
            tool_version: "0.1.0".into(),
            site_id: "plant-a".into(),
            use_case: "predictive-maintenance".into(),
            profile_digest: sha256_hex(b"site"),
            as_of: "2026-01-15".into(),
            playbook: LockedPlaybook {
                id: "predictive-maintenance".into(),
                version: "1.0.0".into(),
                digest: sha256_hex(b"playbook"),
                source: None,
                stack: None,
                layers: Vec::new(),
            },
            playbook_source: Some(PlaybookSource::Dir {
                path: "../standards/acme".into(),
            }),
        }
    }

    #[test]
    fn sha256_of_empty_input_is_the_known_value() {
        assert_eq!(
            sha256_hex(b""),
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn seal_digests_every_file_but_the_lock_and_round_trips() {
        let mut files = Files::new();
        files.insert("README.md", "hello");
        files.insert("src/a.md", "a");
        let lock = seal(&mut files, inputs());
        assert_eq!(lock.files.len(), 2);
        assert_eq!(lock.files["README.md"], sha256_hex(b"hello"));
        let text = std::str::from_utf8(files.get(LOCK_PATH).unwrap()).unwrap();
        assert_eq!(Lock::parse(text).unwrap(), lock);
        // Sealing twice gives the same bytes: the lock never digests itself.
        let again = files.clone();
        seal(&mut files, inputs());
        assert_eq!(files, again);
    }

    #[test]
    fn toml_is_deterministic_and_readable() {
        let mut files = Files::new();
        files.insert("b.md", "b");
        files.insert("a.md", "a");
        let text = seal(&mut files, inputs()).to_toml();
        assert!(text.starts_with("format = 1\n"), "{text}");
        let a = text.find("\"a.md\"").unwrap();
        let b = text.find("\"b.md\"").unwrap();
        assert!(a < b, "{text}");
    }

    #[test]
    fn parse_rejects_other_formats_and_garbage() {
        let mut files = Files::new();
        let text = seal(&mut files, inputs())
            .to_toml()
            .replace("format = 1", "format = 2");
        let e = Lock::parse(&text).unwrap_err();
        assert!(e.to_string().contains(":1:1: format 2 is not"), "{e}");
        let e = Lock::parse("x = [").unwrap_err();
        assert_eq!(e.issues[0].at.line, 1, "{e}");
    }
}
