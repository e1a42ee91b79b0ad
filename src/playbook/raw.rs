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
    /// Parameter defaults: values rules read as `params.<name>`.
    #[serde(default)]
    pub params: std::collections::BTreeMap<String, Spanned<ParamValue>>,
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

#[derive(Debug, Clone, Default, Deserialize)]
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
    /// Checklist items and controls of a target scope only: one item for every target the
    /// condition holds on, with the targets in the texts' `targets`, instead of one per target.
    #[serde(default)]
    pub merge: bool,
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
    /// Optional roles: shown only where the site names their owner; `A` only in an
    /// activity whose `when` requires that owner.
    #[serde(default)]
    pub quality: String,
    #[serde(default)]
    pub safety: String,
    /// CEL over `site`: the activity is in the RACI only where it is true.
    #[serde(default)]
    pub when: Option<String>,
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
    /// `shifts-and-languages` (the default), `shifts`, `languages` or `none`.
    pub cover: Option<String>,
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
    pub when: Option<String>,
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
    /// ISO 4217 code the pilot and scale costs are written in.
    pub cost_currency: Option<String>,
    /// CEL over the site: when false, the formula does not fit the site and no value is
    /// computed; `value_unmet` says why, as a business gap.
    pub value_when: Option<String>,
    pub value_unmet: Option<String>,
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
    #[serde(default)]
    pub blocking_cap: Option<RawBlockingCap>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBlockingCap {
    pub first: u32,
    pub step: u32,
    pub floor: u32,
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
    /// CEL over `site`: the criterion is on the gate only where it is true.
    #[serde(default)]
    pub when: Option<String>,
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
    #[serde(default)]
    pub when: Option<String>,
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
            when: self.when.clone(),
        }
    }
}

/// A parameter value: what `[params]` tables hold.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(untagged)]
pub enum ParamValue {
    Bool(bool),
    Integer(i64),
    Float(f64),
    Text(String),
    List(Vec<String>),
}

impl ParamValue {
    /// The type's name, for errors.
    pub fn kind(&self) -> &'static str {
        match self {
            ParamValue::Bool(_) => "a boolean",
            ParamValue::Integer(_) => "an integer",
            ParamValue::Float(_) => "a number",
            ParamValue::Text(_) => "a string",
            ParamValue::List(_) => "a list of strings",
        }
    }

    /// `self` as a value of `default`'s type: an integer where a number is declared
    /// becomes that number; any other change of type is refused.
    pub fn conformed_to(&self, default: &ParamValue) -> Option<ParamValue> {
        match (self, default) {
            (ParamValue::Integer(i), ParamValue::Float(_)) => Some(ParamValue::Float(*i as f64)),
            (a, b) if std::mem::discriminant(a) == std::mem::discriminant(b) => Some(a.clone()),
            _ => None,
        }
    }

    /// The value as people read it (`9`, `0.5`, `"x"`, `["a", "b"]`).
    pub fn display(&self) -> String {
        match self {
            ParamValue::Bool(b) => b.to_string(),
            ParamValue::Integer(i) => i.to_string(),
            ParamValue::Float(f) => crate::number::decimals(*f, 6),
            ParamValue::Text(t) => format!("{t:?}"),
            ParamValue::List(l) => format!("{l:?}"),
        }
    }
}

/// Params by name, each with its span.
pub type SpannedParams = std::collections::BTreeMap<String, Spanned<ParamValue>>;

/// `layer.toml`: a company layer over another playbook source.
#[derive(Debug, Deserialize)]
#[serde(from = "super::raw_layer::LayerToml")]
pub struct RawLayer {
    pub id: Spanned<String>,
    pub version: Spanned<String>,
    pub extends: Spanned<String>,
    /// A sentence on what the layer is for.
    pub summary: String,
    /// `[params]`: values for every use case.
    pub params: SpannedParams,
    /// `[params.<use-case>]`: values for one use case, over the layer's `[params]`.
    pub use_case_params: std::collections::BTreeMap<String, Spanned<SpannedParams>>,
    pub disable: Vec<Spanned<RawDisable>>,
    pub overrides: Vec<Spanned<RawOverride>>,
}

/// `[[disable]]` in a layer: an inherited rule switched off, and why.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDisable {
    pub rule: String,
    pub reason: String,
}

