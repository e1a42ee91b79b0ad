//! The committed playbook reference pages (`book/src/playbooks/`) match the
//! built-in playbooks.
//!
//! For every built-in use case, generates its page with
//! `sitepack::playbook::reference::markdown` and compares it with the file in
//! the book; the index page and `book/src/SUMMARY.md` are checked too, and a
//! page must not depend on whether the playbook came from the binary or from
//! `--playbooks playbooks/`. Run
//! `SITEPACK_BLESS=1 cargo test --test book_reference` to rewrite the pages
//! after changing a playbook. It does not build the book: `mdbook build book` does.

use std::path::{Path, PathBuf};

use sitepack::playbook::{self, reference, Playbook, Source};

const BLESS: &str = "SITEPACK_BLESS=1 cargo test --test book_reference";

fn pages_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("book/src/playbooks")
}

fn built_in() -> Vec<Playbook> {
    let source = Source::BuiltIn;
    source
        .use_cases()
        .expect("built-in playbooks list")
        .iter()
        .map(|id| playbook::load(&source, id).expect("built-in playbook compiles"))
        .collect()
}

/// The pages that should exist: (file name, contents).
fn expected_pages(playbooks: &[Playbook]) -> Vec<(String, String)> {
    let mut pages: Vec<(String, String)> = playbooks
        .iter()
        .map(|p| (format!("{}.md", p.id), reference::markdown(p)))
        .collect();
    pages.push(("index.md".to_string(), reference::index(playbooks)));
    pages
}

#[test]
fn reference_pages_match_the_built_in_playbooks() {
    let dir = pages_dir();
    let pages = expected_pages(&built_in());
    if std::env::var_os("SITEPACK_BLESS").is_some_and(|v| !v.is_empty()) {
        std::fs::create_dir_all(&dir).expect("create book/src/playbooks");
        for (name, text) in &pages {
            std::fs::write(dir.join(name), text).expect("write reference page");
        }
    }
    let stale: Vec<String> = pages
        .iter()
        .filter(|(name, text)| std::fs::read_to_string(dir.join(name)).ok().as_ref() != Some(text))
        .map(|(name, _)| format!("book/src/playbooks/{name}"))
        .collect();
    assert!(
        stale.is_empty(),
        "out of date or missing: {}\nrun `{BLESS}` to regenerate them, then review and commit",
        stale.join(", ")
    );
}

#[test]
fn every_reference_page_is_in_the_summary() {
    let summary_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("book/src/SUMMARY.md");
    let summary = std::fs::read_to_string(&summary_path).expect("read book/src/SUMMARY.md");
    let missing: Vec<String> = expected_pages(&built_in())
        .into_iter()
        .map(|(name, _)| format!("(playbooks/{name})"))
        .filter(|link| !summary.contains(link.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "book/src/SUMMARY.md links no page for {}: add a line under \"Playbook reference\"",
        missing.join(", ")
    );
}

#[test]
fn no_page_for_a_use_case_that_is_gone() {
    let wanted: Vec<String> = expected_pages(&built_in())
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    let Ok(entries) = std::fs::read_dir(pages_dir()) else {
        return;
    };
    let extra: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| !wanted.contains(name))
        .collect();
    assert!(
        extra.is_empty(),
        "book/src/playbooks/ has pages for no built-in use case: {}; delete them",
        extra.join(", ")
    );
}

#[test]
fn pages_are_the_same_from_a_playbooks_directory() {
    let dir = Source::Dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("playbooks"));
    for built_in in built_in() {
        let from_dir =
            sitepack::plan::load_playbook(&dir, &built_in.id).expect("playbooks/ compiles");
        assert_eq!(
            reference::markdown(&from_dir),
            reference::markdown(&built_in),
            "the page of {} depends on where the playbook was read from",
            built_in.id
        );
    }
}

/// The guide's generated pictures and their stylesheet: `(path under book/, bytes)`. The
/// pipeline is drawn by `sitepack::render::guide`; the package pictures are the ones the
/// Lyon example's overview shows (predictive maintenance, as of 2026-11-26).
fn guide_figures() -> Vec<(String, String)> {
    let lyon = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/lyon.toml");
    let as_of = sitepack::date::Date::parse("2026-11-26").expect("a date");
    let inputs = sitepack::load_inputs(
        &lyon,
        "predictive-maintenance",
        &sitepack::PlaybookChoice::BuiltIn,
        as_of,
    )
    .expect("the Lyon example loads");
    let (_, files) = sitepack::render_files(&inputs).expect("the Lyon example renders");
    let overview =
        String::from_utf8(files.get("src/overview.md").expect("overview").to_vec()).expect("utf-8");
    let figures: Vec<String> = overview
        .lines()
        .filter(|l| l.starts_with("<figure"))
        .map(unlinked)
        .collect();
    assert!(figures.len() >= 2, "the overview shows pictures");
    vec![
        (
            "src/figures/pipeline.html".to_string(),
            sitepack::render::guide::pipeline().html() + "\n",
        ),
        (
            "src/figures/lyon-overview.html".to_string(),
            figures.join("\n\n") + "\n",
        ),
        (
            "theme/figure.css".to_string(),
            sitepack::svg::CSS.to_string(),
        ),
    ]
}

/// `html` without its links: in the guide they would point at pages of a package.
fn unlinked(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<a href=\"") {
        out.push_str(&rest[..at]);
        let end = rest[at..].find('>').map_or(rest.len(), |e| at + e + 1);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out.replace("</a>", "")
}

#[test]
fn guide_pictures_match_what_sitepack_draws() {
    let book = Path::new(env!("CARGO_MANIFEST_DIR")).join("book");
    let figures = guide_figures();
    if std::env::var_os("SITEPACK_BLESS").is_some_and(|v| !v.is_empty()) {
        for (name, text) in &figures {
            let path = book.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).expect("create a directory");
            std::fs::write(path, text).expect("write a figure");
        }
    }
    let stale: Vec<String> = figures
        .iter()
        .filter(|(name, text)| std::fs::read_to_string(book.join(name)).ok().as_ref() != Some(text))
        .map(|(name, _)| format!("book/{name}"))
        .collect();
    assert!(
        stale.is_empty(),
        "out of date or missing: {}\nrun `{BLESS}` to regenerate them, then review and commit",
        stale.join(", ")
    );
    let guide = |page: &str| std::fs::read_to_string(book.join("src").join(page)).expect("a page");
    assert!(guide("introduction.md").contains("{{#include figures/pipeline.html}}"));
    assert!(guide("getting-started.md").contains("{{#include figures/lyon-overview.html}}"));
    let toml = std::fs::read_to_string(book.join("book.toml")).expect("book.toml");
    assert!(toml.contains("\"theme/figure.css\""), "{toml}");
}
