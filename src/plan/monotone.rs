//! Property: the readiness score is monotone. Adding a required sensor, a
//! record, or an owner to a site never lowers its score, for any use case:
//! on the bundled examples, and on generated plants compared with a plant
//! that is better instrumented on every fact. And on the score alone: closing
//! any gap of a random set never lowers it under the built-in model, with its
//! essential-data caps and the cap of open blocking findings.

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
    /// Make one sensor excellent: stored, high rate, long history.
    Upgrade { asset: usize, sensor: usize },
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
        (0..6usize, 0..6usize).prop_map(|(asset, sensor)| Improvement::Upgrade { asset, sensor }),
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

/// The better of `current` and rank `wanted`. Saying "none" where the profile
/// was silent is not an improvement, so from unknown the least is rank 1.
fn better<T: Copy + PartialEq>(ranks: &[T], current: Option<T>, wanted: usize) -> Option<T> {
    let now = current.and_then(|c| ranks.iter().position(|r| *r == c));
    let wanted = if now.is_none() { wanted.max(1) } else { wanted };
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
        Improvement::Upgrade { asset, sensor } => upgrade_sensor(profile, asset, sensor),
    }
}

fn store_id(profile: &Profile) -> Option<String> {
    profile
        .systems
        .iter()
        .find(|s| matches!(s.kind, SystemKind::Historian | SystemKind::DataPlatform))
        .map(|s| s.id.clone())
}

/// An excellent sensor of `kind`, stored in `store`.
fn excellent(kind: SensorKind, store: String) -> Sensor {
    let camera = kind == SensorKind::Camera;
    Sensor {
        kind,
        sample_hz: Some(if camera { 30.0 } else { 25_600.0 }),
        history_months: Some(36),
        stored_in: Some(store),
        resolution_mp: camera.then_some(12.0),
        wireless: None,
        signal: None,
        purpose: None,
        fov_mm: None,
        min_defect_mm: None,
    }
}

fn upgrade_sensor(profile: &mut Profile, asset: usize, sensor: usize) {
    let Some(store) = store_id(profile) else {
        return;
    };
    let n = profile.assets.len();
    let sensors = &mut profile.assets[asset % n].sensors;
    if sensors.is_empty() {
        return;
    }
    let i = sensor % sensors.len();
    sensors[i] = excellent(sensors[i].kind, store);
}

fn sensor_kind(kind: usize) -> SensorKind {
    SensorKind::parse(SensorKind::ALL[kind % SensorKind::ALL.len()]).expect("listed kind")
}

fn add_sensor(profile: &mut Profile, asset: usize, kind: usize) {
    let Some(store) = store_id(profile) else {
        return;
    };
    let n = profile.assets.len();
    profile.assets[asset % n]
        .sensors
        .push(excellent(sensor_kind(kind), store));
}

/// A generated sensor: kind, rate, history and storage, each possibly unknown.
#[derive(Debug, Clone)]
struct SensorSpec {
    kind: usize,
    rate: Option<f64>,
    history: Option<u32>,
    stored: bool,
}

/// A generated asset: criticality, which example controller (or none), sensors.
#[derive(Debug, Clone)]
struct AssetSpec {
    criticality: usize,
    controller: usize,
    in_scope: bool,
    sensors: Vec<SensorSpec>,
}

fn sensor_spec() -> impl Strategy<Value = SensorSpec> {
    (
        0..12usize,
        proptest::option::of(prop_oneof![
            Just(1.0),
            Just(500.0),
            Just(5000.0),
            Just(25_600.0)
        ]),
        proptest::option::of(prop_oneof![Just(2u32), Just(8), Just(36)]),
        any::<bool>(),
    )
        .prop_map(|(kind, rate, history, stored)| SensorSpec {
            kind,
            rate,
            history,
            stored,
        })
}

fn asset_spec() -> impl Strategy<Value = AssetSpec> {
    (
        0..3usize,
        0..4usize,
        proptest::bool::weighted(0.85),
        proptest::collection::vec(sensor_spec(), 0..4),
    )
        .prop_map(|(criticality, controller, in_scope, sensors)| AssetSpec {
            criticality,
            controller,
            in_scope,
            sensors,
        })
}

