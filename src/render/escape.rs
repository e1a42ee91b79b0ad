//! Escaping for the places profile and playbook text lands: Markdown (the book), CSV cells,
//! JSON documents and the terminal.
//!
//! [`escape_markdown_to`] is Tera's escape function for every `.md` template, so
//! every `{{ value }}` goes through it unless a template says `| safe`. It makes
//! text inert: no HTML, no emphasis, links, tables, headings or new lines, and no
//! mdBook `{{#include}}` directive. [`heading_text`] also keeps `<` and `>` out of
//! headings, whose decoded text mdBook's search puts into the page as HTML.
//!
//! Everywhere, [`is_neutralised`] characters (C0 controls but tab and new line, DEL, C1
//! controls, and the bidirectional controls that make text read differently from how it
//! is stored) never land raw: pages and CSV get U+FFFD, JSON gets a `\uXXXX` escape (the same
//! data, inert bytes), the terminal gets a visible `<U+XXXX>`.

use std::borrow::Cow;
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
    // Runs of characters that need nothing are copied in one write.
    let mut plain_from = 0;
    let mut chars = input.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let special = matches!(c, '&' | '<' | '>' | '\r' | '\n')
            || is_neutralised(c)
            || MARKDOWN_SPECIAL.contains(&c)
            || Some(i) == marker_end;
        if !special {
            continue;
        }
        out.write_all(&input.as_bytes()[plain_from..i])?;
        plain_from = i + c.len_utf8();
        match c {
            '&' => out.write_all(b"&amp;")?,
            '<' => out.write_all(b"&lt;")?,
            '>' => out.write_all(b"&gt;")?,
            '\r' => {
                if let Some((lf, '\n')) = chars.peek().copied() {
                    chars.next();
                    plain_from = lf + 1;
                }
                out.write_all(b" ")?;
            }
            '\n' => out.write_all(b" ")?,
            c if is_neutralised(c) => write!(out, "{REPLACEMENT}")?,
            c => write!(out, "\\{c}")?,
        }
    }
    out.write_all(&input.as_bytes()[plain_from..])
}

/// [`escape_markdown_to`] into a `String`.
pub fn escape_markdown(input: &str) -> String {
    let mut out = Vec::with_capacity(input.len() + 8);
    escape_markdown_to(input, &mut out).expect("writing to a Vec cannot fail");
    String::from_utf8(out).expect("escaping keeps UTF-8")
}

/// A CSV cell value made safe for spreadsheets: a leading `'` when the text
/// starts with `=`, `+`, `-`, `@`, tab or CR, and neutralised characters replaced by
/// U+FFFD. Quoting is left to the `csv` crate.
pub fn csv_cell(value: &str) -> String {
    let value = replace_neutralised(value, |_| REPLACEMENT.to_string());
    match value.chars().next() {
        Some(c) if FORMULA_START.contains(&c) => format!("'{value}"),
        _ => value.into_owned(),
    }
}

/// What a neutralised character becomes in pages and CSV cells.
pub const REPLACEMENT: char = '\u{FFFD}';

