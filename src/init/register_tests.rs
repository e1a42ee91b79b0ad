//! Tests of the asset-register import: aliases, blanks, normalisation and bad rows.

use super::*;

fn read_str(text: &str) -> Result<Register, RegisterErrors> {
    read(PathBuf::from("assets.csv"), text, 2026)
}

#[test]
fn sap_export_with_aliases_and_blanks() {
    let text = "\u{feff}Equipment;Description;Object type;Functional Location;ABC Indicator;Start-up date;Manufacturer;PLC Type;Cost Center\n\
        P-101;Feed pump 1;Centrifugal Pump;Tank Farm;A;12.05.1996;KSB;S7-300;4711\n\
        ;;;;;;;;\n\
        \n\
        M 7;Mixer 7;Mixer;Tank Farm;c;2015;;;\n";
    let r = read_str(text).unwrap();
    assert_eq!(r.blank_rows, 1, "{r:?}");
    assert_eq!(r.ignored_columns, ["Cost Center"]);
    assert_eq!(
        r.areas,
        [("tank-farm".to_string(), "Tank Farm".to_string())]
    );
    let a = &r.assets[0];
    assert_eq!(
        (a.id.as_str(), a.original_id.as_deref()),
        ("p-101", Some("P-101"))
    );
    assert_eq!(a.kind, "Centrifugal Pump");
    assert_eq!(a.class, Some(("pump".to_string(), true)));
    assert_eq!((a.criticality, a.installed), (Level::High, 1996));
    assert_eq!(a.controller_model.as_deref(), Some("S7-300"));
    assert_eq!(a.notes, [("Manufacturer".to_string(), "KSB".to_string())]);
    assert_eq!(a.source_line, 2);
    let b = &r.assets[1];
    assert_eq!((b.id.as_str(), b.source_line), ("m-7", 5));
    assert_eq!((b.criticality, b.installed), (Level::Low, 2015));
    assert_eq!(b.class, Some(("agitator-mixer".to_string(), true)));
}

#[test]
fn maximo_export_with_class_column() {
    let text = "ASSETNUM,DESCRIPTION,ASSETTYPE,CLASS,LOCATION,PRIORITY,INSTALLDATE\n\
        11430,\"Robot cell 4, spot welding\",welding-robot-cell,Robot,BODY-SHOP,2,2019-03-01 00:00:00\n";
    let r = read_str(text).unwrap();
    let a = &r.assets[0];
    assert_eq!(a.id, "11430");
    assert_eq!(a.name.as_deref(), Some("Robot cell 4, spot welding"));
    assert_eq!(a.class, Some(("robot".to_string(), false)));
    assert_eq!(a.area.as_deref(), Some("body-shop"));
    assert_eq!((a.criticality, a.installed), (Level::Medium, 2019));
}

#[test]
fn every_bad_row_reported_with_its_line() {
    let text = "Tag,Type,Criticality,Install Year,Class\n\
        ok-1,pump,high,2001,\n\
        ,pump,high,2001,\n\
        bad-2,pump,urgent,2001,\n\
        bad-3,pump,low,sometime,\n\
        bad-4,pump,low,2031,\n\
        bad-5,,low,2001,\n\
        bad-6,pump,low,2001,pumpp\n\
        OK-1,pump,low,2001,\n\
        ---,pump,low,2001,\n";
    let e = read_str(text).unwrap_err();
    let got: Vec<(u64, Option<&str>, &str)> = e
        .problems
        .iter()
        .map(|p| (p.line, p.column.as_deref(), p.message.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (3, Some("Tag"), "the id is blank"),
            (
                4,
                Some("Criticality"),
                "criticality `urgent` is none of high/medium/low, A/B/C or 1/2/3"
            ),
            (
                5,
                Some("Install Year"),
                "`sometime` holds no four-digit year"
            ),
            (
                6,
                Some("Install Year"),
                "installed 2031 is after the as-of year 2026"
            ),
            (7, Some("Type"), "the kind (equipment type) is blank"),
            (
                8,
                Some("Class"),
                "class `pumpp` is not an equipment class; did you mean `pump`?"
            ),
            (
                9,
                Some("Tag"),
                "id `ok-1` is already used by the row on line 2"
            ),
            (
                10,
                Some("Tag"),
                "id `---` has no letter or digit to make a slug from"
            ),
        ]
    );
    let shown = e.to_string();
    assert!(
        shown.contains("assets.csv:4 [Criticality]: criticality `urgent`"),
        "{shown}"
    );
}

#[test]
fn unusable_files() {
    let cases = [
        ("", "the file is empty"),
        ("Tag,Type,Criticality,Installed\n", "no asset rows"),
        (
            "Name,Type,Criticality,Installed\nx,y,high,2000\n",
            "no column gives the asset id",
        ),
        (
            "Tag,Type,Installed\nx,y,2000\n",
            "no column gives the asset criticality",
        ),
        (
            "Tag,Criticality,Installed\nx,high,2000\n",
            "no column gives the asset kind",
        ),
    ];
    for (text, want) in cases {
        let e = read_str(text).unwrap_err();
        assert_eq!(e.problems.len(), 1, "{text:?}: {e}");
        assert!(e.problems[0].message.contains(want), "{text:?}: {e}");
        assert_eq!(e.problems[0].line, 1);
    }
}

#[test]
fn values() {
    for (text, want) in [
        ("A", Some(Level::High)),
        ("b", Some(Level::Medium)),
        ("3", Some(Level::Low)),
        ("Medium", Some(Level::Medium)),
        ("4", None),
        ("", None),
    ] {
        assert_eq!(criticality(text), want, "{text:?}");
    }
    for (text, want) in [
        ("1996", Some(1996)),
        ("1996-05-12", Some(1996)),
        ("12.05.1996", Some(1996)),
        ("05/12/1996", Some(1996)),
        ("19960512", Some(1996)),
        ("2019-03-01 00:00:00", Some(2019)),
        ("96", None),
        ("1850", None),
        ("1996-2001", None),
        ("35065", None),
    ] {
        assert_eq!(year(text), want, "{text:?}");
    }
    for (text, want) in [
        ("P-101", "p-101"),
        ("Press 7 / Line 3", "press-7-line-3"),
        ("  _x_ ", "x"),
        ("Étuve 2", "etuve-2"),
        ("Straße", "strasse"),
        ("***", ""),
    ] {
        assert_eq!(slug(text), want, "{text:?}");
    }
    for (text, want) in [
        ("a,b;c", b','),
        ("a;b;c", b';'),
        ("a\tb\tc", b'\t'),
        ("abc", b','),
    ] {
        assert_eq!(delimiter(text), want, "{text:?}");
    }
}
