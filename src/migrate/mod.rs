//! `format = 1` profile text to `format = 2` text, comments and key order kept.
//!
//! The rewrite works on the TOML document itself (toml_edit), so everything it
//! does not touch stays byte for byte. It makes three changes, each recorded as a
//! [`Change`]:
//!
//! - `format = 1` becomes `format = 2`;
//! - an asset's `in_scope` becomes `use_cases`: `in_scope = false` is
//!   `use_cases = []` (in scope for no use case), `in_scope = true` is dropped,
//!   since an absent `use_cases` means every use case, exactly what `true` meant;
//! - an asset without `class` gets one after its `kind` when the kind certainly
//!   names a class ([`classes::certain_class`]), or a comment saying none was
//!   proposed.
//!
//! It does not validate: the caller loads the text first and only migrates a valid
//! format 1 profile. It does no I/O.

pub mod classes;

use std::fmt;

use toml_edit::{Array, DocumentMut, Item, Key, TableLike, Value};

use crate::profile::AssetClass;

/// What the migration changed, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// `format = 1` became `format = 2`.
    Format,
    /// `in_scope = true` was dropped: no `use_cases` means every use case.
    ScopeDefault { asset: String },
    /// `in_scope = false` became `use_cases = []`.
    NoUseCases { asset: String },
    /// `class` was added from a kind that certainly names it.
    Class {
        asset: String,
        kind: String,
        class: AssetClass,
    },
    /// The kind names no class for certain; a comment asks for one.
    NoClass { asset: String, kind: String },
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::Format => write!(f, "format = 1 -> format = 2"),
            Change::ScopeDefault { asset } => write!(
                f,
                "{asset}: `in_scope = true` removed (no use_cases means every use case)"
            ),
            Change::NoUseCases { asset } => {
                write!(f, "{asset}: `in_scope = false` -> `use_cases = []`")
            }
            Change::Class { asset, kind, class } => {
                write!(f, "{asset}: class = \"{class}\" (from kind \"{kind}\")")
            }
            Change::NoClass { asset, kind } => write!(
                f,
                "{asset}: no class proposed: kind \"{kind}\" names no class for certain; set one"
            ),
        }
    }
}

/// The migrated text and what changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migration {
    /// The format 2 profile text.
    pub text: String,
    /// Every change, in file order.
    pub changes: Vec<Change>,
}

/// Rewrites valid format 1 profile text as format 2.
pub fn migrate(text: &str) -> Result<Migration, toml_edit::TomlError> {
    let mut doc: DocumentMut = text.parse()?;
    let mut changes = Vec::new();
    if let Some(format) = doc.get_mut("format").and_then(Item::as_value_mut) {
        let decor = format.decor().clone();
        *format = Value::from(2);
        *format.decor_mut() = decor;
        changes.push(Change::Format);
    }
    match doc.get_mut("assets") {
        Some(Item::ArrayOfTables(assets)) => {
            for asset in assets.iter_mut() {
                migrate_asset(asset, &mut changes);
            }
        }
        Some(Item::Value(Value::Array(assets))) => {
            for asset in assets.iter_mut() {
                if let Value::InlineTable(asset) = asset {
                    migrate_asset(asset, &mut changes);
                }
            }
        }
        _ => {}
    }
    Ok(Migration {
        text: doc.to_string(),
        changes,
    })
}

/// One asset table: its entries rebuilt in order with `in_scope` and `class` done.
fn migrate_asset(table: &mut dyn TableLike, changes: &mut Vec<Change>) {
    let asset = table
        .get("id")
        .and_then(Item::as_str)
        .unwrap_or("?")
        .to_string();
    let mut entries: Vec<(Key, Item)> = table
        .iter()
        .filter_map(|(k, item)| Some((table.key(k)?.clone(), item.clone())))
        .collect();
    class(&mut entries, &asset, changes);
    scope(&mut entries, &asset, changes);
    table.clear();
    for (key, item) in entries {
        table.entry_format(&key).or_insert(item);
    }
}

