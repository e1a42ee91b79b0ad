//! `sitepack schema [--format 1|2]`: the JSON Schema of the site profile on stdout.
//!
//! The schema itself is built by `profile::schema` from the loader's own key
//! tables and vocabularies; this command only formats it.

use crate::{profile, Error, Output, SchemaOptions};

/// Prints the schema of `options.format` as pretty JSON.
pub fn run(options: &SchemaOptions) -> Result<Output, Error> {
    let schema = profile::schema::schema(options.format);
    let text = serde_json::to_string_pretty(&schema).expect("a JSON value serializes");
    Ok(Output {
        stdout: format!("{text}\n"),
        ..Output::default()
    })
}
