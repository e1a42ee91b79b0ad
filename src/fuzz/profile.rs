//! Fuzz target: site profiles. Mutated bundled examples (format 1 and 2) and random bytes go
//! through `fsread::utf8` and `profile::load_profile`; a profile that still loads is planned
//! with the built-in playbook of each use case and rendered.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use proptest::prelude::*;

use super::{config, inside, mutate};
use crate::date::Date;
use crate::playbook::{self, Playbook, Source};
use crate::profile::{load_profile, Profile};

/// The bundled examples, by file name.
pub(super) fn examples() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut found: Vec<(String, String)> = std::fs::read_dir(dir)
        .expect("examples")
        .filter_map(|e| {
            let path = e.expect("entry").path();
            let name = path.file_name()?.to_str()?.to_string();
            let text = std::fs::read_to_string(&path).ok()?;
            name.ends_with(".toml").then_some((name, text))
        })
        .collect();
    found.sort();
    found
}

pub(super) fn as_of() -> Date {
    Date::new(2026, 11, 26).expect("date")
}

/// The built-in playbooks, compiled once.
pub(super) fn playbooks() -> &'static [Arc<Playbook>] {
    static ALL: OnceLock<Vec<Arc<Playbook>>> = OnceLock::new();
    ALL.get_or_init(|| {
        playbook::BUILT_IN_USE_CASES
            .iter()
            .map(|id| Arc::new(playbook::load(&Source::BuiltIn, id).expect("built-in playbook")))
            .collect()
    })
}

fn use_cases() -> Vec<String> {
    playbook::BUILT_IN_USE_CASES
        .iter()
        .map(|s| s.to_string())
        .collect()
}

/// The assertion for one profile text: loads, or fails with positioned errors that display;
/// a loaded one plans and renders without an internal error.
pub(super) fn check(text: &str) -> Result<(), String> {
    let profile = match load_profile(Path::new("site.toml"), text, as_of(), &use_cases()) {
        Ok(p) => p,
        Err(e) => {
            if e.errors.is_empty() {
                return Err("an error without a problem".into());
            }
            for problem in &e.errors {
                inside(text, problem.line, problem.column)
                    .map_err(|m| format!("{m}: {}", problem.message))?;
                if problem.span.start > text.len() || problem.message.is_empty() {
                    return Err(format!("bad span or message: {problem:?}"));
                }
            }
            let _shown = e.to_string();
            return Ok(());
        }
    };
    render(&profile, text)
}

/// Plans and renders `profile` with every built-in playbook; only input errors are allowed.
fn render(profile: &Profile, text: &str) -> Result<(), String> {
    for playbook in playbooks() {
        let inputs = inputs(profile.clone(), text, playbook);
        if let Err(e) = crate::render_files(&inputs) {
            if e.exit_code() == crate::error::EXIT_BUG {
                return Err(format!("{}: internal error: {e}", playbook.id));
            }
        }
    }
    Ok(())
}

/// The inputs of a render of `profile` (read from `text`) with `playbook`.
pub(super) fn inputs(profile: Profile, text: &str, playbook: &Arc<Playbook>) -> crate::Inputs {
    crate::Inputs {
        profile_text: text.to_string(),
        profile,
        playbook: Arc::clone(playbook),
        as_of: as_of(),
        playbook_source: crate::lock::PlaybookSource::BuiltIn,
    }
}

/// A bundled example with its mutations.
fn mutated_example() -> impl Strategy<Value = String> {
    prop::sample::select(examples()).prop_flat_map(|(_, text)| mutate::mutated(text))
}

/// A bundled example with hostile text in some of its strings (often still valid).
fn restrung_example() -> impl Strategy<Value = String> {
    prop::sample::select(examples()).prop_flat_map(|(_, text)| mutate::restrung(text))
}

/// Bytes of an example, damaged, decoded as the CLI does.
fn damaged_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop::sample::select(examples()).prop_flat_map(|(_, text)| mutate::bytes(text))
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn fuzz_profile_text(text in mutated_example()) {
        check(&text).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn fuzz_profile_bytes(bytes in damaged_bytes()) {
        match crate::fsread::utf8(Path::new("site.toml"), bytes) {
            Ok(text) => check(&text).map_err(TestCaseError::fail)?,
            Err(e) => prop_assert!(e.to_string().contains("site.toml:"), "{e}"),
        }
    }
}

proptest! {
    // Each case renders four packages: fewer cases by default.
    #![proptest_config(config(6))]

    #[test]
    fn fuzz_profile_hostile_text(text in restrung_example()) {
        check(&text).map_err(TestCaseError::fail)?;
    }
}
