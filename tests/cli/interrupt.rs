//! Interruption: `sitepack render` killed with SIGKILL at many points of its run
//! leaves a repository that `git fsck` accepts, in either the old or the new
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
