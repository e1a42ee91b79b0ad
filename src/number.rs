//! Numbers for people: rounded, without trailing zeros, and counts that agree with
//! their noun ("1 gap", "2 gaps"). Shared by playbook texts, the book's pages, the
//! generated playbook reference and the commands' summaries.

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

/// `n` and `noun`, the noun in the plural unless `n` is 1: `1 gap`, `3 gaps`, `2 entries`.
pub fn counted(n: usize, noun: &str) -> String {
    format!("{n} {}", plural(n, noun))
}

/// `noun` as it reads after the count `n`: as given for 1, else its regular plural
/// (`gap` -> `gaps`, `entry` -> `entries`, `process` -> `processes`).
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        return noun.to_string();
    }
    let consonant_y = noun.len() > 1
        && noun.ends_with('y')
        && !noun[..noun.len() - 1].ends_with(['a', 'e', 'i', 'o', 'u']);
    if consonant_y {
        format!("{}ies", &noun[..noun.len() - 1])
    } else if noun.ends_with(['s', 'x']) || noun.ends_with("sh") || noun.ends_with("ch") {
        format!("{noun}es")
    } else {
        format!("{noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::{counted, decimals};

    #[test]
    fn counts_agree_with_their_noun() {
        for (n, noun, want) in [
            (0, "gap", "0 gaps"),
            (1, "gap", "1 gap"),
            (2, "gap", "2 gaps"),
            (1, "entry", "1 entry"),
            (4, "entry", "4 entries"),
            (2, "day", "2 days"),
            (3, "process", "3 processes"),
            (2, "checklist item", "2 checklist items"),
        ] {
            assert_eq!(counted(n, noun), want);
        }
    }

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