/// True for the characters that never land raw anywhere: C0 controls but tab and new line
/// (CR included: it can overwrite a terminal line), DEL, C1 controls, and the bidirectional
/// controls U+061C, U+200E, U+200F, U+202A-U+202E and U+2066-U+2069.
pub fn is_neutralised(c: char) -> bool {
    matches!(c,
        '\0'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every [`is_neutralised`] character replaced by `with(c)`; borrowed when
/// there is none.
pub fn replace_neutralised(text: &str, with: impl Fn(char) -> String) -> Cow<'_, str> {
    if !text.chars().any(is_neutralised) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_neutralised(c) {
            out.push_str(&with(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A JSON document with every neutralised character written as a `\uXXXX` escape. Such
/// characters can only occur inside JSON strings, where the escape means the same
/// character, so the document parses to the same value.
pub fn json_text(document: &str) -> Cow<'_, str> {
    replace_neutralised(document, |c| format!("\\u{:04x}", u32::from(c)))
}

/// Text for the terminal: every neutralised character shown as `<U+XXXX>`, so a control
/// sequence or a bidi override in a file or a profile cannot rewrite what people see.
pub fn terminal_text(text: &str) -> Cow<'_, str> {
    replace_neutralised(text, |c| format!("<U+{:04X}>", u32::from(c)))
}

/// Source text for a terminal snippet, with each neutralised character replaced by a visible
/// one of the same UTF-8 length (`?`, `¿` or U+FFFD), so byte spans into it stay valid.
pub fn terminal_source(text: &str) -> Cow<'_, str> {
    replace_neutralised(text, |c| {
        match c.len_utf8() {
            1 => "?",
            2 => "\u{bf}",
            _ => "\u{fffd}",
        }
        .to_string()
    })
}

/// The Tera filter for text placed in a heading: `<` and `>` become the look-alike
/// U+2039 and U+203A. mdBook's search index keeps a heading's decoded text and shows it as
/// HTML in the results, so an escaped `&lt;img onerror=...&gt;` there would come alive.
pub fn heading_text(text: &str) -> String {
    text.replace('<', "\u{2039}").replace('>', "\u{203a}")
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
            ("a\0b\u{1b}[31mc\u{7f}", "a\u{fffd}b\u{fffd}\\[31mc\u{fffd}"),
            (
                "evil\u{202e}txt.exe\u{2066}\u{200f}",
                "evil\u{fffd}txt.exe\u{fffd}\u{fffd}",
            ),
            ("tab\tkept", "tab\tkept"),
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
            ("\rcmd", "\u{fffd}cmd"),
            ("Mariana Treviño", "Mariana Treviño"),
            ("a=b", "a=b"),
            ("IEC 62443-3-3 SR 5.1", "IEC 62443-3-3 SR 5.1"),
            ("a\0b\u{202e}c\nd", "a\u{fffd}b\u{fffd}c\nd"),
            ("\u{1b}=cmd", "\u{fffd}=cmd"),
            ("", ""),
        ] {
            assert_eq!(csv_cell(input), want, "input {input:?}");
        }
    }

    #[test]
    fn json_terminal_and_heading_text() {
        let doc = serde_json::to_string(&"a\u{202e}b\u{7f}\u{85}\0").unwrap();
        let safe = json_text(&doc);
        assert_eq!(safe, r#""a\u202eb\u007f\u0085\u0000""#);
        let back: String = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, "a\u{202e}b\u{7f}\u{85}\0");
        assert_eq!(
            terminal_text("x\u{1b}[2Jy\r\u{202e}\tz\n"),
            "x<U+001B>[2Jy<U+000D><U+202E>\tz\n"
        );
        assert!(matches!(terminal_text("plain é 北京"), Cow::Borrowed(_)));
        for text in ["a\0b", "\u{85}x\u{61c}", "\u{202e}é\u{1b}"] {
            let shown = terminal_source(text);
            assert_eq!(shown.len(), text.len(), "{shown:?}");
            assert!(!shown.chars().any(is_neutralised), "{shown:?}");
        }
        assert_eq!(
            heading_text("<img src=x onerror=alert(1)>"),
            "\u{2039}img src=x onerror=alert(1)\u{203a}"
        );
    }

    /// Every value in a heading of a book page goes through `| heading` (or is a count or
    /// an index): mdBook's search shows decoded heading text as HTML.
    #[test]
    fn every_heading_value_of_the_book_goes_through_the_heading_filter() {
        let safe = [
            "| heading",
            "| length",
            "loop.index",
            "| capitalize",
            "| role",
        ];
        for (name, text) in super::super::TEMPLATES {
            if !name.starts_with("src/") && !name.starts_with("partials/") {
                continue;
            }
            for line in text.lines().filter(|l| l.starts_with('#')) {
                for value in line.split("{{").skip(1) {
                    let value = value.split("}}").next().unwrap_or_default();
                    assert!(
                        safe.iter().any(|s| value.contains(s)),
                        "{name}: `{{{{{value}}}}}` in heading `{line}` needs `| heading`"
                    );
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn escaped_markdown_is_always_inert(input in "\\PC*|[\\r\\n<>{}#|*_`\\[\\]!&-]*") {
            let out = escape_markdown(&input);
            proptest::prop_assert!(!out.contains(['\n', '\r', '<', '>']), "{out:?}");
            proptest::prop_assert!(!out.chars().any(is_neutralised), "{out:?}");
            proptest::prop_assert!(!out.contains("{{") && !out.contains("}}"), "{out:?}");
            let plain = input.replace("\r\n", " ").replace(['\r', '\n'], " ");
            proptest::prop_assert_eq!(unescape(&out), replace_neutralised(&plain, |_| REPLACEMENT.to_string()));
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
