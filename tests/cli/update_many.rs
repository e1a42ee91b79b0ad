//! `sitepack update A B C`: several packages in parallel, one line each, a JSON list, and
//! the exit precedence (conflicts 1, then refusals 2).

use crate::util::{example, read, Sandbox};

fn commit(sb: &Sandbox, dir: &str, message: &str) {
    sb.git(&["-C", dir, "add", "-A"]).run().code(0);
    sb.git(&["-C", dir, "commit", "-qm", message]).run().code(0);
}

/// Three packages: `a` as rendered, `b` with a new company name and a conflicting edit of
/// the same line, `c` with a new company name only.
fn three(sb: &Sandbox) {
    for dir in ["a", "b", "c"] {
        sb.render(&example("lyon"), "predictive-maintenance", dir, &[]);
    }
    for dir in ["b", "c"] {
        let site = sb.join(&format!("{dir}/site.toml"));
        std::fs::write(
            &site,
            read(&site).replace("company = \"Acme Metals\"", "company = \"Acme Forming\""),
        )
        .unwrap();
        commit(sb, dir, "new company name");
    }
    let overview = sb.join("b/src/overview.md");
    std::fs::write(
        &overview,
        read(&overview).replace("| Company | Acme Metals |", "| Company | Acme Metals SAS |"),
    )
    .unwrap();
    commit(sb, "b", "legal name");
}

#[test]
fn one_conflicting_package_of_three_exits_1_and_the_others_are_updated() {
    let sb = Sandbox::new();
    three(&sb);
    let run = sb.sitepack(&["update", "a", "b", "c"]).run();
    run.code(1).stderr_has(&["src/overview.md"]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    assert!(lines[0].ends_with("/a: unchanged"), "{}", lines[0]);
    assert!(
        lines[1].contains("/b: conflicts (src/overview.md"),
        "{}",
        lines[1]
    );
    assert!(lines[2].contains("/c: updated (main at "), "{}", lines[2]);
    assert!(read(&sb.join("c/src/overview.md")).contains("Acme Forming"));
    assert!(read(&sb.join("b/src/overview.md")).contains("<<<<<<<"));
}

#[test]
fn the_json_list_has_one_entry_per_package_in_order() {
    let sb = Sandbox::new();
    three(&sb);
    sb.write("plain/notes.txt", "not a package");
    let run = sb
        .sitepack(&["update", "c", "plain", "a", "--format", "json"])
        .run();
    run.code(2);
    let doc = run.json();
    let list = doc.as_array().expect("a JSON list");
    let states: Vec<&str> = list.iter().map(|p| p["state"].as_str().unwrap()).collect();
    assert_eq!(states, ["updated", "refused", "unchanged"]);
    assert!(list[0]["dir"].as_str().unwrap().ends_with("/c"));
    assert_eq!(list[0]["changed"], true);
    assert_eq!(list[1]["ok"], false);
    assert_eq!(list[1]["error"]["exit_code"], 2);
    run.stderr_has(&["plain", "not a sitepack package"]);
}

#[test]
fn conflicts_take_precedence_over_refusals_and_site_is_for_one_package() {
    let sb = Sandbox::new();
    three(&sb);
    sb.sitepack(&["update", "b", "missing"])
        .run()
        .code(1)
        .stderr_has(&["missing"]);
    sb.sitepack(&["update", "a", "./a"])
        .run()
        .code(2)
        .stderr_has(&["given twice"]);
    let site = example("lyon");
    sb.sitepack(&["update", "a", "c", "--site", site.to_str().unwrap()])
        .run()
        .code(2)
        .stderr_has(&["--site"]);
}
