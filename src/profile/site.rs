//! The `[site]` and `[owners]` tables, and the `format` key.
//!
//! Each function reads one table, reports what is wrong with it and returns the
//! typed value only when every required part of it is usable.

use super::issues::Ctx;
use super::read::{Fields, Val};
use super::shape;
use super::{Environment, Level, Owner, Owners, Site};

const SITE_KEYS: &[&str] = &[
    "id",
    "name",
    "company",
    "country",
    "timezone",
    "shifts_per_day",
    "floor_staff",
    "languages",
    "environment",
];
const ENVIRONMENT_KEYS: &[&str] = &["min_temp_c", "max_temp_c", "humidity", "dust"];
const OWNERS_KEYS: &[&str] = &["business", "operations", "it", "data", "change"];
const OWNER_KEYS: &[&str] = &["name", "contact"];

/// The profile format version: only 1 is understood.
pub(super) fn format(ctx: &mut Ctx, v: &Val) -> Option<u32> {
    let n = v.integer(ctx)?;
    if n == 1 {
        return Some(1);
    }
    v.report(ctx, format!("unsupported profile `format = {n}`: expected `format = 1`, the only format this sitepack reads"));
    None
}

/// `[site]`.
pub(super) fn site(ctx: &mut Ctx, v: &Val) -> Option<Site> {
    let t = v.table(ctx, SITE_KEYS)?;
    let id = t.req(ctx, "id").and_then(|v| shape::slug(ctx, &v));
    let name = t.req(ctx, "name").and_then(|v| v.text(ctx));
    let company = t.opt("company").and_then(|v| v.string(ctx));
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

/// `[site.environment]`, with `min_temp_c <= max_temp_c`.
///
/// Optional values that are wrong come back as `None`: the error is already
/// recorded, so the profile as a whole is rejected.
fn environment(ctx: &mut Ctx, v: &Val) -> Option<Environment> {
    let t = v.table(ctx, ENVIRONMENT_KEYS)?;
    let min_val = t.opt("min_temp_c");
    let min = min_val.as_ref().and_then(|v| v.float(ctx));
    let max = t.opt("max_temp_c").and_then(|v| v.float(ctx));
    let humidity = t
        .opt("humidity")
        .and_then(|v| v.word(ctx, Level::parse, Level::ALL));
    let dust = t
        .opt("dust")
        .and_then(|v| v.word(ctx, Level::parse, Level::ALL));
    if let (Some(lo), Some(hi), Some(v)) = (min, max, &min_val) {
        if lo > hi {
            let message = format!(
                "`{}` ({lo}) is greater than `site.environment.max_temp_c` ({hi}): expected the minimum to be at most the maximum",
                v.path
            );
            v.report(ctx, message);
        }
    }
    Some(Environment {
        min_temp_c: min,
        max_temp_c: max,
        humidity,
        dust,
    })
}

/// `[owners]`: each role optional.
pub(super) fn owners(ctx: &mut Ctx, v: &Val) -> Option<Owners> {
    let t = v.table(ctx, OWNERS_KEYS)?;
    let mut role = |key: &str| t.opt(key).and_then(|v| owner(ctx, &v));
    Some(Owners {
        business: role("business"),
        operations: role("operations"),
        it: role("it"),
        data: role("data"),
        change: role("change"),
    })
}

/// One owner: `{ name, contact }`.
fn owner(ctx: &mut Ctx, v: &Val) -> Option<Owner> {
    let t = v.table(ctx, OWNER_KEYS)?;
    let name = t.req(ctx, "name").and_then(|v| v.text(ctx));
    let contact = t.opt("contact").and_then(|v| v.string(ctx));
    Some(Owner {
        name: name?,
        contact,
    })
}
