//! Company layers through the real executable: the example `acme` layer renders
//! (adds, overrides, parameterises and disables rules), is recorded in the lock and
//! `plan.json`, a new layer version comes in by `update` with people's edits kept,
//! and a broken layer is an error naming `layer.toml` and the line.

use std::path::{Path, PathBuf};

use crate::util::{example, read, repo, Sandbox};

/// A copy of `examples/acme-layer` in the sandbox, so a test can change it.
fn acme_copy(sb: &Sandbox) -> PathBuf {
    let from = repo().join("examples/acme-layer");
    for name in ["layer.toml", "common/acme.toml"] {
        sb.write(&format!("acme/{name}"), &read(&from.join(name)));
    }
    sb.join("acme")
}

fn plan(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&read(&dir.join("data/plan.json"))).expect("plan.json is JSON")
}

fn ids(plan: &serde_json::Value, list: &str) -> Vec<String> {
    let entries = match list {
        "gaps" => &plan["readiness"]["gaps"],
        other => &plan[other],
    };
    entries
        .as_array()
        .expect("a list")
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_acme_layer_renders_and_is_recorded() {
    let sb = Sandbox::new();
    let layer = repo().join("examples/acme-layer");
    let layer = layer.to_str().unwrap();
    sb.render(
        &example("lyon"),
        "predictive-maintenance",
        "pkg",
        &["--playbooks", layer],
    );
    sb.render(&example("lyon"), "predictive-maintenance", "plain", &[]);
    let (layered, plain) = (plan(&sb.join("pkg")), plan(&sb.join("plain")));

    let version = plain["playbook"]["version"].as_str().unwrap();
    assert_eq!(
        layered["playbook"]["stack"],
        format!("predictive-maintenance {version} + acme 2.1.0")
    );
    let layers = layered["playbook"]["layers"].as_array().unwrap();
    assert_eq!(layers.len(), 2, "{layers:?}");
    assert_eq!(layers[0]["id"], "builtin");
    assert_eq!(layers[1]["id"], "acme");
    assert_eq!(layers[1]["version"], "2.1.0");
    assert_eq!(layers[1]["source"], "directory acme-layer");
    assert!(layers[1]["digest"].as_str().unwrap().starts_with("sha256:"));
    assert!(plain["playbook"].get("layers").is_none());

    // Disabled: gone from the plan, listed with its reason.
    let disabled = &layered["playbook"]["disabled"][0];
    assert_eq!(disabled["rule"], "security.no-dmz");
    assert_eq!(
        disabled["reason"],
        "Group DMZ service covers every site (ACME-SEC-12)"
    );
    let all =
        |p: &serde_json::Value| [ids(p, "controls"), ids(p, "checklist"), ids(p, "gaps")].concat();
    assert!(all(&plain)
        .iter()
        .any(|id| id.starts_with("security.no-dmz")));
    assert!(!all(&layered)
        .iter()
        .any(|id| id.starts_with("security.no-dmz")));

    // Added: the layer's own rule.
    assert!(ids(&layered, "checklist").contains(&"governance.acme-asset-register".to_string()));

    // Parameterised and overridden: 8 months of history is short under Acme's 9, and blocking.
    let short: Vec<&serde_json::Value> = layered["readiness"]["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["rule"] == "data.short-history")
        .collect();
    assert!(!short.is_empty(), "Lyon has 8-month sensors");
    assert!(short.iter().all(|g| g["severity"] == "blocking"));
    assert!(!ids(&plain, "gaps")
        .iter()
        .any(|id| id.starts_with("data.short-history")));

    // The book shows the stack and what the company waived, and why.
    let governance = read(&sb.join("pkg/src/governance.md"));
    assert!(governance.contains("+ acme 2.1.0"), "{governance}");
    assert!(
        governance.contains(
            "| `security.no-dmz` | acme | Group DMZ service covers every site (ACME-SEC-12) |"
        ),
        "{governance}"
    );
    assert!(!read(&sb.join("plain/src/governance.md")).contains("Company standard"));

    let lock = read(&sb.join("pkg/.sitepack/lock.toml"));
    assert!(lock.contains("[[playbook.layers]]"), "{lock}");
    assert!(lock.contains("id = \"acme\""), "{lock}");
    assert!(
        lock.contains(&format!(
            "stack = \"predictive-maintenance {version} + acme 2.1.0\""
        )),
        "{lock}"
    );
}

#[test]
fn a_new_layer_version_comes_in_by_update_and_edits_stay() {
    let sb = Sandbox::new();
    let layer = acme_copy(&sb);
    let layer_arg = layer.to_str().unwrap();
    sb.render(
        &example("lyon"),
        "predictive-maintenance",
        "pkg",
        &["--playbooks", layer_arg],
    );
    let page = sb.join("pkg/src/change-plan.md");
    std::fs::write(
        &page,
        format!("{}\nSite note: kept across layer versions.\n", read(&page)),
    )
    .unwrap();
    sb.git(&["-C", "pkg", "commit", "-qam", "site note"])
        .run()
        .code(0);

    let text = read(&layer.join("layer.toml"))
        .replace("version = \"2.1.0\"", "version = \"2.2.0\"")
        .replace("min_history_months = 9", "min_history_months = 40");
    std::fs::write(layer.join("layer.toml"), text).unwrap();
    let run = sb
        .sitepack(&["update", "pkg", "--playbooks", layer_arg])
        .run();
    run.code(0);

    let after = plan(&sb.join("pkg"));
    assert!(after["playbook"]["stack"]
        .as_str()
        .unwrap()
        .ends_with(" + acme 2.2.0"));
    // Lyon's 30-month sensors are now short too.
    let short = after["readiness"]["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["rule"] == "data.short-history")
        .count();
    assert!(short >= 4, "30-month sensors fall under 40: {short}");
    assert!(read(&page).contains("Site note: kept across layer versions."));
    assert!(read(&sb.join("pkg/.sitepack/lock.toml")).contains("version = \"2.2.0\""));
}

#[test]
fn an_override_of_a_missing_rule_names_the_layer_file_and_line() {
    let sb = Sandbox::new();
    let layer = acme_copy(&sb);
    let text = read(&layer.join("layer.toml")).replace(
        "rule = \"data.short-history\"",
        "rule = \"data.short-histroy\"",
    );
    std::fs::write(layer.join("layer.toml"), &text).unwrap();
    let line = text.lines().position(|l| l == "[[override]]").unwrap() + 1;
    let site = example("lyon");
    let run = sb
        .sitepack(&[
            "render",
            site.to_str().unwrap(),
            "--use-case",
            "predictive-maintenance",
            "--out",
            "pkg",
            "--playbooks",
            layer.to_str().unwrap(),
        ])
        .run();
    run.code(2);
    run.stderr_has(&[
        &format!("layer.toml:{line}: [[override]] names rule `data.short-histroy`"),
        "did you mean `data.short-history`?",
    ]);
    assert!(!sb.join("pkg").exists(), "nothing written");
}

#[test]
fn a_layer_from_a_git_repository_is_recorded_with_its_commit() {
    let sb = Sandbox::new();
    acme_copy(&sb);
    sb.git(&["-C", "acme", "init", "-q"]).run().code(0);
    sb.git(&["-C", "acme", "add", "-A"]).run().code(0);
    sb.git(&["-C", "acme", "commit", "-qm", "acme 2.1.0"])
        .run()
        .code(0);
    sb.git(&["-C", "acme", "tag", "v2.1.0"]).run().code(0);
    let commit = sb
        .git(&["-C", "acme", "rev-parse", "HEAD"])
        .run()
        .out()
        .trim()
        .to_string();
    let repo = sb.join("acme");
    let args = [
        "--playbooks",
        repo.to_str().unwrap(),
        "--playbooks-ref",
        "v2.1.0",
    ];
    sb.render(&example("lyon"), "predictive-maintenance", "pkg", &args);
    let layered = plan(&sb.join("pkg"));
    assert_eq!(layered["playbook"]["layers"][1]["commit"], commit.as_str());
    assert_eq!(
        layered["playbook"]["layers"][1]["source"],
        "git acme at v2.1.0"
    );
    let lock = read(&sb.join("pkg/.sitepack/lock.toml"));
    assert!(lock.contains(&format!("commit = \"{commit}\"")), "{lock}");
    assert!(
        !lock.contains("kind = \"built-in\""),
        "a git layer is not recorded as built-in: {lock}"
    );
    // `update` without flags re-reads the recorded repository and finds the same stack.
    sb.sitepack(&["update", "pkg"]).run().code(0);
}

#[test]
fn explain_names_the_origin_layer_and_what_each_override_changed() {
    let sb = Sandbox::new();
    let acme = acme_copy(&sb);
    let plant = "id = \"lyon-plant\"\nversion = \"0.3.0\"\nextends = \"../acme\"\n\n[[override]]\nrule = \"data.short-history\"\nowner = \"operations\"\nphase = \"pilot\"\n";
    sb.write("plant/layer.toml", plant);
    let site = example("lyon");
    // Relative layer paths, so that errors and explanations name `acme/layer.toml`.
    let explain = |layer: &str, extra: &[&str]| {
        let mut args = vec![
            "explain",
            site.to_str().unwrap(),
            "--use-case",
            "predictive-maintenance",
            "--as-of",
            crate::util::AS_OF,
            "--playbooks",
            layer,
        ];
        args.extend_from_slice(extra);
        sb.sitepack(&args).run()
    };
    let acme_line = read(&acme.join("layer.toml"))
        .lines()
        .position(|l| l == "[[override]]")
        .unwrap()
        + 1;

    let run = explain("acme", &[]);
    run.code(0).stdout_has(&[
        "governance.acme-asset-register (checklist)",
        "  layer: acme 2.1.0\n",
        &format!("  changed by acme 2.1.0: severity (acme/layer.toml:{acme_line})"),
    ]);
    // A rule nobody overrode names its layer and no change.
    let legacy = run
        .stdout
        .split("\n\n")
        .find(|e| e.starts_with("integration.legacy-readonly.press-07 "))
        .expect("the legacy entry");
    assert!(legacy.contains("  layer: builtin\n"), "{legacy}");
    assert!(!legacy.contains("changed by"), "{legacy}");

    // Two layers over each other: each override with its layer, file and line, bottom first.
    let run = explain(
        "plant",
        &["data.short-history.press-09.vibration", "--format", "json"],
    );
    run.code(0);
    let doc = run.json();
    let entry = &doc[0];
    assert_eq!(entry["layer"], "builtin");
    let changes = entry["changes"].as_array().expect("changes");
    assert_eq!(changes.len(), 2, "{changes:?}");
    assert_eq!(changes[0]["layer"], "acme 2.1.0");
    assert_eq!(changes[0]["fields"], serde_json::json!(["severity"]));
    // The layer below is named as reached through `extends`.
    assert_eq!(
        changes[0]["at"],
        format!("plant/../acme/layer.toml:{acme_line}")
    );
    assert_eq!(changes[1]["layer"], "lyon-plant 0.3.0");
    assert_eq!(changes[1]["fields"], serde_json::json!(["phase", "owner"]));
    assert_eq!(changes[1]["at"], "plant/layer.toml:5");

    // The why-not path of an overridden rule says the same.
    let run = explain("plant", &["data.short-history"]);
    run.code(0).stdout_has(&[
        "  layer: builtin\n",
        &format!("  changed by acme 2.1.0: severity (plant/../acme/layer.toml:{acme_line})"),
        "  changed by lyon-plant 0.3.0: phase, owner (plant/layer.toml:5)",
    ]);
}

/// `sitepack explain` (text or JSON) for `use_case` of lyon over the layer at `layer`.
fn explain_run(sb: &Sandbox, layer: &str, use_case: &str, extra: &[&str]) -> crate::util::Run {
    let site = example("lyon");
    let mut args = vec![
        "explain",
        site.to_str().unwrap(),
        "--use-case",
        use_case,
        "--as-of",
        crate::util::AS_OF,
        "--playbooks",
        layer,
    ];
    args.extend_from_slice(extra);
    sb.sitepack(&args).run()
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l == needle).expect(needle) + 1
}

#[test]
fn params_for_one_use_case_override_the_layers_params_there_only() {
    let sb = Sandbox::new();
    let acme = acme_copy(&sb);
    let text = read(&acme.join("layer.toml"));
    let global = line_of(&text, "min_history_months = 9");
    let energy = text
        .lines()
        .enumerate()
        .filter(|(_, l)| *l == "min_history_months = 12")
        .map(|(i, _)| i + 1)
        .next()
        .unwrap();
    let json = |use_case: &str| {
        let run = sb
            .sitepack(&[
                "playbooks",
                use_case,
                "--playbooks",
                "acme",
                "--format",
                "json",
            ])
            .run();
        run.code(0);
        run.json()
    };
    let pm = json("predictive-maintenance");
    let history = &pm["params"]["min_history_months"];
    assert_eq!(history["value"], 9, "{history}");
    assert_eq!(history["set_by"], "acme");
    assert_eq!(history["set_at"], format!("acme/layer.toml:{global}"));
    let ef = json("energy-forecasting");
    let history = &ef["params"]["min_history_months"];
    assert_eq!(history["value"], 12, "{history}");
    assert_eq!(history["set_at"], format!("acme/layer.toml:{energy}"));

    // explain shows the value in force and who set it, for a rule that reads it.
    let run = explain_run(&sb, "acme", "predictive-maintenance", &["--format", "json"]);
    run.code(0);
    let doc = run.json();
    let read_it = doc
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["params"].as_array().cloned().unwrap_or_default())
        .find(|p| p["name"] == "min_history_months")
        .expect("an entry whose rule reads min_history_months");
    assert_eq!(read_it["value"], "9");
    assert_eq!(read_it["default"], "6");
    assert_eq!(read_it["set_by"], "acme 2.1.0");
    assert_eq!(read_it["at"], format!("acme/layer.toml:{global}"));
    explain_run(&sb, "acme", "predictive-maintenance", &[])
        .code(0)
        .stdout_has(&[&format!(
            "  param: min_history_months = 9 (set by acme 2.1.0 at acme/layer.toml:{global}; default 6)"
        )]);
}

#[test]
fn a_params_table_for_an_unknown_use_case_or_param_names_the_line() {
    let sb = Sandbox::new();
    let acme = acme_copy(&sb);
    let text = read(&acme.join("layer.toml"));
    let bad = format!(
        "{text}\n[params.predictive-maintenence]\nmin_history_months = 9\n\n\
         [params.visual-inspection]\nmin_history_monts = 9\nmin_camera_mp = \"big\"\n"
    );
    sb.write("acme/layer.toml", &bad);
    let table = line_of(&bad, "[params.predictive-maintenence]");
    let param = line_of(&bad, "min_history_monts = 9");
    let run = sb.sitepack(&["playbooks", "--playbooks", "acme"]).run();
    run.code(2).stderr_has(&[
        &format!("acme/layer.toml:{table}: [params.predictive-maintenence]: no use case `predictive-maintenence`"),
        "(did you mean `predictive-maintenance`?)",
        &format!("acme/layer.toml:{param}: [params.visual-inspection]: param `min_history_monts` is declared by no file of use case `visual-inspection`"),
        &format!("acme/layer.toml:{}: [params.visual-inspection]: param `min_camera_mp` must be a number", param + 1),
    ]);
    // A param another use case declares is unknown in this one.
    assert!(
        !run.stderr.contains("did you mean `min_history_months`"),
        "visual inspection declares no min_history_months: {}",
        run.stderr
    );
}

#[test]
fn overrides_change_a_gate_threshold_a_raci_row_and_the_pilot_cost() {
    let sb = Sandbox::new();
    let layer = repo().join("examples/acme-layer");
    let args = ["--playbooks", layer.to_str().unwrap(), "--no-git"];
    sb.render(&example("lyon"), "predictive-maintenance", "pkg", &args);
    sb.render(
        &example("lyon"),
        "predictive-maintenance",
        "plain",
        &["--no-git"],
    );
    let (layered, plain) = (plan(&sb.join("pkg")), plan(&sb.join("plain")));
    let criterion = |p: &serde_json::Value| {
        let pilot = p["phases"]
            .as_array()
            .unwrap()
            .iter()
            .find(|ph| ph["gate"]["id"] == "pilot-proven")
            .unwrap();
        let c = pilot["gate"]["criteria"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["metric"] == "recommendation_acceptance_rate")
            .unwrap();
        c["threshold"].as_f64().unwrap()
    };
    assert_eq!(criterion(&plain), 0.6);
    assert_eq!(criterion(&layered), 0.7);
    let row = |p: &serde_json::Value| {
        p["raci"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == "approve-business-case")
            .unwrap()
            .clone()
    };
    assert_eq!(row(&plain)["change"], "I");
    assert_eq!(row(&layered)["change"], "C");
    assert_eq!(
        row(&layered)["business"],
        "A",
        "the rest of the row is inherited"
    );
    let pilot = |p: &serde_json::Value| p["business_case"]["cost"]["pilot"].as_f64().unwrap();
    assert_eq!(pilot(&layered) - pilot(&plain), 15000.0);
    assert_eq!(
        layered["business_case"]["cost"]["scale"],
        plain["business_case"]["cost"]["scale"]
    );
    // Another use case's business case is not touched.
    let json = |use_case: &str, layer: &Path| {
        let run = sb
            .sitepack(&[
                "playbooks",
                use_case,
                "--playbooks",
                layer.to_str().unwrap(),
                "--format",
                "json",
            ])
            .run();
        run.code(0);
        run.json()
    };
    let vi = json("visual-inspection", &layer);
    let changes: Vec<&str> = vi["item_changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    assert!(!changes.contains(&"pilot_cost"), "{changes:?}");

    // The book records each change with the inherited value and the layer.toml line.
    let text = read(&layer.join("layer.toml"));
    let gate_line = text
        .lines()
        .position(|l| l == "gate = \"pilot-proven\"")
        .unwrap();
    let header = text
        .lines()
        .take(gate_line)
        .collect::<Vec<_>>()
        .iter()
        .rposition(|l| *l == "[[override]]")
        .unwrap()
        + 1;
    acme_copy(&sb);
    sb.sitepack(&["book", "--out", "book", "--playbooks", "acme"])
        .run()
        .code(0);
    let page = read(&sb.join("book/src/predictive-maintenance.md"));
    assert!(page.contains("## What overrides changed"), "{page}");
    assert!(page.contains(&format!(
        "| gate pilot-proven criterion recommendation_acceptance_rate | `threshold` | `0.6` | `0.7` | acme | `acme/layer.toml:{header}` |"
    )), "{page}");
    assert!(
        page.contains("| raci approve-business-case | `change` | `I` | `C` | acme |"),
        "{page}"
    );
    assert!(page.contains("| business case | `pilot_cost` | `60000.0 + 15000.0 * double(site.in_scope_assets)` | `75000.0 +"), "{page}");
}

#[test]
fn an_override_of_an_unknown_gate_raci_or_use_case_names_the_line() {
    let sb = Sandbox::new();
    let acme = acme_copy(&sb);
    let base = read(&acme.join("layer.toml"));
    let cases = [
        ("gate = \"pilot-proofed\"\nmetric = \"x\"\nthreshold = 1", "[[override]] names gate `pilot-proofed`, but no inherited gate has that id (did you mean `pilot-proven`?)"),
        ("gate = \"pilot-proven\"\nmetric = \"recommendation_acceptance\"\nthreshold = 1", "[[override]] of gate `pilot-proven`: no criterion has metric `recommendation_acceptance` (did you mean `recommendation_acceptance_rate`?)"),
        ("gate = \"pilot-proven\"\nmetric = \"active_daily_users_ratio\"", "[[override]] of a gate needs `metric` (which criterion) and `threshold`"),
        ("raci = \"approve-busines-case\"\nit = \"R\"", "[[override]] names raci `approve-busines-case`, but no inherited raci has that id (did you mean `approve-business-case`?)"),
        ("raci = \"name-site-owners\"\nit = \"A\"", "[[override]] of raci `name-site-owners`: the activity then has 2 A and 1 R"),
        ("raci = \"name-site-owners\"\nit = \"X\"", "[[override]] of raci `name-site-owners` it `X` is not one of"),
        ("business_case = \"predictive-maintenence\"\npilot_cost = \"1.0\"", "[[override]] names use case `predictive-maintenence`, but no inherited use case has that id (did you mean `predictive-maintenance`?)"),
        ("business_case = \"predictive-maintenance\"\nthreshold = 1", "[[override]] of a business_case: `threshold` is no field of it"),
        ("rule = \"data.short-history\"\nraci = \"approve-business-case\"\nit = \"R\"", "[[override]] names 2 targets"),
        ("business_case = \"energy-forecasting\"\npilot_cost = \"1.0 +\"", "[[override]] of the business case pilot_cost: invalid CEL expression"),
    ];
    for (body, message) in cases {
        let text = format!("{base}\n[[override]]\n{body}\n");
        sb.write("acme/layer.toml", &text);
        let line = text.lines().count() - body.lines().count();
        let run = sb
            .sitepack(&["playbooks", "energy-forecasting", "--playbooks", "acme"])
            .run();
        run.code(2)
            .stderr_has(&[&format!("acme/layer.toml:{line}: {message}")]);
    }
}
