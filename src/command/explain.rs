//! `sitepack explain SITE --use-case ID [ITEM]`: why each item, control and gap
//! is in the plan: the rule, where it is defined, its condition, the facts it
//! read with their values on this site, and its references.

use std::fmt::Write as _;

use serde::Serialize;

use crate::plan::{self, facts, rules};
use crate::playbook::{Expr, Playbook, Rule, Scope};
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
        as_of,
        inputs.playbook.security_level_default,
    );
    let site = Scope::new().with("site", &site_facts);
    let mut entries: Vec<(&'static str, &str, &str, &str, &str, &[String])> = Vec::new();
    entries.extend(plan.checklist.iter().map(|i| {
        (
            "checklist",
            i.id.as_str(),
            i.title.as_str(),
            i.why.as_str(),
            i.rule.as_str(),
            i.refs.as_slice(),
        )
    }));
    entries.extend(plan.controls.iter().map(|c| {
        (
            "control",
            c.id.as_str(),
            c.title.as_str(),
            c.why.as_str(),
            c.rule.as_str(),
            c.refs.as_slice(),
        )
    }));
    entries.extend(plan.readiness.gaps.iter().map(|g| {
        (
            "gap",
            g.id.as_str(),
            g.title.as_str(),
            g.why.as_str(),
            g.rule.as_str(),
            &[][..],
        )
    }));
    if let Some(wanted) = &options.id {
        entries.retain(|e| e.1 == wanted);
        if entries.is_empty() {
            let ids = plan
                .checklist
                .iter()
                .map(|i| i.id.as_str())
                .chain(plan.controls.iter().map(|c| c.id.as_str()))
                .chain(plan.readiness.gaps.iter().map(|g| g.id.as_str()));
            let hint = crate::suggest::nearest(wanted, ids)
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            return Err(Error::Usage(format!(
                "no item, control or gap `{wanted}` in this plan{hint}"
            )));
        }
    }
    let explained: Vec<Explanation> = entries
        .into_iter()
        .map(|(kind, id, title, why, rule, refs)| {
            let found = inputs.playbook.rules.iter().find(|r| r.id == rule);
            let (defined_at, when, facts) = found.map_or_else(
                || ("built into sitepack".to_string(), String::new(), Vec::new()),
                |r| {
                    (
                        format!("{}:{}", r.origin.file, r.origin.line),
                        r.when.source().to_string(),
                        facts_read(r, id, &site_facts, &site),
                    )
                },
            );
            Explanation {
                id: id.to_string(),
                kind,
                title: title.to_string(),
                why: why.to_string(),
                rule: rule.to_string(),
                defined_at,
                when,
                facts,
                refs: refs.to_vec(),
            }
        })
        .collect();
    let stdout = match options.format {
        Format::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(&explained).unwrap_or_default()
        ),
        Format::Text => text(&explained),
    };
    let _ = &inputs.playbook as &Playbook;
    Ok(Output {
        stdout,
        ..Output::default()
    })
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
fn fact_paths(source: &str) -> Vec<String> {
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
        let word = source[start..i].trim_end_matches('.');
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
