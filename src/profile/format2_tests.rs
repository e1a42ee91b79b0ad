//! Format 2: every new key loads, and each new cross-check is reported at its
//! line and column with its key path (one case per error kind).

use std::path::Path;

use super::load::{load_profile, ProfileError};
use super::*;
use crate::date::Date;

pub(super) const BASE: &str = r#"format = 2

[site]
id = "leuna"
name = "Leuna batch plant"
shifts_per_day = 3
floor_staff = 90
industry = "chemicals"
regimes = ["seveso-upper", "atex"]

[site.climate]
min_temp_c = -12.0
max_temp_c = 36.0

[owners]
quality = { name = "Aoife" }
safety = { name = "Jonas" }

[network]
segmentation = "purdue"

[[areas]]
id = "reactor-bay"
hazardous = "zone-1"
washdown = "none"
max_temp_c = 40.0

[[systems]]
id = "experion"
kind = "dcs"

[[systems]]
id = "pi"
kind = "historian"
compression = "on"
hosted = "dmz"

[[assets]]
id = "r-101"
kind = "batch reactor"
class = "vessel-reactor"
area = "reactor-bay"
criticality = "high"
installed = 1974
use_cases = ["predictive-maintenance"]
failure_events = 6
controller = { vendor = "Honeywell", installed = 2015, lifecycle = "active", system = "experion", protocols = ["foundation-fieldbus"] }

[[assets.sensors]]
kind = "camera"
purpose = "defect-detection"
fov_mm = 120.0
min_defect_mm = 0.3
wireless = "none"

[data]
maintenance_records = ["cmms", "paper"]
maintenance_records_since = 2016

[[data.energy]]
carrier = "electricity"
metering = "1min"
stored_in = "pi"
history_months = 48
"#;

fn known() -> Vec<String> {
    crate::playbook::BUILT_IN_USE_CASES
        .iter()
        .map(|s| s.to_string())
        .collect()
}

fn as_of() -> Date {
    Date::new(2026, 11, 26).expect("valid date")
}

fn load(text: &str) -> Result<Profile, Vec<ProfileError>> {
    load_profile(Path::new("site.toml"), text, as_of(), &known()).map_err(|e| e.errors)
}

fn edit(edits: &[(&str, &str)]) -> String {
    edits.iter().fold(BASE.to_string(), |text, (from, to)| {
        assert!(text.contains(from), "edit target {from:?} not in BASE");
        text.replacen(from, to, 1)
    })
}

#[test]
fn every_format_2_key_loads() {
    let p = load(BASE).unwrap_or_else(|e| panic!("{e:#?}"));
    assert_eq!(p.format, 2);
    assert_eq!(p.site.industry, Some(Industry::Chemicals));
    assert_eq!(p.site.regimes, vec![Regime::SevesoUpper, Regime::Atex]);
    assert_eq!(
        p.site.climate.as_ref().and_then(|c| c.min_temp_c),
        Some(-12.0)
    );
    assert_eq!(
        p.owners.get(Role::Safety).map(|o| o.name.as_str()),
        Some("Jonas")
    );
    assert_eq!(p.areas[0].hazardous, Some(Hazardous::Zone1));
    assert_eq!(p.systems[1].hosted_or_default(), Hosted::Dmz);
    assert_eq!(p.systems[0].hosted_or_default(), Hosted::Ot);
    assert_eq!(p.systems[1].compression, Some(Compression::On));
    let a = &p.assets[0];
    assert_eq!(a.class, Some(AssetClass::VesselReactor));
    assert_eq!(a.area.as_deref(), Some("reactor-bay"));
    assert_eq!(a.use_cases, vec!["predictive-maintenance".to_string()]);
    assert!(a.in_scope_for("predictive-maintenance") && !a.in_scope_for("visual-inspection"));
    let c = a.controller.as_ref().expect("controller");
    assert_eq!(
        (c.installed, c.lifecycle),
        (Some(2015), Some(Lifecycle::Active))
    );
    assert_eq!(c.system.as_deref(), Some("experion"));
    assert_eq!(c.protocols, vec![Protocol::FoundationFieldbus]);
    let s = &a.sensors[0];
    assert_eq!(
        (s.purpose, s.fov_mm, s.min_defect_mm),
        (Some(CameraPurpose::DefectDetection), Some(120.0), Some(0.3))
    );
    assert_eq!(
        p.data.maintenance_records,
        vec![MaintenanceRecords::Cmms, MaintenanceRecords::Paper]
    );
    assert_eq!(p.data.maintenance_records_since, Some(2016));
    assert_eq!(p.data.energy[0].carrier, EnergyCarrier::Electricity);
    assert_eq!(p.data.energy[0].stored_in.as_deref(), Some("pi"));
}

