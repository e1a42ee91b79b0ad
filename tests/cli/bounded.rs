//! Bounded playbooks: a playbook from someone else's repository can make a render fail,
//! never overflow the stack, run forever, exhaust memory or read a file. Each case must
//! fail fast with exit 2, naming the playbook file and line.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::playbook_source::company_playbooks;
use crate::util::{example, read, Sandbox};

/// The debug-build test point that sets the evaluation budget per rule.
const EVAL_BUDGET: &str = "SITEPACK_TEST_EVAL_BUDGET";

/// The budget the two budget tests set: a twentieth of the real one, so that a profile of
/// 200 extra assets shows in seconds what 1,000 show in minutes.
const SMALL_BUDGET: u64 = 100_000;

/// Extra assets in the budget tests' profile.
const EXTRA_ASSETS: usize = 200;

/// Lyon with `n` more assets (`gen-0`, `gen-1`...), written into the sandbox.
fn big_profile(sb: &Sandbox, n: usize) -> PathBuf {
    let mut text = read(&example("lyon"));
    for i in 0..n {
        text.push_str(&format!(
            "\n[[assets]]\nid = \"gen-{i}\"\nname = \"Generated press {i}\"\n\
             kind = \"hydraulic-press\"\nline = \"line-{}\"\ncriticality = \"high\"\n\
             installed = 1996\ndowntime_hours_per_year = 96.0\n",
            i % 7
        ));
    }
    sb.write("big.toml", &text)
}

/// A copy of the built-in playbooks in `sb` where the first `field` of rule
/// `integration.legacy-readonly` (its condition, or its title, a Tera text) is replaced,
/// then a render of `site` with it, with the evaluation budget per rule `budget` when given
/// (`SITEPACK_TEST_EVAL_BUDGET`, honoured by debug builds only).
fn render_site_with(
    sb: &Sandbox,
    site: &Path,
    field: &str,
    value: &str,
    budget: Option<u64>,
) -> (crate::util::Run, Duration) {
    company_playbooks(sb, "evil", "1.0.0");
    let file = sb.join("evil/predictive-maintenance/playbook.toml");
    let text = read(&file);
    let rule = text.find("id = \"integration.legacy-readonly\"").unwrap();
    let prefix = format!("\n{field} = \"");
    let start = rule + text[rule..].find(&prefix).unwrap() + prefix.len();
    let end = start + text[start..].find("\"\n").unwrap();
    std::fs::write(&file, format!("{}{value}{}", &text[..start], &text[end..])).unwrap();
    let mut cmd = sb.sitepack(&[
        "render",
        site.to_str().unwrap(),
        "--use-case",
        "predictive-maintenance",
        "--out",
        "pkg",
        "--playbooks",
        "evil",
    ]);
    if let Some(budget) = budget {
        cmd = cmd.env(EVAL_BUDGET, budget.to_string());
    }
    let started = Instant::now();
    let run = cmd.run();
    (run, started.elapsed())
}

fn refused(field: &str, value: &str, needles: &[&str]) -> crate::util::Run {
    let sb = Sandbox::new();
    let (run, elapsed) = render_site_with(&sb, &example("lyon"), field, value, None);
    refused_after(&sb, run, elapsed, needles)
}

/// Checks that `run` failed fast with exit 2 naming the rule and `needles`, writing nothing.
fn refused_after(
    sb: &Sandbox,
    run: crate::util::Run,
    elapsed: Duration,
    needles: &[&str],
) -> crate::util::Run {
    run.code(2)
        .stderr_has(&[
            "predictive-maintenance/playbook.toml:",
            "integration.legacy-readonly",
        ])
        .stderr_has(needles);
    run.check(!sb.join("pkg").exists(), "something was written");
    // A guard against a run that never ends, not a speed target: the step budget stops
    // these runs in well under a second on a quiet machine, but a loaded CI machine running
    // the debug suite on two cores has taken over 20 s.
    assert!(elapsed < Duration::from_secs(90), "took {elapsed:?}");
    run
}

#[test]
fn a_ten_thousand_term_condition_is_an_error_not_a_stack_overflow() {
    let when = vec!["asset.age_years > 1"; 10_000].join(" || ");
    refused("when", &when, &["bytes long; the limit is 4096"]);
}

#[test]
fn nested_macros_that_would_run_for_ever_are_refused_when_the_playbook_loads() {
    let list = format!("[{}]", vec!["1"; 200].join(", "));
    let when = format!(
        "{list}.exists(a, {list}.exists(b, {list}.exists(c, {list}.exists(d, a + b + c + d < 0))))"
    );
    refused("when", &when, &["nests macros"]);
}

#[test]
fn a_runaway_loop_in_a_text_is_refused() {
    let title = "{% for i in range(end=100000000) %}{{ i }}{% endfor %}";
    refused("title", title, &["`{% for %}` is not allowed"]);
    let title = "{{ range(end=1000000000) | length }}";
    refused("title", title, &["function call"]);
}

#[test]
fn a_text_cannot_include_a_file() {
    let run = refused("title", "{% include '/etc/passwd' %}", &["`{% include %}`"]);
    run.check(
        !run.stderr.contains("root:") && !run.stdout.contains("root:"),
        "the file was read",
    );
}

#[test]
fn nested_macros_over_a_big_profile_run_out_of_budget_instead_of_for_ever() {
    // Passes every static limit (two nested macros), but visits every pair of assets for each
    // asset: with 200 extra assets about 8 million visits, 80 times the budget set here. The
    // same rule with one macro (linear: about 40,000 visits) renders under the same budget.
    let sb = Sandbox::new();
    let site = big_profile(&sb, EXTRA_ASSETS);
    let linear = "site.assets.exists(b, b.id == asset.id + '-twin')";
    let (run, _) = render_site_with(&sb, &site, "when", linear, Some(SMALL_BUDGET));
    run.code(0);
    let sb = Sandbox::new();
    let site = big_profile(&sb, EXTRA_ASSETS);
    let when = "site.assets.exists(a, site.assets.exists(b, a.id == b.id + '-twin'))";
    let (run, elapsed) = render_site_with(&sb, &site, "when", when, Some(SMALL_BUDGET));
    refused_after(
        &sb,
        run,
        elapsed,
        &[
            "evaluation steps one rule may take",
            &SMALL_BUDGET.to_string(),
        ],
    );
}

#[test]
fn a_macro_that_copies_a_big_list_for_every_element_runs_out_of_budget_not_memory() {
    // Each of the ~200 copies charges the list's size: about 40,000 steps per target.
    let sb = Sandbox::new();
    let site = big_profile(&sb, EXTRA_ASSETS);
    let when = "site.assets.map(a, site.assets).exists(l, l.exists(b, b.id == 'none'))";
    let (run, elapsed) = render_site_with(&sb, &site, "when", when, Some(SMALL_BUDGET));
    refused_after(&sb, run, elapsed, &["evaluation steps one rule may take"]);
}