/// `[[override]]` in a layer: fields of one inherited item replaced; the rest is
/// inherited. The item is named by exactly one of `rule`, `gate` (with `metric`), `raci`
/// or `business_case` (a use case id); which fields apply to which is [`RawOverride::target`].
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOverride {
    pub rule: Option<String>,
    pub when: Option<String>,
    pub emit: Option<String>,
    pub section: Option<String>,
    pub topic: Option<String>,
    pub severity: Option<String>,
    pub phase: Option<String>,
    pub owner: Option<String>,
    pub title: Option<String>,
    pub why: Option<String>,
    pub refs: Option<Vec<String>>,
    /// A gate (by its id) and the criterion (by its metric) whose threshold changes.
    pub gate: Option<String>,
    pub metric: Option<String>,
    pub threshold: Option<RawThreshold>,
    /// A RACI activity (by its id) and the letters of the roles that change.
    pub raci: Option<String>,
    pub business: Option<String>,
    pub operations: Option<String>,
    pub it: Option<String>,
    pub data: Option<String>,
    pub change: Option<String>,
    pub quality: Option<String>,
    pub safety: Option<String>,
    /// The use case whose business-case constants change.
    pub business_case: Option<String>,
    pub pilot_cost: Option<String>,
    pub scale_cost: Option<String>,
    pub factor: Option<RawRange>,
}

/// What an `[[override]]` changes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target<'a> {
    Rule(&'a str),
    Gate { gate: &'a str, metric: &'a str },
    Raci(&'a str),
    BusinessCase(&'a str),
}

/// The fields each kind of override may set, after the key that names its target.
const RULE_FIELDS: &[&str] = &[
    "when", "emit", "section", "topic", "severity", "phase", "owner", "title", "why", "refs",
];
const GATE_FIELDS: &[&str] = &["metric", "threshold"];
/// The RACI roles, in the order of `[[raci]]`.
pub const RACI_FIELDS: &[&str] = &[
    "business",
    "operations",
    "it",
    "data",
    "change",
    "quality",
    "safety",
];
const BUSINESS_CASE_FIELDS: &[&str] = &["pilot_cost", "scale_cost", "factor"];

impl RawOverride {
    /// The names of the fields this override sets, target keys left out.
    pub fn present(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        macro_rules! seen {
            ($($field:ident),*) => {$(
                if self.$field.is_some() {
                    out.push(stringify!($field));
                }
            )*};
        }
        seen!(when, emit, section, topic, severity, phase, owner, title, why, refs);
        seen!(metric, threshold);
        seen!(business, operations, it, data, change, quality, safety);
        seen!(pilot_cost, scale_cost, factor);
        out
    }

    /// What the override changes, or why it cannot be read: not exactly one target key,
    /// a field of another kind of override, or no field at all.
    pub fn target(&self) -> Result<Target<'_>, String> {
        let keys = [
            self.rule.as_deref().map(Target::Rule),
            self.gate.as_deref().map(|gate| Target::Gate {
                gate,
                metric: self.metric.as_deref().unwrap_or_default(),
            }),
            self.raci.as_deref().map(Target::Raci),
            self.business_case.as_deref().map(Target::BusinessCase),
        ];
        let named: Vec<Target> = keys.into_iter().flatten().collect();
        let [target] = named[..] else {
            return Err(format!(
                "[[override]] names {} targets; name exactly one with `rule`, `gate` (with `metric`), `raci` or `business_case`",
                named.len()
            ));
        };
        let (kind, allowed) = match target {
            Target::Rule(_) => ("rule", RULE_FIELDS),
            Target::Gate { .. } => ("gate", GATE_FIELDS),
            Target::Raci(_) => ("raci", RACI_FIELDS),
            Target::BusinessCase(_) => ("business_case", BUSINESS_CASE_FIELDS),
        };
        let present = self.present();
        if let Some(other) = present.iter().find(|f| !allowed.contains(f)) {
            return Err(format!(
                "[[override]] of a {kind}: `{other}` is no field of it (it takes {})",
                allowed.join(", ")
            ));
        }
        if let Target::Gate { .. } = target {
            if self.metric.is_none() || self.threshold.is_none() {
                return Err(
                    "[[override]] of a gate needs `metric` (which criterion) and `threshold`"
                        .into(),
                );
            }
        } else if present.is_empty() {
            let name = match target {
                Target::Rule(id) | Target::Raci(id) | Target::BusinessCase(id) => id,
                Target::Gate { gate, .. } => gate,
            };
            return Err(format!(
                "[[override]] of `{name}` changes no field (a {kind} override takes {})",
                allowed.join(", ")
            ));
        }
        Ok(target)
    }

    /// `rule` with this override applied, and the names of the fields it changed.
    pub fn apply(&self, rule: &RawRule) -> (RawRule, Vec<&'static str>) {
        let mut out = rule.clone();
        let mut changed = Vec::new();
        macro_rules! take {
            ($($field:ident),*) => {$(
                if let Some(v) = &self.$field {
                    out.$field = v.clone().into();
                    changed.push(stringify!($field));
                }
            )*};
        }
        take!(when, emit, section, topic, severity, phase, owner, title, why, refs);
        (out, changed)
    }
}
