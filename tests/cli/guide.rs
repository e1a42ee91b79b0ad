//! The user guide runs as written: every `sitepack ...` line of a `sh` block in
//! `book/src/*.md` is run through `sh` in a sandbox holding the bundled examples (as
//! `examples/` and `sites/`), an asset register and a program file, page by page in
//! file order, and must exit 0. The guide also says how many examples there are.

use std::path::Path;

use crate::util::{examples, read, repo, Sandbox};

/// Commands that cannot run as written in a test, with the reason; the test fails when
/// one of them is no longer in the guide, so the list cannot grow stale.
const SKIPPED: &[(&str, &str)] = &[(
    "sitepack init --from-csv assets.csv --out site.toml",
    "asks its questions on a terminal",
)];

/// An asset register in SAP PM's column names, for `init --from-csv`.
const REGISTER: &str =
    "Equipment;Description;Object type;Functional Location;ABC Indicator;Start-up date
P-101;Feed pump 1;Centrifugal pump;Tank farm;A;12.05.1996
M-7;Mixer 7;Mixer;Tank farm;C;2015
";

/// A program file that converts the examples' other currencies.
const PROGRAM: &str = "currency = \"EUR\"

[rates.USD]
rate = 0.92
date = \"2026-11-30\"
source = \"ECB euro foreign exchange reference rate\"

[rates.CZK]
rate = 0.04
date = \"2026-11-30\"
source = \"ECB euro foreign exchange reference rate\"
";

/// `(page, command)` for every `sitepack` line of every `sh` block, continuations joined.
fn guide_commands() -> Vec<(String, String)> {
    let mut pages: Vec<_> = std::fs::read_dir(repo().join("book/src"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    pages.sort();
    let mut out = Vec::new();
    for page in pages {
        let name = page.file_name().unwrap().to_string_lossy().into_owned();
        for block in read(&page).split("```sh\n").skip(1) {
            let body = block.split("```").next().unwrap_or_default();
            for line in body.replace("\\\n", " ").lines() {
                if line.trim_start().starts_with("sitepack ") {
                    out.push((name.clone(), line.trim().to_string()));
                }
            }
        }
    }
    out
}

fn sandbox() -> Sandbox {
    let sb = Sandbox::new();
    for dir in ["examples", "sites"] {
        std::fs::create_dir_all(sb.join(dir)).unwrap();
        for (name, path) in examples() {
            std::fs::copy(&path, sb.join(&format!("{dir}/{name}.toml"))).unwrap();
        }
    }
    sb.write("assets.csv", REGISTER);
    sb.write("program.toml", PROGRAM);
    sb
}

#[test]
fn every_sitepack_command_of_the_guide_runs_as_written() {
    let commands = guide_commands();
    assert!(commands.len() >= 10, "{commands:?}");
    let sb = sandbox();
    let bin = Path::new(env!("CARGO_BIN_EXE_sitepack")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for (skipped, why) in SKIPPED {
        assert!(
            commands.iter().any(|(_, c)| c == skipped),
            "{skipped:?} ({why}) is no longer in the guide: drop it from SKIPPED"
        );
    }
    for (page, command) in &commands {
        if SKIPPED.iter().any(|(c, _)| c == command) {
            continue;
        }
        let run = sb.cmd("sh", &["-c", command]).env("PATH", &path).run();
        run.check(
            run.status == Some(0),
            &format!("{page}: `{command}` failed"),
        );
    }
    assert!(sb.join("lyon-package/src/status.md").is_file());
}

#[test]
fn the_explain_examples_name_ids_that_exist() {
    let commands = guide_commands();
    let explains: Vec<_> = commands
        .iter()
        .filter(|(_, c)| c.starts_with("sitepack explain"))
        .collect();
    assert!(!explains.is_empty(), "the guide shows explain");
    let sb = sandbox();
    for (page, command) in explains {
        let args: Vec<&str> = command.split_whitespace().skip(1).collect();
        let run = sb.sitepack(&args).run();
        run.code(0).stdout_has(&["why:"]);
        run.check(!run.out().contains("did you mean"), page);
    }
}

#[test]
fn the_guide_says_how_many_examples_there_are() {
    let want = examples();
    let words = [
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    let count = words.get(want.len()).copied().unwrap_or("many");
    let start = read(&repo().join("book/src/getting-started.md"));
    let phrase = format!("The repository ships {count} example sites in `examples/`");
    assert!(
        start.contains(&phrase),
        "getting-started.md lacks {phrase:?}"
    );
    for (name, _) in &want {
        let file = format!("`examples/{name}.toml`");
        assert!(
            start.contains(&file),
            "getting-started.md does not list {file}"
        );
    }
    let listed = start.matches("- `examples/").count();
    assert_eq!(
        listed,
        want.len(),
        "getting-started.md lists other examples"
    );
    let profile = read(&repo().join("book/src/site-profile.md"));
    let capital = format!("{}{}", count[..1].to_uppercase(), &count[1..]);
    let phrase = format!("{capital} bundled examples");
    assert!(
        profile.contains(&phrase),
        "site-profile.md lacks {phrase:?}"
    );
}
