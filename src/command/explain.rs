//! `sitepack explain SITE --use-case ID [ITEM]`: why each item, control and gap
//! is in the plan: the rule, where it is defined, its condition, the facts it
//! read with their values on this site, and its references. An id that is no
//! item but names a rule is answered by `explain_why`: why it did not fire.

use std::fmt::Write as _;

use serde::Serialize;

use crate::plan::{self, facts, rules, Plan};
use crate::playbook::{Expr, Rule, Scope};
use crate::{load_inputs, resolve_as_of, Error, ExplainOptions, Format, Output};

/// One explained entry.
#[derive(Debug, Serialize)]
struct Explanation {
    id: String,
    kind: &'static str,
    title: String,
    why: String,
    rule: String,
    defined_at: String,
    when: String,
    facts: Vec<(String, String)>,
    refs: Vec<String>,
}

/// Explains every entry of the plan, or only `options.id`.
pub fn run(options: &ExplainOptions) -> Result<Output, Error> {
    let as_of = resolve_as_of(options.as_of.as_deref(), None)?;
    let inputs = load_inputs(&options.site, &options.use_case, &options.playbooks, as_of)?;
    let plan = plan::derive(&inputs.profile, &inputs.playbook, as_of)?;
    let site_facts = facts::site_facts(
        &inputs.profile,
        &inputs.playbook.id,
        as_of,
        inputs.playbook.security_level_default,
    );
    let site = plan::site_scope(&inputs.playbook, &site_facts);
    let mut explained = explanations(&plan);
    if let Some(wanted) = &options.id {
        explained.retain(|e| &e.id == wanted);
        if explained.is_empty() {
            return why_not(options, &inputs.playbook, wanted, &plan, &site_facts, &site);
        }
    }
    for e in &mut explained {
        if let Some(rule) = inputs.playbook.rules.iter().find(|r| r.id == e.rule) {
            e.defined_at = format!("{}:{}", rule.origin.file, rule.origin.line);
            e.when = rule.when.source().to_string();
            e.facts = facts_read(rule, &e.id, &site_facts, &site);
        }
    }
    let stdout = match options.format {
        Format::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(&explained).unwrap_or_default()
        ),
        Format::Text => text(&explained),
    };
    Ok(Output {
        stdout,
        ..Output::default()
    })
}

/// `wanted` is no item of the plan: explain the rule it names, target by
/// target, or fail with the nearest item or rule id.
fn why_not(
    options: &ExplainOptions,
    playbook: &crate::playbook::Playbook,
    wanted: &str,
    plan: &Plan,
    site_facts: &facts::SiteFacts,
    site: &Scope,
) -> Result<Output, Error> {
    let Some(why) = super::explain_why::explain(playbook, wanted, site_facts, site) else {
        let all = explanations(plan);
        let known = all
            .iter()
            .map(|e| e.id.as_str())
            .chain(playbook.rules.iter().map(|r| r.id.as_str()));
        let hint = crate::suggest::nearest(wanted, known)
            .map(|s| format!(" (did you mean `{s}`?)"))
            .unwrap_or_default();
        return Err(Error::Usage(format!(
            "no item, control, gap or rule `{wanted}` in this plan or its playbook{hint}"
        )));
    };
    let stdout = match options.format {
        Format::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(&[&why]).unwrap_or_default()
        ),
        Format::Text => super::explain_why::text(&why),
    };
    Ok(Output {
        stdout,
        ..Output::default()
    })
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
pub(super) fn fact_paths(source: &str) -> Vec<String> {
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

fn text(explained: &[Explanation]) -> String {
    let mut out = String::new();
    for e in explained {
        let _ = writeln!(
            out,
            "{} ({})\n  {}\n  why:   {}\n  rule:  {} ({})",
            e.id, e.kind, e.title, e.why, e.rule, e.defined_at
        );
        if !e.when.is_empty() {
            let _ = writeln!(out, "  when:  {}", e.when);
        }
        for (path, value) in &e.facts {
            let _ = writeln!(out, "  fact:  {path} = {value}");
        }
        if !e.refs.is_empty() {
            let _ = writeln!(out, "  refs:  {}", e.refs.join("; "));
        }
        out.push('\n');
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
