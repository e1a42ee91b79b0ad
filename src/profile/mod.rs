//! The site profile (format 1): typed, validated description of one factory.
//!
//! This module holds the types only. Reading and validating TOML text lives in
//! [`load`]; nothing here does I/O. Every value in a [`Profile`] has passed the
//! checks of `../shared/SPEC.md` section 3, so later stages never re-validate.

pub mod load;

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
    pub environment: Option<Environment>,
}

/// `[site.environment]`: ambient conditions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Environment {
    pub min_temp_c: Option<f64>,
    pub max_temp_c: Option<f64>,
    pub humidity: Option<Level>,
    pub dust: Option<Level>,
}

/// `[owners]`: who owns each side of the deployment.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Owners {
    pub business: Option<Owner>,
    pub operations: Option<Owner>,
    pub it: Option<Owner>,
    pub data: Option<Owner>,
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
    pub name: String,
    pub contact: Option<String>,
}

/// `[network]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Network {
    pub segmentation: Segmentation,
    pub it_ot_firewall: bool,
    pub ot_dmz: bool,
    pub remote_access: Vec<RemoteAccess>,
    pub ot_internet_access: bool,
    /// IEC 62443 SL-T, 1..=4; `None` means the playbook default applies.
    pub security_level_target: Option<u32>,
}

/// One `[[systems]]` entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct System {
    pub id: String,
    pub kind: SystemKind,
    pub product: Option<String>,
    pub interfaces: Vec<Interface>,
    pub retention_months: Option<u32>,
}

/// One `[[assets]]` entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Asset {
    pub id: String,
    pub name: Option<String>,
    /// Free text, e.g. `hydraulic-press`.
    pub kind: String,
    pub line: Option<String>,
    pub criticality: Level,
    /// Year of installation.
    pub installed: i32,
    pub in_scope: bool,
    pub downtime_hours_per_year: Option<f64>,
    pub controller: Option<Controller>,
    pub sensors: Vec<Sensor>,
}

/// An asset's controller.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Controller {
    pub vendor: Option<String>,
    pub model: Option<String>,
    pub protocols: Vec<Protocol>,
}

/// One `[[assets.sensors]]` entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sensor {
    pub kind: SensorKind,
    pub sample_hz: Option<f64>,
    pub history_months: Option<u32>,
    /// Id of a system; `None` means not stored anywhere.
    pub stored_in: Option<String>,
    pub resolution_mp: Option<f64>,
}

/// `[data]`.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Data {
    pub maintenance_records: Option<MaintenanceRecords>,
    pub failure_events: Option<u32>,
    pub labeled_images: Option<u32>,
    pub quality_records: Option<QualityRecords>,
    pub energy_metering: Option<EnergyMetering>,
}

/// `[baseline]`: today's measured KPIs.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Baseline {
    /// ISO 4217 code.
    pub currency: Option<String>,
    pub oee: Option<f64>,
    pub unplanned_downtime_hours: Option<f64>,
    pub downtime_cost_per_hour: Option<f64>,
    pub scrap_rate: Option<f64>,
    pub annual_material_cost: Option<f64>,
    pub annual_energy_cost: Option<f64>,
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
