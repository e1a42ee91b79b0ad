//! The filesystem side of writing a package: a guard against concurrent runs, a staging
//! directory beside DIR, and putting the staged state in place in one step.
//!
//! DIR is never modified in place. The new state is built in a temporary sibling on the same
//! filesystem and then exchanged with DIR (Linux `renameat2(RENAME_EXCHANGE)`, or two renames
//! elsewhere), so a failure at any earlier point leaves DIR as it was. Nothing here knows
//! about git or about what a package contains.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use tempfile::TempDir;
use walkdir::WalkDir;

use super::PackageError;

/// An exclusive claim on DIR, held as an advisory lock (`flock`) on
/// `<parent>/.<name>.sitepack-lock`. The kernel releases the lock when the process
/// ends, even by `kill -9`, so a crashed run never blocks the next one.
pub(super) struct DirLock {
    path: PathBuf,
    _file: fs::File,
}

impl DirLock {
    /// Claims `dir`, or refuses when another running sitepack holds the claim.
    pub(super) fn acquire(dir: &Path) -> Result<DirLock, PackageError> {
        let path = lock_path(dir);
        loop {
            let file = OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(|source| PackageError::io("create the lock file", &path, source))?;
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
                return Ok(DirLock { path, _file: file });
            }
        }
    }
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
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &fs::File, path: &Path) -> bool {
    path.exists()
}

impl Drop for DirLock {
    fn drop(&mut self) {
        // Remove while still holding the lock; the file handle closes (and unlocks) after.
        let _ = fs::remove_file(&self.path);
    }
}

/// The lock file guarding `dir`.
pub(super) fn lock_path(dir: &Path) -> PathBuf {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    sibling(dir, &format!(".{name}.sitepack-lock"))
}

fn sibling(dir: &Path, name: &str) -> PathBuf {
    dir.parent().unwrap_or(Path::new(".")).join(name)
}

/// A temporary directory beside DIR holding the next state; removed on drop, whatever it
/// holds by then (after [`Staging::exchange`], the old DIR).
pub(super) struct Staging {
    dir: TempDir,
}

impl Staging {
    /// Creates an empty staging directory in DIR's parent.
    pub(super) fn beside(dir: &Path) -> Result<Staging, PackageError> {
        let parent = dir.parent().unwrap_or(Path::new("."));
        let staged = tempfile::Builder::new()
            .prefix(".sitepack-")
            .tempdir_in(parent)
            .map_err(|e| PackageError::io("create a staging directory", parent, e))?;
        Ok(Staging { dir: staged })
    }

    /// The staging directory.
    pub(super) fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Copies everything in `dir`, `.git` included, into the staging directory.
    pub(super) fn copy_from(&self, dir: &Path) -> Result<(), PackageError> {
        copy_tree(dir, self.path())
    }

    /// Writes one file, creating its parent directories.
    pub(super) fn write_file(&self, rel: &str, bytes: &[u8]) -> Result<(), PackageError> {
        let path = self.path().join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| PackageError::io("create a directory", parent, e))?;
        }
        fs::write(&path, bytes).map_err(|e| PackageError::io("write a file", &path, e))
    }

    /// Puts the staged state at `dir`, which must not exist; the staging directory is spent.
    pub(super) fn install_new(self, dir: &Path) -> Result<(), PackageError> {
        set_mode(self.path(), 0o755)?;
        let staged = self.dir.keep();
        fs::rename(&staged, dir).map_err(|e| {
            let _ = fs::remove_dir_all(&staged);
            PackageError::io("move the package into place", dir, e)
        })
    }

    /// Swaps the staged state with `dir` in one step; the old DIR is removed on drop.
    pub(super) fn exchange(self, dir: &Path) -> Result<(), PackageError> {
        let mode = fs::metadata(dir)
            .map_err(|e| PackageError::io("read the directory", dir, e))?
            .permissions();
        fs::set_permissions(self.path(), mode)
            .map_err(|e| PackageError::io("set permissions", self.path(), e))?;
        exchange_paths(self.path(), dir)
            .map_err(|e| PackageError::io("swap in the new package", dir, e))
    }
}

