//! `sitepack update DIR DIR...`: several packages at once, in parallel, one line each.
//!
//! Each package is updated exactly as `sitepack update DIR` would ([`super::update::update`]);
//! a package that fails does not stop the others. Every package ends in one state:
//! `unchanged`, `updated`, `conflicts` (merge conflicts left for a person), `refused` (its
//! input or state is unusable: exit 2 alone) or `failed` (the environment or a bug: exit 3
//! or 4 alone). Exit precedence: 1 if any package has conflicts (they need a person first);
//! otherwise the highest exit code of the packages that were refused or failed; otherwise 0.
//! Results are in the order the directories were given, whatever the scheduling.

use rayon::prelude::*;
use serde_json::{json, Value};

use super::json_document;
use super::update::{summary_json, update, UpdateSummary};
use crate::error::EXIT_FOUND;
use crate::{report, Error, Format, Output, PackageOptions};

/// The state one package ended in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Unchanged,
    Updated,
    Conflicts,
    Refused,
    Failed,
}

impl State {
    /// The word in the summary line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Unchanged => "unchanged",
            State::Updated => "updated",
            State::Conflicts => "conflicts",
            State::Refused => "refused",
            State::Failed => "failed",
        }
    }
}

/// Updates every package of `packages` (one options value per directory).
pub fn run(packages: &[PackageOptions]) -> Result<Output, Error> {
    if let Some(p) = packages.iter().find(|p| p.site.is_some()) {
        return Err(Error::Usage(format!(
            "--site names one profile, so it cannot go with several packages (first: {}); \
             update them one by one",
            p.dir.display()
        )));
    }
    for (i, p) in packages.iter().enumerate() {
        if packages[..i].iter().any(|q| q.dir == p.dir) {
            return Err(Error::Usage(format!(
                "{} is given twice; name each package once",
                p.dir.display()
            )));
        }
    }
    let results: Vec<Result<UpdateSummary, Error>> = packages.par_iter().map(update).collect();
    let format = packages.first().map_or(Format::Text, |p| p.format);
    let mut output = Output::default();
    let mut docs = Vec::new();
    let mut text = String::new();
    let mut worst_error = 0;
    let mut conflicted = false;
    for (options, result) in packages.iter().zip(&results) {
        let dir = options.dir.display().to_string();
        let state = state(result);
        match result {
            Ok(summary) => {
                conflicted |= state == State::Conflicts;
                text += &line(&dir, state, summary);
                let mut doc = summary_json(summary, &dir);
                doc["state"] = json!(state.as_str());
                docs.push(doc);
                if state == State::Conflicts {
                    output.notes.push(format!(
                        "{dir}: merge conflicts in {}: resolve them there (git status, git mergetool), then commit",
                        summary.report.conflicts.join(", ")
                    ));
                }
            }
            Err(error) => {
                worst_error = worst_error.max(error.exit_code());
                let first = error
                    .to_string()
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .to_string();
                text += &format!("{dir}: {} ({first})\n", state.as_str());
                docs.push(error_doc(&dir, state, error));
                output.notes.push(format!(
                    "{dir}: {}",
                    report::error_text(error, false).trim_end()
                ));
            }
        }
    }
    output.code = if conflicted { EXIT_FOUND } else { worst_error };
    output.stdout = match format {
        Format::Json => json_document(&Value::Array(docs)),
        Format::Text => text,
    };
    Ok(output)
}

fn state(result: &Result<UpdateSummary, Error>) -> State {
    match result {
        Ok(s) if !s.report.conflicts.is_empty() => State::Conflicts,
        Ok(s) if s.report.changed => State::Updated,
        Ok(_) => State::Unchanged,
        Err(e) if e.exit_code() == crate::error::EXIT_INPUT => State::Refused,
        Err(_) => State::Failed,
    }
}

fn line(dir: &str, state: State, summary: &UpdateSummary) -> String {
    let report = &summary.report;
    let detail = match state {
        State::Updated => {
            let commit = report.commit.as_deref().unwrap_or_default();
            format!(" (main at {})", &commit[..commit.len().min(12)])
        }
        State::Conflicts => format!(" ({})", report.conflicts.join(", ")),
        _ => String::new(),
    };
    format!("{dir}: {}{detail}\n", state.as_str())
}

fn error_doc(dir: &str, state: State, error: &Error) -> Value {
    let error_json: Value = serde_json::from_str(&report::error_json(error)).unwrap_or(Value::Null);
    json!({
        "ok": false,
        "dir": dir,
        "state": state.as_str(),
        "error": error_json["error"],
    })
}
