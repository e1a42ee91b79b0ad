//! Probes: every rule and expression tried on two synthetic sites when a
//! playbook loads, so a misspelt fact or a bad text fails before any render.
//!
//! One probe site has every optional key of format 2 set, the other has as
//! little as the format allows. The probe binds its variables with
//! [`super::site_scope`] and builds its facts with `facts::site_facts`, exactly
//! as derive does, so a rule that renders also probes. Conditions run on every
//! target; texts render on every target whether or not the condition holds (a `merge = true`
//! rule's texts with the site and all its targets as `targets`).
//! The probe lives in `plan` because it is a playbook meeting a site; the
//! `playbook` module only compiles, and [`load_playbook`] is the loader the
//! commands use.

use super::{derive, rules, site_scope};
use crate::date::Date;
use crate::facts;
use crate::playbook::expr::budget;
use crate::playbook::{self, Playbook, PlaybookError, PlaybookErrors, Scope, Source};
use crate::profile::*;

/// Loads and compiles the playbook for `use_case` from `source` ([`playbook::load`]),
/// then probes it unless it is built in.
///
/// Playbooks from a directory or a repository are probed (every rule tried on two
/// synthetic sites) before use. The built-in ones are probed by the test suite
/// instead (`every_built_in_playbook_passes_its_probes`), which saves most of a
/// render's time. `source` should be [`playbook::resolve`]d first when it may be a layer.
pub fn load_playbook(source: &Source, use_case: &str) -> Result<Playbook, PlaybookErrors> {
    let playbook = playbook::load(source, use_case)?;
    if matches!(source, Source::BuiltIn) {
        return Ok(playbook);
    }
    let errors = try_all(&playbook);
    if errors.is_empty() {
        Ok(playbook)
    } else {
        Err(PlaybookErrors::Invalid {
            use_case: use_case.to_string(),
            errors,
        })
    }
}

