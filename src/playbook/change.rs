//! Validation and compilation of the change plan: stakeholders, training,
//! communications and adoption KPIs.

use super::compile::Builder;
use super::raw::RawFile;
use super::source::SourceFile;
use super::{
    check, AdoptionKpiTemplate, CommunicationTemplate, StakeholderTemplate, TrainingTemplate,
};
use crate::values::AdoptionKpi;
use crate::vocab::TrainingCover;

/// The change-plan parts of a playbook.
pub struct ChangeTemplates {
    pub stakeholders: Vec<StakeholderTemplate>,
    pub training: Vec<TrainingTemplate>,
    pub communications: Vec<CommunicationTemplate>,
    pub adoption_kpis: Vec<AdoptionKpiTemplate>,
}

/// Compiles every change-plan entry of every file.
pub fn change_plan<'a>(
    b: &mut Builder<'a>,
    files: &'a [SourceFile],
    parsed: &[RawFile],
    phases: &[String],
) -> ChangeTemplates {
    let mut out = ChangeTemplates {
        stakeholders: vec![],
        training: vec![],
        communications: vec![],
        adoption_kpis: vec![],
    };
    for (file, raw) in files.iter().zip(parsed) {
        b.at(file);
        stakeholders(b, raw, &mut out.stakeholders);
        training(b, raw, phases, &mut out.training);
        communications(b, raw, phases, &mut out.communications);
        kpis(b, raw, &mut out.adoption_kpis);
    }
    out
}

fn when(
    b: &mut Builder<'_>,
    span: &std::ops::Range<usize>,
    what: &str,
    src: &Option<String>,
) -> Option<Option<super::Expr>> {
    match src {
        None => Some(None),
        Some(s) => b.expr(span, &format!("{what} when"), s).map(Some),
    }
}

fn stakeholders(b: &mut Builder<'_>, raw: &RawFile, out: &mut Vec<StakeholderTemplate>) {
    for s in &raw.stakeholder {
        let (span, s) = (s.span(), s.get_ref());
        b.unique(&span, "stakeholder", &s.id);
        let what = format!("stakeholder `{}`", s.id);
        let size = match &s.size {
            None => Some(None),
            Some(e) => b.expr(&span, &format!("{what} size"), e).map(Some),
        };
        let when = when(b, &span, &what, &s.when);
        let concerns = b.text(
            &span,
            &format!("stakeholder:{}:concerns", s.id),
            &s.concerns,
        );
        let engagement = b.text(
            &span,
            &format!("stakeholder:{}:engagement", s.id),
            &s.engagement,
        );
        let why = b.text(&span, &format!("stakeholder:{}:why", s.id), &s.why);
        if let (Some(size), Some(when)) = (size, when) {
            out.push(StakeholderTemplate {
                id: s.id.clone(),
                group: s.group.clone(),
                size,
                when,
                concerns,
                engagement,
                why,
            });
        }
    }
}

fn training(
    b: &mut Builder<'_>,
    raw: &RawFile,
    phases: &[String],
    out: &mut Vec<TrainingTemplate>,
) {
    for t in &raw.training {
        let (span, t) = (t.span(), t.get_ref());
        b.unique(&span, "training", &t.id);
        check::phase(b, &span, &t.phase, phases);
        let what = format!("training `{}`", t.id);
        if t.class_size == 0 || t.hours_per_person.is_nan() || t.hours_per_person <= 0.0 {
            b.error(
                &span,
                format!("{what}: class_size and hours_per_person must be > 0"),
            );
        }
        let cover = match t.cover.as_deref() {
            None => Some(TrainingCover::ShiftsAndLanguages),
            Some(c) => {
                let parsed = TrainingCover::parse(c);
                if parsed.is_none() {
                    check::one_of(b, &span, &format!("{what} cover"), c, TrainingCover::ALL);
                }
                parsed
            }
        };
        let people = b.expr(&span, &format!("{what} people"), &t.people);
        let when = when(b, &span, &what, &t.when);
        let why = b.text(&span, &format!("training:{}:why", t.id), &t.why);
        if let (Some(people), Some(when), Some(cover)) = (people, when, cover) {
            out.push(TrainingTemplate {
                id: t.id.clone(),
                title: t.title.clone(),
                audience: t.audience.clone(),
                people,
                class_size: t.class_size.max(1),
                hours_per_person: t.hours_per_person,
                phase: t.phase.clone(),
                why,
                when,
                cover,
            });
        }
    }
}

fn communications(
    b: &mut Builder<'_>,
    raw: &RawFile,
    phases: &[String],
    out: &mut Vec<CommunicationTemplate>,
) {
    for c in &raw.communication {
        let (span, c) = (c.span(), c.get_ref());
        b.unique(&span, "communication", &c.id);
        check::phase(b, &span, &c.phase, phases);
        let owner = check::role(b, &span, &c.owner);
        let when = when(b, &span, &format!("communication `{}`", c.id), &c.when);
        let message = b.text(
            &span,
            &format!("communication:{}:message", c.id),
            &c.message,
        );
        if let (Some(owner), Some(when)) = (owner, when) {
            out.push(CommunicationTemplate {
                id: c.id.clone(),
                phase: c.phase.clone(),
                audience: c.audience.clone(),
                channel: c.channel.clone(),
                message,
                owner,
                when,
            });
        }
    }
}

fn kpis(b: &mut Builder<'_>, raw: &RawFile, out: &mut Vec<AdoptionKpiTemplate>) {
    for k in &raw.adoption_kpi {
        let (span, k) = (k.span(), k.get_ref());
        b.unique(&span, "adoption_kpi", &k.id);
        check::one_of(
            b,
            &span,
            &format!("adoption_kpi `{}` op", k.id),
            &k.op,
            check::OPS,
        );
        let Some(when) = when(b, &span, &format!("adoption_kpi `{}`", k.id), &k.when) else {
            continue;
        };
        let kpi = AdoptionKpi {
            id: k.id.clone(),
            metric: k.metric.clone(),
            definition: k.definition.clone(),
            op: k.op.clone(),
            target: k.target,
            unit: k.unit.clone(),
        };
        out.push(AdoptionKpiTemplate { kpi, when });
    }
}
