//! The site profile (format 1): typed, validated description of one factory.
//!
//! This module holds the types only. Reading and validating TOML text lives in
//! [`load`]; nothing here does I/O. Every value in a [`Profile`] has passed the
//! checks of `../shared/SPEC.md` section 3, so later stages never re-validate.

mod assets;
mod issues;
pub mod load;
mod plant;
mod read;
mod render;
mod shape;
mod site;
mod suggest;
#[cfg(test)]
mod tests;

use serde::Serialize;

pub use load::{load_profile, ProfileError, ProfileErrors};

/// Declares a closed, kebab-case vocabulary: an enum, its spellings, parsing and
/// serialization, so every enumerated profile value has one definition.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every accepted spelling, in declaration order.
            pub const ALL: &'static [&'static str] = &[$($text),+];

            /// The profile spelling of this value.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }

            /// Parses the exact profile spelling; `None` for anything else.
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some(Self::$variant),)+ _ => None }
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary!(
    /// low | medium | high, used for criticality, humidity and dust.
    Level { Low => "low", Medium => "medium", High => "high" }
);
vocabulary!(
    /// How IT and OT networks are separated.
    Segmentation { Flat => "flat", Segmented => "segmented", Purdue => "purdue" }
);
vocabulary!(
    /// A path by which people reach the OT network from outside.
    RemoteAccess { Vpn => "vpn", JumpHost => "jump-host", VendorDirect => "vendor-direct", RemoteDesktop => "remote-desktop" }
);
vocabulary!(
    /// The role a plant IT/OT system plays.
    SystemKind {
        Erp => "erp", Mes => "mes", Scada => "scada", Historian => "historian", Cmms => "cmms",
        Lims => "lims", Qms => "qms", DataPlatform => "data-platform", IiotPlatform => "iiot-platform",
        Other => "other",
    }
);
vocabulary!(
    /// A way a system exposes data.
    Interface {
        OpcUa => "opc-ua", OpcDa => "opc-da", ModbusTcp => "modbus-tcp", Mqtt => "mqtt",
        SparkplugB => "sparkplug-b", Rest => "rest", Odata => "odata", Sql => "sql", Rfc => "rfc",
        FileExport => "file-export", PiWebApi => "pi-web-api", None => "none",
    }
);
vocabulary!(
    /// A protocol a controller speaks.
    Protocol {
        OpcUa => "opc-ua", OpcDa => "opc-da", ModbusRtu => "modbus-rtu", ModbusTcp => "modbus-tcp",
        Profinet => "profinet", Profibus => "profibus", EthernetIp => "ethernet-ip", S7comm => "s7comm",
        Bacnet => "bacnet", Mqtt => "mqtt", Hart => "hart", Proprietary => "proprietary", None => "none",
    }
);
vocabulary!(
    /// What a sensor measures.
    SensorKind {
        Vibration => "vibration", Temperature => "temperature", Current => "current",
        Pressure => "pressure", Flow => "flow", Power => "power", Camera => "camera",
        Acoustic => "acoustic", Humidity => "humidity", OilQuality => "oil-quality",
        Speed => "speed", Position => "position",
    }
);
vocabulary!(
    /// Where maintenance history is kept.
    MaintenanceRecords { Cmms => "cmms", Spreadsheet => "spreadsheet", Paper => "paper", None => "none" }
);
vocabulary!(
    /// Where quality results are kept.
    QualityRecords { Lims => "lims", Mes => "mes", Spreadsheet => "spreadsheet", Paper => "paper", None => "none" }
);
vocabulary!(
    /// The finest energy metering interval available.
    EnergyMetering {
        None => "none", Monthly => "monthly", Hourly => "hourly", Min15 => "15min",
        Min1 => "1min", Realtime => "realtime",
    }
);
vocabulary!(
    /// One of the five owner roles of a deployment.
    Role { Business => "business", Operations => "operations", It => "it", Data => "data", Change => "change" }
);

/// A validated site profile.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Profile {
    /// The profile format version (always 1 today).
    pub format: u32,
    /// The `[site]` table.
    pub site: Site,
    /// The `[owners]` table; a missing role is `None`.
    pub owners: Owners,
    /// The `[network]` table.
    pub network: Network,
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
    /// Ambient conditions, when given.
    pub environment: Option<Environment>,
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
    /// Whether the use case targets this asset (default true).
    pub in_scope: bool,
    /// Unplanned downtime of this asset, hours per year.
    pub downtime_hours_per_year: Option<f64>,
    /// Its controller, when known.
    pub controller: Option<Controller>,
    /// `[[assets.sensors]]` in file order.
    pub sensors: Vec<Sensor>,
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
}

/// `[data]`.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Data {
    /// Where maintenance history is kept.
    pub maintenance_records: Option<MaintenanceRecords>,
    /// Documented failures with time and cause.
    pub failure_events: Option<u32>,
    /// Labelled images available.
    pub labeled_images: Option<u32>,
    /// Where quality results are kept.
    pub quality_records: Option<QualityRecords>,
    /// The finest energy metering interval.
    pub energy_metering: Option<EnergyMetering>,
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
}

impl Baseline {
    /// The numeric baseline keys, by profile name.
    pub const KEYS: &'static [&'static str] = &[
        "oee",
        "unplanned_downtime_hours",
        "downtime_cost_per_hour",
        "scrap_rate",
        "annual_material_cost",
        "annual_energy_cost",
        "annual_maintenance_cost",
    ];

    /// The names of the numeric baseline keys the profile gives.
    pub fn known_keys(&self) -> Vec<&'static str> {
        self.known().into_iter().map(|(k, _)| k).collect()
    }

    /// The numeric baseline keys that are present, by profile name.
    pub fn known(&self) -> Vec<(&'static str, f64)> {
        [
            ("oee", self.oee),
            ("unplanned_downtime_hours", self.unplanned_downtime_hours),
            ("downtime_cost_per_hour", self.downtime_cost_per_hour),
            ("scrap_rate", self.scrap_rate),
            ("annual_material_cost", self.annual_material_cost),
            ("annual_energy_cost", self.annual_energy_cost),
            ("annual_maintenance_cost", self.annual_maintenance_cost),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect()
    }
}
