//! `[[assets.sensors]]`: what each asset already measures.
//!
//! Camera-only keys (`resolution_mp`, and in format 2 `purpose`, `fov_mm` and
//! `min_defect_mm`) are errors on any other sensor; `stored_in` must name a system.

use super::issues::Ctx;
use super::plant::SeenIds;
use super::read::{Fields, Keys, Val};
use super::{CameraPurpose, Sensor, SensorKind, SensorSignal, Wireless};

/// One `[[assets.sensors]]` entry.
pub(super) const SENSOR_KEYS: Keys = Keys {
    v1: &[
        "kind",
        "sample_hz",
        "history_months",
        "stored_in",
        "resolution_mp",
    ],
    v2: &["wireless", "signal", "purpose", "fov_mm", "min_defect_mm"],
};

/// Keys that only a camera may have.
const CAMERA_KEYS: &[&str] = &["resolution_mp", "purpose", "fov_mm", "min_defect_mm"];

/// `[[assets.sensors]]` of the asset table `t`: zero or more.
pub(super) fn sensors(ctx: &mut Ctx, t: &Fields, systems: &SeenIds) -> Option<Vec<Sensor>> {
    let Some(v) = t.opt("sensors") else {
        return Some(Vec::new());
    };
    let items = v.items(ctx)?;
    let sensors: Vec<Option<Sensor>> = items.iter().map(|v| sensor(ctx, v, systems)).collect();
    sensors.into_iter().collect()
}

/// One sensor.
fn sensor(ctx: &mut Ctx, v: &Val, systems: &SeenIds) -> Option<Sensor> {
    let t = v.table(ctx, &SENSOR_KEYS)?;
    let kind = t
        .req(ctx, "kind")
        .and_then(|v| v.word(ctx, SensorKind::parse, SensorKind::ALL));
    let resolution_mp = t.opt("resolution_mp").and_then(|v| v.positive(ctx));
    if let Some(k) = kind.filter(|k| *k != SensorKind::Camera) {
        for key in CAMERA_KEYS {
            if let Some(r) = t.opt(key) {
                r.report(
                    ctx,
                    format!(
                        "`{}` is set on a `{k}` sensor: expected `{key}` only on `camera` sensors",
                        r.path
                    ),
                );
            }
        }
    }
    let sample_hz = t.opt("sample_hz").and_then(|v| v.positive(ctx));
    let history_months = t.opt("history_months").and_then(|v| v.count(ctx, 0));
    let stored_in = t
        .opt("stored_in")
        .and_then(|v| systems.reference(ctx, &v, "[[systems]]"));
    let wireless = t
        .opt("wireless")
        .and_then(|v| v.word(ctx, Wireless::parse, Wireless::ALL));
    let signal = t
        .opt("signal")
        .and_then(|v| v.word(ctx, SensorSignal::parse, SensorSignal::ALL));
    let purpose = t
        .opt("purpose")
        .and_then(|v| v.word(ctx, CameraPurpose::parse, CameraPurpose::ALL));
    let fov_mm = t.opt("fov_mm").and_then(|v| v.positive(ctx));
    let defect_val = t.opt("min_defect_mm");
    let min_defect_mm = defect_val.as_ref().and_then(|v| v.positive(ctx));
    if let (Some(d), Some(f), Some(v)) = (min_defect_mm, fov_mm, &defect_val) {
        if d > f {
            let message = format!("`{}` ({d}) is larger than the field of view `fov_mm` ({f}): expected the smallest defect to fit in the image", v.path);
            v.report(ctx, message);
        }
    }
    Some(Sensor {
        kind: kind?,
        sample_hz,
        history_months,
        stored_in,
        resolution_mp,
        wireless,
        signal,
        purpose,
        fov_mm,
        min_defect_mm,
    })
}
