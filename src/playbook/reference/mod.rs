//! Playbook reference pages for the user guide (`book/src/playbooks/<id>.md`).
//!
//! [`markdown`] turns one compiled [`Playbook`] into a Markdown page: header,
//! problem, every rule with its CEL condition and where it is defined, the RACI
//! activities, the phases and gates, the business case and the readiness model.
//! The output is a pure function of the playbook: no clock, no absolute path
//! (origins are shown relative to `playbooks/`), so the committed pages can be
//! compared byte for byte by `tests/book_reference.rs`.
//!
//! With company layers it also shows the stack, the params with the values in force,
//! each rule's origin layer and what overrides changed, and the disabled rules
//! (`stack.rs`, `rules.rs`). The same pages make `sitepack book`. It does no I/O.

use std::fmt::Write as _;

pub mod book;
mod rules;
mod stack;

use super::expr::format_number;
use super::{Playbook, Threshold};
use crate::values::Range;

/// The notice at the top of every generated page.
pub const GENERATED: &str =
    "<!-- Generated from playbooks/ by `SITEPACK_BLESS=1 cargo test --test book_reference`. Do not edit. -->";

/// The reference page of one use case.
pub fn markdown(playbook: &Playbook) -> String {
    page(playbook, GENERATED)
}

/// The reference page of one use case, with `notice` under its title.
pub fn page(playbook: &Playbook, notice: &str) -> String {
    let mut out = String::new();
    header(&mut out, playbook, notice);
    stack::layers(&mut out, playbook);
    stack::params(&mut out, playbook);
    rules::rules(&mut out, playbook);
    stack::disabled(&mut out, playbook);
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
    out.push_str(&table(playbooks));
    out
}

/// The table of use cases that an index page shows: title, id, version, rules, summary.
pub fn table(playbooks: &[Playbook]) -> String {
    let mut out = String::new();
    out.push_str("| use case | id | version | rules | summary |\n|---|---|---|---|---|\n");
    for p in playbooks {
        let _ = writeln!(
            out,
            "| [{}]({}.md) | `{}` | {} | {} | {} |",
            cell(&p.title),
            p.id,
            p.id,
            cell(&shown_version(p)),
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

/// The version, or under layers the stack (`predictive-maintenance 1.0.0 + acme 2.1.0`).
fn shown_version(p: &Playbook) -> String {
    if p.layers.is_empty() {
        p.version.clone()
    } else {
        p.stack()
    }
}

/// Text for a Markdown table cell: one line, `|` escaped, no live HTML (a playbook
/// from elsewhere is untrusted).
pub fn cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('<', "&lt;")
        .replace('|', "\\|")
        .replace("{{#", "\\{{#")
}

/// Text for a heading: one line, and `<`, `>` as look-alikes, because mdBook's search
/// index shows a heading's decoded text as HTML (see `render::escape::heading_text`).
pub fn heading(text: &str) -> String {
    crate::render::escape::heading_text(&cell(&text.replace('<', "\u{2039}")))
}

/// Text for a Markdown paragraph: mdBook's `{{#...}}` directives neutralized, no live HTML.
pub(super) fn prose(text: &str) -> String {
    text.trim().replace('<', "&lt;").replace("{{#", "\\{{#")
}

/// A fenced code block whose fence is longer than any backtick run in `code`.
pub(super) fn code_block(lang: &str, code: &str) -> String {
    let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    // Inside a fence `<` is inert; only mdBook's directives need neutralizing.
    let code = code.trim().replace("{{#", "\\{{#");
    format!("{fence}{lang}\n{code}\n{fence}\n")
}

fn header(out: &mut String, p: &Playbook, notice: &str) {
    let _ = write!(
        out,
        "# {}\n\n{notice}\n\n| | |\n|---|---|\n| id | `{}` |\n| version | {} |\n\
         | default security level target (IEC 62443 SL-T) | {} |\n| rules | {} |\n\n{}\n\n## Problem\n\n{}\n\n",
        heading(&p.title),
        p.id,
        cell(&shown_version(p)),
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
            heading(&ph.title),
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
