//! The packages under a directory PATH of `sitepack portfolio` (e.g. a program repository
//! with `sites/<site>/<use-case>/` packages). Does I/O (the layering table allows it).
//!
//! A PATH that is itself a package is that package. Any other directory is walked in
//! file-name order without following symbolic links (so a link loop cannot trap the walk,
//! and a link never leads out of PATH), skipping `.git`; every directory that holds
//! `.sitepack/lock.toml` is a package and is not walked further. A directory with a lock
//! that does not parse, or a walk that finds no package, is a usage error.

use std::path::{Path, PathBuf};

use crate::lock::{Lock, LOCK_PATH};
use crate::package::{self, Existing};
use crate::Error;

/// Every package at or under `path`, in file-name order, with its lock.
pub fn packages(path: &Path) -> Result<Vec<(PathBuf, Lock)>, Error> {
    if let Existing::Package(lock) = package::inspect(path)? {
        return Ok(vec![(path.to_path_buf(), lock)]);
    }
    let mut found = Vec::new();
    let mut walk = walkdir::WalkDir::new(path)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walk.next() {
        let entry = entry.map_err(|e| walk_error(path, e))?;
        if !entry.file_type().is_dir() {
            continue;
        }
        if entry.file_name() == ".git" {
            walk.skip_current_dir();
            continue;
        }
        let dir = entry.path();
        if !has_lock(dir) {
            continue;
        }
        walk.skip_current_dir();
        match package::inspect(dir)? {
            Existing::Package(lock) => found.push((dir.to_path_buf(), lock)),
            _ => {
                return Err(Error::Usage(format!(
                    "{} holds {LOCK_PATH}, but it is not a valid lock; run `sitepack update {}` to see why",
                    dir.display(),
                    dir.display()
                )))
            }
        }
    }
    if found.is_empty() {
        return Err(Error::Usage(format!(
            "{} is not a sitepack package and holds none: no directory under it has \
             {LOCK_PATH} (`.git` is skipped and symbolic links are not followed)",
            path.display()
        )));
    }
    Ok(found)
}

/// `dir/.sitepack/lock.toml` is a regular file (not a link).
fn has_lock(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir.join(LOCK_PATH)).is_ok_and(|m| m.is_file())
}

fn walk_error(path: &Path, e: walkdir::Error) -> Error {
    let at = e.path().unwrap_or(path).to_path_buf();
    Error::Read {
        path: at,
        source: e
            .into_io_error()
            .unwrap_or_else(|| std::io::Error::other("cannot walk the directory")),
    }
}
