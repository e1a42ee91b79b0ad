//! `sitepack gate DIR`: the next stage gate against measured KPIs and progress.
//!
//! Options -> [`crate::gate::evaluate_all`] on the package's plan and `progress.toml` ->
//! a verdict. Exit 0 only when the gate passes. With `--report`, it is a report instead of a check: every gate's state
//! and the chosen gate's criteria as Markdown (for a pull request's summary), exit 0 whatever
//! the verdict. Reads the package, writes nothing.

use serde_json::json;

use super::{json_document, package_inputs};
use crate::gate::{evaluate_all, GateResult, State};
use crate::plan::{self, Plan};
use crate::{progress, Error, Format, Output, PackageOptions};

/// Runs the gate check; exit 1 unless the gate passes (always 0 with `--report`).
pub fn run(options: &PackageOptions) -> Result<Output, Error> {
    let (_lock, inputs) = package_inputs(options)?;
    let plan = plan::derive(&inputs.profile, &inputs.playbook, inputs.as_of)?;
    if !plan.readiness.applicable {
        return Ok(not_applicable(&plan, options));
    }
    let progress = progress::read(&options.dir)?.unwrap_or_default();
    let results = evaluate_all(&plan, &progress);
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

/// A use case that does not apply has no gate to pass: say why, exit 1 (0 with `--report`).
fn not_applicable(plan: &Plan, options: &PackageOptions) -> Output {
    let reasons = plan.readiness.not_applicable_reasons();
    let stdout = match options.format {
        Format::Json => json_document(&json!({
            "ok": false,
            "dir": options.dir.display().to_string(),
            "site": plan.site.id,
            "use_case": plan.use_case.id,
            "gate": null,
            "all_passed": false,
            "not_applicable": reasons,
        })),
        Format::Text => format!(
            "no gate: {} does not apply to this site as described: {}; close that gap and re-render\n",
            plan.use_case.title,
            reasons.join("; ")
        ),
    };
    Output {
        stdout,
        notes: Vec::new(),
        code: i32::from(!options.report),
    }
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
