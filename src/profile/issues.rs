//! Collecting problems during the walk, before they get a line and column.
//!
//! [`Ctx`] carries what the checks need from outside (the source text, the
//! as-of year) and the [`Issue`]s found so far. It neither sorts nor formats:
//! `load.rs` positions the issues and `render.rs` shows them.

use std::ops::Range;

/// One problem, before its line and column are worked out.
#[derive(Debug, Clone)]
pub(super) struct Issue {
    pub key: String,
    pub span: Range<usize>,
    pub message: String,
    pub suggestion: Option<String>,
    /// The check needs the whole file (a missing or unknown key, a reference
    /// or duplicate across entries), so it is not trusted after a syntax error.
    pub whole_file: bool,
}

/// What the walk needs from outside, and what it found wrong.
pub(super) struct Ctx<'s> {
    pub source: &'s str,
    pub as_of_year: i32,
    pub issues: Vec<Issue>,
}

impl Ctx<'_> {
    /// Records a problem with one value.
    pub fn report(&mut self, key: &str, span: Range<usize>, message: String) {
        self.push(key, span, message, None, false);
    }

    /// Records a problem with one value, with the nearest valid spelling.
    pub fn report_with(
        &mut self,
        key: &str,
        span: Range<usize>,
        message: String,
        hint: Option<&str>,
    ) {
        self.push(key, span, message, hint, false);
    }

    /// Records a problem of the file's structure, see [`Issue::whole_file`].
    pub fn report_structure(
        &mut self,
        key: &str,
        span: Range<usize>,
        message: String,
        hint: Option<&str>,
    ) {
        self.push(key, span, message, hint, true);
    }

    fn push(
        &mut self,
        key: &str,
        span: Range<usize>,
        message: String,
        hint: Option<&str>,
        whole_file: bool,
    ) {
        let message = match hint {
            Some(s) => format!("{message}; did you mean `{s}`?"),
            None => message,
        };
        let (key, suggestion) = (key.to_string(), hint.map(str::to_string));
        self.issues.push(Issue {
            key,
            span,
            message,
            suggestion,
            whole_file,
        });
    }

    /// The 1-based line of byte offset `at`.
    pub fn line_of(&self, at: usize) -> usize {
        let end = at.min(self.source.len());
        self.source.as_bytes()[..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }
}
