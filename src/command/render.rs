//! `sitepack render SITE --use-case ID --out DIR`: the main job.

use serde_json::json;

use super::check_move;
use crate::date::Date;
use crate::number::counted;
use crate::package::{self, Existing};
use crate::plan::{Plan, Severity};
use crate::{load_inputs, render_package, resolve_as_of, Error, Format, Output, RenderOptions};

/// Renders the package; exit 1 when the merge into `main` left conflicts.
pub fn run(options: &RenderOptions) -> Result<Output, Error> {
    let previous = match package::inspect(&options.out)? {
        Existing::Package(lock) => Some(lock),
        _ => None,
    };
    let recorded = previous.as_ref().and_then(|lock| Date::parse(&lock.as_of));
    let as_of = resolve_as_of(options.as_of.as_deref(), recorded)?;
    let inputs = load_inputs(&options.site, &options.use_case, &options.playbooks, as_of)?
        .place_in(&options.out);
    if let Some(lock) = &previous {
        check_move(lock, &inputs, &options.out, options.allow_downgrade)?;
    }
    let (plan, report) = render_package(&inputs, &options.out, options.git)?;
    let dir = options.out.display().to_string();
    let conflicted = !report.conflicts.is_empty();
    let mut output = Output {
        code: i32::from(conflicted),
        ..Output::default()
    };
    let blocking = plan
        .readiness
        .gaps
        .iter()
        .filter(|g| g.severity == Severity::Blocking)
        .count();
    match options.format {
        Format::Json => {
            let doc = json!({
                "ok": !conflicted,
                "dir": dir,
                "site": plan.site.id,
                "use_case": plan.use_case.id,
                "as_of": plan.as_of,
                "changed": report.changed,
                "commit": report.commit,
                "tree": report.tree,
                "conflicts": report.conflicts,
                "readiness": plan.readiness.score,
                "applicable": plan.readiness.applicable,
                "gaps": plan.readiness.gaps.len(),
                "blocking_gaps": blocking,
            });
            output.stdout = format!(
                "{}\n",
                serde_json::to_string_pretty(&doc).unwrap_or_default()
            );
        }
        Format::Text => output.stdout = text(&plan, &report, &dir, blocking),
    }
    if conflicted {
        output.notes.push(format!(
            "merge conflicts in {}: resolve them in {dir} (git status, git mergetool), then commit",
            report.conflicts.join(", ")
        ));
    }
    Ok(output)
}

fn text(plan: &Plan, report: &package::WriteReport, dir: &str, blocking: usize) -> String {
    let state = if report.changed {
        "rendered"
    } else {
        "unchanged"
    };
    let commit = report
        .commit
        .as_deref()
        .map(|c| format!(" (commit {})", &c[..c.len().min(12)]))
        .unwrap_or_default();
    format!(
        "{state} {} for {} into {dir}{commit}\nreadiness {}; {} ({blocking} blocking); {}; {}\n",
        plan.use_case.id,
        plan.site.id,
        plan.readiness.shown(),
        counted(plan.readiness.gaps.len(), "gap"),
        counted(plan.checklist.len(), "checklist item"),
        counted(plan.controls.len(), "control")
    )
}
