//! Trust on the input side (SPEC section 8): a package's content cannot make sitepack read
//! or print a file outside DIR, follow a link, block on a FIFO or read a device; errors
//! name the file and position; `check` goes on after a bad file.
//!
//! Every run goes through `timeout`, so a hang fails the test (exit 124) instead of
//! blocking the suite.

use std::path::Path;

use crate::util::{example, read, Run, Sandbox, AS_OF};

/// A secret in the environment of every run: it must never appear in any output.
const SECRET: &str = "SITEPACK_TEST_SECRET=hunter2-ci-token";

/// Runs sitepack with `args`, killed after 20 s, with [`SECRET`] in its environment.
fn run(sb: &Sandbox, args: &[&str]) -> Run {
    let mut all = vec!["20", env!("CARGO_BIN_EXE_sitepack")];
    all.extend_from_slice(args);
    let (key, value) = SECRET.split_once('=').unwrap();
    let run = sb.cmd("timeout", &all).env(key, value).run();
    run.check(run.status != Some(124), "sitepack hung");
    run.check(
        !run.stdout.contains("hunter2") && !run.stderr.contains("hunter2"),
        "the environment leaked into the output",
    );
    run
}

fn rendered(sb: &Sandbox) -> std::path::PathBuf {
    sb.render(&example("lyon"), "predictive-maintenance", "pkg", &[]);
    sb.join("pkg")
}

fn commit(sb: &Sandbox, message: &str) {
    sb.git(&["-C", "pkg", "add", "-A"]).run().code(0);
    sb.git(&["-C", "pkg", "commit", "-qm", message])
        .run()
        .code(0);
}

fn mkfifo(path: &Path) {
    let run = Sandbox::new()
        .cmd("mkfifo", &[path.to_str().unwrap()])
        .run();
    run.code(0);
}

fn symlink(target: impl AsRef<Path>, link: &Path) {
    let _ = std::fs::remove_file(link);
    std::os::unix::fs::symlink(target, link).unwrap();
}

/// Adds `[files]` entries to the package's lock.
fn add_to_lock(pkg: &Path, paths: &[&str]) {
    let lock = pkg.join(".sitepack/lock.toml");
    let mut text = read(&lock);
    for path in paths {
        text.push_str(&format!(
            "{} = \"sha256:{}\"\n",
            toml::Value::String(path.to_string()),
            "0".repeat(64)
        ));
    }
    std::fs::write(lock, text).unwrap();
}

#[test]
fn a_lock_listing_outside_paths_is_an_error_with_its_line_and_prints_nothing() {
    let sb = Sandbox::new();
    let pkg = rendered(&sb);
    sb.write("x", "outside the package");
    add_to_lock(
        &pkg,
        &["/proc/self/environ", "/etc/passwd", "../../x", "../x"],
    );
    commit(&sb, "a hostile lock");
    let lines = read(&pkg.join(".sitepack/lock.toml")).lines().count();
    for command in ["diff", "gate", "update"] {
        let r = run(&sb, &[command, "pkg"]);
        r.code(2).stderr_has(&[
            &format!("lock.toml:{}:1: [files] `/proc/self/environ`", lines - 3),
            &format!("lock.toml:{}:1: [files] `../x`", lines),
            "not a plain relative path",
        ]);
        r.check(
            !r.stdout.contains("root:") && !r.stderr.contains("root:"),
            "printed /etc/passwd",
        );
        r.check(!r.stdout.contains("outside the package"), "printed ../x");
    }
}

#[test]
fn a_lock_listing_git_internals_or_an_edited_dropped_file_shows_no_content() {
    let sb = Sandbox::new();
    let pkg = rendered(&sb);
    add_to_lock(&pkg, &[".git/config"]);
    commit(&sb, "lock lists .git/config");
    let r = run(&sb, &["diff", "pkg"]);
    r.code(2)
        .stderr_has(&["[files] `.git/config`: inside .git"]);
    r.check(!r.stdout.contains("[core]"), "printed .git/config");
}

#[test]
fn a_file_in_the_lock_that_the_render_does_not_produce_is_shown_only_if_the_lock_knows_it() {
    let sb = Sandbox::new();
    let pkg = rendered(&sb);
    sb.write("pkg/notes/secret.md", "private note\n");
    add_to_lock(&pkg, &["notes/secret.md"]);
    commit(&sb, "lock lists a file it never rendered");
    let r = run(&sb, &["diff", "pkg"]);
    r.code(1)
        .stdout_has(&["a/notes/secret.md", "content not shown"]);
    r.check(
        !r.stdout.contains("private note"),
        "printed a file sitepack did not render",
    );
}

