//! Pause points for the integration tests, so a test can act at an exact moment of a run
//! (commit on `main` while `update` works on its copy, kill it there) instead of racing it.
//!
//! Only debug builds honour them; a release build compiles [`reached`] to nothing. A test
//! sets `SITEPACK_TEST_PAUSE=<name>:<dir>`; when the run reaches the point called `<name>`
//! it creates `<dir>/<name>.reached` and waits (at most a minute) until the test creates
//! `<dir>/<name>.resume`. Nothing is read from the package or the profile.
//!
//! A debug build also lets a test set a smaller evaluation budget per rule
//! (`SITEPACK_TEST_EVAL_BUDGET=<steps>`), so a test can run a rule out of budget on a small
//! profile in seconds instead of minutes.

/// The environment variable that names the pause point and its handshake directory.
pub const PAUSE_VAR: &str = "SITEPACK_TEST_PAUSE";

/// The environment variable that forces the in-place update in a debug build.
pub const FORCE_IN_PLACE_VAR: &str = "SITEPACK_TEST_FORCE_IN_PLACE";

/// The environment variable that sets the evaluation budget per rule in a debug build.
pub const EVAL_BUDGET_VAR: &str = "SITEPACK_TEST_EVAL_BUDGET";

/// The evaluation budget per rule a debug build's test asked for
/// (`SITEPACK_TEST_EVAL_BUDGET=<steps>`); always `None` in a release build.
pub fn eval_budget() -> Option<u64> {
    #[cfg(debug_assertions)]
    return std::env::var(EVAL_BUDGET_VAR).ok()?.parse().ok();
    #[cfg(not(debug_assertions))]
    return None;
}

/// True when a debug build's test asked to treat DIR as a directory that cannot be swapped
/// (`SITEPACK_TEST_FORCE_IN_PLACE=1`), so the in-place update runs without a mount point;
/// always false in a release build.
pub fn force_in_place() -> bool {
    #[cfg(debug_assertions)]
    return std::env::var_os(FORCE_IN_PLACE_VAR).is_some_and(|v| v == "1");
    #[cfg(not(debug_assertions))]
    return false;
}

/// Marks the point `name` of a run; pauses there when a debug build's test asked to.
pub fn reached(name: &str) {
    #[cfg(debug_assertions)]
    pause(name, std::env::var_os(PAUSE_VAR));
    #[cfg(not(debug_assertions))]
    let _ = name;
}

#[cfg(debug_assertions)]
fn pause(name: &str, setting: Option<std::ffi::OsString>) {
    let Some(setting) = setting.and_then(|s| s.into_string().ok()) else {
        return;
    };
    let Some((wanted, dir)) = setting.split_once(':') else {
        return;
    };
    if wanted != name {
        return;
    }
    let dir = std::path::Path::new(dir);
    if std::fs::write(dir.join(format!("{name}.reached")), b"").is_err() {
        return;
    }
    let resume = dir.join(format!("{name}.resume"));
    for _ in 0..6000 {
        if resume.exists() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}
