//! Running rules: each rule's condition over each target of its scope, and the
//! checklist items, controls and gaps the true ones emit.

use super::facts::{owner_facts, owner_roles, SiteFacts};
use super::{ChecklistItem, Control, Gap};
use crate::playbook::expr::budget;
use crate::playbook::{Emit, GapEffect, Playbook, Rule, RuleScope, Scope};
use crate::profile::Profile;

/// One thing a rule can look at: the id suffix and the variables it sees.
pub struct Target {
    /// Appended to the rule id to form the item id (empty for site scope).
    pub suffix: String,
    /// The asset the target concerns, if any.
    pub asset: Option<String>,
    pub scope: Scope,
}

/// Every target of `scope` at the site described by `facts`.
pub fn targets(scope: RuleScope, facts: &SiteFacts, site: &Scope) -> Vec<Target> {
    let target = |suffix: String, asset: Option<String>, scope: Scope| Target {
        suffix,
        asset,
        scope,
    };
    match scope {
        RuleScope::Site => vec![target(String::new(), None, site.clone())],
        RuleScope::System => facts
            .systems
            .iter()
            .map(|s| target(format!(".{}", s.id), None, site.clone().with("system", s)))
            .collect(),
        RuleScope::Asset => facts
            .assets
            .iter()
            .map(|a| {
                target(
                    format!(".{}", a.id),
                    Some(a.id.clone()),
                    site.clone().with("asset", a),
                )
            })
            .collect(),
        RuleScope::Sensor => facts
            .assets
            .iter()
            .flat_map(|a| {
                let with_asset = site.clone().with("asset", a);
                a.sensors.iter().map(move |s| {
                    target(
                        format!(".{}.{}", a.id, s.key),
                        Some(a.id.clone()),
                        with_asset.clone().with("sensor", s),
                    )
                })
            })
            .collect(),
        RuleScope::Owner => owner_roles(facts)
            .into_iter()
            .map(|role| {
                let owner = facts.owners.get(role);
                target(format!(".{role}"), None, site.clone().with("owner", owner))
            })
            .collect(),
    }
}

/// What the rules of a playbook emitted for one site.
#[derive(Default)]
pub struct Emitted {
    pub checklist: Vec<ChecklistItem>,
    pub controls: Vec<Control>,
    pub gaps: Vec<Gap>,
}

/// Runs every rule of `playbook` over the site.
pub fn run(
    playbook: &Playbook,
    profile: &Profile,
    facts: &SiteFacts,
    site: &Scope,
) -> Result<Emitted, String> {
    let mut out = Emitted::default();
    // Targets are built once per scope kind: binding facts is the costly part.
    let mut built: Vec<(RuleScope, Vec<Target>)> = Vec::new();
    for rule in &playbook.rules {
        // Each rule gets its own evaluation budget over all its targets.
        budget::start(budget::per_rule());
        if !built.iter().any(|(scope, _)| *scope == rule.scope) {
            built.push((rule.scope, targets(rule.scope, facts, site)));
        }
        let all = &built
            .iter()
            .find(|(scope, _)| *scope == rule.scope)
            .expect("just built")
            .1;
        for t in all {
            let fired = rule.when.eval_bool(&t.scope).map_err(|e| {
                format!(
                    "{}:{}: rule `{}`: {e}",
                    rule.origin.file, rule.origin.line, rule.id
                )
            })?;
            if fired {
                emit(playbook, profile, rule, t, &mut out)?;
            }
        }
    }
    // What the plan evaluates after the rules (business case, RACI) starts afresh.
    budget::start(budget::MAX_STEPS_PER_RULE);
    Ok(out)
}

fn emit(
    playbook: &Playbook,
    profile: &Profile,
    rule: &Rule,
    t: &Target,
    out: &mut Emitted,
) -> Result<(), String> {
    let text = |name: &str| {
        playbook.texts.render(name, &t.scope).map_err(|e| {
            format!(
                "{}:{}: rule `{}`: {e}",
                rule.origin.file, rule.origin.line, rule.id
            )
        })
    };
    let id = format!("{}{}", rule.id, t.suffix);
    let (title, why) = (text(&rule.title)?, text(&rule.why)?);
    let owner = rule.owner.to_string();
    let owner_name = owner_facts(rule.owner, profile.owners.get(rule.owner)).name;
    let rule_id = rule.id.clone();
    let baseline = rule.is_baseline();
    let phase = rule.phase.clone();
    match &rule.emit {
        Emit::Checklist { section } => out.checklist.push(ChecklistItem {
            id,
            section: section.clone(),
            phase,
            title,
            owner,
            owner_name,
            why,
            rule: rule_id,
            baseline,
            refs: rule.refs.clone(),
            asset: t.asset.clone(),
        }),
        Emit::Control => out.controls.push(Control {
            id,
            title,
            refs: rule.refs.clone(),
            why,
            rule: rule_id,
            baseline,
            phase,
            owner,
            owner_name,
        }),
        Emit::Gap {
            topic,
            severity,
            effect,
        } => out.gaps.push(Gap {
            id,
            topic: topic.clone(),
            severity: *severity,
            asset: t.asset.clone(),
            title,
            why,
            rule: rule_id,
            phase,
            owner,
            cap: match effect {
                GapEffect::Cap(n) => Some(*n),
                _ => None,
            },
            not_applicable: *effect == GapEffect::NotApplicable,
        }),
    }
    Ok(())
}
