//! Mutations of TOML text for the fuzz harness: proptest strategies that start from a valid
//! file and break it the ways people and attackers do (drop, duplicate, swap and truncate
//! lines, retype or rename keys, huge and negative numbers, control and bidi characters,
//! deep arrays and tables, random bytes).
//!
//! Depends on `proptest` and `std` only, so the cli test binary includes the same file
//! (`#[path]`) to feed the real executable.

use proptest::prelude::*;
use proptest::sample::Index;

/// Values that replace a `key = value` line's value: every TOML type, edges of every range,
/// and text no field should accept.
const VALUES: &[&str] = &[
    "\"\"",
    "\" \"",
    "0",
    "-1",
    "-2026",
    "1",
    "4294967296",
    "9223372036854775807",
    "-9223372036854775808",
    "99999999999999999999999",
    "0x7fffffff",
    "1e308",
    "-1e308",
    "1.7976931348623157e308",
    "5e-324",
    "nan",
    "-inf",
    "+inf",
    "-0.0",
    "true",
    "false",
    "1979-05-27T07:32:00Z",
    "1979-05-27",
    "07:32:00",
    "[]",
    "[1, \"a\", 2.5]",
    "[[]]",
    "{}",
    "{ name = 3 }",
    "\"\\u0000\"",
    "\"a\\u0007b\\u001bc\\u007f\"",
    "\"\\u202eevil\\u2066\"",
    "\"<script>alert(1)</script>\"",
    "\"{{#include /etc/passwd}}\"",
    "\"{{ 7 * 7 }}\"",
    "\"=cmd|' /C calc'!A0\"",
    "\"../../etc/passwd\"",
    "\"/proc/self/environ\"",
    "\"🏭 Ünïcödé 工厂\"",
    "\"line\\nbreak\\r\\n\"",
    "'literal \\ no escapes'",
    "\"\"\"multi\nline\"\"\"",
    "\"unterminated",
    "= =",
];

/// One edit of a text. Indices pick a line (or a char position) whatever the text's size.
#[derive(Debug, Clone)]
pub enum Op {
    /// Remove a line.
    Delete(Index),
    /// Repeat a line right after itself.
    Duplicate(Index),
    /// Exchange two lines.
    Swap(Index, Index),
    /// Replace the value of a `key = value` line.
    Retype(Index, String),
    /// Replace the key of a `key = value` line.
    Rename(Index, String),
    /// Insert a line.
    Insert(Index, String),
    /// Insert characters inside a line.
    Splice(Index, String),
    /// Cut the text at a char position.
    Truncate(Index),
    /// Replace the value of the first free-text key (`name = "..."`, [`FREE_KEYS`]) at or
    /// after a line with other text, escaped, so the file stays valid TOML and the field
    /// stays valid.
    Restring(Index, String),
}

/// Keys whose values are free text in a profile or a progress file.
const FREE_KEYS: &[&str] = &[
    "name", "company", "contact", "product", "line", "vendor", "model", "assignee", "evidence",
    "notes", "source",
];

/// Pieces of hostile text: markup, Markdown, mdBook directives, formulas, controls, bidi.
const HOSTILE: &[&str] = &[
    "<img src=x onerror=alert(1)>",
    "</div>",
    "**bold** _em_ `code`",
    "[link](javascript:alert(1))",
    "| a | b |",
    "# heading",
    "\n- item",
    "{{#include ../../etc/passwd}}",
    "{{ site.name }}",
    "{% raw %}",
    "=HYPERLINK(\"x\")",
    "+1",
    "@SUM(A1)",
    "\u{0000}",
    "\u{0007}\u{001b}[31m",
    "\r\n",
    "\t",
    "\u{202e}\u{2066}\u{200f}",
    "\u{0085}\u{009b}",
    "&amp; &lt;",
    "工厂 🏭",
    "é",
];

/// A text for [`Op::Restring`], escaped for a TOML basic string: hostile pieces, printable
/// text, or any characters.
pub fn hostile() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::collection::vec(prop::sample::select(HOSTILE), 1..5).prop_map(|p| escape(&p.concat())),
        1 => "\\PC{0,40}".prop_map(|s| escape(&s)),
        1 => any::<String>().prop_map(|s| escape(&s)),
    ]
}

/// The byte offset of the `"` that ends a basic string's content `s`, skipping escapes.
fn closing_quote(s: &str) -> Option<usize> {
    let mut escaped = false;
    for (at, c) in s.char_indices() {
        match (escaped, c) {
            (true, _) => escaped = false,
            (false, '\\') => escaped = true,
            (false, '"') => return Some(at),
            _ => {}
        }
    }
    None
}

/// `s` as the inside of a TOML basic string.
fn escape(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '"' => "\\\"".to_string(),
            '\\' => "\\\\".to_string(),
            c if c.is_control() => format!("\\u{:04X}", u32::from(c)),
            c => c.to_string(),
        })
        .collect()
}

/// `base` with 1 to 4 of its strings replaced by hostile text: still TOML, often still valid.
pub fn restrung(base: String) -> impl Strategy<Value = String> {
    prop::collection::vec((any::<Index>(), hostile()), 1..4).prop_map(move |ops| {
        ops.into_iter().fold(base.clone(), |text, (i, s)| {
            apply(&text, &Op::Restring(i, s))
        })
    })
}

