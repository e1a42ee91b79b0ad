//! Table-driven tests of the profile loader: one case per kind of error, the
//! shared examples, and the rendered error text.

use std::path::Path;

use super::load::{load_profile, ProfileError, ProfileErrors};
use super::{Level, Profile, RemoteAccess, Segmentation, SensorKind};
use crate::date::Date;

/// A small valid profile; the cases below edit it. Line numbers in the cases
/// refer to this text.
const BASE: &str = r#"format = 1

[site]
id = "lyon"
name = "Lyon"
shifts_per_day = 3
floor_staff = 140

[owners]
business = { name = "Claire" }

[network]
segmentation = "flat"

[[systems]]
id = "pi"
kind = "historian"

[[assets]]
id = "press-07"
kind = "hydraulic-press"
criticality = "high"
installed = 1996

[[assets.sensors]]
kind = "vibration"
sample_hz = 1.0
stored_in = "pi"
"#;

fn as_of() -> Date {
    Date::new(2026, 11, 26).expect("valid date")
}

fn load(text: &str) -> Result<Profile, ProfileErrors> {
    load_profile(
        Path::new("site.toml"),
        text,
        as_of(),
        &crate::playbook::BUILT_IN_USE_CASES
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>(),
    )
}

/// BASE with each `(from, to)` replaced once.
fn edit(edits: &[(&str, &str)]) -> String {
    edits.iter().fold(BASE.to_string(), |text, (from, to)| {
        assert!(text.contains(from), "edit target {from:?} not in BASE");
        text.replacen(from, to, 1)
    })
}

fn errors_of(text: &str) -> Vec<ProfileError> {
    match load(text) {
        Ok(_) => panic!("expected errors in:\n{text}"),
        Err(e) => e.errors,
    }
}

#[test]
fn base_profile_loads_with_defaults() {
    let p = load(BASE).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(p.format, 1);
    assert_eq!(p.site.languages, Vec::<String>::new());
    assert!(p.owners.change.is_none());
    assert!(!p.network.it_ot_firewall && !p.network.ot_dmz && !p.network.ot_internet_access);
    assert!(p.network.remote_access.is_empty());
    assert!(p.assets[0].in_scope);
    assert_eq!(p.data, Default::default());
    assert_eq!(p.baseline, Default::default());
}

struct Case {
    name: &'static str,
    edits: &'static [(&'static str, &'static str)],
    key: &'static str,
    line: usize,
    column: usize,
    message: &'static str,
    suggestion: Option<&'static str>,
}

