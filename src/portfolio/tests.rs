//! Tests of the program view: `program.toml` errors with positions, waves, conversion and
//! its refusals, ranking, recurring gaps, and the determinism of the files.

use std::path::Path;

use super::program::parse;
use super::waves::{assign, default_waves, UNPLANNED};
use super::*;
use crate::plan::{Cost, Range, Severity};

fn entry(
    site: &str,
    readiness: u32,
    blocking: u32,
    currency: Option<&str>,
    value: Option<f64>,
) -> Entry {
    Entry {
        cost_currency: currency.map(str::to_string),
        rank: 0,
        site: site.into(),
        site_name: format!("Site {site}"),
        use_case: "predictive-maintenance".into(),
        use_case_title: "Predictive maintenance".into(),
        input: InputKind::Profile,
        as_of: "2026-11-01".into(),
        playbook: "predictive-maintenance 1.0.0".into(),
        readiness,
        gaps: blocking + 1,
        blocking_gaps: (0..blocking).map(|i| format!("gap.{i}")).collect(),
        currency: currency.map(str::to_string),
        annual_value: value.map(|v| Range {
            low: v / 2.0,
            expected: v,
            high: v * 2.0,
        }),
        cost: Cost {
            pilot: 100.0,
            scale: 200.0,
        },
        payback_months: value.map(|v| 300.0 / (v / 12.0)),
        program_value: None,
        program_cost: None,
        next_gate: None,
        last_passed_gate: None,
        wave: String::new(),
        gap_rules: vec![(
            "data.short-history".into(),
            "data".into(),
            Severity::Major,
            format!("Short history at {site}"),
        )],
    }
}

fn program(text: &str) -> Program {
    parse(Path::new("program.toml"), text).expect("valid program.toml")
}

const USD_RATE: &str =
    "currency = \"EUR\"\n[rates.USD]\nrate = 0.5\ndate = \"2026-10-30\"\nsource = \"ECB\"\n";

#[test]
fn program_errors_name_line_and_column() {
    for (text, want) in [
        ("currency = \"eur\"\n", vec!["program.toml:1:12: currency: `eur` is not an ISO 4217"]),
        ("name = \"x\"\n", vec!["program.toml:1:1: missing field `currency`"]),
        ("currency = \"EUR\"\ncurency = 1\n", vec!["program.toml:2:1: unknown field `curency`"]),
        (
            "currency = \"EUR\"\n[rates.USD]\nrate = -1.0\ndate = \"2026-13-01\"\nsource = \"\"\n",
            vec![
                "program.toml:3:8: rates.USD.rate: expected a number > 0",
                "program.toml:4:8: rates.USD.date: `2026-13-01` is not a date",
                "program.toml:5:10: rates.USD.source: say where",
            ],
        ),
        ("currency = \"EUR\"\n[rates.EUR]\nrate = 1.0\ndate = \"2026-01-01\"\nsource = \"x\"\n", vec!["program.toml:2:8: rates.EUR: the program currency needs no rate"]),
        ("currency = \"EUR\"\nsites = [\"lyon\", \"Lyon\", \"lyon\"]\n", vec!["program.toml:2:18: sites[1]: `Lyon` is not a site id", "program.toml:2:26: sites[2]: `lyon` is listed twice"]),
        (
            "currency = \"EUR\"\n[[waves]]\nid = \"w1\"\nmin_readiness = 120\n[[waves]]\nid = \"w1\"\nmax_payback_months = 0.0\n",
            vec![
                "program.toml:4:17: waves[0].min_readiness: expected 0..=100",
                "program.toml:6:6: waves[1].id: `w1` is used by an earlier wave",
                "program.toml:7:22: waves[1].max_payback_months: expected a number > 0",
            ],
        ),
        ("currency = \"EUR\"\nrecurring_min_sites = 0\n", vec!["program.toml:2:23: recurring_min_sites: expected 1 or more"]),
    ] {
        let errors = parse(Path::new("program.toml"), text).expect_err(text).to_string();
        let lines: Vec<&str> = errors.lines().collect();
        assert_eq!(lines.len(), want.len(), "{text}\n{errors}");
        for (line, want) in lines.iter().zip(want) {
            assert!(line.starts_with(want), "{text}\ngot:  {line}\nwant: {want}");
        }
    }
}

