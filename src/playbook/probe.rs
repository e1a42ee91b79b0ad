//! Probes: every rule and expression tried on two synthetic sites when the
//! playbook loads, so a misspelt fact or a bad text fails before any render.
//!
//! One probe site has every optional key of format 2 set, the other has as
//! little as the format allows. The probe binds its variables with
//! `plan::site_scope` and builds its facts with `facts::site_facts`, exactly as
//! derive does, so a rule that renders also probes. Conditions run on every
//! target; texts render on every target whether or not the condition holds.

use super::{Playbook, PlaybookError};
use crate::date::Date;
use crate::facts;
use crate::plan::{self, rules};
use crate::profile::*;

/// Tries every rule and expression of `playbook`; the errors found.
pub fn try_all(playbook: &Playbook) -> Vec<PlaybookError> {
    let as_of = Date::new(2026, 1, 1).expect("valid date");
    let mut errors = Vec::new();
    for profile in [full_site(&playbook.id), bare_site(&playbook.id)] {
        let default_sl = playbook.security_level_default;
        let facts = facts::site_facts(&profile, &playbook.id, as_of, default_sl);
        let site = plan::site_scope(playbook, &facts);
        for rule in &playbook.rules {
            let fail = |message: String| PlaybookError {
                file: rule.origin.file.clone(),
                line: rule.origin.line,
                message,
            };
            for t in rules::targets(rule.scope, &facts, &site) {
                let checks = [
                    rule.when.eval_bool(&t.scope).map(|_| ()),
                    playbook.texts.render(&rule.title, &t.scope).map(|_| ()),
                    playbook.texts.render(&rule.why, &t.scope).map(|_| ()),
                ];
                for e in checks.into_iter().filter_map(Result::err) {
                    errors.push(fail(format!("rule `{}`: {e}", rule.id)));
                }
            }
        }
        if let Err(e) = plan::derive(&profile, playbook, as_of) {
            errors.push(PlaybookError {
                file: format!("playbooks/{}", playbook.id),
                line: 0,
                message: e.0,
            });
        }
    }
    errors.sort_by(|a, b| (&a.file, a.line, &a.message).cmp(&(&b.file, b.line, &b.message)));
    errors.dedup();
    errors
}

fn owner(name: &str) -> Option<Owner> {
    Some(Owner {
        name: name.to_string(),
        contact: Some("probe@example.com".to_string()),
    })
}

fn sensor(kind: SensorKind, stored_in: Option<&str>) -> Sensor {
    let camera = kind == SensorKind::Camera;
    Sensor {
        kind,
        sample_hz: Some(100.0),
        history_months: Some(12),
        stored_in: stored_in.map(str::to_string),
        resolution_mp: camera.then_some(5.0),
        wireless: Some(Wireless::Wirelesshart),
        purpose: camera.then_some(CameraPurpose::DefectDetection),
        fov_mm: camera.then_some(200.0),
        min_defect_mm: camera.then_some(0.5),
    }
}

/// Every value of a vocabulary.
fn every<T: Copy>(values: &[T]) -> Vec<T> {
    values.to_vec()
}

/// A site with every optional key of format 2 set.
pub(super) fn full_site(use_case: &str) -> Profile {
    let mut profile = bare_site(use_case);
    profile.format = 2;
    let site = &mut profile.site;
    site.company = Some("Probe Co".into());
    site.country = Some("FR".into());
    site.timezone = Some("Europe/Paris".into());
    site.languages = vec!["fr".into(), "en".into()];
    site.environment = Some(Environment {
        min_temp_c: Some(-5.0),
        max_temp_c: Some(45.0),
        humidity: Some(Level::High),
        dust: Some(Level::High),
    });
    site.industry = Some(Industry::Chemicals);
    site.regimes = vec![Regime::SevesoUpper, Regime::Atex, Regime::EuGmp];
    site.climate = Some(Climate {
        min_temp_c: Some(-12.0),
        max_temp_c: Some(36.0),
    });
    profile.owners = Owners {
        business: owner("B"),
        operations: owner("O"),
        it: owner("I"),
        data: owner("D"),
        change: owner("C"),
        quality: owner("Q"),
        safety: owner("S"),
    };
    profile.network.remote_access = every(RemoteAccess::VALUES);
    profile.network.security_level_target = Some(3);
    profile.areas = vec![full_area()];
    profile.systems = SystemKind::VALUES
        .iter()
        .map(|&kind| system(kind))
        .collect();
    profile.assets[0] = full_asset(use_case);
    profile.data = full_data();
    profile.baseline = Baseline {
        currency: Some("EUR".into()),
        oee: Some(0.6),
        unplanned_downtime_hours: Some(100.0),
        downtime_cost_per_hour: Some(5000.0),
        scrap_rate: Some(0.03),
        annual_material_cost: Some(1e7),
        annual_energy_cost: Some(1e6),
        annual_maintenance_cost: Some(5e5),
    };
    profile
}

