//! The write stage: puts rendered [`Files`] into DIR as a package, safely.
//!
//! Decides whether DIR may be written (new, empty, or a clean sitepack package), then builds
//! the next state beside DIR and swaps it in, so DIR is never half-written and nothing a person
//! made is lost. Git work is delegated to [`crate::git`]; staging and swapping live in `stage`.
//! This module renders nothing and prints nothing.

mod claim;
mod in_place;
mod stage;
mod write;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::files::Files;
use crate::fsread::{self, FileKind, Input, ReadError};
use crate::git::{CommitTime, GitError};
use crate::lock::{Lock, LockError, LOCK_PATH};

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
    /// Pages generated on `main` from `progress.toml` (the status page): committed on the
    /// checked-out branch after the render is merged, never on `sitepack/rendered` and never
    /// in the lock. A `--no-git` package gets them beside the render.
    pub on_main: Files,
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
    /// A file of the package may not be read: a link, a special file, too large.
    #[error(transparent)]
    Input(#[from] ReadError),
    /// The package's lock is not valid.
    #[error(transparent)]
    Lock(#[from] LockError),
}

impl PackageError {
    /// True when the user's request or DIR's state is the problem (exit 2), not the
    /// environment.
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            PackageError::Refused { .. } | PackageError::Busy { .. } | PackageError::Lock(_)
        ) || matches!(self, PackageError::Git(e) if e.is_refusal())
            || matches!(self, PackageError::Input(e) if e.is_refusal())
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

/// Looks at DIR without changing it. A lock that does not parse makes DIR
/// [`Existing::NotPackage`]; a lock that is a link or a special file is an error.
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
    match fsread::read_text_in(dir, LOCK_PATH, Input::Lock)? {
        Some(text) => Ok(Lock::parse(&text).map_or(Existing::NotPackage, Existing::Package)),
        None => Ok(Existing::NotPackage),
    }
}

/// Opens the existing package at `dir` for reading (`update`, `diff`, `gate`): refuses a
/// DIR that is not a directory and a package holding a link or a special file, before
/// anything in it is read, then reads and validates its lock (errors with positions).
pub fn open(dir: &Path) -> Result<Lock, PackageError> {
    check_directory(dir)?;
    fsread::scan(dir)?;
    if in_place::pending(dir) {
        return Err(PackageError::refused(
            dir,
            format!(
                "an update of it was interrupted while it was being applied in place; run \
                 `sitepack update {}` to finish it, then run again",
                dir.display()
            ),
        ));
    }
    let lock_file = dir.join(LOCK_PATH);
    match fsread::read_text_in(dir, LOCK_PATH, Input::Lock)? {
        Some(text) => Lock::parse(&text).map_err(|e| PackageError::Lock(e.at_path(&lock_file))),
        None => Err(PackageError::refused(
            dir,
            format!(
                "it is not a sitepack package (it has no {LOCK_PATH}); create one with \
                 `sitepack render SITE.toml --use-case ID --out {}`",
                dir.display()
            ),
        )),
    }
}

/// Refuses a DIR that is a dangling link, a file or anything but a directory.
fn check_directory(dir: &Path) -> Result<(), PackageError> {
    let meta = fs::metadata(dir);
    let link = fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink());
    match meta {
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(meta) => {
            let kind = FileKind::of(&meta).map_or("a file".to_string(), |k| k.to_string());
            Err(PackageError::refused(
                dir,
                format!("it is {kind}, not a package directory"),
            ))
        }
        Err(_) if link => Err(PackageError::refused(
            dir,
            "it is a symbolic link to nothing (a dangling link); remove the link or point it \
             at a package directory",
        )),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Err(PackageError::refused(
            dir,
            "it does not exist; create a package with `sitepack render SITE.toml --use-case \
             ID --out DIR`",
        )),
        Err(e) => Err(PackageError::io("read", dir, e)),
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
    let _claim = claim::DirLock::acquire(&dir)?;
    write_claimed(&dir, files, options).map_err(|e| stage::named_by_dir(e, &dir))
}

/// Finishes an update of the package at `dir` that was killed while it was being applied in
/// place (a DIR that cannot be swapped); returns whether there was one. `update` calls it
/// before it reads the package, so it reads the finished state.
pub fn finish_interrupted(dir: &Path, time: crate::git::CommitTime) -> Result<bool, PackageError> {
    if !in_place::pending(dir) {
        return Ok(false);
    }
    let dir = resolve(dir)?;
    let _claim = claim::DirLock::acquire(&dir)?;
    check_directory(&dir)?;
    fsread::scan(&dir)?;
    in_place::resume(&dir, time).map_err(|e| stage::named_by_dir(e, &dir))
}

/// [`write()`] once DIR is claimed.
fn write_claimed(
    dir: &Path,
    files: &Files,
    options: &WriteOptions,
) -> Result<WriteReport, PackageError> {
    let dir = dir.to_path_buf();
    let mut existing = inspect(&dir)?;
    if let Existing::Package(_) = &existing {
        fsread::scan(&dir)?;
        if dir.join(".git").is_dir() && in_place::resume(&dir, options.time)? {
            existing = inspect(&dir)?;
        }
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
        (Existing::Package(lock), false) => {
            write::update_plain(&dir, files, &options.on_main, &lock)
        }
    }
}

/// An absolute DIR with a real parent directory (created if needed) and a final name.
fn resolve(dir: &Path) -> Result<PathBuf, PackageError> {
    if fs::symlink_metadata(dir).is_ok() && !dir.exists() {
        check_directory(dir)?;
    }
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
