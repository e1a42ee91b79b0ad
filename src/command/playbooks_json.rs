//! `sitepack playbooks ID --format json`: everything a compiled playbook holds, as one
//! JSON document: every rule (condition, texts as written, emit, refs, where defined,
//! origin layer, what overrides changed), RACI activities, phases with their gates and
//! criteria, the business case, the readiness model, params, layers, disabled rules and
//! what overrides changed outside rules (`item_changes`).

use serde_json::{json, Value};

use crate::playbook::{Emit, GapEffect, Playbook, Rule, Threshold};

/// The whole playbook as JSON.
pub fn document(p: &Playbook) -> Value {
    json!({
        "id": p.id,
        "title": p.title,
        "version": p.version,
        "stack": p.stack(),
        "digest": p.digest,
        "summary": p.summary,
        "security_level_default": p.security_level_default,
        "problem": {"statement": p.problem.statement, "value_levers": p.problem.value_levers},
        "layers": p.layers,
        "params": params(p),
        "rules": p.rules.iter().map(|r| rule(p, r)).collect::<Vec<_>>(),
        "disabled": p.disabled.iter().map(|d| json!({
            "rule": d.rule, "reason": d.reason, "layer": d.layer, "rule_layer": d.rule_layer,
            "file": d.origin.file, "line": d.origin.line,
        })).collect::<Vec<_>>(),
        "item_changes": p.item_changes.iter().map(|c| json!({
            "target": c.target, "field": c.field, "from": c.from, "to": c.to, "layer": c.layer,
            "file": c.origin.file, "line": c.origin.line,
        })).collect::<Vec<_>>(),
        "raci": p.raci.iter().map(|a| json!({
            "id": a.id, "activity": a.activity, "phase": a.phase, "layer": a.layer,
            "letters": a.letters.iter().map(|(role, l)| (role.as_str().to_string(), json!(l)))
                .collect::<serde_json::Map<_, _>>(),
        })).collect::<Vec<_>>(),
        "phases": p.phases.iter().map(|ph| json!({
            "id": ph.id, "title": ph.title, "goal": ph.goal, "layer": ph.layer,
            "gate": {
                "id": ph.gate_id, "title": ph.gate_title, "accountable": ph.accountable.as_str(),
                "criteria": ph.criteria.iter().map(|c| json!({
                    "metric": c.metric, "op": c.op, "threshold": threshold(&c.threshold),
                    "requires": c.requires, "unit": c.unit, "kind": c.kind,
                    "evidence": c.evidence, "layer": c.layer,
                })).collect::<Vec<_>>(),
            },
        })).collect::<Vec<_>>(),
        "business_case": business_case(p),
        "readiness": {
            "weights": p.readiness.weights,
            "penalty": {"blocking": p.readiness.blocking, "major": p.readiness.major, "minor": p.readiness.minor},
            "blocking_cap": p.readiness.blocking_cap.map(|c| json!({"first": c.first, "step": c.step, "floor": c.floor})),
        },
    })
}

fn params(p: &Playbook) -> Value {
    let map: serde_json::Map<String, Value> = p
        .params
        .iter()
        .map(|(name, param)| {
            let value = json!({
                "value": param.value, "default": param.default, "layer": param.layer,
                "set_by": param.set_by, "set_at": param.set_at.as_ref().map(|o| format!("{}:{}", o.file, o.line)), "file": param.origin.file, "line": param.origin.line,
            });
            (name.clone(), value)
        })
        .collect();
    Value::Object(map)
}

fn rule(p: &Playbook, r: &Rule) -> Value {
    let mut doc = json!({
        "id": r.id,
        "scope": format!("{:?}", r.scope).to_lowercase(),
        "when": r.when.source(),
        "phase": r.phase,
        "owner": r.owner.as_str(),
        "title": p.texts.source(&r.title),
        "why": p.texts.source(&r.why),
        "refs": r.refs,
        "merge": r.merge,
        "baseline": r.is_baseline(),
        "file": r.origin.file,
        "line": r.origin.line,
        "layer": r.layer,
        "changes": r.changes.iter().map(|c| json!({
            "layer": c.layer, "fields": c.fields, "file": c.origin.file, "line": c.origin.line,
        })).collect::<Vec<_>>(),
    });
    let emit = match &r.emit {
        Emit::Checklist { section } => json!({"emit": "checklist", "section": section}),
        Emit::Control => json!({"emit": "control"}),
        Emit::Gap {
            topic,
            severity,
            effect,
        } => {
            let mut gap = json!({"emit": "gap", "topic": topic, "severity": severity.as_str()});
            match effect {
                GapEffect::Penalty => {}
                GapEffect::Cap(n) => gap["cap"] = json!(n),
                GapEffect::NotApplicable => gap["not_applicable"] = json!(true),
            }
            gap
        }
    };
    if let (Some(doc), Value::Object(emit)) = (doc.as_object_mut(), emit) {
        doc.extend(emit);
    }
    doc
}

fn threshold(t: &Threshold) -> Value {
    match t {
        Threshold::Fixed(x) => json!(x),
        Threshold::Computed(e) => json!(e.source()),
    }
}

fn business_case(p: &Playbook) -> Value {
    let bc = &p.business_case;
    json!({
        "formula": bc.formula,
        "value": bc.value.source(),
        "requires": bc.requires,
        "factor": bc.factor,
        "factor_text": bc.factor_text,
        "factor_source": bc.factor_source,
        "factor_grade": bc.factor_grade,
        "pilot_cost": bc.pilot_cost.source(),
        "scale_cost": bc.scale_cost.source(),
        "cost_source": bc.cost_source,
        "cost_grade": bc.cost_grade,
        "cost_currency": bc.cost_currency,
        "value_when": bc.value_when.as_ref().map(|v| v.when.source()),
        "value_unmet": bc.value_when.as_ref().map(|v| v.unmet.as_str()),
        "assumptions": bc.assumptions,
    })
}
