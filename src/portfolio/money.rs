//! Money across sites: converted into the program currency with the rates of
//! `program.toml`, never added across currencies without a rate.
//!
//! Without a `program.toml`, the program currency is the one currency every site shares;
//! sites in two currencies are refused ([`MoneyError::NoRate`], exit 2) until a program
//! file gives the rate. A site without a baseline currency has no money in the totals and
//! is listed as such. Converted amounts are rounded to whole units.

use serde::Serialize;

use super::{Entry, Program};
use crate::plan::{Cost, Range};

/// Why the program's money cannot be added up.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// A site's currency has no rate into the program currency.
    #[error(
        "site `{site}` ({use_case}) counts money in {currency}, and {program} has no rate \
         for {currency}: sitepack never adds money across currencies. {hint}"
    )]
    NoRate {
        site: String,
        use_case: String,
        currency: String,
        /// The program currency, or the currency of the sites that came first.
        program: String,
        /// What to write.
        hint: String,
    },
}

/// The program's money, in the program currency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Totals {
    /// `None` when no site has a baseline currency.
    pub currency: Option<String>,
    /// Site x use case entries.
    pub entries: u32,
    /// Distinct sites.
    pub sites: u32,
    pub blocking_gaps: u32,
    /// Sum over the entries that have a value.
    pub annual_value: Range,
    pub cost: Cost,
    /// Months to pay back the total cost from the total expected value.
    pub payback_months: Option<f64>,
    /// `site/use-case` of the entries whose value is not in the totals (no baseline).
    pub without_value: Vec<String>,
    /// `site/use-case` of the entries whose cost is not in the totals (no rate
    /// for the playbook's cost currency); the total payback is then not computed.
    pub without_cost: Vec<String>,
}

/// A rate shown as an assumption of the totals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RateAssumption {
    /// `1 <from> = <rate> <to>`.
    pub from: String,
    pub to: String,
    pub rate: f64,
    pub date: String,
    pub source: String,
    /// Entries whose money was converted with it.
    pub entries: u32,
}

/// The currency totals are in: the program's, or the one all sites share.
pub fn program_currency(
    entries: &[Entry],
    program: &Program,
) -> Result<Option<String>, MoneyError> {
    if let Some(currency) = &program.currency {
        return Ok(Some(currency.clone()));
    }
    let mut ordered: Vec<&Entry> = entries.iter().filter(|e| e.currency.is_some()).collect();
    ordered.sort_by(|a, b| (&a.site, &a.use_case).cmp(&(&b.site, &b.use_case)));
    let Some(first) = ordered.first() else {
        return Ok(None);
    };
    let shared = first.currency.clone().unwrap_or_default();
    match ordered
        .iter()
        .find(|e| e.currency.as_deref() != Some(shared.as_str()))
    {
        None => Ok(Some(shared)),
        Some(other) => {
            let currency = other.currency.clone().unwrap_or_default();
            Err(MoneyError::NoRate {
                site: other.site.clone(),
                use_case: other.use_case.clone(),
                program: format!(
                    "the program (no --program file; site `{}` counts in {shared})",
                    first.site
                ),
                hint: format!(
                    "Give `--program program.toml` with `currency = \"{shared}\"` and \
                     `[rates.{currency}]` rate, date and source."
                ),
                currency,
            })
        }
    }
}

/// Sets `program_value` and `program_cost` of `entry`, each converted from
/// its own currency (a playbook's costs need not be in the site's currency).
/// A value without a rate is an error; a cost without one stays unconverted.
pub fn convert(
    entry: &mut Entry,
    program_currency: &Option<String>,
    program: &Program,
) -> Result<(), MoneyError> {
    let Some(to) = program_currency else {
        return Ok(());
    };
    let rate = |from: &String| -> Result<f64, MoneyError> {
        if from == to {
            return Ok(1.0);
        }
        program
            .rates
            .get(from)
            .map(|r| r.rate)
            .ok_or_else(|| MoneyError::NoRate {
                site: entry.site.clone(),
                use_case: entry.use_case.clone(),
                currency: from.clone(),
                program: format!("program.toml (currency {to})"),
                hint: format!(
                    "Add `[rates.{from}]` with rate (1 {from} in {to}), date and source."
                ),
            })
    };
    let value_rate = entry.currency.as_ref().map(rate).transpose()?;
    // Costs in a currency the program has no rate for stay unconverted (and out
    // of the totals) rather than failing the program: the plan already shows
    // them in their own currency with a gap.
    let cost_rate = entry.cost_currency.as_ref().and_then(|c| rate(c).ok());
    let at = |x: f64, rate: f64| (x * rate).round();
    if let Some(r) = value_rate {
        entry.program_value = entry.annual_value.map(|v| Range {
            low: at(v.low, r),
            expected: at(v.expected, r),
            high: at(v.high, r),
        });
    }
    if let Some(r) = cost_rate.filter(|_| value_rate.is_some()) {
        entry.program_cost = Some(Cost {
            pilot: at(entry.cost.pilot, r),
            scale: at(entry.cost.scale, r),
        });
    }
    Ok(())
}

/// The totals of converted entries.
pub fn totals(entries: &[Entry], currency: &Option<String>) -> Totals {
    let mut value = Range {
        low: 0.0,
        expected: 0.0,
        high: 0.0,
    };
    let mut cost = Cost {
        pilot: 0.0,
        scale: 0.0,
    };
    let mut without_value = Vec::new();
    let mut without_cost = Vec::new();
    let mut sites: Vec<&str> = Vec::new();
    for entry in entries {
        if !sites.contains(&entry.site.as_str()) {
            sites.push(&entry.site);
        }
        match entry.program_cost {
            Some(c) => {
                cost.pilot += c.pilot;
                cost.scale += c.scale;
            }
            None if entry.program_value.is_some() => {
                without_cost.push(format!("{}/{}", entry.site, entry.use_case))
            }
            None => {}
        }
        match entry.program_value {
            Some(v) => {
                value.low += v.low;
                value.expected += v.expected;
                value.high += v.high;
            }
            None => without_value.push(format!("{}/{}", entry.site, entry.use_case)),
        }
    }
    let payback_months = (value.expected > 0.0 && without_cost.is_empty())
        .then(|| ((cost.pilot + cost.scale) / (value.expected / 12.0) * 10.0).round() / 10.0);
    Totals {
        currency: currency.clone(),
        entries: entries.len() as u32,
        sites: sites.len() as u32,
        blocking_gaps: entries.iter().map(Entry::blocking).sum(),
        annual_value: value,
        cost,
        payback_months,
        without_value,
        without_cost,
    }
}

/// Every rate of the program, with the number of entries it converted.
pub fn assumptions(
    entries: &[Entry],
    currency: &Option<String>,
    program: &Program,
) -> Vec<RateAssumption> {
    let Some(to) = currency else {
        return Vec::new();
    };
    program
        .rates
        .iter()
        .map(|(from, rate)| RateAssumption {
            from: from.clone(),
            to: to.clone(),
            rate: rate.rate,
            date: rate.date.clone(),
            source: rate.source.clone(),
            entries: entries
                .iter()
                .filter(|e| e.currency.as_deref() == Some(from.as_str()))
                .count() as u32,
        })
        .collect()
}