#[test]
fn a_valid_program_reads_every_key() {
    let p = program(&format!(
        "name = \"Acme\"\nsites = [\"lyon\"]\nrecurring_min_sites = 3\n{USD_RATE}\
         [[waves]]\nid = \"now\"\ntitle = \"Now\"\nmin_readiness = 80\nmax_blocking = 0\nmax_payback_months = 12.0\n"
    ));
    assert_eq!(p.name, "Acme");
    assert_eq!(p.currency.as_deref(), Some("EUR"));
    assert_eq!(p.rates["USD"].rate, 0.5);
    assert_eq!(p.sites, Some(vec!["lyon".to_string()]));
    assert_eq!(p.recurring_min_sites, 3);
    assert_eq!(p.waves.len(), 1);
    assert_eq!(
        p.waves[0].rule(),
        "readiness at least 80, at most 0 blocking gaps, payback within 12 months"
    );
}

#[test]
fn an_entry_joins_the_first_wave_whose_limits_hold() {
    let waves = default_waves();
    for (readiness, blocking, want) in [
        (100, 0, "wave-1"),
        (70, 0, "wave-1"),
        (69, 0, "wave-2"),
        (90, 1, "wave-2"),
        (40, 3, "wave-2"),
        (40, 4, "wave-3"),
        (0, 9, "wave-3"),
    ] {
        assert_eq!(
            assign(&waves, readiness, blocking, None),
            want,
            "{readiness} {blocking}"
        );
    }
    let strict =
        program("currency = \"EUR\"\n[[waves]]\nid = \"fast\"\nmax_payback_months = 12.0\n").waves;
    assert_eq!(assign(&strict, 90, 0, Some(12.0)), "fast");
    assert_eq!(assign(&strict, 90, 0, Some(12.5)), UNPLANNED);
    assert_eq!(
        assign(&strict, 90, 0, None),
        UNPLANNED,
        "no payback fails a payback limit"
    );
}

#[test]
fn money_is_converted_with_the_given_rate() {
    let entries = vec![
        entry("lyon", 50, 0, Some("EUR"), Some(1000.0)),
        entry("detroit", 50, 0, Some("USD"), Some(1000.0)),
        entry("nowhere", 50, 0, None, None),
    ];
    let p = assemble(entries, &program(USD_RATE)).expect("converts");
    let by_site = |s: &str| p.entries.iter().find(|e| e.site == s).unwrap();
    assert_eq!(by_site("detroit").program_value.unwrap().expected, 500.0);
    assert_eq!(by_site("detroit").program_cost.unwrap().scale, 100.0);
    assert_eq!(by_site("lyon").program_value.unwrap().expected, 1000.0);
    assert_eq!(p.totals.annual_value.expected, 1500.0);
    assert_eq!(p.totals.annual_value.high, 3000.0);
    assert_eq!(
        p.totals.cost.pilot, 150.0,
        "the site without a currency is not added"
    );
    assert_eq!(
        p.totals.without_value,
        vec!["nowhere/predictive-maintenance"]
    );
    assert_eq!(p.rates.len(), 1);
    assert_eq!((p.rates[0].from.as_str(), p.rates[0].entries), ("USD", 1));
}

#[test]
fn costs_are_converted_from_their_own_currency() {
    let mut detroit = entry("detroit", 50, 0, Some("USD"), Some(1000.0));
    detroit.cost_currency = Some("EUR".into());
    let mut chf = entry("basel", 50, 0, Some("USD"), Some(1000.0));
    chf.cost_currency = Some("CHF".into());
    let p = assemble(vec![detroit, chf], &program(USD_RATE)).expect("converts");
    let by_site = |s: &str| p.entries.iter().find(|e| e.site == s).unwrap();
    assert_eq!(by_site("detroit").program_value.unwrap().expected, 500.0);
    assert_eq!(
        by_site("detroit").program_cost.unwrap().scale,
        200.0,
        "EUR costs in an EUR program"
    );
    assert_eq!(
        by_site("basel").program_cost,
        None,
        "no CHF rate: the cost stays unconverted"
    );
}

