//! A horizontal bar chart: one labelled row per value, on a common scale. The readiness
//! pictures of a package and of a portfolio both use it.
//!
//! Labels longer than the label column are cut with `…` (the full text is the row's
//! tooltip and is in the text equivalent); a row may link to the thing it stands for.

use super::xml::truncate;
use super::{Anchor, Figure, Group, Line, Paint, Rect, Text};

const WIDTH: f64 = 640.0;
const ROW: f64 = 26.0;
const BAR: f64 = 16.0;
const TOP: f64 = 8.0;
/// Average advance of a 13 px sans-serif character, with a margin: what layout assumes.
pub const CHAR_WIDTH: f64 = 7.2;
const MAX_LABEL_CHARS: usize = 26;

/// One row of a [`BarChart`].
#[derive(Debug, Clone)]
pub struct Bar {
    /// What the row stands for (`Security`, `lyon`).
    pub label: String,
    /// Its length on the chart's scale (clamped to `0..=max`).
    pub value: f64,
    /// The text at the end of the row (`18 points`, `62 / 100`).
    pub value_text: String,
    /// Its colour.
    pub paint: Paint,
    /// Where the row links to, if anywhere.
    pub href: Option<String>,
}

/// Rows of bars from 0 to `max`.
#[derive(Debug, Clone)]
pub struct BarChart {
    /// The rows, top to bottom.
    pub rows: Vec<Bar>,
    /// The value of a full-length bar (at least the largest value, and never 0).
    pub max: f64,
    /// Said when there are no rows (`No points lost.`).
    pub empty_text: String,
}

impl BarChart {
    /// The chart as a figure with the given id, title and description. Each row is also
    /// a sentence of the text equivalent: `label: value_text`.
    pub fn figure(&self, id: &str, title: &str, desc: &str) -> Figure {
        let rows = self.rows.len().max(1) as f64;
        let height = TOP * 2.0 + rows * ROW;
        let mut figure = Figure::new(id, WIDTH, height, title, desc);
        let max = self
            .rows
            .iter()
            .map(|r| r.value)
            .fold(self.max, f64::max)
            .max(f64::MIN_POSITIVE);
        let longest = |f: fn(&Bar) -> usize| self.rows.iter().map(f).max().unwrap_or(0);
        let label_chars = longest(|r| r.label.chars().count()).clamp(4, MAX_LABEL_CHARS);
        let label_width = label_chars as f64 * CHAR_WIDTH + 16.0;
        let value_width = longest(|r| r.value_text.chars().count()) as f64 * CHAR_WIDTH + 16.0;
        let track = (WIDTH - label_width - value_width).max(WIDTH / 4.0);
        let label_at = label_width;
        if self.rows.is_empty() {
            figure.push(
                Text::new(WIDTH / 2.0, TOP + ROW * 0.65, &self.empty_text).anchor(Anchor::Middle),
            );
            figure.say(self.empty_text.clone());
        }
        for (i, row) in self.rows.iter().enumerate() {
            let y = TOP + i as f64 * ROW;
            let length = track * (row.value.clamp(0.0, max) / max);
            let mut group = Group::new()
                .title(format!("{}: {}", row.label, row.value_text))
                .push(
                    Text::new(
                        label_at - 8.0,
                        y + BAR - 3.0,
                        truncate(&row.label, label_chars),
                    )
                    .anchor(Anchor::End),
                )
                .push(
                    Rect::new(label_at, y, track, BAR)
                        .fill(Paint::Track)
                        .radius(2.0),
                )
                .push(
                    Rect::new(label_at, y, length, BAR)
                        .fill(row.paint)
                        .radius(2.0),
                )
                .push(Text::new(
                    label_at + track + 8.0,
                    y + BAR - 3.0,
                    &row.value_text,
                ));
            if let Some(href) = &row.href {
                group = group.link(href);
            }
            figure.push(group);
            figure.say(format!("{}: {}", row.label, row.value_text));
        }
        figure.push(Line::new(
            (label_at, TOP - 4.0),
            (label_at, height - TOP + 4.0),
        ));
        figure
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(label: &str, value: f64) -> Bar {
        Bar {
            label: label.to_string(),
            value,
            value_text: format!("{value} points"),
            paint: Paint::Bad,
            href: Some(format!("#{label}")),
        }
    }

    fn chart(rows: Vec<Bar>) -> BarChart {
        BarChart {
            rows,
            max: 10.0,
            empty_text: "Nothing lost.".into(),
        }
    }

    #[test]
    fn bars_are_exact_bytes() {
        let figure = chart(vec![bar("security", 6.0), bar("data", 2.5)]).figure(
            "lost",
            "Lost",
            "Points lost.",
        );
        insta::assert_snapshot!(figure.html());
    }

    #[test]
    fn edge_cases() {
        let long = "A very long topic name that cannot fit the label column at all";
        let fifty: Vec<Bar> = (0..50)
            .map(|i| bar(&format!("asset-{i:02}"), i as f64))
            .collect();
        let cases: Vec<(&str, BarChart, usize, &str)> = vec![
            ("no rows", chart(vec![]), 0, "Nothing lost."),
            (
                "one row",
                chart(vec![bar("security", 3.0)]),
                1,
                "security: 3 points",
            ),
            (
                "long name",
                chart(vec![bar(long, 3.0)]),
                1,
                "A very long topic name th…",
            ),
            (
                "over the scale",
                chart(vec![bar("x", 40.0)]),
                1,
                "width=\"514.4\"",
            ),
            ("negative", chart(vec![bar("x", -4.0)]), 1, "width=\"0\""),
            (
                "fifty rows",
                BarChart {
                    rows: fifty,
                    ..chart(vec![])
                },
                50,
                "asset-49: 49 points",
            ),
        ];
        for (name, chart, rows, needle) in cases {
            let figure = chart.figure("t", "T", "D");
            let html = figure.html();
            assert_eq!(html.matches("<a href=").count(), rows, "{name}");
            assert!(html.contains(needle), "{name}: {needle} not in {html}");
            assert!(!html.contains('\n'), "{name}");
        }
    }
}
