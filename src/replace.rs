//! Writing one file that people keep (a `site.toml`) so that it is never lost.
//!
//! The new bytes go to a temporary file in the same directory, are flushed to
//! disk, and are renamed over the target in one step: a crash leaves the old
//! file or the new one, never half of either. A symbolic link is refused rather
//! than followed or replaced. Used by `sitepack migrate --in-place` and
//! `sitepack init`; package directories have their own writer (`package`).

use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

/// Whether an existing file may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Replace it (keeping its permissions).
    Replace,
    /// Refuse when the target exists.
    Refuse,
}

/// Why a file was not written.
#[derive(Debug, thiserror::Error)]
pub enum ReplaceError {
    /// The target is a symbolic link.
    #[error("{} is a symbolic link; sitepack does not write through links: name the file it points to", .path.display())]
    Symlink { path: PathBuf },
    /// The target exists and may not be replaced.
    #[error("{} already exists; pass --force to replace it, or --out to write elsewhere", .path.display())]
    Exists { path: PathBuf },
    /// The target exists but is not a regular file.
    #[error("{} is not a regular file", .path.display())]
    NotAFile { path: PathBuf },
    /// The file system failed.
    #[error("cannot write {}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

impl ReplaceError {
    /// True when the user's input was refused, rather than the disk failing.
    pub fn is_refusal(&self) -> bool {
        !matches!(self, ReplaceError::Io { .. })
    }
}

/// Writes `bytes` to `path` atomically: temporary sibling, fsync, rename.
pub fn write(path: &Path, bytes: &[u8], existing: Existing) -> Result<(), ReplaceError> {
    let io = |source| ReplaceError::Io {
        path: path.to_path_buf(),
        source,
    };
    let old = match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            return Err(ReplaceError::Symlink { path: path.into() })
        }
        Ok(_) if existing == Existing::Refuse => {
            return Err(ReplaceError::Exists { path: path.into() })
        }
        Ok(meta) if !meta.is_file() => return Err(ReplaceError::NotAFile { path: path.into() }),
        Ok(meta) => Some(meta.permissions()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(io(e)),
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io)?;
    temp.write_all(bytes).map_err(io)?;
    if let Some(permissions) = old {
        temp.as_file().set_permissions(permissions).map_err(io)?;
    }
    temp.as_file().sync_all().map_err(io)?;
    match existing {
        Existing::Replace => temp.persist(path).map(drop),
        // No window between the check above and the write: refuses if it appeared since.
        Existing::Refuse => temp.persist_noclobber(path).map(drop),
    }
    .map_err(|e| match e.error.kind() {
        io::ErrorKind::AlreadyExists => ReplaceError::Exists { path: path.into() },
        _ => io(e.error),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn replaces_keeping_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("site.toml");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write(&path, b"new", Existing::Replace).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file left behind");
    }

    #[test]
    fn refusals() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.toml");
        std::fs::write(&file, "keep").unwrap();
        let link = dir.path().join("link.toml");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        let cases = [
            (&file, Existing::Refuse, "already exists"),
            (&link, Existing::Replace, "symbolic link"),
            (&link, Existing::Refuse, "symbolic link"),
            (&sub, Existing::Replace, "not a regular file"),
        ];
        for (path, existing, want) in cases {
            let e = write(path, b"new", existing).unwrap_err();
            assert!(e.is_refusal(), "{e}");
            assert!(e.to_string().contains(want), "{e}");
        }
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep");
    }

    #[test]
    fn creates_new_and_reports_disk_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.toml");
        write(&path, b"x", Existing::Refuse).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "x");
        let missing = dir.path().join("no/such/dir.toml");
        let e = write(&missing, b"x", Existing::Refuse).unwrap_err();
        assert!(!e.is_refusal(), "{e}");
    }
}
