//! The derived plan: everything a package says, as plain serializable data.
//!
//! `data/plan.json` is exactly `serde_json` of [`Plan`]; the book and the CSV
//! files are views of it. Field order here is the order in the JSON.

use serde::Serialize;

pub use crate::values::{AdoptionKpi, Assumption, Problem, Range, Severity};

/// The plan.json format version.
pub const PLAN_FORMAT: u32 = 1;

/// The whole derived deployment plan for one site and one use case.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    pub format: u32,
    pub site: SiteRef,
    pub use_case: UseCaseRef,
    pub playbook: PlaybookRef,
    /// `YYYY-MM-DD`: the date ages and dates are computed from.
    pub as_of: String,
    /// Who owns each role; missing owners are `UNASSIGNED`.
    pub owners: Vec<OwnerAssignment>,
    /// The in-scope and out-of-scope assets, as the plan sees them.
    pub assets: Vec<AssetSummary>,
    pub readiness: Readiness,
    pub checklist: Vec<ChecklistItem>,
    pub controls: Vec<Control>,
    pub raci: Vec<RaciRow>,
    pub change_plan: ChangePlan,
    pub business_case: BusinessCase,
    pub phases: Vec<Phase>,
    /// The use case's problem statement and value levers, from the playbook.
    pub problem: Problem,
    /// IEC 62443 security level target in force, and where it came from.
    pub security_level_target: SecurityLevel,
    /// How IT and OT are connected today, as the profile says (`[network]`).
    pub network: NetworkSummary,
}

/// The site's network as the profile describes it: what the network picture draws.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NetworkSummary {
    /// `flat`, `segmented`, `purdue` or `unknown`.
    pub segmentation: String,
    pub it_ot_firewall: bool,
    pub ot_dmz: bool,
    /// Ways people reach OT from outside, in profile order (`vendor-direct`, `vpn`...).
    pub remote_access: Vec<String>,
    pub ot_internet_access: bool,
}

/// `{id, name}` of the site, plus display facts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SiteRef {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

/// `{id, title}` of the use case.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UseCaseRef {
    pub id: String,
    pub title: String,
}

/// Which playbook produced the plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaybookRef {
    pub id: String,
    pub version: String,
    /// `sha256:` digest over every playbook file that contributed.
    pub digest: String,
    /// The git commit the playbooks were read from (`--playbooks-ref`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// With company layers: the version as people read it,
    /// `predictive-maintenance 1.2.0 + acme 2.1.0`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stack: Option<String>,
    /// With company layers: every layer of the stack, base first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub layers: Vec<crate::playbook::LayerRecord>,
    /// Inherited rules a layer switched off, and why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub disabled: Vec<crate::playbook::DisabledRule>,
}

/// One of the five owner roles and who holds it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OwnerAssignment {
    /// business | operations | it | data | change
    pub role: String,
    /// The owner's name, or `UNASSIGNED`.
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    pub assigned: bool,
}

/// An asset as listed in the overview.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssetSummary {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub criticality: String,
    pub installed: i32,
    pub age_years: i32,
    pub in_scope: bool,
    /// `vendor model (protocols)` or empty.
    pub controller: String,
    /// Sensor kinds, in profile order.
    pub sensors: Vec<String>,
}

/// Readiness: a 0..=100 score, its components, and every gap.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Readiness {
    /// 0 when the use case does not apply (`applicable` is false).
    pub score: u32,
    /// False when a gap says the use case does not apply to this site: the
    /// package then shows "not applicable" instead of a score and a value.
    pub applicable: bool,
    /// The lowest cap of the open gaps that cap the score, when one is open.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cap: Option<u32>,
    /// Open blocking findings: distinct rules with an open blocking gap in a
    /// weighted topic (one rule on many assets counts once).
    pub blocking_open: u32,
    /// The cap those findings put on the score (`[readiness] blocking_cap`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocking_cap: Option<u32>,
    pub components: Vec<ReadinessComponent>,
    pub gaps: Vec<Gap>,
}

impl Readiness {
    /// The score for people: `58/100`, or `not applicable`.
    pub fn shown(&self) -> String {
        if self.applicable {
            format!("{}/100", self.score)
        } else {
            "not applicable".to_string()
        }
    }

    /// The titles of the gaps that make the use case not applicable, in gap order.
    pub fn not_applicable_reasons(&self) -> Vec<&str> {
        self.gaps
            .iter()
            .filter(|g| g.not_applicable)
            .map(|g| g.title.as_str())
            .collect()
    }
}

/// One component of the readiness score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReadinessComponent {
    /// The gap topic this component scores (data, integration, ...).
    pub topic: String,
    pub weight: f64,
    pub score: u32,
    /// Points lost, per severity: `[blocking, major, minor]` counts.
    pub blocking: u32,
    pub major: u32,
    pub minor: u32,
}

/// Something the use case needs that the site lacks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gap {
    pub id: String,
    pub topic: String,
    pub severity: Severity,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub asset: Option<String>,
    pub title: String,
    pub why: String,
    pub rule: String,
    /// Phase by which the gap must be closed.
    pub phase: String,
    pub owner: String,
    /// The readiness score cannot exceed this while the gap is open.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cap: Option<u32>,
    /// The use case does not apply while the gap is open.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub not_applicable: bool,
}

