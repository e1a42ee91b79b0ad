//! What the layers below a layer offer it: the rule, RACI and use case ids, the params each
//! directory declares, and each phase's gate with its criteria's metrics, read from the
//! files of the base and of every layer below. `layer.rs` checks a layer against it.

use std::collections::{BTreeMap, BTreeSet};

use super::layer::{base_id, Layer};
use super::raw::{ParamValue, RawFile};
use super::source::Source;
use super::PlaybookErrors;

/// What the layers below offer: rule ids, declared params (first declaration), and the
/// params each top directory (`common`, a use case) declares.
#[derive(Clone)]
pub(super) struct Inherited {
    pub rules: BTreeSet<String>,
    pub params: BTreeMap<String, ParamValue>,
    pub by_dir: BTreeMap<String, BTreeMap<String, ParamValue>>,
    pub use_cases: BTreeSet<String>,
    pub paths: BTreeSet<String>,
    pub layer_ids: BTreeSet<String>,
    /// Phase id -> the id of its gate.
    pub phase_gates: BTreeMap<String, String>,
    /// Phase id -> the metrics of its gate's criteria (`[[gate_criterion]]` included).
    pub phase_metrics: BTreeMap<String, BTreeSet<String>>,
    /// RACI activity ids.
    pub raci: BTreeSet<String>,
}

impl Inherited {
    /// The params `use_case` compiles with: its own directory's and `common/`'s.
    pub fn params_of(&self, use_case: &str) -> BTreeMap<&str, &ParamValue> {
        let mut out = BTreeMap::new();
        for dir in [use_case, "common"] {
            for (name, value) in self.by_dir.get(dir).into_iter().flatten() {
                out.entry(name.as_str()).or_insert(value);
            }
        }
        out
    }
}

pub(super) fn inherited(base: &Source, layers: &[Layer]) -> Result<Inherited, PlaybookErrors> {
    let mut files = base.plain_files()?;
    let mut layer_ids: BTreeSet<String> = [base_id(base).to_string()].into();
    for l in layers {
        files.extend(l.files.iter().cloned());
        layer_ids.insert(l.record.id.clone());
    }
    let mut out = Inherited {
        rules: BTreeSet::new(),
        params: BTreeMap::new(),
        by_dir: BTreeMap::new(),
        use_cases: BTreeSet::new(),
        paths: files.iter().map(|f| f.path.clone()).collect(),
        layer_ids,
        phase_gates: BTreeMap::new(),
        phase_metrics: BTreeMap::new(),
        raci: BTreeSet::new(),
    };
    for f in &files {
        // A file that does not parse is reported when a use case compiles.
        if let Ok(raw) = toml::from_str::<RawFile>(&f.text) {
            add_declarations(&mut out, &f.path, &raw);
        }
    }
    Ok(out)
}

pub(super) fn add_declarations(out: &mut Inherited, path: &str, raw: &RawFile) {
    out.rules
        .extend(raw.rule.iter().map(|r| r.get_ref().id.clone()));
    if let Some(use_case) = path
        .strip_suffix("/playbook.toml")
        .filter(|u| !u.contains('/'))
    {
        out.use_cases.insert(use_case.to_string());
    }
    out.raci
        .extend(raw.raci.iter().map(|r| r.get_ref().id.clone()));
    for p in &raw.phase {
        let p = p.get_ref();
        out.phase_gates.insert(p.id.clone(), p.gate.id.clone());
        let metrics = out.phase_metrics.entry(p.id.clone()).or_default();
        metrics.extend(p.gate.criteria.iter().map(|c| c.metric.clone()));
    }
    for c in &raw.gate_criterion {
        let c = c.get_ref();
        let metrics = out.phase_metrics.entry(c.phase.clone()).or_default();
        metrics.insert(c.metric.clone());
    }
    let dir = path.split('/').next().unwrap_or_default().to_string();
    for (name, value) in &raw.params {
        out.params
            .entry(name.clone())
            .or_insert_with(|| value.get_ref().clone());
        out.by_dir
            .entry(dir.clone())
            .or_default()
            .entry(name.clone())
            .or_insert_with(|| value.get_ref().clone());
    }
}
