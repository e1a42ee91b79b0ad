//! Why a rule is not in a plan: "why is X not here?". Pure; `sitepack explain`
//! is its command.
//!
//! Given a rule id (or a rule id and target, as an item id would read), every
//! target of the rule's scope is evaluated on this site. A target where the rule
//! did not fire shows the parts of the condition that are false there (its
//! top-level `&&` operands) and the facts those parts read, in the order the
//! condition names them, with lists of records shortened to their ids, and the params
//! the rule reads with their values in force. A rule a layer disabled says so, with the
//! layer's reason.

use serde::Serialize;

use super::explain::{changes, fact_paths, layer_label, params_read, Change, ParamRead};
use super::{facts::SiteFacts, rules, site_bindings};
use crate::date::Date;
use crate::playbook::{DisabledRule, Expr, Playbook, Rule, RuleScope, Scope};
use crate::profile::Profile;

/// Why a rule did or did not fire, target by target.
#[derive(Debug, Serialize)]
pub struct WhyNot {
    pub id: String,
    pub kind: &'static str,
    pub rule: String,
    pub defined_at: String,
    pub scope: String,
    pub when: String,
    /// `layer: reason` when a company layer disabled the rule.
    pub disabled: Option<String>,
    /// The layer the rule came from (`builtin`, `acme 2.1.0`).
    pub layer: String,
    /// What company layers' overrides changed in the rule, bottom layer first.
    pub changes: Vec<Change>,
    /// The params the rule's condition and texts read, with the value in force.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<ParamRead>,
    pub targets: Vec<TargetWhy>,
    /// When the use case does not apply: the reasons (the not-applicable gaps'
    /// titles). The plan then holds only those gaps and the baseline entries, so
    /// what the rule fired is not in it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_applicable: Vec<String>,
}

/// One target of the rule: fired (with the item id) or the false parts.
#[derive(Debug, Serialize)]
pub struct TargetWhy {
    /// `site`, `asset press-07`, `sensor press-07.vibration`, `system pi`, `owner it`.
    pub target: String,
    /// The id the rule emitted here, when it fired.
    pub fired: Option<String>,
    /// The operands of the condition that are false here (the whole condition
    /// when it is not a plain conjunction).
    pub false_parts: Vec<String>,
    /// The facts the false parts read, with their values.
    pub facts: Vec<(String, String)>,
}

/// Why `wanted` is (not) in the plan for `profile` under `playbook`, when it
/// names a rule (alone, or with a target suffix) or a rule a layer disabled;
/// `None` when it names neither. Binds the same facts and scope as derive.
pub fn why_not(
    profile: &Profile,
    playbook: &Playbook,
    as_of: Date,
    wanted: &str,
) -> Option<WhyNot> {
    let (site_facts, site) = site_bindings(profile, playbook, as_of);
    explain(playbook, wanted, &site_facts, &site)
}

fn explain(playbook: &Playbook, wanted: &str, facts: &SiteFacts, site: &Scope) -> Option<WhyNot> {
    if let Some(d) = playbook.disabled.iter().find(|d| d.rule == wanted) {
        return Some(disabled(playbook, d));
    }
    let rule = playbook
        .rules
        .iter()
        .filter(|r| wanted == r.id || wanted.starts_with(&format!("{}.", r.id)))
        .max_by_key(|r| r.id.len())?;
    let suffix = &wanted[rule.id.len()..];
    let targets: Vec<TargetWhy> = rules::targets(rule.scope, facts, site)
        .into_iter()
        .filter(|t| suffix.is_empty() || t.suffix == suffix)
        .map(|t| target_why(rule, &t))
        .collect();
    if targets.is_empty() {
        return None;
    }
    Some(WhyNot {
        id: wanted.to_string(),
        kind: "rule",
        rule: rule.id.clone(),
        defined_at: format!("{}:{}", rule.origin.file, rule.origin.line),
        scope: scope_name(rule.scope).to_string(),
        when: rule.when.source().to_string(),
        disabled: None,
        layer: layer_label(playbook, &rule.layer),
        changes: changes(playbook, rule),
        params: params_read(playbook, rule),
        targets,
        not_applicable: Vec::new(),
    })
}

fn disabled(playbook: &Playbook, d: &DisabledRule) -> WhyNot {
    WhyNot {
        id: d.rule.clone(),
        kind: "rule",
        rule: d.rule.clone(),
        defined_at: format!("{}:{}", d.origin.file, d.origin.line),
        scope: String::new(),
        when: String::new(),
        disabled: Some(format!("{}: {}", d.layer, d.reason)),
        layer: layer_label(playbook, &d.rule_layer),
        changes: Vec::new(),
        params: Vec::new(),
        targets: Vec::new(),
        not_applicable: Vec::new(),
    }
}

fn target_why(rule: &Rule, t: &rules::Target) -> TargetWhy {
    let label = target_label(rule, &t.suffix);
    if rule.when.eval_bool(&t.scope).unwrap_or(false) {
        return TargetWhy {
            target: label,
            // A merged rule's one item covers every target it fired on.
            fired: Some(if rule.merge {
                rule.id.clone()
            } else {
                format!("{}{}", rule.id, t.suffix)
            }),
            false_parts: Vec::new(),
            facts: Vec::new(),
        };
    }
    let parts = conjuncts(rule.when.source());
    let false_parts: Vec<String> = if parts.len() > 1 {
        parts
            .into_iter()
            .filter(|p| {
                Expr::compile(p)
                    .and_then(|e| e.eval_bool(&t.scope))
                    .map_or(true, |v| !v)
            })
            .collect()
    } else {
        vec![rule.when.source().trim().to_string()]
    };
    let mut paths: Vec<String> = Vec::new();
    for p in false_parts.iter().flat_map(|p| fact_paths(p)) {
        if !paths.contains(&p) {
            paths.push(p);
        }
    }
    let facts = paths
        .into_iter()
        .filter_map(|p| {
            let json = Expr::compile(&p).ok()?.eval_json(&t.scope).ok()?;
            Some((p, readable(&json)))
        })
        .collect();
    TargetWhy {
        target: label,
        fired: None,
        false_parts,
        facts,
    }
}

