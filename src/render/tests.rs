//! Renders [`sample_plan`] and checks the whole package: paths, escaping, CSV
//! formula guards, JSON round trip, determinism, and (ignored) a real mdbook build.

use super::sample::{sample_plan, HOSTILE_NAME};
use super::Renderer;
use crate::files::Files;
use crate::plan::{Plan, Range};

fn render(plan: &Plan) -> Files {
    Renderer::new()
        .expect("templates load")
        .render(plan, "format = 1\r\n[site]\n")
        .expect("renders")
}

const PATHS: &[&str] = &[
    "README.md",
    "book.toml",
    "src/SUMMARY.md",
    "src/overview.md",
    "src/business-case.md",
    "src/data-readiness.md",
    "src/integration.md",
    "src/security.md",
    "src/raci.md",
    "src/change-plan.md",
    "src/rollout.md",
    "src/governance.md",
    "src/baseline.md",
    "data/plan.json",
    "data/checklist.csv",
    "data/raci.csv",
    "data/controls.csv",
    "data/gaps.csv",
    "site.toml",
    ".gitignore",
    "src/actions.md",
    "theme/sitepack.css",
];

#[test]
fn renders_every_expected_path_and_nothing_else() {
    let files = render(&sample_plan());
    let mut got: Vec<&str> = files.iter().map(|(p, _)| p).collect();
    let mut want = PATHS.to_vec();
    got.sort_unstable();
    want.sort_unstable();
    assert_eq!(got, want);
}

#[test]
fn the_status_page_is_rendered_only_for_main() {
    let renderer = Renderer::new().unwrap();
    let pages = renderer.render_on_main(&sample_plan(), None).unwrap();
    let got: Vec<&str> = pages.iter().map(|(p, _)| p).collect();
    assert_eq!(got, super::ON_MAIN);
    assert!(render(&sample_plan()).get(super::ON_MAIN[0]).is_none());
}

/// The pure render and the pages generated on main, as one package.
fn render_all(plan: &Plan) -> Files {
    let mut files = render(plan);
    let pages = Renderer::new().unwrap().render_on_main(plan, None).unwrap();
    for (path, bytes) in pages.iter() {
        files.insert(path, bytes);
    }
    files
}

#[test]
fn markdown_holds_no_live_html_or_mdbook_directive() {
    let files = render_all(&sample_plan());
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".md")) {
        let text = std::str::from_utf8(bytes).unwrap();
        for bad in [
            "<b>",
            "</b>",
            "<script",
            "{{#",
            "{{ #",
            "{{",
            "[link](javascript",
        ] {
            assert!(!text.contains(bad), "{path} contains {bad:?}:\n{text}");
        }
        assert!(!text.contains("\n# Heading"), "{path}: newline injection");
    }
    let overview = text(&files, "src/overview.md");
    assert!(overview.contains(r"Evil &lt;b&gt;\{\{\#include /etc/passwd\}\}&lt;/b&gt; \| =cmd"));
    assert!(overview.contains("**UNASSIGNED**"), "{overview}");
    assert!(overview.contains("Hydraulic press 7 \\*\\*loud\\*\\*"));
}

/// The print cover: one line of HTML (so Markdown never ends it early) with the site,
/// the use case, the date and the verdict, the site's name escaped as HTML.
#[test]
fn the_overview_opens_with_a_print_cover() {
    let plan = sample_plan();
    let overview = text(&render(&plan), "src/overview.md");
    let cover = overview
        .lines()
        .find(|l| l.starts_with("<div class=\"sp-cover\">"))
        .unwrap_or_else(|| panic!("no cover:\n{overview}"));
    assert!(cover.ends_with("</div>"), "{cover}");
    let verdict = crate::svg::xml::escape(&super::summary::verdict(&plan));
    for part in [
        plan.use_case.title.as_str(),
        &format!("Plan as of {}", plan.as_of),
        "Evil ‹b›&#123;&#123;#include",
        verdict.as_str(),
    ] {
        assert!(cover.contains(part), "{part:?} missing from {cover}");
    }
    assert!(!cover.contains("<b>"), "{cover}");
    let css = super::book::stylesheet();
    for rule in [
        ".sp-cover { display: none; }",
        "table-layout: fixed",
        "break-after: page",
    ] {
        assert!(css.contains(rule), "{rule}");
    }
}

