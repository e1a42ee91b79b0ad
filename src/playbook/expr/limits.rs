//! The limits that keep a playbook from hanging a render or exhausting memory: a playbook
//! may come from a repository someone else controls (SPEC section 8).
//!
//! Checked on the source text, before CEL or Tera parse it, so a 10,000-term condition is an
//! error naming its file and line instead of a stack overflow. With these limits the work of
//! a condition is bounded by its length times the profile's lists (at most two nested
//! macros), and a text has no loop, no include and no function call, so its output is
//! bounded by its length and the facts it prints.

/// Longest condition or number expression, in bytes.
pub const MAX_CONDITION_BYTES: usize = 4096;
/// Deepest nesting of brackets (`(`, `[`, `{`) in a condition.
pub const MAX_NESTING: usize = 32;
/// Deepest nesting of CEL macros (`exists`, `all`, `exists_one`, `map`, `filter`).
pub const MAX_MACRO_NESTING: usize = 2;
/// Longest Tera text, in bytes.
pub const MAX_TEXT_BYTES: usize = 8192;
/// Largest rendered text, in bytes.
pub const MAX_OUTPUT_BYTES: usize = 65536;
/// The Tera tags a text may use; everything else (`for`, `include`, `import`, `extends`,
/// `macro`, `set`, ...) is refused.
pub const TEXT_TAGS: &[&str] = &["if", "elif", "else", "endif", "raw", "endraw"];

const MACROS: &[&str] = &["exists", "all", "exists_one", "map", "filter"];

/// Checks a CEL condition against the limits above.
pub fn check_condition(source: &str) -> Result<(), String> {
    if source.len() > MAX_CONDITION_BYTES {
        return Err(format!(
            "the expression is {} bytes long; the limit is {MAX_CONDITION_BYTES}",
            source.len()
        ));
    }
    let mut stack: Vec<bool> = Vec::new();
    let bytes = source.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            quote @ (b'\'' | b'"') => at = skip_string(bytes, at, quote),
            open @ (b'(' | b'[' | b'{') => {
                let is_macro = open == b'(' && MACROS.iter().any(|m| called(source, at, m));
                stack.push(is_macro);
                if stack.len() > MAX_NESTING {
                    return Err(format!(
                        "the expression nests brackets deeper than {MAX_NESTING}"
                    ));
                }
                if stack.iter().filter(|m| **m).count() > MAX_MACRO_NESTING {
                    return Err(format!(
                        "the expression nests macros (exists, all, map, filter) deeper than \
                         {MAX_MACRO_NESTING}"
                    ));
                }
            }
            b')' | b']' | b'}' => {
                stack.pop();
            }
            _ => {}
        }
        at += 1;
    }
    Ok(())
}

/// Checks a Tera text: its length, its tags, and that it calls no function.
pub fn check_text(source: &str) -> Result<(), String> {
    if source.len() > MAX_TEXT_BYTES {
        return Err(format!(
            "the text is {} bytes long; the limit is {MAX_TEXT_BYTES}",
            source.len()
        ));
    }
    for (open, close) in [("{%", "%}"), ("{{", "}}")] {
        for inside in delimited(source, open, close) {
            if open == "{%" {
                let tag = inside.trim_start_matches('-').split_whitespace().next();
                let tag = tag.unwrap_or("");
                if !TEXT_TAGS.contains(&tag) {
                    return Err(format!(
                        "`{{% {tag} %}}` is not allowed in a playbook text: texts may use \
                         {} only (no loops, includes, imports or macros)",
                        TEXT_TAGS.join(", ")
                    ));
                }
            }
            if let Some(name) = function_call(inside) {
                return Err(format!(
                    "`{name}(...)` is a function call; playbook texts may use filters \
                     (`value | join(sep=', ')`) but call no function"
                ));
            }
        }
    }
    Ok(())
}

/// Checks the size of a rendered text.
pub fn check_output(text: &str) -> Result<(), String> {
    if text.len() > MAX_OUTPUT_BYTES {
        return Err(format!(
            "the text rendered {} bytes; the limit is {MAX_OUTPUT_BYTES}",
            text.len()
        ));
    }
    Ok(())
}

