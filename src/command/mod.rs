//! The commands: each turns options into an [`crate::Output`], never printing.

pub mod book;
pub mod check;
pub mod diff;
pub mod explain;
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

use crate::date::Date;
use crate::fsread::{self, Input};
use crate::lock::Lock;
use crate::package;
use crate::{load_inputs_text, resolve_as_of, Error, Inputs, PackageOptions};

/// Where a package keeps the profile it was rendered from.
/// The lock of the package at `options.dir` and its inputs re-read: the package's own
/// `site.toml` (or `--site`), the lock's use case, the playbook source the lock records
/// (or `--playbooks`), and the lock's as-of date unless `--as-of` moves it.
pub(crate) fn package_inputs(options: &PackageOptions) -> Result<(Lock, Inputs), Error> {
    let lock = package::open(&options.dir)?;
    let as_of = resolve_as_of(options.as_of.as_deref(), Date::parse(&lock.as_of))?;
    let (site, text) = match &options.site {
        Some(site) => (site.clone(), fsread::read_text_file(site, Input::Profile)?),
        None => (
            options.dir.join(crate::SITE_PATH),
            crate::site_text(&options.dir)?,
        ),
    };
    let playbooks = source::choose(options.playbooks.as_ref(), &lock, &options.dir)?;
    let inputs =
        load_inputs_text(&site, text, &lock.use_case, &playbooks, as_of)?.place_in(&options.dir);
    Ok((lock, inputs))
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