#[test]
fn every_item_shows_its_id_why_and_rule() {
    let files = render(&sample_plan());
    let plan = sample_plan();
    let book: String = PATHS
        .iter()
        .filter(|p| p.starts_with("src/"))
        .map(|p| text(&files, p))
        .collect();
    for i in &plan.checklist {
        assert!(
            book.contains(&format!("<a id=\"{}\"></a>", i.id)),
            "{}",
            i.id
        );
        assert!(book.contains(&format!("<code>{}</code>", i.id)), "{}", i.id);
        assert!(book.contains(&format!("Rule: {}", i.rule)), "{}", i.rule);
    }
    for g in &plan.readiness.gaps {
        assert!(
            book.contains(&format!("<a id=\"{}\"></a>", g.id)),
            "{}",
            g.id
        );
    }
    assert!(book.contains("integration.gateway.press-07"));
    assert!(book.contains("**needs baseline**"));
    let business = text(&files, "src/business-case.md");
    assert!(
        business.contains("**Not computed.**") && business.contains(r"unplanned\_downtime\_hours")
    );
}

/// The book's pages, each with how often `needle` occurs on it, leaving out pages without it.
fn occurrences<'a>(files: &'a Files, needle: &str) -> Vec<(&'a str, usize)> {
    files
        .iter()
        .filter(|(p, _)| p.starts_with("src/"))
        .map(|(p, bytes)| (p, String::from_utf8_lossy(bytes).matches(needle).count()))
        .filter(|(_, n)| *n > 0)
        .collect()
}

#[test]
fn baseline_items_are_listed_once_on_their_page_and_counted_elsewhere() {
    let files = render(&sample_plan());
    // The anchor, i.e. the full entry, is on the baseline page only.
    for id in ["governance.model-card", "control.backup"] {
        let anchor = format!("<a id=\"{id}\"></a>");
        assert_eq!(
            occurrences(&files, &anchor),
            [("src/baseline.md", 1)],
            "{id}"
        );
    }
    // Site-specific ones stay on their section's page.
    let anchor = "<a id=\"control.segmentation\"></a>";
    assert_eq!(occurrences(&files, anchor), [("src/security.md", 1)]);
    let governance = text(&files, "src/governance.md");
    assert!(
        governance.contains("1 governance item that applies to every site is listed once, on [Applies to every site](baseline.md)."),
        "{governance}"
    );
    assert!(governance.contains("No site-specific governance checklist items."));
    let security = text(&files, "src/security.md");
    assert!(security.contains("1 control that applies to every site is listed once"));
    assert!(security.contains("1 control for this site."), "{security}");
    // The change page has no baseline item, so no note.
    assert!(!text(&files, "src/change-plan.md").contains("every site"));
    let actions = text(&files, "src/actions.md");
    assert!(actions.contains("Baseline: 2 items and controls that apply to every site ([list](baseline.md#owner-it))."), "{actions}");
    assert!(!actions.contains("#governance.model-card"));
    let baseline = text(&files, "src/baseline.md");
    assert!(
        baseline.contains("1 checklist item and 1 control, by owner role:"),
        "{baseline}"
    );
    assert!(baseline.contains("<a id=\"owner-it\"></a>"));
    assert!(text(&files, "src/SUMMARY.md").contains("[Applies to every site](baseline.md)"));
    let checklist = text(&files, "data/checklist.csv");
    assert!(checklist
        .lines()
        .any(|l| l.starts_with("governance.model-card,") && l.ends_with(",true,")));
    assert!(checklist
        .lines()
        .any(|l| l.starts_with("change.works-council,") && l.ends_with(",false,")));
}

#[test]
fn a_merged_item_says_how_many_targets_and_is_planned_at_each() {
    let files = render(&sample_plan());
    let integration = text(&files, "src/integration.md");
    assert!(
        integration.contains("· covers 2 targets, listed in `data/checklist.csv`"),
        "{integration}"
    );
    // The gap at press-07 links the merged item as work planned there.
    let readiness = text(&files, "src/data-readiness.md");
    assert!(
        readiness.contains(
            "[Record the firmware of press-07, press-09](integration.md#integration.firmware)"
        ),
        "{readiness}"
    );
    let checklist = text(&files, "data/checklist.csv");
    assert!(
        checklist
            .lines()
            .any(|l| l.starts_with("integration.firmware,")
                && l.ends_with(",false,press-07; press-09")),
        "{checklist}"
    );
}

