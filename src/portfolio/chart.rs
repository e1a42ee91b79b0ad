//! The readiness-versus-value chart of the program book: inline SVG, one line of HTML so
//! Markdown keeps it whole, the same bytes for the same portfolio (coordinates rounded to
//! one decimal, entries in rank order). Every text is XML-escaped. No I/O.

use std::fmt::Write;

use super::Portfolio;
use crate::number::decimals;
use crate::render::filters::money;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 360.0;
const LEFT: f64 = 90.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 20.0;
const BOTTOM: f64 = 50.0;
/// One colour per wave, in wave order; the last repeats.
const WAVE_COLOURS: [&str; 4] = ["#2e8b57", "#3f7fbf", "#d9911a", "#8a8f98"];

/// The chart as one line of HTML, followed by a sentence naming what it cannot show.
pub fn readiness_value(p: &Portfolio) -> String {
    let max = p
        .entries
        .iter()
        .filter_map(|e| e.program_value.map(|v| v.expected))
        .fold(0.0, f64::max);
    let top = nice_ceiling(max);
    let x = |r: u32| LEFT + f64::from(r) / 100.0 * (WIDTH - LEFT - RIGHT);
    let y = |v: f64| HEIGHT - BOTTOM - v / top * (HEIGHT - TOP - BOTTOM);
    let currency = p.totals.currency.clone().unwrap_or_default();
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" \
         width=\"{WIDTH}\" height=\"{HEIGHT}\" font-family=\"sans-serif\" font-size=\"11\">\
         <title>Readiness versus expected annual value</title>"
    );
    axes(&mut svg, top, &currency, &x, &y);
    let mut missing = Vec::new();
    for e in &p.entries {
        let Some(value) = e.program_value.map(|v| v.expected) else {
            missing.push(escape(&format!("{}/{}", e.site, e.use_case)));
            continue;
        };
        let wave = p
            .waves
            .iter()
            .position(|w| w.id == e.wave)
            .unwrap_or(p.waves.len());
        let colour = WAVE_COLOURS[wave.min(WAVE_COLOURS.len() - 1)];
        let (cx, cy) = (x(e.readiness), y(value));
        let tip = format!(
            "{} {}: readiness {}, {} {currency} a year, {}",
            e.site,
            e.use_case,
            e.readiness,
            money(value),
            e.wave
        );
        let _ = write!(
            svg,
            "<circle cx=\"{}\" cy=\"{}\" r=\"5\" fill=\"{colour}\"><title>{}</title></circle>\
             <text x=\"{}\" y=\"{}\" fill=\"currentColor\">{}</text>",
            num(cx),
            num(cy),
            escape(&tip),
            num(cx + 7.0),
            num(cy - 7.0),
            escape(&e.site)
        );
    }
    svg.push_str("</svg>");
    let mut html = format!("<figure>{svg}</figure>\n\n");
    html += "Colours: the rollout wave (first wave green). ";
    if !missing.is_empty() {
        html += &format!("Not shown (no value): {}.", missing.join(", "));
    }
    html
}

fn axes(
    svg: &mut String,
    top: f64,
    currency: &str,
    x: &dyn Fn(u32) -> f64,
    y: &dyn Fn(f64) -> f64,
) {
    let (x0, y0) = (x(0), y(0.0));
    let _ = write!(
        svg,
        "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"currentColor\"/>\
         <line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"currentColor\"/>",
        num(x0),
        num(y0),
        num(x(100)),
        num(y0),
        num(x0),
        num(y0),
        num(x0),
        num(y(top))
    );
    for r in [0, 25, 50, 75, 100] {
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"currentColor\">{r}</text>",
            num(x(r)),
            num(y0 + 16.0)
        );
    }
    for step in 0..=4 {
        let v = top * f64::from(step) / 4.0;
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"currentColor\">{}</text>",
            num(x0 - 6.0),
            num(y(v) + 4.0),
            money(v)
        );
    }
    let _ = write!(
        svg,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"currentColor\">readiness (0 to 100)</text>\
         <text x=\"12\" y=\"{}\" fill=\"currentColor\">{}</text>",
        num((x0 + x(100)) / 2.0),
        num(HEIGHT - 10.0),
        num(TOP - 6.0),
        escape(&format!("expected annual value ({currency})"))
    );
}

/// The smallest 1, 2 or 5 times a power of ten at or above `x` (1 for nothing).
fn nice_ceiling(x: f64) -> f64 {
    if x <= 0.0 {
        return 1.0;
    }
    let power = 10f64.powf(x.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|c| *c >= x)
        .unwrap_or(10.0 * power)
}

fn num(x: f64) -> String {
    decimals(x, 1)
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
