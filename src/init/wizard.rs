//! The questions of `sitepack init`, in order, behind the [`Ask`] trait.
//!
//! [`interview`] is the wizard's logic: what is asked, in which order, what each
//! answer must satisfy (checked by the profile loader through `check.rs`, so a bad
//! answer is asked again with the loader's message). [`Terminal`] asks on the
//! terminal with dialoguer, on stderr; tests drive [`interview`] with scripted
//! answers. The wizard is the one part of the library that talks to a person
//! directly; it never writes to stdout.

use super::check::{self, quote, Place};
use super::{classes_for_prompt, roles, Answers, AssetEntry, SystemAnswer};
use crate::date::Date;
use crate::migrate::classes;
use crate::profile::{Industry, Level, RemoteAccess, Segmentation, SystemKind};

/// The answer that leaves an optional choice out.
const SKIP: &str = "(skip)";

/// The person stopped the wizard (Ctrl-C, Esc, end of input).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cancelled;

/// A check of one typed answer: `Err` holds what is wrong with it.
pub type Checker<'a> = &'a dyn Fn(&str) -> Result<(), String>;

/// The ways the wizard asks.
pub trait Ask {
    /// Free text, asked again until `check` accepts it.
    fn text(&mut self, prompt: &str, default: &str, check: Checker) -> Result<String, Cancelled>;
    /// One of `options`.
    fn choose(
        &mut self,
        prompt: &str,
        options: &[&str],
        default: usize,
    ) -> Result<usize, Cancelled>;
    /// Any of `options`.
    fn choose_many(&mut self, prompt: &str, options: &[&str]) -> Result<Vec<usize>, Cancelled>;
    /// Yes or no.
    fn yes(&mut self, prompt: &str, default: bool) -> Result<bool, Cancelled>;
}

/// Asks everything a profile needs; assets only when `answers` has none (no register).
pub fn interview(
    ask: &mut dyn Ask,
    mut answers: Answers,
    as_of: Date,
) -> Result<Answers, Cancelled> {
    site(ask, &mut answers, as_of)?;
    for (role, what) in roles() {
        let name = ask.text(
            &format!("Owner: {role} ({what}); blank if nobody yet"),
            "",
            &|_| Ok(()),
        )?;
        if !name.trim().is_empty() {
            answers
                .owners
                .push((role.to_string(), name.trim().to_string(), None));
        }
    }
    network(ask, &mut answers)?;
    while ask.yes(
        "Add a system (ERP, MES, SCADA, historian, CMMS...)?",
        answers.systems.is_empty(),
    )? {
        let system = system(ask, &answers.systems, as_of)?;
        answers.systems.push(system);
    }
    if answers.assets.is_empty() {
        loop {
            let asset = asset(ask, &answers.assets, as_of)?;
            answers.assets.push(asset);
            if !ask.yes("Add another asset?", false)? {
                break;
            }
        }
    }
    Ok(answers)
}

fn site(ask: &mut dyn Ask, a: &mut Answers, as_of: Date) -> Result<(), Cancelled> {
    let s = &mut a.site;
    s.defaulted.clear();
    let text_check =
        |key: &'static str| move |v: &str| check::value(Place::Site, key, &quote(v), as_of);
    s.name = ask.text("Site name", "", &|v: &str| {
        non_empty(v).and_then(|()| text_check("name")(v))
    })?;
    let slug = super::register::slug(&s.name);
    s.id = ask.text(
        "Site id (used in paths and branch names)",
        &slug,
        &text_check("id"),
    )?;
    s.company = optional(ask.text("Company (blank to skip)", "", &|_| Ok(()))?);
    s.country = optional(ask.text(
        "Country, ISO 3166-1 alpha-2 (blank to skip)",
        "",
        &blank_or(text_check("country")),
    )?);
    s.timezone = optional(ask.text(
        "Time zone, IANA name (blank to skip)",
        "",
        &blank_or(text_check("timezone")),
    )?);
    let industries: Vec<&str> = Industry::ALL.iter().copied().chain([SKIP]).collect();
    let at = ask.choose("Industry", &industries, industries.len() - 1)?;
    s.industry = Industry::ALL.get(at).map(|i| i.to_string());
    let number = |key: &'static str| {
        move |v: &str| match v.trim().parse::<i64>() {
            Ok(n) => check::value(Place::Site, key, &n.to_string(), as_of),
            Err(_) => Err("a whole number".to_string()),
        }
    };
    s.shifts_per_day = ask
        .text("Shifts per day (1 to 4)", "3", &number("shifts_per_day"))?
        .trim()
        .parse()
        .unwrap_or(1);
    s.floor_staff = ask
        .text(
            "People on the floor who will use or be affected by the tool",
            "",
            &number("floor_staff"),
        )?
        .trim()
        .parse()
        .unwrap_or(1);
    Ok(())
}

fn network(ask: &mut dyn Ask, a: &mut Answers) -> Result<(), Cancelled> {
    let n = &mut a.network;
    let at = ask.choose(
        "Network segmentation (flat: IT and OT share one network)",
        Segmentation::ALL,
        0,
    )?;
    n.segmentation = Segmentation::ALL[at].to_string();
    n.it_ot_firewall = ask.yes("Is there a firewall between IT and OT?", false)?;
    n.ot_dmz = ask.yes("Is there an industrial DMZ (Purdue level 3.5)?", false)?;
    let access = ask.choose_many("Remote access paths into OT", RemoteAccess::ALL)?;
    n.remote_access = access
        .into_iter()
        .map(|i| RemoteAccess::ALL[i].to_string())
        .collect();
    n.ot_internet_access = ask.yes("Can OT devices reach the internet?", false)?;
    n.defaulted = false;
    Ok(())
}

