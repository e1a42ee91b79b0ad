//! Reading input files without trusting them: every read of a profile, a lock, a progress
//! file or a page goes through here.
//!
//! Two entry points. [`read_in`] reads a file *inside a package directory* named by a plain
//! relative path (from the package's own content, so untrusted): each component is opened
//! relative to its parent's handle with `O_NOFOLLOW`, so no symbolic link is ever followed,
//! not even in a parent directory. [`read_file`] reads a file the user named on the command
//! line: a link there is the user's choice and is followed. Both refuse anything that is not
//! a regular file (checked with `fstat` on the open handle, after opening with `O_NONBLOCK`
//! so a FIFO cannot block the open) and never read more than the [`Input`]'s size limit.
//! [`utf8`] turns the bytes into text, naming the line and column of invalid UTF-8.
//! [`scan`] refuses a package that contains a link or a special file anywhere, before
//! anything in it is read. This module reads; it never writes.

use std::fmt;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::files::is_safe_path;

/// The kinds of input sitepack reads, each with its size limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// A site profile (`site.toml`, `check`'s arguments, `--site`).
    Profile,
    /// A package's `progress.toml`.
    Progress,
    /// A package's `.sitepack/lock.toml`.
    Lock,
    /// Any other file of a package (pages, data), read by `diff` and `update`.
    Page,
    /// One file of a playbook directory.
    Playbook,
    /// An asset register (`init --from-csv`).
    Register,
}

const MIB: u64 = 1024 * 1024;

impl Input {
    /// The largest file of this kind sitepack reads, in bytes.
    pub fn limit(self) -> u64 {
        match self {
            Input::Profile => 16 * MIB,
            Input::Progress => 4 * MIB,
            Input::Lock => 4 * MIB,
            Input::Page => 64 * MIB,
            Input::Playbook => 4 * MIB,
            Input::Register => 16 * MIB,
        }
    }

    /// What the file is, for messages.
    pub fn noun(self) -> &'static str {
        match self {
            Input::Profile => "a site profile",
            Input::Progress => "a progress file",
            Input::Lock => "a lock file",
            Input::Page => "a package file",
            Input::Playbook => "a playbook file",
            Input::Register => "an asset register",
        }
    }
}

/// Why an input file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// A path from package content is not a plain relative path.
    #[error(
        "`{path}` is not a plain relative path inside {}; sitepack reads only files inside \
         the package",
        dir.display()
    )]
    Unsafe {
        /// The package directory.
        dir: PathBuf,
        /// The offending path, as written.
        path: String,
    },
    /// A symbolic link where a file or directory was expected.
    #[error(
        "{} is a symbolic link; sitepack never follows links inside a package: replace it \
         with the file it points to, commit, and run again",
        path.display()
    )]
    Symlink {
        /// The link.
        path: PathBuf,
    },
    /// A FIFO, device, socket or directory where a regular file was expected.
    #[error("{} is {kind}, not a regular file; sitepack reads only regular files", path.display())]
    NotRegular {
        /// The file.
        path: PathBuf,
        /// What it is instead ("a FIFO", "a device"...).
        kind: FileKind,
    },
    /// The file is larger than the limit of its kind.
    #[error(
        "{} is {size} bytes, larger than the {} MiB limit for {}",
        path.display(),
        input.limit() / MIB,
        input.noun()
    )]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// What it was read as.
        input: Input,
        /// Its size, or the bytes read before giving up.
        size: u64,
    },
    /// The text is not UTF-8.
    #[error("{}:{line}:{column}: invalid UTF-8 (the file must be UTF-8 text)", path.display())]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// 1-based line of the first invalid byte.
        line: usize,
        /// 1-based column (in characters) of the first invalid byte.
        column: usize,
    },
    /// The operating system refused.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: io::Error,
    },
}

impl ReadError {
    /// True when the input is the problem (exit 2), not the environment: everything but
    /// an I/O error other than a missing or forbidden file.
    pub fn is_refusal(&self) -> bool {
        match self {
            ReadError::Io { source, .. } => matches!(
                source.kind(),
                io::ErrorKind::NotFound
                    | io::ErrorKind::PermissionDenied
                    | io::ErrorKind::InvalidInput
            ),
            _ => true,
        }
    }
}

/// What a non-regular file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A directory.
    Directory,
    /// A named pipe.
    Fifo,
    /// A character or block device.
    Device,
    /// A socket.
    Socket,
    /// A symbolic link.
    Symlink,
    /// Anything else.
    Other,
}

