//! Applying a stack of layers to one use case while it compiles: the params with
//! their defaults and the values layers set (`[params]`, then `[params.<use-case>]`),
//! and the rules with layers' disables and overrides applied.
//!
//! That a disable or override names an inherited rule, and that a param exists, is
//! checked once per stack in `layer.rs` (a rule may belong to another use case); here
//! each one that concerns this use case is applied, and an overridden field that does
//! not compile is reported at the `[[override]]` in `layer.toml`.

use std::collections::BTreeMap;

use toml::Spanned;

use super::compile::{compile_rule, Builder};
use super::layer::Layer;
use super::raw::{RawFile, RawOverride};
use super::source::SourceFile;
use super::{DisabledRule, Origin, Param, Rule, RuleChange};

/// The params this use case declares, each with the value the top-most layer set.
pub(super) fn params<'a>(
    b: &mut Builder<'a>,
    use_case: &str,
    files: &'a [SourceFile],
    parsed: &[RawFile],
    layers: &'a [Layer],
) -> BTreeMap<String, Param> {
    let mut out: BTreeMap<String, Param> = BTreeMap::new();
    for (file, raw) in files.iter().zip(parsed) {
        b.at(file);
        for (name, value) in &raw.params {
            let span = value.span();
            if !is_param_name(name) {
                b.error(&span, format!("param `{name}`: use lower-case letters, digits and `_`, starting with a letter"));
            }
            if let Some(first) = out.get(name) {
                let at = format!("{}:{}", first.origin.file, first.origin.line);
                b.error(
                    &span,
                    format!("param `{name}` is declared twice (first at {at})"),
                );
                continue;
            }
            let param = Param {
                value: value.get_ref().clone(),
                default: value.get_ref().clone(),
                layer: file.layer.clone(),
                set_by: None,
                set_at: None,
                origin: b.origin(&span),
            };
            out.insert(name.clone(), param);
        }
    }
    for layer in layers {
        b.at(&layer.file);
        // The layer's `[params]`, then its `[params.<use-case>]` for this use case over them.
        let own = layer.raw.use_case_params.get(use_case);
        let values = layer
            .raw
            .params
            .iter()
            .chain(own.into_iter().flat_map(|t| t.get_ref()));
        for (name, value) in values {
            // A param of another use case: `layer.rs` checked that someone declares it.
            let Some(param) = out.get_mut(name) else {
                continue;
            };
            match value.get_ref().conformed_to(&param.default) {
                Some(v) => {
                    param.value = v;
                    param.set_by = Some(layer.record.id.clone());
                    param.set_at = Some(b.origin(&value.span()));
                }
                None => {
                    let message = format!(
                        "param `{name}` must be {} like its default {}, not {}",
                        param.default.kind(),
                        param.default.display(),
                        value.get_ref().kind()
                    );
                    b.error(&value.span(), message);
                }
            }
        }
    }
    out
}

fn is_param_name(name: &str) -> bool {
    name.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Every rule of the use case, overrides applied, and the rules layers disabled.
pub(super) fn rules<'a>(
    b: &mut Builder<'a>,
    files: &'a [SourceFile],
    parsed: &[RawFile],
    layers: &'a [Layer],
    phases: &[String],
) -> (Vec<Rule>, Vec<DisabledRule>) {
    let mut rules = Vec::new();
    let mut disabled = Vec::new();
    for (file, raw) in files.iter().zip(parsed) {
        b.at(file);
        // Only layers above the file's own layer may change its rules.
        let above = layers
            .iter()
            .position(|l| l.record.id == file.layer)
            .map_or(0, |i| i + 1);
        let above = &layers[above..];
        for rule in &raw.rule {
            let (span, id) = (rule.span(), &rule.get_ref().id);
            if let Some((layer, reason)) = disabled_by(above, id) {
                b.unique(&span, "rule", id);
                disabled.push(DisabledRule {
                    rule: id.clone(),
                    reason: reason.to_string(),
                    layer: layer.record.id.clone(),
                    rule_layer: file.layer.clone(),
                    origin: b.origin(&span),
                });
                continue;
            }
            let edits = overrides_of(above, id);
            let Some((top, top_edit)) = edits.last().copied() else {
                rules.extend(compile_rule(b, span, rule.get_ref(), phases, &file.layer));
                continue;
            };
            let origin = b.origin(&span);
            let mut merged = rule.get_ref().clone();
            let mut changes = Vec::new();
            for (layer, edit) in &edits {
                let (next, fields) = edit.get_ref().apply(&merged);
                merged = next;
                changes.push(RuleChange {
                    layer: layer.record.id.clone(),
                    fields: fields.into_iter().map(str::to_string).collect(),
                    origin: Origin {
                        file: layer.file.display.clone(),
                        line: layer.line(edit),
                    },
                });
            }
            b.at(&top.file);
            let compiled = compile_rule(b, top_edit.span(), &merged, phases, &file.layer);
            b.at(file);
            rules.extend(compiled.map(|r| Rule {
                origin,
                changes,
                ..r
            }));
        }
    }
    (rules, disabled)
}

fn disabled_by<'a>(layers: &'a [Layer], rule: &str) -> Option<(&'a Layer, &'a str)> {
    layers.iter().rev().find_map(|l| {
        l.raw
            .disable
            .iter()
            .find(|d| d.get_ref().rule == rule)
            .map(|d| (l, d.get_ref().reason.as_str()))
    })
}

fn overrides_of<'a>(layers: &'a [Layer], rule: &str) -> Vec<(&'a Layer, &'a Spanned<RawOverride>)> {
    layers
        .iter()
        .flat_map(|l| {
            l.raw
                .overrides
                .iter()
                .filter(move |o| o.get_ref().rule.as_deref() == Some(rule))
                .map(move |o| (l, o))
        })
        .collect()
}
