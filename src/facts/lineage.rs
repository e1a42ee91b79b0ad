//! Where data lives: for each system, the in-scope assets it runs or stores
//! data of, the tags it holds and the energy carriers metered into it; and the
//! product families (controller and historian) that decide protocol craft.
//!
//! Rules read these to emit one item per DCS or historian that lists its assets
//! and tags, instead of one item per asset or per tag. Families are read from
//! free-text model and product names through the one table of each kind below,
//! so no playbook matches product names itself.

use super::{AssetFacts, EnergyFacts, SensorFacts, SystemFacts};

/// Controller families, by the text a model name contains (first match wins).
const CONTROLLER_FAMILIES: &[(&str, &str)] = &[
    ("slc", "pccc"),
    ("plc-5", "pccc"),
    ("plc5", "pccc"),
    ("micrologix", "pccc"),
    ("controllogix", "logix"),
    ("compactlogix", "logix"),
    ("guardlogix", "logix"),
    ("logix", "logix"),
    ("s7-400", "s7-400"),
    ("s7-300", "s7-300"),
    ("s7-1500", "s7-1200-1500"),
    ("s7-1200", "s7-1200-1500"),
];

/// Historian product families, by the text a product name contains.
const HISTORIAN_FAMILIES: &[(&str, &str)] = &[
    ("ignition", "ignition"),
    ("pi server", "pi"),
    ("pi data archive", "pi"),
    ("pi system", "pi"),
    ("osisoft", "pi"),
    ("aveva historian", "aveva-historian"),
    ("wonderware", "aveva-historian"),
    ("insql", "aveva-historian"),
];

