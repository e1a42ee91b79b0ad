//! The commented format 2 profile text of [`Answers`].
//!
//! Every value goes through TOML quoting (`check::quote`), never into the text as
//! typed. Keys nobody answered are written as comments with their vocabulary, so
//! the file doubles as a guide to the format; defaults nobody confirmed say so.

use std::fmt::Write as _;

use super::check::quote;
use super::{roles, Answers, AssetEntry};
use crate::profile::{
    Hazardous, Industry, Level, Production, Regime, RemoteAccess, Segmentation, SystemKind,
    Washdown,
};

/// The profile text; `schema` is the `#:schema` target (a path or URL).
pub fn profile_text(a: &Answers, schema: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "#:schema {schema}");
    out.push_str(HEADER);
    site(&mut out, a);
    owners(&mut out, a);
    network(&mut out, a);
    systems(&mut out, a);
    areas(&mut out, a);
    assets(&mut out, a);
    out
}

const HEADER: &str = "\
# Site profile (format 2), written by `sitepack init`. Every key is described in the
# user guide (site-profile.md). For completion and checks in your editor (Taplo, Even
# Better TOML), write the schema the line above names: `sitepack schema > site.schema.json`.
# Then: `sitepack check site.toml`.
format = 2
";

fn site(out: &mut String, a: &Answers) {
    let s = &a.site;
    out.push_str("\n[site]\n");
    let mark = |key: &str| {
        if s.defaulted.contains(&key) {
            "  # default: replace it."
        } else {
            "  #"
        }
    };
    let _ = writeln!(
        out,
        "id = {}{} a slug: paths and branch names",
        quote(&s.id),
        mark("id")
    );
    let _ = writeln!(out, "name = {}{} any text", quote(&s.name), mark("name"));
    optional(out, "company", s.company.as_deref(), "\"Acme\"", "");
    optional(
        out,
        "country",
        s.country.as_deref(),
        "\"FR\"",
        "  # ISO 3166-1 alpha-2",
    );
    optional(
        out,
        "timezone",
        s.timezone.as_deref(),
        "\"Europe/Paris\"",
        "  # IANA name",
    );
    let _ = writeln!(
        out,
        "shifts_per_day = {}{} 1 to 4",
        s.shifts_per_day,
        mark("shifts_per_day")
    );
    let _ = writeln!(
        out,
        "floor_staff = {}{} people on the floor who will use or be affected by the tool",
        s.floor_staff,
        mark("floor_staff")
    );
    out.push_str("# languages = [\"en\"]  # training material languages (BCP 47)\n");
    optional(
        out,
        "industry",
        s.industry.as_deref(),
        "\"chemicals\"",
        &format!("  # {}", Industry::ALL.join(" | ")),
    );
    let _ = writeln!(out, "# regimes = []  # each: {}", Regime::ALL.join(" | "));
}

/// `key = value`, or the key as a comment with an example when unanswered.
fn optional(out: &mut String, key: &str, value: Option<&str>, example: &str, note: &str) {
    match value {
        Some(v) => {
            let _ = writeln!(out, "{key} = {}{note}", quote(v));
        }
        None => {
            let _ = writeln!(out, "# {key} = {example}{note}");
        }
    }
}

fn owners(out: &mut String, a: &Answers) {
    out.push_str("\n[owners]\n# A role without an owner shows in the package as UNASSIGNED and as a blocking gap.\n");
    for (role, what) in roles() {
        match a.owners.iter().find(|(r, _, _)| r == role) {
            Some((_, name, contact)) => {
                let contact = contact
                    .as_ref()
                    .map(|c| format!(", contact = {}", quote(c)))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "{role} = {{ name = {}{contact} }}  # {what}",
                    quote(name)
                );
            }
            None => {
                let _ = writeln!(out, "# {role} = {{ name = \"\" }}  # {what}");
            }
        }
    }
}

fn network(out: &mut String, a: &Answers) {
    let n = &a.network;
    out.push_str("\n[network]\n");
    if n.defaulted {
        out.push_str("# Defaults: describe the real network before rendering a package.\n");
    }
    let _ = writeln!(
        out,
        "segmentation = {}  # {} (flat: IT and OT share one network)",
        quote(&n.segmentation),
        Segmentation::ALL.join(" | ")
    );
    let _ = writeln!(out, "it_ot_firewall = {}", n.it_ot_firewall);
    let _ = writeln!(
        out,
        "ot_dmz = {}  # an industrial DMZ, Purdue level 3.5",
        n.ot_dmz
    );
    let access: Vec<String> = n.remote_access.iter().map(|r| quote(r)).collect();
    let _ = writeln!(
        out,
        "remote_access = [{}]  # each: {}",
        access.join(", "),
        RemoteAccess::ALL.join(" | ")
    );
    let _ = writeln!(out, "ot_internet_access = {}", n.ot_internet_access);
    out.push_str("# security_level_target = 2  # IEC 62443 SL-T, 1..=4\n");
}

