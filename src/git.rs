//! [`PackageRepo`]: the package's git repository, behind domain verbs.
//!
//! The only module that imports `git2`. The pure render is committed on its own branch,
//! [`RENDERED_BRANCH`], with a tree built in memory from [`Files`] so the same files give the
//! same tree id on any machine; people edit [`MAIN_BRANCH`], and [`PackageRepo::update_main`]
//! brings a new render into it with git's own three-way merge. This module knows nothing
//! about temporary directories or atomic swaps: that is `package`'s job.

use std::path::{Path, PathBuf};

use git2::{
    BranchType, Commit, Repository, RepositoryInitOptions, RepositoryState, Signature,
    StatusOptions, Time,
};

use crate::files::Files;

mod first;
mod merge;
mod objects;
mod on_main;
mod pack;
mod packfile;
mod refs;
pub mod snapshot;
mod transfer;

pub use first::{FirstRender, Messages};
pub use merge::MainUpdate;
pub use refs::RefState;
pub use transfer::{git_files, GitFiles, RefMove};

/// The branch that holds only pure renders, one commit per render that changed something.
pub const RENDERED_BRANCH: &str = "sitepack/rendered";
/// The branch people edit; renders are merged into it.
pub const MAIN_BRANCH: &str = "main";
/// Author and committer used when `user.name` or `user.email` is not configured.
pub const FALLBACK_IDENTITY: (&str, &str) = ("sitepack", "sitepack@localhost");

const RENDERED_REF: &str = "refs/heads/sitepack/rendered";
const MAIN_REF: &str = "refs/heads/main";

/// A git operation that failed.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    /// libgit2 reported an error.
    #[error("git could not {action} in {}: {source}", path.display())]
    Git {
        /// What we were doing, e.g. "commit the render".
        action: &'static str,
        /// The repository's working directory.
        path: PathBuf,
        /// libgit2's error.
        #[source]
        source: git2::Error,
    },
    /// A rendered path is both a file and a directory: a renderer bug.
    #[error("the render has {path} both as a file and as a directory; this is a sitepack bug")]
    FileAndDirectory {
        /// The path that is both.
        path: String,
    },
    /// The repository is in a state where a render cannot be merged without losing or
    /// reverting a commit; the reason names the git command that fixes it.
    #[error("refusing to update {}: {reason}", path.display())]
    Refused {
        /// The repository's working directory.
        path: PathBuf,
        /// What is wrong, and the command that fixes it.
        reason: String,
    },
    /// Somebody committed or edited while sitepack was updating its copy of the package.
    #[error(
        "{} changed while sitepack was updating it ({what}); nothing was changed, run the \
         command again",
        path.display()
    )]
    Moved {
        /// The repository's working directory.
        path: PathBuf,
        /// What moved.
        what: String,
    },
    /// `.git` exists but cannot be opened: broken, or owned by another user.
    #[error("{} has a .git that git cannot open: {source}{}", path.display(), unreadable_hint(source, path))]
    Unreadable {
        /// The repository's working directory.
        path: PathBuf,
        /// libgit2's error.
        #[source]
        source: git2::Error,
    },
}

impl GitError {
    /// True when the repository's state is the problem (exit 2), not the environment.
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            GitError::Refused { .. } | GitError::Moved { .. } | GitError::Unreadable { .. }
        )
    }
}

fn unreadable_hint(source: &git2::Error, path: &Path) -> String {
    if source.code() == git2::ErrorCode::Owner {
        format!(
            "; it is owned by another user. If you trust it, run \
             `git config --global --add safe.directory {}`, then run again",
            path.display()
        )
    } else {
        "; repair it (`git status` in it shows the problem), then run again. sitepack does \
         not treat it as a --no-git package"
            .to_string()
    }
}

/// The result of [`PackageRepo::commit_render`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderCommit {
    /// Head of [`RENDERED_BRANCH`] after the call (hex).
    pub commit: String,
    /// The render's tree id (hex).
    pub tree: String,
    /// False when the tree equalled the previous render's, so nothing was committed.
    pub changed: bool,
}

/// When and as whom to commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CommitTime {
    /// Seconds since the epoch (UTC), or `None` for now.
    pub seconds: Option<i64>,
}

