//! The references a playbook may cite: standards and documents whose
//! identifiers are known to be real (from `../shared/DOMAIN.md`).
//!
//! The list lives in `references.txt` beside this file. Loading does not
//! enforce it (a program's own playbooks may cite more); the tests hold every
//! built-in playbook to it.

const LIST: &str = include_str!("references.txt");

/// Every allowed reference with the token that shows it in DOMAIN.md.
pub fn allowed() -> impl Iterator<Item = (&'static str, &'static str)> {
    LIST.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once(" | "))
        .map(|(reference, token)| (reference.trim(), token.trim()))
}

/// True when `reference` is on the list.
pub fn is_known(reference: &str) -> bool {
    allowed().any(|(r, _)| r == reference)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::playbook::{load, Source};

    #[test]
    fn every_built_in_reference_is_on_the_list() {
        let source = Source::BuiltIn;
        let mut unknown = Vec::new();
        for id in source.use_cases().unwrap() {
            let playbook = load(&source, &id).unwrap();
            for rule in &playbook.rules {
                for r in rule.refs.iter().filter(|r| !is_known(r)) {
                    unknown.push(format!(
                        "{}:{}: rule `{}` cites `{r}`",
                        rule.origin.file, rule.origin.line, rule.id
                    ));
                }
            }
        }
        assert!(
            unknown.is_empty(),
            "references not on src/playbook/references.txt:\n{}",
            unknown.join("\n")
        );
    }

    #[test]
    fn every_listed_reference_is_in_domain_md() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/DOMAIN.md");
        let Ok(domain) = std::fs::read_to_string(path) else {
            assert!(std::env::var_os("CI").is_none(), "{path} is missing on CI");
            return;
        };
        let missing: Vec<_> = allowed()
            .filter(|(_, token)| !domain.contains(token))
            .collect();
        assert!(missing.is_empty(), "not found in DOMAIN.md: {missing:?}");
    }

    #[test]
    fn the_list_has_no_duplicates() {
        let mut refs: Vec<_> = allowed().map(|(r, _)| r).collect();
        let n = refs.len();
        refs.sort();
        refs.dedup();
        assert_eq!(refs.len(), n);
        assert!(n > 100);
    }
}