const CASES: &[Case] = &[
    Case { name: "syntax error", edits: &[("name = \"Lyon\"", "name = \"Lyon")], key: "", line: 5, column: 13, message: "invalid basic string", suggestion: None },
    Case { name: "unknown top-level key", edits: &[("format = 1\n", "format = 1\nowner = 3\n")], key: "owner", line: 2, column: 1, message: "unknown key `owner` at the top level", suggestion: Some("owners") },
    Case { name: "unknown nested key", edits: &[("sample_hz = 1.0", "sample_rate = 1.0")], key: "assets[0].sensors[0].sample_rate", line: 27, column: 1, message: "in `assets[0].sensors[0]`", suggestion: Some("sample_hz") },
    Case { name: "wrong type", edits: &[("id = \"lyon\"", "id = 7")], key: "site.id", line: 4, column: 6, message: "expected a string, found an integer", suggestion: None },
    Case { name: "missing required key", edits: &[("floor_staff = 140\n", "")], key: "site.floor_staff", line: 3, column: 1, message: "missing required key `site.floor_staff`", suggestion: None },
    Case { name: "missing owners", edits: &[("[owners]\nbusiness = { name = \"Claire\" }\n", "")], key: "owners", line: 1, column: 1, message: "missing required key `owners`", suggestion: None },
    Case { name: "missing owner name", edits: &[("{ name = \"Claire\" }", "{ contact = \"c@x\" }")], key: "owners.business.name", line: 10, column: 12, message: "missing required key", suggestion: None },
    Case { name: "empty owner name", edits: &[("business = { name = \"Claire\" }", "business = { name = \"Claire\" }\nchange = { name = \" \" }")], key: "owners.change.name", line: 11, column: 19, message: "must not be empty", suggestion: None },
    Case { name: "unknown owner role", edits: &[("business = {", "buisness = {")], key: "owners.buisness", line: 10, column: 1, message: "unknown key `owners.buisness` in `owners`", suggestion: Some("business") },
    Case { name: "table where a list is expected", edits: &[("[[systems]]", "[systems]")], key: "systems", line: 15, column: 1, message: "expected an array, found a table", suggestion: None },
    Case { name: "count too large", edits: &[("floor_staff = 140", "floor_staff = 5000000000")], key: "site.floor_staff", line: 7, column: 15, message: "expected at most 4294967295", suggestion: None },
    Case { name: "count too small", edits: &[("floor_staff = 140", "floor_staff = 0")], key: "site.floor_staff", line: 7, column: 15, message: "expected at least 1, found 0", suggestion: None },
    Case { name: "bad timezone", edits: &[("name = \"Lyon\"", "name = \"Lyon\"\ntimezone = \"Paris\"")], key: "site.timezone", line: 6, column: 12, message: "IANA time zone", suggestion: None },
    Case { name: "bad language", edits: &[("name = \"Lyon\"", "name = \"Lyon\"\nlanguages = [\"fr\", \"\"]")], key: "site.languages[1]", line: 6, column: 20, message: "BCP 47", suggestion: None },
    Case { name: "bad currency", edits: &[("stored_in = \"pi\"\n", "stored_in = \"pi\"\n[baseline]\ncurrency = \"euro\"\n")], key: "baseline.currency", line: 30, column: 12, message: "ISO 4217", suggestion: None },
    Case { name: "bad enum value", edits: &[("\"flat\"", "\"flatt\"")], key: "network.segmentation", line: 13, column: 16, message: "expected one of flat, segmented, purdue", suggestion: Some("flat") },
    Case { name: "bad enum in a list", edits: &[("segmentation = \"flat\"", "segmentation = \"flat\"\nremote_access = [\"vpn\", \"jumphost\"]")], key: "network.remote_access[1]", line: 14, column: 25, message: "vendor-direct", suggestion: Some("jump-host") },
    Case { name: "shifts out of range", edits: &[("shifts_per_day = 3", "shifts_per_day = 5")], key: "site.shifts_per_day", line: 6, column: 18, message: "expected between 1 and 4, found 5", suggestion: None },
    Case { name: "oee out of range", edits: &[("stored_in = \"pi\"\n", "stored_in = \"pi\"\n[baseline]\noee = 1.2\n")], key: "baseline.oee", line: 30, column: 7, message: "expected between 0 and 1, found 1.2", suggestion: None },
    Case { name: "sample_hz zero", edits: &[("sample_hz = 1.0", "sample_hz = 0")], key: "assets[0].sensors[0].sample_hz", line: 27, column: 13, message: "greater than 0", suggestion: None },
    Case { name: "sample_hz infinite", edits: &[("sample_hz = 1.0", "sample_hz = inf")], key: "assets[0].sensors[0].sample_hz", line: 27, column: 13, message: "finite", suggestion: None },
    Case { name: "bad slug", edits: &[("id = \"press-07\"", "id = \"Press 07\"")], key: "assets[0].id", line: 20, column: 6, message: "expected a slug", suggestion: None },
    Case { name: "bad country", edits: &[("name = \"Lyon\"", "name = \"Lyon\"\ncountry = \"France\"")], key: "site.country", line: 6, column: 11, message: "ISO 3166-1 alpha-2", suggestion: None },
    Case { name: "duplicate id", edits: &[("[[assets]]", "[[systems]]\nid = \"pi\"\nkind = \"scada\"\n\n[[assets]]")], key: "systems[1].id", line: 20, column: 6, message: "first defined on line 16", suggestion: None },
    Case { name: "stored_in unknown", edits: &[("stored_in = \"pi\"", "stored_in = \"pii\"")], key: "assets[0].sensors[0].stored_in", line: 28, column: 13, message: "not the id of any `[[systems]]` entry", suggestion: Some("pi") },
    Case { name: "installed after as-of", edits: &[("installed = 1996", "installed = 2030")], key: "assets[0].installed", line: 23, column: 13, message: "after the as-of year 2026", suggestion: None },
    Case { name: "installed before 1900", edits: &[("installed = 1996", "installed = 1850")], key: "assets[0].installed", line: 23, column: 13, message: "before 1900", suggestion: None },
    Case { name: "min above max temperature", edits: &[("\n[owners]", "\n[site.environment]\nmin_temp_c = 30.0\nmax_temp_c = 10.0\n\n[owners]")], key: "site.environment.min_temp_c", line: 10, column: 14, message: "is greater than `site.environment.max_temp_c`", suggestion: None },
    Case { name: "resolution on non-camera", edits: &[("sample_hz = 1.0", "sample_hz = 1.0\nresolution_mp = 5.0")], key: "assets[0].sensors[0].resolution_mp", line: 28, column: 17, message: "only on `camera` sensors", suggestion: None },
    Case { name: "format 3", edits: &[("format = 1", "format = 3")], key: "format", line: 1, column: 10, message: "expected `format = 1` or `format = 2`", suggestion: None },
    Case { name: "format 2 key in format 1", edits: &[("name = \"Lyon\"", "name = \"Lyon\"\nindustry = \"metals\"")], key: "site.industry", line: 6, column: 1, message: "is a format 2 key", suggestion: None },
    Case { name: "no assets", edits: &[("format = 1\n", "format = 1\nassets = []\n"), ("[[assets]]\nid = \"press-07\"\nkind = \"hydraulic-press\"\ncriticality = \"high\"\ninstalled = 1996\n\n[[assets.sensors]]\nkind = \"vibration\"\nsample_hz = 1.0\nstored_in = \"pi\"\n", "")], key: "assets", line: 2, column: 10, message: "expected at least one", suggestion: None },
];

