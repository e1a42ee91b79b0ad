//! `sitepack update` on real packages: clean merges, conflicts, deletions, new inputs, and
//! orphaned progress.

use super::*;
use crate::command::testkit::{Package, LYON};

fn moved(pkg: &Package, as_of: &str) -> PackageOptions {
    PackageOptions {
        as_of: Some(as_of.into()),
        ..pkg.options()
    }
}

#[test]
fn without_edits_or_new_inputs_nothing_changes() {
    let pkg = Package::render(LYON);
    let head = pkg.git(&["rev-parse", "HEAD"]);
    let summary = update(&pkg.options()).unwrap();
    assert!(!summary.report.changed);
    assert!(summary.reasons.is_empty(), "{:?}", summary.reasons);
    assert_eq!(pkg.git(&["rev-parse", "HEAD"]), head);
    let output = run(&pkg.options()).unwrap();
    assert_eq!(output.code, 0);
    let doc: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    assert_eq!(doc["ok"], true);
}

#[test]
fn an_edit_far_from_the_change_merges_cleanly_and_is_kept() {
    let pkg = Package::render(LYON);
    let readme = pkg.read("README.md") + "\nOur own note for the plant.\n";
    pkg.write("README.md", &readme);
    pkg.commit("our note");
    let summary = update(&moved(&pkg, "2026-06-01")).unwrap();
    assert!(summary.report.conflicts.is_empty());
    let merged = pkg.read("README.md");
    assert!(merged.contains("Our own note for the plant."), "{merged}");
    assert!(merged.contains("as of 2026-06-01"), "{merged}");
    assert!(summary.reasons[0].contains("as-of date changed"));
    assert!(pkg.git(&["status", "--porcelain"]).is_empty());
    let parents = pkg.git(&["rev-list", "--parents", "-n", "1", "HEAD"]);
    assert_eq!(parents.split_whitespace().count(), 3, "a merge commit");
}

#[test]
fn a_conflicting_edit_leaves_markers_an_unmerged_index_and_exit_1() {
    let pkg = Package::render(LYON);
    let readme = pkg
        .read("README.md")
        .replace("as of 2026-03-01", "as of our pilot start");
    pkg.write("README.md", &readme);
    pkg.commit("reword");
    let output = run(&moved(&pkg, "2026-06-01")).unwrap();
    assert_eq!(output.code, 1);
    let doc: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    assert_eq!(doc["conflicts"][0]["path"], "README.md", "{doc}");
    let text = pkg.read("README.md");
    assert!(
        text.contains("<<<<<<< ") && text.contains(">>>>>>> "),
        "{text}"
    );
    assert!(text.contains("our pilot start") && text.contains("2026-06-01"));
    let unmerged = pkg.git(&["diff", "--name-only", "--diff-filter=U"]);
    assert_eq!(unmerged.trim(), "README.md");
    assert!(pkg.path(".git/MERGE_HEAD").exists());
    assert!(output.notes.iter().any(|n| n.contains("README.md")));
}

#[test]
fn a_deleted_file_the_render_did_not_change_stays_deleted() {
    let pkg = Package::render(LYON);
    std::fs::remove_file(pkg.path("src/raci.md")).unwrap();
    pkg.commit("we keep the RACI elsewhere");
    let summary = update(&moved(&pkg, "2026-06-01")).unwrap();
    assert!(summary.report.changed);
    assert!(summary.report.conflicts.is_empty());
    assert!(!pkg.path("src/raci.md").exists());
    assert!(pkg.git(&["status", "--porcelain"]).is_empty());
}

#[test]
fn a_deleted_file_the_render_changed_is_a_conflict_that_says_so() {
    let pkg = Package::render(LYON);
    std::fs::remove_file(pkg.path("src/overview.md")).unwrap();
    pkg.commit("no overview");
    let output = run(&moved(&pkg, "2026-06-01")).unwrap();
    assert_eq!(output.code, 1);
    let doc: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    assert_eq!(doc["conflicts"][0]["path"], "src/overview.md", "{doc}");
    assert_eq!(doc["conflicts"][0]["reason"], DELETED_ON_MAIN);
    let note = format!("src/overview.md: {DELETED_ON_MAIN}");
    assert!(output.notes.contains(&note), "{:?}", output.notes);
}

#[test]
fn a_profile_that_gains_an_asset_gets_its_items() {
    let pkg = Package::render(LYON);
    let site = pkg.tmp.path().join("bigger.toml");
    let asset = "\n[[assets]]\nid = \"press-11\"\nkind = \"hydraulic-press\"\ncriticality = \"high\"\ninstalled = 1990\n";
    std::fs::write(&site, format!("{LYON}{asset}")).unwrap();
    let options = PackageOptions {
        site: Some(site),
        ..pkg.options()
    };
    let summary = update(&options).unwrap();
    assert!(summary.report.conflicts.is_empty());
    assert!(summary.reasons[0].contains("profile changed"));
    assert!(pkg.read("site.toml").contains("press-11"));
    assert!(pkg.read("data/plan.json").contains(".press-11\""));
    assert!(pkg.read("data/checklist.csv").contains("press-11"));
}

#[test]
fn a_playbook_version_bump_is_rendered_and_reported() {
    let pkg = Package::render(LYON);
    let options = PackageOptions {
        playbooks: Some(crate::PlaybookChoice::Dir(
            pkg.playbooks_with_version("1.1.0"),
        )),
        allow_downgrade: true,
        ..pkg.options()
    };
    let summary = update(&options).unwrap();
    assert!(summary.report.changed);
    let reasons = summary.reasons.join("; ");
    assert!(reasons.contains("1.0.0 -> 1.1.0"), "{reasons}");
    assert!(pkg
        .read(".sitepack/lock.toml")
        .contains("version = \"1.1.0\""));
}

#[test]
fn another_playbook_source_needs_allow_downgrade_and_changes_nothing() {
    let pkg = Package::render(LYON);
    let lock = pkg.read(".sitepack/lock.toml");
    let options = PackageOptions {
        playbooks: Some(crate::PlaybookChoice::Dir(
            pkg.playbooks_with_version("1.1.0"),
        )),
        ..pkg.options()
    };
    let err = update(&options).unwrap_err();
    let text = err.to_string();
    assert_eq!(err.exit_code(), 2, "{text}");
    assert!(
        text.contains("from the built-in playbooks to the playbooks in directory"),
        "{text}"
    );
    assert!(text.contains("--allow-downgrade"), "{text}");
    assert_eq!(pkg.read(".sitepack/lock.toml"), lock);
}

#[test]
fn progress_for_vanished_items_is_reported_and_kept() {
    let pkg = Package::render(LYON);
    let progress = "[items.\"data.tag-mapping\"]\nstatus = \"done\"\n\n[items.\"integration.gone\"]\nstatus = \"in-progress\"\nnotes = \"keep me\"\n";
    pkg.write("progress.toml", progress);
    pkg.commit("progress");
    let output = run(&pkg.options()).unwrap();
    assert_eq!(output.code, 0);
    let doc: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    assert_eq!(
        doc["orphaned_progress"],
        serde_json::json!(["integration.gone"])
    );
    assert!(output.notes[0].starts_with("orphaned progress: integration.gone"));
    assert_eq!(pkg.read("progress.toml"), progress);
    let status = pkg.read("src/status.md");
    let done = status.split("### Done").nth(1).unwrap_or_default();
    assert!(
        done.contains("data.tag-mapping"),
        "the status page shows progress: {status}"
    );
    assert!(
        !pkg.read("src/integration.md").contains("done"),
        "no chapter shows progress"
    );
}
