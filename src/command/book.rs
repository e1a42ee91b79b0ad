//! `sitepack book --out DIR [--playbooks SRC [--playbooks-ref REF]] [--since REF]`: the
//! reference of a playbook stack as an mdBook, one page per use case (the same pages as
//! the user guide's playbook reference), and with `--since` a page of the rules added,
//! removed and changed since another ref of the standard's repository.
//!
//! Building the pages is pure ([`pages`]); `run` loads the stacks and writes DIR. DIR must
//! be missing, empty, or a book this command wrote before (it then replaces `src/`).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::plan;
use crate::playbook::reference::{self, cell, heading, Home};
use crate::playbook::{self, Playbook};
use crate::{BookOptions, Error, Output, PlaybookChoice};

/// The file that marks DIR as a book written by this command.
const MARKER: &str = ".sitepack-book";
const NOTICE: &str = Home::Standalone.notice();

/// Writes the book of the stack `options.playbooks` into `options.out`.
pub fn run(options: &BookOptions) -> Result<Output, Error> {
    let playbooks = load_all(&options.playbooks)?;
    let since = match &options.since {
        Some(rev) => Some((rev.clone(), load_all(&at_rev(&options.playbooks, rev)?)?)),
        None => None,
    };
    let pages = pages(
        &playbooks,
        since.as_ref().map(|(r, p)| (r.as_str(), p.as_slice())),
    );
    write(&options.out, &pages)?;
    Ok(Output {
        notes: vec![format!(
            "wrote the playbook book ({} use cases) to {}; build it with `mdbook build {}`",
            playbooks.len(),
            options.out.display(),
            options.out.display()
        )],
        ..Output::default()
    })
}

fn load_all(choice: &PlaybookChoice) -> Result<Vec<Playbook>, Error> {
    let source = choice.source()?;
    let mut out = Vec::new();
    for id in source.use_cases()? {
        out.push(plan::load_playbook(&source, &id)?);
    }
    Ok(out)
}

/// The same repository as `choice`, at `rev`.
fn at_rev(choice: &PlaybookChoice, rev: &str) -> Result<PlaybookChoice, Error> {
    let repo = match choice {
        PlaybookChoice::Dir(dir) => dir.to_string_lossy().into_owned(),
        PlaybookChoice::Git { repo, .. } | PlaybookChoice::Pinned { repo, .. } => repo.clone(),
        PlaybookChoice::BuiltIn => {
            return Err(Error::Usage(
                "--since compares two refs of the standard's git repository: give it with --playbooks REPO".into(),
            ))
        }
    };
    Ok(PlaybookChoice::Git {
        repo,
        rev: rev.to_string(),
    })
}

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
        files.insert(
            format!("src/{}.md", p.id),
            reference::page(p, Home::Standalone),
        );
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
        reference::table(playbooks)
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
fn fingerprint(p: &Playbook, r: &playbook::Rule) -> String {
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

fn write(out: &Path, pages: &BTreeMap<String, String>) -> Result<(), Error> {
    let io = |path: &Path, source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    if out.exists() {
        let entries: Vec<_> = std::fs::read_dir(out)
            .map_err(|e| io(out, e))?
            .filter_map(Result::ok)
            .collect();
        if !entries.is_empty() && !out.join(MARKER).is_file() {
            return Err(Error::Usage(format!(
                "{} is not empty and not a book written by `sitepack book`; choose a new directory",
                out.display()
            )));
        }
        let src = out.join("src");
        if src.is_dir() {
            std::fs::remove_dir_all(&src).map_err(|e| io(&src, e))?;
        }
    }
    std::fs::create_dir_all(out.join("src")).map_err(|e| io(out, e))?;
    std::fs::write(
        out.join(MARKER),
        "written by `sitepack book`; it replaces src/ on the next run\n",
    )
    .map_err(|e| io(out, e))?;
    for (path, text) in pages {
        let path = out.join(path);
        std::fs::write(&path, text).map_err(|e| io(&path, e))?;
    }
    Ok(())
}
