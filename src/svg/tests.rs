//! The builder's own tests: exact bytes of a small figure, hostile text, one line.

use super::*;

fn sample() -> Figure {
    let mut figure = Figure::new("sample", 200.0, 40.0, "Two bars", "A short and a long bar.");
    figure
        .push(
            Rect::new(0.0, 0.0, 50.5, 10.0)
                .fill(Paint::Good)
                .title("short"),
        )
        .push(
            Rect::new(0.0, 20.0, 150.0, 10.0)
                .fill(Paint::Bad)
                .radius(2.0),
        )
        .push(Text::new(160.0, 30.0, "long").anchor(Anchor::End).bold())
        .push(Line::new((0.0, 35.0), (200.0, 35.0)).dashed())
        .push(Circle::new((190.0, 5.0), 4.0).stroke(Paint::Foreground))
        .push(
            Group::new()
                .link("#gap.owner.change")
                .push(Text::new(0.0, 12.0, "x").fill(Paint::Muted).size(10.0)),
        )
        .say("short: 50 %")
        .say("long: 150 %");
    figure
}

#[test]
fn a_figure_is_exact_bytes() {
    insta::assert_snapshot!(sample().html());
}

#[test]
fn a_figure_is_one_line_and_the_same_every_time() {
    let html = sample().html();
    assert!(!html.contains('\n'), "{html}");
    assert_eq!(html, sample().html());
    assert!(html.starts_with("<figure class=\"sp-figure\" id=\"figure-sample\"><svg "));
    assert!(html.contains("role=\"img\""));
    assert!(html.contains("aria-labelledby=\"sample-title sample-desc\""));
}

#[test]
fn hostile_text_stays_text_everywhere() {
    let evil = "</text><script>alert(1)</script>{{#include x}}\n\n| a |";
    let mut figure = Figure::new("evil", 10.0, 10.0, evil, evil);
    figure
        .push(Text::new(0.0, 0.0, evil).title(evil))
        .push(Rect::new(0.0, 0.0, 1.0, 1.0).title(evil))
        .push(Group::new().link(format!("#{evil}")).title(evil))
        .say(evil);
    let html = figure.html();
    for needle in ["<script", "{{", "\n"] {
        assert!(!html.contains(needle), "{needle:?} in {html}");
    }
    assert_eq!(html.matches("<text").count(), 1);
    assert_eq!(html.matches("‹script›").count(), 9);
}

#[test]
fn empty_figure_has_no_text_list() {
    let figure = Figure::new("empty", 10.0, 10.0, "Nothing", "No data.");
    let html = figure.html();
    assert!(!html.contains("sp-figure-text"), "{html}");
    assert!(html.contains("<title id=\"empty-title\">Nothing</title>"));
}

#[test]
fn every_paint_is_a_variable_with_a_fallback_or_a_keyword() {
    use Paint::*;
    for paint in [
        Foreground,
        Muted,
        Track,
        AccentSoft,
        WarnSoft,
        Accent,
        Good,
        Warn,
        Bad,
        Unknown,
        Transparent,
    ] {
        let css = paint.css();
        assert!(
            css == "currentColor"
                || css == "none"
                || (css.starts_with("var(--sp-") && css.contains(", ")),
            "{css}"
        );
    }
}
