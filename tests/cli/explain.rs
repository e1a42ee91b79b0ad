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
