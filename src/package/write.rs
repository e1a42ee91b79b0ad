//! The two ways to write a package, git and plain, each staged beside DIR and swapped in.
//!
//! Every function here builds the complete next state in a [`Staging`] directory and only
//! then installs it; returning early drops the staging directory and leaves DIR untouched.
//! A git package whose DIR cannot be swapped (a mount point) gets the staged state in place
//! (`in_place`).

use std::collections::BTreeMap;
use std::path::Path;

use walkdir::WalkDir;

use super::in_place;
use super::stage::{Staging, Swap};
use super::{PackageError, WriteOptions, WriteReport};
use crate::files::Files;
use crate::fsread::{self, Input};
use crate::git::{MainUpdate, Messages, PackageRepo, RENDERED_BRANCH};
use crate::lock::{sha256_hex, Lock, LOCK_PATH};
use crate::progress::PROGRESS_PATH;

/// Writes a first render into a missing or empty DIR.
pub(super) fn fresh(
    dir: &Path,
    files: &Files,
    options: &WriteOptions,
    missing: bool,
    git: bool,
) -> Result<WriteReport, PackageError> {
    let staging = Staging::beside(dir)?;
    let mut report = WriteReport {
        changed: true,
        files_written: files.len(),
        ..WriteReport::default()
    };
    if git {
        let messages = Messages {
            render: &options.message,
            status: STATUS_MESSAGE,
        };
        let (_, first) = PackageRepo::create_first(
            staging.path(),
            files,
            &options.on_main,
            &messages,
            options.time,
        )?;
        report.commit = Some(first.main);
        report.tree = Some(first.tree);
    } else {
        for (path, bytes) in files.iter().chain(options.on_main.iter()) {
            staging.write_file(path, bytes)?;
        }
    }
    if missing {
        staging.install_new(dir)?;
    } else {
        staging.exchange(dir)?;
    }
    Ok(report)
}

/// Commits a new render in a copy of a git package, merges it into `main`, swaps it in.
pub(super) fn update_git(
    dir: &Path,
    files: &Files,
    options: &WriteOptions,
) -> Result<WriteReport, PackageError> {
    let original = PackageRepo::open(dir)?;
    if original.has_uncommitted_changes()? {
        return Err(PackageError::refused(
            dir,
            "it has uncommitted changes or an unfinished merge; commit or stash your changes \
             in it (or finish the merge), then run again",
        ));
    }
    let before = original.preflight()?;
    let staging = Staging::beside(dir)?;
    staging.copy_from(dir)?;
    let repo = PackageRepo::open(staging.path())?;
    repo.adopt_rendered(&before)?;
    let render = repo.commit_render(files, &options.message, options.time)?;
    let update = repo.update_main(&merge_message(), options.time)?;
    // After a conflicted merge the page waits for the next update: the person finishing
    // the merge owns the working tree.
    let status = match update {
        MainUpdate::Conflicts { .. } => None,
        _ => repo.commit_on_main(&options.on_main, STATUS_MESSAGE, options.time)?,
    };
    let mut report = WriteReport {
        changed: render.changed || update != MainUpdate::UpToDate || status.is_some(),
        commit: repo.head_commit()?,
        tree: Some(render.tree),
        ..WriteReport::default()
    };
    if let MainUpdate::Conflicts { paths } = update {
        report.conflicts = paths;
    }
    if report.changed {
        report.files_written = files.len();
        crate::testpoint::reached("before-swap");
        // A commit made in DIR since the copy would vanish with the swap: look again.
        PackageRepo::open(dir)?.ensure_unmoved(&before)?;
        if staging.try_exchange(dir)? == Swap::Unswappable {
            in_place::install(staging.path(), dir, &before.branch, options.time)?;
        }
    }
    Ok(report)
}

/// Replaces an unedited `--no-git` package with the new render and the pages made from
/// its progress (`on_main`).
pub(super) fn update_plain(
    dir: &Path,
    files: &Files,
    on_main: &Files,
    lock: &Lock,
) -> Result<WriteReport, PackageError> {
    let mut on_disk = digests_on_disk(dir)?;
    // People's progress is theirs: never compared with the render, always carried over.
    let progress = on_disk.remove(PROGRESS_PATH).is_some();
    // The status page is regenerated from progress, never checked against the lock.
    let mut unedited = on_disk.clone();
    unedited.retain(|path, _| on_main.get(path).is_none());
    check_unedited(dir, &unedited, lock)?;
    let rendered: BTreeMap<String, String> = files
        .iter()
        .chain(on_main.iter())
        .map(|(path, bytes)| (path.to_string(), sha256_hex(bytes)))
        .collect();
    if rendered == on_disk {
        return Ok(WriteReport::default());
    }
    let staging = Staging::beside(dir)?;
    for (path, bytes) in files.iter().chain(on_main.iter()) {
        staging.write_file(path, bytes)?;
    }
    if progress {
        if let Some(bytes) = fsread::read_in(dir, PROGRESS_PATH, Input::Progress)? {
            staging.write_file(PROGRESS_PATH, &bytes)?;
        }
    }
    staging.exchange(dir)?;
    Ok(WriteReport {
        changed: true,
        files_written: files.len(),
        ..WriteReport::default()
    })
}

/// The message of the commit that writes the status page on `main`.
const STATUS_MESSAGE: &str = "Status from progress.toml (generated by sitepack)";

fn merge_message() -> String {
    format!("Merge branch '{RENDERED_BRANCH}' into main")
}

/// Refuses when a file differs from the lock or is not in it: a plain package cannot merge.
fn check_unedited(
    dir: &Path,
    on_disk: &BTreeMap<String, String>,
    lock: &Lock,
) -> Result<(), PackageError> {
    for (path, digest) in on_disk.iter().filter(|(path, _)| *path != LOCK_PATH) {
        let reason = match lock.files.get(path) {
            None => format!("{path} was not written by sitepack"),
            Some(expected) if expected != digest => {
                format!("{path} was edited since the last render")
            }
            Some(_) => continue,
        };
        return Err(PackageError::refused(
            dir,
            format!(
                "{reason}, and a --no-git package cannot merge edits; move your changes out of \
                 it, or render into a new directory"
            ),
        ));
    }
    Ok(())
}

/// Relative path (with `/`) to digest of every non-directory entry under `dir`.
fn digests_on_disk(dir: &Path) -> Result<BTreeMap<String, String>, PackageError> {
    let mut digests = BTreeMap::new();
    for entry in WalkDir::new(dir).min_depth(1).follow_links(false) {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            PackageError::io("read", &path, std::io::Error::other(e))
        })?;
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let digest = match fsread::read_in(dir, &rel, Input::Page)? {
            Some(bytes) => sha256_hex(&bytes),
            None => String::from("not a regular file"),
        };
        digests.insert(rel, digest);
    }
    Ok(digests)
}
