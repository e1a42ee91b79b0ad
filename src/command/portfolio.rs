//! `sitepack portfolio PATH... --out DIR`: the program view over many sites.
//!
//! Options -> [`crate::portfolio::run::run`] (which reads the PATHs, writes the packages
//! and the program into DIR) -> its report as text or JSON; exit 1 when a package written
//! with `--packages` has conflicts.

use serde_json::json;

use super::json_document;
use crate::number::counted;
use crate::package::WriteReport;
use crate::portfolio::run::{PackageLine, Report};
use crate::portfolio::Portfolio;
use crate::{Error, Format, Output, PortfolioOptions};

/// Runs the portfolio and reports it.
pub fn run(options: &PortfolioOptions) -> Result<Output, Error> {
    let report = crate::portfolio::run::run(options)?;
    Ok(output(options, report))
}

fn output(options: &PortfolioOptions, report: Report) -> Output {
    let Report {
        portfolio,
        packages,
        mut notes,
    } = report;
    let (p, lines) = (&portfolio, &packages[..]);
    let out = options.out.display().to_string();
    let conflicted: Vec<&PackageLine> = lines
        .iter()
        .filter(|l| !l.report.conflicts.is_empty())
        .collect();
    for line in &conflicted {
        notes.push(format!(
            "merge conflicts in {out}/{}: {}; resolve them there (git status), then commit",
            line.dir,
            line.report.conflicts.join(", ")
        ));
    }
    let stdout = match options.format {
        Format::Json => {
            let packages: Vec<_> = lines
                .iter()
                .map(|l| json!({"dir": l.dir, "state": state(&l.report), "commit": l.report.commit, "conflicts": l.report.conflicts}))
                .collect();
            let mut doc = serde_json::to_value(p).unwrap_or_default();
            doc["ok"] = json!(conflicted.is_empty());
            doc["out"] = json!(out);
            doc["packages"] = json!(packages);
            json_document(&doc)
        }
        Format::Text => text(p, lines, &out),
    };
    Output {
        stdout,
        notes,
        code: i32::from(!conflicted.is_empty()),
    }
}

fn state(report: &WriteReport) -> &'static str {
    match (report.changed, report.conflicts.is_empty()) {
        (false, _) => "unchanged",
        (true, true) => "updated",
        (true, false) => "conflicts",
    }
}

fn text(p: &Portfolio, lines: &[PackageLine], out: &str) -> String {
    let t = &p.totals;
    let mut s = format!(
        "portfolio of {} ({}) written to {out}\n",
        counted(t.sites as usize, "site"),
        counted(t.entries as usize, "site x use case entry")
    );
    for e in &p.entries {
        let next = e.next_gate.as_ref().map_or("-", |g| g.id.as_str());
        s += &format!(
            "{:>4}. {} {}: readiness {}, {}, {}, next gate {next}\n",
            e.rank,
            e.site,
            e.use_case,
            e.readiness,
            counted(e.blocking() as usize, "blocking gap"),
            e.wave
        );
    }
    if let Some(c) = &t.currency {
        let missing = if t.without_cost.is_empty() {
            String::new()
        } else {
            format!(
                " (without {}: no rate for their cost currency)",
                t.without_cost.join(", ")
            )
        };
        s += &format!(
            "expected annual value {} {c}; cost {} {c}{missing}\n",
            crate::render::filters::money(t.annual_value.expected),
            crate::render::filters::money(t.cost.pilot + t.cost.scale)
        );
    }
    for l in lines {
        s += &format!("package {}: {}\n", l.dir, state(&l.report));
    }
    s
}
