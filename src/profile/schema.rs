//! The JSON Schema (draft 2020-12) of a site profile, for editors.
//!
//! Built from the same key tables (`Keys`) and vocabularies (`crate::vocab`)
//! the loader uses, so a key or value cannot exist in one and not the other;
//! `schema_tests.rs` checks that every table's keys have a schema and runs
//! the examples and a table of invalid profiles through both. What a schema
//! cannot say (references between tables, dates against the as-of date) is
//! left to the loader: the schema never rejects a profile the loader accepts.

use serde_json::{json, Map, Value};

use super::areas::AREA_KEYS;
use super::assets::{ASSET_KEYS, CONTROLLER_KEYS};
use super::data::{DATA_KEYS, ENERGY_KEYS};
use super::load::TOP_KEYS;
use super::plant::{BASELINE_KEYS, NETWORK_KEYS, RATE_KEYS, SYSTEM_KEYS};
use super::read::{Keys, MAX_TEXT};
use super::sensors::SENSOR_KEYS;
use super::site::{CLIMATE_KEYS, ENVIRONMENT_KEYS, OWNERS_KEYS, OWNER_KEYS, SITE_KEYS};
use crate::vocab::*;

/// The JSON Schema of profile `format` (1 or 2), as a JSON value.
pub fn schema(format: u32) -> Value {
    let mut root = table(format, &TOP_KEYS, top);
    let required = ["format", "site", "owners", "network", "assets"];
    let root_map = root.as_object_mut().expect("an object schema");
    root_map.insert("required".into(), json!(required));
    let mut out = Map::new();
    out.insert(
        "$schema".into(),
        json!("https://json-schema.org/draft/2020-12/schema"),
    );
    out.insert(
        "title".into(),
        json!(format!("sitepack site profile, format {format}")),
    );
    out.insert(
        "description".into(),
        json!("One factory, described for sitepack. The loader also checks references between tables and years against the as-of date."),
    );
    out.extend(root_map.clone());
    Value::Object(out)
}

/// A closed table: the schema of each key `keys` allows in `format`.
fn table(format: u32, keys: &Keys, prop: fn(u32, &str) -> Value) -> Value {
    let properties: Map<String, Value> = keys
        .known(format)
        .into_iter()
        .map(|k| (k.to_string(), prop(format, k)))
        .collect();
    json!({ "type": "object", "additionalProperties": false, "properties": properties })
}

/// `table` with `required` keys.
fn table_req(format: u32, keys: &Keys, prop: fn(u32, &str) -> Value, required: &[&str]) -> Value {
    let mut t = table(format, keys, prop);
    t["required"] = json!(required);
    t
}

fn word(all: &[&str]) -> Value {
    json!({ "type": "string", "enum": all })
}

fn words(all: &[&str]) -> Value {
    json!({ "type": "array", "items": word(all) })
}

fn array_of(item: Value) -> Value {
    json!({ "type": "array", "items": item })
}

fn pattern(p: &str) -> Value {
    json!({ "type": "string", "pattern": p })
}

fn slug() -> Value {
    pattern("^[a-z0-9][a-z0-9-]{0,62}$")
}

/// Free text that is not blank, at most [`MAX_TEXT`] characters.
fn text() -> Value {
    json!({ "type": "string", "pattern": "\\S", "maxLength": MAX_TEXT })
}

/// Free text, at most [`MAX_TEXT`] characters.
fn free_text() -> Value {
    json!({ "type": "string", "maxLength": MAX_TEXT })
}

fn string() -> Value {
    json!({ "type": "string" })
}

fn boolean() -> Value {
    json!({ "type": "boolean" })
}

fn number() -> Value {
    json!({ "type": "number" })
}

fn positive() -> Value {
    json!({ "type": "number", "exclusiveMinimum": 0 })
}

fn non_negative() -> Value {
    json!({ "type": "number", "minimum": 0 })
}

fn ratio() -> Value {
    json!({ "type": "number", "minimum": 0, "maximum": 1 })
}

fn int(min: i64, max: i64) -> Value {
    json!({ "type": "integer", "minimum": min, "maximum": max })
}

