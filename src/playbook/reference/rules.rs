//! The rules part of a reference page: the table, then each rule with its condition,
//! texts, refs, where it is defined, its origin layer and what layers' overrides changed.

use std::fmt::Write as _;

use super::{cell, code_block, relative_file};
use crate::playbook::{Emit, GapEffect, Playbook, Rule, RuleScope};

fn scope_text(scope: RuleScope) -> &'static str {
    match scope {
        RuleScope::Site => "site (evaluated once)",
        RuleScope::System => "system (once per `[[systems]]` entry)",
        RuleScope::Asset => "asset (once per asset)",
        RuleScope::Sensor => "sensor (once per sensor of every asset)",
        RuleScope::Owner => "owner (once per owner role)",
    }
}

fn emit_text(emit: &Emit) -> String {
    match emit {
        Emit::Checklist { section } => format!("checklist item, section `{section}`"),
        Emit::Control => "security control".to_string(),
        Emit::Gap {
            topic,
            severity,
            effect,
        } => format!(
            "gap, topic `{topic}`, severity {}{}",
            severity.as_str(),
            effect_text(*effect)
        ),
    }
}

fn emit_short(emit: &Emit) -> String {
    match emit {
        Emit::Checklist { section } => format!("checklist: {section}"),
        Emit::Control => "control".to_string(),
        Emit::Gap {
            topic,
            severity,
            effect,
        } => format!(
            "gap: {topic}, {}{}",
            severity.as_str(),
            effect_text(*effect)
        ),
    }
}

fn effect_text(effect: GapEffect) -> String {
    match effect {
        GapEffect::Penalty => String::new(),
        GapEffect::Cap(n) => format!("; caps readiness at {n}"),
        GapEffect::NotApplicable => "; use case not applicable".to_string(),
    }
}

pub(super) fn rules(out: &mut String, p: &Playbook, format_link: &str) {
    let _ = write!(
        out,
        "## Rules\n\nA rule is evaluated for every target of its scope and emits one item when its \
         condition holds. The id of the item is the rule id followed by the target (see \
         {format_link}).\n\n\
         | rule | emits | phase | owner |\n|---|---|---|---|\n",
    );
    for r in &p.rules {
        let _ = writeln!(
            out,
            "| [`{}`](#{}) | {} | {} | {} |",
            r.id,
            anchor(&r.id),
            emit_short(&r.emit),
            r.phase,
            r.owner.as_str()
        );
    }
    out.push('\n');
    for r in &p.rules {
        rule(out, p, r);
    }
}

/// The anchor mdBook gives a heading made of the rule id in backticks.
fn anchor(id: &str) -> String {
    id.chars()
        .filter(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

fn rule(out: &mut String, p: &Playbook, r: &Rule) {
    let refs = if r.refs.is_empty() {
        "none".to_string()
    } else {
        r.refs
            .iter()
            .map(|x| cell(x))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let _ = write!(
        out,
        "### `{}`\n\n| | |\n|---|---|\n| scope | {} |\n| emits | {} |\n| phase | `{}` |\n\
         | owner | {} |\n| refs | {} |\n| defined at | `{}:{}` |\n",
        r.id,
        scope_text(r.scope),
        emit_text(&r.emit),
        r.phase,
        r.owner.as_str(),
        refs,
        relative_file(&r.origin.file),
        r.origin.line,
    );
    if r.merge {
        out.push_str(
            "| merge | one item for all the targets the condition holds on (`targets`) |\n",
        );
    }
    if r.is_baseline() {
        out.push_str(
            "| applies | at every site: a baseline item, listed on the package's baseline page |\n",
        );
    }
    if !p.layers.is_empty() {
        let _ = writeln!(out, "| layer | {} |", cell(&r.layer));
    }
    for c in &r.changes {
        let _ = writeln!(
            out,
            "| changed by | {}: {} (`{}:{}`) |",
            cell(&c.layer),
            c.fields.join(", "),
            relative_file(&c.origin.file),
            c.origin.line
        );
    }
    let _ = write!(
        out,
        "\nCondition:\n\n{}\n",
        code_block("text", r.when.source())
    );
    for (label, name) in [("Title", &r.title), ("Why", &r.why)] {
        if let Some(text) = p.texts.source(name) {
            let _ = write!(out, "{label}:\n\n{}\n", code_block("text", text));
        }
    }
}
