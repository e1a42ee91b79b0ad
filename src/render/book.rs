//! What the Markdown templates see, `book.toml`, and the final tidy of each page.
//!
//! The template context is the serialized [`Plan`] plus `owner_names`, a map
//! from each of the five roles to its owner's name, so every page can show the
//! name next to the role. Nothing here reads the clock or the environment.

use std::collections::BTreeMap;

use serde::Serialize;

use super::RenderError;
use crate::plan::Plan;

/// The five owner roles, in the order the book lists them.
pub const ROLES: [&str; 5] = ["business", "operations", "it", "data", "change"];

/// The page each checklist section is listed on.
pub const SECTION_PAGES: [(&str, &str); 5] = [
    ("integration", "integration.md"),
    ("data", "integration.md"),
    ("security", "security.md"),
    ("governance", "governance.md"),
    ("change", "change-plan.md"),
];

/// The page that lists the baseline items and controls: those that apply at every site.
pub const BASELINE_PAGE: &str = "baseline.md";

/// The page a checklist item of `section` (a control: `security`) is listed on: the
/// baseline page for a baseline one, else its section's page.
pub fn item_page(section: &str, baseline: bool) -> &'static str {
    if baseline {
        return BASELINE_PAGE;
    }
    SECTION_PAGES
        .iter()
        .find(|(s, _)| *s == section)
        .map_or("integration.md", |(_, p)| p)
}

/// The Tera context for the book: the plan's fields plus `owner_names`, `pictures`
/// (name -> one line of HTML, inserted with `| safe`), `section_pages`
/// (checklist section -> the page listing it; a baseline item is on `baseline.md`
/// instead), `status_html` (the verdict and
/// score cards), `verdict` (the sentence alone, for the README), `arithmetic` (the
/// business case's inputs and products, see [`super::arithmetic::context`]), and
/// `scope_assets` and `other_assets` (the in-scope assets, and how many others
/// the site has: a package describes only the assets of its use case), and
/// `raci_optional` (the optional roles with a RACI column: their owner is named).
pub fn context(plan: &Plan) -> Result<tera::Context, tera::Error> {
    let mut context = tera::Context::from_serialize(plan)?;
    let mut names = serde_json::Map::new();
    for role in ROLES {
        names.insert(role.to_string(), "UNASSIGNED".into());
    }
    for owner in &plan.owners {
        names.insert(owner.role.clone(), owner.name.clone().into());
    }
    context.insert("owner_names", &names);
    let pages: serde_json::Map<String, serde_json::Value> = SECTION_PAGES
        .iter()
        .map(|(section, page)| (section.to_string(), (*page).into()))
        .collect();
    context.insert("section_pages", &pages);
    context.insert("pictures", &super::pictures::all(plan));
    context.insert("status_html", &super::summary::status_html(plan));
    context.insert("verdict", &super::summary::verdict(plan));
    context.insert(
        "arithmetic",
        &super::arithmetic::context(&plan.business_case),
    );
    let (scope, other): (Vec<_>, Vec<_>) = plan.assets.iter().partition(|a| a.in_scope);
    context.insert("scope_assets", &scope);
    let first = plan.raci.first();
    let optional: Vec<&str> = [
        ("quality", first.is_some_and(|r| r.quality.is_some())),
        ("safety", first.is_some_and(|r| r.safety.is_some())),
    ]
    .into_iter()
    .filter_map(|(role, shown)| shown.then_some(role))
    .collect();
    context.insert("raci_optional", &optional);
    context.insert("other_assets", &other.len());
    context.insert("work_at", &work_at(plan));
    Ok(context)
}

/// A checklist item as a gap links to it.
#[derive(Serialize)]
struct WorkLink<'a> {
    id: &'a str,
    title: &'a str,
    section: &'a str,
}

/// Per asset (every asset of the plan, most with an empty list), the checklist items planned
/// at it (a merged item at each asset it covers), in checklist order: a gap at an asset names them. Built once, so the gap partial
/// looks them up instead of scanning the checklist for every gap, which made the render
/// quadratic in the number of assets.
fn work_at(plan: &Plan) -> BTreeMap<&str, Vec<WorkLink<'_>>> {
    let mut map: BTreeMap<&str, Vec<WorkLink<'_>>> = plan
        .assets
        .iter()
        .map(|a| (a.id.as_str(), Vec::new()))
        .collect();
    for item in &plan.checklist {
        let link = || WorkLink {
            id: &item.id,
            title: &item.title,
            section: &item.section,
        };
        if let Some(asset) = &item.asset {
            map.entry(asset.as_str()).or_default().push(link());
        }
        // A merged item covers each of its targets: an asset, or a sensor `asset.key`.
        for target in &item.targets {
            let asset = target.split_once('.').map_or(target.as_str(), |(a, _)| a);
            if let Some(list) = map.get_mut(asset) {
                list.push(link());
            }
        }
    }
    for gap in &plan.readiness.gaps {
        if let Some(asset) = &gap.asset {
            map.entry(asset.as_str()).or_default();
        }
    }
    map
}