fn system(
    ask: &mut dyn Ask,
    taken: &[SystemAnswer],
    as_of: Date,
) -> Result<SystemAnswer, Cancelled> {
    let at = ask.choose("System kind", SystemKind::ALL, 0)?;
    let kind = SystemKind::ALL[at];
    let id = ask.text("System id (a slug, e.g. sap, pi)", kind, &|v: &str| {
        check::value(Place::System, "id", &quote(v), as_of)?;
        unused(v, taken.iter().map(|s| s.id.as_str()))
    })?;
    let product = optional(ask.text("Product and version (blank to skip)", "", &|_| Ok(()))?);
    Ok(SystemAnswer {
        id,
        kind: kind.to_string(),
        product,
    })
}

fn asset(ask: &mut dyn Ask, taken: &[AssetEntry], as_of: Date) -> Result<AssetEntry, Cancelled> {
    let id = ask.text("Asset id (a slug, e.g. press-07)", "", &|v: &str| {
        check::value(Place::Asset, "id", &quote(v), as_of)?;
        unused(v, taken.iter().map(|a| a.id.as_str()))
    })?;
    let name = optional(ask.text("Asset name (blank to skip)", "", &|_| Ok(()))?);
    let kind = ask.text("Kind, free text (e.g. hydraulic-press)", "", &non_empty)?;
    let options = classes_for_prompt();
    let default =
        classes::certain_class(&kind).and_then(|c| options.iter().position(|o| *o == c.as_str()));
    let at = ask.choose(
        "Equipment class",
        &options,
        default.unwrap_or(options.len() - 1),
    )?;
    let class = (at + 1 < options.len()).then(|| (options[at].to_string(), false));
    let level = ask.choose("Criticality", Level::ALL, 1)?;
    let installed = ask.text(
        "Year installed",
        "",
        &|v: &str| match v.trim().parse::<i32>() {
            Ok(y) => check::value(Place::Asset, "installed", &y.to_string(), as_of),
            Err(_) => Err("a year, e.g. 1996".to_string()),
        },
    )?;
    Ok(AssetEntry {
        source_line: 0,
        id,
        original_id: None,
        name,
        kind,
        class,
        line: None,
        area: None,
        criticality: Level::parse(Level::ALL[level]).unwrap_or(Level::Medium),
        installed: installed.trim().parse().unwrap_or(as_of.year()),
        controller_vendor: None,
        controller_model: None,
        notes: Vec::new(),
    })
}

fn non_empty(v: &str) -> Result<(), String> {
    if v.trim().is_empty() {
        Err("an answer is needed".to_string())
    } else {
        Ok(())
    }
}

fn blank_or(check: impl Fn(&str) -> Result<(), String>) -> impl Fn(&str) -> Result<(), String> {
    move |v: &str| {
        if v.trim().is_empty() {
            Ok(())
        } else {
            check(v)
        }
    }
}

fn unused<'a>(id: &str, mut taken: impl Iterator<Item = &'a str>) -> Result<(), String> {
    if taken.any(|t| t == id) {
        Err(format!("`{id}` is already used"))
    } else {
        Ok(())
    }
}

fn optional(v: String) -> Option<String> {
    let v = v.trim();
    (!v.is_empty()).then(|| v.to_string())
}

/// Asks on the terminal (stderr) with dialoguer.
pub struct Terminal {
    theme: Box<dyn dialoguer::theme::Theme>,
}

impl Terminal {
    /// A terminal wizard, coloured unless `color` is false.
    pub fn new(color: bool) -> Terminal {
        let theme: Box<dyn dialoguer::theme::Theme> = if color {
            Box::new(dialoguer::theme::ColorfulTheme::default())
        } else {
            Box::new(dialoguer::theme::SimpleTheme)
        };
        Terminal { theme }
    }
}

impl Ask for Terminal {
    fn text(&mut self, prompt: &str, default: &str, check: Checker) -> Result<String, Cancelled> {
        let mut input = dialoguer::Input::<String>::with_theme(&*self.theme)
            .with_prompt(prompt)
            .allow_empty(true)
            .validate_with(|v: &String| check(v));
        if !default.is_empty() {
            input = input.default(default.to_string());
        }
        input.interact_text().map_err(|_| Cancelled)
    }

    fn choose(
        &mut self,
        prompt: &str,
        options: &[&str],
        default: usize,
    ) -> Result<usize, Cancelled> {
        dialoguer::Select::with_theme(&*self.theme)
            .with_prompt(prompt)
            .items(options)
            .default(default)
            .interact()
            .map_err(|_| Cancelled)
    }

    fn choose_many(&mut self, prompt: &str, options: &[&str]) -> Result<Vec<usize>, Cancelled> {
        dialoguer::MultiSelect::with_theme(&*self.theme)
            .with_prompt(format!("{prompt} (space to pick, enter when done)"))
            .items(options)
            .interact()
            .map_err(|_| Cancelled)
    }

    fn yes(&mut self, prompt: &str, default: bool) -> Result<bool, Cancelled> {
        dialoguer::Confirm::with_theme(&*self.theme)
            .with_prompt(prompt)
            .default(default)
            .interact()
            .map_err(|_| Cancelled)
    }
}

#[cfg(test)]
#[path = "wizard_tests.rs"]
mod tests;
