//! The `[network]`, `[[systems]]`, `[data]` and `[baseline]` tables.
//!
//! Like `site.rs`, each function reports every problem of its table and
//! returns a typed value only when the required parts are usable.

use super::issues::Ctx;
use super::read::Val;
use super::shape;
use super::{
    Baseline, Data, EnergyMetering, Interface, MaintenanceRecords, Network, QualityRecords,
    RemoteAccess, Segmentation, System, SystemKind,
};

const NETWORK_KEYS: &[&str] = &[
    "segmentation",
    "it_ot_firewall",
    "ot_dmz",
    "remote_access",
    "ot_internet_access",
    "security_level_target",
];
const SYSTEM_KEYS: &[&str] = &["id", "kind", "product", "interfaces", "retention_months"];
const DATA_KEYS: &[&str] = &[
    "maintenance_records",
    "failure_events",
    "labeled_images",
    "quality_records",
    "energy_metering",
];
const BASELINE_KEYS: &[&str] = &[
    "currency",
    "oee",
    "unplanned_downtime_hours",
    "downtime_cost_per_hour",
    "scrap_rate",
    "annual_material_cost",
    "annual_energy_cost",
    "annual_maintenance_cost",
];

/// `[network]`.
pub(super) fn network(ctx: &mut Ctx, v: &Val) -> Option<Network> {
    let t = v.table(ctx, NETWORK_KEYS)?;
    let segmentation = t
        .req(ctx, "segmentation")
        .and_then(|v| v.word(ctx, Segmentation::parse, Segmentation::ALL));
    let mut flag = |key: &str| t.opt(key).and_then(|v| v.boolean(ctx)).unwrap_or(false);
    let (it_ot_firewall, ot_dmz, ot_internet_access) = (
        flag("it_ot_firewall"),
        flag("ot_dmz"),
        flag("ot_internet_access"),
    );
    let remote_access = t
        .opt("remote_access")
        .and_then(|v| v.words(ctx, RemoteAccess::parse, RemoteAccess::ALL));
    let level = t
        .opt("security_level_target")
        .and_then(|v| v.int_in(ctx, 1..=4));
    Some(Network {
        segmentation: segmentation?,
        it_ot_firewall,
        ot_dmz,
        remote_access: remote_access.unwrap_or_default(),
        ot_internet_access,
        security_level_target: level.and_then(|n| u32::try_from(n).ok()),
    })
}

/// Ids already seen in one list, with the line of each, to report duplicates.
#[derive(Default)]
pub(super) struct SeenIds {
    seen: Vec<(String, usize)>,
}

impl SeenIds {
    /// Records `id` read from `v`; a repeat is reported at the repeat.
    pub fn check(&mut self, ctx: &mut Ctx, v: &Val, id: &str, what: &str) {
        let line = ctx.line_of(v.span().start);
        if let Some((_, first)) = self.seen.iter().find(|(seen, _)| seen == id) {
            let message = format!("duplicate {what} id `{id}` at `{}`: first defined on line {first}; expected each {what} id to be unique", v.path);
            ctx.report_structure(&v.path, v.span(), message, None);
            return;
        }
        self.seen.push((id.to_string(), line));
    }

    /// Every id seen, in file order.
    pub fn ids(&self) -> Vec<&str> {
        self.seen.iter().map(|(id, _)| id.as_str()).collect()
    }
}

/// `[[systems]]`: the systems, and the ids for `stored_in` checks.
pub(super) fn systems(ctx: &mut Ctx, v: Option<Val>) -> (Option<Vec<System>>, SeenIds) {
    let mut seen = SeenIds::default();
    let Some(v) = v else {
        return (Some(Vec::new()), seen);
    };
    let Some(items) = v.items(ctx) else {
        return (None, seen);
    };
    let systems: Vec<Option<System>> = items.iter().map(|v| system(ctx, v, &mut seen)).collect();
    (systems.into_iter().collect(), seen)
}

/// One `[[systems]]` entry.
fn system(ctx: &mut Ctx, v: &Val, seen: &mut SeenIds) -> Option<System> {
    let t = v.table(ctx, SYSTEM_KEYS)?;
    let id_val = t.req(ctx, "id");
    let id = id_val.as_ref().and_then(|v| shape::slug(ctx, v));
    if let (Some(id), Some(v)) = (&id, &id_val) {
        seen.check(ctx, v, id, "system");
    }
    let kind = t
        .req(ctx, "kind")
        .and_then(|v| v.word(ctx, SystemKind::parse, SystemKind::ALL));
    let product = t.opt("product").and_then(|v| v.string(ctx));
    let interfaces = t
        .opt("interfaces")
        .and_then(|v| v.words(ctx, Interface::parse, Interface::ALL));
    let retention_months = t.opt("retention_months").and_then(|v| v.count(ctx, 0));
    Some(System {
        id: id?,
        kind: kind?,
        product,
        interfaces: interfaces.unwrap_or_default(),
        retention_months,
    })
}

/// `[data]`: every key optional.
pub(super) fn data(ctx: &mut Ctx, v: &Val) -> Option<Data> {
    let t = v.table(ctx, DATA_KEYS)?;
    Some(Data {
        maintenance_records: t
            .opt("maintenance_records")
            .and_then(|v| v.word(ctx, MaintenanceRecords::parse, MaintenanceRecords::ALL)),
        failure_events: t.opt("failure_events").and_then(|v| v.count(ctx, 0)),
        labeled_images: t.opt("labeled_images").and_then(|v| v.count(ctx, 0)),
        quality_records: t
            .opt("quality_records")
            .and_then(|v| v.word(ctx, QualityRecords::parse, QualityRecords::ALL)),
        energy_metering: t
            .opt("energy_metering")
            .and_then(|v| v.word(ctx, EnergyMetering::parse, EnergyMetering::ALL)),
    })
}

/// `[baseline]`: every key optional; ratios in 0..=1, amounts >= 0.
pub(super) fn baseline(ctx: &mut Ctx, v: &Val) -> Option<Baseline> {
    let t = v.table(ctx, BASELINE_KEYS)?;
    let currency = t.opt("currency").and_then(|v| shape::currency(ctx, &v));
    let mut ratio = |key: &str| t.opt(key).and_then(|v| v.float_in(ctx, 0.0..=1.0));
    let (oee, scrap_rate) = (ratio("oee"), ratio("scrap_rate"));
    let mut amount = |key: &str| t.opt(key).and_then(|v| v.non_negative(ctx));
    Some(Baseline {
        currency,
        oee,
        unplanned_downtime_hours: amount("unplanned_downtime_hours"),
        downtime_cost_per_hour: amount("downtime_cost_per_hour"),
        scrap_rate,
        annual_material_cost: amount("annual_material_cost"),
        annual_energy_cost: amount("annual_energy_cost"),
        annual_maintenance_cost: amount("annual_maintenance_cost"),
    })
}
