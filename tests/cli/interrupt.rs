//! Interruption: `sitepack render` and `sitepack update` killed with SIGKILL at many points
//! of their run leave a repository that `git fsck` accepts, in either the old or the new
//! state, with a clean working tree, and the next run works. An update applied in place (a
//! DIR that cannot be swapped, forced with `SITEPACK_TEST_FORCE_IN_PLACE`) may also leave its
//! journal, which the next run finishes.

use std::process::Child;
use std::time::Duration;

use crate::util::{example, Sandbox};

/// The journal an in-place update leaves when it is killed while applying it.
pub const IN_PLACE_JOURNAL: &str = ".git/sitepack-in-place/journal.json";

/// Runs `spawn(step)` for each of `steps` steps, kills step `n` at `n / steps` of `span`
/// after it started, then calls `check(step)`. Returns how many runs were still going when
/// killed.
fn kill_at_many_points(
    steps: u32,
    span: Duration,
    spawn: impl Fn(u64) -> Child,
    mut check: impl FnMut(u64),
) -> usize {
    let mut killed_mid_way = 0;
    for step in 0..steps {
        let mut child = spawn(step.into());
        std::thread::sleep(span * step / steps);
        if child.try_wait().expect("poll the run").is_none() {
            killed_mid_way += 1;
        }
        let _ = child.kill();
        let _ = child.wait();
        check(step.into());
    }
    assert!(
        killed_mid_way > 0,
        "no run was interrupted: the delays are too long"
    );
    killed_mid_way
}

/// `git fsck` accepts `dir` and its HEAD tree is one of `states`.
fn assert_old_or_new(sb: &Sandbox, dir: &str, states: &[String], step: u64) {
    sb.git(&["-C", dir, "fsck", "--no-progress"]).run().code(0);
    let tree = head_tree(sb, dir);
    assert!(
        states.contains(&tree),
        "step {step}: HEAD tree {tree} is neither the old nor the new state"
    );
}

fn assert_clean(sb: &Sandbox, dir: &str) {
    let status = sb.git(&["-C", dir, "status", "--porcelain"]).run();
    status
        .code(0)
        .check(status.stdout.is_empty(), "the working tree matches HEAD");
}

fn target(step: u64) -> &'static str {
    if step.is_multiple_of(2) {
        NEW
    } else {
        OLD
    }
}

const OLD: &str = "2026-11-26";
const NEW: &str = "2031-03-01";

fn head_tree(sb: &Sandbox, dir: &str) -> String {
    let run = sb.git(&["-C", dir, "rev-parse", "HEAD^{tree}"]).run();
    run.code(0);
    run.stdout.trim().to_string()
}

fn render_args<'a>(site: &'a str, out: &'a str, as_of: &'a str) -> Vec<&'a str> {
    vec![
        "render",
        site,
        "--use-case",
        "predictive-maintenance",
        "--out",
        out,
        "--as-of",
        as_of,
    ]
}

#[test]
fn a_render_killed_at_any_point_leaves_the_old_or_the_new_state() {
    let sb = Sandbox::new();
    let lyon = example("lyon");
    let site = lyon.to_str().unwrap();
    for (dir, as_of) in [("out", OLD), ("ref-old", OLD), ("ref-new", NEW)] {
        sb.sitepack(&render_args(site, dir, as_of)).run().code(0);
    }
    let states = [head_tree(&sb, "ref-old"), head_tree(&sb, "ref-new")];
    assert_ne!(
        states[0], states[1],
        "the two as-of dates must render differently"
    );
    kill_at_many_points(
        40,
        Duration::from_millis(120),
        |step| sb.sitepack(&render_args(site, "out", target(step))).spawn(),
        |step| {
            assert_old_or_new(&sb, "out", &states, step);
            assert_clean(&sb, "out");
        },
    );
    sb.sitepack(&render_args(site, "out", NEW)).run().code(0);
    assert_eq!(head_tree(&sb, "out"), states[1]);
}

