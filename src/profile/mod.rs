//! The site profile (formats 1 and 2): typed, validated description of one factory.
//!
//! This module holds the types only. Reading and validating TOML text lives in
//! [`load`]; nothing here does I/O. Every value in a [`Profile`] has passed the
//! checks of `../shared/SPEC.md` sections 3 and 3b, so later stages never
//! re-validate. A format 1 file loads into the same types, with the format 2
//! keys at their defaults. The closed vocabularies live in [`crate::vocab`].

mod areas;
mod assets;
mod data;
#[cfg(test)]
mod format2_tests;
mod issues;
pub mod load;
mod plant;
mod read;
mod render;
pub mod schema;
#[cfg(test)]
mod schema_tests;
mod sensors;
mod shape;
mod site;
mod suggest;
#[cfg(test)]
mod tests;

use serde::Serialize;

pub use crate::vocab::*;
pub use load::{load_profile, ProfileError, ProfileErrors};

/// A validated site profile.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Profile {
    /// The format version the file declares: 1 or 2.
    pub format: u32,
    /// The `[site]` table.
    pub site: Site,
    /// The `[owners]` table; a missing role is `None`.
    pub owners: Owners,
    /// The `[network]` table.
    pub network: Network,
    /// `[[areas]]` in file order (format 2; empty for format 1).
    pub areas: Vec<Area>,
    /// `[[systems]]` in file order.
    pub systems: Vec<System>,
    /// `[[assets]]` in file order.
    pub assets: Vec<Asset>,
    /// The `[data]` table; every key optional.
    pub data: Data,
    /// The `[baseline]` table; every key optional.
    pub baseline: Baseline,
}

/// The `[site]` table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Site {
    /// Slug used in paths and branch names.
    pub id: String,
    /// Display name, any Unicode text.
    pub name: String,
    /// Owning company, free text.
    pub company: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    /// IANA time zone name.
    pub timezone: Option<String>,
    /// 1..=4.
    pub shifts_per_day: u32,
    /// People on the floor who will use or be affected by the tool.
    pub floor_staff: u32,
    /// BCP 47 tags of training languages.
    pub languages: Vec<String>,
    /// Ambient conditions on the shop floor, when given.
    pub environment: Option<Environment>,
    /// The industry (format 2).
    pub industry: Option<Industry>,
    /// Regulatory regimes the site operates under (format 2; default none).
    pub regimes: Vec<Regime>,
    /// Outdoor design conditions, the weather (format 2).
    pub climate: Option<Climate>,
}

/// `[site.climate]`: outdoor design conditions, not the shop floor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Climate {
    /// Lowest outdoor design temperature, degrees Celsius.
    pub min_temp_c: Option<f64>,
    /// Highest outdoor design temperature, degrees Celsius; at least `min_temp_c`.
    pub max_temp_c: Option<f64>,
}

/// One `[[areas]]` entry: a part of the plant that shares conditions (format 2).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Area {
    /// Slug, unique among areas.
    pub id: String,
    /// Display name, free text.
    pub name: Option<String>,
    /// Hazardous-area classification; `None` when not given.
    pub hazardous: Option<Hazardous>,
    /// How the area is cleaned; `None` when not given.
    pub washdown: Option<Washdown>,
    /// How the area produces (batch, continuous, discrete); `None` when not given.
    pub production: Option<Production>,
    /// Override of `site.environment.min_temp_c` for this area.
    pub min_temp_c: Option<f64>,
    /// Override of `site.environment.max_temp_c` for this area.
    pub max_temp_c: Option<f64>,
    /// Override of `site.environment.humidity` for this area.
    pub humidity: Option<Level>,
    /// Override of `site.environment.dust` for this area.
    pub dust: Option<Level>,
}

/// `[site.environment]`: ambient conditions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Environment {
    /// Lowest ambient temperature, degrees Celsius.
    pub min_temp_c: Option<f64>,
    /// Highest ambient temperature, degrees Celsius; at least `min_temp_c`.
    pub max_temp_c: Option<f64>,
    /// Ambient humidity level.
    pub humidity: Option<Level>,
    /// Ambient dust level.
    pub dust: Option<Level>,
}

/// `[owners]`: who owns each side of the deployment.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Owners {
    /// Owner of the business case.
    pub business: Option<Owner>,
    /// Owner on the shop floor.
    pub operations: Option<Owner>,
    /// Owner of IT/OT integration and security.
    pub it: Option<Owner>,
    /// Owner of the data.
    pub data: Option<Owner>,
    /// Owner of change management and training.
    pub change: Option<Owner>,
    /// Quality assurance: validated systems, dispositions, quality records (format 2).
    pub quality: Option<Owner>,
    /// HSE and process safety: MOC, hazardous areas, SIS (format 2).
    pub safety: Option<Owner>,
}

