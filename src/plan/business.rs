//! The business case: annual value low / expected / high from the site's own
//! baseline, costs, payback, and the assumptions behind them.
//!
//! A baseline the formula needs but the profile lacks yields no value and a gap:
//! sitepack never invents a number. Unplanned downtime comes from the in-scope
//! assets' own figures when every one of them gives one (a site total also counts
//! assets the use case does not touch). Costs written in another currency are
//! converted at the profile's `[[baseline.rates]]` rate (an assumption with its
//! date and source); without one they are shown as written, with a gap, and no
//! payback is computed across two currencies.

use super::facts::{BaselineFacts, SiteFacts};
use super::{Assumption, BusinessCase, Cost, Gap, Range, Severity, ValueInput};
use crate::number::decimals;
use crate::playbook::{BusinessCaseModel, Scope};
use crate::profile::{ExchangeRate, Profile};

/// The baseline key of unplanned downtime.
pub const DOWNTIME_KEY: &str = "unplanned_downtime_hours";
const KEY: &str = DOWNTIME_KEY;

/// Relative difference between the site baseline and the in-scope sum of
/// unplanned downtime above which the two are said to disagree.
const DOWNTIME_TOLERANCE: f64 = 0.10;

/// The baseline money is computed from: the site's, with unplanned downtime
/// taken from the in-scope assets when all of them give it.
pub struct MoneyBaseline {
    pub facts: BaselineFacts,
    pub gaps: Vec<Gap>,
    pub assumptions: Vec<Assumption>,
}

/// The baseline for the business case and the gaps and assumptions that say
/// where its downtime figure came from.
///
/// When every in-scope asset gives its own downtime, their sum is the figure. A site
/// total smaller than it, or one that disagrees with the figures of all the assets
/// (every asset in scope, or every asset giving one), is a gap; a site total above the
/// in-scope sum while other assets are out of scope is expected and only said.
/// A use case whose value and gates do not read downtime (`uses_downtime` false) keeps
/// the site's baseline as it is, with no downtime assumption and no gap.
pub fn money_baseline(facts: &SiteFacts, uses_downtime: bool) -> MoneyBaseline {
    let mut out = MoneyBaseline {
        facts: facts.baseline.clone(),
        gaps: vec![],
        assumptions: vec![],
    };
    let (in_scope, others): (Vec<_>, Vec<_>) = facts.assets.iter().partition(|a| a.in_scope);
    if !uses_downtime || in_scope.is_empty() || in_scope.iter().any(|a| !a.downtime_known) {
        return out;
    }
    let sum: f64 = in_scope.iter().map(|a| a.downtime_hours_per_year).sum();
    let listed = list_hours(&in_scope);
    let site_total = out
        .facts
        .known
        .iter()
        .any(|k| k == KEY)
        .then_some(out.facts.unplanned_downtime_hours);
    let mut text = format!(
        "Unplanned downtime is the sum of the in-scope assets' own figures: {listed} = {} h per year",
        hours(sum)
    );
    match site_total {
        None => out.facts.known.push(KEY.to_string()),
        Some(total) => match reconcile(total, sum, &others) {
            Ok(said) => text += &said,
            Err(why) => out.gaps.push(downtime_mismatch(total, sum, &listed, &why)),
        },
    }
    out.facts.unplanned_downtime_hours = sum;
    out.assumptions.push(Assumption {
        id: "in-scope-downtime".to_string(),
        text: format!("{text}. The business case and the gates use this figure."),
        range: None,
        unit: "hours per year".to_string(),
        source: "Site profile, assets.downtime_hours_per_year".to_string(),
        grade: "A".to_string(),
    });
    out
}