fn family(text: &str, table: &[(&str, &'static str)]) -> &'static str {
    let text = text.to_lowercase();
    table
        .iter()
        .find(|(needle, _)| text.contains(needle))
        .map_or("other", |(_, family)| family)
}

/// The family of a controller model: `logix`, `pccc` (SLC 500, PLC-5,
/// MicroLogix), `s7-300`, `s7-400`, `s7-1200-1500`, `other`; `""` without one.
pub(super) fn controller_family(present: bool, model: &str) -> String {
    if present {
        family(model, CONTROLLER_FAMILIES).to_string()
    } else {
        String::new()
    }
}

/// Whether a controller has an Ethernet port of its own (DOMAIN.md section
/// 19.3): `integrated` for S7-1200/1500 and for S7-300/400 CPUs whose model
/// names a PN interface (`CPU 315-2 PN/DP`), `none` for S7-300/400 CPUs named
/// DP-only (`CPU 315-2 DP`, `CPU 416-2 DP`), `unknown` for every other model
/// (`S7-300` alone says nothing); `""` without a controller.
pub(super) fn controller_ethernet(present: bool, model: &str) -> String {
    if !present {
        return String::new();
    }
    let text = model.to_lowercase();
    let port = match controller_family(true, model).as_str() {
        "s7-1200-1500" => "integrated",
        "s7-300" | "s7-400" if text.contains("pn") => "integrated",
        "s7-300" | "s7-400" if text.contains("dp") => "none",
        _ => "unknown",
    };
    port.to_string()
}

/// The product family of a historian: `pi`, `ignition`, `aveva-historian` or
/// `other`; `""` for systems of other kinds.
pub(super) fn product_family(kind: &str, product: &str) -> String {
    if kind == "historian" {
        family(product, HISTORIAN_FAMILIES).to_string()
    } else {
        String::new()
    }
}

/// Fills each system's `assets`, `controlled_assets`, `retired_controllers`, `tags`,
/// `keeps_history` and `energy_carriers` from the in-scope assets and the energy feeds.
pub(super) fn link(systems: &mut [SystemFacts], assets: &[AssetFacts], energy: &[EnergyFacts]) {
    for system in systems.iter_mut() {
        let history_store = HISTORY_STORE_KINDS.contains(&system.kind.as_str());
        for asset in assets.iter().filter(|a| a.in_scope) {
            let runs = asset.controller.system == system.id;
            let stored: Vec<&SensorFacts> = asset
                .sensors
                .iter()
                .filter(|s| s.stored_in == system.id)
                .collect();
            if runs {
                system.controlled_assets.push(asset.id.clone());
                if let Some(retired) = retired_controller(asset) {
                    system.retired_controllers.push(retired);
                }
            }
            if runs || !stored.is_empty() {
                system.assets.push(asset.id.clone());
            }
            system.keeps_history |= history_store
                && stored.iter().any(|s| {
                    s.kind != "camera" && (s.history_months > 0 || s.store_retention_months > 0)
                });
            system
                .tags
                .extend(stored.iter().map(|s| format!("{}.{}", asset.id, s.key)));
        }
        for feed in energy.iter().filter(|e| e.stored_in == system.id) {
            if !system.energy_carriers.contains(&feed.carrier) {
                system.energy_carriers.push(feed.carrier.clone());
            }
        }
    }
}

/// Kinds of system that are not historians but may keep a history of the signals stored in
/// them (`keeps_history`).
const HISTORY_STORE_KINDS: [&str; 5] = ["scada", "mes", "dcs", "ems", "iiot-platform"];

/// `asset (vendor model, lifecycle)` when the asset's controller is past active support.
fn retired_controller(asset: &AssetFacts) -> Option<String> {
    let c = &asset.controller;
    if !matches!(c.lifecycle.as_str(), "phase-out" | "discontinued") {
        return None;
    }
    let what = format!("{} {}", c.vendor, c.model);
    Some(match what.trim() {
        "" => format!("{} ({})", asset.id, c.lifecycle),
        what => format!("{} ({what}, {})", asset.id, c.lifecycle),
    })
}

/// The distinct wireless standards of the in-scope assets' sensors, sorted.
pub(super) fn wireless(assets: &[AssetFacts]) -> Vec<String> {
    let set: std::collections::BTreeSet<&str> = assets
        .iter()
        .filter(|a| a.in_scope)
        .flat_map(|a| a.sensors.iter())
        .map(|s| s.wireless.as_str())
        .filter(|w| *w != "none")
        .collect();
    set.into_iter().map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_come_from_one_table_each() {
        let cases = [
            ("SLC 5/04", "pccc"),
            ("PLC-5/40", "pccc"),
            ("MicroLogix 1400", "pccc"),
            ("ControlLogix 1756-L73", "logix"),
            ("S7-400 CPU 416-2 DP", "s7-400"),
            ("S7-300", "s7-300"),
            ("S7-1500", "s7-1200-1500"),
            ("Experion C300", "other"),
        ];
        for (model, want) in cases {
            assert_eq!(controller_family(true, model), want, "{model}");
        }
        assert_eq!(controller_family(false, "SLC 5/04"), "");
        let ports = [
            ("S7-300 CPU 315-2 DP", "none"),
            ("S7-400 CPU 416-2 DP", "none"),
            ("S7-300 CPU 315-2 PN/DP", "integrated"),
            ("S7-400 CPU 416-3 PN/DP", "integrated"),
            ("S7-1500", "integrated"),
            ("S7-300", "unknown"),
            ("ControlLogix 1756-L73", "unknown"),
        ];
        for (model, want) in ports {
            assert_eq!(controller_ethernet(true, model), want, "{model}");
        }
        assert_eq!(controller_ethernet(false, "S7-300 CPU 315-2 DP"), "");
        let products = [
            ("AVEVA PI Server 2018 SP3", "pi"),
            ("OSIsoft PI", "pi"),
            ("Ignition 8.1 Tag Historian", "ignition"),
            ("AVEVA Historian 2020", "aveva-historian"),
            ("Wonderware InSQL", "aveva-historian"),
            ("Canary", "other"),
        ];
        for (product, want) in products {
            assert_eq!(product_family("historian", product), want, "{product}");
        }
        assert_eq!(product_family("dcs", "AVEVA PI Server"), "");
    }
}