impl fmt::Display for FileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FileKind::Directory => "a directory",
            FileKind::Fifo => "a FIFO (named pipe)",
            FileKind::Device => "a device",
            FileKind::Socket => "a socket",
            FileKind::Symlink => "a symbolic link",
            FileKind::Other => "a special file",
        })
    }
}

impl FileKind {
    /// The kind of `meta`, `None` for a regular file.
    pub fn of(meta: &fs::Metadata) -> Option<FileKind> {
        let t = meta.file_type();
        if t.is_file() {
            return None;
        }
        Some(if t.is_dir() {
            FileKind::Directory
        } else if t.is_symlink() {
            FileKind::Symlink
        } else {
            special_kind(&t)
        })
    }
}

#[cfg(unix)]
fn special_kind(t: &fs::FileType) -> FileKind {
    use std::os::unix::fs::FileTypeExt;
    if t.is_fifo() {
        FileKind::Fifo
    } else if t.is_char_device() || t.is_block_device() {
        FileKind::Device
    } else if t.is_socket() {
        FileKind::Socket
    } else {
        FileKind::Other
    }
}

#[cfg(not(unix))]
fn special_kind(_t: &fs::FileType) -> FileKind {
    FileKind::Other
}

/// Reads a file the user named (links followed): a regular file of at most `input`'s limit.
pub fn read_file(path: &Path, input: Input) -> Result<Vec<u8>, ReadError> {
    let io = |source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = open::user(path).map_err(io)?;
    read_regular(file, path, input)
}

/// Reads `rel` inside `dir` without following any link; `Ok(None)` when it does not exist.
pub fn read_in(dir: &Path, rel: &str, input: Input) -> Result<Option<Vec<u8>>, ReadError> {
    if !is_safe_path(rel) {
        return Err(ReadError::Unsafe {
            dir: dir.to_path_buf(),
            path: rel.to_string(),
        });
    }
    let path = dir.join(rel);
    match open::confined(dir, rel) {
        Ok(file) => read_regular(file, &path, input).map(Some),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) if open::is_link_refusal(&e) => refusal(dir, rel).map_or(Ok(None), Err),
        Err(source) => Err(ReadError::Io { path, source }),
    }
}

/// Why a confined open was refused: the first link on the way to `rel`, or a special file
/// where a directory was expected. `None` when a regular file stands where a directory was
/// expected: then `rel` simply does not exist.
fn refusal(dir: &Path, rel: &str) -> Option<ReadError> {
    let mut path = dir.to_path_buf();
    for part in rel.split('/') {
        path.push(part);
        match fs::symlink_metadata(&path).map(|m| FileKind::of(&m)) {
            Ok(Some(FileKind::Symlink)) => return Some(ReadError::Symlink { path }),
            Ok(Some(FileKind::Directory)) => continue,
            Ok(Some(kind)) => return Some(ReadError::NotRegular { path, kind }),
            Ok(None) | Err(_) => return None,
        }
    }
    None
}