impl Owners {
    /// The owner of `role`, if one is named.
    pub fn get(&self, role: Role) -> Option<&Owner> {
        match role {
            Role::Business => self.business.as_ref(),
            Role::Operations => self.operations.as_ref(),
            Role::It => self.it.as_ref(),
            Role::Data => self.data.as_ref(),
            Role::Change => self.change.as_ref(),
            Role::Quality => self.quality.as_ref(),
            Role::Safety => self.safety.as_ref(),
        }
    }
}

/// A named owner.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Owner {
    /// Their name or team.
    pub name: String,
    /// How to reach them, free text.
    pub contact: Option<String>,
}

/// `[network]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Network {
    /// How IT and OT networks are separated.
    pub segmentation: Segmentation,
    /// A firewall separates IT from OT (default false).
    pub it_ot_firewall: bool,
    /// An industrial DMZ exists, Purdue level 3.5 (default false).
    pub ot_dmz: bool,
    /// Ways people reach the OT network from outside (default none).
    pub remote_access: Vec<RemoteAccess>,
    /// OT devices can reach the internet (default false).
    pub ot_internet_access: bool,
    /// IEC 62443 SL-T, 1..=4; `None` means the playbook default applies.
    pub security_level_target: Option<u32>,
}

/// One `[[systems]]` entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct System {
    /// Slug, unique among systems.
    pub id: String,
    /// The role the system plays.
    pub kind: SystemKind,
    /// Product name and version, free text.
    pub product: Option<String>,
    /// Ways the system exposes data (default none).
    pub interfaces: Vec<Interface>,
    /// How long data is kept; meaningful for historians and data platforms.
    pub retention_months: Option<u32>,
    /// Where it runs, as given (format 2); see [`System::hosted_or_default`].
    pub hosted: Option<Hosted>,
    /// A historian's exception/compression setting (format 2).
    pub compression: Option<Compression>,
}

impl System {
    /// Where the system runs: as given, else the default for its kind.
    pub fn hosted_or_default(&self) -> Hosted {
        self.hosted.unwrap_or_else(|| self.kind.default_hosted())
    }
}

/// One `[[assets]]` entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Asset {
    /// Slug, unique among assets.
    pub id: String,
    /// Display name, free text.
    pub name: Option<String>,
    /// Free text, e.g. `hydraulic-press`.
    pub kind: String,
    /// Production line, free text.
    pub line: Option<String>,
    /// How much its failure matters.
    pub criticality: Level,
    /// Year of installation.
    pub installed: i32,
    /// `in_scope` as written (default true); format 1's one flag for every use case.
    pub in_scope: bool,
    /// The equipment class rules key on (format 2).
    pub class: Option<AssetClass>,
    /// Id of the `[[areas]]` entry the asset stands in (format 2).
    pub area: Option<String>,
    /// The use cases this asset is in scope for, resolved at load time: as
    /// written, else every known use case when `in_scope`, none when not.
    pub use_cases: Vec<String>,
    /// Documented failures of this asset (format 2).
    pub failure_events: Option<u32>,
    /// Labelled images of this asset's product or station (format 2).
    pub labeled_images: Option<u32>,
    /// Unplanned downtime of this asset, hours per year.
    pub downtime_hours_per_year: Option<f64>,
    /// Its controller, when known.
    pub controller: Option<Controller>,
    /// `[[assets.sensors]]` in file order.
    pub sensors: Vec<Sensor>,
}

impl Asset {
    /// Whether `use_case` targets this asset.
    pub fn in_scope_for(&self, use_case: &str) -> bool {
        self.use_cases.iter().any(|u| u == use_case)
    }
}

/// An asset's controller.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Controller {
    /// Controller maker, free text.
    pub vendor: Option<String>,
    /// Controller model, free text.
    pub model: Option<String>,
    /// Protocols it speaks (default none).
    pub protocols: Vec<Protocol>,
    /// Year the controller (not the machine) was installed (format 2).
    pub installed: Option<i32>,
    /// Where the controller is in its vendor's lifecycle (format 2).
    pub lifecycle: Option<Lifecycle>,
    /// Id of the system (a DCS or SCADA) that runs it (format 2).
    pub system: Option<String>,
}