#[test]
fn each_kind_of_error_is_reported_with_its_position() {
    for case in CASES {
        let errors = errors_of(&edit(case.edits));
        let found = errors.iter().find(|e| e.key == case.key);
        let e = found
            .unwrap_or_else(|| panic!("{}: no error for `{}` in {errors:#?}", case.name, case.key));
        assert_eq!(
            (e.line, e.column),
            (case.line, case.column),
            "{}: {e:#?}",
            case.name
        );
        assert!(
            e.message.contains(case.message),
            "{}: {}",
            case.name,
            e.message
        );
        assert_eq!(e.suggestion.as_deref(), case.suggestion, "{}", case.name);
        if let Some(s) = case.suggestion {
            assert!(
                e.message.contains(&format!("did you mean `{s}`?")),
                "{}: {}",
                case.name,
                e.message
            );
        }
        assert!(
            !e.message.contains('\u{1b}'),
            "{}: colour code in message",
            case.name
        );
    }
}

#[test]
fn columns_count_characters_not_bytes() {
    let errors = errors_of(&edit(&[(
        "name = \"Lyon\"",
        "name = \"Lyön\"\ncountry = \"FR\"; x = 1",
    )]));
    assert!(errors.iter().all(|e| e.line == 6), "{errors:#?}");
    let text = edit(&[("id = \"lyon\"", "name2 = \"é\" \nid = \"lyon\"")]);
    let e = &errors_of(&text)[0];
    assert_eq!((e.key.as_str(), e.line, e.column), ("site.name2", 4, 1));
    let text = edit(&[("name = \"Lyon\"", "name = \"Lyön\" \ncompany = 3")]);
    let e = &errors_of(&text)[0];
    assert_eq!((e.line, e.column, &text[e.span.clone()]), (6, 11, "3"));
}

#[test]
fn every_error_of_a_file_is_reported_in_file_order() {
    let text = edit(&[
        ("id = \"lyon\"", "id = \"Lyon\""),
        ("shifts_per_day = 3", "shifts_per_day = \"three\""),
        ("\"flat\"", "\"flatt\""),
        ("installed = 1996", "installed = 2030"),
        ("sample_hz = 1.0", "sample_hz = 0"),
    ]);
    let keys: Vec<String> = errors_of(&text).into_iter().map(|e| e.key).collect();
    let want = [
        "site.id",
        "site.shifts_per_day",
        "network.segmentation",
        "assets[0].installed",
        "assets[0].sensors[0].sample_hz",
    ];
    assert_eq!(keys, want);
}

