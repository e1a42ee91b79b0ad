//! Golden snapshots (insta, under tests/snapshots/): every file of the lyon and
//! monterrey packages for predictive maintenance, and `data/plan.json` for every
//! bundled example and use case. Review changes with `cargo insta review`.
//!
//! The lock file is snapshotted too, after checking it holds nothing machine-specific.

use crate::util::{examples, read, repo, tree, Sandbox, USE_CASES};

fn snapshot(name: &str, text: &str) {
    insta::with_settings!({
        snapshot_path => repo().join("tests/snapshots"),
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn every_file_of_lyon_and_monterrey() {
    for site in ["lyon", "monterrey"] {
        let sb = Sandbox::new();
        sb.render(
            &crate::util::example(site),
            "predictive-maintenance",
            "pkg",
            &["--no-git"],
        );
        let files = tree(&sb.join("pkg"));
        assert!(!files.contains_key(".git"), "--no-git made a repository");
        assert_no_stale_snapshots(site, &files);
        for (path, bytes) in files {
            if bytes == b"<dir>" {
                continue;
            }
            let text = String::from_utf8(bytes).unwrap_or_else(|_| panic!("{path} is not UTF-8"));
            if path == ".sitepack/lock.toml" {
                assert_machine_free(&sb, &text);
            }
            let name = format!("{site}__{}", path.replace('/', "__"));
            snapshot(&name, &text);
        }
    }
}

/// A file the package no longer has must not keep a snapshot that nothing checks.
fn assert_no_stale_snapshots(site: &str, files: &std::collections::BTreeMap<String, Vec<u8>>) {
    let prefix = format!("{site}__");
    let expected: Vec<String> = files
        .iter()
        .filter(|(_, b)| b.as_slice() != b"<dir>")
        .map(|(p, _)| format!("{prefix}{}.snap", p.replace('/', "__")))
        .collect();
    let dir = repo().join("tests/snapshots");
    for entry in std::fs::read_dir(&dir).expect("tests/snapshots exists") {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.starts_with(&prefix) && name.ends_with(".snap") {
            assert!(
                expected.contains(&name),
                "stale snapshot {name}: the package has no such file"
            );
        }
    }
}

fn assert_machine_free(sb: &Sandbox, lock: &str) {
    let forbidden = [
        sb.path().display().to_string(),
        std::env::temp_dir().display().to_string(),
        repo().display().to_string(),
        std::env::var("USER").unwrap_or_else(|_| "\u{0}".into()),
    ];
    for needle in forbidden.iter().filter(|n| n.len() > 1) {
        assert!(
            !lock.contains(needle.as_str()),
            "lock.toml holds {needle:?}"
        );
    }
    assert!(
        !lock.contains("/home/") && !lock.contains("/tmp") && !lock.contains("\\\\"),
        "lock.toml holds a path"
    );
}

#[test]
fn plan_json_of_every_example_and_use_case() {
    for (site, path) in examples() {
        for use_case in USE_CASES {
            let sb = Sandbox::new();
            sb.render(&path, use_case, "pkg", &["--no-git"]);
            snapshot(
                &format!("plan__{site}__{use_case}"),
                &read(&sb.join("pkg/data/plan.json")),
            );
        }
    }
}
