//! A scatter chart: labelled points on two linear axes from 0, the portfolio's
//! readiness-versus-value picture. Each point is a sentence of the text equivalent, so the
//! figure says in words what it shows.

use super::{Anchor, Circle, Figure, Group, Line, Paint, Text};

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 380.0;
const LEFT: f64 = 96.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 28.0;
const BOTTOM: f64 = 52.0;
const TICKS: u32 = 4;

/// One point of a [`Scatter`].
#[derive(Debug, Clone)]
pub struct Point {
    /// The short label drawn beside the point (`lyon`).
    pub label: String,
    pub x: f64,
    pub y: f64,
    pub paint: Paint,
    /// The point's tooltip and its sentence in the text equivalent.
    pub sentence: String,
}

/// Points on axes from 0 to `x_max` and from 0 to a round ceiling of the largest `y`.
#[derive(Debug, Clone)]
pub struct Scatter {
    pub points: Vec<Point>,
    /// The right end of the x axis (never 0).
    pub x_max: f64,
    /// The axis titles.
    pub x_title: String,
    pub y_title: String,
    /// Writes a y tick value (`1,200,000`).
    pub y_format: fn(f64) -> String,
    /// Said when there are no points.
    pub empty_text: String,
}

impl Scatter {
    /// The chart as a figure with the given id, title and description.
    pub fn figure(&self, id: &str, title: &str, desc: &str) -> Figure {
        let mut figure = Figure::new(id, WIDTH, HEIGHT, title, desc);
        let x_max = self.x_max.max(f64::MIN_POSITIVE);
        let y_max = nice_ceiling(self.points.iter().map(|p| p.y).fold(0.0, f64::max));
        let x = |v: f64| LEFT + v.clamp(0.0, x_max) / x_max * (WIDTH - LEFT - RIGHT);
        let y = |v: f64| HEIGHT - BOTTOM - v.clamp(0.0, y_max) / y_max * (HEIGHT - TOP - BOTTOM);
        self.axes(&mut figure, x_max, y_max, &x, &y);
        if self.points.is_empty() {
            figure.push(
                Text::new(WIDTH / 2.0, HEIGHT / 2.0, &self.empty_text).anchor(Anchor::Middle),
            );
            figure.say(self.empty_text.clone());
        }
        for p in &self.points {
            let (cx, cy) = (x(p.x), y(p.y));
            // Labels of points in the right fifth go to their left, so they stay inside.
            let label = if p.x > x_max * 0.8 {
                Text::new(cx - 7.0, cy - 7.0, &p.label).anchor(Anchor::End)
            } else {
                Text::new(cx + 7.0, cy - 7.0, &p.label)
            };
            let group = Group::new()
                .title(p.sentence.clone())
                .push(Circle::new((cx, cy), 5.0).fill(p.paint))
                .push(label.size(11.0));
            figure.push(group);
            figure.say(p.sentence.clone());
        }
        figure
    }

    fn axes(
        &self,
        figure: &mut Figure,
        x_max: f64,
        y_max: f64,
        x: &dyn Fn(f64) -> f64,
        y: &dyn Fn(f64) -> f64,
    ) {
        let (x0, y0) = (x(0.0), y(0.0));
        figure.push(Line::new((x0, y0), (x(x_max), y0)));
        figure.push(Line::new((x0, y0), (x0, y(y_max))));
        for i in 0..=TICKS {
            let share = f64::from(i) / f64::from(TICKS);
            let (vx, vy) = (x_max * share, y_max * share);
            let label = crate::number::decimals(vx, 1);
            figure.push(
                Text::new(x(vx), y0 + 18.0, label)
                    .anchor(Anchor::Middle)
                    .size(11.0),
            );
            figure.push(
                Text::new(x0 - 8.0, y(vy) + 4.0, (self.y_format)(vy))
                    .anchor(Anchor::End)
                    .size(11.0),
            );
            if i > 0 {
                figure.push(
                    Line::new((x0, y(vy)), (x(x_max), y(vy)))
                        .stroke(Paint::Track)
                        .dashed(),
                );
            }
        }
        let middle = (x0 + x(x_max)) / 2.0;
        figure.push(Text::new(middle, HEIGHT - 12.0, &self.x_title).anchor(Anchor::Middle));
        figure.push(Text::new(12.0, TOP - 10.0, &self.y_title));
    }
}

/// The smallest 1, 2 or 5 times a power of ten at or above `x` (1 for nothing).
pub fn nice_ceiling(x: f64) -> f64 {
    if !(x > 0.0 && x.is_finite()) {
        return 1.0;
    }
    let power = 10f64.powf(x.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|c| *c >= x)
        .unwrap_or(10.0 * power)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(points: Vec<Point>) -> Scatter {
        Scatter {
            points,
            x_max: 100.0,
            x_title: "readiness".into(),
            y_title: "value (EUR)".into(),
            y_format: |v| crate::number::decimals(v, 0),
            empty_text: "No site has a value.".into(),
        }
    }

    fn point(label: &str, x: f64, y: f64) -> Point {
        Point {
            label: label.into(),
            x,
            y,
            paint: Paint::Good,
            sentence: format!("{label}: readiness {x}, value {y}"),
        }
    }

    #[test]
    fn points_are_exact_bytes() {
        let figure = chart(vec![
            point("lyon", 40.0, 270300.0),
            point("<b>&", 98.0, 69552.0),
        ]);
        insta::assert_snapshot!(figure
            .figure("readiness-value", "Readiness", "Sites.")
            .html());
    }

    #[test]
    fn edge_cases_stay_inside_the_axes() {
        let empty = chart(Vec::new()).figure("e", "Empty", "None.").html();
        assert!(empty.contains("No site has a value."), "{empty}");
        let wild = chart(vec![point("x", 250.0, -5.0)])
            .figure("w", "Wild", "Clamped.")
            .html();
        assert!(!wild.contains("NaN") && !wild.contains("inf"), "{wild}");
        for (x, want) in [
            (0.0, 1.0),
            (0.3, 0.5),
            (7.0, 10.0),
            (120.0, 200.0),
            (1000.0, 1000.0),
            (f64::NAN, 1.0),
        ] {
            assert_eq!(nice_ceiling(x), want, "{x}");
        }
    }
}
