//! `sitepack diff`: a clean package, and drift for each reason.

use super::*;
use crate::command::testkit::{Package, LYON};

#[test]
fn a_fresh_package_has_no_drift() {
    let pkg = Package::render(LYON);
    let output = run(&pkg.options()).unwrap();
    assert_eq!(output.code, 0, "{}", output.stdout);
    let doc: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    assert_eq!(doc["drift"], false);
}

#[test]
fn a_changed_profile_is_drift_with_its_reason() {
    let pkg = Package::render(LYON);
    let site = pkg
        .read("site.toml")
        .replace("shifts_per_day = 3", "shifts_per_day = 2");
    assert_ne!(site, pkg.read("site.toml"));
    pkg.write("site.toml", &site);
    let drift = drift(&pkg.options()).unwrap();
    assert!(
        drift.reasons[0].contains("profile changed"),
        "{:?}",
        drift.reasons
    );
    // site.toml is the person's edit: it is the input now, so only the render differs.
    assert!(!drift.files.is_empty());
    assert_eq!(run(&pkg.options()).unwrap().code, 1);
}

#[test]
fn a_new_playbook_version_is_drift_with_its_reason() {
    let pkg = Package::render(LYON);
    let options = PackageOptions {
        playbooks: Some(crate::PlaybookChoice::Dir(
            pkg.playbooks_with_version("2.0.0"),
        )),
        ..pkg.options()
    };
    let drift = drift(&options).unwrap();
    let reasons = drift.reasons.join("; ");
    assert!(reasons.contains("playbook version changed"), "{reasons}");
    assert!(drift.files.iter().any(|f| f.path == "data/plan.json"));
}

#[test]
fn another_tool_version_is_drift_with_its_reason() {
    let pkg = Package::render(LYON);
    let lock = pkg.read(".sitepack/lock.toml");
    let current = format!("tool_version = \"{}\"", env!("CARGO_PKG_VERSION"));
    pkg.write(
        ".sitepack/lock.toml",
        &lock.replace(&current, "tool_version = \"0.0.1\""),
    );
    let drift = drift(&pkg.options()).unwrap();
    assert!(
        drift.reasons[0].contains("tool changed: sitepack 0.0.1"),
        "{:?}",
        drift.reasons
    );
    assert_eq!(drift.files.len(), 1, "only the lock differs");
}

#[test]
fn a_person_edit_is_drift_shown_as_a_unified_diff() {
    let pkg = Package::render(LYON);
    let raci = pkg.read("src/raci.md") + "Extra line by a person.\n";
    pkg.write("src/raci.md", &raci);
    let output = run(&PackageOptions {
        format: crate::Format::Text,
        ..pkg.options()
    })
    .unwrap();
    assert_eq!(output.code, 1);
    assert!(
        output.stdout.contains("people edited src/raci.md"),
        "{}",
        output.stdout
    );
    assert!(output
        .stdout
        .contains("--- a/src/raci.md\n+++ b/src/raci.md\n"));
    assert!(output.stdout.contains("\n-Extra line by a person.\n"));
}

#[test]
fn ignore_edits_reports_only_what_an_update_would_bring() {
    let pkg = Package::render(LYON);
    let raci = pkg.read("src/raci.md") + "Extra line by a person.\n";
    pkg.write("src/raci.md", &raci);
    let options = PackageOptions {
        ignore_edits: true,
        ..pkg.options()
    };
    assert_eq!(run(&options).unwrap().code, 0);
    let moved = PackageOptions {
        as_of: Some("2026-06-01".into()),
        ..options
    };
    let drift = drift(&moved).unwrap();
    assert!(drift.files.iter().all(|f| f.path != "src/raci.md"));
    assert!(drift.files.iter().any(|f| f.path == "README.md"));
}

#[test]
fn unified_diff_marks_absent_sides_as_dev_null() {
    let diff = unified("x.md", None, Some(b"a\n"));
    assert!(diff.starts_with("--- /dev/null\n+++ b/x.md\n"), "{diff}");
    let diff = unified("x.md", Some(b"a\nb\n"), Some(b"a\nc\n"));
    assert!(diff.contains("-b\n+c\n"), "{diff}");
}