fn full_area() -> Area {
    Area {
        id: "probe-area".into(),
        name: Some("Probe area".into()),
        hazardous: Some(Hazardous::Zone1),
        washdown: Some(Washdown::Wet),
        min_temp_c: Some(5.0),
        max_temp_c: Some(40.0),
        humidity: Some(Level::Medium),
        dust: Some(Level::Low),
    }
}

fn system(kind: SystemKind) -> System {
    System {
        id: format!("sys-{kind}"),
        kind,
        product: Some("Probe".into()),
        interfaces: vec![Interface::OpcUa, Interface::Rest],
        retention_months: Some(24),
        hosted: Some(Hosted::Dmz),
        compression: Some(Compression::On),
    }
}

fn full_asset(use_case: &str) -> Asset {
    let sensors: Vec<Sensor> = SensorKind::VALUES
        .iter()
        .flat_map(|&k| [sensor(k, Some("sys-historian")), sensor(k, None)])
        .collect();
    Asset {
        name: Some("Probe asset".into()),
        line: Some("line-1".into()),
        class: Some(AssetClass::Pump),
        area: Some("probe-area".into()),
        failure_events: Some(4),
        labeled_images: Some(800),
        downtime_hours_per_year: Some(40.0),
        controller: Some(Controller {
            vendor: Some("Siemens".into()),
            model: Some("S7-300".into()),
            protocols: vec![Protocol::S7comm, Protocol::OpcDa, Protocol::ModbusRtu],
            installed: Some(2004),
            lifecycle: Some(Lifecycle::PhaseOut),
            system: Some("sys-dcs".into()),
        }),
        sensors,
        ..bare_asset(use_case)
    }
}

fn full_data() -> Data {
    let feed = |carrier, stored_in: Option<&str>| EnergyFeed {
        carrier,
        metering: Some(EnergyMetering::Min15),
        stored_in: stored_in.map(str::to_string),
        history_months: Some(36),
    };
    Data {
        maintenance_records: vec![MaintenanceRecords::Cmms, MaintenanceRecords::Paper],
        maintenance_records_since: Some(2016),
        failure_events: Some(5),
        labeled_images: Some(50),
        quality_records: Some(QualityRecords::Paper),
        energy_metering: None,
        energy: vec![
            feed(EnergyCarrier::Electricity, Some("sys-ems")),
            feed(EnergyCarrier::Steam, None),
        ],
    }
}

fn bare_asset(use_case: &str) -> Asset {
    Asset {
        id: "probe-asset".into(),
        name: None,
        kind: "pump".into(),
        line: None,
        criticality: Level::High,
        installed: 1990,
        in_scope: true,
        class: None,
        area: None,
        use_cases: vec![use_case.to_string()],
        failure_events: None,
        labeled_images: None,
        downtime_hours_per_year: None,
        controller: None,
        sensors: vec![],
    }
}

/// A site with as little as format 1 allows.
pub(super) fn bare_site(use_case: &str) -> Profile {
    Profile {
        format: 1,
        site: Site {
            id: "probe".into(),
            name: "Probe".into(),
            company: None,
            country: None,
            timezone: None,
            shifts_per_day: 2,
            floor_staff: 10,
            languages: vec![],
            environment: None,
            industry: None,
            regimes: vec![],
            climate: None,
        },
        owners: Owners::default(),
        network: Network {
            segmentation: Segmentation::Flat,
            it_ot_firewall: false,
            ot_dmz: false,
            remote_access: vec![],
            ot_internet_access: true,
            security_level_target: None,
        },
        areas: vec![],
        systems: vec![],
        assets: vec![bare_asset(use_case)],
        data: Data::default(),
        baseline: Baseline::default(),
    }
}
