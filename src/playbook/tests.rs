//! Playbook loading: a minimal valid playbook, and one broken playbook per kind of error.

use super::*;

const COMMON: &str = r#"
[readiness]
weights = { data = 1.0, security = 1.0 }
penalty = { blocking = 40, major = 15, minor = 5 }

[[phase]]
id = "pilot"
title = "Pilot"
goal = "Prove it."
[phase.gate]
id = "pilot-proven"
title = "Pilot proven"
accountable = "business"
[[phase.gate.criteria]]
metric = "downtime_hours"
op = "<="
threshold = "baseline.unplanned_downtime_hours * 0.9"
requires = ["unplanned_downtime_hours"]
unit = "h/yr"
kind = "value"
evidence = "CMMS"

[[raci]]
id = "run-pilot"
activity = "Run the pilot"
phase = "pilot"
operations = "A/R"
data = "C"
"#;

const USE_CASE: &str = r#"
id = "demo"
title = "Demo"
version = "1.0.0"
summary = "A demo."
[problem]
statement = "Stops."
value_levers = ["Fewer stops"]

[business_case]
formula = "hours x cost x factor"
value = "baseline.unplanned_downtime_hours * baseline.downtime_cost_per_hour * factor"
requires = ["unplanned_downtime_hours", "downtime_cost_per_hour"]
factor = { low = 0.1, expected = 0.2, high = 0.3 }
factor_text = "Share avoided"
factor_source = "Assumption"
factor_grade = "A"
pilot_cost = "10000.0 * double(site.in_scope_assets)"
scale_cost = "5000.0"
cost_source = "Assumption"
cost_grade = "A"

[[rule]]
id = "integration.gateway"
scope = "asset"
when = "asset.age_years >= 20"
emit = "checklist"
section = "integration"
phase = "pilot"
owner = "it"
title = "Gateway for {{ asset.id }}"
why = "{{ asset.id }} is {{ asset.age_years }} years old"
"#;

fn files(use_case: &str, common: &str) -> Vec<SourceFile> {
    vec![
        SourceFile {
            path: "demo/playbook.toml".into(),
            display: "demo/playbook.toml".into(),
            text: use_case.into(),
            layer: "builtin".into(),
        },
        SourceFile {
            path: "common/a.toml".into(),
            display: "common/a.toml".into(),
            text: common.into(),
            layer: "builtin".into(),
        },
    ]
}

/// The errors of compiling the demo playbook, or of probing it when it compiles
/// (a misspelt fact is caught only by the probe, which lives in `plan`).
fn errors_of(use_case: &str, common: &str) -> Vec<PlaybookError> {
    match compile("demo", &files(use_case, common)) {
        Err(PlaybookErrors::Invalid { errors, .. }) => errors,
        Err(other) => panic!("unexpected {other}"),
        Ok(p) => {
            let errors = crate::plan::probe::try_all(&p);
            assert!(!errors.is_empty(), "expected errors");
            errors
        }
    }
}

#[test]
fn a_rule_is_baseline_only_at_site_scope_with_a_condition_that_reads_nothing() {
    for (scope, when, emit, baseline) in [
        (
            "site",
            "true",
            "emit = \"control\"\nrefs = [\"IEC 62443-3-3 SR 5.1\"]",
            true,
        ),
        (
            "site",
            "1 < 2",
            "emit = \"checklist\"\nsection = \"data\"",
            true,
        ),
        (
            "site",
            "site.shifts_per_day >= 3",
            "emit = \"control\"\nrefs = [\"IEC 62443-3-3 SR 5.1\"]",
            false,
        ),
        (
            "site",
            "true || site.shifts_per_day >= 3",
            "emit = \"control\"\nrefs = [\"IEC 62443-3-3 SR 5.1\"]",
            false,
        ),
        (
            "asset",
            "true",
            "emit = \"control\"\nrefs = [\"IEC 62443-3-3 SR 5.1\"]",
            false,
        ),
        (
            "site",
            "true",
            "emit = \"gap\"\ntopic = \"data\"\nseverity = \"minor\"",
            false,
        ),
    ] {
        let rule = format!(
            "[[rule]]\nid = \"security.x\"\nscope = \"{scope}\"\nwhen = \"{when}\"\n{emit}\nphase = \"pilot\"\nowner = \"it\"\ntitle = \"T\"\nwhy = \"W\"\n"
        );
        let p = compile("demo", &files(&format!("{USE_CASE}\n{rule}"), COMMON)).unwrap();
        let got = p.rules.iter().find(|r| r.id == "security.x").unwrap();
        assert_eq!(got.is_baseline(), baseline, "{scope} {when} {emit}");
    }
}

