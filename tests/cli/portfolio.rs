//! `sitepack portfolio`: over profiles and over packages, the ranking the plans imply,
//! gate state from progress, currencies converted or refused, determinism, `--packages`
//! brought forward, and `program.toml` errors with positions.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::util::{example, read, Sandbox, AS_OF};

const SITES: [&str; 4] = ["lyon", "monterrey", "process-plant", "energy-site"];
const UC: &str = "predictive-maintenance";

const PROGRAM: &str = "name = \"Acme rollout\"\ncurrency = \"EUR\"\n\n[rates.USD]\nrate = 0.5\n\
                       date = \"2026-10-30\"\nsource = \"ECB reference rate\"\n\n[rates.CZK]\nrate = 0.04\n\
                       date = \"2026-10-30\"\nsource = \"ECB reference rate\"\n";

fn profiles() -> Vec<String> {
    SITES
        .iter()
        .map(|s| example(s).to_str().unwrap().to_string())
        .collect()
}

fn portfolio(sb: &Sandbox, paths: &[String], out: &str, extra: &[&str]) -> crate::util::Run {
    let mut args = vec![
        "portfolio",
        "--out",
        out,
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ];
    args.extend(paths.iter().map(String::as_str));
    args.extend_from_slice(extra);
    sb.sitepack(&args).run()
}

