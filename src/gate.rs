//! Gate evaluation: each phase's gate of a [`Plan`] against people's [`Progress`].
//!
//! Each criterion is met, not met, or lacking data (no threshold because the profile
//! lacks a baseline, or no measured KPI in `progress.toml`); a metric the plan itself
//! computes is checked against what `progress.toml` types. Every gate also requires
//! each checklist item and control of its phase to be `done` or `n/a` (the implicit
//! [`ITEMS_DONE`] criterion). Pure: `sitepack gate`, the status page and the portfolio
//! all call [`evaluate`], so they cannot give different verdicts.

use serde::Serialize;

use crate::plan::{Computed, Criterion, Phase, Plan};
use crate::progress::Progress;
use crate::vocab::{Op, Status};

/// The metric of the implicit criterion "every item of the phase is done".
pub const ITEMS_DONE: &str = "phase_items_done";

/// The unit of a criterion whose value is a share from 0 to 1; pages show it as a
/// percentage, so a typed `80` is a mistake, never "met".
const RATIO: &str = "ratio";

/// The outcome of one criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    Met,
    NotMet,
    LackingData,
}

/// One evaluated criterion.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionResult {
    pub metric: String,
    pub op: String,
    pub threshold: Option<f64>,
    pub unit: String,
    pub measured: Option<f64>,
    pub state: State,
    /// Why, in a sentence.
    pub detail: String,
}

/// One evaluated gate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GateResult {
    pub id: String,
    pub phase: String,
    pub title: String,
    pub passed: bool,
    pub criteria: Vec<CriterionResult>,
}

/// Every phase's gate of `plan`, in phase order.
pub fn evaluate_all(plan: &Plan, progress: &Progress) -> Vec<GateResult> {
    plan.phases
        .iter()
        .map(|p| evaluate(p, plan, progress))
        .collect()
}

/// Evaluates the gate of `phase`: its criteria, then the phase's items.
pub fn evaluate(phase: &Phase, plan: &Plan, progress: &Progress) -> GateResult {
    let mut criteria: Vec<CriterionResult> = phase
        .gate
        .criteria
        .iter()
        .map(|c| criterion(c, progress))
        .collect();
    criteria.push(items_done(&phase.id, plan, progress));
    GateResult {
        id: phase.gate.id.clone(),
        phase: phase.id.clone(),
        title: phase.gate.title.clone(),
        passed: criteria.iter().all(|c| c.state == State::Met),
        criteria,
    }
}

/// One KPI criterion against `progress.toml` `[kpis]`, or against what the
/// plan computes: a typed value that contradicts the plan is not met.
pub fn criterion(c: &Criterion, progress: &Progress) -> CriterionResult {
    let typed = progress.kpis.get(&c.metric).map(|k| k.value);
    if let Some(result) = c.computed.and_then(|k| from_plan(c, k, typed)) {
        return result;
    }
    let measured = typed;
    let (state, detail) = match (c.threshold, measured) {
        (_, Some(v)) if c.unit == RATIO && !(0.0..=1.0).contains(&v) => (
            State::LackingData,
            format!(
                "`{} = {v}` in progress.toml is not a ratio from 0 to 1 (80 % is 0.8): correct it",
                c.metric
            ),
        ),
        (None, _) => (
            State::LackingData,
            "no threshold: the profile lacks the baseline it is computed from".to_string(),
        ),
        (Some(_), None) => (
            State::LackingData,
            format!(
                "not measured: add `{} = <value>` under [kpis] in progress.toml",
                c.metric
            ),
        ),
        (Some(t), Some(v)) if holds(v, &c.op, t) => (State::Met, format!("{v} {} {t}", c.op)),
        (Some(t), Some(v)) => (State::NotMet, format!("{v} is not {} {t}", c.op)),
    };
    result(c, measured, state, detail)
}

/// The result of criterion `c` with its verdict.
fn result(c: &Criterion, measured: Option<f64>, state: State, detail: String) -> CriterionResult {
    CriterionResult {
        metric: c.metric.clone(),
        op: c.op.clone(),
        threshold: c.threshold,
        unit: c.unit.clone(),
        measured,
        state,
        detail,
    }
}

/// The verdict when the plan knows the metric: exact values are used as they
/// are; an upper bound only rules out a typed value above it.
fn from_plan(c: &Criterion, k: Computed, typed: Option<f64>) -> Option<CriterionResult> {
    let contradicts = typed.filter(|v| {
        if k.exact {
            (v - k.value).abs() > 1e-9
        } else {
            *v > k.value + 1e-9
        }
    });
    let (measured, state, detail) =
        match (contradicts, c.threshold) {
            (Some(v), _) => (
                Some(v),
                State::NotMet,
                format!(
                "progress.toml says {v}, but the plan {} {}: correct the profile or progress.toml",
                if k.exact { "computes" } else { "allows at most" },
                k.value
            ),
            ),
            (None, Some(t)) if k.exact => {
                let ok = holds(k.value, &c.op, t);
                let detail = if ok {
                    format!("{} {} {t} (computed from the plan)", k.value, c.op)
                } else {
                    format!("{} is not {} {t} (computed from the plan)", k.value, c.op)
                };
                let state = if ok { State::Met } else { State::NotMet };
                (Some(k.value), state, detail)
            }
            _ => return None,
        };
    Some(result(c, measured, state, detail))
}

/// `value op threshold`; an operator the playbook loader did not accept never holds.
fn holds(value: f64, op: &str, threshold: f64) -> bool {
    Op::parse(op).is_some_and(|op| op.holds(value, threshold))
}

/// Every checklist item and control of `phase` is `done` or `n/a`.
fn items_done(phase: &str, plan: &Plan, progress: &Progress) -> CriterionResult {
    let items = plan
        .checklist
        .iter()
        .filter(|i| i.phase == phase)
        .map(|i| &i.id);
    let controls = plan
        .controls
        .iter()
        .filter(|c| c.phase == phase)
        .map(|c| &c.id);
    let ids: Vec<&String> = items.chain(controls).collect();
    let open: Vec<&str> = ids
        .iter()
        .map(|id| id.as_str())
        .filter(|id| !Status::parse(progress.status(id)).is_some_and(Status::is_closed))
        .collect();
    let total = ids.len() as f64;
    let done = total - open.len() as f64;
    let (state, detail) = if open.is_empty() {
        (State::Met, format!("all {} items done", ids.len()))
    } else {
        let detail = format!(
            "{} of {} items open: {}",
            open.len(),
            ids.len(),
            open.join(", ")
        );
        (State::NotMet, detail)
    };
    CriterionResult {
        metric: ITEMS_DONE.into(),
        op: ">=".into(),
        threshold: Some(total),
        unit: "items".into(),
        measured: Some(done),
        state,
        detail,
    }
}

#[cfg(test)]
mod tests;
