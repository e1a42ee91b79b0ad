//! The equipment class a free-text asset `kind` certainly names, or none.
//!
//! `sitepack migrate` and `sitepack init --from-csv` propose `class` from `kind`
//! only through [`certain_class`]: an exact match of the normalised kind
//! against a short table, never a substring or a guess. "welding-robot-cell" is a
//! robot or a welding cell; "air-compressor-station" is several machines; both get
//! no class, and the user picks one. The table is documented in
//! `book/src/commands.md`; every class in it is a value of SPEC section 3b.

use crate::profile::AssetClass;

/// The kind as the table spells it: trimmed, lower-case, `_`, spaces and `/` as `-`.
pub fn normalise_kind(kind: &str) -> String {
    let mut out = String::new();
    for c in kind.trim().chars().flat_map(char::to_lowercase) {
        let c = if c == '_' || c == '/' || c.is_whitespace() {
            '-'
        } else {
            c
        };
        if !(c == '-' && (out.is_empty() || out.ends_with('-'))) {
            out.push(c);
        }
    }
    out.trim_end_matches('-').to_string()
}

/// The class `kind` names without doubt, or `None`.
pub fn certain_class(kind: &str) -> Option<AssetClass> {
    let kind = normalise_kind(kind);
    CLASSES
        .iter()
        .find(|(_, kinds)| kinds.contains(&kind.as_str()))
        .map(|(class, _)| *class)
}

/// Each class with the kinds that certainly name it (the class's own name counts).
pub const CLASSES: &[(AssetClass, &[&str])] = &[
    (
        AssetClass::Pump,
        &[
            "pump",
            "centrifugal-pump",
            "process-pump",
            "dosing-pump",
            "vacuum-pump",
            "screw-pump",
        ],
    ),
    (
        AssetClass::Compressor,
        &[
            "compressor",
            "air-compressor",
            "screw-compressor",
            "centrifugal-compressor",
        ],
    ),
    (
        AssetClass::ReciprocatingCompressor,
        &["reciprocating-compressor", "piston-compressor"],
    ),
    (
        AssetClass::FanBlower,
        &["fan-blower", "fan", "blower", "exhaust-fan"],
    ),
    (
        AssetClass::ElectricMotor,
        &["electric-motor", "motor", "induction-motor"],
    ),
    (AssetClass::Gearbox, &["gearbox"]),
    (
        AssetClass::Turbine,
        &["turbine", "steam-turbine", "gas-turbine"],
    ),
    (AssetClass::Generator, &["generator"]),
    (
        AssetClass::AgitatorMixer,
        &["agitator-mixer", "agitator", "mixer"],
    ),
    (
        AssetClass::Centrifuge,
        &["centrifuge", "decanter-centrifuge"],
    ),
    (AssetClass::Spindle, &["spindle"]),
    (
        AssetClass::Press,
        &[
            "press",
            "hydraulic-press",
            "servo-press",
            "stamping-press",
            "mechanical-press",
            "transfer-press",
        ],
    ),
    (
        AssetClass::MachineTool,
        &[
            "machine-tool",
            "cnc-machine",
            "machining-center",
            "milling-machine",
            "lathe",
            "cnc-lathe",
        ],
    ),
    (AssetClass::Robot, &["robot", "industrial-robot"]),
    (
        AssetClass::Conveyor,
        &["conveyor", "belt-conveyor", "roller-conveyor"],
    ),
    (
        AssetClass::PackagingMachine,
        &[
            "packaging-machine",
            "cartoner",
            "case-packer",
            "blister-machine",
        ],
    ),
    (AssetClass::FillingMachine, &["filling-machine", "filler"]),
    (
        AssetClass::InjectionMolding,
        &[
            "injection-molding",
            "injection-molding-machine",
            "injection-moulding-machine",
        ],
    ),
    (
        AssetClass::Extruder,
        &["extruder", "twin-screw-extruder", "single-screw-extruder"],
    ),
    (
        AssetClass::Welding,
        &["welding", "welder", "welding-machine", "spot-welder"],
    ),
    (AssetClass::Printing, &["printing", "printing-machine"]),
    (
        AssetClass::InspectionStation,
        &["inspection-station", "vision-inspection-station"],
    ),
    (
        AssetClass::FurnaceKiln,
        &[
            "furnace-kiln",
            "furnace",
            "kiln",
            "induction-furnace",
            "electric-arc-furnace",
            "rotary-kiln",
        ],
    ),
    (
        AssetClass::OvenDryer,
        &["oven-dryer", "oven", "dryer", "curing-oven", "spray-dryer"],
    ),
    (AssetClass::Boiler, &["boiler", "steam-boiler"]),
    (AssetClass::HeatExchanger, &["heat-exchanger"]),
    (
        AssetClass::VesselReactor,
        &["vessel-reactor", "reactor", "batch-reactor", "vessel"],
    ),
    (AssetClass::Tank, &["tank", "storage-tank"]),
    (
        AssetClass::HydraulicUnit,
        &["hydraulic-unit", "hydraulic-power-unit"],
    ),
    (
        AssetClass::ChillerHvac,
        &["chiller-hvac", "chiller", "air-handling-unit"],
    ),
    (
        AssetClass::Refrigeration,
        &["refrigeration", "refrigeration-plant"],
    ),
    (AssetClass::Valve, &["valve", "control-valve"]),
    (
        AssetClass::TransformerSwitchgear,
        &["transformer-switchgear", "transformer", "switchgear"],
    ),
    (
        AssetClass::CraneHoist,
        &["crane-hoist", "crane", "hoist", "overhead-crane"],
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_kinds_only() {
        let cases = [
            ("hydraulic-press", Some("press")),
            ("Hydraulic Press", Some("press")),
            ("  centrifugal_pump ", Some("pump")),
            ("twin-screw-extruder", Some("extruder")),
            ("vision-inspection-station", Some("inspection-station")),
            ("induction-furnace", Some("furnace-kiln")),
            ("welding-robot-cell", None),
            ("air-compressor-station", None),
            ("leak-test-station", None),
            ("pump-house", None),
            ("", None),
        ];
        for (kind, class) in cases {
            assert_eq!(
                certain_class(kind).map(AssetClass::as_str),
                class,
                "kind {kind:?}"
            );
        }
    }

    #[test]
    fn normalises() {
        let cases = [
            ("A  B", "a-b"),
            ("-x-", "x"),
            ("Pump/Motor", "pump-motor"),
            ("ÉTUVE", "étuve"),
        ];
        for (input, want) in cases {
            assert_eq!(normalise_kind(input), want);
        }
    }

    #[test]
    fn no_kind_names_two_classes() {
        let mut seen = std::collections::BTreeMap::new();
        for (class, kinds) in CLASSES {
            assert!(kinds.contains(&class.as_str()), "{class} lists itself");
            for kind in *kinds {
                assert_eq!(normalise_kind(kind), *kind, "{kind} is normalised");
                assert!(seen.insert(*kind, *class).is_none(), "{kind} twice");
            }
        }
    }
}
