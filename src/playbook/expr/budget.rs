//! The evaluation budget: a bound on the work CEL does for one rule, beyond the static limits
//! of [`super::limits`]. Two nested macros over a 20,000-asset list pass the static limits and
//! still visit 400 million elements; the budget stops them with an error naming the rule.
//!
//! Work is counted in steps on the current thread: one per CEL evaluation, and for every
//! element a macro (`exists`, `all`, `exists_one`, `map`, `filter`) visits, one plus the size
//! of the list or map its body yields. Visits are counted by [`instrument`], which wraps the
//! body of every macro in a call of [`VISIT`], an identity function that charges the step.
//! `plan` starts a new budget for each rule ([`start`]); exceeding it makes the evaluation
//! fail, and [`exceeded`] tells that failure apart from CEL's own.

use std::cell::Cell;

/// Steps one rule may take over all its targets.
pub const MAX_STEPS_PER_RULE: u64 = 2_000_000;

/// The budget `plan` gives each rule: [`MAX_STEPS_PER_RULE`], or in a debug build the smaller
/// one a test set with [`crate::testpoint::EVAL_BUDGET_VAR`].
pub fn per_rule() -> u64 {
    crate::testpoint::eval_budget().unwrap_or(MAX_STEPS_PER_RULE)
}

/// The identity function that charges one visit; sitepack adds it to every macro body.
pub const VISIT: &str = "__sitepack_visit";
/// How [`instrument`] opens a call of [`VISIT`].
const VISIT_CALL: &str = "__sitepack_visit(";

const MACROS: &[&str] = &["exists", "all", "exists_one", "map", "filter"];

thread_local! {
    static SPENT: Cell<u64> = const { Cell::new(0) };
    static LIMIT: Cell<u64> = const { Cell::new(MAX_STEPS_PER_RULE) };
    static OVER: Cell<bool> = const { Cell::new(false) };
}

/// Starts a new budget of `limit` steps for the evaluations that follow on this thread.
pub fn start(limit: u64) {
    SPENT.with(|s| s.set(0));
    LIMIT.with(|l| l.set(limit));
    OVER.with(|o| o.set(false));
}

/// Steps spent since the last [`start`].
pub fn spent() -> u64 {
    SPENT.with(Cell::get)
}

/// The budget of the last [`start`].
pub fn limit() -> u64 {
    LIMIT.with(Cell::get)
}

/// True when the budget ran out since the last [`start`].
pub fn exceeded() -> bool {
    OVER.with(Cell::get)
}

/// Charges `steps`; false (and [`exceeded`] from then on) when the budget is spent.
pub fn charge(steps: u64) -> bool {
    let spent = SPENT.with(|s| {
        let spent = s.get().saturating_add(steps);
        s.set(spent);
        spent
    });
    if spent > limit() {
        OVER.with(|o| o.set(true));
    }
    !exceeded()
}

/// `source` with the body of every macro call wrapped in [`VISIT`] (`l.exists(x, P)` becomes
/// `l.exists(x, __sitepack_visit(P))`), or `None` when it calls no macro. Strings are skipped;
/// the source is expected to have passed [`super::limits::check_condition`].
pub fn instrument(source: &str) -> Option<String> {
    let bytes = source.as_bytes();
    let mut inserts: Vec<(usize, &str)> = Vec::new();
    // For each open bracket: whether it opens a macro call, and its top-level commas so far.
    let mut stack: Vec<(bool, usize)> = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            quote @ (b'\'' | b'"') => at = skip_string(bytes, at, quote),
            open @ (b'(' | b'[' | b'{') => {
                let is_macro = open == b'(' && MACROS.iter().any(|m| called(source, at, m));
                stack.push((is_macro, 0));
            }
            b',' => {
                if let Some((true, commas)) = stack.last_mut() {
                    *commas += 1;
                    match *commas {
                        1 => inserts.push((at + 1, VISIT_CALL)),
                        2 => inserts.push((at, ")")),
                        _ => {}
                    }
                }
            }
            b')' | b']' | b'}' => {
                if let Some((true, 1)) = stack.pop() {
                    inserts.push((at, ")"));
                }
            }
            _ => {}
        }
        at += 1;
    }
    if inserts.is_empty() {
        return None;
    }
    inserts.sort_by_key(|(at, _)| *at);
    let mut out = String::with_capacity(source.len() + inserts.len() * 20);
    let mut from = 0;
    for (at, text) in inserts {
        out.push_str(&source[from..at]);
        out.push_str(text);
        from = at;
    }
    out.push_str(&source[from..]);
    Some(out)
}

/// True when the `(` at `open` follows `.name`, a receiver-style macro call.
fn called(source: &str, open: usize, name: &str) -> bool {
    let before = source[..open].trim_end();
    before.strip_suffix(name).is_some_and(|rest| {
        let boundary = !rest.ends_with(|c: char| c.is_alphanumeric() || c == '_');
        boundary && rest.trim_end().ends_with('.')
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_macro_body_is_wrapped_and_nothing_else_is_touched() {
        let cases = [
            ("site.x == 1", None),
            (
                "l.exists(a, a > 1)",
                Some("l.exists(a,__sitepack_visit( a > 1))"),
            ),
            (
                "l.map(a, a > 1, a * 2)",
                Some("l.map(a,__sitepack_visit( a > 1), a * 2)"),
            ),
            (
                "l.exists(a, m.all(b, f(a, b)))",
                Some("l.exists(a,__sitepack_visit( m.all(b,__sitepack_visit( f(a, b)))))"),
            ),
            (
                "l.filter(a, a == 'x.exists(y, z)')",
                Some("l.filter(a,__sitepack_visit( a == 'x.exists(y, z)'))"),
            ),
            ("notexists(a, b)", None),
            (
                "l.exists_one(a, [a, 1] == [2, 1])",
                Some("l.exists_one(a,__sitepack_visit( [a, 1] == [2, 1]))"),
            ),
        ];
        for (source, expected) in cases {
            assert_eq!(instrument(source).as_deref(), expected, "{source}");
        }
        assert_eq!(VISIT_CALL, format!("{VISIT}("));
    }

    #[test]
    fn the_budget_runs_out_once_and_stays_out_until_restarted() {
        start(10);
        assert!(charge(4));
        assert!(charge(6));
        assert!(!exceeded());
        assert!(!charge(1));
        assert!(exceeded() && !charge(0));
        assert_eq!(spent(), 11);
        start(MAX_STEPS_PER_RULE);
        assert!(!exceeded() && spent() == 0);
    }

    #[test]
    fn a_rule_gets_the_real_budget_unless_a_test_sets_one() {
        let expected = match std::env::var(crate::testpoint::EVAL_BUDGET_VAR) {
            Ok(steps) => steps.parse().unwrap(),
            Err(_) => MAX_STEPS_PER_RULE,
        };
        assert_eq!(per_rule(), expected);
    }
}
