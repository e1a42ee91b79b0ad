//! Company layers: a `layer.toml` over another playbook source, resolved into one stack.
//!
//! A layer is a directory or a git repository whose root holds `layer.toml` (`id`,
//! `version`, `extends`, `[params]`, `[[disable]]`, `[[override]]`) plus any files of the
//! normal playbook layout. [`resolve`] follows `extends` down to a plain source (the
//! built-ins, a directory or a repository without `layer.toml`) and checks every layer
//! against what it inherits, naming `layer.toml` and the line. Applying the params,
//! disables and overrides to one use case is `compile.rs`'s job; `plan` never sees layers.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::compile::{digest, line_of};
use super::inherited::{add_declarations, inherited, Inherited};
use super::raw::{RawFile, RawLayer, Target};
use super::source::{read_dir, Source, SourceFile};
use super::{PlaybookError, PlaybookErrors};

/// The file that makes a directory or repository a layer.
pub const LAYER_FILE: &str = "layer.toml";
/// The layer id of the playbooks built into sitepack.
pub const BUILT_IN_LAYER: &str = "builtin";
/// The layer id of a plain playbooks directory or repository at the bottom of a stack.
pub const BASE_LAYER: &str = "base";
/// How many layers may stand on each other (this also stops a cycle of `extends`).
pub const MAX_DEPTH: usize = 8;

/// One layer of a stack as `plan.json` and the lock record it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayerRecord {
    pub id: String,
    pub version: String,
    /// Where it was read from: `built-in`, `directory acme`, `git <url> at <ref>`.
    pub source: String,
    /// The git commit, for a layer read from a repository.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// `sha256:` over the layer's files.
    pub digest: String,
}

/// A resolved layer: its record, its `layer.toml` and its playbook files.
#[derive(Debug, Clone)]
pub struct Layer {
    pub record: LayerRecord,
    /// `layer.toml`, for error positions.
    pub file: SourceFile,
    pub(super) raw: Arc<RawLayer>,
    /// The layer's own playbook files (new rules, RACI rows, use cases).
    pub files: Vec<SourceFile>,
    /// What [`Source::origin`] says for the source the layer came from.
    pub origin: Option<String>,
}

impl Layer {
    /// The layer's summary sentence (may be empty).
    pub fn summary(&self) -> &str {
        &self.raw.summary
    }

    /// 1-based line of a span of `layer.toml`.
    pub(super) fn line<T>(&self, spanned: &Spanned<T>) -> usize {
        line_of(&self.file.text, spanned.span().start)
    }
}

/// `source` itself when its root has no `layer.toml`; otherwise the layer over what it
/// extends, as [`Source::Layered`], every layer checked.
pub fn resolve(source: Source) -> Result<Source, PlaybookErrors> {
    resolve_at(source, 0)
}

fn resolve_at(source: Source, depth: usize) -> Result<Source, PlaybookErrors> {
    let (mut files, dir) = match &source {
        Source::BuiltIn | Source::Layered { .. } => return Ok(source),
        Source::Dir(d) => (read_dir(d)?, Some(d.clone())),
        Source::Fetched { files, .. } => (files.clone(), None),
    };
    let Some(at) = files.iter().position(|f| f.path == LAYER_FILE) else {
        return Ok(source);
    };
    let file = files.remove(at);
    let fail = |line: usize, message: String| PlaybookErrors::InvalidLayer {
        errors: vec![PlaybookError {
            file: file.display.clone(),
            line,
            message,
        }],
    };
    if depth >= MAX_DEPTH {
        return Err(fail(0, format!("more than {MAX_DEPTH} layers stand on each other: does `extends` go round in a circle?")));
    }
    let raw: RawLayer = toml::from_str(&file.text).map_err(|e| {
        let line = e.span().map_or(0, |s| line_of(&file.text, s.start));
        fail(line, e.message().to_string())
    })?;
    let line = line_of(&file.text, raw.extends.span().start);
    let below = extends(raw.extends.get_ref(), dir.as_deref())
        .map_err(|m| fail(line, format!("extends `{}`: {m}", raw.extends.get_ref())))?;
    let (base, mut layers) = match resolve_at(below, depth + 1)? {
        Source::Layered { base, layers } => (*base, layers),
        plain => (plain, Vec::new()),
    };
    let id = raw.id.get_ref().clone();
    for f in &mut files {
        f.layer.clone_from(&id);
    }
    let mut all = files.clone();
    all.push(file.clone());
    let layer = Layer {
        record: LayerRecord {
            id,
            version: raw.version.get_ref().clone(),
            source: describe(&source),
            commit: match &source {
                Source::Fetched { commit, .. } => Some(commit.clone()),
                _ => None,
            },
            digest: digest(&all),
        },
        file,
        raw: Arc::new(raw),
        files,
        origin: source.origin(),
    };
    let errors = check(&base, &layers, &layer)?;
    if !errors.is_empty() {
        return Err(PlaybookErrors::InvalidLayer { errors });
    }
    layers.push(layer);
    Ok(Source::Layered {
        base: Box::new(base),
        layers,
    })
}

