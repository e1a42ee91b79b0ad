//! Validation of playbook sections: vocabularies, references between sections,
//! and the RACI rules (exactly one A, at least one R per activity).

use std::collections::BTreeMap;
use std::ops::Range;

use super::compile::Builder;
use super::raw::{RawFile, RawRule};
use super::source::SourceFile;
use super::*;
use crate::values::{Assumption, Range as ValueRange, Severity};
use crate::vocab::{BaselineKey, Op, Section};

/// Checklist sections.
pub const SECTIONS: &[&str] = Section::ALL;
/// Gap topics, which are also the readiness components.
pub const TOPICS: &[&str] = &[
    "data",
    "integration",
    "security",
    "ownership",
    "business",
    "people",
    "governance",
];
pub const OPS: &[&str] = Op::ALL;
pub const KINDS: &[&str] = &["value", "adoption", "data", "security", "governance"];
const GRADES: &[&str] = &["S", "V", "C", "H", "U", "A"];
pub(super) const LETTERS: &[&str] = &["", "R", "A", "C", "I", "A/R"];

/// True for ids of lower-case letters, digits, `.` and `-`, starting with a letter or digit.
pub fn is_id(id: &str) -> bool {
    id.bytes()
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
}

pub fn one_of(
    b: &mut Builder<'_>,
    span: &Range<usize>,
    what: &str,
    value: &str,
    allowed: &[&str],
) -> bool {
    if allowed.contains(&value) {
        return true;
    }
    let hint = crate::suggest::nearest(value, allowed.iter().copied())
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default();
    b.error(
        span,
        format!(
            "{what} `{value}` is not one of {}{hint}",
            allowed.join(", ")
        ),
    );
    false
}

/// The header fields of a use-case playbook.
pub struct Header {
    pub title: String,
    pub version: String,
    pub summary: String,
    pub security_level_default: u32,
    pub statement: String,
    pub value_levers: Vec<String>,
}

pub fn header(b: &mut Builder<'_>, use_case: &str, raw: &RawFile) -> Option<Header> {
    let at = 0..0;
    let missing = |b: &mut Builder<'_>, key: &str| b.error(&at, format!("missing key `{key}`"));
    if raw.id.as_deref() != Some(use_case) {
        b.error(
            &at,
            format!("`id` must be `{use_case}`, the name of the playbook's directory"),
        );
    }
    let sl = raw.security_level_default.unwrap_or(2);
    if !(1..=4).contains(&sl) {
        b.error(&at, "`security_level_default` must be 1..=4");
    }
    for (key, present) in [
        ("title", raw.title.is_some()),
        ("version", raw.version.is_some()),
        ("summary", raw.summary.is_some()),
        ("problem", raw.problem.is_some()),
        ("business_case", raw.business_case.is_some()),
    ] {
        if !present {
            missing(b, key);
        }
    }
    let problem = raw.problem.as_ref()?;
    Some(Header {
        title: raw.title.clone()?,
        version: raw.version.clone()?,
        summary: raw.summary.clone()?,
        security_level_default: sl,
        statement: problem.statement.clone(),
        value_levers: problem.value_levers.clone(),
    })
}

/// A `common/` file may not carry use-case header keys.
pub fn no_header(b: &mut Builder<'_>, raw: &RawFile) {
    let header =
        raw.id.is_some() || raw.title.is_some() || raw.version.is_some() || raw.summary.is_some();
    if header
        || raw.problem.is_some()
        || raw.business_case.is_some()
        || raw.security_level_default.is_some()
    {
        b.error(&(0..0), "header keys (id, title, version, summary, problem, business_case) belong in a use case's playbook.toml");
    }
}

pub fn scope(b: &mut Builder<'_>, span: &Range<usize>, raw: &RawRule) -> Option<RuleScope> {
    let scope = match raw.scope.as_str() {
        "site" => RuleScope::Site,
        "system" => RuleScope::System,
        "asset" => RuleScope::Asset,
        "sensor" => RuleScope::Sensor,
        "owner" => RuleScope::Owner,
        other => {
            one_of(
                b,
                span,
                &format!("rule `{}` scope", raw.id),
                other,
                &["site", "system", "asset", "sensor", "owner"],
            );
            return None;
        }
    };
    Some(scope)
}

