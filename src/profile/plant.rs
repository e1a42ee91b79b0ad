//! The `[network]`, `[[systems]]`, `[data]` and `[baseline]` tables.
//!
//! Like `site.rs`, each function reports every problem of its table and
//! returns a typed value only when the required parts are usable. `[data]` is
//! in `data.rs`; the id bookkeeping shared by every list is [`SeenIds`].

use std::collections::HashMap;

use super::issues::Ctx;
use super::read::{Keys, Val};
use super::shape;
use super::suggest::nearest;
use crate::date::Date;

use super::{
    Baseline, Compression, ExchangeRate, Hosted, Interface, Network, RemoteAccess, Segmentation,
    System, SystemKind,
};

/// `[network]`.
pub(super) const NETWORK_KEYS: Keys = Keys {
    v1: &[
        "segmentation",
        "it_ot_firewall",
        "ot_dmz",
        "remote_access",
        "ot_internet_access",
        "security_level_target",
    ],
    v2: &[],
};
/// One `[[systems]]` entry.
pub(super) const SYSTEM_KEYS: Keys = Keys {
    v1: &["id", "kind", "product", "interfaces", "retention_months"],
    v2: &["hosted", "compression"],
};
/// `[baseline]`.
pub(super) const BASELINE_KEYS: Keys = Keys {
    v1: &[
        "currency",
        "oee",
        "unplanned_downtime_hours",
        "downtime_cost_per_hour",
        "scrap_rate",
        "annual_material_cost",
        "annual_energy_cost",
        "annual_maintenance_cost",
    ],
    v2: &["rates"],
};
/// One `[[baseline.rates]]` entry (format 2).
pub(super) const RATE_KEYS: Keys = Keys {
    v1: &[],
    v2: &["from", "rate", "date", "source"],
};

/// `[network]`.
pub(super) fn network(ctx: &mut Ctx, v: &Val) -> Option<Network> {
    let t = v.table(ctx, &NETWORK_KEYS)?;
    let segmentation = t
        .req(ctx, "segmentation")
        .and_then(|v| v.word(ctx, Segmentation::parse, Segmentation::ALL));
    let mut flag = |key: &str| t.opt(key).and_then(|v| v.boolean(ctx)).unwrap_or(false);
    let (it_ot_firewall, ot_dmz, ot_internet_access) = (
        flag("it_ot_firewall"),
        flag("ot_dmz"),
        flag("ot_internet_access"),
    );
    let remote_access = t
        .opt("remote_access")
        .and_then(|v| v.words(ctx, RemoteAccess::parse, RemoteAccess::ALL));
    let level = t
        .opt("security_level_target")
        .and_then(|v| v.int_in(ctx, 1..=4));
    Some(Network {
        segmentation: segmentation?,
        it_ot_firewall,
        ot_dmz,
        remote_access: remote_access.unwrap_or_default(),
        ot_internet_access,
        security_level_target: level.and_then(|n| u32::try_from(n).ok()),
    })
}

/// Ids already seen in one list, with the line of each, to report duplicates
/// and to resolve references; lookups are hashed, so a list is checked in
/// linear time.
#[derive(Default)]
pub(super) struct SeenIds {
    order: Vec<String>,
    lines: HashMap<String, usize>,
}

impl SeenIds {
    /// Records `id` read from `v`; a repeat is reported at the repeat.
    pub fn check(&mut self, ctx: &mut Ctx, v: &Val, id: &str, what: &str) {
        if let Some(first) = self.lines.get(id) {
            let message = format!("duplicate {what} id `{id}` at `{}`: first defined on line {first}; expected each {what} id to be unique", v.path);
            ctx.report_structure(&v.path, v.span(), message, None);
            return;
        }
        let line = ctx.line_of(v.span().start);
        self.lines.insert(id.to_string(), line);
        self.order.push(id.to_string());
    }

    /// Whether `id` was seen.
    pub fn contains(&self, id: &str) -> bool {
        self.lines.contains_key(id)
    }

    /// Every id seen, in file order.
    pub fn ids(&self) -> Vec<&str> {
        self.order.iter().map(String::as_str).collect()
    }

    /// A reference to one of these ids (`stored_in`, `area`, `controller.system`):
    /// the id, or `None` with an error naming the nearest one. `list` is the
    /// table the ids come from, e.g. `[[systems]]`.
    pub fn reference(&self, ctx: &mut Ctx, v: &Val, list: &str) -> Option<String> {
        let id = v.string(ctx)?;
        if self.contains(&id) {
            return Some(id);
        }
        let ids = self.ids();
        let known = if ids.is_empty() {
            format!("no `{list}` entries are defined")
        } else {
            format!("expected one of {}", ids.join(", "))
        };
        let message = format!(
            "`{}` names `{id}`, which is not the id of any `{list}` entry: {known}",
            v.path
        );
        ctx.report_structure(&v.path, v.span(), message, nearest(&id, &ids));
        None
    }
}

