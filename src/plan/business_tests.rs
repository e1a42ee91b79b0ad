//! Tests of the business case: where the downtime figure comes from, and when the
//! site baseline and the in-scope assets disagree.

use std::path::Path;

use super::*;
use crate::date::Date;
use crate::plan::facts::site_facts;
use crate::profile::load_profile;

fn lyon() -> Profile {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/lyon.toml");
    let text = std::fs::read_to_string(&path).expect("bundled example");
    let use_cases = vec!["predictive-maintenance".to_string()];
    load_profile(&path, &text, Date::new(2026, 11, 26).unwrap(), &use_cases).expect("valid")
}

#[test]
fn downtime_comes_from_the_in_scope_assets_when_they_all_give_it() {
    // Lyon: press-07 96 h, press-09 41 h, hpu-02 22 h = 159 h; baseline 159 h.
    type Patch = fn(&mut Profile);
    let cases: [(&str, Patch, f64, bool, bool); 9] = [
        ("sum agrees with the baseline", |_| {}, 159.0, false, true),
        (
            "baseline includes other assets (+57 %)",
            |p| p.baseline.unplanned_downtime_hours = Some(250.0),
            159.0,
            true,
            true,
        ),
        (
            "within 10 %",
            |p| p.baseline.unplanned_downtime_hours = Some(170.0),
            159.0,
            false,
            true,
        ),
        (
            "one asset without a figure: the baseline stands",
            |p| p.assets[2].downtime_hours_per_year = None,
            159.0,
            false,
            false,
        ),
        (
            "out-of-scope asset left out of the sum; all three add up to the baseline",
            |p| p.assets[0].use_cases.clear(),
            63.0,
            false,
            true,
        ),
        (
            "out-of-scope asset without a figure: the larger site total is expected",
            |p| {
                p.assets[0].use_cases.clear();
                p.assets[0].downtime_hours_per_year = None;
            },
            63.0,
            false,
            true,
        ),
        (
            "all assets give figures that do not add up to the site total",
            |p| {
                p.assets[0].use_cases.clear();
                p.assets[0].downtime_hours_per_year = Some(20.0);
            },
            63.0,
            true,
            true,
        ),
        (
            "the in-scope assets alone exceed the site total",
            |p| {
                p.assets[0].use_cases.clear();
                p.assets[0].downtime_hours_per_year = None;
                p.baseline.unplanned_downtime_hours = Some(40.0);
            },
            63.0,
            true,
            true,
        ),
        (
            "every asset in scope, baseline below the sum",
            |p| p.baseline.unplanned_downtime_hours = Some(100.0),
            159.0,
            true,
            true,
        ),
    ];
    for (name, patch, hours, gap, assumed) in cases {
        let mut profile = lyon();
        patch(&mut profile);
        let facts = site_facts(
            &profile,
            "predictive-maintenance",
            Date::new(2026, 11, 26).unwrap(),
            2,
        );
        let money = money_baseline(&facts, true);
        let expected = if assumed {
            hours
        } else {
            facts.baseline.unplanned_downtime_hours
        };
        assert_eq!(money.facts.unplanned_downtime_hours, expected, "{name}");
        assert_eq!(money.gaps.len(), usize::from(gap), "{name}");
        assert_eq!(money.assumptions.len(), usize::from(assumed), "{name}");
    }
}

#[test]
fn the_sum_fills_a_missing_baseline() {
    let mut profile = lyon();
    profile.baseline.unplanned_downtime_hours = None;
    let facts = site_facts(
        &profile,
        "predictive-maintenance",
        Date::new(2026, 11, 26).unwrap(),
        2,
    );
    let money = money_baseline(&facts, true);
    assert!(money
        .facts
        .known
        .iter()
        .any(|k| k == "unplanned_downtime_hours"));
    assert_eq!(money.facts.unplanned_downtime_hours, 159.0);
    assert!(money.gaps.is_empty());
}

