//! The machine-readable files: `data/plan.json` and the `data/*.csv` tables.
//!
//! Written with serde_json and the `csv` crate, never with templates, so quoting
//! is always right. Every CSV cell goes through [`csv_cell`] against formula
//! injection; JSON strings are escaped by serde, and control and bidi characters are
//! written as `\\uXXXX` escapes ([`json_text`]).

use super::escape::{csv_cell, json_text};
use super::RenderError;
use crate::plan::Plan;

/// `data/plan.json`: the whole plan, pretty-printed, with a trailing newline.
pub fn plan_json(plan: &Plan) -> Result<Vec<u8>, RenderError> {
    let text = serde_json::to_string_pretty(plan)?;
    let mut out = json_text(&text).into_owned().into_bytes();
    out.push(b'\n');
    Ok(out)
}

/// `data/checklist.csv`: one row per checklist item, refs joined by `"; "`, `baseline`
/// `true` or `false`, `targets` (a merged item's targets) joined by `"; "`.
pub fn checklist_csv(plan: &Plan) -> Result<Vec<u8>, RenderError> {
    let header = [
        "id",
        "section",
        "phase",
        "title",
        "owner",
        "owner_name",
        "why",
        "rule",
        "refs",
        "baseline",
        "targets",
    ];
    let rows = plan.checklist.iter().map(|i| {
        [
            &i.id,
            &i.section,
            &i.phase,
            &i.title,
            &i.owner,
            &i.owner_name,
            &i.why,
            &i.rule,
            &i.refs.join("; "),
            &i.baseline.to_string(),
            &i.targets.join("; "),
        ]
        .map(String::as_str)
        .map(csv_cell)
    });
    table(header, rows)
}

/// `data/raci.csv`: one row per activity, a RACI letter per role.
/// Quality and safety get a column only where the site names their owner.
pub fn raci_csv(plan: &Plan) -> Result<Vec<u8>, RenderError> {
    let first = plan.raci.first();
    let quality = first.is_some_and(|r| r.quality.is_some());
    let safety = first.is_some_and(|r| r.safety.is_some());
    let mut header = vec![
        "id",
        "activity",
        "phase",
        "business",
        "operations",
        "it",
        "data",
        "change",
    ];
    header.extend(quality.then_some("quality"));
    header.extend(safety.then_some("safety"));
    let rows = plan.raci.iter().map(|r| {
        let mut row: Vec<String> = [
            &r.id,
            &r.activity,
            &r.phase,
            &r.business,
            &r.operations,
            &r.it,
            &r.data,
            &r.change,
        ]
        .map(|s| csv_cell(s))
        .to_vec();
        row.extend(r.quality.as_deref().map(csv_cell));
        row.extend(r.safety.as_deref().map(csv_cell));
        row
    });
    table(header, rows)
}

/// `data/controls.csv`: one row per security control, refs joined by `"; "`.
pub fn controls_csv(plan: &Plan) -> Result<Vec<u8>, RenderError> {
    let header = [
        "id",
        "title",
        "refs",
        "why",
        "rule",
        "phase",
        "owner",
        "owner_name",
        "baseline",
        "targets",
    ];
    let rows = plan.controls.iter().map(|c| {
        [
            &c.id,
            &c.title,
            &c.refs.join("; "),
            &c.why,
            &c.rule,
            &c.phase,
            &c.owner,
            &c.owner_name,
            &c.baseline.to_string(),
            &c.targets.join("; "),
        ]
        .map(|s| csv_cell(s))
    });
    table(header, rows)
}

/// `data/gaps.csv`: one row per readiness gap; `asset` is empty for site-wide gaps.
pub fn gaps_csv(plan: &Plan) -> Result<Vec<u8>, RenderError> {
    let header = [
        "id", "topic", "severity", "asset", "title", "why", "rule", "phase", "owner",
    ];
    let rows = plan.readiness.gaps.iter().map(|g| {
        [
            g.id.as_str(),
            &g.topic,
            g.severity.as_str(),
            g.asset.as_deref().unwrap_or(""),
            &g.title,
            &g.why,
            &g.rule,
            &g.phase,
            &g.owner,
        ]
        .map(csv_cell)
    });
    table(header, rows)
}

/// A CSV document with LF line endings: the header, then the rows.
fn table<'a, R: IntoIterator<Item = String>>(
    header: impl IntoIterator<Item = &'a str>,
    rows: impl Iterator<Item = R>,
) -> Result<Vec<u8>, RenderError> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    writer.write_record(header)?;
    for row in rows {
        writer.write_record(row)?;
    }
    writer
        .into_inner()
        .map_err(|e| RenderError::Csv(e.into_error().into()))
}
