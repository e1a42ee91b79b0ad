//! Facts: the profile flattened into the variables that rules read.
//!
//! One [`SiteFacts`] is built once per site and use case ([`site_facts`]) and
//! serves every reader: `plan::derive`, the playbook probe, `explain` and
//! `gate`. Rules (CEL conditions and Tera texts) never see `null`: an absent
//! value is `""`, `0`, `0.0` or `"unknown"`, and a `*_known` flag says whether
//! the profile gave it. That keeps every condition total. The field names here
//! are a public contract documented in `book/src/playbook-format.md`; this
//! module knows the profile but nothing of playbooks.

mod assets;
mod build;
mod lineage;
#[cfg(test)]
mod tests;

use serde::Serialize;

pub use build::{owner_facts, owner_roles, site_facts};

/// The name shown for a role nobody owns.
pub const UNASSIGNED: &str = "UNASSIGNED";

/// Everything a rule can read about the site: the `site` variable.
#[derive(Debug, Clone, Serialize)]
pub struct SiteFacts {
    pub id: String,
    pub name: String,
    pub company: String,
    pub country: String,
    /// Whether `country` is one of the 27 EU member states (ATEX, GDPR, the AI Act and
    /// NIS2 apply there); `false` when no country is given.
    pub in_eu: bool,
    /// The ATEX directives bind: the site is in the EU or the profile declares the
    /// `atex` regime.
    pub atex: bool,
    pub timezone: String,
    /// The profile format the file declares: 1 or 2.
    pub format: u32,
    /// The use case these facts were built for.
    pub use_case: String,
    pub industry: String,
    pub industry_known: bool,
    /// How product is traced, from the industry: `batch` (process industries trace lots and
    /// batches), `part` (discrete industries trace serials and part genealogy) or `unknown`.
    pub traceability: String,
    pub regimes: Vec<String>,
    pub shifts_per_day: u32,
    pub floor_staff: u32,
    pub languages: Vec<String>,
    pub language_count: usize,
    pub environment: EnvironmentFacts,
    pub climate: ClimateFacts,
    pub owners: OwnersFacts,
    pub network: NetworkFacts,
    pub areas: Vec<AreaFacts>,
    /// Distinct hazardous classifications of the areas, `none` left out.
    pub hazardous_zones: Vec<String>,
    /// Distinct washdown levels of the areas, `none` left out.
    pub washdown: Vec<String>,
    /// Distinct production types of the areas (`batch`, `continuous`, `discrete`).
    pub production: Vec<String>,
    /// Distinct wireless standards of the in-scope sensors, `none` left out.
    pub wireless: Vec<String>,
    pub systems: Vec<SystemFacts>,
    pub system_kinds: Vec<String>,
    pub assets: Vec<AssetFacts>,
    /// Assets in scope for this use case.
    pub in_scope_assets: usize,
    /// In-scope assets with a camera among their sensors (a site-level fact, so a rule run
    /// per asset need not scan every asset).
    pub in_scope_camera_assets: usize,
    /// Lines the in-scope assets stand on: distinct `line` values, an asset without a line
    /// counted as a line of its own (the pilot's operators work these).
    pub in_scope_lines: usize,
    /// The hottest and coldest conditions where the in-scope assets stand.
    pub in_scope_ambient: AmbientFacts,
    /// The documented failures of the in-scope assets and their yearly rate.
    pub in_scope_failures: FailureFacts,
    pub data: DataFacts,
    pub baseline: BaselineFacts,
}

/// `site.in_scope_failures`: the documented failures of the in-scope assets over the years
/// since `data.maintenance_records_since`: their own format 2 `failure_events` when every one
/// gives it, else the site's `data.failure_events` (an upper bound: it counts every asset).
#[derive(Debug, Clone, Serialize)]
pub struct FailureFacts {
    /// Whether a count and the records' start year are given and an asset is in scope.
    pub known: bool,
    /// Whether `events` is the site's total, not the in-scope assets' own sum.
    pub upper_bound: bool,
    pub events: u32,
    /// Whole years of records up to the as-of date (at least 1; 0 when the start is not given).
    pub years: u32,
    pub per_year: f64,
}

