//! How results and errors are shown: the one place that turns an [`Error`] into text for
//! stderr (walking the whole `source()` chain) or JSON for stdout, and that makes every text
//! for the terminal safe: control and bidi characters from files and profiles are shown as
//! `<U+XXXX>` (text) or written as `\\uXXXX` escapes (JSON), never raw.

use std::error::Error as _;

use serde_json::json;

use crate::fsread::ReadError;
use crate::profile::ProfileErrors;
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
        Error::Profile(e) => errors_json(e),
        Error::Playbook(crate::playbook::PlaybookErrors::Invalid { errors, .. }) => errors
            .iter()
            .map(|e| json!({"file": e.file, "line": e.line, "message": e.message}))
            .collect(),
        Error::Input(e) => read_error_json(e),
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

/// A read error as a one-element list of JSON error objects (with line and column for
/// invalid UTF-8).
pub fn read_error_json(error: &ReadError) -> Vec<serde_json::Value> {
    let (line, column) = match error {
        ReadError::NotUtf8 { line, column, .. } => (Some(*line), Some(*column)),
        _ => (None, None),
    };
    let file = match error {
        ReadError::Unsafe { dir, path } => dir.join(path),
        ReadError::Symlink { path }
        | ReadError::NotRegular { path, .. }
        | ReadError::TooLarge { path, .. }
        | ReadError::NotUtf8 { path, .. }
        | ReadError::Io { path, .. } => path.clone(),
    };
    vec![
        json!({"file": file.display().to_string(), "line": line, "column": column,
                "message": error.to_string()}),
    ]
}

/// Profile errors as JSON objects with file, line, column, key, message and suggestion.
pub fn errors_json(errors: &ProfileErrors) -> Vec<serde_json::Value> {
    errors
        .errors
        .iter()
        .map(|e| {
            json!({"file": errors.path.display().to_string(), "line": e.line, "column": e.column,
                   "key": e.key, "message": e.message, "suggestion": e.suggestion})
        })
        .collect()
}