/// The source that `extends` names, relative to the layer's directory `dir`.
fn extends(text: &str, dir: Option<&Path>) -> Result<Source, String> {
    if text == BUILT_IN_LAYER {
        return Ok(Source::BuiltIn);
    }
    let remote = text.contains("://") || text.starts_with("git@");
    if remote {
        let (repo, rev) = text
            .rsplit_once('@')
            .filter(|(repo, _)| repo.contains("://") || repo.contains(':'))
            .ok_or("a git URL needs `@REF` at the end (a tag, branch or commit)")?;
        return Source::git(repo, rev).map_err(|e| e.to_string());
    }
    let dir = dir.ok_or(
        "a layer read from a git repository can extend `builtin` or a git URL@REF, not a path",
    )?;
    let path = dir.join(text);
    if path.is_dir() {
        return Ok(Source::Dir(path));
    }
    match text.rsplit_once('@') {
        Some((repo, rev)) if dir.join(repo).exists() => {
            let repo = dir.join(repo);
            Source::git(&repo.to_string_lossy(), rev).map_err(|e| e.to_string())
        }
        _ => Err(format!(
            "no directory {} (use `builtin`, a path relative to the layer, or a git URL@REF)",
            path.display()
        )),
    }
}

/// Where a source was read from, without absolute paths (the lock must be the same on
/// every machine).
fn describe(source: &Source) -> String {
    match source {
        Source::BuiltIn => "built-in".to_string(),
        Source::Dir(d) => format!("directory {}", last_name(d)),
        Source::Fetched { origin, .. } => {
            let (repo, rev) = origin.rsplit_once('@').unwrap_or((origin.as_str(), ""));
            let remote =
                repo.contains("://") && !repo.starts_with("file://") || repo.starts_with("git@");
            let repo = if remote {
                repo.to_string()
            } else {
                last_name(Path::new(repo))
            };
            format!("git {repo} at {rev}")
        }
        Source::Layered { layers, .. } => layers
            .last()
            .map_or_else(String::new, |l| l.record.source.clone()),
    }
}

fn last_name(path: &Path) -> String {
    let path: PathBuf = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    path.file_name()
        .map_or_else(|| ".".to_string(), |n| n.to_string_lossy().into_owned())
}

/// The layer id of the files of a plain source.
pub fn base_id(source: &Source) -> &'static str {
    match source {
        Source::BuiltIn => BUILT_IN_LAYER,
        _ => BASE_LAYER,
    }
}

fn check(
    base: &Source,
    below: &[Layer],
    layer: &Layer,
) -> Result<Vec<PlaybookError>, PlaybookErrors> {
    let mut known = inherited(base, below)?;
    let mut errors = Vec::new();
    let mut error = |line: usize, message: String| {
        errors.push(PlaybookError {
            file: layer.file.display.clone(),
            line,
            message,
        })
    };
    let raw = &layer.raw;
    if !super::check::is_id(raw.id.get_ref()) {
        error(
            layer.line(&raw.id),
            "layer `id`: use lower-case letters, digits, `.` and `-`".into(),
        );
    } else if known.layer_ids.contains(raw.id.get_ref()) {
        error(
            layer.line(&raw.id),
            format!(
                "layer id `{}` is already used by a layer below",
                raw.id.get_ref()
            ),
        );
    }
    if raw.version.get_ref().trim().is_empty() {
        error(layer.line(&raw.version), "layer `version` is empty".into());
    }
    for f in &layer.files {
        if known.paths.contains(&f.path) {
            error(0, format!("{} has the path of an inherited file; a layer adds files under new names and changes inherited rules with [[override]]", f.path));
        }
    }
    let below = known.clone();
    for f in &layer.files {
        if let Ok(own) = toml::from_str::<RawFile>(&f.text) {
            add_declarations(&mut known, &f.path, &own);
        }
    }
    super::layer_params::check(&known, layer, &mut error);
    check_rules(&below, layer, &mut error);
    Ok(errors)
}

