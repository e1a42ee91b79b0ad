//! A walker over the spanned TOML tree that records every problem it meets.
//!
//! [`Ctx`] (in `issues.rs`) collects the problems; [`Fields`] is one table with its known keys
//! (unknown keys are reported when it is opened); [`Val`] is one value with its
//! key path, converted to a Rust type or reported. Nothing here knows the
//! profile schema: the sections live in `site.rs`, `plant.rs` and `assets.rs`.

use std::fmt::Display;
use std::ops::{Range, RangeInclusive};

use serde_spanned::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use super::issues::Ctx;
use super::suggest::nearest;

/// The longest free-text value of a site profile, in characters: a site, owner, area or asset
/// name, a company, a contact, a system's product, an asset's kind or line, a controller's
/// vendor or model. The JSON Schema says the same (`maxLength`).
pub const MAX_TEXT: usize = 200;

/// Joins a table path and a key: `site` + `id` = `site.id`.
pub(super) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// One table of the profile, with its path and the keys it may hold.
pub(super) struct Fields<'a, 'i> {
    table: &'a DeTable<'i>,
    path: String,
    span: Range<usize>,
}

/// The keys one table may hold: those of format 1, and those format 2 adds.
///
/// The same tables drive the loader and the JSON Schema, so the two cannot
/// disagree about which keys exist.
pub struct Keys {
    /// Keys valid in every format.
    pub v1: &'static [&'static str],
    /// Keys added by format 2; in a format 1 file they are errors.
    pub v2: &'static [&'static str],
}

impl Keys {
    /// Every key valid in `format`, format 1 keys first.
    pub fn known(&self, format: u32) -> Vec<&'static str> {
        let mut keys = self.v1.to_vec();
        if format >= 2 {
            keys.extend_from_slice(self.v2);
        }
        keys
    }
}

impl<'a, 'i> Fields<'a, 'i> {
    /// Opens `table` at `path`, reporting every key `keys` does not allow.
    pub fn open(
        ctx: &mut Ctx,
        table: &'a DeTable<'i>,
        path: &str,
        span: Range<usize>,
        keys: &Keys,
    ) -> Self {
        let known = keys.known(ctx.format);
        for key in table.keys() {
            let name = key.get_ref().as_ref();
            if known.contains(&name) {
                continue;
            }
            let full = join(path, name);
            if keys.v2.contains(&name) {
                let message = format!(
                    "`{full}` is a format 2 key, but the file says `format = {}`: expected `format = 2` to use it",
                    ctx.format
                );
                ctx.report_structure(&full, key.span(), message, None);
                continue;
            }
            let place = if path.is_empty() {
                "at the top level".to_string()
            } else {
                format!("in `{path}`")
            };
            let message = format!(
                "unknown key `{full}` {place}; expected one of: {}",
                known.join(", ")
            );
            ctx.report_structure(&full, key.span(), message, nearest(name, &known));
        }
        Fields {
            table,
            path: path.to_string(),
            span,
        }
    }

    /// The value of an optional key.
    pub fn opt(&self, key: &str) -> Option<Val<'a, 'i>> {
        let value = self.table.get(key)?;
        Some(Val {
            value,
            path: join(&self.path, key),
        })
    }

    /// The value of a required key; a missing key is reported at the table.
    pub fn req(&self, ctx: &mut Ctx, key: &str) -> Option<Val<'a, 'i>> {
        let found = self.opt(key);
        if found.is_none() {
            let full = join(&self.path, key);
            let within = if self.path.is_empty() {
                String::new()
            } else {
                format!(" in `{}`", self.path)
            };
            let message = format!("missing required key `{full}`{within}");
            ctx.report_structure(&full, self.span.clone(), message, None);
        }
        found
    }
}

/// One value of the profile with its key path.
pub(super) struct Val<'a, 'i> {
    pub value: &'a Spanned<DeValue<'i>>,
    pub path: String,
}

/// The type of a value with its article, for messages.
fn kind_of(value: &DeValue) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a datetime",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

impl<'a, 'i> Val<'a, 'i> {
    /// The byte span of the value.
    pub fn span(&self) -> Range<usize> {
        self.value.span()
    }

    /// Reports a problem with this value.
    pub fn report(&self, ctx: &mut Ctx, message: String) {
        ctx.report(&self.path, self.span(), message);
    }

    /// Reports that the value has the wrong type.
    fn mistyped<T>(&self, ctx: &mut Ctx, expected: &str) -> Option<T> {
        let found = kind_of(self.value.get_ref());
        self.report(
            ctx,
            format!(
                "wrong type for `{}`: expected {expected}, found {found}",
                self.path
            ),
        );
        None
    }

