//! How results and errors are shown: the one place that turns an [`Error`] into text for
//! stderr (walking the whole `source()` chain) or JSON for stdout, and that makes every text
//! for the terminal safe: control and bidi characters from files and profiles are shown as
//! `<U+XXXX>` (text) or written as `\\uXXXX` escapes (JSON), never raw.

use std::error::Error as _;

use serde_json::json;

use crate::render::escape::{json_text, terminal_text};
use crate::{Error, Format};

/// A command's stdout made safe for the terminal (text) or escaped (one JSON document).
pub fn stdout_text(stdout: &str, format: Format) -> String {
    match format {
        Format::Json => json_text(stdout).into_owned(),
        Format::Text => terminal_text(stdout).into_owned(),
    }
}

/// One note for stderr, made safe for the terminal.
pub fn note_text(note: &str) -> String {
    terminal_text(note).into_owned()
}

/// The error as people read it: `error: ...` plus every cause.
pub fn error_text(error: &Error, color: bool) -> String {
    let (start, end) = if color {
        ("\x1b[1;31m", "\x1b[0m")
    } else {
        ("", "")
    };
    if let Error::Profile(errors) = error {
        return format!("{}\n", errors.render(color));
    }
    let mut text = format!("{start}error{end}: {}\n", terminal_text(&error.to_string()));
    let mut source = error.source();
    while let Some(cause) = source {
        let line = terminal_text(&cause.to_string()).into_owned();
        if !text.contains(&line) {
            text.push_str(&format!("  caused by: {line}\n"));
        }
        source = cause.source();
    }
    text
}

/// The error as one JSON document: `{ok: false, error: {kind, message, exit_code, errors}}`.
pub fn error_json(error: &Error) -> String {
    let errors = match error {
        Error::Profile(e) => crate::command::check::errors_json(e),
        Error::Playbook(crate::playbook::PlaybookErrors::Invalid { errors, .. }) => errors
            .iter()
            .map(|e| json!({"file": e.file, "line": e.line, "message": e.message}))
            .collect(),
        Error::Input(e) => crate::command::check::read_error_json(e),
        Error::Progress(e) => e
            .issues
            .iter()
            .map(|i| json!({"file": e.path, "line": i.line, "column": i.column, "key": i.key, "message": i.message}))
            .collect(),
        _ => Vec::new(),
    };
    let doc = json!({"ok": false, "error": {"kind": error.kind(), "message": error.to_string(), "exit_code": error.exit_code(), "errors": errors}});
    let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    format!("{}\n", json_text(&text))
}
