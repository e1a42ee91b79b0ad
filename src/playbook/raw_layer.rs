//! `layer.toml` as written, before it becomes a [`RawLayer`]: its `[params]` table mixes
//! values for every use case with `[params.<use-case>]` tables, told apart by a hand-written
//! visitor so the values inside a table keep their spans (for `layer.toml:LINE` errors).

use serde::Deserialize;
use toml::Spanned;

use super::raw::{ParamValue, RawDisable, RawLayer, RawOverride, SpannedParams};

/// `layer.toml` as written: `[params]` mixes values and `[params.<use-case>]` tables.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LayerToml {
    id: Spanned<String>,
    version: Spanned<String>,
    extends: Spanned<String>,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    params: std::collections::BTreeMap<String, Spanned<LayerParam>>,
    #[serde(default)]
    disable: Vec<Spanned<RawDisable>>,
    #[serde(default, rename = "override")]
    overrides: Vec<Spanned<RawOverride>>,
}

impl From<LayerToml> for RawLayer {
    fn from(t: LayerToml) -> RawLayer {
        let mut params = SpannedParams::new();
        let mut use_case_params = std::collections::BTreeMap::new();
        for (name, value) in t.params {
            let span = value.span();
            match value.into_inner() {
                LayerParam::Value(v) => {
                    params.insert(name, Spanned::new(span, v));
                }
                LayerParam::UseCase(table) => {
                    use_case_params.insert(name, Spanned::new(span, table));
                }
            }
        }
        RawLayer {
            id: t.id,
            version: t.version,
            extends: t.extends,
            summary: t.summary,
            params,
            use_case_params,
            disable: t.disable,
            overrides: t.overrides,
        }
    }
}

/// One entry of a layer's `[params]`: a value, or a `[params.<use-case>]` table.
enum LayerParam {
    Value(ParamValue),
    UseCase(SpannedParams),
}

/// By hand, not `untagged`: an untagged enum buffers the table and loses the spans of the
/// values inside it, which errors need.
impl<'de> Deserialize<'de> for LayerParam {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(LayerParamVisitor)
    }
}

struct LayerParamVisitor;

impl<'de> serde::de::Visitor<'de> for LayerParamVisitor {
    type Value = LayerParam;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a boolean, number, string, list of strings, or a [params.<use-case>] table")
    }
    fn visit_bool<E>(self, v: bool) -> Result<LayerParam, E> {
        Ok(LayerParam::Value(ParamValue::Bool(v)))
    }
    fn visit_i64<E>(self, v: i64) -> Result<LayerParam, E> {
        Ok(LayerParam::Value(ParamValue::Integer(v)))
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<LayerParam, E> {
        let v = i64::try_from(v).map_err(|_| E::custom("integer too large"))?;
        Ok(LayerParam::Value(ParamValue::Integer(v)))
    }
    fn visit_f64<E>(self, v: f64) -> Result<LayerParam, E> {
        Ok(LayerParam::Value(ParamValue::Float(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<LayerParam, E> {
        Ok(LayerParam::Value(ParamValue::Text(v.to_string())))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<LayerParam, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<String>()? {
            items.push(item);
        }
        Ok(LayerParam::Value(ParamValue::List(items)))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<LayerParam, A::Error> {
        let mut table = SpannedParams::new();
        while let Some((name, value)) = map.next_entry::<String, Spanned<ParamValue>>()? {
            table.insert(name, value);
        }
        Ok(LayerParam::UseCase(table))
    }
}
