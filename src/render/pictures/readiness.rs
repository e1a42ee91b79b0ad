//! Where the readiness points are lost: one bar per topic, the largest loss first.

use crate::plan::{Plan, ReadinessComponent};
use crate::svg::{Bar, BarChart, Figure, Paint};

/// Points a topic costs the score: its weight times what it lacks of 100.
pub fn lost(component: &ReadinessComponent) -> f64 {
    component.weight * f64::from(100u32.saturating_sub(component.score))
}

/// The bar chart of points lost by topic, linked to the topic's gaps.
pub fn points_lost(plan: &Plan) -> Figure {
    let mut components: Vec<&ReadinessComponent> = plan.readiness.components.iter().collect();
    components.sort_by(|a, b| lost(b).total_cmp(&lost(a)).then(a.topic.cmp(&b.topic)));
    let rows = components
        .into_iter()
        .map(|c| Bar {
            label: c.topic.clone(),
            value: lost(c),
            value_text: format!(
                "{} points lost (score {})",
                crate::number::decimals(lost(c), 0),
                c.score
            ),
            paint: paint(c),
            href: None,
        })
        .collect();
    let missing = 100u32.saturating_sub(plan.readiness.score);
    let chart = BarChart {
        rows,
        max: 1.0,
        empty_text: "The readiness model has no topics.".into(),
    };
    chart.figure(
        "readiness-lost",
        &format!("Where the {missing} missing readiness points are"),
        &format!(
            "Readiness {} of 100. Each bar is the points one topic costs the score: its weight times what it lacks of 100. Red: the topic has a blocking gap; amber: a major one.",
            plan.readiness.score
        ),
    )
}

fn paint(c: &ReadinessComponent) -> Paint {
    if c.blocking > 0 {
        Paint::Bad
    } else if c.major > 0 {
        Paint::Warn
    } else if c.score < 100 {
        Paint::Accent
    } else {
        Paint::Good
    }
}
