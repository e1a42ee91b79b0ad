//! Phases and gates: each phase's gate with one accountable role and
//! measurable criteria, plus criteria that use cases add to common gates.

use std::ops::Range;

use super::check::{one_of, role, KINDS, OPS};
use super::compile::Builder;
use super::raw::{RawCriterion, RawFile, RawThreshold};
use super::source::SourceFile;
use super::{CriterionTemplate, PhaseTemplate, Threshold};

pub fn phases<'a>(
    b: &mut Builder<'a>,
    files: &'a [SourceFile],
    parsed: &[RawFile],
) -> Vec<PhaseTemplate> {
    let mut phases = Vec::new();
    for (file, raw) in files.iter().zip(parsed) {
        b.at(file);
        for p in &raw.phase {
            let (span, p) = (p.span(), p.get_ref());
            b.unique(&span, "phase", &p.id);
            let Some(accountable) = role(b, &span, &p.gate.accountable) else {
                continue;
            };
            let criteria = p
                .gate
                .criteria
                .iter()
                .filter_map(|c| criterion(b, &span, c, &file.layer))
                .collect();
            phases.push(PhaseTemplate {
                id: p.id.clone(),
                title: p.title.clone(),
                goal: p.goal.clone(),
                gate_id: p.gate.id.clone(),
                gate_title: p.gate.title.clone(),
                accountable,
                criteria,
                layer: file.layer.clone(),
            });
        }
    }
    for (file, raw) in files.iter().zip(parsed) {
        b.at(file);
        for c in &raw.gate_criterion {
            let (span, c) = (c.span(), c.get_ref());
            let Some(compiled) = criterion(b, &span, &c.criterion(), &file.layer) else {
                continue;
            };
            match phases.iter_mut().find(|p| p.id == c.phase) {
                Some(p) => p.criteria.push(compiled),
                None => b.error(&span, format!("gate_criterion: no phase `{}`", c.phase)),
            }
        }
    }
    if phases.is_empty() {
        b.error(&(0..0), "no [[phase]] defined (expected in common/)");
    }
    phases
}

fn criterion(
    b: &mut Builder<'_>,
    span: &Range<usize>,
    c: &RawCriterion,
    layer: &str,
) -> Option<CriterionTemplate> {
    let ok = one_of(b, span, &format!("criterion `{}` op", c.metric), &c.op, OPS)
        & one_of(
            b,
            span,
            &format!("criterion `{}` kind", c.metric),
            &c.kind,
            KINDS,
        );
    let threshold = match &c.threshold {
        RawThreshold::Number(n) => Threshold::Fixed(*n),
        RawThreshold::Expr(e) => {
            Threshold::Computed(b.expr(span, &format!("criterion `{}` threshold", c.metric), e)?)
        }
    };
    let when = match &c.when {
        None => None,
        Some(w) => Some(b.expr(span, &format!("criterion `{}` when", c.metric), w)?),
    };
    ok.then(|| CriterionTemplate {
        metric: c.metric.clone(),
        op: c.op.clone(),
        threshold,
        requires: c.requires.clone(),
        unit: c.unit.clone(),
        kind: c.kind.clone(),
        evidence: c.evidence.clone(),
        when,
        layer: layer.to_string(),
    })
}
