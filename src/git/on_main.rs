//! Pages generated on `main` (the status page): committed on the checked-out branch after a
//! render is merged, never on `sitepack/rendered`.
//!
//! Part of [`crate::git`]. The commit is made only when the pages change the branch's tree,
//! so an update that brings nothing new leaves `main` as it was.

use git2::build::{CheckoutBuilder, TreeUpdateBuilder};
use git2::FileMode;

use super::{CommitTime, GitError, PackageRepo};
use crate::files::Files;

impl PackageRepo {
    /// Writes `pages` over the head of the checked-out branch and commits them with
    /// `message`, when that changes its tree; the working tree and index follow. Returns
    /// the new commit (hex), or `None` when the branch already held these bytes. Call it
    /// only after a merge that finished without conflicts.
    pub fn commit_on_main(
        &self,
        pages: &Files,
        message: &str,
        when: CommitTime,
    ) -> Result<Option<String>, GitError> {
        if pages.is_empty() {
            return Ok(None);
        }
        let head = self.repo.head().and_then(|h| h.peel_to_commit());
        let head = head.map_err(self.fail("read the branch head"))?;
        let tree = head.tree().map_err(self.fail("read the branch tree"))?;
        let mut update = TreeUpdateBuilder::new();
        for (path, bytes) in pages.iter() {
            let blob = self.repo.blob(bytes).map_err(self.fail("write a page"))?;
            update.upsert(path, blob, FileMode::Blob);
        }
        let next = update
            .create_updated(&self.repo, &tree)
            .map_err(self.fail("write the status tree"))?;
        if next == tree.id() {
            return Ok(None);
        }
        let next = self
            .repo
            .find_tree(next)
            .map_err(self.fail("read the status tree"))?;
        self.repo
            .checkout_tree(next.as_object(), Some(CheckoutBuilder::new().safe()))
            .map_err(self.fail("check out the status page"))?;
        let sig = self.signature(when)?;
        let commit = self
            .repo
            .commit(Some("HEAD"), &sig, &sig, message, &next, &[&head])
            .map_err(self.fail("commit the status page"))?;
        Ok(Some(commit.to_string()))
    }
}
