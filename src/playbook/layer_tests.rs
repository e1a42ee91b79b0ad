//! Layers: a company layer over the built-ins (params, disable, override, new rules),
//! layers over layers, and each kind of mistake named with `layer.toml` and its line.

use std::path::Path;

use super::*;
use crate::playbook::{load, Emit, ParamValue, PlaybookErrors, Source};
use crate::values::Severity;

const ACME: &str = r#"id = "acme"
version = "2.1.0"
extends = "builtin"

[params]
min_history_months = 9

[[disable]]
rule = "security.no-dmz"
reason = "Group DMZ service covers every site (ACME-SEC-12)"

[[override]]
rule = "data.short-history"
severity = "blocking"
"#;

const NEW_RULE: &str = r#"[[rule]]
id = "governance.register"
scope = "site"
when = "site.floor_staff >= params.register_staff"
emit = "checklist"
section = "governance"
owner = "it"
title = "Register {{ site.name }} (over {{ params.register_staff }} people)"
why = "Group rule."

[params]
register_staff = 50
"#;

fn layer_dir(root: &Path, name: &str, layer_toml: &str, files: &[(&str, &str)]) -> Source {
    let dir = root.join(name);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(LAYER_FILE), layer_toml).unwrap();
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    Source::Dir(dir)
}

fn errors(result: Result<Source, PlaybookErrors>) -> Vec<String> {
    match result {
        Err(PlaybookErrors::InvalidLayer { errors }) => {
            errors.iter().map(ToString::to_string).collect()
        }
        Err(other) => vec![other.to_string()],
        Ok(_) => Vec::new(),
    }
}

#[test]
fn a_layer_adds_overrides_parameterises_and_disables() {
    let tmp = tempfile::tempdir().unwrap();
    let acme = layer_dir(tmp.path(), "acme", ACME, &[("common/acme.toml", NEW_RULE)]);
    let source = resolve(acme).unwrap();
    let p = load(&source, "predictive-maintenance").unwrap();
    let builtin = load(&Source::BuiltIn, "predictive-maintenance").unwrap();

    let history = &p.params["min_history_months"];
    assert_eq!(history.value, ParamValue::Integer(9));
    assert_eq!(history.default, ParamValue::Integer(6));
    assert_eq!(history.set_by.as_deref(), Some("acme"));
    assert_eq!(p.params["register_staff"].layer, "acme");

    assert!(!p.rules.iter().any(|r| r.id == "security.no-dmz"));
    assert!(builtin.rules.iter().any(|r| r.id == "security.no-dmz"));
    assert_eq!(p.disabled.len(), 1);
    assert_eq!(p.disabled[0].rule, "security.no-dmz");
    assert_eq!(p.disabled[0].layer, "acme");
    assert_eq!(p.disabled[0].rule_layer, BUILT_IN_LAYER);

    let short = p
        .rules
        .iter()
        .find(|r| r.id == "data.short-history")
        .unwrap();
    assert!(matches!(
        short.emit,
        Emit::Gap {
            severity: Severity::Blocking,
            ..
        }
    ));
    assert_eq!(short.layer, BUILT_IN_LAYER);
    assert_eq!(short.changes.len(), 1);
    assert_eq!(short.changes[0].fields, ["severity"]);
    assert!(short.changes[0].origin.file.ends_with("layer.toml"));
    assert_eq!(short.changes[0].origin.line, 12);
    assert!(short
        .origin
        .file
        .contains("predictive-maintenance/playbook.toml"));

    let added = p
        .rules
        .iter()
        .find(|r| r.id == "governance.register")
        .unwrap();
    assert_eq!(added.layer, "acme");
    assert_eq!(p.rules.len(), builtin.rules.len());

    assert_eq!(
        p.stack(),
        format!("predictive-maintenance {} + acme 2.1.0", builtin.version)
    );
    let ids: Vec<&str> = p.layers.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["builtin", "acme"]);
    assert_eq!(p.layers[1].source, "directory acme");
    assert_ne!(p.digest, builtin.digest);
    assert!(builtin.layers.is_empty());
}