/// True when `source[..open]` ends with `.name` (spaces allowed before the bracket).
fn called(source: &str, open: usize, name: &str) -> bool {
    let before = source[..open].trim_end();
    before
        .strip_suffix(name)
        .is_some_and(|rest| rest.trim_end().ends_with('.'))
}

/// The index of the closing `quote` of the string starting at `start` (or the end).
fn skip_string(bytes: &[u8], start: usize, quote: u8) -> usize {
    let mut at = start + 1;
    while at < bytes.len() && bytes[at] != quote {
        if bytes[at] == b'\\' {
            at += 1;
        }
        at += 1;
    }
    at
}

/// The text between each `open` and the next `close`.
fn delimited<'a>(source: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    let mut found = Vec::new();
    let mut rest = source;
    while let Some(start) = rest.find(open) {
        let after = &rest[start + open.len()..];
        let end = after.find(close).unwrap_or(after.len());
        found.push(&after[..end]);
        rest = &after[end..];
    }
    found
}

/// The first `name(` in a tag that is not a filter (`| name(`), outside string literals.
fn function_call(inside: &str) -> Option<String> {
    let bytes = inside.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            quote @ (b'\'' | b'"' | b'`') => at = skip_string(bytes, at, quote),
            b'(' => {
                let before = inside[..at].trim_end();
                let name_start = before
                    .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .map_or(0, |i| i + 1);
                let name = &before[name_start..];
                let filter = before[..name_start].trim_end().ends_with('|');
                if !name.is_empty() && !filter {
                    return Some(name.to_string());
                }
            }
            _ => {}
        }
        at += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_within_the_limits_pass_and_others_say_which_limit() {
        let long = vec!["site.x > 1"; 1000].join(" || ");
        let deep = format!("{}1{} > 0", "(".repeat(40), ")".repeat(40));
        let macros = "a.exists(x, x.b.exists(y, y.c.exists(z, z > 1)))";
        let cases = [
            (
                "site.assets.exists(a, a.sensors.exists(s, s.kind == 'camera'))",
                None,
            ),
            (
                "'((((((((((((((((((((((((((((((((((((((((' == site.name",
                None,
            ),
            (long.as_str(), Some("bytes long")),
            (deep.as_str(), Some("brackets deeper than 32")),
            (macros, Some("macros")),
        ];
        for (source, expected) in cases {
            match (check_condition(source), expected) {
                (Ok(()), None) => {}
                (Err(e), Some(want)) => assert!(e.contains(want), "{source}: {e}"),
                (got, want) => panic!("{}: got {got:?}, expected {want:?}", &source[..40]),
            }
        }
    }

    #[test]
    fn texts_may_branch_and_filter_but_not_loop_include_or_call() {
        let cases = [
            (
                "{{ asset.protocols | join(sep=', ') }} and {% if x %}a{% else %}b{% endif %}",
                None,
            ),
            ("{%- if x -%}y{%- endif -%} {{ 'range(' }}", None),
            (
                "{% for i in range(end=100000000) %}x{% endfor %}",
                Some("`{% for %}`"),
            ),
            ("{% include \"/etc/passwd\" %}", Some("`{% include %}`")),
            ("{{ range(end=1000000000) | length }}", Some("`range(...)`")),
            ("{% set x = 1 %}", Some("`{% set %}`")),
        ];
        for (source, expected) in cases {
            match (check_text(source), expected) {
                (Ok(()), None) => {}
                (Err(e), Some(want)) => assert!(e.contains(want), "{source}: {e}"),
                (got, want) => panic!("{source}: got {got:?}, expected {want:?}"),
            }
        }
    }

    #[test]
    fn outputs_are_capped() {
        assert!(check_output(&"x".repeat(MAX_OUTPUT_BYTES)).is_ok());
        assert!(check_output(&"x".repeat(MAX_OUTPUT_BYTES + 1)).is_err());
    }
}