/// (site, readiness, blocking gaps) of each rendered plan, in the order the plans imply.
fn implied_ranking(plans: &[Value]) -> Vec<String> {
    let mut rows: Vec<(i64, i64, String)> = plans
        .iter()
        .map(|p| {
            let gaps = p["readiness"]["gaps"].as_array().unwrap();
            let blocking = gaps.iter().filter(|g| g["severity"] == "blocking").count() as i64;
            let score = p["readiness"]["score"].as_i64().unwrap();
            (
                -score,
                blocking,
                p["site"]["id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    rows.sort();
    rows.into_iter().map(|r| r.2).collect()
}

fn ranking(doc: &Value) -> Vec<String> {
    let entries = doc["entries"].as_array().unwrap();
    entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            assert_eq!(e["rank"], i + 1);
            e["site"].as_str().unwrap().to_string()
        })
        .collect()
}

/// Marks every item of the first phase done and measures every KPI of its gate exactly
/// at its threshold, so the first gate passes and the second does not.
fn pass_first_gate(pkg: &Path) -> String {
    let plan: Value = serde_json::from_str(&read(&pkg.join("data/plan.json"))).unwrap();
    let phase = &plan["phases"][0];
    let mut text = String::new();
    for list in ["checklist", "controls"] {
        for item in plan[list].as_array().unwrap() {
            if item["phase"] == phase["id"] {
                text += &format!(
                    "[items.\"{}\"]\nstatus = \"done\"\n\n",
                    item["id"].as_str().unwrap()
                );
            }
        }
    }
    text += "[kpis]\n";
    for c in phase["gate"]["criteria"].as_array().unwrap() {
        let t = c["threshold"]
            .as_f64()
            .expect("monterrey has every baseline");
        let v = match c["op"].as_str().unwrap() {
            ">" => t + 1.0,
            "<" => t - 1.0,
            _ => t,
        };
        text += &format!("{} = {v:?}\n", c["metric"].as_str().unwrap());
    }
    std::fs::write(pkg.join("progress.toml"), text).unwrap();
    phase["gate"]["id"].as_str().unwrap().to_string()
}

#[test]
fn profiles_and_packages_give_the_ranking_the_plans_imply() {
    let sb = Sandbox::new();
    let mut plans = Vec::new();
    for site in SITES {
        sb.render(&example(site), UC, &format!("pkg/{site}"), &[]);
        plans.push(
            serde_json::from_str(&read(&sb.join(&format!("pkg/{site}/data/plan.json")))).unwrap(),
        );
    }
    let want = implied_ranking(&plans);
    let first_gate = pass_first_gate(&sb.join("pkg/monterrey"));
    sb.git(&["-C", "pkg/monterrey", "add", "progress.toml"])
        .run()
        .code(0);
    sb.git(&[
        "-C",
        "pkg/monterrey",
        "-c",
        "user.name=T",
        "-c",
        "user.email=t@example.com",
        "commit",
        "-qm",
        "progress",
    ])
    .run()
    .code(0);

    sb.write(PROGRAM_PATH, PROGRAM);
    let args = ["--use-case", UC, "--program", PROGRAM_PATH];
    let from_profiles = portfolio(&sb, &profiles(), "from-profiles", &args);
    from_profiles.code(0);
    let packages: Vec<String> = SITES.iter().map(|s| format!("pkg/{s}")).collect();
    let from_packages = portfolio(
        &sb,
        &packages,
        "from-packages",
        &["--program", PROGRAM_PATH],
    );
    from_packages.code(0);
    assert_eq!(ranking(&from_profiles.json()), want);
    assert_eq!(ranking(&from_packages.json()), want);

    let doc = from_packages.json();
    let entries = doc["entries"].as_array().unwrap();
    let monterrey = entries.iter().find(|e| e["site"] == "monterrey").unwrap();
    assert_eq!(monterrey["input"], "package");
    assert_eq!(
        monterrey["last_passed_gate"]["id"],
        first_gate.as_str(),
        "{monterrey}"
    );
    assert_ne!(monterrey["next_gate"]["id"], first_gate.as_str());
    let lyon = entries.iter().find(|e| e["site"] == "lyon").unwrap();
    assert_eq!(lyon["last_passed_gate"], Value::Null);
    assert_eq!(lyon["next_gate"]["id"], first_gate.as_str());
    let profile_doc = from_profiles.json();
    let profile_entries = profile_doc["entries"].as_array().unwrap();
    let profile_monterrey = profile_entries
        .iter()
        .find(|e| e["site"] == "monterrey")
        .unwrap();
    assert_eq!(
        profile_monterrey["last_passed_gate"],
        Value::Null,
        "a profile alone has passed no gate"
    );
    for (name, book) in [("profiles", "from-profiles"), ("packages", "from-packages")] {
        let csv = read(&sb.join(&format!("{book}/data/sites.csv")));
        assert_eq!(csv.lines().count(), SITES.len() + 1, "{name}: {csv}");
        assert!(sb.join(&format!("{book}/src/SUMMARY.md")).is_file());
        assert!(read(&sb.join(&format!("{book}/src/index.md")))
            .contains("id=\"figure-readiness-value\"><svg"));
    }
}

const PROGRAM_PATH: &str = "program.toml";

#[test]
fn money_is_converted_with_the_rates_and_shown_as_assumptions() {
    let sb = Sandbox::new();
    sb.write(PROGRAM_PATH, PROGRAM);
    let run = portfolio(
        &sb,
        &profiles(),
        "out",
        &["--use-case", UC, "--program", PROGRAM_PATH],
    );
    run.code(0);
    let doc = run.json();
    let p = &doc;
    assert_eq!(p["totals"]["currency"], "EUR");
    let mut expected_total = 0.0;
    for e in p["entries"].as_array().unwrap() {
        let Some(local) = e["annual_value"]["expected"].as_f64() else {
            continue;
        };
        let rate = match e["currency"].as_str().unwrap() {
            "EUR" => 1.0,
            "USD" => 0.5,
            "CZK" => 0.04,
            other => panic!("unexpected currency {other}"),
        };
        let converted = e["program_value"]["expected"].as_f64().unwrap();
        assert_eq!(converted, (local * rate).round(), "{e}");
        expected_total += converted;
    }
    let monterrey = p["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["site"] == "monterrey")
        .unwrap();
    assert_eq!(
        monterrey["currency"], "USD",
        "the test needs a site in another currency"
    );
    assert_eq!(
        p["totals"]["annual_value"]["expected"].as_f64().unwrap(),
        expected_total
    );
    let usd = p["rates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["from"] == "USD")
        .unwrap();
    assert_eq!(
        (usd["rate"].as_f64(), usd["date"].as_str()),
        (Some(0.5), Some("2026-10-30"))
    );
    let money = read(&sb.join("out/src/money.md"));
    assert!(
        money.contains("| 1 USD = 0.5 EUR | 2026-10-30 | ECB reference rate | 1 |"),
        "{money}"
    );
}

#[test]
fn money_in_two_currencies_without_a_rate_is_refused() {
    let sb = Sandbox::new();
    let run = portfolio(&sb, &profiles(), "out", &["--use-case", UC]);
    run.code(2)
        .stderr_has(&["USD", "never adds money across currencies", "[rates."]);
    assert!(!sb.join("out").exists(), "nothing written");
    sb.write(
        PROGRAM_PATH,
        "currency = \"EUR\"\n[rates.CZK]\nrate = 0.04\ndate = \"2026-10-30\"\nsource = \"ECB\"\n",
    );
    let run = portfolio(
        &sb,
        &profiles(),
        "out",
        &["--use-case", UC, "--program", PROGRAM_PATH],
    );
    run.code(2).stderr_has(&["monterrey", "USD", "[rates.USD]"]);
}

#[test]
fn the_same_inputs_give_the_same_bytes() {
    let sb = Sandbox::new();
    sb.write(PROGRAM_PATH, PROGRAM);
    let mut all = profiles();
    all.extend(
        ["camera-line", "lyon"]
            .iter()
            .map(|s| example(s).to_str().unwrap().to_string()),
    );
    for out in ["one", "two"] {
        let args = [
            "--use-case",
            UC,
            "--use-case",
            "energy-forecasting",
            "--program",
            PROGRAM_PATH,
        ];
        portfolio(&sb, &all, out, &args).code(0);
    }
    let one = tree(&sb.join("one"));
    assert!(one.len() >= 10, "{:?}", one.keys());
    assert_eq!(one, tree(&sb.join("two")));
}

fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walk(dir, dir)
}

fn walk(root: &Path, dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(root, &path));
        } else {
            let rel = path.strip_prefix(root).unwrap().display().to_string();
            files.insert(rel, std::fs::read(&path).unwrap());
        }
    }
    files
}

