//! `sitepack book` (the reference of a playbook stack as an mdBook, with `--since` a page
//! of changed rules) and `sitepack playbooks export DIR`, through the real executable.

use std::process::Command;

use crate::util::{mdbook_available, read, repo, Sandbox};

fn acme_repo(sb: &Sandbox) -> std::path::PathBuf {
    let from = repo().join("examples/acme-layer");
    for name in ["layer.toml", "common/acme.toml"] {
        sb.write(&format!("acme/{name}"), &read(&from.join(name)));
    }
    sb.git(&["-C", "acme", "init", "-q"]).run().code(0);
    sb.git(&["-C", "acme", "add", "-A"]).run().code(0);
    sb.git(&["-C", "acme", "commit", "-qm", "acme 2.1.0"])
        .run()
        .code(0);
    sb.git(&["-C", "acme", "tag", "v2.1.0"]).run().code(0);
    sb.join("acme")
}

#[test]
fn the_book_of_a_layered_stack_shows_origins_overrides_and_waivers_and_builds() {
    let sb = Sandbox::new();
    let layer = repo().join("examples/acme-layer");
    let run = sb
        .sitepack(&[
            "book",
            "--out",
            "book",
            "--playbooks",
            layer.to_str().unwrap(),
        ])
        .run();
    run.code(0);
    let page = read(&sb.join("book/src/predictive-maintenance.md"));
    for needle in [
        "## Layers",
        "| acme | 2.1.0 | directory acme-layer |",
        "| `min_history_months` | 9 | 6 |",
        "| changed by | acme: severity (`acme-layer/layer.toml:",
        "| `security.no-dmz` | builtin | acme | Group DMZ service covers every site (ACME-SEC-12) |",
        "### `governance.acme-asset-register`",
        "| layer | acme |",
        "Register {{ site.name }}'s pilot assets",
        "## RACI activities",
        "## Phases and gates",
        "## Business case",
    ] {
        assert!(page.contains(needle), "missing `{needle}`");
    }
    let summary = read(&sb.join("book/src/SUMMARY.md"));
    assert!(summary.contains("(predictive-maintenance.md)"), "{summary}");
    // A book of its own has no user guide beside it: no link may leave the book.
    for entry in std::fs::read_dir(sb.join("book/src")).unwrap() {
        let text = read(&entry.unwrap().path());
        assert!(!text.contains("](../"), "a link leaves the book:\n{text}");
    }
    assert!(page.contains("*Playbook format* chapter of the sitepack user guide"));
    // Writing again over its own book is fine; over anything else it refuses.
    sb.sitepack(&[
        "book",
        "--out",
        "book",
        "--playbooks",
        layer.to_str().unwrap(),
    ])
    .run()
    .code(0);
    sb.write("other/notes.txt", "mine");
    sb.sitepack(&["book", "--out", "other"]).run().code(2);
    assert_eq!(read(&sb.join("other/notes.txt")), "mine");
    if mdbook_available() {
        let built = Command::new("mdbook")
            .args(["build", "--dest-dir", "html"])
            .current_dir(sb.join("book"))
            .output()
            .expect("run mdbook");
        assert!(
            built.status.success(),
            "{}",
            String::from_utf8_lossy(&built.stderr)
        );
    }
}

