//! Building [`SiteFacts`] from a profile: the site, its owners, network,
//! areas, systems, data and baseline (assets and sensors are in `assets.rs`).

use super::assets::{area_facts, asset_facts};
use super::lineage;
use super::*;
use crate::date::Date;
use crate::profile::{Data, EnergyFeed, Owner, Profile, System};
use crate::vocab::{EnergyCarrier, EnergyMetering, Hazardous, Industry, Role, Washdown};

pub(super) const UNKNOWN: &str = "unknown";

/// Flattens `profile` into the facts of `use_case`, as of `as_of`, with
/// `default_sl` as the security level target when the profile sets none.
pub fn site_facts(profile: &Profile, use_case: &str, as_of: Date, default_sl: u32) -> SiteFacts {
    let site = &profile.site;
    let assets: Vec<AssetFacts> = profile
        .assets
        .iter()
        .map(|a| asset_facts(a, profile, use_case, as_of))
        .collect();
    let areas: Vec<AreaFacts> = profile
        .areas
        .iter()
        .map(|a| area_facts(Some(a), site.environment.as_ref()))
        .collect();
    let data = data_facts(profile);
    let mut systems: Vec<SystemFacts> = profile.systems.iter().map(system_facts).collect();
    lineage::link(&mut systems, &assets, &data.energy);
    SiteFacts {
        id: site.id.clone(),
        name: site.name.clone(),
        company: site.company.clone().unwrap_or_default(),
        country: site.country.clone().unwrap_or_default(),
        in_eu: site.country.as_deref().is_some_and(in_eu),
        atex: site.country.as_deref().is_some_and(in_eu)
            || site.regimes.contains(&crate::vocab::Regime::Atex),
        timezone: site.timezone.clone().unwrap_or_default(),
        format: profile.format,
        use_case: use_case.to_string(),
        industry: name_or_unknown(site.industry),
        industry_known: site.industry.is_some(),
        traceability: traceability(site.industry).to_string(),
        regimes: names(&site.regimes),
        shifts_per_day: site.shifts_per_day,
        floor_staff: site.floor_staff,
        languages: site.languages.clone(),
        language_count: site.languages.len(),
        environment: environment_facts(profile),
        climate: climate_facts(profile),
        owners: owners_facts(profile),
        network: network_facts(profile, default_sl),
        hazardous_zones: distinct(
            profile.areas.iter().filter_map(|a| a.hazardous),
            Hazardous::None,
        ),
        washdown: distinct(
            profile.areas.iter().filter_map(|a| a.washdown),
            Washdown::None,
        ),
        production: distinct(profile.areas.iter().filter_map(|a| a.production), None),
        areas,
        wireless: lineage::wireless(&assets),
        systems,
        system_kinds: distinct(profile.systems.iter().map(|s| s.kind), None),
        in_scope_assets: assets.iter().filter(|a| a.in_scope).count(),
        in_scope_camera_assets: assets
            .iter()
            .filter(|a| a.in_scope && a.sensors.iter().any(|s| s.kind == "camera"))
            .count(),
        in_scope_lines: in_scope_lines(&assets),
        in_scope_ambient: in_scope_ambient(&assets, &environment_facts(profile)),
        in_scope_failures: in_scope_failures(&assets, &data, as_of),
        assets,
        data,
        baseline: baseline_facts(profile),
    }
}

/// Distinct lines of the in-scope assets; an asset without a line counts as one of its own.
fn in_scope_lines(assets: &[AssetFacts]) -> usize {
    let in_scope = assets.iter().filter(|a| a.in_scope);
    let named: std::collections::BTreeSet<&str> = in_scope
        .clone()
        .filter(|a| !a.line.is_empty())
        .map(|a| a.line.as_str())
        .collect();
    named.len() + in_scope.filter(|a| a.line.is_empty()).count()
}

