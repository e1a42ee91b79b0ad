//! The refs of a package before and after an update: which branch receives the render,
//! whether `sitepack/rendered` is still a branch of pure renders, and whether anything moved
//! while sitepack worked on its copy.
//!
//! Part of [`crate::git`]. Every refusal here names the exact git command that fixes it, and
//! none of these checks writes anything to the repository it reads.

use std::path::Path;

use git2::{Commit, ObjectType, Oid, Repository, TreeWalkMode, TreeWalkResult};

use super::{GitError, PackageRepo, MAIN_BRANCH, MAIN_REF, RENDERED_BRANCH, RENDERED_REF};
use crate::lock::{sha256_hex, Lock, LOCK_PATH};

/// How far back [`PackageRepo::preflight`] looks for the last pure render to suggest.
const SEARCH_LIMIT: usize = 500;

/// The refs of a package as [`PackageRepo::preflight`] found them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefState {
    /// The checked-out branch that will receive the render (`main`, or a pull request's branch).
    pub branch: String,
    /// Its head.
    head: Oid,
    /// The local `sitepack/rendered`, if there is one.
    rendered: Option<Oid>,
    /// A remote's `sitepack/rendered` to start from when there is no local one (a fresh clone).
    remote_rendered: Option<Oid>,
}

impl PackageRepo {
    /// Checks that an update can go ahead without losing or reverting anybody's commit, and
    /// records the refs so [`PackageRepo::ensure_unmoved`] can tell if they moved. Refuses a
    /// shallow clone, a detached HEAD, a package without `main`, and a `sitepack/rendered`
    /// (local, or a remote's in a fresh clone) that is not a branch of pure renders.
    pub fn preflight(&self) -> Result<RefState, GitError> {
        if self.repo.is_shallow() {
            return Err(self.refusal("it is a shallow clone: sitepack needs the history of the \
                 package to merge a render into it; run `git fetch --unshallow` in it, then run again"
                .into()));
        }
        let branch = self.checked_out_branch()?;
        if self.branch_head(MAIN_REF)?.is_none() {
            return Err(self.refusal(format!(
                "it has no branch `{MAIN_BRANCH}` (HEAD is on `{branch}`); if `{branch}` is your \
                 renamed main, run `git branch -m {branch} {MAIN_BRANCH}` in it, then run again"
            )));
        }
        let head = self
            .branch_head(&format!("refs/heads/{branch}"))?
            .map(|c| c.id())
            .ok_or_else(|| self.refusal(format!("its branch `{branch}` has no commit")))?;
        let rendered = self.repo.refname_to_id(RENDERED_REF).ok();
        let remote_rendered = match rendered {
            Some(_) => None,
            None => Some(self.remote_rendered()?),
        };
        let tip = rendered.or(remote_rendered).unwrap_or(head);
        self.require_pure_renders(tip, rendered.is_some())?;
        Ok(RefState {
            branch,
            head,
            rendered,
            remote_rendered,
        })
    }

    /// In the copy being updated: creates the local `sitepack/rendered` from the remote one
    /// that [`PackageRepo::preflight`] found, as `git switch` would for a fresh clone.
    pub fn adopt_rendered(&self, state: &RefState) -> Result<(), GitError> {
        let (None, Some(remote)) = (state.rendered, state.remote_rendered) else {
            return Ok(());
        };
        self.repo
            .reference(
                RENDERED_REF,
                remote,
                false,
                "sitepack: branch from the remote render",
            )
            .map_err(self.fail("create the render branch"))?;
        Ok(())
    }

    /// Refuses, with nothing changed, when the checked-out branch, its head, the local
    /// `sitepack/rendered` or the working tree differ from what `before` recorded: somebody
    /// committed (or edited) while sitepack worked on its copy.
    pub fn ensure_unmoved(&self, before: &RefState) -> Result<(), GitError> {
        let branch = self.checked_out_branch()?;
        let head = self
            .branch_head(&format!("refs/heads/{branch}"))?
            .map(|c| c.id());
        let rendered = self.repo.refname_to_id(RENDERED_REF).ok();
        let what = if branch != before.branch {
            format!("HEAD moved from `{}` to `{branch}`", before.branch)
        } else if head != Some(before.head) {
            let now = head.map_or("nothing".to_string(), short);
            format!("`{branch}` moved from {} to {now}", short(before.head))
        } else if rendered != before.rendered {
            format!("`{RENDERED_BRANCH}` moved")
        } else if self.has_uncommitted_changes()? {
            "its files changed".to_string()
        } else {
            return Ok(());
        };
        Err(GitError::Moved {
            path: self.path.clone(),
            what,
        })
    }

    /// The text of `.sitepack/lock.toml` at the head of `sitepack/rendered` (local, else a
    /// remote's): the lock sitepack itself last committed, which a pull request to the
    /// package cannot change. `None` when there is no render branch or it has no lock.
    pub fn rendered_lock(&self) -> Option<String> {
        let local = self.repo.refname_to_id(RENDERED_REF).ok();
        let tip = local.or_else(|| self.remote_rendered().ok())?;
        let tree = self.repo.find_commit(tip).ok()?.tree().ok()?;
        let entry = tree.get_path(Path::new(LOCK_PATH)).ok()?;
        let blob = self.repo.find_blob(entry.id()).ok()?;
        String::from_utf8(blob.content().to_vec()).ok()
    }

