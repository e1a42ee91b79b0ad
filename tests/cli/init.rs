//! `sitepack init`: `--non-interactive` writes a commented format 2 profile that
//! passes `check`; it never overwrites without `--force`; without a terminal it
//! says how to run in a script; `--from-csv` imports a register with SAP/Maximo
//! column names, blanks and bad rows (reported by line, nothing written).

use crate::util::{Sandbox, AS_OF};

#[test]
fn non_interactive_profile_passes_check() {
    let sb = Sandbox::new();
    let run = sb.sitepack(&["init", "--non-interactive"]).run();
    run.code(0)
        .stderr_has(&["wrote site.toml", "sitepack check site.toml"]);
    let text = std::fs::read_to_string(sb.join("site.toml")).unwrap();
    assert!(text.starts_with("#:schema "), "{text}");
    assert!(text.contains("format = 2"), "{text}");
    sb.sitepack(&["check", "site.toml"]).run().code(0);
    sb.sitepack(&[
        "check",
        "site.toml",
        "--use-case",
        "predictive-maintenance",
        "--as-of",
        AS_OF,
    ])
    .run()
    .code(0);
}

#[test]
fn flags_become_answers() {
    let sb = Sandbox::new();
    let args = [
        "init",
        "--non-interactive",
        "--out",
        "werk.toml",
        "--site-name",
        "Werk Süd",
        "--country",
        "DE",
        "--industry",
        "chemicals",
        "--shifts-per-day",
        "2",
        "--floor-staff",
        "80",
        "--segmentation",
        "purdue",
        "--owner",
        "business=Anna Berg",
        "--owner",
        "safety=Jonas Weber",
        "--system",
        "pi=historian",
    ];
    sb.sitepack(&args).run().code(0);
    let text = std::fs::read_to_string(sb.join("werk.toml")).unwrap();
    for want in [
        "id = \"werk-sud\"",
        "name = \"Werk Süd\"",
        "country = \"DE\"",
        "industry = \"chemicals\"",
        "shifts_per_day = 2  #",
        "segmentation = \"purdue\"",
        "business = { name = \"Anna Berg\" }",
        "safety = { name = \"Jonas Weber\" }",
        "[[systems]]\nid = \"pi\"\nkind = \"historian\"",
    ] {
        assert!(text.contains(want), "lacks {want:?}:\n{text}");
    }
    sb.sitepack(&["check", "werk.toml"]).run().code(0);
}

#[test]
fn bad_flags_write_nothing() {
    let sb = Sandbox::new();
    sb.sitepack(&["init", "--non-interactive", "--owner", "buisness=Anna"])
        .run()
        .code(2)
        .stderr_has(&["did you mean `business`"]);
    sb.sitepack(&["init", "--non-interactive", "--country", "Germany"])
        .run()
        .code(2)
        .stderr_has(&["site.country"]);
    sb.sitepack(&["init", "--non-interactive", "--system", "pi"])
        .run()
        .code(2)
        .stderr_has(&["ID=KIND"]);
    assert!(!sb.join("site.toml").exists());
}

#[test]
fn never_overwrites_without_force() {
    let sb = Sandbox::new();
    let site = sb.write("site.toml", "# mine\n");
    sb.sitepack(&["init", "--non-interactive"])
        .run()
        .code(2)
        .stderr_has(&["already exists", "--force"]);
    assert_eq!(std::fs::read_to_string(&site).unwrap(), "# mine\n");
    std::os::unix::fs::symlink(&site, sb.join("link.toml")).unwrap();
    sb.sitepack(&["init", "--non-interactive", "--out", "link.toml", "--force"])
        .run()
        .code(2)
        .stderr_has(&["symbolic link"]);
    assert_eq!(std::fs::read_to_string(&site).unwrap(), "# mine\n");
    sb.sitepack(&["init", "--non-interactive", "--force"])
        .run()
        .code(0);
    assert!(std::fs::read_to_string(&site)
        .unwrap()
        .contains("format = 2"));
}

#[test]
fn no_terminal_says_how_to_script_it() {
    let sb = Sandbox::new();
    let run = sb.sitepack(&["init"]).run();
    run.code(2)
        .stderr_has(&["no", "terminal", "--non-interactive"]);
    assert!(!sb.join("site.toml").exists());
}

/// A SAP PM equipment list: `;`, German dates, ABC indicator, a blank row, a blank
/// cell, an unknown column and a machine maker column.
const REGISTER: &str = "Equipment;Description;Object type;Functional Location;ABC Indicator;Start-up date;Manufacturer;PLC Type;Cost Center
P-101;Feed pump 1;Centrifugal pump;Tank farm;A;12.05.1996;KSB;S7-300;4711
;;;;;;;;

M-7;Mixer 7;Mixer;Tank farm;C;2015;;;4711
R 12;Reactor 12;Batch reactor;Reactor bay;B;01.03.2009;;;4712
CELL-4;Robot cell 4;welding-robot-cell;Body shop;b;2019;;;
";

#[test]
fn from_csv_with_aliases_and_blanks() {
    let sb = Sandbox::new();
    sb.write("assets.csv", REGISTER);
    let run = sb
        .sitepack(&[
            "init",
            "--non-interactive",
            "--from-csv",
            "assets.csv",
            "--site-name",
            "Ludwigshafen",
        ])
        .run();
    run.code(0).stderr_has(&[
        "4 asset(s) from assets.csv, 3 area(s)",
        "Cost Center",
        "1 blank row(s)",
        "1 asset(s) have no class",
    ]);
    let text = std::fs::read_to_string(sb.join("site.toml")).unwrap();
    sb.sitepack(&[
        "check",
        "site.toml",
        "--use-case",
        "predictive-maintenance",
        "--as-of",
        AS_OF,
    ])
    .run()
    .code(0);
    crate::util::snapshot("init_from_csv", &text);
}

#[test]
fn from_csv_bad_rows_reported_by_line() {
    let sb = Sandbox::new();
    let bad = REGISTER
        .replace(
            "M-7;Mixer 7;Mixer;Tank farm;C;2015",
            "M-7;Mixer 7;Mixer;Tank farm;urgent;2015",
        )
        .replace("01.03.2009", "sometime");
    sb.write("assets.csv", &bad);
    let run = sb
        .sitepack(&["init", "--non-interactive", "--from-csv", "assets.csv"])
        .run();
    run.code(2).stderr_has(&[
        "2 row(s) cannot become assets; nothing was written",
        "assets.csv:5 [ABC Indicator]: criticality `urgent`",
        "assets.csv:6 [Start-up date]: `sometime` holds no four-digit year",
    ]);
    assert!(!sb.join("site.toml").exists());
}