    /// A string.
    pub fn string(&self, ctx: &mut Ctx) -> Option<String> {
        match self.value.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            _ => self.mistyped(ctx, "a string"),
        }
    }

    /// Free text: a string of at most [`MAX_TEXT`] characters.
    pub fn free_text(&self, ctx: &mut Ctx) -> Option<String> {
        let s = self.string(ctx)?;
        let length = s.chars().count();
        if length > MAX_TEXT {
            let message = format!(
                "`{}` is {length} characters long, longer than the limit of {MAX_TEXT} characters: expected a short name; put longer text in a document and name it here",
                self.path
            );
            self.report(ctx, message);
            return None;
        }
        Some(s)
    }

    /// Free text that is not blank.
    pub fn text(&self, ctx: &mut Ctx) -> Option<String> {
        let s = self.free_text(ctx)?;
        if s.trim().is_empty() {
            self.report(
                ctx,
                format!("`{}` must not be empty: expected some text", self.path),
            );
            return None;
        }
        Some(s)
    }

    /// A boolean.
    pub fn boolean(&self, ctx: &mut Ctx) -> Option<bool> {
        match self.value.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => self.mistyped(ctx, "a boolean"),
        }
    }

    /// An integer that fits in an `i64`.
    pub fn integer(&self, ctx: &mut Ctx) -> Option<i64> {
        let DeValue::Integer(i) = self.value.get_ref() else {
            return self.mistyped(ctx, "an integer");
        };
        let digits = i.as_str().replace('_', "");
        let parsed = i64::from_str_radix(&digits, i.radix()).ok();
        if parsed.is_none() {
            self.report(
                ctx,
                format!("`{}` is too large: expected a 64-bit integer", self.path),
            );
        }
        parsed
    }

    /// An integer within `range`.
    pub fn int_in(&self, ctx: &mut Ctx, range: RangeInclusive<i64>) -> Option<i64> {
        let n = self.integer(ctx)?;
        self.check_range(ctx, n, &range)
    }

    /// A `u32` of at least `min`.
    pub fn count(&self, ctx: &mut Ctx, min: u32) -> Option<u32> {
        let n = self.int_in(ctx, i64::from(min)..=i64::from(u32::MAX))?;
        u32::try_from(n).ok()
    }

    /// A finite float; an integer is accepted and converted.
    pub fn float(&self, ctx: &mut Ctx) -> Option<f64> {
        let x = match self.value.get_ref() {
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
            DeValue::Integer(_) => self.integer(ctx).map(|n| n as f64),
            _ => return self.mistyped(ctx, "a number"),
        }?;
        if !x.is_finite() {
            self.report(
                ctx,
                format!("`{}` must be a finite number, found {x}", self.path),
            );
            return None;
        }
        Some(x)
    }

    /// A finite float within `range`.
    pub fn float_in(&self, ctx: &mut Ctx, range: RangeInclusive<f64>) -> Option<f64> {
        let x = self.float(ctx)?;
        self.check_range(ctx, x, &range)
    }

    /// A finite float greater than zero.
    pub fn positive(&self, ctx: &mut Ctx) -> Option<f64> {
        let x = self.float(ctx)?;
        if x > 0.0 {
            return Some(x);
        }
        self.report(
            ctx,
            format!("`{}` must be greater than 0, found {x}", self.path),
        );
        None
    }

    /// A finite float of zero or more.
    pub fn non_negative(&self, ctx: &mut Ctx) -> Option<f64> {
        self.float_in(ctx, 0.0..=f64::MAX)
    }

    fn check_range<T: PartialOrd + Display>(
        &self,
        ctx: &mut Ctx,
        n: T,
        range: &RangeInclusive<T>,
    ) -> Option<T> {
        if range.contains(&n) {
            return Some(n);
        }
        let (lo, hi) = (range.start(), range.end());
        self.report(
            ctx,
            format!(
                "`{}` is out of range: expected {}, found {n}",
                self.path,
                describe(lo, hi, n < *lo)
            ),
        );
        None
    }

    /// One word of a closed vocabulary, with the nearest word suggested.
    pub fn word<T>(&self, ctx: &mut Ctx, parse: fn(&str) -> Option<T>, all: &[&str]) -> Option<T> {
        let text = self.string(ctx)?;
        if let Some(v) = parse(&text) {
            return Some(v);
        }
        let message = format!(
            "invalid value `{text}` for `{}`: expected one of {}",
            self.path,
            all.join(", ")
        );
        ctx.report_with(&self.path, self.span(), message, nearest(&text, all));
        None
    }

    /// An array.
    pub fn array(&self, ctx: &mut Ctx) -> Option<&'a DeArray<'i>> {
        match self.value.get_ref() {
            DeValue::Array(a) => Some(a),
            _ => self.mistyped(ctx, "an array"),
        }
    }

    /// The items of an array, each with its indexed path.
    pub fn items(&self, ctx: &mut Ctx) -> Option<Vec<Val<'a, 'i>>> {
        let array = self.array(ctx)?;
        let path = &self.path;
        Some(
            array
                .iter()
                .enumerate()
                .map(|(i, value)| Val {
                    value,
                    path: format!("{path}[{i}]"),
                })
                .collect(),
        )
    }

    /// A list of vocabulary words; `None` if any item is wrong.
    pub fn words<T>(
        &self,
        ctx: &mut Ctx,
        parse: fn(&str) -> Option<T>,
        all: &[&str],
    ) -> Option<Vec<T>> {
        let items = self.items(ctx)?;
        let parsed: Vec<Option<T>> = items.iter().map(|v| v.word(ctx, parse, all)).collect();
        parsed.into_iter().collect()
    }

    /// A table, opened with its known keys.
    pub fn table(&self, ctx: &mut Ctx, keys: &Keys) -> Option<Fields<'a, 'i>> {
        match self.value.get_ref() {
            DeValue::Table(t) => Some(Fields::open(ctx, t, &self.path, self.span(), keys)),
            _ => self.mistyped(ctx, "a table"),
        }
    }
}

/// `between 1 and 4`, `at least 0`, `at most 4294967295`, for range messages.
///
/// A bound of `u32::MAX` or `f64::MAX` is the limit of the type, not of the
/// profile, so it is only named when the value is above it.
fn describe<T: PartialOrd + Display>(lo: &T, hi: &T, below: bool) -> String {
    let hi_text = hi.to_string();
    let open_ended = hi_text == u32::MAX.to_string() || hi_text == f64::MAX.to_string();
    match (open_ended, below) {
        (true, true) => format!("at least {lo}"),
        (true, false) => format!("at most {hi}"),
        (false, _) => format!("between {lo} and {hi}"),
    }
}