/// `fstat`s the open file, refuses a non-regular or oversized one, reads at most the limit.
fn read_regular(file: fs::File, path: &Path, input: Input) -> Result<Vec<u8>, ReadError> {
    let io = |source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = file.metadata().map_err(io)?;
    if let Some(kind) = FileKind::of(&meta) {
        return Err(ReadError::NotRegular {
            path: path.to_path_buf(),
            kind,
        });
    }
    let too_large = |size| ReadError::TooLarge {
        path: path.to_path_buf(),
        input,
        size,
    };
    if meta.len() > input.limit() {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // A file that grows while we read is still cut at the limit.
    file.take(input.limit() + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > input.limit() {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// The bytes as text, or the line and column of the first invalid UTF-8 byte.
pub fn utf8(path: &Path, bytes: Vec<u8>) -> Result<String, ReadError> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        // The prefix is valid UTF-8 by definition of `valid_up_to`.
        let before = std::str::from_utf8(valid).unwrap_or_default();
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        ReadError::NotUtf8 {
            path: path.to_path_buf(),
            line,
            column,
        }
    })
}

/// [`read_file`] then [`utf8`].
pub fn read_text_file(path: &Path, input: Input) -> Result<String, ReadError> {
    utf8(path, read_file(path, input)?)
}

/// [`read_in`] then [`utf8`].
pub fn read_text_in(dir: &Path, rel: &str, input: Input) -> Result<Option<String>, ReadError> {
    read_in(dir, rel, input)?
        .map(|bytes| utf8(&dir.join(rel), bytes))
        .transpose()
}

/// Refuses a package holding a symbolic link (outside `.git`) or a FIFO, device or socket
/// (anywhere): checked with `lstat` only, so nothing is opened and nothing can block.
pub fn scan(dir: &Path) -> Result<(), ReadError> {
    let walk = walkdir::WalkDir::new(dir).min_depth(1).follow_links(false);
    for entry in walk {
        let entry = entry.map_err(|e| ReadError::Io {
            path: e.path().unwrap_or(dir).to_path_buf(),
            source: io::Error::other(e),
        })?;
        let path = entry.path().to_path_buf();
        let meta = entry.metadata().map_err(|e| ReadError::Io {
            path: path.clone(),
            source: io::Error::other(e),
        })?;
        let in_git = entry
            .path()
            .strip_prefix(dir)
            .is_ok_and(|rel| rel.starts_with(".git") && rel != Path::new(".git"));
        match FileKind::of(&meta) {
            None | Some(FileKind::Directory) => {}
            Some(FileKind::Symlink) if in_git => {}
            Some(FileKind::Symlink) => return Err(ReadError::Symlink { path }),
            Some(kind) => return Err(ReadError::NotRegular { path, kind }),
        }
    }
    Ok(())
}

#[cfg(unix)]
mod open {
    //! `open(2)` and `openat(2)` with the flags that keep a read confined and non-blocking.

    use std::ffi::CString;
    use std::fs::File;
    use std::io;
    use std::os::fd::{FromRawFd, OwnedFd};
    use std::os::unix::ffi::OsStrExt;
    use std::path::Path;

    const READ: libc::c_int = libc::O_RDONLY | libc::O_CLOEXEC | libc::O_NONBLOCK | libc::O_NOCTTY;

    /// Opens a path the user named; links are followed, FIFOs do not block the open.
    pub(super) fn user(path: &Path) -> io::Result<File> {
        let fd = at(libc::AT_FDCWD, path.as_os_str().as_bytes(), READ)?;
        Ok(File::from(fd))
    }

    /// Opens `rel` below `dir`, each component relative to its parent with `O_NOFOLLOW`.
    pub(super) fn confined(dir: &Path, rel: &str) -> io::Result<File> {
        let dir_flags = libc::O_RDONLY | libc::O_CLOEXEC | libc::O_DIRECTORY;
        let mut parent = at(libc::AT_FDCWD, dir.as_os_str().as_bytes(), dir_flags)?;
        let mut parts = rel.split('/').peekable();
        while let Some(part) = parts.next() {
            use std::os::fd::AsRawFd;
            let last = parts.peek().is_none();
            let flags = if last { READ } else { dir_flags } | libc::O_NOFOLLOW;
            parent = at(parent.as_raw_fd(), part.as_bytes(), flags)?;
        }
        Ok(File::from(parent))
    }

    /// True for the errors `O_NOFOLLOW` and `O_DIRECTORY` give on a link or a file.
    pub(super) fn is_link_refusal(e: &io::Error) -> bool {
        matches!(e.raw_os_error(), Some(libc::ELOOP | libc::ENOTDIR))
    }

    fn at(dirfd: libc::c_int, name: &[u8], flags: libc::c_int) -> io::Result<OwnedFd> {
        let name = CString::new(name)?;
        // SAFETY: `name` is a valid NUL-terminated string for the duration of the call.
        let fd = unsafe { libc::openat(dirfd, name.as_ptr(), flags) };
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: `fd` was just returned by openat and is owned by nobody else.
        Ok(unsafe { OwnedFd::from_raw_fd(fd) })
    }
}

#[cfg(not(unix))]
mod open {
    //! Without `openat`: check every component with `symlink_metadata`, then open.

    use std::fs::{self, File};
    use std::io;
    use std::path::Path;

    pub(super) fn user(path: &Path) -> io::Result<File> {
        File::open(path)
    }

    pub(super) fn confined(dir: &Path, rel: &str) -> io::Result<File> {
        let mut path = dir.to_path_buf();
        for part in rel.split('/') {
            path.push(part);
            if fs::symlink_metadata(&path)?.file_type().is_symlink() {
                return Err(io::Error::other("symbolic link"));
            }
        }
        File::open(path)
    }

    pub(super) fn is_link_refusal(e: &io::Error) -> bool {
        e.kind() == io::ErrorKind::Other
    }
}

#[cfg(test)]
mod tests;
