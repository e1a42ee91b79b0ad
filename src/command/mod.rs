//! The commands: each turns options into an [`crate::Output`], never printing.

pub mod check;
pub mod explain;
pub mod playbooks;
pub mod render;
