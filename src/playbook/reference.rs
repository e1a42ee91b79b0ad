//! Playbook reference pages for the user guide (`book/src/playbooks/<id>.md`).
//!
//! [`markdown`] turns one compiled [`Playbook`] into a Markdown page: header,
//! problem, every rule with its CEL condition and where it is defined, the RACI
//! activities, the phases and gates, the business case and the readiness model.
//! The output is a pure function of the playbook: no clock, no absolute path
//! (origins are shown relative to `playbooks/`), so the committed pages can be
//! compared byte for byte by `tests/book_reference.rs`.
//!
//! It does not show Tera texts (titles, whys): the playbook keeps them only in
//! compiled form. It does no I/O; the test writes the files.

use std::fmt::Write as _;

use super::expr::format_number;
use super::{Emit, GapEffect, Playbook, Rule, RuleScope, Threshold};
use crate::plan::Range;

/// The notice at the top of every generated page.
pub const GENERATED: &str =
    "<!-- Generated from playbooks/ by `SITEPACK_BLESS=1 cargo test --test book_reference`. Do not edit. -->";

/// The reference page of one use case.
pub fn markdown(playbook: &Playbook) -> String {
    let mut out = String::new();
    header(&mut out, playbook);
    rules(&mut out, playbook);
    raci(&mut out, playbook);
    phases(&mut out, playbook);
    business_case(&mut out, playbook);
    readiness(&mut out, playbook);
    out
}

/// The index page listing `playbooks`, in the order given.
pub fn index(playbooks: &[Playbook]) -> String {
    let mut out = format!("# Playbook reference\n\n{GENERATED}\n\n");
    out.push_str(
        "One page per built-in use case, generated from `playbooks/`: every rule with its \
         condition and where it is defined, the RACI activities, the phases and gates, and the \
         business-case model. The file format is described in [Playbook format](../playbook-format.md).\n\n",
    );
    out.push_str("| use case | id | version | rules | summary |\n|---|---|---|---|---|\n");
    for p in playbooks {
        let _ = writeln!(
            out,
            "| [{}]({}.md) | `{}` | {} | {} | {} |",
            cell(&p.title),
            p.id,
            p.id,
            cell(&p.version),
            p.rules.len(),
            cell(&p.summary)
        );
    }
    out
}

/// The path of a playbook file relative to `playbooks/`, from an [`super::Origin`] file name.
///
/// Built-in files are named `playbooks/<path> (built-in)`; files read from a git
/// repository `<repo>@<commit>:<path>`; files read with `--playbooks DIR` by their
/// full path, whose last two components are kept.
pub fn relative_file(display: &str) -> String {
    let name = display.strip_suffix(" (built-in)").unwrap_or(display);
    if let Some(rel) = name.strip_prefix("playbooks/") {
        return rel.to_string();
    }
    let fetched = name
        .rsplit_once('@')
        .and_then(|(_, at)| at.split_once(':'))
        .filter(|(commit, _)| is_hex(commit));
    if let Some((_, rel)) = fetched {
        return rel.to_string();
    }
    let parts: Vec<&str> = name.split(['/', '\\']).collect();
    parts[parts.len().saturating_sub(2)..].join("/")
}

fn is_hex(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Text for a Markdown table cell: one line, `|` escaped.
pub fn cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
        .replace("{{#", "\\{{#")
}

/// Text for a Markdown paragraph: mdBook's `{{#...}}` directives neutralized.
fn prose(text: &str) -> String {
    text.trim().replace("{{#", "\\{{#")
}

/// A fenced code block whose fence is longer than any backtick run in `code`.
fn code_block(lang: &str, code: &str) -> String {
    let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}{lang}\n{}\n{fence}\n", prose(code))
}

fn header(out: &mut String, p: &Playbook) {
    let _ = write!(
        out,
        "# {}\n\n{GENERATED}\n\n| | |\n|---|---|\n| id | `{}` |\n| version | {} |\n\
         | default security level target (IEC 62443 SL-T) | {} |\n| rules | {} |\n\n{}\n\n## Problem\n\n{}\n\n",
        cell(&p.title),
        p.id,
        cell(&p.version),
        p.security_level_default,
        p.rules.len(),
        prose(&p.summary),
        prose(&p.problem.statement)
    );
    if !p.problem.value_levers.is_empty() {
        out.push_str("Value levers:\n\n");
        for lever in &p.problem.value_levers {
            let _ = writeln!(out, "- {}", cell(lever));
        }
        out.push('\n');
    }
}

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

fn rules(out: &mut String, p: &Playbook) {
    out.push_str(
        "## Rules\n\nA rule is evaluated for every target of its scope and emits one item when its \
         condition holds. The id of the item is the rule id followed by the target (see \
         [Playbook format](../playbook-format.md)).\n\n\
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
        rule(out, r);
    }
}

