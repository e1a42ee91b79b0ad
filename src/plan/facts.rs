//! Facts: the profile flattened into the variables that rules read.
//!
//! Rules (CEL conditions and Tera texts) never see `null`: an absent value is
//! `""`, `0`, `0.0` or `"unknown"`, and a `*_known` flag says whether the profile
//! gave it. That keeps every condition total. The field names here are a public
//! contract documented in `book/src/playbook-format.md`.

use serde::Serialize;

use crate::date::Date;
use crate::profile::{Asset, Owner, Profile, Role, Sensor, System};

/// Everything a rule can read about the site.
#[derive(Debug, Clone, Serialize)]
pub struct SiteFacts {
    pub id: String,
    pub name: String,
    pub company: String,
    pub country: String,
    pub shifts_per_day: u32,
    pub floor_staff: u32,
    pub languages: Vec<String>,
    pub language_count: usize,
    pub environment: EnvironmentFacts,
    pub owners: OwnersFacts,
    pub network: NetworkFacts,
    pub systems: Vec<SystemFacts>,
    pub system_kinds: Vec<String>,
    pub assets: Vec<AssetFacts>,
    pub in_scope_assets: usize,
    pub data: DataFacts,
    pub baseline: BaselineFacts,
}

/// `site.environment`.
#[derive(Debug, Clone, Serialize)]
pub struct EnvironmentFacts {
    pub known: bool,
    pub temp_known: bool,
    pub min_temp_c: f64,
    pub max_temp_c: f64,
    pub humidity: String,
    pub dust: String,
}

/// `site.owners`: one entry per role.
#[derive(Debug, Clone, Serialize)]
pub struct OwnersFacts {
    pub business: OwnerFacts,
    pub operations: OwnerFacts,
    pub it: OwnerFacts,
    pub data: OwnerFacts,
    pub change: OwnerFacts,
}

/// One owner role: the `owner` variable of owner-scope rules.
#[derive(Debug, Clone, Serialize)]
pub struct OwnerFacts {
    pub role: String,
    pub assigned: bool,
    pub name: String,
}

/// `site.network`.
#[derive(Debug, Clone, Serialize)]
pub struct NetworkFacts {
    pub segmentation: String,
    pub it_ot_firewall: bool,
    pub ot_dmz: bool,
    pub remote_access: Vec<String>,
    pub ot_internet_access: bool,
    pub security_level_target: u32,
    pub security_level_from_profile: bool,
}

/// A `[[systems]]` entry: the `system` variable.
#[derive(Debug, Clone, Serialize)]
pub struct SystemFacts {
    pub id: String,
    pub kind: String,
    pub product: String,
    pub interfaces: Vec<String>,
    pub retention_months: u32,
    pub retention_known: bool,
}

/// An asset: the `asset` variable.
#[derive(Debug, Clone, Serialize)]
pub struct AssetFacts {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub line: String,
    pub criticality: String,
    pub installed: i32,
    pub age_years: i32,
    pub in_scope: bool,
    pub downtime_hours_per_year: f64,
    pub downtime_known: bool,
    pub controller: ControllerFacts,
    pub protocols: Vec<String>,
    pub sensors: Vec<SensorFacts>,
    pub sensor_kinds: Vec<String>,
}

/// `asset.controller`.
#[derive(Debug, Clone, Serialize)]
pub struct ControllerFacts {
    pub present: bool,
    pub vendor: String,
    pub model: String,
    pub protocols: Vec<String>,
}

/// A sensor: the `sensor` variable.
#[derive(Debug, Clone, Serialize)]
pub struct SensorFacts {
    pub key: String,
    pub kind: String,
    pub sample_hz: f64,
    pub sample_hz_known: bool,
    pub history_months: u32,
    pub history_known: bool,
    pub stored: bool,
    pub stored_in: String,
    pub store_kind: String,
    pub store_retention_months: u32,
    pub resolution_mp: f64,
    pub resolution_known: bool,
}

/// `site.data`.
#[derive(Debug, Clone, Serialize)]
pub struct DataFacts {
    pub maintenance_records: String,
    pub quality_records: String,
    pub energy_metering: String,
    pub failure_events: u32,
    pub failure_events_known: bool,
    pub labeled_images: u32,
    pub labeled_images_known: bool,
}

