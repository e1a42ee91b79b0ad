//! Checking one answer of the wizard, as it is typed, with the profile loader itself.
//!
//! The answer is put into a small valid profile and loaded; the loader's message
//! for that key is the answer's problem. So the wizard and `sitepack check` can
//! never disagree on what a valid site id, country or year is, and no rule is
//! written twice.

use std::path::Path;

use crate::date::Date;
use crate::profile;

/// Where a checked key lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// `[site]`.
    Site,
    /// The first `[[systems]]` entry.
    System,
    /// The first `[[assets]]` entry.
    Asset,
}

/// The loader's complaint about `key = value` (a TOML value) at `place`, if any.
pub fn value(place: Place, key: &str, toml_value: &str, as_of: Date) -> Result<(), String> {
    let line = format!("{key} = {toml_value}\n");
    if toml::from_str::<toml::Table>(&line).is_err() {
        return Err("not a value TOML can hold".to_string());
    }
    let pick = |defaults: &[(&str, &str)]| -> String {
        let mut text: String = defaults
            .iter()
            .filter(|(k, _)| *k != key)
            .map(|(k, v)| format!("{k} = {v}\n"))
            .collect();
        text.push_str(&line);
        text
    };
    let site = if place == Place::Site {
        pick(SITE)
    } else {
        lines(SITE)
    };
    let system = match place {
        Place::System => format!("[[systems]]\n{}", pick(SYSTEM)),
        _ => String::new(),
    };
    let asset = match place {
        Place::Asset => pick(ASSET),
        _ => lines(ASSET),
    };
    let text = format!(
        "format = 2\n[site]\n{site}[owners]\n[network]\nsegmentation = \"flat\"\n{system}[[assets]]\n{asset}"
    );
    let path = match place {
        Place::Site => format!("site.{key}"),
        Place::System => format!("systems[0].{key}"),
        Place::Asset => format!("assets[0].{key}"),
    };
    match profile::load_profile(Path::new("answer"), &text, as_of, &[]) {
        Ok(_) => Ok(()),
        Err(errors) => match errors.errors.iter().find(|e| e.key == path) {
            Some(e) => Err(match &e.suggestion {
                Some(s) => format!("{}; did you mean `{s}`?", e.message),
                None => e.message.clone(),
            }),
            None => Ok(()),
        },
    }
}

/// A string answer as a TOML basic string, on one line.
pub fn quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

const SITE: &[(&str, &str)] = &[
    ("id", "\"s\""),
    ("name", "\"S\""),
    ("shifts_per_day", "1"),
    ("floor_staff", "1"),
];
const SYSTEM: &[(&str, &str)] = &[("id", "\"y\""), ("kind", "\"other\"")];
const ASSET: &[(&str, &str)] = &[
    ("id", "\"a\""),
    ("kind", "\"k\""),
    ("criticality", "\"low\""),
    ("installed", "2000"),
];

fn lines(defaults: &[(&str, &str)]) -> String {
    defaults
        .iter()
        .map(|(k, v)| format!("{k} = {v}\n"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers() {
        let as_of = Date::parse("2026-11-26").unwrap();
        let cases: &[(Place, &str, &str, Option<&str>)] = &[
            (Place::Site, "id", "\"lyon-2\"", None),
            (Place::Site, "id", "\"Lyon 2\"", Some("slug")),
            (Place::Site, "country", "\"FR\"", None),
            (Place::Site, "country", "\"France\"", Some("ISO 3166")),
            (Place::Site, "timezone", "\"Europe/Paris\"", None),
            (Place::Site, "shifts_per_day", "5", Some("1")),
            (Place::Site, "floor_staff", "0", Some("")),
            (Place::System, "id", "\"pi\"", None),
            (Place::System, "id", "\"PI Server\"", Some("slug")),
            (Place::Asset, "installed", "1996", None),
            (Place::Asset, "installed", "2031", Some("2026")),
            (Place::Asset, "criticality", "\"hihg\"", Some("high")),
            (Place::Site, "name", "\"unterminated", Some("TOML")),
        ];
        for (place, key, v, want) in cases {
            let got = value(*place, key, v, as_of);
            match want {
                None => assert_eq!(got, Ok(()), "{key} = {v}"),
                Some(part) => {
                    let e = got.expect_err(&format!("{key} = {v} should fail"));
                    assert!(e.contains(part), "{key} = {v}: {e}");
                }
            }
        }
    }

    #[test]
    fn quotes() {
        assert_eq!(quote("a \"b\"\n"), "\"a \\\"b\\\"\\n\"");
        assert_eq!(quote("Zürich"), "\"Zürich\"");
        assert_eq!(quote("a\\b\u{7}"), "\"a\\\\b\\u0007\"");
        for text in ["x\"\n\\'''\u{1}", "é", ""] {
            let parsed: toml::Table = toml::from_str(&format!("k = {}", quote(text))).unwrap();
            assert_eq!(parsed["k"].as_str(), Some(text));
        }
    }
}
