//! End-to-end tests of [`write()`]: refusals, atomicity, re-renders and merges into `main`.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;

use super::*;
use crate::git::PackageRepo;
use crate::lock::{seal, sha256_hex, LockInputs, LockedPlaybook};

const README: &str = "# Plant A\n\nintro\n\nstatus: draft\n";
const GUIDE: &str = "# Guide\n\nstep one\n";

fn render(readme: &str, guide: &str) -> Files {
    let mut files = Files::new();
    files.insert("README.md", readme);
    files.insert("src/guide.md", guide);
    let playbook = LockedPlaybook {
        id: "pm".into(),
        version: "1".into(),
        digest: sha256_hex(b"pb"),
        source: None,
        stack: None,
        layers: Vec::new(),
    };
    let inputs = LockInputs {
        tool_version: "0.1.0".into(),
        site_id: "plant-a".into(),
        use_case: "pm".into(),
        profile_digest: sha256_hex(readme.as_bytes()),
        as_of: "2026-01-15".into(),
        playbook,
        playbook_source: None,
    };
    seal(&mut files, inputs);
    files
}

fn options(git: bool) -> WriteOptions {
    let time = CommitTime {
        seconds: Some(1_700_000_000),
    };
    WriteOptions {
        git,
        message: "sitepack render".into(),
        time,
        on_main: Files::new(),
    }
}

/// Every file under `dir`, `.git` included, to compare before and after.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, fs::read(e.path()).unwrap())
        })
        .collect()
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn read(dir: &Path, path: &str) -> String {
    fs::read_to_string(dir.join(path)).unwrap()
}

/// `git ARGS` in `dir`, or `None` when no git binary is installed.
fn git_cli(dir: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .ok()?;
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// A git package at `<tmp>/pkg` holding the first render.
fn package() -> (tempfile::TempDir, std::path::PathBuf, WriteReport) {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("pkg");
    let report = write(&dir, &render(README, GUIDE), &options(true)).unwrap();
    (root, dir, report)
}

fn human_edit(dir: &Path, path: &str, from: &str, to: &str) {
    let text = read(dir, path).replace(from, to);
    fs::write(dir.join(path), text).unwrap();
    PackageRepo::open(dir)
        .unwrap()
        .commit_worktree("my edit")
        .unwrap();
}

#[test]
fn new_directory_gets_a_clean_git_package() {
    let (root, dir, report) = package();
    assert!(report.changed);
    assert_eq!(report.files_written, 3);
    assert!(report.conflicts.is_empty());
    assert_eq!(read(&dir, "src/guide.md"), GUIDE);
    assert!(matches!(inspect(&dir).unwrap(), Existing::Package(_)));
    let repo = PackageRepo::open(&dir).unwrap();
    assert!(!repo.has_uncommitted_changes().unwrap());
    assert_eq!(repo.main_head().unwrap(), report.commit);
    assert_eq!(
        names_in(root.path()),
        ["pkg"],
        "no staging or lock file left behind"
    );
    if let Some(head) = git_cli(&dir, &["symbolic-ref", "HEAD"]) {
        assert_eq!(head.trim(), "refs/heads/main");
    }
}

#[test]
fn existing_empty_directory_is_used() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("pkg");
    fs::create_dir(&dir).unwrap();
    assert_eq!(inspect(&dir).unwrap(), Existing::Empty);
    let report = write(&dir, &render(README, GUIDE), &options(true)).unwrap();
    assert!(report.changed);
    assert_eq!(read(&dir, "README.md"), README);
    assert_eq!(names_in(root.path()), ["pkg"]);
}

#[test]
fn non_empty_directory_that_is_not_a_package_is_refused_and_untouched() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("pkg");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join("thesis.md"), "years of work").unwrap();
    let before = snapshot(&dir);
    let err = write(&dir, &render(README, GUIDE), &options(true)).unwrap_err();
    assert!(err.is_refusal(), "{err}");
    assert!(err.to_string().contains("not a sitepack package"), "{err}");
    assert_eq!(snapshot(&dir), before);
    assert_eq!(names_in(root.path()), ["pkg"]);
}

#[test]
fn package_with_uncommitted_changes_is_refused_and_untouched() {
    let (_root, dir, _) = package();
    fs::write(dir.join("README.md"), "my edit, not committed").unwrap();
    let before = snapshot(&dir);
    let err = write(&dir, &render(README, "new guide\n"), &options(true)).unwrap_err();
    assert!(err.is_refusal(), "{err}");
    assert!(err.to_string().contains("commit or stash"), "{err}");
    assert_eq!(snapshot(&dir), before);
}

