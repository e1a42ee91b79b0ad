//! The business case: annual value low / expected / high from the site's own
//! baseline, costs, payback, and the assumptions behind them.
//!
//! A baseline the formula needs but the profile lacks yields no value and a gap:
//! sitepack never invents a number.

use super::{Assumption, BusinessCase, Cost, Gap, Range, Severity};
use crate::playbook::{BusinessCaseModel, Scope};
use crate::profile::Profile;

/// The business case and the gaps for missing baselines.
pub fn business_case(
    model: &BusinessCaseModel,
    profile: &Profile,
    site: &Scope,
) -> Result<(BusinessCase, Vec<Gap>), String> {
    let known = profile.baseline.known_keys();
    let missing: Vec<String> = model
        .requires
        .iter()
        .filter(|k| !known.contains(&k.as_str()))
        .cloned()
        .collect();

    let annual_value = if missing.is_empty() {
        Some(value_range(model, site)?)
    } else {
        None
    };
    let cost = Cost {
        pilot: model.pilot_cost.eval_number(site)?.max(0.0),
        scale: model.scale_cost.eval_number(site)?.max(0.0),
    };
    let payback_months = annual_value
        .filter(|v| v.expected > 0.0)
        .map(|v| round1((cost.pilot + cost.scale) / (v.expected / 12.0)));
    let gaps = missing.iter().map(|key| missing_gap(model, key)).collect();
    let case = BusinessCase {
        currency: profile
            .baseline
            .currency
            .clone()
            .unwrap_or_else(|| "units of the site currency".to_string()),
        formula: model.formula.clone(),
        annual_value,
        cost,
        payback_months,
        missing,
        assumptions: assumptions(model),
    };
    Ok((case, gaps))
}

fn value_range(model: &BusinessCaseModel, scope: &Scope) -> Result<Range, String> {
    let at = |factor: f64| -> Result<f64, String> {
        let v = model
            .value
            .eval_number(&scope.clone().with_number("factor", factor))?;
        Ok(v.max(0.0).round())
    };
    let f = model.factor;
    Ok(Range {
        low: at(f.low)?,
        expected: at(f.expected)?,
        high: at(f.high)?,
    })
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn missing_gap(model: &BusinessCaseModel, key: &str) -> Gap {
    Gap {
        id: format!("business.baseline.{key}"),
        topic: "business".to_string(),
        severity: Severity::Major,
        asset: None,
        title: format!("Measure the baseline `{key}`"),
        why: format!(
            "The business case ({}) needs baseline.{key}, which the profile does not give; no value is computed until it is measured.",
            model.formula
        ),
        rule: "business-case.baseline".to_string(),
        phase: "assess".to_string(),
        owner: "business".to_string(),
        cap: None,
        not_applicable: false,
    }
}

fn assumptions(model: &BusinessCaseModel) -> Vec<Assumption> {
    let mut out = vec![
        Assumption {
            id: "factor".to_string(),
            text: model.factor_text.clone(),
            range: Some(model.factor),
            unit: "ratio".to_string(),
            source: model.factor_source.clone(),
            grade: model.factor_grade.clone(),
        },
        Assumption {
            id: "cost".to_string(),
            // The cost model's expressions are playbook code: `sitepack explain` and the
            // playbook reference show them; people read the amounts and their source.
            text: "Pilot and scale-up cost from the playbook's cost model; the amounts for this site are in the cost section".to_string(),
            range: None,
            unit: String::new(),
            source: model.cost_source.clone(),
            grade: model.cost_grade.clone(),
        },
    ];
    out.extend(model.assumptions.iter().cloned());
    out
}