#[test]
fn layers_stand_on_layers_and_the_top_one_wins() {
    let tmp = tempfile::tempdir().unwrap();
    layer_dir(tmp.path(), "acme", ACME, &[]);
    let plant = r#"id = "acme-lyon"
version = "0.3.0"
extends = "../acme"
[params]
min_history_months = 12
"#;
    let source = resolve(layer_dir(tmp.path(), "lyon", plant, &[])).unwrap();
    let p = load(&source, "predictive-maintenance").unwrap();
    assert_eq!(
        p.params["min_history_months"].value,
        ParamValue::Integer(12)
    );
    assert_eq!(
        p.params["min_history_months"].set_by.as_deref(),
        Some("acme-lyon")
    );
    assert!(
        p.stack().ends_with(" + acme 2.1.0 + acme-lyon 0.3.0"),
        "{}",
        p.stack()
    );
    assert_eq!(p.disabled.len(), 1, "the lower layer's disable stays");
}

#[test]
fn each_mistake_names_the_layer_file_and_line() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "override of a rule that does not exist",
            "[[override]]\nrule = \"data.short-histroy\"\nseverity = \"minor\"\n",
            "layer.toml:4: [[override]] names rule `data.short-histroy`, but no inherited rule has that id (did you mean `data.short-history`?)",
        ),
        (
            "disable of a rule that does not exist",
            "[[disable]]\nrule = \"security.nope\"\nreason = \"x\"\n",
            "layer.toml:4: [[disable]] names rule `security.nope`",
        ),
        (
            "disable without a reason",
            "[[disable]]\nrule = \"security.no-dmz\"\nreason = \" \"\n",
            "layer.toml:4: [[disable]] of `security.no-dmz` needs a `reason`",
        ),
        (
            "unknown param",
            "[params]\nmin_histroy_months = 9\n",
            "layer.toml:5: param `min_histroy_months` is declared by no playbook file (did you mean `min_history_months`?)",
        ),
        (
            "param of the wrong type",
            "[params]\nmin_history_months = \"nine\"\n",
            "layer.toml:5: param `min_history_months` must be an integer as the playbooks declare it, not a string",
        ),
        (
            "unknown key",
            "[[override]]\nrule = \"data.short-history\"\nseverity = \"minor\"\ncolour = \"red\"\n",
            "layer.toml:7: unknown field `colour`",
        ),
        (
            "override that changes nothing",
            "[[override]]\nrule = \"data.short-history\"\n",
            "layer.toml:4: [[override]] of `data.short-history` changes no field",
        ),
        (
            "missing extends target",
            "",
            "layer.toml:3: extends `nowhere`",
        ),
    ];
    for (name, tail, want) in cases {
        let tmp = tempfile::tempdir().unwrap();
        let extends = if want.contains("extends `nowhere`") {
            "nowhere"
        } else {
            "builtin"
        };
        let text = format!("id = \"acme\"\nversion = \"1.0.0\"\nextends = \"{extends}\"\n{tail}");
        let got = errors(resolve(layer_dir(tmp.path(), "acme", &text, &[])));
        assert!(
            got.iter().any(|e| e.contains(want)),
            "{name}: wanted `{want}` in {got:#?}"
        );
        assert!(
            got.iter().all(|e| e.contains("layer.toml")),
            "{name}: {got:#?}"
        );
    }
}

#[test]
fn a_layer_file_may_not_replace_an_inherited_one() {
    let tmp = tempfile::tempdir().unwrap();
    let text = "id = \"acme\"\nversion = \"1.0.0\"\nextends = \"builtin\"\n";
    let got = errors(resolve(layer_dir(
        tmp.path(),
        "acme",
        text,
        &[("common/security.toml", "")],
    )));
    assert!(
        got.iter()
            .any(|e| e.contains("common/security.toml has the path of an inherited file")),
        "{got:#?}"
    );
}

#[test]
fn extends_in_a_circle_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    layer_dir(
        tmp.path(),
        "b",
        "id = \"b\"\nversion = \"1\"\nextends = \"../a\"\n",
        &[],
    );
    let a = layer_dir(
        tmp.path(),
        "a",
        "id = \"a\"\nversion = \"1\"\nextends = \"../b\"\n",
        &[],
    );
    let got = errors(resolve(a));
    assert!(
        got.iter().any(|e| e.contains("go round in a circle")),
        "{got:#?}"
    );
}