#[test]
fn syntax_errors_come_with_the_trustworthy_value_errors() {
    let text = edit(&[
        ("[network]", "[network"),
        ("shifts_per_day = 3", "shifts_per_day = "),
        ("installed = 1996", "installed = 2030"),
    ]);
    let errors = errors_of(&text);
    let found: Vec<(&str, usize)> = errors.iter().map(|e| (e.key.as_str(), e.line)).collect();
    assert_eq!(
        found,
        [("", 6), ("", 12), ("assets[0].installed", 23)],
        "{errors:#?}"
    );
}

#[test]
fn integers_are_accepted_for_float_fields() {
    let p =
        load(&edit(&[("sample_hz = 1.0", "sample_hz = 5000")])).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(p.assets[0].sensors[0].sample_hz, Some(5000.0));
}

#[test]
fn shared_examples_load() {
    let lyon = load(include_str!("../../examples/lyon.toml")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(lyon.site.id, "lyon");
    assert_eq!(lyon.site.languages, ["fr", "en"]);
    assert_eq!(
        lyon.site.environment.as_ref().and_then(|e| e.dust),
        Some(Level::High)
    );
    assert!(lyon.owners.change.is_none());
    assert_eq!(
        lyon.owners
            .business
            .as_ref()
            .and_then(|o| o.contact.as_deref()),
        Some("claire.martin@example.com")
    );
    assert_eq!(lyon.network.segmentation, Segmentation::Flat);
    assert_eq!(
        lyon.network.remote_access,
        [RemoteAccess::VendorDirect, RemoteAccess::Vpn]
    );
    assert_eq!(lyon.systems.len(), 3);
    assert_eq!(lyon.assets.len(), 3);
    assert_eq!(lyon.assets[1].sensors[0].kind, SensorKind::Vibration);
    assert_eq!(lyon.assets[1].sensors[0].sample_hz, Some(5000.0));
    assert!(lyon.assets[2].sensors.is_empty());
    assert_eq!(lyon.baseline.oee, Some(0.58));

    let monterrey =
        load(include_str!("../../examples/monterrey.toml")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        monterrey.site.timezone.as_deref(),
        Some("America/Monterrey")
    );
    assert_eq!(monterrey.network.security_level_target, Some(2));
    assert!(monterrey.site.environment.is_none());
    assert_eq!(monterrey.assets[0].name, None);
    assert_eq!(monterrey.data.labeled_images, Some(1200));
    assert_eq!(monterrey.baseline.currency.as_deref(), Some("USD"));
}

#[test]
fn display_renders_like_cargo() {
    let errors = match load_profile(
        Path::new("lyon.toml"),
        &edit(&[("\"flat\"", "\"flatt\"")]),
        as_of(),
        &[],
    ) {
        Ok(_) => panic!("expected an error"),
        Err(e) => e,
    };
    let shown = errors.to_string();
    assert!(
        shown.starts_with("error: invalid value `flatt` for `network.segmentation`"),
        "{shown}"
    );
    assert!(shown.contains("--> lyon.toml:13:16"), "{shown}");
    assert!(shown.contains("segmentation = \"flatt\""), "{shown}");
    assert!(shown.contains("^^^^^^^"), "{shown}");
    assert!(shown.contains("= key: network.segmentation"), "{shown}");
    assert!(shown.contains("= help: did you mean `flat`?"), "{shown}");
    assert!(shown.ends_with("error: lyon.toml: 1 error"), "{shown}");
    assert!(!shown.contains('\u{1b}'), "{shown}");
}

#[test]
fn the_baseline_table_reads_every_baseline_key_of_the_vocabulary() {
    let mut keys = vec!["currency"];
    keys.extend(crate::vocab::BaselineKey::ALL);
    assert_eq!(super::plant::BASELINE_KEYS.v1, keys.as_slice());
}
