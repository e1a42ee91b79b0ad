//! A small typed SVG builder for the pictures in the books sitepack writes.
//!
//! A [`Figure`] is a drawing (rectangles, text, lines, circles and groups, each with a
//! [`Paint`] from a closed palette) plus the same content as text: its `<title>`, its
//! `<desc>` and a list of sentences that screen readers read and print shows. The output
//! is one line of HTML (`<figure>` holding an inline `<svg role="img">`) so it survives
//! Markdown (a blank line would end the HTML block) and mdBook untouched.
//!
//! Colours are CSS variables with a fallback (`var(--sp-bad, #c62828)`) and the
//! foreground is `currentColor`, so the package's stylesheet can tune each mdBook theme
//! (light, rust, coal, navy, ayu) and a picture stays readable in dark ones. Every text
//! goes through [`xml::escape_to`]; coordinates through [`xml::number_to`], so the same
//! figure is always the same bytes. Pure: no I/O. Knows nothing about plans: charts
//! built from a plan live with the renderer.

pub mod bars;
mod node;
pub mod scatter;
pub mod xml;

pub use bars::{Bar, BarChart};
pub use node::{Anchor, Circle, Group, Line, Node, Rect, Text};

/// The stylesheet every book with figures ships (`additional-css`): the palette for each
/// mdBook theme, figures scaled to their container, the text equivalent visually hidden
/// on screen and printed on paper.
pub const CSS: &str = include_str!("figure.css");

/// A colour from the palette every picture shares. Each is a CSS variable the package's
/// stylesheet may set per theme, with a fallback that reads on light and dark pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paint {
    /// The page's text colour (`currentColor`).
    Foreground,
    /// Secondary text and outlines.
    Muted,
    /// Grid lines and empty tracks.
    Track,
    /// Neutral emphasis (a planned phase, an expected value).
    Accent,
    /// A light tint of [`Paint::Accent`], under text in the page's colour.
    AccentSoft,
    /// A light tint of [`Paint::Warn`], under text in the page's colour.
    WarnSoft,
    /// Done, met, present.
    Good,
    /// Partly there, a major gap.
    Warn,
    /// Missing, blocking, not met.
    Bad,
    /// Not measured, unknown.
    Unknown,
    /// No paint (`none`).
    Transparent,
}

impl Paint {
    /// The CSS value: `currentColor`, `none` or `var(--sp-…, fallback)`.
    pub fn css(self) -> &'static str {
        match self {
            Paint::Foreground => "currentColor",
            Paint::Muted => "var(--sp-muted, #78808a)",
            Paint::Track => "var(--sp-track, rgba(128,128,128,0.25))",
            Paint::Accent => "var(--sp-accent, #3f7fbf)",
            Paint::AccentSoft => "var(--sp-accent-soft, rgba(63,127,191,0.35))",
            Paint::WarnSoft => "var(--sp-warn-soft, rgba(217,145,26,0.4))",
            Paint::Good => "var(--sp-good, #2e8b57)",
            Paint::Warn => "var(--sp-warn, #d9911a)",
            Paint::Bad => "var(--sp-bad, #d0443e)",
            Paint::Unknown => "var(--sp-unknown, #8a8f98)",
            Paint::Transparent => "none",
        }
    }
}

/// A picture with its text equivalent, ready to be written inline into a page.
#[derive(Debug, Clone)]
pub struct Figure {
    id: String,
    width: f64,
    height: f64,
    title: String,
    desc: String,
    nodes: Vec<Node>,
    text: Vec<String>,
}

impl Figure {
    /// An empty figure. `id` must be a slug (it names the `<figure>` and the ids of its
    /// `<title>` and `<desc>`); `width` × `height` is the view box in CSS pixels (the
    /// picture scales down to its container, never overflows it).
    pub fn new(id: &str, width: f64, height: f64, title: &str, desc: &str) -> Figure {
        debug_assert!(
            !id.is_empty()
                && id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "figure id must be a slug: {id:?}"
        );
        Figure {
            id: id.to_string(),
            width,
            height,
            title: title.to_string(),
            desc: desc.to_string(),
            nodes: Vec::new(),
            text: Vec::new(),
        }
    }

    /// Adds a shape on top of the ones already there.
    pub fn push(&mut self, node: impl Into<Node>) -> &mut Figure {
        self.nodes.push(node.into());
        self
    }

    /// Adds a sentence to the text equivalent (one list entry; plain text, escaped here).
    pub fn say(&mut self, sentence: impl Into<String>) -> &mut Figure {
        self.text.push(sentence.into());
        self
    }

    /// The sentences of the text equivalent, in order.
    pub fn sentences(&self) -> &[String] {
        &self.text
    }

    /// The `<svg>` element alone, on one line.
    pub fn svg(&self) -> String {
        let mut out = String::with_capacity(256 + self.nodes.len() * 96);
        let id = &self.id;
        out.push_str("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sp-svg\" role=\"img\" viewBox=\"0 0 ");
        xml::number_to(&mut out, self.width);
        out.push(' ');
        xml::number_to(&mut out, self.height);
        out.push_str("\" width=\"");
        xml::number_to(&mut out, self.width);
        out.push_str(&format!(
            "\" style=\"max-width:100%;height:auto\" aria-labelledby=\"{id}-title {id}-desc\" font-family=\"sans-serif\" font-size=\"13\" fill=\"currentColor\"><title id=\"{id}-title\">"
        ));
        xml::escape_to(&mut out, &self.title);
        out.push_str(&format!("</title><desc id=\"{id}-desc\">"));
        xml::escape_to(&mut out, &self.desc);
        out.push_str("</desc>");
        for node in &self.nodes {
            node.write_to(&mut out);
        }
        out.push_str("</svg>");
        out
    }

    /// The whole figure on one line: `<figure>` with the SVG, a caption (the title) and
    /// the text equivalent as a list (hidden on screen but read by screen readers, shown
    /// in print by the package's stylesheet).
    pub fn html(&self) -> String {
        let mut out = format!("<figure class=\"sp-figure\" id=\"figure-{}\">", self.id);
        out.push_str(&self.svg());
        out.push_str("<figcaption>");
        xml::escape_to(&mut out, &self.title);
        out.push_str("</figcaption>");
        if !self.text.is_empty() {
            out.push_str("<ul class=\"sp-figure-text\">");
            for sentence in &self.text {
                out.push_str("<li>");
                xml::escape_to(&mut out, sentence);
                out.push_str("</li>");
            }
            out.push_str("</ul>");
        }
        out.push_str("</figure>");
        out
    }
}

#[cfg(test)]
mod tests;