/// `a 12 h, b 3 h`.
fn list_hours(assets: &[&crate::facts::AssetFacts]) -> String {
    assets
        .iter()
        .map(|a| format!("{} {} h", a.id, hours(a.downtime_hours_per_year)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn differ(a: f64, b: f64) -> bool {
    (a - b).abs() > DOWNTIME_TOLERANCE * a.max(b)
}

/// Whether the site total `total` fits the in-scope sum `sum` and the out-of-scope
/// assets `others`: `Ok` with what to add to the assumption, or `Err` with why not.
fn reconcile(total: f64, sum: f64, others: &[&crate::facts::AssetFacts]) -> Result<String, String> {
    let every_other_known = others.iter().all(|a| a.downtime_known);
    let others_sum: f64 = others.iter().map(|a| a.downtime_hours_per_year).sum();
    if sum > total && differ(total, sum) {
        return Err("the in-scope assets alone exceed the site total".to_string());
    }
    if others.is_empty() {
        if differ(total, sum) {
            return Err("every asset of the site is in scope".to_string());
        }
        return Ok(format!("; the site baseline is {} h", hours(total)));
    }
    if every_other_known {
        let all = sum + others_sum;
        if differ(total, all) {
            return Err(format!(
                "with the out-of-scope assets' {} h all assets add up to {} h",
                hours(others_sum),
                hours(all)
            ));
        }
        return Ok(format!(
            "; the site baseline of {} h also counts the out-of-scope assets ({} h)",
            hours(total),
            hours(others_sum)
        ));
    }
    Ok(format!(
        "; the site baseline of {} h also counts {} asset(s) out of scope for this use case, so it is not used",
        hours(total),
        others.len()
    ))
}

fn downtime_mismatch(total: f64, sum: f64, listed: &str, why: &str) -> Gap {
    let pct = ((total - sum) / sum * 100.0).round();
    Gap {
        id: "business.downtime-scope".to_string(),
        topic: "business".to_string(),
        severity: Severity::Major,
        asset: None,
        title: "Reconcile the downtime baseline with the assets' own figures".to_string(),
        why: format!(
            "baseline.unplanned_downtime_hours is {} h, but the in-scope assets' own figures add up to {} h ({listed}; the baseline is {}{} % off) and {why}: the business case and the gates use the in-scope sum until the two agree.",
            hours(total),
            hours(sum),
            if pct > 0.0 { "+" } else { "" },
            hours(pct)
        ),
        rule: "business-case.downtime-scope".to_string(),
        phase: "assess".to_string(),
        owner: "business".to_string(),
        cap: None,
        not_applicable: false,
    }
}

/// The readiness cap of a use case whose value cannot be computed (a baseline the formula
/// needs is missing, or the formula does not fit the site): however ready the data and the
/// network, nobody can decide to scale it (book/src/readiness.md).
pub const VALUE_UNKNOWN_CAP: u32 = 70;

/// The business case and the gaps for missing baselines and currencies.
pub fn business_case(
    model: &BusinessCaseModel,
    profile: &Profile,
    baseline: &BaselineFacts,
    money: &Scope,
) -> Result<(BusinessCase, Vec<Gap>), String> {
    let unvalued = match &model.value_when {
        Some(v) if !v.when.eval_bool(money)? => Some(v.unmet.clone()),
        _ => None,
    };
    // A formula that does not fit the site needs none of its inputs measured.
    let missing: Vec<String> = model
        .requires
        .iter()
        .filter(|k| unvalued.is_none() && !baseline.known.contains(k))
        .cloned()
        .collect();
    let annual_value = if missing.is_empty() && unvalued.is_none() {
        Some(value_range(model, money)?)
    } else {
        None
    };
    let site_currency = profile.baseline.currency.clone();
    let written = model
        .cost_currency
        .clone()
        .or_else(|| site_currency.clone());
    let rate = exchange_rate(profile, site_currency.as_deref(), written.as_deref());
    let convert = |x: f64| rate.map_or(x, |r| (x * r.rate).round());
    let cost = Cost {
        pilot: convert(model.pilot_cost.eval_number(money)?.max(0.0)),
        scale: convert(model.scale_cost.eval_number(money)?.max(0.0)),
    };
    let cost_currency = if rate.is_some() {
        site_currency.clone()
    } else {
        written
    };
    let same_currency = site_currency.is_some() && site_currency == cost_currency;
    let payback_months = annual_value
        .filter(|v| v.expected > 0.0 && same_currency)
        .map(|v| round1((cost.pilot + cost.scale) / (v.expected / 12.0)));
    let mut gaps: Vec<Gap> = missing.iter().map(|key| missing_gap(model, key)).collect();
    gaps.extend(unvalued.as_deref().map(|why| unvalued_gap(model, why)));
    if let (Some(site), Some(costs)) = (&site_currency, &cost_currency) {
        if site != costs {
            gaps.push(currency_gap(site, costs));
        }
    }
    let currency = site_currency.unwrap_or_else(|| "units of the site currency".to_string());
    let case_currency = currency.clone();
    let inputs = if missing.is_empty() {
        model.requires.iter().map(|k| input(baseline, k)).collect()
    } else {
        Vec::new()
    };
    let case = BusinessCase {
        cost_currency: cost_currency.unwrap_or_else(|| currency.clone()),
        currency,
        formula: model.formula.clone(),
        annual_value,
        cost,
        payback_months,
        missing,
        unvalued,
        inputs,
        factor: model.factor,
        assumptions: assumptions(model, rate, &case_currency),
    };
    Ok((case, gaps))
}

/// The profile's rate for costs written in `written` when the site uses another currency.
fn exchange_rate<'p>(
    profile: &'p Profile,
    site: Option<&str>,
    written: Option<&str>,
) -> Option<&'p ExchangeRate> {
    match (site, written) {
        (Some(site), Some(written)) if site != written => {
            profile.baseline.rates.iter().find(|r| r.from == written)
        }
        _ => None,
    }
}

/// The value of the baseline key `key` as the formula sees it (`0` for a key outside
/// [`crate::profile::Baseline::KEYS`], which the playbook check rejects).
fn input(baseline: &BaselineFacts, key: &str) -> ValueInput {
    let value = match key {
        "oee" => baseline.oee,
        "unplanned_downtime_hours" => baseline.unplanned_downtime_hours,
        "downtime_cost_per_hour" => baseline.downtime_cost_per_hour,
        "scrap_rate" => baseline.scrap_rate,
        "annual_material_cost" => baseline.annual_material_cost,
        "annual_energy_cost" => baseline.annual_energy_cost,
        "annual_maintenance_cost" => baseline.annual_maintenance_cost,
        _ => 0.0,
    };
    ValueInput {
        key: key.to_string(),
        value,
    }
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

/// Hours and percentages for sentences: at most one decimal.
fn hours(x: f64) -> String {
    decimals(x, 1)
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn money_gap(id: &str, title: String, why: String) -> Gap {
    Gap {
        id: id.to_string(),
        topic: "business".to_string(),
        severity: Severity::Major,
        asset: None,
        title,
        why,
        rule: id.rsplit_once('.').map_or(id, |(r, _)| r).to_string(),
        phase: "assess".to_string(),
        owner: "business".to_string(),
        cap: None,
        not_applicable: false,
    }
}

fn missing_gap(model: &BusinessCaseModel, key: &str) -> Gap {
    let mut gap = money_gap(
        &format!("business.baseline.{key}"),
        format!("Measure the baseline `{key}`"),
        format!(
            "The business case ({}) needs baseline.{key}, which the profile does not give; no value is computed until it is measured.",
            model.formula
        ),
    );
    gap.rule = "business-case.baseline".to_string();
    gap.cap = Some(VALUE_UNKNOWN_CAP);
    gap
}

/// The gap of a formula that does not fit the site: the value lever needs another measure.
fn unvalued_gap(model: &BusinessCaseModel, why: &str) -> Gap {
    let mut gap = money_gap(
        "business.value-lever",
        "Agree how the value is measured at this site: the playbook's formula does not fit it"
            .to_string(),
        format!(
            "{why} The playbook values this use case as {}, so no value or payback is computed; agree with the business owner what the pilot is measured against and record that baseline before the first gate.",
            model.formula
        ),
    );
    gap.rule = "business-case.value-when".to_string();
    gap.cap = Some(VALUE_UNKNOWN_CAP);
    gap
}

fn currency_gap(site: &str, costs: &str) -> Gap {
    let mut gap = money_gap(
        "business.cost-currency",
        format!("Quote the pilot and scale costs in {site}"),
        format!(
            "The playbook's cost estimates are in {costs} and the site's baseline is in {site}; no exchange rate is given, so the costs are shown in {costs}, never relabelled, and no payback is computed until the costs are quoted in {site} or the profile gives a rate (`[[baseline.rates]]` with from = \"{costs}\", rate, date and source)."
        ),
    );
    gap.rule = "business-case.currency".to_string();
    gap
}

fn assumptions(
    model: &BusinessCaseModel,
    rate: Option<&ExchangeRate>,
    currency: &str,
) -> Vec<Assumption> {
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
            text: format!(
                "Pilot and scale-up cost from the playbook's cost model{}; the amounts for this site are in the cost section",
                model
                    .cost_currency
                    .as_ref()
                    .map(|c| format!(", written in {c}"))
                    .unwrap_or_default()
            ),
            range: None,
            unit: String::new(),
            source: model.cost_source.clone(),
            grade: model.cost_grade.clone(),
        },
    ];
    if let Some(r) = rate {
        out.push(Assumption {
            id: "exchange-rate".to_string(),
            text: format!(
                "Playbook costs written in {} are converted at 1 {} = {} {currency}, the rate of {} given in the site profile",
                r.from,
                r.from,
                decimals(r.rate, 6),
                r.date
            ),
            range: None,
            unit: String::new(),
            source: r.source.clone(),
            grade: "A".to_string(),
        });
    }
    out.extend(model.assumptions.iter().cloned());
    out
}

#[cfg(test)]
#[path = "business_tests.rs"]
mod tests;
