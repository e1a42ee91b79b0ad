//! The closed vocabularies of the site profile, the playbooks and progress, defined once.
//!
//! Every enumerated profile value (levels, industries, regimes, system kinds,
//! protocols, asset classes, roles...) is an enum declared here with its
//! kebab-case spelling, the list of every spelling (for "did you mean" and for
//! the JSON Schema), parsing and serde. The profile loader, the facts rules read
//! and the playbook checks all use these enums, so a value cannot be spelt two
//! ways. This module knows nothing about TOML positions or playbooks.

use serde::{Deserialize, Serialize};

/// Declares a closed, kebab-case vocabulary: an enum, its spellings, parsing and
/// serialization, so every enumerated profile value has one definition.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $(#[doc = $text] $variant),+ }

        impl $name {
            /// Every accepted spelling, in declaration order.
            pub const ALL: &'static [&'static str] = &[$($text),+];

            /// Every value, in declaration order.
            pub const VALUES: &'static [$name] = &[$(Self::$variant),+];

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

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                Self::parse(&text).ok_or_else(|| {
                    serde::de::Error::custom(format!(
                        "invalid value `{text}`: expected one of {}",
                        Self::ALL.join(", ")
                    ))
                })
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
        Other => "other", Dcs => "dcs", Sis => "sis", Ems => "ems", ImageStore => "image-store",
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
        DhPlus => "dh-plus", Df1 => "df1", Devicenet => "devicenet",
        FoundationFieldbus => "foundation-fieldbus", Ethercat => "ethercat", Canopen => "canopen",
        CcLink => "cc-link",
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
    /// A metering interval, from none to realtime; later values are finer.
    EnergyMetering {
        None => "none", Monthly => "monthly", Hourly => "hourly", Min15 => "15min",
        Min1 => "1min", Realtime => "realtime",
    }
);
vocabulary!(
    /// An owner role of a deployment: the five of format 1, then quality and safety.
    Role {
        Business => "business", Operations => "operations", It => "it", Data => "data",
        Change => "change", Quality => "quality", Safety => "safety",
    }
);
vocabulary!(
    /// The industry a site belongs to (format 2).
    Industry {
        Automotive => "automotive", DiscreteMachinery => "discrete-machinery",
        Electronics => "electronics", Metals => "metals", Chemicals => "chemicals",
        Pharma => "pharma", FoodBeverage => "food-beverage", PulpPaper => "pulp-paper",
        PlasticsRubber => "plastics-rubber", BuildingMaterials => "building-materials",
        OilGas => "oil-gas", EnergyUtilities => "energy-utilities", Water => "water",
        Textiles => "textiles", Other => "other",
    }
);
vocabulary!(
    /// A regulatory regime the site operates under (format 2).
    Regime {
        EuGmp => "eu-gmp", UsCgmp => "us-cgmp", Haccp => "haccp", UsFsma => "us-fsma",
        UsPmo => "us-pmo", SevesoUpper => "seveso-upper", SevesoLower => "seveso-lower",
        UsPsm => "us-psm", Atex => "atex", NecHazloc => "nec-hazloc", Nis2 => "nis2",
        Other => "other",
    }
);
vocabulary!(
    /// The hazardous-area classification of an area: IEC/ATEX zones or NEC class/division.
    Hazardous {
        None => "none", Zone0 => "zone-0", Zone1 => "zone-1", Zone2 => "zone-2",
        Zone20 => "zone-20", Zone21 => "zone-21", Zone22 => "zone-22",
        ClassIDiv1 => "class-i-div-1", ClassIDiv2 => "class-i-div-2",
        ClassIIDiv1 => "class-ii-div-1", ClassIIDiv2 => "class-ii-div-2",
    }
);
vocabulary!(
    /// Which groups of people a training module runs separate sessions for
    /// (playbook `training.cover`): every shift and language, one of them, or neither.
    TrainingCover {
        ShiftsAndLanguages => "shifts-and-languages", Shifts => "shifts",
        Languages => "languages", None => "none",
    }
);
vocabulary!(
    /// How an area is cleaned: no washdown, wet cleaning or high-pressure washdown.
    Washdown { None => "none", Wet => "wet", HighPressure => "high-pressure" }
);
vocabulary!(
    /// How an area produces, after the ISA-95 work centers: `batch` (a process cell running
    /// recipes as batches), `continuous` (a production unit) or `discrete` (a production line).
    Production { Batch => "batch", Continuous => "continuous", Discrete => "discrete" }
);
vocabulary!(
    /// Where a system runs: OT network, industrial DMZ, IT network or a cloud.
    Hosted { Ot => "ot", Dmz => "dmz", It => "it", Cloud => "cloud" }
);
vocabulary!(
    /// A historian's exception/compression setting.
    Compression { On => "on", Off => "off", Unknown => "unknown" }
);
vocabulary!(
    /// The equipment class rules key on (`kind` stays free text).
    AssetClass {
        Pump => "pump", Compressor => "compressor",
        ReciprocatingCompressor => "reciprocating-compressor", FanBlower => "fan-blower",
        ElectricMotor => "electric-motor", Gearbox => "gearbox", Turbine => "turbine",
        Generator => "generator", AgitatorMixer => "agitator-mixer", Centrifuge => "centrifuge",
        Spindle => "spindle",
        Press => "press", MachineTool => "machine-tool", Robot => "robot", Conveyor => "conveyor",
        PackagingMachine => "packaging-machine", FillingMachine => "filling-machine",
        InjectionMolding => "injection-molding", Extruder => "extruder", Welding => "welding",
        Printing => "printing", InspectionStation => "inspection-station",
        FurnaceKiln => "furnace-kiln", OvenDryer => "oven-dryer", Boiler => "boiler",
        HeatExchanger => "heat-exchanger", VesselReactor => "vessel-reactor", Tank => "tank",
        HydraulicUnit => "hydraulic-unit", ChillerHvac => "chiller-hvac",
        Refrigeration => "refrigeration", Valve => "valve",
        TransformerSwitchgear => "transformer-switchgear", CraneHoist => "crane-hoist",
        Other => "other",
    }
);
vocabulary!(
    /// Where a controller is in its vendor's lifecycle.
    Lifecycle { Active => "active", PhaseOut => "phase-out", Discontinued => "discontinued", Unknown => "unknown" }
);
vocabulary!(
    /// How a sensor reaches its gateway: wired (`none`) or one of the wireless standards.
    Wireless {
        None => "none", Wirelesshart => "wirelesshart", Isa100 => "isa100", Lorawan => "lorawan",
        Wifi => "wifi", Bluetooth => "bluetooth", Cellular => "cellular", Zigbee => "zigbee",
    }
);
vocabulary!(
    /// What a sensor delivers: raw samples (`waveform`, at its `sample_hz`) or one overall
    /// value (`overall`, such as the RMS velocity of a 4-20 mA vibration transmitter).
    SensorSignal { Waveform => "waveform", Overall => "overall" }
);
vocabulary!(
    /// What a camera is for.
    CameraPurpose {
        DefectDetection => "defect-detection", OcrOcv => "ocr-ocv", CodeGrading => "code-grading",
        Presence => "presence", Measurement => "measurement",
    }
);
vocabulary!(
    /// An energy or utility carrier that can be metered.
    EnergyCarrier {
        Electricity => "electricity", NaturalGas => "natural-gas", Steam => "steam",
        CompressedAir => "compressed-air", ChilledWater => "chilled-water",
        HotWater => "hot-water", Water => "water",
    }
);