#[test]
fn csv_cells_cannot_start_a_formula() {
    let files = render(&sample_plan());
    let checklist = text(&files, "data/checklist.csv");
    assert!(checklist
        .starts_with("id,section,phase,title,owner,owner_name,why,rule,refs,baseline,targets\n"));
    assert!(
        checklist.contains(r#","'=HYPERLINK(""http://evil"")","#),
        "{checklist}"
    );
    assert!(checklist.contains(",'-2 +1 @SUM(A1),"), "{checklist}");
    assert!(checklist.contains("IEC 62443-3-3 SR 5.1; NIST SP 800-82r3"));
    assert!(checklist.contains("Mariana Treviño"));
    let controls = text(&files, "data/controls.csv");
    assert!(
        controls.starts_with("id,title,refs,why,rule,phase,owner,owner_name,baseline,targets\n")
    );
    let raci = text(&files, "data/raci.csv");
    assert!(raci.starts_with("id,activity,phase,business,operations,it,data,change\n"));
    let gaps = text(&files, "data/gaps.csv");
    assert!(gaps.starts_with("id,topic,severity,asset,title,why,rule,phase,owner\n"));
    assert!(
        gaps.contains("\"No IT owner\n# Heading injected\""),
        "CSV keeps data as data"
    );
}

#[test]
fn plan_json_round_trips() {
    let plan = sample_plan();
    let files = render(&plan);
    let json = text(&files, "data/plan.json");
    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(parsed, serde_json::to_value(&plan).unwrap());
    assert!(parsed["business_case"]["annual_value"].is_null());
}

#[test]
fn rendering_is_deterministic_and_tidy() {
    let plan = sample_plan();
    let files = render(&plan);
    assert!(files == render(&plan), "two renders differ");
    assert_eq!(
        files.get("site.toml").unwrap(),
        b"format = 1\r\n[site]\n",
        "verbatim"
    );
    for (path, bytes) in files.iter().filter(|(p, _)| *p != "site.toml") {
        let text = std::str::from_utf8(bytes).unwrap();
        assert!(
            !text.contains('\r') || path.ends_with(".csv"),
            "{path} has CR"
        );
        assert!(
            text.ends_with('\n') && !text.ends_with("\n\n"),
            "{path} end"
        );
        assert!(
            !text.contains("/work/") && !text.contains("/home/"),
            "{path} path"
        );
    }
}

#[test]
fn book_toml_keeps_the_hostile_title_a_string() {
    let files = render(&sample_plan());
    let config: toml::Table = toml::from_str(&text(&files, "book.toml")).unwrap();
    let title = config["book"]["title"].as_str().unwrap();
    assert_eq!(title, format!("{HOSTILE_NAME} - Predictive maintenance"));
    assert_eq!(config["book"]["src"].as_str(), Some("src"));
}

fn text(files: &Files, path: &str) -> String {
    String::from_utf8(
        files
            .get(path)
            .unwrap_or_else(|| panic!("{path} missing"))
            .to_vec(),
    )
    .unwrap()
}

/// Builds the sample package with the real `mdbook` (run with `--ignored`; needs
/// `mdbook` 0.4 on PATH). Checks the build succeeds and the hostile name stays text.
#[test]
#[ignore = "needs mdbook on PATH"]
fn mdbook_builds_the_sample_package() {
    let dir = tempfile::tempdir().unwrap();
    for (path, bytes) in render_all(&sample_plan()).iter() {
        let target = dir.path().join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, bytes).unwrap();
    }
    let out = std::process::Command::new("mdbook")
        .arg("build")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(dir.path().join("book/overview.html")).unwrap();
    assert!(!html.contains("<b>") && !html.contains("root:"), "{html}");
    assert!(
        html.contains("Evil &lt;b&gt;{{#include /etc/passwd}}&lt;/b&gt; | =cmd"),
        "{html}"
    );
}

#[test]
fn template_errors_name_the_template_line_and_variable() {
    let mut tera = tera::Tera::new();
    tera.add_raw_template("src/broken.md", "# Title\n\n{{ site.nmae }}\n")
        .unwrap();
    let error = tera
        .render("src/broken.md", &tera::Context::new())
        .unwrap_err();
    let message = super::RenderError::template("src/broken.md", error).to_string();
    for part in ["src/broken.md", "site.nmae", ":3:"] {
        assert!(message.contains(part), "{part:?} missing from:\n{message}");
    }
}

/// Golden copies of every rendered page, table and `book.toml`, reviewed with
/// `cargo insta review` when a template changes.
#[test]
fn rendered_pages_match_their_snapshots() {
    let files = render_all(&sample_plan());
    for (path, bytes) in files
        .iter()
        .filter(|(p, _)| !p.ends_with(".json") && *p != "site.toml")
    {
        let name = path.replace(['/', '.'], "_");
        insta::assert_snapshot!(name, std::str::from_utf8(bytes).unwrap());
    }
}

