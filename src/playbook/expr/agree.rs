//! Test-only: the `cel` crate's Pratt parser, which sitepack parses with, must build the
//! tree its ANTLR parser builds, or refuse what ANTLR refuses.
//!
//! [`check`] runs inside every parse of a test build, so each expression the lib tests
//! parse is compared: every built-in condition (`every_built_in_expression_compiles`),
//! the fuzzed ones of `fuzz::playbook`, and the table below. Node ids are numbering, not
//! meaning, and are left out of the comparison.

use cel::common::ast::IdedExpr;
use cel::Program;

/// Panics when the two parsers disagree on `source`.
pub(super) fn check(source: &str, pratt: Option<&IdedExpr>) {
    let antlr = Program::compile(source);
    match (pratt, &antlr) {
        (Some(p), Ok(a)) => assert_eq!(
            shape(p),
            shape(a.expression()),
            "the Pratt and ANTLR parsers build different trees for `{source}`"
        ),
        (None, Err(_)) => {}
        (Some(_), Err(e)) => panic!("only the Pratt parser accepts `{source}`: ANTLR says {e}"),
        // ANTLR's tree is used then (`parse`), so this is slower, not wrong; it still
        // means the parsers differ, which this file is here to catch.
        (None, Ok(_)) => panic!("only the ANTLR parser accepts `{source}`"),
    }
}

/// The tree as text without its node ids.
fn shape(expression: &IdedExpr) -> String {
    let text = format!("{expression:?}");
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find("id: ") {
        out.push_str(&rest[..at]);
        rest = rest[at + 4..].trim_start_matches(|c: char| c.is_ascii_digit());
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::super::Expr as Condition;
    use super::{check, shape};
    use cel::common::ast::{Expr, IdedExpr};
    use cel::parser::PrattParser;

    #[test]
    #[should_panic(expected = "different trees")]
    fn a_different_tree_is_caught() {
        let other = PrattParser::new().parse("2 + 1").unwrap();
        check("1 + 2", Some(&other));
    }

    #[test]
    #[should_panic(expected = "only the ANTLR parser accepts")]
    fn a_refusal_only_pratt_makes_is_caught() {
        check("1 + 2", None);
    }

    #[test]
    fn node_ids_are_not_compared() {
        let x = |id| IdedExpr {
            id,
            expr: Expr::Ident("x".into()),
        };
        assert_eq!(shape(&x(7)), shape(&x(1234)));
        assert_ne!(shape(&x(7)), shape(&PrattParser::new().parse("y").unwrap()));
    }

    #[test]
    fn the_parsers_agree_on_tricky_expressions() {
        // Each compile goes through `check`; a disagreement panics there.
        for source in [
            "a ? b : c ? d : e",
            "a || b && c || !d",
            "-1 - -2 * 3 % 4 / 5",
            "1u + 2u == 3u",
            "2.5e3 > 1e-2",
            "0x1F == 31",
            "'it\\'s' + \"\\u00e9\\n\" + r'\\d' + '''tri''' ",
            "b'\\x00\\xff' == bytes('')",
            "x in [1, 2] && 'k' in {'k': 1}",
            "a.b.c[0]['d'].e(1, 2)",
            "has(a.b) && !has(a.c.d)",
            "l.exists(x, l.all(y, y < x)) || l.exists_one(x, x == 1)",
            "l.map(x, x * 2).filter(y, y > 1).size() > 0",
            "l.map(x, x > 0, x * 2)",
            "size(site.assets) >= 3 && site.assets.all(a, a.age_years < 20)",
            "{'a': [1, {'b': null}]}.a[1].b == null",
            "((((true))))",
            "a.`b-c`",
            "site.use_case != 'energy-forecasting'",
            "1 +",
            "a.exists(1, true)",
            "'unterminated",
            "a..b",
            "f(,)",
        ] {
            let _ = Condition::compile(source);
        }
    }
}
