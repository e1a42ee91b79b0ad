//! The two things every SVG byte goes through: text escaping and number formatting.
//!
//! Escaping makes any text (a site name, a playbook title) inert inside an SVG that sits
//! inline in an mdBook page. `<` and `>` become the look-alikes U+2039 and U+203A (as in
//! headings: mdBook's search index keeps the raw text of HTML blocks); `&`, quotes,
//! mdBook's `{{#...}}` braces (expanded in the raw page before HTML is parsed), and the
//! brackets and bars of Markdown links and tables become character references; line
//! breaks become spaces, so a figure stays on one line and Markdown never ends its HTML
//! block early; control and bidi characters become U+FFFD, as everywhere in the book
//! ([`crate::render::escape::is_neutralised`]). Numbers are written with at most one
//! decimal and no trailing zeros, so the same picture is always the same bytes.

use std::fmt::Write;

use crate::render::escape::{is_neutralised, REPLACEMENT};

/// Appends `text` to `out`, escaped for XML text content and attribute values alike.
pub fn escape_to(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            // mdBook's search index keeps the raw text of HTML blocks, where an entity
            // would show as `&lt;`: the look-alikes read the same and are never markup.
            '<' => out.push('\u{2039}'),
            '>' => out.push('\u{203a}'),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '{' => out.push_str("&#123;"),
            '}' => out.push_str("&#125;"),
            '\\' => out.push_str("&#92;"),
            '`' => out.push_str("&#96;"),
            '[' => out.push_str("&#91;"),
            ']' => out.push_str("&#93;"),
            '|' => out.push_str("&#124;"),
            '\r' | '\n' | '\t' => out.push(' '),
            c if is_neutralised(c) => out.push(REPLACEMENT),
            c => out.push(c),
        }
    }
}

/// `text` escaped by [`escape_to`].
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_to(&mut out, text);
    out
}

/// Appends a coordinate or length: rounded to one decimal, `-0` as `0`, no `.0`.
pub fn number_to(out: &mut String, value: f64) {
    let value = if value.is_finite() { value } else { 0.0 };
    let tenths = (value * 10.0).round() as i64;
    if tenths % 10 == 0 {
        let _ = write!(out, "{}", tenths / 10);
    } else {
        let sign = if tenths < 0 { "-" } else { "" };
        let abs = tenths.abs();
        let _ = write!(out, "{sign}{}.{}", abs / 10, abs % 10);
    }
}

/// `value` formatted by [`number_to`].
pub fn number(value: f64) -> String {
    let mut out = String::new();
    number_to(&mut out, value);
    out
}

/// `text` cut to at most `max_chars` characters, with `…` when it was cut. Charts use it
/// where a label must fit a box; the full text goes into the element's `<title>`.
pub fn truncate(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let keep = max_chars.saturating_sub(1);
    let mut out: String = text.chars().take(keep).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_is_inert() {
        let cases = [
            ("a & b", "a &amp; b"),
            ("<script>alert(1)</script>", "‹script›alert(1)‹/script›"),
            ("\"onload='x'", "&quot;onload=&#39;x&#39;"),
            (
                "{{#include /etc/passwd}}",
                "&#123;&#123;#include /etc/passwd&#125;&#125;",
            ),
            ("line\n\nbreak", "line  break"),
            (
                "[a](javascript:x) | b",
                "&#91;a&#93;(javascript:x) &#124; b",
            ),
            ("bell\u{7}", "bell\u{fffd}"),
            ("a\u{202e}b\u{2066}", "a\u{fffd}b\u{fffd}"),
            ("Usine d'Évry ✓", "Usine d&#39;Évry ✓"),
        ];
        for (input, expected) in cases {
            assert_eq!(escape(input), expected, "{input:?}");
        }
    }

    #[test]
    fn numbers_are_short_and_stable() {
        let cases = [
            (0.0, "0"),
            (-0.04, "0"),
            (12.0, "12"),
            (12.25, "12.3"),
            (-3.5, "-3.5"),
            (-0.5, "-0.5"),
            (1e3, "1000"),
            (f64::NAN, "0"),
        ];
        for (value, expected) in cases {
            assert_eq!(number(value), expected, "{value}");
        }
    }

    #[test]
    fn truncate_keeps_short_text_and_marks_cuts() {
        assert_eq!(truncate("press-07", 10), "press-07");
        assert_eq!(truncate("Hydraulic press 7", 10), "Hydraulic…");
        assert_eq!(truncate("ééééé", 3), "éé…");
        assert_eq!(truncate("", 0), "");
    }
}
