//! Why each item, control and gap is in a plan: the rule, where it is defined, its
//! condition, and the facts the condition read with their values on this site.
//!
//! [`explain`] derives the plan and binds the same facts and scope as derive
//! ([`super::site_bindings`]), so the values shown are the ones the rule saw. The fact
//! scanner ([`fact_paths`]) reads the paths out of a CEL source. Pure; `sitepack
//! explain` is its command.

use serde::Serialize;

use super::{derive, facts, rules, site_bindings, Plan, PlanError};
use crate::date::Date;
use crate::playbook::{Expr, Playbook, Rule, Scope};
use crate::profile::Profile;

/// One explained entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    pub id: String,
    pub kind: &'static str,
    pub title: String,
    pub why: String,
    pub rule: String,
    pub defined_at: String,
    pub when: String,
    pub facts: Vec<(String, String)>,
    pub refs: Vec<String>,
}

/// Every checklist item, control and gap of the plan for `profile` under `playbook`,
/// each with its rule's definition, condition and the facts it read.
pub fn explain(
    profile: &Profile,
    playbook: &Playbook,
    as_of: Date,
) -> Result<Vec<Explanation>, PlanError> {
    let plan = derive(profile, playbook, as_of)?;
    let (site_facts, site) = site_bindings(profile, playbook, as_of);
    let mut explained = explanations(&plan);
    for e in &mut explained {
        if let Some(rule) = playbook.rules.iter().find(|r| r.id == e.rule) {
            e.defined_at = format!("{}:{}", rule.origin.file, rule.origin.line);
            e.when = rule.when.source().to_string();
            e.facts = facts_read(rule, &e.id, &site_facts, &site);
        }
    }
    Ok(explained)
}

fn entry(
    kind: &'static str,
    id: &str,
    title: &str,
    why: &str,
    rule: &str,
    refs: &[String],
) -> Explanation {
    Explanation {
        id: id.to_string(),
        kind,
        title: title.to_string(),
        why: why.to_string(),
        rule: rule.to_string(),
        defined_at: "built into sitepack".to_string(),
        when: String::new(),
        facts: Vec::new(),
        refs: refs.to_vec(),
    }
}

/// Every checklist item, control and gap, before rule details are filled in.
fn explanations(plan: &Plan) -> Vec<Explanation> {
    let items = plan
        .checklist
        .iter()
        .map(|i| entry("checklist", &i.id, &i.title, &i.why, &i.rule, &i.refs));
    let controls = plan
        .controls
        .iter()
        .map(|c| entry("control", &c.id, &c.title, &c.why, &c.rule, &c.refs));
    let gaps = plan
        .readiness
        .gaps
        .iter()
        .map(|g| entry("gap", &g.id, &g.title, &g.why, &g.rule, &[]));
    items.chain(controls).chain(gaps).collect()
}

/// The fact paths the rule's condition mentions, with their values for this target.
fn facts_read(
    rule: &Rule,
    id: &str,
    site_facts: &facts::SiteFacts,
    site: &Scope,
) -> Vec<(String, String)> {
    let Some(target) = rules::targets(rule.scope, site_facts, site)
        .into_iter()
        .find(|t| format!("{}{}", rule.id, t.suffix) == id)
    else {
        return Vec::new();
    };
    let mut paths: Vec<String> = fact_paths(rule.when.source());
    paths.dedup();
    paths
        .into_iter()
        .filter_map(|p| {
            let value = Expr::compile(&p).ok()?.eval_json(&target.scope).ok()?;
            Some((p, value))
        })
        .collect()
}

/// `site.x.y`, `asset.z`... paths in a CEL source, in order of first appearance.
pub fn fact_paths(source: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let bytes = source.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        while i < bytes.len()
            && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] == b'.')
        {
            i += 1;
        }
        let mut word = source[start..i].trim_end_matches('.');
        if bytes.get(i) == Some(&b'(') {
            // A method call such as `asset.sensors.exists(...)`: the fact is its receiver.
            word = word.rsplit_once('.').map_or("", |(receiver, _)| receiver);
        }
        let root = word.split('.').next().unwrap_or("");
        let quoted = start > 0 && (bytes[start - 1] == b'\'' || bytes[start - 1] == b'"');
        if !quoted
            && word.contains('.')
            && ["site", "asset", "sensor", "system", "owner"].contains(&root)
            && !out.iter().any(|p| p == word)
        {
            out.push(word.to_string());
        }
        i = i.max(start + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::fact_paths;

    #[test]
    fn finds_fact_paths() {
        for (src, expected) in [
            (
                "asset.age_years >= 20 && 'opc-ua' in asset.protocols",
                vec!["asset.age_years", "asset.protocols"],
            ),
            (
                "site.network.segmentation == 'flat'",
                vec!["site.network.segmentation"],
            ),
            (
                "asset.sensors.exists(s, s.kind == 'vibration')",
                vec!["asset.sensors"],
            ),
            ("'asset.x' == sensor.kind", vec!["sensor.kind"]),
        ] {
            assert_eq!(fact_paths(src), expected, "{src}");
        }
    }
}
