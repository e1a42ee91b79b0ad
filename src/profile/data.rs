//! The `[data]` table: where each kind of data already lives.
//!
//! Format 2 lets `maintenance_records` be a list, newest first, with the year
//! the newest started (`maintenance_records_since`), and adds `[[data.energy]]`,
//! the metering of each energy carrier and the system that stores it. That list
//! replaces `energy_metering`, so a file may give one or the other.

use toml::de::DeValue;

use super::issues::Ctx;
use super::plant::SeenIds;
use super::read::{Fields, Keys, Val};
use super::{Data, EnergyCarrier, EnergyFeed, EnergyMetering, MaintenanceRecords, QualityRecords};

/// `[data]`.
pub(super) const DATA_KEYS: Keys = Keys {
    v1: &[
        "maintenance_records",
        "failure_events",
        "labeled_images",
        "quality_records",
        "energy_metering",
    ],
    v2: &["maintenance_records_since", "energy"],
};
/// One `[[data.energy]]` entry.
pub(super) const ENERGY_KEYS: Keys = Keys {
    v1: &[],
    v2: &["carrier", "metering", "stored_in", "history_months"],
};

/// `[data]`: every key optional; `systems` resolves `energy.stored_in`.
pub(super) fn data(ctx: &mut Ctx, v: &Val, systems: &SeenIds) -> Option<Data> {
    let t = v.table(ctx, &DATA_KEYS)?;
    let (maintenance_records, since) = maintenance(ctx, &t);
    let energy = t.opt("energy").and_then(|v| energy(ctx, &v, systems));
    let energy_metering_val = t.opt("energy_metering");
    let energy_metering = energy_metering_val
        .as_ref()
        .and_then(|v| v.word(ctx, EnergyMetering::parse, EnergyMetering::ALL));
    if let (Some(m), Some(_)) = (&energy_metering_val, t.opt("energy")) {
        let message = format!("`{}` and `[[data.energy]]` are both given: expected one of them, since `[[data.energy]]` replaces `energy_metering` (give the electricity metering as a `carrier = \"electricity\"` entry)", m.path);
        ctx.report_structure(&m.path, m.span(), message, None);
    }
    Some(Data {
        maintenance_records: maintenance_records?,
        maintenance_records_since: since,
        failure_events: t.opt("failure_events").and_then(|v| v.count(ctx, 0)),
        labeled_images: t.opt("labeled_images").and_then(|v| v.count(ctx, 0)),
        quality_records: t
            .opt("quality_records")
            .and_then(|v| v.word(ctx, QualityRecords::parse, QualityRecords::ALL)),
        energy_metering,
        energy: energy.unwrap_or_default(),
    })
}

/// `maintenance_records` (one word, or in format 2 a list newest first) and
/// `maintenance_records_since`, which only makes sense with a list.
fn maintenance(ctx: &mut Ctx, t: &Fields) -> (Option<Vec<MaintenanceRecords>>, Option<i32>) {
    let (parse, all) = (MaintenanceRecords::parse, MaintenanceRecords::ALL);
    let records = t.opt("maintenance_records");
    let is_list = records
        .as_ref()
        .is_some_and(|v| matches!(v.value.get_ref(), DeValue::Array(_)));
    let list = match &records {
        None => Some(Vec::new()),
        Some(v) if is_list && ctx.format >= 2 => v.words(ctx, parse, all),
        Some(v) => v.word(ctx, parse, all).map(|w| vec![w]),
    };
    let since_val = t.opt("maintenance_records_since");
    let since = since_val.as_ref().and_then(|v| year(ctx, v));
    if let (Some(v), false) = (&since_val, is_list) {
        let message = format!("`{}` is set but `data.maintenance_records` is not a list: expected a list such as `[\"cmms\", \"paper\"]`, newest first, whose first entry started that year", v.path);
        ctx.report_structure(&v.path, v.span(), message, None);
    }
    (list, since)
}

/// A year from 1900 to the as-of year.
pub(super) fn year(ctx: &mut Ctx, v: &Val) -> Option<i32> {
    let year = v.integer(ctx)?;
    let as_of = ctx.as_of_year;
    let problem = if year > i64::from(as_of) {
        format!("after the as-of year {as_of}")
    } else if year < 1900 {
        "before 1900".to_string()
    } else {
        return i32::try_from(year).ok();
    };
    let message = format!(
        "`{}` is {year}, {problem}: expected a year between 1900 and {as_of}",
        v.path
    );
    v.report(ctx, message);
    None
}

/// `[[data.energy]]`: zero or more carriers.
fn energy(ctx: &mut Ctx, v: &Val, systems: &SeenIds) -> Option<Vec<EnergyFeed>> {
    let items = v.items(ctx)?;
    let feeds: Vec<Option<EnergyFeed>> = items.iter().map(|v| feed(ctx, v, systems)).collect();
    feeds.into_iter().collect()
}

/// One `[[data.energy]]` entry.
fn feed(ctx: &mut Ctx, v: &Val, systems: &SeenIds) -> Option<EnergyFeed> {
    let t = v.table(ctx, &ENERGY_KEYS)?;
    let carrier = t
        .req(ctx, "carrier")
        .and_then(|v| v.word(ctx, EnergyCarrier::parse, EnergyCarrier::ALL));
    let metering = t
        .opt("metering")
        .and_then(|v| v.word(ctx, EnergyMetering::parse, EnergyMetering::ALL));
    let stored_in = t
        .opt("stored_in")
        .and_then(|v| systems.reference(ctx, &v, "[[systems]]"));
    let history_months = t.opt("history_months").and_then(|v| v.count(ctx, 0));
    Some(EnergyFeed {
        carrier: carrier?,
        metering,
        stored_in,
        history_months,
    })
}
