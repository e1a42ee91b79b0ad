//! The playbook file format as read from TOML, before validation.
//!
//! One struct per table of `book/src/playbook-format.md`. Unknown keys are
//! errors (`deny_unknown_fields`); spans give the line of each entry so later
//! errors can name it.

use serde::Deserialize;
use toml::Spanned;

/// One playbook file: a use-case `playbook.toml` or a `common/*.toml` fragment.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    pub id: Option<String>,
    pub title: Option<String>,
    pub version: Option<String>,
    pub summary: Option<String>,
    pub security_level_default: Option<u32>,
    pub problem: Option<RawProblem>,
    pub business_case: Option<Spanned<RawBusinessCase>>,
    pub readiness: Option<Spanned<RawReadiness>>,
    #[serde(default)]
    pub rule: Vec<Spanned<RawRule>>,
    #[serde(default)]
    pub raci: Vec<Spanned<RawRaci>>,
    #[serde(default)]
    pub stakeholder: Vec<Spanned<RawStakeholder>>,
    #[serde(default)]
    pub training: Vec<Spanned<RawTraining>>,
    #[serde(default)]
    pub communication: Vec<Spanned<RawCommunication>>,
    #[serde(default)]
    pub adoption_kpi: Vec<Spanned<RawAdoptionKpi>>,
    #[serde(default)]
    pub phase: Vec<Spanned<RawPhase>>,
    #[serde(default)]
    pub gate_criterion: Vec<Spanned<RawGateCriterion>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProblem {
    pub statement: String,
    #[serde(default)]
    pub value_levers: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    pub id: String,
    pub scope: String,
    pub when: String,
    pub emit: String,
    pub section: Option<String>,
    pub topic: Option<String>,
    pub severity: Option<String>,
    /// Defaults to the first phase (for gaps: must be closed before it ends).
    pub phase: Option<String>,
    pub owner: String,
    pub title: String,
    pub why: String,
    #[serde(default)]
    pub refs: Vec<String>,
    /// Gaps only: the readiness score cannot exceed this while the gap is open.
    pub cap: Option<u32>,
    /// Gaps only: the use case does not apply while the gap is open.
    #[serde(default)]
    pub not_applicable: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRaci {
    pub id: String,
    pub activity: String,
    pub phase: String,
    #[serde(default)]
    pub business: String,
    #[serde(default)]
    pub operations: String,
    #[serde(default)]
    pub it: String,
    #[serde(default)]
    pub data: String,
    #[serde(default)]
    pub change: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStakeholder {
    pub id: String,
    pub group: String,
    pub size: Option<String>,
    pub concerns: String,
    pub engagement: String,
    pub why: String,
    pub when: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTraining {
    pub id: String,
    pub title: String,
    pub audience: String,
    pub people: String,
    pub class_size: u32,
    pub hours_per_person: f64,
    pub phase: String,
    pub why: String,
    pub when: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCommunication {
    pub id: String,
    pub phase: String,
    pub audience: String,
    pub channel: String,
    pub message: String,
    pub owner: String,
    pub when: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAdoptionKpi {
    pub id: String,
    pub metric: String,
    pub definition: String,
    pub op: String,
    pub target: f64,
    pub unit: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBusinessCase {
    pub formula: String,
    pub value: String,
    #[serde(default)]
    pub requires: Vec<String>,
    pub factor: RawRange,
    pub factor_text: String,
    pub factor_source: String,
    pub factor_grade: String,
    pub pilot_cost: String,
    pub scale_cost: String,
    pub cost_source: String,
    pub cost_grade: String,
    #[serde(default)]
    pub assumption: Vec<RawAssumption>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRange {
    pub low: f64,
    pub expected: f64,
    pub high: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAssumption {
    pub id: String,
    pub text: String,
    pub source: String,
    pub grade: String,
    #[serde(default)]
    pub unit: String,
    pub low: Option<f64>,
    pub expected: Option<f64>,
    pub high: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawReadiness {
    pub weights: std::collections::BTreeMap<String, f64>,
    pub penalty: RawPenalty,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPenalty {
    pub blocking: u32,
    pub major: u32,
    pub minor: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPhase {
    pub id: String,
    pub title: String,
    pub goal: String,
    pub gate: RawGate,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGate {
    pub id: String,
    pub title: String,
    pub accountable: String,
    #[serde(default)]
    pub criteria: Vec<RawCriterion>,
}

/// A threshold: a number, or CEL over `site` and `baseline`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RawThreshold {
    Number(f64),
    Expr(String),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCriterion {
    pub metric: String,
    pub op: String,
    pub threshold: RawThreshold,
    #[serde(default)]
    pub requires: Vec<String>,
    pub unit: String,
    pub kind: String,
    pub evidence: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGateCriterion {
    pub phase: String,
    pub metric: String,
    pub op: String,
    pub threshold: RawThreshold,
    #[serde(default)]
    pub requires: Vec<String>,
    pub unit: String,
    pub kind: String,
    pub evidence: String,
}

impl RawGateCriterion {
    /// The criterion part, without the phase it attaches to.
    pub fn criterion(&self) -> RawCriterion {
        RawCriterion {
            metric: self.metric.clone(),
            op: self.op.clone(),
            threshold: self.threshold.clone(),
            requires: self.requires.clone(),
            unit: self.unit.clone(),
            kind: self.kind.clone(),
            evidence: self.evidence.clone(),
        }
    }
}
