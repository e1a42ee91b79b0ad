//! Reading a site profile: TOML text to a validated [`Profile`], or every error at once.
//!
//! The text is parsed with spans kept, then walked table by table (`site.rs`,
//! `plant.rs`, `assets.rs`) so that one run reports every problem of the file,
//! each with its key path, line and column. After a syntax error the recovered
//! tree is still walked, but only value checks away from the broken lines are
//! kept: missing or unknown keys there would mostly be echoes of the syntax
//! error. This module does no I/O; the caller reads the file and prints the
//! errors (see `render.rs`).

use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::de::DeTable;

use super::issues::{Ctx, Issue};
use super::read::{Fields, Val};
use super::{assets, plant, site, Profile};
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

const TOP_KEYS: &[&str] = &[
    "format", "site", "owners", "network", "systems", "assets", "data", "baseline",
];

/// Parses and validates `text`, read from `path`, as of `as_of`.
///
/// `as_of` bounds `installed` years. On failure every problem of the file is
/// returned, sorted by position.
pub fn load_profile(path: &Path, text: &str, as_of: Date) -> Result<Profile, ProfileErrors> {
    let (root, syntax) = DeTable::parse_recoverable(text);
    let mut ctx = Ctx {
        source: text,
        as_of_year: as_of.year(),
        issues: Vec::new(),
    };
    let fields = Fields::open(&mut ctx, root.get_ref(), "", 0..0, TOP_KEYS);
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

/// Reads every top-level table; `None` when anything required is unusable.
fn read_profile(ctx: &mut Ctx, t: &Fields) -> Option<Profile> {
    let format = t.req(ctx, "format").and_then(|v| site::format(ctx, &v));
    let site = t.req(ctx, "site").and_then(|v| site::site(ctx, &v));
    let owners = t.req(ctx, "owners").and_then(|v| site::owners(ctx, &v));
    let network = t.req(ctx, "network").and_then(|v| plant::network(ctx, &v));
    let (systems, seen) = plant::systems(ctx, t.opt("systems"));
    let assets = t
        .req(ctx, "assets")
        .and_then(|v| assets::assets(ctx, &v, &seen.ids()));
    let data = optional(ctx, t.opt("data"), plant::data);
    let baseline = optional(ctx, t.opt("baseline"), plant::baseline);
    Some(Profile {
        format: format?,
        site: site?,
        owners: owners?,
        network: network?,
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
    let errors = issues.into_iter().map(|i| position(text, i)).collect();
    ProfileErrors {
        path: path.to_path_buf(),
        source: text.to_string(),
        errors,
    }
}

/// Works out the 1-based line and character column of an issue.
fn position(text: &str, issue: Issue) -> ProfileError {
    let mut start = issue.span.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let before = &text[..start];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
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
