//! Sensor coverage of the in-scope assets: what each one measures today (one column per
//! sensor kind found on them) against what the use case still lacks there (its gaps).

use std::collections::BTreeSet;

use crate::number::counted;
use crate::plan::{AssetSummary, Gap, Plan, Severity};
use crate::svg::xml::truncate;
use crate::svg::{Anchor, Figure, Group, Paint, Rect, Text};

const WIDTH: f64 = 640.0;
const LABEL_WIDTH: f64 = 176.0;
const GAPS_WIDTH: f64 = 130.0;
const HEADER: f64 = 28.0;
const ROW: f64 = 22.0;

/// The coverage grid of the in-scope assets.
pub fn sensors(plan: &Plan) -> Figure {
    let assets: Vec<&AssetSummary> = plan.assets.iter().filter(|a| a.in_scope).collect();
    let kinds: BTreeSet<&str> = assets
        .iter()
        .flat_map(|a| a.sensors.iter().map(String::as_str))
        .collect();
    let height = HEADER + assets.len().max(1) as f64 * ROW + 8.0;
    let mut figure = Figure::new(
        "sensor-coverage",
        WIDTH,
        height,
        "Sensors on the in-scope assets",
        "Rows are the in-scope assets, columns the sensor kinds found on them; a filled cell is a sensor the asset has. The last column counts the gaps the use case finds at the asset: what it still needs.",
    );
    let column = if kinds.is_empty() {
        0.0
    } else {
        (WIDTH - LABEL_WIDTH - GAPS_WIDTH) / kinds.len() as f64
    };
    let chars = ((column - 4.0) / 6.0).max(3.0) as usize;
    for (j, kind) in kinds.iter().enumerate() {
        let cx = LABEL_WIDTH + column * (j as f64 + 0.5);
        figure.push(
            Text::new(cx, 18.0, truncate(kind, chars))
                .anchor(Anchor::Middle)
                .size(11.0)
                .bold()
                .title(*kind),
        );
    }
    figure.push(
        Text::new(WIDTH - GAPS_WIDTH + 8.0, 18.0, "gaps here")
            .size(11.0)
            .bold(),
    );
    if assets.is_empty() {
        figure.push(
            Text::new(WIDTH / 2.0, HEADER + 15.0, "No asset is in scope.").anchor(Anchor::Middle),
        );
        figure.say("No asset is in scope.");
    }
    for (i, asset) in assets.iter().enumerate() {
        let y = HEADER + i as f64 * ROW;
        let gaps: Vec<&Gap> = plan
            .readiness
            .gaps
            .iter()
            .filter(|g| g.asset.as_deref() == Some(asset.id.as_str()))
            .collect();
        let label = if asset.name.is_empty() {
            asset.id.clone()
        } else {
            format!("{} ({})", asset.id, asset.name)
        };
        let mut row = Group::new().push(
            Text::new(LABEL_WIDTH - 8.0, y + 15.0, truncate(&label, 21))
                .anchor(Anchor::End)
                .title(label.clone()),
        );
        for (j, kind) in kinds.iter().enumerate() {
            let has = asset.sensors.iter().any(|s| s == kind);
            let x = LABEL_WIDTH + column * j as f64;
            row = row.push(
                Rect::new(x + 2.0, y + 2.0, column - 4.0, ROW - 4.0)
                    .fill(if has { Paint::Good } else { Paint::Track })
                    .radius(2.0)
                    .title(format!(
                        "{}: {kind} {}",
                        asset.id,
                        if has { "measured" } else { "not measured" }
                    )),
            );
        }
        let (text, paint) = gap_summary(&gaps);
        let mut cell = Group::new()
            .push(Text::new(WIDTH - GAPS_WIDTH + 8.0, y + 15.0, text.clone()).fill(paint));
        if let Some(first) = gaps.first() {
            cell = cell.link(format!("data-readiness.md#{}", first.id));
        }
        figure.push(row.push(cell));
        let measured = if asset.sensors.is_empty() {
            "no sensor".to_string()
        } else {
            asset.sensors.join(", ")
        };
        figure.say(format!("{label} measures {measured}; {text}."));
    }
    figure
}

fn gap_summary(gaps: &[&Gap]) -> (String, Paint) {
    let blocking = gaps
        .iter()
        .filter(|g| g.severity == Severity::Blocking)
        .count();
    match (gaps.len(), blocking) {
        (0, _) => ("no gap".to_string(), Paint::Good),
        (n, 0) => (counted(n, "gap"), Paint::Warn),
        (n, b) => (format!("{}, {b} blocking", counted(n, "gap")), Paint::Bad),
    }
}