pub fn emit(b: &mut Builder<'_>, span: &Range<usize>, raw: &RawRule) -> Option<Emit> {
    let what = format!("rule `{}`", raw.id);
    let need = |b: &mut Builder<'_>, key: &str, v: &Option<String>| {
        if v.is_none() {
            b.error(span, format!("{what}: emit `{}` needs `{key}`", raw.emit));
        }
        v.clone()
    };
    if raw.emit != "gap" && (raw.cap.is_some() || raw.not_applicable) {
        b.error(
            span,
            format!("{what}: `cap` and `not_applicable` belong to gaps only"),
        );
        return None;
    }
    match raw.emit.as_str() {
        "checklist" => {
            let section = need(b, "section", &raw.section)?;
            one_of(b, span, &format!("{what} section"), &section, SECTIONS)
                .then_some(Emit::Checklist { section })
        }
        "control" => Some(Emit::Control),
        "gap" => {
            let topic = need(b, "topic", &raw.topic)?;
            let severity = match need(b, "severity", &raw.severity)?.as_str() {
                "blocking" => Severity::Blocking,
                "major" => Severity::Major,
                "minor" => Severity::Minor,
                other => {
                    one_of(
                        b,
                        span,
                        &format!("{what} severity"),
                        other,
                        &["blocking", "major", "minor"],
                    );
                    return None;
                }
            };
            let effect = gap_effect(b, span, raw)?;
            one_of(b, span, &format!("{what} topic"), &topic, TOPICS).then_some(Emit::Gap {
                topic,
                severity,
                effect,
            })
        }
        other => {
            one_of(
                b,
                span,
                &format!("{what} emit"),
                other,
                &["checklist", "control", "gap"],
            );
            None
        }
    }
}

fn gap_effect(b: &mut Builder<'_>, span: &Range<usize>, raw: &RawRule) -> Option<GapEffect> {
    match (raw.cap, raw.not_applicable) {
        (None, false) => Some(GapEffect::Penalty),
        (None, true) => Some(GapEffect::NotApplicable),
        (Some(cap), false) if cap < 100 => Some(GapEffect::Cap(cap)),
        (Some(cap), false) => {
            b.error(
                span,
                format!("rule `{}`: `cap = {cap}` must be below 100", raw.id),
            );
            None
        }
        (Some(_), true) => {
            b.error(
                span,
                format!(
                    "rule `{}`: a gap either caps the score or makes the use case not applicable, not both",
                    raw.id
                ),
            );
            None
        }
    }
}

pub fn phase(b: &mut Builder<'_>, span: &Range<usize>, phase: &str, phases: &[String]) -> bool {
    let known: Vec<&str> = phases.iter().map(String::as_str).collect();
    one_of(b, span, "phase", phase, &known)
}

pub fn role(b: &mut Builder<'_>, span: &Range<usize>, role: &str) -> Option<Role> {
    let parsed = Role::parse(role);
    if parsed.is_none() {
        one_of(b, span, "owner", role, Role::ALL);
    }
    parsed
}

pub fn raci<'a>(
    b: &mut Builder<'a>,
    files: &'a [SourceFile],
    parsed: &[RawFile],
    phases: &[String],
) -> Vec<RaciActivity> {
    let mut out = Vec::new();
    for (file, raw) in files.iter().zip(parsed) {
        b.at(file);
        for a in &raw.raci {
            let (span, a) = (a.span(), a.get_ref());
            b.unique(&span, "raci", &a.id);
            phase(b, &span, &a.phase, phases);
            let letters: BTreeMap<Role, String> = [
                (Role::Business, &a.business),
                (Role::Operations, &a.operations),
                (Role::It, &a.it),
                (Role::Data, &a.data),
                (Role::Change, &a.change),
                (Role::Quality, &a.quality),
                (Role::Safety, &a.safety),
            ]
            .into_iter()
            .filter(|(r, l)| Role::CORE.contains(r) || !l.is_empty())
            .map(|(r, l)| (r, l.clone()))
            .collect();
            for (r, l) in &letters {
                let owner_required = a
                    .when
                    .as_deref()
                    .is_some_and(|w| w.contains(&format!("site.owners.{r}.assigned")));
                if !Role::CORE.contains(r) && l.starts_with('A') && !owner_required {
                    b.error(&span, format!("raci `{}`: the optional role {r} may be R, C or I, and A only where the activity's `when` requires `site.owners.{r}.assigned` (a site without a {r} owner still needs its one accountable)", a.id));
                }
            }
            let when = match &a.when {
                None => None,
                Some(w) => b
                    .expr(&span, &format!("raci `{}` when", a.id), w)
                    .map(std::sync::Arc::new),
            };
            for (r, l) in &letters {
                one_of(b, &span, &format!("raci `{}` {r}", a.id), l, LETTERS);
            }
            let accountable = letters.values().filter(|l| l.starts_with('A')).count();
            let responsible = letters.values().filter(|l| l.ends_with('R')).count();
            if accountable != 1 || responsible == 0 {
                b.error(&span, format!("raci `{}`: needs exactly one A (found {accountable}) and at least one R (found {responsible})", a.id));
            }
            out.push(RaciActivity {
                id: a.id.clone(),
                activity: a.activity.clone(),
                phase: a.phase.clone(),
                letters,
                when,
                layer: file.layer.clone(),
            });
        }
    }
    out
}

