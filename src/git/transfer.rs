//! The git side of an update applied in place (a package directory that cannot be swapped,
//! such as a mount point): which files of the updated copy's `.git` are new objects, which are
//! repository state to install (the index, `MERGE_HEAD`...), which packs the copy merged away,
//! and moving the refs last, in one transaction.
//!
//! Part of [`crate::git`]. The file lists are plain path work on two `.git` directories;
//! `package` copies the files, in the order this module gives.

use std::fs;
use std::io;
use std::path::Path;

use git2::Oid;
use walkdir::WalkDir;

use super::{CommitTime, GitError, PackageRepo, RENDERED_REF};

/// What [`git_files`] found in the updated copy's `.git`, as paths relative to the package
/// directory (`.git/...`, `/`-separated).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GitFiles {
    /// Object files (loose objects, packs) the package lacks; within a pack, the `.pack`
    /// comes before its `.rev` and `.idx`, so git never sees an index without its pack.
    pub objects: Vec<String>,
    /// Other repository files that are new or differ (the index, `MERGE_HEAD`, `MERGE_MSG`,
    /// `ORIG_HEAD`); refs and reflogs are not among them: [`PackageRepo::move_refs`] moves those.
    pub state: Vec<String>,
    /// Pack files of the package that the copy merged into one new pack (every object of
    /// theirs is in it): removed after the refs moved, index first.
    pub stale: Vec<String>,
}

/// One reference's move, recorded before it is made so an interrupted update can finish it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RefMove {
    /// Full name, `refs/heads/...`.
    pub name: String,
    /// Where it pointed before the update (hex), `None` when it did not exist.
    pub old: Option<String>,
    /// Where it points afterwards (hex).
    pub new: String,
}

/// Compares the `.git` of `staged` (the updated copy) with that of `dir` (the package).
pub fn git_files(staged: &Path, dir: &Path) -> io::Result<GitFiles> {
    let (new_git, old_git) = (staged.join(".git"), dir.join(".git"));
    let mut files = GitFiles::default();
    for rel in relative_files(&new_git)? {
        let (new, old) = (new_git.join(&rel), old_git.join(&rel));
        if rel.starts_with("objects/") {
            if fs::symlink_metadata(&old).is_err() {
                files.objects.push(rel);
            }
        } else if is_state(&rel) && fs::read(&old).ok() != Some(fs::read(&new)?) {
            files.state.push(rel);
        }
    }
    for rel in relative_files(&old_git.join("objects/pack"))? {
        let packed = ["pack", "idx", "rev"]
            .iter()
            .any(|x| rel.ends_with(&format!(".{x}")));
        let kept = Path::new(&rel).with_extension("keep");
        let path = format!("objects/pack/{rel}");
        if packed
            && !old_git.join("objects/pack").join(kept).exists()
            && !new_git.join(&path).exists()
        {
            files.stale.push(path);
        }
    }
    files
        .objects
        .sort_by_key(|p| (pack_order(p, ["pack", "rev", "idx"]), p.clone()));
    files.state.sort();
    files
        .stale
        .sort_by_key(|p| (pack_order(p, ["idx", "rev", "pack"]), p.clone()));
    let in_dir = |list: Vec<String>| list.into_iter().map(|p| format!(".git/{p}")).collect();
    Ok(GitFiles {
        objects: in_dir(files.objects),
        state: in_dir(files.state),
        stale: in_dir(files.stale),
    })
}

/// Repository files that an update may change and that are neither objects nor refs.
fn is_state(rel: &str) -> bool {
    let excluded = ["refs/", "logs/", "sitepack-in-place/"];
    !excluded.iter().any(|p| rel.starts_with(p)) && rel != "packed-refs" && !rel.ends_with(".lock")
}

/// The position of a pack file's extension in `order` (other files first).
fn pack_order(path: &str, order: [&str; 3]) -> usize {
    let ext = Path::new(path).extension().and_then(|x| x.to_str());
    order
        .iter()
        .position(|x| Some(*x) == ext)
        .map_or(0, |at| at + 1)
}

/// Every regular file under `root`, relative and `/`-separated; none when `root` is missing.
fn relative_files(root: &Path) -> io::Result<Vec<String>> {
    if !root.exists() {
        return Ok(Vec::new());
    }
    let mut found = Vec::new();
    for entry in WalkDir::new(root).min_depth(1).follow_links(false) {
        let entry = entry.map_err(io::Error::other)?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
        let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
        let parts = parts.ok_or_else(|| {
            io::Error::other(format!("{} is not a UTF-8 path", entry.path().display()))
        })?;
        found.push(parts.join("/"));
    }
    Ok(found)
}

impl PackageRepo {
    /// The moves that bring this repository's render branch and `branch` to where they are in
    /// `staged` (the updated copy). Refs that did not move are left out.
    pub fn ref_moves(&self, staged: &PackageRepo, branch: &str) -> Result<Vec<RefMove>, GitError> {
        let mut moves = Vec::new();
        for name in [RENDERED_REF.to_string(), format!("refs/heads/{branch}")] {
            let old = self.repo.refname_to_id(&name).ok();
            let new = staged
                .repo
                .refname_to_id(&name)
                .map_err(staged.fail("read the updated refs"))?;
            if old != Some(new) {
                moves.push(RefMove {
                    name,
                    old: old.map(|o| o.to_string()),
                    new: new.to_string(),
                });
            }
        }
        Ok(moves)
    }

