//! `sitepack gate`: whole gates on a package (criteria alone: `src/gate/tests.rs`).

use super::*;
use crate::command::testkit::{Package, LYON};

#[test]
fn the_next_gate_fails_until_kpis_and_items_are_done() {
    let pkg = Package::render(LYON);
    let output = run(&pkg.options()).unwrap();
    assert_eq!(output.code, 1);
    let doc: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    let gate = &doc["gate"];
    assert_eq!(gate["passed"], false);
    let states: Vec<&str> = gate["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["state"].as_str().unwrap())
        .collect();
    assert!(
        states.contains(&"lacking-data") && states.contains(&"not-met"),
        "{states:?}"
    );
}

/// Lyon with its change owner named and press-07's vibration sensor fitted:
/// the plan then has every owner and no blocking data gap.
fn lyon_ready() -> String {
    LYON.replace(
        "# no change owner named yet",
        "change = { name = \"Sophie Blanc\" }",
    )
    .replacen(
        "[[assets.sensors]]\nkind = \"temperature\"",
        "[[assets.sensors]]\nkind = \"vibration\"\nsample_hz = 25600.0\nhistory_months = 30\nstored_in = \"pi\"\n\n[[assets.sensors]]\nkind = \"temperature\"",
        1,
    )
}

#[test]
fn a_typed_value_cannot_pass_a_gate_the_plan_contradicts() {
    // Without press-07's pressure signal its missing vibration is a blocking data gap.
    let blocked = LYON.replacen(
        "[[assets.sensors]]\nkind = \"pressure\"\nsample_hz = 1.0\nhistory_months = 30\nstored_in = \"pi\"\n",
        "",
        1,
    );
    assert_ne!(blocked, LYON);
    let pkg = Package::render(&blocked);
    pkg.write(
        "progress.toml",
        "[kpis]\nblocking_data_gaps_open = 0\nowners_named = 5\n",
    );
    let options = PackageOptions {
        gate: Some("pilot-ready".into()),
        format: crate::Format::Text,
        ..pkg.options()
    };
    let output = run(&options).unwrap();
    assert_eq!(output.code, 1, "{}", output.stdout);
    for metric in ["blocking_data_gaps_open", "owners_named"] {
        let line = output.stdout.lines().find(|l| l.contains(metric)).unwrap();
        assert!(
            line.contains("not met") && line.contains("the plan computes"),
            "{line}"
        );
    }
}

#[test]
fn a_gate_passes_when_every_criterion_and_item_is_done() {
    let ready = lyon_ready();
    let pkg = Package::render(&ready);
    let plan: serde_json::Value = serde_json::from_str(&pkg.read("data/plan.json")).unwrap();
    let phase = &plan["phases"][0];
    let mut progress = String::from("[kpis]\n");
    for c in phase["gate"]["criteria"].as_array().unwrap() {
        let value = c["threshold"]
            .as_f64()
            .expect("the first gate has thresholds");
        progress.push_str(&format!("{} = {value:?}\n", c["metric"].as_str().unwrap()));
    }
    let phase_id = phase["id"].as_str().unwrap();
    for list in ["checklist", "controls"] {
        for item in plan[list].as_array().unwrap() {
            if item["phase"] == phase_id {
                let id = item["id"].as_str().unwrap();
                progress.push_str(&format!("[items.\"{id}\"]\nstatus = \"done\"\n"));
            }
        }
    }
    pkg.write("progress.toml", &progress);
    let options = PackageOptions {
        gate: Some(phase["gate"]["id"].as_str().unwrap().into()),
        format: crate::Format::Text,
        ..pkg.options()
    };
    let output = run(&options).unwrap();
    assert_eq!(output.code, 0, "{}", output.stdout);
    assert!(output.stdout.contains(": passed"), "{}", output.stdout);
}

#[test]
fn an_unknown_gate_is_a_usage_error() {
    let pkg = Package::render(LYON);
    let options = PackageOptions {
        gate: Some("no-such-gate".into()),
        ..pkg.options()
    };
    let error = run(&options).unwrap_err();
    assert_eq!(error.exit_code(), 2);
}

#[test]
fn report_summarises_every_gate_and_exits_0_when_the_gate_fails() {
    let pkg = Package::render(LYON);
    let text = PackageOptions {
        report: true,
        format: crate::Format::Text,
        ..pkg.options()
    };
    let output = run(&text).unwrap();
    assert_eq!(output.code, 0, "{}", output.stdout);
    let plan: serde_json::Value = serde_json::from_str(&pkg.read("data/plan.json")).unwrap();
    let phases = plan["phases"].as_array().unwrap();
    assert!(
        output.stdout.starts_with("## Gates of Lyon Stamping Plant"),
        "{}",
        output.stdout
    );
    for phase in phases {
        let gate = phase["gate"]["id"].as_str().unwrap();
        assert!(
            output.stdout.contains(&format!("| {gate} (")),
            "{gate}: {}",
            output.stdout
        );
    }
    assert!(
        output.stdout.contains("| not passed |")
            && output.stdout.contains("- not met: phase\\_items\\_done"),
        "{}",
        output.stdout
    );
    let json = run(&PackageOptions {
        report: true,
        ..pkg.options()
    })
    .unwrap();
    assert_eq!(json.code, 0);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(
        (doc["ok"].as_bool(), doc["report"].as_bool()),
        (Some(false), Some(true))
    );
    assert_eq!(doc["gates"].as_array().unwrap().len(), phases.len());
    assert_eq!(
        run(&pkg.options()).unwrap().code,
        1,
        "without --report the check still fails"
    );
}

#[test]
fn a_use_case_that_does_not_apply_has_no_gate_to_pass() {
    let pkg = Package::render(&LYON.replace("[[assets]]", "[[assets]]\nin_scope = false"));
    let output = run(&pkg.options()).unwrap();
    assert_eq!(output.code, 1, "{}", output.stdout);
    let doc: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    assert_eq!((&doc["ok"], &doc["gate"]), (&json!(false), &json!(null)));
    let reasons = doc["not_applicable"].as_array().unwrap();
    assert!(
        reasons[0]
            .as_str()
            .unwrap()
            .contains("No asset is in scope"),
        "{doc}"
    );
    let report = PackageOptions {
        report: true,
        format: Format::Text,
        ..pkg.options()
    };
    let output = run(&report).unwrap();
    assert_eq!(output.code, 0);
    assert!(
        output
            .stdout
            .starts_with("no gate: Predictive maintenance does not apply"),
        "{}",
        output.stdout
    );
}