/// A value: one of [`VALUES`], a long string, a deep array or table, or random text.
pub fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(VALUES).prop_map(str::to_string),
        1 => (1usize..20_000).prop_map(|n| format!("\"{}\"", "x".repeat(n))),
        1 => (1usize..3_000).prop_map(|n| format!("{}1{}", "[".repeat(n), "]".repeat(n))),
        1 => (1usize..3_000).prop_map(|n| format!("{}1{}", "{a=".repeat(n), "}".repeat(n))),
        1 => any::<i64>().prop_map(|n| n.to_string()),
        1 => any::<f64>().prop_map(|x| format!("{x:?}")),
        1 => "\\PC{0,12}".prop_map(|s| format!("{s:?}")),
        1 => any::<String>(),
    ]
}

/// A key: a near miss of a real one, an unknown one, or garbage.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(
            &[
                "id",
                "name",
                "kind",
                "status",
                "format",
                "x",
                "\"a.b\"",
                "items.\"x\".status",
                "site.id",
                "a.b.c"
            ][..]
        )
        .prop_map(str::to_string),
        "[a-z_]{1,12}",
        any::<String>(),
    ]
}

/// A line to insert: a key and value, a table header, or random text.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        (key(), value()).prop_map(|(k, v)| format!("{k} = {v}")),
        prop::sample::select(
            &[
                "[site]",
                "[[assets]]",
                "[[assets.sensors]]",
                "[items.\"a\"]",
                "[files]",
                "[playbook]",
                "[[rules]]",
                "[]",
                "[[",
                "[a",
                "=",
                "#"
            ][..]
        )
        .prop_map(str::to_string),
        any::<String>(),
    ]
}

/// One [`Op`].
pub fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        2 => any::<Index>().prop_map(Op::Delete),
        2 => any::<Index>().prop_map(Op::Duplicate),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Op::Swap(a, b)),
        6 => (any::<Index>(), value()).prop_map(|(i, v)| Op::Retype(i, v)),
        2 => (any::<Index>(), key()).prop_map(|(i, k)| Op::Rename(i, k)),
        2 => (any::<Index>(), line()).prop_map(|(i, l)| Op::Insert(i, l)),
        2 => (any::<Index>(), any::<String>()).prop_map(|(i, s)| Op::Splice(i, s)),
        1 => any::<Index>().prop_map(Op::Truncate),
    ]
}

/// `base` with 1 to 6 [`Op`]s applied in turn.
pub fn mutated(base: String) -> impl Strategy<Value = String> {
    prop::collection::vec(op(), 1..6)
        .prop_map(move |ops| ops.iter().fold(base.clone(), |text, op| apply(&text, op)))
}

/// Random bytes, or `text`'s bytes with some replaced by random ones (invalid UTF-8 too).
pub fn bytes(text: String) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..512),
        prop::collection::vec((any::<Index>(), any::<u8>()), 1..8).prop_map(move |edits| {
            let mut b = text.clone().into_bytes();
            for (i, byte) in edits {
                if !b.is_empty() {
                    let at = i.index(b.len());
                    b[at] = byte;
                }
            }
            b
        }),
    ]
}

/// `text` with `op` applied.
pub fn apply(text: &str, op: &Op) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    if lines.is_empty() {
        lines.push(String::new());
    }
    let n = lines.len();
    match op {
        Op::Delete(i) => {
            lines.remove(i.index(n));
        }
        Op::Duplicate(i) => {
            let at = i.index(n);
            lines.insert(at, lines[at].clone());
        }
        Op::Swap(a, b) => lines.swap(a.index(n), b.index(n)),
        Op::Retype(i, value) => {
            let at = assignment(&lines, i.index(n));
            if let Some((k, _)) = lines[at].split_once('=') {
                lines[at] = format!("{k}= {value}");
            }
        }
        Op::Rename(i, key) => {
            let at = assignment(&lines, i.index(n));
            if let Some((_, v)) = lines[at].split_once('=') {
                lines[at] = format!("{key} ={v}");
            }
        }
        Op::Insert(i, line) => lines.insert(i.index(n + 1), line.clone()),
        Op::Splice(i, s) => {
            let at = i.index(n);
            let chars: Vec<char> = lines[at].chars().collect();
            let cut = i.index(chars.len() + 1);
            let head: String = chars[..cut].iter().collect();
            let tail: String = chars[cut..].iter().collect();
            lines[at] = format!("{head}{s}{tail}");
        }
        Op::Restring(i, s) => {
            let from = i.index(n);
            let found = (0..n).map(|k| (from + k) % n).find_map(|at| {
                let key = FREE_KEYS.iter().find_map(|k| {
                    lines[at]
                        .find(&format!("{k} = \""))
                        .map(|p| p + k.len() + 4)
                })?;
                let close = key + closing_quote(&lines[at][key..])?;
                Some((at, key, close))
            });
            if let Some((at, open, close)) = found {
                let line = &lines[at];
                lines[at] = format!("{}{s}{}", &line[..open], &line[close..]);
            }
        }
        Op::Truncate(i) => {
            let joined = lines.join("\n");
            let cut = i.index(joined.chars().count() + 1);
            return joined.chars().take(cut).collect();
        }
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

/// The first `key = value` line at or after `from` (wrapping), else `from` itself.
fn assignment(lines: &[String], from: usize) -> usize {
    let n = lines.len();
    (0..n)
        .map(|k| (from + k) % n)
        .find(|&at| {
            let l = lines[at].trim_start();
            !l.starts_with('[') && !l.starts_with('#') && l.contains('=')
        })
        .unwrap_or(from)
}
