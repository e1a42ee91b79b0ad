//! The `[[assets]]` list with each asset's controller (sensors are in `sensors.rs`).
//!
//! Cross-checks that involve other parts of the profile happen here: `area`
//! must name an area, `controller.system` a system, each `use_cases` entry a
//! known use case, and `installed` years must not be after the as-of year.
//! Format 1's `in_scope` is resolved here into the asset's `use_cases`.

use super::data::year;
use super::issues::Ctx;
use super::plant::SeenIds;
use super::read::{Keys, Val};
use super::sensors::sensors;
use super::suggest::nearest;
use super::{shape, Asset, AssetClass, Controller, Level, Lifecycle, Protocol};

/// One `[[assets]]` entry.
pub(super) const ASSET_KEYS: Keys = Keys {
    v1: &[
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
    ],
    v2: &[
        "class",
        "area",
        "use_cases",
        "failure_events",
        "labeled_images",
    ],
};
/// An asset's `controller`.
pub(super) const CONTROLLER_KEYS: Keys = Keys {
    v1: &["vendor", "model", "protocols"],
    v2: &["installed", "lifecycle", "system"],
};

/// The ids other tables define, that an asset may refer to.
pub(super) struct Refs<'a> {
    pub systems: &'a SeenIds,
    pub areas: &'a SeenIds,
}

/// `[[assets]]`: one or more.
pub(super) fn assets(ctx: &mut Ctx, v: &Val, refs: &Refs) -> Option<Vec<Asset>> {
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
        .map(|v| asset(ctx, v, refs, &mut seen))
        .collect();
    assets.into_iter().collect()
}

/// One `[[assets]]` entry.
fn asset(ctx: &mut Ctx, v: &Val, refs: &Refs, seen: &mut SeenIds) -> Option<Asset> {
    let t = v.table(ctx, &ASSET_KEYS)?;
    let id_val = t.req(ctx, "id");
    let id = id_val.as_ref().and_then(|v| shape::slug(ctx, v));
    if let (Some(id), Some(v)) = (&id, &id_val) {
        seen.check(ctx, v, id, "asset");
    }
    let kind = t.req(ctx, "kind").and_then(|v| v.text(ctx));
    let criticality = t
        .req(ctx, "criticality")
        .and_then(|v| v.word(ctx, Level::parse, Level::ALL));
    let installed = t.req(ctx, "installed").and_then(|v| year(ctx, &v));
    // Read everything before the first `?` so that every error is reported.
    let name = t.opt("name").and_then(|v| v.free_text(ctx));
    let line = t.opt("line").and_then(|v| v.free_text(ctx));
    let in_scope_val = t.opt("in_scope");
    let in_scope = in_scope_val.as_ref().and_then(|v| v.boolean(ctx));
    let use_cases = use_cases(ctx, t.opt("use_cases"), in_scope_val.as_ref(), in_scope);
    let downtime = t
        .opt("downtime_hours_per_year")
        .and_then(|v| v.non_negative(ctx));
    let class = t
        .opt("class")
        .and_then(|v| v.word(ctx, AssetClass::parse, AssetClass::ALL));
    let area = t
        .opt("area")
        .and_then(|v| refs.areas.reference(ctx, &v, "[[areas]]"));
    let failure_events = t.opt("failure_events").and_then(|v| v.count(ctx, 0));
    let labeled_images = t.opt("labeled_images").and_then(|v| v.count(ctx, 0));
    let controller = t.opt("controller").and_then(|v| controller(ctx, &v, refs));
    let sensors = sensors(ctx, &t, refs.systems);
    Some(Asset {
        id: id?,
        name,
        kind: kind?,
        line,
        criticality: criticality?,
        installed: installed?,
        in_scope: in_scope.unwrap_or(true),
        class,
        area,
        use_cases: use_cases?,
        failure_events,
        labeled_images,
        downtime_hours_per_year: downtime,
        controller,
        sensors: sensors?,
    })
}

/// `use_cases`, each a known use case id; without it, every known use case
/// when `in_scope` is true or absent, none when it is false.
fn use_cases(
    ctx: &mut Ctx,
    v: Option<Val>,
    in_scope_val: Option<&Val>,
    in_scope: Option<bool>,
) -> Option<Vec<String>> {
    let Some(v) = v else {
        let all = ctx.use_cases.to_vec();
        return Some(if in_scope == Some(false) {
            Vec::new()
        } else {
            all
        });
    };
    if let (Some(s), Some(false)) = (in_scope_val, in_scope) {
        let message = format!("`{}` is false but `{}` is also given: expected only `use_cases` (an empty list means in scope for none)", s.path, v.path);
        ctx.report_structure(&s.path, s.span(), message, None);
    }
    let items = v.items(ctx)?;
    let mut ids: Vec<String> = Vec::new();
    let mut ok = true;
    for item in &items {
        match use_case(ctx, item) {
            Some(id) if !ids.contains(&id) => ids.push(id),
            Some(_) => {}
            None => ok = false,
        }
    }
    ok.then_some(ids)
}

/// One `use_cases` entry: a known use case id, with the nearest one suggested.
fn use_case(ctx: &mut Ctx, v: &Val) -> Option<String> {
    let id = v.string(ctx)?;
    if ctx.use_cases.contains(&id) {
        return Some(id);
    }
    let known: Vec<&str> = ctx.use_cases.iter().map(String::as_str).collect();
    let message = format!(
        "`{}` names `{id}`, which is not a use case of these playbooks: expected one of {}",
        v.path,
        known.join(", ")
    );
    let hint = nearest(&id, &known).map(str::to_string);
    ctx.report_structure(&v.path, v.span(), message, hint.as_deref());
    None
}

/// An asset's `controller = { vendor, model, protocols, installed, lifecycle, system }`.
fn controller(ctx: &mut Ctx, v: &Val, refs: &Refs) -> Option<Controller> {
    let t = v.table(ctx, &CONTROLLER_KEYS)?;
    Some(Controller {
        vendor: t.opt("vendor").and_then(|v| v.free_text(ctx)),
        model: t.opt("model").and_then(|v| v.free_text(ctx)),
        protocols: t
            .opt("protocols")
            .and_then(|v| v.words(ctx, Protocol::parse, Protocol::ALL))
            .unwrap_or_default(),
        installed: t.opt("installed").and_then(|v| year(ctx, &v)),
        lifecycle: t
            .opt("lifecycle")
            .and_then(|v| v.word(ctx, Lifecycle::parse, Lifecycle::ALL)),
        system: t
            .opt("system")
            .and_then(|v| refs.systems.reference(ctx, &v, "[[systems]]")),
    })
}
