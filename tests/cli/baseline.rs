//! Baseline items (rules that apply at every site): listed once in the book, on
//! `src/baseline.md`, and still in `data/checklist.csv` and `data/controls.csv` with
//! `baseline` = `true`, so progress ids and gates keep working.

use crate::util::{example, read, Sandbox};

/// How often `needle` occurs on each page of the package's book, pages without it left out.
fn pages_with(pkg: &std::path::Path, needle: &str) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = std::fs::read_dir(pkg.join("src"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let n = read(&p).matches(needle).count();
            (p.file_name().unwrap().to_string_lossy().into_owned(), n)
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    out.sort();
    out
}

#[test]
fn a_baseline_item_is_in_the_book_once_and_in_the_data() {
    let sb = Sandbox::new();
    sb.render(&example("lyon"), "predictive-maintenance", "pkg", &[]);
    let pkg = sb.join("pkg");
    // The full entry (anchor and why) only on the baseline page.
    for id in ["governance.impact-assessment", "security.backup"] {
        let anchor = format!("<a id=\"{id}\"></a>");
        assert_eq!(
            pages_with(&pkg, &anchor),
            [("baseline.md".to_string(), 1)],
            "{id}"
        );
    }
    let checklist = read(&pkg.join("data/checklist.csv"));
    let row = |id: &str| {
        checklist
            .lines()
            .find(|l| l.starts_with(&format!("{id},")))
            .unwrap_or_else(|| panic!("{id} not in checklist.csv:\n{checklist}"))
            .to_string()
    };
    assert!(row("governance.impact-assessment").ends_with(",true,"));
    // A rule that reads the site is not baseline, and stays on its section's page.
    assert!(row("change.night-alerts").ends_with(",false,"));
    let anchor = "<a id=\"change.night-alerts\"></a>";
    assert_eq!(
        pages_with(&pkg, anchor),
        [("change-plan.md".to_string(), 1)]
    );
    let controls = read(&pkg.join("data/controls.csv"));
    assert!(controls
        .lines()
        .any(|l| l.starts_with("security.backup,") && l.ends_with(",true,")));
    let governance = read(&pkg.join("src/governance.md"));
    assert!(
        governance.contains(
            "that apply to every site are listed once, on [Applies to every site](baseline.md)."
        ),
        "{governance}"
    );
}
