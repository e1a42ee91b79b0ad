//! Collecting problems during the walk, before they get a line and column.
//!
//! [`Ctx`] carries what the checks need from outside (the line table of the
//! source text, the as-of year, the declared format, the known use cases) and the [`Issue`]s found so far. It neither sorts nor formats:
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
    pub as_of_year: i32,
    /// The format the file declares (1 or 2), deciding which keys exist.
    pub format: u32,
    /// The known use case ids, for `use_cases` and the format 1 default.
    pub use_cases: &'s [String],
    pub issues: Vec<Issue>,
    /// Byte offset of the start of every line, for [`Ctx::line_of`].
    line_starts: Vec<usize>,
}

impl<'s> Ctx<'s> {
    /// A context for `source`, with nothing found yet.
    pub fn new(source: &str, as_of_year: i32, use_cases: &'s [String]) -> Self {
        let line_starts = line_starts(source);
        Ctx {
            as_of_year,
            format: 2,
            use_cases,
            issues: Vec::new(),
            line_starts,
        }
    }

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

    /// The 1-based line of byte offset `at`, in logarithmic time.
    pub fn line_of(&self, at: usize) -> usize {
        line_of(&self.line_starts, at)
    }
}

/// The byte offset where each line of `text` starts.
pub(super) fn line_starts(text: &str) -> Vec<usize> {
    let breaks = text.match_indices('\n').map(|(i, _)| i + 1);
    std::iter::once(0).chain(breaks).collect()
}

/// The 1-based line holding byte offset `at`, given the `starts` of the lines.
pub(super) fn line_of(starts: &[usize], at: usize) -> usize {
    starts.partition_point(|&s| s <= at).max(1)
}
