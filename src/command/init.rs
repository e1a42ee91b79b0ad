//! `sitepack init [--out site.toml] [--from-csv ASSETS.csv] [--non-interactive]`.
//!
//! Gathers the answers (asset register, flags, then the wizard on a terminal),
//! writes the commented profile text (`crate::init`), loads it with the profile
//! loader, and only then writes the file, atomically and never over an existing
//! one without `--force`. Without a terminal and without `--non-interactive` it
//! refuses (exit 2) and says how to run it in a script, instead of waiting.

use std::io::IsTerminal;
use std::path::Path;

use crate::fsread::{self, Input};
use crate::init::{self, wizard, Answers, Register};
use crate::playbook::Source;
use crate::replace::{self, Existing, ReplaceError};
use crate::{profile, resolve_as_of, Error, InitOptions, Output};

/// What `#:schema` names: the file `sitepack schema` writes beside the profile.
const SCHEMA: &str = "./site.schema.json";

/// Writes a new profile.
pub fn run(options: &InitOptions) -> Result<Output, Error> {
    let as_of = resolve_as_of(None, None)?;
    refuse_existing(options)?;
    let register = options
        .from_csv
        .as_deref()
        .map(|p| register(p, as_of.year()))
        .transpose()?;
    let mut answers = Answers::from_flags(&options.answers, as_of.year()).map_err(Error::Usage)?;
    let mut notes = Vec::new();
    if let (Some(path), Some(register)) = (&options.from_csv, register) {
        notes.extend(register_notes(path, &register));
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        answers = answers.with_register(&name, register);
    }
    if !options.non_interactive {
        if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
            return Err(Error::Usage(NO_TERMINAL.to_string()));
        }
        let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        answers = wizard::interview(&mut wizard::Terminal::new(color), answers, as_of)
            .map_err(|_| Error::Usage("init stopped; nothing was written".to_string()))?;
    }
    let text = init::profile_text(&answers, SCHEMA);
    let use_cases = Source::BuiltIn.use_cases()?;
    profile::load_profile(&options.out, &text, as_of, &use_cases)?;
    let existing = if options.force {
        Existing::Replace
    } else {
        Existing::Refuse
    };
    replace::write(&options.out, text.as_bytes(), existing)?;
    notes.insert(0, summary(&options.out, &answers));
    Ok(Output {
        stdout: String::new(),
        notes,
        code: 0,
    })
}

const NO_TERMINAL: &str = "sitepack init asks its questions on a terminal, and there is none here. \
In a script, give the answers as flags: sitepack init --non-interactive [--site-name NAME] \
[--site-id ID] [--country CC] [--industry ID] [--shifts-per-day N] [--floor-staff N] [--segmentation flat|segmented|purdue] \
[--owner ROLE=NAME]... [--system ID=KIND]... [--from-csv ASSETS.csv] [--out FILE]";

/// Refuses before any question is asked when the answers could not be written.
fn refuse_existing(options: &InitOptions) -> Result<(), Error> {
    let path = options.out.clone();
    match std::fs::symlink_metadata(&path) {
        Ok(m) if m.file_type().is_symlink() => Err(ReplaceError::Symlink { path }.into()),
        Ok(_) if !options.force => Err(ReplaceError::Exists { path }.into()),
        _ => Ok(()),
    }
}

fn register(path: &Path, as_of_year: i32) -> Result<Register, Error> {
    let text = fsread::read_text_file(path, Input::Register)?;
    Ok(init::register::read(path.to_path_buf(), &text, as_of_year)?)
}

fn register_notes(path: &Path, register: &Register) -> Vec<String> {
    let mut notes = Vec::new();
    if !register.ignored_columns.is_empty() {
        notes.push(format!(
            "{}: columns not read (no profile key): {}",
            path.display(),
            register.ignored_columns.join(", ")
        ));
    }
    if register.blank_rows > 0 {
        notes.push(format!(
            "{}: {} blank row(s) skipped",
            path.display(),
            register.blank_rows
        ));
    }
    let unclassified = register.assets.iter().filter(|a| a.class.is_none()).count();
    if unclassified > 0 {
        notes.push(format!(
            "{unclassified} asset(s) have no class: their kind names none for certain; set `class` where you know it"
        ));
    }
    notes
}

fn summary(out: &Path, a: &Answers) -> String {
    let assets = match (&a.register, a.assets.len()) {
        (_, 0) => "an example asset to replace".to_string(),
        (Some(file), n) => format!("{n} asset(s) from {file}, {} area(s)", a.areas.len()),
        (None, n) => format!("{n} asset(s)"),
    };
    let defaults = a.site.defaulted.len() + usize::from(a.network.defaulted);
    let defaults = if defaults > 0 {
        format!("; {defaults} default(s) marked `default` to replace")
    } else {
        String::new()
    };
    format!(
        "wrote {} ({assets}{defaults}); next: sitepack check {}",
        out.display(),
        out.display()
    )
}
