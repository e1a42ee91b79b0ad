//! The pages of `sitepack book`: a playbook stack's reference as an mdBook, one page per
//! use case ([`super::page`]), and with `--since` a page of the rules added, removed and
//! changed between two versions of the stack. Pure: the command loads the stacks and
//! writes the files.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{cell, heading, Home};
use crate::playbook::{Playbook, Rule};

/// The notice at the top of every page of the book.
pub const NOTICE: &str = Home::Standalone.notice();

/// Every file of the book: `book.toml`, `src/SUMMARY.md`, the index, one page per use
/// case, and `src/changes.md` when `since` is given.
pub fn pages(
    playbooks: &[Playbook],
    since: Option<(&str, &[Playbook])>,
) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    let title = playbooks
        .first()
        .map_or("Playbooks".to_string(), |p| match p.layers.last() {
            Some(top) => format!("Playbook standard {} {}", top.id, top.version),
            None => "sitepack playbooks".to_string(),
        });
    files.insert(
        "book.toml".to_string(),
        format!(
            "[book]\ntitle = {}\nsrc = \"src\"\n\n[output.html]\n",
            toml_string(&title)
        ),
    );
    let mut summary = format!("# Summary\n\n- [{}](index.md)\n", md_link_text(&title));
    for p in playbooks {
        let _ = writeln!(summary, "- [{}]({}.md)", md_link_text(&p.title), p.id);
        files.insert(format!("src/{}.md", p.id), super::page(p, Home::Standalone));
    }
    if let Some((rev, old)) = since {
        let _ = writeln!(
            summary,
            "- [Changes since {}](changes.md)",
            md_link_text(rev)
        );
        files.insert("src/changes.md".to_string(), changes(rev, old, playbooks));
    }
    files.insert("src/SUMMARY.md".to_string(), summary);
    let index = format!(
        "# {}\n\n{NOTICE}\n\nOne page per use case: every rule with its condition, texts, refs and \
         origin layer, the RACI activities, the phases and gates, the business case, the params and \
         the rules the company disabled, with their reasons.\n\n{}",
        heading(&title),
        super::table(playbooks)
    );
    files.insert("src/index.md".to_string(), index);
    files
}

fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

fn md_link_text(text: &str) -> String {
    cell(text).replace('[', "\\[").replace(']', "\\]")
}

/// What a rule is, for comparing two versions of it.
fn fingerprint(p: &Playbook, r: &Rule) -> String {
    format!(
        "{:?}|{}|{:?}|{}|{}|{:?}|{:?}|{:?}",
        r.scope,
        r.when.source(),
        r.emit,
        r.phase,
        r.owner.as_str(),
        r.refs,
        p.texts.source(&r.title),
        p.texts.source(&r.why)
    )
}

/// The page of rules added, removed and changed between `old` and `new`, per use case.
pub fn changes(rev: &str, old: &[Playbook], new: &[Playbook]) -> String {
    let mut out = format!(
        "# Changes since {}\n\n{NOTICE}\n\nRules added, removed (or disabled) and changed (condition, \
         texts, emit, severity, phase, owner or refs) since `{}`, per use case.\n\n",
        heading(rev),
        rev.replace('`', "'")
    );
    let mut ids: Vec<&str> = new.iter().chain(old).map(|p| p.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    for id in ids {
        let (o, n) = (
            old.iter().find(|p| p.id == id),
            new.iter().find(|p| p.id == id),
        );
        let rules = |p: Option<&Playbook>| -> BTreeMap<String, String> {
            p.map(|p| {
                p.rules
                    .iter()
                    .map(|r| (r.id.clone(), fingerprint(p, r)))
                    .collect()
            })
            .unwrap_or_default()
        };
        let (before, after) = (rules(o), rules(n));
        let added: Vec<&String> = after.keys().filter(|k| !before.contains_key(*k)).collect();
        let removed: Vec<&String> = before.keys().filter(|k| !after.contains_key(*k)).collect();
        let changed: Vec<&String> = after
            .iter()
            .filter(|(k, v)| before.get(*k).is_some_and(|b| b != *v))
            .map(|(k, _)| k)
            .collect();
        let version = |p: Option<&Playbook>| p.map_or("(none)".to_string(), Playbook::stack);
        let _ = write!(
            out,
            "## `{id}`\n\n{} → {}\n\n",
            cell(&version(o)),
            cell(&version(n))
        );
        for (label, list) in [
            ("Added", &added),
            ("Removed", &removed),
            ("Changed", &changed),
        ] {
            let _ = write!(out, "{label} ({}):", list.len());
            if list.is_empty() {
                out.push_str(" none.\n\n");
            } else {
                out.push_str("\n\n");
                for rule in list.iter() {
                    let _ = writeln!(out, "- `{rule}`");
                }
                out.push('\n');
            }
        }
    }
    out
}
