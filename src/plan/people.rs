//! People: the RACI, the change plan sized for the site, and the gates' owners.

use super::facts::owner_facts;
use super::{
    ChangePlan, Communication, Computed, Criterion, Gate, Phase, Plan, RaciRow, Severity,
    Stakeholder, Training,
};
use crate::playbook::{Expr, Playbook, Scope, Threshold};
use crate::profile::{Profile, Role};
use crate::vocab::TrainingCover;

/// RACI rows, one per activity that applies to the site (its `when`), letters from the
/// playbook; the optional roles (quality, safety) get a column only where `roles` (the
/// site's owner roles) has them.
pub fn raci(playbook: &Playbook, roles: &[Role], site: &Scope) -> Result<Vec<RaciRow>, String> {
    let mut rows = Vec::new();
    for a in &playbook.raci {
        let when = a.when.as_deref();
        if when.map_or(Ok(true), |w| w.eval_bool(site))? {
            rows.push(a);
        }
    }
    Ok(rows
        .into_iter()
        .map(|a| {
            let letter = |r: Role| a.letters.get(&r).cloned().unwrap_or_default();
            let optional = |r: Role| roles.contains(&r).then(|| letter(r));
            RaciRow {
                id: a.id.clone(),
                activity: a.activity.clone(),
                phase: a.phase.clone(),
                business: letter(Role::Business),
                operations: letter(Role::Operations),
                it: letter(Role::It),
                data: letter(Role::Data),
                change: letter(Role::Change),
                quality: optional(Role::Quality),
                safety: optional(Role::Safety),
            }
        })
        .collect())
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
            let languages = profile.site.languages.len() as u32;
            let (sessions, sessions_basis) = sessions(
                people,
                t.class_size,
                t.cover,
                profile.site.shifts_per_day,
                languages,
            );
            plan.training.push(Training {
                id: t.id.clone(),
                title: t.title.clone(),
                audience: t.audience.clone(),
                people,
                sessions,
                sessions_basis,
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
    for k in &playbook.adoption_kpis {
        if applies(&k.when, site)? {
            plan.adoption_kpis.push(k.kpi.clone());
        }
    }
    Ok(plan)
}

/// Sessions of a training module and the sentence that derives them: one group
/// per shift and language the module covers (never more groups than people),
/// each group split into classes of at most `class_size`.
fn sessions(
    people: u32,
    class_size: u32,
    cover: TrainingCover,
    shifts: u32,
    languages: u32,
) -> (u32, String) {
    let class_size = class_size.max(1);
    let (shifts, languages) = (shifts.max(1), languages.max(1));
    let (groups, named) = match cover {
        TrainingCover::ShiftsAndLanguages => (
            shifts * languages,
            format!("{shifts} shift(s) x {languages} language(s)"),
        ),
        TrainingCover::Shifts => (shifts, format!("{shifts} shift(s)")),
        TrainingCover::Languages => (languages, format!("{languages} language(s)")),
        TrainingCover::None => (1, String::new()),
    };
    if people == 0 {
        return (0, "nobody to train: no sessions".to_string());
    }
    let full = groups;
    let groups = full.min(people);
    let per_group = people.div_ceil(groups);
    let classes = per_group.div_ceil(class_size);
    let total = groups * classes;
    let basis = if full == 1 {
        format!("{people} people in classes of at most {class_size}: {total} session(s)")
    } else {
        let grouped = if groups < full {
            format!("{named} = {full} groups, but only {people} people: {groups} groups of one")
        } else if per_group == 1 {
            format!("{named} = {groups} groups of one person each")
        } else {
            format!("{named} = {groups} groups of up to {per_group} people")
        };
        format!("{grouped}, {classes} session(s) of at most {class_size} each: {total} sessions")
    };
    (total, basis)
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
            if !applies(&c.when, site)? {
                continue;
            }
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
/// security gaps, the core owner roles named (exactly; a named quality or
/// safety owner is one more person, not one more of the five), and the share of the business
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
    let core = |o: &&super::model::OwnerAssignment| Role::CORE.iter().any(|r| r.as_str() == o.role);
    let owners = exact(
        plan.owners
            .iter()
            .filter(core)
            .filter(|o| o.assigned)
            .count() as f64,
    );
    let named = |role: Role| {
        let yes = plan
            .owners
            .iter()
            .any(|o| o.role == role.as_str() && o.assigned);
        exact(if yes { 1.0 } else { 0.0 })
    };
    let (quality, safety) = (named(Role::Quality), named(Role::Safety));
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
                "quality_owner_named" => quality,
                "safety_owner_named" => safety,
                "baseline_kpis_measured" => baseline,
                _ => None,
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::sessions;

    /// `owners_named` counts the five core roles: a site that also names a
    /// quality or safety owner has one more person, and its G1 can still pass.
    #[test]
    fn owners_named_counts_the_core_roles_only() {
        use crate::date::Date;
        use crate::playbook::{load, Source, BUILT_IN_USE_CASES};
        use crate::profile::load_profile;
        use std::path::Path;
        let as_of = Date::new(2026, 11, 26).unwrap();
        let ucs: Vec<String> = BUILT_IN_USE_CASES.iter().map(|s| s.to_string()).collect();
        // (example, owners listed, core roles named): Lyon leaves one role unassigned
        let cases = [
            ("lyon", 5, 4.0),
            ("chemical-batch", 6, 5.0),
            ("pharma-packaging", 6, 5.0),
        ];
        for (name, listed, named) in cases {
            let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("examples/{name}.toml"));
            let text = std::fs::read_to_string(&path).unwrap();
            let profile = load_profile(&path, &text, as_of, &ucs).unwrap();
            let playbook = load(&Source::BuiltIn, "predictive-maintenance").unwrap();
            let plan = super::super::derive(&profile, &playbook, as_of).unwrap();
            assert_eq!(plan.owners.len(), listed, "{name}: owners listed");
            let computed = plan.phases[0]
                .gate
                .criteria
                .iter()
                .find(|c| c.metric == "owners_named")
                .and_then(|c| c.computed.as_ref())
                .map(|c| c.value);
            assert_eq!(computed, Some(named), "{name}: owners_named");
        }
    }

    /// The regimes' owners are gate criteria computed from the profile: QA at a GMP
    /// site, process safety at a Seveso site; neither criterion exists elsewhere.
    #[test]
    fn regime_owners_are_computed_criteria_where_the_regime_applies() {
        use crate::date::Date;
        use crate::playbook::{load, Source, BUILT_IN_USE_CASES};
        use crate::profile::load_profile;
        use std::path::Path;
        let as_of = Date::new(2026, 11, 26).unwrap();
        let ucs: Vec<String> = BUILT_IN_USE_CASES.iter().map(|s| s.to_string()).collect();
        let criterion = |name: &str, drop_qa: bool, metric: &str| {
            let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("examples/{name}.toml"));
            let mut text = std::fs::read_to_string(&path).unwrap();
            if drop_qa {
                let kept: Vec<&str> = text
                    .lines()
                    .filter(|l| !l.starts_with("quality = {"))
                    .collect();
                text = kept.join("\n");
            }
            let profile = load_profile(&path, &text, as_of, &ucs).unwrap();
            let playbook = load(&Source::BuiltIn, "predictive-maintenance").unwrap();
            let plan = super::super::derive(&profile, &playbook, as_of).unwrap();
            plan.phases[0]
                .gate
                .criteria
                .iter()
                .find(|c| c.metric == metric)
                .map(|c| c.computed.as_ref().map(|c| c.value))
        };
        // (example, without its QA owner, metric, the criterion's computed value if present)
        let cases = [
            (
                "pharma-packaging",
                false,
                "quality_owner_named",
                Some(Some(1.0)),
            ),
            (
                "pharma-packaging",
                true,
                "quality_owner_named",
                Some(Some(0.0)),
            ),
            (
                "pharma-packaging",
                false,
                "safety_owner_named",
                Option::None,
            ),
            (
                "chemical-batch",
                false,
                "safety_owner_named",
                Some(Some(1.0)),
            ),
            ("lyon", false, "quality_owner_named", Option::None),
        ];
        for (name, drop_qa, metric, want) in cases {
            assert_eq!(criterion(name, drop_qa, metric), want, "{name}: {metric}");
        }
    }
    use crate::vocab::TrainingCover::{self, *};

    #[test]
    fn sessions_cover_every_shift_and_language() {
        let cases: [(u32, u32, TrainingCover, u32, u32, u32, &str); 7] = [
            // 3 languages x 4 shifts: 12 groups, never 11 sessions.
            (
                84,
                12,
                ShiftsAndLanguages,
                4,
                3,
                12,
                "4 shift(s) x 3 language(s) = 12 groups of up to 7 people",
            ),
            (
                200,
                12,
                ShiftsAndLanguages,
                3,
                2,
                18,
                "6 groups of up to 34 people, 3 session(s) of at most 12 each: 18 sessions",
            ),
            (
                60,
                30,
                Shifts,
                3,
                2,
                3,
                "3 shift(s) = 3 groups of up to 20 people",
            ),
            (
                8,
                6,
                Languages,
                3,
                2,
                2,
                "2 language(s) = 2 groups of up to 4 people",
            ),
            (
                4,
                6,
                None,
                3,
                2,
                1,
                "4 people in classes of at most 6: 1 session(s)",
            ),
            (
                4,
                8,
                ShiftsAndLanguages,
                3,
                2,
                4,
                "= 6 groups, but only 4 people: 4 groups of one",
            ),
            (0, 8, ShiftsAndLanguages, 3, 2, 0, "nobody to train"),
        ];
        for (people, class, cover, shifts, languages, expected, words) in cases {
            let (n, basis) = sessions(people, class, cover, shifts, languages);
            assert_eq!(n, expected, "{basis}");
            assert!(basis.contains(words), "{basis}");
        }
    }

    fn lyon() -> crate::profile::Profile {
        example("lyon")
    }

    fn example(name: &str) -> crate::profile::Profile {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples")
            .join(format!("{name}.toml"));
        let text = std::fs::read_to_string(&path).expect("bundled example");
        let use_cases: Vec<String> = crate::playbook::BUILT_IN_USE_CASES
            .iter()
            .map(|u| u.to_string())
            .collect();
        let as_of = crate::date::Date::new(2026, 11, 26).unwrap();
        crate::profile::load_profile(&path, &text, as_of, &use_cases).expect("valid")
    }

    #[test]
    fn the_change_plan_fits_the_use_case_and_the_regimes() {
        use crate::vocab::Regime;
        type Patch = fn(&mut crate::profile::Profile);
        let gmp: Patch = |p| p.site.regimes = vec![Regime::EuGmp];
        // Lyon has no camera: visual inspection would not apply, and have no change plan.
        let gmp_camera: Patch = |p| {
            p.site.regimes = vec![Regime::EuGmp];
            let mut camera = p.assets[0].sensors[0].clone();
            camera.kind = crate::profile::SensorKind::Camera;
            p.assets[0].sensors.push(camera);
        };
        let none: Patch = |_| {};
        // (use case, patch, stakeholders that must be there, that must not, KPI that must be there)
        type Case = (
            &'static str,
            Patch,
            &'static [&'static str],
            &'static [&'static str],
            &'static str,
        );
        let cases: [Case; 4] = [
            (
                "energy-forecasting",
                none,
                &["energy-buyers", "production-planners"],
                &["operators", "maintenance-technicians", "qa-unit"],
                "kpi-forecast-used",
            ),
            (
                "predictive-maintenance",
                none,
                &["operators", "maintenance-technicians"],
                &["energy-buyers", "qa-unit"],
                "kpi-alert-to-work-order",
            ),
            (
                "visual-inspection",
                gmp_camera,
                &["operators", "quality", "qa-unit"],
                &["maintenance-technicians"],
                "kpi-acceptance-rate",
            ),
            (
                "energy-forecasting",
                gmp,
                &["energy-buyers"],
                &["qa-unit"],
                "kpi-forecast-used",
            ),
        ];
        for (use_case, patch, present, absent, kpi) in cases {
            let mut profile = lyon();
            patch(&mut profile);
            let playbook =
                crate::playbook::load(&crate::playbook::Source::BuiltIn, use_case).unwrap();
            let as_of = crate::date::Date::new(2026, 11, 26).unwrap();
            let plan = crate::plan::derive(&profile, &playbook, as_of).unwrap();
            let ids: Vec<&str> = plan
                .change_plan
                .stakeholders
                .iter()
                .map(|s| s.id.as_str())
                .collect();
            for id in present {
                assert!(ids.contains(id), "{use_case}: no `{id}` in {ids:?}");
            }
            for id in absent {
                assert!(!ids.contains(id), "{use_case}: `{id}` in {ids:?}");
            }
            let kpis: Vec<&str> = plan
                .change_plan
                .adoption_kpis
                .iter()
                .map(|k| k.id.as_str())
                .collect();
            assert!(kpis.contains(&kpi), "{use_case}: no `{kpi}` in {kpis:?}");
            let operators = plan
                .change_plan
                .training
                .iter()
                .any(|t| t.audience == "operators");
            assert_eq!(
                operators,
                use_case != "energy-forecasting",
                "{use_case}: operator training"
            );
        }
    }

    #[test]
    fn quality_and_safety_get_raci_columns_only_where_the_site_names_them() {
        let playbook =
            crate::playbook::load(&crate::playbook::Source::BuiltIn, "predictive-maintenance")
                .unwrap();
        let as_of = crate::date::Date::new(2026, 11, 26).unwrap();
        // Lyon names neither; the body shop names both.
        for (site, shown) in [("lyon", false), ("body-shop", true)] {
            let plan = crate::plan::derive(&example(site), &playbook, as_of).unwrap();
            for row in &plan.raci {
                assert_eq!(row.quality.is_some(), shown, "{site}: {}", row.id);
                assert_eq!(row.safety.is_some(), shown, "{site}: {}", row.id);
                assert!(!row.quality.as_deref().unwrap_or("").starts_with('A'));
            }
            let pilot = plan
                .raci
                .iter()
                .find(|r| r.id == "pilot-operation")
                .unwrap();
            assert_eq!(pilot.safety.as_deref(), shown.then_some("C"), "{site}");
        }
    }
}
