//! An asset register (a CMMS export as CSV) read into profile assets and areas.
//!
//! Columns are matched by name through `columns.rs`; the delimiter (`,`, `;` or
//! tab) is taken from the header line. Values are normalised: ids to slugs,
//! criticality A/B/C or 1/2/3 to high/medium/low, dates to their year, and
//! `class` proposed from `kind` only where the match is certain. Blank rows are
//! skipped. A row that cannot become an asset is never dropped: every such row is
//! reported with its line number and the reason, and nothing is written (exit 2).
//! No I/O: the caller reads the file.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use super::columns::{self, Field};
use crate::migrate::classes;
use crate::profile::{AssetClass, Level};

pub use super::normalise::{criticality, slug, year};

/// One asset from the register.
#[derive(Debug, Clone, PartialEq)]
pub struct AssetEntry {
    /// The CSV line the row starts on.
    pub source_line: u64,
    /// Slug of the register's id or tag.
    pub id: String,
    /// The id as the register wrote it, when the slug differs.
    pub original_id: Option<String>,
    pub name: Option<String>,
    pub kind: String,
    /// The class, and whether it was proposed from the kind (not a column).
    pub class: Option<(String, bool)>,
    pub line: Option<String>,
    /// Slug of the area; its `[[areas]]` entry is in [`Register::areas`].
    pub area: Option<String>,
    pub criticality: Level,
    pub installed: i32,
    pub controller_vendor: Option<String>,
    pub controller_model: Option<String>,
    /// Known columns with no profile key, as `(header, value)`.
    pub notes: Vec<(String, String)>,
}

/// The assets of a register, the areas they name, and what was not used.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Register {
    pub assets: Vec<AssetEntry>,
    /// `(slug, name as written)`, in order of first use.
    pub areas: Vec<(String, String)>,
    /// Headers that match no alias: not read.
    pub ignored_columns: Vec<String>,
    /// Rows with every cell blank.
    pub blank_rows: usize,
}

/// One unusable row (or the header).
#[derive(Debug, Clone, PartialEq)]
pub struct RowProblem {
    /// 1-based line in the CSV file.
    pub line: u64,
    /// The header of the offending column, when one is to blame.
    pub column: Option<String>,
    pub message: String,
}

/// Every unusable row of a register.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterErrors {
    pub path: PathBuf,
    pub problems: Vec<RowProblem>,
}

impl std::error::Error for RegisterErrors {}

impl fmt::Display for RegisterErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        write!(
            f,
            "{}: {n} row(s) cannot become assets; nothing was written. Fix them (or delete them) and run again:",
            self.path.display()
        )?;
        for p in &self.problems {
            let column = p
                .column
                .as_ref()
                .map(|c| format!(" [{c}]"))
                .unwrap_or_default();
            write!(
                f,
                "\n  {}:{}{column}: {}",
                self.path.display(),
                p.line,
                p.message
            )?;
        }
        Ok(())
    }
}

/// Reads register `text` (named `path` in messages); years after `as_of_year` are errors.
pub fn read(path: PathBuf, text: &str, as_of_year: i32) -> Result<Register, RegisterErrors> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let fail = |problems| RegisterErrors {
        path: path.clone(),
        problems,
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(text))
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(fail(vec![csv_problem(text, &e)])),
        None => {
            return Err(fail(vec![problem(
                1,
                None,
                "the file is empty: a header row of column names is needed",
            )]))
        }
    };
    let layout = Layout::of(&header).map_err(|p| fail(vec![p]))?;
    let mut register = Register {
        ignored_columns: layout.ignored.clone(),
        ..Register::default()
    };
    let mut problems = Vec::new();
    let mut first_line: BTreeMap<String, u64> = BTreeMap::new();
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                problems.push(csv_problem(text, &e));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| line_of(text, p.byte()));
        if record.iter().all(|c| c.trim().is_empty()) {
            register.blank_rows += 1;
            continue;
        }
        let row = Row {
            layout: &layout,
            record: &record,
            line,
        };
        match row.asset(as_of_year) {
            Ok(asset) => match first_line.get(&asset.id) {
                Some(first) => problems.push(problem(
                    line,
                    layout.header(Field::Id),
                    &format!(
                        "id `{}` is already used by the row on line {first}",
                        asset.id
                    ),
                )),
                None => {
                    first_line.insert(asset.id.clone(), line);
                    add_area(&mut register.areas, &row);
                    register.assets.push(asset);
                }
            },
            Err(mut p) => problems.append(&mut p),
        }
    }
    if register.assets.is_empty() && problems.is_empty() {
        problems.push(problem(
            1,
            None,
            "the register has a header but no asset rows",
        ));
    }
    if problems.is_empty() {
        Ok(register)
    } else {
        Err(fail(problems))
    }
}

