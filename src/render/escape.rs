//! Escaping for the places profile text lands: Markdown (the book) and CSV cells.
//!
//! [`escape_markdown_to`] is Tera's escape function for every `.md` template, so
//! every `{{ value }}` goes through it unless a template says `| safe`. It makes
//! text inert: no HTML, no emphasis, links, tables, headings or new lines, and no
//! mdBook `{{#include}}` directive. JSON needs no escaping here: serde does it.

use std::io::{self, Write};

/// ASCII punctuation that Markdown, GFM tables or mdBook give a meaning to;
/// each gets a backslash (a CommonMark escape) so it renders as itself.
const MARKDOWN_SPECIAL: &[char] = &[
    '\\', '`', '*', '_', '{', '}', '[', ']', '#', '|', '~', '$', '!',
];

/// Characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection).
const FORMULA_START: &[char] = &['=', '+', '-', '@', '\t', '\r'];

/// Writes `input` as inert Markdown inline text.
///
/// `&`, `<` and `>` become HTML entities; Markdown-special ASCII punctuation gets a
/// backslash; CR, LF and CRLF become one space so a value can never start a new
/// line, heading, list item or table row. A value that would open a list item
/// (`- x`, `+ x`, `1. x`) has its marker escaped too, for values placed after `- `.
pub fn escape_markdown_to(input: &str, out: &mut dyn Write) -> io::Result<()> {
    let marker_end = list_marker_end(input);
    let mut chars = input.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '&' => out.write_all(b"&amp;")?,
            '<' => out.write_all(b"&lt;")?,
            '>' => out.write_all(b"&gt;")?,
            '\r' => {
                if matches!(chars.peek(), Some((_, '\n'))) {
                    chars.next();
                }
                out.write_all(b" ")?;
            }
            '\n' => out.write_all(b" ")?,
            c if MARKDOWN_SPECIAL.contains(&c) || Some(i) == marker_end => {
                write!(out, "\\{c}")?;
            }
            c => write!(out, "{c}")?,
        }
    }
    Ok(())
}

/// [`escape_markdown_to`] into a `String`.
pub fn escape_markdown(input: &str) -> String {
    let mut out = Vec::with_capacity(input.len() + 8);
    escape_markdown_to(input, &mut out).expect("writing to a Vec cannot fail");
    String::from_utf8(out).expect("escaping keeps UTF-8")
}

/// A CSV cell value made safe for spreadsheets: a leading `'` when the text
/// starts with `=`, `+`, `-`, `@`, tab or CR. Quoting is left to the `csv` crate.
pub fn csv_cell(value: &str) -> String {
    match value.chars().next() {
        Some(c) if FORMULA_START.contains(&c) => format!("'{value}"),
        _ => value.to_string(),
    }
}

/// Byte index of a leading list or thematic-break marker: a first `-` or `+`, or
/// the `.`/`)` after 1-9 leading digits when a space, a tab or the end follows.
fn list_marker_end(input: &str) -> Option<usize> {
    let bytes = input.as_bytes();
    match bytes.first()? {
        b'-' | b'+' => Some(0),
        b'0'..=b'9' => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            let marker = matches!(bytes.get(digits), Some(b'.' | b')'));
            let ends = matches!(
                bytes.get(digits + 1),
                None | Some(b' ' | b'\t' | b'\r' | b'\n')
            );
            (digits <= 9 && marker && ends).then_some(digits)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes() {
        for (input, want) in [
            ("plain text", "plain text"),
            ("**bold**", r"\*\*bold\*\*"),
            (
                "<script>alert(1)</script>",
                "&lt;script&gt;alert(1)&lt;/script&gt;",
            ),
            ("{{#include /etc/passwd}}", r"\{\{\#include /etc/passwd\}\}"),
            ("| pipe |", r"\| pipe \|"),
            ("a\n# Heading", r"a \# Heading"),
            ("a\r\n- item\rb", r"a - item b"),
            ("[link](javascript:x)", r"\[link\](javascript:x)"),
            ("![img](x.png)", r"\!\[img\](x.png)"),
            (
                "_em_ ~strike~ $x$ `code`",
                r"\_em\_ \~strike\~ \$x\$ \`code\`",
            ),
            (r"back\slash", r"back\\slash"),
            ("AT&T", "AT&amp;T"),
            ("&lt;", "&amp;lt;"),
            ("Mariana Treviño", "Mariana Treviño"),
            ("Émile Zoë 北京", "Émile Zoë 北京"),
            (
                "integration.gateway.press-07",
                "integration.gateway.press-07",
            ),
            ("- not a list", r"\- not a list"),
            ("+ not a list", r"\+ not a list"),
            ("---", r"\---"),
            ("-2", r"\-2"),
            ("1. not a list", r"1\. not a list"),
            ("12) not a list", r"12\) not a list"),
            ("1.\nfoo", r"1\. foo"),
            ("14.5", "14.5"),
            ("2024", "2024"),
            ("=HYPERLINK(\"http://x\")", "=HYPERLINK(\"http://x\")"),
            ("", ""),
        ] {
            assert_eq!(escape_markdown(input), want, "input {input:?}");
        }
    }

    #[test]
    fn markdown_escape_never_leaves_a_line_break() {
        let out = escape_markdown("a\n\nb\r\rc\r\n\r\nd\n");
        assert!(!out.contains('\n') && !out.contains('\r'), "{out:?}");
    }

    #[test]
    fn csv_cells() {
        for (input, want) in [
            (
                "=HYPERLINK(\"http://evil\",\"x\")",
                "'=HYPERLINK(\"http://evil\",\"x\")",
            ),
            ("+1", "'+1"),
            ("-2", "'-2"),
            ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
            ("\tcmd", "'\tcmd"),
            ("\rcmd", "'\rcmd"),
            ("Mariana Treviño", "Mariana Treviño"),
            ("a=b", "a=b"),
            ("IEC 62443-3-3 SR 5.1", "IEC 62443-3-3 SR 5.1"),
            ("", ""),
        ] {
            assert_eq!(csv_cell(input), want, "input {input:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn escaped_markdown_is_always_inert(input in "\\PC*|[\\r\\n<>{}#|*_`\\[\\]!&-]*") {
            let out = escape_markdown(&input);
            proptest::prop_assert!(!out.contains(['\n', '\r', '<', '>']), "{out:?}");
            proptest::prop_assert!(!out.contains("{{") && !out.contains("}}"), "{out:?}");
            proptest::prop_assert_eq!(unescape(&out), input.replace("\r\n", " ").replace(['\r', '\n'], " "));
        }
    }

    /// Inverse of the escape, for the property test: drops each escaping backslash
    /// and decodes the three entities.
    fn unescape(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => out.extend(chars.next()),
                c => out.push(c),
            }
        }
        out.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    }
}
