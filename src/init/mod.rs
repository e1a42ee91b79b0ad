//! `sitepack init`: a new, commented format 2 `site.toml` from answers.
//!
//! The answers come from the terminal wizard (`wizard.rs`, behind the [`wizard::Ask`]
//! trait so its logic is tested without a terminal) or from flags and defaults
//! (`--non-interactive`); the assets come from an asset register
//! (`register.rs`, `--from-csv`) or the wizard. [`profile_text`] (in `text.rs`)
//! writes the profile; the command checks it with the loader before it writes
//! anything. Nothing here does I/O except the terminal prompts of `wizard::Terminal`.

pub mod check;
pub mod columns;
mod normalise;
pub mod register;
mod text;
pub mod wizard;

pub use register::{AssetEntry, Register};
pub use text::profile_text;

use crate::vocab::Role;

/// Everything the profile will say.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Answers {
    pub site: SiteAnswers,
    /// `(role, name, contact)` for each named owner, in role order.
    pub owners: Vec<(String, String, Option<String>)>,
    pub network: NetworkAnswers,
    pub systems: Vec<SystemAnswer>,
    /// The assets; empty means an example asset is written (the format needs one).
    pub assets: Vec<AssetEntry>,
    /// `(slug, name)` of the areas the assets name.
    pub areas: Vec<(String, String)>,
    /// The register's file name, for the comments that say where an asset came from.
    pub register: Option<String>,
    /// The as-of year (the example asset's installation year).
    pub as_of_year: i32,
}

/// `[site]`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SiteAnswers {
    pub id: String,
    pub name: String,
    pub company: Option<String>,
    pub country: Option<String>,
    pub timezone: Option<String>,
    pub industry: Option<String>,
    pub shifts_per_day: u32,
    pub floor_staff: u32,
    /// Keys whose value is a default nobody confirmed; the file marks them.
    pub defaulted: Vec<&'static str>,
}

/// `[network]`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NetworkAnswers {
    pub segmentation: String,
    pub it_ot_firewall: bool,
    pub ot_dmz: bool,
    pub remote_access: Vec<String>,
    pub ot_internet_access: bool,
    /// True when nobody answered: the file marks the table as defaults.
    pub defaulted: bool,
}

/// One `[[systems]]` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct SystemAnswer {
    pub id: String,
    pub kind: String,
    pub product: Option<String>,
}

/// Answers given as flags, for `--non-interactive` (and as the wizard's start).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Flags {
    pub site_id: Option<String>,
    pub site_name: Option<String>,
    pub company: Option<String>,
    pub country: Option<String>,
    pub timezone: Option<String>,
    pub industry: Option<String>,
    pub shifts_per_day: Option<u32>,
    pub floor_staff: Option<u32>,
    pub segmentation: Option<String>,
    /// `ROLE=NAME`, each.
    pub owners: Vec<String>,
    /// `ID=KIND`, each.
    pub systems: Vec<String>,
}

/// The owner roles the wizard asks for, with what each owns ([`Role::duty`]).
pub fn roles() -> impl Iterator<Item = (&'static str, &'static str)> {
    Role::VALUES.iter().map(|r| (r.as_str(), r.duty()))
}

/// The answers `--non-interactive` starts from: a site called by the flags or
/// "my-site", one shift, a flat network; every default marked in the file.
pub fn defaults(as_of_year: i32) -> Answers {
    Answers {
        site: SiteAnswers {
            id: "my-site".to_string(),
            name: "My site".to_string(),
            shifts_per_day: 1,
            floor_staff: 1,
            defaulted: vec!["id", "name", "shifts_per_day", "floor_staff"],
            ..SiteAnswers::default()
        },
        network: NetworkAnswers {
            segmentation: "flat".to_string(),
            defaulted: true,
            ..NetworkAnswers::default()
        },
        as_of_year,
        ..Answers::default()
    }
}

impl Answers {
    /// Takes the register's assets and areas.
    pub fn with_register(mut self, name: &str, register: Register) -> Answers {
        self.assets = register.assets;
        self.areas = register.areas;
        self.register = Some(name.to_string());
        self
    }
}

/// The answer that leaves `class` out, last in the wizard's class list.
pub const NO_CLASS: &str = "(not sure: leave class out)";

/// The equipment classes the wizard offers, then [`NO_CLASS`].
fn classes_for_prompt() -> Vec<&'static str> {
    crate::profile::AssetClass::ALL
        .iter()
        .copied()
        .chain([NO_CLASS])
        .collect()
}

impl Answers {
    /// The defaults with every flag applied; `Err` names a malformed `--owner` or `--system`.
    pub fn from_flags(flags: &Flags, as_of_year: i32) -> Result<Answers, String> {
        let mut a = defaults(as_of_year);
        let s = &mut a.site;
        if let Some(name) = &flags.site_name {
            s.name = name.clone();
            s.defaulted.retain(|k| *k != "name");
            if flags.site_id.is_none() {
                s.id = register::slug(name);
                s.defaulted.retain(|k| *k != "id");
            }
        }
        if let Some(id) = &flags.site_id {
            s.id = id.clone();
            s.defaulted.retain(|k| *k != "id");
        }
        s.company = flags.company.clone();
        s.country = flags.country.clone();
        s.timezone = flags.timezone.clone();
        s.industry = flags.industry.clone();
        if let Some(n) = flags.shifts_per_day {
            s.shifts_per_day = n;
            s.defaulted.retain(|k| *k != "shifts_per_day");
        }
        if let Some(n) = flags.floor_staff {
            s.floor_staff = n;
            s.defaulted.retain(|k| *k != "floor_staff");
        }
        if let Some(seg) = &flags.segmentation {
            a.network.segmentation = seg.clone();
        }
        for owner in &flags.owners {
            let (role, name) = pair(owner, "--owner", "ROLE=NAME")?;
            if Role::parse(role).is_none() {
                let hint = crate::suggest::nearest(role, Role::ALL.iter().copied())
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                return Err(format!(
                    "--owner {owner}: `{role}` is not an owner role{hint}"
                ));
            }
            a.owners.retain(|(r, _, _)| r != role);
            a.owners.push((role.to_string(), name.to_string(), None));
        }
        a.owners
            .sort_by_key(|(r, _, _)| Role::ALL.iter().position(|x| x == r));
        for system in &flags.systems {
            let (id, kind) = pair(system, "--system", "ID=KIND")?;
            a.systems.push(SystemAnswer {
                id: id.to_string(),
                kind: kind.to_string(),
                product: None,
            });
        }
        Ok(a)
    }
}

/// `left=right` of a flag value, both sides non-empty.
fn pair<'a>(value: &'a str, flag: &str, shape: &str) -> Result<(&'a str, &'a str), String> {
    match value.split_once('=') {
        Some((l, r)) if !l.trim().is_empty() && !r.trim().is_empty() => Ok((l.trim(), r.trim())),
        _ => Err(format!("{flag} {value}: expected {shape}")),
    }
}