#[test]
fn money_is_never_added_across_currencies_without_a_rate() {
    let two = || {
        vec![
            entry("a-lyon", 50, 0, Some("EUR"), Some(1.0)),
            entry("b-detroit", 50, 0, Some("USD"), Some(1.0)),
        ]
    };
    let err = assemble(two(), &Program::default_for()).expect_err("two currencies, no program");
    let MoneyError::NoRate { currency, site, .. } = &err;
    assert_eq!((currency.as_str(), site.as_str()), ("USD", "b-detroit"));
    assert!(err.to_string().contains("[rates.USD]"), "{err}");
    let chf = vec![entry("basel", 50, 0, Some("CHF"), Some(1.0))];
    let err = assemble(chf, &program(USD_RATE)).expect_err("CHF has no rate");
    assert!(err.to_string().contains("CHF"), "{err}");
    let one = vec![
        entry("lyon", 50, 0, Some("EUR"), Some(1.0)),
        entry("graz", 50, 0, Some("EUR"), Some(2.0)),
    ];
    let p = assemble(one, &Program::default_for()).expect("one shared currency needs no program");
    assert_eq!(p.totals.currency.as_deref(), Some("EUR"));
}

#[test]
fn entries_are_ranked_by_readiness_then_blocking_then_value_then_id() {
    let entries = vec![
        entry("c", 60, 1, Some("EUR"), Some(10.0)),
        entry("a", 60, 1, Some("EUR"), Some(10.0)),
        entry("b", 60, 1, Some("EUR"), Some(20.0)),
        entry("d", 60, 0, Some("EUR"), None),
        entry("e", 90, 5, Some("EUR"), None),
    ];
    let p = assemble(entries, &Program::default_for()).unwrap();
    let order: Vec<(&str, u32)> = p
        .entries
        .iter()
        .map(|e| (e.site.as_str(), e.rank))
        .collect();
    assert_eq!(order, [("e", 1), ("d", 2), ("b", 3), ("a", 4), ("c", 5)]);
}

#[test]
fn a_gap_recurs_when_its_rule_fires_at_enough_sites() {
    let mut lone = entry("z", 50, 0, Some("EUR"), None);
    lone.gap_rules[0].0 = "security.no-dmz".into();
    let entries = vec![
        entry("b", 50, 0, Some("EUR"), None),
        entry("a", 50, 0, Some("EUR"), None),
        lone,
    ];
    let p = assemble(entries, &Program::default_for()).unwrap();
    assert_eq!(p.recurring_gaps.len(), 1);
    let gap = &p.recurring_gaps[0];
    assert_eq!(gap.rule, "data.short-history");
    assert_eq!(gap.sites, ["a", "b"]);
    assert_eq!(
        gap.title, "Short history at a",
        "the title of the first site in id order"
    );
}

#[test]
fn the_files_do_not_depend_on_the_order_of_the_entries() {
    let entries = || {
        vec![
            entry("a", 50, 0, Some("EUR"), Some(5.0)),
            entry("b", 70, 0, Some("EUR"), Some(9.0)),
        ]
    };
    let forward = data::files(&assemble(entries(), &Program::default_for()).unwrap()).unwrap();
    let mut reversed = entries();
    reversed.reverse();
    let backward = data::files(&assemble(reversed, &Program::default_for()).unwrap()).unwrap();
    let paths: Vec<&str> = forward.iter().map(|(p, _)| p).collect();
    assert!(
        paths.contains(&"src/index.md") && paths.contains(&"data/portfolio.json"),
        "{paths:?}"
    );
    for ((p1, b1), (p2, b2)) in forward.iter().zip(backward.iter()) {
        assert_eq!((p1, b1), (p2, b2));
    }
    let index = String::from_utf8(forward.get("src/index.md").unwrap().to_vec()).unwrap();
    assert!(
        index.contains("<figure class=\"sp-figure\" id=\"figure-readiness-value\"><svg"),
        "{index}"
    );
    assert!(!index.contains("\n\n<svg"), "the svg stays one HTML block");
}

#[test]
fn profile_text_is_escaped_in_the_book_and_the_chart() {
    let mut hostile = entry("a", 50, 0, Some("EUR"), Some(5.0));
    hostile.site_name = "<script>x</script> | *bold*".into();
    let files = data::files(&assemble(vec![hostile], &Program::default_for()).unwrap()).unwrap();
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".md")) {
        let text = String::from_utf8(bytes.to_vec()).unwrap();
        assert!(!text.contains("<script>"), "{path}");
    }
    let ranking = String::from_utf8(files.get("src/ranking.md").unwrap().to_vec()).unwrap();
    assert!(
        ranking.contains("&lt;script&gt;x&lt;/script&gt; \\| \\*bold\\*"),
        "{ranking}"
    );
}
