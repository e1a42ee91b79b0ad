//! `sitepack explain SITE --use-case ID [ITEM]`: why each item, control and gap
//! is in the plan. Options -> [`crate::plan::explain::explain`] -> the entries as
//! text or JSON. An id that is no entry but names a rule goes to
//! [`crate::plan::explain_why::why_not`]: why the rule did not fire.

use std::fmt::Write as _;

use crate::plan::explain::{explain, Explanation, ParamRead};
use crate::plan::explain_why::{why_not, WhyNot};
use crate::{load_inputs, resolve_as_of, Error, ExplainOptions, Format, Output};

/// Explains every entry of the plan, or only `options.id`.
pub fn run(options: &ExplainOptions) -> Result<Output, Error> {
    let as_of = resolve_as_of(options.as_of.as_deref(), None)?;
    let inputs = load_inputs(&options.site, &options.use_case, &options.playbooks, as_of)?;
    let mut explained = explain(&inputs.profile, &inputs.playbook, as_of)?;
    if let Some(wanted) = &options.id {
        let all: Vec<String> = explained.iter().map(|e| e.id.clone()).collect();
        explained.retain(|e| &e.id == wanted);
        if explained.is_empty() {
            if let Some(mut why) = why_not(&inputs.profile, &inputs.playbook, as_of, wanted) {
                let plan = crate::plan::derive(&inputs.profile, &inputs.playbook, as_of)?;
                if !plan.readiness.applicable {
                    why.not_applicable = plan.readiness.gaps.into_iter().map(|g| g.title).collect();
                }
                return Ok(Output {
                    stdout: match options.format {
                        Format::Json => format!(
                            "{}\n",
                            serde_json::to_string_pretty(&[&why]).unwrap_or_default()
                        ),
                        Format::Text => why_not_text(&why),
                    },
                    ..Output::default()
                });
            }
            let rules = inputs.playbook.rules.iter().map(|r| r.id.as_str());
            let hint = crate::suggest::nearest(wanted, all.iter().map(String::as_str).chain(rules))
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            return Err(Error::Usage(format!(
                "no item, control, gap or rule `{wanted}` in this plan or its playbook{hint}"
            )));
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

fn text(explained: &[Explanation]) -> String {
    let mut out = String::new();
    for e in explained {
        let _ = writeln!(
            out,
            "{} ({})\n  {}\n  why:   {}\n  rule:  {} ({})",
            e.id, e.kind, e.title, e.why, e.rule, e.defined_at
        );
        let _ = writeln!(out, "  layer: {}", e.layer);
        for c in &e.changes {
            let _ = writeln!(
                out,
                "  changed by {}: {} ({})",
                c.layer,
                c.fields.join(", "),
                c.at
            );
        }
        if !e.when.is_empty() {
            let _ = writeln!(out, "  when:  {}", e.when);
        }
        for (path, value) in &e.facts {
            let _ = writeln!(out, "  fact:  {path} = {value}");
        }
        params(&mut out, &e.params);
        if !e.refs.is_empty() {
            let _ = writeln!(out, "  refs:  {}", e.refs.join("; "));
        }
        out.push('\n');
    }
    out
}

/// One `  param: NAME = VALUE (who set it; default D)` line per param read.
fn params(out: &mut String, params: &[ParamRead]) {
    for p in params {
        let set = match (&p.set_by, &p.at) {
            (Some(layer), Some(at)) => format!("set by {layer} at {at}"),
            (Some(layer), None) => format!("set by {layer}"),
            _ => "the default".to_string(),
        };
        let _ = writeln!(
            out,
            "  param: {} = {} ({set}; default {})",
            p.name, p.value, p.default
        );
    }
}

/// The text form of a why-not explanation.
fn why_not_text(w: &WhyNot) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "  rule:  {} ({})", w.rule, w.defined_at);
    if let Some(reason) = &w.disabled {
        let _ = writeln!(out, "  disabled by layer {reason}");
        return format!("{} (rule, disabled: not in any plan)\n{out}", w.id);
    }
    let _ = writeln!(out, "  layer: {}", w.layer);
    for c in &w.changes {
        let _ = writeln!(
            out,
            "  changed by {}: {} ({})",
            c.layer,
            c.fields.join(", "),
            c.at
        );
    }
    let _ = writeln!(out, "  scope: {}", w.scope);
    let _ = writeln!(out, "  when:  {}", w.when);
    params(&mut out, &w.params);
    for t in &w.targets {
        match &t.fired {
            Some(id) => {
                let _ = writeln!(out, "  {}: fired, see `{id}`", t.target);
            }
            None => {
                let _ = writeln!(out, "  {}: did not fire", t.target);
                for part in &t.false_parts {
                    let _ = writeln!(out, "    false: {part}");
                }
                for (path, value) in &t.facts {
                    let _ = writeln!(out, "    fact:  {path} = {value}");
                }
            }
        }
    }
    if !w.not_applicable.is_empty() {
        let _ = writeln!(
            out,
            "  not in the plan: the use case does not apply to this site as described ({}); \
             the plan holds only those gaps and the baseline entries",
            w.not_applicable.join("; ")
        );
    }
    let fired = w.targets.iter().filter(|t| t.fired.is_some()).count();
    let of = w.targets.len();
    format!("{} (rule: fired on {fired} of {of} targets)\n{out}", w.id)
}
