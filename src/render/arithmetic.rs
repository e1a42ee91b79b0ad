//! The business case in numbers for people: each input of the value formula with its
//! unit, and the arithmetic of the low, expected and high value
//! (`159 h x 8,500 EUR/h x 0.20 = 270,300 EUR`).
//!
//! The playbook's expression is code and never shown. The product of the inputs and the
//! factor is shown only when it gives the value the expression computed (all built-in
//! playbooks multiply); otherwise the page lists the inputs and the formula in words.

use serde_json::{json, Value};

use super::filters::money;
use crate::number::decimals;
use crate::plan::BusinessCase;

/// How a baseline figure is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Hours,
    Money,
    MoneyPerHour,
    Ratio,
}

/// Every numeric `[baseline]` key: its words and its unit.
const KEYS: [(&str, &str, Unit); 7] = [
    ("oee", "overall equipment effectiveness", Unit::Ratio),
    (
        "unplanned_downtime_hours",
        "unplanned downtime of the in-scope assets per year",
        Unit::Hours,
    ),
    (
        "downtime_cost_per_hour",
        "cost of one hour of downtime",
        Unit::MoneyPerHour,
    ),
    ("scrap_rate", "share of output scrapped", Unit::Ratio),
    (
        "annual_material_cost",
        "material cost per year",
        Unit::Money,
    ),
    ("annual_energy_cost", "energy cost per year", Unit::Money),
    (
        "annual_maintenance_cost",
        "maintenance cost per year",
        Unit::Money,
    ),
];

/// What `business-case.md` sees as `arithmetic`: `inputs` (`[{key, label, text}]`),
/// `factor` (`{label, low, expected, high}` as text) and `rows` (`[{estimate, text}]`,
/// empty when the value is not computed or is not the product of its inputs).
pub fn context(case: &BusinessCase) -> Value {
    let Some(value) = case.annual_value else {
        return json!({"inputs": [], "rows": [], "factor": Value::Null});
    };
    let inputs: Vec<(String, String, f64)> = case
        .inputs
        .iter()
        .map(|i| {
            let (label, unit) = KEYS
                .iter()
                .find(|(k, _, _)| *k == i.key)
                .map_or((i.key.as_str(), Unit::Ratio), |(_, l, u)| (*l, *u));
            (
                label.to_string(),
                written(i.value, unit, &case.currency),
                i.value,
            )
        })
        .collect();
    let product: f64 = inputs.iter().map(|(_, _, v)| v).product();
    let f = case.factor;
    let estimates = [
        ("Low", f.low, value.low),
        ("Expected", f.expected, value.expected),
        ("High", f.high, value.high),
    ];
    let multiplies = estimates
        .iter()
        .all(|(_, factor, v)| (product * factor).max(0.0).round() == *v);
    let rows: Vec<Value> = if multiplies {
        estimates
            .iter()
            .map(|(estimate, factor, v)| {
                let mut terms: Vec<String> = inputs.iter().map(|(_, t, _)| t.clone()).collect();
                terms.push(ratio(*factor));
                let text = format!("{} = {} {}", terms.join(" x "), money(*v), case.currency);
                json!({"estimate": estimate, "text": text})
            })
            .collect()
    } else {
        Vec::new()
    };
    let factor_label = case
        .assumptions
        .iter()
        .find(|a| a.id == "factor")
        .map_or("factor", |a| a.text.as_str());
    json!({
        "inputs": case.inputs.iter().zip(&inputs).map(|(i, (label, text, _))| json!({"key": i.key, "label": label, "text": text})).collect::<Vec<_>>(),
        "factor": {"label": factor_label, "low": ratio(f.low), "expected": ratio(f.expected), "high": ratio(f.high)},
        "rows": rows,
    })
}

/// `x` in its unit: `159 h`, `8,500 EUR/h`, `21,000,000 EUR`, `0.031`.
fn written(x: f64, unit: Unit, currency: &str) -> String {
    match unit {
        Unit::Hours => format!("{} h", decimals(x, 1)),
        Unit::Money => format!("{} {currency}", money(x)),
        Unit::MoneyPerHour => format!("{} {currency}/h", money(x)),
        Unit::Ratio => ratio(x),
    }
}

/// A ratio with two to four decimals: `0.2` -> `0.20`, `0.031` -> `0.031`.
fn ratio(x: f64) -> String {
    let text = decimals(x, 4);
    match text.split_once('.') {
        None => format!("{text}.00"),
        Some((_, d)) if d.len() == 1 => format!("{text}0"),
        Some(_) => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Range, ValueInput};
    use crate::render::sample::sample_plan;

    /// Baseline inputs of one case: `(key, value)`.
    type Inputs<'a> = &'a [(&'a str, f64)];

    fn case(inputs: Inputs<'_>, value: Option<Range>) -> BusinessCase {
        let mut case = sample_plan().business_case;
        case.inputs = inputs
            .iter()
            .map(|(k, v)| ValueInput {
                key: k.to_string(),
                value: *v,
            })
            .collect();
        case.factor = Range {
            low: 0.1,
            expected: 0.2,
            high: 0.35,
        };
        case.annual_value = value;
        case
    }

    #[test]
    fn shows_the_arithmetic_only_when_it_gives_the_value() {
        let lyon = [
            ("unplanned_downtime_hours", 159.0),
            ("downtime_cost_per_hour", 8500.0),
        ];
        let value = Range {
            low: 135150.0,
            expected: 270300.0,
            high: 473025.0,
        };
        let cases: [(Inputs<'_>, Option<Range>, Option<&str>); 4] = [
            (
                &lyon,
                Some(value),
                Some("159 h x 8,500 EUR/h x 0.20 = 270,300 EUR"),
            ),
            // an expression that is not the product: inputs only, no false equation
            (
                &lyon,
                Some(Range {
                    expected: 1.0,
                    ..value
                }),
                None,
            ),
            (&lyon, None, None),
            (
                &[("scrap_rate", 0.031), ("annual_material_cost", 21e6)],
                Some(Range {
                    low: 65100.0,
                    expected: 130200.0,
                    high: 227850.0,
                }),
                Some("0.031 x 21,000,000 EUR x 0.20 = 130,200 EUR"),
            ),
        ];
        for (inputs, value, want) in cases {
            let got = context(&case(inputs, value));
            let rows = got["rows"].as_array().unwrap();
            match want {
                Some(text) => assert_eq!(rows[1]["text"], text, "{got}"),
                None => assert!(rows.is_empty(), "{got}"),
            }
            assert_eq!(
                got["inputs"].as_array().unwrap().is_empty(),
                value.is_none()
            );
        }
    }

    #[test]
    fn ratios_keep_two_decimals_at_least() {
        for (x, want) in [
            (0.2, "0.20"),
            (0.031, "0.031"),
            (1.0, "1.00"),
            (0.35, "0.35"),
        ] {
            assert_eq!(ratio(x), want);
        }
    }
}