#[derive(Serialize)]
struct BookToml {
    book: BookSection,
    build: BuildSection,
    output: OutputSection,
}

#[derive(Serialize)]
struct BookSection {
    title: String,
    language: &'static str,
    src: &'static str,
}

#[derive(Serialize)]
struct BuildSection {
    #[serde(rename = "build-dir")]
    build_dir: &'static str,
    /// A chapter missing from `src/` is an error, not a silently created page.
    #[serde(rename = "create-missing")]
    create_missing: bool,
}

#[derive(Serialize)]
struct OutputSection {
    html: HtmlSection,
}

#[derive(Serialize)]
struct HtmlSection {
    #[serde(rename = "default-theme", skip_serializing_if = "Option::is_none")]
    default_theme: Option<&'static str>,
    #[serde(
        rename = "preferred-dark-theme",
        skip_serializing_if = "Option::is_none"
    )]
    preferred_dark_theme: Option<&'static str>,
    #[serde(rename = "additional-css")]
    additional_css: [&'static str; 1],
}

/// The themes of a generated book: sitepack's light and dark pair, or mdBook's defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Themes {
    Sitepack,
    MdBook,
}

/// `book.toml` of a book sitepack generates (a package, the program book): `title` on one
/// line with control and bidi characters neutralised, `css` as its stylesheet. Serialized by
/// `toml`, so a hostile title stays a TOML string.
pub fn mdbook_toml(
    title: &str,
    css: &'static str,
    themes: Themes,
) -> Result<Vec<u8>, toml::ser::Error> {
    let (default_theme, preferred_dark_theme) = match themes {
        Themes::Sitepack => (Some("light"), Some("navy")),
        Themes::MdBook => (None, None),
    };
    let config = BookToml {
        book: BookSection {
            title: neutral(&one_line(title)),
            language: "en",
            src: "src",
        },
        build: BuildSection {
            build_dir: "book",
            create_missing: false,
        },
        output: OutputSection {
            html: HtmlSection {
                default_theme,
                preferred_dark_theme,
                additional_css: [css],
            },
        },
    };
    Ok(with_final_newline(&toml::to_string(&config)?))
}

/// Where the package's stylesheet lives, and its text: the figures' palette and print
/// rules, then the book's cards, badges and tables.
pub const STYLESHEET: (&str, &str) = (
    "theme/sitepack.css",
    include_str!("../../templates/theme/sitepack.css"),
);

/// The stylesheet file's bytes.
pub fn stylesheet() -> String {
    format!("{}{}", crate::svg::CSS, STYLESHEET.1)
}

/// The package's `book.toml`.
pub fn book_toml(plan: &Plan) -> Result<Vec<u8>, RenderError> {
    let title = format!("{} - {}", plan.site.name, plan.use_case.title);
    Ok(mdbook_toml(&title, STYLESHEET.0, Themes::Sitepack)?)
}

/// A rendered page with LF endings, at most one blank line in a row, no trailing
/// blanks, and exactly one final newline. Values cannot hold line breaks (the
/// escape turned them into spaces), so this only touches template layout.
pub fn tidy_markdown(text: &str) -> Vec<u8> {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.lines() {
        let line = line.trim_end();
        blank_run = if line.is_empty() { blank_run + 1 } else { 0 };
        if blank_run <= 1 {
            out.push_str(line);
            out.push('\n');
        }
    }
    with_final_newline(out.trim_start_matches('\n'))
}

/// `text` with trailing line breaks replaced by exactly one `\n`.
fn with_final_newline(text: &str) -> Vec<u8> {
    let mut out = text.trim_end_matches(['\n', '\r']).as_bytes().to_vec();
    out.push(b'\n');
    out
}

/// Control and bidi characters as U+FFFD: the title lands in every page's HTML.
fn neutral(text: &str) -> String {
    super::escape::replace_neutralised(text, |_| super::escape::REPLACEMENT.to_string())
        .into_owned()
}

/// Line breaks as spaces: a book title is one line.
fn one_line(text: &str) -> String {
    text.replace(['\r', '\n'], " ")
}
