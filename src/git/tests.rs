//! Tests of [`PackageRepo`] on its own; the end-to-end merge cases live in `package`.

use super::*;
use git2::Oid;

/// Tree id of the files in [`sample`], computed once with the real git binary
/// (`git add -A && git write-tree`); any machine must reproduce it.
const SAMPLE_TREE: &str = "6c3465a5f53959c288fb7dabdb8658c6212b94df";

fn sample() -> Files {
    let mut files = Files::new();
    files.insert("README.md", "hello\n");
    files.insert("src/a.md", "# A\n");
    files.insert(".sitepack/lock.toml", "format = 1\n");
    files
}

const AT: CommitTime = CommitTime {
    seconds: Some(1_700_000_000),
};

#[test]
fn a_new_repository_uses_the_built_in_template_not_the_systems() {
    let dir = tempfile::tempdir().unwrap();
    PackageRepo::init(dir.path()).unwrap();
    let hooks: Vec<String> = std::fs::read_dir(dir.path().join(".git/hooks"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        hooks,
        ["README.sample"],
        "no sample hook copied from git's templates"
    );
    let head = std::fs::read_to_string(dir.path().join(".git/HEAD")).unwrap();
    assert_eq!(head, "ref: refs/heads/main\n");
}

#[test]
fn same_files_give_the_same_tree_in_two_fresh_repos() {
    let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let a = PackageRepo::init(one.path())
        .unwrap()
        .commit_render(&sample(), "r", AT)
        .unwrap();
    let b = PackageRepo::init(two.path())
        .unwrap()
        .commit_render(&sample(), "r", AT)
        .unwrap();
    assert_eq!(a.tree, SAMPLE_TREE);
    assert_eq!(b.tree, SAMPLE_TREE);
    assert_eq!(
        a.commit, b.commit,
        "same time and identity give the same commit"
    );
}

#[test]
fn identical_render_commits_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let repo = PackageRepo::init(dir.path()).unwrap();
    let first = repo.commit_render(&sample(), "r1", AT).unwrap();
    let second = repo.commit_render(&sample(), "r2", AT).unwrap();
    assert!(first.changed);
    assert!(!second.changed);
    assert_eq!(first.commit, second.commit);
}

#[test]
fn new_repo_gets_main_checked_out_at_the_render() {
    let dir = tempfile::tempdir().unwrap();
    let repo = PackageRepo::init(dir.path()).unwrap();
    let render = repo.commit_render(&sample(), "r", AT).unwrap();
    let update = repo.update_main("m", AT).unwrap();
    assert_eq!(
        update,
        MainUpdate::Created {
            commit: render.commit.clone()
        }
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("src/a.md")).unwrap(),
        "# A\n"
    );
    assert!(!repo.has_uncommitted_changes().unwrap());
    assert_eq!(repo.repo.head().unwrap().name().ok(), Some(MAIN_REF));
    assert_eq!(repo.update_main("m", AT).unwrap(), MainUpdate::UpToDate);
}

#[test]
fn commit_time_is_the_one_given() {
    let dir = tempfile::tempdir().unwrap();
    let repo = PackageRepo::init(dir.path()).unwrap();
    let render = repo.commit_render(&sample(), "r", AT).unwrap();
    let commit = repo
        .repo
        .find_commit(Oid::from_str(&render.commit).unwrap())
        .unwrap();
    assert_eq!(commit.time().seconds(), 1_700_000_000);
    assert_eq!(commit.time().offset_minutes(), 0);
}

#[test]
fn uncommitted_changes_are_seen() {
    let dir = tempfile::tempdir().unwrap();
    let repo = PackageRepo::init(dir.path()).unwrap();
    repo.commit_render(&sample(), "r", AT).unwrap();
    repo.update_main("m", AT).unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    assert!(repo.has_uncommitted_changes().unwrap(), "untracked");
    std::fs::remove_file(dir.path().join("notes.txt")).unwrap();
    std::fs::write(dir.path().join("README.md"), "edited").unwrap();
    assert!(repo.has_uncommitted_changes().unwrap(), "modified");
}

#[test]
fn identity_falls_back_when_unconfigured() {
    let fallback = ("sitepack".to_string(), "sitepack@localhost".to_string());
    assert_eq!(choose_identity(None), fallback);
    assert_eq!(choose_identity(Some((" ".into(), "a@b".into()))), fallback);
    let mine = ("Ada".to_string(), "ada@example.org".to_string());
    assert_eq!(choose_identity(Some(mine.clone())), mine);
}

#[test]
fn a_path_that_is_file_and_directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let repo = PackageRepo::init(dir.path()).unwrap();
    let mut files = sample();
    files.insert("src", "oops");
    let err = repo.commit_render(&files, "r", AT).unwrap_err();
    assert!(
        matches!(err, GitError::FileAndDirectory { ref path } if path == "src"),
        "{err}"
    );
}

