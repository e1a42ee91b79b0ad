//! Reading `progress.toml` the way the profile is read: the text is parsed with spans kept
//! (syntax errors recovered, not fatal), then walked table by table, and every problem is
//! collected with its line, column and key path (`items."gw-07".status`,
//! `kpis.downtime.value`) and a "did you mean" where one is close. Nothing stops at the
//! first error.

use std::ops::Range;

use serde_spanned::Spanned;
use toml::de::{DeTable, DeValue};

use super::{ItemProgress, Kpi, Progress, ProgressIssue, STATUSES};
use crate::position::Position;

/// The longest free text (assignee, evidence, notes, KPI source) a progress file may hold,
/// in characters.
pub const MAX_TEXT: usize = 4000;

const TOP: [&str; 2] = ["items", "kpis"];
const ITEM: [&str; 4] = ["status", "assignee", "evidence", "notes"];
const KPI: [&str; 3] = ["value", "measured", "source"];

/// Collects the problems of one file.
struct Walk<'t> {
    text: &'t str,
    issues: Vec<ProgressIssue>,
}

impl Walk<'_> {
    fn report(&mut self, span: Range<usize>, key: &str, message: String) {
        let at = Position::at(self.text, span.start);
        let message = if key.is_empty() {
            message
        } else {
            format!("{key}: {message}")
        };
        self.issues.push(ProgressIssue {
            line: at.line,
            column: at.column,
            key: key.to_string(),
            message,
        });
    }

    /// Reports every key of `table` not in `known`, with the nearest known one.
    fn unknown_keys(&mut self, table: &DeTable, path: &str, known: &[&str]) {
        for key in table.keys() {
            let name = key.get_ref().as_ref();
            if known.contains(&name) {
                continue;
            }
            let hint = crate::suggest::nearest(name, known.iter().copied())
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            let message = format!("unknown key, expected one of {}{hint}", known.join(", "));
            self.report(key.span(), &join(path, name), message);
        }
    }

    /// An optional string of at most [`MAX_TEXT`] characters.
    fn text_field(&mut self, table: &DeTable, path: &str, key: &str) -> Option<String> {
        let value = table.get(key)?;
        let path = join(path, key);
        match value.get_ref() {
            DeValue::String(s) if s.chars().count() > MAX_TEXT => {
                let message = format!(
                    "is {} characters long, longer than the limit of {MAX_TEXT}; link to a \
                     document instead",
                    s.chars().count()
                );
                self.report(value.span(), &path, message);
                None
            }
            DeValue::String(s) => Some(s.to_string()),
            other => {
                let message = format!("expected a string, found {}", kind(other));
                self.report(value.span(), &path, message);
                None
            }
        }
    }
}

/// Parses and validates `text`: the progress, or every problem in file order.
pub(super) fn parse(text: &str) -> Result<Progress, Vec<ProgressIssue>> {
    let mut walk = Walk {
        text,
        issues: Vec::new(),
    };
    let (root, syntax) = DeTable::parse_recoverable(text);
    for error in syntax {
        let span = error.span().unwrap_or(0..0);
        walk.report(span, "", error.message().trim_end().to_string());
    }
    let root = root.get_ref();
    walk.unknown_keys(root, "", &TOP);
    let mut progress = Progress::default();
    if let Some(items) = table_at(&mut walk, root, "items") {
        for (id, value) in items {
            let id = id.get_ref().as_ref();
            if let Some(item) = item(&mut walk, id, value) {
                progress.items.insert(id.to_string(), item);
            }
        }
    }
    if let Some(kpis) = table_at(&mut walk, root, "kpis") {
        for (metric, value) in kpis {
            let metric = metric.get_ref().as_ref();
            if let Some(kpi) = kpi(&mut walk, metric, value) {
                progress.kpis.insert(metric.to_string(), kpi);
            }
        }
    }
    let mut issues = walk.issues;
    issues.sort_by_key(|i| (i.line, i.column));
    if issues.is_empty() {
        Ok(progress)
    } else {
        Err(issues)
    }
}

