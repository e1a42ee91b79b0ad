//! `sitepack diff DIR`: how the package differs from what the current inputs would render.
//!
//! Renders the current inputs in memory (nothing is written), compares each rendered file
//! with DIR's working tree, prints a unified diff (`a/` = the package, `b/` = the new
//! render) and says why: the profile, the playbook version, the tool, or people's edits
//! (a working file whose digest is not the one the lock recorded). Exit 1 on drift.
//!
//! The status page is generated on `main` from `progress.toml` and never sealed in the
//! lock: it is compared with the page the package's current progress gives, and its drift
//! is never a person's edit. Generated files say so next to their diff ([`generated`]).

use std::path::Path;

use serde_json::json;

use super::{json_document, package_inputs};
use crate::drift::input_changes;
use crate::files::Files;
use crate::fsread::{self, Input};
use crate::lock::{sha256_hex, Lock, LOCK_PATH};
use crate::number::counted;
use crate::{progress, render_files, render_on_main, Error, Format, Output, PackageOptions};

/// One file that differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileDrift {
    /// Path inside the package.
    pub path: String,
    /// `changed`, `missing` (the render has it, DIR does not) or `removed` (the new render
    /// no longer has it).
    pub kind: &'static str,
    /// True when a person changed or deleted the file since the last render.
    pub edited: bool,
    /// True when the new render differs from the last render of this file, so an update
    /// would bring a change.
    pub upstream: bool,
    /// What to edit instead, when the file is generated ([`generated`]).
    pub generated: Option<&'static str>,
    /// The unified diff.
    pub diff: String,
}

/// What to edit instead of `path` when people should never edit it: the data files and
/// the status page. `None` for the pages people may edit (their edits are merged).
pub fn generated(path: &str) -> Option<&'static str> {
    if crate::render::ON_MAIN.contains(&path) {
        Some("generated on main from progress.toml: edit progress.toml instead")
    } else if path.starts_with("data/") {
        Some("generated: edit progress.toml / site.toml instead")
    } else {
        None
    }
}

/// The drift of a package.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Drift {
    /// Why the package differs, one sentence each.
    pub reasons: Vec<String>,
    /// The files that differ, sorted by path.
    pub files: Vec<FileDrift>,
}

/// Runs the drift check; exit 1 when there is drift.
pub fn run(options: &PackageOptions) -> Result<Output, Error> {
    let drift = drift(options)?;
    let dir = options.dir.display().to_string();
    let code = i32::from(!drift.files.is_empty());
    let stdout = match options.format {
        Format::Json => json_document(&drift_json(&drift, &dir)),
        Format::Text => drift_text(&drift, &dir),
    };
    Ok(Output {
        stdout,
        notes: Vec::new(),
        code,
    })
}

/// Compares the package at `options.dir` with a fresh render of its current inputs.
pub fn drift(options: &PackageOptions) -> Result<Drift, Error> {
    let (lock, inputs) = package_inputs(options)?;
    let progress = progress::read(&options.dir)?;
    let (plan, files) = render_files(&inputs)?;
    let on_main = render_on_main(&plan, progress.as_ref())?;
    let mut files = compare(&options.dir, &files, &lock)?;
    files.extend(compare_on_main(&options.dir, &on_main)?);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    if options.ignore_edits {
        files.retain(|f| f.upstream);
    }
    let mut reasons = input_changes(&lock, &plan, &inputs.profile_text);
    let edited: Vec<&str> = files
        .iter()
        .filter(|f| f.edited)
        .map(|f| f.path.as_str())
        .collect();
    if !edited.is_empty() {
        reasons.push(format!("people edited {}", edited.join(", ")));
    }
    if let Some(page) = files.iter().find(|f| generated_on_main(&f.path)) {
        reasons.push(format!(
            "progress.toml changed since {} was generated (an update regenerates it)",
            page.path
        ));
    }
    if reasons.is_empty() && !files.is_empty() {
        reasons.push(match progress {
            Some(_) => "progress.toml changed since the last render".into(),
            None => "the package differs from its last render".into(),
        });
    }
    Ok(Drift { reasons, files })
}

fn generated_on_main(path: &str) -> bool {
    crate::render::ON_MAIN.contains(&path)
}

/// Each page generated on `main` that DIR lacks or holds differently from what its
/// progress gives now; an update would bring it, and nobody's edit is lost by that.
fn compare_on_main(dir: &Path, pages: &Files) -> Result<Vec<FileDrift>, Error> {
    let mut drift = Vec::new();
    for (path, page) in pages.iter() {
        let on_disk = read_optional(dir, path)?;
        if on_disk.as_deref() == Some(page) {
            continue;
        }
        drift.push(FileDrift {
            path: path.to_string(),
            kind: if on_disk.is_some() {
                "changed"
            } else {
                "missing"
            },
            edited: false,
            upstream: true,
            generated: generated(path),
            diff: unified(path, on_disk.as_deref(), Some(page)),
        });
    }
    Ok(drift)
}

