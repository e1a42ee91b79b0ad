//! Rendering: [`Plan`] -> [`Files`], the package's bytes in memory.
//!
//! Markdown comes from the Tera templates in `templates/` (embedded at build
//! time, listed once in [`TEMPLATES`]), with [`escape::escape_markdown_to`] as the
//! autoescape function, so every profile value is inert text. JSON, CSV and TOML
//! come from serde, never from templates. Pure: no I/O, no clock, no environment;
//! the same plan always gives the same bytes. Profile text is only ever context
//! data, never a template.

mod arithmetic;
pub(crate) mod book;
mod data;
pub mod escape;
pub(crate) mod filters;
pub mod guide;
mod pictures;
pub use pictures::GateState;
#[cfg(test)]
mod sample;
mod status;
mod summary;
#[cfg(test)]
mod tests;

use std::sync::{Arc, OnceLock};

use crate::files::Files;
use crate::plan::Plan;
use crate::progress::Progress;

/// Every built-in template: `(name, text)`. A page's name is its output path;
/// names under `partials/` are only included by pages.
pub const TEMPLATES: &[(&str, &str)] = &[
    (
        "partials/item.md",
        include_str!("../../templates/partials/item.md"),
    ),
    (
        "partials/gap.md",
        include_str!("../../templates/partials/gap.md"),
    ),
    (
        "partials/control.md",
        include_str!("../../templates/partials/control.md"),
    ),
    (
        "partials/baseline-note.md",
        include_str!("../../templates/partials/baseline-note.md"),
    ),
    (
        "partials/not-applicable.md",
        include_str!("../../templates/partials/not-applicable.md"),
    ),
    ("README.md", include_str!("../../templates/README.md")),
    (
        "src/SUMMARY.md",
        include_str!("../../templates/src/SUMMARY.md"),
    ),
    (
        "src/overview.md",
        include_str!("../../templates/src/overview.md"),
    ),
    (
        "src/business-case.md",
        include_str!("../../templates/src/business-case.md"),
    ),
    (
        "src/data-readiness.md",
        include_str!("../../templates/src/data-readiness.md"),
    ),
    (
        "src/integration.md",
        include_str!("../../templates/src/integration.md"),
    ),
    (
        "src/security.md",
        include_str!("../../templates/src/security.md"),
    ),
    ("src/raci.md", include_str!("../../templates/src/raci.md")),
    (
        "src/change-plan.md",
        include_str!("../../templates/src/change-plan.md"),
    ),
    (
        "src/baseline.md",
        include_str!("../../templates/src/baseline.md"),
    ),
    (
        "src/rollout.md",
        include_str!("../../templates/src/rollout.md"),
    ),
    (
        "src/governance.md",
        include_str!("../../templates/src/governance.md"),
    ),
    (
        "src/actions.md",
        include_str!("../../templates/src/actions.md"),
    ),
    (
        "src/status.md",
        include_str!("../../templates/src/status.md"),
    ),
];

/// The pages generated on `main` from `progress.toml` (the status page): people's
/// progress and the gate verdicts. No other page depends on progress.
pub const ON_MAIN: [&str; 1] = ["src/status.md"];