/// One `[[assets.sensors]]` entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sensor {
    /// What it measures.
    pub kind: SensorKind,
    /// Sampling rate, greater than 0.
    pub sample_hz: Option<f64>,
    /// Stored history available today, in months.
    pub history_months: Option<u32>,
    /// Id of a system; `None` means not stored anywhere.
    pub stored_in: Option<String>,
    /// Camera resolution in megapixels; cameras only.
    pub resolution_mp: Option<f64>,
    /// How it reaches its gateway; `None` when not given (format 2).
    pub wireless: Option<Wireless>,
    /// Raw samples or one overall value; `None` when not given (format 2).
    pub signal: Option<SensorSignal>,
    /// What a camera is for; cameras only (format 2).
    pub purpose: Option<CameraPurpose>,
    /// Field of view width in millimetres; cameras only (format 2).
    pub fov_mm: Option<f64>,
    /// Smallest defect or stroke that must be seen, millimetres; cameras only (format 2).
    pub min_defect_mm: Option<f64>,
}

/// `[data]`.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Data {
    /// Where maintenance history is kept, newest first; empty when not given.
    /// Format 1 (and a single value in format 2) gives a list of one.
    pub maintenance_records: Vec<MaintenanceRecords>,
    /// Year the first entry of `maintenance_records` started (format 2).
    pub maintenance_records_since: Option<i32>,
    /// Documented failures with time and cause.
    pub failure_events: Option<u32>,
    /// Labelled images available.
    pub labeled_images: Option<u32>,
    /// Where quality results are kept.
    pub quality_records: Option<QualityRecords>,
    /// The finest energy metering interval (format 1 style).
    pub energy_metering: Option<EnergyMetering>,
    /// `[[data.energy]]`: metering per carrier (format 2; replaces `energy_metering`).
    pub energy: Vec<EnergyFeed>,
}

/// One `[[data.energy]]` entry: how one carrier is metered and where it is stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnergyFeed {
    /// What is metered.
    pub carrier: EnergyCarrier,
    /// The metering interval, when given.
    pub metering: Option<EnergyMetering>,
    /// Id of the system holding the data; `None` means not stored anywhere.
    pub stored_in: Option<String>,
    /// Stored history available today, in months.
    pub history_months: Option<u32>,
}

/// `[baseline]`: today's measured KPIs.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Baseline {
    /// ISO 4217 code.
    pub currency: Option<String>,
    /// Overall equipment effectiveness, 0..=1.
    pub oee: Option<f64>,
    /// Unplanned downtime per year for the in-scope assets.
    pub unplanned_downtime_hours: Option<f64>,
    /// Cost of one hour of downtime, in `currency`.
    pub downtime_cost_per_hour: Option<f64>,
    /// Share of output scrapped, 0..=1.
    pub scrap_rate: Option<f64>,
    /// Material cost per year, in `currency`.
    pub annual_material_cost: Option<f64>,
    /// Energy cost per year, in `currency`.
    pub annual_energy_cost: Option<f64>,
    /// Maintenance cost per year, in `currency`.
    pub annual_maintenance_cost: Option<f64>,
    /// Exchange rates into `currency` (format 2, `[[baseline.rates]]`): how
    /// playbook costs written in another currency are converted.
    pub rates: Vec<ExchangeRate>,
}

/// One `[[baseline.rates]]` entry: `1 <from> = rate <baseline currency>`,
/// shown in the business case as an assumption with its date and source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExchangeRate {
    /// ISO 4217 code of the currency converted from.
    pub from: String,
    /// Units of the baseline currency for one unit of `from`.
    pub rate: f64,
    /// The day the rate was taken, `YYYY-MM-DD`.
    pub date: String,
    /// Where the rate comes from.
    pub source: String,
}

impl Baseline {
    /// The numeric baseline keys, by profile name.
    pub const KEYS: &'static [&'static str] = crate::vocab::BaselineKey::ALL;

    /// The value of one numeric key, if the profile gives it.
    pub fn get(&self, key: crate::vocab::BaselineKey) -> Option<f64> {
        use crate::vocab::BaselineKey as K;
        match key {
            K::Oee => self.oee,
            K::UnplannedDowntimeHours => self.unplanned_downtime_hours,
            K::DowntimeCostPerHour => self.downtime_cost_per_hour,
            K::ScrapRate => self.scrap_rate,
            K::AnnualMaterialCost => self.annual_material_cost,
            K::AnnualEnergyCost => self.annual_energy_cost,
            K::AnnualMaintenanceCost => self.annual_maintenance_cost,
        }
    }

    /// The names of the numeric baseline keys the profile gives.
    pub fn known_keys(&self) -> Vec<&'static str> {
        self.known().into_iter().map(|(k, _)| k).collect()
    }

    /// The numeric baseline keys that are present, by profile name.
    pub fn known(&self) -> Vec<(&'static str, f64)> {
        crate::vocab::BaselineKey::VALUES
            .iter()
            .filter_map(|&k| self.get(k).map(|v| (k.as_str(), v)))
            .collect()
    }
}
