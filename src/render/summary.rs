//! The status at the top of the overview: the verdict sentence and the score cards.
//!
//! Everything here comes from the plan alone (readiness, blocking gaps, owners, the
//! first gate, the business case), never from progress, so the overview is part of the
//! pure render. The cards are one line of HTML built with [`crate::svg::xml::escape`],
//! because Markdown inside an HTML block is not parsed and its escapes would show.

use crate::number::{counted, decimals};
use crate::plan::{Plan, Severity};
use crate::render::filters::money;
use crate::svg::xml::escape;

/// The verdict in one sentence: "Not ready for gate G1 Pilot ready: 4 blocking gaps must
/// close first; the change owner is unassigned."
pub fn verdict(plan: &Plan) -> String {
    if !plan.readiness.applicable {
        let reasons = plan.readiness.not_applicable_reasons();
        return format!(
            "{} does not apply to this site as described: {}.",
            plan.use_case.title,
            reasons.join("; ")
        );
    }
    let blocking = blocking_count(plan);
    let gate = plan.phases.first().map(|p| p.gate.title.as_str());
    let unassigned = unassigned_roles(plan);
    let owners = match unassigned.as_slice() {
        [] => String::new(),
        [one] => format!("; the {one} owner is unassigned"),
        many => format!(
            "; the {} and {} owners are unassigned",
            many[..many.len() - 1].join(", "),
            many[many.len() - 1]
        ),
    };
    let gate_words = gate.map_or("the first gate".to_string(), |g| format!("gate {g}"));
    if blocking > 0 {
        format!(
            "Not ready for {gate_words}: {} must close first{owners}.",
            counted(blocking, "blocking gap")
        )
    } else if !unassigned.is_empty() {
        format!("Not ready for {gate_words}: no blocking gap is open{owners}.")
    } else {
        format!("No blocking gap stands before {gate_words}; it passes when its criteria are met.")
    }
}

/// The verdict box and the four score cards, as one line of HTML.
pub fn status_html(plan: &Plan) -> String {
    let blocking = blocking_count(plan);
    let tone = if blocking > 0 || !unassigned_roles(plan).is_empty() {
        "bad"
    } else {
        "good"
    };
    let mut out = format!(
        "<div class=\"sp-status\"><p class=\"sp-verdict sp-verdict-{tone}\"><strong>{}</strong></p><div class=\"sp-cards\">",
        escape(&verdict(plan))
    );
    card(
        &mut out,
        "Readiness",
        &plan.readiness.shown(),
        "data-readiness.md",
        &format!("{} in all", counted(plan.readiness.gaps.len(), "gap")),
    );
    card(
        &mut out,
        "Blocking gaps",
        &blocking.to_string(),
        "#who-must-act-now",
        if blocking > 0 && !plan.readiness.applicable {
            "must close before any phase is planned"
        } else if blocking > 0 {
            "must close before the first gate"
        } else {
            "none open"
        },
    );
    match plan.phases.first() {
        Some(p) => card(
            &mut out,
            "Next gate",
            &p.gate.title,
            "rollout.md",
            &format!(
                "{} criteria; accountable: {}",
                p.gate.criteria.len(),
                p.gate.accountable
            ),
        ),
        None => card(
            &mut out,
            "Next gate",
            "none",
            "rollout.md",
            if plan.readiness.applicable {
                "the playbook defines no gate"
            } else {
                "the use case does not apply"
            },
        ),
    }
    let case = &plan.business_case;
    match (&case.annual_value, case.payback_months) {
        (Some(v), payback) => {
            let note = payback.map_or("payback not computed".to_string(), |m| {
                format!("payback {} months", decimals(m, 1))
            });
            card(
                &mut out,
                "Expected value",
                &format!("{} {}/yr", short_money(v.expected), case.currency),
                "business-case.md",
                &note,
            );
        }
        (None, _) => card(
            &mut out,
            "Expected value",
            "not computed",
            "business-case.md",
            if plan.business_case.unvalued.is_some() {
                "the playbook's formula does not fit this site"
            } else if plan.readiness.applicable {
                "the baseline is missing"
            } else {
                "the use case does not apply"
            },
        ),
    }
    out.push_str("</div></div>");
    out
}

fn card(out: &mut String, label: &str, value: &str, href: &str, note: &str) {
    out.push_str(&format!(
        "<a class=\"sp-card\" href=\"{}\"><span class=\"sp-card-label\">{}</span><span class=\"sp-card-value\">{}</span><span class=\"sp-card-note\">{}</span></a>",
        escape(href),
        escape(label),
        escape(value),
        escape(note)
    ));
}

/// Money in a card: `270k`, `1.2M`, `950`.
pub fn short_money(x: f64) -> String {
    let abs = x.abs();
    if abs >= 1e6 {
        format!("{}M", decimals(x / 1e6, 1))
    } else if abs >= 1e4 {
        format!("{}k", decimals(x / 1e3, 0))
    } else {
        money(x)
    }
}

fn blocking_count(plan: &Plan) -> usize {
    plan.readiness
        .gaps
        .iter()
        .filter(|g| g.severity == Severity::Blocking)
        .count()
}

fn unassigned_roles(plan: &Plan) -> Vec<&str> {
    plan.owners
        .iter()
        .filter(|o| !o.assigned)
        .map(|o| o.role.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::sample::sample_plan;

    #[test]
    fn verdicts() {
        let mut plan = sample_plan();
        plan.owners[4].assigned = false;
        let lines = [verdict(&plan)];
        assert!(lines[0].starts_with("Not ready for gate "), "{}", lines[0]);
        assert!(
            lines[0].contains("the it and change owners are unassigned."),
            "{}",
            lines[0]
        );
        for o in &mut plan.owners {
            o.assigned = true;
        }
        plan.readiness
            .gaps
            .retain(|g| g.severity != Severity::Blocking);
        assert!(
            verdict(&plan).starts_with("No blocking gap stands before gate "),
            "{}",
            verdict(&plan)
        );
        plan.phases.clear();
        assert!(
            verdict(&plan).contains("the first gate"),
            "{}",
            verdict(&plan)
        );
    }

    #[test]
    fn status_is_one_escaped_line() {
        let mut plan = sample_plan();
        plan.phases[0].gate.title = "<script>{{#include x}}".into();
        let html = status_html(&plan);
        assert!(
            !html.contains('\n') && !html.contains("<script") && !html.contains("{{"),
            "{html}"
        );
        assert_eq!(html.matches("class=\"sp-card\"").count(), 4);
    }

    #[test]
    fn short_money_reads_at_a_glance() {
        for (x, want) in [
            (270300.0, "270k"),
            (1_260_000.0, "1.3M"),
            (950.0, "950"),
            (12_345.0, "12k"),
        ] {
            assert_eq!(short_money(x), want);
        }
    }
}
