//! `sitepack check`: valid profiles exit 0, an invalid one among several exits 1
//! with all of its errors in one run, `--format json` is one document with
//! file/line/column per error, and `--use-case` summarises readiness.

use crate::util::{example, Sandbox, AS_OF};

/// Three distinct errors: a misspelt key, an out-of-range value, a misspelt enum value.
const THREE_ERRORS: &str = r#"format = 1

[site]
id = "bad"
name = "Bad"
shifts_per_day = 9
floor_staff = 10
countyr = "FR"

[owners]

[network]
segmentation = "purdu"

[[assets]]
id = "a-1"
kind = "press"
criticality = "high"
installed = 2000
"#;

/// (line, column, key) of each error in [`THREE_ERRORS`].
const EXPECTED: [(u64, u64, &str); 3] = [
    (6, 18, "site.shifts_per_day"),
    (8, 1, "site.countyr"),
    (13, 16, "network.segmentation"),
];

#[test]
fn valid_profiles_exit_0() {
    let sb = Sandbox::new();
    // Relative paths resolve against the working directory.
    let run = sb
        .sitepack(&["check", "lyon.toml", "monterrey.toml"])
        .current_dir(example("lyon").parent().unwrap())
        .run();
    run.code(0)
        .stdout_has(&["lyon.toml: valid", "monterrey.toml: valid"]);
}

#[test]
fn an_invalid_profile_among_several_reports_all_its_errors_and_exits_1() {
    let sb = Sandbox::new();
    let bad = sb.write("bad.toml", THREE_ERRORS);
    let lyon = example("lyon");
    let run = sb
        .sitepack(&[
            "check",
            lyon.to_str().unwrap(),
            "bad.toml",
            "--as-of",
            AS_OF,
        ])
        .run();
    run.code(1)
        .stdout_has(&["lyon.toml: valid", "bad.toml: invalid (3 errors)"]);
    for (line, column, key) in EXPECTED {
        run.stderr_has(&[&format!("bad.toml:{line}:{column}"), key]);
    }
    run.stderr_has(&["did you mean `country`", "did you mean `purdue`"]);
    assert!(bad.exists());
}

#[test]
fn check_json_is_one_document_with_positions() {
    let sb = Sandbox::new();
    sb.write("bad.toml", THREE_ERRORS);
    let lyon = example("lyon");
    let run = sb
        .sitepack(&[
            "check",
            "bad.toml",
            lyon.to_str().unwrap(),
            "--format",
            "json",
            "--as-of",
            AS_OF,
        ])
        .run();
    run.code(1);
    let doc = run.json();
    run.check(doc["ok"] == false, "ok should be false");
    let profiles = doc["profiles"].as_array().expect("profiles array");
    run.check(profiles.len() == 2, "two profiles expected");
    run.check(profiles[1]["valid"] == true, "lyon should be valid");
    let errors = profiles[0]["errors"].as_array().expect("errors array");
    let got: Vec<(u64, u64, &str)> = errors
        .iter()
        .map(|e| {
            run.check(
                e["file"].as_str().is_some_and(|f| f.ends_with("bad.toml")),
                "file",
            );
            (
                e["line"].as_u64().unwrap(),
                e["column"].as_u64().unwrap(),
                e["key"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(got, EXPECTED);
}

#[test]
fn check_with_use_case_summarises_readiness() {
    let sb = Sandbox::new();
    let lyon = example("lyon");
    let run = sb
        .sitepack(&[
            "check",
            lyon.to_str().unwrap(),
            "--use-case",
            "predictive-maintenance",
            "--as-of",
            AS_OF,
        ])
        .run();
    run.code(0).stdout_has(&[
        "predictive-maintenance",
        "readiness",
        "/100",
        "blocking",
        "checklist items",
        "controls",
    ]);
    let json = sb
        .sitepack(&[
            "check",
            lyon.to_str().unwrap(),
            "--use-case",
            "predictive-maintenance",
            "--as-of",
            AS_OF,
            "--format",
            "json",
        ])
        .run();
    json.code(0);
    let doc = json.json();
    let score = &doc["profiles"][0]["plan"]["readiness"];
    json.check(
        score.as_u64().is_some_and(|s| s <= 100),
        "readiness is not a 0..=100 score",
    );
}

#[test]
fn check_unknown_use_case_or_unreadable_file_exits_2() {
    let sb = Sandbox::new();
    let lyon = example("lyon");
    sb.sitepack(&[
        "check",
        lyon.to_str().unwrap(),
        "--use-case",
        "visual-inspectoin",
    ])
    .run()
    .code(2)
    .stderr_has(&["visual-inspectoin"]);
    sb.sitepack(&["check", "missing.toml"])
        .run()
        .code(2)
        .stderr_has(&["missing.toml"]);
}

#[test]
fn free_text_over_its_limit_is_an_error_naming_key_limit_and_length() {
    let sb = Sandbox::new();
    let long_name = format!("name = \"{}\"", "n".repeat(201));
    let long_kind = format!("kind = \"{}\"", "k".repeat(4000));
    let text = THREE_ERRORS
        .replacen("name = \"Bad\"", &long_name, 1)
        .replacen("kind = \"press\"", &long_kind, 1);
    sb.write("long.toml", &text);
    let run = sb.sitepack(&["check", "long.toml", "--as-of", AS_OF]).run();
    run.code(1)
        .stdout_has(&["long.toml: invalid (5 errors)"])
        .stderr_has(&[
            "long.toml:5:8",
            "`site.name` is 201 characters long, longer than the limit of 200 characters",
            "long.toml:17:8",
            "`assets[0].kind` is 4000 characters long, longer than the limit of 200 characters",
        ]);
}
