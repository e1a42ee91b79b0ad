//! A few fuzz cases through the real executable, with the mutations of the library's fuzz
//! harness (`src/fuzz/mutate.rs`, included by `tests/cli.rs`): damaged profiles for `check`,
//! damaged `progress.toml` for `gate` and `.sitepack/lock.toml` for `diff` of a rendered
//! package. Every run must end with exit 0, 1 or 2, never a panic, a signal or exit 4, and an
//! input error must name its line and column. A fixed seed keeps the cases the same on every
//! run; `SITEPACK_FUZZ_CASES` raises their number.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

use crate::mutate;
use crate::util::{example, read, Run, Sandbox, AS_OF};

fn config(default: u32) -> Config {
    let cases = std::env::var("SITEPACK_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok());
    Config {
        cases: cases.unwrap_or(default),
        rng_seed: RngSeed::Fixed(7),
        failure_persistence: None,
        max_shrink_iters: 200,
        ..Config::default()
    }
}

/// Whether `text` holds `file:LINE:COLUMN` with numbers.
fn has_position(text: &str, file: &str) -> bool {
    let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
    text.match_indices(&format!("{file}:")).any(|(at, m)| {
        let rest = &text[at + m.len()..];
        let line = digits(rest);
        line > 0 && rest[line..].starts_with(':') && digits(&rest[line + 1..]) > 0
    })
}

/// The contract for one run on damaged input: exit 0, 1 or 2, no panic, no internal error.
fn no_crash(run: &Run) {
    run.check(matches!(run.status, Some(0..=2)), "expected exit 0, 1 or 2");
    run.check(!run.stderr.contains("panicked"), "a panic");
    run.check(!run.stderr.contains("internal error"), "an internal error");
}

proptest! {
    #![proptest_config(config(6))]

    #[test]
    fn fuzz_cli_check_never_crashes_and_names_positions(
        bytes in mutate::mutated(read(&example("lyon")))
            .prop_map(String::into_bytes)
            .boxed()
            .prop_union(mutate::bytes(read(&example("process-plant"))).boxed())
    ) {
        let sb = Sandbox::new();
        std::fs::write(sb.join("site.toml"), &bytes).expect("write");
        let run = sb.sitepack(&["check", "site.toml", "--as-of", AS_OF]).run();
        no_crash(&run);
        if run.status != Some(0) {
            run.check(has_position(&run.stderr, "site.toml"), "an error without file:line:column");
        }
    }
}

/// A rendered package of Lyon in `pkg`, with the original lock text.
fn package(sb: &Sandbox) -> String {
    sb.render(&example("lyon"), "predictive-maintenance", "pkg", &[]);
    read(&sb.join("pkg/.sitepack/lock.toml"))
}

const PROGRESS: &str = "[items.\"integration.gateway.press-07\"]\nstatus = \"done\"\nassignee = \"Ines\"\nnotes = \"ok\"\n\n[kpis]\nalert_precision = 0.74\ndowntime = { value = 120, measured = \"2026-03-01\", source = \"CMMS\" }\n";

#[test]
fn fuzz_cli_damaged_progress_and_lock_never_crash() {
    let sb = Sandbox::new();
    let lock = package(&sb);
    let mut runner = proptest::test_runner::TestRunner::new(config(6));
    let cases = (
        mutate::mutated(PROGRESS.to_string()),
        mutate::mutated(lock.clone()),
    );
    runner
        .run(&cases, |(progress, damaged)| {
            sb.write("pkg/progress.toml", &progress);
            let gate = sb.sitepack(&["gate", "pkg"]).run();
            no_crash(&gate);
            if gate.stderr.contains("invalid progress file") {
                gate.check(has_position(&gate.stderr, "progress.toml"), "no position");
            }
            std::fs::remove_file(sb.join("pkg/progress.toml")).expect("remove");
            sb.write("pkg/.sitepack/lock.toml", &damaged);
            let diff = sb.sitepack(&["diff", "pkg"]).run();
            no_crash(&diff);
            if diff.stderr.contains("invalid sitepack lock") {
                diff.check(has_position(&diff.stderr, "lock.toml"), "no position");
            }
            sb.write("pkg/.sitepack/lock.toml", &lock);
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn positions_are_recognised_only_with_line_and_column() {
    assert!(has_position("error at site.toml:3:7: x", "site.toml"));
    assert!(has_position("--> /tmp/a/site.toml:12:1\n", "site.toml"));
    assert!(!has_position("site.toml: invalid", "site.toml"));
    assert!(!has_position("site.toml:3: x", "site.toml"));
}
