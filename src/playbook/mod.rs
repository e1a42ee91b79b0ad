//! Playbooks: the deployment knowledge, loaded from TOML and compiled.
//!
//! A [`Playbook`] is one use case merged with `common/`, with every CEL
//! condition and Tera text compiled, so a broken playbook fails here, naming
//! its file and line, before anything renders. Trying its rules on probe sites
//! is a playbook meeting a site, so that is `plan::load_playbook`'s job; this
//! module knows nothing of sites or plans. The format is documented in `book/src/playbook-format.md`.
//! Company layers (`layer.toml`) are resolved into one stack before a use case
//! compiles (`layer.rs`, `stack.rs`): nothing after this module knows about layers.

mod change;
mod check;
mod compile;
mod error;
pub mod expr;
mod gates;
mod inherited;
pub mod layer;
mod layer_params;
mod layer_targets;
mod overrides;
mod raw;
mod raw_layer;
pub mod reference;
pub mod references;
mod rule_params;
mod source;
mod stack;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

pub use compile::{compile, compile_stack};
pub use error::{PlaybookError, PlaybookErrors};
pub use expr::{Expr, Scope, Texts};
pub use layer::{resolve, LayerRecord};
pub use raw::ParamValue;
pub use source::{Source, SourceFile, BUILT_IN_USE_CASES};

use serde::Serialize;

use crate::profile::Role;
use crate::values::{AdoptionKpi, Severity};

/// A compiled, validated playbook for one use case.
#[derive(Debug)]
pub struct Playbook {
    pub id: String,
    pub title: String,
    pub version: String,
    pub summary: String,
    /// `sha256:` over the paths and bytes of every contributing file.
    pub digest: String,
    pub security_level_default: u32,
    pub problem: crate::values::Problem,
    pub rules: Vec<Rule>,
    pub raci: Vec<RaciActivity>,
    pub stakeholders: Vec<StakeholderTemplate>,
    pub training: Vec<TrainingTemplate>,
    pub communications: Vec<CommunicationTemplate>,
    pub adoption_kpis: Vec<AdoptionKpiTemplate>,
    pub business_case: BusinessCaseModel,
    pub phases: Vec<PhaseTemplate>,
    pub readiness: ReadinessModel,
    /// Every Tera text of the playbook, by name.
    pub texts: Texts,
    /// The git commit the playbook was read from, if any (see [`Source::origin`]).
    pub origin: Option<String>,
    /// What rules read as `params.<name>`: defaults and the values layers set.
    pub params: BTreeMap<String, Param>,
    /// The stack, base first, when the playbook came through company layers; else empty.
    pub layers: Vec<LayerRecord>,
    /// Inherited rules that a layer switched off, with the reason.
    pub disabled: Vec<DisabledRule>,
    /// What layers' `[[override]]`s changed outside rules (gate thresholds, RACI letters,
    /// business-case constants), bottom layer first.
    pub item_changes: Vec<ItemChange>,
}

impl Playbook {
    /// The version as people read it: `predictive-maintenance 1.2.0 + acme 2.1.0`.
    pub fn stack(&self) -> String {
        layer::stack_text(&self.id, &self.version, &self.layers)
    }

    /// `scope` with `params` bound, for every condition and text of the playbook.
    pub fn bind_params(&self, scope: Scope) -> Scope {
        let values: BTreeMap<&str, &ParamValue> = self
            .params
            .iter()
            .map(|(k, p)| (k.as_str(), &p.value))
            .collect();
        scope.with("params", &values)
    }
}

/// A parameter of a playbook.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The value in force: the default, or what the top-most layer set.
    pub value: ParamValue,
    /// The value the declaring file gives.
    pub default: ParamValue,
    /// The layer whose file declares it.
    pub layer: String,
    /// The layer that set `value`, if one did.
    pub set_by: Option<String>,
    /// Where it set it: the line of `layer.toml`, in `[params]` or `[params.<use-case>]`.
    pub set_at: Option<Origin>,
    pub origin: Origin,
}

/// An inherited rule that a layer switched off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DisabledRule {
    pub rule: String,
    /// Why, as the layer says (auditors read it in the book).
    pub reason: String,
    /// The layer that disabled it.
    pub layer: String,
    /// The layer the rule comes from.
    #[serde(skip)]
    pub rule_layer: String,
    /// Where the rule is defined.
    #[serde(skip)]
    pub origin: Origin,
}