/// Every rendered file that DIR's working tree lacks or holds differently, and every file
/// of the last render that the new one drops but DIR still has (except the pages now
/// generated on `main`, which an older lock may list).
fn compare(dir: &Path, files: &Files, lock: &Lock) -> Result<Vec<FileDrift>, Error> {
    let mut drift = Vec::new();
    for (path, rendered) in files.iter() {
        let on_disk = read_optional(dir, path)?;
        if on_disk.as_deref() == Some(rendered) {
            continue;
        }
        let edited = match &on_disk {
            _ if path == LOCK_PATH => false,
            Some(bytes) => lock.files.get(path) != Some(&sha256_hex(bytes)),
            None => lock.files.contains_key(path),
        };
        let kind = if on_disk.is_some() {
            "changed"
        } else {
            "missing"
        };
        let upstream = path == LOCK_PATH || lock.files.get(path) != Some(&sha256_hex(rendered));
        let diff = unified(path, on_disk.as_deref(), Some(rendered));
        drift.push(FileDrift {
            path: path.to_string(),
            kind,
            edited,
            upstream,
            generated: generated(path),
            diff,
        });
    }
    for (path, digest) in &lock.files {
        if files.get(path).is_some() || generated_on_main(path) {
            continue;
        }
        if let Some(bytes) = read_optional(dir, path)? {
            let edited = &sha256_hex(&bytes) != digest;
            let diff = if edited {
                // Only a file whose digest the lock records is shown: its content is known
                // to whoever wrote the lock, so showing it leaks nothing.
                unlisted(path)
            } else {
                unified(path, Some(&bytes), None)
            };
            let path = path.clone();
            let kind = "removed";
            drift.push(FileDrift {
                generated: generated(&path),
                path,
                kind,
                edited,
                upstream: true,
                diff,
            });
        }
    }
    drift.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(drift)
}

/// The file at `rel` inside `dir` (never through a link), `None` when absent.
fn read_optional(dir: &Path, rel: &str) -> Result<Option<Vec<u8>>, Error> {
    Ok(fsread::read_in(dir, rel, Input::Page)?)
}

/// The diff of a file the new render drops and a person edited: the header only.
fn unlisted(path: &str) -> String {
    format!(
        "--- a/{path}\n+++ /dev/null\n(edited since the last render and no longer rendered; \
         content not shown)\n"
    )
}

/// A unified diff with `--- a/path` / `+++ b/path` headers; `/dev/null` for an absent side.
pub fn unified(path: &str, old: Option<&[u8]>, new: Option<&[u8]>) -> String {
    let text = |b: Option<&[u8]>| b.map(|b| String::from_utf8_lossy(b).into_owned());
    let (old_text, new_text) = (text(old).unwrap_or_default(), text(new).unwrap_or_default());
    let a = old.map_or("/dev/null".to_string(), |_| format!("a/{path}"));
    let b = new.map_or("/dev/null".to_string(), |_| format!("b/{path}"));
    similar::TextDiff::from_lines(&old_text, &new_text)
        .unified_diff()
        .context_radius(3)
        .missing_newline_hint(true)
        .header(&a, &b)
        .to_string()
}

fn drift_json(drift: &Drift, dir: &str) -> serde_json::Value {
    let files: Vec<_> = drift
        .files
        .iter()
        .map(|f| json!({"path": f.path, "kind": f.kind, "edited": f.edited, "upstream": f.upstream, "generated": f.generated, "diff": f.diff}))
        .collect();
    json!({"ok": drift.files.is_empty(), "dir": dir, "drift": !drift.files.is_empty(), "reasons": drift.reasons, "files": files})
}

fn drift_text(drift: &Drift, dir: &str) -> String {
    if drift.files.is_empty() {
        return format!("no drift: {dir} is what the current inputs render\n");
    }
    let n = drift.files.len();
    let verb = if n == 1 { "differs" } else { "differ" };
    let mut text = format!("drift in {dir}: {} {verb}\n", counted(n, "file"));
    for reason in &drift.reasons {
        text.push_str(&format!("  because {reason}\n"));
    }
    for file in &drift.files {
        if let Some(note) = file.generated {
            text.push_str(&format!("{}: {note}\n", file.path));
        }
        text.push_str(&file.diff);
    }
    text
}

#[cfg(test)]
#[path = "diff_tests.rs"]
mod tests;
