//! Gate criteria: met, not met and lacking data, and metrics the plan computes.

use super::*;
use crate::progress::Kpi;

fn criterion_with(threshold: Option<f64>, op: &str) -> Criterion {
    Criterion {
        computed: None,
        metric: "alert_precision".into(),
        op: op.into(),
        threshold,
        unit: "ratio".into(),
        kind: "data".into(),
        evidence: "alerts".into(),
    }
}

fn measured(value: f64) -> Progress {
    let mut progress = Progress::default();
    let kpi = Kpi {
        value,
        measured: None,
        source: None,
    };
    progress.kpis.insert("alert_precision".into(), kpi);
    progress
}

#[test]
fn criteria_are_met_not_met_or_lacking_data() {
    for (threshold, op, unit, progress, expected) in [
        (Some(0.7), ">=", "ratio", measured(0.74), State::Met),
        (Some(0.7), ">=", "ratio", measured(0.6), State::NotMet),
        (Some(2.0), "<=", "hours", measured(2.0), State::Met),
        (Some(2.0), "<", "hours", measured(2.0), State::NotMet),
        (Some(5.0), "==", "count", measured(5.0), State::Met),
        (
            Some(0.7),
            ">=",
            "ratio",
            Progress::default(),
            State::LackingData,
        ),
        (None, ">=", "ratio", measured(0.9), State::LackingData),
        // A ratio typed as a percentage is a mistake, never "met 80 >= 0.7".
        (Some(0.7), ">=", "ratio", measured(80.0), State::LackingData),
        (Some(0.7), ">=", "ratio", measured(-0.1), State::LackingData),
        (Some(0.7), ">=", "ratio", measured(1.0), State::Met),
        (Some(0.7), ">=", "percent", measured(80.0), State::Met),
    ] {
        let c = Criterion {
            unit: unit.into(),
            ..criterion_with(threshold, op)
        };
        let result = criterion(&c, &progress);
        assert_eq!(
            result.state, expected,
            "{threshold:?} {op} {unit} {:?}",
            result
        );
    }
}

#[test]
fn a_percentage_typed_for_a_ratio_names_the_key_and_the_fix() {
    let result = criterion(&criterion_with(Some(0.8), ">="), &measured(50.0));
    assert_eq!(
        result.detail,
        "`alert_precision = 50` in progress.toml is not a ratio from 0 to 1 (80 % is 0.8): correct it"
    );
}

#[test]
fn metrics_the_plan_computes_override_and_check_typed_values() {
    let exact = |value| Some(Computed { value, exact: true });
    let ceiling = |value| {
        Some(Computed {
            value,
            exact: false,
        })
    };
    for (computed, threshold, op, progress, expected) in [
        // Two blocking gaps open: not met, whatever progress.toml says.
        (
            exact(2.0),
            Some(0.0),
            "==",
            Progress::default(),
            State::NotMet,
        ),
        (exact(0.0), Some(0.0), "==", Progress::default(), State::Met),
        // A typed 0 while the plan shows two open gaps is flagged.
        (exact(2.0), Some(0.0), "==", measured(0.0), State::NotMet),
        (exact(0.0), Some(0.0), "==", measured(0.0), State::Met),
        // Upper bound: half the baseline keys given, so "all measured" cannot be true.
        (ceiling(0.5), Some(1.0), ">=", measured(1.0), State::NotMet),
        (ceiling(1.0), Some(1.0), ">=", measured(1.0), State::Met),
        (
            ceiling(1.0),
            Some(1.0),
            ">=",
            Progress::default(),
            State::LackingData,
        ),
    ] {
        let c = Criterion {
            computed,
            ..criterion_with(threshold, op)
        };
        let result = criterion(&c, &progress);
        assert_eq!(result.state, expected, "{computed:?} {:?}", result);
    }
}