/// One row of the integration checklist.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChecklistItem {
    pub id: String,
    /// integration | data | security | governance | change
    pub section: String,
    pub phase: String,
    pub title: String,
    /// business | operations | it | data | change
    pub owner: String,
    /// The owner's name from the profile, or `UNASSIGNED`.
    pub owner_name: String,
    pub why: String,
    pub rule: String,
    /// True when the rule applies at every site (see [`crate::playbook::Rule::is_baseline`]):
    /// the book lists the item once, on the baseline page, not in its section.
    pub baseline: bool,
    pub refs: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub asset: Option<String>,
    /// For the one item of a `merge = true` rule: the ids of the targets (assets, systems,
    /// `asset.sensor`, roles) it covers, in profile order. Empty otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<String>,
}

/// A security control required at this site.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Control {
    pub id: String,
    pub title: String,
    pub refs: Vec<String>,
    pub why: String,
    pub rule: String,
    /// True when the rule applies at every site: listed on the baseline page only.
    pub baseline: bool,
    pub phase: String,
    pub owner: String,
    pub owner_name: String,
    /// For the one control of a `merge = true` rule: the ids of the targets it covers.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<String>,
}

/// One RACI activity: a letter per role.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RaciRow {
    pub id: String,
    pub activity: String,
    pub phase: String,
    pub business: String,
    pub operations: String,
    pub it: String,
    pub data: String,
    pub change: String,
    /// The optional roles' letters, present only where the site names their owner.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quality: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub safety: Option<String>,
}

/// The change-management plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangePlan {
    pub stakeholders: Vec<Stakeholder>,
    pub training: Vec<Training>,
    pub communications: Vec<Communication>,
    pub adoption_kpis: Vec<AdoptionKpi>,
}

/// A group of people affected by the change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stakeholder {
    pub id: String,
    pub group: String,
    /// Head count, when the profile lets us compute it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<u32>,
    pub concerns: String,
    pub engagement: String,
    pub why: String,
}

/// A training module, sized for the site.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Training {
    pub id: String,
    pub title: String,
    pub audience: String,
    pub people: u32,
    pub sessions: u32,
    /// How `sessions` follows from the people, the groups covered and the class size, in words.
    pub sessions_basis: String,
    pub hours_per_person: f64,
    pub languages: Vec<String>,
    pub phase: String,
    pub why: String,
}

/// A planned communication.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Communication {
    pub id: String,
    pub phase: String,
    pub audience: String,
    pub channel: String,
    pub message: String,
    pub owner: String,
}

/// Pilot and industrialization cost.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Cost {
    pub pilot: f64,
    pub scale: f64,
}

/// The business case from the site's baseline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BusinessCase {
    pub currency: String,
    /// How the annual value is computed, in words.
    pub formula: String,
    /// `None` when a baseline the formula needs is missing (see `missing`).
    pub annual_value: Option<Range>,
    pub cost: Cost,
    /// Currency of `cost`: the playbook's own (`cost_currency`), never relabelled
    /// as the site's. Equal to `currency` when the two agree.
    pub cost_currency: String,
    /// Months to pay back pilot + scale cost from the expected value; `None`
    /// when value or cost is missing, or they are in different currencies.
    pub payback_months: Option<f64>,
    /// Baseline keys the formula needs but the profile lacks.
    pub missing: Vec<String>,
    /// Why the formula does not value this site (the playbook's `value_unmet`), when its
    /// `value_when` is false; `annual_value` is then `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unvalued: Option<String>,
    /// The baseline figures the value formula uses (the playbook's `requires`, in its
    /// order), as the formula saw them; empty when one of them is missing.
    pub inputs: Vec<ValueInput>,
    /// The factor the formula multiplies by: low, expected and high.
    pub factor: Range,
    pub assumptions: Vec<Assumption>,
}

/// One baseline figure of the value formula: its `[baseline]` key and value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValueInput {
    pub key: String,
    pub value: f64,
}

/// A rollout phase and the gate that closes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Phase {
    pub id: String,
    pub title: String,
    pub goal: String,
    pub gate: Gate,
}

/// A stage gate: measurable criteria and one accountable owner.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gate {
    pub id: String,
    pub title: String,
    pub accountable: String,
    pub accountable_name: String,
    pub criteria: Vec<Criterion>,
}

/// One measurable gate criterion.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Criterion {
    pub metric: String,
    /// `>=`, `<=`, `>`, `<`, `==`
    pub op: String,
    /// `None` when the threshold depends on a baseline the profile lacks.
    pub threshold: Option<f64>,
    pub unit: String,
    /// value | adoption | data | security | governance
    pub kind: String,
    pub evidence: String,
    /// What the plan itself knows of this metric (open blocking gaps, owners
    /// named...), so a typed value in `progress.toml` can be checked against it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub computed: Option<Computed>,
}

/// A gate metric the plan computes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Computed {
    pub value: f64,
    /// True: the metric is exactly `value`. False: `value` is an upper bound
    /// (the profile gives the baseline keys; whether they were measured rather
    /// than estimated only people can say).
    pub exact: bool,
}

/// The IEC 62443 SL-T in force.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SecurityLevel {
    pub target: u32,
    /// `profile` or `playbook default`.
    pub source: String,
}
