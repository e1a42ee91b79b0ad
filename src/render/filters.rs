//! sitepack's own Tera filters, all registered in [`register`].
//!
//! They format numbers, and make heading text safe for mdBook's search (`heading`); their
//! output is a plain (unsafe) string, so the Markdown escape still applies to it like to
//! any other value.

use tera::{Kwargs, State, Tera};

/// Registers every sitepack filter on `tera`.
pub fn register(tera: &mut Tera) {
    tera.register_filter("money", |x: f64, _: Kwargs, _: &State| money(x));
    tera.register_filter("num", |x: f64, kwargs: Kwargs, _: &State| {
        let digits = kwargs.get::<u32>("digits")?.unwrap_or(1);
        Ok::<_, tera::Error>(crate::number::decimals(x, digits))
    });
    tera.register_filter("heading", |x: &str, _: Kwargs, _: &State| {
        super::escape::heading_text(x)
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
}