fn count() -> Value {
    int(0, i64::from(u32::MAX))
}

/// A year; the loader also bounds it by the as-of year.
fn year() -> Value {
    json!({ "type": "integer", "minimum": 1900 })
}

/// An unknown key name is a bug in this file: every table's keys need a schema.
fn missing(key: &str) -> Value {
    panic!("no schema for profile key `{key}`")
}

fn top(format: u32, key: &str) -> Value {
    match key {
        "format" => json!({ "type": "integer", "const": format }),
        "site" => table_req(
            format,
            &SITE_KEYS,
            site,
            &["id", "name", "shifts_per_day", "floor_staff"],
        ),
        "owners" => table(format, &OWNERS_KEYS, |f, _| {
            table_req(f, &OWNER_KEYS, owner, &["name"])
        }),
        "network" => table_req(format, &NETWORK_KEYS, network, &["segmentation"]),
        "areas" => array_of(table_req(format, &AREA_KEYS, area, &["id"])),
        "systems" => array_of(table_req(format, &SYSTEM_KEYS, system, &["id", "kind"])),
        "assets" => {
            let mut a = array_of(asset_schema(format));
            a["minItems"] = json!(1);
            a
        }
        "data" => data_schema(format),
        "baseline" => table(format, &BASELINE_KEYS, baseline),
        other => missing(other),
    }
}

fn site(format: u32, key: &str) -> Value {
    match key {
        "id" => slug(),
        "name" => text(),
        "company" => free_text(),
        "country" => pattern("^[A-Z]{2}$"),
        "timezone" => pattern("^(UTC|[A-Z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)+)$"),
        "shifts_per_day" => int(1, 4),
        "floor_staff" => int(1, i64::from(u32::MAX)),
        "languages" => array_of(pattern("^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")),
        "environment" => table(format, &ENVIRONMENT_KEYS, ambient),
        "industry" => word(Industry::ALL),
        "regimes" => words(Regime::ALL),
        "climate" => table(format, &CLIMATE_KEYS, ambient),
        other => missing(other),
    }
}

/// Temperatures, humidity and dust: `[site.environment]`, `[site.climate]`, areas.
fn ambient(_: u32, key: &str) -> Value {
    match key {
        "min_temp_c" | "max_temp_c" => number(),
        "humidity" | "dust" => word(Level::ALL),
        other => missing(other),
    }
}

fn owner(_: u32, key: &str) -> Value {
    match key {
        "name" => text(),
        "contact" => free_text(),
        other => missing(other),
    }
}

fn network(_: u32, key: &str) -> Value {
    match key {
        "segmentation" => word(Segmentation::ALL),
        "it_ot_firewall" | "ot_dmz" | "ot_internet_access" => boolean(),
        "remote_access" => words(RemoteAccess::ALL),
        "security_level_target" => int(1, 4),
        other => missing(other),
    }
}

fn area(format: u32, key: &str) -> Value {
    match key {
        "id" => slug(),
        "name" => free_text(),
        "hazardous" => word(Hazardous::ALL),
        "washdown" => word(Washdown::ALL),
        "production" => word(Production::ALL),
        other => ambient(format, other),
    }
}

fn system(_: u32, key: &str) -> Value {
    match key {
        "id" => slug(),
        "kind" => word(SystemKind::ALL),
        "product" => free_text(),
        "interfaces" => words(Interface::ALL),
        "retention_months" => count(),
        "hosted" => word(Hosted::ALL),
        "compression" => word(Compression::ALL),
        other => missing(other),
    }
}

fn asset_schema(format: u32) -> Value {
    let mut a = table_req(
        format,
        &ASSET_KEYS,
        asset,
        &["id", "kind", "criticality", "installed"],
    );
    if format >= 2 {
        // `use_cases` together with `in_scope = false` is a contradiction.
        a["if"] =
            json!({ "properties": { "in_scope": { "const": false } }, "required": ["in_scope"] });
        a["then"] = json!({ "not": { "required": ["use_cases"] } });
    }
    a
}

