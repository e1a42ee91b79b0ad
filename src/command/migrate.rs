//! `sitepack migrate SITE.toml [--in-place]`: a format 1 profile rewritten as format 2.
//!
//! Reads and validates the profile, rewrites it (`crate::migrate`), and checks that
//! the result loads before anyone sees it. Prints the new text on stdout, or with
//! `--in-place` replaces the file atomically (`crate::replace`); the changes go to
//! stderr as notes. A format 2 profile is left as it is.

use crate::fsread::{self, Input};
use crate::migrate::{self, Change};
use crate::playbook::Source;
use crate::replace::{self, Existing};
use crate::{profile, resolve_as_of, Error, MigrateOptions, Output};

/// Migrates one profile.
pub fn run(options: &MigrateOptions) -> Result<Output, Error> {
    let path = &options.site;
    let text = fsread::read_text_file(path, Input::Profile)?;
    let as_of = resolve_as_of(None, None)?;
    let use_cases = Source::BuiltIn.use_cases()?;
    let loaded = profile::load_profile(path, &text, as_of, &use_cases)?;
    let shown = path.display();
    if loaded.format >= 2 {
        return Ok(Output {
            stdout: if options.in_place {
                String::new()
            } else {
                text
            },
            notes: vec![format!(
                "{shown} is already format {}; nothing to migrate",
                loaded.format
            )],
            code: 0,
        });
    }
    let migration = migrate::migrate(&text)
        .map_err(|e| Error::Internal(format!("{shown} loaded but could not be edited: {e}")))?;
    // The rewrite must give a valid profile; a failure here is a bug in the rewrite.
    profile::load_profile(path, &migration.text, as_of, &use_cases).map_err(|e| {
        Error::Internal(format!(
            "the migrated text of {shown} does not load:\n{}",
            e.render(false)
        ))
    })?;
    let mut notes: Vec<String> = migration.changes.iter().map(|c| format!("  {c}")).collect();
    let unclassified = migration
        .changes
        .iter()
        .filter(|c| matches!(c, Change::NoClass { .. }))
        .count();
    let stdout = if options.in_place {
        replace::write(path, migration.text.as_bytes(), Existing::Replace)?;
        notes.insert(0, format!("migrated {shown} to format 2:"));
        String::new()
    } else {
        notes.insert(
            0,
            format!("{shown} as format 2 (on stdout; --in-place rewrites the file):"),
        );
        migration.text
    };
    if unclassified > 0 {
        notes.push(format!(
            "{unclassified} asset(s) have no class: their kind names none for certain; set `class` where you know it"
        ));
    }
    Ok(Output {
        stdout,
        notes,
        code: 0,
    })
}
