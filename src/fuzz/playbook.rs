//! Fuzz target: playbooks from elsewhere. A rule of the built-in playbooks gets a generated
//! CEL condition (a small grammar over real facts, plus many-term, deeply nested and garbage
//! expressions) or a generated Tera text (values, filters, `if`, and the forbidden loops,
//! includes and calls), or a whole playbook file is mutated; the files are then compiled and
//! probed as a playbook from a directory is (`playbook::compile`, then
//! `plan::probe::try_all`).

use proptest::prelude::*;
use proptest::sample::select;

use super::{config, mutate};
use crate::playbook::{compile, PlaybookErrors, Source, SourceFile};

/// The use case whose playbook is compiled, and the rule that gets the generated texts.
const USE_CASE: &str = "predictive-maintenance";
const FILE: &str = "common/security.toml";
const RULE: &str = "id = \"security.segmentation\"";

const FIELDS: &[&str] = &[
    "site.name",
    "site.floor_staff",
    "site.shifts_per_day",
    "site.network.segmentation",
    "site.network.ot_internet_access",
    "site.network.remote_access",
    "site.network.security_level_target",
    "site.data.failure_events",
    "site.environment.max_temp_c",
    "site.baseline.known",
    "site.regimes",
    "site.system_kinds",
    "baseline.scrap_rate",
    "params",
    "site.nope",
    "nope",
    "site",
];
const LISTS: &[&str] = &[
    "site.assets",
    "site.in_scope_assets",
    "site.regimes",
    "site.system_kinds",
    "x.sensors",
    "site.name",
];
const LITERALS: &[&str] = &[
    "'flat'",
    "\"x\"",
    "0",
    "1",
    "-1",
    "2.5",
    "1e308",
    "9223372036854775807",
    "true",
    "false",
    "null",
    "[]",
    "[1, 'a']",
    "{}",
    "{'a': 1}",
    "b'\\x00'",
    "x",
];
const OPS: &[&str] = &[
    "==", "!=", "<", "<=", ">", ">=", "&&", "||", "+", "-", "*", "/", "%", "in", "?", ":", ".",
];
const MACROS: &[&str] = &["exists", "all", "exists_one", "map", "filter"];
const FUNCS: &[&str] = &[
    "size",
    "int",
    "uint",
    "double",
    "string",
    "has",
    "matches",
    "duration",
    "timestamp",
    "nope",
];

/// A CEL condition: mostly well formed, sometimes huge, deep or garbage.
pub(super) fn condition() -> impl Strategy<Value = String> {
    let atom = prop_oneof![select(FIELDS), select(LITERALS)].prop_map(str::to_string);
    let tree = atom.prop_recursive(5, 48, 3, |inner| {
        prop_oneof![
            4 => (inner.clone(), select(OPS), inner.clone()).prop_map(|(a, o, b)| format!("{a} {o} {b}")),
            1 => inner.clone().prop_map(|a| format!("!{a}")),
            1 => inner.clone().prop_map(|a| format!("({a})")),
            2 => (select(LISTS), select(MACROS), inner.clone()).prop_map(|(l, m, b)| format!("{l}.{m}(x, {b})")),
            1 => (select(FUNCS), inner.clone()).prop_map(|(f, a)| format!("{f}({a})")),
            1 => (inner.clone(), inner).prop_map(|(a, b)| format!("[{a}, {b}]")),
        ]
    });
    prop_oneof![
        8 => tree.clone(),
        1 => (tree.clone(), 1usize..3_000).prop_map(|(a, n)| vec![a; n].join(" && ")),
        1 => (1usize..2_000).prop_map(|n| format!("{}true{}", "(".repeat(n), ")".repeat(n))),
        1 => (1usize..50).prop_map(|n| {
            let open = "site.assets.exists(a, ".repeat(n);
            format!("{open}true{}", ")".repeat(n))
        }),
        1 => any::<String>(),
        1 => (tree, any::<prop::sample::Index>()).prop_map(|(t, i)| {
            let cut = i.index(t.chars().count() + 1);
            t.chars().take(cut).collect()
        }),
    ]
}