    /// Moves every ref of `moves` in one transaction with one reflog entry each. A ref already
    /// at its new place is left alone (an interrupted update finishing); one that is at
    /// neither place moved under sitepack's feet: nothing is moved, and the error says so.
    pub fn move_refs(&self, moves: &[RefMove], when: CommitTime) -> Result<(), GitError> {
        let sig = self.signature(when)?;
        let mut tx = self
            .repo
            .transaction()
            .map_err(self.fail("start a ref transaction"))?;
        for m in moves {
            self.remove_own_stale_lock(m)?;
            tx.lock_ref(&m.name).map_err(self.fail("lock a ref"))?;
            let now = self.repo.refname_to_id(&m.name).ok().map(|o| o.to_string());
            if now.as_deref() == Some(m.new.as_str()) {
                continue;
            }
            if now != m.old {
                return Err(GitError::Moved {
                    path: self.path.clone(),
                    what: format!("`{}` moved", m.name.trim_start_matches("refs/heads/")),
                });
            }
            let new = Oid::from_str(&m.new).map_err(self.fail("read the updated refs"))?;
            tx.set_target(&m.name, new, Some(&sig), "sitepack: update in place")
                .map_err(self.fail("move a ref"))?;
        }
        tx.commit().map_err(self.fail("move the refs"))
    }

    /// Removes the `.lock` file a killed [`PackageRepo::move_refs`] left for `m`'s ref: one
    /// that is empty or already holds `m`'s new commit. Anyone else's lock is left alone (and
    /// the transaction then fails, as git would).
    fn remove_own_stale_lock(&self, m: &RefMove) -> Result<(), GitError> {
        let valid = m.name.starts_with("refs/heads/") && git2::Reference::is_valid_name(&m.name);
        if !valid {
            return Err(self.refusal(format!("{} is not a branch name", m.name)));
        }
        let lock = self.repo.path().join(format!("{}.lock", m.name));
        let ours =
            fs::read_to_string(&lock).is_ok_and(|t| t.trim().is_empty() || t.trim() == m.new);
        if ours {
            fs::remove_file(&lock).map_err(|e| {
                self.fail("remove a stale ref lock")(git2::Error::from_str(&e.to_string()))
            })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str, text: &str) {
        let path = root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    #[test]
    fn refs_move_once_over_a_stale_lock_of_ours_and_never_over_someone_elses() {
        let tmp = tempfile::tempdir().unwrap();
        let repo = PackageRepo::init(tmp.path()).unwrap();
        let sig = git2::Signature::new("t", "t@example.org", &git2::Time::new(1, 0)).unwrap();
        let tree = repo.repo.treebuilder(None).unwrap().write().unwrap();
        let tree = repo.repo.find_tree(tree).unwrap();
        let old = repo
            .repo
            .commit(Some("refs/heads/main"), &sig, &sig, "a", &tree, &[]);
        let old = old.unwrap();
        let parent = repo.repo.find_commit(old).unwrap();
        let new = repo
            .repo
            .commit(None, &sig, &sig, "b", &tree, &[&parent])
            .unwrap();
        let moves = [RefMove {
            name: "refs/heads/main".into(),
            old: Some(old.to_string()),
            new: new.to_string(),
        }];
        let lock = repo.repo.path().join("refs/heads/main.lock");
        fs::write(&lock, "someone else's\n").unwrap();
        assert!(repo.move_refs(&moves, CommitTime::default()).is_err());
        assert_eq!(repo.repo.refname_to_id("refs/heads/main").unwrap(), old);
        fs::write(&lock, "").unwrap();
        repo.move_refs(&moves, CommitTime::default()).unwrap();
        repo.move_refs(&moves, CommitTime::default()).unwrap(); // done already: left alone
        assert_eq!(repo.repo.refname_to_id("refs/heads/main").unwrap(), new);
        // A person moved it back meanwhile: neither the old nor the new place.
        repo.repo
            .reference("refs/heads/main", old, true, "person")
            .unwrap();
        let moved = repo.move_refs(
            &[RefMove {
                old: Some(new.to_string()),
                ..moves[0].clone()
            }],
            CommitTime::default(),
        );
        assert!(matches!(moved, Err(GitError::Moved { .. })), "{moved:?}");
    }

    #[test]
    fn new_objects_changed_state_and_merged_packs_are_told_apart() {
        let tmp = tempfile::tempdir().unwrap();
        let (staged, dir) = (tmp.path().join("s"), tmp.path().join("d"));
        for root in [&staged, &dir] {
            write(root, ".git/config", "same");
            write(root, ".git/objects/ab/cdef", "old object");
            write(root, ".git/refs/heads/main", "moved by move_refs");
        }
        write(&staged, ".git/refs/heads/main", "other");
        write(&staged, ".git/index", "new index");
        write(&dir, ".git/index", "old index");
        write(&staged, ".git/MERGE_HEAD", "x");
        write(&staged, ".git/objects/pack/pack-n.idx", "i");
        write(&staged, ".git/objects/pack/pack-n.pack", "p");
        write(&staged, ".git/objects/pack/pack-n.rev", "r");
        write(&dir, ".git/objects/pack/pack-o.pack", "p");
        write(&dir, ".git/objects/pack/pack-o.idx", "i");
        write(&dir, ".git/objects/pack/pack-k.pack", "p");
        write(&dir, ".git/objects/pack/pack-k.keep", "");
        let files = git_files(&staged, &dir).unwrap();
        assert_eq!(
            files.objects,
            [
                ".git/objects/pack/pack-n.pack",
                ".git/objects/pack/pack-n.rev",
                ".git/objects/pack/pack-n.idx"
            ]
        );
        assert_eq!(files.state, [".git/MERGE_HEAD", ".git/index"]);
        assert_eq!(
            files.stale,
            [
                ".git/objects/pack/pack-o.idx",
                ".git/objects/pack/pack-o.pack"
            ]
        );
    }
}
