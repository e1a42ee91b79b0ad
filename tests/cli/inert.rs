//! Text stays inert in every output (SPEC sections 5 and 8): control characters and bidi
//! overrides from a profile, a page or a playbook never land raw in a page, a CSV cell,
//! plan.json, stdout or stderr; markup in a playbook's phase title never comes alive in the
//! book's search index.

use crate::util::{example, mdbook_available, read, tree, Sandbox, AS_OF};

/// True for what must never appear raw: C0 controls but tab and new line, DEL, C1
/// controls, bidi controls.
fn neutralised(c: char) -> bool {
    matches!(c,
        '\0'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn assert_inert(what: &str, text: &str) {
    let found: Vec<String> = text
        .chars()
        .filter(|&c| neutralised(c))
        .map(|c| format!("U+{:04X}", u32::from(c)))
        .collect();
    assert!(found.is_empty(), "{what} holds raw {found:?}:\n{text}");
}

/// Lyon with a site name and an owner name full of controls and bidi overrides, written as
/// TOML escapes (the file itself is plain ASCII there).
fn hostile_lyon(sb: &Sandbox) -> std::path::PathBuf {
    let text = read(&example("lyon"));
    let name = r#"name = "Lyon\u0000\u001b[2J\u202eexe.txt\u2066\u200f\u0085\u007f end""#;
    let text = text.replacen("name = \"", &format!("{name}\nold_name = \""), 1);
    let text = text.replacen("\nold_name = \"", "\n# was: \"", 1);
    sb.write("hostile.toml", &text)
}

#[test]
fn controls_and_bidi_from_a_profile_never_land_raw_in_any_file() {
    let sb = Sandbox::new();
    let site = hostile_lyon(&sb);
    sb.render(&site, "predictive-maintenance", "pkg", &[]);
    let files = tree(&sb.join("pkg"));
    let overview = String::from_utf8_lossy(&files["src/overview.md"]).into_owned();
    assert!(
        overview.contains("Lyon\u{fffd}"),
        "the name is missing:\n{overview}"
    );
    for (path, bytes) in &files {
        if !path.starts_with(".git/") {
            assert_inert(path, &String::from_utf8_lossy(bytes));
        }
    }
    let plan: serde_json::Value = serde_json::from_slice(&files["data/plan.json"]).unwrap();
    let name = plan["site"]["name"].as_str().unwrap();
    assert!(
        name.contains("\u{202e}exe.txt") && name.contains('\0'),
        "plan.json must keep the data: {name:?}"
    );
}

#[test]
fn controls_and_bidi_never_reach_the_terminal() {
    let sb = Sandbox::new();
    let site = hostile_lyon(&sb);
    sb.render(&site, "predictive-maintenance", "pkg", &[]);
    // A person's edit with an escape sequence and a raw bidi override, shown by diff.
    let page = sb.join("pkg/src/overview.md");
    std::fs::write(
        &page,
        format!("{}\nnote \u{1b}[2J\u{202e}gnp.exe\r\n", read(&page)),
    )
    .unwrap();
    for args in [
        vec!["diff", "pkg"],
        vec!["diff", "pkg", "--format", "json"],
        vec![
            "check",
            site.to_str().unwrap(),
            "--use-case",
            "predictive-maintenance",
        ],
        vec![
            "explain",
            site.to_str().unwrap(),
            "--use-case",
            "predictive-maintenance",
            "--as-of",
            AS_OF,
        ],
    ] {
        let run = sb.sitepack(&args).run();
        assert_inert(&format!("stdout of {args:?}"), &run.stdout);
        assert_inert(&format!("stderr of {args:?}"), &run.stderr);
        if args.contains(&"json") {
            let doc = run.json();
            assert!(
                doc.to_string().contains("\\u001b[2J"),
                "the JSON keeps the data: {doc}"
            );
        }
    }
    let diff = sb.sitepack(&["diff", "pkg"]).run();
    diff.code(1)
        .stdout_has(&["note <U+001B>[2J<U+202E>gnp.exe<U+000D>"]);
    // An invalid profile whose bad value holds a raw bidi override and a raw escape.
    let bad = read(&example("lyon")).replacen(
        "criticality = \"",
        "criticality = \"\u{202e}hi\"\nx_ = \"",
        1,
    );
    let bad = sb.write("bad.toml", &bad);
    let run = sb.sitepack(&["check", bad.to_str().unwrap()]).run();
    run.code(1).stderr_has(&["<U+202E>hi"]);
    assert_inert("stderr of check", &run.stderr);
    // A raw escape is not valid TOML: the snippet shows the line with the escape visible.
    let raw = read(&example("lyon")).replacen("criticality = \"", "criticality = \"\u{1b}[31m", 1);
    let raw = sb.write("raw.toml", &raw);
    let run = sb.sitepack(&["check", raw.to_str().unwrap()]).run();
    run.code(1).stderr_has(&["\"?[31m"]);
    assert_inert("stderr of check", &run.stderr);
}

#[test]
fn markup_in_a_playbook_phase_title_stays_text_in_the_book_and_its_search_index() {
    let sb = Sandbox::new();
    let playbooks = sb.join("playbooks");
    for (path, bytes) in tree(&crate::util::repo().join("playbooks")) {
        if !path.ends_with(".toml") {
            continue;
        }
        let text = String::from_utf8(bytes).unwrap().replace(
            "title = \"Assess\"",
            "title = \"Assess <img src=x onerror=alert(1)> \\u202e\"",
        );
        sb.write(&format!("playbooks/{path}"), &text);
    }
    let args = ["--playbooks", playbooks.to_str().unwrap()];
    sb.render(&example("lyon"), "predictive-maintenance", "pkg", &args);
    let rollout = read(&sb.join("pkg/src/rollout.md"));
    assert!(
        rollout.contains("## 1. Assess \u{2039}img src=x onerror=alert(1)\u{203a}"),
        "{rollout}"
    );
    assert_inert("rollout.md", &rollout);
    if !mdbook_available() {
        return;
    }
    let dest = sb.join("html");
    sb.cmd(
        "mdbook",
        &["build", "pkg", "--dest-dir", dest.to_str().unwrap()],
    )
    .run()
    .code(0);
    let index = read(&dest.join("searchindex.js"));
    assert!(
        index.contains("onerror"),
        "the title is not in the search index"
    );
    for live in ["<img", "\\u003cimg", "&lt;img"] {
        assert!(!index.contains(live), "{live} in the search index");
    }
    for (path, bytes) in tree(&dest) {
        if path.ends_with(".html") {
            let html = String::from_utf8_lossy(&bytes);
            assert!(!html.contains("<img src=x"), "{path}: live <img>");
        }
    }
}
