//! `progress.toml`: what people did, kept in the package and never written by the renderer.
//!
//! Keyed by the stable item ids of the plan (`[items."integration.gateway.press-07"]`) plus
//! measured KPIs (`[kpis]`), so it survives every re-render and update. This module parses
//! and validates the file (positions, unknown keys, "did you mean") and answers questions
//! about it; it does not render anything and does not write the file.
//!
//! ```toml
//! [items."integration.gateway.press-07"]
//! status = "in-progress"            # todo | in-progress | done | blocked | n/a
//! assignee = "Ines Haddad"          # optional
//! evidence = "https://wiki.example.com/gw-07"   # optional
//! notes = "Gateway ordered"         # optional
//!
//! [kpis]
//! alert_precision = 0.74            # a bare number, or a table:
//! unplanned_downtime_hours = { value = 120.0, measured = "2026-05-31", source = "CMMS" }
//! ```
//!
//! Progress for an id the plan no longer has is kept and reported, never dropped.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::fsread::{self, Input};
use crate::plan::Plan;

/// Where the progress file lives inside a package.
pub const PROGRESS_PATH: &str = "progress.toml";

/// The valid item statuses, as written in the file.
pub const STATUSES: [&str; 5] = ["todo", "in-progress", "done", "blocked", "n/a"];

/// People's progress on a package.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Progress {
    /// Item id to its progress.
    pub items: BTreeMap<String, ItemProgress>,
    /// Metric name to its measured value.
    pub kpis: BTreeMap<String, Kpi>,
}

/// The progress of one checklist item, control or gap.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemProgress {
    /// One of [`STATUSES`].
    pub status: String,
    /// Who works on it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    /// A link to the evidence that it is done.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// Free notes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// One measured KPI.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Kpi {
    /// The measured value.
    pub value: f64,
    /// When it was measured, `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measured: Option<String>,
    /// Where the figure comes from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// One problem in a progress file, with its position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProgressIssue {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong and what to write instead.
    pub message: String,
}

/// Why a progress file cannot be used: every problem found in it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", render_issues(.path, .issues))]
pub struct ProgressErrors {
    /// The file.
    pub path: PathBuf,
    /// Its problems, in file order.
    pub issues: Vec<ProgressIssue>,
}

/// Reads `DIR/progress.toml` without following links (a regular file of at most
/// [`Input::Progress`]'s limit); `Ok(None)` when the package has none.
pub fn read(dir: &Path) -> Result<Option<Progress>, crate::Error> {
    let path = dir.join(PROGRESS_PATH);
    match fsread::read_text_in(dir, PROGRESS_PATH, Input::Progress)? {
        Some(text) => Ok(Some(parse(&path, &text)?)),
        None => Ok(None),
    }
}

impl Progress {
    /// Ids with progress that the plan no longer has, sorted.
    pub fn orphans(&self, plan: &Plan) -> Vec<String> {
        let known = plan_ids(plan);
        self.items
            .keys()
            .filter(|id| !known.contains(&id.as_str()))
            .cloned()
            .collect()
    }

    /// The status of `id`, `todo` when nobody wrote one.
    pub fn status(&self, id: &str) -> &str {
        self.items.get(id).map_or("todo", |i| i.status.as_str())
    }
}

