//! Renders a hand-built, partly hostile [`Plan`] and checks the whole package:
//! paths, escaping, CSV formula guards, JSON round trip, determinism.

use super::Renderer;
use crate::files::Files;
use crate::plan::*;

const HOSTILE_NAME: &str = "Evil <b>{{#include /etc/passwd}}</b> | =cmd";

fn s(text: &str) -> String {
    text.to_string()
}

fn owner(role: &str, name: Option<&str>) -> OwnerAssignment {
    OwnerAssignment {
        role: s(role),
        name: s(name.unwrap_or("UNASSIGNED")),
        contact: name.map(|_| s("lead@example.com")),
        assigned: name.is_some(),
    }
}

fn item(id: &str, section: &str, phase: &str, title: &str, why: &str) -> ChecklistItem {
    ChecklistItem {
        id: s(id),
        section: s(section),
        phase: s(phase),
        title: s(title),
        owner: s("it"),
        owner_name: s("Mariana Treviño"),
        why: s(why),
        rule: s(id.rsplit_once('.').map_or(id, |(r, _)| r)),
        refs: vec![s("IEC 62443-3-3 SR 5.1"), s("NIST SP 800-82r3")],
        asset: Some(s("press-07")),
    }
}

fn gap(id: &str, severity: Severity, why: &str) -> Gap {
    Gap {
        id: s(id),
        topic: s("data"),
        severity,
        asset: Some(s("press-07")),
        title: s("Vibration history too short"),
        why: s(why),
        rule: s("data.history"),
        phase: s("pilot"),
        owner: s("data"),
    }
}

fn assets() -> Vec<AssetSummary> {
    vec![AssetSummary {
        id: s("press-07"),
        name: s("Hydraulic press 7 **loud**"),
        kind: s("hydraulic-press"),
        criticality: s("high"),
        installed: 1996,
        age_years: 30,
        in_scope: true,
        controller: s("Siemens S7-300 (s7comm, profinet)"),
        sensors: vec![s("vibration"), s("temperature")],
    }]
}

fn readiness() -> Readiness {
    Readiness {
        score: 42,
        components: vec![ReadinessComponent {
            topic: s("data"),
            weight: 0.4,
            score: 30,
            blocking: 1,
            major: 1,
            minor: 0,
        }],
        gaps: vec![
            gap(
                "gap.owner.it",
                Severity::Blocking,
                "No IT owner\n# Heading injected",
            ),
            gap(
                "data.history.press-07",
                Severity::Major,
                "press-07 has 2 months of history; 6 needed",
            ),
        ],
    }
}

fn checklist() -> Vec<ChecklistItem> {
    vec![
        item(
            "integration.gateway.press-07",
            "integration",
            "pilot",
            "Install a protocol gateway for press-07",
            "press-07 is 30 years old and speaks only s7comm, profinet",
        ),
        item(
            "data.export.sap",
            "data",
            "scale",
            "=HYPERLINK(\"http://evil\")",
            "-2 +1 @SUM(A1)",
        ),
        item(
            "security.remote.vendor",
            "security",
            "pilot",
            "Close vendor-direct access",
            "[link](javascript:x)",
        ),
        item(
            "governance.model-card",
            "governance",
            "production",
            "Write the model card",
            "<script>x</script>",
        ),
        item(
            "change.works-council",
            "change",
            "pilot",
            "Inform the works council",
            "Law requires it",
        ),
    ]
}

fn change_plan() -> ChangePlan {
    ChangePlan {
        stakeholders: vec![Stakeholder {
            id: s("operators"),
            group: s("Press operators"),
            size: Some(120),
            concerns: s("Job security | workload"),
            engagement: s("Involve in pilot"),
            why: s("floor_staff = 140"),
        }],
        training: vec![Training {
            id: s("training.operators"),
            title: s("Reading the alerts"),
            audience: s("operators"),
            people: 120,
            sessions: 10,
            hours_per_person: 2.5,
            languages: vec![s("fr"), s("en")],
            phase: s("pilot"),
            why: s("12 per session"),
        }],
        communications: vec![Communication {
            id: s("comms.kickoff"),
            phase: s("pilot"),
            audience: s("all staff"),
            channel: s("shift briefing"),
            message: s("What changes and what does not"),
            owner: s("change"),
        }],
        adoption_kpis: vec![AdoptionKpi {
            id: s("kpi.acceptance"),
            metric: s("alert acceptance rate"),
            definition: s("accepted / raised alerts"),
            op: s(">="),
            target: 0.7,
            unit: s("ratio"),
        }],
    }
}