#[test]
fn in_scope_becomes_use_cases() {
    let without = edit(&[("use_cases = [\"predictive-maintenance\"]\n", "")]);
    let all = load(&without).expect("valid");
    assert_eq!(all.assets[0].use_cases, known());
    let none = edit(&[(
        "use_cases = [\"predictive-maintenance\"]\n",
        "in_scope = false\n",
    )]);
    assert!(load(&none).expect("valid").assets[0].use_cases.is_empty());
    let empty = edit(&[("use_cases = [\"predictive-maintenance\"]", "use_cases = []")]);
    assert!(load(&empty).expect("valid").assets[0].use_cases.is_empty());
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
    Case {
        name: "bad industry",
        edits: &[("\"chemicals\"", "\"chemical\"")],
        key: "site.industry",
        line: 8,
        column: 12,
        message: "expected one of automotive",
        suggestion: Some("chemicals"),
    },
    Case {
        name: "bad regime",
        edits: &[("\"atex\"]", "\"atx\"]")],
        key: "site.regimes[1]",
        line: 9,
        column: 28,
        message: "expected one of eu-gmp",
        suggestion: Some("atex"),
    },
    Case {
        name: "both seveso tiers",
        edits: &[("\"atex\"]", "\"seveso-lower\"]")],
        key: "site.regimes",
        line: 9,
        column: 11,
        message: "both `seveso-upper` and `seveso-lower`",
        suggestion: None,
    },
    Case {
        name: "climate min above max",
        edits: &[("min_temp_c = -12.0", "min_temp_c = 40.0")],
        key: "site.climate.min_temp_c",
        line: 12,
        column: 14,
        message: "greater than `site.climate.max_temp_c`",
        suggestion: None,
    },
    Case {
        name: "unknown owner role",
        edits: &[("safety = {", "saftey = {")],
        key: "owners.saftey",
        line: 17,
        column: 1,
        message: "unknown key",
        suggestion: Some("safety"),
    },
    Case {
        name: "bad hazardous zone",
        edits: &[("\"zone-1\"", "\"zone1\"")],
        key: "areas[0].hazardous",
        line: 24,
        column: 13,
        message: "class-i-div-1",
        suggestion: Some("zone-1"),
    },
    Case {
        name: "bad washdown",
        edits: &[("washdown = \"none\"", "washdown = \"high pressure\"")],
        key: "areas[0].washdown",
        line: 25,
        column: 12,
        message: "expected one of none, wet, high-pressure",
        suggestion: Some("high-pressure"),
    },
    Case {
        name: "bad production",
        edits: &[(
            "washdown = \"none\"",
            "washdown = \"none\"\nproduction = \"batches\"",
        )],
        key: "areas[0].production",
        line: 26,
        column: 14,
        message: "expected one of batch, continuous, discrete",
        suggestion: Some("batch"),
    },
    Case {
        name: "duplicate area",
        edits: &[(
            "[[systems]]\nid = \"experion\"",
            "[[areas]]\nid = \"reactor-bay\"\n\n[[systems]]\nid = \"experion\"",
        )],
        key: "areas[1].id",
        line: 29,
        column: 6,
        message: "first defined on line 23",
        suggestion: None,
    },
    Case {
        name: "bad hosted",
        edits: &[("hosted = \"dmz\"", "hosted = \"cloudy\"")],
        key: "systems[1].hosted",
        line: 36,
        column: 10,
        message: "expected one of ot, dmz, it, cloud",
        suggestion: Some("cloud"),
    },
    Case {
        name: "bad compression",
        edits: &[("compression = \"on\"", "compression = \"yes\"")],
        key: "systems[1].compression",
        line: 35,
        column: 15,
        message: "expected one of on, off, unknown",
        suggestion: None,
    },
    Case {
        name: "bad asset class",
        edits: &[("\"vessel-reactor\"", "\"reactor\"")],
        key: "assets[0].class",
        line: 41,
        column: 9,
        message: "agitator-mixer",
        suggestion: None,
    },
    Case {
        name: "area names nothing",
        edits: &[("area = \"reactor-bay\"", "area = \"reactor-bey\"")],
        key: "assets[0].area",
        line: 42,
        column: 8,
        message: "not the id of any `[[areas]]` entry",
        suggestion: Some("reactor-bay"),
    },
    Case {
        name: "use case names nothing",
        edits: &[(
            "[\"predictive-maintenance\"]",
            "[\"predictive-maintenace\"]",
        )],
        key: "assets[0].use_cases[0]",
        line: 45,
        column: 14,
        message: "not a use case of these playbooks",
        suggestion: Some("predictive-maintenance"),
    },
    Case {
        name: "in_scope false with use_cases",
        edits: &[("use_cases = [", "in_scope = false\nuse_cases = [")],
        key: "assets[0].in_scope",
        line: 45,
        column: 12,
        message: "expected only `use_cases`",
        suggestion: None,
    },
    Case {
        name: "controller system names nothing",
        edits: &[("system = \"experion\"", "system = \"experian\"")],
        key: "assets[0].controller.system",
        line: 47,
        column: 87,
        message: "not the id of any `[[systems]]` entry",
        suggestion: Some("experion"),
    },
    Case {
        name: "controller installed after as-of",
        edits: &[("installed = 2015", "installed = 2027")],
        key: "assets[0].controller.installed",
        line: 47,
        column: 50,
        message: "after the as-of year 2026",
        suggestion: None,
    },
    Case {
        name: "bad lifecycle",
        edits: &[("\"active\"", "\"obsolete\"")],
        key: "assets[0].controller.lifecycle",
        line: 47,
        column: 68,
        message: "expected one of active, phase-out, discontinued, unknown",
        suggestion: None,
    },
    Case {
        name: "bad protocol",
        edits: &[("\"foundation-fieldbus\"", "\"foundation-fieldbuss\"")],
        key: "assets[0].controller.protocols[0]",
        line: 47,
        column: 112,
        message: "cc-link",
        suggestion: Some("foundation-fieldbus"),
    },
    Case {
        name: "purpose on non-camera",
        edits: &[("kind = \"camera\"", "kind = \"vibration\"")],
        key: "assets[0].sensors[0].purpose",
        line: 51,
        column: 11,
        message: "expected `purpose` only on `camera` sensors",
        suggestion: None,
    },
    Case {
        name: "fov on non-camera",
        edits: &[("kind = \"camera\"", "kind = \"vibration\"")],
        key: "assets[0].sensors[0].fov_mm",
        line: 52,
        column: 10,
        message: "expected `fov_mm` only on `camera` sensors",
        suggestion: None,
    },
    Case {
        name: "min_defect on non-camera",
        edits: &[("kind = \"camera\"", "kind = \"vibration\"")],
        key: "assets[0].sensors[0].min_defect_mm",
        line: 53,
        column: 17,
        message: "expected `min_defect_mm` only on `camera` sensors",
        suggestion: None,
    },
    Case {
        name: "defect larger than the view",
        edits: &[("min_defect_mm = 0.3", "min_defect_mm = 300.0")],
        key: "assets[0].sensors[0].min_defect_mm",
        line: 53,
        column: 17,
        message: "larger than the field of view",
        suggestion: None,
    },
    Case {
        name: "bad wireless",
        edits: &[("wireless = \"none\"", "wireless = \"lora\"")],
        key: "assets[0].sensors[0].wireless",
        line: 54,
        column: 12,
        message: "wirelesshart",
        suggestion: Some("lorawan"),
    },
    Case {
        name: "since without a list",
        edits: &[("[\"cmms\", \"paper\"]", "\"cmms\"")],
        key: "data.maintenance_records_since",
        line: 58,
        column: 29,
        message: "is not a list",
        suggestion: None,
    },
    Case {
        name: "since after as-of",
        edits: &[("since = 2016", "since = 2030")],
        key: "data.maintenance_records_since",
        line: 58,
        column: 29,
        message: "after the as-of year 2026",
        suggestion: None,
    },
    Case {
        name: "energy stored_in names nothing",
        edits: &[("stored_in = \"pi\"", "stored_in = \"ems\"")],
        key: "data.energy[0].stored_in",
        line: 63,
        column: 13,
        message: "not the id of any `[[systems]]` entry",
        suggestion: None,
    },
    Case {
        name: "bad carrier",
        edits: &[("\"electricity\"", "\"electric\"")],
        key: "data.energy[0].carrier",
        line: 61,
        column: 11,
        message: "natural-gas",
        suggestion: Some("electricity"),
    },
    Case {
        name: "energy_metering and data.energy",
        edits: &[(
            "maintenance_records_since = 2016",
            "maintenance_records_since = 2016\nenergy_metering = \"hourly\"",
        )],
        key: "data.energy_metering",
        line: 59,
        column: 19,
        message: "replaces `energy_metering`",
        suggestion: None,
    },
];

