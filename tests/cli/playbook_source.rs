//! The playbook source a package was rendered from is the default of `update`, `diff` and
//! `gate` (a directory, a git repository at a commit, the built-ins); moving a package to
//! another source or an older version needs `--allow-downgrade`, else exit 2 saying what
//! would change.

use std::path::Path;

use crate::util::{example, read, repo, Sandbox};

const USE_CASE: &str = "predictive-maintenance";

/// A copy of the built-in playbooks at `dir` (under the sandbox) with `version`.
pub fn company_playbooks(sb: &Sandbox, dir: &str, version: &str) {
    let from = repo().join("playbooks");
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(&from).unwrap();
        let target = sb.join(dir).join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    set_version(&sb.join(dir), version);
}

fn set_version(dir: &Path, version: &str) {
    let file = dir.join(USE_CASE).join("playbook.toml");
    let text = read(&file);
    let start = text.find("\nversion = \"").unwrap() + 12;
    let end = start + text[start..].find('"').unwrap();
    std::fs::write(
        &file,
        format!("{}{version}{}", &text[..start], &text[end..]),
    )
    .unwrap();
}

fn plan_version(sb: &Sandbox, pkg: &str) -> String {
    let plan: serde_json::Value =
        serde_json::from_str(&read(&sb.join(&format!("{pkg}/data/plan.json")))).unwrap();
    plan["playbook"]["version"].as_str().unwrap().to_string()
}

/// `pkg/site.toml` with another company name, committed, so `update` has work to do.
fn edit_site(sb: &Sandbox, pkg: &str) {
    let site = sb.join(&format!("{pkg}/site.toml"));
    let text = read(&site).replace("company = \"Acme Metals\"", "company = \"Acme Forming\"");
    std::fs::write(&site, text).unwrap();
    sb.git(&["-C", pkg, "commit", "-qam", "rename"])
        .run()
        .code(0);
}

#[test]
fn a_package_from_a_directory_keeps_it_through_update_diff_and_gate() {
    let sb = Sandbox::new();
    company_playbooks(&sb, "standards/acme", "7.1.0");
    sb.render(
        &example("lyon"),
        USE_CASE,
        "pkgs/lyon",
        &["--playbooks", "standards/acme"],
    );
    let lock = read(&sb.join("pkgs/lyon/.sitepack/lock.toml"));
    assert!(
        lock.contains("kind = \"dir\"") && lock.contains("path = \"../../standards/acme\""),
        "{lock}"
    );
    sb.sitepack(&["diff", "pkgs/lyon"]).run().code(0);
    let gate = sb.sitepack(&["gate", "pkgs/lyon"]).run();
    gate.check(matches!(gate.status, Some(0 | 1)), "gate ran");
    edit_site(&sb, "pkgs/lyon");
    sb.sitepack(&["update", "pkgs/lyon"]).run().code(0);
    assert_eq!(plan_version(&sb, "pkgs/lyon"), "7.1.0");
    assert!(read(&sb.join("pkgs/lyon/src/overview.md")).contains("Acme Forming"));
    // From another working directory, the recorded path still resolves from the package.
    sb.sitepack(&["diff", "lyon"])
        .current_dir(sb.join("pkgs"))
        .run()
        .code(0);
}

#[test]
fn a_package_from_a_git_repository_stays_at_its_recorded_commit() {
    let sb = Sandbox::new();
    company_playbooks(&sb, "std", "2.0.0");
    for args in [
        &["init", "-q", "-b", "main", "std"][..],
        &["-C", "std", "add", "-A"],
        &["-C", "std", "commit", "-qm", "2.0.0"],
        &["-C", "std", "tag", "v2"],
    ] {
        sb.git(args).run().code(0);
    }
    let extra = ["--playbooks", "std", "--playbooks-ref", "v2"];
    sb.render(&example("lyon"), USE_CASE, "pkg", &extra);
    set_version(&sb.join("std"), "3.0.0");
    sb.git(&["-C", "std", "commit", "-qam", "3.0.0"])
        .run()
        .code(0);
    sb.sitepack(&["diff", "pkg"]).run().code(0);
    edit_site(&sb, "pkg");
    sb.sitepack(&["update", "pkg"]).run().code(0);
    assert_eq!(
        plan_version(&sb, "pkg"),
        "2.0.0",
        "no silent upgrade to the new head"
    );
}

#[test]
fn moving_to_the_built_ins_or_an_older_version_needs_allow_downgrade() {
    let sb = Sandbox::new();
    company_playbooks(&sb, "acme", "5.0.0");
    sb.render(&example("lyon"), USE_CASE, "pkg", &["--playbooks", "acme"]);
    let lock = read(&sb.join("pkg/.sitepack/lock.toml"));
    let refused = sb
        .sitepack(&["update", "pkg", "--playbooks", "builtin"])
        .run();
    refused.code(2).stderr_has(&[
        "from the playbooks in directory ../acme to the built-in playbooks",
        "--allow-downgrade",
    ]);
    set_version(&sb.join("acme"), "4.9.0");
    sb.sitepack(&["update", "pkg"])
        .run()
        .code(2)
        .stderr_has(&["from predictive-maintenance 5.0.0 to the older 4.9.0"]);
    let render = sb
        .sitepack(&[
            "render",
            example("lyon").to_str().unwrap(),
            "--use-case",
            USE_CASE,
            "--out",
            "pkg",
        ])
        .run();
    render.code(2).stderr_has(&["to the built-in playbooks"]);
    assert_eq!(
        read(&sb.join("pkg/.sitepack/lock.toml")),
        lock,
        "refusals write nothing"
    );
    sb.sitepack(&[
        "update",
        "pkg",
        "--playbooks",
        "builtin",
        "--allow-downgrade",
    ])
    .run()
    .code(0);
    assert!(read(&sb.join("pkg/.sitepack/lock.toml")).contains("kind = \"built-in\""));
    sb.sitepack(&["diff", "pkg"]).run().code(0);
}

#[test]
fn a_lock_edited_to_name_another_directory_is_not_read() {
    let sb = Sandbox::new();
    company_playbooks(&sb, "acme", "5.0.0");
    sb.render(&example("lyon"), USE_CASE, "pkg", &["--playbooks", "acme"]);
    sb.write(
        "secrets/predictive-maintenance/playbook.toml",
        "token = \"hunter2-secret\"\n",
    );
    let lock = sb.join("pkg/.sitepack/lock.toml");
    std::fs::write(
        &lock,
        read(&lock).replace("path = \"../acme\"", "path = \"../secrets\""),
    )
    .unwrap();
    sb.git(&["-C", "pkg", "commit", "-qam", "point the lock elsewhere"])
        .run()
        .code(0);
    for command in ["diff", "gate", "update"] {
        let run = sb.sitepack(&[command, "pkg"]).run();
        run.code(2)
            .stderr_has(&["the playbooks in directory ../secrets", "--playbooks"]);
        run.check(
            !run.stderr.contains("hunter2") && !run.stdout.contains("hunter2"),
            "a file the lock named was read",
        );
    }
}

#[test]
fn a_no_git_package_names_its_playbooks_with_the_flag() {
    let sb = Sandbox::new();
    company_playbooks(&sb, "acme", "5.0.0");
    sb.render(
        &example("lyon"),
        USE_CASE,
        "pkg",
        &["--playbooks", "acme", "--no-git"],
    );
    sb.sitepack(&["diff", "pkg"])
        .run()
        .code(2)
        .stderr_has(&["no render on `sitepack/rendered`"]);
    sb.sitepack(&["diff", "pkg", "--playbooks", "acme"])
        .run()
        .code(0);
}
