//! Reading a site profile: TOML text to a validated [`Profile`], or every error at once.
//!
//! The text is parsed with spans kept, then walked table by table (`site.rs`,
//! `plant.rs`, `areas.rs`, `data.rs`, `assets.rs`, `sensors.rs`) so that one run
//! reports every problem of the file,
//! each with its key path, line and column. After a syntax error the recovered
//! tree is still walked, but only value checks away from the broken lines are
//! kept: missing or unknown keys there would mostly be echoes of the syntax
//! error. This module does no I/O; the caller reads the file and prints the
//! errors (see `render.rs`).

use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::de::DeTable;

use super::issues::{line_of, line_starts, Ctx, Issue};
use super::read::{Fields, Keys, Val};
use super::{areas, assets, data, plant, site, Profile};
use crate::date::Date;

/// One problem in a profile, with its exact position.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileError {
    /// Key path, e.g. `assets[2].sensors[0].sample_hz`; empty for syntax errors.
    pub key: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Byte range in the source text.
    pub span: Range<usize>,
    /// What is wrong and what was expected.
    pub message: String,
    /// The nearest valid key or value, for a misspelling.
    pub suggestion: Option<String>,
}

/// All the problems of one profile file.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileErrors {
    /// The file the profile was read from, as the user named it.
    pub path: PathBuf,
    /// The full text of the file, for showing the offending lines.
    pub source: String,
    /// Every problem, in file order.
    pub errors: Vec<ProfileError>,
}

impl std::error::Error for ProfileErrors {}

/// The top level of a profile.
pub(super) const TOP_KEYS: Keys = Keys {
    v1: &[
        "format", "site", "owners", "network", "systems", "assets", "data", "baseline",
    ],
    v2: &["areas"],
};

/// Parses and validates `text`, read from `path`, as of `as_of`.
///
/// `as_of` bounds `installed` years. `use_cases` are the use case ids of the
/// playbooks in use: an asset's `use_cases` must name them, and a format 1
/// asset in scope is in scope for all of them. On failure every problem of the
/// file is returned, sorted by position.
pub fn load_profile(
    path: &Path,
    text: &str,
    as_of: Date,
    use_cases: &[String],
) -> Result<Profile, ProfileErrors> {
    let (root, syntax) = DeTable::parse_recoverable(text);
    let mut ctx = Ctx::new(text, as_of.year(), use_cases);
    ctx.format = declared_format(root.get_ref());
    let fields = Fields::open(&mut ctx, root.get_ref(), "", 0..0, &TOP_KEYS);
    let profile = read_profile(&mut ctx, &fields);
    if !syntax.is_empty() {
        let syntax: Vec<Issue> = syntax.iter().map(syntax_issue).collect();
        ctx.issues = after_syntax_errors(&ctx, syntax);
    }
    match profile {
        Some(profile) if ctx.issues.is_empty() => Ok(profile),
        _ => Err(errors(path, text, ctx.issues)),
    }
}

/// The format the file declares, deciding which keys exist: 1 when it says
/// `format = 1`, else 2 (a missing or bad `format` is reported by the walk).
fn declared_format(root: &DeTable) -> u32 {
    let declared = root.get("format").map(|v| v.get_ref());
    match declared {
        Some(toml::de::DeValue::Integer(i)) if i.as_str() == "1" => 1,
        _ => 2,
    }
}

/// Reads every top-level table; `None` when anything required is unusable.
fn read_profile(ctx: &mut Ctx, t: &Fields) -> Option<Profile> {
    let format = t.req(ctx, "format").and_then(|v| site::format(ctx, &v));
    let site = t.req(ctx, "site").and_then(|v| site::site(ctx, &v));
    let owners = t.req(ctx, "owners").and_then(|v| site::owners(ctx, &v));
    let network = t.req(ctx, "network").and_then(|v| plant::network(ctx, &v));
    let (areas, area_ids) = areas::areas(ctx, t.opt("areas"));
    let (systems, system_ids) = plant::systems(ctx, t.opt("systems"));
    let refs = assets::Refs {
        systems: &system_ids,
        areas: &area_ids,
    };
    let assets = t
        .req(ctx, "assets")
        .and_then(|v| assets::assets(ctx, &v, &refs));
    let data = match t.opt("data") {
        Some(v) => data::data(ctx, &v, &system_ids),
        None => Some(super::Data::default()),
    };
    let baseline = optional(ctx, t.opt("baseline"), plant::baseline);
    Some(Profile {
        format: format?,
        site: site?,
        owners: owners?,
        network: network?,
        areas: areas?,
        systems: systems?,
        assets: assets?,
        data: data?,
        baseline: baseline?,
    })
}

/// An optional table that defaults to empty when absent.
fn optional<T: Default>(
    ctx: &mut Ctx,
    v: Option<Val>,
    read: fn(&mut Ctx, &Val) -> Option<T>,
) -> Option<T> {
    match v {
        Some(v) => read(ctx, &v),
        None => Some(T::default()),
    }
}

/// The syntax errors, plus the problems found in the recovered tree that are
/// still trustworthy: value checks away from the broken lines. Missing and
/// unknown keys and cross-references would mostly echo the syntax errors.
fn after_syntax_errors(ctx: &Ctx, syntax: Vec<Issue>) -> Vec<Issue> {
    let broken: Vec<usize> = syntax.iter().map(|i| ctx.line_of(i.span.start)).collect();
    let trusted = ctx.issues.iter().filter(|i| {
        !i.whole_file && !i.span.is_empty() && !broken.contains(&ctx.line_of(i.span.start))
    });
    let mut issues = syntax.clone();
    issues.extend(trusted.cloned());
    issues
}

/// A TOML syntax error as an issue without a key path.
fn syntax_issue(e: &toml::de::Error) -> Issue {
    let message = e.message().trim().replace('\n', "; ");
    Issue {
        key: String::new(),
        span: e.span().unwrap_or(0..0),
        message,
        suggestion: None,
        whole_file: false,
    }
}

/// Positions the issues and sorts them into file order.
fn errors(path: &Path, text: &str, mut issues: Vec<Issue>) -> ProfileErrors {
    if issues.is_empty() {
        // Only reachable through a bug in the walk: never return Err with no reason.
        let message =
            "the profile could not be read, but no specific problem was found".to_string();
        issues.push(Issue {
            key: String::new(),
            span: 0..0,
            message,
            suggestion: None,
            whole_file: false,
        });
    }
    issues.sort_by_key(|i| (i.span.start, i.span.end));
    let starts = line_starts(text);
    let errors = issues
        .into_iter()
        .map(|i| position(text, &starts, i))
        .collect();
    ProfileErrors {
        path: path.to_path_buf(),
        source: text.to_string(),
        errors,
    }
}

/// Works out the 1-based line and character column of an issue, given the
/// `starts` of the lines of `text`.
fn position(text: &str, starts: &[usize], issue: Issue) -> ProfileError {
    let mut start = issue.span.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let line = line_of(starts, start);
    let line_start = starts[line - 1];
    let column = text[line_start..start].chars().count() + 1;
    let Issue {
        key,
        span,
        message,
        suggestion,
        ..
    } = issue;
    ProfileError {
        key,
        line,
        column,
        span,
        message,
        suggestion,
    }
}
