//! Facts of a format 2 profile and of a format 1 one: every new family of
//! facts, its value when given and its default when not.

use std::path::Path;

use serde_json::{json, Value};

use super::site_facts;
use crate::date::Date;
use crate::profile::load_profile;

const FORMAT2: &str = r#"format = 2
[site]
id = "leuna"
name = "Leuna"
shifts_per_day = 3
floor_staff = 90
country = "DE"
industry = "chemicals"
regimes = ["seveso-upper", "atex"]
environment = { min_temp_c = 10.0, max_temp_c = 30.0, humidity = "medium" }
climate = { min_temp_c = -12.0, max_temp_c = 36.0 }
[owners]
safety = { name = "Jonas" }
[network]
segmentation = "purdue"
[[areas]]
id = "reactor-bay"
hazardous = "zone-1"
washdown = "wet"
production = "batch"
max_temp_c = 40.0
[[systems]]
id = "experion"
kind = "dcs"
[[systems]]
id = "ems"
kind = "ems"
retention_months = 60
[[systems]]
id = "pi"
kind = "historian"
compression = "off"
[[assets]]
id = "r-101"
kind = "batch reactor"
class = "vessel-reactor"
area = "reactor-bay"
criticality = "high"
installed = 1974
use_cases = ["process-optimization"]
failure_events = 6
labeled_images = 0
controller = { installed = 2015, lifecycle = "active", system = "experion" }
[[assets.sensors]]
kind = "camera"
resolution_mp = 12.0
fov_mm = 400.0
min_defect_mm = 0.5
purpose = "defect-detection"
wireless = "wifi"
[[assets]]
id = "p-7"
kind = "pump"
criticality = "low"
installed = 1990
[data]
maintenance_records = ["cmms", "paper"]
maintenance_records_since = 2016
[[data.energy]]
carrier = "steam"
metering = "hourly"
[[data.energy]]
carrier = "electricity"
metering = "1min"
stored_in = "ems"
history_months = 48
"#;

fn facts(text: &str, use_case: &str) -> Value {
    let as_of = Date::new(2026, 11, 26).expect("date");
    let known: Vec<String> = crate::playbook::BUILT_IN_USE_CASES
        .iter()
        .map(|s| s.to_string())
        .collect();
    let profile =
        load_profile(Path::new("site.toml"), text, as_of, &known).unwrap_or_else(|e| panic!("{e}"));
    serde_json::to_value(site_facts(&profile, use_case, as_of, 2)).expect("json")
}

#[test]
fn every_format_2_fact_family_is_filled_in() {
    let f = facts(FORMAT2, "process-optimization");
    let cases: &[(&str, Value)] = &[
        ("/industry", json!("chemicals")),
        ("/traceability", json!("batch")),
        ("/regimes", json!(["seveso-upper", "atex"])),
        (
            "/climate",
            json!({"known": true, "min_temp_c": -12.0, "max_temp_c": 36.0}),
        ),
        ("/owners/safety/assigned", json!(true)),
        ("/owners/quality/name", json!("UNASSIGNED")),
        ("/hazardous_zones", json!(["zone-1"])),
        ("/washdown", json!(["wet"])),
        ("/production", json!(["batch"])),
        ("/areas/0/production", json!("batch")),
        ("/assets/0/area/production_known", json!(true)),
        ("/systems/0/hosted", json!("ot")),
        ("/systems/0/hosted_known", json!(false)),
        ("/systems/2/compression", json!("off")),
        ("/systems/1/compression", json!("unknown")),
        ("/assets/0/class", json!("vessel-reactor")),
        ("/assets/0/in_scope", json!(true)),
        ("/assets/0/use_cases", json!(["process-optimization"])),
        ("/assets/0/failure_events", json!(6)),
        ("/assets/0/labeled_images_known", json!(true)),
        ("/assets/0/area/hazardous", json!("zone-1")),
        ("/assets/0/area/hazardous_area", json!(true)),
        ("/assets/0/area/max_temp_c", json!(40.0)),
        ("/assets/0/area/min_temp_c", json!(10.0)),
        ("/assets/0/area/humidity", json!("medium")),
        ("/assets/0/age_years", json!(52)),
        ("/assets/0/controller/age_years", json!(11)),
        ("/assets/0/controller/lifecycle", json!("active")),
        ("/assets/0/controller/system_kind", json!("dcs")),
        ("/assets/0/sensors/0/wireless", json!("wifi")),
        ("/assets/0/sensors/0/purpose", json!("defect-detection")),
        ("/assets/0/sensors/0/mm_per_px_known", json!(true)),
        ("/assets/1/class", json!("unknown")),
        ("/assets/1/in_scope", json!(true)),
        ("/assets/1/area/known", json!(false)),
        ("/assets/1/area/hazardous", json!("unknown")),
        ("/assets/1/area/max_temp_c", json!(30.0)),
        ("/assets/1/controller/age_years", json!(36)),
        ("/assets/1/controller/lifecycle", json!("unknown")),
        ("/in_scope_assets", json!(2)),
        ("/in_scope_camera_assets", json!(1)),
        ("/in_scope_lines", json!(2)),
        ("/data/maintenance_records", json!("cmms")),
        (
            "/data/maintenance_records_history",
            json!(["cmms", "paper"]),
        ),
        ("/data/maintenance_records_since", json!(2016)),
        ("/data/energy_metering", json!("1min")),
        ("/data/energy_carriers", json!(["electricity", "steam"])),
        ("/data/energy/1/store_kind", json!("ems")),
        ("/data/energy/1/store_retention_months", json!(60)),
        ("/data/energy/0/stored", json!(false)),
        ("/data/coarse_fuel_carriers", json!([])),
        ("/data/unstored_interval_carriers", json!(["steam"])),
        ("/data/metered_carriers", json!(["electricity", "steam"])),
        ("/in_eu", json!(true)),
        ("/systems/0/retired_controllers", json!([])),
        ("/systems/0/keeps_history", json!(false)),
        // The reactor bay's own 40 °C is the hottest place; the coldest is the site's 10 °C.
        (
            "/in_scope_ambient",
            json!({"known": true, "min_temp_c": 10.0, "max_temp_c": 40.0,
                   "hottest_area": "reactor-bay", "coldest_area": ""}),
        ),
    ];
    for (pointer, want) in cases {
        assert_eq!(f.pointer(pointer), Some(want), "{pointer}");
    }
    let other = facts(FORMAT2, "visual-inspection");
    assert_eq!(other.pointer("/assets/0/in_scope"), Some(&json!(false)));
    assert_eq!(other.pointer("/in_scope_assets"), Some(&json!(1)));
}