#[test]
fn each_new_kind_of_error_is_reported_with_its_position() {
    for case in CASES {
        let text = edit(case.edits);
        let errors = match load(&text) {
            Ok(_) => panic!("{}: expected errors in:\n{text}", case.name),
            Err(e) => e,
        };
        let e = errors
            .iter()
            .find(|e| e.key == case.key)
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
    }
}

#[test]
fn a_large_profile_validates_in_linear_time() {
    let mut text = BASE.to_string();
    for i in 0..20_000 {
        text.push_str(&format!(
            "\n[[assets]]\nid = \"a-{i}\"\nkind = \"pump\"\nclass = \"pump\"\narea = \"reactor-bay\"\ncriticality = \"low\"\ninstalled = 2001\n"
        ));
    }
    let started = std::time::Instant::now();
    let p = load(&text).unwrap_or_else(|e| panic!("{:#?}", &e[..3.min(e.len())]));
    assert_eq!(p.assets.len(), 20_001);
    // Quadratic validation took 51 s here; linear takes well under a second
    // even unoptimised on a shared machine.
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}

/// Every free-text key of a profile: where a value goes into [`BASE`] (`{}` is the text).
const FREE_TEXT: &[(&str, &str, &str)] = &[
    ("site.name", "name = \"Leuna batch plant\"", "name = \"{}\""),
    (
        "site.company",
        "floor_staff = 90",
        "floor_staff = 90\ncompany = \"{}\"",
    ),
    (
        "owners.quality.name",
        "{ name = \"Aoife\" }",
        "{ name = \"{}\" }",
    ),
    (
        "owners.safety.contact",
        "{ name = \"Jonas\" }",
        "{ name = \"Jonas\", contact = \"{}\" }",
    ),
    (
        "areas[0].name",
        "id = \"reactor-bay\"",
        "id = \"reactor-bay\"\nname = \"{}\"",
    ),
    (
        "systems[0].product",
        "kind = \"dcs\"",
        "kind = \"dcs\"\nproduct = \"{}\"",
    ),
    (
        "assets[0].name",
        "id = \"r-101\"",
        "id = \"r-101\"\nname = \"{}\"",
    ),
    (
        "assets[0].kind",
        "kind = \"batch reactor\"",
        "kind = \"{}\"",
    ),
    (
        "assets[0].line",
        "criticality = \"high\"",
        "criticality = \"high\"\nline = \"{}\"",
    ),
    (
        "assets[0].controller.model",
        "vendor = \"Honeywell\",",
        "vendor = \"Honeywell\", model = \"{}\",",
    ),
    (
        "assets[0].controller.vendor",
        "vendor = \"Honeywell\"",
        "vendor = \"{}\"",
    ),
];

