//! The pictures on the hostile sample plan (exact bytes) and on edge cases: no gaps, all
//! gaps blocking, one asset, fifty assets, long names, no phases, no annual value.

use super::*;
use crate::plan::{AssetSummary, Gap, Range, Severity};
use crate::render::sample::{sample_plan, HOSTILE_NAME};
use crate::svg::Figure;

fn asset(i: usize, name: &str, sensors: &[&str]) -> AssetSummary {
    AssetSummary {
        id: format!("asset-{i:02}"),
        name: name.to_string(),
        kind: "pump".into(),
        criticality: "high".into(),
        installed: 2000,
        age_years: 26,
        in_scope: true,
        controller: String::new(),
        sensors: sensors.iter().map(|s| s.to_string()).collect(),
    }
}

fn blocking_gap(id: &str, asset: Option<&str>) -> Gap {
    Gap {
        id: id.into(),
        topic: "security".into(),
        severity: Severity::Blocking,
        asset: asset.map(str::to_string),
        title: "t".into(),
        why: "w".into(),
        rule: "r".into(),
        phase: "assess".into(),
        owner: "it".into(),
        cap: None,
        not_applicable: false,
    }
}

/// Checks every figure keeps the invariants the book relies on.
fn well_formed(name: &str, figure: &Figure) -> String {
    let html = figure.html();
    assert!(
        !html.contains('\n'),
        "{name}: a line break ends Markdown's HTML block"
    );
    assert!(
        !html.contains("<b>") && !html.contains("{{"),
        "{name}: hostile text not escaped: {html}"
    );
    assert_eq!(html.matches("<svg").count(), 1, "{name}");
    assert_eq!(
        html.matches("<g>").count() + html.matches("<g ").count(),
        html.matches("</g>").count(),
        "{name}"
    );
    assert!(!figure.sentences().is_empty(), "{name}: no text equivalent");
    html
}

#[test]
fn pictures_of_the_sample_plan_are_exact_bytes() {
    let plan = sample_plan();
    for (name, html) in all(&plan) {
        insta::assert_snapshot!(format!("picture_{name}"), html);
    }
}

#[test]
fn hostile_names_are_escaped_in_every_picture() {
    let mut plan = sample_plan();
    plan.assets[0].name = HOSTILE_NAME.into();
    plan.raci[0].activity = HOSTILE_NAME.into();
    plan.phases[0].title = HOSTILE_NAME.into();
    for (name, html) in all(&plan) {
        assert!(!html.contains("<b>"), "{name}: {html}");
        assert!(!html.contains("{{#include"), "{name}: {html}");
    }
    assert!(all(&plan)["coverage"].contains("‹b›"));
}

#[test]
fn readiness_edge_cases() {
    let mut plan = sample_plan();
    for c in &mut plan.readiness.components {
        c.score = 100;
        c.blocking = 0;
        c.major = 0;
        c.minor = 0;
    }
    plan.readiness.score = 100;
    plan.readiness.gaps.clear();
    let html = well_formed("no gaps", &readiness::points_lost(&plan));
    assert!(
        html.contains("Where the 0 missing readiness points are"),
        "{html}"
    );
    assert!(!html.contains("--sp-bad"), "no gaps, no red: {html}");
    plan.readiness.components.clear();
    let html = well_formed("no topics", &readiness::points_lost(&plan));
    assert!(html.contains("no topics"), "{html}");
}

#[test]
fn coverage_edge_cases() {
    let long = "A press with a name far too long to fit the label column of the grid";
    let cases: Vec<(&str, Vec<AssetSummary>, Vec<Gap>, &str)> = vec![
        ("no asset in scope", vec![], vec![], "No asset is in scope."),
        (
            "one asset, no sensor",
            vec![asset(1, "", &[])],
            vec![],
            "asset-01 measures no sensor; no gap.",
        ),
        (
            "long name",
            vec![asset(1, long, &["vibration"])],
            vec![],
            "asset-01 (A press wi…",
        ),
        (
            "all gaps blocking",
            vec![asset(1, "P", &["current"])],
            vec![
                blocking_gap("g1", Some("asset-01")),
                blocking_gap("g2", Some("asset-01")),
            ],
            "2 gaps, 2 blocking",
        ),
        (
            "fifty assets",
            (0..50)
                .map(|i| {
                    asset(
                        i,
                        "P",
                        &["vibration", "temperature", "current"][..1 + i % 3],
                    )
                })
                .collect(),
            vec![],
            "asset-49 (P) measures vibration, temperature; no gap.",
        ),
    ];
    for (name, assets, gaps, needle) in cases {
        let mut plan = sample_plan();
        plan.assets = assets;
        plan.readiness.gaps = gaps;
        let html = well_formed(name, &coverage::sensors(&plan));
        assert!(html.contains(needle), "{name}: {needle:?} not in {html}");
    }
}