#[test]
fn the_mismatch_gap_says_both_numbers() {
    let gap = downtime_mismatch(250.0, 159.0, "a 159 h", "every asset is in scope");
    assert!(
        gap.why.contains("250 h") && gap.why.contains("159 h") && gap.why.contains("+57 %"),
        "{}",
        gap.why
    );
}

#[test]
fn the_assumption_says_which_figure_is_used_and_why_the_total_is_not() {
    let mut profile = lyon();
    profile.assets[0].use_cases.clear();
    profile.assets[0].downtime_hours_per_year = None;
    let facts = site_facts(
        &profile,
        "predictive-maintenance",
        Date::new(2026, 11, 26).unwrap(),
        2,
    );
    let money = money_baseline(&facts, true);
    let text = &money.assumptions[0].text;
    for needed in [
        "63 h",
        "159 h",
        "1 asset(s) out of scope",
        "use this figure",
    ] {
        assert!(text.contains(needed), "`{needed}` missing: {text}");
    }
}

#[test]
fn a_use_case_that_does_not_read_downtime_keeps_the_baseline() {
    let mut profile = lyon();
    profile.baseline.unplanned_downtime_hours = Some(250.0);
    let facts = site_facts(
        &profile,
        "predictive-maintenance",
        Date::new(2026, 11, 26).unwrap(),
        2,
    );
    let money = money_baseline(&facts, false);
    assert_eq!(money.facts.unplanned_downtime_hours, 250.0);
    assert!(money.gaps.is_empty() && money.assumptions.is_empty());
}

#[test]
fn costs_in_another_currency_are_converted_at_the_profile_rate() {
    use crate::playbook::{load, Source};
    use crate::profile::ExchangeRate;
    let as_of = Date::new(2026, 11, 26).unwrap();
    let playbook = load(&Source::BuiltIn, "predictive-maintenance").unwrap();
    let written = crate::plan::derive(&lyon(), &playbook, as_of).unwrap();
    let rate = |from: &str, rate: f64| ExchangeRate {
        from: from.into(),
        rate,
        date: "2026-11-30".into(),
        source: "ECB euro reference rate".into(),
    };
    // (site currency, rates, costs shown in, factor, payback and no gap)
    let cases = [
        ("EUR", vec![], "EUR", 1.0, true),
        ("USD", vec![], "EUR", 1.0, false),
        ("USD", vec![rate("EUR", 1.08)], "USD", 1.08, true),
        ("USD", vec![rate("CZK", 0.04)], "EUR", 1.0, false),
    ];
    for (site, rates, shown, factor, converted) in cases {
        let mut profile = lyon();
        profile.baseline.currency = Some(site.into());
        profile.baseline.rates = rates;
        let plan = crate::plan::derive(&profile, &playbook, as_of).unwrap();
        let case = &plan.business_case;
        let label = format!("{site} {:?}", profile.baseline.rates);
        assert_eq!(case.cost_currency, shown, "{label}");
        let pilot = (written.business_case.cost.pilot * factor).round();
        assert_eq!(case.cost.pilot, pilot, "{label}");
        assert_eq!(case.payback_months.is_some(), converted, "{label}");
        let gap = plan
            .readiness
            .gaps
            .iter()
            .any(|g| g.id == "business.cost-currency");
        assert_eq!(gap, !converted, "{label}");
        let assumption = case.assumptions.iter().find(|a| a.id == "exchange-rate");
        assert_eq!(assumption.is_some(), factor != 1.0, "{label}");
        if let Some(a) = assumption {
            assert!(
                a.text.contains("1 EUR = 1.08 USD") && a.text.contains("2026-11-30"),
                "{}",
                a.text
            );
            assert_eq!(a.source, "ECB euro reference rate");
        }
    }
}

