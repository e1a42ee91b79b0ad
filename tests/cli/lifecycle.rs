//! A package that lives: `update` merges a new render into people's edits, `diff`
//! reports drift with its reasons, `gate` reads measured KPIs, all through the real
//! executable on real repositories.

use crate::util::{example, read, Sandbox};

/// Lyon's profile with another company name: a change that lands only in
/// `src/overview.md` and `data/plan.json` (and the lock).
fn renamed_company(sb: &Sandbox) -> std::path::PathBuf {
    let text =
        read(&example("lyon")).replace("company = \"Acme Metals\"", "company = \"Acme Forming\"");
    sb.write("lyon-renamed.toml", &text)
}

fn rendered(sb: &Sandbox) {
    sb.render(&example("lyon"), "predictive-maintenance", "pkg", &[]);
}

fn commit(sb: &Sandbox, message: &str) {
    sb.git(&["-C", "pkg", "add", "-A"]).run().code(0);
    sb.git(&["-C", "pkg", "commit", "-qm", message])
        .run()
        .code(0);
}

#[test]
fn update_without_edits_fast_forwards_and_reports_json() {
    let sb = Sandbox::new();
    rendered(&sb);
    let site = renamed_company(&sb);
    let run = sb
        .sitepack(&[
            "update",
            "pkg",
            "--site",
            site.to_str().unwrap(),
            "--format",
            "json",
        ])
        .run();
    run.code(0);
    let doc = run.json();
    assert_eq!(doc["changed"], true, "{doc}");
    assert!(read(&sb.join("pkg/src/overview.md")).contains("Acme Forming"));
    let again = sb.sitepack(&["update", "pkg", "--format", "json"]).run();
    again.code(0);
    assert_eq!(again.json()["changed"], false);
}

#[test]
fn an_edit_far_from_the_change_is_kept() {
    let sb = Sandbox::new();
    rendered(&sb);
    let plan = sb.join("pkg/src/change-plan.md");
    let edited = format!(
        "{}\nSite note: the works council meets on Tuesdays.\n",
        read(&plan)
    );
    std::fs::write(&plan, edited).unwrap();
    commit(&sb, "site note");
    let site = renamed_company(&sb);
    sb.sitepack(&["update", "pkg", "--site", site.to_str().unwrap()])
        .run()
        .code(0);
    assert!(
        read(&plan).contains("works council meets on Tuesdays"),
        "the person's edit survived"
    );
    assert!(
        read(&sb.join("pkg/src/overview.md")).contains("Acme Forming"),
        "the new render arrived"
    );
    let status = sb.git(&["-C", "pkg", "status", "--porcelain"]).run();
    status
        .code(0)
        .check(status.stdout.is_empty(), "the merge is committed");
}

#[test]
fn a_conflicting_edit_leaves_git_conflict_markers_and_exits_1() {
    let sb = Sandbox::new();
    rendered(&sb);
    let overview = sb.join("pkg/src/overview.md");
    std::fs::write(
        &overview,
        read(&overview).replace("| Company | Acme Metals |", "| Company | Acme Metals SAS |"),
    )
    .unwrap();
    commit(&sb, "legal name");
    let site = renamed_company(&sb);
    let run = sb
        .sitepack(&["update", "pkg", "--site", site.to_str().unwrap()])
        .run();
    run.code(1).stderr_has(&["src/overview.md"]);
    let text = read(&overview);
    run.check(
        text.contains("<<<<<<<")
            && text.contains("Acme Metals SAS")
            && text.contains("Acme Forming"),
        "both sides in markers",
    );
    let status = sb.git(&["-C", "pkg", "status", "--porcelain"]).run();
    status.check(
        status.stdout.contains("UU src/overview.md"),
        "git sees an unmerged path",
    );
}

