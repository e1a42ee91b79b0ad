//! The schema and the loader agree: every bundled example and the format 2
//! test profile pass both, and each invalid case is rejected by both.

use std::path::Path;

use serde_json::Value;

use super::format2_tests::BASE;
use super::load::load_profile;
use super::schema::schema;
use crate::date::Date;

fn known() -> Vec<String> {
    crate::playbook::BUILT_IN_USE_CASES
        .iter()
        .map(|s| s.to_string())
        .collect()
}

fn loads(text: &str) -> bool {
    let as_of = Date::new(2026, 11, 26).expect("date");
    load_profile(Path::new("site.toml"), text, as_of, &known()).is_ok()
}

/// Whether the schema of the file's format accepts `text`.
fn schema_accepts(text: &str) -> bool {
    let value: Value = toml::from_str(text).expect("TOML parses");
    // A file that says `format = 1` is checked against format 1, any other against format 2.
    let format = if value["format"].as_u64() == Some(1) {
        1
    } else {
        2
    };
    let validator = jsonschema::validator_for(&schema(format)).expect("a valid schema");
    validator.is_valid(&value)
}

#[test]
fn both_formats_have_a_schema_for_every_key() {
    for format in [1, 2] {
        let s = schema(format);
        jsonschema::validator_for(&s).expect("a valid draft 2020-12 schema");
        assert_eq!(s["properties"]["format"]["const"], format);
    }
    let v1 = schema(1);
    assert!(v1["properties"].get("areas").is_none());
    assert!(v1["properties"]["site"]["properties"]
        .get("industry")
        .is_none());
}

#[test]
fn every_example_passes_the_loader_and_the_schema() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).expect("examples") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("toml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("readable");
        assert!(loads(&text), "{} does not load", path.display());
        assert!(schema_accepts(&text), "schema rejects {}", path.display());
        seen += 1;
    }
    assert!(seen >= 5, "only {seen} examples");
    assert!(loads(BASE) && schema_accepts(BASE));
}

/// Edits of the format 2 test profile that both the loader and the schema reject.
const INVALID: &[(&str, &str, &str)] = &[
    (
        "unknown key",
        "industry = \"chemicals\"",
        "industri = \"chemicals\"",
    ),
    ("bad industry", "\"chemicals\"", "\"chemical\""),
    ("bad regime", "\"atex\"]", "\"atx\"]"),
    ("bad hazardous zone", "\"zone-1\"", "\"zone1\""),
    ("bad hosted", "hosted = \"dmz\"", "hosted = \"cloudy\""),
    ("bad asset class", "\"vessel-reactor\"", "\"reactor\""),
    ("bad lifecycle", "\"active\"", "\"obsolete\""),
    ("bad protocol", "\"foundation-fieldbus\"", "\"fieldbus\""),
    (
        "purpose on a vibration sensor",
        "kind = \"camera\"",
        "kind = \"vibration\"",
    ),
    ("fov not positive", "fov_mm = 120.0", "fov_mm = 0.0"),
    ("bad wireless", "wireless = \"none\"", "wireless = \"lora\""),
    ("since without a list", "[\"cmms\", \"paper\"]", "\"cmms\""),
    (
        "energy_metering and data.energy",
        "maintenance_records_since = 2016",
        "maintenance_records_since = 2016\nenergy_metering = \"hourly\"",
    ),
    ("bad carrier", "\"electricity\"", "\"electric\""),
    ("carrier missing", "carrier = \"electricity\"\n", ""),
    (
        "in_scope false with use_cases",
        "use_cases = [",
        "in_scope = false\nuse_cases = [",
    ),
    (
        "wrong type",
        "failure_events = 6",
        "failure_events = \"six\"",
    ),
    (
        "negative count",
        "failure_events = 6",
        "failure_events = -1",
    ),
    (
        "shifts out of range",
        "shifts_per_day = 3",
        "shifts_per_day = 5",
    ),
    ("bad slug", "id = \"r-101\"", "id = \"R 101\""),
    ("missing required key", "criticality = \"high\"\n", ""),
    ("format 2 key in format 1", "format = 2", "format = 1"),
    ("unknown format", "format = 2", "format = 3"),
    (
        "controller installed before 1900",
        "installed = 2015",
        "installed = 1850",
    ),
];

#[test]
fn each_invalid_case_is_rejected_by_the_loader_and_the_schema() {
    for (name, from, to) in INVALID {
        assert!(BASE.contains(from), "{name}: {from:?} not in BASE");
        let text = BASE.replacen(from, to, 1);
        assert!(!loads(&text), "{name}: the loader accepts it");
        assert!(!schema_accepts(&text), "{name}: the schema accepts it");
    }
}

#[test]
fn the_loader_and_the_schema_share_the_free_text_limit() {
    let limit = super::read::MAX_TEXT;
    for (length, valid) in [(limit, true), (limit + 1, false)] {
        let name = format!("name = \"{}\"", "ö".repeat(length));
        let text = BASE.replacen("name = \"Leuna batch plant\"", &name, 1);
        assert_eq!(loads(&text), valid, "loader, {length} characters");
        assert_eq!(schema_accepts(&text), valid, "schema, {length} characters");
        let product = format!("kind = \"dcs\"\nproduct = \"{}\"", "x".repeat(length));
        let text = BASE.replacen("kind = \"dcs\"", &product, 1);
        assert_eq!(loads(&text), valid, "loader, product of {length}");
        assert_eq!(schema_accepts(&text), valid, "schema, product of {length}");
    }
}
