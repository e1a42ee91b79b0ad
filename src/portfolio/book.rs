//! The program book: `book.toml` and the Markdown pages, written from a [`Portfolio`].
//!
//! Pages are built as strings rather than Tera templates: they are tables over the entries,
//! and every value from a profile goes through [`escape_markdown`] on its way in. The chart
//! is inline SVG from [`super::chart`]. No I/O.

use super::{Entry, GateRef, Portfolio};
use crate::number::decimals;
use crate::render::book::{mdbook_toml, tidy_markdown, Themes};
use crate::render::escape::escape_markdown as md;
use crate::render::filters::money;

/// `(path, bytes)` of every book file.
pub fn pages(p: &Portfolio) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("book.toml", book_toml(&p.name)),
        (FIGURE_CSS, crate::svg::CSS.as_bytes().to_vec()),
        ("src/SUMMARY.md", tidy_markdown(SUMMARY)),
        ("src/index.md", tidy_markdown(&overview(p))),
        ("src/ranking.md", tidy_markdown(&ranking(p))),
        ("src/waves.md", tidy_markdown(&waves(p))),
        ("src/recurring-gaps.md", tidy_markdown(&recurring(p))),
        ("src/gates.md", tidy_markdown(&gates(p))),
        ("src/money.md", tidy_markdown(&money_page(p))),
    ]
}

const SUMMARY: &str = "# Summary

[Program overview](index.md)

- [Sites ranked](ranking.md)
- [Rollout waves](waves.md)
- [Recurring gaps](recurring-gaps.md)
- [Gate status](gates.md)
- [Money and assumptions](money.md)
";

/// The figures' stylesheet, beside `book.toml`.
pub const FIGURE_CSS: &str = "figure.css";

fn book_toml(name: &str) -> Vec<u8> {
    mdbook_toml(name, FIGURE_CSS, Themes::MdBook).expect("book.toml always serializes")
}

/// An amount in the program currency, or a dash.
fn amount(p: &Portfolio, x: Option<f64>) -> String {
    match (x, &p.totals.currency) {
        (Some(x), Some(c)) => format!("{} {c}", money(x)),
        _ => "-".into(),
    }
}

fn months(x: Option<f64>) -> String {
    x.map_or_else(|| "-".into(), |m| format!("{} months", decimals(m, 1)))
}

fn gate(g: &Option<GateRef>) -> String {
    g.as_ref().map_or_else(
        || "-".into(),
        |g| format!("{} ({})", md(&g.id), md(&g.title)),
    )
}

fn entry_name(e: &Entry) -> String {
    format!("{} ({})", md(&e.site_name), md(&e.site))
}

fn overview(p: &Portfolio) -> String {
    let t = &p.totals;
    let mut s = format!("# {}\n\n", md(&p.name));
    s += &format!(
        "{} sites, {} site x use case entries, {} blocking gaps in all.\n\n",
        t.sites, t.entries, t.blocking_gaps
    );
    s += "| total | low | expected | high |\n|---|---:|---:|---:|\n";
    let v = &t.annual_value;
    s += &format!(
        "| annual value | {} | {} | {} |\n",
        amount(p, Some(v.low)),
        amount(p, Some(v.expected)),
        amount(p, Some(v.high))
    );
    s += &format!(
        "\nCost: pilot {}, scale {}; payback of the whole program {}.\n\n",
        amount(p, Some(t.cost.pilot)),
        amount(p, Some(t.cost.scale)),
        months(t.payback_months)
    );
    if !p.rates.is_empty() {
        s += "Amounts in other currencies are converted with the rates on [Money and assumptions](money.md).\n\n";
    }
    s += "## Readiness and value\n\n";
    s += &super::chart::readiness_value(p);
    s += "\n\n";
    s
}

fn ranking(p: &Portfolio) -> String {
    let mut s = String::from("# Sites ranked\n\n");
    s += "Ranked by readiness (highest first), then fewer blocking gaps, then the larger expected annual value, then site id.\n\n";
    s += "| rank | site | use case | readiness | blocking gaps | expected annual value | payback | wave | next gate |\n";
    s += "|---:|---|---|---:|---:|---:|---|---|---|\n";
    for e in &p.entries {
        s += &format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            e.rank,
            entry_name(e),
            md(&e.use_case),
            e.readiness,
            e.blocking(),
            amount(p, e.program_value.map(|v| v.expected)),
            months(e.payback_months),
            md(&e.wave),
            gate(&e.next_gate)
        );
    }
    s
}

