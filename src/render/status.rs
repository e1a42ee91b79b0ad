//! Progress in the book: adds each item's status and each criterion's measured value to
//! the template context, only when the package has a `progress.toml`.
//!
//! Without progress the context, and so every page, is exactly the pure render's. This
//! module reads nothing from disk: the command layer passes the parsed [`Progress`] in.

use serde_json::{json, Value};

use crate::plan::Plan;
use crate::progress::Progress;

/// Replaces `checklist`, `controls`, `readiness` and `phases` in `context` with copies
/// whose items, controls and gaps carry `progress` (`{status, assignee?, evidence?,
/// notes?}`) and whose criteria carry `measured` (a number), and sets `has_progress` so
/// templates can add their status columns.
pub fn annotate(
    context: &mut tera::Context,
    plan: &Plan,
    progress: &Progress,
) -> Result<(), tera::Error> {
    let checklist = with_progress(serde_json::to_value(&plan.checklist), progress)?;
    let controls = with_progress(serde_json::to_value(&plan.controls), progress)?;
    let mut readiness = serde_json::to_value(&plan.readiness).map_err(tera::Error::message)?;
    readiness["gaps"] = with_progress(Ok(readiness["gaps"].take()), progress)?;
    let mut phases = serde_json::to_value(&plan.phases).map_err(tera::Error::message)?;
    for phase in phases.as_array_mut().into_iter().flatten() {
        let criteria = phase["gate"]["criteria"].as_array_mut();
        for criterion in criteria.into_iter().flatten() {
            let metric = criterion["metric"].as_str().unwrap_or_default();
            if let Some(kpi) = progress.kpis.get(metric) {
                criterion["measured"] = json!(kpi.value);
            }
        }
    }
    context.insert("checklist", &checklist);
    context.insert("controls", &controls);
    context.insert("readiness", &readiness);
    context.insert("phases", &phases);
    context.insert("has_progress", &true);
    Ok(())
}

/// A list of entries with an `id`, each given the `progress` recorded for it (`todo` when
/// none is).
fn with_progress(
    list: Result<Value, serde_json::Error>,
    progress: &Progress,
) -> Result<Value, tera::Error> {
    let mut list = list.map_err(tera::Error::message)?;
    for entry in list.as_array_mut().into_iter().flatten() {
        let id = entry["id"].as_str().unwrap_or_default().to_string();
        entry["progress"] = progress.items.get(&id).map_or_else(
            || json!({"status": "todo"}),
            |p| serde_json::to_value(p).unwrap_or(Value::Null),
        );
    }
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::sample::sample_plan;

    #[test]
    fn items_controls_and_gaps_carry_their_progress() {
        let text = "[items.\"control.segmentation\"]\nstatus = \"blocked\"\n\n[items.\"gap.owner.it\"]\nstatus = \"done\"\n";
        let progress = crate::progress::parse(std::path::Path::new("progress.toml"), text).unwrap();
        let mut context = tera::Context::new();
        annotate(&mut context, &sample_plan(), &progress).unwrap();
        let get = |key: &str| serde_json::to_value(context.get(key).unwrap()).unwrap();
        let controls = get("controls");
        assert_eq!(controls[0]["progress"]["status"], "blocked");
        let gaps = &get("readiness")["gaps"];
        let status = |id: &str| {
            let gap = gaps
                .as_array()
                .unwrap()
                .iter()
                .find(|g| g["id"] == id)
                .unwrap();
            gap["progress"]["status"].as_str().unwrap().to_string()
        };
        assert_eq!(status("gap.owner.it"), "done");
        assert!(get("checklist")[0]["progress"]["status"] == "todo");
    }
}