/// [`BASE`] with the free-text key `case` set to `length` characters of two bytes each.
fn with_text(case: &(&str, &str, &str), length: usize) -> (String, usize) {
    let (_, from, to) = case;
    let value = "ö".repeat(length);
    let text = BASE.replacen(from, &to.replace("{}", &value), 1);
    let at = text
        .find(&format!("\"{value}"))
        .expect("the value is in the text");
    (text, at)
}

#[test]
fn free_text_at_its_limit_loads() {
    for case in FREE_TEXT {
        let (text, _) = with_text(case, super::read::MAX_TEXT);
        assert!(load(&text).is_ok(), "{}: {:#?}", case.0, load(&text).err());
    }
}

#[test]
fn free_text_over_its_limit_names_key_limit_length_and_position() {
    for case in FREE_TEXT {
        let (key, ..) = case;
        assert!(BASE.contains(case.1), "{key}: edit target not in BASE");
        let (text, at) = with_text(case, super::read::MAX_TEXT + 1);
        let errors = load(&text).expect_err(key);
        let e = errors.iter().find(|e| e.key == *key);
        let e = e.unwrap_or_else(|| panic!("{key}: no error in {errors:#?}"));
        assert_eq!(e.span.start, at, "{key}");
        let line = text[..at].matches('\n').count() + 1;
        let column = text[..at]
            .rsplit('\n')
            .next()
            .map_or(0, |l| l.chars().count())
            + 1;
        assert_eq!((e.line, e.column), (line, column), "{key}");
        let want =
            format!("`{key}` is 201 characters long, longer than the limit of 200 characters");
        assert!(e.message.contains(&want), "{key}: {}", e.message);
    }
}