#[test]
fn a_deleted_file_stays_deleted_unless_upstream_changed_it() {
    let sb = Sandbox::new();
    rendered(&sb);
    sb.git(&["-C", "pkg", "rm", "-q", "src/governance.md"])
        .run()
        .code(0);
    commit(&sb, "we keep governance elsewhere");
    let site = renamed_company(&sb);
    sb.sitepack(&["update", "pkg", "--site", site.to_str().unwrap()])
        .run()
        .code(0);
    assert!(
        !sb.join("pkg/src/governance.md").exists(),
        "an unchanged deleted file stays deleted"
    );
}

#[test]
fn a_profile_that_gains_an_asset_gains_its_items() {
    let sb = Sandbox::new();
    rendered(&sb);
    let extra = "\n[[assets]]\nid = \"press-11\"\nkind = \"mechanical-press\"\ncriticality = \"high\"\ninstalled = 1988\ncontroller = { vendor = \"Siemens\", model = \"S5-115U\", protocols = [\"proprietary\"] }\n";
    let site = sb.write("lyon-plus.toml", &(read(&example("lyon")) + extra));
    sb.sitepack(&["update", "pkg", "--site", site.to_str().unwrap()])
        .run()
        .code(0);
    let plan = read(&sb.join("pkg/data/plan.json"));
    assert!(
        plan.contains("\"press-11\""),
        "the new asset is in the plan"
    );
    assert!(
        plan.contains(".press-11\""),
        "and items were derived for it"
    );
    assert_eq!(
        read(&sb.join("pkg/site.toml")),
        read(&site),
        "site.toml is the new profile"
    );
}

#[test]
fn orphaned_progress_is_reported_not_dropped() {
    let sb = Sandbox::new();
    rendered(&sb);
    let progress = "[items.\"integration.retired-gateway.press-07\"]\nstatus = \"done\"\n";
    sb.write("pkg/progress.toml", progress);
    commit(&sb, "progress");
    let site = renamed_company(&sb);
    let run = sb
        .sitepack(&[
            "update",
            "pkg",
            "--site",
            site.to_str().unwrap(),
            "--format",
            "json",
        ])
        .run();
    run.code(0);
    let doc = run.json();
    assert_eq!(
        doc["orphaned_progress"][0], "integration.retired-gateway.press-07",
        "{doc}"
    );
    run.stderr_has(&["integration.retired-gateway.press-07"]);
    assert_eq!(
        read(&sb.join("pkg/progress.toml")),
        progress,
        "never deleted"
    );
}

#[test]
fn diff_exits_1_on_drift_and_says_why() {
    let sb = Sandbox::new();
    rendered(&sb);
    sb.sitepack(&["diff", "pkg"]).run().code(0);
    let later = sb
        .sitepack(&["diff", "pkg", "--as-of", "2031-01-01", "--format", "json"])
        .run();
    later.code(1);
    let doc = later.json();
    assert_eq!(doc["drift"], true, "{doc}");
    let overview = sb.join("pkg/src/overview.md");
    std::fs::write(&overview, read(&overview) + "\nlocal note\n").unwrap();
    commit(&sb, "note");
    let edited = sb.sitepack(&["diff", "pkg"]).run();
    edited
        .code(1)
        .stdout_has(&["people edited src/overview.md", "-local note"]);
    sb.sitepack(&["diff", "pkg", "--ignore-edits"])
        .run()
        .code(0);
}

#[test]
fn gate_passes_only_with_every_criterion_met() {
    let sb = Sandbox::new();
    rendered(&sb);
    let run = sb.sitepack(&["gate", "pkg", "--format", "json"]).run();
    run.code(1);
    let doc = run.json();
    let states: Vec<String> = doc["gate"]["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["state"].as_str().unwrap().to_string())
        .collect();
    assert!(states.iter().any(|s| s == "lacking-data"), "{doc}");
    let unknown = sb
        .sitepack(&["gate", "pkg", "--gate", "pilot-prooven"])
        .run();
    unknown.code(2).stderr_has(&["pilot-proven"]);
}