/// `site.baseline`.
#[derive(Debug, Clone, Serialize)]
pub struct BaselineFacts {
    pub currency: String,
    pub known: Vec<String>,
    pub oee: f64,
    pub unplanned_downtime_hours: f64,
    pub downtime_cost_per_hour: f64,
    pub scrap_rate: f64,
    pub annual_material_cost: f64,
    pub annual_energy_cost: f64,
    pub annual_maintenance_cost: f64,
}

const UNKNOWN: &str = "unknown";

/// Flattens `profile` into facts, as of `as_of`, with `default_sl` as the
/// security level target when the profile sets none.
pub fn site_facts(profile: &Profile, as_of: Date, default_sl: u32) -> SiteFacts {
    let site = &profile.site;
    let env = site.environment.as_ref();
    let assets: Vec<AssetFacts> = profile
        .assets
        .iter()
        .map(|a| asset_facts(a, &profile.systems, as_of))
        .collect();
    let mut system_kinds: Vec<String> =
        profile.systems.iter().map(|s| s.kind.to_string()).collect();
    system_kinds.sort();
    system_kinds.dedup();
    SiteFacts {
        id: site.id.clone(),
        name: site.name.clone(),
        company: site.company.clone().unwrap_or_default(),
        country: site.country.clone().unwrap_or_default(),
        shifts_per_day: site.shifts_per_day,
        floor_staff: site.floor_staff,
        languages: site.languages.clone(),
        language_count: site.languages.len(),
        environment: EnvironmentFacts {
            known: env.is_some(),
            temp_known: env.is_some_and(|e| e.min_temp_c.is_some() && e.max_temp_c.is_some()),
            min_temp_c: env.and_then(|e| e.min_temp_c).unwrap_or(0.0),
            max_temp_c: env.and_then(|e| e.max_temp_c).unwrap_or(0.0),
            humidity: name_or_unknown(env.and_then(|e| e.humidity)),
            dust: name_or_unknown(env.and_then(|e| e.dust)),
        },
        owners: owners_facts(profile),
        network: network_facts(profile, default_sl),
        systems: profile.systems.iter().map(system_facts).collect(),
        system_kinds,
        in_scope_assets: assets.iter().filter(|a| a.in_scope).count(),
        assets,
        data: data_facts(profile),
        baseline: baseline_facts(profile),
    }
}

fn name_or_unknown<T: ToString>(value: Option<T>) -> String {
    value.map_or_else(|| UNKNOWN.to_string(), |v| v.to_string())
}

/// The facts of one owner role.
pub fn owner_facts(role: Role, owner: Option<&Owner>) -> OwnerFacts {
    OwnerFacts {
        role: role.to_string(),
        assigned: owner.is_some(),
        name: owner.map_or_else(|| crate::plan::UNASSIGNED.to_string(), |o| o.name.clone()),
    }
}

fn owners_facts(profile: &Profile) -> OwnersFacts {
    let of = |role| owner_facts(role, profile.owners.get(role));
    OwnersFacts {
        business: of(Role::Business),
        operations: of(Role::Operations),
        it: of(Role::It),
        data: of(Role::Data),
        change: of(Role::Change),
    }
}

fn network_facts(profile: &Profile, default_sl: u32) -> NetworkFacts {
    let net = &profile.network;
    NetworkFacts {
        segmentation: net.segmentation.to_string(),
        it_ot_firewall: net.it_ot_firewall,
        ot_dmz: net.ot_dmz,
        remote_access: net.remote_access.iter().map(ToString::to_string).collect(),
        ot_internet_access: net.ot_internet_access,
        security_level_target: net.security_level_target.unwrap_or(default_sl),
        security_level_from_profile: net.security_level_target.is_some(),
    }
}

fn system_facts(system: &System) -> SystemFacts {
    SystemFacts {
        id: system.id.clone(),
        kind: system.kind.to_string(),
        product: system.product.clone().unwrap_or_default(),
        interfaces: system.interfaces.iter().map(ToString::to_string).collect(),
        retention_months: system.retention_months.unwrap_or(0),
        retention_known: system.retention_months.is_some(),
    }
}

