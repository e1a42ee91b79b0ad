//! The program view: one summary per site x use case, then the whole program from them.
//!
//! [`Entry::from_plan`] keeps only what the program needs of a plan (readiness, blocking
//! gaps, money, gate state, the rules that fired), so a portfolio of many sites holds one
//! small entry per site, never the plans. [`assemble`] ranks the entries, converts their
//! money into the program currency with the rates of `program.toml`, assigns the waves and
//! finds the recurring gaps. [`data::files`] writes the program book and data in memory.
//! No I/O, except in [`run`]: the orchestration that reads the PATHs and writes DIR.

pub mod book;
pub mod chart;
pub mod data;
pub mod discover;
pub mod money;
pub mod program;
pub mod run;
#[cfg(test)]
mod tests;
pub mod waves;

use std::collections::BTreeMap;

use serde::Serialize;

pub use money::MoneyError;
pub use program::{Program, ProgramErrors, Rate};

use crate::plan::{Cost, Plan, Range, Severity};
use crate::progress::Progress;

/// What one site x use case contributes to the program.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// 1 = first; set by [`assemble`].
    pub rank: u32,
    pub site: String,
    pub site_name: String,
    pub use_case: String,
    pub use_case_title: String,
    /// `profile` or `package`: what the entry was read from.
    pub input: InputKind,
    pub as_of: String,
    /// The playbook version the entry was derived with: the stack with company layers
    /// (`predictive-maintenance 1.2.0 + acme 2.1.0`).
    pub playbook: String,
    pub readiness: u32,
    pub gaps: u32,
    /// Ids of the blocking gaps.
    pub blocking_gaps: Vec<String>,
    /// The business case in the site's currency (`None`: the profile has no baseline currency).
    pub currency: Option<String>,
    /// The currency of `cost` (the playbook's own, which may differ from `currency`).
    pub cost_currency: Option<String>,
    pub annual_value: Option<Range>,
    pub cost: Cost,
    pub payback_months: Option<f64>,
    /// The same money in the program currency; `None` when it cannot be converted.
    pub program_value: Option<Range>,
    pub program_cost: Option<Cost>,
    /// The first gate not passed yet; `None` when every gate passed.
    pub next_gate: Option<GateRef>,
    /// The last gate of the run of passed gates from the first one.
    pub last_passed_gate: Option<GateRef>,
    /// Set by [`assemble`].
    pub wave: String,
    /// The rules behind the gaps: (rule, topic, severity, title), one per rule.
    #[serde(skip)]
    pub gap_rules: Vec<(String, String, Severity, String)>,
}

/// What an entry was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InputKind {
    /// A site profile (with `--packages`, then rendered into a package).
    Profile,
    /// An existing package, with its progress.
    Package,
}

/// A gate, named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GateRef {
    pub id: String,
    pub title: String,
    pub phase: String,
}

/// A rule that fires at several sites.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecurringGap {
    pub rule: String,
    pub topic: String,
    /// The worst severity it has anywhere.
    pub severity: Severity,
    /// The title at the first site, in site order.
    pub title: String,
    /// The distinct sites where it fires, sorted.
    pub sites: Vec<String>,
}

/// The whole program.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Portfolio {
    pub format: u32,
    pub name: String,
    /// Ranked.
    pub entries: Vec<Entry>,
    pub totals: money::Totals,
    pub rates: Vec<money::RateAssumption>,
    pub waves: Vec<waves::Wave>,
    pub recurring_gaps: Vec<RecurringGap>,
}

impl Entry {
    /// The summary of `plan`, with gate state from `progress` (empty without a package).
    pub fn from_plan(plan: &Plan, input: InputKind, progress: &Progress) -> Entry {
        let gaps = &plan.readiness.gaps;
        let blocking_gaps = gaps
            .iter()
            .filter(|g| g.severity == Severity::Blocking)
            .map(|g| g.id.clone())
            .collect();
        let mut gap_rules: Vec<(String, String, Severity, String)> = Vec::new();
        for g in gaps {
            match gap_rules.iter_mut().find(|r| r.0 == g.rule) {
                Some(r) if g.severity < r.2 => r.2 = g.severity,
                Some(_) => {}
                None => {
                    gap_rules.push((g.rule.clone(), g.topic.clone(), g.severity, g.title.clone()))
                }
            }
        }
        let (next_gate, last_passed_gate) = gate_state(plan, progress);
        let case = &plan.business_case;
        let currency = is_currency(&case.currency).then(|| case.currency.clone());
        Entry {
            rank: 0,
            site: plan.site.id.clone(),
            site_name: plan.site.name.clone(),
            use_case: plan.use_case.id.clone(),
            use_case_title: plan.use_case.title.clone(),
            input,
            as_of: plan.as_of.clone(),
            playbook: plan
                .playbook
                .stack
                .clone()
                .unwrap_or_else(|| format!("{} {}", plan.playbook.id, plan.playbook.version)),
            readiness: plan.readiness.score,
            gaps: gaps.len() as u32,
            blocking_gaps,
            currency,
            cost_currency: is_currency(&case.cost_currency).then(|| case.cost_currency.clone()),
            annual_value: case.annual_value,
            cost: case.cost,
            payback_months: case.payback_months,
            program_value: None,
            program_cost: None,
            next_gate,
            last_passed_gate,
            wave: String::new(),
            gap_rules,
        }
    }

