//! The nearest valid spelling for a misspelt key or value.
//!
//! Only close matches are offered: a suggestion that is far from what the user
//! typed is worse than none.

use strsim::{damerau_levenshtein, jaro_winkler};

/// The candidate closest to `typed`, if one is close enough to be a typo.
pub(super) fn nearest<'c>(typed: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let typed = typed.to_lowercase();
    candidates
        .iter()
        .map(|&c| (c, jaro_winkler(&typed, c), damerau_levenshtein(&typed, c)))
        .filter(|&(c, score, edits)| score >= 0.8 || (edits <= 1 && c.len() > 2))
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.2.cmp(&a.2)))
        .map(|(c, _, _)| c)
}

#[cfg(test)]
mod tests {
    use super::nearest;

    #[test]
    fn offers_only_close_matches() {
        let words = ["flat", "segmented", "purdue"];
        for (typed, want) in [
            ("flatt", Some("flat")),
            ("Purdue", Some("purdue")),
            ("segmnted", Some("segmented")),
            ("xyz", None),
        ] {
            assert_eq!(nearest(typed, &words), want, "{typed}");
        }
        assert_eq!(
            nearest("sitee", &["format", "site", "owners"]),
            Some("site")
        );
        assert_eq!(
            nearest("sample_rate", &["kind", "sample_hz", "stored_in"]),
            Some("sample_hz")
        );
    }
}
