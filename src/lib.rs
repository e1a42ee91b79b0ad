//! sitepack: a site profile and a use-case playbook in, a deployment package out.
//!
//! The pipeline is `profile -> playbook -> plan -> render -> package -> git`; see
//! ARCHITECTURE.md for the codemap and the invariants.

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod date;
pub mod files;
pub mod plan;
pub mod playbook;
pub mod profile;
pub mod suggest;
