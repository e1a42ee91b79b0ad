//! "Data stays data": a profile full of Markdown, HTML, mdBook directives, Tera
//! syntax and spreadsheet formulas renders, and every value lands inert in the
//! Markdown, the CSV files, plan.json and the built HTML.

use crate::util::{mdbook_available, read, tree, Sandbox};

const SITE_NAME: &str = "<script>alert(1)</script> **x** {{#include /etc/passwd}} | =cmd {{ 7*7 }}";

const HOSTILE: &str = r#"format = 1

[site]
id = "hostile"
name = "<script>alert(1)</script> **x** {{#include /etc/passwd}} | =cmd {{ 7*7 }}"
company = "=HYPERLINK(\"http://x\")"
shifts_per_day = 2
floor_staff = 12

[owners]
business = { name = "Eve | Mallory\n# heading\n- item", contact = "=cmd|' /C calc'!A0" }
operations = { name = "+SUM(A1)" }
it = { name = "@cmd" }
data = { name = "-1" }
change = { name = "{{ 7*7 }} {% raw %}x{% endraw %}" }

[network]
segmentation = "flat"

[[systems]]
id = "hist"
kind = "historian"
product = "[a](javascript:x) <img src=x onerror=alert(2)>"
interfaces = ["opc-ua"]

[[assets]]
id = "a-1"
name = "[a](javascript:x) =HYPERLINK(\"http://x\")"
kind = "+SUM(A1) <script>alert(3)</script>"
line = "@cmd | -1 {{#include ../../../../etc/passwd}}"
criticality = "high"
installed = 1990
downtime_hours_per_year = 10.0
controller = { vendor = "=1+1", model = "{{ 7*7 }}", protocols = ["s7comm"] }

[[assets.sensors]]
kind = "vibration"
sample_hz = 1000.0
history_months = 2
stored_in = "hist"

[[assets]]
id = "a-2"
name = "-1"
kind = "\r\n=cmd"
criticality = "low"
installed = 2020
"#;

fn assert_inert_markdown(path: &str, text: &str) {
    assert!(!text.contains("<script"), "{path}: raw <script>");
    assert!(!text.contains("<img"), "{path}: raw <img>");
    for (at, _) in text.match_indices("](javascript:") {
        assert!(
            at > 0 && &text[at - 1..at] == "\\",
            "{path}: a live javascript: link at byte {at}"
        );
    }
    for (at, _) in text.match_indices("{{#include") {
        assert!(
            at > 0 && &text[at - 1..at] == "\\",
            "{path}: unescaped {{{{#include at byte {at}"
        );
    }
    assert!(
        !text.contains("{{ 7*7 }}"),
        "{path}: live Tera/mdBook braces"
    );
    assert!(
        !text.contains(" 49 "),
        "{path}: `{{{{ 7*7 }}}}` was evaluated"
    );
    for line in text.lines() {
        let t = line.trim_start();
        assert!(
            !t.starts_with("# heading") && !t.starts_with("- item"),
            "{path}: a newline in a value started a block: {line:?}"
        );
    }
    assert_tables_keep_their_columns(path, text);
}

/// Every row of a Markdown table has as many unescaped `|` as its first row.
fn assert_tables_keep_their_columns(path: &str, text: &str) {
    let pipes = |line: &str| {
        let b = line.as_bytes();
        (0..b.len())
            .filter(|&i| b[i] == b'|' && (i == 0 || b[i - 1] != b'\\'))
            .count()
    };
    let mut expected = None;
    for line in text.lines() {
        if line.starts_with('|') {
            let n = pipes(line);
            let want = *expected.get_or_insert(n);
            assert_eq!(
                n, want,
                "{path}: a row with {n} separators in a table of {want}: {line}"
            );
        } else {
            expected = None;
        }
    }
}

#[test]
fn hostile_profile_renders_inert_everywhere() {
    let sb = Sandbox::new();
    let site = sb.write("hostile.toml", HOSTILE);
    sb.render(&site, "predictive-maintenance", "pkg", &[]);
    let files = tree(&sb.join("pkg"));
    let mut markdown = 0;
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        if path.ends_with(".md") {
            markdown += 1;
            assert_inert_markdown(path, &text);
        }
        if path.ends_with(".csv") {
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(bytes.as_slice());
            for record in reader.records() {
                let record = record.unwrap_or_else(|e| panic!("{path}: bad CSV: {e}"));
                for cell in &record {
                    assert!(
                        !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                        "{path}: formula cell {cell:?}"
                    );
                }
            }
        }
    }
    assert!(markdown >= 3, "too few Markdown files rendered");
    let book: String = files
        .iter()
        .filter(|(p, _)| p.ends_with(".md"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect();
    // Template syntax in data is printed, never evaluated.
    assert!(
        book.contains("7\\*7"),
        "the `{{{{ 7*7 }}}}` text vanished from the book"
    );
    assert!(
        !book.contains("{% raw %}"),
        "Tera raw tags survived unescaped"
    );

    let plan: serde_json::Value =
        serde_json::from_str(&read(&sb.join("pkg/data/plan.json"))).expect("plan.json parses");
    assert_eq!(
        plan["site"]["name"], SITE_NAME,
        "plan.json must hold the raw site name"
    );
    let raw = read(&sb.join("pkg/data/plan.json"));
    for needle in ["[a](javascript:x)", "+SUM(A1)", "@cmd"] {
        assert!(raw.contains(needle), "plan.json lacks the raw {needle:?}");
    }
    let checklist = read(&sb.join("pkg/data/checklist.csv"));
    assert!(
        checklist.contains(",'+SUM(A1),") && checklist.contains(",'@cmd,"),
        "owner names are not neutralised in checklist.csv"
    );
    let names: Vec<&str> = plan["owners"]
        .as_array()
        .expect("owners")
        .iter()
        .filter_map(|o| o["name"].as_str())
        .collect();
    assert!(
        names.contains(&"Eve | Mallory\n# heading\n- item"),
        "plan.json lacks the raw owner name: {names:?}"
    );

    if mdbook_available() {
        let dest = sb.join("html");
        let run = sb
            .cmd(
                "mdbook",
                &["build", "pkg", "--dest-dir", dest.to_str().unwrap()],
            )
            .run();
        run.code(0);
        for (path, bytes) in tree(&dest) {
            if path.ends_with(".html") {
                let html = String::from_utf8_lossy(&bytes);
                run.check(
                    !html.contains("<script>alert"),
                    &format!("{path}: <script>alert in the HTML"),
                );
                run.check(
                    !html.contains("<img src=x onerror=alert"),
                    &format!("{path}: a live <img onerror> in the HTML"),
                );
                run.check(
                    !html.contains("root:x:0"),
                    &format!("{path}: /etc/passwd was included"),
                );
            }
        }
    }
}

#[test]
fn hostile_text_is_the_same_with_and_without_git() {
    let sb = Sandbox::new();
    let site = sb.write("hostile.toml", HOSTILE);
    sb.render(&site, "predictive-maintenance", "a", &[]);
    sb.render(&site, "predictive-maintenance", "b", &["--no-git"]);
    assert_eq!(tree(&sb.join("a")), tree(&sb.join("b")));
}