#[test]
fn timeline_edge_cases() {
    let mut plan = sample_plan();
    let states = [GateState::Met, GateState::NotMet];
    let html = well_formed("states", &timeline(&plan, &states));
    assert!(
        html.contains("--sp-good") && html.contains("--sp-bad"),
        "{html}"
    );
    plan.phases[0].title = "A phase title far too long for its box in the timeline".into();
    let html = well_formed("long title", &timeline(&plan, &[]));
    assert!(html.contains('…'), "{html}");
    plan.phases.truncate(1);
    well_formed("one phase", &timeline(&plan, &[]));
    plan.phases.clear();
    let html = well_formed("no phases", &timeline(&plan, &[]));
    assert!(html.contains("defines no phases"), "{html}");
}

#[test]
fn raci_edge_cases() {
    let mut plan = sample_plan();
    let html = well_formed("unassigned it", &raci::heat_map(&plan));
    assert!(html.contains("The it role has no owner."), "{html}");
    plan.raci.clear();
    let html = well_formed("no activities", &raci::heat_map(&plan));
    assert!(html.contains("defines no RACI activities"), "{html}");
}

#[test]
fn value_edge_cases() {
    let mut plan = sample_plan();
    plan.business_case.annual_value = None;
    plan.business_case.payback_months = None;
    let html = well_formed("no value", &value::value_and_cost(&plan));
    assert!(html.contains("not computed"), "{html}");
    plan.business_case.annual_value = Some(Range {
        low: 135150.0,
        expected: 270300.0,
        high: 473025.0,
    });
    plan.business_case.payback_months = Some(10.0);
    let html = well_formed("lyon", &value::value_and_cost(&plan));
    assert!(html.contains("expected 270,300 "), "{html}");
    assert!(html.contains("payback 10 months"), "{html}");
    plan.business_case.cost.pilot = 0.0;
    plan.business_case.cost.scale = 0.0;
    well_formed("free", &value::value_and_cost(&plan));
}

#[test]
fn network_edge_cases() {
    use crate::plan::NetworkSummary;
    let net = |segmentation: &str, dmz: bool, remote: &[&str], internet: bool| NetworkSummary {
        segmentation: segmentation.into(),
        it_ot_firewall: segmentation != "flat",
        ot_dmz: dmz,
        remote_access: remote.iter().map(|s| s.to_string()).collect(),
        ot_internet_access: internet,
    };
    let every = ["vpn", "jump-host", "vendor-direct", "remote-desktop"];
    let cases = [
        (
            "flat",
            net("flat", false, &["vendor-direct"], true),
            "Now: IT and OT share one flat network, with no firewall between IT and OT.",
        ),
        (
            "no DMZ",
            net("segmented", false, &["jump-host"], false),
            "without an industrial DMZ",
        ),
        (
            "DMZ",
            net("purdue", true, &["jump-host"], false),
            "Now: remote access by jump-host reaches the DMZ.",
        ),
        (
            "no remote access",
            net("purdue", true, &[], false),
            "no remote access path is recorded",
        ),
        (
            "every path",
            net("segmented", false, &every, true),
            "Now: remote access by remote-desktop reaches OT directly.",
        ),
    ];
    for (name, network, sentence) in cases {
        let mut plan = sample_plan();
        plan.site.name = HOSTILE_NAME.into();
        plan.network = network;
        let figure = network::now_and_target(&plan);
        let html = well_formed(name, &figure);
        assert!(
            figure.sentences().iter().any(|s| s.contains(sentence)),
            "{name}: {:?}",
            figure.sentences()
        );
        assert!(html.contains("‹b›"), "{name}: the site name is escaped");
        assert_eq!(
            figure
                .sentences()
                .iter()
                .any(|s| s.contains("can reach the internet")),
            plan.network.ot_internet_access,
            "{name}"
        );
    }
}
