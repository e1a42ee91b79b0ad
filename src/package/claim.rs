//! The claim on DIR: an advisory lock (`flock`) on `<parent>/.<name>.sitepack-lock`, and the
//! removal of what killed runs left beside DIR.
//!
//! The lock file is created without following links (`O_NOFOLLOW`) and must be a regular file
//! owned by the user who runs sitepack, so a planted link or another user's file can never be
//! written through. The kernel releases the lock when the process ends, even by `kill -9`, so
//! a crashed run never blocks the next one; the next run, holding the lock, removes the
//! staging directories a killed run left (nobody else can be using them). Nothing here knows
//! what a package contains.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::PackageError;

/// An exclusive claim on DIR, released (and its lock file removed) on drop.
pub(super) struct DirLock {
    path: PathBuf,
    _file: fs::File,
}

impl DirLock {
    /// Claims `dir`, or refuses when another running sitepack holds the claim, when the lock
    /// file is a link or not the user's. Then removes stale staging directories of `dir`.
    pub(super) fn acquire(dir: &Path) -> Result<DirLock, PackageError> {
        let path = lock_path(dir);
        loop {
            let file = open_lock(dir, &path)?;
            if !try_lock(&file) {
                return Err(PackageError::Busy {
                    dir: dir.to_path_buf(),
                    lock: path,
                });
            }
            // Another run may have removed the file between our open and our lock:
            // only a lock on the file that is still at `path` counts.
            if same_file(&file, &path) {
                let _ = writeln!(&file, "{}", std::process::id());
                remove_stale_staging(dir);
                return Ok(DirLock { path, _file: file });
            }
        }
    }
}

impl Drop for DirLock {
    fn drop(&mut self) {
        // Remove while still holding the lock; the file handle closes (and unlocks) after.
        let _ = fs::remove_file(&self.path);
    }
}

/// The lock file guarding `dir`.
pub(super) fn lock_path(dir: &Path) -> PathBuf {
    sibling(dir, &format!(".{}.sitepack-lock", file_name(dir)))
}

/// The name prefix of `dir`'s staging directories, in DIR's parent.
pub(super) fn staging_prefix(dir: &Path) -> String {
    format!(".{}.sitepack-stage-", file_name(dir))
}

fn file_name(dir: &Path) -> String {
    dir.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

pub(super) fn sibling(dir: &Path, name: &str) -> PathBuf {
    dir.parent().unwrap_or(Path::new(".")).join(name)
}

/// Opens (creating, mode 0600) the lock file without following a link, and checks that it
/// is a regular file owned by the user.
fn open_lock(dir: &Path, path: &Path) -> Result<fs::File, PackageError> {
    let file = open_no_follow(path).map_err(|source| {
        if is_link_error(&source) {
            refused_lock(dir, path, "it is a symbolic link")
        } else {
            PackageError::io("create the lock file", path, source)
        }
    })?;
    let meta = file
        .metadata()
        .map_err(|source| PackageError::io("read the lock file", path, source))?;
    if !meta.is_file() {
        return Err(refused_lock(dir, path, "it is not a regular file"));
    }
    if !owned_by_me(&meta) {
        return Err(refused_lock(dir, path, "it belongs to another user"));
    }
    Ok(file)
}

fn refused_lock(dir: &Path, path: &Path, why: &str) -> PackageError {
    PackageError::refused(
        dir,
        format!(
            "its lock file {} cannot be used: {why}; remove it (`rm {}`) and run again",
            path.display(),
            path.display()
        ),
    )
}

/// Removes `dir`'s staging directories left by killed runs: directories owned by the user
/// whose name starts with [`staging_prefix`]. Only called while holding the claim, so no
/// live run can own one. Failures are ignored: a leftover never blocks a render.
fn remove_stale_staging(dir: &Path) {
    let prefix = staging_prefix(dir);
    let parent = dir.parent().unwrap_or(Path::new("."));
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let stale = entry.file_name().to_string_lossy().starts_with(&prefix);
        // `symlink_metadata`: a planted link is not a directory and is left alone.
        let ours = fs::symlink_metadata(entry.path()).is_ok_and(|m| m.is_dir() && owned_by_me(&m));
        if stale && ours {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(unix)]
fn open_no_follow(path: &Path) -> io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC | libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> io::Result<fs::File> {
    fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
}

fn is_link_error(e: &io::Error) -> bool {
    #[cfg(unix)]
    return e.raw_os_error() == Some(libc::ELOOP);
    #[cfg(not(unix))]
    return false;
}

#[cfg(unix)]
fn owned_by_me(meta: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: geteuid has no preconditions and cannot fail.
    meta.uid() == unsafe { libc::geteuid() }
}

#[cfg(not(unix))]
fn owned_by_me(_meta: &fs::Metadata) -> bool {
    true
}

#[cfg(unix)]
fn try_lock(file: &fs::File) -> bool {
    use std::os::fd::AsRawFd;
    // SAFETY: flock on a file descriptor we own; no memory is shared.
    unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) == 0 }
}

#[cfg(not(unix))]
fn try_lock(_file: &fs::File) -> bool {
    true
}

#[cfg(unix)]
fn same_file(file: &fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::symlink_metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &fs::File, path: &Path) -> bool {
    path.exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_sit_beside_the_directory() {
        assert_eq!(
            lock_path(Path::new("/tmp/out/pkg")),
            Path::new("/tmp/out/.pkg.sitepack-lock")
        );
        assert_eq!(
            staging_prefix(Path::new("/tmp/out/pkg")),
            ".pkg.sitepack-stage-"
        );
    }

    #[test]
    fn a_linked_lock_file_is_refused_and_its_target_untouched() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("pkg");
        let target = root.path().join("victim");
        fs::write(&target, "keep me").unwrap();
        std::os::unix::fs::symlink(&target, lock_path(&dir)).unwrap();
        let e = DirLock::acquire(&dir).err().expect("refused");
        assert!(e.is_refusal(), "{e}");
        assert!(e.to_string().contains("is a symbolic link"), "{e}");
        assert_eq!(fs::read_to_string(&target).unwrap(), "keep me");
    }

    #[test]
    fn stale_staging_is_removed_once_the_claim_is_held_but_not_others() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("pkg");
        let stale = root.path().join(".pkg.sitepack-stage-abc123");
        fs::create_dir_all(stale.join(".git/objects")).unwrap();
        fs::write(stale.join("README.md"), "old copy").unwrap();
        let other = root.path().join(".other.sitepack-stage-abc123");
        fs::create_dir(&other).unwrap();
        let keep = root.path().join("keep");
        fs::create_dir(&keep).unwrap();
        fs::write(keep.join("file"), "x").unwrap();
        std::os::unix::fs::symlink(&keep, root.path().join(".pkg.sitepack-stage-link")).unwrap();
        let claim = DirLock::acquire(&dir).unwrap();
        assert!(!stale.exists(), "stale staging left");
        assert!(other.exists(), "another directory's staging removed");
        assert!(keep.join("file").exists(), "followed a planted link");
        drop(claim);
        assert!(!lock_path(&dir).exists());
    }
}