fn waves(p: &Portfolio) -> String {
    let mut s = String::from("# Rollout waves\n\n");
    s += "Each site x use case joins the first wave whose limits it meets; one that meets none is `unplanned`. `program.toml` can set its own `[[waves]]`.\n\n";
    let mut ids: Vec<(&str, String, String)> = p
        .waves
        .iter()
        .map(|w| (w.id.as_str(), md(&w.title), w.rule()))
        .collect();
    ids.push((
        super::waves::UNPLANNED,
        "Unplanned".into(),
        "meets no wave's limits".into(),
    ));
    for (id, title, rule) in ids {
        let members: Vec<&Entry> = p.entries.iter().filter(|e| e.wave == id).collect();
        if id == super::waves::UNPLANNED && members.is_empty() {
            continue;
        }
        s += &format!("## {} ({})\n\nRule: {rule}.\n\n", md(id), title);
        if members.is_empty() {
            s += "No site in this wave.\n\n";
        }
        for e in members {
            s += &format!(
                "- {} {}: readiness {}, {} blocking gaps\n",
                entry_name(e),
                md(&e.use_case),
                e.readiness,
                e.blocking()
            );
        }
        s += "\n";
    }
    s
}

fn recurring(p: &Portfolio) -> String {
    let mut s = String::from("# Recurring gaps\n\n");
    s += "The rules whose gaps appear at several sites: fixing them once, as a program, helps every site listed.\n\n";
    if p.recurring_gaps.is_empty() {
        s += "No gap rule fires at more than one site.\n";
        return s;
    }
    s += "| rule | severity | sites | where | gap |\n|---|---|---:|---|---|\n";
    for g in &p.recurring_gaps {
        let sites: Vec<String> = g.sites.iter().map(|x| md(x)).collect();
        s += &format!(
            "| {} | {} | {} | {} | {} |\n",
            md(&g.rule),
            g.severity.as_str(),
            g.sites.len(),
            sites.join(", "),
            md(&g.title)
        );
    }
    s
}

fn gates(p: &Portfolio) -> String {
    let mut s = String::from("# Gate status\n\n");
    s += "From each package's `progress.toml` (a site read from a profile alone has passed no gate yet).\n\n";
    s += "| site | use case | last passed gate | next gate | as of | playbook |\n|---|---|---|---|---|---|\n";
    for e in &p.entries {
        s += &format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            entry_name(e),
            md(&e.use_case),
            gate(&e.last_passed_gate),
            gate(&e.next_gate),
            md(&e.as_of),
            md(&e.playbook)
        );
    }
    s
}

fn money_page(p: &Portfolio) -> String {
    let mut s = String::from("# Money and assumptions\n\n");
    match &p.totals.currency {
        Some(c) => s += &format!("Totals are in {}. Money is never added across currencies: each site's amounts are converted at the rates below, rounded to whole units.\n\n", md(c)),
        None => s += "No site has a baseline currency, so there is no money to add up.\n\n",
    }
    if !p.rates.is_empty() {
        s += "| rate | date | source | entries converted |\n|---|---|---|---:|\n";
        for r in &p.rates {
            s += &format!(
                "| 1 {} = {} {} | {} | {} | {} |\n",
                md(&r.from),
                decimals(r.rate, 6),
                md(&r.to),
                md(&r.date),
                md(&r.source),
                r.entries
            );
        }
        s += "\n";
    }
    s += "| site | use case | currency | expected annual value | cost | in program currency |\n|---|---|---|---:|---:|---:|\n";
    for e in &p.entries {
        let local = e
            .annual_value
            .map_or_else(|| "-".into(), |v| money(v.expected));
        s += &format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            entry_name(e),
            md(&e.use_case),
            md(e.currency.as_deref().unwrap_or("none")),
            local,
            cost_cell(e),
            amount(p, e.program_value.map(|v| v.expected))
        );
    }
    if !p.totals.without_cost.is_empty() {
        let list: Vec<String> = p.totals.without_cost.iter().map(|x| md(x)).collect();
        s += &format!(
            "\nNot in the cost totals (no rate for the playbook's cost currency), so no total payback: {}.\n",
            list.join(", ")
        );
    }
    if !p.totals.without_value.is_empty() {
        let list: Vec<String> = p.totals.without_value.iter().map(|x| md(x)).collect();
        s += &format!(
            "\nNot in the value totals (no baseline to compute a value from): {}.\n",
            list.join(", ")
        );
    }
    s
}

/// A cost with its own currency when it is not the value's.
fn cost_cell(e: &Entry) -> String {
    let total = money(e.cost.pilot + e.cost.scale);
    match &e.cost_currency {
        Some(c) if e.cost_currency != e.currency => format!("{total} {}", md(c)),
        _ => total,
    }
}
