//! A package directory that cannot be swapped (a mount point) is updated in place: the same
//! result as the swap, people's edits kept, the refs moved in one step with one reflog entry,
//! and an update killed while it applies its journal is finished by the next `update`, while
//! `diff` and `gate` refuse the half-applied state. `SITEPACK_TEST_FORCE_IN_PLACE=1` (debug
//! builds only) makes sitepack treat DIR as unswappable; the kill test is in `interrupt.rs`.

use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::interrupt::IN_PLACE_JOURNAL;
use crate::util::{example, read, Sandbox};

const FORCE: &str = "SITEPACK_TEST_FORCE_IN_PLACE";

fn git_ok(sb: &Sandbox, args: &[&str]) -> String {
    let run = sb.git(args).run();
    run.code(0);
    run.stdout.trim().to_string()
}

/// Lyon in `dir` with a person's committed edit of the change plan.
fn edited_package(sb: &Sandbox, dir: &str) {
    sb.render(&example("lyon"), "predictive-maintenance", dir, &[]);
    let page = sb.join(&format!("{dir}/src/change-plan.md"));
    std::fs::write(&page, format!("{}\nSite note: kept.\n", read(&page))).unwrap();
    git_ok(sb, &["-C", dir, "commit", "-qam", "site note"]);
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
fn an_unswappable_dir_is_updated_in_place_like_a_swapped_one() {
    let sb = Sandbox::new();
    for dir in ["pkg", "swapped"] {
        edited_package(&sb, dir);
    }
    let inode = sb.join("pkg").metadata().unwrap().ino();
    let args = |dir| ["update", dir, "--as-of", "2031-03-01"];
    sb.sitepack(&args("swapped")).run().code(0);
    let run = sb.sitepack(&args("pkg")).env(FORCE, "1").run();
    run.code(0);
    assert_eq!(
        sb.join("pkg").metadata().unwrap().ino(),
        inode,
        "DIR was swapped"
    );
    let tree = |dir| git_ok(&sb, &["-C", dir, "rev-parse", "HEAD^{tree}"]);
    assert_eq!(tree("pkg"), tree("swapped"), "the same merge as a swap");
    assert_eq!(git_ok(&sb, &["-C", "pkg", "status", "--porcelain"]), "");
    assert!(read(&sb.join("pkg/src/change-plan.md")).contains("Site note: kept."));
    let reflog = git_ok(&sb, &["-C", "pkg", "reflog", "-1", "--format=%gs", "main"]);
    assert_eq!(reflog, "sitepack: update in place");
    assert!(!sb.join("pkg/.git/sitepack-in-place").exists());
    sb.git(&["-C", "pkg", "fsck", "--no-progress"])
        .run()
        .code(0);
}

/// Starts an in-place update of `pkg` to `as_of`, kills it at the pause point `point`.
fn kill_at(sb: &Sandbox, point: &str, as_of: &str) {
    let pause = sb.join(&format!("pause-{point}-{as_of}"));
    std::fs::create_dir(&pause).unwrap();
    let mut child = sb
        .sitepack(&["update", "pkg", "--as-of", as_of])
        .env(FORCE, "1")
        .env(
            "SITEPACK_TEST_PAUSE",
            format!("{point}:{}", pause.display()),
        )
        .spawn();
    wait_for(&pause.join(format!("{point}.reached")));
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn an_update_killed_at_each_step_of_applying_it_in_place_is_finished_by_the_next_update() {
    let sb = Sandbox::new();
    edited_package(&sb, "pkg");
    let points = [
        ("in-place-objects", false),
        ("in-place-files", true),
        ("in-place-refs", true),
    ];
    for (n, (point, journal)) in points.into_iter().enumerate() {
        let as_of = format!("203{n}-03-01");
        let head = git_ok(&sb, &["-C", "pkg", "rev-parse", "main"]);
        kill_at(&sb, point, &as_of);
        let waiting = sb.join("pkg").join(IN_PLACE_JOURNAL).exists();
        assert_eq!(
            waiting, journal,
            "{point}: a journal waits only once it is complete"
        );
        assert_eq!(
            git_ok(&sb, &["-C", "pkg", "rev-parse", "main"]),
            head,
            "{point}: refs move last"
        );
        sb.git(&["-C", "pkg", "fsck", "--no-progress"])
            .run()
            .code(0);
        for command in ["diff", "gate"].into_iter().filter(|_| journal) {
            sb.sitepack(&[command, "pkg"])
                .run()
                .code(2)
                .stderr_has(&["was interrupted", "sitepack update"]);
        }
        sb.sitepack(&["update", "pkg", "--as-of", &as_of])
            .run()
            .code(0);
        assert!(!sb.join("pkg/.git/sitepack-in-place").exists(), "{point}");
        assert_eq!(
            git_ok(&sb, &["-C", "pkg", "status", "--porcelain"]),
            "",
            "{point}"
        );
        assert_ne!(
            git_ok(&sb, &["-C", "pkg", "rev-parse", "main"]),
            head,
            "{point}"
        );
        let log = git_ok(&sb, &["-C", "pkg", "log", "--format=%s", "main"]);
        assert!(log.contains("site note"), "{log}");
        assert!(
            read(&sb.join("pkg/.sitepack/lock.toml")).contains(&as_of),
            "{point}"
        );
        let diff = sb.sitepack(&["diff", "pkg"]).run();
        diff.code(1).check(
            diff.stdout.contains("people edited src/change-plan.md"),
            "diff reads it again",
        );
    }
}

#[test]
fn update_of_the_working_directory_keeps_it_so_the_callers_shell_stays_in_the_package() {
    let sb = Sandbox::new();
    edited_package(&sb, "pkg");
    let inode = sb.join("pkg").metadata().unwrap().ino();
    sb.sitepack(&["update", ".", "--as-of", "2031-03-01"])
        .current_dir(sb.join("pkg"))
        .run()
        .code(0);
    assert_eq!(
        sb.join("pkg").metadata().unwrap().ino(),
        inode,
        "DIR was swapped under its caller"
    );
    assert_eq!(git_ok(&sb, &["-C", "pkg", "status", "--porcelain"]), "");
    assert!(read(&sb.join("pkg/src/change-plan.md")).contains("Site note: kept."));
    let reflog = git_ok(&sb, &["-C", "pkg", "reflog", "-1", "--format=%gs", "main"]);
    assert_eq!(reflog, "sitepack: update in place");
}