#[test]
fn since_lists_exactly_the_rules_added_removed_and_changed() {
    let sb = Sandbox::new();
    let acme = acme_repo(&sb);
    let layer = read(&acme.join("layer.toml"))
        .replace("version = \"2.1.0\"", "version = \"2.2.0\"")
        .replace("min_history_months = 9", "min_history_months = 10")
        .replace("threshold = 0.7", "threshold = 0.75")
        + "\n[[disable]]\nrule = \"data.few-failures\"\nreason = \"Acme trains on group-wide failure data\"\n\
           \n[[override]]\nrule = \"data.vibration-sample-rate\"\nseverity = \"minor\"\n";
    sb.write("acme/layer.toml", &layer);
    sb.write(
        "acme/predictive-maintenance/acme.toml",
        "[[rule]]\nid = \"data.acme-oil-lab\"\nscope = \"site\"\nwhen = \"true\"\nemit = \"checklist\"\n\
         section = \"data\"\nowner = \"data\"\ntitle = \"Send oil samples to the group lab\"\nwhy = \"ACME-OIL-1.\"\n",
    );
    sb.git(&["-C", "acme", "add", "-A"]).run().code(0);
    sb.git(&["-C", "acme", "commit", "-qm", "acme 2.2.0"])
        .run()
        .code(0);
    let run = sb
        .sitepack(&[
            "book",
            "--out",
            "book",
            "--playbooks",
            acme.to_str().unwrap(),
            "--since",
            "v2.1.0",
        ])
        .run();
    run.code(0);
    let changes = read(&sb.join("book/src/changes.md"));
    let section = changes
        .split("## `predictive-maintenance`")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("a predictive-maintenance section");
    assert!(
        section.contains("+ acme 2.1.0 → predictive-maintenance"),
        "{section}"
    );
    assert!(
        section.contains("Added (1):\n\n- `data.acme-oil-lab`\n"),
        "{section}"
    );
    assert!(
        section.contains("Removed (1):\n\n- `data.few-failures`\n"),
        "{section}"
    );
    // The override changes one rule; the param the layer raised changes those that read it.
    assert!(
        section.contains(
            "Changed (2):\n\n- `data.short-history` (reads `params.min_history_months`)\n\
             - `data.vibration-sample-rate`\n"
        ),
        "{section}"
    );
    assert!(
        section.contains("Params changed (1):\n\n- `min_history_months`: 9 → 10\n"),
        "{section}"
    );
    assert!(
        section.contains(
            "- `gate pilot-proven criterion recommendation_acceptance_rate`: threshold 0.7 → 0.75\n"
        ),
        "{section}"
    );
    for other in [
        "energy-forecasting",
        "process-optimization",
        "visual-inspection",
    ] {
        let part = changes
            .split(&format!("## `{other}`"))
            .nth(1)
            .and_then(|s| s.split("\n## ").next())
            .unwrap();
        assert!(
            part.contains("Added (0): none.") && part.contains("Removed (0): none."),
            "{other}: {part}"
        );
        // Energy forecasting keeps its own value of the param the layer raised.
        if other == "energy-forecasting" {
            assert!(part.contains("Params changed (0): none."), "{part}");
        }
    }
    assert!(read(&sb.join("book/src/SUMMARY.md")).contains("[Changes since v2.1.0](changes.md)"));
}

#[test]
fn since_without_a_repository_is_a_usage_error() {
    let sb = Sandbox::new();
    let run = sb
        .sitepack(&["book", "--out", "book", "--since", "v1"])
        .run();
    run.code(2);
    run.stderr_has(&["--since compares two refs"]);
}

#[test]
fn export_writes_the_built_ins_that_load_again_and_refuses_a_non_empty_dir() {
    let sb = Sandbox::new();
    sb.sitepack(&["playbooks", "export", "std"]).run().code(0);
    for path in [
        "common/security.toml",
        "predictive-maintenance/playbook.toml",
    ] {
        assert_eq!(
            read(&sb.join("std").join(path)),
            read(&repo().join("playbooks").join(path)),
            "{path}"
        );
    }
    let listed = sb.sitepack(&["playbooks", "--playbooks", "std"]).run();
    listed.code(0);
    listed.stdout_has(&["predictive-maintenance", "energy-forecasting"]);
    let again = sb.sitepack(&["playbooks", "export", "std"]).run();
    again.code(2);
    again.stderr_has(&["is not empty"]);
}

#[test]
fn playbooks_json_holds_every_field_and_each_items_layer() {
    let sb = Sandbox::new();
    let layer = repo().join("examples/acme-layer");
    let run = sb
        .sitepack(&[
            "playbooks",
            "predictive-maintenance",
            "--playbooks",
            layer.to_str().unwrap(),
            "--format",
            "json",
        ])
        .run();
    run.code(0);
    let doc = run.json();
    assert!(doc["stack"].as_str().unwrap().ends_with(" + acme 2.1.0"));
    let rule = doc["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "data.short-history")
        .unwrap();
    for key in [
        "scope", "when", "phase", "owner", "title", "why", "refs", "file", "line", "topic",
    ] {
        assert!(rule.get(key).is_some(), "rule lacks {key}: {rule}");
    }
    assert_eq!(rule["severity"], "blocking");
    assert_eq!(rule["layer"], "builtin");
    assert_eq!(rule["changes"][0]["layer"], "acme");
    assert_eq!(rule["changes"][0]["fields"][0], "severity");
    let added = doc["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "governance.acme-asset-register")
        .unwrap();
    assert_eq!(added["layer"], "acme");
    assert_eq!(doc["params"]["min_history_months"]["value"], 9);
    assert_eq!(doc["params"]["min_history_months"]["default"], 6);
    assert_eq!(doc["disabled"][0]["rule"], "security.no-dmz");
    let raci = &doc["raci"][0];
    assert!(
        raci["letters"].is_object() && raci["layer"] == "builtin",
        "{raci}"
    );
    let gate = &doc["phases"][0]["gate"];
    assert!(
        gate["accountable"].is_string() && gate["criteria"][0]["metric"].is_string(),
        "{gate}"
    );
    for key in [
        "formula",
        "value",
        "factor",
        "pilot_cost",
        "scale_cost",
        "assumptions",
    ] {
        assert!(
            doc["business_case"].get(key).is_some(),
            "business case lacks {key}"
        );
    }
}
