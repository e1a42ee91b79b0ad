//! Probes: every rule and expression tried on two synthetic sites when the
//! playbook loads, so a misspelt fact or a bad text fails before any render.
//!
//! One probe site has every optional key set, the other has as little as the
//! format allows. Conditions run on every target; texts render on every target
//! whether or not the condition holds.

use super::{Playbook, PlaybookError, Scope};
use crate::date::Date;
use crate::plan::{self, facts, rules};
use crate::profile::*;

/// Tries every rule and expression of `playbook`; the errors found.
pub fn try_all(playbook: &Playbook) -> Vec<PlaybookError> {
    let as_of = Date::new(2026, 1, 1).expect("valid date");
    let mut errors = Vec::new();
    for profile in [full_site(), bare_site()] {
        let facts = facts::site_facts(&profile, as_of, playbook.security_level_default);
        let site = playbook.bind_params(Scope::new().with("site", &facts));
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
    Sensor {
        kind,
        sample_hz: Some(100.0),
        history_months: Some(12),
        stored_in: stored_in.map(str::to_string),
        resolution_mp: (kind == SensorKind::Camera).then_some(5.0),
    }
}

fn full_site() -> Profile {
    let mut profile = bare_site();
    profile.site.company = Some("Probe Co".into());
    profile.site.country = Some("FR".into());
    profile.site.timezone = Some("Europe/Paris".into());
    profile.site.languages = vec!["fr".into(), "en".into()];
    profile.site.environment = Some(Environment {
        min_temp_c: Some(-5.0),
        max_temp_c: Some(45.0),
        humidity: Some(Level::High),
        dust: Some(Level::High),
    });
    profile.owners = Owners {
        business: owner("B"),
        operations: owner("O"),
        it: owner("I"),
        data: owner("D"),
        change: owner("C"),
    };
    profile.network.remote_access = vec![
        RemoteAccess::Vpn,
        RemoteAccess::JumpHost,
        RemoteAccess::VendorDirect,
        RemoteAccess::RemoteDesktop,
    ];
    profile.network.security_level_target = Some(3);
    profile.systems = SystemKind::ALL
        .iter()
        .filter_map(|k| SystemKind::parse(k))
        .map(|kind| System {
            id: format!("sys-{kind}"),
            kind,
            product: Some("Probe".into()),
            interfaces: vec![Interface::OpcUa, Interface::Rest],
            retention_months: Some(24),
        })
        .collect();
    let sensors: Vec<Sensor> = SensorKind::ALL
        .iter()
        .filter_map(|k| SensorKind::parse(k))
        .flat_map(|k| [sensor(k, Some("sys-historian")), sensor(k, None)])
        .collect();
    profile.assets[0].sensors = sensors;
    profile.assets[0].downtime_hours_per_year = Some(40.0);
    profile.assets[0].controller = Some(Controller {
        vendor: Some("Siemens".into()),
        model: Some("S7-300".into()),
        protocols: vec![Protocol::S7comm, Protocol::OpcDa, Protocol::ModbusRtu],
    });
    profile.data = Data {
        maintenance_records: Some(MaintenanceRecords::Spreadsheet),
        failure_events: Some(5),
        labeled_images: Some(50),
        quality_records: Some(QualityRecords::Paper),
        energy_metering: Some(EnergyMetering::Monthly),
    };
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

fn bare_site() -> Profile {
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
        systems: vec![],
        assets: vec![Asset {
            id: "probe-asset".into(),
            name: None,
            kind: "pump".into(),
            line: None,
            criticality: Level::High,
            installed: 1990,
            in_scope: true,
            downtime_hours_per_year: None,
            controller: None,
            sensors: vec![],
        }],
        data: Data::default(),
        baseline: Baseline::default(),
    }
}
