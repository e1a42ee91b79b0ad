//! Numbers for people: rounded, without trailing zeros. Shared by playbook texts,
//! the book's pages and the generated playbook reference.

/// `x` rounded to `digits` decimals, without trailing zeros: `14.26` -> `14.3`, `2.0` -> `2`.
pub fn decimals(x: f64, digits: u32) -> String {
    let text = format!("{:.*}", digits as usize, x);
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        &text
    };
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::decimals;

    #[test]
    fn rounds_and_trims_zeros() {
        for (x, digits, want) in [
            (14.26, 1, "14.3"),
            (2.0, 1, "2"),
            (0.61, 2, "0.61"),
            (10.0, 0, "10"),
            (-0.01, 1, "0"),
            (5000.0, 2, "5000"),
            (2.345, 2, "2.35"),
        ] {
            assert_eq!(decimals(x, digits), want, "{x}");
        }
    }
}
