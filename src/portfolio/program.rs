//! `program.toml`: the program's currency and exchange rates, its wave rule, and which
//! sites belong to it. Parsed and validated with positions (`file:line:col`), every
//! problem of the file reported in one run; this module does not read the disk.
//!
//! ```toml
//! name = "Acme AI rollout"          # optional: the program book's title
//! currency = "EUR"                  # required: ISO 4217, the currency totals are in
//! sites = ["lyon", "graz"]          # optional: the sites of the program (default: all given)
//! recurring_min_sites = 2           # optional: a gap recurs when its rule fires at this many sites
//!
//! [rates.USD]                       # 1 USD = 0.92 EUR
//! rate = 0.92
//! date = "2026-11-30"
//! source = "ECB euro foreign exchange reference rate"
//!
//! [[waves]]                         # a site x use case joins the first wave whose limits all hold
//! id = "wave-1"
//! title = "Ready now"
//! min_readiness = 75
//! max_blocking = 0
//! max_payback_months = 24
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::waves::{default_waves, Wave};

/// The program's settings; [`Program::default_for`] when there is no `program.toml`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Program {
    /// The title of the program book.
    pub name: String,
    /// The program currency; `None` without a `program.toml` (then all sites must share one).
    pub currency: Option<String>,
    /// Exchange rates into the program currency, by ISO 4217 code.
    pub rates: BTreeMap<String, Rate>,
    /// The sites that belong to the program; `None` means every site given.
    pub sites: Option<Vec<String>>,
    /// A gap rule recurs when it fires at this many distinct sites.
    pub recurring_min_sites: u32,
    /// The rollout waves, in order.
    pub waves: Vec<Wave>,
}

/// One exchange rate: `1 <code> = rate <program currency>`, shown as an assumption.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rate {
    /// Units of the program currency for one unit of this currency.
    pub rate: f64,
    /// The date the rate was taken, `YYYY-MM-DD`.
    pub date: String,
    /// Where the rate comes from.
    pub source: String,
}

/// One problem in `program.toml`, with its position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProgramIssue {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong and what to write instead.
    pub message: String,
}

/// Why a `program.toml` cannot be used: every problem found in it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", render_issues(.path, .issues))]
pub struct ProgramErrors {
    /// The file.
    pub path: PathBuf,
    /// Its problems, in file order.
    pub issues: Vec<ProgramIssue>,
}

