//! Gaps for the baseline keys a gate criterion needs (`requires`) that the site does not
//! give and the business case does not already ask for: without them the criterion has no
//! threshold and the gate cannot be passed, so the business component must say so.

use super::model::{Gap, Severity};
use crate::playbook::{Playbook, Scope};

/// One `business.baseline.<key>` gap per missing key, naming the gates that need it.
/// `known` is the baseline keys the site gives; `site` is the scope the gates are read in.
pub fn gaps(playbook: &Playbook, known: &[String], site: &Scope) -> Result<Vec<Gap>, String> {
    let case = &playbook.business_case.requires;
    let mut needs: Vec<(String, Vec<String>)> = Vec::new();
    for p in &playbook.phases {
        for c in &p.criteria {
            if !c.when.as_ref().map_or(Ok(true), |w| w.eval_bool(site))? {
                continue;
            }
            for key in c
                .requires
                .iter()
                .filter(|k| !known.contains(k) && !case.contains(k))
            {
                let gate = format!("`{}` of gate {}", c.metric, p.gate_title);
                match needs.iter_mut().find(|(k, _)| k == key) {
                    Some((_, gates)) => gates.push(gate),
                    None => needs.push((key.clone(), vec![gate])),
                }
            }
        }
    }
    Ok(needs.iter().map(|(key, gates)| gap(key, gates)).collect())
}

fn gap(key: &str, gates: &[String]) -> Gap {
    Gap {
        id: format!("business.baseline.{key}"),
        topic: "business".to_string(),
        severity: Severity::Major,
        asset: None,
        title: format!("Measure the baseline `{key}`"),
        why: format!(
            "The gate criterion {} is set against baseline.{key}, which the profile does not give: the criterion has no threshold and the gate cannot be passed until the baseline is measured.",
            gates.join(", ")
        ),
        rule: "business-case.gate-baseline".to_string(),
        phase: "assess".to_string(),
        owner: "business".to_string(),
        cap: None,
        not_applicable: false,
    }
}
