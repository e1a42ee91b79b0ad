//! `sitepack render` on the bundled examples: the package layout, git state,
//! determinism (same tree id anywhere), SOURCE_DATE_EPOCH, every use case,
//! `--format json`, the mdBook build, and a machine with no git identity.
//!
//! Refusals and invalid input are in `refuse.rs`; escaping in `hostile.rs`.

use crate::util::{
    example, examples, mdbook_available, read, Sandbox, AS_OF, AUTHOR, EPOCH, PACKAGE_FILES,
    USE_CASES,
};

fn git_out(sb: &Sandbox, dir: &str, args: &[&str]) -> String {
    let mut full = vec!["-C", dir];
    full.extend_from_slice(args);
    let run = sb.git(&full).run();
    run.code(0);
    run.out().to_string()
}

#[test]
fn every_example_renders_a_complete_clean_git_package() {
    for (name, path) in examples() {
        let sb = Sandbox::new();
        let run = sb.render(&path, "predictive-maintenance", "pkg", &[]);
        run.stdout_has(&["rendered"]);
        let pkg = sb.join("pkg");
        for file in PACKAGE_FILES {
            run.check(
                pkg.join(file).is_file(),
                &format!("{name}: {file} is missing"),
            );
        }
        run.check(
            std::fs::read(pkg.join("site.toml")).unwrap() == std::fs::read(&path).unwrap(),
            &format!("{name}: site.toml is not byte-identical to the input"),
        );
        assert_eq!(
            git_out(&sb, "pkg", &["rev-parse", "--abbrev-ref", "HEAD"]),
            "main",
            "{name}"
        );
        git_out(
            &sb,
            "pkg",
            &["rev-parse", "--verify", "refs/heads/sitepack/rendered"],
        );
        assert_eq!(
            git_out(
                &sb,
                "pkg",
                &["status", "--porcelain", "--untracked-files=all"]
            ),
            "",
            "{name}: dirty tree"
        );
        assert_eq!(
            git_out(&sb, "pkg", &["rev-list", "--count", "HEAD"]),
            "2",
            "{name}: the render, then the status page on main"
        );
        assert_eq!(
            git_out(&sb, "pkg", &["rev-parse", "HEAD^"]),
            git_out(&sb, "pkg", &["rev-parse", "sitepack/rendered"]),
            "{name}"
        );
    }
}

#[test]
fn same_inputs_give_the_same_tree_anywhere_and_a_rerender_is_unchanged() {
    let a = Sandbox::new();
    let b = Sandbox::new();
    let lyon = example("lyon");
    a.render(&lyon, "predictive-maintenance", "one", &[]);
    // Another directory, time zone and locale must not change a byte.
    b.sitepack(&[
        "render",
        lyon.to_str().unwrap(),
        "--use-case",
        "predictive-maintenance",
        "--out",
        "deeper/parent/two",
        "--as-of",
        AS_OF,
    ])
    .env("TZ", "Pacific/Kiritimati")
    .env("LC_ALL", "C")
    .env("SOURCE_DATE_EPOCH", (EPOCH + 86_400).to_string())
    .run()
    .code(0);
    let tree_a = git_out(&a, "one", &["rev-parse", "HEAD^{tree}"]);
    let tree_b = git_out(&b, "deeper/parent/two", &["rev-parse", "HEAD^{tree}"]);
    assert_eq!(tree_a, tree_b, "tree ids differ between two directories");
    let head = git_out(&a, "one", &["rev-parse", "HEAD"]);
    let again = a.render(&lyon, "predictive-maintenance", "one", &[]);
    again.stdout_has(&["unchanged"]);
    assert_eq!(
        git_out(&a, "one", &["rev-parse", "HEAD"]),
        head,
        "a re-render moved HEAD"
    );
    assert_eq!(git_out(&a, "one", &["rev-list", "--count", "HEAD"]), "2");
}

#[test]
fn without_as_of_a_rerender_keeps_the_locked_date() {
    let sb = Sandbox::new();
    let lyon = example("lyon");
    sb.render(&lyon, "predictive-maintenance", "pkg", &[]);
    let lyon = lyon.to_str().unwrap();
    let run = sb
        .sitepack(&[
            "render",
            lyon,
            "--use-case",
            "predictive-maintenance",
            "--out",
            "pkg",
        ])
        .run();
    run.code(0).stdout_has(&["unchanged"]);
    assert!(read(&sb.join("pkg/.sitepack/lock.toml")).contains(&format!("as_of = \"{AS_OF}\"")));
}

#[test]
fn commit_time_is_source_date_epoch() {
    for epoch in [EPOCH, 1_700_000_000] {
        let sb = Sandbox::new();
        let lyon = example("lyon");
        let run = sb
            .sitepack(&[
                "render",
                lyon.to_str().unwrap(),
                "--use-case",
                "predictive-maintenance",
                "--out",
                "pkg",
                "--as-of",
                AS_OF,
            ])
            .env("SOURCE_DATE_EPOCH", epoch.to_string())
            .run();
        run.code(0);
        assert_eq!(
            git_out(&sb, "pkg", &["log", "-1", "--format=%ct %at %an <%ae>"]),
            format!("{epoch} {epoch} {AUTHOR}"),
            "commit time or configured author"
        );
    }
}

