//! Deriving the plan: `Profile` x `Playbook` x as-of date -> [`Plan`].
//!
//! All domain logic lives here, and none of it does I/O: the same inputs give
//! the same plan, byte for byte, on any machine.

mod business;
#[cfg(test)]
mod cases;
pub mod explain;
pub mod explain_why;
pub use crate::facts;
mod gate_baseline;
pub mod model;
#[cfg(test)]
mod monotone;
mod people;
pub mod probe;
mod readiness;
pub mod rules;

pub use model::*;
pub use probe::load_playbook;

use crate::date::Date;
use crate::playbook::{Playbook, Scope};
use crate::profile::Profile;

/// The name shown for a role nobody owns.
pub use crate::facts::UNASSIGNED;

/// A rule or expression failed on this site's facts (a playbook bug that the
/// load-time probes did not catch).
#[derive(Debug, thiserror::Error)]
#[error("the playbook failed on this site: {0}")]
pub struct PlanError(pub String);

/// The variables every rule of a site sees: `site`, `baseline` as a shorthand
/// for `site.baseline`, and the playbook's `params`. Derive, the load-time
/// probe and `explain` all bind them here, so they cannot drift apart.
pub fn site_scope(playbook: &Playbook, facts: &facts::SiteFacts) -> Scope {
    playbook.bind_params(
        Scope::new()
            .with("site", facts)
            .with("baseline", &facts.baseline),
    )
}

/// The site's facts for `playbook` as of `as_of`, and the [`site_scope`] bound over them:
/// what derive, `explain` and its why-not all evaluate rules against.
pub fn site_bindings(
    profile: &Profile,
    playbook: &Playbook,
    as_of: Date,
) -> (facts::SiteFacts, Scope) {
    let facts = facts::site_facts(
        profile,
        &playbook.id,
        as_of,
        playbook.security_level_default,
    );
    let site = site_scope(playbook, &facts);
    (facts, site)
}

/// Derives the deployment plan for `profile` under `playbook`, as of `as_of`.
pub fn derive(profile: &Profile, playbook: &Playbook, as_of: Date) -> Result<Plan, PlanError> {
    crate::playbook::expr::budget::start(crate::playbook::expr::budget::MAX_STEPS_PER_RULE);
    let (facts, site) = site_bindings(profile, playbook, as_of);
    let emitted = rules::run(playbook, profile, &facts, &site).map_err(PlanError)?;
    let money = business::money_baseline(&facts, reads_downtime(playbook));
    let money_scope = site.clone().with("baseline", &money.facts);
    let (mut business_case, money_gaps) =
        business::business_case(&playbook.business_case, profile, &money.facts, &money_scope)
            .map_err(PlanError)?;
    business_case.assumptions.extend(money.assumptions);
    let mut gaps = emitted.gaps;
    gaps.extend(money_gaps);
    gaps.extend(money.gaps);
    gaps.extend(
        gate_baseline::gaps(playbook, &money.facts.known, &money_scope).map_err(PlanError)?,
    );
    let readiness = readiness::score(&playbook.readiness, gaps, facts.in_scope_assets);
    let mut plan = Plan {
        format: PLAN_FORMAT,
        site: SiteRef {
            id: profile.site.id.clone(),
            name: profile.site.name.clone(),
            company: profile.site.company.clone(),
            country: profile.site.country.clone(),
        },
        use_case: UseCaseRef {
            id: playbook.id.clone(),
            title: playbook.title.clone(),
        },
        playbook: PlaybookRef {
            id: playbook.id.clone(),
            version: playbook.version.clone(),
            digest: playbook.digest.clone(),
            source: playbook.origin.clone(),
            stack: (!playbook.layers.is_empty()).then(|| playbook.stack()),
            layers: playbook.layers.clone(),
            disabled: playbook.disabled.clone(),
        },
        as_of: as_of.to_string(),
        owners: owners(profile, &facts),
        assets: facts.assets.iter().map(asset_summary).collect(),
        readiness,
        checklist: emitted.checklist,
        controls: emitted.controls,
        raci: people::raci(playbook, &facts::owner_roles(&facts), &site).map_err(PlanError)?,
        change_plan: people::change_plan(playbook, profile, &site).map_err(PlanError)?,
        business_case,
        phases: people::phases(playbook, profile, &money.facts.known, &money_scope)
            .map_err(PlanError)?,
        problem: playbook.problem.clone(),
        security_level_target: SecurityLevel {
            target: facts.network.security_level_target,
            source: if facts.network.security_level_from_profile {
                "profile"
            } else {
                "playbook default"
            }
            .to_string(),
        },
        network: NetworkSummary {
            segmentation: facts.network.segmentation.clone(),
            it_ot_firewall: facts.network.it_ot_firewall,
            ot_dmz: facts.network.ot_dmz,
            remote_access: facts.network.remote_access.clone(),
            ot_internet_access: facts.network.ot_internet_access,
        },
    };
    people::compute_metrics(
        &mut plan,
        &playbook.business_case.requires,
        &money.facts.known,
    );
    if !plan.readiness.applicable {
        not_applicable(&mut plan, playbook, facts.in_scope_assets);
    }
    Ok(plan)
}

