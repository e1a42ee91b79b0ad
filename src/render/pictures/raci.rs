//! The RACI as a heat map: one row per activity, one column per role, the letter in a
//! cell whose colour says how much the role carries. A role without an owner has its
//! column header in red: every R and A in it lands on nobody. The optional quality and
//! safety roles get a column where the plan's RACI carries their letters.

use crate::plan::{Plan, RaciRow};
use crate::render::book::ROLES;
use crate::svg::xml::truncate;
use crate::svg::{Anchor, Figure, Group, Paint, Rect, Text};

const LABEL_WIDTH: f64 = 250.0;
/// One role's column: wide enough for `operations` in bold and a 13-character owner name.
const COLUMN: f64 = 78.0;
const HEADER: f64 = 40.0;
const ROW: f64 = 22.0;

/// The heat map of `plan.raci`.
pub fn heat_map(plan: &Plan) -> Figure {
    let rows = plan.raci.len().max(1) as f64;
    let height = HEADER + rows * ROW + 8.0;
    let roles = columns(plan);
    let width = LABEL_WIDTH + COLUMN * roles.len() as f64;
    let mut figure = Figure::new(
        "raci-heat-map",
        width,
        height,
        "Who carries which activity",
        "Rows are activities, columns the owner roles. Amber: accountable (A, A/R); blue: responsible (R); grey: consulted (C); no colour: informed (I) or not involved. A red role has no owner.",
    );
    let column = COLUMN;
    for (j, role) in roles.iter().enumerate() {
        let owner = plan.owners.iter().find(|o| o.role == *role);
        let assigned = owner.is_some_and(|o| o.assigned);
        let name = owner.map_or("UNASSIGNED", |o| o.name.as_str());
        let cx = LABEL_WIDTH + column * (j as f64 + 0.5);
        let paint = if assigned {
            Paint::Foreground
        } else {
            Paint::Bad
        };
        figure.push(
            Group::new()
                .title(format!("{role}: {name}"))
                .push(
                    Text::new(cx, 16.0, *role)
                        .anchor(Anchor::Middle)
                        .bold()
                        .fill(paint),
                )
                .push(
                    Text::new(cx, 32.0, truncate(name, 13))
                        .anchor(Anchor::Middle)
                        .size(10.0)
                        .fill(if assigned { Paint::Muted } else { Paint::Bad }),
                ),
        );
        if !assigned {
            figure.say(format!("The {role} role has no owner."));
        }
    }
    if plan.raci.is_empty() {
        let none = if plan.readiness.applicable {
            "The playbook defines no RACI activities."
        } else {
            "No RACI activities: the use case does not apply to this site as described."
        };
        figure.push(Text::new(width / 2.0, HEADER + 16.0, none).anchor(Anchor::Middle));
        figure.say(none);
    }
    for (i, row) in plan.raci.iter().enumerate() {
        let y = HEADER + i as f64 * ROW;
        let mut group = Group::new().link(format!("raci.md#{}", row.id)).push(
            Text::new(LABEL_WIDTH - 8.0, y + 15.0, truncate(&row.activity, 32))
                .anchor(Anchor::End)
                .title(row.activity.clone()),
        );
        let letters = letters(row, &roles);
        for (j, letter) in letters.iter().enumerate() {
            let x = LABEL_WIDTH + column * j as f64;
            group = group.push(
                Rect::new(x + 2.0, y + 2.0, column - 4.0, ROW - 4.0)
                    .fill(cell_paint(letter))
                    .radius(2.0)
                    .title(format!(
                        "{}: {} {}",
                        row.activity,
                        roles[j],
                        if letter.is_empty() { "-" } else { letter }
                    )),
            );
            if !letter.is_empty() {
                group = group.push(
                    Text::new(x + column / 2.0, y + 15.0, *letter)
                        .anchor(Anchor::Middle)
                        .bold()
                        .size(12.0),
                );
            }
        }
        figure.push(group);
        figure.say(sentence(row, &roles, &letters));
    }
    figure
}

/// The five core roles, then quality and safety where a row carries their letter.
fn columns(plan: &Plan) -> Vec<&'static str> {
    let mut roles = ROLES.to_vec();
    if plan.raci.iter().any(|r| r.quality.is_some()) {
        roles.push("quality");
    }
    if plan.raci.iter().any(|r| r.safety.is_some()) {
        roles.push("safety");
    }
    roles
}

fn letters<'a>(row: &'a RaciRow, roles: &[&str]) -> Vec<&'a str> {
    roles
        .iter()
        .map(|role| match *role {
            "business" => row.business.as_str(),
            "operations" => row.operations.as_str(),
            "it" => row.it.as_str(),
            "data" => row.data.as_str(),
            "change" => row.change.as_str(),
            "quality" => row.quality.as_deref().unwrap_or(""),
            _ => row.safety.as_deref().unwrap_or(""),
        })
        .collect()
}

fn cell_paint(letter: &str) -> Paint {
    match letter {
        "A/R" | "R/A" | "A" => Paint::WarnSoft,
        "R" => Paint::AccentSoft,
        "C" => Paint::Track,
        _ => Paint::Transparent,
    }
}

fn sentence(row: &RaciRow, roles: &[&str], letters: &[&str]) -> String {
    let parts: Vec<String> = roles
        .iter()
        .zip(letters)
        .filter(|(_, l)| !l.is_empty())
        .map(|(role, l)| format!("{role} {l}"))
        .collect();
    format!(
        "{}: {}.",
        row.activity,
        if parts.is_empty() {
            "nobody".to_string()
        } else {
            parts.join(", ")
        }
    )
}
