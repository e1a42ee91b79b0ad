//! The status page (`src/status.md`): people's progress and the gate verdicts, on a page
//! of its own so that no chapter depends on `progress.toml` (SPEC §4).
//!
//! [`context`] evaluates every gate with [`crate::gate::evaluate`] (the same
//! verdicts `sitepack gate` prints) and lists each item, control and gap with its
//! recorded status. A package without `progress.toml` gets the same page with every
//! gate not measured and everything to do. Reads nothing from disk: the command layer
//! passes the parsed [`Progress`] in.

use serde_json::{json, Value};

use super::pictures::{timeline, GateState};
use crate::gate::{evaluate_all, CriterionResult, GateResult, State, ITEMS_DONE};
use crate::plan::Plan;
use crate::progress::Progress;
use crate::vocab::Status;

/// The statuses in the order the page lists them.
const ORDER: [Status; 5] = [
    Status::Blocked,
    Status::InProgress,
    Status::Todo,
    Status::Done,
    Status::NotApplicable,
];

/// What `status.md` sees: `gates` (each with `passed` and criteria with `state`, `target`,
/// `measured`, `detail`), `groups` (`[{status, entries: [{id, title, kind, page, progress}]}]`),
/// `counts` and `timeline` (the picture with each gate's state).
pub fn context(plan: &Plan, progress: Option<&Progress>) -> Value {
    let empty = Progress::default();
    let progress = progress.unwrap_or(&empty);
    let gates: Vec<GateResult> = evaluate_all(plan, progress);
    let states: Vec<GateState> = gates.iter().map(gate_state).collect();
    let mut entries = Vec::new();
    for g in &plan.readiness.gaps {
        entries.push(entry(&g.id, &g.title, "gap", "data-readiness.md", progress));
    }
    for i in &plan.checklist {
        let page = super::book::item_page(&i.section, i.baseline);
        entries.push(entry(&i.id, &i.title, "item", page, progress));
    }
    for c in &plan.controls {
        let page = super::book::item_page("security", c.baseline);
        entries.push(entry(&c.id, &c.title, "control", page, progress));
    }
    let groups: Vec<Value> = ORDER
        .iter()
        .map(|status| {
            let list: Vec<&Value> = entries
                .iter()
                .filter(|e| e["progress"]["status"] == status.as_str())
                .collect();
            json!({"status": status, "entries": list})
        })
        .collect();
    json!({
        "recorded": !progress.items.is_empty() || !progress.kpis.is_empty(),
        "gates": gates.iter().map(gate_value).collect::<Vec<_>>(),
        "groups": groups,
        "total": entries.len(),
        "timeline": timeline(plan, &states).html(),
    })
}

fn entry(id: &str, title: &str, kind: &str, page: &str, progress: &Progress) -> Value {
    let recorded = progress.items.get(id).map_or_else(
        || json!({"status": "todo"}),
        |p| serde_json::to_value(p).unwrap_or(Value::Null),
    );
    json!({"id": id, "title": title, "kind": kind, "page": page, "progress": recorded})
}

/// A gate's state for the timeline.
fn gate_state(gate: &GateResult) -> GateState {
    if gate.passed {
        GateState::Met
    } else if gate.criteria.iter().any(|c| c.state == State::NotMet) {
        GateState::NotMet
    } else {
        GateState::NotMeasured
    }
}

/// The criterion's explanation without repeating its state; the items criterion says how
/// many are done, not every open id (the page lists them under "Work").
fn note(c: &CriterionResult) -> String {
    if c.metric == ITEMS_DONE {
        let done = c.measured.unwrap_or(0.0);
        let total = c.threshold.unwrap_or(0.0);
        return format!("{done} of {total} items and controls of the phase done or not applicable");
    }
    c.detail
        .strip_prefix("not measured: ")
        .unwrap_or(&c.detail)
        .replace('`', "")
}

fn gate_value(gate: &GateResult) -> Value {
    let criteria: Vec<Value> = gate
        .criteria
        .iter()
        .map(|c| {
            let target = c.threshold.map(|t| super::filters::target(&c.op, t, &c.unit));
            json!({
                "metric": c.metric,
                "target": target,
                "measured": c.measured,
                "state": match c.state { State::Met => "met", State::NotMet => "not met", State::LackingData => "not measured" },
                "detail": note(c),
            })
        })
        .collect();
    json!({"id": gate.id, "title": gate.title, "phase": gate.phase, "passed": gate.passed, "state": gate_state(gate).words(), "criteria": criteria})
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::sample::sample_plan;

    #[test]
    fn entries_carry_their_progress_and_gates_their_verdict() {
        let text = "[items.\"control.segmentation\"]\nstatus = \"blocked\"\n\n[items.\"gap.owner.it\"]\nstatus = \"done\"\n";
        let progress = crate::progress::parse(std::path::Path::new("progress.toml"), text).unwrap();
        let plan = sample_plan();
        let status = context(&plan, Some(&progress));
        let group = |s: &str| {
            status["groups"]
                .as_array()
                .unwrap()
                .iter()
                .find(|g| g["status"] == s)
                .unwrap()["entries"]
                .clone()
        };
        assert_eq!(group("blocked")[0]["id"], "control.segmentation");
        assert_eq!(group("done")[0]["id"], "gap.owner.it");
        assert_eq!(status["recorded"], true);
        assert_eq!(status["gates"][0]["passed"], false);
        let without = context(&plan, None);
        assert_eq!(without["recorded"], false);
        assert_eq!(without["gates"][0]["passed"], false);
        assert!(
            group("todo").as_array().unwrap().len() < status["total"].as_u64().unwrap() as usize
        );
    }
}
