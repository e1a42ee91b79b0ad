//! Progress in the book: adds each item's status and each criterion's measured value to
//! the template context, only when the package has a `progress.toml`.
//!
//! Without progress the context, and so every page, is exactly the pure render's. This
//! module reads nothing from disk: the command layer passes the parsed [`Progress`] in.

use serde_json::{json, Value};

use crate::plan::Plan;
use crate::progress::Progress;

/// Replaces `checklist` and `phases` in `context` with copies that carry `progress`
/// (`{status, assignee?, evidence?, notes?}`) and `measured` (a number), and sets
/// `has_progress` so templates can add their status columns.
pub fn annotate(
    context: &mut tera::Context,
    plan: &Plan,
    progress: &Progress,
) -> Result<(), tera::Error> {
    let mut checklist = serde_json::to_value(&plan.checklist).map_err(tera::Error::message)?;
    for item in checklist.as_array_mut().into_iter().flatten() {
        let id = item["id"].as_str().unwrap_or_default().to_string();
        let entry = progress.items.get(&id).map_or_else(
            || json!({"status": "todo"}),
            |p| serde_json::to_value(p).unwrap_or(Value::Null),
        );
        item["progress"] = entry;
    }
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
    context.insert("phases", &phases);
    context.insert("has_progress", &true);
    Ok(())
}
