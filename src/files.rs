//! [`Files`]: a rendered package in memory, relative path to bytes.
//!
//! The boundary between the pure stages (`plan`, `render`) and the ones that
//! write (`package`, `git`). Paths are relative, use `/`, and are checked so no
//! path can leave the package directory.

use std::collections::BTreeMap;

/// Rendered files, sorted by path so iteration order is deterministic.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Files {
    entries: BTreeMap<String, Vec<u8>>,
}

impl Files {
    /// An empty set of files.
    pub fn new() -> Files {
        Files::default()
    }

    /// Adds or replaces a file.
    ///
    /// # Panics
    /// When `path` is not a safe relative path: a renderer bug, never user input,
    /// because profile ids are validated slugs.
    pub fn insert(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        let path = path.into();
        assert!(is_safe_path(&path), "unsafe package path {path:?}");
        self.entries.insert(path, bytes.into());
    }

    /// The bytes at `path`.
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.entries.get(path).map(Vec::as_slice)
    }

    /// Every `(path, bytes)`, sorted by path.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.entries.iter().map(|(p, b)| (p.as_str(), b.as_slice()))
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there are no files.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// A relative path of plain components: no `..`, no leading `/`, no empty or `.` parts,
/// no backslash, no NUL.
pub fn is_safe_path(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && !path.contains('\0')
        && path
            .split('/')
            .all(|c| !c.is_empty() && c != "." && c != "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_paths() {
        for (path, ok) in [
            ("README.md", true),
            ("src/overview.md", true),
            (".sitepack/lock.toml", true),
            ("../x", false),
            ("a/../../x", false),
            ("/etc/passwd", false),
            ("a//b", false),
            ("a/./b", false),
            ("a\\b", false),
            ("", false),
        ] {
            assert_eq!(is_safe_path(path), ok, "{path}");
        }
    }
}
