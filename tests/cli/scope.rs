//! Scope per use case: on a plant whose assets belong to different use cases
//! (`mixed-scope.toml`: a camera station only in visual inspection, a compressor
//! only in predictive maintenance, a filler in neither), each package names its
//! own assets and never another's, in any page, list or CSV.

use crate::util::{repo, tree, Sandbox};

/// The asset ids and names of the plant, by the use case they belong to.
const CAMERA: [&str; 2] = ["camline-zz", "Labeller vision station Quartz"];
const COMPRESSOR: [&str; 2] = ["compressor-qq", "Air compressor Basalt"];
const FILLER: [&str; 2] = ["filler-xx", "Rotary filler Granite"];

/// Files that describe the whole site rather than the use case: the profile
/// copied byte for byte, the lock (its digest) and `plan.json`, whose `assets`
/// lists every asset with its `in_scope` flag.
const WHOLE_SITE: [&str; 3] = ["site.toml", ".sitepack/lock.toml", "data/plan.json"];

#[test]
fn each_package_mentions_only_the_assets_of_its_use_case() {
    let site = repo().join("tests/cli/mixed-scope.toml");
    for (use_case, own, others) in [
        ("predictive-maintenance", COMPRESSOR, [CAMERA, FILLER]),
        ("visual-inspection", CAMERA, [COMPRESSOR, FILLER]),
    ] {
        let sb = Sandbox::new();
        sb.render(&site, use_case, "pkg", &[]).code(0);
        let files = tree(&sb.join("pkg"));
        let text = |path: &str| String::from_utf8_lossy(&files[path]).into_owned();
        for (path, bytes) in &files {
            if WHOLE_SITE.contains(&path.as_str()) {
                continue;
            }
            let page = String::from_utf8_lossy(bytes);
            for needle in others.iter().flatten() {
                assert!(
                    !page.contains(needle),
                    "{use_case}: {path} mentions `{needle}`, which is not in this use case"
                );
            }
        }
        for needle in own {
            assert!(
                text("src/overview.md").contains(needle),
                "{use_case}: the overview does not list its own asset `{needle}`"
            );
        }
        assert!(
            text("data/checklist.csv").contains(own[0]) || text("data/gaps.csv").contains(own[0]),
            "{use_case}: no item or gap about its own asset {}",
            own[0]
        );
        assert!(
            text("src/overview.md").contains("2 other asset(s) of the site are not in scope"),
            "{use_case}: the overview does not count the other assets"
        );
        let plan: serde_json::Value = serde_json::from_str(&text("data/plan.json")).unwrap();
        let scoped: Vec<&str> = plan["assets"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["in_scope"] == true)
            .map(|a| a["id"].as_str().unwrap())
            .collect();
        assert_eq!(scoped, [own[0]], "{use_case}: in-scope assets in plan.json");
        // The site's 70 h also count the other assets (the filler gives no figure): that
        // is expected, not a gap; the business case uses the in-scope asset's own hours.
        let gaps = plan["readiness"]["gaps"].as_array().unwrap();
        assert!(
            !gaps.iter().any(|g| g["id"] == "business.downtime-scope"),
            "{use_case}: a partial scope is not a downtime mismatch"
        );
        let case = text("src/business-case.md");
        assert!(
            use_case != "predictive-maintenance"
                || case
                    .contains("so it is not used. The business case and the gates use this figure")
                    && case.contains(
                        "the sum of the in-scope assets' own figures, not the site baseline"
                    ),
            "{use_case}: the business case does not say which downtime figure it uses"
        );
    }
}

/// The plant is a food and beverage site: it traces lots and batches, so the visual
/// inspection package never speaks of part genealogy (issue 9: "part genealogy at a dairy").
#[test]
fn a_process_plant_traces_lots_and_batches_not_part_genealogy() {
    let site = repo().join("tests/cli/mixed-scope.toml");
    let sb = Sandbox::new();
    sb.render(&site, "visual-inspection", "pkg", &[]).code(0);
    let files = tree(&sb.join("pkg"));
    for (path, bytes) in &files {
        let page = String::from_utf8_lossy(bytes).to_lowercase();
        assert!(
            !page.contains("part genealogy") && !page.contains("the part's genealogy"),
            "{path} speaks of part genealogy at a food plant"
        );
    }
    let gaps = String::from_utf8_lossy(&files["data/gaps.csv"]).into_owned();
    assert!(
        gaps.contains("lot and batch traceability"),
        "the missing-MES gap does not name lot and batch traceability:\n{gaps}"
    );
}