#[test]
fn a_baseline_a_gate_needs_is_a_gap_until_it_is_given() {
    use crate::playbook::{load, Source};
    let as_of = Date::new(2026, 11, 26).unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/chemical-batch.toml");
    let text = std::fs::read_to_string(&path).expect("bundled example");
    let use_cases = vec!["process-optimization".to_string()];
    let given = load_profile(&path, &text, as_of, &use_cases).expect("valid");
    let playbook = load(&Source::BuiltIn, "process-optimization").unwrap();
    let gap = |plan: &crate::plan::Plan| {
        let gaps = &plan.readiness.gaps;
        gaps.iter()
            .find(|g| g.id == "business.baseline.oee")
            .cloned()
    };
    let plan = crate::plan::derive(&given, &playbook, as_of).unwrap();
    assert!(plan.readiness.applicable && gap(&plan).is_none());
    let mut profile = given;
    profile.baseline.oee = None;
    let plan = crate::plan::derive(&profile, &playbook, as_of).unwrap();
    let gap = gap(&plan).expect("the G3 oee criterion needs baseline.oee");
    assert_eq!(gap.rule, "business-case.gate-baseline");
    assert_eq!(gap.severity, Severity::Major);
    assert!(gap.why.contains("`oee` of gate G3"), "{}", gap.why);
    let business = plan
        .readiness
        .components
        .iter()
        .find(|c| c.topic == "business");
    assert!(business.is_some_and(|c| c.score < 100), "{business:?}");
}

#[test]
fn a_formula_that_does_not_fit_the_site_values_nothing_and_says_why() {
    use crate::playbook::{load, Source};
    use crate::vocab::CameraPurpose;
    let as_of = Date::new(2026, 11, 26).unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/dairy-us.toml");
    let text = std::fs::read_to_string(&path).expect("bundled example");
    let use_cases: Vec<String> = crate::playbook::BUILT_IN_USE_CASES
        .iter()
        .map(|u| u.to_string())
        .collect();
    let playbook = load(&Source::BuiltIn, "visual-inspection").unwrap();
    // (purpose of the filler's one camera, valued, scale gate criteria present)
    let cases = [
        (
            CameraPurpose::OcrOcv,
            false,
            "label_challenge_false_accepts",
        ),
        (
            CameraPurpose::CodeGrading,
            false,
            "label_challenge_false_accepts",
        ),
        (CameraPurpose::DefectDetection, true, "scrap_rate_percent"),
        (CameraPurpose::Presence, true, "scrap_rate_percent"),
    ];
    for (purpose, valued, scale_metric) in cases {
        let mut profile = load_profile(&path, &text, as_of, &use_cases).expect("valid");
        let camera = profile
            .assets
            .iter_mut()
            .flat_map(|a| a.sensors.iter_mut())
            .find(|s| s.purpose.is_some())
            .expect("dairy-us has a camera with a purpose");
        camera.purpose = Some(purpose);
        profile.baseline.scrap_rate = Some(0.02);
        profile.baseline.annual_material_cost = Some(1_000_000.0);
        let plan = crate::plan::derive(&profile, &playbook, as_of).unwrap();
        let case = &plan.business_case;
        assert_eq!(case.annual_value.is_some(), valued, "{purpose:?}");
        assert_eq!(case.unvalued.is_none(), valued, "{purpose:?}");
        let gap = plan
            .readiness
            .gaps
            .iter()
            .find(|g| g.id == "business.value-lever");
        assert_eq!(gap.is_none(), valued, "{purpose:?}");
        if let Some(g) = gap {
            assert!(
                g.why.contains("scrap rate x annual material cost"),
                "{}",
                g.why
            );
        }
        let scale = plan.phases.iter().find(|p| p.id == "scale").expect("scale");
        let metrics: Vec<&str> = scale
            .gate
            .criteria
            .iter()
            .map(|c| c.metric.as_str())
            .collect();
        assert!(metrics.contains(&scale_metric), "{purpose:?}: {metrics:?}");
        let other = if valued {
            "label_challenge_false_accepts"
        } else {
            "scrap_rate_percent"
        };
        assert!(!metrics.contains(&other), "{purpose:?}: {metrics:?}");
    }
}
