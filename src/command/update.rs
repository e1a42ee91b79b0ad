//! `sitepack update DIR`: re-render a package from its own inputs and merge into `main`.
//!
//! The new pure render is committed on `sitepack/rendered` and merged into `main` with
//! git's three-way merge (all done by [`crate::package::write`]); this command resolves the
//! inputs from the lock, then reports what changed, the conflicts (exit 1) and progress
//! entries whose item no longer exists. It never deletes a person's file or progress.

use serde_json::json;

use super::{check_move, json_document, package_inputs};
use crate::drift::input_changes;
use crate::git::{CommitTime, PackageRepo};
use crate::package::{self, PackageError, WriteReport};
use crate::{progress, render_package, Error, Format, Output, PackageOptions};

/// The message for a file a person deleted on `main` that the new render changed.
pub const DELETED_ON_MAIN: &str = "deleted on main but changed by the new render";

/// What one update did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateSummary {
    /// The site id, use case id and as-of date of the new render.
    pub site: String,
    pub use_case: String,
    pub as_of: String,
    /// Why the render changed: profile, playbook, tool, as-of.
    pub reasons: Vec<String>,
    /// The package writer's report (commit, conflicts, ...).
    pub report: WriteReport,
    /// Conflicted paths that `main` deleted and the render changed.
    pub deleted_on_main: Vec<String>,
    /// Progress ids whose item, control or gap the new plan no longer has.
    pub orphaned_progress: Vec<String>,
}

/// Runs the update; exit 1 when the merge left conflicts.
pub fn run(options: &PackageOptions) -> Result<Output, Error> {
    let summary = update(options)?;
    let dir = options.dir.display().to_string();
    let conflicted = !summary.report.conflicts.is_empty();
    let mut output = Output {
        code: i32::from(conflicted),
        ..Output::default()
    };
    output.stdout = match options.format {
        Format::Json => json_document(&summary_json(&summary, &dir)),
        Format::Text => summary_text(&summary, &dir),
    };
    if !summary.orphaned_progress.is_empty() {
        output.notes.push(format!(
            "orphaned progress: {} in progress.toml no longer exist in the plan; they were kept, \
             remove or re-key them by hand",
            summary.orphaned_progress.join(", ")
        ));
    }
    for path in &summary.deleted_on_main {
        output.notes.push(format!("{path}: {DELETED_ON_MAIN}"));
    }
    if conflicted {
        output.notes.push(format!(
            "merge conflicts in {}: resolve them in {dir} (git status, git mergetool), then commit",
            summary.report.conflicts.join(", ")
        ));
    }
    Ok(output)
}

/// Re-renders the package at `options.dir` and merges it into `main`.
pub fn update(options: &PackageOptions) -> Result<UpdateSummary, Error> {
    package::finish_interrupted(&options.dir, CommitTime::from_env())?;
    let (lock, inputs) = package_inputs(options)?;
    check_move(&lock, &inputs, &options.dir, options.allow_downgrade)?;
    let git = PackageRepo::detect(&options.dir).map_err(PackageError::from)?;
    let (plan, report) = render_package(&inputs, &options.dir, git)?;
    let reasons = input_changes(&lock, &plan, &inputs.profile_text);
    let deleted_on_main = if report.conflicts.is_empty() {
        Vec::new()
    } else {
        let repo = PackageRepo::open(&options.dir).map_err(PackageError::from)?;
        repo.deleted_on_main().map_err(PackageError::from)?
    };
    let orphaned_progress = progress::read(&options.dir)?
        .map(|p| p.orphans(&plan))
        .unwrap_or_default();
    Ok(UpdateSummary {
        site: plan.site.id.clone(),
        use_case: plan.use_case.id.clone(),
        as_of: plan.as_of.clone(),
        reasons,
        report,
        deleted_on_main,
        orphaned_progress,
    })
}

/// One package's update as JSON (also an entry of `update DIR DIR...`'s list).
pub(crate) fn summary_json(summary: &UpdateSummary, dir: &str) -> serde_json::Value {
    let report = &summary.report;
    let conflicts: Vec<_> = report
        .conflicts
        .iter()
        .map(|path| {
            let deleted = summary.deleted_on_main.contains(path);
            let reason = if deleted {
                DELETED_ON_MAIN
            } else {
                "both changed"
            };
            json!({"path": path, "reason": reason})
        })
        .collect();
    json!({
        "ok": report.conflicts.is_empty(),
        "dir": dir,
        "site": summary.site,
        "use_case": summary.use_case,
        "as_of": summary.as_of,
        "changed": report.changed,
        "commit": report.commit,
        "tree": report.tree,
        "reasons": summary.reasons,
        "conflicts": conflicts,
        "orphaned_progress": summary.orphaned_progress,
    })
}

fn summary_text(summary: &UpdateSummary, dir: &str) -> String {
    let report = &summary.report;
    let mut text = if !report.changed {
        format!("{dir} is up to date\n")
    } else if report.conflicts.is_empty() {
        let commit = report.commit.as_deref().unwrap_or_default();
        format!(
            "updated {dir} (main at {})\n",
            &commit[..commit.len().min(12)]
        )
    } else {
        format!("updated {dir} with merge conflicts; main is not committed\n")
    };
    for reason in &summary.reasons {
        text.push_str(&format!("  because {reason}\n"));
    }
    for path in &report.conflicts {
        let why = if summary.deleted_on_main.contains(path) {
            DELETED_ON_MAIN
        } else {
            "changed on main and by the new render"
        };
        text.push_str(&format!("  conflict: {path} ({why})\n"));
    }
    for id in &summary.orphaned_progress {
        text.push_str(&format!("  orphaned progress: {id}\n"));
    }
    text
}

#[cfg(test)]
#[path = "update_tests.rs"]
mod tests;
