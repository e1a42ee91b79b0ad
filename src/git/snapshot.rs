//! Reading playbooks out of a git repository at a ref, without a checkout.
//!
//! Local paths and `file://` URLs are opened with git2; other URLs are cloned
//! (bare) into a temporary directory with the `git` command, which knows the
//! user's credentials and proxies. Only `.toml` files are read.

use std::path::Path;
use std::process::Command;

use git2::{ObjectType, Repository, TreeWalkMode, TreeWalkResult};

/// The `.toml` files of a playbooks tree at one commit.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// The full commit id the ref resolved to.
    pub commit: String,
    /// `(path relative to the playbooks root, text)`, sorted by path.
    pub files: Vec<(String, String)>,
}

/// Why a playbooks repository could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    /// The repository could not be opened or cloned.
    #[error("cannot open the playbooks repository {repo}: {reason}")]
    Open { repo: String, reason: String },
    /// The ref does not name a commit.
    #[error("`{rev}` is not a commit in {repo}: {reason}")]
    Rev {
        repo: String,
        rev: String,
        reason: String,
    },
    /// A file is not UTF-8 text.
    #[error("{repo}@{rev}: {path} is not UTF-8 text")]
    NotText {
        repo: String,
        rev: String,
        path: String,
    },
}

/// True for URLs that need the `git` command rather than a local open.
fn is_remote(repo: &str) -> bool {
    !repo.starts_with("file://") && (repo.contains("://") || repo.starts_with("git@"))
}

/// Reads the playbooks at `rev` of `repo` (a path, `file://` URL or remote URL).
/// The playbooks root is `playbooks/` when the tree has one, else the tree root.
pub fn playbooks_at(repo: &str, rev: &str) -> Result<Snapshot, SnapshotError> {
    let open_err = |reason: String| SnapshotError::Open {
        repo: repo.to_string(),
        reason,
    };
    let clone_dir;
    let repository = if is_remote(repo) {
        clone_dir = tempfile::tempdir().map_err(|e| open_err(e.to_string()))?;
        clone(repo, clone_dir.path()).map_err(open_err)?;
        Repository::open_bare(clone_dir.path())
    } else {
        Repository::open(repo.strip_prefix("file://").unwrap_or(repo))
    }
    .map_err(|e| open_err(e.message().to_string()))?;
    let rev_err = |reason: String| SnapshotError::Rev {
        repo: repo.to_string(),
        rev: rev.to_string(),
        reason,
    };
    let commit = repository
        .revparse_single(rev)
        .and_then(|o| o.peel_to_commit())
        .map_err(|e| rev_err(e.message().to_string()))?;
    let tree = commit
        .tree()
        .map_err(|e| rev_err(e.message().to_string()))?;
    let prefix = if tree.get_name("playbooks").is_some() {
        "playbooks/"
    } else {
        ""
    };
    let mut files = Vec::new();
    let mut bad = None;
    let walked = tree.walk(TreeWalkMode::PreOrder, |dir, entry| {
        let path = format!("{dir}{}", entry.name().unwrap_or(""));
        let Some(rel) = path.strip_prefix(prefix) else {
            return TreeWalkResult::Ok;
        };
        if entry.kind() == Some(ObjectType::Blob) && rel.ends_with(".toml") {
            let blob = entry
                .to_object(&repository)
                .ok()
                .and_then(|o| o.into_blob().ok());
            match blob.map(|b| String::from_utf8(b.content().to_vec())) {
                Some(Ok(text)) => files.push((rel.to_string(), text)),
                _ => bad = Some(rel.to_string()),
            }
        }
        TreeWalkResult::Ok
    });
    walked.map_err(|e| rev_err(e.message().to_string()))?;
    if let Some(path) = bad {
        return Err(SnapshotError::NotText {
            repo: repo.to_string(),
            rev: rev.to_string(),
            path,
        });
    }
    files.sort();
    Ok(Snapshot {
        commit: commit.id().to_string(),
        files,
    })
}

fn clone(url: &str, into: &Path) -> Result<(), String> {
    let output = Command::new("git")
        .args(["clone", "--quiet", "--bare", "--", url])
        .arg(into)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).trim().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commit_files(dir: &Path, files: &[(&str, &str)], message: &str) -> String {
        let repo = Repository::open(dir).unwrap_or_else(|_| Repository::init(dir).unwrap());
        let mut index = repo.index().unwrap();
        for (path, text) in files {
            let full = dir.join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(&full, text).unwrap();
            index.add_path(Path::new(path)).unwrap();
        }
        index.write().unwrap();
        let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
        let sig = git2::Signature::new("t", "t@example.com", &git2::Time::new(0, 0)).unwrap();
        let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
        let parents: Vec<_> = parent.iter().collect();
        repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)
            .unwrap()
            .to_string()
    }

    #[test]
    fn reads_playbooks_at_a_ref_from_a_path_and_a_file_url() {
        let dir = tempfile::tempdir().unwrap();
        let first = commit_files(
            dir.path(),
            &[("playbooks/common/a.toml", "x = 1\n"), ("README.md", "hi")],
            "one",
        );
        commit_files(dir.path(), &[("playbooks/common/a.toml", "x = 2\n")], "two");
        let path = dir.path().to_str().unwrap();
        let old = playbooks_at(path, &first).unwrap();
        assert_eq!(old.commit, first);
        assert_eq!(
            old.files,
            vec![("common/a.toml".to_string(), "x = 1\n".to_string())]
        );
        let new = playbooks_at(&format!("file://{path}"), "HEAD").unwrap();
        assert_eq!(new.files[0].1, "x = 2\n");
    }

    #[test]
    fn a_bad_ref_or_repository_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        commit_files(dir.path(), &[("common/a.toml", "x = 1\n")], "one");
        let path = dir.path().to_str().unwrap();
        let err = playbooks_at(path, "no-such-ref").unwrap_err().to_string();
        assert!(err.contains("`no-such-ref` is not a commit"), "{err}");
        let err = playbooks_at("/nonexistent/repo", "HEAD")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("cannot open the playbooks repository"),
            "{err}"
        );
    }
}
