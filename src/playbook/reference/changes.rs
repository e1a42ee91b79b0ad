//! The `--since` page of `sitepack book`: per use case, what differs between two versions
//! of a playbook stack. Rules added, removed (or disabled) and changed, where a rule also
//! counts as changed when a param it reads changed; the params whose value changed; and
//! the gates, RACI activities, business case and change plan (stakeholders, training,
//! communications, adoption KPIs), compared field by field. Pure and
//! deterministic (every list sorted by id); it does not say who changed what, the layers'
//! own pages do.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::book::NOTICE;
use super::{cell, heading};
use crate::playbook::{Expr, Playbook, Rule, Threshold};

/// The page of what changed between `old` and `new`, per use case.
pub fn changes(rev: &str, old: &[Playbook], new: &[Playbook]) -> String {
    let mut out = format!(
        "# Changes since {}\n\n{NOTICE}\n\nPer use case since `{}`: the rules added, removed (or \
         disabled) and changed (condition, texts, emit, severity, phase, owner or refs, or the \
         value of a param the rule reads), the params whose value changed, and the gates, RACI \
         activities, business case items and change-plan items (stakeholders, training, \
         communications, adoption KPIs) added, removed or changed (every field compared).\n\n",
        heading(rev),
        rev.replace('`', "'")
    );
    let mut ids: Vec<&str> = new.iter().chain(old).map(|p| p.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    for id in ids {
        let (o, n) = (
            old.iter().find(|p| p.id == id),
            new.iter().find(|p| p.id == id),
        );
        let version = |p: Option<&Playbook>| p.map_or("(none)".to_string(), Playbook::stack);
        let _ = write!(
            out,
            "## `{id}`\n\n{} → {}\n\n",
            cell(&version(o)),
            cell(&version(n))
        );
        let params = params(o, n);
        let [added, removed, changed] = rules(o, n, &params);
        list(&mut out, "Added", &added);
        list(&mut out, "Removed", &removed);
        list(&mut out, "Changed", &changed);
        list(
            &mut out,
            "Params changed",
            &params.into_values().collect::<Vec<_>>(),
        );
        list(
            &mut out,
            "Gates, RACI, business case and change plan changed",
            &item_changes(o, n),
        );
    }
    out
}

/// `label (n): none.`, or the label and one list entry per line.
fn list(out: &mut String, label: &str, entries: &[String]) {
    let _ = write!(out, "{label} ({}):", entries.len());
    if entries.is_empty() {
        out.push_str(" none.\n\n");
        return;
    }
    out.push_str("\n\n");
    for entry in entries {
        let _ = writeln!(out, "- {entry}");
    }
    out.push('\n');
}

/// Text as an inline code span: one line, no backtick to close it early, mdBook's
/// `{{#...}}` directives neutralized (they apply inside code too).
fn code(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    format!("`{}`", one_line.replace('`', "'").replace("{{#", "\\{{#"))
}

/// The params whose value in force differs, by name: ``- `x`: 6 → 9``, or added or removed.
fn params(o: Option<&Playbook>, n: Option<&Playbook>) -> BTreeMap<String, String> {
    let values = |p: Option<&Playbook>| -> BTreeMap<String, String> {
        p.map(|p| {
            p.params
                .iter()
                .map(|(k, v)| (k.clone(), v.value.display()))
                .collect()
        })
        .unwrap_or_default()
    };
    let (before, after) = (values(o), values(n));
    let names: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    names
        .into_iter()
        .filter_map(|name| {
            let what = match (before.get(name), after.get(name)) {
                (Some(b), Some(a)) if b == a => return None,
                (Some(b), Some(a)) => format!("{} → {}", cell(b), cell(a)),
                (None, Some(a)) => format!("added, {}", cell(a)),
                (Some(b), None) => format!("removed (was {})", cell(b)),
                (None, None) => return None,
            };
            Some((name.clone(), format!("{}: {what}", code(name))))
        })
        .collect()
}

/// What a rule is, for comparing two versions of it.
fn fingerprint(p: &Playbook, r: &Rule) -> String {
    format!(
        "{:?}|{}|{:?}|{}|{}|{:?}|{:?}|{:?}",
        r.scope,
        r.when.source(),
        r.emit,
        r.phase,
        r.owner.as_str(),
        r.refs,
        p.texts.source(&r.title),
        p.texts.source(&r.why)
    )
}

/// The rule ids added, removed and changed; a rule in both versions that reads a param in
/// `params` (changed) is changed, with a note naming the params.
fn rules(
    o: Option<&Playbook>,
    n: Option<&Playbook>,
    params: &BTreeMap<String, String>,
) -> [Vec<String>; 3] {
    let (before, after) = (rule_map(o), rule_map(n));
    let added = after.keys().filter(|k| !before.contains_key(*k));
    let removed = before.keys().filter(|k| !after.contains_key(*k));
    let changed = after.iter().filter_map(|(id, (fp, reads))| {
        let (old_fp, old_reads) = before.get(id)?;
        let mut changed_params: Vec<&str> = reads
            .iter()
            .chain(old_reads)
            .copied()
            .filter(|name| params.contains_key(*name))
            .collect();
        changed_params.sort_unstable();
        changed_params.dedup();
        if fp == old_fp && changed_params.is_empty() {
            return None;
        }
        let note: Vec<String> = changed_params
            .iter()
            .map(|name| code(&format!("params.{name}")))
            .collect();
        Some(if note.is_empty() {
            format!("`{id}`")
        } else {
            format!("`{id}` (reads {})", note.join(", "))
        })
    });
    [
        added.map(|id| format!("`{id}`")).collect(),
        removed.map(|id| format!("`{id}`")).collect(),
        changed.collect(),
    ]
}

/// Each rule by id, with its fingerprint and the params it reads.
fn rule_map(p: Option<&Playbook>) -> BTreeMap<&str, (String, Vec<&str>)> {
    p.map(|p| {
        p.rules
            .iter()
            .map(|r| (r.id.as_str(), (fingerprint(p, r), p.params_of(r))))
            .collect()
    })
    .unwrap_or_default()
}

/// One field name and value per line of an item.
type Fields = BTreeMap<String, String>;

/// The fields of an item, without those left empty.
fn fields(pairs: &[(&str, String)]) -> Fields {
    pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

/// The source of an optional expression (a `when`, a size), or nothing.
fn when(w: Option<&Expr>) -> String {
    w.map_or(String::new(), |w| w.source().into())
}

/// The items outside rules that a layer can add or change, keyed `phase ID`, `gate ID`,
/// `gate ID criterion METRIC`, `raci ID`, `business case` and `business case assumption ID`.
fn items(p: &Playbook) -> BTreeMap<String, Fields> {
    let mut out = BTreeMap::new();
    for ph in &p.phases {
        out.insert(
            format!("phase {}", ph.id),
            fields(&[("title", ph.title.clone()), ("goal", ph.goal.clone())]),
        );
        out.insert(
            format!("gate {}", ph.gate_id),
            fields(&[
                ("title", ph.gate_title.clone()),
                ("accountable", ph.accountable.as_str().to_string()),
                ("phase", ph.id.clone()),
            ]),
        );
        for c in &ph.criteria {
            let mut key = format!("gate {} criterion {}", ph.gate_id, c.metric);
            // Two criteria of one gate on the same metric (under different `when`s).
            for n in 2.. {
                if !out.contains_key(&key) {
                    break;
                }
                key = format!("gate {} criterion {} ({n})", ph.gate_id, c.metric);
            }
            let threshold = match &c.threshold {
                Threshold::Fixed(x) => super::format_number(*x),
                Threshold::Computed(e) => e.source().to_string(),
            };
            out.insert(
                key,
                fields(&[
                    ("op", c.op.clone()),
                    ("threshold", threshold),
                    ("unit", c.unit.clone()),
                    ("kind", c.kind.clone()),
                    ("requires", c.requires.join(", ")),
                    ("evidence", c.evidence.clone()),
                    ("when", when(c.when.as_ref())),
                ]),
            );
        }
    }
    for a in &p.raci {
        let mut f = fields(&[
            ("activity", a.activity.clone()),
            ("phase", a.phase.clone()),
            ("when", when(a.when.as_deref())),
        ]);
        for (role, letter) in a.letters.iter().filter(|(_, l)| !l.is_empty()) {
            f.insert(role.as_str().to_string(), letter.clone());
        }
        out.insert(format!("raci {}", a.id), f);
    }
    let bc = &p.business_case;
    out.insert(
        "business case".to_string(),
        fields(&[
            ("formula", bc.formula.clone()),
            ("value", bc.value.source().to_string()),
            ("requires", bc.requires.join(", ")),
            ("factor", super::range(&bc.factor)),
            ("factor text", bc.factor_text.clone()),
            ("factor source", bc.factor_source.clone()),
            ("factor grade", bc.factor_grade.clone()),
            ("pilot cost", bc.pilot_cost.source().to_string()),
            ("scale cost", bc.scale_cost.source().to_string()),
            ("cost source", bc.cost_source.clone()),
            ("cost grade", bc.cost_grade.clone()),
            (
                "cost currency",
                bc.cost_currency.clone().unwrap_or_default(),
            ),
            (
                "value when",
                bc.value_when
                    .as_ref()
                    .map_or(String::new(), |v| v.when.source().to_string()),
            ),
            (
                "value unmet",
                bc.value_when
                    .as_ref()
                    .map_or(String::new(), |v| v.unmet.clone()),
            ),
        ]),
    );
    for a in &bc.assumptions {
        out.insert(
            format!("business case assumption {}", a.id),
            fields(&[
                ("text", a.text.clone()),
                (
                    "range",
                    a.range.as_ref().map_or(String::new(), super::range),
                ),
                ("unit", a.unit.clone()),
                ("source", a.source.clone()),
                ("grade", a.grade.clone()),
            ]),
        );
    }
    people_items(p, &mut out);
    out
}

/// The change plan's items: `stakeholder ID`, `training ID`, `communication ID` and
/// `adoption kpi ID`, each with every field a layer can set (texts by their source).
fn people_items(p: &Playbook, out: &mut BTreeMap<String, Fields>) {
    let text = |name: &str| p.texts.source(name).unwrap_or(name).to_string();
    for s in &p.stakeholders {
        out.insert(
            format!("stakeholder {}", s.id),
            fields(&[
                ("group", s.group.clone()),
                ("size", when(s.size.as_ref())),
                ("when", when(s.when.as_ref())),
                ("concerns", text(&s.concerns)),
                ("engagement", text(&s.engagement)),
                ("why", text(&s.why)),
            ]),
        );
    }
    for t in &p.training {
        out.insert(
            format!("training {}", t.id),
            fields(&[
                ("title", t.title.clone()),
                ("audience", t.audience.clone()),
                ("people", t.people.source().to_string()),
                ("class size", t.class_size.to_string()),
                ("hours per person", super::format_number(t.hours_per_person)),
                ("phase", t.phase.clone()),
                ("cover", t.cover.as_str().to_string()),
                ("why", text(&t.why)),
                ("when", when(t.when.as_ref())),
            ]),
        );
    }
    for c in &p.communications {
        out.insert(
            format!("communication {}", c.id),
            fields(&[
                ("phase", c.phase.clone()),
                ("audience", c.audience.clone()),
                ("channel", c.channel.clone()),
                ("message", text(&c.message)),
                ("owner", c.owner.as_str().to_string()),
                ("when", when(c.when.as_ref())),
            ]),
        );
    }
    for a in &p.adoption_kpis {
        let k = &a.kpi;
        out.insert(
            format!("adoption kpi {}", k.id),
            fields(&[
                ("metric", k.metric.clone()),
                ("definition", k.definition.clone()),
                ("op", k.op.clone()),
                ("target", super::format_number(k.target)),
                ("unit", k.unit.clone()),
                ("when", when(a.when.as_ref())),
            ]),
        );
    }
}

/// The items added, removed and changed, in key order; a changed one with each field that
/// differs: ``- `raci x`: change I → C``.
fn item_changes(o: Option<&Playbook>, n: Option<&Playbook>) -> Vec<String> {
    let (before, after) = (
        o.map(items).unwrap_or_default(),
        n.map(items).unwrap_or_default(),
    );
    let keys: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    keys.into_iter()
        .filter_map(|key| {
            let what = match (before.get(key), after.get(key)) {
                (Some(b), Some(a)) => {
                    let names: BTreeSet<&String> = b.keys().chain(a.keys()).collect();
                    let shown = |v: Option<&String>| v.map_or("(none)".to_string(), |v| cell(v));
                    let diffs: Vec<String> = names
                        .into_iter()
                        .filter(|f| b.get(*f) != a.get(*f))
                        .map(|f| format!("{f} {} → {}", shown(b.get(f)), shown(a.get(f))))
                        .collect();
                    if diffs.is_empty() {
                        return None;
                    }
                    diffs.join("; ")
                }
                (None, Some(_)) => "added".to_string(),
                (Some(_), None) => "removed".to_string(),
                (None, None) => return None,
            };
            Some(format!("{}: {what}", code(key)))
        })
        .collect()
}

#[cfg(test)]
#[path = "changes_tests.rs"]
mod tests;