const VALUES: &[&str] = &[
    "site.name",
    "site.floor_staff",
    "site.network.segmentation",
    "site.regimes",
    "site.assets",
    "site",
    "nope",
    "params",
    "1 + 1",
    "'x' ~ 'y'",
];
const FILTERS: &[&str] = &[
    "join(sep=', ')",
    "upper",
    "lower",
    "length",
    "num",
    "first",
    "safe",
    "escape",
    "truncate(length=3)",
    "nope",
    "json_encode()",
    "date",
];
const TAGS: &[&str] = &[
    "{% for i in range(end=100000000) %}x{% endfor %}",
    "{{ range(end=100000000) | length }}",
    "{% include \"/etc/passwd\" %}",
    "{% import \"x\" as y %}",
    "{% extends \"x\" %}",
    "{% macro m() %}{% endmacro %}",
    "{% set x = 1 %}",
    "{% raw %}{{ x }}{% endraw %}",
    "{% if %}",
    "{% endif %}",
    "{{",
    "}}",
    "{#",
    "{{ get_env(name=\"HOME\") }}",
    "{{ now() }}",
];

/// A Tera text: text, values with filters, `if` blocks, and tags a playbook may not use.
pub(super) fn text() -> impl Strategy<Value = String> {
    let value =
        (select(VALUES), prop::collection::vec(select(FILTERS), 0..3)).prop_map(|(v, f)| {
            let filters: String = f.iter().map(|f| format!(" | {f}")).collect();
            format!("{{{{ {v}{filters} }}}}")
        });
    let piece = prop_oneof![
        4 => "[ -~]{0,20}",
        4 => value,
        1 => select(TAGS).prop_map(str::to_string),
        1 => any::<String>(),
    ];
    let block = piece.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            3 => prop::collection::vec(inner.clone(), 1..4).prop_map(|p| p.concat()),
            1 => (condition(), inner.clone(), inner).prop_map(|(c, a, b)| format!("{{% if {c} %}}{a}{{% else %}}{b}{{% endif %}}")),
        ]
    });
    prop_oneof![
        9 => block,
        1 => (1usize..10_000).prop_map(|n| "{{ site.name }}".repeat(n)),
    ]
}

/// The built-in files of [`USE_CASE`], the way a playbook directory would give them.
fn files() -> Vec<SourceFile> {
    let mut files = Source::BuiltIn.files_for(USE_CASE).expect("built-in files");
    for f in &mut files {
        f.display = format!("playbooks/{}", f.path);
    }
    files
}

/// The files with `key` of [`RULE`] in [`FILE`] set to `value`.
fn with(key: &str, value: &str) -> Vec<SourceFile> {
    let mut files = files();
    let file = files
        .iter_mut()
        .find(|f| f.path == FILE)
        .expect("the rule's file");
    let rule = file.text.find(RULE).expect("the rule");
    let prefix = format!("\n{key} = ");
    let start = rule + file.text[rule..].find(&prefix).expect("the key") + prefix.len();
    let end = start + file.text[start..].find('\n').expect("end of line");
    let quoted = toml::Value::String(value.to_string()).to_string();
    file.text = format!("{}{quoted}{}", &file.text[..start], &file.text[end..]);
    files
}

/// The assertion for one set of playbook files: compiles and passes its probes, or fails
/// with errors that name a file and a line; never a panic or a stack overflow.
pub(super) fn check(files: &[SourceFile]) -> Result<(), String> {
    let errors = match compile(USE_CASE, files) {
        Ok(playbook) => crate::plan::probe::try_all(&playbook),
        Err(PlaybookErrors::Invalid { errors, .. }) if !errors.is_empty() => errors,
        Err(other) => return Err(format!("not a playbook error with positions: {other}")),
    };
    match errors.iter().find(|e| e.line == 0 || e.file.is_empty()) {
        Some(e) => Err(format!("an error without a position: {e}")),
        None => Ok(()),
    }
}

/// The assertion for a generated condition.
pub(super) fn check_condition(source: &str) -> Result<(), String> {
    check(&with("when", source))
}

/// The assertion for a generated text.
pub(super) fn check_text(source: &str) -> Result<(), String> {
    check(&with("why", source))
}

/// The built-in files with one mutated by `mutate.rs`.
fn mutated_files() -> impl Strategy<Value = Vec<SourceFile>> {
    let count = files().len();
    (0..count).prop_flat_map(|i| {
        let base = files();
        mutate::mutated(base[i].text.clone()).prop_map(move |text| {
            let mut files = base.clone();
            files[i].text = text;
            files
        })
    })
}

proptest! {
    #![proptest_config(config(16))]

    #[test]
    fn fuzz_playbook_condition(source in condition()) {
        check_condition(&source).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn fuzz_playbook_text(source in text()) {
        check_text(&source).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn fuzz_playbook_file(files in mutated_files()) {
        check(&files).map_err(TestCaseError::fail)?;
    }
}
