//! Updating a git package in place when DIR cannot be swapped (a mount point: the exchange
//! fails with `EXDEV` or `EBUSY`), with the same all-or-nothing guarantee for git's view.
//!
//! The updated copy is built beside DIR as usual; then, in this order: every new object is
//! copied into DIR's `.git/objects` (a staged copy renamed into place per file; objects
//! change nothing git shows), a journal is written in `.git/sitepack-in-place/` (copies of
//! every new work-tree and repository file, the files to remove, the ref moves; its
//! `journal.json` appears last, by rename), the journal is applied (one rename per file), the
//! refs move in one transaction, and the journal is removed. Until the refs move, `git log`
//! shows the old state; once they have, the new one. A run killed after the journal exists
//! leaves it for the next `update` (or render into DIR), which finishes it before anything
//! else; `diff` and `gate` refuse until then. A run killed before leaves extra objects only.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::PackageError;
use crate::fsread::{self, Input};
use crate::git::{self, CommitTime, PackageRepo, RefMove};

/// The journal directory inside DIR; git ignores everything in `.git` it does not know.
const JOURNAL_DIR: &str = ".git/sitepack-in-place";
/// The journal's manifest, whose presence means "finish me".
const MANIFEST: &str = "journal.json";

/// What applying an update in place does, written before any of it is done.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Journal {
    /// Files to put in place, work tree first, then repository state (the index last but one).
    install: Vec<Install>,
    /// Work-tree files the update removed.
    remove: Vec<String>,
    /// The refs to move, last.
    refs: Vec<RefMove>,
    /// Packs merged into the new one, removed after the refs moved.
    stale: Vec<String>,
}

/// One file of the journal: DIR-relative `path` receives journal file `data`.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Install {
    path: String,
    data: String,
}

/// True when an interrupted in-place update of `dir` waits to be finished.
pub(super) fn pending(dir: &Path) -> bool {
    dir.join(JOURNAL_DIR).join(MANIFEST).exists()
}

/// Brings the state of `staged` (the updated copy of `dir`, checked out on `branch`) into
/// `dir` without swapping directories.
pub(super) fn install(
    staged: &Path,
    dir: &Path,
    branch: &str,
    when: CommitTime,
) -> Result<(), PackageError> {
    discard_partial_journal(dir)?;
    let git = git::git_files(staged, dir).map_err(|e| PackageError::io("read", dir, e))?;
    let incoming = dir.join(JOURNAL_DIR);
    fs::create_dir_all(&incoming).map_err(|e| PackageError::io("prepare the update of", dir, e))?;
    for (n, rel) in git.objects.iter().enumerate() {
        let temp = incoming.join(format!("object-{n}"));
        copy(&staged.join(rel), &temp, dir)?;
        let target = dir.join(rel);
        create_parent(&target)?;
        rename(&temp, &target)?;
    }
    crate::testpoint::reached("in-place-objects");
    let refs = PackageRepo::open(dir)?.ref_moves(&PackageRepo::open(staged)?, branch)?;
    let (worktree, remove) = worktree_changes(staged, dir)?;
    let mut journal = Journal {
        install: Vec::new(),
        remove,
        refs,
        stale: git.stale,
    };
    for (n, rel) in worktree.iter().chain(&git.state).enumerate() {
        let data = n.to_string();
        copy(&staged.join(rel), &incoming.join(&data), dir)?;
        journal.install.push(Install {
            path: rel.clone(),
            data,
        });
    }
    let text = serde_json::to_vec_pretty(&journal)
        .map_err(|e| PackageError::io("write", dir, e.into()))?;
    let temp = incoming.join("journal.tmp");
    fs::write(&temp, text).map_err(|e| PackageError::io("prepare the update of", dir, e))?;
    rename(&temp, &incoming.join(MANIFEST))?;
    apply(dir, &journal, when)
}

/// Finishes an in-place update of `dir` that was interrupted after its journal was written;
/// returns whether there was one. A journal being prepared when the run died is discarded.
pub(super) fn resume(dir: &Path, when: CommitTime) -> Result<bool, PackageError> {
    if !pending(dir) {
        discard_partial_journal(dir)?;
        return Ok(false);
    }
    let manifest = dir.join(JOURNAL_DIR).join(MANIFEST);
    let text = fs::read(&manifest).map_err(|e| PackageError::io("read", &manifest, e))?;
    let journal: Journal = serde_json::from_slice(&text).map_err(|e| {
        PackageError::io(
            "read",
            &manifest,
            io::Error::new(io::ErrorKind::InvalidData, e),
        )
    })?;
    validate(&journal).map_err(|e| PackageError::io("read", &manifest, e))?;
    apply(dir, &journal, when)?;
    Ok(true)
}