fn business_case() -> BusinessCase {
    BusinessCase {
        currency: s("EUR"),
        formula: s("downtime_hours x cost_per_hour x reduction"),
        annual_value: None,
        cost: Cost {
            pilot: 150000.0,
            scale: 400000.0,
        },
        payback_months: None,
        missing: vec![s("unplanned_downtime_hours"), s("downtime_cost_per_hour")],
        assumptions: vec![Assumption {
            id: s("downtime-reduction"),
            text: s("Unplanned downtime falls by 30-50%"),
            range: Some(Range {
                low: 0.3,
                expected: 0.4,
                high: 0.5,
            }),
            unit: s("ratio"),
            source: s("Practitioner reports"),
            grade: s("H"),
        }],
    }
}

fn phases() -> Vec<Phase> {
    let criterion = |metric: &str, threshold| Criterion {
        metric: s(metric),
        op: s(">="),
        threshold,
        unit: s("ratio"),
        kind: s("value"),
        evidence: s("CMMS report"),
    };
    ["pilot", "scale", "production"]
        .iter()
        .map(|id| Phase {
            id: s(id),
            title: format!("Phase {id}"),
            goal: s("Prove value on one line"),
            gate: Gate {
                id: format!("gate.{id}"),
                title: s("Value proven"),
                accountable: s("business"),
                accountable_name: s(HOSTILE_NAME),
                criteria: vec![
                    criterion("downtime reduction", None),
                    criterion("precision", Some(0.8)),
                ],
            },
        })
        .collect()
}

/// A realistic plan with a hostile site name and no annual value.
pub fn sample_plan() -> Plan {
    Plan {
        format: PLAN_FORMAT,
        site: SiteRef {
            id: s("lyon"),
            name: s(HOSTILE_NAME),
            company: Some(s("Acme & Co")),
            country: None,
        },
        use_case: UseCaseRef {
            id: s("predictive-maintenance"),
            title: s("Predictive maintenance"),
        },
        playbook: PlaybookRef {
            id: s("predictive-maintenance"),
            version: s("1.0.0"),
            digest: s("sha256:abc"),
        },
        as_of: s("2026-11-26"),
        owners: vec![
            owner("business", Some(HOSTILE_NAME)),
            owner("operations", Some("Paul Roche")),
            owner("it", None),
            owner("data", Some("Mariana Treviño")),
            owner("change", Some("Sophie Blanc")),
        ],
        assets: assets(),
        readiness: readiness(),
        checklist: checklist(),
        controls: vec![Control {
            id: s("control.segmentation"),
            title: s("Segment IT from OT"),
            refs: vec![s("IEC 62443-3-3 SR 5.1"), s("NIST SP 800-53 SC-7")],
            why: s("network.segmentation = \"flat\""),
            rule: s("control.segmentation"),
            phase: s("pilot"),
            owner: s("it"),
            owner_name: s("UNASSIGNED"),
        }],
        raci: vec![RaciRow {
            id: s("raci.model-ops"),
            activity: s("Run the model | daily"),
            phase: s("production"),
            business: s("A"),
            operations: s("R"),
            it: s("C"),
            data: s("A/R"),
            change: s(""),
        }],
        change_plan: change_plan(),
        business_case: business_case(),
        phases: phases(),
        problem: Problem {
            statement: s("Unplanned stops cost money."),
            value_levers: vec![s("Fewer unplanned stops"), s("1. Longer asset life")],
        },
        security_level_target: SecurityLevel {
            target: 2,
            source: s("profile"),
        },
    }
}

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
    "data/plan.json",
    "data/checklist.csv",
    "data/raci.csv",
    "data/controls.csv",
    "data/gaps.csv",
    "site.toml",
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
fn markdown_holds_no_live_html_or_mdbook_directive() {
    let files = render(&sample_plan());
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
        assert!(book.contains(&format!("**{}**", i.id)), "{}", i.id);
        assert!(book.contains(&format!("Rule: {}", i.rule)), "{}", i.rule);
    }
    for g in &plan.readiness.gaps {
        assert!(book.contains(&format!("**{}**", g.id)), "{}", g.id);
    }
    assert!(book.contains("integration.gateway.press-07"));
    assert!(book.contains("**needs baseline**"));
    let business = text(&files, "src/business-case.md");
    assert!(
        business.contains("**Not computed.**") && business.contains(r"unplanned\_downtime\_hours")
    );
}

#[test]
fn csv_cells_cannot_start_a_formula() {
    let files = render(&sample_plan());
    let checklist = text(&files, "data/checklist.csv");
    assert!(checklist.starts_with("id,section,phase,title,owner,owner_name,why,rule,refs\n"));
    assert!(
        checklist.contains(r#","'=HYPERLINK(""http://evil"")","#),
        "{checklist}"
    );
    assert!(checklist.contains(",'-2 +1 @SUM(A1),"), "{checklist}");
    assert!(checklist.contains("IEC 62443-3-3 SR 5.1; NIST SP 800-82r3"));
    assert!(checklist.contains("Mariana Treviño"));
    let controls = text(&files, "data/controls.csv");
    assert!(controls.starts_with("id,title,refs,why,rule,phase,owner,owner_name\n"));
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
    for (path, bytes) in render(&sample_plan()).iter() {
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