#[test]
fn an_override_that_does_not_compile_is_reported_at_the_override() {
    let tmp = tempfile::tempdir().unwrap();
    let text = "id = \"acme\"\nversion = \"1.0.0\"\nextends = \"builtin\"\n\n[[override]]\nrule = \"data.short-history\"\nseverity = \"fatal\"\n";
    let source = resolve(layer_dir(tmp.path(), "acme", text, &[])).unwrap();
    let err = load(&source, "predictive-maintenance")
        .unwrap_err()
        .to_string();
    assert!(err.contains("layer.toml:5: "), "{err}");
    assert!(err.contains("fatal"), "{err}");
}

#[test]
fn a_plain_directory_is_not_a_layer() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("playbooks");
    let source = resolve(Source::Dir(dir)).unwrap();
    assert!(source.layers().is_empty());
    assert!(matches!(source, Source::Dir(_)));
}

#[test]
fn a_use_case_table_beats_its_layers_params_and_a_higher_layer_beats_both() {
    let tmp = tempfile::tempdir().unwrap();
    let acme = r#"id = "acme"
version = "1.0.0"
extends = "builtin"
[params]
min_history_months = 9
[params.predictive-maintenance]
min_history_months = 8
"#;
    let source = resolve(layer_dir(tmp.path(), "acme", acme, &[])).unwrap();
    let value = |s: &Source, uc: &str| load(s, uc).unwrap().params["min_history_months"].clone();
    assert_eq!(
        value(&source, "predictive-maintenance").value,
        ParamValue::Integer(8)
    );
    assert_eq!(
        value(&source, "predictive-maintenance")
            .set_at
            .unwrap()
            .line,
        7
    );
    assert_eq!(
        value(&source, "process-optimization").value,
        ParamValue::Integer(9)
    );
    assert_eq!(
        value(&source, "process-optimization").set_at.unwrap().line,
        5
    );

    let plant = "id = \"plant\"\nversion = \"0.1.0\"\nextends = \"../acme\"\n[params]\nmin_history_months = 7\n";
    let source = resolve(layer_dir(tmp.path(), "plant", plant, &[])).unwrap();
    let pm = value(&source, "predictive-maintenance");
    assert_eq!(pm.value, ParamValue::Integer(7));
    assert_eq!(pm.set_by.as_deref(), Some("plant"));
}

#[test]
fn item_overrides_of_two_layers_apply_bottom_first_and_are_recorded() {
    let tmp = tempfile::tempdir().unwrap();
    let gate = |id: &str, extends: &str, threshold: &str| {
        format!("id = \"{id}\"\nversion = \"1.0.0\"\nextends = \"{extends}\"\n\n[[override]]\ngate = \"pilot-proven\"\nmetric = \"active_daily_users_ratio\"\nthreshold = {threshold}\n")
    };
    layer_dir(tmp.path(), "acme", &gate("acme", "builtin", "0.6"), &[]);
    let top = gate("plant", "../acme", "\"site.floor_staff > 100 ? 0.4 : 0.7\"");
    let source = resolve(layer_dir(tmp.path(), "plant", &top, &[])).unwrap();
    let p = load(&source, "predictive-maintenance").unwrap();
    let changes: Vec<(&str, &str, &str)> = p
        .item_changes
        .iter()
        .map(|c| (c.layer.as_str(), c.from.as_str(), c.to.as_str()))
        .collect();
    assert_eq!(
        changes,
        [
            ("acme", "0.5", "0.6"),
            ("plant", "0.6", "site.floor_staff > 100 ? 0.4 : 0.7")
        ]
    );
    assert!(p
        .item_changes
        .iter()
        .all(|c| c.field == "threshold" && c.origin.line == 5));
    let pilot = p
        .phases
        .iter()
        .find(|ph| ph.gate_id == "pilot-proven")
        .unwrap();
    let c = pilot
        .criteria
        .iter()
        .find(|c| c.metric == "active_daily_users_ratio")
        .unwrap();
    assert!(matches!(
        c.threshold,
        crate::playbook::Threshold::Computed(_)
    ));
}