fn asset(format: u32, key: &str) -> Value {
    match key {
        "id" => slug(),
        "name" | "line" => free_text(),
        "kind" => text(),
        "criticality" => word(Level::ALL),
        "installed" => year(),
        "in_scope" => boolean(),
        "downtime_hours_per_year" => non_negative(),
        "controller" => table(format, &CONTROLLER_KEYS, controller),
        "sensors" => array_of(sensor_schema(format)),
        "class" => word(AssetClass::ALL),
        "area" => slug(),
        "use_cases" => array_of(string()),
        "failure_events" | "labeled_images" => count(),
        other => missing(other),
    }
}

fn controller(_: u32, key: &str) -> Value {
    match key {
        "vendor" | "model" => free_text(),
        "protocols" => words(Protocol::ALL),
        "installed" => year(),
        "lifecycle" => word(Lifecycle::ALL),
        "system" => slug(),
        other => missing(other),
    }
}

fn sensor_schema(format: u32) -> Value {
    let mut s = table_req(format, &SENSOR_KEYS, sensor, &["kind"]);
    let camera_only: Map<String, Value> = ["resolution_mp", "purpose", "fov_mm", "min_defect_mm"]
        .iter()
        .filter(|k| SENSOR_KEYS.known(format).contains(k))
        .map(|k| (k.to_string(), Value::Bool(false)))
        .collect();
    s["if"] =
        json!({ "properties": { "kind": { "not": { "const": "camera" } } }, "required": ["kind"] });
    s["then"] = json!({ "properties": camera_only });
    s
}

fn sensor(_: u32, key: &str) -> Value {
    match key {
        "kind" => word(SensorKind::ALL),
        "sample_hz" | "resolution_mp" | "fov_mm" | "min_defect_mm" => positive(),
        "history_months" => count(),
        "stored_in" => slug(),
        "wireless" => word(Wireless::ALL),
        "signal" => word(SensorSignal::ALL),
        "purpose" => word(CameraPurpose::ALL),
        other => missing(other),
    }
}

fn data_schema(format: u32) -> Value {
    let mut d = table(format, &DATA_KEYS, data);
    if format >= 2 {
        d["not"] = json!({ "required": ["energy_metering", "energy"] });
        d["dependentSchemas"] = json!({
            "maintenance_records_since": {
                "required": ["maintenance_records"],
                "properties": { "maintenance_records": { "type": "array" } }
            }
        });
    }
    d
}

fn data(format: u32, key: &str) -> Value {
    match key {
        "maintenance_records" if format >= 2 => json!({
            "oneOf": [word(MaintenanceRecords::ALL), words(MaintenanceRecords::ALL)]
        }),
        "maintenance_records" => word(MaintenanceRecords::ALL),
        "maintenance_records_since" => year(),
        "failure_events" | "labeled_images" => count(),
        "quality_records" => word(QualityRecords::ALL),
        "energy_metering" => word(EnergyMetering::ALL),
        "energy" => array_of(table_req(format, &ENERGY_KEYS, energy, &["carrier"])),
        other => missing(other),
    }
}

fn energy(_: u32, key: &str) -> Value {
    match key {
        "carrier" => word(EnergyCarrier::ALL),
        "metering" => word(EnergyMetering::ALL),
        "stored_in" => slug(),
        "history_months" => count(),
        other => missing(other),
    }
}

fn baseline(format: u32, key: &str) -> Value {
    match key {
        "currency" => pattern("^[A-Z]{3}$"),
        "rates" => array_of(table_req(
            format,
            &RATE_KEYS,
            rate,
            &["from", "rate", "date", "source"],
        )),
        "oee" | "scrap_rate" => ratio(),
        _ if BASELINE_KEYS.v1.contains(&key) => non_negative(),
        other => missing(other),
    }
}

/// One `[[baseline.rates]]` entry.
fn rate(_: u32, key: &str) -> Value {
    match key {
        "from" => pattern("^[A-Z]{3}$"),
        "rate" => positive(),
        "date" => pattern("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"),
        "source" => free_text(),
        other => missing(other),
    }
}
