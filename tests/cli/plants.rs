//! The review plants (`tests/plants/*.toml`): realistic sites of the industries the playbooks
//! know (a Seveso chemical site, a Polish foundry, a German body shop with a works council),
//! kept as test inputs, not as examples. `data/plan.json` of every plant and use case is a
//! golden snapshot `plant__{name}__{use-case}`; rule cases may patch them as
//! `base = "plants/<name>"` (src/plan/cases.rs).

use std::path::PathBuf;

use crate::util::{read, repo, snapshot, Sandbox, USE_CASES};

/// Every plant, sorted by name.
fn plants() -> Vec<(String, PathBuf)> {
    let dir = repo().join("tests/plants");
    let mut plants: Vec<(String, PathBuf)> = std::fs::read_dir(&dir)
        .expect("tests/plants exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    plants.sort();
    plants
}

#[test]
fn golden_plan_json_of_every_plant_and_use_case() {
    let plants = plants();
    assert!(plants.len() >= 3, "expected at least three plants");
    for (name, path) in &plants {
        for use_case in USE_CASES {
            let sb = Sandbox::new();
            sb.render(path, use_case, "pkg", &["--no-git"]);
            snapshot(
                &format!("plant__{name}__{use_case}"),
                &read(&sb.join("pkg/data/plan.json")),
            );
        }
    }
}

#[test]
fn every_plant_is_format_2_and_valid() {
    for (name, path) in plants() {
        let text = read(&path);
        assert!(
            text.lines().any(|l| l.trim() == "format = 2"),
            "{name} is not format 2"
        );
        Sandbox::new()
            .sitepack(&["check", path.to_str().unwrap()])
            .run()
            .code(0);
    }
}