/// Which column holds which field.
struct Layout {
    headers: Vec<String>,
    fields: BTreeMap<Field, usize>,
    notes: Vec<usize>,
    ignored: Vec<String>,
}

impl Layout {
    fn of(header: &csv::StringRecord) -> Result<Layout, RowProblem> {
        let headers: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
        let mut best: BTreeMap<Field, (usize, usize)> = BTreeMap::new();
        let (mut notes, mut ignored) = (Vec::new(), Vec::new());
        for (at, h) in headers.iter().enumerate() {
            match columns::field_of(h) {
                Some((Field::Note, _)) => notes.push(at),
                Some((field, rank)) if best.get(&field).is_none_or(|(r, _)| rank < *r) => {
                    best.insert(field, (rank, at));
                }
                Some(_) => {}
                None if !h.is_empty() => ignored.push(h.clone()),
                None => {}
            }
        }
        let fields: BTreeMap<Field, usize> = best.into_iter().map(|(f, (_, at))| (f, at)).collect();
        for need in [Field::Id, Field::Criticality, Field::Installed] {
            if !fields.contains_key(&need) {
                return Err(missing_column(need));
            }
        }
        if !fields.contains_key(&Field::Kind) && !fields.contains_key(&Field::Class) {
            return Err(missing_column(Field::Kind));
        }
        Ok(Layout {
            headers,
            fields,
            notes,
            ignored,
        })
    }

    fn header(&self, field: Field) -> Option<&str> {
        self.fields.get(&field).map(|at| self.headers[*at].as_str())
    }
}

fn missing_column(field: Field) -> RowProblem {
    let aliases = columns::aliases_of(field)
        .iter()
        .map(|a| format!("\"{a}\""))
        .collect::<Vec<_>>()
        .join(", ");
    problem(
        1,
        None,
        &format!("no column gives the asset {field:?} (a required key); name one of: {aliases}")
            .to_lowercase(),
    )
}

/// One data row, read through the layout.
struct Row<'a> {
    layout: &'a Layout,
    record: &'a csv::StringRecord,
    line: u64,
}

