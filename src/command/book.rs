//! `sitepack book --out DIR [--playbooks SRC [--playbooks-ref REF]] [--since REF]`: the
//! reference of a playbook stack as an mdBook, one page per use case (the same pages as
//! the user guide's playbook reference), and with `--since` a page of what changed since
//! another ref of the standard's repository (rules, params, gates, RACI, business case).
//!
//! Options -> the stacks loaded -> [`crate::playbook::reference::book::pages`] (pure) ->
//! DIR written. DIR must be missing, empty, or a book this command wrote before (it then
//! replaces `src/`).

use std::collections::BTreeMap;
use std::path::Path;

use crate::plan;
use crate::playbook::reference::book::pages;
use crate::playbook::Playbook;
use crate::{BookOptions, Error, Output, PlaybookChoice};

/// The file that marks DIR as a book written by this command.
const MARKER: &str = ".sitepack-book";

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
