//! People's commits are never lost: `update` against a commit landing mid-run, a deleted,
//! renamed or detached `main`, a moved `sitepack/rendered`, fresh and shallow clones, a
//! pull request's branch, and a `.git` that cannot be opened. Each refusal must say the
//! git command that fixes it, and running that command must fix it.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::util::{example, read, Sandbox};

/// Lyon rendered into `pkg`, a person's commit on `main`, and a profile whose change lands
/// in `src/overview.md` only (returned).
fn edited_package(sb: &Sandbox) -> String {
    sb.render(&example("lyon"), "predictive-maintenance", "pkg", &[]);
    let page = sb.join("pkg/src/change-plan.md");
    std::fs::write(&page, format!("{}\nSite note: kept.\n", read(&page))).unwrap();
    git_ok(sb, &["-C", "pkg", "commit", "-qam", "site note"]);
    let text =
        read(&example("lyon")).replace("company = \"Acme Metals\"", "company = \"Acme Forming\"");
    let site = sb.write("renamed.toml", &text);
    site.to_str().unwrap().to_string()
}

fn git_ok(sb: &Sandbox, args: &[&str]) -> String {
    let run = sb.git(args).run();
    run.code(0);
    run.stdout.trim().to_string()
}

fn update(sb: &Sandbox, dir: &str, site: &str) -> crate::util::Run {
    sb.sitepack(&["update", dir, "--site", site]).run()
}

/// The backquoted `git ...` command in a refusal, split into its arguments.
fn suggested_git(stderr: &str) -> Vec<String> {
    let start = stderr.find("`git ").expect("a git command in backquotes") + 1;
    let end = start + stderr[start..].find('`').unwrap();
    stderr[start..end]
        .split_whitespace()
        .skip(1)
        .map(str::to_string)
        .collect()
}

fn run_suggestion(sb: &Sandbox, dir: &str, stderr: &str) {
    let args = suggested_git(stderr);
    let mut full = vec!["-C", dir];
    full.extend(args.iter().map(String::as_str));
    git_ok(sb, &full);
}