impl CommitTime {
    /// The commit time from `SOURCE_DATE_EPOCH` when it is set and a valid integer, else now.
    pub fn from_env() -> CommitTime {
        CommitTime::from_epoch(std::env::var("SOURCE_DATE_EPOCH").ok().as_deref())
    }

    /// The commit time for a `SOURCE_DATE_EPOCH` value: its seconds when it is an integer,
    /// else now.
    pub fn from_epoch(value: Option<&str>) -> CommitTime {
        let seconds = value.and_then(|v| v.trim().parse::<i64>().ok());
        CommitTime { seconds }
    }
}

/// A sitepack package's git repository.
pub struct PackageRepo {
    repo: Repository,
    path: PathBuf,
}

impl PackageRepo {
    /// Creates a repository in `dir` whose unborn HEAD is `main`.
    pub fn init(dir: &Path) -> Result<PackageRepo, GitError> {
        let mut opts = RepositoryInitOptions::new();
        // libgit2's built-in template (a description, info/exclude and one hooks README), not
        // the system's or `init.templatedir`'s: the same .git on every machine, and 12 fewer
        // files (the sample hooks) to create per package.
        opts.initial_head(MAIN_BRANCH).external_template(false);
        let repo = Repository::init_opts(dir, &opts).map_err(fail("init a repository", dir))?;
        Ok(PackageRepo {
            repo,
            path: dir.to_path_buf(),
        })
    }

    /// Opens the repository whose working directory is `dir`; never searches parent directories.
    pub fn open(dir: &Path) -> Result<PackageRepo, GitError> {
        let repo = Repository::open(dir).map_err(fail("open the repository", dir))?;
        Ok(PackageRepo {
            repo,
            path: dir.to_path_buf(),
        })
    }

    /// Whether `dir` is the working directory of a git repository: false when it has no
    /// `.git`, an error when it has one that cannot be opened (a broken config, another
    /// user's repository), so such a package is never mistaken for a `--no-git` one.
    pub fn detect(dir: &Path) -> Result<bool, GitError> {
        if std::fs::symlink_metadata(dir.join(".git")).is_err() {
            return Ok(false);
        }
        match Repository::open(dir) {
            Ok(_) => Ok(true),
            Err(source) => Err(GitError::Unreadable {
                path: dir.to_path_buf(),
                source,
            }),
        }
    }

    /// True when a merge or similar is in progress, or any file is modified, staged, or
    /// untracked and not ignored.
    pub fn has_uncommitted_changes(&self) -> Result<bool, GitError> {
        if self.repo.state() != RepositoryState::Clean {
            return Ok(true);
        }
        let mut opts = StatusOptions::new();
        opts.include_untracked(true)
            .recurse_untracked_dirs(true)
            .include_ignored(false)
            .exclude_submodules(true);
        let statuses = self
            .repo
            .statuses(Some(&mut opts))
            .map_err(self.fail("read the status"))?;
        Ok(!statuses.is_empty())
    }

    /// Commits `files` as the next pure render on [`RENDERED_BRANCH`], only when its tree
    /// differs from the previous render's.
    pub fn commit_render(
        &self,
        files: &Files,
        message: &str,
        when: CommitTime,
    ) -> Result<RenderCommit, GitError> {
        if let Some(path) = file_and_directory(files) {
            return Err(GitError::FileAndDirectory { path });
        }
        let parent = self.branch_head(RENDERED_REF)?;
        let sig = self.signature(when)?;
        let parent_id = parent.as_ref().map(Commit::id);
        let (tree, commit) =
            objects::write_render(&self.repo, files, parent.as_ref(), &sig, message)
                .map_err(self.fail("write the render"))?;
        let Some(commit) = commit else {
            let commit = parent_id.map(|c| c.to_string()).unwrap_or_default();
            return Ok(RenderCommit {
                commit,
                tree: tree.to_string(),
                changed: false,
            });
        };
        let odb = self
            .repo
            .odb()
            .map_err(self.fail("open the object database"))?;
        pack::bound_packs(self.repo.path()).map_err(self.fail("merge the packs"))?;
        odb.refresh().map_err(self.fail("read the render pack"))?;
        let log = format!("commit: {}", message.lines().next().unwrap_or(""));
        self.repo
            .reference(RENDERED_REF, commit, true, &log)
            .map_err(self.fail("move the render branch"))?;
        Ok(RenderCommit {
            commit: commit.to_string(),
            tree: tree.to_string(),
            changed: true,
        })
    }

