//! From playbook files to a compiled [`Playbook`]: parse, merge, validate, compile.
//!
//! Errors are collected, not returned at the first one, so an author sees every
//! problem of a playbook in one run. Vocabulary checks live in `check.rs`.

use std::collections::BTreeSet;
use std::ops::Range;

use super::layer::Layer;
use super::raw::{RawFile, RawRule};
use super::source::SourceFile;
use super::{
    change, check, gates, overrides, stack, Emit, Expr, Origin, Playbook, PlaybookError,
    PlaybookErrors, Rule, Texts,
};
use crate::values::Problem;

/// Collects errors and compiled texts while a playbook is being built.
pub(super) struct Builder<'a> {
    pub errors: Vec<PlaybookError>,
    pub texts: Texts,
    text_origins: Vec<(String, Origin)>,
    file: &'a SourceFile,
    /// The line index of every file seen so far (the stages visit each file several times);
    /// `current` is the one of `file`.
    line_starts: Vec<(&'a SourceFile, Vec<usize>)>,
    current: usize,
    ids: BTreeSet<String>,
    /// Parse CEL on first use ([`Expr::deferred`]): the built-ins only.
    defer: bool,
}

impl<'a> Builder<'a> {
    /// Switches the file that errors are attributed to.
    pub fn at(&mut self, file: &'a SourceFile) {
        self.current = match self
            .line_starts
            .iter()
            .position(|(f, _)| std::ptr::eq(*f, file))
        {
            Some(i) => i,
            None => {
                self.line_starts.push((file, line_starts(&file.text)));
                self.line_starts.len() - 1
            }
        };
        self.file = file;
    }

    /// The origin of a span in the current file.
    pub fn origin(&self, span: &Range<usize>) -> Origin {
        let line = self.line_starts[self.current]
            .1
            .partition_point(|start| *start <= span.start);
        Origin {
            file: self.file.display.clone(),
            line: line.max(1),
        }
    }

    /// Records an error at `span` of the current file.
    pub fn error(&mut self, span: &Range<usize>, message: impl Into<String>) {
        let origin = self.origin(span);
        self.errors.push(PlaybookError {
            file: origin.file,
            line: origin.line,
            message: message.into(),
        });
    }

    /// Compiles a CEL expression, recording an error naming `what`.
    pub fn expr(&mut self, span: &Range<usize>, what: &str, source: &str) -> Option<Expr> {
        let expr = if self.defer {
            Expr::deferred(source)
        } else {
            Expr::compile(source)
        };
        match expr {
            Ok(e) => Some(e),
            Err(e) => {
                self.error(span, format!("{what}: invalid CEL expression: {e}"));
                None
            }
        }
    }

    /// Compiles a Tera text under `name`, recording an error naming `what`.
    pub fn text(&mut self, span: &Range<usize>, name: &str, source: &str) -> String {
        self.texts.add(name, source);
        self.text_origins
            .push((name.to_string(), self.origin(span)));
        name.to_string()
    }

    /// Compiles every text added so far, recording an error at each broken one.
    pub fn finish_texts(&mut self) {
        for (name, e) in self.texts.finish() {
            let origin = self
                .text_origins
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, o)| o.clone());
            let Origin { file, line } = origin.unwrap_or(Origin {
                file: self.file.display.clone(),
                line: 0,
            });
            self.errors.push(PlaybookError {
                file,
                line,
                message: format!("{name}: invalid Tera text: {e}"),
            });
        }
    }

    /// Registers a unique id of a kind (`rule`, `raci`...).
    pub fn unique(&mut self, span: &Range<usize>, kind: &str, id: &str) {
        if !check::is_id(id) {
            self.error(
                span,
                format!("{kind} id `{id}`: use lower-case letters, digits, `.` and `-`"),
            );
        }
        if !self.ids.insert(format!("{kind}:{id}")) {
            self.error(span, format!("duplicate {kind} id `{id}`"));
        }
    }
}

/// Byte offsets where each line of `text` starts.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// 1-based line of byte `offset` in `text`.
pub(super) fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())]
        .bytes()
        .filter(|b| *b == b'\n')
        .count()
        + 1
}

/// Compiles the files of `use_case` (its `playbook.toml` first) into a playbook.
pub fn compile(use_case: &str, files: &[SourceFile]) -> Result<Playbook, PlaybookErrors> {
    compile_stack(use_case, files, &[])
}

/// [`compile`] with the params, disables and overrides of `layers` (bottom first)
/// applied; `files` holds the layers' files too, each tagged with its layer.
pub fn compile_stack(
    use_case: &str,
    files: &[SourceFile],
    layers: &[Layer],
) -> Result<Playbook, PlaybookErrors> {
    build(use_case, files, layers, false)
}

/// [`compile`] for the built-in playbooks: their CEL is parsed when first evaluated
/// ([`Expr::deferred`]); `every_built_in_expression_compiles` compiles all of it.
pub fn compile_built_in(use_case: &str, files: &[SourceFile]) -> Result<Playbook, PlaybookErrors> {
    build(use_case, files, &[], true)
}

