//! `sitepack playbooks` and `sitepack explain`: listing and describing use cases,
//! tracing an item to its rule, file:line and fact values, and unknown ids.

use crate::util::{example, Sandbox, AS_OF, USE_CASES};

#[test]
fn playbooks_lists_the_four_use_cases() {
    let sb = Sandbox::new();
    let run = sb.sitepack(&["playbooks"]).run();
    run.code(0).stdout_has(&USE_CASES);
    let listed = run.stdout.lines().filter(|l| !l.trim().is_empty()).count();
    run.check(listed == 4, "expected exactly four playbooks");
}

#[test]
fn playbooks_describes_one() {
    let sb = Sandbox::new();
    let run = sb.sitepack(&["playbooks", "predictive-maintenance"]).run();
    run.code(0).stdout_has(&[
        "Predictive maintenance",
        "version",
        "digest  sha256:",
        "playbook.toml",
    ]);
    sb.sitepack(&["playbooks", "predictive-maintenanse"])
        .run()
        .code(2)
        .stderr_has(&["did you mean `predictive-maintenance`"]);
}

#[test]
fn explain_shows_rule_location_and_facts() {
    let sb = Sandbox::new();
    let lyon = example("lyon");
    let run = sb
        .sitepack(&[
            "explain",
            lyon.to_str().unwrap(),
            "--use-case",
            "predictive-maintenance",
            "--as-of",
            AS_OF,
        ])
        .run();
    run.code(0).stdout_has(&[
        "integration.legacy-readonly.press-07",
        "rule:  integration.legacy-readonly (playbooks/predictive-maintenance/playbook.toml",
        "fact:  asset.controller.age_years = 30",
        "why:",
    ]);
}

#[test]
fn explain_one_id() {
    let sb = Sandbox::new();
    let lyon = example("lyon");
    let id = "integration.legacy-readonly.press-07";
    let run = sb
        .sitepack(&[
            "explain",
            lyon.to_str().unwrap(),
            "--use-case",
            "predictive-maintenance",
            id,
            "--as-of",
            AS_OF,
        ])
        .run();
    run.code(0)
        .stdout_has(&[id, "fact:  asset.controller.family = \"s7-300\""]);
    run.check(!run.stdout.contains(".hpu-02 ("), "explained other ids too");
    let json = sb
        .sitepack(&[
            "explain",
            lyon.to_str().unwrap(),
            "--use-case",
            "predictive-maintenance",
            id,
            "--as-of",
            AS_OF,
            "--format",
            "json",
        ])
        .run();
    json.code(0);
    let doc = json.json();
    json.check(
        doc.as_array()
            .is_some_and(|a| a.len() == 1 && a[0]["id"] == id),
        "one entry expected",
    );
}

#[test]
fn explain_unknown_id_exits_2_with_a_suggestion() {
    let sb = Sandbox::new();
    let lyon = example("lyon");
    let run = sb
        .sitepack(&[
            "explain",
            lyon.to_str().unwrap(),
            "--use-case",
            "predictive-maintenance",
            "integration.legacy-readonly.press-7",
            "--as-of",
            AS_OF,
        ])
        .run();
    run.code(2).stderr_has(&[
        "integration.legacy-readonly.press-7",
        "did you mean `integration.legacy-readonly.press-07`",
    ]);
    run.check(run.stdout.is_empty(), "stdout should be empty");
}

fn explain_lyon(args: &[&str]) -> crate::util::Run {
    let sb = Sandbox::new();
    let lyon = example("lyon");
    let mut full = vec![
        "explain",
        lyon.to_str().unwrap(),
        "--use-case",
        "predictive-maintenance",
        "--as-of",
        AS_OF,
    ];
    full.extend_from_slice(args);
    sb.sitepack(&full).run()
}