/// `site.environment`: the shop floor.
#[derive(Debug, Clone, Serialize)]
pub struct EnvironmentFacts {
    pub known: bool,
    pub temp_known: bool,
    pub min_temp_c: f64,
    pub max_temp_c: f64,
    pub humidity: String,
    pub dust: String,
}

/// `site.in_scope_ambient`: the extremes over the in-scope assets' areas (an area's
/// temperatures, else the site's environment); `known` when at least one asset's are known.
#[derive(Debug, Clone, Serialize)]
pub struct AmbientFacts {
    pub known: bool,
    pub min_temp_c: f64,
    pub max_temp_c: f64,
    /// The name of the area that is hottest; `""` when that is the site's environment.
    pub hottest_area: String,
    /// The name of the area that is coldest; `""` when that is the site's environment.
    pub coldest_area: String,
}

/// `site.climate`: outdoor design conditions.
#[derive(Debug, Clone, Serialize)]
pub struct ClimateFacts {
    pub known: bool,
    pub min_temp_c: f64,
    pub max_temp_c: f64,
}

/// `site.owners`: one entry per role.
#[derive(Debug, Clone, Serialize)]
pub struct OwnersFacts {
    pub business: OwnerFacts,
    pub operations: OwnerFacts,
    pub it: OwnerFacts,
    pub data: OwnerFacts,
    pub change: OwnerFacts,
    pub quality: OwnerFacts,
    pub safety: OwnerFacts,
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

/// An area's conditions: an entry of `site.areas`, and `asset.area`.
///
/// For an asset the temperatures, humidity and dust are the area's where it
/// overrides them, else the site's `environment`.
#[derive(Debug, Clone, Serialize)]
pub struct AreaFacts {
    /// The asset names an area (always true in `site.areas`).
    pub known: bool,
    pub id: String,
    pub name: String,
    /// `none`, a zone or a class/division; `unknown` when not given.
    pub hazardous: String,
    pub hazardous_known: bool,
    /// The area is a classified hazardous location (a zone or a division).
    pub hazardous_area: bool,
    /// The equipment protection levels a zone accepts (IEC 60079-0/-14), e.g. `Gb or Ga`;
    /// `""` outside a zone (an NEC class/division is approved by class and division).
    pub epl: String,
    /// The ATEX equipment categories a zone accepts (Directive 1999/92/EC), e.g. `2G or 1G`;
    /// `""` outside a zone.
    pub atex_category: String,
    /// `none`, `wet` or `high-pressure`; `unknown` when not given.
    pub washdown: String,
    pub washdown_known: bool,
    /// `batch`, `continuous` or `discrete`; `unknown` when not given.
    pub production: String,
    pub production_known: bool,
    pub temp_known: bool,
    pub min_temp_c: f64,
    pub max_temp_c: f64,
    pub humidity: String,
    pub dust: String,
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
    /// `ot`, `dmz`, `it` or `cloud`: as given, else the default for the kind.
    pub hosted: String,
    pub hosted_known: bool,
    /// `on`, `off` or `unknown`.
    pub compression: String,
    /// A historian's product family (`pi`, `ignition`, `aveva-historian`,
    /// `other`); `""` for other kinds.
    pub family: String,
    /// In-scope assets it runs (as their DCS or SCADA) or stores sensor data of.
    pub assets: Vec<String>,
    /// In-scope assets whose controller it runs.
    pub controlled_assets: Vec<String>,
    /// Those of `controlled_assets` whose controller's life cycle is `phase-out` or
    /// `discontinued`, as `asset (vendor model, lifecycle)`.
    pub retired_controllers: Vec<String>,
    /// The in-scope sensors stored in it, as `asset.sensor-key`.
    pub tags: Vec<String>,
    /// A SCADA, MES, DCS, EMS or IIoT platform (not a historian) that holds months of
    /// history (`history_months` or its `retention_months`) of an in-scope signal other than
    /// a camera's.
    pub keeps_history: bool,
    /// Energy carriers whose metering is stored in it.
    pub energy_carriers: Vec<String>,
}

/// An asset: the `asset` variable.
#[derive(Debug, Clone, Serialize)]
pub struct AssetFacts {
    pub id: String,
    pub name: String,
    pub kind: String,
    /// The equipment class; `unknown` when not given.
    pub class: String,
    pub class_known: bool,
    pub line: String,
    pub criticality: String,
    pub installed: i32,
    pub age_years: i32,
    /// In scope for the use case being planned.
    pub in_scope: bool,
    /// Every use case the asset is in scope for.
    pub use_cases: Vec<String>,
    pub downtime_hours_per_year: f64,
    pub downtime_known: bool,
    pub failure_events: u32,
    pub failure_events_known: bool,
    pub labeled_images: u32,
    pub labeled_images_known: bool,
    pub area: AreaFacts,
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
    /// The controller's own year; the asset's when not given.
    pub installed: i32,
    pub installed_known: bool,
    /// The controller's own age; the asset's when its year is not given.
    pub age_years: i32,
    /// `active`, `phase-out`, `discontinued` or `unknown`.
    pub lifecycle: String,
    /// Id of the system that runs it, or `""`.
    pub system: String,
    /// Kind of that system (e.g. `dcs`), or `""`.
    pub system_kind: String,
    /// `logix`, `pccc` (SLC 500, PLC-5, MicroLogix), `s7-300`, `s7-400`,
    /// `s7-1200-1500` or `other`; `""` without a controller.
    pub family: String,
    /// Whether the CPU has an Ethernet port of its own, from the model name:
    /// `integrated` (S7-1200/1500, a PN CPU such as the 315-2 PN/DP), `none`
    /// (a DP-only S7-300/400 CPU such as the 416-2 DP: TCP 102 needs a CP in
    /// its rack), `unknown` otherwise; `""` without a controller.
    pub ethernet: String,
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
    /// `none` (wired) or a wireless standard; `none` when not given.
    pub wireless: String,
    pub wireless_known: bool,
    /// `waveform` (raw samples) or `overall` (one overall value, no waveform);
    /// `unknown` when not given.
    pub signal: String,
    pub signal_known: bool,
    /// What a camera is for; `unknown` when not given.
    pub purpose: String,
    pub fov_mm: f64,
    pub fov_known: bool,
    pub min_defect_mm: f64,
    pub min_defect_known: bool,
    /// Millimetres per pixel across the field of view (4:3 sensor assumed).
    pub mm_per_px: f64,
    pub mm_per_px_known: bool,
    /// Pixels across the smallest defect.
    pub px_per_defect: f64,
    pub px_per_defect_known: bool,
}

/// `site.data`.
#[derive(Debug, Clone, Serialize)]
pub struct DataFacts {
    /// Where maintenance history is kept today (the newest entry).
    pub maintenance_records: String,
    /// Every place it was kept, newest first.
    pub maintenance_records_history: Vec<String>,
    pub maintenance_records_since: i32,
    pub maintenance_records_since_known: bool,
    pub quality_records: String,
    /// The site's energy metering: `energy_metering`, else the electricity
    /// entry of `[[data.energy]]`, else the finest entry.
    pub energy_metering: String,
    pub energy: Vec<EnergyFacts>,
    pub energy_carriers: Vec<String>,
    /// Carriers whose entry gives a metering other than `none`, water left out (a resource,
    /// not energy).
    pub metered_carriers: Vec<String>,
    /// Fuel and thermal carriers (not electricity, which `energy_metering`
    /// judges, nor water) whose entry is metered monthly, not at all (`none`)
    /// or gives no interval.
    pub coarse_fuel_carriers: Vec<String>,
    /// Carriers (not water) metered at an interval but stored nowhere.
    pub unstored_interval_carriers: Vec<String>,
    pub failure_events: u32,
    pub failure_events_known: bool,
    pub labeled_images: u32,
    pub labeled_images_known: bool,
}

/// One `[[data.energy]]` entry.
#[derive(Debug, Clone, Serialize)]
pub struct EnergyFacts {
    pub carrier: String,
    pub metering: String,
    pub stored: bool,
    pub stored_in: String,
    pub store_kind: String,
    pub store_retention_months: u32,
    pub history_months: u32,
    pub history_known: bool,
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

impl OwnersFacts {
    /// The facts of `role`.
    pub fn get(&self, role: crate::vocab::Role) -> &OwnerFacts {
        use crate::vocab::Role;
        match role {
            Role::Business => &self.business,
            Role::Operations => &self.operations,
            Role::It => &self.it,
            Role::Data => &self.data,
            Role::Change => &self.change,
            Role::Quality => &self.quality,
            Role::Safety => &self.safety,
        }
    }
}