    /// The branch HEAD names; refuses a detached HEAD.
    pub(super) fn checked_out_branch(&self) -> Result<String, GitError> {
        let head = self
            .repo
            .find_reference("HEAD")
            .map_err(self.fail("read HEAD"))?;
        let target = head.symbolic_target().ok().flatten();
        match target.and_then(|t| t.strip_prefix("refs/heads/")) {
            Some(branch) => Ok(branch.to_string()),
            None => {
                let fix = if self.branch_head(MAIN_REF)?.is_some() {
                    format!("git switch {MAIN_BRANCH}")
                } else {
                    format!("git switch -c {MAIN_BRANCH}")
                };
                Err(self.refusal(format!(
                    "its HEAD is detached (not on a branch), so the render has no branch to \
                     merge into; run `{fix}` in it (or `git switch -c NAME` for a new branch), \
                     then run again"
                )))
            }
        }
    }

    /// A remote's `sitepack/rendered` (`origin` first), or a refusal saying how to get one.
    fn remote_rendered(&self) -> Result<Oid, GitError> {
        let mut found: Vec<(String, Oid)> = self
            .repo
            .references_glob("refs/remotes/*/sitepack/rendered")
            .map_err(self.fail("list the remote branches"))?
            .filter_map(Result::ok)
            .filter_map(|r| Some((r.name().ok()?.to_string(), r.target()?)))
            .collect();
        found.sort_by_key(|(name, _)| name != "refs/remotes/origin/sitepack/rendered");
        if let Some((_, oid)) = found.first() {
            return Ok(*oid);
        }
        let main = self.branch_head(MAIN_REF)?.map(|c| c.id());
        let fix = main
            .and_then(|m| self.last_pure_render(m))
            .map(|c| format!("run `git branch {RENDERED_BRANCH} {}` in it", short(c)));
        let fix = fix.unwrap_or_else(|| {
            format!("fetch it with `git fetch origin {RENDERED_BRANCH}:{RENDERED_BRANCH}`")
        });
        Err(self.refusal(format!(
            "it has no branch `{RENDERED_BRANCH}`, which holds the renders sitepack merges \
             from; without it every edited file would conflict. {fix}, then run again"
        )))
    }

    /// Refuses when `tip` (a `sitepack/rendered`) has a commit that is not a pure render:
    /// a merge anywhere in its history, or a head whose files differ from its own lock.
    fn require_pure_renders(&self, tip: Oid, local: bool) -> Result<(), GitError> {
        let why = match self.impurity(tip) {
            Ok(None) => return Ok(()),
            Ok(Some(why)) => why,
            Err(e) => return Err(self.fail("read the render branch")(e)),
        };
        let force = if local { "-f " } else { "" };
        let fix = match self.last_pure_render(tip) {
            Some(c) => format!(
                "point it back at the last pure render with `git branch {force}{RENDERED_BRANCH} {}` \
                 in it",
                short(c)
            ),
            None => "render into a new directory".to_string(),
        };
        Err(self.refusal(format!(
            "its branch `{RENDERED_BRANCH}` is not a branch of pure renders ({why}); merging \
             from it would revert people's commits. {fix}, then run again"
        )))
    }

    /// Why the history ending at `tip` is not a chain of pure renders, if it is not.
    fn impurity(&self, tip: Oid) -> Result<Option<String>, git2::Error> {
        let head = self.repo.find_commit(tip)?;
        if let Some(why) = not_a_render(&self.repo, &head)? {
            return Ok(Some(format!("{} {why}", short(tip))));
        }
        let mut commit = head;
        while let Some(parent) = commit.parents().next() {
            if parent.parent_count() > 1 {
                return Ok(Some(format!("{} is a merge", short(parent.id()))));
            }
            commit = parent;
        }
        Ok(None)
    }

    /// The newest commit reachable from `from` whose files are exactly its lock's and whose
    /// first-parent history has no merge.
    fn last_pure_render(&self, from: Oid) -> Option<Oid> {
        let mut walk = self.repo.revwalk().ok()?;
        walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::TIME)
            .ok()?;
        walk.push(from).ok()?;
        walk.take(SEARCH_LIMIT)
            .filter_map(Result::ok)
            .find(|&id| matches!(self.impurity(id), Ok(None)))
    }

    pub(super) fn refusal(&self, reason: String) -> GitError {
        GitError::Refused {
            path: self.path.clone(),
            reason,
        }
    }
}

/// Why `commit` is not a pure render, if it is not: more than one parent, or a tree that is
/// not exactly the files its `.sitepack/lock.toml` lists with their digests.
fn not_a_render(repo: &Repository, commit: &Commit<'_>) -> Result<Option<String>, git2::Error> {
    if commit.parent_count() > 1 {
        return Ok(Some("is a merge".into()));
    }
    let tree = commit.tree()?;
    let lock = tree
        .get_path(Path::new(LOCK_PATH))
        .ok()
        .and_then(|e| repo.find_blob(e.id()).ok())
        .and_then(|b| Lock::parse(std::str::from_utf8(b.content()).ok()?).ok());
    let Some(lock) = lock else {
        return Ok(Some(format!("has no valid {LOCK_PATH}")));
    };
    let mut files = Vec::new();
    tree.walk(TreeWalkMode::PreOrder, |dir, entry| {
        if entry.kind() == Some(ObjectType::Blob) {
            let name = entry.name().unwrap_or("");
            files.push((format!("{dir}{name}"), entry.id()));
        }
        TreeWalkResult::Ok
    })?;
    let mut listed = 0;
    for (path, id) in files.iter().filter(|(p, _)| p != LOCK_PATH) {
        let blob = repo.find_blob(*id)?;
        if lock.files.get(path) != Some(&sha256_hex(blob.content())) {
            return Ok(Some(format!("has {path}, which is not as rendered")));
        }
        listed += 1;
    }
    if listed != lock.files.len() {
        return Ok(Some("lacks files its lock lists".into()));
    }
    Ok(None)
}

fn short(id: Oid) -> String {
    id.to_string()[..12].to_string()
}
