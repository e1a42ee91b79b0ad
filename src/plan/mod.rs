//! Deriving the plan: `Profile` x `Playbook` x as-of date -> [`Plan`]. Pure: no I/O.

pub mod model;

pub use model::*;
