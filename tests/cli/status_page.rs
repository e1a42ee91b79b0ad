//! The status page lives on `main` only (SPEC §4): a change of `progress.toml` alone
//! changes that page and nothing else, `sitepack/rendered` never holds it, and `diff`
//! knows it (and the data files) are generated.

use crate::util::{example, read, Run, Sandbox};

const PROGRESS: &str = "[items.\"data.tag-mapping\"]\nstatus = \"done\"\n";

fn rendered(sb: &Sandbox, extra: &[&str]) {
    sb.render(&example("lyon"), "predictive-maintenance", "pkg", extra);
}

fn git(sb: &Sandbox, args: &[&str]) -> Run {
    let mut all = vec!["-C", "pkg"];
    all.extend_from_slice(args);
    let run = sb.git(&all).run();
    run.code(0);
    run
}

fn head(sb: &Sandbox, rev: &str) -> String {
    git(sb, &["rev-parse", rev]).out().trim().to_string()
}

fn commit_progress(sb: &Sandbox) {
    sb.write("pkg/progress.toml", PROGRESS);
    git(sb, &["add", "progress.toml"]);
    git(sb, &["commit", "-qm", "progress"]);
}

#[test]
fn a_change_of_progress_alone_changes_only_the_status_page() {
    let sb = Sandbox::new();
    rendered(&sb, &[]);
    let tree = git(&sb, &["ls-tree", "-r", "--name-only", "sitepack/rendered"]);
    tree.check(
        !tree.out().contains("src/status.md") && tree.out().contains("src/overview.md"),
        "the status page is not part of the render",
    );
    let main = git(&sb, &["ls-tree", "-r", "--name-only", "main"]);
    main.check(
        main.out().contains("src/status.md"),
        "main has the status page",
    );
    let lock = read(&sb.join("pkg/.sitepack/lock.toml"));
    assert!(!lock.contains("src/status.md"), "never sealed: {lock}");
    commit_progress(&sb);
    let (main_before, rendered_before) = (head(&sb, "main"), head(&sb, "sitepack/rendered"));
    let drift = sb.sitepack(&["diff", "pkg"]).run();
    drift.code(1).stdout_has(&[
        "1 file differs",
        "progress.toml changed since src/status.md was generated",
        "src/status.md: generated on main from progress.toml: edit progress.toml instead",
    ]);
    drift.check(
        !drift.out().contains("people edited"),
        "not a person's edit",
    );
    sb.sitepack(&["update", "pkg"]).run().code(0);
    let range = format!("{main_before}..main");
    let stat = git(&sb, &["diff", "--name-only", &range]);
    assert_eq!(stat.out(), "src/status.md", "only the status page changed");
    assert_eq!(head(&sb, "sitepack/rendered"), rendered_before);
    let status = read(&sb.join("pkg/src/status.md"));
    let done = status.split("### Done").nth(1).unwrap_or_default();
    assert!(done.contains("data.tag-mapping"), "{status}");
    sb.sitepack(&["diff", "pkg"]).run().code(0);
    let clean = git(&sb, &["status", "--porcelain"]);
    assert_eq!(clean.out(), "", "the working tree matches main");
    let again = sb.sitepack(&["update", "pkg", "--format", "json"]).run();
    again.code(0);
    assert_eq!(again.json()["changed"], false, "nothing new, no commit");
    assert_eq!(head(&sb, "main"), head(&sb, "HEAD"));
}

#[test]
fn a_plain_package_gets_its_status_page_beside_the_render() {
    let sb = Sandbox::new();
    rendered(&sb, &["--no-git"]);
    assert!(read(&sb.join("pkg/src/status.md")).contains("No progress recorded yet"));
    sb.write("pkg/progress.toml", PROGRESS);
    sb.sitepack(&["update", "pkg"]).run().code(0);
    let status = read(&sb.join("pkg/src/status.md"));
    assert!(!status.contains("No progress recorded yet"), "{status}");
    assert_eq!(read(&sb.join("pkg/progress.toml")), PROGRESS);
}

#[test]
fn diff_says_a_data_file_is_generated_and_what_to_edit() {
    let sb = Sandbox::new();
    rendered(&sb, &[]);
    let csv = sb.join("pkg/data/gaps.csv");
    std::fs::write(&csv, read(&csv) + "my,row\n").unwrap();
    let run = sb.sitepack(&["diff", "pkg"]).run();
    run.code(1).stdout_has(&[
        "data/gaps.csv: generated: edit progress.toml / site.toml instead",
        "-my,row",
    ]);
    let json = sb.sitepack(&["diff", "pkg", "--format", "json"]).run();
    let doc = json.json();
    assert_eq!(
        doc["files"][0]["generated"], "generated: edit progress.toml / site.toml instead",
        "{doc}"
    );
}
