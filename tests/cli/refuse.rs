//! Exit 2 from `render`: every way the input can be unusable, and the promise
//! that a refused render writes nothing (SPEC section 5, "validate before write"
//! and "nothing lost"). Each case compares the output directory before and after.

use std::path::Path;

use crate::util::{example, read, tree, Sandbox, AS_OF};

/// A case: how to prepare the sandbox, the arguments, and what stderr must say.
struct Case {
    name: &'static str,
    prepare: fn(&Sandbox) -> Vec<String>,
    stderr: &'static [&'static str],
}

fn args(site: &Path, use_case: &str, extra: &[&str]) -> Vec<String> {
    let mut v = vec![
        "render".to_string(),
        site.display().to_string(),
        "--use-case".into(),
        use_case.into(),
        "--out".into(),
        "out".into(),
    ];
    v.extend(extra.iter().map(|s| s.to_string()));
    v
}

const INVALID_PROFILE: &str = r#"format = 1

[site]
id = "lyon"
name = "Lyon"
shifts_per_day = 3
floor_staff = 140

[owners]

[network]
segmentation = "flat"

[[assets]]
id = "press-07"
kind = "press"
criticality = "hihg"
installed = 1996
"#;

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "invalid profile",
            prepare: |sb| {
                let p = sb.write("site.toml", INVALID_PROFILE);
                args(&p, "predictive-maintenance", &["--as-of", AS_OF])
            },
            stderr: &["site.toml:17:15", "assets[0].criticality", "high"],
        },
        Case {
            name: "unknown use case",
            prepare: |_| {
                args(
                    &example("lyon"),
                    "predictive-maintenanc",
                    &["--as-of", AS_OF],
                )
            },
            stderr: &[
                "predictive-maintenanc",
                "did you mean `predictive-maintenance`",
            ],
        },
        Case {
            name: "unreadable profile",
            prepare: |sb| {
                args(
                    &sb.join("no-such.toml"),
                    "predictive-maintenance",
                    &["--as-of", AS_OF],
                )
            },
            stderr: &["no-such.toml"],
        },
        Case {
            name: "profile is a directory",
            prepare: |sb| {
                std::fs::create_dir(sb.join("adir")).unwrap();
                args(
                    &sb.join("adir"),
                    "predictive-maintenance",
                    &["--as-of", AS_OF],
                )
            },
            stderr: &["adir"],
        },
        Case {
            name: "bad --as-of",
            prepare: |_| {
                args(
                    &example("lyon"),
                    "predictive-maintenance",
                    &["--as-of", "2026-02-30"],
                )
            },
            stderr: &["2026-02-30"],
        },
        Case {
            name: "non-empty directory that is not a package",
            prepare: |sb| {
                sb.write("out/notes.txt", "my own notes\n");
                sb.write("out/sub/keep.md", "# keep\n");
                args(
                    &example("lyon"),
                    "predictive-maintenance",
                    &["--as-of", AS_OF],
                )
            },
            stderr: &["out"],
        },
        Case {
            name: "package with uncommitted changes",
            prepare: |sb| {
                sb.render(&example("lyon"), "predictive-maintenance", "out", &[]);
                sb.write("out/src/overview.md", "my edit\n");
                args(
                    &example("lyon"),
                    "predictive-maintenance",
                    &["--as-of", "2026-12-01"],
                )
            },
            stderr: &["uncommitted"],
        },
        Case {
            name: "package with an untracked file",
            prepare: |sb| {
                sb.render(&example("lyon"), "predictive-maintenance", "out", &[]);
                sb.write("out/src/mine.md", "mine\n");
                args(
                    &example("lyon"),
                    "predictive-maintenance",
                    &["--as-of", "2026-12-01"],
                )
            },
            stderr: &["out"],
        },
        Case {
            name: "asset id that climbs out of DIR",
            prepare: |sb| {
                let text =
                    read(&example("lyon")).replacen("id = \"press-07\"", "id = \"../../etc\"", 1);
                let p = sb.write("climb.toml", &text);
                args(&p, "predictive-maintenance", &["--as-of", AS_OF])
            },
            stderr: &["climb.toml:", "assets[0].id", "../../etc"],
        },
        Case {
            name: "site id that climbs out of DIR",
            prepare: |sb| {
                let text = read(&example("lyon")).replacen("id = \"lyon\"", "id = \"../lyon\"", 1);
                let p = sb.write("climb.toml", &text);
                args(&p, "predictive-maintenance", &["--as-of", AS_OF])
            },
            stderr: &["climb.toml:", "site.id"],
        },
        Case {
            name: "playbook with a broken rule",
            prepare: |sb| {
                let dir = sb.join("pb");
                copy_dir(&crate::util::repo().join("playbooks"), &dir);
                let file = dir.join("predictive-maintenance/playbook.toml");
                let text = read(&file);
                let at = text.find("\nwhen = ").expect("a playbook rule has `when`") + 1;
                let end = at + text[at..].find('\n').expect("a line end");
                // The error may point at the `when` line or at the rule's header above it.
                let when_line = text[..at].lines().count() + 1;
                let header_line = text[..at]
                    .lines()
                    .enumerate()
                    .filter(|(_, l)| l.starts_with("[["))
                    .map(|(i, _)| i + 1)
                    .last()
                    .expect("a rule header");
                let broken = format!(
                    "{}when = \"asset.in_scope &&& (\"{}",
                    &text[..at],
                    &text[end..]
                );
                std::fs::write(&file, broken).unwrap();
                sb.write("line.txt", &format!("{header_line} {when_line}"));
                let mut v = args(
                    &example("lyon"),
                    "predictive-maintenance",
                    &["--as-of", AS_OF],
                );
                v.extend(["--playbooks".to_string(), dir.display().to_string()]);
                v
            },
            stderr: &["predictive-maintenance/playbook.toml:"],
        },
    ]
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn unusable_input_exits_2_and_writes_nothing() {
    for case in cases() {
        let sb = Sandbox::new();
        let argv = (case.prepare)(&sb);
        let before = tree(&sb.join("out"));
        let head_before = sb.git(&["-C", "out", "rev-parse", "HEAD"]).run().stdout;
        let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
        let run = sb.sitepack(&argv).run();
        run.code(2);
        run.check(
            run.stdout.is_empty(),
            &format!("{}: stdout is not empty", case.name),
        );
        for needle in case.stderr {
            run.check(
                run.stderr.contains(needle),
                &format!("{}: stderr lacks {needle:?}", case.name),
            );
        }
        if case.name == "playbook with a broken rule" {
            let lines = read(&sb.join("line.txt"));
            let (header, when) = lines.split_once(' ').unwrap();
            run.check(
                run.stderr.contains(&format!("playbook.toml:{header}"))
                    || run.stderr.contains(&format!("playbook.toml:{when}")),
                &format!("stderr names neither playbook.toml:{header} nor :{when}"),
            );
        }
        run.check(
            tree(&sb.join("out")) == before,
            &format!("{}: the output directory changed", case.name),
        );
        let head_after = sb.git(&["-C", "out", "rev-parse", "HEAD"]).run().stdout;
        run.check(
            head_after == head_before,
            &format!("{}: HEAD moved", case.name),
        );
    }
}