#[test]
fn in_scope_failures_are_the_assets_own_counts_or_else_the_site_total_as_a_bound() {
    // r-101 (process optimization only) has 6 failures; p-7 (every use case) gives none
    // unless told; the site gives no total unless told. Records since 2016, as of 2026.
    let since = "maintenance_records_since = 2016\n";
    let p7 = FORMAT2.replace("id = \"p-7\"\n", "id = \"p-7\"\nfailure_events = 2\n");
    let total = FORMAT2.replace(since, &format!("{since}failure_events = 30\n"));
    let cases = [
        (
            "process-optimization",
            FORMAT2.to_string(),
            json!({"known": false, "upper_bound": true, "events": 0, "years": 10, "per_year": 0.0}),
        ),
        (
            "process-optimization",
            total.clone(),
            json!({"known": true, "upper_bound": true, "events": 30, "years": 10, "per_year": 3.0}),
        ),
        (
            "process-optimization",
            total.replace(since, ""),
            json!({"known": false, "upper_bound": true, "events": 30, "years": 0, "per_year": 0.0}),
        ),
        (
            "process-optimization",
            p7.clone(),
            json!({"known": true, "upper_bound": false, "events": 8, "years": 10, "per_year": 0.8}),
        ),
        (
            "predictive-maintenance",
            p7,
            json!({"known": true, "upper_bound": false, "events": 2, "years": 10, "per_year": 0.2}),
        ),
    ];
    for (use_case, text, want) in cases {
        let f = facts(&text, use_case);
        assert_eq!(f.pointer("/in_scope_failures"), Some(&want), "{use_case}");
    }
}

#[test]
fn in_scope_lines_count_named_lines_once_and_lineless_assets_each() {
    let r101 = "id = \"r-101\"\n";
    let p7 = "id = \"p-7\"\n";
    let cases = [
        ("", "", 2),
        ("line = \"a\"\n", "line = \"a\"\n", 1),
        ("line = \"a\"\n", "line = \"b\"\n", 2),
        ("line = \"a\"\n", "", 2),
    ];
    for (line_r, line_p, want) in cases {
        let text = FORMAT2
            .replace(r101, &format!("{r101}{line_r}"))
            .replace(p7, &format!("{p7}{line_p}"));
        let f = facts(&text, "process-optimization");
        assert_eq!(
            f.pointer("/in_scope_lines"),
            Some(&json!(want)),
            "{line_r:?} {line_p:?}"
        );
    }
}

