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
    /// For the merged target of a `merge = true` rule: the ids of the targets it stands for.
    pub targets: Vec<String>,
}

/// Every target of `scope` at the site described by `facts`.
pub fn targets(scope: RuleScope, facts: &SiteFacts, site: &Scope) -> Vec<Target> {
    let target = |suffix: String, asset: Option<String>, scope: Scope| Target {
        suffix,
        asset,
        scope,
        targets: Vec::new(),
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
        let mut fired_on: Vec<&Target> = Vec::new();
        for t in all {
            let fired = rule.when.eval_bool(&t.scope).map_err(|e| {
                format!(
                    "{}:{}: rule `{}`: {e}",
                    rule.origin.file, rule.origin.line, rule.id
                )
            })?;
            if fired {
                fired_on.push(t);
            }
        }
        if rule.merge {
            if !fired_on.is_empty() {
                let merged = merged_target(site, &fired_on);
                emit(playbook, profile, rule, &merged, &mut out)?;
            }
        } else {
            for t in fired_on {
                emit(playbook, profile, rule, t, &mut out)?;
            }
        }
    }
    // What the plan evaluates after the rules (business case, RACI) starts afresh.
    budget::start(budget::MAX_STEPS_PER_RULE);
    Ok(out)
}

/// The one target of a `merge = true` rule: the site, with `targets` bound to the ids of
/// the targets its condition held on (in target order). The item's id is the rule id.
pub fn merged_target(site: &Scope, fired_on: &[&Target]) -> Target {
    let ids: Vec<&str> = fired_on.iter().map(|t| target_id(t)).collect();
    Target {
        suffix: String::new(),
        asset: None,
        scope: site.clone().with("targets", &ids),
        targets: ids.iter().map(|s| s.to_string()).collect(),
    }
}

/// A target's id: its suffix without the leading dot (`press-07`, `press-07.vibration`).
fn target_id(t: &Target) -> &str {
    t.suffix.strip_prefix('.').unwrap_or(&t.suffix)
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
            targets: t.targets.clone(),
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
            targets: t.targets.clone(),
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::date::Date;
    use crate::plan::{derive, Plan};
    use crate::playbook::{self, Source};
    use crate::profile::load_profile;

    fn plan(example: &str) -> Plan {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("examples/{example}.toml"));
        let text = std::fs::read_to_string(&path).expect("bundled example");
        let as_of = Date::new(2026, 11, 26).unwrap();
        let use_cases = vec!["predictive-maintenance".to_string()];
        let profile = load_profile(&path, &text, as_of, &use_cases).expect("valid");
        let playbook = playbook::load(&Source::BuiltIn, "predictive-maintenance").unwrap();
        derive(&profile, &playbook, as_of).unwrap()
    }

    #[test]
    fn a_merged_rule_emits_one_item_for_all_its_targets_and_none_without_one() {
        let p = plan("process-plant");
        let merged: Vec<_> = p
            .checklist
            .iter()
            .filter(|i| i.rule == "integration.s7-400-cp")
            .collect();
        assert_eq!(merged.len(), 1);
        let item = merged[0];
        assert_eq!(item.id, "integration.s7-400-cp");
        assert_eq!(item.targets, ["extruder-1", "extruder-2", "vacuum-tank-1"]);
        assert_eq!(item.asset, None);
        assert!(
            item.title
                .contains("S7-400 of extruder-1, extruder-2, vacuum-tank-1 its"),
            "{}",
            item.title
        );
        // The same targets without `merge`: one item each, with the target in the id.
        let per_target: Vec<&str> = p
            .checklist
            .iter()
            .filter(|i| i.rule == "integration.s7-driver")
            .map(|i| i.id.as_str())
            .collect();
        assert_eq!(
            per_target,
            [
                "integration.s7-driver.extruder-1",
                "integration.s7-driver.extruder-2",
                "integration.s7-driver.vacuum-tank-1"
            ]
        );
        assert!(p
            .checklist
            .iter()
            .all(|i| i.targets.is_empty() || i.asset.is_none()));
        // Lyon has no S7-400: no item, not an empty one.
        assert!(!plan("lyon")
            .checklist
            .iter()
            .any(|i| i.rule == "integration.s7-400-cp"));
    }
}
