//! Tests of the `--since` page: one built-in playbook against a copy changed in one way.

use super::changes;
use crate::playbook::{self, ParamValue, Playbook, Source, Threshold};
use crate::vocab::Role;

fn predictive_maintenance() -> Playbook {
    playbook::load(&Source::BuiltIn, "predictive-maintenance").expect("built-in playbook")
}

/// The page for the built-in playbook before and after `change`.
fn page_after(change: fn(&mut Playbook)) -> String {
    let mut new = predictive_maintenance();
    change(&mut new);
    changes("v1", &[predictive_maintenance()], &[new])
}

/// A case: its name, the change, what the page must hold and what it must not.
type Case = (
    &'static str,
    fn(&mut Playbook),
    &'static [&'static str],
    &'static [&'static str],
);

#[test]
fn the_page_lists_what_each_change_touches_and_nothing_else() {
    let cases: &[Case] = &[
        (
            "a param value",
            |p| p.params.get_mut("min_history_months").unwrap().value = ParamValue::Integer(9),
            &[
                "Params changed (1):\n\n- `min_history_months`: 6 → 9\n",
                "- `data.short-history` (reads `params.min_history_months`)\n",
                "Gates, RACI, business case and change plan changed (0): none.",
                "Added (0): none.",
            ],
            &["integration.legacy-readonly"],
        ),
        (
            "a gate threshold",
            |p| {
                let gate = p.phases.iter_mut().find(|ph| ph.gate_id == "pilot-proven");
                let criterion = gate
                    .unwrap()
                    .criteria
                    .iter_mut()
                    .find(|c| c.metric == "recommendation_acceptance_rate")
                    .unwrap();
                criterion.threshold = Threshold::Fixed(0.7);
            },
            &[
                "Gates, RACI, business case and change plan changed (1):\n\n\
                 - `gate pilot-proven criterion recommendation_acceptance_rate`: threshold 0.6 → 0.7\n",
                "Changed (0): none.",
                "Params changed (0): none.",
            ],
            &[],
        ),
        (
            "a RACI letter",
            |p| {
                let a = p.raci.iter_mut().find(|a| a.id == "approve-business-case");
                a.unwrap().letters.insert(Role::Change, "C".to_string());
            },
            &[
                "Gates, RACI, business case and change plan changed (1):\n\n\
                 - `raci approve-business-case`: change I → C\n",
                "Changed (0): none.",
            ],
            &[],
        ),
        (
            "an added param and a removed RACI activity",
            |p| {
                let mut param = p.params["min_history_months"].clone();
                param.value = ParamValue::Text("a | <b>".to_string());
                p.params.insert("acme_note".to_string(), param);
                p.raci.retain(|a| a.id != "approve-business-case");
            },
            &[
                "- `acme_note`: added, \"a \\| &lt;b>\"\n",
                "- `raci approve-business-case`: removed\n",
                "Changed (0): none.",
            ],
            &[],
        ),
        (
            "a training class size and a removed stakeholder",
            |p| {
                let t = p.training.iter_mut().find(|t| t.id == "train-operator");
                t.unwrap().class_size = 6;
                p.stakeholders.retain(|s| s.id != "planners");
            },
            &[
                "- `stakeholder planners`: removed\n",
                "- `training train-operator`: class size 12 → 6\n",
                "Changed (0): none.",
            ],
            &["communication "],
        ),
        (
            "nothing",
            |_| {},
            &[
                "Added (0): none.\n\nRemoved (0): none.\n\nChanged (0): none.\n\n\
                 Params changed (0): none.\n\nGates, RACI, business case and change plan changed (0): none.\n",
            ],
            &["\n- "],
        ),
    ];
    for (name, change, present, absent) in cases {
        let page = page_after(*change);
        assert_eq!(page, page_after(*change), "{name}: not deterministic");
        for needle in *present {
            assert!(
                page.contains(needle),
                "{name}: missing {needle:?} in\n{page}"
            );
        }
        for needle in *absent {
            assert!(!page.contains(needle), "{name}: has {needle:?} in\n{page}");
        }
    }
}

#[test]
fn a_rule_changed_in_itself_and_through_a_param_is_listed_once_with_the_note() {
    let page = page_after(|p| {
        p.params.get_mut("min_history_months").unwrap().value = ParamValue::Integer(9);
        let rule = p.rules.iter_mut().find(|r| r.id == "data.short-history");
        rule.unwrap().phase = "pilot".to_string();
    });
    assert_eq!(page.matches("- `data.short-history`").count(), 1, "{page}");
    assert!(page.contains("- `data.short-history` (reads `params.min_history_months`)\n"));
}
