//! sitepack's own Tera filters, all registered in [`register`].
//!
//! They format numbers (`money`, `num`, `target`), and make heading text safe for
//! mdBook's search (`heading`); their output is a plain (unsafe) string, so the Markdown
//! escape still applies to it like to any other value. Two filters mark their output
//! safe because they escape it themselves: `html` for HTML (an attribute such as
//! `<a id="...">`, where a Markdown backslash would show) with
//! [`crate::svg::xml::escape`], and `linkify` (Markdown-escaped text with its web
//! addresses as autolinks).

use tera::{Kwargs, State, Tera};

/// Registers every sitepack filter on `tera`.
pub fn register(tera: &mut Tera) {
    tera.register_filter("money", |x: f64, _: Kwargs, _: &State| money(x));
    tera.register_filter("num", |x: f64, kwargs: Kwargs, _: &State| {
        let digits = kwargs.get::<u32>("digits")?.unwrap_or(1);
        Ok::<_, tera::Error>(crate::number::decimals(x, digits))
    });
    tera.register_filter("target", |x: f64, kwargs: Kwargs, _: &State| {
        let op = kwargs.get::<&str>("op")?.unwrap_or("==");
        let unit = kwargs.get::<&str>("unit")?.unwrap_or("");
        Ok::<_, tera::Error>(target(op, x, unit))
    });
    tera.register_filter("linkify", |x: &str, _: Kwargs, _: &State| {
        tera::Value::safe_string(&linkify(x))
    });
    tera.register_filter("html", |x: &str, _: Kwargs, _: &State| {
        tera::Value::safe_string(&crate::svg::xml::escape(x))
    });
    tera.register_filter("heading", |x: &str, _: Kwargs, _: &State| {
        super::escape::heading_text(x)
    });
    tera.register_filter("role", |x: &str, _: Kwargs, _: &State| {
        // A known role by its label; anything else escaped as any heading value is.
        crate::vocab::Role::parse(x)
            .map_or_else(|| super::escape::heading_text(x), |r| r.label().to_string())
    });
}

/// A whole amount with `,` between thousands: `1234567.8` -> `1,234,568`.
pub fn money(x: f64) -> String {
    let rounded = x.round();
    let digits = format!("{:.0}", rounded.abs());
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if rounded < 0.0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A gate or KPI target in words: `>= 0.8 ratio` -> `at least 80 %`, `== 1 yes/no` ->
/// `yes`, `== 0 gaps` -> `none`.
pub fn target(op: &str, threshold: f64, unit: &str) -> String {
    match (op, unit) {
        ("==", "yes/no") => return if threshold >= 1.0 { "yes" } else { "no" }.to_string(),
        ("==", "gaps") if threshold == 0.0 => return "none open".to_string(),
        _ => {}
    }
    let words = match crate::vocab::Op::parse(op) {
        Some(known) => known.words(),
        None => op,
    };
    let amount = match unit {
        "ratio" => format!("{} %", crate::number::decimals(threshold * 100.0, 1)),
        "" => crate::number::decimals(threshold, 3),
        unit => format!("{} {unit}", crate::number::decimals(threshold, 3)),
    };
    format!("{words} {amount}")
}

/// Text with its `http(s)://` addresses made Markdown autolinks (`<https://...>`) and the
/// rest escaped like any value, so a source can be clicked.
pub fn linkify(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(start) = rest.find("https://").or_else(|| rest.find("http://")) {
        out.push_str(&super::escape::escape_markdown(&rest[..start]));
        let url_len = rest[start..]
            .find(|c: char| {
                c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | '{' | '}' | '\\' | '|')
            })
            .unwrap_or(rest.len() - start);
        let url =
            rest[start..start + url_len].trim_end_matches(['.', ',', ';', ':', ')', ']', '(']);
        if url.ends_with("//") {
            out.push_str(&super::escape::escape_markdown(url));
        } else {
            out.push('<');
            out.push_str(url);
            out.push('>');
        }
        rest = &rest[start + url.len()..];
    }
    out.push_str(&super::escape::escape_markdown(rest));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_groups_thousands() {
        for (x, want) in [
            (0.0, "0"),
            (999.4, "999"),
            (1000.0, "1,000"),
            (1234567.8, "1,234,568"),
            (-45000.0, "-45,000"),
            (-0.2, "0"),
        ] {
            assert_eq!(money(x), want, "{x}");
        }
    }

    #[test]
    fn targets_in_words() {
        for (op, x, unit, want) in [
            (">=", 0.8, "ratio", "at least 80 %"),
            (">=", 0.95, "ratio", "at least 95 %"),
            ("==", 1.0, "yes/no", "yes"),
            ("==", 0.0, "gaps", "none open"),
            ("==", 5.0, "roles", "exactly 5 roles"),
            ("<=", 2.5, "h", "at most 2.5 h"),
            ("<", 3.0, "", "less than 3"),
        ] {
            assert_eq!(target(op, x, unit), want);
        }
    }

    #[test]
    fn sources_become_links_and_the_rest_stays_inert() {
        for (text, want) in [
            (
                "see https://example.com/a_b.",
                "see <https://example.com/a_b>.",
            ),
            (
                "(https://x.org/p) and *y*",
                "(<https://x.org/p>) and \\*y\\*",
            ),
            ("no link <b>", "no link &lt;b&gt;"),
            ("http://a.b<script>", "<http://a.b>&lt;script&gt;"),
            ("https:// alone", "https:// alone"),
        ] {
            assert_eq!(linkify(text), want, "{text}");
        }
    }
}
