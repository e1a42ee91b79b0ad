//! The phases and gates from pilot to production, left to right, with each gate's state.
//!
//! The book's chapters draw it without states (progress stays out of the render); a
//! status page passes the states it measured.

use crate::plan::{Phase, Plan, Severity};
use crate::svg::xml::truncate;
use crate::svg::{Anchor, Circle, Figure, Group, Line, Paint, Rect, Text};

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 132.0;
const BOX_TOP: f64 = 8.0;
const BOX_HEIGHT: f64 = 58.0;
const AXIS: f64 = 84.0;

/// What is known about a gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GateState {
    /// Every criterion holds.
    Met,
    /// A measured criterion does not hold.
    NotMet,
    /// Some criterion has no measured value yet.
    NotMeasured,
    /// Not evaluated on this page (the chapters: see the status page).
    Unknown,
}

impl GateState {
    fn paint(self) -> Paint {
        match self {
            GateState::Met => Paint::Good,
            GateState::NotMet => Paint::Bad,
            GateState::NotMeasured => Paint::Warn,
            GateState::Unknown => Paint::Unknown,
        }
    }

    /// The words for it.
    pub fn words(self) -> &'static str {
        match self {
            GateState::Met => "met",
            GateState::NotMet => "not met",
            GateState::NotMeasured => "not measured",
            GateState::Unknown => "see status page",
        }
    }
}

/// The timeline; `states[i]` is the state of phase `i`'s gate (missing: unknown).
pub fn timeline(plan: &Plan, states: &[GateState]) -> Figure {
    let mut figure = Figure::new(
        "timeline",
        WIDTH,
        HEIGHT,
        "Phases and gates",
        "Each box is a phase with its checklist items and the blocking gaps to close in it; each circle is the gate that ends it.",
    );
    if plan.phases.is_empty() {
        let none = if plan.readiness.applicable {
            "The playbook defines no phases."
        } else {
            "No phases: the use case does not apply to this site as described."
        };
        figure.push(Text::new(WIDTH / 2.0, AXIS, none).anchor(Anchor::Middle));
        figure.say(none);
        return figure;
    }
    let step = WIDTH / plan.phases.len() as f64;
    let chars = ((step - 16.0) / crate::svg::bars::CHAR_WIDTH).max(4.0) as usize;
    figure.push(Line::new((step / 2.0, AXIS), (WIDTH - step / 2.0, AXIS)).width(2.0));
    for (i, phase) in plan.phases.iter().enumerate() {
        let state = states.get(i).copied().unwrap_or(GateState::Unknown);
        let x = i as f64 * step;
        let (items, blocking) = counts(plan, phase);
        let summary = format!("{items} items, {blocking} blocking gaps");
        let mut group = Group::new()
            .title(format!("{}: {summary}", phase.title))
            .push(
                Rect::new(x + 4.0, BOX_TOP, step - 8.0, BOX_HEIGHT)
                    .fill(Paint::Track)
                    .radius(4.0),
            )
            .push(Text::new(x + 12.0, BOX_TOP + 20.0, truncate(&phase.title, chars)).bold())
            .push(
                Text::new(
                    x + 12.0,
                    BOX_TOP + 38.0,
                    truncate(&format!("{items} items"), chars),
                )
                .size(12.0),
            )
            .push(
                Text::new(
                    x + 12.0,
                    BOX_TOP + 52.0,
                    truncate(&format!("{blocking} blocking gaps"), chars),
                )
                .size(12.0)
                .fill(if blocking > 0 {
                    Paint::Bad
                } else {
                    Paint::Muted
                }),
            );
        let cx = x + step / 2.0;
        group = group
            .push(
                Circle::new((cx, AXIS), 8.0)
                    .fill(state.paint())
                    .stroke(Paint::Foreground)
                    .title(state.words()),
            )
            .push(
                Text::new(cx, AXIS + 24.0, truncate(&phase.gate.title, chars))
                    .anchor(Anchor::Middle)
                    .size(12.0)
                    .bold(),
            )
            .push(
                Text::new(cx, AXIS + 40.0, truncate(state.words(), chars))
                    .anchor(Anchor::Middle)
                    .size(11.0)
                    .fill(Paint::Muted),
            );
        figure.push(group.link(format!("rollout.md#{}", phase.gate.id)));
        figure.say(format!(
            "Phase {} ({summary}) ends with gate {}: {}.",
            phase.title,
            phase.gate.title,
            state.words()
        ));
    }
    figure
}

/// Checklist items planned in the phase, and blocking gaps to close by it.
fn counts(plan: &Plan, phase: &Phase) -> (usize, usize) {
    let items = plan
        .checklist
        .iter()
        .filter(|i| i.phase == phase.id)
        .count();
    let blocking = plan
        .readiness
        .gaps
        .iter()
        .filter(|g| g.phase == phase.id && g.severity == Severity::Blocking)
        .count();
    (items, blocking)
}
