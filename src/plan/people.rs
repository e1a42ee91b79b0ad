//! People: the RACI, the change plan sized for the site, and the gates' owners.

use super::facts::owner_facts;
use super::{
    ChangePlan, Communication, Computed, Criterion, Gate, Phase, Plan, RaciRow, Severity,
    Stakeholder, Training,
};
use crate::playbook::{Expr, Playbook, Scope, Threshold};
use crate::profile::{Profile, Role};

/// RACI rows, one per activity, letters from the playbook.
pub fn raci(playbook: &Playbook) -> Vec<RaciRow> {
    playbook
        .raci
        .iter()
        .map(|a| {
            let letter = |r: Role| a.letters.get(&r).cloned().unwrap_or_default();
            RaciRow {
                id: a.id.clone(),
                activity: a.activity.clone(),
                phase: a.phase.clone(),
                business: letter(Role::Business),
                operations: letter(Role::Operations),
                it: letter(Role::It),
                data: letter(Role::Data),
                change: letter(Role::Change),
            }
        })
        .collect()
}

fn applies(when: &Option<Expr>, site: &Scope) -> Result<bool, String> {
    when.as_ref().map_or(Ok(true), |w| w.eval_bool(site))
}

fn count(expr: &Expr, site: &Scope) -> Result<u32, String> {
    Ok(expr.eval_number(site)?.max(0.0).round() as u32)
}

/// The change plan: stakeholders, training, communications and adoption KPIs.
pub fn change_plan(
    playbook: &Playbook,
    profile: &Profile,
    site: &Scope,
) -> Result<ChangePlan, String> {
    let text = |name: &str| playbook.texts.render(name, site);
    let mut plan = ChangePlan {
        stakeholders: vec![],
        training: vec![],
        communications: vec![],
        adoption_kpis: vec![],
    };
    for s in &playbook.stakeholders {
        if applies(&s.when, site)? {
            plan.stakeholders.push(Stakeholder {
                id: s.id.clone(),
                group: s.group.clone(),
                size: s.size.as_ref().map(|e| count(e, site)).transpose()?,
                concerns: text(&s.concerns)?,
                engagement: text(&s.engagement)?,
                why: text(&s.why)?,
            });
        }
    }
    for t in &playbook.training {
        if applies(&t.when, site)? {
            let people = count(&t.people, site)?;
            let sessions = people
                .div_ceil(t.class_size)
                .max(profile.site.shifts_per_day.min(people));
            plan.training.push(Training {
                id: t.id.clone(),
                title: t.title.clone(),
                audience: t.audience.clone(),
                people,
                sessions,
                hours_per_person: t.hours_per_person,
                languages: profile.site.languages.clone(),
                phase: t.phase.clone(),
                why: text(&t.why)?,
            });
        }
    }
    for c in &playbook.communications {
        if applies(&c.when, site)? {
            plan.communications.push(Communication {
                id: c.id.clone(),
                phase: c.phase.clone(),
                audience: c.audience.clone(),
                channel: c.channel.clone(),
                message: text(&c.message)?,
                owner: c.owner.to_string(),
            });
        }
    }
    plan.adoption_kpis = playbook.adoption_kpis.to_vec();
    Ok(plan)
}

/// Phases with gates; thresholds computed from the baseline where it is known.
/// `known` lists the baseline keys `site` gives (the profile's, plus the
/// in-scope downtime sum when the assets give it).
pub fn phases(
    playbook: &Playbook,
    profile: &Profile,
    known: &[String],
    site: &Scope,
) -> Result<Vec<Phase>, String> {
    let mut out = Vec::new();
    for p in &playbook.phases {
        let mut criteria = Vec::new();
        for c in &p.criteria {
            let has_baseline = c.requires.iter().all(|k| known.contains(k));
            let threshold = match &c.threshold {
                Threshold::Fixed(n) => Some(*n),
                Threshold::Computed(e) if has_baseline => {
                    Some((e.eval_number(site)? * 1e6).round() / 1e6)
                }
                Threshold::Computed(_) => None,
            };
            criteria.push(Criterion {
                metric: c.metric.clone(),
                op: c.op.clone(),
                threshold,
                unit: c.unit.clone(),
                kind: c.kind.clone(),
                evidence: c.evidence.clone(),
                computed: None,
            });
        }
        out.push(Phase {
            id: p.id.clone(),
            title: p.title.clone(),
            goal: p.goal.clone(),
            gate: Gate {
                id: p.gate_id.clone(),
                title: p.gate_title.clone(),
                accountable: p.accountable.to_string(),
                accountable_name: owner_facts(p.accountable, profile.owners.get(p.accountable))
                    .name,
                criteria,
            },
        });
    }
    Ok(out)
}

/// Fills in the gate metrics the plan answers itself: open blocking data and
/// security gaps and owners named (exactly), and the share of the business
/// case's baseline keys the profile gives (an upper bound of those measured).
pub fn compute_metrics(plan: &mut Plan, required: &[String], known: &[String]) {
    let blocking = |topic: &str| {
        plan.readiness
            .gaps
            .iter()
            .filter(|g| g.topic == topic && g.severity == Severity::Blocking)
            .count() as f64
    };
    let exact = |value: f64| Some(Computed { value, exact: true });
    let data = exact(blocking("data"));
    let security = exact(blocking("security"));
    let owners = exact(plan.owners.iter().filter(|o| o.assigned).count() as f64);
    let given = required.iter().filter(|k| known.contains(k)).count() as f64;
    let baseline = Some(Computed {
        value: if required.is_empty() {
            1.0
        } else {
            given / required.len() as f64
        },
        exact: false,
    });
    for phase in &mut plan.phases {
        for c in &mut phase.gate.criteria {
            c.computed = match c.metric.as_str() {
                "blocking_data_gaps_open" => data,
                "blocking_security_gaps_open" => security,
                "owners_named" => owners,
                "baseline_kpis_measured" => baseline,
                _ => None,
            };
        }
    }
}