/// Why a plan could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A template failed to parse or render. `report` is Tera's own report: it
    /// names the template, the line and the variable or filter at fault.
    #[error("template `{name}` failed (a sitepack bug, please report it):\n{report}")]
    Template {
        /// The template's name, e.g. `src/overview.md`.
        name: String,
        /// Tera's message with the source excerpt.
        report: String,
    },
    /// The plan could not be serialized to JSON.
    #[error("cannot write data/plan.json: {0}")]
    Json(#[from] serde_json::Error),
    /// A CSV table could not be written.
    #[error("cannot write a CSV table: {0}")]
    Csv(#[from] csv::Error),
    /// `book.toml` could not be serialized.
    #[error("cannot write book.toml: {0}")]
    Toml(#[from] toml::ser::Error),
}

impl RenderError {
    fn template(name: &str, error: tera::Error) -> RenderError {
        RenderError::Template {
            name: name.to_string(),
            report: error.to_string(),
        }
    }
}

/// The built-in templates in one Tera, added in one batch (Tera re-links every template on
/// each addition); when the batch fails, one by one to name the broken template.
fn compile_templates() -> Result<tera::Tera, RenderError> {
    let new = || {
        let mut tera = tera::Tera::new();
        tera.set_escape_fn(escape::escape_markdown_to);
        tera.autoescape_on([".md"]);
        filters::register(&mut tera);
        tera
    };
    let mut tera = new();
    if tera.add_raw_templates(TEMPLATES.iter().copied()).is_ok() {
        return Ok(tera);
    }
    let mut tera = new();
    for (name, text) in TEMPLATES {
        tera.add_raw_template(name, text)
            .map_err(|e| RenderError::template(name, e))?;
    }
    Ok(tera)
}

/// Owns the Tera instance with the built-in templates and sitepack's filters.
pub struct Renderer {
    /// Compiled once per process and shared: the templates never change while it runs,
    /// and compiling them took as long as rendering a package (twice per render, and
    /// once per site of a portfolio).
    tera: Arc<tera::Tera>,
}

impl Renderer {
    /// Loads the built-in templates and registers the filters and escaping.
    pub fn new() -> Result<Renderer, RenderError> {
        static COMPILED: OnceLock<Arc<tera::Tera>> = OnceLock::new();
        if let Some(tera) = COMPILED.get() {
            return Ok(Renderer {
                tera: Arc::clone(tera),
            });
        }
        let tera = Arc::new(compile_templates()?);
        Ok(Renderer {
            tera: Arc::clone(COMPILED.get_or_init(|| tera)),
        })
    }

    /// Renders the whole package for `plan`; `profile_text` is copied verbatim to
    /// `site.toml`. The `.sitepack/lock.toml` is not written here, nor the pages of
    /// [`ON_MAIN`]: the render is a function of the plan alone (SPEC §4).
    pub fn render(&self, plan: &Plan, profile_text: &str) -> Result<Files, RenderError> {
        let context = book::context(plan).map_err(|e| RenderError::template("<context>", e))?;
        let mut files = Files::new();
        for (name, _) in TEMPLATES
            .iter()
            .filter(|(n, _)| !n.starts_with("partials/") && !ON_MAIN.contains(n))
        {
            files.insert(*name, self.page(name, &context)?);
        }
        files.insert("book.toml", book::book_toml(plan)?);
        files.insert(book::STYLESHEET.0, book::stylesheet());
        // `mdbook build` writes the HTML to book/: keep it out of git, so building the
        // book never leaves the package "with uncommitted changes".
        files.insert(".gitignore", "# mdbook build output\n/book/\n");
        files.insert("data/plan.json", data::plan_json(plan)?);
        files.insert("data/checklist.csv", data::checklist_csv(plan)?);
        files.insert("data/raci.csv", data::raci_csv(plan)?);
        files.insert("data/controls.csv", data::controls_csv(plan)?);
        files.insert("data/gaps.csv", data::gaps_csv(plan)?);
        files.insert("site.toml", profile_text.as_bytes());
        Ok(files)
    }

    /// The pages of [`ON_MAIN`] for `plan` and people's `progress` (`None`: nothing
    /// recorded yet). They are written on `main` after the render is merged, never
    /// committed on `sitepack/rendered` and never sealed in the lock.
    pub fn render_on_main(
        &self,
        plan: &Plan,
        progress: Option<&Progress>,
    ) -> Result<Files, RenderError> {
        let mut context = book::context(plan).map_err(|e| RenderError::template("<context>", e))?;
        context.insert("status", &status::context(plan, progress));
        let mut files = Files::new();
        for name in ON_MAIN {
            files.insert(name, self.page(name, &context)?);
        }
        Ok(files)
    }

    fn page(&self, name: &str, context: &tera::Context) -> Result<Vec<u8>, RenderError> {
        let text = self
            .tera
            .render(name, context)
            .map_err(|e| RenderError::template(name, e))?;
        Ok(book::tidy_markdown(&text))
    }
}
