//! The readiness score: one component per gap topic, each losing points per
//! gap, then capped by gaps on essential data, or "not applicable".
//!
//! - A gap on the site, a system or an owner costs its severity's penalty.
//! - Gaps one rule raises per asset (or per sensor) aggregate: together they
//!   cost the penalty times the share of in-scope assets affected, so ten
//!   assets that each lack one fact cost what one site-wide gap costs, never
//!   ten times as much.
//! - Component score = max(0, 100 - points lost); the score is the weighted
//!   mean of the components, rounded, and never above the lowest `cap` of an
//!   open gap (essential data missing: no strength elsewhere makes up for it).
//! - Open blocking findings cap it too (`blocking_cap`): `n` distinct rules
//!   with an open blocking gap (per-asset gaps of one rule count once) hold
//!   the score at `max(floor, first - step * (n - 1))`.
//! - An open `not_applicable` gap (no in-scope asset, no camera for
//!   inspection...) makes the use case not applicable: score 0, no value.
//!
//! Only gaps lower the score, and each gap's cost grows with what it covers,
//! so a fact that closes a gap, or narrows it to fewer assets, can only raise it.
//! The model is documented in `book/src/readiness.md`.

use std::collections::{BTreeMap, BTreeSet};

use super::{Gap, Readiness, ReadinessComponent, Severity};
use crate::playbook::ReadinessModel;

/// Scores `gaps` with `model` for a use case with `in_scope` assets; gaps are
/// sorted blocking first, then by id.
pub fn score(model: &ReadinessModel, mut gaps: Vec<Gap>, in_scope: usize) -> Readiness {
    gaps.sort_by(|a, b| (a.severity, &a.id).cmp(&(b.severity, &b.id)));
    let components: Vec<ReadinessComponent> = model
        .weights
        .iter()
        .map(|(topic, weight)| component(model, topic, *weight, &gaps, in_scope))
        .collect();
    let total: f64 = components.iter().map(|c| c.weight).sum();
    let weighted: f64 = components
        .iter()
        .map(|c| c.weight * f64::from(c.score))
        .sum();
    let mean = if total > 0.0 {
        (weighted / total).round() as u32
    } else {
        0
    };
    let cap = gaps.iter().filter_map(|g| g.cap).min();
    let blocking_open = blocking_findings(model, &gaps);
    let blocking_cap = model.blocking_cap.and_then(|c| c.for_open(blocking_open));
    let applicable = !gaps.iter().any(|g| g.not_applicable);
    let score = if applicable {
        [cap, blocking_cap]
            .into_iter()
            .flatten()
            .fold(mean, u32::min)
    } else {
        0
    };
    Readiness {
        score,
        applicable,
        cap,
        blocking_open: blocking_open as u32,
        blocking_cap,
        components,
        gaps,
    }
}

/// Open blocking findings: distinct rules with an open blocking gap in a topic
/// that counts (weight above 0), so one rule on ten assets is one finding.
fn blocking_findings(model: &ReadinessModel, gaps: &[Gap]) -> usize {
    gaps.iter()
        .filter(|g| g.severity == Severity::Blocking)
        .filter(|g| model.weights.get(&g.topic).is_some_and(|w| *w > 0.0))
        .map(|g| g.rule.as_str())
        .collect::<BTreeSet<_>>()
        .len()
}

fn penalty(model: &ReadinessModel, severity: Severity) -> f64 {
    f64::from(match severity {
        Severity::Blocking => model.blocking,
        Severity::Major => model.major,
        Severity::Minor => model.minor,
    })
}

/// Points one topic loses: site-wide gaps in full, per-asset gaps of one rule
/// as the share of in-scope assets they affect.
fn points_lost(model: &ReadinessModel, gaps: &[&Gap], in_scope: usize) -> f64 {
    let mut per_rule: BTreeMap<(&str, Severity), BTreeSet<&str>> = BTreeMap::new();
    let mut lost = 0.0;
    for g in gaps {
        match &g.asset {
            Some(asset) => {
                per_rule
                    .entry((g.rule.as_str(), g.severity))
                    .or_default()
                    .insert(asset);
            }
            None => lost += penalty(model, g.severity),
        }
    }
    for ((_, severity), assets) in per_rule {
        let share = (assets.len() as f64 / in_scope.max(1) as f64).min(1.0);
        lost += penalty(model, severity) * share;
    }
    lost
}