/// `[[systems]]`: the systems, and the ids for `stored_in` checks.
pub(super) fn systems(ctx: &mut Ctx, v: Option<Val>) -> (Option<Vec<System>>, SeenIds) {
    let mut seen = SeenIds::default();
    let Some(v) = v else {
        return (Some(Vec::new()), seen);
    };
    let Some(items) = v.items(ctx) else {
        return (None, seen);
    };
    let systems: Vec<Option<System>> = items.iter().map(|v| system(ctx, v, &mut seen)).collect();
    (systems.into_iter().collect(), seen)
}

/// One `[[systems]]` entry.
fn system(ctx: &mut Ctx, v: &Val, seen: &mut SeenIds) -> Option<System> {
    let t = v.table(ctx, &SYSTEM_KEYS)?;
    let id_val = t.req(ctx, "id");
    let id = id_val.as_ref().and_then(|v| shape::slug(ctx, v));
    if let (Some(id), Some(v)) = (&id, &id_val) {
        seen.check(ctx, v, id, "system");
    }
    let kind = t
        .req(ctx, "kind")
        .and_then(|v| v.word(ctx, SystemKind::parse, SystemKind::ALL));
    let product = t.opt("product").and_then(|v| v.free_text(ctx));
    let interfaces = t
        .opt("interfaces")
        .and_then(|v| v.words(ctx, Interface::parse, Interface::ALL));
    let retention_months = t.opt("retention_months").and_then(|v| v.count(ctx, 0));
    let hosted = t
        .opt("hosted")
        .and_then(|v| v.word(ctx, Hosted::parse, Hosted::ALL));
    let compression = t
        .opt("compression")
        .and_then(|v| v.word(ctx, Compression::parse, Compression::ALL));
    Some(System {
        id: id?,
        kind: kind?,
        product,
        interfaces: interfaces.unwrap_or_default(),
        retention_months,
        hosted,
        compression,
    })
}

/// `[baseline]`: every key optional; ratios in 0..=1, amounts >= 0.
pub(super) fn baseline(ctx: &mut Ctx, v: &Val) -> Option<Baseline> {
    let t = v.table(ctx, &BASELINE_KEYS)?;
    let currency = t.opt("currency").and_then(|v| shape::currency(ctx, &v));
    let mut ratio = |key: &str| t.opt(key).and_then(|v| v.float_in(ctx, 0.0..=1.0));
    let (oee, scrap_rate) = (ratio("oee"), ratio("scrap_rate"));
    let mut amount = |key: &str| t.opt(key).and_then(|v| v.non_negative(ctx));
    Some(Baseline {
        oee,
        unplanned_downtime_hours: amount("unplanned_downtime_hours"),
        downtime_cost_per_hour: amount("downtime_cost_per_hour"),
        scrap_rate,
        annual_material_cost: amount("annual_material_cost"),
        annual_energy_cost: amount("annual_energy_cost"),
        annual_maintenance_cost: amount("annual_maintenance_cost"),
        rates: t
            .opt("rates")
            .and_then(|v| rates(ctx, &v, currency.as_deref()))
            .unwrap_or_default(),
        currency,
    })
}

/// `[[baseline.rates]]`: one rate per currency, none into the baseline currency itself.
fn rates(ctx: &mut Ctx, v: &Val, currency: Option<&str>) -> Option<Vec<ExchangeRate>> {
    let Some(currency) = currency else {
        let message = format!(
            "`{}` needs `baseline.currency`: a rate converts into the site's currency",
            v.path
        );
        v.report(ctx, message);
        return None;
    };
    let mut out: Vec<ExchangeRate> = Vec::new();
    for item in v.items(ctx)? {
        let Some(rate) = exchange_rate(ctx, &item) else {
            continue;
        };
        let clash = if rate.from == currency {
            Some(format!("converts {currency} into itself"))
        } else if out.iter().any(|r| r.from == rate.from) {
            Some(format!("gives a second rate for {}", rate.from))
        } else {
            None
        };
        match clash {
            Some(what) => item.report(
                ctx,
                format!(
                    "`{}` {what}: expected one rate per other currency",
                    item.path
                ),
            ),
            None => out.push(rate),
        }
    }
    Some(out)
}

/// One rate: `from` an ISO 4217 code, `rate` positive, `date` `YYYY-MM-DD`, `source` text.
fn exchange_rate(ctx: &mut Ctx, v: &Val) -> Option<ExchangeRate> {
    let t = v.table(ctx, &RATE_KEYS)?;
    let from = t.req(ctx, "from").and_then(|v| shape::currency(ctx, &v));
    let rate = t.req(ctx, "rate").and_then(|v| v.positive(ctx));
    let date = t.req(ctx, "date").and_then(|v| {
        let text = v.string(ctx)?;
        if Date::parse(&text).is_some() {
            return Some(text);
        }
        let message = format!(
            "`{}` is `{text}`: expected a date as \"YYYY-MM-DD\"",
            v.path
        );
        v.report(ctx, message);
        None
    });
    let source = t.req(ctx, "source").and_then(|v| v.free_text(ctx));
    Some(ExchangeRate {
        from: from?,
        rate: rate?,
        date: date?,
        source: source?,
    })
}
