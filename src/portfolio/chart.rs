//! The readiness-versus-value chart of the program book: one point per site x use case
//! with a value (readiness on x, expected annual value in the program currency on y),
//! coloured by rollout wave, drawn by [`crate::svg::scatter`]. Entries in rank order, so
//! the same portfolio is always the same bytes. No I/O.

use super::Portfolio;
use crate::render::filters::money;
use crate::svg::scatter::{Point, Scatter};
use crate::svg::Paint;

/// One paint per wave, in wave order; waves after the third and `unplanned` are muted.
const WAVE_PAINTS: [Paint; 3] = [Paint::Good, Paint::Accent, Paint::Warn];

/// The chart as one line of HTML, then a sentence naming the entries it cannot show.
pub fn readiness_value(p: &Portfolio) -> String {
    let currency = p.totals.currency.clone().unwrap_or_default();
    let mut missing = Vec::new();
    let mut points = Vec::new();
    for e in &p.entries {
        let Some(value) = e.program_value.map(|v| v.expected) else {
            missing.push(crate::render::escape::escape_markdown(&format!(
                "{}/{}",
                e.site, e.use_case
            )));
            continue;
        };
        let wave = p.waves.iter().position(|w| w.id == e.wave);
        let paint = wave
            .and_then(|i| WAVE_PAINTS.get(i).copied())
            .unwrap_or(Paint::Muted);
        points.push(Point {
            label: e.site.clone(),
            x: f64::from(e.readiness),
            y: value,
            paint,
            sentence: format!(
                "{} {}: readiness {}, {} {currency} a year expected, {}",
                e.site,
                e.use_case,
                e.readiness,
                money(value),
                e.wave
            ),
        });
    }
    let chart = Scatter {
        points,
        x_max: 100.0,
        x_title: "readiness (0 to 100)".into(),
        y_title: format!("expected annual value ({currency})"),
        y_format: money,
        empty_text: "No site has a value to show.".into(),
    };
    let desc = "Each point is a site and use case: readiness across, expected annual value up; the colour is the rollout wave.";
    let mut html = chart
        .figure(
            "readiness-value",
            "Readiness versus expected annual value",
            desc,
        )
        .html();
    html +=
        "\n\nColours: the rollout wave (first wave green, second blue, third orange, others grey).";
    if !missing.is_empty() {
        html += &format!(" Not shown (no value): {}.", missing.join(", "));
    }
    html
}