/// What one layer's `[[override]]` changed in a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleChange {
    pub layer: String,
    /// The fields it replaced (`severity`, `when`...).
    pub fields: Vec<String>,
    /// The `[[override]]` in that layer's `layer.toml`.
    pub origin: Origin,
}

/// One field of a gate criterion, RACI activity or business case that a layer changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemChange {
    /// What changed: `gate pilot-proven criterion recommendation_acceptance_rate`,
    /// `raci approve-business-case`, `business case`.
    pub target: String,
    /// The field: `threshold`, a role (`it`), `pilot_cost`...
    pub field: String,
    /// The inherited value and the new one, as written.
    pub from: String,
    pub to: String,
    /// The layer whose `[[override]]` changed it.
    pub layer: String,
    /// That `[[override]]` in the layer's `layer.toml`.
    #[serde(skip)]
    pub origin: Origin,
}

/// Where a playbook item was defined, for errors and `explain`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: String,
    pub line: usize,
}

/// What a rule iterates over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleScope {
    Site,
    System,
    Asset,
    Sensor,
    Owner,
}

/// What a rule produces when its condition holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Emit {
    Checklist {
        section: String,
    },
    Control,
    Gap {
        topic: String,
        severity: Severity,
        effect: GapEffect,
    },
}

/// What an open gap does to the readiness score besides its penalty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GapEffect {
    /// Only its penalty (the default).
    #[default]
    Penalty,
    /// The score cannot exceed this value while the gap is open (`cap = N`):
    /// essential data is missing, so no other strength can make up for it.
    Cap(u32),
    /// The use case does not apply to this site (`not_applicable = true`):
    /// the package says so and shows neither a score nor a value.
    NotApplicable,
}

/// A rule: condition over a scope, and the item it emits.
#[derive(Debug)]
pub struct Rule {
    pub id: String,
    pub scope: RuleScope,
    pub when: Expr,
    pub emit: Emit,
    pub phase: String,
    pub owner: Role,
    /// Names of the title and why templates in [`Playbook::texts`].
    pub title: String,
    pub why: String,
    pub refs: Vec<String>,
    /// `merge = true`: one item for all the targets the condition holds on (id: the rule id;
    /// texts see the site and `targets`, the targets' ids), instead of one item per target.
    pub merge: bool,
    /// Where the rule is defined (for an overridden rule: where it was first defined).
    pub origin: Origin,
    /// The layer the rule comes from (`builtin` for the built-ins).
    pub layer: String,
    /// What layers' overrides changed, bottom first.
    pub changes: Vec<RuleChange>,
}

impl Rule {
    /// True when the rule applies at every site: a site-scope checklist item or control
    /// whose condition names no variable (`when = "true"`), so no site can make it false.
    /// Derived from the condition, never declared, so a playbook cannot mislabel a rule;
    /// a layer's override of `when` changes it with the condition.
    pub fn is_baseline(&self) -> bool {
        self.scope == RuleScope::Site
            && self.when.reads_nothing()
            && !matches!(self.emit, Emit::Gap { .. })
    }
}

/// A RACI activity with one letter (or none) per role.
#[derive(Debug, Clone)]
pub struct RaciActivity {
    pub id: String,
    pub activity: String,
    pub phase: String,
    pub letters: BTreeMap<Role, String>,
    /// Where the activity applies; `None` is every site (shared: activities are cloned).
    pub when: Option<std::sync::Arc<Expr>>,
    /// The layer the activity comes from.
    pub layer: String,
}

/// A stakeholder group, sized and described per site.
#[derive(Debug)]
pub struct StakeholderTemplate {
    pub id: String,
    pub group: String,
    pub size: Option<Expr>,
    pub when: Option<Expr>,
    /// Text names: concerns, engagement, why.
    pub concerns: String,
    pub engagement: String,
    pub why: String,
}

/// A training module, sized per site.
#[derive(Debug)]
pub struct TrainingTemplate {
    pub id: String,
    pub title: String,
    pub audience: String,
    pub people: Expr,
    pub class_size: u32,
    pub hours_per_person: f64,
    pub phase: String,
    pub why: String,
    pub when: Option<Expr>,
    /// The groups that get their own sessions.
    pub cover: crate::vocab::TrainingCover,
}

/// An adoption KPI, and the condition under which the use case tracks it.
#[derive(Debug)]
pub struct AdoptionKpiTemplate {
    pub kpi: AdoptionKpi,
    pub when: Option<Expr>,
}

