//! Applying the `[[override]]`s that change something other than a rule to one use case
//! while it compiles: a gate criterion's threshold, a RACI activity's letters, the
//! business-case constants (pilot and scale cost, factor). Each change is recorded as an
//! [`ItemChange`] (from, to, layer, `layer.toml` line) for the book. A value that does not
//! compile, or RACI letters that break the one-A rule, is an error at the `[[override]]`.
//! That each target exists in the stack is checked once in `layer_targets.rs`; a target of
//! another use case is skipped here.

use std::ops::Range;

use super::check::{one_of, LETTERS};
use super::compile::Builder;
use super::expr::format_number;
use super::layer::Layer;
use super::raw::{RawOverride, RawThreshold, Target};
use super::{BusinessCaseModel, ItemChange, PhaseTemplate, RaciActivity, Threshold};
use crate::profile::Role;

/// The items of one use case that overrides may change.
type Items<'x> = (
    &'x mut [PhaseTemplate],
    &'x mut [RaciActivity],
    Option<&'x mut BusinessCaseModel>,
);

/// Applies every layer's item overrides (bottom layer first) and returns what changed.
pub(super) fn apply<'a>(
    b: &mut Builder<'a>,
    use_case: &str,
    layers: &'a [Layer],
    (phases, raci, mut business_case): Items<'_>,
) -> Vec<ItemChange> {
    let mut out = Vec::new();
    for layer in layers {
        b.at(&layer.file);
        for o in &layer.raw.overrides {
            let (span, raw) = (o.span(), o.get_ref());
            let mut changes = Vec::new();
            match raw.target() {
                Ok(Target::Gate { gate, metric }) => {
                    gate_threshold(b, &span, phases, (gate, metric), raw, &mut changes);
                }
                Ok(Target::Raci(id)) => raci_letters(b, &span, raci, id, raw, &mut changes),
                Ok(Target::BusinessCase(id)) if id == use_case => {
                    if let Some(bc) = business_case.as_deref_mut() {
                        constants(b, &span, bc, raw, &mut changes);
                    }
                }
                _ => {}
            }
            let origin = b.origin(&span);
            out.extend(
                changes
                    .into_iter()
                    .map(|(target, field, from, to)| ItemChange {
                        target,
                        field: field.to_string(),
                        from,
                        to,
                        layer: layer.record.id.clone(),
                        origin: origin.clone(),
                    }),
            );
        }
    }
    out
}

/// (target, field, from, to) of one change.
type Change = (String, &'static str, String, String);

fn gate_threshold(
    b: &mut Builder<'_>,
    span: &Range<usize>,
    phases: &mut [PhaseTemplate],
    (gate, metric): (&str, &str),
    raw: &RawOverride,
    out: &mut Vec<Change>,
) {
    let Some(phase) = phases.iter_mut().find(|p| p.gate_id == gate) else {
        return;
    };
    let Some(criterion) = phase.criteria.iter_mut().find(|c| c.metric == metric) else {
        return;
    };
    let Some(new) = &raw.threshold else { return };
    let threshold = match new {
        RawThreshold::Number(n) => Threshold::Fixed(*n),
        RawThreshold::Expr(e) => {
            let what = format!("[[override]] of gate `{gate}` criterion `{metric}` threshold");
            let Some(expr) = b.expr(span, &what, e) else {
                return;
            };
            Threshold::Computed(expr)
        }
    };
    let from = threshold_text(&criterion.threshold);
    criterion.threshold = threshold;
    let to = threshold_text(&criterion.threshold);
    let target = format!("gate {gate} criterion {metric}");
    out.push((target, "threshold", from, to));
}

fn threshold_text(t: &Threshold) -> String {
    match t {
        Threshold::Fixed(n) => format_number(*n),
        Threshold::Computed(e) => e.source().to_string(),
    }
}

fn raci_letters(
    b: &mut Builder<'_>,
    span: &Range<usize>,
    raci: &mut [RaciActivity],
    id: &str,
    raw: &RawOverride,
    out: &mut Vec<Change>,
) {
    let Some(activity) = raci.iter_mut().find(|a| a.id == id) else {
        return;
    };
    let given = [
        (Role::Business, &raw.business),
        (Role::Operations, &raw.operations),
        (Role::It, &raw.it),
        (Role::Data, &raw.data),
        (Role::Change, &raw.change),
        (Role::Quality, &raw.quality),
        (Role::Safety, &raw.safety),
    ];
    for (role, letter) in given {
        let Some(letter) = letter else { continue };
        if !one_of(
            b,
            span,
            &format!("[[override]] of raci `{id}` {role}"),
            letter,
            LETTERS,
        ) {
            continue;
        }
        if !Role::CORE.contains(&role) && letter.starts_with('A') {
            b.error(span, format!("[[override]] of raci `{id}`: the optional role {role} may be R, C or I, never A"));
            continue;
        }
        let from = activity.letters.get(&role).cloned().unwrap_or_default();
        if letter.is_empty() && !Role::CORE.contains(&role) {
            activity.letters.remove(&role);
        } else {
            activity.letters.insert(role, letter.clone());
        }
        out.push((format!("raci {id}"), role_field(role), from, letter.clone()));
    }
    let accountable = activity
        .letters
        .values()
        .filter(|l| l.starts_with('A'))
        .count();
    let responsible = activity
        .letters
        .values()
        .filter(|l| l.ends_with('R'))
        .count();
    if accountable != 1 || responsible == 0 {
        b.error(span, format!("[[override]] of raci `{id}`: the activity then has {accountable} A and {responsible} R; it needs exactly one A and at least one R"));
    }
}

fn role_field(role: Role) -> &'static str {
    match role {
        Role::Business => "business",
        Role::Operations => "operations",
        Role::It => "it",
        Role::Data => "data",
        Role::Change => "change",
        Role::Quality => "quality",
        Role::Safety => "safety",
    }
}

fn constants(
    b: &mut Builder<'_>,
    span: &Range<usize>,
    bc: &mut BusinessCaseModel,
    raw: &RawOverride,
    out: &mut Vec<Change>,
) {
    let target = "business case".to_string();
    for (field, new, cost) in [
        ("pilot_cost", &raw.pilot_cost, &mut bc.pilot_cost),
        ("scale_cost", &raw.scale_cost, &mut bc.scale_cost),
    ] {
        let Some(source) = new else { continue };
        let what = format!("[[override]] of the business case {field}");
        if let Some(expr) = b.expr(span, &what, source) {
            let from = cost.source().to_string();
            *cost = expr;
            out.push((target.clone(), field, from, source.clone()));
        }
    }
    if let Some(f) = raw.factor {
        if !(f.low <= f.expected && f.expected <= f.high) {
            b.error(
                span,
                "[[override]] of the business case factor: needs low <= expected <= high",
            );
            return;
        }
        let text = |r: (f64, f64, f64)| {
            format!(
                "{} / {} / {}",
                format_number(r.0),
                format_number(r.1),
                format_number(r.2)
            )
        };
        let old = &bc.factor;
        let from = text((old.low, old.expected, old.high));
        bc.factor = crate::values::Range {
            low: f.low,
            expected: f.expected,
            high: f.high,
        };
        out.push((target, "factor", from, text((f.low, f.expected, f.high))));
    }
}