#[test]
fn render_failure_with_json_prints_exactly_one_document() {
    let sb = Sandbox::new();
    let p = sb.write("site.toml", INVALID_PROFILE);
    let run = sb
        .sitepack(&[
            "render",
            p.to_str().unwrap(),
            "--use-case",
            "predictive-maintenance",
            "--out",
            "out",
            "--format",
            "json",
        ])
        .run();
    run.code(2);
    let doc = run.json();
    run.check(doc["ok"] == false, "ok is not false");
    run.check(doc["error"]["exit_code"] == 2, "exit_code is not 2");
    run.check(!sb.join("out").exists(), "out was created");
}

#[test]
fn bad_flags_exit_2() {
    let sb = Sandbox::new();
    let lyon = example("lyon");
    let lyon = lyon.to_str().unwrap();
    for argv in [
        vec!["render", lyon, "--out", "out"],
        vec![
            "render",
            lyon,
            "--use-case",
            "predictive-maintenance",
            "--out",
            "out",
            "--format",
            "yaml",
        ],
        vec!["frobnicate"],
        vec!["check"],
    ] {
        let run = sb.sitepack(&argv).run();
        run.code(2);
        run.check(run.stdout.is_empty(), "usage error on stdout");
        run.check(!sb.join("out").exists(), "out was created");
    }
}

#[test]
fn every_error_message_ends_with_a_newline() {
    let sb = Sandbox::new();
    let bad = sb.write("bad.toml", INVALID_PROFILE);
    let bad = bad.to_str().unwrap();
    let lyon = example("lyon");
    let lyon = lyon.to_str().unwrap();
    for argv in [
        vec![
            "render",
            bad,
            "--use-case",
            "predictive-maintenance",
            "--out",
            "out",
        ],
        vec!["explain", bad, "--use-case", "predictive-maintenance"],
        vec!["render", lyon, "--use-case", "nope", "--out", "out"],
        vec![
            "render",
            lyon,
            "--use-case",
            "predictive-maintenance",
            "--out",
            "out",
            "--as-of",
            "x",
        ],
        vec!["check", "missing.toml"],
    ] {
        let run = sb.sitepack(&argv).run();
        run.code(2);
        run.check(
            run.stderr.ends_with('\n'),
            "stderr does not end with a newline",
        );
    }
}

#[cfg(unix)]
#[test]
fn rerender_never_writes_through_a_symlink_out_of_the_package() {
    let sb = Sandbox::new();
    sb.render(&example("lyon"), "predictive-maintenance", "out", &[]);
    std::fs::rename(sb.join("out/data"), sb.join("elsewhere")).unwrap();
    std::os::unix::fs::symlink(sb.join("elsewhere"), sb.join("out/data")).unwrap();
    sb.git(&["-C", "out", "add", "-A"]).run().code(0);
    sb.git(&["-C", "out", "commit", "-qm", "data lives elsewhere"])
        .run()
        .code(0);
    let before = tree(&sb.join("elsewhere"));
    let lyon = example("lyon");
    let run = sb
        .sitepack(&[
            "render",
            lyon.to_str().unwrap(),
            "--use-case",
            "predictive-maintenance",
            "--out",
            "out",
            "--as-of",
            "2026-12-01",
        ])
        .run();
    run.code(2);
    run.check(
        run.stderr.contains("symbolic link"),
        "the refusal names the symbolic link",
    );
    run.check(
        tree(&sb.join("elsewhere")) == before,
        "files outside the package directory were changed through a symlink",
    );
}