/// Every id in the plan that progress can be kept for: items, controls and gaps.
fn plan_ids(plan: &Plan) -> Vec<&str> {
    let items = plan.checklist.iter().map(|i| i.id.as_str());
    let controls = plan.controls.iter().map(|c| c.id.as_str());
    let gaps = plan.readiness.gaps.iter().map(|g| g.id.as_str());
    items.chain(controls).chain(gaps).collect()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProgress {
    #[serde(default)]
    items: BTreeMap<String, RawItem>,
    #[serde(default)]
    kpis: BTreeMap<String, Spanned<toml::Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    status: Spanned<String>,
    assignee: Option<String>,
    evidence: Option<String>,
    notes: Option<String>,
}

/// Parses and validates the text of a progress file; `path` only names it in errors.
pub fn parse(path: &Path, text: &str) -> Result<Progress, ProgressErrors> {
    let fail = |issues| ProgressErrors {
        path: path.to_path_buf(),
        issues,
    };
    let raw: RawProgress = toml::from_str(text).map_err(|e| {
        let at = e.span().map_or(0, |s| s.start);
        fail(vec![issue(text, at, e.message().to_string())])
    })?;
    let mut issues = Vec::new();
    let mut progress = Progress::default();
    for (id, item) in raw.items {
        let status = item.status.get_ref();
        if !STATUSES.contains(&status.as_str()) {
            let hint = crate::suggest::nearest(status, STATUSES)
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            let message = format!(
                "items.\"{id}\".status: `{status}` is not one of {}{hint}",
                STATUSES.join(", ")
            );
            issues.push(issue(text, item.status.span().start, message));
            continue;
        }
        let entry = ItemProgress {
            status: status.clone(),
            assignee: item.assignee,
            evidence: item.evidence,
            notes: item.notes,
        };
        progress.items.insert(id, entry);
    }
    for (metric, value) in raw.kpis {
        match kpi(value.get_ref()) {
            Ok(kpi) => drop(progress.kpis.insert(metric, kpi)),
            Err(why) => {
                let message = format!("kpis.{metric}: {why}");
                issues.push(issue(text, value.span().start, message));
            }
        }
    }
    issues.sort_by_key(|i| (i.line, i.column));
    if issues.is_empty() {
        Ok(progress)
    } else {
        Err(fail(issues))
    }
}

/// A KPI written as a number, or as a table `{ value, measured, source }`.
fn kpi(value: &toml::Value) -> Result<Kpi, String> {
    let number = |v: &toml::Value| match v {
        toml::Value::Float(f) if f.is_finite() => Some(*f),
        toml::Value::Integer(i) => Some(*i as f64),
        _ => None,
    };
    if let Some(value) = number(value) {
        return Ok(Kpi {
            value,
            measured: None,
            source: None,
        });
    }
    let toml::Value::Table(table) = value else {
        return Err("expected a number or a table { value, measured, source }".into());
    };
    if let Some(key) = table
        .keys()
        .find(|k| !["value", "measured", "source"].contains(&k.as_str()))
    {
        let hint = crate::suggest::nearest(key, ["value", "measured", "source"])
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default();
        return Err(format!("unknown key `{key}`{hint}"));
    }
    let value = table
        .get("value")
        .and_then(number)
        .ok_or("`value` must be a number")?;
    let text = |key: &str| match table.get(key) {
        None => Ok(None),
        Some(toml::Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(format!("`{key}` must be a string")),
    };
    let measured = text("measured")?;
    if let Some(date) = &measured {
        if crate::date::Date::parse(date).is_none() {
            return Err(format!("`measured` `{date}` is not a date YYYY-MM-DD"));
        }
    }
    Ok(Kpi {
        value,
        measured,
        source: text("source")?,
    })
}

fn issue(text: &str, offset: usize, message: String) -> ProgressIssue {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    ProgressIssue {
        line,
        column,
        message,
    }
}

fn render_issues(path: &Path, issues: &[ProgressIssue]) -> String {
    let lines: Vec<String> = issues
        .iter()
        .map(|i| format!("{}:{}:{}: {}", path.display(), i.line, i.column, i.message))
        .collect();
    format!("invalid progress file\n{}", lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
[items."integration.gateway.press-07"]
status = "done"
assignee = "Ines"
evidence = "https://wiki.example.com/gw"

[kpis]
alert_precision = 0.74
downtime = { value = 120, measured = "2026-03-01", source = "CMMS" }
"#;

    #[test]
    fn parses_items_and_both_kpi_forms() {
        let p = parse(Path::new("progress.toml"), GOOD).unwrap();
        assert_eq!(p.status("integration.gateway.press-07"), "done");
        assert_eq!(p.status("other"), "todo");
        assert_eq!(p.kpis["alert_precision"].value, 0.74);
        assert_eq!(p.kpis["downtime"].value, 120.0);
        assert_eq!(p.kpis["downtime"].source.as_deref(), Some("CMMS"));
    }

    #[test]
    fn reports_every_bad_value_with_position_and_suggestion() {
        let text =
            "[items.a]\nstatus = \"dnoe\"\n[items.b]\nstatus = \"doing\"\n[kpis]\nx = \"high\"\n";
        let e = parse(Path::new("p.toml"), text).unwrap_err();
        assert_eq!(e.issues.len(), 3, "{e}");
        assert_eq!((e.issues[0].line, e.issues[0].column), (2, 10));
        assert!(e.issues[0].message.contains("did you mean `done`"), "{e}");
        assert!(e.to_string().contains("p.toml:6:5: kpis.x"), "{e}");
    }

    #[test]
    fn rejects_unknown_keys_with_position() {
        let text = "[items.a]\nstatus = \"done\"\nowner = \"x\"\n";
        let e = parse(Path::new("p.toml"), text).unwrap_err();
        assert_eq!(e.issues[0].line, 3, "{e}");
        assert!(e.issues[0].message.contains("owner"), "{e}");
        let e = parse(Path::new("p.toml"), "[kpis.x]\nvalu = 1\n").unwrap_err();
        assert!(e.to_string().contains("did you mean `value`"), "{e}");
    }
}