impl Program {
    /// The settings without a `program.toml`: no conversion, default waves, every site.
    pub fn default_for() -> Program {
        Program {
            name: "Program portfolio".into(),
            currency: None,
            rates: BTreeMap::new(),
            sites: None,
            recurring_min_sites: 2,
            waves: default_waves(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProgram {
    name: Option<String>,
    currency: Spanned<String>,
    #[serde(default)]
    rates: BTreeMap<Spanned<String>, RawRate>,
    sites: Option<Vec<Spanned<String>>>,
    recurring_min_sites: Option<Spanned<i64>>,
    waves: Option<Spanned<Vec<RawWave>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRate {
    rate: Spanned<f64>,
    date: Spanned<String>,
    source: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWave {
    id: Spanned<String>,
    title: Option<String>,
    min_readiness: Option<Spanned<i64>>,
    max_blocking: Option<Spanned<i64>>,
    max_payback_months: Option<Spanned<f64>>,
}

/// Problems found while checking, as (byte offset, message).
type Found = Vec<(usize, String)>;

/// Parses and validates the text of a `program.toml`; `path` only names it in errors.
pub fn parse(path: &Path, text: &str) -> Result<Program, ProgramErrors> {
    let fail = |found: Found| {
        let mut issues: Vec<ProgramIssue> = found
            .into_iter()
            .map(|(at, message)| issue(text, at, message))
            .collect();
        issues.sort_by_key(|i| (i.line, i.column));
        ProgramErrors {
            path: path.to_path_buf(),
            issues,
        }
    };
    let raw: RawProgram = toml::from_str(text).map_err(|e| {
        let at = e.span().map_or(0, |s| s.start);
        fail(vec![(at, e.message().trim().to_string())])
    })?;
    let mut found = Found::new();
    let currency = raw.currency.get_ref().clone();
    check_currency(&raw.currency, "currency", &mut found);
    let rates = rates(raw.rates, &currency, &mut found);
    let sites = raw.sites.map(|s| sites(s, &mut found));
    let recurring_min_sites = match raw.recurring_min_sites {
        None => 2,
        Some(n) if (1..=1_000_000).contains(n.get_ref()) => *n.get_ref() as u32,
        Some(n) => {
            found.push((
                n.span().start,
                "recurring_min_sites: expected 1 or more".into(),
            ));
            2
        }
    };
    let waves = match raw.waves {
        None => default_waves(),
        Some(w) => waves(w, &mut found),
    };
    if !found.is_empty() {
        return Err(fail(found));
    }
    Ok(Program {
        name: raw.name.unwrap_or_else(|| "Program portfolio".into()),
        currency: Some(currency),
        rates,
        sites,
        recurring_min_sites,
        waves,
    })
}

fn check_currency(code: &Spanned<String>, key: &str, found: &mut Found) {
    let text = code.get_ref();
    if text.len() != 3 || !text.bytes().all(|b| b.is_ascii_uppercase()) {
        let message = format!("{key}: `{text}` is not an ISO 4217 code (three capitals: EUR, USD)");
        found.push((code.span().start, message));
    }
}

fn rates(
    raw: BTreeMap<Spanned<String>, RawRate>,
    program: &str,
    found: &mut Found,
) -> BTreeMap<String, Rate> {
    let mut rates = BTreeMap::new();
    for (code, rate) in raw {
        let key = format!("rates.{}", code.get_ref());
        check_currency(&code, &key, found);
        if code.get_ref() == program {
            let message = format!("{key}: the program currency needs no rate");
            found.push((code.span().start, message));
        }
        let value = *rate.rate.get_ref();
        if !(value.is_finite() && value > 0.0) {
            found.push((
                rate.rate.span().start,
                format!("{key}.rate: expected a number > 0"),
            ));
        }
        if crate::date::Date::parse(rate.date.get_ref()).is_none() {
            let message = format!(
                "{key}.date: `{}` is not a date YYYY-MM-DD",
                rate.date.get_ref()
            );
            found.push((rate.date.span().start, message));
        }
        if rate.source.get_ref().trim().is_empty() {
            let message = format!("{key}.source: say where the rate comes from");
            found.push((rate.source.span().start, message));
        }
        let entry = Rate {
            rate: value,
            date: rate.date.into_inner(),
            source: rate.source.into_inner(),
        };
        rates.insert(code.into_inner(), entry);
    }
    rates
}

fn sites(raw: Vec<Spanned<String>>, found: &mut Found) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for (i, id) in raw.into_iter().enumerate() {
        if !super::is_slug(id.get_ref()) {
            let message = format!(
                "sites[{i}]: `{}` is not a site id (a-z, 0-9, -)",
                id.get_ref()
            );
            found.push((id.span().start, message));
        } else if ids.contains(id.get_ref()) {
            found.push((
                id.span().start,
                format!("sites[{i}]: `{}` is listed twice", id.get_ref()),
            ));
        }
        ids.push(id.into_inner());
    }
    ids
}

fn waves(raw: Spanned<Vec<RawWave>>, found: &mut Found) -> Vec<Wave> {
    if raw.get_ref().is_empty() {
        found.push((raw.span().start, "waves: give at least one wave".into()));
    }
    let mut waves: Vec<Wave> = Vec::new();
    for (i, w) in raw.into_inner().into_iter().enumerate() {
        let at = |key: &str| format!("waves[{i}].{key}");
        let id = w.id.get_ref().clone();
        if !super::is_slug(&id) {
            found.push((
                w.id.span().start,
                format!("{}: `{id}` is not an id (a-z, 0-9, -)", at("id")),
            ));
        } else if waves.iter().any(|x| x.id == id) {
            found.push((
                w.id.span().start,
                format!("{}: `{id}` is used by an earlier wave", at("id")),
            ));
        }
        let min_readiness = w
            .min_readiness
            .and_then(|n| match u32::try_from(*n.get_ref()) {
                Ok(v) if v <= 100 => Some(v),
                _ => {
                    found.push((
                        n.span().start,
                        format!("{}: expected 0..=100", at("min_readiness")),
                    ));
                    None
                }
            });
        let max_blocking = w
            .max_blocking
            .and_then(|n| match u32::try_from(*n.get_ref()) {
                Ok(v) => Some(v),
                Err(_) => {
                    found.push((
                        n.span().start,
                        format!("{}: expected 0 or more", at("max_blocking")),
                    ));
                    None
                }
            });
        let max_payback_months = w.max_payback_months.and_then(|n| {
            let v = *n.get_ref();
            if v.is_finite() && v > 0.0 {
                Some(v)
            } else {
                found.push((
                    n.span().start,
                    format!("{}: expected a number > 0", at("max_payback_months")),
                ));
                None
            }
        });
        waves.push(Wave {
            title: w.title.unwrap_or_else(|| id.clone()),
            id,
            min_readiness,
            max_blocking,
            max_payback_months,
        });
    }
    waves
}

fn issue(text: &str, offset: usize, message: String) -> ProgramIssue {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    ProgramIssue {
        line,
        column,
        message,
    }
}

fn render_issues(path: &Path, issues: &[ProgramIssue]) -> String {
    let lines: Vec<String> = issues
        .iter()
        .map(|i| format!("{}:{}:{}: {}", path.display(), i.line, i.column, i.message))
        .collect();
    lines.join("\n")
}