/// Lyon rendered at [`OLD`] into `dir`, with a person's committed edit of one page.
fn edited_package(sb: &Sandbox, site: &str, dir: &str) {
    sb.sitepack(&render_args(site, dir, OLD)).run().code(0);
    let page = sb.join(&format!("{dir}/src/change-plan.md"));
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, format!("{text}\nSite note: kept.\n")).unwrap();
    sb.git(&["-C", dir, "commit", "-qam", "site note"])
        .run()
        .code(0);
}

#[test]
fn an_update_killed_at_any_point_leaves_the_old_or_the_new_state_and_keeps_the_edit() {
    let sb = Sandbox::new();
    let states = old_and_new_states(&sb);
    assert_ne!(states[0], states[1], "the update must change the package");
    kill_at_many_points(
        40,
        Duration::from_millis(160),
        |step| {
            sb.sitepack(&["update", "out", "--as-of", target(step)])
                .spawn()
        },
        |step| {
            assert_old_or_new(&sb, "out", &states, step);
            assert_clean(&sb, "out");
        },
    );
    sb.sitepack(&["update", "out", "--as-of", NEW])
        .run()
        .code(0);
    assert_eq!(head_tree(&sb, "out"), states[1]);
    assert_edit_kept_and_nothing_beside(&sb);
}

/// Three copies of Lyon's package with a person's edit (`out` to be killed, `ref-old` left as
/// it is, `ref-new` updated to `NEW`), and the tree of the two references: the states a killed
/// update of `out` may leave.
fn old_and_new_states(sb: &Sandbox) -> [String; 2] {
    let lyon = example("lyon");
    let site = lyon.to_str().unwrap();
    for dir in ["out", "ref-old", "ref-new"] {
        edited_package(sb, site, dir);
    }
    sb.sitepack(&["update", "ref-new", "--as-of", NEW])
        .run()
        .code(0);
    [head_tree(sb, "ref-old"), head_tree(sb, "ref-new")]
}

fn assert_edit_kept_and_nothing_beside(sb: &Sandbox) {
    let page = std::fs::read_to_string(sb.join("out/src/change-plan.md")).unwrap();
    assert!(
        page.contains("Site note: kept."),
        "the person's edit survived"
    );
    let beside: Vec<String> = std::fs::read_dir(sb.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".out"))
        .collect();
    assert!(beside.is_empty(), "left beside DIR: {beside:?}");
}

#[test]
fn an_update_in_place_killed_at_any_point_is_old_or_new_in_git_log_and_the_next_run_finishes_it() {
    let sb = Sandbox::new();
    let states = old_and_new_states(&sb);
    let inode = || std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(sb.join("out")).unwrap());
    let before = inode();
    let in_place = |args: &[&str]| sb.sitepack(args).env("SITEPACK_TEST_FORCE_IN_PLACE", "1");
    // Spread the kills over a whole run, so the end (journal, refs) is reached too.
    let start = std::time::Instant::now();
    in_place(&["update", "out", "--as-of", NEW]).run().code(0);
    let span = start.elapsed() * 6 / 5;
    let mut journals = 0;
    kill_at_many_points(
        60,
        span,
        |step| in_place(&["update", "out", "--as-of", target(step)]).spawn(),
        |step| {
            assert_old_or_new(&sb, "out", &states, step);
            if sb.join("out").join(IN_PLACE_JOURNAL).exists() {
                journals += 1;
                in_place(&["update", "out", "--as-of", target(step)])
                    .run()
                    .code(0);
                assert_old_or_new(&sb, "out", &states, step);
            }
            assert_clean(&sb, "out");
        },
    );
    in_place(&["update", "out", "--as-of", NEW]).run().code(0);
    assert_eq!(head_tree(&sb, "out"), states[1]);
    assert_clean(&sb, "out");
    assert_eq!(inode(), before, "DIR was updated in place, never swapped");
    assert!(
        !sb.join("out/.git/sitepack-in-place").exists(),
        "journal left"
    );
    assert_edit_kept_and_nothing_beside(&sb);
    eprintln!("in-place kill test: {journals} runs left a journal for the next one to finish");
}
