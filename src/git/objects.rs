//! The objects of a render: its files as blobs and nested trees, and its commit, written as
//! one undeltified pack ([`super::packfile`]).
//!
//! Part of [`crate::git`]. Every file has mode 100644, as the index-built trees always had;
//! the tree and commit ids equal those libgit2 computes for the same files (tested in
//! `packfile_tests.rs`). Objects the parent render already has are not written again.

use std::collections::{BTreeMap, HashSet};
use std::io;

use git2::{Commit, Oid, Repository, Signature, TreeWalkMode, TreeWalkResult};

use super::packfile::{commit_bytes, tree_bytes, Id, Kind, PackObjects, Stamp};
use crate::files::Files;

/// Writes `files` as a tree and, when it differs from `parent`'s, a commit of it on top of
/// `parent`, as one new pack in `repo`; moves no reference. Returns the tree and the commit.
pub(super) fn write_render(
    repo: &Repository,
    files: &Files,
    parent: Option<&Commit<'_>>,
    sig: &Signature<'_>,
    message: &str,
) -> Result<(Oid, Option<Oid>), git2::Error> {
    let known = match parent {
        Some(parent) => ids_under(repo, parent.tree_id())?,
        None => HashSet::new(),
    };
    let mut pack = PackObjects::new();
    let tree = add_tree(&mut pack, files, &known, &mut BlobIds::new()).map_err(io_error)?;
    let tree_id = Oid::from_bytes(&tree)?;
    if parent.map(Commit::tree_id) == Some(tree_id) {
        return Ok((tree_id, None));
    }
    let parents: Vec<Id> = parent.iter().map(|p| id_of(p.id())).collect();
    let bytes = commit_bytes(&tree, &parents, &stamp(sig), message);
    let commit = pack
        .add(Kind::Commit, &bytes, &|_| false)
        .map_err(io_error)?;
    pack.write(&repo.path().join("objects").join("pack"))
        .map_err(io_error)?;
    Ok((tree_id, Some(Oid::from_bytes(&commit)?)))
}

/// How `sig` is written in a commit.
pub(super) fn stamp<'a>(sig: &'a Signature<'_>) -> Stamp<'a> {
    Stamp {
        name: sig.name_bytes(),
        email: sig.email_bytes(),
        seconds: sig.when().seconds(),
        offset_minutes: sig.when().offset_minutes(),
    }
}

/// The id of every tree and blob under `tree`, itself included.
fn ids_under(repo: &Repository, tree: Oid) -> Result<HashSet<Id>, git2::Error> {
    let tree = repo.find_tree(tree)?;
    let mut ids = HashSet::from([id_of(tree.id())]);
    tree.walk(TreeWalkMode::PreOrder, |_, entry| {
        ids.insert(id_of(entry.id()));
        TreeWalkResult::Ok
    })?;
    Ok(ids)
}

pub(super) fn id_of(oid: Oid) -> Id {
    oid.as_bytes().try_into().expect("SHA-1 ids have 20 bytes")
}

pub(super) fn io_error(e: io::Error) -> git2::Error {
    git2::Error::from_str(&e.to_string())
}

/// A directory of the render: files (path component to blob id) and subdirectories.
#[derive(Default)]
struct Dir<'a> {
    files: Vec<(&'a str, Id)>,
    dirs: BTreeMap<&'a str, Dir<'a>>,
}

/// Blob ids by path, filled by [`add_tree`] so that a second tree of mostly the same files
/// (and the checkout after it) does not hash every file again.
pub(super) type BlobIds = BTreeMap<String, Id>;

/// Adds every file of `files` and every tree they need to `pack` (skipping ids in `known`);
/// returns the root tree's id. A path already in `ids` is taken to hold the bytes it was
/// hashed from (the caller removes a path whose bytes changed); every other path is hashed
/// and added to `ids`.
pub(super) fn add_tree(
    pack: &mut PackObjects,
    files: &Files,
    known: &HashSet<Id>,
    ids: &mut BlobIds,
) -> io::Result<Id> {
    let is_known = |id: &Id| known.contains(id);
    let mut root = Dir::default();
    for (path, bytes) in files.iter() {
        let id = match ids.get(path) {
            Some(id) => pack.add_with_id(Kind::Blob, *id, bytes, &is_known)?,
            None => pack.add(Kind::Blob, bytes, &is_known)?,
        };
        ids.insert(path.to_string(), id);
        let mut parts: Vec<&str> = path.split('/').collect();
        let name = parts.pop().unwrap_or(path);
        let mut dir = &mut root;
        for part in parts {
            dir = dir.dirs.entry(part).or_default();
        }
        dir.files.push((name, id));
    }
    add_dir(pack, &root, &is_known)
}

fn add_dir(pack: &mut PackObjects, dir: &Dir<'_>, known: &dyn Fn(&Id) -> bool) -> io::Result<Id> {
    let mut entries: Vec<(&str, bool, Id)> = dir
        .files
        .iter()
        .map(|(name, id)| (*name, false, *id))
        .collect();
    for (name, sub) in &dir.dirs {
        entries.push((name, true, add_dir(pack, sub, known)?));
    }
    pack.add(Kind::Tree, &tree_bytes(&mut entries), known)
}
