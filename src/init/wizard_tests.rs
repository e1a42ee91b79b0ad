//! The wizard driven by scripted answers: order, re-asking on a bad answer, defaults.

use std::collections::VecDeque;

use super::*;

/// Answers from a script; a rejected text answer is recorded and the next one is used.
struct Script {
    answers: VecDeque<&'static str>,
    rejected: Vec<(String, String)>,
    prompts: Vec<String>,
}

impl Script {
    fn new(answers: &[&'static str]) -> Script {
        Script {
            answers: answers.iter().copied().collect(),
            rejected: Vec::new(),
            prompts: Vec::new(),
        }
    }

    fn next(&mut self, prompt: &str) -> Result<&'static str, Cancelled> {
        self.prompts.push(prompt.to_string());
        self.answers.pop_front().ok_or(Cancelled)
    }
}

impl Ask for Script {
    fn text(&mut self, prompt: &str, default: &str, check: Checker) -> Result<String, Cancelled> {
        loop {
            let answer = self.next(prompt)?;
            let answer = if answer.is_empty() { default } else { answer };
            match check(answer) {
                Ok(()) => return Ok(answer.to_string()),
                Err(e) => self.rejected.push((answer.to_string(), e)),
            }
        }
    }

    fn choose(
        &mut self,
        prompt: &str,
        options: &[&str],
        default: usize,
    ) -> Result<usize, Cancelled> {
        let answer = self.next(prompt)?;
        if answer.is_empty() {
            return Ok(default);
        }
        Ok(options
            .iter()
            .position(|o| *o == answer)
            .expect("scripted option exists"))
    }

    fn choose_many(&mut self, prompt: &str, options: &[&str]) -> Result<Vec<usize>, Cancelled> {
        let answer = self.next(prompt)?;
        Ok(answer
            .split(',')
            .filter(|a| !a.is_empty())
            .map(|a| options.iter().position(|o| *o == a).unwrap())
            .collect())
    }

    fn yes(&mut self, prompt: &str, default: bool) -> Result<bool, Cancelled> {
        Ok(match self.next(prompt)? {
            "" => default,
            a => a == "y",
        })
    }
}

fn as_of() -> Date {
    Date::parse("2026-11-26").unwrap()
}

const SITE: &[&str] = &[
    "",
    "Werk Süd",
    "Werk Süd!",
    "",
    "Acme",
    "Germany",
    "DE",
    "Europe/Berlin",
    "chemicals",
    "5",
    "2",
    "x",
    "80",
];
const OWNERS: &[&str] = &["Anna Berg", "", "", "", "", "", "Jonas Weber"];
const NETWORK: &[&str] = &["purdue", "y", "y", "vpn,jump-host", "n"];

#[test]
fn full_interview_reasks_bad_answers() {
    let mut script: Vec<&str> = [SITE, OWNERS, NETWORK].concat();
    script.extend(["y", "historian", "PI", "pi", "AVEVA PI 2018", "n"]);
    script.extend([
        "press-07",
        "Press 7",
        "hydraulic-press",
        "",
        "high",
        "2031",
        "1996",
        "n",
    ]);
    let mut ask = Script::new(&script);
    let a = interview(&mut ask, super::super::defaults(2026), as_of()).unwrap();
    assert!(
        ask.answers.is_empty(),
        "every answer used: {:?}",
        ask.answers
    );
    let rejected: Vec<&str> = ask.rejected.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(
        rejected,
        ["", "Werk Süd!", "Germany", "5", "x", "PI", "2031"],
        "{:?}",
        ask.rejected
    );
    assert_eq!(
        (a.site.id.as_str(), a.site.name.as_str()),
        ("werk-sud", "Werk Süd")
    );
    assert_eq!(a.site.country.as_deref(), Some("DE"));
    assert_eq!(a.site.industry.as_deref(), Some("chemicals"));
    assert_eq!((a.site.shifts_per_day, a.site.floor_staff), (2, 80));
    assert!(a.site.defaulted.is_empty());
    let owners: Vec<&str> = a.owners.iter().map(|(r, _, _)| r.as_str()).collect();
    assert_eq!(owners, ["business", "safety"]);
    assert_eq!(a.network.segmentation, "purdue");
    assert_eq!(a.network.remote_access, ["vpn", "jump-host"]);
    assert!(!a.network.defaulted);
    assert_eq!(
        a.systems,
        [SystemAnswer {
            id: "pi".into(),
            kind: "historian".into(),
            product: Some("AVEVA PI 2018".into())
        }]
    );
    let asset = &a.assets[0];
    assert_eq!(
        (asset.id.as_str(), asset.installed, asset.criticality),
        ("press-07", 1996, Level::High)
    );
    assert_eq!(
        asset.class,
        Some(("press".to_string(), false)),
        "the certain class is the default"
    );
}

#[test]
fn register_assets_are_not_asked_again() {
    let mut script: Vec<&str> = [SITE, OWNERS, NETWORK].concat();
    script.push("n");
    let mut ask = Script::new(&script);
    let mut start = super::super::defaults(2026);
    start.assets.push(AssetEntry {
        source_line: 2,
        id: "p-1".into(),
        original_id: None,
        name: None,
        kind: "pump".into(),
        class: None,
        line: None,
        area: None,
        criticality: Level::Low,
        installed: 2000,
        controller_vendor: None,
        controller_model: None,
        notes: Vec::new(),
    });
    let a = interview(&mut ask, start, as_of()).unwrap();
    assert_eq!(a.assets.len(), 1);
    assert!(
        !ask.prompts.iter().any(|p| p.starts_with("Asset id")),
        "{:?}",
        ask.prompts
    );
}

#[test]
fn cancelling_stops() {
    let mut ask = Script::new(&["Plant"]);
    assert_eq!(
        interview(&mut ask, super::super::defaults(2026), as_of()),
        Err(Cancelled)
    );
}
