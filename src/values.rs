//! Value types that a playbook states and a plan carries unchanged: gap
//! severity, adoption KPIs, value ranges, business-case assumptions and the
//! problem statement.
//!
//! They sit below both `playbook` and `plan` so that neither has to import the
//! other's types: `playbook` compiles them from TOML, `plan` copies them into
//! the plan (`plan::model` re-exports them, so `plan.json` is still
//! the serde form of `plan::model`).

use serde::Serialize;

/// Severity of a gap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Blocking,
    Major,
    Minor,
}

impl Severity {
    /// The lower-case spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Blocking => "blocking",
            Severity::Major => "major",
            Severity::Minor => "minor",
        }
    }
}

/// A measure of adoption with its target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AdoptionKpi {
    pub id: String,
    pub metric: String,
    pub definition: String,
    pub op: String,
    pub target: f64,
    pub unit: String,
}

/// Low / expected / high.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Range {
    pub low: f64,
    pub expected: f64,
    pub high: f64,
}

/// An assumption behind the business case, with its source and grade.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assumption {
    pub id: String,
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range: Option<Range>,
    pub unit: String,
    pub source: String,
    /// S (standard), V (vendor), C (consultancy claim), H (practitioner), U (unverified), A (assumption).
    pub grade: String,
}

/// The use case's problem statement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    pub statement: String,
    pub value_levers: Vec<String>,
}