    /// The number of blocking gaps.
    pub fn blocking(&self) -> u32 {
        self.blocking_gaps.len() as u32
    }
}

/// An ISO 4217 code (the plan says "units of the site currency" when the profile has none).
fn is_currency(text: &str) -> bool {
    text.len() == 3 && text.bytes().all(|b| b.is_ascii_uppercase())
}

/// A site id or wave id: `^[a-z0-9][a-z0-9-]{0,62}$`.
pub(crate) fn is_slug(text: &str) -> bool {
    let b = text.as_bytes();
    !b.is_empty()
        && b.len() <= 63
        && (b[0].is_ascii_lowercase() || b[0].is_ascii_digit())
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
}

/// The next gate (first not passed) and the last passed one (end of the leading run).
fn gate_state(plan: &Plan, progress: &Progress) -> (Option<GateRef>, Option<GateRef>) {
    let mut last = None;
    for phase in &plan.phases {
        let result = crate::gate::evaluate(phase, plan, progress);
        let named = GateRef {
            id: result.id,
            title: result.title,
            phase: result.phase,
        };
        if !result.passed {
            return (Some(named), last);
        }
        last = Some(named);
    }
    (None, last)
}

/// The whole program from its entries (in any order): ranked, converted, in waves.
///
/// Ranking: readiness (high first), then fewer blocking gaps, then the larger expected
/// annual value in the program currency, then site id and use case id.
pub fn assemble(mut entries: Vec<Entry>, program: &Program) -> Result<Portfolio, MoneyError> {
    let currency = money::program_currency(&entries, program)?;
    for entry in &mut entries {
        money::convert(entry, &currency, program)?;
        entry.wave = waves::assign(
            &program.waves,
            entry.readiness,
            entry.blocking(),
            entry.payback_months,
        );
    }
    entries.sort_by(|a, b| {
        let value = |e: &Entry| e.program_value.map_or(-1.0, |v| v.expected);
        b.readiness
            .cmp(&a.readiness)
            .then(a.blocking().cmp(&b.blocking()))
            .then(value(b).total_cmp(&value(a)))
            .then_with(|| a.site.cmp(&b.site))
            .then_with(|| a.use_case.cmp(&b.use_case))
    });
    for (i, entry) in entries.iter_mut().enumerate() {
        entry.rank = i as u32 + 1;
    }
    let totals = money::totals(&entries, &currency);
    let rates = money::assumptions(&entries, &currency, program);
    let recurring_gaps = recurring(&entries, program.recurring_min_sites);
    Ok(Portfolio {
        format: 1,
        name: program.name.clone(),
        entries,
        totals,
        rates,
        waves: program.waves.clone(),
        recurring_gaps,
    })
}

/// The gap rules that fire at `min_sites` distinct sites or more: most sites first.
fn recurring(entries: &[Entry], min_sites: u32) -> Vec<RecurringGap> {
    let mut by_rule: BTreeMap<&str, RecurringGap> = BTreeMap::new();
    let mut ordered: Vec<&Entry> = entries.iter().collect();
    ordered.sort_by(|a, b| (&a.site, &a.use_case).cmp(&(&b.site, &b.use_case)));
    for entry in ordered {
        for (rule, topic, severity, title) in &entry.gap_rules {
            let gap = by_rule.entry(rule).or_insert_with(|| RecurringGap {
                rule: rule.clone(),
                topic: topic.clone(),
                severity: *severity,
                title: title.clone(),
                sites: Vec::new(),
            });
            if *severity < gap.severity {
                gap.severity = *severity;
            }
            if !gap.sites.contains(&entry.site) {
                gap.sites.push(entry.site.clone());
            }
        }
    }
    let mut gaps: Vec<RecurringGap> = by_rule
        .into_values()
        .filter(|g| g.sites.len() as u32 >= min_sites)
        .collect();
    gaps.sort_by(|a, b| {
        b.sites
            .len()
            .cmp(&a.sites.len())
            .then(a.severity.cmp(&b.severity))
            .then_with(|| a.rule.cmp(&b.rule))
    });
    gaps
}
