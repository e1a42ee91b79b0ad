//! The readiness score: one component per gap topic, each losing points per gap.
//!
//! Component score = max(0, 100 - sum of the penalties of its gaps); the score is
//! the weighted mean of the components, rounded. Only gaps lower it, so a fact
//! that closes a gap can only raise it.

use super::{Gap, Readiness, ReadinessComponent, Severity};
use crate::playbook::ReadinessModel;

/// Scores `gaps` with `model`; gaps are sorted blocking first, then by id.
pub fn score(model: &ReadinessModel, mut gaps: Vec<Gap>) -> Readiness {
    gaps.sort_by(|a, b| (a.severity, &a.id).cmp(&(b.severity, &b.id)));
    let components: Vec<ReadinessComponent> = model
        .weights
        .iter()
        .map(|(topic, weight)| component(model, topic, *weight, &gaps))
        .collect();
    let total: f64 = components.iter().map(|c| c.weight).sum();
    let weighted: f64 = components
        .iter()
        .map(|c| c.weight * f64::from(c.score))
        .sum();
    let score = if total > 0.0 {
        (weighted / total).round() as u32
    } else {
        0
    };
    Readiness {
        score,
        components,
        gaps,
    }
}

fn component(model: &ReadinessModel, topic: &str, weight: f64, gaps: &[Gap]) -> ReadinessComponent {
    let count = |s: Severity| {
        gaps.iter()
            .filter(|g| g.topic == topic && g.severity == s)
            .count() as u32
    };
    let (blocking, major, minor) = (
        count(Severity::Blocking),
        count(Severity::Major),
        count(Severity::Minor),
    );
    let lost = blocking * model.blocking + major * model.major + minor * model.minor;
    ReadinessComponent {
        topic: topic.to_string(),
        weight,
        score: 100u32.saturating_sub(lost),
        blocking,
        major,
        minor,
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
        }
    }

    #[test]
    fn scores_by_weighted_components() {
        for (gaps, expected) in [
            (vec![], 100),
            (vec![gap("a", "data", Severity::Blocking)], 70),
            (vec![gap("a", "security", Severity::Major)], 96),
            (vec![gap("a", "data", Severity::Blocking); 3], 25),
            (vec![gap("a", "other", Severity::Blocking)], 100),
        ] {
            assert_eq!(score(&model(), gaps.clone()).score, expected, "{gaps:?}");
        }
    }

    #[test]
    fn removing_a_gap_never_lowers_the_score() {
        let all = vec![
            gap("a", "data", Severity::Blocking),
            gap("b", "data", Severity::Minor),
            gap("c", "security", Severity::Major),
        ];
        let full = score(&model(), all.clone()).score;
        for i in 0..all.len() {
            let mut fewer = all.clone();
            fewer.remove(i);
            assert!(score(&model(), fewer).score >= full);
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
        );
        assert_eq!(r.gaps[0].id, "y");
    }
}
