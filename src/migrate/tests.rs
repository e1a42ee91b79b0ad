//! Tests of the format 1 -> 2 rewrite on text: what changes, and that nothing else does.

use super::*;

const COMMENTED: &str = r#"# Header comment: kept.
format = 1   # the version

[site]
id = "x"            # slug
name = "X"
shifts_per_day = 2
floor_staff = 10

[owners]

[network]
segmentation = "flat"

# The press, first.
[[assets]]
id = "press-1"
kind = "hydraulic-press"   # as the register says
criticality = "high"
installed = 1990
# It is in the pilot.
in_scope = true   # yes
downtime_hours_per_year = 4.0

[[assets.sensors]]
kind = "vibration"  # sensor kinds are not asset kinds

[[assets]]
id = "cell-2"
kind = "welding-robot-cell"
criticality = "low"
installed = 2015
# Out of the pilot for now.
in_scope = false  # decided in May

[[assets]]
id = "pump-3"
class = "pump"
kind = "pump-house"
criticality = "low"
installed = 2015
in_scope = true
"#;

#[test]
fn keeps_comments_and_order() {
    let m = migrate(COMMENTED).unwrap();
    insta::assert_snapshot!("commented_text", m.text);
    let changes: Vec<String> = m.changes.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!("commented_changes", changes.join("\n"));
}

#[test]
fn changes_only_what_it_says() {
    let m = migrate(COMMENTED).unwrap();
    let removed: Vec<&str> = COMMENTED
        .lines()
        .filter(|l| !m.text.lines().any(|n| n == *l))
        .collect();
    assert_eq!(
        removed,
        [
            "format = 1   # the version",
            "in_scope = true   # yes",
            "in_scope = false  # decided in May",
            "in_scope = true"
        ]
    );
    // Every comment of the input survives.
    for line in COMMENTED.lines() {
        if let Some(at) = line.find('#') {
            assert!(m.text.contains(line[at..].trim()), "lost {line:?}");
        }
    }
}

#[test]
fn each_rewrite() {
    let cases: &[(&str, &str, &[&str])] = &[
        ("format = 1\n", "format = 2\n", &["format = 1 -> format = 2"]),
        (
            "[[assets]]\nid = \"a\"\nkind = \"Servo Press\"\n",
            "[[assets]]\nid = \"a\"\nkind = \"Servo Press\"\nclass = \"press\"\n",
            &["a: class = \"press\" (from kind \"Servo Press\")"],
        ),
        (
            "[[assets]]\nid = \"a\"\nin_scope = false\n",
            "[[assets]]\nid = \"a\"\nuse_cases = []\n",
            &["a: `in_scope = false` -> `use_cases = []`"],
        ),
        (
            "[[assets]]\nid = \"a\"\nin_scope = true\nkind = \"x\"\n",
            "[[assets]]\nid = \"a\"\nkind = \"x\"\n# sitepack migrate: kind \"x\" names no class for certain; add `class = \"...\"` (see `sitepack schema`)\n",
            &[
                "a: no class proposed: kind \"x\" names no class for certain; set one",
                "a: `in_scope = true` removed (no use_cases means every use case)",
            ],
        ),
        (
            "[[assets]]\nid = \"a\"\nkind = \"pump\"\nin_scope = true # last\n",
            "[[assets]]\nid = \"a\"\nkind = \"pump\"\nclass = \"pump\"\n# last\n",
            &[
                "a: class = \"pump\" (from kind \"pump\")",
                "a: `in_scope = true` removed (no use_cases means every use case)",
            ],
        ),
        (
            "assets = [{ id = \"a\", kind = \"fan\", in_scope = false }]\n",
            "assets = [{ id = \"a\", kind = \"fan\", class = \"fan-blower\", use_cases = [] }]\n",
            &[
                "a: class = \"fan-blower\" (from kind \"fan\")",
                "a: `in_scope = false` -> `use_cases = []`",
            ],
        ),
    ];
    for (input, want, changes) in cases {
        let m = migrate(input).unwrap();
        assert_eq!(m.text, *want, "input {input:?}");
        let got: Vec<String> = m.changes.iter().map(ToString::to_string).collect();
        assert_eq!(got, *changes, "input {input:?}");
    }
}

#[test]
fn output_parses_and_keeps_every_other_value() {
    let m = migrate(COMMENTED).unwrap();
    let before: toml::Table = toml::from_str(COMMENTED).unwrap();
    let after: toml::Table = toml::from_str(&m.text).unwrap();
    assert_eq!(after["format"].as_integer(), Some(2));
    assert_eq!(before["site"], after["site"]);
    let (a, b) = (
        before["assets"].as_array().unwrap(),
        after["assets"].as_array().unwrap(),
    );
    for (old, new) in a.iter().zip(b) {
        let (old, new) = (old.as_table().unwrap(), new.as_table().unwrap());
        for (key, value) in old.iter().filter(|(k, _)| *k != "in_scope") {
            assert_eq!(new.get(key), Some(value), "{key}");
        }
    }
}
