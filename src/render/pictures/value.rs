//! The business case in one picture: the range of annual value (low to high, with the
//! expected value marked) against the one-off cost (pilot plus scale), on one scale.

use crate::plan::Plan;
use crate::render::filters::money;
use crate::svg::{Anchor, Figure, Line, Paint, Rect, Text};

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 128.0;
const LEFT: f64 = 120.0;
const RIGHT: f64 = 20.0;
const BAR: f64 = 20.0;

/// Value range against cost, with the payback in words.
pub fn value_and_cost(plan: &Plan) -> Figure {
    let case = &plan.business_case;
    let currency = &case.currency;
    let amount = |x: f64| format!("{} {currency}", money(x));
    // Costs stay in the playbook's currency, which need not be the site's.
    let cost_currency = &case.cost_currency;
    let cost_amount = |x: f64| format!("{} {cost_currency}", money(x));
    let cost = case.cost.pilot + case.cost.scale;
    let mut figure = Figure::new(
        "value-and-cost",
        WIDTH,
        HEIGHT,
        "Annual value against cost",
        "The upper bar is the range of annual value, from the low to the high estimate, with a line at the expected value; the lower bar is the one-off cost, pilot then scale-up, on the same scale.",
    );
    let top = case
        .annual_value
        .as_ref()
        .map_or(0.0, |v| v.high)
        .max(cost)
        .max(1.0);
    let track = WIDTH - LEFT - RIGHT;
    let at = |x: f64| LEFT + track * (x.max(0.0) / top);
    figure.push(
        Text::new(LEFT - 8.0, 30.0, "Annual value")
            .anchor(Anchor::End)
            .bold(),
    );
    match &case.annual_value {
        Some(v) => {
            figure
                .push(
                    Rect::new(at(v.low), 16.0, at(v.high) - at(v.low), BAR)
                        .fill(Paint::Good)
                        .radius(3.0)
                        .title(format!("{} to {}", amount(v.low), amount(v.high))),
                )
                .push(
                    Line::new((at(v.expected), 12.0), (at(v.expected), 40.0))
                        .stroke(Paint::Foreground)
                        .width(3.0),
                )
                .push(
                    Text::new(
                        at(v.expected),
                        54.0,
                        format!("expected {}", amount(v.expected)),
                    )
                    .anchor(label_anchor(at(v.expected)))
                    .size(12.0),
                );
            figure.say(format!(
                "Annual value from {} to {}, expected {}.",
                amount(v.low),
                amount(v.high),
                amount(v.expected)
            ));
        }
        None => {
            let why = if plan.readiness.applicable {
                "the baseline is missing"
            } else {
                "the use case does not apply"
            };
            figure.push(Text::new(LEFT, 30.0, format!("not computed: {why}")).fill(Paint::Bad));
            figure.say(format!("Annual value not computed: {why}."));
        }
    }
    figure
        .push(
            Text::new(LEFT - 8.0, 86.0, "Cost")
                .anchor(Anchor::End)
                .bold(),
        )
        .push(
            Rect::new(at(0.0), 72.0, at(case.cost.pilot) - at(0.0), BAR)
                .fill(Paint::Warn)
                .title(format!("pilot {}", cost_amount(case.cost.pilot))),
        )
        .push(
            Rect::new(
                at(case.cost.pilot),
                72.0,
                at(cost) - at(case.cost.pilot),
                BAR,
            )
            .fill(Paint::Muted)
            .title(format!("scale {}", cost_amount(case.cost.scale))),
        )
        .push(
            Text::new(
                LEFT,
                112.0,
                format!(
                    "pilot {} + scale {} = {}{}",
                    cost_amount(case.cost.pilot),
                    cost_amount(case.cost.scale),
                    cost_amount(cost),
                    payback_words(case.payback_months)
                ),
            )
            .size(12.0),
        );
    figure.say(format!(
        "One-off cost: pilot {} plus scale {}, {} in all.",
        cost_amount(case.cost.pilot),
        cost_amount(case.cost.scale),
        cost_amount(cost)
    ));
    figure.say(match case.payback_months {
        Some(months) => format!(
            "Payback in {} months from the expected value.",
            crate::number::decimals(months, 1)
        ),
        None if case.annual_value.is_some() && cost_currency != currency => format!(
            "Payback not computed: the cost is in {cost_currency} and the value in {currency}, with no exchange rate."
        ),
        None => "Payback not computed: it needs the annual value.".to_string(),
    });
    figure
}

fn payback_words(months: Option<f64>) -> String {
    months.map_or_else(String::new, |m| {
        format!("; payback {} months", crate::number::decimals(m, 1))
    })
}

/// Labels near the right edge end at their point, so they never leave the picture.
fn label_anchor(x: f64) -> Anchor {
    if x > WIDTH - 160.0 {
        Anchor::End
    } else if x < LEFT + 80.0 {
        Anchor::Start
    } else {
        Anchor::Middle
    }
}