/// A communication, with its message text name.
#[derive(Debug)]
pub struct CommunicationTemplate {
    pub id: String,
    pub phase: String,
    pub audience: String,
    pub channel: String,
    pub message: String,
    pub owner: Role,
    pub when: Option<Expr>,
}

/// How the business case is computed.
#[derive(Debug)]
pub struct BusinessCaseModel {
    pub formula: String,
    pub value: Expr,
    pub requires: Vec<String>,
    pub factor: crate::values::Range,
    pub factor_text: String,
    pub factor_source: String,
    pub factor_grade: String,
    pub pilot_cost: Expr,
    pub scale_cost: Expr,
    pub cost_source: String,
    pub cost_grade: String,
    /// ISO 4217 code of the pilot and scale costs; `None`: the site's currency.
    pub cost_currency: Option<String>,
    /// When the formula fits the site (`value_when`), and why not (`value_unmet`);
    /// `None`: it always fits.
    pub value_when: Option<ValueWhen>,
    pub assumptions: Vec<crate::values::Assumption>,
    /// Where `[business_case]` is written, for the errors its expressions raise.
    pub origin: Origin,
}

/// A condition under which a business-case formula values a site, and the reason
/// shown when it does not.
#[derive(Debug)]
pub struct ValueWhen {
    pub when: Expr,
    pub unmet: String,
}

/// A phase and its gate.
#[derive(Debug)]
pub struct PhaseTemplate {
    pub id: String,
    pub title: String,
    pub goal: String,
    pub gate_id: String,
    pub gate_title: String,
    pub accountable: Role,
    pub criteria: Vec<CriterionTemplate>,
    /// The layer the phase comes from.
    pub layer: String,
}

/// A gate criterion whose threshold may depend on the baseline.
#[derive(Debug)]
pub struct CriterionTemplate {
    pub metric: String,
    pub op: String,
    pub threshold: Threshold,
    pub requires: Vec<String>,
    pub unit: String,
    pub kind: String,
    pub evidence: String,
    /// Where the criterion applies (CEL over `site`); `None` is every site.
    pub when: Option<Expr>,
    /// The layer the criterion comes from (a use case or layer may add to a common gate).
    pub layer: String,
}

/// A fixed threshold or one computed from the site.
#[derive(Debug)]
pub enum Threshold {
    Fixed(f64),
    Computed(Expr),
}

/// Readiness weights per gap topic and penalty per severity.
#[derive(Debug, Clone)]
pub struct ReadinessModel {
    pub weights: BTreeMap<String, f64>,
    pub blocking: u32,
    pub major: u32,
    pub minor: u32,
    /// The cap open blocking gaps put on the score (`blocking_cap`), if any.
    pub blocking_cap: Option<BlockingCap>,
}

/// `blocking_cap = { first, step, floor }`: with `n` open blocking findings
/// (distinct rules), the score is at most `max(floor, first - step * (n - 1))`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockingCap {
    pub first: u32,
    pub step: u32,
    pub floor: u32,
}

impl BlockingCap {
    /// The cap with `open` blocking findings; `None` when none is open.
    pub fn for_open(self, open: usize) -> Option<u32> {
        let more = u32::try_from(open.checked_sub(1)?).unwrap_or(u32::MAX);
        Some(
            self.first
                .saturating_sub(self.step.saturating_mul(more))
                .max(self.floor),
        )
    }
}

/// Loads and compiles the playbook for `use_case` from `source`, without probing it.
///
/// The commands load through `plan::load_playbook`, which also probes playbooks
/// from a directory or a repository; this is its first half.
/// `source` should be [`resolve`]d first when it may be a layer.
pub fn load(source: &Source, use_case: &str) -> Result<Playbook, PlaybookErrors> {
    let files = source.files_for(use_case)?;
    let layers = source.layers();
    let mut playbook = match source {
        Source::BuiltIn => compile::compile_built_in(use_case, &files)?,
        _ => compile_stack(use_case, &files, layers)?,
    };
    playbook.origin = source.origin();
    if !layers.is_empty() {
        playbook.layers = layer::records(source, &playbook.version, &files);
        let mut all = files;
        all.extend(layers.iter().map(|l| SourceFile {
            path: format!("{}:{}", l.record.id, layer::LAYER_FILE),
            ..l.file.clone()
        }));
        playbook.digest = compile::digest(&all);
    }
    Ok(playbook)
}
