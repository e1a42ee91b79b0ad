//! The `[[override]]`s of a `layer.toml` that change something other than a rule: a gate
//! criterion's threshold, a RACI activity's letters, a use case's business-case constants.
//! Here each is checked against what the stack below declares (an unknown gate, metric,
//! activity or use case is an error naming `layer.toml` and the line, with the nearest id);
//! applying them to one use case is `overrides.rs`'s job.

use std::collections::BTreeSet;

use super::inherited::Inherited;
use super::raw::Target;

/// The target as messages name it: ``gate `pilot-proven` criterion `x` ``.
pub(super) fn name(target: Target<'_>) -> String {
    match target {
        Target::Rule(id) => format!("rule `{id}`"),
        Target::Gate { gate, metric } => format!("gate `{gate}` criterion `{metric}`"),
        Target::Raci(id) => format!("raci `{id}`"),
        Target::BusinessCase(id) => format!("the business case of `{id}`"),
    }
}

/// Reports through `error(line, message)` a `target` that names nothing inherited.
pub(super) fn check(
    known: &Inherited,
    target: Target<'_>,
    line: usize,
    error: &mut impl FnMut(usize, String),
) {
    let missing = |what: &str, id: &str, known: &BTreeSet<String>| {
        let hint = crate::suggest::nearest(id, known.iter().map(String::as_str))
            .map(|s| format!(" (did you mean `{s}`?)"))
            .unwrap_or_default();
        format!("[[override]] names {what} `{id}`, but no inherited {what} has that id{hint}")
    };
    match target {
        Target::Rule(_) => {}
        Target::Gate { gate, metric } => {
            let gates: BTreeSet<String> = known.phase_gates.values().cloned().collect();
            if !gates.contains(gate) {
                return error(line, missing("gate", gate, &gates));
            }
            let metrics: BTreeSet<String> = known
                .phase_gates
                .iter()
                .filter(|(_, g)| *g == gate)
                .flat_map(|(phase, _)| known.phase_metrics.get(phase).into_iter().flatten())
                .cloned()
                .collect();
            if !metrics.contains(metric) {
                let hint = crate::suggest::nearest(metric, metrics.iter().map(String::as_str))
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                error(
                    line,
                    format!(
                        "[[override]] of gate `{gate}`: no criterion has metric `{metric}`{hint}"
                    ),
                );
            }
        }
        Target::Raci(id) if !known.raci.contains(id) => {
            error(line, missing("raci", id, &known.raci))
        }
        Target::Raci(_) => {}
        Target::BusinessCase(id) if !known.use_cases.contains(id) => {
            error(line, missing("use case", id, &known.use_cases));
        }
        Target::BusinessCase(_) => {}
    }
}
