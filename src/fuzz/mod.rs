//! The fuzz harness: proptest generators over every untrusted text sitepack reads (site
//! profiles of format 1 and 2, `progress.toml`, `.sitepack/lock.toml`, playbook files with
//! generated CEL conditions and Tera texts), run through the library's entry points.
//!
//! Each target asserts the same three things: no panic, no internal error (exit 4), and every
//! error names a line and column inside the text. Inputs start from valid files (the bundled
//! examples, a real render's lock and progress, the built-in playbooks) and are broken by
//! `mutate.rs`.
//!
//! The budget is small by default so `cargo test` stays fast; `SITEPACK_FUZZ_CASES=N` runs `N`
//! cases per target (`SITEPACK_FUZZ_CASES=20000 cargo test --release fuzz::`). The seed is
//! fixed (`SITEPACK_FUZZ_SEED` changes it), so every run of the same code sees the same
//! inputs. A failing input is shrunk by proptest and printed; it is kept as a file under
//! `tests/fuzz-regressions/<target>/`, which `regressions.rs` replays on every run.
//! Compiled only for tests.

pub mod mutate;
mod package;
mod playbook;
mod profile;
mod regressions;

use proptest::test_runner::{Config, RngSeed};

/// The proptest configuration of a target: `default` cases unless `SITEPACK_FUZZ_CASES` says
/// otherwise, a fixed seed, no persistence file (regressions are kept by hand, as inputs).
fn config(default: u32) -> Config {
    let env = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
    let cases = env("SITEPACK_FUZZ_CASES").map_or(default, |n| n.min(u64::from(u32::MAX)) as u32);
    Config {
        cases,
        rng_seed: RngSeed::Fixed(env("SITEPACK_FUZZ_SEED").unwrap_or(7)),
        failure_persistence: None,
        max_shrink_iters: 2_000,
        ..Config::default()
    }
}

/// Checks that a 1-based `line` and `column` lie inside `text` (one past the end allowed).
fn inside(text: &str, line: usize, column: usize) -> Result<(), String> {
    let lines: Vec<&str> = text.split('\n').collect();
    if line == 0 || column == 0 || line > lines.len() {
        return Err(format!(
            "position {line}:{column} outside a text of {} lines",
            lines.len()
        ));
    }
    let width = lines[line - 1].chars().count() + 1;
    if column > width {
        return Err(format!(
            "column {column} past the end of line {line} ({width})"
        ));
    }
    Ok(())
}

#[test]
fn positions_inside_a_text_are_accepted_and_outside_refused() {
    let cases = [
        ("a\nbc", 1, 1, true),
        ("a\nbc", 2, 3, true),
        ("a\nbc", 2, 4, false),
        ("a\nbc", 3, 1, false),
        ("a\n", 2, 1, true),
        ("", 1, 1, true),
        ("x", 0, 1, false),
        ("x", 1, 0, false),
    ];
    for (text, line, column, ok) in cases {
        assert_eq!(
            inside(text, line, column).is_ok(),
            ok,
            "{text:?} {line}:{column}"
        );
    }
}
