//! The program's files in memory: `data/portfolio.json`, `data/sites.csv`,
//! `data/recurring-gaps.csv`, and the book (from [`super::book`]). No I/O.

use crate::files::Files;
use crate::number::decimals;
use crate::render::escape::csv_cell;

use super::{book, Portfolio};

/// The marker that says a directory holds a sitepack portfolio.
pub const PORTFOLIO_JSON: &str = "data/portfolio.json";

/// Every file of the program directory except the packages.
pub fn files(portfolio: &Portfolio) -> Result<Files, csv::Error> {
    let mut files = Files::new();
    let json = serde_json::to_string_pretty(portfolio).expect("a portfolio always serializes");
    files.insert(PORTFOLIO_JSON, format!("{json}\n"));
    files.insert("data/sites.csv", sites_csv(portfolio)?);
    files.insert("data/recurring-gaps.csv", recurring_csv(portfolio)?);
    for (path, text) in book::pages(portfolio) {
        files.insert(path, text);
    }
    Ok(files)
}

const SITE_COLUMNS: [&str; 19] = [
    "rank",
    "site",
    "site_name",
    "use_case",
    "readiness",
    "gaps",
    "blocking_gaps",
    "wave",
    "next_gate",
    "last_passed_gate",
    "currency",
    "annual_value_expected",
    "cost_total",
    "payback_months",
    "program_currency",
    "program_value_low",
    "program_value_expected",
    "program_value_high",
    "program_cost_total",
];

fn sites_csv(portfolio: &Portfolio) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(SITE_COLUMNS)?;
    let num = |x: Option<f64>| x.map(|v| decimals(v, 1)).unwrap_or_default();
    let program_currency = portfolio.totals.currency.clone().unwrap_or_default();
    for e in &portfolio.entries {
        let gate =
            |g: &Option<super::GateRef>| g.as_ref().map(|g| g.id.clone()).unwrap_or_default();
        out.write_record([
            e.rank.to_string(),
            e.site.clone(),
            csv_cell(&e.site_name),
            e.use_case.clone(),
            e.readiness.to_string(),
            e.gaps.to_string(),
            e.blocking().to_string(),
            e.wave.clone(),
            gate(&e.next_gate),
            gate(&e.last_passed_gate),
            e.currency.clone().unwrap_or_default(),
            num(e.annual_value.map(|v| v.expected)),
            decimals(e.cost.pilot + e.cost.scale, 1),
            num(e.payback_months),
            program_currency.clone(),
            num(e.program_value.map(|v| v.low)),
            num(e.program_value.map(|v| v.expected)),
            num(e.program_value.map(|v| v.high)),
            num(e.program_cost.map(|c| c.pilot + c.scale)),
        ])?;
    }
    out.into_inner().map_err(|e| e.into_error().into())
}

fn recurring_csv(portfolio: &Portfolio) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(["rule", "topic", "severity", "title", "site_count", "sites"])?;
    for g in &portfolio.recurring_gaps {
        out.write_record([
            g.rule.clone(),
            g.topic.clone(),
            g.severity.as_str().to_string(),
            csv_cell(&g.title),
            g.sites.len().to_string(),
            g.sites.join(" "),
        ])?;
    }
    out.into_inner().map_err(|e| e.into_error().into())
}