/// Tries every rule and expression of `playbook`; the errors found.
pub fn try_all(playbook: &Playbook) -> Vec<PlaybookError> {
    let as_of = Date::new(2026, 1, 1).expect("valid date");
    let mut errors = Vec::new();
    for profile in [full_site(&playbook.id), bare_site(&playbook.id)] {
        let before = errors.len();
        let default_sl = playbook.security_level_default;
        let facts = facts::site_facts(&profile, &playbook.id, as_of, default_sl);
        let site = site_scope(playbook, &facts);
        for rule in &playbook.rules {
            budget::start(budget::MAX_STEPS_PER_RULE);
            let fail = |message: String| PlaybookError {
                file: rule.origin.file.clone(),
                line: rule.origin.line,
                message,
            };
            let targets = rules::targets(rule.scope, &facts, &site);
            // A merged rule's texts see the site and `targets`, once for all targets.
            let all: Vec<&rules::Target> = targets.iter().collect();
            let merged = rule.merge.then(|| rules::merged_target(&site, &all));
            for t in &targets {
                let text_scope = merged.as_ref().map_or(&t.scope, |m| &m.scope);
                let checks = [
                    rule.when.eval_bool(&t.scope).map(|_| ()),
                    playbook.texts.render(&rule.title, text_scope).map(|_| ()),
                    playbook.texts.render(&rule.why, text_scope).map(|_| ()),
                ];
                for e in checks.into_iter().filter_map(Result::err) {
                    errors.push(fail(format!("rule `{}`: {e}", rule.id)));
                }
            }
        }
        errors.extend(business_case(playbook, &site));
        // A rule that failed above fails the derive too, with the same message and no line:
        // only what the rules did not report is worth a derive.
        if errors.len() > before {
            continue;
        }
        if let Err(e) = derive(&profile, playbook, as_of) {
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

/// The errors of the business case's expressions on one probe site, at `[business_case]`.
fn business_case(playbook: &Playbook, site: &Scope) -> Vec<PlaybookError> {
    let bc = &playbook.business_case;
    let valued = site.clone().with_number("factor", bc.factor.expected);
    let checks = [
        ("value", bc.value.eval_number(&valued).map(|_| ())),
        ("pilot_cost", bc.pilot_cost.eval_number(site).map(|_| ())),
        ("scale_cost", bc.scale_cost.eval_number(site).map(|_| ())),
        (
            "value_when",
            bc.value_when
                .as_ref()
                .map_or(Ok(()), |v| v.when.eval_bool(site).map(|_| ())),
        ),
    ];
    checks
        .into_iter()
        .filter_map(|(what, r)| r.err().map(|e| (what, e)))
        .map(|(what, e)| PlaybookError {
            file: bc.origin.file.clone(),
            line: bc.origin.line,
            message: format!("business_case {what}: {e}"),
        })
        .collect()
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
        signal: (!camera).then_some(SensorSignal::Overall),
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
        rates: Vec::new(),
    };
    profile
}

fn full_area() -> Area {
    Area {
        id: "probe-area".into(),
        name: Some("Probe area".into()),
        hazardous: Some(Hazardous::Zone1),
        washdown: Some(Washdown::Wet),
        production: Some(Production::Batch),
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

#[cfg(test)]
mod tests {
    //! A rule on every fact family loads from a directory (the probe accepts it)
    //! and fires in a real derive: the probe and derive see the same facts.

    use super::load_playbook as load;
    use crate::playbook::Source;

    /// One rule per scope, each reading every fact family format 2 added.
    const EVERY_FACT: &str = r#"
[[rule]]
id = "probe.every-site-fact"
scope = "site"
when = "site.industry != '' && size(site.regimes) >= 0 && site.climate.known == site.climate.known && site.owners.quality.assigned == site.owners.safety.assigned && size(site.hazardous_zones) >= 0 && size(site.washdown) >= 0 && size(site.production) >= 0 && site.areas.all(a, a.hazardous_area == a.hazardous_area) && site.data.maintenance_records_since >= 0 && size(site.data.maintenance_records_history) >= 0 && site.data.energy.all(e, e.metering != '' && e.store_kind == e.store_kind && e.history_months >= 0) && size(site.data.energy_carriers) >= 0 && site.format >= 1 && site.use_case != '' && site.timezone == site.timezone && baseline.oee >= 0.0"
emit = "checklist"
section = "governance"
phase = "pilot"
owner = "business"
title = "Every site fact of {{ site.name }}"
why = "{{ site.industry }} {{ site.climate.min_temp_c }} {{ site.owners.safety.name }} {{ site.data.energy_metering }}"

[[rule]]
id = "probe.every-asset-fact"
scope = "asset"
when = "asset.class != '' && asset.class_known == asset.class_known && asset.area.hazardous != '' && asset.area.washdown != '' && asset.area.production_known == asset.area.production_known && asset.area.min_temp_c <= 1000.0 && asset.area.humidity != '' && size(asset.use_cases) >= 0 && asset.failure_events >= 0 && asset.labeled_images_known == asset.labeled_images_known && asset.controller.age_years >= 0 && asset.controller.installed_known == asset.controller.installed_known && asset.controller.lifecycle != '' && asset.controller.system_kind == asset.controller.system_kind && baseline.scrap_rate >= 0.0"
emit = "checklist"
section = "integration"
phase = "pilot"
owner = "it"
title = "Every asset fact of {{ asset.id }}"
why = "{{ asset.class }} in {{ asset.area.hazardous }}, controller {{ asset.controller.age_years }} years, {{ asset.controller.lifecycle }}"

[[rule]]
id = "probe.every-sensor-fact"
scope = "sensor"
when = "sensor.wireless != '' && sensor.purpose != '' && sensor.fov_mm >= 0.0 && sensor.min_defect_mm >= 0.0 && sensor.mm_per_px >= 0.0 && sensor.px_per_defect_known == sensor.px_per_defect_known"
emit = "checklist"
section = "data"
phase = "pilot"
owner = "data"
title = "Every sensor fact of {{ asset.id }}"
why = "{{ sensor.wireless }} {{ sensor.purpose }} {{ sensor.mm_per_px }} {{ sensor.px_per_defect }}"

[[rule]]
id = "probe.every-system-fact"
scope = "system"
when = "system.hosted != '' && system.compression != '' && system.hosted_known == system.hosted_known"
emit = "checklist"
section = "security"
phase = "pilot"
owner = "it"
title = "Every system fact of {{ system.id }}"
why = "{{ system.hosted }} {{ system.compression }}"
"#;

    fn directory(extra: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for f in Source::BuiltIn.all_files().expect("built-ins") {
            let path = dir.path().join(&f.path);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, &f.text).expect("write");
        }
        let rules = dir.path().join("predictive-maintenance/every-fact.toml");
        std::fs::write(rules, extra).expect("write rules");
        dir
    }

    #[test]
    fn a_rule_on_every_fact_family_loads_from_a_directory_and_fires() {
        let dir = directory(EVERY_FACT);
        let source = Source::Dir(dir.path().to_path_buf());
        let playbook = load(&source, "predictive-maintenance").unwrap_or_else(|e| panic!("{e}"));
        let profile = super::full_site("predictive-maintenance");
        let as_of = crate::date::Date::new(2026, 1, 1).expect("date");
        let plan = crate::plan::derive(&profile, &playbook, as_of).expect("derives");
        for id in [
            "probe.every-site-fact",
            "probe.every-asset-fact.probe-asset",
            "probe.every-system-fact.sys-dcs",
        ] {
            assert!(
                plan.checklist.iter().any(|i| i.id == id),
                "{id} did not fire"
            );
        }
        assert!(plan
            .checklist
            .iter()
            .any(|i| i.rule == "probe.every-sensor-fact"));
    }

    #[test]
    fn every_built_in_playbook_passes_its_probes() {
        let source = Source::BuiltIn;
        for id in source.use_cases().expect("built-ins") {
            let playbook = crate::playbook::load(&source, &id).unwrap_or_else(|e| panic!("{e}"));
            let errors = super::try_all(&playbook);
            assert!(errors.is_empty(), "{id}: {errors:?}");
        }
    }

    #[test]
    fn a_misspelt_fact_fails_when_the_directory_loads() {
        let misspelt =
            EVERY_FACT.replace("asset.area.hazardous != ''", "asset.area.hazardus != ''");
        let dir = directory(&misspelt);
        let source = Source::Dir(dir.path().to_path_buf());
        let error = load(&source, "predictive-maintenance")
            .expect_err("the probe rejects a misspelt fact")
            .to_string();
        assert!(error.contains("probe.every-asset-fact"), "{error}");
        assert!(error.contains("every-fact.toml"), "{error}");
    }
}