#[test]
fn source_date_epoch_is_used_only_when_valid() {
    assert_eq!(CommitTime::from_epoch(Some("1700000000")), AT);
    assert_eq!(CommitTime::from_epoch(Some(" 12 ")).seconds, Some(12));
    assert_eq!(CommitTime::from_epoch(Some("yesterday")).seconds, None);
    assert_eq!(CommitTime::from_epoch(None).seconds, None);
}

#[test]
fn pages_on_main_are_committed_only_when_they_change_main() {
    let dir = tempfile::tempdir().unwrap();
    let repo = PackageRepo::init(dir.path()).unwrap();
    let render = repo.commit_render(&sample(), "r", AT).unwrap();
    repo.update_main("m", AT).unwrap();
    let mut pages = Files::new();
    pages.insert("src/status.md", "# Status\n");
    let cases: [(&str, bool); 3] = [
        ("# Status\n", true),
        ("# Status\n", false),
        ("# Later\n", true),
    ];
    for (text, commits) in cases {
        pages.insert("src/status.md", text);
        let made = repo.commit_on_main(&pages, "s", AT).unwrap();
        assert_eq!(made.is_some(), commits, "{text:?}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("src/status.md")).unwrap(),
            text
        );
        assert!(!repo.has_uncommitted_changes().unwrap(), "{text:?}");
    }
    assert_eq!(
        repo.branch_head(RENDERED_REF)
            .unwrap()
            .unwrap()
            .id()
            .to_string(),
        render.commit,
        "the render branch never holds the page"
    );
    assert_eq!(repo.commit_on_main(&Files::new(), "s", AT).unwrap(), None);
}

/// Runs the git CLI in `dir` without any user or system config; its stdout, or a panic
/// with its stderr.
pub(super) fn git_ok(dir: &std::path::Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("git runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "git {args:?}: {text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

#[test]
fn first_render_equals_the_general_path() {
    let mut pages = Files::new();
    pages.insert("STATUS.md", "# Status\n");
    pages.insert("README.md", "hello from main\n");
    let messages = Messages {
        render: "r\n\nbody",
        status: "status",
    };
    for pages in [pages, Files::new()] {
        let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let general = PackageRepo::init(one.path()).unwrap();
        let render = general
            .commit_render(&sample(), messages.render, AT)
            .unwrap();
        general.update_main("merge", AT).unwrap();
        general.commit_on_main(&pages, messages.status, AT).unwrap();
        let (first, made) =
            PackageRepo::create_first(two.path(), &sample(), &pages, &messages, AT).unwrap();
        assert_eq!(made.render, render.commit);
        assert_eq!(made.tree, SAMPLE_TREE);
        assert_eq!(Some(made.main.clone()), general.head_commit().unwrap());
        assert_eq!(first.main_head().unwrap(), Some(made.main));
        assert!(
            !first.has_uncommitted_changes().unwrap(),
            "a clean checkout"
        );
        for dir in [one.path(), two.path()] {
            git_ok(dir, &["fsck", "--full", "--strict", "--no-progress"]);
        }
        let listing = |dir| git_ok(dir, &["for-each-ref", "--format=%(refname) %(objectname)"]);
        assert_eq!(listing(one.path()), listing(two.path()));
        assert_eq!(
            git_ok(two.path(), &["symbolic-ref", "HEAD"]).trim(),
            "refs/heads/main"
        );
        assert_eq!(git_ok(two.path(), &["status", "--porcelain"]), "");
        let idx = std::fs::read_dir(two.path().join(".git/objects/pack"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|x| x == "idx"))
            .expect("one pack");
        let verify = git_ok(two.path(), &["verify-pack", "-v", idx.to_str().unwrap()]);
        assert!(
            verify.contains("non delta:") && !verify.contains("chain length"),
            "{verify}"
        );
        for (path, bytes) in sample().iter().chain(pages.iter()) {
            let on_disk = std::fs::read(two.path().join(path)).unwrap();
            let expected = pages.get(path).unwrap_or(bytes);
            assert_eq!(on_disk, expected, "{path}");
        }
    }
}

#[test]
fn a_first_render_with_a_path_both_file_and_directory_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let mut pages = Files::new();
    pages.insert("README.md/x", "clash\n");
    let messages = Messages {
        render: "r",
        status: "s",
    };
    let made = PackageRepo::create_first(tmp.path(), &sample(), &pages, &messages, AT);
    assert!(
        matches!(made, Err(GitError::FileAndDirectory { ref path }) if path == "README.md"),
        "{:?}",
        made.err()
    );
}
