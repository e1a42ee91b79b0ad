//! Which params a rule reads: the `params.<name>` its condition and texts name, found by
//! scanning their sources. Knows nothing of the values; `plan::explain` shows them, and the
//! `--since` page of `sitepack book` lists the rules a changed param reaches.

use super::{Playbook, Rule};

impl Playbook {
    /// The names of the declared params `rule` reads in its condition, title and why,
    /// in the order they first appear.
    pub fn params_of(&self, rule: &Rule) -> Vec<&str> {
        let sources = [
            Some(rule.when.source()),
            self.texts.source(&rule.title),
            self.texts.source(&rule.why),
        ];
        let mut names: Vec<&str> = Vec::new();
        for source in sources.into_iter().flatten() {
            for name in named(source) {
                if let Some((declared, _)) = self.params.get_key_value(name) {
                    if !names.contains(&declared.as_str()) {
                        names.push(declared);
                    }
                }
            }
        }
        names
    }
}

/// Every `params.<name>` in `source` that starts a word (not `x.params.y`), as `name`.
fn named(source: &str) -> impl Iterator<Item = &str> {
    source.match_indices("params.").filter_map(move |(at, _)| {
        let rest = &source[at + "params.".len()..];
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let before = source[..at].chars().next_back();
        let word_start =
            before.is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'));
        (word_start && end > 0).then(|| &rest[..end])
    })
}

#[cfg(test)]
mod tests {
    use super::named;

    #[test]
    fn finds_the_params_a_source_names() {
        for (source, expected) in [
            ("x < params.min_a && y", vec!["min_a"]),
            ("{{ params.b | num }} and params.c", vec!["b", "c"]),
            ("site.params.x || myparams.y || params.", vec![]),
        ] {
            assert_eq!(named(source).collect::<Vec<_>>(), expected, "{source}");
        }
    }
}