fn build(
    use_case: &str,
    files: &[SourceFile],
    layers: &[Layer],
    defer: bool,
) -> Result<Playbook, PlaybookErrors> {
    let invalid = |errors| PlaybookErrors::Invalid {
        use_case: use_case.to_string(),
        errors,
    };
    let (parsed, mut errors) = parse_all(files);
    if !errors.is_empty() {
        return Err(invalid(errors));
    }
    let mut b = Builder {
        errors: Vec::new(),
        texts: Texts::default(),
        text_origins: Vec::new(),
        file: &files[0],
        line_starts: vec![(&files[0], line_starts(&files[0].text))],
        current: 0,
        ids: BTreeSet::new(),
        defer,
    };
    let playbook = assemble(&mut b, use_case, files, &parsed, layers);
    errors.append(&mut b.errors);
    match playbook {
        Some(p) if errors.is_empty() => Ok(p),
        _ => Err(invalid(errors)),
    }
}

fn parse_all(files: &[SourceFile]) -> (Vec<RawFile>, Vec<PlaybookError>) {
    let mut parsed = Vec::new();
    let mut errors = Vec::new();
    for file in files {
        match toml::from_str::<RawFile>(&file.text) {
            Ok(raw) => parsed.push(raw),
            Err(e) => errors.push(PlaybookError {
                file: file.display.clone(),
                line: e.span().map_or(0, |s| line_of(&file.text, s.start)),
                message: e.message().to_string(),
            }),
        }
    }
    (parsed, errors)
}

fn assemble<'a>(
    b: &mut Builder<'a>,
    use_case: &str,
    files: &'a [SourceFile],
    parsed: &[RawFile],
    layers: &'a [Layer],
) -> Option<Playbook> {
    let head = &parsed[0];
    b.at(&files[0]);
    let header = check::header(b, use_case, head);
    for (file, raw) in files.iter().zip(parsed).skip(1) {
        b.at(file);
        check::no_header(b, raw);
    }
    let phases = gates::phases(b, files, parsed);
    let phase_ids: Vec<String> = phases.iter().map(|p| p.id.clone()).collect();
    let params = stack::params(b, use_case, files, parsed, layers);
    let (rules, disabled) = stack::rules(b, files, parsed, layers, &phase_ids);
    let change = change::change_plan(b, files, parsed, &phase_ids);
    let mut raci = check::raci(b, files, parsed, &phase_ids);
    let mut phases = phases;
    b.at(&files[0]);
    let mut business_case = check::business_case(b, head);
    let items = (&mut phases[..], &mut raci[..], business_case.as_mut());
    let item_changes = overrides::apply(b, use_case, layers, items);
    let readiness = check::readiness(b, files, parsed);
    b.finish_texts();
    let (header, business_case, readiness) = (header?, business_case?, readiness?);
    Some(Playbook {
        id: use_case.to_string(),
        title: header.title,
        version: header.version,
        summary: header.summary,
        digest: digest(files),
        security_level_default: header.security_level_default,
        problem: Problem {
            statement: header.statement,
            value_levers: header.value_levers,
        },
        rules,
        raci,
        stakeholders: change.stakeholders,
        training: change.training,
        communications: change.communications,
        adoption_kpis: change.adoption_kpis,
        business_case,
        phases,
        readiness,
        texts: std::mem::take(&mut b.texts),
        origin: None,
        params,
        layers: Vec::new(),
        disabled,
        item_changes,
    })
}

/// Compiles one rule of layer `layer`, errors at `span` of the current file.
pub(super) fn compile_rule(
    b: &mut Builder<'_>,
    span: Range<usize>,
    raw: &RawRule,
    phases: &[String],
    layer: &str,
) -> Option<Rule> {
    b.unique(&span, "rule", &raw.id);
    let scope = check::scope(b, &span, raw);
    let emit = check::emit(b, &span, raw);
    let phase = raw
        .phase
        .clone()
        .or_else(|| phases.first().cloned())
        .unwrap_or_default();
    check::phase(b, &span, &phase, phases);
    let owner = check::role(b, &span, &raw.owner);
    if matches!(emit, Some(Emit::Control)) && raw.refs.is_empty() {
        b.error(
            &span,
            format!(
                "rule `{}`: a control needs at least one entry in `refs`",
                raw.id
            ),
        );
    }
    if raw.merge && (raw.scope == "site" || matches!(emit, Some(Emit::Gap { .. }))) {
        b.error(
            &span,
            format!(
                "rule `{}`: `merge = true` needs a checklist item or control of scope system, asset, sensor or owner (a gap scores each target)",
                raw.id
            ),
        );
    }
    let when = b.expr(&span, &format!("rule `{}` when", raw.id), &raw.when);
    let title = b.text(&span, &format!("rule:{}:title", raw.id), &raw.title);
    let why = b.text(&span, &format!("rule:{}:why", raw.id), &raw.why);
    Some(Rule {
        id: raw.id.clone(),
        scope: scope?,
        when: when?,
        emit: emit?,
        phase,
        owner: owner?,
        title,
        why,
        refs: raw.refs.clone(),
        merge: raw.merge,
        origin: b.origin(&span),
        layer: layer.to_string(),
        changes: Vec::new(),
    })
}

/// `sha256:` over every file's relative path and bytes, in path order.
pub(super) fn digest(files: &[SourceFile]) -> String {
    let mut sorted: Vec<&SourceFile> = files.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let mut bytes = Vec::new();
    for f in sorted {
        for part in [f.path.as_bytes(), f.text.as_bytes()] {
            bytes.extend_from_slice(part);
            bytes.push(0);
        }
    }
    crate::digest::sha256_hex(&bytes)
}