#[test]
fn identical_render_changes_nothing() {
    let (_root, dir, first) = package();
    let before = snapshot(&dir);
    let again = write(&dir, &render(README, GUIDE), &options(true)).unwrap();
    assert!(!again.changed);
    assert_eq!(again.files_written, 0);
    assert_eq!(again.commit, first.commit);
    assert_eq!(snapshot(&dir), before);
}

#[test]
fn changed_render_fast_forwards_main() {
    let (_root, dir, first) = package();
    let report = write(
        &dir,
        &render(README, "# Guide\n\nstep two\n"),
        &options(true),
    )
    .unwrap();
    assert!(report.changed);
    assert_ne!(report.commit, first.commit);
    assert_eq!(read(&dir, "src/guide.md"), "# Guide\n\nstep two\n");
    let repo = PackageRepo::open(&dir).unwrap();
    assert!(!repo.has_uncommitted_changes().unwrap());
    if let Some(log) = git_cli(&dir, &["log", "--format=%ct %s", "main"]) {
        assert_eq!(
            log, "1700000000 sitepack render\n1700000000 sitepack render\n",
            "fast-forward, no merge"
        );
    }
}

#[test]
fn human_commit_and_new_render_merge_cleanly() {
    let (_root, dir, _) = package();
    human_edit(&dir, "README.md", "intro", "intro, with our plant's notes");
    let report = write(
        &dir,
        &render(README, "# Guide\n\nstep two\n"),
        &options(true),
    )
    .unwrap();
    assert!(report.changed);
    assert!(report.conflicts.is_empty());
    assert!(
        read(&dir, "README.md").contains("our plant's notes"),
        "the person's edit stays"
    );
    assert_eq!(
        read(&dir, "src/guide.md"),
        "# Guide\n\nstep two\n",
        "the render arrives"
    );
    assert!(!PackageRepo::open(&dir)
        .unwrap()
        .has_uncommitted_changes()
        .unwrap());
    if let Some(parents) = git_cli(&dir, &["log", "-1", "--format=%p", "main"]) {
        assert_eq!(parents.split_whitespace().count(), 2, "a merge commit");
    }
    if let Some(status) = git_cli(&dir, &["status", "--porcelain"]) {
        assert_eq!(status, "", "git agrees the working tree matches main");
    }
}

#[test]
fn conflicting_edit_leaves_markers_and_an_unmerged_index() {
    let (_root, dir, _) = package();
    human_edit(
        &dir,
        "README.md",
        "status: draft",
        "status: approved by Ada",
    );
    let report = write(
        &dir,
        &render(&README.replace("draft", "review"), GUIDE),
        &options(true),
    )
    .unwrap();
    assert!(report.changed);
    assert_eq!(report.conflicts, ["README.md"]);
    let readme = read(&dir, "README.md");
    assert!(
        readme.contains("<<<<<<<") && readme.contains("approved by Ada"),
        "{readme}"
    );
    assert!(dir.join(".git/MERGE_HEAD").exists());
    if let Some(status) = git_cli(&dir, &["status", "--porcelain"]) {
        assert!(status.contains("UU README.md"), "{status}");
    }
    let err = write(&dir, &render(README, GUIDE), &options(true)).unwrap_err();
    assert!(err.is_refusal(), "an unfinished merge is refused: {err}");
}

#[test]
fn same_files_give_the_same_tree_and_commit_in_two_directories() {
    let (_a, _, one) = package();
    let (_b, _, two) = package();
    assert!(one.tree.is_some());
    assert_eq!(one.tree, two.tree);
    assert_eq!(one.commit, two.commit);
}

#[test]
fn failure_half_way_leaves_the_package_as_it_was() {
    let (root, dir, _) = package();
    let before = snapshot(&dir);
    let mut broken = render(README, GUIDE);
    broken.insert("src", "a file where a directory must be");
    assert!(write(&dir, &broken, &options(true)).is_err());
    assert_eq!(snapshot(&dir), before);
    assert_eq!(names_in(root.path()), ["pkg"]);
}