/// The anchor mdBook gives a heading made of the rule id in backticks.
fn anchor(id: &str) -> String {
    id.chars()
        .filter(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

fn rule(out: &mut String, r: &Rule) {
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
         | owner | {} |\n| refs | {} |\n| defined at | `{}:{}` |\n\nCondition:\n\n{}\n",
        r.id,
        scope_text(r.scope),
        emit_text(&r.emit),
        r.phase,
        r.owner.as_str(),
        refs,
        relative_file(&r.origin.file),
        r.origin.line,
        code_block("text", r.when.source())
    );
}

fn raci(out: &mut String, p: &Playbook) {
    out.push_str(
        "## RACI activities\n\nR responsible, A accountable, C consulted, I informed; \
         exactly one A per activity.\n\n\
         | activity | id | phase | business | operations | it | data | change |\n\
         |---|---|---|---|---|---|---|---|\n",
    );
    for a in &p.raci {
        let letters: Vec<String> = crate::vocab::Role::CORE
            .iter()
            .map(|role| a.letters.get(role).map_or(String::new(), |l| cell(l)))
            .collect();
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} |",
            cell(&a.activity),
            a.id,
            a.phase,
            letters.join(" | ")
        );
    }
    out.push('\n');
}

fn threshold(t: &Threshold) -> String {
    match t {
        Threshold::Fixed(x) => format_number(*x),
        Threshold::Computed(e) => format!("`{}`", cell(e.source()).replace('`', "'")),
    }
}

fn phases(out: &mut String, p: &Playbook) {
    out.push_str("## Phases and gates\n\n");
    for ph in &p.phases {
        let _ = write!(
            out,
            "### {} (`{}`)\n\n{}\n\nGate **{}** (`{}`), accountable: {}.\n\n\
             | metric | op | threshold | unit | kind | requires | evidence |\n\
             |---|---|---|---|---|---|---|\n",
            cell(&ph.title),
            ph.id,
            prose(&ph.goal),
            cell(&ph.gate_title),
            ph.gate_id,
            ph.accountable.as_str()
        );
        for c in &ph.criteria {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} | {} | {} |",
                c.metric,
                c.op,
                threshold(&c.threshold),
                cell(&c.unit),
                c.kind,
                cell(&c.requires.join(", ")),
                cell(&c.evidence)
            );
        }
        out.push('\n');
    }
}

fn range(r: &Range) -> String {
    format!(
        "{} / {} / {}",
        format_number(r.low),
        format_number(r.expected),
        format_number(r.high)
    )
}

fn business_case(out: &mut String, p: &Playbook) {
    let bc = &p.business_case;
    let _ = write!(
        out,
        "## Business case\n\nAnnual value = {}.\n\nValue (CEL, evaluated with `factor` at low, expected and high):\n\n{}\n\
         Needs baseline keys: {}.\n\n| | low / expected / high | source | grade |\n|---|---|---|---|\n\
         | factor: {} | {} | {} | {} |\n\nPilot cost (CEL):\n\n{}\nScale cost (CEL):\n\n{}\n\
         Cost source: {} (grade {}).\n\n",
        cell(&bc.formula),
        code_block("text", bc.value.source()),
        list_or_none(&bc.requires),
        cell(&bc.factor_text),
        range(&bc.factor),
        cell(&bc.factor_source),
        cell(&bc.factor_grade),
        code_block("text", bc.pilot_cost.source()),
        code_block("text", bc.scale_cost.source()),
        cell(bc.cost_source.trim_end_matches('.')),
        cell(&bc.cost_grade)
    );
    out.push_str(
        "### Assumptions\n\nGrades: S standard, V vendor, C consultancy claim, H practitioner, \
         U unverified, A assumption.\n\n| id | assumption | low / expected / high | source | grade |\n\
         |---|---|---|---|---|\n",
    );
    for a in &bc.assumptions {
        let values = a
            .range
            .as_ref()
            .map(|r| format!("{} {}", range(r), cell(&a.unit)).trim().to_string())
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} |",
            a.id,
            cell(&a.text),
            values,
            cell(&a.source),
            cell(&a.grade)
        );
    }
    out.push('\n');
}

fn list_or_none(items: &[String]) -> String {
    if items.is_empty() {
        "none".to_string()
    } else {
        items
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn readiness(out: &mut String, p: &Playbook) {
    let m = &p.readiness;
    let _ = write!(
        out,
        "## Readiness model\n\nPenalty per gap: blocking {}, major {}, minor {} points \
         (see [Readiness score](../readiness.md)).\n\n| gap topic | weight |\n|---|---|\n",
        m.blocking, m.major, m.minor
    );
    for (topic, weight) in &m.weights {
        let _ = writeln!(out, "| {topic} | {} |", format_number(*weight));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_relative_to_playbooks() {
        for (display, expected) in [
            ("playbooks/common/raci.toml (built-in)", "common/raci.toml"),
            (
                "/tmp/x/playbooks/energy-forecasting/playbook.toml",
                "energy-forecasting/playbook.toml",
            ),
            ("common/a.toml", "common/a.toml"),
            (
                "https://example.com/p.git@0123456789ab:common/raci.toml",
                "common/raci.toml",
            ),
            (
                "git@host:org/p.git@abcdef012345:x/playbook.toml",
                "x/playbook.toml",
            ),
        ] {
            assert_eq!(relative_file(display), expected);
        }
    }

    #[test]
    fn cells_stay_on_one_line() {
        assert_eq!(
            cell("a | b\nc  {{#include x}}"),
            "a \\| b c \\{{#include x}}"
        );
    }

    #[test]
    fn fences_outgrow_backticks() {
        assert_eq!(
            code_block("text", "a ```` b"),
            "`````text\na ```` b\n`````\n"
        );
    }
}
