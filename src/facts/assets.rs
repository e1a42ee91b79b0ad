//! Asset, area, controller and sensor facts.
//!
//! An asset's `area` carries the conditions where it stands: the area's
//! classification and washdown, and its ambient (the area's overrides, else
//! the site's environment). A controller has its own year and age, falling back
//! to the asset's. Camera geometry (`mm_per_px`, `px_per_defect`) is derived
//! when the resolution and field of view are given.

use super::build::{name_or_unknown, names, UNKNOWN};
use super::*;
use crate::date::Date;
use crate::profile::{Area, Asset, Controller, Environment, Profile, Sensor, System};
use crate::vocab::Hazardous;

/// The facts of one asset, for `use_case`, as of `as_of`.
pub(super) fn asset_facts(
    asset: &Asset,
    profile: &Profile,
    use_case: &str,
    as_of: Date,
) -> AssetFacts {
    let controller = asset.controller.as_ref();
    let protocols: Vec<String> = controller.map(|c| names(&c.protocols)).unwrap_or_default();
    let sensors = sensor_facts(&asset.sensors, &profile.systems);
    let mut sensor_kinds: Vec<String> = Vec::new();
    for s in &sensors {
        if !sensor_kinds.contains(&s.kind) {
            sensor_kinds.push(s.kind.clone());
        }
    }
    let area = asset
        .area
        .as_ref()
        .and_then(|id| profile.areas.iter().find(|a| &a.id == id));
    let age_years = (as_of.year() - asset.installed).max(0);
    AssetFacts {
        id: asset.id.clone(),
        name: asset.name.clone().unwrap_or_else(|| asset.id.clone()),
        kind: asset.kind.clone(),
        class: name_or_unknown(asset.class),
        class_known: asset.class.is_some(),
        line: asset.line.clone().unwrap_or_default(),
        criticality: asset.criticality.to_string(),
        installed: asset.installed,
        age_years,
        in_scope: asset.in_scope_for(use_case),
        use_cases: asset.use_cases.clone(),
        downtime_hours_per_year: asset.downtime_hours_per_year.unwrap_or(0.0),
        downtime_known: asset.downtime_hours_per_year.is_some(),
        failure_events: asset.failure_events.unwrap_or(0),
        failure_events_known: asset.failure_events.is_some(),
        labeled_images: asset.labeled_images.unwrap_or(0),
        labeled_images_known: asset.labeled_images.is_some(),
        area: area_facts(area, profile.site.environment.as_ref()),
        controller: controller_facts(controller, asset, &profile.systems, as_of),
        protocols,
        sensors,
        sensor_kinds,
    }
}

/// An area's facts; `None` is an asset that names no area (the site's ambient).
pub(super) fn area_facts(area: Option<&Area>, env: Option<&Environment>) -> AreaFacts {
    let hazardous = area.and_then(|a| a.hazardous);
    let washdown = area.and_then(|a| a.washdown);
    let production = area.and_then(|a| a.production);
    let min = area
        .and_then(|a| a.min_temp_c)
        .or(env.and_then(|e| e.min_temp_c));
    let max = area
        .and_then(|a| a.max_temp_c)
        .or(env.and_then(|e| e.max_temp_c));
    let humidity = area
        .and_then(|a| a.humidity)
        .or(env.and_then(|e| e.humidity));
    let dust = area.and_then(|a| a.dust).or(env.and_then(|e| e.dust));
    AreaFacts {
        known: area.is_some(),
        id: area.map(|a| a.id.clone()).unwrap_or_default(),
        name: area
            .map(|a| a.name.clone().unwrap_or_else(|| a.id.clone()))
            .unwrap_or_default(),
        hazardous: name_or_unknown(hazardous),
        hazardous_known: hazardous.is_some(),
        hazardous_area: hazardous.is_some_and(|h| h != Hazardous::None),
        epl: hazardous.map_or("", |h| zone_protection(h).0).to_string(),
        atex_category: hazardous.map_or("", |h| zone_protection(h).1).to_string(),
        washdown: name_or_unknown(washdown),
        washdown_known: washdown.is_some(),
        production: name_or_unknown(production),
        production_known: production.is_some(),
        temp_known: min.is_some() && max.is_some(),
        min_temp_c: min.unwrap_or(0.0),
        max_temp_c: max.unwrap_or(0.0),
        humidity: name_or_unknown(humidity),
        dust: name_or_unknown(dust),
    }
}

/// The EPLs and the ATEX categories a zone accepts (DOMAIN.md 12.2); empty for no
/// zone and for an NEC class/division.
fn zone_protection(hazardous: Hazardous) -> (&'static str, &'static str) {
    match hazardous {
        Hazardous::Zone0 => ("Ga", "1G"),
        Hazardous::Zone1 => ("Gb or Ga", "2G or 1G"),
        Hazardous::Zone2 => ("Gc, Gb or Ga", "3G, 2G or 1G"),
        Hazardous::Zone20 => ("Da", "1D"),
        Hazardous::Zone21 => ("Db or Da", "2D or 1D"),
        Hazardous::Zone22 => ("Dc, Db or Da", "3D, 2D or 1D"),
        _ => ("", ""),
    }
}