#[test]
fn failure_in_a_new_directory_creates_nothing() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("pkg");
    let mut broken = render(README, GUIDE);
    broken.insert("src", "a file where a directory must be");
    assert!(write(&dir, &broken, &options(false)).is_err());
    assert!(names_in(root.path()).is_empty());
}

#[test]
fn a_second_run_is_refused_while_another_holds_the_lock() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("pkg");
    let held = super::claim::DirLock::acquire(&dir).unwrap();
    let err = write(&dir, &render(README, GUIDE), &options(true)).unwrap_err();
    assert!(err.is_refusal());
    assert!(err.to_string().contains(".pkg.sitepack-lock"), "{err}");
    assert!(!dir.exists());
    drop(held);
    assert!(write(&dir, &render(README, GUIDE), &options(true)).is_ok());
}

#[test]
fn a_lock_file_left_by_a_killed_run_does_not_block() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("pkg");
    fs::write(root.path().join(".pkg.sitepack-lock"), "123\n").unwrap();
    assert!(write(&dir, &render(README, GUIDE), &options(true)).is_ok());
    assert!(!root.path().join(".pkg.sitepack-lock").exists());
}

#[test]
fn plain_package_is_written_replaced_and_protected() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("pkg");
    assert!(
        write(&dir, &render(README, GUIDE), &options(false))
            .unwrap()
            .changed
    );
    assert!(!dir.join(".git").exists());
    assert!(
        !write(&dir, &render(README, GUIDE), &options(false))
            .unwrap()
            .changed
    );
    let report = write(&dir, &render(README, "new\n"), &options(false)).unwrap();
    assert!(report.changed && report.commit.is_none());
    assert_eq!(read(&dir, "src/guide.md"), "new\n");
    fs::write(dir.join("src/guide.md"), "my edit").unwrap();
    let err = write(&dir, &render(README, GUIDE), &options(false)).unwrap_err();
    assert!(
        err.is_refusal() && err.to_string().contains("edited"),
        "{err}"
    );
    assert_eq!(read(&dir, "src/guide.md"), "my edit");
    let err = write(&dir, &render(README, GUIDE), &options(true)).unwrap_err();
    assert!(
        err.is_refusal() && err.to_string().contains("--no-git"),
        "{err}"
    );
}

#[test]
fn git_package_refuses_no_git() {
    let (_root, dir, _) = package();
    let err = write(&dir, &render(README, GUIDE), &options(false)).unwrap_err();
    assert!(err.is_refusal(), "{err}");
}

#[test]
fn package_with_another_branch_checked_out_merges_into_that_branch() {
    let (_root, dir, _) = package();
    if git_cli(&dir, &["switch", "-q", "-c", "experiment"]).is_none() {
        return; // no git binary to switch branches with
    }
    let main = git_cli(&dir, &["rev-parse", "main"]);
    let report = write(&dir, &render(README, "new\n"), &options(true)).unwrap();
    assert_eq!(read(&dir, "src/guide.md"), "new\n");
    let head = git_cli(&dir, &["rev-parse", "experiment"]).map(|s| s.trim().to_string());
    assert_eq!(head, report.commit);
    assert_eq!(
        git_cli(&dir, &["rev-parse", "main"]),
        main,
        "main untouched"
    );
}

#[test]
fn package_with_a_detached_head_is_refused_and_untouched() {
    let (_root, dir, _) = package();
    if git_cli(&dir, &["switch", "-q", "--detach"]).is_none() {
        return; // no git binary to detach HEAD with
    }
    let before = snapshot(&dir);
    let err = write(&dir, &render(README, "new\n"), &options(true)).unwrap_err();
    assert!(err.is_refusal(), "{err}");
    assert!(err.to_string().contains("git switch main"), "{err}");
    assert_eq!(snapshot(&dir), before);
}

#[test]
fn plain_package_keeps_progress_across_renders() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("pkg");
    write(&dir, &render(README, GUIDE), &options(false)).unwrap();
    let progress = "[items.a]\nstatus = \"done\"\n";
    fs::write(dir.join("progress.toml"), progress).unwrap();
    assert!(
        !write(&dir, &render(README, GUIDE), &options(false))
            .unwrap()
            .changed
    );
    let report = write(&dir, &render(README, "new\n"), &options(false)).unwrap();
    assert!(report.changed);
    assert_eq!(read(&dir, "src/guide.md"), "new\n");
    assert_eq!(read(&dir, "progress.toml"), progress);
}
