//! Showing [`ProfileErrors`] the way cargo and rustc show errors.
//!
//! Each error gets its message, `--> path:line:col`, the source line with a
//! caret, the key path and the suggestion; a summary line closes the list.
//! `Display` is always plain text: colour is the caller's decision.

use std::fmt;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::load::{ProfileError, ProfileErrors};
use crate::render::escape::{terminal_source, terminal_text};

impl fmt::Display for ProfileErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

impl ProfileErrors {
    /// Every error, cargo-style, with ANSI colour when `color` is set.
    pub fn render(&self, color: bool) -> String {
        let path = self.path.display().to_string();
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let mut out = String::new();
        for error in &self.errors {
            let report = [group(&self.source, &path, error)];
            out.push_str(&renderer.render(&report));
            out.push_str("\n\n");
        }
        let n = self.errors.len();
        let noun = if n == 1 { "error" } else { "errors" };
        out.push_str(&format!("error: {path}: {n} {noun}"));
        out
    }
}

/// One error as an annotate-snippets group. Control and bidi characters of the profile
/// are shown visibly (`terminal_source` keeps byte offsets, so spans stay right).
fn group<'a>(source: &'a str, path: &'a str, error: &'a ProfileError) -> Group<'a> {
    let span = clamp(source, error.span.clone());
    let snippet = Snippet::source(terminal_source(source))
        .path(path)
        .annotation(AnnotationKind::Primary.span(span));
    let mut group = Level::ERROR
        .primary_title(terminal_text(&error.message))
        .element(snippet);
    if !error.key.is_empty() {
        group = group.element(
            Level::NOTE
                .with_name("key")
                .message(terminal_text(&error.key)),
        );
    }
    if let Some(s) = &error.suggestion {
        let help = format!("did you mean `{}`?", terminal_text(s));
        group = group.element(Level::HELP.message(help));
    }
    group
}

/// Keeps a span inside the source and on character boundaries.
fn clamp(source: &str, span: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let fit = |mut at: usize| {
        at = at.min(source.len());
        while !source.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let start = fit(span.start);
    start..fit(span.end).max(start)
}