#[test]
fn lineage_lists_retired_controllers_and_history_kept_outside_a_historian() {
    let text = FORMAT2
        .replace("lifecycle = \"active\"", "lifecycle = \"discontinued\"")
        .replace("purpose = \"defect-detection\"\nwireless = \"wifi\"", "purpose = \"defect-detection\"\nwireless = \"wifi\"\n[[assets.sensors]]\nkind = \"temperature\"\nstored_in = \"experion\"\nhistory_months = 24")
        .replace("country = \"DE\"", "country = \"IN\"");
    let f = facts(&text, "process-optimization");
    let cases = [
        (
            "/systems/0/retired_controllers",
            json!(["r-101 (discontinued)"]),
        ),
        ("/systems/0/keeps_history", json!(true)),
        // A historian keeps history by its nature; keeps_history is for the other stores.
        ("/systems/2/keeps_history", json!(false)),
        ("/in_eu", json!(false)),
    ];
    for (pointer, want) in cases {
        assert_eq!(f.pointer(pointer), Some(&want), "{pointer}");
    }
}

#[test]
fn atex_binds_in_the_eu_or_by_regime_and_zones_carry_their_epl() {
    // (country, regimes, zone) -> (atex, epl, atex_category)
    let cases = [
        ("DE", "[]", "zone-1", (true, "Gb or Ga", "2G or 1G")),
        (
            "IN",
            "[\"atex\"]",
            "zone-21",
            (true, "Db or Da", "2D or 1D"),
        ),
        (
            "IN",
            "[]",
            "zone-2",
            (false, "Gc, Gb or Ga", "3G, 2G or 1G"),
        ),
        ("US", "[]", "class-i-div-1", (false, "", "")),
        ("FR", "[]", "none", (true, "", "")),
    ];
    for (country, regimes, zone, (atex, epl, category)) in cases {
        let text = FORMAT2
            .replace("country = \"DE\"", &format!("country = \"{country}\""))
            .replace("[\"seveso-upper\", \"atex\"]", regimes)
            .replace("hazardous = \"zone-1\"", &format!("hazardous = \"{zone}\""));
        let f = facts(&text, "process-optimization");
        let case = format!("{country} {regimes} {zone}");
        assert_eq!(f.pointer("/atex"), Some(&json!(atex)), "{case}");
        assert_eq!(f.pointer("/assets/0/area/epl"), Some(&json!(epl)), "{case}");
        assert_eq!(
            f.pointer("/assets/0/area/atex_category"),
            Some(&json!(category)),
            "{case}"
        );
    }
}

#[test]
fn coarse_fuel_carriers_leave_out_electricity_and_water() {
    let text = FORMAT2
        .replace(
            "carrier = \"steam\"\nmetering = \"hourly\"",
            "carrier = \"natural-gas\"\nmetering = \"monthly\"",
        )
        .replace("metering = \"1min\"", "metering = \"monthly\"")
        + "[[data.energy]]\ncarrier = \"water\"\nmetering = \"monthly\"\n[[data.energy]]\ncarrier = \"hot-water\"\n";
    let f = facts(&text, "energy-forecasting");
    assert_eq!(
        f.pointer("/data/coarse_fuel_carriers"),
        Some(&json!(["hot-water", "natural-gas"]))
    );
    assert_eq!(
        f.pointer("/data/unstored_interval_carriers"),
        Some(&json!([]))
    );
}

#[test]
fn format_1_in_scope_false_is_out_of_scope_for_every_use_case() {
    let text = r#"format = 1
[site]
id = "x"
name = "X"
shifts_per_day = 1
floor_staff = 5
[owners]
[network]
segmentation = "flat"
[[assets]]
id = "a"
kind = "press"
criticality = "low"
installed = 2000
in_scope = false
[data]
energy_metering = "hourly"
"#;
    let f = facts(text, "predictive-maintenance");
    assert_eq!(f.pointer("/assets/0/in_scope"), Some(&json!(false)));
    assert_eq!(f.pointer("/assets/0/use_cases"), Some(&json!([])));
    assert_eq!(f.pointer("/industry"), Some(&json!("unknown")));
    assert_eq!(f.pointer("/traceability"), Some(&json!("unknown")));
    assert_eq!(f.pointer("/data/energy_metering"), Some(&json!("hourly")));
    assert_eq!(
        f.pointer("/data/maintenance_records"),
        Some(&json!("unknown"))
    );
    assert_eq!(
        f.pointer("/assets/0/controller/age_years"),
        Some(&json!(26))
    );
}

#[test]
fn traceability_follows_the_industry() {
    use crate::vocab::Industry;
    for (industry, want) in [
        (Some(Industry::FoodBeverage), "batch"),
        (Some(Industry::Pharma), "batch"),
        (Some(Industry::Chemicals), "batch"),
        (Some(Industry::PulpPaper), "batch"),
        (Some(Industry::Automotive), "part"),
        (Some(Industry::Electronics), "part"),
        (Some(Industry::DiscreteMachinery), "part"),
        (Some(Industry::Metals), "unknown"),
        (Some(Industry::Other), "unknown"),
        (None, "unknown"),
    ] {
        assert_eq!(super::build::traceability(industry), want, "{industry:?}");
    }
}
