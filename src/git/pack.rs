//! Keeping the number of packs bounded: every render writes its new objects as one pack, so
//! without this a package's `.git/objects/pack` would gain a pack per update and every
//! object lookup (and so every update) would slow down as history grows.
//!
//! Part of [`crate::git`]. When there are more than [`MAX_PACKS`] packs, everything reachable
//! from any reference or HEAD is written into one new pack, and only the old packs whose every
//! object is in the new one are removed, so no object is ever lost (not even one that only a
//! reflog still names). Packs with a `.keep` file are left alone, as git leaves them.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use git2::{Oid, Repository};

/// More packs than this are merged into one.
pub const MAX_PACKS: usize = 8;

/// Merges the packs of the repository at `git_dir` into one when there are more than
/// [`MAX_PACKS`]; returns how many packs were removed.
pub(super) fn bound_packs(git_dir: &Path) -> Result<usize, git2::Error> {
    let dir = git_dir.join("objects").join("pack");
    let before = packs(&dir);
    if before.len() <= MAX_PACKS {
        return Ok(0);
    }
    let repo = Repository::open(git_dir)?;
    let mut builder = repo.packbuilder()?;
    let mut walk = repo.revwalk()?;
    walk.push_glob("*")?;
    if let Ok(head) = repo.head() {
        if let Some(id) = head.target() {
            walk.push(id)?;
        }
    }
    builder.insert_walk(&mut walk)?;
    let mut buf = git2::Buf::new();
    builder.write_buf(&mut buf)?;
    let odb = repo.odb()?;
    let mut writer = odb.packwriter()?;
    std::io::Write::write_all(&mut writer, &buf)
        .map_err(|e| git2::Error::from_str(&e.to_string()))?;
    writer.commit()?;
    let new: Vec<PathBuf> = packs(&dir)
        .into_iter()
        .filter(|p| !before.contains(p))
        .collect();
    let [new] = new.as_slice() else {
        return Ok(0); // the new pack equals an old one byte for byte: nothing to merge
    };
    let kept = object_ids(new).map_err(io_error)?;
    let mut removed = 0;
    for old in before {
        if old.with_extension("keep").exists() {
            continue;
        }
        let ids = object_ids(&old).map_err(io_error)?;
        if ids.iter().all(|id| kept.contains(id)) {
            for ext in ["pack", "idx", "rev"] {
                let _ = fs::remove_file(old.with_extension(ext));
            }
            removed += 1;
        }
    }
    Ok(removed)
}

/// The `.idx` files of the packs in `dir`, sorted.
fn packs(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "idx"))
                .filter(|p| p.with_extension("pack").exists())
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// The object ids a pack index (version 2) lists.
fn object_ids(idx: &Path) -> std::io::Result<HashSet<Oid>> {
    let bytes = fs::read(idx)?;
    let bad = || std::io::Error::other(format!("{} is not a version 2 pack index", idx.display()));
    if bytes.len() < 8 + 256 * 4
        || bytes[..4] != [0xff, b't', b'O', b'c']
        || bytes[4..8] != [0, 0, 0, 2]
    {
        return Err(bad());
    }
    let count_at = 8 + 255 * 4;
    let count = u32::from_be_bytes(
        bytes[count_at..count_at + 4]
            .try_into()
            .map_err(|_| bad())?,
    );
    let start = 8 + 256 * 4;
    let end = start + count as usize * 20;
    let table = bytes.get(start..end).ok_or_else(bad)?;
    table
        .chunks(20)
        .map(|id| Oid::from_bytes(id).map_err(|_| bad()))
        .collect()
}

fn io_error(e: std::io::Error) -> git2::Error {
    git2::Error::from_str(&e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_packs_become_one_and_every_object_stays_readable() {
        let tmp = tempfile::tempdir().unwrap();
        let repo = Repository::init(tmp.path()).unwrap();
        let sig = git2::Signature::new("t", "t@example.org", &git2::Time::new(1, 0)).unwrap();
        let mut parent: Option<Oid> = None;
        let mut blobs = Vec::new();
        for i in 0..(MAX_PACKS + 4) {
            let scratch = Repository::open(repo.path()).unwrap();
            let odb = scratch.odb().unwrap();
            let mempack = odb.add_new_mempack_backend(1000).unwrap();
            let blob = scratch.blob(format!("content {i}").as_bytes()).unwrap();
            let mut tree = scratch.treebuilder(None).unwrap();
            tree.insert("f", blob, 0o100644).unwrap();
            let tree = scratch.find_tree(tree.write().unwrap()).unwrap();
            let parents: Vec<git2::Commit<'_>> = parent
                .iter()
                .map(|p| scratch.find_commit(*p).unwrap())
                .collect();
            let refs: Vec<&git2::Commit<'_>> = parents.iter().collect();
            let commit = scratch.commit(None, &sig, &sig, "c", &tree, &refs).unwrap();
            let mut buf = git2::Buf::new();
            mempack.dump(&scratch, &mut buf).unwrap();
            let mut writer = odb.packwriter().unwrap();
            std::io::Write::write_all(&mut writer, &buf).unwrap();
            writer.commit().unwrap();
            parent = Some(commit);
            blobs.push(blob);
        }
        repo.reference("refs/heads/main", parent.unwrap(), true, "t")
            .unwrap();
        let dir = repo.path().join("objects/pack");
        assert_eq!(packs(&dir).len(), MAX_PACKS + 4);
        assert_eq!(bound_packs(repo.path()).unwrap(), MAX_PACKS + 4);
        assert_eq!(packs(&dir).len(), 1);
        let fresh = Repository::open(repo.path()).unwrap();
        for blob in blobs {
            assert!(fresh.find_blob(blob).is_ok(), "{blob} lost");
        }
        assert_eq!(
            bound_packs(repo.path()).unwrap(),
            0,
            "one pack stays as it is"
        );
    }
}