pub fn business_case(b: &mut Builder<'_>, raw: &RawFile) -> Option<BusinessCaseModel> {
    let bc = raw.business_case.as_ref()?;
    let (span, bc) = (bc.span(), bc.get_ref());
    let known: Vec<&str> = BaselineKey::ALL.to_vec();
    for key in &bc.requires {
        one_of(b, &span, "business_case requires", key, &known);
    }
    let f = bc.factor;
    if !(f.low <= f.expected && f.expected <= f.high) {
        b.error(&span, "business_case factor: needs low <= expected <= high");
    }
    one_of(
        b,
        &span,
        "business_case factor_grade",
        &bc.factor_grade,
        GRADES,
    );
    one_of(b, &span, "business_case cost_grade", &bc.cost_grade, GRADES);
    if let Some(c) = &bc.cost_currency {
        if c.len() != 3 || !c.bytes().all(|x| x.is_ascii_uppercase()) {
            b.error(
                &span,
                format!("business_case cost_currency `{c}`: expected an ISO 4217 code such as EUR"),
            );
        }
    }
    let assumptions = bc
        .assumption
        .iter()
        .map(|a| {
            one_of(
                b,
                &span,
                &format!("assumption `{}` grade", a.id),
                &a.grade,
                GRADES,
            );
            let range = match (a.low, a.expected, a.high) {
                (Some(low), Some(expected), Some(high)) => Some(ValueRange {
                    low,
                    expected,
                    high,
                }),
                _ => None,
            };
            Assumption {
                id: a.id.clone(),
                text: a.text.clone(),
                range,
                unit: a.unit.clone(),
                source: a.source.clone(),
                grade: a.grade.clone(),
            }
        })
        .collect();
    let value_when = match (&bc.value_when, &bc.value_unmet) {
        (Some(when), Some(unmet)) => Some(ValueWhen {
            when: b.expr(&span, "business_case value_when", when)?,
            unmet: unmet.clone(),
        }),
        (None, None) => None,
        _ => {
            b.error(
                &span,
                "business_case: give value_when and value_unmet together (the condition and the reason shown when it is false)",
            );
            None
        }
    };
    Some(BusinessCaseModel {
        formula: bc.formula.clone(),
        value: b.expr(&span, "business_case value", &bc.value)?,
        requires: bc.requires.clone(),
        factor: ValueRange {
            low: f.low,
            expected: f.expected,
            high: f.high,
        },
        factor_text: bc.factor_text.clone(),
        factor_source: bc.factor_source.clone(),
        factor_grade: bc.factor_grade.clone(),
        pilot_cost: b.expr(&span, "business_case pilot_cost", &bc.pilot_cost)?,
        scale_cost: b.expr(&span, "business_case scale_cost", &bc.scale_cost)?,
        cost_source: bc.cost_source.clone(),
        cost_grade: bc.cost_grade.clone(),
        cost_currency: bc.cost_currency.clone(),
        value_when,
        assumptions,
        origin: b.origin(&span),
    })
}

/// `blocking_cap`, checked: `floor <= first <= 100`.
fn blocking_cap(
    b: &mut Builder<'_>,
    span: &Range<usize>,
    c: super::raw::RawBlockingCap,
) -> BlockingCap {
    if c.first > 100 || c.floor > c.first {
        b.error(
            span,
            format!(
                "readiness blocking_cap needs floor <= first <= 100 (first {}, floor {})",
                c.first, c.floor
            ),
        );
    }
    BlockingCap {
        first: c.first,
        step: c.step,
        floor: c.floor,
    }
}

pub fn readiness<'a>(
    b: &mut Builder<'a>,
    files: &'a [SourceFile],
    parsed: &[RawFile],
) -> Option<ReadinessModel> {
    let mut found = None;
    for (file, raw) in files.iter().zip(parsed) {
        b.at(file);
        let Some(r) = &raw.readiness else { continue };
        let (span, r) = (r.span(), r.get_ref());
        if found.is_some() {
            b.error(&span, "[readiness] is defined more than once");
        }
        for (topic, w) in &r.weights {
            one_of(b, &span, "readiness weight", topic, TOPICS);
            if !(*w >= 0.0 && w.is_finite()) {
                b.error(&span, format!("readiness weight `{topic}` must be >= 0"));
            }
        }
        if r.weights.values().sum::<f64>() <= 0.0 {
            b.error(&span, "readiness weights must not all be 0");
        }
        let p = r.penalty;
        found = Some(ReadinessModel {
            weights: r.weights.clone(),
            blocking: p.blocking,
            major: p.major,
            minor: p.minor,
            blocking_cap: r.blocking_cap.map(|c| blocking_cap(b, &span, c)),
        });
    }
    if found.is_none() {
        b.error(&(0..0), "no [readiness] table (expected in common/)");
    }
    found
}