/// The in-scope assets' failures per year of records: their own counts when every one gives
/// one, else the site's total (which includes out-of-scope assets, so an upper bound); unknown
/// without either, with no asset in scope, or without the records' start year.
fn in_scope_failures(assets: &[AssetFacts], data: &DataFacts, as_of: Date) -> FailureFacts {
    let in_scope: Vec<&AssetFacts> = assets.iter().filter(|a| a.in_scope).collect();
    let own = !in_scope.is_empty() && in_scope.iter().all(|a| a.failure_events_known);
    let events: u32 = match own {
        true => in_scope.iter().map(|a| a.failure_events).sum(),
        false => data.failure_events,
    };
    let years = match data.maintenance_records_since_known {
        true => (as_of.year() - data.maintenance_records_since).max(1) as u32,
        false => 0,
    };
    FailureFacts {
        known: years > 0 && !in_scope.is_empty() && (own || data.failure_events_known),
        upper_bound: !own,
        events,
        years,
        per_year: if years > 0 {
            f64::from(events) / f64::from(years)
        } else {
            0.0
        },
    }
}

/// How an industry traces its product: lots and batches in the process industries, serials
/// and part genealogy in the discrete ones; `unknown` where either is common (metals,
/// plastics, textiles, other) or the industry is not given.
pub(super) fn traceability(industry: Option<Industry>) -> &'static str {
    use Industry as I;
    match industry {
        Some(
            I::Chemicals
            | I::Pharma
            | I::FoodBeverage
            | I::PulpPaper
            | I::BuildingMaterials
            | I::OilGas
            | I::EnergyUtilities
            | I::Water,
        ) => "batch",
        Some(I::Automotive | I::DiscreteMachinery | I::Electronics) => "part",
        Some(I::Metals | I::PlasticsRubber | I::Textiles | I::Other) | None => UNKNOWN,
    }
}

/// The spelling of `value`, or `unknown`.
pub(super) fn name_or_unknown<T: ToString>(value: Option<T>) -> String {
    value.map_or_else(|| UNKNOWN.to_string(), |v| v.to_string())
}

/// The spellings of `values`, in order.
pub(super) fn names<T: ToString>(values: &[T]) -> Vec<String> {
    values.iter().map(ToString::to_string).collect()
}

/// The distinct spellings of `values`, sorted, leaving out `except`.
fn distinct<T: Ord + ToString, E: Into<Option<T>>>(
    values: impl Iterator<Item = T>,
    except: E,
) -> Vec<String> {
    let except = except.into();
    let set: std::collections::BTreeSet<T> =
        values.filter(|v| Some(v) != except.as_ref()).collect();
    let mut out: Vec<String> = set.iter().map(ToString::to_string).collect();
    out.sort();
    out
}

fn environment_facts(profile: &Profile) -> EnvironmentFacts {
    let env = profile.site.environment.as_ref();
    EnvironmentFacts {
        known: env.is_some(),
        temp_known: env.is_some_and(|e| e.min_temp_c.is_some() && e.max_temp_c.is_some()),
        min_temp_c: env.and_then(|e| e.min_temp_c).unwrap_or(0.0),
        max_temp_c: env.and_then(|e| e.max_temp_c).unwrap_or(0.0),
        humidity: name_or_unknown(env.and_then(|e| e.humidity)),
        dust: name_or_unknown(env.and_then(|e| e.dust)),
    }
}