/// A plant built on Lyon's site, network and systems, with generated assets.
fn generated(specs: &[AssetSpec], as_of: Date) -> Profile {
    let mut profile = example("lyon.toml", as_of);
    let store = store_id(&profile);
    let templates = profile.assets.clone();
    profile.assets = specs
        .iter()
        .enumerate()
        .map(|(i, spec)| {
            let template = &templates[i % templates.len()];
            Asset {
                id: format!("asset-{i}"),
                criticality: [Level::Low, Level::Medium, Level::High][spec.criticality],
                in_scope: spec.in_scope,
                // Format 1's `in_scope` decides the use cases, as the loader resolves it.
                use_cases: if spec.in_scope {
                    template.use_cases.clone()
                } else {
                    Vec::new()
                },
                controller: templates
                    .get(spec.controller)
                    .and_then(|t| t.controller.clone()),
                sensors: spec
                    .sensors
                    .iter()
                    .map(|s| Sensor {
                        kind: sensor_kind(s.kind),
                        sample_hz: s.rate,
                        history_months: s.history,
                        stored_in: store.clone().filter(|_| s.stored),
                        resolution_mp: (sensor_kind(s.kind) == SensorKind::Camera).then_some(2.0),
                        wireless: None,
                        signal: None,
                        purpose: None,
                        fov_mm: None,
                        min_defect_mm: None,
                    })
                    .collect(),
                ..template.clone()
            }
        })
        .collect();
    profile
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

/// A random gap: topic, severity, per-asset or not, rule, cap, not applicable.
fn random_gap() -> impl Strategy<Value = super::Gap> {
    const TOPICS: [&str; 8] = [
        "data",
        "integration",
        "security",
        "ownership",
        "business",
        "people",
        "governance",
        "other",
    ];
    (
        0..TOPICS.len(),
        0..3usize,
        proptest::option::of(0..4usize),
        0..5usize,
        proptest::option::of(20..90u32),
        proptest::bool::weighted(0.05),
    )
        .prop_map(|(topic, severity, asset, rule, cap, not_applicable)| {
            let severity = [
                super::Severity::Blocking,
                super::Severity::Major,
                super::Severity::Minor,
            ][severity];
            let asset = asset.map(|a| format!("a{a}"));
            super::Gap {
                id: format!("r{rule}.{}", asset.clone().unwrap_or_default()),
                topic: TOPICS[topic].into(),
                severity,
                asset,
                title: String::new(),
                why: String::new(),
                rule: format!("r{rule}"),
                phase: "assess".into(),
                owner: "data".into(),
                cap,
                not_applicable,
            }
        })
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

    #[test]
    fn better_instrumented_plants_never_score_lower(
        specs in proptest::collection::vec(asset_spec(), 1..6),
        changes in proptest::collection::vec(improvement(), 1..12),
    ) {
        let as_of = Date::new(2026, 11, 26).unwrap();
        let worse = generated(&specs, as_of);
        let mut better = worse.clone();
        for c in &changes {
            apply(&mut better, c);
        }
        for playbook in playbooks() {
            let old = derive(&worse, playbook, as_of).unwrap().readiness.score;
            let new = derive(&better, playbook, as_of).unwrap().readiness.score;
            prop_assert!(new >= old, "{}: {:?} on {:?} lowered readiness {} -> {}", playbook.id, changes, specs, old, new);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn closing_any_gap_never_lowers_the_score(
        gaps in proptest::collection::vec(random_gap(), 0..16),
        close in proptest::collection::vec(any::<bool>(), 16),
        in_scope in 0..6usize,
    ) {
        let model = &playbooks()[0].readiness;
        prop_assert!(model.blocking_cap.is_some(), "the built-in model has a blocking cap");
        let fewer: Vec<super::Gap> = gaps
            .iter()
            .zip(&close)
            .filter(|(_, c)| !**c)
            .map(|(g, _)| g.clone())
            .collect();
        let all = super::readiness::score(model, gaps.clone(), in_scope).score;
        let some = super::readiness::score(model, fewer, in_scope).score;
        prop_assert!(some >= all, "closing gaps lowered readiness {} -> {}", all, some);
    }
}
