//! The integration test binary: runs the real `sitepack` executable against the
//! bundled examples and hand-written profiles, one module per command or concern.
//!
//! Everything lives in this one binary (STYLE.md) so cargo links it once; the
//! modules are under `tests/cli/`. Unit tests of single stages live next to the code.

#[path = "cli/util.rs"]
mod util;

#[path = "cli/baseline.rs"]
mod baseline;
#[path = "cli/book.rs"]
mod book;
#[path = "cli/bounded.rs"]
mod bounded;
#[path = "cli/browser.rs"]
mod browser;
#[path = "cli/check.rs"]
mod check;
#[path = "cli/explain.rs"]
mod explain;
#[path = "cli/fuzz.rs"]
mod fuzz;
#[path = "cli/golden.rs"]
mod golden;
#[path = "cli/guide.rs"]
mod guide;
#[path = "cli/hostile.rs"]
mod hostile;
#[path = "cli/in_place.rs"]
mod in_place;
#[path = "cli/inert.rs"]
mod inert;
#[path = "cli/init.rs"]
mod init;
#[path = "cli/interrupt.rs"]
mod interrupt;
#[path = "cli/layers.rs"]
mod layers;
#[path = "cli/lifecycle.rs"]
mod lifecycle;
#[path = "cli/migrate.rs"]
mod migrate;
/// The library fuzz harness's mutations, shared so both feed the same inputs; the cli
/// cases use only some of its functions.
#[allow(dead_code)]
#[path = "../src/fuzz/mutate.rs"]
mod mutate;
#[path = "cli/plants.rs"]
mod plants;
#[path = "cli/playbook_source.rs"]
mod playbook_source;
#[path = "cli/portfolio.rs"]
mod portfolio;
#[path = "cli/recipes.rs"]
mod recipes;
#[path = "cli/refuse.rs"]
mod refuse;
#[path = "cli/render.rs"]
mod render;
#[path = "cli/scope.rs"]
mod scope;
#[path = "cli/status_page.rs"]
mod status_page;
#[path = "cli/trust_git.rs"]
mod trust_git;
#[path = "cli/trust_io.rs"]
mod trust_io;
#[path = "cli/update_many.rs"]
mod update_many;