#[test]
fn every_free_text_over_its_limit_is_reported_at_once() {
    let long = "x".repeat(5000);
    let text = FREE_TEXT
        .iter()
        .fold(BASE.to_string(), |text, (_, from, to)| {
            text.replacen(from, &to.replace("{}", &long), 1)
        });
    let errors = load(&text).expect_err("too long");
    let mut keys: Vec<&str> = errors.iter().map(|e| e.key.as_str()).collect();
    keys.sort_unstable();
    let mut want: Vec<&str> = FREE_TEXT.iter().map(|c| c.0).collect();
    want.sort_unstable();
    assert_eq!(keys, want);
    assert!(errors
        .iter()
        .all(|e| e.message.contains("5000 characters long")));
}

/// `BASE` with a `[baseline]` in USD and the given rate entries after it.
fn with_rates(rates: &str) -> String {
    format!("{BASE}\n[baseline]\ncurrency = \"USD\"\n{rates}")
}

#[test]
fn baseline_rates_load_with_their_date_and_source() {
    let text = with_rates(
        "\n[[baseline.rates]]\nfrom = \"EUR\"\nrate = 1.08\ndate = \"2026-11-30\"\nsource = \"ECB reference rate\"\n",
    );
    let p = load(&text).unwrap_or_else(|e| panic!("{e:#?}"));
    let r = &p.baseline.rates[0];
    assert_eq!(
        (r.from.as_str(), r.rate, r.date.as_str(), r.source.as_str()),
        ("EUR", 1.08, "2026-11-30", "ECB reference rate")
    );
}

#[test]
fn bad_baseline_rates_name_key_line_and_column() {
    let rate = |from: &str, rate: &str, date: &str| {
        format!("\n[[baseline.rates]]\nfrom = \"{from}\"\nrate = {rate}\ndate = \"{date}\"\nsource = \"ECB\"\n")
    };
    let eur = rate("EUR", "1.08", "2026-11-30");
    // The rate entry starts 5 lines after BASE: a blank line, `[baseline]`, currency, a blank line.
    let start = BASE.lines().count() + 5;
    // (name, text, key, line, column, message)
    let cases = [
        (
            "rate zero",
            with_rates(&rate("EUR", "0.0", "2026-11-30")),
            "baseline.rates[0].rate",
            start + 2,
            8,
            "greater than 0",
        ),
        (
            "bad date",
            with_rates(&rate("EUR", "1.08", "30.11.2026")),
            "baseline.rates[0].date",
            start + 3,
            8,
            "YYYY-MM-DD",
        ),
        (
            "bad code",
            with_rates(&rate("euro", "1.08", "2026-11-30")),
            "baseline.rates[0].from",
            start + 1,
            8,
            "ISO 4217",
        ),
        (
            "into itself",
            with_rates(&rate("USD", "1.0", "2026-11-30")),
            "baseline.rates[0]",
            start,
            1,
            "converts USD into itself",
        ),
        (
            "twice",
            with_rates(&format!("{eur}{eur}")),
            "baseline.rates[1]",
            start + 6,
            1,
            "second rate for EUR",
        ),
        (
            "no currency",
            format!("{BASE}\n[baseline]\n{eur}"),
            "baseline.rates",
            start - 1,
            1,
            "needs `baseline.currency`",
        ),
    ];
    for (name, text, key, line, column, message) in cases {
        let errors = load(&text)
            .err()
            .unwrap_or_else(|| panic!("{name}: loaded"));
        let e = errors
            .iter()
            .find(|e| e.key == key)
            .unwrap_or_else(|| panic!("{name}: no error for `{key}` in {errors:#?}"));
        assert!(e.message.contains(message), "{name}: {}", e.message);
        assert_eq!((e.line, e.column), (line, column), "{name}: {e:#?}\n{text}");
    }
}