fn asset_facts(asset: &Asset, systems: &[System], as_of: Date) -> AssetFacts {
    let controller = asset.controller.as_ref();
    let protocols: Vec<String> = controller
        .map(|c| c.protocols.iter().map(ToString::to_string).collect())
        .unwrap_or_default();
    let sensors = sensor_facts(&asset.sensors, systems);
    let mut sensor_kinds: Vec<String> = Vec::new();
    for s in &sensors {
        if !sensor_kinds.contains(&s.kind) {
            sensor_kinds.push(s.kind.clone());
        }
    }
    AssetFacts {
        id: asset.id.clone(),
        name: asset.name.clone().unwrap_or_else(|| asset.id.clone()),
        kind: asset.kind.clone(),
        line: asset.line.clone().unwrap_or_default(),
        criticality: asset.criticality.to_string(),
        installed: asset.installed,
        age_years: (as_of.year() - asset.installed).max(0),
        in_scope: asset.in_scope,
        downtime_hours_per_year: asset.downtime_hours_per_year.unwrap_or(0.0),
        downtime_known: asset.downtime_hours_per_year.is_some(),
        controller: ControllerFacts {
            present: controller.is_some(),
            vendor: controller
                .and_then(|c| c.vendor.clone())
                .unwrap_or_default(),
            model: controller.and_then(|c| c.model.clone()).unwrap_or_default(),
            protocols: protocols.clone(),
        },
        protocols,
        sensors,
        sensor_kinds,
    }
}

/// Sensor facts with stable keys: the kind, then `kind-2`, `kind-3`... for repeats.
fn sensor_facts(sensors: &[Sensor], systems: &[System]) -> Vec<SensorFacts> {
    let mut seen: Vec<&str> = Vec::new();
    sensors
        .iter()
        .map(|s| {
            let kind = s.kind.as_str();
            seen.push(kind);
            let n = seen.iter().filter(|k| **k == kind).count();
            let key = if n == 1 {
                kind.to_string()
            } else {
                format!("{kind}-{n}")
            };
            let store = s
                .stored_in
                .as_ref()
                .and_then(|id| systems.iter().find(|x| &x.id == id));
            SensorFacts {
                key,
                kind: kind.to_string(),
                sample_hz: s.sample_hz.unwrap_or(0.0),
                sample_hz_known: s.sample_hz.is_some(),
                history_months: s.history_months.unwrap_or(0),
                history_known: s.history_months.is_some(),
                stored: s.stored_in.is_some(),
                stored_in: s.stored_in.clone().unwrap_or_default(),
                store_kind: store.map(|x| x.kind.to_string()).unwrap_or_default(),
                store_retention_months: store.and_then(|x| x.retention_months).unwrap_or(0),
                resolution_mp: s.resolution_mp.unwrap_or(0.0),
                resolution_known: s.resolution_mp.is_some(),
            }
        })
        .collect()
}

fn data_facts(profile: &Profile) -> DataFacts {
    let d = &profile.data;
    DataFacts {
        maintenance_records: name_or_unknown(d.maintenance_records),
        quality_records: name_or_unknown(d.quality_records),
        energy_metering: name_or_unknown(d.energy_metering),
        failure_events: d.failure_events.unwrap_or(0),
        failure_events_known: d.failure_events.is_some(),
        labeled_images: d.labeled_images.unwrap_or(0),
        labeled_images_known: d.labeled_images.is_some(),
    }
}

fn baseline_facts(profile: &Profile) -> BaselineFacts {
    let b = &profile.baseline;
    BaselineFacts {
        currency: b.currency.clone().unwrap_or_default(),
        known: b.known().into_iter().map(|(k, _)| k.to_string()).collect(),
        oee: b.oee.unwrap_or(0.0),
        unplanned_downtime_hours: b.unplanned_downtime_hours.unwrap_or(0.0),
        downtime_cost_per_hour: b.downtime_cost_per_hour.unwrap_or(0.0),
        scrap_rate: b.scrap_rate.unwrap_or(0.0),
        annual_material_cost: b.annual_material_cost.unwrap_or(0.0),
        annual_energy_cost: b.annual_energy_cost.unwrap_or(0.0),
        annual_maintenance_cost: b.annual_maintenance_cost.unwrap_or(0.0),
    }
}