#[test]
fn no_git_identity_still_commits_with_a_fallback_author() {
    let sb = Sandbox::without_identity();
    let lyon = example("lyon");
    let run = sb
        .sitepack(&[
            "render",
            lyon.to_str().unwrap(),
            "--use-case",
            "predictive-maintenance",
            "--out",
            "pkg",
            "--as-of",
            AS_OF,
        ])
        .env_remove("SOURCE_DATE_EPOCH")
        .env("EMAIL", "")
        .run();
    run.code(0);
    let author = git_out(&sb, "pkg", &["log", "-1", "--format=%an <%ae>"]);
    run.check(
        !author.trim_start().starts_with('<') && author != AUTHOR,
        &format!("unexpected fallback author: {author}"),
    );
    assert_eq!(git_out(&sb, "pkg", &["status", "--porcelain"]), "");
}

#[test]
fn all_four_use_cases_render_for_lyon() {
    let lyon = example("lyon");
    for use_case in USE_CASES {
        let sb = Sandbox::new();
        let run = sb.render(&lyon, use_case, "pkg", &[]);
        let plan: serde_json::Value =
            serde_json::from_str(&read(&sb.join("pkg/data/plan.json"))).unwrap();
        run.check(
            plan["use_case"]["id"] == use_case,
            "plan.json names another use case",
        );
        run.check(plan["as_of"] == AS_OF, "plan.json as_of");
        run.check(plan["format"] == 1, "plan.json format");
        run.check(
            plan["checklist"].as_array().is_some_and(|a| !a.is_empty()),
            "empty checklist",
        );
    }
}

#[test]
fn render_json_prints_exactly_one_document() {
    let sb = Sandbox::new();
    let run = sb.render(
        &example("lyon"),
        "predictive-maintenance",
        "pkg",
        &["--format", "json"],
    );
    let doc = run.json();
    run.check(doc.is_object(), "render --format json is not an object");
    run.check(
        !run.stdout.contains("rendered predictive"),
        "text mixed into the JSON",
    );
}

#[test]
fn mdbook_builds_each_rendered_example() {
    if !mdbook_available() {
        return;
    }
    for (name, path) in examples() {
        let sb = Sandbox::new();
        sb.render(&path, "predictive-maintenance", "pkg", &["--no-git"]);
        let dest = sb.join("html");
        let run = sb
            .cmd(
                "mdbook",
                &["build", "pkg", "--dest-dir", dest.to_str().unwrap()],
            )
            .run();
        run.code(0);
        run.check(
            dest.join("index.html").is_file(),
            &format!("{name}: no index.html"),
        );
    }
}

#[test]
fn building_the_book_in_a_package_does_not_block_the_next_render() {
    if !mdbook_available() {
        return;
    }
    let sb = Sandbox::new();
    let lyon = example("lyon");
    sb.render(&lyon, "predictive-maintenance", "pkg", &[]);
    sb.cmd("mdbook", &["build"])
        .current_dir(sb.join("pkg"))
        .run()
        .code(0);
    let status = sb.git(&["-C", "pkg", "status", "--porcelain"]).run();
    status
        .code(0)
        .check(status.stdout.is_empty(), "book/ is ignored by git");
    sb.render(&lyon, "predictive-maintenance", "pkg", &[]);
}

#[test]
fn stderr_has_no_ansi_escapes_off_a_terminal() {
    let sb = Sandbox::new();
    let lyon = example("lyon");
    let lyon = lyon.to_str().unwrap();
    let bad = sb.write("bad.toml", "format = 1\n[site]\nid = \"Bad Id\"\n");
    for (colour, run) in [
        (
            "NO_COLOR",
            sb.sitepack(&[
                "render",
                bad.to_str().unwrap(),
                "--use-case",
                "predictive-maintenance",
                "--out",
                "x",
            ])
            .run(),
        ),
        (
            "pipe",
            sb.sitepack(&[
                "render",
                bad.to_str().unwrap(),
                "--use-case",
                "predictive-maintenance",
                "--out",
                "x",
            ])
            .env_remove("NO_COLOR")
            .run(),
        ),
        (
            "render",
            sb.sitepack(&[
                "render",
                lyon,
                "--use-case",
                "predictive-maintenance",
                "--out",
                "ok",
                "--as-of",
                AS_OF,
            ])
            .env_remove("NO_COLOR")
            .run(),
        ),
    ] {
        run.check(
            !run.stderr.contains('\u{1b}'),
            &format!("{colour}: ANSI escape on stderr"),
        );
        run.check(
            !run.stdout.contains('\u{1b}'),
            &format!("{colour}: ANSI escape on stdout"),
        );
    }
}
