//! The `[site]` and `[owners]` tables, and the `format` key.
//!
//! Format 2 adds `site.industry`, `site.regimes`, `[site.climate]` and the
//! `quality` and `safety` owners; their keys are listed apart so that a format 1
//! file using them is told to say `format = 2`.
//!
//! Each function reads one table, reports what is wrong with it and returns the
//! typed value only when every required part of it is usable.

use super::issues::Ctx;
use super::read::{Fields, Keys, Val};
use super::shape;
use super::{Climate, Environment, Industry, Level, Owner, Owners, Regime, Site};

/// `[site]`.
pub(super) const SITE_KEYS: Keys = Keys {
    v1: &[
        "id",
        "name",
        "company",
        "country",
        "timezone",
        "shifts_per_day",
        "floor_staff",
        "languages",
        "environment",
    ],
    v2: &["industry", "regimes", "climate"],
};
/// `[site.environment]`.
pub(super) const ENVIRONMENT_KEYS: Keys = Keys {
    v1: &["min_temp_c", "max_temp_c", "humidity", "dust"],
    v2: &[],
};
/// `[site.climate]`.
pub(super) const CLIMATE_KEYS: Keys = Keys {
    v1: &[],
    v2: &["min_temp_c", "max_temp_c"],
};
/// `[owners]`.
pub(super) const OWNERS_KEYS: Keys = Keys {
    v1: &["business", "operations", "it", "data", "change"],
    v2: &["quality", "safety"],
};
/// One owner.
pub(super) const OWNER_KEYS: Keys = Keys {
    v1: &["name", "contact"],
    v2: &[],
};

/// The profile format versions this sitepack reads.
pub const FORMATS: &[u32] = &[1, 2];

/// The profile format version: 1 or 2.
pub(super) fn format(ctx: &mut Ctx, v: &Val) -> Option<u32> {
    let n = v.integer(ctx)?;
    if let Some(&f) = FORMATS.iter().find(|&&f| i64::from(f) == n) {
        return Some(f);
    }
    v.report(ctx, format!("unsupported profile `format = {n}`: expected `format = 1` or `format = 2`, the formats this sitepack reads"));
    None
}

/// `[site]`.
pub(super) fn site(ctx: &mut Ctx, v: &Val) -> Option<Site> {
    let t = v.table(ctx, &SITE_KEYS)?;
    let id = t.req(ctx, "id").and_then(|v| shape::slug(ctx, &v));
    let name = t.req(ctx, "name").and_then(|v| v.text(ctx));
    let company = t.opt("company").and_then(|v| v.free_text(ctx));
    let country = t.opt("country").and_then(|v| shape::country(ctx, &v));
    let timezone = t.opt("timezone").and_then(|v| shape::timezone(ctx, &v));
    let shifts = t
        .req(ctx, "shifts_per_day")
        .and_then(|v| v.int_in(ctx, 1..=4));
    let staff = t.req(ctx, "floor_staff").and_then(|v| v.count(ctx, 1));
    let languages = languages(ctx, &t);
    let environment = t
        .opt("environment")
        .and_then(|v| self::environment(ctx, &v));
    let industry = t
        .opt("industry")
        .and_then(|v| v.word(ctx, Industry::parse, Industry::ALL));
    let regimes = t.opt("regimes").and_then(|v| regimes(ctx, &v));
    let climate = t.opt("climate").and_then(|v| self::climate(ctx, &v));
    Some(Site {
        id: id?,
        name: name?,
        company,
        country,
        timezone,
        shifts_per_day: u32::try_from(shifts?).ok()?,
        floor_staff: staff?,
        languages: languages?,
        environment,
        industry,
        regimes: regimes.unwrap_or_default(),
        climate,
    })
}

/// `site.languages`: optional, default empty.
fn languages(ctx: &mut Ctx, t: &Fields) -> Option<Vec<String>> {
    let Some(v) = t.opt("languages") else {
        return Some(Vec::new());
    };
    let items = v.items(ctx)?;
    let tags: Vec<Option<String>> = items.iter().map(|v| shape::language(ctx, v)).collect();
    tags.into_iter().collect()
}

/// `site.regimes`: a list of regimes; upper and lower Seveso tiers exclude each other.
fn regimes(ctx: &mut Ctx, v: &Val) -> Option<Vec<Regime>> {
    let list = v.words(ctx, Regime::parse, Regime::ALL)?;
    let both = [Regime::SevesoUpper, Regime::SevesoLower];
    if both.iter().all(|r| list.contains(r)) {
        let message = format!("`{}` names both `seveso-upper` and `seveso-lower`: expected one tier, the one the site is notified under", v.path);
        v.report(ctx, message);
        return None;
    }
    Some(list)
}

/// `min_temp_c` and `max_temp_c` of `t`, with the minimum at most the maximum.
///
/// Shared by `[site.environment]`, `[site.climate]` and `[[areas]]`.
pub(super) fn temperatures(ctx: &mut Ctx, t: &Fields) -> (Option<f64>, Option<f64>) {
    let min_val = t.opt("min_temp_c");
    let min = min_val.as_ref().and_then(|v| v.float(ctx));
    let max_val = t.opt("max_temp_c");
    let max = max_val.as_ref().and_then(|v| v.float(ctx));
    if let (Some(lo), Some(hi), Some(v), Some(m)) = (min, max, &min_val, &max_val) {
        if lo > hi {
            let message = format!(
                "`{}` ({lo}) is greater than `{}` ({hi}): expected the minimum to be at most the maximum",
                v.path, m.path
            );
            v.report(ctx, message);
        }
    }
    (min, max)
}

/// `[site.climate]`: outdoor design temperatures.
fn climate(ctx: &mut Ctx, v: &Val) -> Option<Climate> {
    let t = v.table(ctx, &CLIMATE_KEYS)?;
    let (min_temp_c, max_temp_c) = temperatures(ctx, &t);
    Some(Climate {
        min_temp_c,
        max_temp_c,
    })
}

/// `[site.environment]`, with `min_temp_c <= max_temp_c`.
///
/// Optional values that are wrong come back as `None`: the error is already
/// recorded, so the profile as a whole is rejected.
fn environment(ctx: &mut Ctx, v: &Val) -> Option<Environment> {
    let t = v.table(ctx, &ENVIRONMENT_KEYS)?;
    let (min, max) = temperatures(ctx, &t);
    let humidity = t
        .opt("humidity")
        .and_then(|v| v.word(ctx, Level::parse, Level::ALL));
    let dust = t
        .opt("dust")
        .and_then(|v| v.word(ctx, Level::parse, Level::ALL));
    Some(Environment {
        min_temp_c: min,
        max_temp_c: max,
        humidity,
        dust,
    })
}

/// `[owners]`: each role optional.
pub(super) fn owners(ctx: &mut Ctx, v: &Val) -> Option<Owners> {
    let t = v.table(ctx, &OWNERS_KEYS)?;
    let mut role = |key: &str| t.opt(key).and_then(|v| owner(ctx, &v));
    Some(Owners {
        business: role("business"),
        operations: role("operations"),
        it: role("it"),
        data: role("data"),
        change: role("change"),
        quality: role("quality"),
        safety: role("safety"),
    })
}

/// One owner: `{ name, contact }`.
fn owner(ctx: &mut Ctx, v: &Val) -> Option<Owner> {
    let t = v.table(ctx, &OWNER_KEYS)?;
    let name = t.req(ctx, "name").and_then(|v| v.text(ctx));
    let contact = t.opt("contact").and_then(|v| v.free_text(ctx));
    Some(Owner {
        name: name?,
        contact,
    })
}