/// `asset press-07` for suffix `.press-07`; `site` for the site scope.
fn target_label(rule: &Rule, suffix: &str) -> String {
    match suffix.strip_prefix('.') {
        Some(rest) => format!("{} {rest}", scope_name(rule.scope)),
        None => "site".to_string(),
    }
}

fn scope_name(scope: RuleScope) -> &'static str {
    match scope {
        RuleScope::Site => "site",
        RuleScope::System => "system",
        RuleScope::Asset => "asset",
        RuleScope::Sensor => "sensor",
        RuleScope::Owner => "owner",
    }
}

/// The top-level `&&` operands of a CEL source; one element when there is a
/// top-level `||` (splitting it would change the meaning) or no `&&` at all.
pub fn conjuncts(source: &str) -> Vec<String> {
    let (mut depth, mut quote, mut parts, mut start) = (0i32, None::<char>, vec![], 0);
    let chars: Vec<(usize, char)> = source.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        let next = chars.get(i + 1).map(|(_, n)| *n);
        match (quote, c) {
            (Some(q), _) if c == q => quote = None,
            (Some(_), '\\') => i += 1,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(' | '[' | '{') => depth += 1,
            (None, ')' | ']' | '}') => depth -= 1,
            (None, '|') if depth == 0 && next == Some('|') => {
                return vec![source.trim().to_string()];
            }
            (None, '&') if depth == 0 && next == Some('&') => {
                parts.push(source[start..at].trim().to_string());
                start = at + 2;
                i += 1;
            }
            _ => {}
        }
        i += 1;
    }
    parts.push(source[start..].trim().to_string());
    parts
}

/// A fact value for people: scalars and lists of scalars as JSON, a list of
/// records as their ids (`key`, `id` or `kind`), a record as its field count.
pub fn readable(json: &str) -> String {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(json) else {
        return json.to_string();
    };
    let name = |v: &serde_json::Value| {
        ["key", "id", "kind"]
            .iter()
            .find_map(|k| v.get(*k).and_then(|x| x.as_str()).map(str::to_string))
    };
    match &value {
        serde_json::Value::Array(items) if items.iter().any(|v| v.is_object()) => {
            let names: Vec<String> = items
                .iter()
                .map(|v| name(v).unwrap_or_else(|| "{...}".to_string()))
                .collect();
            let n = items.len();
            let records = if n == 1 { "record" } else { "records" };
            format!("[{}] ({n} {records})", names.join(", "))
        }
        serde_json::Value::Object(map) => format!("{{{} fields}}", map.len()),
        _ => json.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::{conjuncts, readable, why_not};

    #[test]
    fn a_rule_that_did_not_fire_shows_the_params_it_reads() {
        use crate::date::Date;
        use crate::playbook::{self, Source};
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/lyon.toml");
        let text = std::fs::read_to_string(&path).expect("bundled example");
        let as_of = Date::new(2026, 11, 26).unwrap();
        let use_cases = vec!["predictive-maintenance".to_string()];
        let profile = crate::profile::load_profile(&path, &text, as_of, &use_cases).unwrap();
        let playbook = playbook::load(&Source::BuiltIn, "predictive-maintenance").unwrap();
        for (rule, expected) in [
            ("data.short-history", vec![("min_history_months", "6")]),
            ("integration.s7-driver", vec![]),
        ] {
            let why = why_not(&profile, &playbook, as_of, rule).expect(rule);
            let read: Vec<(&str, &str)> = why
                .params
                .iter()
                .map(|p| (p.name.as_str(), p.value.as_str()))
                .collect();
            assert_eq!(read, expected, "{rule}");
            assert!(why.params.iter().all(|p| p.set_by.is_none()), "{rule}");
        }
    }

    #[test]
    fn splits_only_top_level_conjunctions() {
        for (src, expected) in [
            ("a.x && b.y", vec!["a.x", "b.y"]),
            (
                "asset.in_scope && (x || y) && 'a&&b' == s.k",
                vec!["asset.in_scope", "(x || y)", "'a&&b' == s.k"],
            ),
            ("a && b || c", vec!["a && b || c"]),
            (
                "l.exists(s, s.a && s.b) && !c",
                vec!["l.exists(s, s.a && s.b)", "!c"],
            ),
            (
                "site.in_scope_assets == 0",
                vec!["site.in_scope_assets == 0"],
            ),
        ] {
            assert_eq!(conjuncts(src), expected, "{src}");
        }
    }

    #[test]
    fn facts_read_as_people_read_them() {
        for (json, expected) in [
            ("30", "30"),
            ("\"S7-300\"", "\"S7-300\""),
            ("[\"opc-ua\",\"s7comm\"]", "[\"opc-ua\",\"s7comm\"]"),
            (
                "[{\"key\":\"vibration\",\"kind\":\"vibration\"},{\"key\":\"vibration-2\"}]",
                "[vibration, vibration-2] (2 records)",
            ),
            ("[{\"x\":1}]", "[{...}] (1 record)"),
            ("{\"a\":1,\"b\":2}", "{2 fields}"),
            ("[]", "[]"),
        ] {
            assert_eq!(readable(json), expected, "{json}");
        }
    }
}
