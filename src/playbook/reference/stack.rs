//! The stack parts of a reference page: the layers a playbook came through, its params
//! (default, value in force, who set it), the rules layers disabled, with reasons, and
//! what overrides changed outside rules (gate thresholds, RACI letters, business-case
//! constants). A playbook without layers or params gets none of these sections.

use std::fmt::Write as _;

use super::{cell, relative_file};
use crate::playbook::Playbook;

/// The layers, base first, when the playbook came through company layers.
pub(super) fn layers(out: &mut String, p: &Playbook) {
    if p.layers.is_empty() {
        return;
    }
    out.push_str(
        "## Layers\n\nThis use case is a stack: each layer's params, overrides, disabled rules \
         and files over the one below.\n\n| layer | version | source | commit | digest |\n\
         |---|---|---|---|---|\n",
    );
    for l in &p.layers {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | `{}` |",
            cell(&l.id),
            cell(&l.version),
            cell(&l.source),
            l.commit
                .as_deref()
                .map_or(String::new(), |c| format!("`{c}`")),
            l.digest
        );
    }
    out.push('\n');
}

/// The params: what rules read as `params.<name>`.
pub(super) fn params(out: &mut String, p: &Playbook) {
    if p.params.is_empty() {
        return;
    }
    out.push_str(
        "## Params\n\nThresholds the rules read as `params.<name>`, in conditions and texts \
         alike; a company layer sets them in its `layer.toml`, under `[params]` for every use \
         case or `[params.<use-case>]` for one.\n\n\
         | param | value | default | declared at | set by |\n|---|---|---|---|---|\n",
    );
    for (name, param) in &p.params {
        let _ = writeln!(
            out,
            "| `{name}` | {} | {} | `{}:{}` | {} |",
            cell(&param.value.display()),
            cell(&param.default.display()),
            relative_file(&param.origin.file),
            param.origin.line,
            set_by(param)
        );
    }
    out.push('\n');
}

/// `default`, or the layer that set the value and where: ``acme (`layer.toml:14`)``.
fn set_by(param: &super::super::Param) -> String {
    match (&param.set_by, &param.set_at) {
        (Some(layer), Some(at)) => format!(
            "{} (`{}:{}`)",
            cell(layer),
            relative_file(&at.file),
            at.line
        ),
        (Some(layer), None) => cell(layer),
        _ => "default".to_string(),
    }
}

/// The inherited rules that layers switched off, and why.
pub(super) fn disabled(out: &mut String, p: &Playbook) {
    if p.disabled.is_empty() {
        return;
    }
    out.push_str(
        "## Disabled rules\n\nInherited rules a layer switched off: they emit nothing in any \
         package of this stack.\n\n| rule | from layer | disabled by | reason |\n|---|---|---|---|\n",
    );
    for d in &p.disabled {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} |",
            d.rule,
            cell(&d.rule_layer),
            cell(&d.layer),
            cell(&d.reason)
        );
    }
    out.push('\n');
}

/// What layers' overrides changed outside rules: gate thresholds, RACI letters,
/// business-case constants, each with the inherited value and where it was changed.
pub(super) fn item_changes(out: &mut String, p: &Playbook) {
    if p.item_changes.is_empty() {
        return;
    }
    out.push_str(
        "## What overrides changed

Gate criteria, RACI letters and business-case constants \
         a layer's `[[override]]` changed (the rules a layer changed say so in their own \
         table). The sections below show the values in force.\n\n\
         | what | field | inherited | now | by | at |\n|---|---|---|---|---|---|\n",
    );
    for c in &p.item_changes {
        let shown = |v: &str| {
            if v.is_empty() {
                "(none)".to_string()
            } else {
                format!("`{}`", cell(v).replace('`', "'"))
            }
        };
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} | {} | `{}:{}` |",
            cell(&c.target),
            c.field,
            shown(&c.from),
            shown(&c.to),
            cell(&c.layer),
            relative_file(&c.origin.file),
            c.origin.line
        );
    }
    out.push('\n');
}