#[test]
fn merge_is_refused_on_site_rules_and_gaps() {
    for (scope, emit) in [
        ("site", "emit = \"checklist\"\nsection = \"data\""),
        (
            "asset",
            "emit = \"gap\"\ntopic = \"data\"\nseverity = \"minor\"",
        ),
    ] {
        let rule = format!(
            "[[rule]]\nid = \"data.x\"\nscope = \"{scope}\"\nwhen = \"true\"\n{emit}\nmerge = true\nphase = \"pilot\"\nowner = \"it\"\ntitle = \"T\"\nwhy = \"W\"\n"
        );
        let errors = errors_of(&format!("{USE_CASE}\n{rule}"), COMMON);
        assert!(
            errors.iter().any(|e| e
                .message
                .contains("`merge = true` needs a checklist item or control of scope system")
                && e.file == "demo/playbook.toml"),
            "{scope}: {errors:?}"
        );
    }
    // A merged asset rule compiles; its texts see `targets`, so `asset` is an error there.
    let ok = "[[rule]]\nid = \"data.x\"\nscope = \"asset\"\nwhen = \"true\"\nemit = \"checklist\"\nsection = \"data\"\nmerge = true\nphase = \"pilot\"\nowner = \"it\"\ntitle = \"At {{ targets | names }}\"\nwhy = \"W\"\n";
    let p = compile("demo", &files(&format!("{USE_CASE}\n{ok}"), COMMON)).unwrap();
    assert!(p.rules.iter().any(|r| r.id == "data.x" && r.merge));
    assert!(crate::plan::probe::try_all(&p).is_empty());
    let bad = ok.replace("{{ targets | names }}", "{{ asset.id }}");
    let errors = errors_of(&format!("{USE_CASE}\n{bad}"), COMMON);
    assert!(
        errors.iter().any(|e| e.message.contains("rule `data.x`")),
        "{errors:?}"
    );
}

#[test]
fn a_minimal_playbook_compiles() {
    let p = compile("demo", &files(USE_CASE, COMMON)).unwrap();
    assert_eq!(p.rules.len(), 1);
    assert_eq!(p.phases[0].criteria.len(), 1);
    assert!(p.digest.starts_with("sha256:"));
}