#[test]
fn a_symlinked_site_page_or_lock_is_refused_by_every_command() {
    let sb = Sandbox::new();
    sb.write("secret.txt", "root:x:0:0:the secret\n");
    let secret = sb.join("secret.txt");
    let cases = [
        ("site.toml", "site.toml is a symbolic link"),
        ("src/overview.md", "src/overview.md is a symbolic link"),
        (".sitepack/lock.toml", "lock.toml is a symbolic link"),
        ("src", "src is a symbolic link"),
    ];
    for (path, message) in cases {
        let sb_case = Sandbox::new();
        let pkg = rendered(&sb_case);
        let target = if path == "src" {
            sb.path().to_path_buf()
        } else {
            secret.clone()
        };
        if path == "src" {
            std::fs::remove_dir_all(pkg.join("src")).unwrap();
        }
        symlink(&target, &pkg.join(path));
        commit(&sb_case, "a link");
        for command in ["diff", "gate", "update"] {
            let r = run(&sb_case, &[command, "pkg"]);
            r.code(2).stderr_has(&[message]);
            r.check(
                !r.stderr.contains("the secret") && !r.stdout.contains("the secret"),
                "followed the link",
            );
        }
        let r = run(
            &sb_case,
            &[
                "render",
                example("lyon").to_str().unwrap(),
                "--use-case",
                "predictive-maintenance",
                "--out",
                "pkg",
                "--as-of",
                "2027-01-01",
            ],
        );
        r.code(2).stderr_has(&["symbolic link"]);
        assert_eq!(
            read(&secret),
            "root:x:0:0:the secret\n",
            "{path}: wrote through the link"
        );
    }
}

#[test]
fn a_device_or_fifo_as_profile_is_refused_quickly() {
    let sb = Sandbox::new();
    mkfifo(&sb.join("fifo.toml"));
    for profile in ["/dev/zero", "fifo.toml"] {
        run(&sb, &["check", profile])
            .code(2)
            .stderr_has(&["not a regular file"]);
        run(
            &sb,
            &[
                "render",
                profile,
                "--use-case",
                "predictive-maintenance",
                "--out",
                "out",
            ],
        )
        .code(2)
        .stderr_has(&["not a regular file"]);
        assert!(!sb.join("out").exists());
    }
    let pkg = rendered(&sb);
    run(&sb, &["update", "pkg", "--site", "/dev/zero"])
        .code(2)
        .stderr_has(&["/dev/zero is a device"]);
    assert!(pkg.join("site.toml").is_file());
}

#[test]
fn a_fifo_or_device_inside_the_package_is_refused_without_blocking() {
    let sb = Sandbox::new();
    let pkg = rendered(&sb);
    std::fs::create_dir_all(pkg.join("book")).unwrap();
    mkfifo(&pkg.join("book/pipe"));
    let status = sb.git(&["-C", "pkg", "status", "--porcelain"]).run();
    status.check(status.stdout.is_empty(), "book/ must be git-ignored");
    for command in ["diff", "gate", "update"] {
        run(&sb, &[command, "pkg"])
            .code(2)
            .stderr_has(&["book/pipe is a FIFO"]);
    }
    std::fs::remove_file(pkg.join("book/pipe")).unwrap();
    mkfifo(&pkg.join("progress.toml"));
    run(
        &sb,
        &[
            "render",
            example("lyon").to_str().unwrap(),
            "--use-case",
            "predictive-maintenance",
            "--out",
            "pkg",
            "--as-of",
            AS_OF,
        ],
    )
    .code(2)
    .stderr_has(&["progress.toml is a FIFO"]);
}

