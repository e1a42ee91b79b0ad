//! The `[[areas]]` list (format 2): parts of the plant that share conditions.
//!
//! An area says whether it is a hazardous location, how it is washed down and
//! whether it produces in batches, continuously or discretely, and may override the shop-floor conditions of `[site.environment]`. Assets
//! name their area by id; that reference is checked in `assets.rs`.

use super::issues::Ctx;
use super::plant::SeenIds;
use super::read::{Keys, Val};
use super::site::temperatures;
use super::{shape, Area, Hazardous, Level, Production, Washdown};

/// One `[[areas]]` entry.
pub(super) const AREA_KEYS: Keys = Keys {
    v1: &[],
    v2: &[
        "id",
        "name",
        "hazardous",
        "washdown",
        "production",
        "min_temp_c",
        "max_temp_c",
        "humidity",
        "dust",
    ],
};

/// `[[areas]]`: the areas, and their ids for the assets' `area` checks.
pub(super) fn areas(ctx: &mut Ctx, v: Option<Val>) -> (Option<Vec<Area>>, SeenIds) {
    let mut seen = SeenIds::default();
    let Some(v) = v else {
        return (Some(Vec::new()), seen);
    };
    let Some(items) = v.items(ctx) else {
        return (None, seen);
    };
    let areas: Vec<Option<Area>> = items.iter().map(|v| area(ctx, v, &mut seen)).collect();
    (areas.into_iter().collect(), seen)
}

/// One `[[areas]]` entry.
fn area(ctx: &mut Ctx, v: &Val, seen: &mut SeenIds) -> Option<Area> {
    let t = v.table(ctx, &AREA_KEYS)?;
    let id_val = t.req(ctx, "id");
    let id = id_val.as_ref().and_then(|v| shape::slug(ctx, v));
    if let (Some(id), Some(v)) = (&id, &id_val) {
        seen.check(ctx, v, id, "area");
    }
    let name = t.opt("name").and_then(|v| v.free_text(ctx));
    let hazardous = t
        .opt("hazardous")
        .and_then(|v| v.word(ctx, Hazardous::parse, Hazardous::ALL));
    let washdown = t
        .opt("washdown")
        .and_then(|v| v.word(ctx, Washdown::parse, Washdown::ALL));
    let production = t
        .opt("production")
        .and_then(|v| v.word(ctx, Production::parse, Production::ALL));
    let (min_temp_c, max_temp_c) = temperatures(ctx, &t);
    let mut level = |key: &str| {
        t.opt(key)
            .and_then(|v| v.word(ctx, Level::parse, Level::ALL))
    };
    let (humidity, dust) = (level("humidity"), level("dust"));
    Some(Area {
        id: id?,
        name,
        hazardous,
        washdown,
        production,
        min_temp_c,
        max_temp_c,
        humidity,
        dust,
    })
}