/// `in_scope` -> `use_cases`, keeping the key's place and comments.
fn scope(entries: &mut Vec<(Key, Item)>, asset: &str, changes: &mut Vec<Change>) {
    let Some(at) = entries.iter().position(|(k, _)| k.get() == "in_scope") else {
        return;
    };
    let asset = asset.to_string();
    if entries[at].1.as_bool() == Some(false) {
        let (key, item) = &entries[at];
        let key = Key::new("use_cases").with_leaf_decor(key.leaf_decor().clone());
        let mut value = Value::from(Array::new());
        if let Some(old) = item.as_value() {
            *value.decor_mut() = old.decor().clone();
        }
        entries[at] = (key, Item::Value(value));
        changes.push(Change::NoUseCases { asset });
    } else {
        let (key, item) = entries.remove(at);
        let mut kept = comment_lines(&raw(key.leaf_decor().prefix()));
        if let Some(suffix) = item.as_value().map(|v| raw(v.decor().suffix())) {
            kept.push_str(&comment_lines(&suffix));
        }
        if !kept.is_empty() {
            insert_comment(entries, at, &kept);
        }
        changes.push(Change::ScopeDefault { asset });
    }
}

/// `class` after `kind`, when the kind certainly names one; a comment otherwise.
fn class(entries: &mut Vec<(Key, Item)>, asset: &str, changes: &mut Vec<Change>) {
    if entries.iter().any(|(k, _)| k.get() == "class") {
        return;
    }
    let Some(at) = entries.iter().position(|(k, _)| k.get() == "kind") else {
        return;
    };
    let kind = entries[at].1.as_str().unwrap_or_default().to_string();
    let asset = asset.to_string();
    match classes::certain_class(&kind) {
        Some(class) => {
            let prefix = raw(entries[at].0.leaf_decor().prefix());
            let indent = prefix.rsplit('\n').next().unwrap_or_default().to_string();
            let mut key = Key::new("class");
            key.leaf_decor_mut().set_prefix(indent);
            let mut value = Value::from(class.as_str());
            value.decor_mut().set_prefix(" ");
            entries.insert(at + 1, (key, Item::Value(value)));
            changes.push(Change::Class { asset, kind, class });
        }
        None => {
            let note = format!(
                "# sitepack migrate: kind \"{kind}\" names no class for certain; \
                 add `class = \"...\"` (see `sitepack schema`)\n"
            );
            insert_comment(entries, at + 1, &note);
            changes.push(Change::NoClass { asset, kind });
        }
    }
}

/// Puts comment lines (each ending in `\n`) before entry `at`, or after the last
/// entry when `at` is past the end.
fn insert_comment(entries: &mut [(Key, Item)], at: usize, lines: &str) {
    if let Some((key, _)) = entries.get_mut(at) {
        let prefix = raw(key.leaf_decor().prefix());
        let indent = prefix.rsplit('\n').next().unwrap_or_default();
        let indented: String = lines.lines().map(|l| format!("{indent}{l}\n")).collect();
        let mut comments = prefix.clone();
        comments.insert_str(prefix.len() - indent.len(), &indented);
        key.leaf_decor_mut().set_prefix(comments);
    } else if let Some(value) = entries.last_mut().and_then(|(_, i)| i.as_value_mut()) {
        let suffix = raw(value.decor().suffix());
        let lines = lines.trim_end_matches('\n');
        value.decor_mut().set_suffix(format!("{suffix}\n{lines}"));
    }
}

/// The comment lines of a decor string, trimmed, each ending in `\n`.
fn comment_lines(decor: &str) -> String {
    decor
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect()
}

fn raw(text: Option<&toml_edit::RawString>) -> String {
    text.and_then(|r| r.as_str())
        .unwrap_or_default()
        .to_string()
}

#[cfg(test)]
mod tests;
