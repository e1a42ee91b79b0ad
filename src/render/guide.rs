//! The user guide's own pictures: the pipeline on the introduction. Pure and
//! deterministic; `tests/book_reference.rs` writes them to `book/src/figures/` and holds
//! the committed files to these bytes.

use crate::svg::{Anchor, Circle, Figure, Line, Paint, Rect, Text};

/// A labelled box: `(x, y, width, title, note)`, 40 px high.
type Stage = (f64, f64, f64, &'static str, &'static str);

const STAGES: [Stage; 7] = [
    (8.0, 16.0, 112.0, "site.toml", "the site profile"),
    (8.0, 104.0, 112.0, "playbooks", "rules per use case"),
    (156.0, 60.0, 116.0, "plan", "readiness, gaps, RACI"),
    (300.0, 60.0, 104.0, "render", "book, CSV, JSON"),
    (300.0, 148.0, 104.0, "progress.toml", "what people did"),
    (
        440.0,
        16.0,
        192.0,
        "sitepack/rendered",
        "pure renders, by sitepack",
    ),
    (440.0, 104.0, 192.0, "main", "your edits + the status page"),
];

/// Arrows: `(from (x, y), to (x, y))`, a dot at the arrow's end.
const ARROWS: [((f64, f64), (f64, f64)); 6] = [
    ((120.0, 36.0), (156.0, 74.0)),
    ((120.0, 124.0), (156.0, 86.0)),
    ((272.0, 80.0), (300.0, 80.0)),
    ((404.0, 80.0), (440.0, 36.0)),
    ((536.0, 56.0), (536.0, 104.0)),
    ((404.0, 168.0), (440.0, 132.0)),
];

/// The pipeline: a profile and the playbooks make a plan, rendered into the pure render on
/// `sitepack/rendered`, merged into `main`, where progress becomes the status page.
pub fn pipeline() -> Figure {
    let mut figure = Figure::new(
        "pipeline",
        640.0,
        196.0,
        "How sitepack makes a package",
        "Boxes for the inputs, the plan, the render and the two branches of the package, joined by arrows in the order the data flows.",
    );
    for (from, to) in ARROWS {
        figure.push(Line::new(from, to).stroke(Paint::Muted).width(2.0));
        figure.push(Circle::new(to, 3.5).fill(Paint::Muted));
    }
    for (x, y, width, title, note) in STAGES {
        let paint = if title == "progress.toml" {
            Paint::WarnSoft
        } else {
            Paint::AccentSoft
        };
        figure.push(Rect::new(x, y, width, 40.0).fill(paint).radius(4.0));
        let middle = x + width / 2.0;
        figure.push(
            Text::new(middle, y + 17.0, title)
                .anchor(Anchor::Middle)
                .bold(),
        );
        figure.push(
            Text::new(middle, y + 33.0, note)
                .anchor(Anchor::Middle)
                .size(11.0),
        );
    }
    figure
        .say("site.toml (the site profile) and the playbooks (rules per use case) make the plan: readiness, gaps, RACI.")
        .say("The plan is rendered into a book, CSV and JSON, committed on the branch sitepack/rendered, which only sitepack writes.")
        .say("sitepack/rendered is merged into main, the branch people edit.")
        .say("progress.toml on main becomes the status page, written on main only.");
    figure
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_pipeline_is_deterministic_and_fits_its_view_box() {
        let (one, two) = (super::pipeline().html(), super::pipeline().html());
        assert_eq!(one, two);
        assert!(!one.contains('\n'), "one line of HTML");
        for (x, _, width, _, _) in super::STAGES {
            assert!(x >= 0.0 && x + width <= 640.0, "{x}");
        }
        assert_eq!(super::pipeline().sentences().len(), 4);
    }
}