/// The hottest and coldest places among the in-scope assets with known temperatures; an
/// extreme that is the site's own environment names no area.
fn in_scope_ambient(assets: &[AssetFacts], env: &EnvironmentFacts) -> AmbientFacts {
    let known: Vec<&AreaFacts> = assets
        .iter()
        .filter(|a| a.in_scope && a.area.temp_known)
        .map(|a| &a.area)
        .collect();
    let hottest = known
        .iter()
        .max_by(|a, b| a.max_temp_c.total_cmp(&b.max_temp_c));
    let coldest = known
        .iter()
        .min_by(|a, b| a.min_temp_c.total_cmp(&b.min_temp_c));
    AmbientFacts {
        known: !known.is_empty(),
        min_temp_c: coldest.map_or(0.0, |a| a.min_temp_c),
        max_temp_c: hottest.map_or(0.0, |a| a.max_temp_c),
        hottest_area: hottest
            .filter(|a| !(env.temp_known && a.max_temp_c == env.max_temp_c))
            .map(|a| a.name.clone())
            .unwrap_or_default(),
        coldest_area: coldest
            .filter(|a| !(env.temp_known && a.min_temp_c == env.min_temp_c))
            .map(|a| a.name.clone())
            .unwrap_or_default(),
    }
}

fn climate_facts(profile: &Profile) -> ClimateFacts {
    let c = profile.site.climate.as_ref();
    ClimateFacts {
        known: c.is_some_and(|c| c.min_temp_c.is_some() && c.max_temp_c.is_some()),
        min_temp_c: c.and_then(|c| c.min_temp_c).unwrap_or(0.0),
        max_temp_c: c.and_then(|c| c.max_temp_c).unwrap_or(0.0),
    }
}

/// The roles whose owners rules iterate over: the five core roles, plus
/// quality and safety where the profile names them.
pub fn owner_roles(facts: &SiteFacts) -> Vec<Role> {
    let optional = [Role::Quality, Role::Safety];
    let named = optional
        .into_iter()
        .filter(|r| facts.owners.get(*r).assigned);
    Role::CORE.iter().copied().chain(named).collect()
}

/// The facts of one owner role.
pub fn owner_facts(role: Role, owner: Option<&Owner>) -> OwnerFacts {
    OwnerFacts {
        role: role.to_string(),
        assigned: owner.is_some(),
        name: owner.map_or_else(|| UNASSIGNED.to_string(), |o| o.name.clone()),
    }
}

fn owners_facts(profile: &Profile) -> OwnersFacts {
    let of = |role| owner_facts(role, profile.owners.get(role));
    OwnersFacts {
        business: of(Role::Business),
        operations: of(Role::Operations),
        it: of(Role::It),
        data: of(Role::Data),
        change: of(Role::Change),
        quality: of(Role::Quality),
        safety: of(Role::Safety),
    }
}

fn network_facts(profile: &Profile, default_sl: u32) -> NetworkFacts {
    let net = &profile.network;
    NetworkFacts {
        segmentation: net.segmentation.to_string(),
        it_ot_firewall: net.it_ot_firewall,
        ot_dmz: net.ot_dmz,
        remote_access: names(&net.remote_access),
        ot_internet_access: net.ot_internet_access,
        security_level_target: net.security_level_target.unwrap_or(default_sl),
        security_level_from_profile: net.security_level_target.is_some(),
    }
}

/// The EU's 27 member states, ISO 3166-1 alpha-2.
const EU_MEMBERS: [&str; 27] = [
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
];

fn in_eu(country: &str) -> bool {
    EU_MEMBERS.contains(&country)
}

fn system_facts(system: &System) -> SystemFacts {
    SystemFacts {
        id: system.id.clone(),
        kind: system.kind.to_string(),
        product: system.product.clone().unwrap_or_default(),
        interfaces: names(&system.interfaces),
        retention_months: system.retention_months.unwrap_or(0),
        retention_known: system.retention_months.is_some(),
        hosted: system.hosted_or_default().to_string(),
        hosted_known: system.hosted.is_some(),
        compression: name_or_unknown(system.compression),
        family: lineage::product_family(
            &system.kind.to_string(),
            system.product.as_deref().unwrap_or(""),
        ),
        assets: Vec::new(),
        controlled_assets: Vec::new(),
        retired_controllers: Vec::new(),
        tags: Vec::new(),
        keeps_history: false,
        energy_carriers: Vec::new(),
    }
}

