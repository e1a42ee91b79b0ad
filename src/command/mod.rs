//! The commands: each turns options into an [`crate::Output`], never printing.

pub mod book;
pub mod check;
pub mod diff;
pub mod explain;
mod explain_why;
pub mod gate;
pub mod init;
pub mod migrate;
pub mod playbooks;
mod playbooks_json;
pub mod portfolio;
pub mod render;
pub mod schema;
mod source;
pub mod update;
pub mod update_many;

use std::path::Path;

use crate::date::Date;
use crate::fsread::{self, Input};
use crate::lock::{sha256_hex, Lock};
use crate::package;
use crate::plan::Plan;
use crate::{load_inputs_text, resolve_as_of, Error, Inputs, PackageOptions};

/// Where a package keeps the profile it was rendered from.
const SITE_PATH: &str = "site.toml";

/// The lock of the package at `options.dir` and its inputs re-read: the package's own
/// `site.toml` (or `--site`), the lock's use case, the playbook source the lock records
/// (or `--playbooks`), and the lock's as-of date unless `--as-of` moves it.
pub(crate) fn package_inputs(options: &PackageOptions) -> Result<(Lock, Inputs), Error> {
    let lock = package::open(&options.dir)?;
    let as_of = resolve_as_of(options.as_of.as_deref(), Date::parse(&lock.as_of))?;
    let (site, text) = match &options.site {
        Some(site) => (site.clone(), fsread::read_text_file(site, Input::Profile)?),
        None => (options.dir.join(SITE_PATH), site_text(&options.dir)?),
    };
    let playbooks = source::choose(options.playbooks.as_ref(), &lock, &options.dir)?;
    let inputs =
        load_inputs_text(&site, text, &lock.use_case, &playbooks, as_of)?.place_in(&options.dir);
    Ok((lock, inputs))
}

/// The package's own `site.toml`, read without following links.
fn site_text(dir: &Path) -> Result<String, Error> {
    fsread::read_text_in(dir, SITE_PATH, Input::Profile)?.ok_or_else(|| {
        Error::Usage(format!(
            "{} has no {SITE_PATH}; restore it from git, or pass the profile with --site FILE",
            dir.display()
        ))
    })
}

/// What changed between the inputs recorded in `lock` and the current ones, one sentence
/// each: the profile, the playbook, the tool, the as-of date.
pub(crate) fn input_changes(lock: &Lock, plan: &Plan, profile_text: &str) -> Vec<String> {
    let mut changes = Vec::new();
    if lock.profile_digest != sha256_hex(profile_text.as_bytes()) {
        changes.push("the profile changed: site.toml differs from the one last rendered".into());
    }
    let (old, new) = (&lock.playbook, &plan.playbook);
    if old.version != new.version {
        changes.push(format!(
            "the playbook version changed: {} {} -> {}",
            new.id, old.version, new.version
        ));
    } else if old.digest != new.digest {
        changes.push(format!(
            "the playbook content changed ({} {}, same version, new digest)",
            new.id, new.version
        ));
    } else if old.source != new.source {
        let name = |s: &Option<String>| {
            s.clone()
                .unwrap_or_else(|| "built-in or a directory".into())
        };
        changes.push(format!(
            "the playbook source changed: {} -> {}",
            name(&old.source),
            name(&new.source)
        ));
    }
    let tool = env!("CARGO_PKG_VERSION");
    if lock.tool_version != tool {
        changes.push(format!(
            "the tool changed: sitepack {} -> {tool}",
            lock.tool_version
        ));
    }
    if lock.as_of != plan.as_of {
        changes.push(format!(
            "the as-of date changed: {} -> {}",
            lock.as_of, plan.as_of
        ));
    }
    changes
}

/// `value` as one pretty JSON document with a final newline.
pub(crate) fn json_document(value: &serde_json::Value) -> String {
    format!(
        "{}\n",
        serde_json::to_string_pretty(value).unwrap_or_default()
    )
}

#[cfg(test)]
pub(crate) mod testkit;

pub(crate) use source::check_move;
