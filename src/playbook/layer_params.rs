//! The `[params]` and `[params.<use-case>]` of a `layer.toml`, checked against what the
//! stack below declares: an unknown param or use case, or a value of another type, is an
//! error naming `layer.toml` and the line, with the nearest name where one is close.
//! Applying them to one use case is `stack.rs`'s job.

use std::collections::BTreeMap;

use super::inherited::Inherited;
use super::layer::Layer;
use super::raw::ParamValue;

/// Every error of `layer`'s params, reported through `error(line, message)`.
pub(super) fn check(known: &Inherited, layer: &Layer, error: &mut impl FnMut(usize, String)) {
    let all: BTreeMap<&str, &ParamValue> =
        known.params.iter().map(|(k, v)| (k.as_str(), v)).collect();
    for (name, value) in &layer.raw.params {
        let line = layer.line(value);
        if let Some(message) = check_one(name, value.get_ref(), &all, "no playbook file") {
            error(line, message);
        }
    }
    for (use_case, table) in &layer.raw.use_case_params {
        let line = layer.line(table);
        if !known.use_cases.contains(use_case) {
            let hint = did_you_mean(use_case, known.use_cases.iter().map(String::as_str));
            error(
                line,
                format!("[params.{use_case}]: no use case `{use_case}` in the stack{hint}; a `[params.<use-case>]` table sets params for one use case"),
            );
            continue;
        }
        let declared = known.params_of(use_case);
        for (name, value) in table.get_ref() {
            let line = layer.line(value);
            let by = format!("no file of use case `{use_case}` (its directory or common/)");
            if let Some(message) = check_one(name, value.get_ref(), &declared, &by) {
                error(line, format!("[params.{use_case}]: {message}"));
            }
        }
    }
}

/// What is wrong with setting `name` to `value` where `declared` holds the defaults.
fn check_one(
    name: &str,
    value: &ParamValue,
    declared: &BTreeMap<&str, &ParamValue>,
    declared_by: &str,
) -> Option<String> {
    match declared.get(name) {
        None => {
            let hint = did_you_mean(name, declared.keys().copied());
            Some(format!("param `{name}` is declared by {declared_by}{hint}"))
        }
        Some(default) if value.conformed_to(default).is_none() => Some(format!(
            "param `{name}` must be {} as the playbooks declare it, not {}",
            default.kind(),
            value.kind()
        )),
        Some(_) => None,
    }
}

fn did_you_mean<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    crate::suggest::nearest(input, candidates)
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default()
}
