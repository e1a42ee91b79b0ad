//! Shape rules for identifier-like strings: slugs, country, currency, time zone
//! and language tags.
//!
//! These check the form only; they do not look names up in ISO or IANA tables,
//! so a well-formed but unassigned code passes.

use super::issues::Ctx;
use super::read::Val;

/// `^[a-z0-9][a-z0-9-]{0,62}$`: safe in paths and branch names.
pub(super) fn is_slug(s: &str) -> bool {
    let ok_char = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    let mut chars = s.chars();
    let first_ok = chars.next().is_some_and(ok_char);
    first_ok && s.len() <= 63 && chars.all(|c| ok_char(c) || c == '-')
}

/// Two ASCII upper-case letters (ISO 3166-1 alpha-2 shape).
fn is_country(s: &str) -> bool {
    s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase())
}

/// Three ASCII upper-case letters (ISO 4217 shape).
fn is_currency(s: &str) -> bool {
    s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase())
}

/// `UTC` or `Area/Location[/More]` with IANA-style characters.
fn is_timezone(s: &str) -> bool {
    let part_ok = |p: &str| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-+".contains(c))
    };
    let parts: Vec<&str> = s.split('/').collect();
    let area_ok = s.chars().next().is_some_and(|c| c.is_ascii_uppercase());
    s == "UTC" || (parts.len() >= 2 && area_ok && parts.iter().all(|p| part_ok(p)))
}

/// A BCP 47-ish tag: a 2..=8 letter language, then 1..=8 alphanumeric subtags.
fn is_language(s: &str) -> bool {
    let mut parts = s.split('-');
    let lang_ok = parts
        .next()
        .is_some_and(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphabetic()));
    lang_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Reads a string that must pass `rule`, described by `expected` in the error.
fn shaped(ctx: &mut Ctx, v: &Val, rule: fn(&str) -> bool, expected: &str) -> Option<String> {
    let s = v.string(ctx)?;
    if rule(&s) {
        return Some(s);
    }
    v.report(
        ctx,
        format!("invalid value `{s}` for `{}`: expected {expected}", v.path),
    );
    None
}

/// A slug id.
pub(super) fn slug(ctx: &mut Ctx, v: &Val) -> Option<String> {
    let expected = "a slug of lower-case letters, digits and hyphens, starting with a letter or digit, at most 63 characters";
    shaped(ctx, v, is_slug, expected)
}

/// A country code.
pub(super) fn country(ctx: &mut Ctx, v: &Val) -> Option<String> {
    shaped(
        ctx,
        v,
        is_country,
        "an ISO 3166-1 alpha-2 code of two upper-case letters, e.g. `FR`",
    )
}

/// A currency code.
pub(super) fn currency(ctx: &mut Ctx, v: &Val) -> Option<String> {
    shaped(
        ctx,
        v,
        is_currency,
        "an ISO 4217 code of three upper-case letters, e.g. `EUR`",
    )
}

/// A time zone name.
pub(super) fn timezone(ctx: &mut Ctx, v: &Val) -> Option<String> {
    shaped(
        ctx,
        v,
        is_timezone,
        "an IANA time zone name such as `Europe/Paris`, or `UTC`",
    )
}

/// A language tag.
pub(super) fn language(ctx: &mut Ctx, v: &Val) -> Option<String> {
    shaped(
        ctx,
        v,
        is_language,
        "a BCP 47 language tag such as `fr` or `pt-BR`",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        type Rule = fn(&str) -> bool;
        let cases: &[(Rule, &str, bool)] = &[
            (is_slug, "press-07", true),
            (is_slug, "-press", false),
            (is_slug, "Press", false),
            (is_slug, "", false),
            (is_slug, &"a".repeat(64), false),
            (is_country, "FR", true),
            (is_country, "fr", false),
            (is_country, "FRA", false),
            (is_currency, "EUR", true),
            (is_currency, "eu", false),
            (is_timezone, "Europe/Paris", true),
            (is_timezone, "America/Argentina/Buenos_Aires", true),
            (is_timezone, "UTC", true),
            (is_timezone, "Paris", false),
            (is_timezone, "Europe/", false),
            (is_language, "fr", true),
            (is_language, "pt-BR", true),
            (is_language, "", false),
            (is_language, "en_US", false),
        ];
        for (rule, text, ok) in cases {
            assert_eq!(rule(text), *ok, "{text}");
        }
    }
}