/// Applies a written journal: each step can be done again, so a run killed anywhere in here
/// is finished by the next.
fn apply(dir: &Path, journal: &Journal, when: CommitTime) -> Result<(), PackageError> {
    let incoming = dir.join(JOURNAL_DIR);
    for (n, file) in journal.install.iter().enumerate() {
        let data = incoming.join(&file.data);
        if data.exists() {
            let target = dir.join(&file.path);
            create_parent(&target)?;
            rename(&data, &target)?;
        }
        if n == 0 {
            crate::testpoint::reached("in-place-files");
        }
    }
    for rel in &journal.remove {
        remove_file(dir, rel, true)?;
    }
    crate::testpoint::reached("in-place-refs");
    PackageRepo::open(dir)?.move_refs(&journal.refs, when)?;
    for rel in &journal.stale {
        remove_file(dir, rel, false)?;
    }
    fs::remove_dir_all(&incoming).map_err(|e| PackageError::io("clean up", dir, e))
}

/// Removes a journal directory without a manifest: a run died while preparing it, before
/// anything git shows was touched.
fn discard_partial_journal(dir: &Path) -> Result<(), PackageError> {
    let incoming = dir.join(JOURNAL_DIR);
    match fs::remove_dir_all(&incoming) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(PackageError::io("clean up", dir, e)),
    }
}

/// Work-tree files of `staged` that are new or differ from `dir`'s, and files of `dir` that
/// `staged` no longer has; `.git` left out. Both sorted.
fn worktree_changes(staged: &Path, dir: &Path) -> Result<(Vec<String>, Vec<String>), PackageError> {
    let (new, old) = (worktree_files(staged, dir)?, worktree_files(dir, dir)?);
    let mut changed = Vec::new();
    for rel in &new {
        let bytes = fsread::read_in(staged, rel, Input::Page)?;
        if old.binary_search(rel).is_err() || fsread::read_in(dir, rel, Input::Page)? != bytes {
            changed.push(rel.clone());
        }
    }
    let removed = old
        .into_iter()
        .filter(|rel| new.binary_search(rel).is_err())
        .collect();
    Ok((changed, removed))
}

/// Every non-directory entry under `root` outside `.git`, relative, `/`-separated, sorted.
fn worktree_files(root: &Path, dir: &Path) -> Result<Vec<String>, PackageError> {
    let mut found = Vec::new();
    let walk = WalkDir::new(root)
        .min_depth(1)
        .follow_links(false)
        .sort_by_file_name();
    for entry in walk
        .into_iter()
        .filter_entry(|e| e.depth() != 1 || e.file_name() != ".git")
    {
        let entry = entry.map_err(|e| PackageError::io("read", dir, io::Error::other(e)))?;
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
        let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
        let parts = parts.ok_or_else(|| {
            let why = io::Error::other("a file name that is not UTF-8 cannot be updated in place");
            PackageError::io("read", &dir.join(rel), why)
        })?;
        found.push(parts.join("/"));
    }
    found.sort();
    Ok(found)
}

/// Refuses a journal whose paths leave DIR or whose data names are not its own.
fn validate(journal: &Journal) -> io::Result<()> {
    let paths = journal.install.iter().map(|i| &i.path);
    let paths = paths.chain(&journal.remove).chain(&journal.stale);
    for path in paths {
        let plain = !path.is_empty()
            && !path.starts_with('/')
            && !path.contains('\\')
            && path
                .split('/')
                .all(|c| !c.is_empty() && c != "." && c != "..");
        if !plain {
            return Err(io::Error::other(format!(
                "the journal names the path {path:?}"
            )));
        }
    }
    if journal
        .install
        .iter()
        .any(|i| !i.data.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(io::Error::other(
            "the journal names a data file that is not its own",
        ));
    }
    Ok(())
}

/// Removes DIR-relative `rel` (gone already is fine) and, with `prune`, the directories it
/// leaves empty.
fn remove_file(dir: &Path, rel: &str, prune: bool) -> Result<(), PackageError> {
    let path = dir.join(rel);
    match fs::remove_file(&path) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(PackageError::io("remove", &path, e)),
    }
    let mut parent: Option<PathBuf> = path.parent().filter(|_| prune).map(Path::to_path_buf);
    while let Some(p) = parent.filter(|p| p != dir && p.starts_with(dir)) {
        if fs::remove_dir(&p).is_err() {
            break; // not empty, or not ours to remove
        }
        parent = p.parent().map(Path::to_path_buf);
    }
    Ok(())
}

fn create_parent(path: &Path) -> Result<(), PackageError> {
    match path.parent() {
        Some(parent) => fs::create_dir_all(parent).map_err(|e| PackageError::io("write", path, e)),
        None => Ok(()),
    }
}

fn copy(from: &Path, to: &Path, dir: &Path) -> Result<(), PackageError> {
    fs::copy(from, to)
        .map(drop)
        .map_err(|e| PackageError::io("prepare the update of", dir, e))
}

/// Renames within DIR; errors name the file of DIR being put in place.
fn rename(from: &Path, to: &Path) -> Result<(), PackageError> {
    fs::rename(from, to).map_err(|e| PackageError::io("update in place", to, e))
}
