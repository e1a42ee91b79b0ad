//! Why each item, control and gap is in a plan: the rule, where it is defined, its
//! condition, and the facts the condition read with their values on this site.
//!
//! [`explain`] derives the plan and binds the same facts and scope as derive
//! ([`super::site_bindings`]), so the values shown are the ones the rule saw. Each entry
//! names the layer its rule came from (`builtin`, `acme 2.1.0`) and, for a rule a
//! company layer overrode, which fields each override changed and where
//! (`layer.toml:LINE`). The fact scanner ([`fact_paths`]) reads the paths out of a CEL
//! source. Pure; `sitepack explain` is its command.

use serde::Serialize;

use super::{derive, facts, rules, site_bindings, Plan, PlanError};
use crate::date::Date;
use crate::playbook::layer::BUILT_IN_LAYER;
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
    /// The layer the rule came from, with its version for a company layer:
    /// `builtin`, `base`, `acme 2.1.0`.
    pub layer: String,
    /// What company layers' overrides changed in the rule, bottom layer first.
    pub changes: Vec<Change>,
    /// The params the rule's condition and texts read, with the value in force.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<ParamRead>,
}

/// A param a rule reads (`params.<name>`), with its value and who set it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParamRead {
    pub name: String,
    pub value: String,
    pub default: String,
    /// The layer that set the value (`acme 2.1.0`); `None` for the default.
    pub set_by: Option<String>,
    /// Where it set it, as `file:line` of `layer.toml`.
    pub at: Option<String>,
}

/// One `[[override]]` of the entry's rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// The overriding layer with its version: `acme 2.1.0`.
    pub layer: String,
    /// The fields it replaced (`severity`, `when`...).
    pub fields: Vec<String>,
    /// The `[[override]]` in that layer's `layer.toml`, as `file:line`.
    pub at: String,
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
            e.layer = layer_label(playbook, &rule.layer);
            e.changes = changes(playbook, rule);
            e.params = params_read(playbook, rule);
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
        layer: BUILT_IN_LAYER.to_string(),
        changes: Vec::new(),
        params: Vec::new(),
    }
}

/// What each company layer's `[[override]]` changed in `rule`, bottom layer first.
pub fn changes(playbook: &Playbook, rule: &Rule) -> Vec<Change> {
    rule.changes
        .iter()
        .map(|c| Change {
            layer: layer_label(playbook, &c.layer),
            fields: c.fields.clone(),
            at: format!("{}:{}", c.origin.file, c.origin.line),
        })
        .collect()
}

/// The params `rule` reads in its condition and texts, in the order they first appear,
/// with the value in force and who set it.
pub fn params_read(playbook: &Playbook, rule: &Rule) -> Vec<ParamRead> {
    playbook
        .params_of(rule)
        .into_iter()
        .filter_map(|name| {
            let p = playbook.params.get(name)?;
            Some(ParamRead {
                name: name.to_string(),
                value: p.value.display(),
                default: p.default.display(),
                set_by: p.set_by.as_deref().map(|l| layer_label(playbook, l)),
                at: p.set_at.as_ref().map(|o| format!("{}:{}", o.file, o.line)),
            })
        })
        .collect()
}

/// A layer as people read it: the id, and for a company layer its version. The
/// bottom of the stack (`builtin`, `base`) goes by its id alone: its version is the
/// use case's.
pub fn layer_label(playbook: &Playbook, id: &str) -> String {
    match playbook.layers.iter().skip(1).find(|l| l.id == id) {
        Some(l) if !l.version.is_empty() => format!("{} {}", l.id, l.version),
        _ => id.to_string(),
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

/// The fact paths the rule's condition mentions, with their values for this target; for the
/// one item of a `merge = true` rule, for each target it fired on, as `<target>: <path>`.
fn facts_read(
    rule: &Rule,
    id: &str,
    site_facts: &facts::SiteFacts,
    site: &Scope,
) -> Vec<(String, String)> {
    let all = rules::targets(rule.scope, site_facts, site);
    let mut paths: Vec<String> = fact_paths(rule.when.source());
    paths.dedup();
    let read = |t: &rules::Target, prefix: &str| -> Vec<(String, String)> {
        paths
            .iter()
            .filter_map(|p| {
                let value = Expr::compile(p).ok()?.eval_json(&t.scope).ok()?;
                Some((format!("{prefix}{p}"), value))
            })
            .collect()
    };
    if rule.merge && id == rule.id {
        return all
            .iter()
            .filter(|t| rule.when.eval_bool(&t.scope).unwrap_or(false))
            .flat_map(|t| read(t, &format!("{}: ", t.suffix.trim_start_matches('.'))))
            .collect();
    }
    all.iter()
        .find(|t| format!("{}{}", rule.id, t.suffix) == id)
        .map(|t| read(t, ""))
        .unwrap_or_default()
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
    use super::{explain, fact_paths};

    #[test]
    fn a_merged_item_shows_the_facts_of_each_target_it_covers() {
        use crate::date::Date;
        use crate::playbook::{self, Source};
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/process-plant.toml");
        let text = std::fs::read_to_string(&path).expect("bundled example");
        let as_of = Date::new(2026, 11, 26).unwrap();
        let use_cases = vec!["predictive-maintenance".to_string()];
        let profile = crate::profile::load_profile(&path, &text, as_of, &use_cases).unwrap();
        let playbook = playbook::load(&Source::BuiltIn, "predictive-maintenance").unwrap();
        let all = explain(&profile, &playbook, as_of).unwrap();
        let e = all
            .iter()
            .find(|e| e.id == "integration.s7-400-cp")
            .unwrap();
        let family: Vec<&str> = e
            .facts
            .iter()
            .filter(|(p, _)| p.ends_with(": asset.controller.family"))
            .map(|(p, _)| p.as_str())
            .collect();
        assert_eq!(
            family,
            [
                "extruder-1: asset.controller.family",
                "extruder-2: asset.controller.family",
                "vacuum-tank-1: asset.controller.family"
            ]
        );
        assert!(e.facts.iter().all(|(_, v)| !v.is_empty()));
    }

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