/// Exchanges two directories atomically where the kernel can, else with two renames.
fn exchange_paths(a: &Path, b: &Path) -> io::Result<()> {
    match exchange_atomic(a, b) {
        Ok(()) => Ok(()),
        Err(e) if matches!(e.raw_os_error(), Some(code) if is_unsupported(code)) => {
            exchange_by_renames(a, b)
        }
        Err(e) => Err(e),
    }
}

#[cfg(target_os = "linux")]
fn exchange_atomic(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both pointers are valid NUL-terminated strings for the duration of the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange_atomic(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::Error::from_raw_os_error(UNSUPPORTED))
}

#[cfg(not(target_os = "linux"))]
const UNSUPPORTED: i32 = 38;

fn is_unsupported(code: i32) -> bool {
    #[cfg(target_os = "linux")]
    return code == libc::EINVAL || code == libc::ENOSYS;
    #[cfg(not(target_os = "linux"))]
    return code == UNSUPPORTED;
}

/// `b -> b.old-<pid>`, `a -> b`, `b.old-<pid> -> a`, putting `b` back if the second step fails.
fn exchange_by_renames(a: &Path, b: &Path) -> io::Result<()> {
    let name = b
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let old = sibling(b, &format!("{name}.old-{}", std::process::id()));
    fs::rename(b, &old)?;
    if let Err(e) = fs::rename(a, b) {
        fs::rename(&old, b)?;
        return Err(e);
    }
    fs::rename(&old, a)
}

fn copy_tree(from: &Path, to: &Path) -> Result<(), PackageError> {
    for entry in WalkDir::new(from).min_depth(1).follow_links(false) {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(from).to_path_buf();
            PackageError::io("read the directory", &path, io::Error::other(e))
        })?;
        let rel = entry.path().strip_prefix(from).unwrap_or(entry.path());
        copy_entry(entry.path(), &to.join(rel), entry.file_type())?;
    }
    Ok(())
}

fn copy_entry(from: &Path, to: &Path, kind: fs::FileType) -> Result<(), PackageError> {
    let result = if kind.is_dir() {
        fs::create_dir(to).and_then(|()| fs::set_permissions(to, fs::metadata(from)?.permissions()))
    } else if kind.is_symlink() {
        fs::read_link(from).and_then(|target| symlink(&target, to))
    } else if kind.is_file() {
        fs::copy(from, to).map(drop)
    } else {
        // A FIFO or device would block or never end; `fsread::scan` refuses them earlier.
        Err(io::Error::other(
            "not a regular file, a directory or a link",
        ))
    };
    result.map_err(|e| PackageError::io("copy", from, e))
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) -> io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(not(unix))]
fn symlink(_target: &Path, link: &Path) -> io::Result<()> {
    Err(io::Error::other(format!(
        "cannot copy the symbolic link {}",
        link.display()
    )))
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> Result<(), PackageError> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
        .map_err(|e| PackageError::io("set permissions", path, e))
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) -> Result<(), PackageError> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_ways_of_exchanging_swap_contents() {
        let root = tempfile::tempdir().unwrap();
        let (a, b) = (root.path().join("a"), root.path().join("b"));
        fs::create_dir(&a).unwrap();
        fs::create_dir(&b).unwrap();
        fs::write(a.join("x"), "from a").unwrap();
        fs::write(b.join("x"), "from b").unwrap();
        exchange_paths(&a, &b).unwrap();
        assert_eq!(fs::read_to_string(b.join("x")).unwrap(), "from a");
        exchange_by_renames(&a, &b).unwrap();
        assert_eq!(fs::read_to_string(b.join("x")).unwrap(), "from b");
        assert_eq!(fs::read_to_string(a.join("x")).unwrap(), "from a");
        assert_eq!(
            fs::read_dir(root.path()).unwrap().count(),
            2,
            "no .old directory left"
        );
    }

    #[test]
    fn lock_file_sits_beside_the_directory() {
        assert_eq!(
            lock_path(Path::new("/tmp/out/pkg")),
            Path::new("/tmp/out/.pkg.sitepack-lock")
        );
    }
}