#[test]
fn each_kind_of_error_names_file_and_line() {
    let rule_line = USE_CASE.lines().position(|l| l == "[[rule]]").unwrap() + 1;
    let case_line = USE_CASE
        .lines()
        .position(|l| l == "[business_case]")
        .unwrap()
        + 1;
    let raci_line = COMMON.lines().position(|l| l == "[[raci]]").unwrap() + 1;
    for (use_case, common, file, line, fragment) in [
        (
            USE_CASE.replace("asset.age_years >= 20\"", "asset.age_years >= \""),
            COMMON.to_string(),
            "demo/playbook.toml",
            rule_line,
            "invalid CEL",
        ),
        (
            USE_CASE.replace("asset.age_years >= 20\"", "asset.age >= 20\""),
            COMMON.to_string(),
            "demo/playbook.toml",
            rule_line,
            "No such key",
        ),
        (
            USE_CASE.replace("asset.age_years >= 20\"", "asset.age_years\""),
            COMMON.to_string(),
            "demo/playbook.toml",
            rule_line,
            "not a boolean",
        ),
        (
            USE_CASE.replace("{{ asset.id }} is", "{{ asset.nope }} is"),
            COMMON.to_string(),
            "demo/playbook.toml",
            rule_line,
            "nope",
        ),
        (
            USE_CASE.replace("{{ asset.id }} is", "{% if %} is"),
            COMMON.to_string(),
            "demo/playbook.toml",
            rule_line,
            "invalid Tera",
        ),
        (
            USE_CASE.replace("owner = \"it\"", "owner = \"itt\""),
            COMMON.to_string(),
            "demo/playbook.toml",
            rule_line,
            "did you mean `it`",
        ),
        (
            USE_CASE.replace("phase = \"pilot\"", "phase = \"pilote\""),
            COMMON.to_string(),
            "demo/playbook.toml",
            rule_line,
            "phase `pilote`",
        ),
        (
            USE_CASE.replace("emit = \"checklist\"", "emit = \"control\""),
            COMMON.to_string(),
            "demo/playbook.toml",
            rule_line,
            "at least one entry in `refs`",
        ),
        (
            USE_CASE.replace(
                "cost_grade = \"A\"",
                "cost_grade = \"A\"\nvalue_when = \"true\"",
            ),
            COMMON.to_string(),
            "demo/playbook.toml",
            case_line,
            "give value_when and value_unmet together",
        ),
        (
            USE_CASE.replace(
                "cost_grade = \"A\"",
                "cost_grade = \"A\"\nvalue_when = \"site.nope\"\nvalue_unmet = \"why\"",
            ),
            COMMON.to_string(),
            "demo/playbook.toml",
            case_line,
            "nope",
        ),
        (
            USE_CASE.replace("scope = \"asset\"", "scope = \"machine\""),
            COMMON.to_string(),
            "demo/playbook.toml",
            rule_line,
            "scope `machine`",
        ),
        (
            USE_CASE.to_string(),
            COMMON.replace("data = \"C\"", "data = \"A\""),
            "common/a.toml",
            raci_line,
            "exactly one A (found 2)",
        ),
        (
            USE_CASE.to_string(),
            COMMON.replace("operations = \"A/R\"", "operations = \"A\""),
            "common/a.toml",
            raci_line,
            "at least one R (found 0)",
        ),
        (
            USE_CASE.to_string(),
            COMMON.replace("data = \"C\"", "data = \"C\"\nsafety = \"A\""),
            "common/a.toml",
            raci_line,
            "the optional role safety may be R, C or I, and A only where",
        ),
        (
            USE_CASE.to_string(),
            COMMON.replace(
                "data = \"C\"",
                "data = \"C\"\nsafety = \"A\"\nwhen = \"site.country == 'DE'\"",
            ),
            "common/a.toml",
            raci_line,
            "requires `site.owners.safety.assigned`",
        ),
        (
            USE_CASE.to_string(),
            COMMON.replace("data = \"C\"", "data = \"C\"\nwhen = \"site.nope ==\""),
            "common/a.toml",
            raci_line,
            "when",
        ),
        (
            USE_CASE.to_string(),
            COMMON.replace("data = \"C\"", "data = \"C\"\nquality = \"X\""),
            "common/a.toml",
            raci_line,
            "raci `",
        ),
        (
            USE_CASE.replace("title = \"Demo\"", "title = \"Demo\"\ncolour = 1"),
            COMMON.to_string(),
            "demo/playbook.toml",
            4,
            "unknown field `colour`",
        ),
    ] {
        let errors = errors_of(&use_case, &common);
        let hit = errors.iter().find(|e| e.message.contains(fragment));
        let e = hit.unwrap_or_else(|| panic!("no error with {fragment:?} in {errors:?}"));
        assert_eq!((e.file.as_str(), e.line), (file, line), "{fragment}: {e}");
    }
}

#[test]
fn unknown_use_case_suggests_the_nearest() {
    let err = Source::BuiltIn.files_for("predictive-maintenence");
    let Err(PlaybookErrors::UnknownUseCase {
        suggestion, known, ..
    }) = err
    else {
        panic!("expected an unknown use case");
    };
    let mut built_in = BUILT_IN_USE_CASES.to_vec();
    built_in.sort();
    assert_eq!(known, built_in);
    assert_eq!(suggestion.as_deref(), Some("predictive-maintenance"));
}

#[test]
fn every_built_in_expression_compiles() {
    // The built-ins parse their CEL on first use (`Expr::deferred`); this compiles all of it
    // as a playbook from a directory would be, so a broken built-in fails here, not at a site.
    let source = Source::BuiltIn;
    for id in source.use_cases().unwrap() {
        let files = source.files_for(&id).unwrap();
        if let Err(e) = compile_stack(&id, &files, &[]) {
            panic!("{id}: {e}");
        }
    }
}
