//! `sitepack check SITE...`: validate profiles; with `--use-case`, derive and
//! summarise each plan. Exit 1 when a profile is invalid.

use std::fmt::Write as _;

use serde_json::json;

use crate::error::{EXIT_FOUND, EXIT_INPUT};
use crate::fsread::{self, Input, ReadError};
use crate::number::counted;
use crate::plan::{self, Plan, Severity};
use crate::profile::{self, ProfileErrors};
use crate::report::{errors_json, read_error_json};
use crate::{resolve_as_of, CheckOptions, Error, Format, Output};

enum Verdict {
    Valid(Option<Box<Plan>>),
    Invalid(ProfileErrors),
    /// Not read at all: not a regular file, too large, not UTF-8.
    Unreadable(ReadError),
}

/// Checks every profile; invalid ones are the command's finding (exit 1). A file that
/// cannot be read does not stop the others; it makes the exit code 2.
pub fn run(options: &CheckOptions) -> Result<Output, Error> {
    let as_of = resolve_as_of(options.as_of.as_deref(), None)?;
    let source = options.playbooks.source()?;
    let playbook = match &options.use_case {
        Some(id) => Some(plan::load_playbook(&source, id)?),
        None => None,
    };
    let use_cases = source.use_cases()?;
    let mut verdicts = Vec::new();
    for path in &options.sites {
        let text = match fsread::read_text_file(path, Input::Profile) {
            Ok(text) => text,
            Err(e) => {
                verdicts.push((path.display().to_string(), Verdict::Unreadable(e)));
                continue;
            }
        };
        let verdict = match profile::load_profile(path, &text, as_of, &use_cases) {
            Ok(p) => Verdict::Valid(
                playbook
                    .as_ref()
                    .map(|pb| plan::derive(&p, pb, as_of).map(Box::new))
                    .transpose()?,
            ),
            Err(e) => Verdict::Invalid(e),
        };
        verdicts.push((path.display().to_string(), verdict));
    }
    let count = |f: fn(&Verdict) -> bool| verdicts.iter().filter(|(_, v)| f(v)).count();
    let unreadable = count(|v| matches!(v, Verdict::Unreadable(_)));
    let invalid = count(|v| matches!(v, Verdict::Invalid(_)));
    let code = match (unreadable, invalid) {
        (0, 0) => 0,
        (0, _) => EXIT_FOUND,
        _ => EXIT_INPUT,
    };
    let mut output = Output {
        code,
        ..Output::default()
    };
    match options.format {
        Format::Json => output.stdout = json_report(&verdicts),
        Format::Text => text_report(&verdicts, &mut output),
    }
    Ok(output)
}

fn gap_counts(plan: &Plan) -> [usize; 3] {
    let n = |s| {
        plan.readiness
            .gaps
            .iter()
            .filter(|g| g.severity == s)
            .count()
    };
    [
        n(Severity::Blocking),
        n(Severity::Major),
        n(Severity::Minor),
    ]
}

fn text_report(verdicts: &[(String, Verdict)], output: &mut Output) {
    for (path, verdict) in verdicts {
        match verdict {
            Verdict::Valid(None) => {
                let _ = writeln!(output.stdout, "{path}: valid");
            }
            Verdict::Valid(Some(plan)) => {
                let [b, m, n] = gap_counts(plan);
                let _ = writeln!(
                    output.stdout,
                    "{path}: valid; {}: readiness {}, gaps {b} blocking, {m} major, {n} minor; {}, {}",
                    plan.use_case.id,
                    plan.readiness.shown(),
                    counted(plan.checklist.len(), "checklist item"),
                    counted(plan.controls.len(), "control")
                );
            }
            Verdict::Invalid(errors) => {
                let _ = writeln!(
                    output.stdout,
                    "{path}: invalid ({})",
                    counted(errors.errors.len(), "error")
                );
                output.notes.push(errors.to_string());
            }
            Verdict::Unreadable(e) => {
                let _ = writeln!(output.stdout, "{path}: unreadable");
                output.notes.push(format!("error: {e}"));
            }
        }
    }
}

fn json_report(verdicts: &[(String, Verdict)]) -> String {
    let profiles: Vec<_> = verdicts
        .iter()
        .map(|(path, verdict)| match verdict {
            Verdict::Valid(plan) => {
                let summary = plan.as_ref().map(|p| {
                    let [b, m, n] = gap_counts(p);
                    json!({"use_case": p.use_case.id, "readiness": p.readiness.score,
                           "applicable": p.readiness.applicable,
                           "gaps": {"blocking": b, "major": m, "minor": n},
                           "checklist": p.checklist.len(), "controls": p.controls.len()})
                });
                json!({"path": path, "valid": true, "plan": summary, "errors": []})
            }
            Verdict::Invalid(e) => json!({"path": path, "valid": false, "errors": errors_json(e)}),
            Verdict::Unreadable(e) => json!({"path": path, "valid": false, "readable": false,
                                             "errors": read_error_json(e)}),
        })
        .collect();
    let ok = verdicts.iter().all(|(_, v)| matches!(v, Verdict::Valid(_)));
    format!(
        "{}\n",
        serde_json::to_string_pretty(&json!({"ok": ok, "profiles": profiles})).unwrap_or_default()
    )
}
