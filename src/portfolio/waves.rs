//! Rollout waves: the documented rule that puts each site x use case into a wave.
//!
//! A wave has limits (minimum readiness, maximum blocking gaps, maximum payback); an entry
//! joins the FIRST wave whose limits all hold. An entry that meets no wave's limits joins
//! [`UNPLANNED`]. `program.toml` replaces the default waves with its own `[[waves]]`.

use serde::Serialize;

/// The wave of an entry that meets the limits of no wave.
pub const UNPLANNED: &str = "unplanned";

/// One rollout wave and its entry limits; an absent limit always holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Wave {
    /// A slug, unique among the waves.
    pub id: String,
    /// For people.
    pub title: String,
    /// Readiness score at least this.
    pub min_readiness: Option<u32>,
    /// At most this many blocking gaps.
    pub max_blocking: Option<u32>,
    /// Payback in at most this many months; an entry without a payback fails this limit.
    pub max_payback_months: Option<f64>,
}

/// The default waves: ready now, after the blocking gaps close, and the rest.
pub fn default_waves() -> Vec<Wave> {
    let wave = |id: &str, title: &str, min: Option<u32>, blocking: Option<u32>| Wave {
        id: id.into(),
        title: title.into(),
        min_readiness: min,
        max_blocking: blocking,
        max_payback_months: None,
    };
    vec![
        wave(
            "wave-1",
            "Ready: no blocking gap, readiness 70 or more",
            Some(70),
            Some(0),
        ),
        wave(
            "wave-2",
            "Close the gaps first: readiness 40 or more, at most 3 blocking gaps",
            Some(40),
            Some(3),
        ),
        wave(
            "wave-3",
            "Build the foundations first: every other site",
            None,
            None,
        ),
    ]
}

impl Wave {
    /// Whether an entry with these figures meets every limit of the wave.
    pub fn admits(&self, readiness: u32, blocking: u32, payback_months: Option<f64>) -> bool {
        self.min_readiness.is_none_or(|m| readiness >= m)
            && self.max_blocking.is_none_or(|m| blocking <= m)
            && self
                .max_payback_months
                .is_none_or(|m| payback_months.is_some_and(|p| p <= m))
    }

    /// The limits in words, for the book.
    pub fn rule(&self) -> String {
        let mut parts = Vec::new();
        if let Some(m) = self.min_readiness {
            parts.push(format!("readiness at least {m}"));
        }
        if let Some(m) = self.max_blocking {
            parts.push(format!("at most {m} blocking gaps"));
        }
        if let Some(m) = self.max_payback_months {
            parts.push(format!(
                "payback within {} months",
                crate::number::decimals(m, 1)
            ));
        }
        if parts.is_empty() {
            "every remaining entry".into()
        } else {
            parts.join(", ")
        }
    }
}

/// The id of the first wave that admits the entry, or [`UNPLANNED`].
pub fn assign(
    waves: &[Wave],
    readiness: u32,
    blocking: u32,
    payback_months: Option<f64>,
) -> String {
    waves
        .iter()
        .find(|w| w.admits(readiness, blocking, payback_months))
        .map_or_else(|| UNPLANNED.to_string(), |w| w.id.clone())
}