#[test]
fn packages_are_written_and_brought_forward_on_the_next_run() {
    let sb = Sandbox::new();
    let lyon = sb.write("sites/lyon.toml", &read(&example("lyon")));
    let venlo = sb.write("sites/venlo.toml", &read(&example("process-plant")));
    let paths = vec![lyon.display().to_string(), venlo.display().to_string()];
    let run = portfolio(&sb, &paths, "prog", &["--use-case", UC, "--packages"]);
    run.code(0);
    let doc = run.json();
    let states: Vec<&str> = doc["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["updated", "updated"]);
    let pkg = sb.join("prog/packages/lyon/predictive-maintenance");
    assert!(pkg.join(".git").is_dir() && pkg.join("data/plan.json").is_file());

    let again = portfolio(&sb, &paths, "prog", &["--use-case", UC, "--packages"]);
    again.code(0);
    assert_eq!(again.json()["packages"][0]["state"], "unchanged");

    let readme = pkg.join("README.md");
    std::fs::write(
        &readme,
        format!("{}\nKept by the site team.\n", read(&readme)),
    )
    .unwrap();
    sb.git(&[
        "-C",
        pkg.to_str().unwrap(),
        "-c",
        "user.name=T",
        "-c",
        "user.email=t@example.com",
        "commit",
        "-qam",
        "note",
    ])
    .run()
    .code(0);
    let renamed = read(&lyon).replace("company = \"Acme Metals\"", "company = \"Acme Forming\"");
    std::fs::write(&lyon, renamed).unwrap();
    let forward = portfolio(&sb, &paths, "prog", &["--use-case", UC, "--packages"]);
    forward.code(0);
    assert_eq!(forward.json()["packages"][0]["state"], "updated");
    assert!(
        read(&readme).contains("Kept by the site team."),
        "the edit is kept"
    );
    assert!(
        read(&pkg.join("src/overview.md")).contains("Acme Forming"),
        "the new render is merged"
    );
}

#[test]
fn program_toml_errors_name_file_line_and_column() {
    let sb = Sandbox::new();
    sb.write(
        PROGRAM_PATH,
        "currency = \"EUR\"\n\n[rates.USD]\nrate = 0\ndate = \"yesterday\"\nsource = \"ECB\"\n",
    );
    let run = portfolio(
        &sb,
        &profiles(),
        "out",
        &["--use-case", UC, "--program", PROGRAM_PATH],
    );
    run.code(2).stderr_has(&[
        "program.toml:4:8: rates.USD.rate",
        "program.toml:5:8: rates.USD.date",
    ]);
    assert!(!sb.join("out").exists());
    sb.write(
        PROGRAM_PATH,
        "currency = \"EUR\"\n[[waves]]\nid = \"w1\"\nmin_readines = 50\n",
    );
    let run = portfolio(
        &sb,
        &profiles(),
        "out",
        &["--use-case", UC, "--program", PROGRAM_PATH],
    );
    run.code(2)
        .stderr_has(&["program.toml:4:1", "min_readines"]);
}

#[test]
fn unusable_inputs_are_refused_before_anything_is_written() {
    let sb = Sandbox::new();
    let bad = sb.write(
        "bad.toml",
        &read(&example("lyon")).replace("shifts_per_day = 3", "shifts_per_day = 9"),
    );
    let mut paths = profiles();
    paths.push(bad.display().to_string());
    portfolio(&sb, &paths, "out", &["--use-case", UC, "--packages"])
        .code(2)
        .stderr_has(&["shifts_per_day"]);
    assert!(
        !sb.join("out").exists(),
        "an invalid profile writes nothing"
    );
    portfolio(&sb, &profiles(), "out", &[])
        .code(2)
        .stderr_has(&["--use-case"]);
    sb.write("busy/notes.txt", "mine");
    portfolio(&sb, &profiles(), "busy", &["--use-case", UC])
        .code(2)
        .stderr_has(&["not empty"]);
    sb.write("plain/notes.txt", "mine");
    portfolio(&sb, &["plain".to_string()], "out", &[])
        .code(2)
        .stderr_has(&["not a sitepack package"]);
}

#[test]
fn the_program_lists_its_sites() {
    let sb = Sandbox::new();
    sb.write(
        PROGRAM_PATH,
        &format!("sites = [\"lyon\", \"graz\"]\n{PROGRAM}"),
    );
    let run = portfolio(
        &sb,
        &profiles(),
        "out",
        &["--use-case", UC, "--program", PROGRAM_PATH],
    );
    run.code(0).stderr_has(&["`graz`"]);
    assert_eq!(ranking(&run.json()), ["lyon"]);
}

/// A program repository: `sites/<site>/<use-case>/` packages, a `.git`, a link loop and a
/// link to a package outside it (links are not followed, so it counts once).
#[test]
fn a_directory_of_packages_ranks_like_its_packages_named_one_by_one() {
    let sb = Sandbox::new();
    for site in SITES {
        sb.render(&example(site), UC, &format!("repo/sites/{site}/{UC}"), &[]);
    }
    sb.render(&example("lyon"), UC, "outside", &[]);
    sb.write("repo/README.md", "program repository");
    sb.write("repo/.git/HEAD", "ref: refs/heads/main\n");
    sb.write("repo/.git/x/.sitepack/lock.toml", "not a lock");
    std::os::unix::fs::symlink("..", sb.join("repo/sites/loop")).unwrap();
    std::os::unix::fs::symlink(sb.join("outside"), sb.join("repo/sites/linked")).unwrap();

    let packages: Vec<String> = SITES
        .iter()
        .map(|s| format!("repo/sites/{s}/{UC}"))
        .collect();
    sb.write(PROGRAM_PATH, PROGRAM);
    let program = ["--program", PROGRAM_PATH];
    let one_by_one = portfolio(&sb, &packages, "one-by-one", &program);
    one_by_one.code(0);
    let walked = portfolio(&sb, &["repo".to_string()], "walked", &program);
    walked.code(0);
    let want = ranking(&one_by_one.json());
    assert_eq!(want.len(), SITES.len());
    assert_eq!(ranking(&walked.json()), want);
    assert_eq!(
        read(&sb.join("walked/data/sites.csv")),
        read(&sb.join("one-by-one/data/sites.csv"))
    );
}

#[test]
fn a_directory_without_a_package_or_with_a_broken_lock_is_refused() {
    let sb = Sandbox::new();
    sb.write("empty-repo/sites/lyon/notes.md", "nothing rendered yet");
    sb.write("empty-repo/.git/pkg/.sitepack/lock.toml", "ignored");
    std::os::unix::fs::symlink("..", sb.join("empty-repo/sites/loop")).unwrap();
    portfolio(&sb, &["empty-repo".to_string()], "out", &[])
        .code(2)
        .stderr_has(&["empty-repo", "holds none", "not followed"]);
    assert!(!sb.join("out").exists());

    sb.render(&example("lyon"), UC, "broken/sites/lyon", &[]);
    sb.write("broken/sites/graz/.sitepack/lock.toml", "version = [");
    portfolio(&sb, &["broken".to_string()], "out", &[])
        .code(2)
        .stderr_has(&["broken/sites/graz", "not a valid lock"]);
    assert!(!sb.join("out").exists());
}