vocabulary!(
    /// A numeric key of `[baseline]`, the facts the business case and the gates use.
    BaselineKey {
        Oee => "oee", UnplannedDowntimeHours => "unplanned_downtime_hours",
        DowntimeCostPerHour => "downtime_cost_per_hour", ScrapRate => "scrap_rate",
        AnnualMaterialCost => "annual_material_cost", AnnualEnergyCost => "annual_energy_cost",
        AnnualMaintenanceCost => "annual_maintenance_cost",
    }
);
vocabulary!(
    /// The section of the package a checklist item belongs to.
    Section {
        Integration => "integration", Data => "data", Security => "security",
        Governance => "governance", Change => "change",
    }
);
vocabulary!(
    /// A comparison of a gate criterion or an adoption KPI with its threshold.
    Op { Ge => ">=", Le => "<=", Gt => ">", Lt => "<", Eq => "==" }
);
vocabulary!(
    /// The status of an item, control or gap in `progress.toml`.
    Status {
        Todo => "todo", InProgress => "in-progress", Done => "done", Blocked => "blocked",
        NotApplicable => "n/a",
    }
);

impl Op {
    /// Whether `value op threshold` holds (`==` within a relative 1e-9).
    pub fn holds(self, value: f64, threshold: f64) -> bool {
        match self {
            Op::Ge => value >= threshold,
            Op::Le => value <= threshold,
            Op::Gt => value > threshold,
            Op::Lt => value < threshold,
            Op::Eq => (value - threshold).abs() <= 1e-9 * threshold.abs().max(1.0),
        }
    }