fn component(
    model: &ReadinessModel,
    topic: &str,
    weight: f64,
    gaps: &[Gap],
    in_scope: usize,
) -> ReadinessComponent {
    let mine: Vec<&Gap> = gaps.iter().filter(|g| g.topic == topic).collect();
    let count = |s: Severity| mine.iter().filter(|g| g.severity == s).count() as u32;
    let lost = points_lost(model, &mine, in_scope);
    ReadinessComponent {
        topic: topic.to_string(),
        weight,
        score: (100.0 - lost).max(0.0).round() as u32,
        blocking: count(Severity::Blocking),
        major: count(Severity::Major),
        minor: count(Severity::Minor),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gap(id: &str, topic: &str, severity: Severity) -> Gap {
        Gap {
            id: id.into(),
            topic: topic.into(),
            severity,
            asset: None,
            title: String::new(),
            why: String::new(),
            rule: id.into(),
            phase: "assess".into(),
            owner: "data".into(),
            cap: None,
            not_applicable: false,
        }
    }

    fn on_asset(rule: &str, asset: &str, severity: Severity) -> Gap {
        Gap {
            id: format!("{rule}.{asset}"),
            asset: Some(asset.into()),
            rule: rule.into(),
            ..gap(rule, "data", severity)
        }
    }

    fn capped(id: &str, cap: u32) -> Gap {
        Gap {
            cap: Some(cap),
            ..gap(id, "data", Severity::Blocking)
        }
    }

    fn not_applicable(id: &str) -> Gap {
        Gap {
            not_applicable: true,
            ..gap(id, "data", Severity::Blocking)
        }
    }

    fn model() -> ReadinessModel {
        let weights = [("data".to_string(), 3.0), ("security".to_string(), 1.0)]
            .into_iter()
            .collect();
        ReadinessModel {
            weights,
            blocking: 40,
            major: 15,
            minor: 5,
            blocking_cap: None,
        }
    }

    fn with_blocking_cap() -> ReadinessModel {
        ReadinessModel {
            blocking_cap: Some(crate::playbook::BlockingCap {
                first: 60,
                step: 10,
                floor: 20,
            }),
            ..model()
        }
    }

    #[test]
    fn scores_by_weighted_components() {
        let b = Severity::Blocking;
        for (gaps, in_scope, expected) in [
            (vec![], 4, 100),
            (vec![gap("a", "data", b)], 4, 70),
            (vec![gap("a", "security", Severity::Major)], 4, 96),
            (vec![gap("a", "data", b); 3], 4, 25),
            (vec![gap("a", "other", b)], 4, 100),
            // One of four assets: a quarter of the penalty (10 points of data).
            (vec![on_asset("r", "p1", b)], 4, 93),
            // Every asset: the full penalty, however many assets there are.
            (
                (1..=10)
                    .map(|n| on_asset("r", &format!("p{n}"), b))
                    .collect(),
                10,
                70,
            ),
            // The same asset twice (two sensors) counts once.
            (vec![on_asset("r", "p1", b), on_asset("r", "p1", b)], 2, 85),
            // Two rules on the same asset: each its own share.
            (vec![on_asset("r", "p1", b), on_asset("s", "p1", b)], 2, 70),
            // No in-scope asset: a per-asset gap costs its full penalty.
            (vec![on_asset("r", "p1", b)], 0, 70),
            (vec![capped("c", 40)], 4, 40),
            (vec![capped("c", 40), capped("d", 25)], 4, 25),
            // A cap above the mean changes nothing.
            (vec![capped("c", 90)], 4, 70),
            (vec![not_applicable("n")], 4, 0),
        ] {
            assert_eq!(
                score(&model(), gaps.clone(), in_scope).score,
                expected,
                "{gaps:?}"
            );
        }
    }

    #[test]
    fn open_blocking_findings_cap_the_score() {
        let (b, m) = (Severity::Blocking, Severity::Major);
        for (gaps, expected, open) in [
            (vec![], 100, 0),
            // One blocking security gap: the mean is 92, the cap 60.
            (vec![gap("a", "security", b)], 60, 1),
            (
                vec![gap("a", "security", b), gap("b", "security", b)],
                50,
                2,
            ),
            // Major gaps never cap.
            (vec![gap("a", "security", m)], 96, 0),
            // One rule on ten assets is one finding.
            (
                (1..=10)
                    .map(|n| on_asset("r", &format!("p{n}"), b))
                    .collect(),
                60,
                1,
            ),
            // A topic without weight counts for nothing, its blocking gaps too.
            (
                (1..=7)
                    .map(|n| gap(&format!("g{n}"), "governance", b))
                    .collect(),
                100,
                0,
            ),
            // Five findings and more: the floor (the mean is 75).
            (
                (1..=7)
                    .map(|n| gap(&format!("g{n}"), "security", b))
                    .collect(),
                20,
                7,
            ),
            // A mean below the cap stays.
            (vec![gap("a", "data", b), gap("b", "data", b)], 40, 2),
        ] {
            let r = score(&with_blocking_cap(), gaps.clone(), 10);
            assert_eq!((r.score, r.blocking_open), (expected, open), "{gaps:?}");
        }
    }

    #[test]
    fn the_blocking_cap_steps_down_to_its_floor() {
        let c = crate::playbook::BlockingCap {
            first: 60,
            step: 10,
            floor: 20,
        };
        let caps: Vec<Option<u32>> = (0..8).map(|n| c.for_open(n)).collect();
        let expected = [
            None,
            Some(60),
            Some(50),
            Some(40),
            Some(30),
            Some(20),
            Some(20),
            Some(20),
        ];
        assert_eq!(caps, expected);
    }

    #[test]
    fn ten_assets_missing_one_fact_do_not_outweigh_a_site_without_data() {
        let b = Severity::Blocking;
        let many: Vec<Gap> = (1..=10)
            .map(|n| on_asset("r", &format!("p{n}"), Severity::Minor))
            .collect();
        let none = vec![capped("no-data", 40), gap("x", "data", b)];
        assert!(score(&model(), many, 10).score > score(&model(), none, 10).score);
    }

    #[test]
    fn caps_and_applicability_are_reported() {
        let r = score(&model(), vec![capped("c", 40), capped("d", 60)], 1);
        assert_eq!((r.cap, r.applicable), (Some(40), true));
        let r = score(&model(), vec![not_applicable("n")], 1);
        assert_eq!((r.score, r.applicable), (0, false));
        let r = score(&model(), vec![], 1);
        assert_eq!((r.score, r.cap, r.applicable), (100, None, true));
    }

    #[test]
    fn removing_a_gap_never_lowers_the_score() {
        let all = vec![
            gap("a", "data", Severity::Blocking),
            gap("b", "data", Severity::Minor),
            gap("c", "security", Severity::Major),
            on_asset("r", "p1", Severity::Major),
            on_asset("r", "p2", Severity::Major),
            capped("d", 50),
            not_applicable("e"),
        ];
        for (model, in_scope) in [model(), with_blocking_cap()]
            .into_iter()
            .flat_map(|m| [0, 1, 2, 5].map(|n| (m.clone(), n)))
        {
            let full = score(&model, all.clone(), in_scope).score;
            for i in 0..all.len() {
                let mut fewer = all.clone();
                fewer.remove(i);
                assert!(score(&model, fewer.clone(), in_scope).score >= full);
                // Without the not-applicable gap the caps are visible too.
                fewer.retain(|g| !g.not_applicable);
                let base: Vec<Gap> = all.iter().filter(|g| !g.not_applicable).cloned().collect();
                assert!(
                    score(&model, fewer, in_scope).score >= score(&model, base, in_scope).score
                );
            }
        }
    }

    #[test]
    fn blocking_gaps_sort_first() {
        let r = score(
            &model(),
            vec![
                gap("z", "data", Severity::Minor),
                gap("y", "data", Severity::Blocking),
            ],
            1,
        );
        assert_eq!(r.gaps[0].id, "y");
    }
}