impl Row<'_> {
    /// The trimmed, non-empty cell of `field`.
    fn cell(&self, field: Field) -> Option<&str> {
        let at = *self.layout.fields.get(&field)?;
        Some(self.record.get(at)?.trim()).filter(|c| !c.is_empty())
    }

    fn problem(&self, field: Field, message: String) -> RowProblem {
        problem(self.line, self.layout.header(field), &message)
    }

    /// The asset, or every problem of the row.
    fn asset(&self, as_of_year: i32) -> Result<AssetEntry, Vec<RowProblem>> {
        let mut problems = Vec::new();
        let id = self.keep(&mut problems, Field::Id, self.id());
        let class = self.keep(&mut problems, Field::Class, self.class());
        let named = class.as_ref().and_then(Option::as_ref);
        let kind = self.keep(&mut problems, Field::Kind, self.kind(named));
        let criticality = self.keep(&mut problems, Field::Criticality, self.criticality());
        let installed = self.keep(&mut problems, Field::Installed, self.installed(as_of_year));
        let (Some((id, original_id)), Some(class), Some(kind), Some(criticality), Some(installed)) =
            (id, class, kind, criticality, installed)
        else {
            return Err(problems);
        };
        let class = class
            .map(|c| (c, false))
            .or_else(|| classes::certain_class(&kind).map(|c| (c.as_str().to_string(), true)));
        Ok(AssetEntry {
            source_line: self.line,
            id,
            original_id,
            name: self.cell(Field::Name).map(str::to_string),
            kind,
            class,
            line: self.cell(Field::Line).map(str::to_string),
            area: self.cell(Field::Area).map(slug).filter(|s| !s.is_empty()),
            criticality,
            installed,
            controller_vendor: self.cell(Field::ControllerVendor).map(str::to_string),
            controller_model: self.cell(Field::ControllerModel).map(str::to_string),
            notes: self.notes(),
        })
    }

    /// The value, or `None` with its problem recorded.
    fn keep<T>(
        &self,
        problems: &mut Vec<RowProblem>,
        field: Field,
        r: Result<T, String>,
    ) -> Option<T> {
        r.map_err(|m| problems.push(self.problem(field, m))).ok()
    }

    fn id(&self) -> Result<(String, Option<String>), String> {
        let raw = self.cell(Field::Id).ok_or("the id is blank")?;
        let id = slug(raw);
        if id.is_empty() {
            return Err(format!(
                "id `{raw}` has no letter or digit to make a slug from"
            ));
        }
        let original = (id != raw).then(|| raw.to_string());
        Ok((id, original))
    }

    fn class(&self) -> Result<Option<String>, String> {
        let Some(raw) = self.cell(Field::Class) else {
            return Ok(None);
        };
        let class = classes::normalise_kind(raw);
        if AssetClass::parse(&class).is_some() {
            return Ok(Some(class));
        }
        let hint = crate::suggest::nearest(&class, AssetClass::ALL.iter().copied())
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default();
        Err(format!("class `{raw}` is not an equipment class{hint}"))
    }

    fn kind(&self, class: Option<&String>) -> Result<String, String> {
        match (self.cell(Field::Kind), class) {
            (Some(kind), _) => Ok(kind.to_string()),
            (None, Some(class)) => Ok(class.clone()),
            (None, None) => Err("the kind (equipment type) is blank".to_string()),
        }
    }

    fn criticality(&self) -> Result<Level, String> {
        let raw = self
            .cell(Field::Criticality)
            .ok_or("the criticality is blank")?;
        criticality(raw).ok_or_else(|| {
            format!("criticality `{raw}` is none of high/medium/low, A/B/C or 1/2/3")
        })
    }

    fn installed(&self, as_of_year: i32) -> Result<i32, String> {
        let raw = self
            .cell(Field::Installed)
            .ok_or("the installation year is blank")?;
        let year = year(raw).ok_or_else(|| format!("`{raw}` holds no four-digit year"))?;
        if year > as_of_year {
            return Err(format!(
                "installed {year} is after the as-of year {as_of_year}"
            ));
        }
        Ok(year)
    }

    fn notes(&self) -> Vec<(String, String)> {
        self.layout
            .notes
            .iter()
            .filter_map(|at| {
                let value = self.record.get(*at)?.trim();
                (!value.is_empty()).then(|| (self.layout.headers[*at].clone(), value.to_string()))
            })
            .collect()
    }
}

/// Records the row's area, the first time its slug is seen.
fn add_area(areas: &mut Vec<(String, String)>, row: &Row) {
    if let Some(name) = row.cell(Field::Area) {
        let id = slug(name);
        if !id.is_empty() && !areas.iter().any(|(a, _)| *a == id) {
            areas.push((id, name.to_string()));
        }
    }
}

/// The delimiter the header line uses most: `,`, `;` or tab.
fn delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or_default();
    let count = |d: u8| header.bytes().filter(|b| *b == d).count();
    let (comma, semicolon, tab) = (count(b','), count(b';'), count(b'\t'));
    if semicolon > comma && semicolon >= tab {
        b';'
    } else if tab > comma && tab > semicolon {
        b'\t'
    } else {
        b','
    }
}

fn problem(line: u64, column: Option<&str>, message: &str) -> RowProblem {
    RowProblem {
        line,
        column: column.map(str::to_string),
        message: message.to_string(),
    }
}

/// The 1-based line of the record that starts at byte `at`. The csv crate's own
/// line count skips blank lines, and its position can point at the blank lines
/// before the record; both are stepped over here.
fn line_of(text: &str, at: u64) -> u64 {
    let mut at = usize::try_from(at).unwrap_or(usize::MAX).min(text.len());
    while matches!(text.as_bytes().get(at), Some(b'\n' | b'\r')) {
        at += 1;
    }
    text.as_bytes()[..at]
        .iter()
        .filter(|b| **b == b'\n')
        .count() as u64
        + 1
}

fn csv_problem(text: &str, e: &csv::Error) -> RowProblem {
    let line = e.position().map_or(0, |p| line_of(text, p.byte()));
    problem(line, None, &format!("not readable as CSV: {e}"))
}

#[cfg(test)]
#[path = "register_tests.rs"]
mod tests;
