//! The playbook source of a package (SPEC section 2, "Playbook source of a package"): the
//! one its lock records is the default of `update`, `diff` and `gate`, and a render that
//! would move a package to another source or to an older playbook version refuses unless
//! `--allow-downgrade` says so.

use std::cmp::Ordering;
use std::path::Path;

use crate::git::{PackageRepo, RENDERED_BRANCH};
use crate::lock::{Lock, PlaybookSource};
use crate::source_path::resolve;
use crate::{Error, Inputs, PlaybookChoice};

/// The playbooks to read for the package at `dir`: `flag` when given, else those its lock
/// records (the built-ins for a lock that records no source and no git commit).
pub(crate) fn choose(
    flag: Option<&PlaybookChoice>,
    lock: &Lock,
    dir: &Path,
) -> Result<PlaybookChoice, Error> {
    if let Some(choice) = flag {
        return Ok(choice.clone());
    }
    if let Some(recorded @ (PlaybookSource::Dir { .. } | PlaybookSource::Git { .. })) =
        &lock.playbook_source
    {
        require_committed_by_sitepack(recorded, dir)?;
    }
    match &lock.playbook_source {
        Some(PlaybookSource::BuiltIn) => Ok(PlaybookChoice::BuiltIn),
        Some(PlaybookSource::Dir { path }) => Ok(PlaybookChoice::Dir(resolve(path, dir))),
        Some(PlaybookSource::Git { repo, rev, commit }) => Ok(PlaybookChoice::Pinned {
            repo: resolve(repo, dir).to_string_lossy().into_owned(),
            rev: rev.clone(),
            commit: commit.clone(),
        }),
        None if lock.playbook.source.is_none() => Ok(PlaybookChoice::BuiltIn),
        None => Err(Error::Usage(format!(
            "the lock of {} does not say which repository its playbooks came from ({}); \
             pass --playbooks REPO --playbooks-ref REF",
            dir.display(),
            lock.playbook.source.as_deref().unwrap_or_default()
        ))),
    }
}

/// Refuses a directory or repository that only the working tree's lock names. The lock is
/// package content that any pull request can edit, so without this check it could make
/// sitepack read `.toml` files anywhere on the machine (and echo them in errors); only the
/// lock sitepack committed on `sitepack/rendered` is trusted to name a place to read.
fn require_committed_by_sitepack(recorded: &PlaybookSource, dir: &Path) -> Result<(), Error> {
    let committed = PackageRepo::detect(dir)
        .ok()
        .filter(|&git| git)
        .and_then(|_| PackageRepo::open(dir).ok())
        .and_then(|repo| repo.rendered_lock())
        .and_then(|text| Lock::parse(&text).ok())
        .and_then(|lock| lock.playbook_source);
    if committed.as_ref() == Some(recorded) {
        return Ok(());
    }
    let why = match committed {
        Some(other) => format!("the last render on `{RENDERED_BRANCH}` records {other}"),
        None => format!("there is no render on `{RENDERED_BRANCH}` that records it"),
    };
    Err(Error::Usage(format!(
        "the lock of {} names {recorded}, but {why}; sitepack reads playbooks from a place the \
         package names only when its own render commit says so (the lock is package content \
         anyone can edit). Pass the playbooks explicitly with --playbooks",
        dir.display()
    )))
}

/// Refuses (exit 2) a render that would move the package from what its lock records to
/// another playbook source or an older playbook version, unless `allowed`.
pub(crate) fn check_move(
    lock: &Lock,
    inputs: &Inputs,
    dir: &Path,
    allowed: bool,
) -> Result<(), Error> {
    if allowed {
        return Ok(());
    }
    let (old, new) = (&lock.playbook.version, &inputs.playbook.version);
    let change = match &lock.playbook_source {
        Some(recorded) if !recorded.same_place(&inputs.playbook_source) => {
            format!("from {recorded} to {}", inputs.playbook_source)
        }
        _ if compare_versions(new, old) == Some(Ordering::Less) => {
            format!("from {} {old} to the older {new}", inputs.playbook.id)
        }
        _ => return Ok(()),
    };
    Err(Error::Usage(format!(
        "refusing to re-render {}: it would move the package {change}; run without --playbooks \
         to keep what its lock records, or add --allow-downgrade to move it",
        dir.display()
    )))
}

/// Compares dotted numeric versions (`1.10.0` > `1.9`); `None` when either is not one.
fn compare_versions(a: &str, b: &str) -> Option<Ordering> {
    let parse = |v: &str| -> Option<Vec<u64>> {
        v.trim_start_matches('v')
            .split('.')
            .map(|part| part.parse().ok())
            .collect()
    };
    let (mut a, mut b) = (parse(a)?, parse(b)?);
    let len = a.len().max(b.len());
    a.resize(len, 0);
    b.resize(len, 0);
    Some(a.cmp(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_by_number_not_by_text() {
        let cases = [
            ("1.10.0", "1.9.0", Some(Ordering::Greater)),
            ("1.2", "1.2.0", Some(Ordering::Equal)),
            ("1.2.0", "1.3.0", Some(Ordering::Less)),
            ("v2.0.0", "1.9.9", Some(Ordering::Greater)),
            ("1.2.0-rc1", "1.2.0", None),
            ("next", "1.0", None),
        ];
        for (a, b, expected) in cases {
            assert_eq!(compare_versions(a, b), expected, "{a} vs {b}");
        }
    }
}
