//! `sitepack explain SITE --use-case ID [ITEM]`: why each item, control and gap
//! is in the plan. Options -> [`crate::plan::explain::explain`] -> the entries as
//! text or JSON.

use std::fmt::Write as _;

use crate::plan::explain::{explain, Explanation};
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
            let hint = crate::suggest::nearest(wanted, all.iter().map(String::as_str))
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            return Err(Error::Usage(format!(
                "no item, control or gap `{wanted}` in this plan{hint}"
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
