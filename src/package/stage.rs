//! The filesystem side of writing a package: a staging directory beside DIR, and putting
//! the staged state in place in one step. The guard against concurrent runs is `claim`.
//!
//! DIR is never modified in place. The new state is built in a temporary sibling on the same
//! filesystem and then exchanged with DIR (Linux `renameat2(RENAME_EXCHANGE)`, or two renames
//! elsewhere), so a failure at any earlier point leaves DIR as it was. Nothing here knows
//! about git or about what a package contains.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use tempfile::TempDir;
use walkdir::WalkDir;

use super::claim::{sibling, staging_prefix};
use super::PackageError;
use crate::git::GitError;

/// A temporary directory beside DIR holding the next state; removed on drop, whatever it
/// holds by then (after [`Staging::exchange`], the old DIR).
///
/// Errors name DIR (the file of DIR being prepared), never the staging directory: people
/// act on DIR, and the staging directory is gone when the error is shown.
pub(super) struct Staging {
    dir: TempDir,
    target: PathBuf,
}

impl Staging {
    /// Creates an empty staging directory in DIR's parent: `mkdir` with a fresh random name
    /// (it never follows a link and fails if the name exists), mode 0700, owned by the user.
    pub(super) fn beside(dir: &Path) -> Result<Staging, PackageError> {
        let parent = dir.parent().unwrap_or(Path::new("."));
        let staged = tempfile::Builder::new()
            .prefix(&staging_prefix(dir))
            .tempdir_in(parent)
            .map_err(|e| PackageError::io("prepare the new state beside", dir, e))?;
        Ok(Staging {
            dir: staged,
            target: dir.to_path_buf(),
        })
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
        let named = self.target.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| PackageError::io("write", &named, e))?;
        }
        fs::write(&path, bytes).map_err(|e| PackageError::io("write", &named, e))
    }

    /// Puts the staged state at `dir`, which must not exist; the staging directory is spent.
    pub(super) fn install_new(self, dir: &Path) -> Result<(), PackageError> {
        set_mode(self.path(), 0o755).map_err(|e| PackageError::io("set permissions of", dir, e))?;
        let staged = self.dir.keep();
        fs::rename(&staged, dir).map_err(|e| {
            let _ = fs::remove_dir_all(&staged);
            PackageError::io("move the package into place", dir, e)
        })
    }

    /// Swaps the staged state with `dir` in one step; the old DIR is removed on drop.
    /// A DIR that cannot be swapped is an error here: only a git package is updated in place.
    pub(super) fn exchange(self, dir: &Path) -> Result<(), PackageError> {
        self.swap(dir).map_err(|e| {
            let action = if is_unswappable(&e) {
                "swap in the new package (it looks like a mount point: sitepack updates a git \
                 package there in place, but a first render or a --no-git package needs a \
                 directory it can replace, such as a new directory inside it)"
            } else {
                "swap in the new package"
            };
            PackageError::io(action, dir, e)
        })
    }

    /// Like [`Staging::exchange`], but tells a DIR that cannot be swapped (a mount point:
    /// `EXDEV` or `EBUSY`, or a debug build's test forcing it) from a failure, so the caller
    /// can update it in place. Nothing is changed when it says [`Swap::Unswappable`].
    ///
    /// A DIR that holds this process's working directory (`sitepack update .`) is not
    /// swapped either: the swap would leave the caller's shell in a deleted directory, where
    /// the next `git` or `sitepack` command of the same script fails.
    pub(super) fn try_exchange(&self, dir: &Path) -> Result<Swap, PackageError> {
        if crate::testpoint::force_in_place() || holds_working_dir(dir) {
            return Ok(Swap::Unswappable);
        }
        match self.swap(dir) {
            Ok(()) => Ok(Swap::Done),
            Err(e) if is_unswappable(&e) => Ok(Swap::Unswappable),
            Err(e) => Err(PackageError::io("swap in the new package", dir, e)),
        }
    }

    fn swap(&self, dir: &Path) -> io::Result<()> {
        let mode = fs::metadata(dir)?.permissions();
        fs::set_permissions(self.path(), mode)?;
        exchange_paths(self.path(), dir)
    }
}

/// What [`Staging::try_exchange`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Swap {
    /// DIR holds the staged state; the old state is in the staging directory.
    Done,
    /// DIR cannot be moved (a mount point); nothing was changed.
    Unswappable,
}

/// True when the working directory is DIR or inside it.
fn holds_working_dir(dir: &Path) -> bool {
    let canonical = |p: &Path| fs::canonicalize(p).ok();
    match (
        std::env::current_dir().ok().as_deref().and_then(canonical),
        canonical(dir),
    ) {
        (Some(cwd), Some(dir)) => cwd.starts_with(dir),
        _ => false,
    }
}

/// True for the errors a rename gives when DIR is a mount point or on another filesystem.
fn is_unswappable(error: &io::Error) -> bool {
    #[cfg(unix)]
    return matches!(error.raw_os_error(), Some(libc::EXDEV | libc::EBUSY));
    #[cfg(not(unix))]
    return error.kind() == io::ErrorKind::CrossesDevices;
}

/// The error with every mention of one of DIR's staging directories (a git error in the
/// copy being prepared) replaced by DIR itself.
pub(super) fn named_by_dir(error: PackageError, dir: &Path) -> PackageError {
    let prefix = staging_prefix(dir);
    let rename = |path: &mut PathBuf| {
        let staged = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with(&prefix));
        if staged {
            *path = dir.to_path_buf();
        }
    };
    let mut error = error;
    match &mut error {
        PackageError::Io { path, .. } => rename(path),
        PackageError::Git(
            GitError::Git { path, .. }
            | GitError::Refused { path, .. }
            | GitError::Moved { path, .. }
            | GitError::Unreadable { path, .. },
        ) => rename(path),
        _ => {}
    }
    error
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
fn set_mode(path: &Path, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) -> io::Result<()> {
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
    fn errors_name_dir_instead_of_its_staging_directory() {
        let dir = Path::new("/work/pkg");
        let staged = Path::new("/work/.pkg.sitepack-stage-x1y2");
        let io = PackageError::io("write", staged, io::Error::other("disk full"));
        let text = named_by_dir(io, dir).to_string();
        assert!(
            text.contains("/work/pkg:") && !text.contains("sitepack-stage"),
            "{text}"
        );
        let other = PackageError::io(
            "write",
            Path::new("/work/pkg/src/a.md"),
            io::Error::other("x"),
        );
        assert!(named_by_dir(other, dir)
            .to_string()
            .contains("/work/pkg/src/a.md"));
    }
}