#[test]
fn renders_an_empty_plan_with_a_computed_value() {
    let mut plan = sample_plan();
    plan.site.name = "Lyon Stamping Plant".to_string();
    plan.owners.clear();
    plan.assets.clear();
    plan.readiness.gaps.clear();
    plan.readiness.components.clear();
    plan.checklist.clear();
    plan.controls.clear();
    plan.raci.clear();
    plan.phases.clear();
    plan.problem.value_levers.clear();
    plan.business_case.assumptions[0].range = None;
    plan.business_case.annual_value = Some(Range {
        low: 120000.0,
        expected: 1234567.8,
        high: 2000000.0,
    });
    plan.business_case.payback_months = Some(5.35);
    plan.business_case.missing.clear();
    let files = render(&plan);
    let business = text(&files, "src/business-case.md");
    assert!(
        business.contains("| 120,000 EUR | 1,234,568 EUR | 2,000,000 EUR |"),
        "{business}"
    );
    assert!(business.contains("**Payback.** 5.3 months"), "{business}");
    assert!(text(&files, "README.md").contains("No blocking gaps."));
    assert!(text(&files, "src/integration.md").contains("# Integration"));
}

#[test]
fn the_book_lists_the_vocabulary_roles_and_sections() {
    use crate::vocab::{Role, Section};
    let roles: Vec<&str> = Role::CORE.iter().map(|r| r.as_str()).collect();
    assert_eq!(super::book::ROLES.to_vec(), roles);
    let sections: Vec<&str> = super::book::SECTION_PAGES.iter().map(|(s, _)| *s).collect();
    assert_eq!(sections, Section::ALL);
}

#[test]
fn a_not_applicable_plan_says_why_there_is_no_gate_and_no_value() {
    let mut plan = sample_plan();
    plan.readiness.applicable = false;
    plan.readiness.gaps.truncate(1);
    plan.phases.clear();
    plan.business_case.annual_value = None;
    let overview = text(&render(&plan), "src/overview.md");
    let business = text(&render(&plan), "src/business-case.md");
    for (page, needle) in [
        (&overview, "1 gap in all"),
        (&overview, "<span class=\"sp-card-value\">none</span><span class=\"sp-card-note\">the use case does not apply</span>"),
        (&overview, "<span class=\"sp-card-value\">not computed</span><span class=\"sp-card-note\">the use case does not apply</span>"),
        (&business, "Annual value not computed: the use case does not apply."),
    ] {
        assert!(page.contains(needle), "{needle} not in {page}");
    }
    for page in [&overview, &business] {
        assert!(!page.contains("the baseline is missing"), "{page}");
        assert!(!page.contains("the playbook defines no gate"), "{page}");
    }
}

#[test]
fn a_not_applicable_package_names_no_phase_for_its_items_and_gaps() {
    let mut plan = sample_plan();
    plan.readiness.applicable = false;
    let files = render(&plan);
    for page in [
        "src/overview.md",
        "src/actions.md",
        "src/data-readiness.md",
        "src/baseline.md",
    ] {
        let page_text = text(&files, page);
        for phrase in ["by the end of phase", "· phase:", "(phase "] {
            assert!(!page_text.contains(phrase), "{page}: {phrase}\n{page_text}");
        }
    }
    let readiness = text(&files, "src/data-readiness.md");
    assert!(
        readiness.contains("close before any phase is planned"),
        "{readiness}"
    );
    // The applicable sample keeps its phases.
    let files = render(&sample_plan());
    assert!(text(&files, "src/data-readiness.md").contains("close by the end of phase: pilot"));
}

#[test]
fn an_open_business_gap_marks_the_value_provisional_and_links_the_gap() {
    let mut plan = sample_plan();
    plan.business_case.annual_value = Some(Range {
        low: 1.0,
        expected: 2.0,
        high: 3.0,
    });
    let clean = text(&render(&plan), "src/business-case.md");
    assert!(!clean.contains("**Provisional.**"), "{clean}");
    let mut doubt = plan.readiness.gaps[0].clone();
    doubt.id = "business.energy-scope-partial".into();
    doubt.topic = "business".into();
    doubt.title = "Only part of the bill is in scope".into();
    plan.readiness.gaps.push(doubt);
    let page = text(&render(&plan), "src/business-case.md");
    assert!(
        page.contains("**Provisional.** 1 open business gap puts these figures"),
        "{page}"
    );
    assert!(
        page.contains(
            "- [Only part of the bill is in scope](data-readiness.md#business.energy-scope-partial)"
        ),
        "{page}"
    );
}