fn controller_facts(
    controller: Option<&Controller>,
    asset: &Asset,
    systems: &[System],
    as_of: Date,
) -> ControllerFacts {
    let installed = controller.and_then(|c| c.installed);
    let year = installed.unwrap_or(asset.installed);
    let system = controller.and_then(|c| c.system.as_ref());
    let system_kind = system
        .and_then(|id| systems.iter().find(|s| &s.id == id))
        .map(|s| s.kind.to_string());
    let model = controller.and_then(|c| c.model.as_deref()).unwrap_or("");
    ControllerFacts {
        present: controller.is_some(),
        vendor: controller
            .and_then(|c| c.vendor.clone())
            .unwrap_or_default(),
        model: controller.and_then(|c| c.model.clone()).unwrap_or_default(),
        protocols: controller.map(|c| names(&c.protocols)).unwrap_or_default(),
        installed: year,
        installed_known: installed.is_some(),
        age_years: (as_of.year() - year).max(0),
        lifecycle: name_or_unknown(controller.and_then(|c| c.lifecycle)),
        system: system.cloned().unwrap_or_default(),
        system_kind: system_kind.unwrap_or_default(),
        family: super::lineage::controller_family(controller.is_some(), model),
        ethernet: super::lineage::controller_ethernet(controller.is_some(), model),
    }
}

/// Sensor facts with stable keys: the kind, then `kind-2`, `kind-3`... for repeats.
fn sensor_facts(sensors: &[Sensor], systems: &[System]) -> Vec<SensorFacts> {
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    sensors
        .iter()
        .map(|s| {
            let kind = s.kind.as_str();
            let n = seen.entry(kind).or_insert(0);
            *n += 1;
            let key = if *n == 1 {
                kind.to_string()
            } else {
                format!("{kind}-{n}")
            };
            one_sensor(s, key, systems)
        })
        .collect()
}

fn one_sensor(s: &Sensor, key: String, systems: &[System]) -> SensorFacts {
    let store = s
        .stored_in
        .as_ref()
        .and_then(|id| systems.iter().find(|x| &x.id == id));
    let mm_per_px = mm_per_px(s);
    let px_per_defect = mm_per_px
        .zip(s.min_defect_mm)
        .map(|(mm, defect)| defect / mm);
    SensorFacts {
        key,
        kind: s.kind.to_string(),
        sample_hz: s.sample_hz.unwrap_or(0.0),
        sample_hz_known: s.sample_hz.is_some(),
        history_months: s.history_months.unwrap_or(0),
        history_known: s.history_months.is_some(),
        stored: s.stored_in.is_some(),
        stored_in: s.stored_in.clone().unwrap_or_default(),
        store_kind: store.map(|x| x.kind.to_string()).unwrap_or_default(),
        store_retention_months: store.and_then(|x| x.retention_months).unwrap_or(0),
        resolution_mp: s.resolution_mp.unwrap_or(0.0),
        resolution_known: s.resolution_mp.is_some(),
        wireless: s
            .wireless
            .map_or_else(|| "none".to_string(), |w| w.to_string()),
        wireless_known: s.wireless.is_some(),
        signal: s
            .signal
            .map_or_else(|| UNKNOWN.to_string(), |x| x.to_string()),
        signal_known: s.signal.is_some(),
        purpose: s
            .purpose
            .map_or_else(|| UNKNOWN.to_string(), |p| p.to_string()),
        fov_mm: s.fov_mm.unwrap_or(0.0),
        fov_known: s.fov_mm.is_some(),
        min_defect_mm: s.min_defect_mm.unwrap_or(0.0),
        min_defect_known: s.min_defect_mm.is_some(),
        mm_per_px: mm_per_px.unwrap_or(0.0),
        mm_per_px_known: mm_per_px.is_some(),
        px_per_defect: px_per_defect.unwrap_or(0.0),
        px_per_defect_known: px_per_defect.is_some(),
    }
}

/// Millimetres per pixel across the field of view, assuming a 4:3 sensor:
/// `width_px = sqrt(resolution_mp * 1e6 * 4 / 3)`.
fn mm_per_px(s: &Sensor) -> Option<f64> {
    let (mp, fov) = (s.resolution_mp?, s.fov_mm?);
    let width_px = (mp * 1e6 * 4.0 / 3.0).sqrt();
    Some(fov / width_px)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::SensorKind;

    #[test]
    fn camera_geometry_is_derived_only_when_computable() {
        let mut camera = Sensor {
            kind: SensorKind::Camera,
            sample_hz: None,
            history_months: None,
            stored_in: None,
            resolution_mp: Some(12.0),
            wireless: None,
            signal: None,
            purpose: None,
            fov_mm: Some(400.0),
            min_defect_mm: Some(0.5),
        };
        let f = one_sensor(&camera, "camera".into(), &[]);
        assert!(f.mm_per_px_known && f.px_per_defect_known);
        assert!((f.mm_per_px - 0.1).abs() < 1e-9, "{}", f.mm_per_px);
        assert!((f.px_per_defect - 5.0).abs() < 1e-6, "{}", f.px_per_defect);
        camera.fov_mm = None;
        let f = one_sensor(&camera, "camera".into(), &[]);
        assert!(!f.mm_per_px_known && !f.px_per_defect_known);
        assert_eq!(
            (f.mm_per_px, f.px_per_defect, f.wireless.as_str()),
            (0.0, 0.0, "none")
        );
    }
}
