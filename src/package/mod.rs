//! The write stage: puts rendered [`Files`] into DIR as a package, safely.
//!
//! Decides whether DIR may be written (new, empty, or a clean sitepack package), then builds
//! the next state beside DIR and swaps it in, so DIR is never half-written and nothing a person
//! made is lost. Git work is delegated to [`crate::git`]; staging and swapping live in `stage`.
//! This module renders nothing and prints nothing.

mod stage;
mod write;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::files::Files;
use crate::git::{CommitTime, GitError};
use crate::lock::{Lock, LOCK_PATH};

/// What is at DIR before writing.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(clippy::large_enum_variant)] // one value per run; boxing would only add noise for callers
pub enum Existing {
    /// Nothing: DIR will be created.
    Missing,
    /// An empty directory.
    Empty,
    /// A sitepack package: it has a lock that parses (and a `.git` unless rendered `--no-git`).
    Package(Lock),
    /// Anything else: a file, or a directory with other content. Never written.
    NotPackage,
}

/// How to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteOptions {
    /// Write a git repository (the default); `false` for `--no-git`.
    pub git: bool,
    /// The message of the render commit.
    pub message: String,
    /// Commit time; see [`CommitTime::from_env`] for `SOURCE_DATE_EPOCH`.
    pub time: CommitTime,
}

/// What [`write()`] did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WriteReport {
    /// False when DIR already held exactly this render; DIR was not touched.
    pub changed: bool,
    /// Head of `main` afterwards (git packages only).
    pub commit: Option<String>,
    /// Tree id of the render (git packages only).
    pub tree: Option<String>,
    /// Paths left with conflict markers; non-empty means the merge needs a person.
    pub conflicts: Vec<String>,
    /// Number of rendered files written (0 when unchanged).
    pub files_written: usize,
}

/// Why a package could not be written. DIR is unchanged in every case.
#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    /// DIR may not be written as asked.
    #[error("refusing to write {}: {reason}", dir.display())]
    Refused {
        /// The output directory.
        dir: PathBuf,
        /// Why, and what to do next.
        reason: String,
    },
    /// Another run holds DIR's lock file.
    #[error(
        "{} is being written by another sitepack right now (it holds {}); wait for it to \
         finish, then run again",
        dir.display(),
        lock.display()
    )]
    Busy {
        /// The output directory.
        dir: PathBuf,
        /// The lock file.
        lock: PathBuf,
    },
    /// A filesystem operation failed.
    #[error("could not {action} {}: {source}", path.display())]
    Io {
        /// What we were doing.
        action: &'static str,
        /// The path involved.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: io::Error,
    },
    /// A git operation failed.
    #[error(transparent)]
    Git(#[from] GitError),
}

impl PackageError {
    /// True when the user's request or DIR's state is the problem (exit 2), not the
    /// environment.
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            PackageError::Refused { .. } | PackageError::Busy { .. }
        ) || matches!(self, PackageError::Git(e) if e.is_refusal())
    }

    fn io(action: &'static str, path: &Path, source: io::Error) -> PackageError {
        PackageError::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }

    fn refused(dir: &Path, reason: impl Into<String>) -> PackageError {
        PackageError::Refused {
            dir: dir.to_path_buf(),
            reason: reason.into(),
        }
    }
}

/// Looks at DIR without changing it.
pub fn inspect(dir: &Path) -> Result<Existing, PackageError> {
    let meta = match fs::metadata(dir) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Existing::Missing),
        Err(e) => return Err(PackageError::io("read", dir, e)),
    };
    if !meta.is_dir() {
        return Ok(Existing::NotPackage);
    }
    let mut entries = fs::read_dir(dir).map_err(|e| PackageError::io("read", dir, e))?;
    if entries.next().is_none() {
        return Ok(Existing::Empty);
    }
    let lock_file = dir.join(LOCK_PATH);
    match fs::read_to_string(&lock_file) {
        Ok(text) => Ok(Lock::parse(&text).map_or(Existing::NotPackage, Existing::Package)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Existing::NotPackage),
        Err(e) => Err(PackageError::io("read", &lock_file, e)),
    }
}

/// Writes `files` into `dir` as a package: creates it, or brings a new render into an
/// existing package (a git merge into `main`, or a replacement of an unedited `--no-git`
/// package). Refuses a non-empty directory that is not a package and a package with
/// uncommitted changes. On error, DIR is as it was.
pub fn write(
    dir: &Path,
    files: &Files,
    options: &WriteOptions,
) -> Result<WriteReport, PackageError> {
    let dir = resolve(dir)?;
    let _claim = stage::DirLock::acquire(&dir)?;
    let existing = inspect(&dir)?;
    if let (Existing::Package(_), Some(link)) = (&existing, first_symlink(&dir)) {
        let reason = format!(
            "it contains a symbolic link ({}); sitepack never writes through links, so \
             replace the link with the files it points to, commit, and run again",
            link.display()
        );
        return Err(PackageError::refused(&dir, reason));
    }
    let is_repo = crate::git::PackageRepo::detect(&dir)?;
    match (existing, options.git) {
        (Existing::NotPackage, _) => Err(PackageError::refused(
            &dir,
            "it is not empty and is not a sitepack package; choose a new or empty directory",
        )),
        (fresh @ (Existing::Missing | Existing::Empty), git) => {
            write::fresh(&dir, files, options, fresh == Existing::Missing, git)
        }
        (Existing::Package(_), true) if is_repo && !dir.join(".git").is_dir() => {
            Err(PackageError::refused(
                &dir,
                "its .git is a link to another repository (a worktree or submodule); \
                 render into a directory with its own repository",
            ))
        }
        (Existing::Package(_), true) if is_repo => write::update_git(&dir, files, options),
        (Existing::Package(_), true) => Err(PackageError::refused(
            &dir,
            "it was rendered with --no-git; run with --no-git, or render into a new directory",
        )),
        (Existing::Package(_), false) if is_repo => Err(PackageError::refused(
            &dir,
            "it is a git package; run without --no-git",
        )),
        (Existing::Package(lock), false) => write::update_plain(&dir, files, &lock),
    }
}

/// The first symbolic link in DIR's files (not inside `.git`), relative to DIR.
fn first_symlink(dir: &Path) -> Option<PathBuf> {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| e.depth() != 1 || e.file_name() != ".git")
        .filter_map(Result::ok)
        .find(|e| e.path_is_symlink())
        .map(|e| e.path().strip_prefix(dir).unwrap_or(e.path()).to_path_buf())
}

/// An absolute DIR with a real parent directory (created if needed) and a final name.
fn resolve(dir: &Path) -> Result<PathBuf, PackageError> {
    if dir.exists() {
        return fs::canonicalize(dir).map_err(|e| PackageError::io("resolve", dir, e));
    }
    let Some(name) = dir.file_name() else {
        return Err(PackageError::refused(dir, "it does not name a directory"));
    };
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    fs::create_dir_all(parent).map_err(|e| PackageError::io("create", parent, e))?;
    let parent = fs::canonicalize(parent).map_err(|e| PackageError::io("resolve", parent, e))?;
    Ok(parent.join(name))
}

#[cfg(test)]
mod tests;
