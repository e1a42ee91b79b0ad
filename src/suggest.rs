//! "Did you mean": the nearest valid spelling for a misspelt key, value or id.

/// The candidate closest to `input`, if it is close enough to be a likely typo.
pub fn nearest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(input, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::nearest;

    #[test]
    fn suggests_close_spellings_only() {
        let ids = [
            "predictive-maintenance",
            "visual-inspection",
            "energy-forecasting",
        ];
        for (input, expected) in [
            ("predictive-maintenence", Some("predictive-maintenance")),
            ("visual-inspections", Some("visual-inspection")),
            ("banana", None),
        ] {
            assert_eq!(nearest(input, ids).as_deref(), expected, "{input}");
        }
    }
}
