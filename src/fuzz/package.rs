//! Fuzz targets: the package files a pull request can edit, `progress.toml` and
//! `.sitepack/lock.toml`. Each starts from a real render of `examples/lyon.toml` (its lock,
//! and a progress file naming its items and KPIs) and is mutated; a progress file that still
//! parses is rendered into the pages made on `main` (the status page).

use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;

use super::profile::{as_of, inputs, playbooks};
use super::{config, inside, mutate};
use crate::lock::Lock;
use crate::plan::Plan;
use crate::progress::{self, STATUSES};

/// Lyon rendered with the first built-in playbook: its plan and lock text.
struct Rendered {
    plan: Plan,
    lock: String,
}

fn rendered() -> &'static Rendered {
    static ONE: OnceLock<Rendered> = OnceLock::new();
    ONE.get_or_init(|| {
        let text = include_str!("../../examples/lyon.toml");
        let known: Vec<String> = playbooks().iter().map(|p| p.id.clone()).collect();
        let profile = crate::profile::load_profile(Path::new("lyon.toml"), text, as_of(), &known)
            .expect("lyon loads");
        let inputs = inputs(profile, text, &playbooks()[0]);
        let (plan, files) = crate::render_files(&inputs).expect("lyon renders");
        let lock = files.get(crate::lock::LOCK_PATH).expect("a lock");
        let lock = String::from_utf8(lock.to_vec()).expect("UTF-8 lock");
        Rendered { plan, lock }
    })
}

/// A valid progress file for the render: a few items in every status, and two KPIs.
fn base_progress() -> String {
    let plan = &rendered().plan;
    let ids = plan.checklist.iter().map(|i| &i.id);
    let ids = ids.chain(plan.controls.iter().map(|c| &c.id));
    let mut text = String::new();
    for (id, status) in ids.zip(STATUSES.iter().cycle()).take(8) {
        text.push_str(&format!(
            "[items.\"{id}\"]\nstatus = \"{status}\"\nassignee = \"Ines\"\nevidence = \"https://wiki.example.com/x\"\nnotes = \"ok\"\n\n"
        ));
    }
    text.push_str("[kpis]\nalert_precision = 0.74\ndowntime = { value = 120, measured = \"2026-03-01\", source = \"CMMS\" }\n");
    text
}

/// The assertion for one progress text: positioned errors, or a render without exit 4.
pub(super) fn check_progress(text: &str) -> Result<(), String> {
    match progress::parse(Path::new("progress.toml"), text) {
        Err(e) => {
            if e.issues.is_empty() {
                return Err("an error without a problem".into());
            }
            for issue in &e.issues {
                inside(text, issue.line, issue.column)
                    .map_err(|m| format!("{m}: {}", issue.message))?;
            }
            let _shown = e.to_string();
            Ok(())
        }
        Ok(p) => {
            let r = rendered();
            let _orphans = p.orphans(&r.plan);
            match crate::render_on_main(&r.plan, Some(&p)) {
                Err(e) if e.exit_code() == crate::error::EXIT_BUG => {
                    Err(format!("internal error: {e}"))
                }
                _ => Ok(()),
            }
        }
    }
}

/// The assertion for one lock text: positioned errors, or a lock that writes itself back.
pub(super) fn check_lock(text: &str) -> Result<(), String> {
    match Lock::parse(text) {
        Err(e) => {
            if e.issues.is_empty() {
                return Err("an error without a problem".into());
            }
            for issue in &e.issues {
                inside(text, issue.at.line, issue.at.column)
                    .map_err(|m| format!("{m}: {}", issue.message))?;
            }
            let _shown = e.to_string();
            Ok(())
        }
        Ok(lock) => {
            let again = lock.to_toml();
            match Lock::parse(&again) {
                Ok(back) if back == lock => Ok(()),
                Ok(_) => Err(format!("the lock changed when written back:\n{again}")),
                Err(e) => Err(format!("a parsed lock writes an invalid one: {e}\n{again}")),
            }
        }
    }
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn fuzz_progress(text in mutate::mutated(base_progress())) {
        check_progress(&text).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn fuzz_lock(text in mutate::mutated(rendered().lock.clone())) {
        check_lock(&text).map_err(TestCaseError::fail)?;
    }
}

proptest! {
    // Each case renders a package: fewer cases by default.
    #![proptest_config(config(12))]

    #[test]
    fn fuzz_progress_hostile_text(text in mutate::restrung(base_progress())) {
        check_progress(&text).map_err(TestCaseError::fail)?;
    }
}