fn systems(out: &mut String, a: &Answers) {
    if a.systems.is_empty() {
        let _ = writeln!(
            out,
            "\n# [[systems]]  # ERP, MES, historian...: id, kind ({}), product, interfaces",
            SystemKind::ALL.join(" | ")
        );
    }
    for s in &a.systems {
        let _ = writeln!(
            out,
            "\n[[systems]]\nid = {}\nkind = {}",
            quote(&s.id),
            quote(&s.kind)
        );
        match &s.product {
            Some(p) => {
                let _ = writeln!(out, "product = {}", quote(p));
            }
            None => out.push_str("# product = \"\"  # product and version\n"),
        }
        out.push_str("# interfaces = []  # e.g. opc-ua, mqtt, sql, rest, file-export\n");
    }
}

fn areas(out: &mut String, a: &Answers) {
    for (id, name) in &a.areas {
        let _ = writeln!(
            out,
            "\n[[areas]]\nid = {}\nname = {}",
            quote(id),
            quote(name)
        );
        let _ = writeln!(
            out,
            "# hazardous = \"none\"  # {}",
            Hazardous::ALL.join(" | ")
        );
        let _ = writeln!(
            out,
            "# washdown = \"none\"  # {}",
            Washdown::ALL.join(" | ")
        );
        let _ = writeln!(
            out,
            "# production = \"continuous\"  # {}",
            Production::ALL.join(" | ")
        );
    }
}

fn assets(out: &mut String, a: &Answers) {
    if a.assets.is_empty() {
        out.push_str(EXAMPLE_ASSET_NOTE);
        let _ = writeln!(
            out,
            "[[assets]]\nid = \"example-asset\"\nname = \"Example asset: replace me\"\nkind = \"machine\"\ncriticality = \"medium\"\ninstalled = {}",
            a.as_of_year
        );
    }
    for asset in &a.assets {
        out.push('\n');
        origin(out, a, asset);
        asset_text(out, asset);
    }
}

const EXAMPLE_ASSET_NOTE: &str = "
# An example asset, only so that the file is valid (a profile needs one): replace it with
# your machines, or import your asset register with `sitepack init --from-csv ASSETS.csv`.
";

/// The comment that says where an asset came from and what the register said
/// that has no key.
fn origin(out: &mut String, a: &Answers, asset: &AssetEntry) {
    let mut parts = Vec::new();
    if let Some(file) = a.register.as_deref().filter(|_| asset.source_line > 0) {
        parts.push(format!("{file} line {}", asset.source_line));
    }
    if let Some(id) = &asset.original_id {
        parts.push(format!("id {id:?}"));
    }
    parts.extend(asset.notes.iter().map(|(h, v)| format!("{h}: {v}")));
    if !parts.is_empty() {
        let _ = writeln!(out, "# {}", parts.join("; ").replace('\n', " "));
    }
}

fn asset_text(out: &mut String, asset: &AssetEntry) {
    let _ = writeln!(out, "[[assets]]\nid = {}", quote(&asset.id));
    if let Some(name) = &asset.name {
        let _ = writeln!(out, "name = {}", quote(name));
    }
    let _ = writeln!(out, "kind = {}", quote(&asset.kind));
    match &asset.class {
        Some((class, true)) => {
            let _ = writeln!(out, "class = {}  # proposed from kind", quote(class));
        }
        Some((class, false)) => {
            let _ = writeln!(out, "class = {}", quote(class));
        }
        None => out.push_str(
            "# class = \"\"  # the kind names no class for certain: pick one (see site-profile.md)\n",
        ),
    }
    if let Some(area) = &asset.area {
        let _ = writeln!(out, "area = {}", quote(area));
    }
    if let Some(line) = &asset.line {
        let _ = writeln!(out, "line = {}", quote(line));
    }
    let _ = writeln!(
        out,
        "criticality = {}  # {}\ninstalled = {}",
        quote(asset.criticality.as_str()),
        Level::ALL.join(" | "),
        asset.installed
    );
    controller(out, asset);
}

fn controller(out: &mut String, asset: &AssetEntry) {
    let fields: Vec<String> = [
        ("vendor", &asset.controller_vendor),
        ("model", &asset.controller_model),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k} = {}", quote(v))))
    .collect();
    if !fields.is_empty() {
        let _ = writeln!(out, "controller = {{ {} }}", fields.join(", "));
    }
}
