//! Bringing a render into `main`: create, fast-forward, or three-way merge.
//!
//! Part of [`crate::git`]; conflicts are left exactly as `git merge` leaves them (markers in
//! the working tree, an unmerged index, `MERGE_HEAD`) so plain git tools finish the job.

use git2::build::CheckoutBuilder;
use git2::{AnnotatedCommit, Index, MergeAnalysis, Oid};

use super::{CommitTime, GitError, PackageRepo, MAIN_REF, RENDERED_REF};

/// What [`PackageRepo::update_main`] did to `main`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MainUpdate {
    /// `main` did not exist and now points at the render.
    Created {
        /// The new head of `main` (hex).
        commit: String,
    },
    /// `main` already contains the render.
    UpToDate,
    /// `main` had no commits of its own and now points at the render.
    FastForwarded {
        /// The new head of `main` (hex).
        commit: String,
    },
    /// The render merged cleanly with people's commits; a merge commit was made.
    Merged {
        /// The merge commit (hex).
        commit: String,
    },
    /// The merge stopped with conflicts: markers in the working tree, an unmerged index
    /// and `MERGE_HEAD`, to finish with plain git.
    Conflicts {
        /// Conflicted paths, sorted.
        paths: Vec<String>,
    },
}

impl PackageRepo {
    /// Brings the head of [`RENDERED_BRANCH`](super::RENDERED_BRANCH) into the checked-out
    /// branch (`main`, or the branch of a pull request that edits `site.toml`): creates it,
    /// fast-forwards it, or merges with git's three-way merge. The working tree matches the
    /// branch afterwards unless the merge stopped with conflicts. Refuses a detached HEAD.
    pub fn update_main(&self, message: &str, when: CommitTime) -> Result<MainUpdate, GitError> {
        let rendered = self
            .repo
            .refname_to_id(RENDERED_REF)
            .map_err(self.fail("find the render"))?;
        let target = format!("refs/heads/{}", self.checked_out_branch()?);
        let Some(ours) = self.branch_head(&target)? else {
            return self.create_main(&target, rendered);
        };
        let ours = ours.id();
        let reference = self
            .repo
            .find_reference(RENDERED_REF)
            .map_err(self.fail("find the render"))?;
        let theirs = self
            .repo
            .reference_to_annotated_commit(&reference)
            .map_err(self.fail("read the render"))?;
        let (analysis, _) = self
            .repo
            .merge_analysis(&[&theirs])
            .map_err(self.fail("analyse the merge"))?;
        if analysis.contains(MergeAnalysis::ANALYSIS_UP_TO_DATE) {
            Ok(MainUpdate::UpToDate)
        } else if analysis.contains(MergeAnalysis::ANALYSIS_FASTFORWARD) {
            self.fast_forward(rendered)
        } else {
            self.merge_render(&theirs, (ours, rendered), message, when)
        }
    }

    fn create_main(&self, target: &str, rendered: Oid) -> Result<MainUpdate, GitError> {
        self.repo
            .reference(target, rendered, true, "sitepack: create main")
            .map_err(self.fail("create main"))?;
        self.repo
            .set_head(target)
            .map_err(self.fail("check out main"))?;
        self.repo
            .checkout_head(Some(CheckoutBuilder::new().force()))
            .map_err(self.fail("check out main"))?;
        Ok(MainUpdate::Created {
            commit: rendered.to_string(),
        })
    }

    fn fast_forward(&self, rendered: Oid) -> Result<MainUpdate, GitError> {
        let target = self
            .repo
            .find_object(rendered, None)
            .map_err(self.fail("read the render"))?;
        self.repo
            .checkout_tree(&target, Some(CheckoutBuilder::new().safe()))
            .map_err(self.fail("check out the render"))?;
        let head = self.repo.head().map_err(self.fail("read HEAD"))?;
        let target = head.name().unwrap_or(MAIN_REF).to_string();
        self.repo
            .reference(&target, rendered, true, "sitepack: fast-forward main")
            .map_err(self.fail("fast-forward main"))?;
        Ok(MainUpdate::FastForwarded {
            commit: rendered.to_string(),
        })
    }

    fn merge_render(
        &self,
        theirs: &AnnotatedCommit<'_>,
        (ours, rendered): (Oid, Oid),
        message: &str,
        when: CommitTime,
    ) -> Result<MainUpdate, GitError> {
        let mut checkout = CheckoutBuilder::new();
        checkout
            .safe()
            .allow_conflicts(true)
            .conflict_style_merge(true);
        self.repo
            .merge(&[theirs], None, Some(&mut checkout))
            .map_err(self.fail("merge the render into main"))?;
        let mut index = self.repo.index().map_err(self.fail("read the index"))?;
        if index.has_conflicts() {
            return Ok(MainUpdate::Conflicts {
                paths: conflicted_paths(&index),
            });
        }
        let tree_id = index
            .write_tree()
            .map_err(self.fail("write the merged tree"))?;
        let tree = self
            .repo
            .find_tree(tree_id)
            .map_err(self.fail("read the merged tree"))?;
        let ours = self
            .repo
            .find_commit(ours)
            .map_err(self.fail("read the branch head"))?;
        let theirs = self
            .repo
            .find_commit(rendered)
            .map_err(self.fail("read the render"))?;
        let sig = self.signature(when)?;
        let commit = self
            .repo
            .commit(Some("HEAD"), &sig, &sig, message, &tree, &[&ours, &theirs])
            .map_err(self.fail("commit the merge"))?;
        self.repo
            .cleanup_state()
            .map_err(self.fail("finish the merge"))?;
        Ok(MainUpdate::Merged {
            commit: commit.to_string(),
        })
    }
}

fn conflicted_paths(index: &Index) -> Vec<String> {
    let mut paths: Vec<String> = index
        .conflicts()
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|c| c.our.or(c.their).or(c.ancestor))
        .map(|entry| String::from_utf8_lossy(&entry.path).into_owned())
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

impl PackageRepo {
    /// Paths left in conflict because `main` deleted them and the render changed them
    /// (modify/delete conflicts), sorted.
    pub fn deleted_on_main(&self) -> Result<Vec<String>, GitError> {
        let index = self.repo.index().map_err(self.fail("read the index"))?;
        let mut paths: Vec<String> = index
            .conflicts()
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .filter(|c| c.our.is_none())
            .filter_map(|c| c.their)
            .map(|entry| String::from_utf8_lossy(&entry.path).into_owned())
            .collect();
        paths.sort();
        paths.dedup();
        Ok(paths)
    }
}