    /// The comparison in words: `at least`, `at most`...
    pub fn words(self) -> &'static str {
        match self {
            Op::Ge => "at least",
            Op::Le => "at most",
            Op::Gt => "more than",
            Op::Lt => "less than",
            Op::Eq => "exactly",
        }
    }
}

impl Status {
    /// Whether the item needs no more work: `done` or `n/a`.
    pub fn is_closed(self) -> bool {
        matches!(self, Status::Done | Status::NotApplicable)
    }
}

impl Role {
    /// The role as a heading names it: `IT`, `Operations`.
    pub fn label(self) -> &'static str {
        match self {
            Role::Business => "Business",
            Role::Operations => "Operations",
            Role::It => "IT",
            Role::Data => "Data",
            Role::Change => "Change",
            Role::Quality => "Quality",
            Role::Safety => "Safety",
        }
    }

    /// What the owner of this role answers for, as `init` explains it.
    pub fn duty(self) -> &'static str {
        match self {
            Role::Business => "the business case and the budget",
            Role::Operations => "the shop floor: production and maintenance",
            Role::It => "IT/OT integration and security",
            Role::Data => "the data: quality, access, retention",
            Role::Change => "change management and training",
            Role::Quality => "QA: validated systems, dispositions, quality records",
            Role::Safety => "HSE / process safety: MOC, hazardous areas, SIS",
        }
    }

    /// The five roles every deployment has (format 1); quality and safety are optional.
    pub const CORE: &'static [Role] = &[
        Role::Business,
        Role::Operations,
        Role::It,
        Role::Data,
        Role::Change,
    ];

    /// Whether this is one of the two optional roles of format 2.
    pub fn is_optional(self) -> bool {
        matches!(self, Role::Quality | Role::Safety)
    }
}

impl SystemKind {
    /// Where a system of this kind runs when the profile does not say:
    /// ERP and QMS on the IT network, everything else on the OT network.
    pub fn default_hosted(self) -> Hosted {
        match self {
            SystemKind::Erp | SystemKind::Qms => Hosted::It,
            _ => Hosted::Ot,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_round_trip() {
        for (i, text) in AssetClass::ALL.iter().enumerate() {
            let v = AssetClass::parse(text).expect("parses");
            assert_eq!(v.as_str(), *text);
            assert_eq!(AssetClass::VALUES[i], v);
        }
        assert_eq!(Hazardous::parse("Zone-1"), None);
        assert_eq!(Role::ALL.len(), 7);
        assert_eq!(Role::CORE.len(), 5);
        for role in Role::VALUES {
            assert!(role.label().eq_ignore_ascii_case(role.as_str()), "{role:?}");
        }
        assert_eq!(Role::It.label(), "IT");
        assert!(EnergyMetering::Min1 > EnergyMetering::Min15);
        assert_eq!(SystemKind::Qms.default_hosted(), Hosted::It);
        assert_eq!(SystemKind::Dcs.default_hosted(), Hosted::Ot);
        let parsed: Industry = serde_json::from_str("\"food-beverage\"").expect("kebab-case");
        assert_eq!(parsed, Industry::FoodBeverage);
        assert!(serde_json::from_str::<Industry>("\"food\"").is_err());
    }

    #[test]
    fn operators_compare_and_read_as_words() {
        for (op, value, threshold, holds, words) in [
            (">=", 0.8, 0.8, true, "at least"),
            (">=", 0.7, 0.8, false, "at least"),
            ("<=", 2.0, 2.0, true, "at most"),
            (">", 2.0, 2.0, false, "more than"),
            ("<", 1.0, 2.0, true, "less than"),
            ("==", 5.0, 5.0 + 1e-12, true, "exactly"),
            ("==", 5.0, 5.1, false, "exactly"),
        ] {
            let parsed = Op::parse(op).expect("an operator");
            assert_eq!(
                parsed.holds(value, threshold),
                holds,
                "{value} {op} {threshold}"
            );
            assert_eq!(parsed.words(), words);
        }
        assert_eq!(Op::parse("!="), None);
        assert!(Status::parse("n/a").is_some_and(Status::is_closed));
        assert!(!Status::InProgress.is_closed());
        assert_eq!(Status::parse("doing"), None);
    }
}
