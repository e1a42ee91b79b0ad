//! `sitepack migrate`: every bundled format 1 example migrates to a format 2 file
//! that renders the same `plan.json` for every use case; `--in-place` replaces the
//! file atomically and refuses a link; format 2 is left alone; an invalid file is
//! an error with its position.

use crate::util::{examples, Sandbox, AS_OF, USE_CASES};

/// `data/plan.json` of `site` rendered for `use_case` (no git) into `out`.
fn plan(sb: &Sandbox, site: &str, use_case: &str, out: &str) -> serde_json::Value {
    sb.render(std::path::Path::new(site), use_case, out, &["--no-git"]);
    let text = std::fs::read_to_string(sb.join(out).join("data/plan.json")).expect("plan.json");
    serde_json::from_str(&text).expect("plan.json is JSON")
}

/// The fields of `plan.json` that may depend on the profile's format. The classes
/// `migrate` proposes close `data.classify-asset` gaps (format 1 has no class): the
/// one intended difference, so those gaps and the score and components they move
/// are left out.
fn without_format(mut plan: serde_json::Value) -> serde_json::Value {
    if let Some(o) = plan.as_object_mut() {
        o.remove("format");
    }
    if let Some(r) = plan["readiness"].as_object_mut() {
        r.remove("score");
        r.remove("components");
        if let Some(gaps) = r.get_mut("gaps").and_then(|g| g.as_array_mut()) {
            gaps.retain(|g| g["rule"] != "data.classify-asset");
        }
    }
    plan
}

#[test]
fn examples_render_the_same_plan_after_migration() {
    let sb = Sandbox::new();
    let mut migrated = 0;
    for (name, path) in examples() {
        let text = std::fs::read_to_string(&path).unwrap();
        if !text
            .lines()
            .any(|l| l.trim_start().starts_with("format = 1"))
        {
            continue;
        }
        migrated += 1;
        let old = sb.write(&format!("{name}-1.toml"), &text);
        let run = sb.sitepack(&["migrate", old.to_str().unwrap()]).run();
        run.code(0);
        run.check(run.stdout.contains("format = 2"), "migrated text on stdout");
        sb.write(&format!("{name}-2.toml"), &run.stdout);
        for use_case in USE_CASES {
            let before = plan(
                &sb,
                &format!("{name}-1.toml"),
                use_case,
                &format!("out/{name}-1-{use_case}"),
            );
            let after = plan(
                &sb,
                &format!("{name}-2.toml"),
                use_case,
                &format!("out/{name}-2-{use_case}"),
            );
            assert_eq!(
                without_format(before),
                without_format(after),
                "{name} x {use_case}: the migrated profile derives another plan"
            );
        }
    }
    assert!(migrated > 0, "no format 1 example to migrate");
}

#[test]
fn migrated_example_keeps_comments() {
    let sb = Sandbox::new();
    let lyon = crate::util::example("lyon");
    let run = sb.sitepack(&["migrate", lyon.to_str().unwrap()]).run();
    run.code(0)
        .stderr_has(&["format = 1 -> format = 2", "press-07: class = \"press\""]);
    crate::util::snapshot("migrate_lyon", &run.stdout);
}

#[test]
fn in_place_then_already_current() {
    let sb = Sandbox::new();
    let text = std::fs::read_to_string(crate::util::example("lyon")).unwrap();
    let site = sb.write("site.toml", &text);
    let printed = sb.sitepack(&["migrate", "site.toml"]).run();
    printed.code(0);
    assert_eq!(
        std::fs::read_to_string(&site).unwrap(),
        text,
        "stdout mode leaves the file"
    );
    let run = sb.sitepack(&["migrate", "site.toml", "--in-place"]).run();
    run.code(0).stderr_has(&["migrated site.toml to format 2"]);
    run.check(run.stdout.is_empty(), "nothing on stdout with --in-place");
    let after = std::fs::read_to_string(&site).unwrap();
    assert_eq!(after, printed.stdout, "--in-place writes what stdout shows");
    let names: Vec<_> = std::fs::read_dir(sb.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "no temporary file left: {names:?}");
    let again = sb.sitepack(&["migrate", "site.toml", "--in-place"]).run();
    again.code(0).stderr_has(&["already format 2"]);
    assert_eq!(
        std::fs::read_to_string(&site).unwrap(),
        after,
        "format 2 left alone"
    );
    sb.sitepack(&["check", "site.toml", "--as-of", AS_OF])
        .run()
        .code(0);
}

#[test]
fn refusals_and_errors() {
    let sb = Sandbox::new();
    let text = std::fs::read_to_string(crate::util::example("lyon")).unwrap();
    let real = sb.write("real.toml", &text);
    std::os::unix::fs::symlink(&real, sb.join("link.toml")).unwrap();
    sb.sitepack(&["migrate", "link.toml", "--in-place"])
        .run()
        .code(2)
        .stderr_has(&["symbolic link"]);
    assert_eq!(
        std::fs::read_to_string(&real).unwrap(),
        text,
        "link target untouched"
    );
    let bad = text.replacen("criticality = \"high\"", "criticality = \"hihg\"", 1);
    sb.write("bad.toml", &bad);
    let run = sb.sitepack(&["migrate", "bad.toml", "--in-place"]).run();
    run.code(2).stderr_has(&["bad.toml", "criticality", "high"]);
    assert_eq!(std::fs::read_to_string(sb.join("bad.toml")).unwrap(), bad);
    sb.sitepack(&["migrate", "missing.toml"])
        .run()
        .code(2)
        .stderr_has(&["missing.toml"]);
}
