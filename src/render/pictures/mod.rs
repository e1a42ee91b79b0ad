//! The package book's pictures, drawn from the [`Plan`] with the [`crate::svg`] builder.
//!
//! Each chart is a function `Plan -> Figure` in a file of its own; [`all`] draws every
//! one and hands the template context a map from name to one line of HTML. Pure, like
//! the rest of the renderer: the same plan always gives the same bytes. Progress never
//! reaches these charts (SPEC §4: progress stays out of the render); the timeline takes
//! gate states as an argument so a status page can draw it with them.

mod coverage;
mod network;
mod raci;
mod readiness;
#[cfg(test)]
mod tests;
mod timeline;
mod value;

use std::collections::BTreeMap;

use crate::plan::Plan;

pub use timeline::{timeline, GateState};

/// Every picture of the book, by the name templates use: `pictures.readiness`...
pub fn all(plan: &Plan) -> BTreeMap<&'static str, String> {
    let mut pictures = BTreeMap::new();
    pictures.insert("readiness", readiness::points_lost(plan).html());
    pictures.insert("timeline", timeline(plan, &[]).html());
    pictures.insert("raci", raci::heat_map(plan).html());
    pictures.insert("coverage", coverage::sensors(plan).html());
    pictures.insert("value", value::value_and_cost(plan).html());
    pictures.insert("network", network::now_and_target(plan).html());
    pictures
}
