//! The `[[assets]]` list with each asset's controller and `[[assets.sensors]]`.
//!
//! Cross-checks that involve other parts of the profile happen here: a sensor's
//! `stored_in` must name a system, and `installed` must not be after the as-of
//! year.

use super::issues::Ctx;
use super::plant::SeenIds;
use super::read::{Fields, Val};
use super::shape;
use super::suggest::nearest;
use super::{Asset, Controller, Level, Protocol, Sensor, SensorKind};

const ASSET_KEYS: &[&str] = &[
    "id",
    "name",
    "kind",
    "line",
    "criticality",
    "installed",
    "in_scope",
    "downtime_hours_per_year",
    "controller",
    "sensors",
];
const CONTROLLER_KEYS: &[&str] = &["vendor", "model", "protocols"];
const SENSOR_KEYS: &[&str] = &[
    "kind",
    "sample_hz",
    "history_months",
    "stored_in",
    "resolution_mp",
];

/// `[[assets]]`: one or more; `systems` are the system ids for `stored_in`.
pub(super) fn assets(ctx: &mut Ctx, v: &Val, systems: &[&str]) -> Option<Vec<Asset>> {
    let items = v.items(ctx)?;
    if items.is_empty() {
        let message = format!(
            "`{}` is empty: expected at least one `[[assets]]` entry",
            v.path
        );
        ctx.report_structure(&v.path, v.span(), message, None);
        return None;
    }
    let mut seen = SeenIds::default();
    let assets: Vec<Option<Asset>> = items
        .iter()
        .map(|v| asset(ctx, v, systems, &mut seen))
        .collect();
    assets.into_iter().collect()
}

/// One `[[assets]]` entry.
fn asset(ctx: &mut Ctx, v: &Val, systems: &[&str], seen: &mut SeenIds) -> Option<Asset> {
    let t = v.table(ctx, ASSET_KEYS)?;
    let id_val = t.req(ctx, "id");
    let id = id_val.as_ref().and_then(|v| shape::slug(ctx, v));
    if let (Some(id), Some(v)) = (&id, &id_val) {
        seen.check(ctx, v, id, "asset");
    }
    let kind = t.req(ctx, "kind").and_then(|v| v.text(ctx));
    let criticality = t
        .req(ctx, "criticality")
        .and_then(|v| v.word(ctx, Level::parse, Level::ALL));
    let installed = t.req(ctx, "installed").and_then(|v| installed(ctx, &v));
    // Read everything before the first `?` so that every error is reported.
    let name = t.opt("name").and_then(|v| v.string(ctx));
    let line = t.opt("line").and_then(|v| v.string(ctx));
    let in_scope = t.opt("in_scope").and_then(|v| v.boolean(ctx));
    let downtime = t
        .opt("downtime_hours_per_year")
        .and_then(|v| v.non_negative(ctx));
    let controller = t.opt("controller").and_then(|v| controller(ctx, &v));
    let sensors = sensors(ctx, &t, systems);
    Some(Asset {
        id: id?,
        name,
        kind: kind?,
        line,
        criticality: criticality?,
        installed: installed?,
        in_scope: in_scope.unwrap_or(true),
        downtime_hours_per_year: downtime,
        controller,
        sensors: sensors?,
    })
}

/// `installed`: a year from 1900 to the as-of year.
fn installed(ctx: &mut Ctx, v: &Val) -> Option<i32> {
    let year = v.integer(ctx)?;
    let as_of = ctx.as_of_year;
    if year > i64::from(as_of) {
        v.report(ctx, format!("`{}` is {year}, after the as-of year {as_of}: expected a year between 1900 and {as_of}", v.path));
        return None;
    }
    if year < 1900 {
        v.report(
            ctx,
            format!(
                "`{}` is {year}, before 1900: expected a year between 1900 and {as_of}",
                v.path
            ),
        );
        return None;
    }
    i32::try_from(year).ok()
}

/// An asset's `controller = { vendor, model, protocols }`.
fn controller(ctx: &mut Ctx, v: &Val) -> Option<Controller> {
    let t = v.table(ctx, CONTROLLER_KEYS)?;
    Some(Controller {
        vendor: t.opt("vendor").and_then(|v| v.string(ctx)),
        model: t.opt("model").and_then(|v| v.string(ctx)),
        protocols: t
            .opt("protocols")
            .and_then(|v| v.words(ctx, Protocol::parse, Protocol::ALL))
            .unwrap_or_default(),
    })
}

/// `[[assets.sensors]]`: zero or more.
fn sensors(ctx: &mut Ctx, t: &Fields, systems: &[&str]) -> Option<Vec<Sensor>> {
    let Some(v) = t.opt("sensors") else {
        return Some(Vec::new());
    };
    let items = v.items(ctx)?;
    let sensors: Vec<Option<Sensor>> = items.iter().map(|v| sensor(ctx, v, systems)).collect();
    sensors.into_iter().collect()
}

/// One sensor; `resolution_mp` only on cameras.
fn sensor(ctx: &mut Ctx, v: &Val, systems: &[&str]) -> Option<Sensor> {
    let t = v.table(ctx, SENSOR_KEYS)?;
    let kind = t
        .req(ctx, "kind")
        .and_then(|v| v.word(ctx, SensorKind::parse, SensorKind::ALL));
    let resolution = t.opt("resolution_mp");
    let resolution_mp = resolution.as_ref().and_then(|v| v.positive(ctx));
    if let (Some(k), Some(r)) = (kind, &resolution) {
        if k != SensorKind::Camera {
            r.report(ctx, format!("`{}` is set on a `{k}` sensor: expected `resolution_mp` only on `camera` sensors", r.path));
        }
    }
    let sample_hz = t.opt("sample_hz").and_then(|v| v.positive(ctx));
    let history_months = t.opt("history_months").and_then(|v| v.count(ctx, 0));
    let stored_in = t.opt("stored_in").and_then(|v| stored_in(ctx, &v, systems));
    Some(Sensor {
        kind: kind?,
        sample_hz,
        history_months,
        stored_in,
        resolution_mp,
    })
}

/// `stored_in`: the id of a `[[systems]]` entry.
fn stored_in(ctx: &mut Ctx, v: &Val, systems: &[&str]) -> Option<String> {
    let id = v.string(ctx)?;
    if systems.contains(&id.as_str()) {
        return Some(id);
    }
    let known = if systems.is_empty() {
        "no systems are defined".to_string()
    } else {
        format!("expected one of {}", systems.join(", "))
    };
    let message = format!(
        "`{}` names `{id}`, which is not the id of any `[[systems]]` entry: {known}",
        v.path
    );
    ctx.report_structure(&v.path, v.span(), message, nearest(&id, systems));
    None
}
