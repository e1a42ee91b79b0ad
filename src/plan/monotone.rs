//! Property: the readiness score is monotone. Adding a required sensor, a
//! record, or an owner to a site never lowers its score, for any use case.

use std::path::Path;

use proptest::prelude::*;

use crate::date::Date;
use crate::plan::derive;
use crate::playbook::{load, Playbook, Source};
use crate::profile::*;

/// One improvement a site can make.
#[derive(Debug, Clone)]
enum Improvement {
    /// Name an owner for a role (replaces nothing that was named).
    Owner(usize),
    /// Add a well-specified sensor (stored, high rate, long history) to an asset.
    Sensor { asset: usize, kind: usize },
    /// Better maintenance records.
    Maintenance(usize),
    /// More documented failures.
    Failures(u32),
    /// More labeled images.
    Images(u32),
    /// Better quality records.
    Quality(usize),
    /// Finer energy metering.
    Metering(usize),
}

fn improvement() -> impl Strategy<Value = Improvement> {
    prop_oneof![
        (0..5usize).prop_map(Improvement::Owner),
        (0..4usize, 0..12usize).prop_map(|(asset, kind)| Improvement::Sensor { asset, kind }),
        (0..4usize).prop_map(Improvement::Maintenance),
        (0..200u32).prop_map(Improvement::Failures),
        (0..5000u32).prop_map(Improvement::Images),
        (0..5usize).prop_map(Improvement::Quality),
        (0..6usize).prop_map(Improvement::Metering),
    ]
}

/// Ranks of each vocabulary, worst first.
const MAINTENANCE: [MaintenanceRecords; 4] = [
    MaintenanceRecords::None,
    MaintenanceRecords::Paper,
    MaintenanceRecords::Spreadsheet,
    MaintenanceRecords::Cmms,
];
const QUALITY: [QualityRecords; 5] = [
    QualityRecords::None,
    QualityRecords::Paper,
    QualityRecords::Spreadsheet,
    QualityRecords::Mes,
    QualityRecords::Lims,
];
const METERING: [EnergyMetering; 6] = [
    EnergyMetering::None,
    EnergyMetering::Monthly,
    EnergyMetering::Hourly,
    EnergyMetering::Min15,
    EnergyMetering::Min1,
    EnergyMetering::Realtime,
];

fn better<T: Copy + PartialEq>(ranks: &[T], current: Option<T>, wanted: usize) -> Option<T> {
    let now = current.and_then(|c| ranks.iter().position(|r| *r == c));
    match now {
        Some(n) if n >= wanted => current,
        _ => Some(ranks[wanted.min(ranks.len() - 1)]),
    }
}

fn apply(profile: &mut Profile, change: &Improvement) {
    match *change {
        Improvement::Owner(role) => {
            let owner = Some(Owner {
                name: "New owner".into(),
                contact: None,
            });
            let slot = match role {
                0 => &mut profile.owners.business,
                1 => &mut profile.owners.operations,
                2 => &mut profile.owners.it,
                3 => &mut profile.owners.data,
                _ => &mut profile.owners.change,
            };
            if slot.is_none() {
                *slot = owner;
            }
        }
        Improvement::Sensor { asset, kind } => add_sensor(profile, asset, kind),
        Improvement::Maintenance(n) => {
            let today = profile.data.maintenance_records.first().copied();
            profile.data.maintenance_records = better(&MAINTENANCE, today, n).into_iter().collect()
        }
        Improvement::Failures(n) => {
            profile.data.failure_events = Some(profile.data.failure_events.unwrap_or(0).max(n))
        }
        Improvement::Images(n) => {
            profile.data.labeled_images = Some(profile.data.labeled_images.unwrap_or(0).max(n))
        }
        Improvement::Quality(n) => {
            profile.data.quality_records = better(&QUALITY, profile.data.quality_records, n)
        }
        Improvement::Metering(n) => {
            profile.data.energy_metering = better(&METERING, profile.data.energy_metering, n)
        }
    }
}

fn add_sensor(profile: &mut Profile, asset: usize, kind: usize) {
    let store = profile
        .systems
        .iter()
        .find(|s| matches!(s.kind, SystemKind::Historian | SystemKind::DataPlatform));
    let Some(store) = store.map(|s| s.id.clone()) else {
        return;
    };
    let n = profile.assets.len();
    let kind =
        SensorKind::parse(SensorKind::ALL[kind % SensorKind::ALL.len()]).expect("listed kind");
    let camera = kind == SensorKind::Camera;
    let sensor = Sensor {
        kind,
        sample_hz: Some(if camera { 30.0 } else { 25_600.0 }),
        history_months: Some(36),
        stored_in: Some(store),
        resolution_mp: camera.then_some(12.0),
        wireless: None,
        purpose: None,
        fov_mm: None,
        min_defect_mm: None,
    };
    profile.assets[asset % n].sensors.push(sensor);
}

fn example(name: &str, as_of: Date) -> Profile {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("bundled example");
    load_profile(
        &path,
        &text,
        as_of,
        &crate::playbook::BUILT_IN_USE_CASES
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>(),
    )
    .expect("bundled example is valid")
}

fn playbooks() -> &'static [Playbook] {
    static LOADED: std::sync::OnceLock<Vec<Playbook>> = std::sync::OnceLock::new();
    LOADED.get_or_init(|| {
        let source = Source::BuiltIn;
        source
            .use_cases()
            .unwrap()
            .iter()
            .map(|id| load(&source, id).unwrap())
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn improvements_never_lower_readiness(changes in proptest::collection::vec(improvement(), 1..4), site in 0..2usize) {
        let as_of = Date::new(2026, 11, 26).unwrap();
        let before = example(["lyon.toml", "monterrey.toml"][site], as_of);
        let mut after = before.clone();
        for c in &changes {
            apply(&mut after, c);
        }
        for playbook in playbooks() {
            let old = derive(&before, playbook, as_of).unwrap().readiness.score;
            let new = derive(&after, playbook, as_of).unwrap().readiness.score;
            prop_assert!(new >= old, "{}: {:?} lowered readiness {} -> {}", playbook.id, changes, old, new);
        }
    }
}