/// The `[[disable]]`s and `[[override]]`s of `layer` against what it inherits (`known`:
/// the rules, gates, RACI activities and use cases below it).
fn check_rules(known: &Inherited, layer: &Layer, error: &mut impl FnMut(usize, String)) {
    let inherited = &known.rules;
    let unknown = |id: &str, what: &str| {
        let hint = crate::suggest::nearest(id, inherited.iter().map(String::as_str))
            .map(|s| format!(" (did you mean `{s}`?)"))
            .unwrap_or_default();
        format!("{what} rule `{id}`, but no inherited rule has that id{hint}")
    };
    let mut disabled = BTreeSet::new();
    for d in &layer.raw.disable {
        let (line, rule) = (layer.line(d), &d.get_ref().rule);
        if !inherited.contains(rule) {
            error(line, unknown(rule, "[[disable]] names"));
        } else if !disabled.insert(rule.clone()) {
            error(line, format!("rule `{rule}` is disabled twice"));
        }
        if d.get_ref().reason.trim().is_empty() {
            error(
                line,
                format!("[[disable]] of `{rule}` needs a `reason`: auditors read it in the book"),
            );
        }
    }
    let mut overridden = BTreeSet::new();
    for o in &layer.raw.overrides {
        let line = layer.line(o);
        let rule = match o.get_ref().target() {
            Err(message) => {
                error(line, message);
                continue;
            }
            Ok(Target::Rule(rule)) => rule,
            Ok(other) => {
                if !overridden.insert(format!("{other:?}")) {
                    error(
                        line,
                        format!(
                            "{} is overridden twice; put the fields in one [[override]]",
                            super::layer_targets::name(other)
                        ),
                    );
                }
                super::layer_targets::check(known, other, line, error);
                continue;
            }
        };
        if !known.rules.contains(rule) {
            error(line, unknown(rule, "[[override]] names"));
        } else if disabled.contains(rule) {
            error(
                line,
                format!("rule `{rule}` is both disabled and overridden"),
            );
        } else if !overridden.insert(rule.to_string()) {
            error(
                line,
                format!("rule `{rule}` is overridden twice; put the fields in one [[override]]"),
            );
        }
    }
}

/// The records of a resolved stack for one use case: the base (with `version`, the
/// use case's, and the digest of its files in `files`), then every layer.
pub fn records(source: &Source, version: &str, files: &[SourceFile]) -> Vec<LayerRecord> {
    let base = source.base();
    let id = base_id(base);
    let own: Vec<SourceFile> = files.iter().filter(|f| f.layer == id).cloned().collect();
    let main_is_base = files.first().is_some_and(|f| f.layer == id);
    let base = LayerRecord {
        id: id.to_string(),
        version: if main_is_base {
            version.to_string()
        } else {
            String::new()
        },
        source: describe(base),
        commit: match base {
            Source::Fetched { commit, .. } => Some(commit.clone()),
            _ => None,
        },
        digest: digest(&own),
    };
    std::iter::once(base)
        .chain(source.layers().iter().map(|l| l.record.clone()))
        .collect()
}

/// The stack's version as people read it: `predictive-maintenance 1.2.0 + acme 2.1.0`.
pub fn stack_text(use_case: &str, version: &str, layers: &[LayerRecord]) -> String {
    let mut out = format!("{use_case} {version}");
    for l in layers.iter().skip(1) {
        out.push_str(&format!(" + {} {}", l.id, l.version));
    }
    out
}

#[cfg(test)]
#[path = "layer_tests.rs"]
mod tests;