fn data_facts(profile: &Profile) -> DataFacts {
    let d = &profile.data;
    let energy: Vec<EnergyFacts> = d
        .energy
        .iter()
        .map(|e| energy_facts(e, &profile.systems))
        .collect();
    DataFacts {
        maintenance_records: name_or_unknown(d.maintenance_records.first()),
        maintenance_records_history: names(&d.maintenance_records),
        maintenance_records_since: d.maintenance_records_since.unwrap_or(0),
        maintenance_records_since_known: d.maintenance_records_since.is_some(),
        quality_records: name_or_unknown(d.quality_records),
        energy_metering: energy_metering(d),
        energy_carriers: distinct(d.energy.iter().map(|e| e.carrier), None),
        metered_carriers: carriers(d, |e| e.metering.is_some_and(|m| m != EnergyMetering::None)),
        coarse_fuel_carriers: carriers(d, |e| {
            e.carrier != EnergyCarrier::Electricity
                && matches!(
                    e.metering,
                    None | Some(EnergyMetering::None | EnergyMetering::Monthly)
                )
        }),
        unstored_interval_carriers: carriers(d, |e| {
            let interval = e.metering > Some(EnergyMetering::Monthly);
            e.stored_in.is_none() && interval
        }),
        energy,
        failure_events: d.failure_events.unwrap_or(0),
        failure_events_known: d.failure_events.is_some(),
        labeled_images: d.labeled_images.unwrap_or(0),
        labeled_images_known: d.labeled_images.is_some(),
    }
}

/// The distinct carriers (water excluded) of the feeds that match `pick`.
fn carriers(d: &Data, pick: impl Fn(&EnergyFeed) -> bool) -> Vec<String> {
    let feeds = d
        .energy
        .iter()
        .filter(|e| e.carrier != EnergyCarrier::Water);
    distinct(feeds.filter(|e| pick(e)).map(|e| e.carrier), None)
}

/// `energy_metering` as given, else the electricity feed's metering, else the finest feed's.
fn energy_metering(d: &Data) -> String {
    let electricity = d
        .energy
        .iter()
        .filter(|e| e.carrier == EnergyCarrier::Electricity)
        .filter_map(|e| e.metering)
        .max();
    let finest = d.energy.iter().filter_map(|e| e.metering).max();
    name_or_unknown(d.energy_metering.or(electricity).or(finest))
}

fn energy_facts(feed: &EnergyFeed, systems: &[System]) -> EnergyFacts {
    let store = feed
        .stored_in
        .as_ref()
        .and_then(|id| systems.iter().find(|s| &s.id == id));
    EnergyFacts {
        carrier: feed.carrier.to_string(),
        metering: name_or_unknown(feed.metering),
        stored: feed.stored_in.is_some(),
        stored_in: feed.stored_in.clone().unwrap_or_default(),
        store_kind: store.map(|s| s.kind.to_string()).unwrap_or_default(),
        store_retention_months: store.and_then(|s| s.retention_months).unwrap_or(0),
        history_months: feed.history_months.unwrap_or(0),
        history_known: feed.history_months.is_some(),
    }
}

fn baseline_facts(profile: &Profile) -> BaselineFacts {
    let b = &profile.baseline;
    BaselineFacts {
        currency: b.currency.clone().unwrap_or_default(),
        known: b.known().into_iter().map(|(k, _)| k.to_string()).collect(),
        oee: b.oee.unwrap_or(0.0),
        unplanned_downtime_hours: b.unplanned_downtime_hours.unwrap_or(0.0),
        downtime_cost_per_hour: b.downtime_cost_per_hour.unwrap_or(0.0),
        scrap_rate: b.scrap_rate.unwrap_or(0.0),
        annual_material_cost: b.annual_material_cost.unwrap_or(0.0),
        annual_energy_cost: b.annual_energy_cost.unwrap_or(0.0),
        annual_maintenance_cost: b.annual_maintenance_cost.unwrap_or(0.0),
    }
}