/// The table under `key`, reporting a value of another type.
fn table_at<'a, 'i>(walk: &mut Walk, root: &'a DeTable<'i>, key: &str) -> Option<&'a DeTable<'i>> {
    let value = root.get(key)?;
    match value.get_ref() {
        DeValue::Table(t) => Some(t),
        other => {
            let message = format!("expected a table, found {}", kind(other));
            walk.report(value.span(), key, message);
            None
        }
    }
}

fn item(walk: &mut Walk, id: &str, value: &Spanned<DeValue>) -> Option<ItemProgress> {
    let path = format!("items.{}", quoted(id));
    let DeValue::Table(table) = value.get_ref() else {
        let message = format!(
            "expected a table with `status`, found {}",
            kind(value.get_ref())
        );
        walk.report(value.span(), &path, message);
        return None;
    };
    walk.unknown_keys(table, &path, &ITEM);
    let status = status(walk, table, &path, value.span());
    let assignee = walk.text_field(table, &path, "assignee");
    let evidence = walk.text_field(table, &path, "evidence");
    let notes = walk.text_field(table, &path, "notes");
    Some(ItemProgress {
        status: status?,
        assignee,
        evidence,
        notes,
    })
}

fn status(walk: &mut Walk, table: &DeTable, path: &str, at: Range<usize>) -> Option<String> {
    let path = join(path, "status");
    let Some(value) = table.get("status") else {
        let message = format!("missing required key, one of {}", STATUSES.join(", "));
        walk.report(at, &path, message);
        return None;
    };
    let DeValue::String(status) = value.get_ref() else {
        let message = format!("expected a string, found {}", kind(value.get_ref()));
        walk.report(value.span(), &path, message);
        return None;
    };
    if STATUSES.contains(&status.as_ref()) {
        return Some(status.to_string());
    }
    let hint = crate::suggest::nearest(status, STATUSES.iter().copied())
        .map(|s| format!("; did you mean `{s}`?"))
        .unwrap_or_default();
    let message = format!(
        "`{}` is not one of {}{hint}",
        status.escape_debug(),
        STATUSES.join(", ")
    );
    walk.report(value.span(), &path, message);
    None
}

/// A KPI written as a number, or as a table `{ value, measured, source }`.
fn kpi(walk: &mut Walk, metric: &str, value: &Spanned<DeValue>) -> Option<Kpi> {
    let path = format!("kpis.{}", quoted(metric));
    if let Some(number) = number(value.get_ref()) {
        return Some(Kpi {
            value: number,
            measured: None,
            source: None,
        });
    }
    let DeValue::Table(table) = value.get_ref() else {
        let message = format!(
            "expected a number or a table {{ value, measured, source }}, found {}",
            kind(value.get_ref())
        );
        walk.report(value.span(), &path, message);
        return None;
    };
    walk.unknown_keys(table, &path, &KPI);
    let figure = match table.get("value") {
        Some(v) => number(v.get_ref()).or_else(|| {
            walk.report(
                v.span(),
                &join(&path, "value"),
                "must be a finite number".into(),
            );
            None
        }),
        None => {
            walk.report(
                value.span(),
                &join(&path, "value"),
                "missing required key".into(),
            );
            None
        }
    };
    let measured = walk.text_field(table, &path, "measured");
    if let (Some(date), Some(v)) = (&measured, table.get("measured")) {
        if crate::date::Date::parse(date).is_none() {
            let message = format!("`{}` is not a date YYYY-MM-DD", date.escape_debug());
            walk.report(v.span(), &join(&path, "measured"), message);
        }
    }
    let source = walk.text_field(table, &path, "source");
    Some(Kpi {
        value: figure?,
        measured,
        source,
    })
}

fn number(value: &DeValue) -> Option<f64> {
    match value {
        DeValue::Float(f) => f
            .as_str()
            .replace('_', "")
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite()),
        DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
            .ok()
            .map(|i| i as f64),
        _ => None,
    }
}

fn kind(value: &DeValue) -> &'static str {
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

/// An id as a TOML key: bare when it can be, quoted otherwise.
fn quoted(id: &str) -> String {
    let bare = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if bare {
        id.to_string()
    } else {
        format!("\"{}\"", id.escape_debug())
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}
