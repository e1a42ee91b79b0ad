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
//! Progress for an id the plan no longer has is kept and reported, never dropped. Free
//! texts are limited to [`MAX_TEXT`] characters; the file to [`Input::Progress`]'s size.

mod parse;

pub use parse::MAX_TEXT;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::fsread::{self, Input};
use crate::plan::Plan;

/// Where the progress file lives inside a package.
pub const PROGRESS_PATH: &str = "progress.toml";

/// The valid item statuses, as written in the file.
pub const STATUSES: &[&str] = crate::vocab::Status::ALL;

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
    /// The key path (`items."gw-07".status`), empty for a syntax error.
    pub key: String,
    /// What is wrong and what to write instead, starting with the key path.
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

/// Parses and validates the text of a progress file; `path` only names it in errors. Every
/// problem is reported, each with its line, column and key path.
pub fn parse(path: &Path, text: &str) -> Result<Progress, ProgressErrors> {
    parse::parse(text).map_err(|issues| ProgressErrors {
        path: path.to_path_buf(),
        issues,
    })
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

    #[test]
    fn reports_every_problem_at_once_with_key_paths() {
        let long = "x".repeat(MAX_TEXT + 1);
        let text = format!(
            "[items.\"gw.07\"]\nstatus = \"dnoe\"\nownr = \"Ines\"\n[items.b]\nassignee = 3\n\
             notes = \"{long}\"\n[kpis]\nx = {{ valu = 1 }}\ny = {{ value = 2, measured = \"May\" }}\n\
             [other]\n"
        );
        let e = parse(Path::new("p.toml"), &text).unwrap_err();
        let got: Vec<(usize, &str)> = e.issues.iter().map(|i| (i.line, i.key.as_str())).collect();
        assert_eq!(
            got,
            [
                (2, "items.\"gw.07\".status"),
                (3, "items.\"gw.07\".ownr"),
                (4, "items.b.status"),
                (5, "items.b.assignee"),
                (6, "items.b.notes"),
                (8, "kpis.x.value"),
                (8, "kpis.x.valu"),
                (9, "kpis.y.measured"),
                (10, "other"),
            ],
            "{e}"
        );
        let shown = e.to_string();
        assert!(
            shown.contains("p.toml:3:1: items.\"gw.07\".ownr: unknown key"),
            "{shown}"
        );
        assert!(shown.contains("longer than the limit of 4000"), "{shown}");
        assert!(shown.contains("did you mean `value`"), "{shown}");
    }

    #[test]
    fn a_syntax_error_comes_with_the_other_problems() {
        let text = "[items.a]\nstatus = \"dnoe\"\n[items.b\nstatus = \"done\"\n";
        let e = parse(Path::new("p.toml"), text).unwrap_err();
        assert!(
            e.issues.iter().any(|i| i.key.is_empty() && i.line == 3),
            "{e}"
        );
        assert!(e.issues.iter().any(|i| i.key == "items.a.status"), "{e}");
    }
}
