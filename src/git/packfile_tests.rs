//! Tests of the pack writer: ids equal libgit2's, and git itself accepts the pack.

use std::collections::HashSet;

use git2::{Oid, Repository};

use super::*;
use crate::files::Files;
use crate::git::objects::add_tree;
use crate::git::tests::git_ok as git;

fn oid(id: &Id) -> Oid {
    Oid::from_bytes(id).unwrap()
}

fn files(entries: &[(&str, &str)]) -> Files {
    let mut files = Files::new();
    for (path, text) in entries {
        files.insert(*path, text.as_bytes());
    }
    files
}

/// Names that sort differently as files and as directories (`a.b` < `a/` < `a0`), nested
/// directories, an empty file and a file big enough for a multi-byte size header.
fn tricky() -> Files {
    let big = "x".repeat(70_000);
    let mut f = files(&[
        ("a.b", "1"),
        ("a/x", "2"),
        ("a0", "3"),
        ("a-b/c/d/e.md", "4"),
        ("empty", ""),
        ("README.md", "read me\n"),
    ]);
    f.insert("big.txt", big.as_bytes());
    f
}

fn index_entry(path: &str, id: Oid, len: usize) -> git2::IndexEntry {
    git2::IndexEntry {
        ctime: git2::IndexTime::new(0, 0),
        mtime: git2::IndexTime::new(0, 0),
        dev: 0,
        ino: 0,
        mode: 0o100644,
        uid: 0,
        gid: 0,
        file_size: u32::try_from(len).unwrap(),
        id,
        flags: 0,
        flags_extended: 0,
        path: path.as_bytes().to_vec(),
    }
}

#[test]
fn tree_and_commit_ids_equal_libgit2s() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = Repository::init(tmp.path()).unwrap();
    let files = tricky();
    let mut pack = PackObjects::new();
    let tree = add_tree(&mut pack, &files, &HashSet::new(), &mut Default::default()).unwrap();
    let mut index = git2::Index::new().unwrap();
    for (path, bytes) in files.iter() {
        let id = repo.blob(bytes).unwrap();
        index.add(&index_entry(path, id, bytes.len())).unwrap();
    }
    assert_eq!(oid(&tree), index.write_tree_to(&repo).unwrap());
    for (seconds, offset) in [(1_795_694_400, 0), (1_700_000_000, -330), (5, 60)] {
        let time = git2::Time::new(seconds, offset);
        let sig = git2::Signature::new("Ada L", "ada@example.org", &time).unwrap();
        let stamp = Stamp {
            name: b"Ada L",
            email: b"ada@example.org",
            seconds,
            offset_minutes: offset,
        };
        let git_tree = repo.find_tree(oid(&tree)).unwrap();
        let root = repo.commit(None, &sig, &sig, "one\n\nbody", &git_tree, &[]);
        let root = root.unwrap();
        let ours = object_id(
            Kind::Commit,
            &commit_bytes(&tree, &[], &stamp, "one\n\nbody"),
        );
        assert_eq!(oid(&ours), root);
        let parent = repo.find_commit(root).unwrap();
        let child = repo.commit(None, &sig, &sig, "two", &git_tree, &[&parent]);
        let ours = object_id(Kind::Commit, &commit_bytes(&tree, &[ours], &stamp, "two"));
        assert_eq!(oid(&ours), child.unwrap());
    }
}

#[test]
fn git_verifies_the_pack_and_reads_every_object() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = Repository::init(tmp.path()).unwrap();
    let files = tricky();
    let mut pack = PackObjects::new();
    let tree = add_tree(&mut pack, &files, &HashSet::new(), &mut Default::default()).unwrap();
    let stamp = Stamp {
        name: b"t",
        email: b"t@example.org",
        seconds: 1,
        offset_minutes: 0,
    };
    let commit = pack
        .add(
            Kind::Commit,
            &commit_bytes(&tree, &[], &stamp, "c"),
            &|_| false,
        )
        .unwrap();
    // An object added twice is stored once.
    pack.add(Kind::Blob, b"1", &|_| false).unwrap();
    let pack_dir = repo.path().join("objects/pack");
    let written = pack.write(&pack_dir).unwrap().unwrap();
    repo.reference("refs/heads/main", oid(&commit), true, "t")
        .unwrap();
    let verify = git(
        tmp.path(),
        &["verify-pack", "-v", written.to_str().unwrap()],
    );
    assert!(verify.contains(": ok"), "{verify}");
    assert!(
        verify.contains(&format!("non delta: {} objects", pack.len())),
        "{verify}"
    );
    git(tmp.path(), &["fsck", "--full", "--strict", "--no-progress"]);
    let listed = git(tmp.path(), &["ls-tree", "-r", "--name-only", "main"]);
    let paths: Vec<&str> = files.iter().map(|(p, _)| p).collect();
    assert_eq!(listed.lines().collect::<Vec<_>>(), paths);
    let big = git(tmp.path(), &["cat-file", "-p", "main:big.txt"]);
    assert_eq!(big.len(), 70_000);
    let fresh = Repository::open(tmp.path()).unwrap();
    for (_, bytes) in files.iter() {
        let id = oid(&object_id(Kind::Blob, bytes));
        assert_eq!(fresh.find_blob(id).unwrap().content(), bytes);
    }
}

#[test]
fn known_objects_are_left_out_and_an_empty_set_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let mut pack = PackObjects::new();
    let known = object_id(Kind::Blob, b"old");
    pack.add(Kind::Blob, b"old", &|id| *id == known).unwrap();
    assert!(pack.is_empty());
    assert_eq!(pack.write(tmp.path()).unwrap(), None);
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
}

#[test]
fn entry_headers_carry_type_and_size_in_seven_bit_groups() {
    assert_eq!(entry_header(Kind::Blob, 0), [0x30]);
    assert_eq!(entry_header(Kind::Blob, 15), [0x3f]);
    assert_eq!(entry_header(Kind::Tree, 16), [0xa0, 0x01]);
    assert_eq!(entry_header(Kind::Commit, 70_000), [0x90, 0x97, 0x22]);
}