#[test]
fn explain_a_rule_that_did_not_fire_shows_the_false_parts_and_their_facts() {
    let run = explain_lyon(&["integration.s7-driver"]);
    run.code(0).stdout_has(&[
        "integration.s7-driver (rule: fired on 1 of 3 targets)",
        "when:  asset.in_scope && 's7comm' in asset.protocols",
        "asset press-07: fired, see `integration.s7-driver.press-07`",
        "asset hpu-02: did not fire\n    false: 's7comm' in asset.protocols\n    fact:  asset.protocols = [\"modbus-tcp\"]\n",
    ]);
    run.check(
        !run.stdout.contains("param:"),
        "a rule that reads no param shows one",
    );
    // A rule that reads a param shows it with its value, beside the false parts.
    let history = explain_lyon(&["data.short-history"]);
    history.code(0).stdout_has(&[
        "  when:  asset.in_scope && sensor.history_known && sensor.history_months < params.min_history_months",
        "  param: min_history_months = 6 (the default; default 6)\n",
    ]);
    let doc = explain_lyon(&["data.short-history", "--format", "json"])
        .code(0)
        .json();
    assert_eq!(doc[0]["params"][0]["name"], "min_history_months");
    assert_eq!(doc[0]["params"][0]["value"], "6");
    // One target, as an item id would name it; the true part is not listed.
    let one = explain_lyon(&["integration.s7-driver.press-09"]);
    one.code(0).stdout_has(&[
        "(rule: fired on 0 of 1 targets)",
        "asset press-09: did not fire",
        "false: !('opc-ua' in asset.protocols)",
    ]);
    one.check(!one.stdout.contains("hpu-02"), "other targets shown");
    one.check(
        !one.stdout.contains("false: asset.in_scope"),
        "a true part is listed as false",
    );
    // Lists of records read as their ids; the output is the same on every run.
    let site = explain_lyon(&["data.no-condition-data"]);
    site.code(0).stdout_has(&[
        "site: did not fire",
        "fact:  site.assets = [press-07, press-09, hpu-02] (3 records)",
    ]);
    site.check(
        explain_lyon(&["data.no-condition-data"]).stdout == site.stdout,
        "unstable output",
    );
    let json = explain_lyon(&["integration.s7-driver.hpu-02", "--format", "json"]);
    let doc = json.code(0).json();
    json.check(
        doc[0]["targets"][0]["false_parts"][0] == "'s7comm' in asset.protocols"
            && doc[0]["targets"][0]["fired"].is_null(),
        "json shape",
    );
}

#[test]
fn explain_an_unknown_rule_suggests_the_nearest_rule_and_exits_2() {
    let run = explain_lyon(&["data.no-conditon-data"]);
    run.code(2)
        .stderr_has(&["did you mean `data.no-condition-data`"]);
    run.check(run.stdout.is_empty(), "stdout should be empty");
    // A rule of the playbook with a target the site does not have.
    explain_lyon(&["integration.s7-driver.press-99"])
        .code(2)
        .stderr_has(&["integration.s7-driver.press-99"]);
}

#[test]
fn explain_a_rule_a_layer_disabled_names_the_layer_and_its_reason() {
    let layer = crate::util::repo().join("examples/acme-layer");
    let run = explain_lyon(&["security.no-dmz", "--playbooks", layer.to_str().unwrap()]);
    run.code(0).stdout_has(&[
        "security.no-dmz (rule, disabled: not in any plan)",
        "disabled by layer acme: Group DMZ service covers every site (ACME-SEC-12)",
    ]);
}

#[test]
fn explain_a_merged_rule_by_its_old_per_target_id_points_to_the_merged_item() {
    // `security.opc-ua` merges: the item is `security.opc-ua`, not `security.opc-ua.press-09`.
    let old = explain_lyon(&["security.opc-ua.press-09"]);
    old.code(0)
        .stdout_has(&["asset press-09: fired, see `security.opc-ua`\n"]);
    let merged = explain_lyon(&["security.opc-ua"]);
    merged.code(0).stdout_has(&[
        "security.opc-ua (control)",
        "on the OPC UA servers of press-09;",
        "fact:  press-09: asset.protocols = [\"opc-ua\",\"profinet\"]",
    ]);
}

#[test]
fn a_rule_that_fired_in_a_not_applicable_plan_says_why_it_is_not_there() {
    let sb = Sandbox::new();
    let lyon = example("lyon");
    let run = sb
        .sitepack(&[
            "explain",
            lyon.to_str().unwrap(),
            "--use-case",
            "visual-inspection",
            "ownership.missing",
            "--as-of",
            AS_OF,
        ])
        .run();
    run.code(0).stdout_has(&[
        "owner change: fired",
        "not in the plan: the use case does not apply to this site as described (No camera in scope",
    ]);
}