fn wait_for(path: &Path) {
    let start = Instant::now();
    while !path.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "never reached {path:?}"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn a_commit_landing_during_update_aborts_it_and_survives() {
    let sb = Sandbox::new();
    let site = edited_package(&sb);
    let pause = sb.join("pause");
    std::fs::create_dir(&pause).unwrap();
    let setting = format!("before-swap:{}", pause.display());
    let child = sb
        .sitepack(&["update", "pkg", "--site", &site])
        .env("SITEPACK_TEST_PAUSE", setting)
        .spawn_captured();
    wait_for(&pause.join("before-swap.reached"));
    sb.write("pkg/notes.md", "meeting notes\n");
    git_ok(&sb, &["-C", "pkg", "add", "notes.md"]);
    git_ok(&sb, &["-C", "pkg", "commit", "-qm", "landed mid-update"]);
    std::fs::write(pause.join("before-swap.resume"), "").unwrap();
    let run = child.finish();
    run.code(2)
        .stderr_has(&["changed while sitepack was updating", "nothing was changed"]);
    let log = git_ok(&sb, &["-C", "pkg", "log", "--format=%s", "main"]);
    assert!(log.starts_with("landed mid-update"), "{log}");
    update(&sb, "pkg", &site).code(0);
    let log = git_ok(&sb, &["-C", "pkg", "log", "--format=%s", "main"]);
    assert!(log.contains("landed mid-update"), "{log}");
    assert!(read(&sb.join("pkg/src/overview.md")).contains("Acme Forming"));
    assert_eq!(read(&sb.join("pkg/notes.md")), "meeting notes\n");
}

#[test]
fn a_renamed_main_is_refused_with_the_command_that_renames_it_back() {
    let sb = Sandbox::new();
    let site = edited_package(&sb);
    git_ok(&sb, &["-C", "pkg", "branch", "-m", "main", "trunk"]);
    let run = update(&sb, "pkg", &site);
    run.code(2)
        .stderr_has(&["no branch `main`", "git branch -m trunk main"]);
    assert_eq!(
        git_ok(&sb, &["-C", "pkg", "branch", "--show-current"]),
        "trunk"
    );
    run_suggestion(&sb, "pkg", &run.stderr);
    update(&sb, "pkg", &site).code(0);
    assert!(read(&sb.join("pkg/src/change-plan.md")).contains("Site note: kept."));
}

#[test]
fn a_deleted_main_is_refused_and_nothing_is_orphaned() {
    let sb = Sandbox::new();
    let site = edited_package(&sb);
    let before = git_ok(&sb, &["-C", "pkg", "rev-parse", "HEAD"]);
    git_ok(&sb, &["-C", "pkg", "switch", "-qc", "work"]);
    git_ok(&sb, &["-C", "pkg", "branch", "-qD", "main"]);
    update(&sb, "pkg", &site)
        .code(2)
        .stderr_has(&["no branch `main`", "git branch -m work main"]);
    assert_eq!(git_ok(&sb, &["-C", "pkg", "rev-parse", "work"]), before);
    let branches = git_ok(&sb, &["-C", "pkg", "branch", "--format=%(refname:short)"]);
    assert!(!branches.lines().any(|b| b == "main"), "{branches}");
}

#[test]
fn a_detached_head_is_refused_with_git_switch() {
    let sb = Sandbox::new();
    let site = edited_package(&sb);
    git_ok(&sb, &["-C", "pkg", "switch", "-q", "--detach"]);
    let run = update(&sb, "pkg", &site);
    run.code(2)
        .stderr_has(&["HEAD is detached", "git switch main"]);
    run_suggestion(&sb, "pkg", &run.stderr);
    update(&sb, "pkg", &site).code(0);
}

#[test]
fn a_render_branch_moved_onto_main_is_refused_with_the_command_that_restores_it() {
    let sb = Sandbox::new();
    let site = edited_package(&sb);
    let rendered = git_ok(&sb, &["-C", "pkg", "rev-parse", "sitepack/rendered"]);
    git_ok(
        &sb,
        &["-C", "pkg", "branch", "-f", "sitepack/rendered", "main"],
    );
    let run = update(&sb, "pkg", &site);
    run.code(2).stderr_has(&[
        "not a branch of pure renders",
        &format!("git branch -f sitepack/rendered {}", &rendered[..12]),
    ]);
    run_suggestion(&sb, "pkg", &run.stderr);
    update(&sb, "pkg", &site).code(0);
    assert!(read(&sb.join("pkg/src/change-plan.md")).contains("Site note: kept."));
}

#[test]
fn a_fresh_clone_merges_from_the_remote_render_branch_without_conflicts() {
    let sb = Sandbox::new();
    let site = edited_package(&sb);
    git_ok(&sb, &["clone", "-q", "pkg", "clone"]);
    let run = sb
        .sitepack(&["update", "clone", "--site", &site, "--format", "json"])
        .run();
    run.code(0);
    assert_eq!(run.json()["conflicts"], serde_json::json!([]));
    assert!(read(&sb.join("clone/src/change-plan.md")).contains("Site note: kept."));
    assert!(read(&sb.join("clone/src/overview.md")).contains("Acme Forming"));
    let parent = git_ok(&sb, &["-C", "clone", "rev-parse", "sitepack/rendered^"]);
    let remote = git_ok(
        &sb,
        &["-C", "clone", "rev-parse", "origin/sitepack/rendered"],
    );
    assert_eq!(parent, remote, "the new render continues the remote one");
}

#[test]
fn a_shallow_clone_is_refused_with_git_fetch_unshallow() {
    let sb = Sandbox::new();
    let site = edited_package(&sb);
    let url = format!("file://{}", sb.join("pkg").display());
    git_ok(&sb, &["clone", "-q", "--depth", "1", &url, "shallow"]);
    let head = git_ok(&sb, &["-C", "shallow", "rev-parse", "HEAD"]);
    update(&sb, "shallow", &site)
        .code(2)
        .stderr_has(&["shallow clone", "git fetch --unshallow"]);
    assert_eq!(git_ok(&sb, &["-C", "shallow", "rev-parse", "HEAD"]), head);
}

#[test]
fn an_update_on_a_pull_request_branch_merges_into_that_branch() {
    let sb = Sandbox::new();
    sb.render(&example("lyon"), "predictive-maintenance", "pkg", &[]);
    let main = git_ok(&sb, &["-C", "pkg", "rev-parse", "main"]);
    git_ok(&sb, &["-C", "pkg", "switch", "-qc", "pr/rename"]);
    let site = sb.join("pkg/site.toml");
    let text = read(&site).replace("company = \"Acme Metals\"", "company = \"Acme Forming\"");
    std::fs::write(&site, text).unwrap();
    git_ok(&sb, &["-C", "pkg", "commit", "-qam", "rename the company"]);
    sb.sitepack(&["update", "pkg"]).run().code(0);
    assert_eq!(
        git_ok(&sb, &["-C", "pkg", "branch", "--show-current"]),
        "pr/rename"
    );
    assert_eq!(git_ok(&sb, &["-C", "pkg", "rev-parse", "main"]), main);
    assert!(read(&sb.join("pkg/src/overview.md")).contains("Acme Forming"));
    sb.sitepack(&["diff", "pkg"]).run().code(0);
}

#[test]
fn a_broken_git_config_is_named_not_called_a_no_git_package() {
    let sb = Sandbox::new();
    let site = edited_package(&sb);
    std::fs::write(sb.join("pkg/.git/config"), "[core\nbroken = \n").unwrap();
    for run in [
        update(&sb, "pkg", &site),
        sb.sitepack(&[
            "render",
            example("lyon").to_str().unwrap(),
            "--use-case",
            "predictive-maintenance",
            "--out",
            "pkg",
        ])
        .run(),
    ] {
        run.code(2).stderr_has(&[".git that git cannot open"]);
        run.check(
            !run.stderr.contains("rendered with --no-git"),
            "called a --no-git package",
        );
    }
}

#[test]
fn a_repository_owned_by_someone_else_mentions_safe_directory() {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("note: skipped, changing a file's owner needs root");
        return;
    }
    let sb = Sandbox::new();
    let site = edited_package(&sb);
    sb.cmd("chown", &["-R", "65534:65534", "pkg"]).run().code(0);
    update(&sb, "pkg", &site)
        .code(2)
        .stderr_has(&["owned by another user", "safe.directory"]);
}
