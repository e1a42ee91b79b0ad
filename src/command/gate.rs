//! `sitepack gate DIR`: evaluates the next stage gate against measured KPIs and progress.
//!
//! Each criterion of the gate is met, not met, or lacking data (no threshold because the
//! profile lacks a baseline, or no measured KPI in `progress.toml`). The gate also requires
//! every checklist item and control of its phase to be `done` or `n/a`. Exit 0 only when
//! the gate passes. With `--report`, it is a report instead of a check: every gate's state
//! and the chosen gate's criteria as Markdown (for a pull request's summary), exit 0 whatever
//! the verdict. Reads the package, writes nothing.

use serde::Serialize;
use serde_json::json;

use super::{json_document, package_inputs};
use crate::plan::{self, Computed, Criterion, Phase, Plan};
use crate::progress::Progress;
use crate::{progress, Error, Format, Output, PackageOptions};

/// The metric of the implicit criterion "every item of the phase is done".
pub const ITEMS_DONE: &str = "phase_items_done";

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

/// Runs the gate check; exit 1 unless the gate passes (always 0 with `--report`).
pub fn run(options: &PackageOptions) -> Result<Output, Error> {
    let (_lock, inputs) = package_inputs(options)?;
    let plan = plan::derive(&inputs.profile, &inputs.playbook, inputs.as_of)?;
    let progress = progress::read(&options.dir)?.unwrap_or_default();
    let results: Vec<GateResult> = plan
        .phases
        .iter()
        .map(|p| evaluate(p, &plan, &progress))
        .collect();
    let chosen = choose(&results, options.gate.as_deref())?;
    let passed = chosen.is_none_or(|g| g.passed);
    let stdout = match (options.format, options.report) {
        (Format::Json, report) => {
            let mut doc = json!({
                "ok": passed,
                "dir": options.dir.display().to_string(),
                "site": plan.site.id,
                "use_case": plan.use_case.id,
                "gate": chosen,
                "all_passed": results.iter().all(|g| g.passed),
            });
            if report {
                doc["report"] = json!(true);
                doc["gates"] = json!(results);
            }
            json_document(&doc)
        }
        (Format::Text, true) => report_text(&plan, &results, chosen),
        (Format::Text, false) => chosen.map_or_else(|| "every gate has passed\n".into(), gate_text),
    };
    Ok(Output {
        stdout,
        notes: Vec::new(),
        code: i32::from(!passed && !options.report),
    })
}

/// The gate asked for by id (gate or phase id), or the first that has not passed.
fn choose<'a>(
    results: &'a [GateResult],
    id: Option<&str>,
) -> Result<Option<&'a GateResult>, Error> {
    let Some(id) = id else {
        return Ok(results.iter().find(|g| !g.passed));
    };
    if let Some(gate) = results.iter().find(|g| g.id == id || g.phase == id) {
        return Ok(Some(gate));
    }
    let ids = results.iter().map(|g| g.id.as_str());
    let hint = crate::suggest::nearest(id, ids)
        .map(|s| format!("; did you mean `{s}`?"))
        .unwrap_or_default();
    let all: Vec<&str> = results.iter().map(|g| g.id.as_str()).collect();
    Err(Error::Usage(format!(
        "--gate `{id}` is not a gate of this package (gates: {}){hint}",
        all.join(", ")
    )))
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
    Some(CriterionResult {
        metric: c.metric.clone(),
        op: c.op.clone(),
        threshold: c.threshold,
        unit: c.unit.clone(),
        measured,
        state,
        detail,
    })
}

fn holds(value: f64, op: &str, threshold: f64) -> bool {
    match op {
        ">=" => value >= threshold,
        "<=" => value <= threshold,
        ">" => value > threshold,
        "<" => value < threshold,
        "==" => (value - threshold).abs() <= 1e-9 * threshold.abs().max(1.0),
        _ => false,
    }
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
        .filter(|id| !matches!(progress.status(id), "done" | "n/a"))
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

/// `--report`: every gate's state, then the chosen gate's criteria, as Markdown.
fn report_text(plan: &Plan, results: &[GateResult], chosen: Option<&GateResult>) -> String {
    let md = crate::render::escape::escape_markdown;
    let mut text = format!(
        "## Gates of {} for {}\n\n| gate | phase | verdict | criteria met |\n|---|---|---|---|\n",
        md(&plan.site.name),
        md(&plan.use_case.title)
    );
    for g in results {
        let met = g.criteria.iter().filter(|c| c.state == State::Met).count();
        let verdict = if g.passed { "passed" } else { "not passed" };
        text += &format!(
            "| {} ({}) | {} | {verdict} | {met} of {} |\n",
            md(&g.id),
            md(&g.title),
            md(&g.phase),
            g.criteria.len()
        );
    }
    match chosen {
        None => text += "\nEvery gate has passed.\n",
        Some(gate) => {
            text += &format!("\n### {} ({})\n\n", md(&gate.id), md(&gate.title));
            for c in &gate.criteria {
                text += &format!(
                    "- {}: {}: {}\n",
                    state_word(c.state),
                    md(&c.metric),
                    md(&c.detail)
                );
            }
        }
    }
    text + "\nThis is a report: `sitepack gate --report` exits 0 whatever the verdict.\n"
}

fn state_word(state: State) -> &'static str {
    match state {
        State::Met => "met",
        State::NotMet => "not met",
        State::LackingData => "lacking data",
    }
}

fn gate_text(gate: &GateResult) -> String {
    let verdict = if gate.passed { "passed" } else { "not passed" };
    let mut text = format!(
        "gate {} ({}, phase {}): {verdict}\n",
        gate.id, gate.title, gate.phase
    );
    for c in &gate.criteria {
        let state = state_word(c.state);
        text.push_str(&format!("  {state:<13} {}: {}\n", c.metric, c.detail));
    }
    text
}

#[cfg(test)]
#[path = "gate_tests.rs"]
mod tests;
