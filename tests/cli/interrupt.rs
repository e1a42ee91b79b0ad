//! Interruption: `sitepack render` and `sitepack update` killed with SIGKILL at many points
//! of their run leave a repository that `git fsck` accepts, in either the old or the new
//! state, with a clean working tree, and the next run works.

use std::time::Duration;

use crate::util::{example, Sandbox};

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
    let mut killed_mid_way = 0;
    for step in 0..40u64 {
        let target = if step % 2 == 0 { NEW } else { OLD };
        let mut child = sb.sitepack(&render_args(site, "out", target)).spawn();
        std::thread::sleep(Duration::from_millis(step * 3));
        if child.try_wait().expect("poll the render").is_none() {
            killed_mid_way += 1;
        }
        let _ = child.kill();
        let _ = child.wait();
        sb.git(&["-C", "out", "fsck", "--no-progress"])
            .run()
            .code(0);
        let tree = head_tree(&sb, "out");
        assert!(
            states.contains(&tree),
            "step {step}: HEAD tree {tree} is neither the old nor the new render"
        );
        let status = sb.git(&["-C", "out", "status", "--porcelain"]).run();
        status
            .code(0)
            .check(status.stdout.is_empty(), "the working tree matches HEAD");
    }
    assert!(
        killed_mid_way > 0,
        "no render was interrupted: the delays are too long"
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
    let lyon = example("lyon");
    let site = lyon.to_str().unwrap();
    for dir in ["out", "ref-old", "ref-new"] {
        edited_package(&sb, site, dir);
    }
    sb.sitepack(&["update", "ref-new", "--as-of", NEW])
        .run()
        .code(0);
    let states = [head_tree(&sb, "ref-old"), head_tree(&sb, "ref-new")];
    assert_ne!(states[0], states[1], "the update must change the package");
    let mut killed_mid_way = 0;
    for step in 0..40u64 {
        let target = if step % 2 == 0 { NEW } else { OLD };
        let mut child = sb.sitepack(&["update", "out", "--as-of", target]).spawn();
        std::thread::sleep(Duration::from_millis(step * 4));
        if child.try_wait().expect("poll the update").is_none() {
            killed_mid_way += 1;
        }
        let _ = child.kill();
        let _ = child.wait();
        sb.git(&["-C", "out", "fsck", "--no-progress"])
            .run()
            .code(0);
        let tree = head_tree(&sb, "out");
        assert!(
            states.contains(&tree),
            "step {step}: HEAD tree {tree} is neither the old nor the new state"
        );
        let status = sb.git(&["-C", "out", "status", "--porcelain"]).run();
        status
            .code(0)
            .check(status.stdout.is_empty(), "the working tree matches HEAD");
    }
    assert!(
        killed_mid_way > 0,
        "no update was interrupted: the delays are too long"
    );
    sb.sitepack(&["update", "out", "--as-of", NEW])
        .run()
        .code(0);
    assert_eq!(head_tree(&sb, "out"), states[1]);
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