/// Narrows the plan of a use case that does not apply to what the site can act
/// on: the gaps that make it not applicable (each says what closes it), and the
/// baseline items and controls (the same at every site, for reference on the
/// baseline page). No other gap, no site-specific item or control, no RACI,
/// change plan or gate, and no value or payback: nothing of a use case the
/// plant cannot start. Every key of `data/plan.json` stays, with its type
/// (`book/src/readiness.md`).
fn not_applicable(plan: &mut Plan, playbook: &Playbook, in_scope: usize) {
    let reasons: Vec<Gap> = std::mem::take(&mut plan.readiness.gaps)
        .into_iter()
        .filter(|g| g.not_applicable)
        .collect();
    plan.readiness = readiness::score(&playbook.readiness, reasons, in_scope);
    plan.checklist.retain(|i| i.baseline);
    plan.controls.retain(|c| c.baseline);
    plan.raci.clear();
    plan.change_plan = ChangePlan {
        stakeholders: Vec::new(),
        training: Vec::new(),
        communications: Vec::new(),
        adoption_kpis: Vec::new(),
    };
    plan.phases.clear();
    plan.business_case.annual_value = None;
    plan.business_case.payback_months = None;
}

/// Whether the business case or a gate of `playbook` needs the downtime baseline.
fn reads_downtime(playbook: &Playbook) -> bool {
    let key = business::DOWNTIME_KEY;
    playbook.business_case.requires.iter().any(|k| k == key)
        || playbook
            .phases
            .iter()
            .flat_map(|p| &p.criteria)
            .any(|c| c.requires.iter().any(|k| k == key))
}

fn owners(profile: &Profile, facts: &facts::SiteFacts) -> Vec<OwnerAssignment> {
    facts::owner_roles(facts)
        .into_iter()
        .map(|role| {
            let owner = profile.owners.get(role);
            OwnerAssignment {
                role: role.to_string(),
                name: owner.map_or_else(|| UNASSIGNED.to_string(), |o| o.name.clone()),
                contact: owner.and_then(|o| o.contact.clone()),
                assigned: owner.is_some(),
            }
        })
        .collect()
}

fn asset_summary(a: &facts::AssetFacts) -> AssetSummary {
    let c = &a.controller;
    let controller = if c.present {
        let name = [c.vendor.as_str(), c.model.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        format!("{name} ({})", c.protocols.join(", "))
            .trim()
            .to_string()
    } else {
        String::new()
    };
    AssetSummary {
        id: a.id.clone(),
        name: a.name.clone(),
        kind: a.kind.clone(),
        criticality: a.criticality.clone(),
        installed: a.installed,
        age_years: a.age_years,
        in_scope: a.in_scope,
        controller,
        sensors: a.sensors.iter().map(|s| s.kind.clone()).collect(),
    }
}