    /// The current head of `main` (hex), if `main` exists.
    pub fn main_head(&self) -> Result<Option<String>, GitError> {
        Ok(self.branch_head(MAIN_REF)?.map(|c| c.id().to_string()))
    }

    /// The head of the checked-out branch (hex), if it has a commit.
    pub fn head_commit(&self) -> Result<Option<String>, GitError> {
        let head = self.repo.head().and_then(|h| h.peel_to_commit());
        Ok(head.ok().map(|c| c.id().to_string()))
    }

    /// Commits the whole working tree on the current branch, as a person would.
    #[cfg(test)]
    pub(crate) fn commit_worktree(&self, message: &str) -> Result<String, GitError> {
        let mut index = self.repo.index().map_err(self.fail("read the index"))?;
        index
            .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
            .map_err(self.fail("stage the working tree"))?;
        index.write().map_err(self.fail("write the index"))?;
        let tree_id = index.write_tree().map_err(self.fail("write the tree"))?;
        let tree = self
            .repo
            .find_tree(tree_id)
            .map_err(self.fail("read the tree"))?;
        let head = self.repo.head().and_then(|h| h.peel_to_commit());
        let head = head.map_err(self.fail("read HEAD"))?;
        let sig = Signature::new("Ada", "ada@example.org", &Time::new(1_700_000_100, 0));
        let sig = sig.map_err(self.fail("make a signature"))?;
        let commit = self
            .repo
            .commit(Some("HEAD"), &sig, &sig, message, &tree, &[&head]);
        Ok(commit.map_err(self.fail("commit"))?.to_string())
    }

    fn branch_head(&self, refname: &str) -> Result<Option<Commit<'_>>, GitError> {
        let name = refname.trim_start_matches("refs/heads/");
        match self.repo.find_branch(name, BranchType::Local) {
            Ok(branch) => {
                let commit = branch
                    .get()
                    .peel_to_commit()
                    .map_err(self.fail("read a branch"))?;
                Ok(Some(commit))
            }
            Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
            Err(e) => Err(self.fail("read a branch")(e)),
        }
    }

    fn signature(&self, when: CommitTime) -> Result<Signature<'static>, GitError> {
        let config = self
            .repo
            .config()
            .map_err(self.fail("read the git config"))?;
        let configured = config
            .get_string("user.name")
            .ok()
            .zip(config.get_string("user.email").ok());
        let (name, email) = choose_identity(configured);
        let result = match when.seconds {
            Some(seconds) => Signature::new(&name, &email, &Time::new(seconds, 0)),
            None => Signature::now(&name, &email),
        };
        result.map_err(self.fail("make a commit signature"))
    }

    fn fail(&self, action: &'static str) -> impl Fn(git2::Error) -> GitError + '_ {
        move |source| GitError::Git {
            action,
            path: self.path.clone(),
            source,
        }
    }
}

/// The configured `(user.name, user.email)` when both are set and non-empty, else
/// [`FALLBACK_IDENTITY`].
pub fn choose_identity(configured: Option<(String, String)>) -> (String, String) {
    match configured {
        Some((name, email)) if !name.trim().is_empty() && !email.trim().is_empty() => (name, email),
        _ => (
            FALLBACK_IDENTITY.0.to_string(),
            FALLBACK_IDENTITY.1.to_string(),
        ),
    }
}

fn fail<'a>(action: &'static str, dir: &'a Path) -> impl Fn(git2::Error) -> GitError + 'a {
    move |source| GitError::Git {
        action,
        path: dir.to_path_buf(),
        source,
    }
}

/// A path that is a file and also the parent directory of another file, if any.
fn file_and_directory(files: &Files) -> Option<String> {
    files.iter().find_map(|(path, _)| {
        let mut prefixes = path.match_indices('/').map(|(at, _)| &path[..at]);
        prefixes
            .find(|prefix| files.get(prefix).is_some())
            .map(str::to_string)
    })
}

#[cfg(test)]
mod tests;
