//! The pages of `sitepack book`: a playbook stack's reference as an mdBook, one page per
//! use case ([`super::page`]), and with `--since` a page of what changed between two
//! versions of the stack (`changes.rs`: rules, params, gates, RACI, business case).
//! Pure: the command loads the stacks and writes the files.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::changes::changes;
use super::{cell, heading, Home};
use crate::playbook::Playbook;

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