#[test]
fn a_dir_that_is_a_dangling_link_or_a_file_is_refused() {
    let sb = Sandbox::new();
    symlink(sb.join("nowhere"), &sb.join("dangling"));
    sb.write("file", "not a directory\n");
    for dir in ["dangling", "file"] {
        for command in ["diff", "gate", "update"] {
            run(&sb, &[command, dir]).code(2).stderr_has(&[dir]);
        }
    }
    run(
        &sb,
        &[
            "render",
            example("lyon").to_str().unwrap(),
            "--use-case",
            "predictive-maintenance",
            "--out",
            "dangling",
        ],
    )
    .code(2)
    .stderr_has(&["dangling link"]);
    assert!(std::fs::symlink_metadata(sb.join("dangling"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(
        !sb.join("nowhere").exists(),
        "rendered through the dangling link"
    );
}

#[test]
fn check_reports_every_file_and_invalid_utf8_with_its_position() {
    let sb = Sandbox::new();
    let lyon = read(&example("lyon"));
    let mut bad = lyon
        .replacen("name = \"", "name = \"\u{e9}", 1)
        .into_bytes();
    let at = bad.iter().position(|&b| b == 0xc3).unwrap();
    bad[at] = 0xff;
    std::fs::write(sb.join("a.toml"), &bad).unwrap();
    sb.write("b.toml", &lyon);
    let line = lyon[..at].matches('\n').count() + 1;
    let column = lyon[..at].rsplit('\n').next().unwrap().chars().count() + 1;
    let r = run(&sb, &["check", "a.toml", "b.toml", "missing.toml"]);
    r.code(2)
        .stdout_has(&[
            "a.toml: unreadable",
            "b.toml: valid",
            "missing.toml: unreadable",
        ])
        .stderr_has(&[
            &format!("a.toml:{line}:{column}: invalid UTF-8"),
            "missing.toml",
        ]);
    let r = run(&sb, &["check", "a.toml", "b.toml", "--format", "json"]);
    r.code(2);
    let doc = r.json();
    assert_eq!(doc["profiles"][0]["errors"][0]["line"], line, "{doc}");
    assert_eq!(doc["profiles"][1]["valid"], true, "{doc}");
}

/// Entries beside `pkg` that sitepack made: its lock file and staging directories.
fn leftovers(sb: &Sandbox) -> Vec<String> {
    std::fs::read_dir(sb.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".pkg.sitepack"))
        .collect()
}

fn wait_for(path: &Path) {
    let start = std::time::Instant::now();
    while !path.exists() {
        assert!(start.elapsed().as_secs() < 60, "never reached {path:?}");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

#[test]
fn a_run_killed_before_its_swap_leaves_staging_that_the_next_run_removes() {
    let sb = Sandbox::new();
    let pkg = rendered(&sb);
    let lyon = example("lyon");
    let renamed = read(&lyon).replace("Acme Metals", "Acme Forming");
    let site = sb.write("renamed.toml", &renamed);
    let pause = sb.join("pause");
    std::fs::create_dir(&pause).unwrap();
    for command in ["update", "render"] {
        let args = match command {
            "update" => vec!["update", "pkg", "--site", site.to_str().unwrap()],
            _ => vec![
                "render",
                site.to_str().unwrap(),
                "--use-case",
                "predictive-maintenance",
                "--out",
                "pkg",
            ],
        };
        let _ = std::fs::remove_file(pause.join("before-swap.reached"));
        let mut child = sb
            .sitepack(&args)
            .env(
                "SITEPACK_TEST_PAUSE",
                format!("before-swap:{}", pause.display()),
            )
            .spawn();
        wait_for(&pause.join("before-swap.reached"));
        child.kill().unwrap();
        child.wait().unwrap();
        let left = leftovers(&sb);
        assert!(
            left.iter().any(|n| n.starts_with(".pkg.sitepack-stage-")),
            "{command}: the kill should leave a staging directory: {left:?}"
        );
        assert!(!read(&pkg.join("src/overview.md")).contains("Acme Forming"));
    }
    run(&sb, &["diff", "pkg"]).code(0);
    let r = run(&sb, &["update", "pkg", "--site", site.to_str().unwrap()]);
    r.code(0);
    r.check(
        !r.stderr.contains("sitepack-stage"),
        "named the staging directory",
    );
    assert_eq!(
        leftovers(&sb),
        Vec::<String>::new(),
        "staging or lock left after a clean run"
    );
    assert!(read(&pkg.join("src/overview.md")).contains("Acme Forming"));
}

#[test]
fn a_planted_lock_file_link_beside_dir_is_refused_and_its_target_kept() {
    let sb = Sandbox::new();
    rendered(&sb);
    sb.write("victim.txt", "keep me\n");
    symlink(sb.join("victim.txt"), &sb.join(".pkg.sitepack-lock"));
    let r = run(&sb, &["update", "pkg", "--as-of", "2027-01-01"]);
    r.code(2).stderr_has(&["lock file", "is a symbolic link"]);
    assert_eq!(read(&sb.join("victim.txt")), "keep me\n");
}

#[test]
fn progress_with_several_errors_reports_them_all_with_key_paths() {
    let sb = Sandbox::new();
    rendered(&sb);
    sb.write(
        "pkg/progress.toml",
        "[items.\"integration.gateway.press-07\"]\nstatus = \"dnoe\"\nowner = \"Ines\"\n\
         [kpis]\nalert_precision = \"high\"\ndowntime = { valu = 3 }\n[extra]\n",
    );
    commit(&sb, "progress with mistakes");
    for command in ["gate", "diff", "update"] {
        let r = run(&sb, &[command, "pkg"]);
        r.code(2).stderr_has(&[
            "progress.toml:2:10: items.\"integration.gateway.press-07\".status: `dnoe`",
            "did you mean `done`",
            "progress.toml:3:1: items.\"integration.gateway.press-07\".owner: unknown key",
            "progress.toml:5:19: kpis.alert_precision: expected a number",
            "kpis.downtime.valu: unknown key",
            "progress.toml:7:2: extra: unknown key",
        ]);
    }
    let r = run(&sb, &["gate", "pkg", "--format", "json"]);
    let doc = r.json();
    let errors = doc["error"]["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 6, "{doc}");
    assert_eq!(
        errors[0]["key"], "items.\"integration.gateway.press-07\".status",
        "{doc}"
    );
}
