//! Expressions inside playbooks: CEL conditions and numbers, Tera texts.
//!
//! The only module that touches the `cel` crate. Everything is compiled when a
//! playbook loads, so a broken expression fails before anything renders;
//! evaluation takes a [`Scope`] of named serializable facts.

use std::collections::BTreeMap;
use std::sync::Arc;

use cel::{Context, Program, Value};
use serde::Serialize;

/// Named variables for one evaluation, e.g. `site` and `asset`.
#[derive(Default, Clone)]
pub struct Scope {
    vars: BTreeMap<&'static str, Value>,
    json: BTreeMap<&'static str, Arc<serde_json::Value>>,
}

impl Scope {
    /// An empty scope.
    pub fn new() -> Scope {
        Scope::default()
    }

    /// Adds `name` bound to `value`.
    ///
    /// # Panics
    /// When `value` cannot be represented: facts are plain data, so this is a bug.
    pub fn with(mut self, name: &'static str, value: &impl Serialize) -> Scope {
        let cel = cel::to_value(value).expect("facts serialize to CEL values");
        let mut json = serde_json::to_value(value).expect("facts serialize to JSON");
        whole_numbers_as_integers(&mut json);
        self.vars.insert(name, cel);
        self.json.insert(name, Arc::new(json));
        self
    }

    /// Adds a number variable.
    pub fn with_number(self, name: &'static str, value: f64) -> Scope {
        self.with(name, &value)
    }

    /// The JSON form of variable `name`.
    pub fn json(&self, name: &str) -> Option<&serde_json::Value> {
        self.json.get(name).map(|v| v.as_ref())
    }

    fn context(&self) -> Context<'_, '_> {
        let mut ctx = Context::default();
        for (name, value) in &self.vars {
            ctx.add_variable_from_value(*name, value.clone());
        }
        ctx
    }

    /// The scope as a Tera context.
    pub fn tera_context(&self) -> tera::Context {
        let mut ctx = tera::Context::new();
        for (name, value) in &self.json {
            ctx.insert(*name, value.as_ref());
        }
        ctx
    }
}

/// Texts show `5000`, not `5000.0`: whole floats become integers for Tera only
/// (CEL keeps the typed facts).
fn whole_numbers_as_integers(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Number(n) => {
            if let Some(f) = n
                .as_f64()
                .filter(|f| n.is_f64() && f.fract() == 0.0 && f.abs() < 1e15)
            {
                *value = serde_json::Value::from(f as i64);
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(whole_numbers_as_integers),
        serde_json::Value::Object(map) => map.values_mut().for_each(whole_numbers_as_integers),
        _ => {}
    }
}

/// A compiled CEL expression and its source text.
#[derive(Debug)]
pub struct Expr {
    source: String,
    program: Program,
}

impl Expr {
    /// Compiles `source`; the error is CEL's message with a caret line.
    pub fn compile(source: &str) -> Result<Expr, String> {
        let program = Program::compile(source).map_err(|e| e.to_string())?;
        Ok(Expr {
            source: source.to_string(),
            program,
        })
    }

    /// The CEL source.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Evaluates to a boolean, or says why not.
    pub fn eval_bool(&self, scope: &Scope) -> Result<bool, String> {
        match self.eval(scope)? {
            Value::Bool(b) => Ok(b),
            other => Err(format!(
                "`{}` returned {other:?}, not a boolean",
                self.source
            )),
        }
    }

    /// Evaluates to a number, or says why not.
    pub fn eval_number(&self, scope: &Scope) -> Result<f64, String> {
        let n = match self.eval(scope)? {
            Value::Int(i) => i as f64,
            Value::UInt(u) => u as f64,
            Value::Float(f) => f,
            other => {
                return Err(format!(
                    "`{}` returned {other:?}, not a number",
                    self.source
                ))
            }
        };
        if n.is_finite() {
            Ok(n)
        } else {
            Err(format!("`{}` is not a finite number", self.source))
        }
    }

    /// Evaluates and shows the value as compact JSON, for explanations.
    pub fn eval_json(&self, scope: &Scope) -> Result<String, String> {
        let value = self.eval(scope)?;
        let json = value.json().map_err(|e| e.to_string())?;
        Ok(json.to_string())
    }

    fn eval(&self, scope: &Scope) -> Result<Value, String> {
        self.program
            .execute(&scope.context())
            .map_err(|e| format!("`{}` failed: {e}", self.source))
    }
}

/// A set of Tera text templates, addressed by name.
pub struct Texts {
    tera: tera::Tera,
}

impl Default for Texts {
    fn default() -> Texts {
        let mut tera = tera::Tera::new();
        tera.autoescape_on(Vec::<&str>::new());
        tera.register_filter("num", num);
        Texts { tera }
    }
}

impl std::fmt::Debug for Texts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Texts")
    }
}

impl Texts {
    /// Compiles `source` under `name`.
    pub fn add(&mut self, name: &str, source: &str) -> Result<(), String> {
        self.tera
            .add_raw_template(name, source)
            .map_err(|e| error_chain(&e))
    }

    /// Renders the template `name` with `scope`; whitespace is collapsed to single spaces.
    pub fn render(&self, name: &str, scope: &Scope) -> Result<String, String> {
        let text = self
            .tera
            .render(name, &scope.tera_context())
            .map_err(|e| error_chain(&e))?;
        Ok(text.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

/// A number for people: integers without `.0`, others with up to two decimals.
fn num(x: f64, _: tera::Kwargs, _: &tera::State) -> String {
    format_number(x)
}

/// Formats a number without trailing zeros, e.g. `5000`, `0.1`, `2.35`.
pub fn format_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        let s = format!("{x:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Asset {
        id: &'static str,
        age_years: i32,
        protocols: Vec<&'static str>,
    }

    fn scope() -> Scope {
        let asset = Asset {
            id: "press-07",
            age_years: 30,
            protocols: vec!["s7comm"],
        };
        Scope::new().with("asset", &asset)
    }

    #[test]
    fn conditions() {
        for (src, expected) in [
            ("asset.age_years >= 20", Ok(true)),
            ("asset.age_years >= 20.5", Ok(true)),
            ("'opc-ua' in asset.protocols", Ok(false)),
            ("asset.protocols.exists(p, p == 's7comm')", Ok(true)),
            ("asset.age_years", Err("not a boolean")),
            ("asset.nope", Err("failed")),
        ] {
            let got = Expr::compile(src).unwrap().eval_bool(&scope());
            match (got, expected) {
                (Ok(g), Ok(e)) => assert_eq!(g, e, "{src}"),
                (Err(g), Err(e)) => assert!(g.contains(e), "{src}: {g}"),
                (g, e) => panic!("{src}: got {g:?}, expected {e:?}"),
            }
        }
    }

    #[test]
    fn syntax_error_is_reported_at_compile() {
        let err = Expr::compile("asset.age_years >= &&").unwrap_err();
        assert!(err.contains("Syntax error"), "{err}");
    }

    #[test]
    fn texts_render_data_not_templates() {
        let mut texts = Texts::default();
        texts
            .add(
                "t",
                "{{ asset.id }} speaks {{ asset.protocols | join(sep=', ') }}",
            )
            .unwrap();
        let hostile = Asset {
            id: "{{ 7 * 7 }}",
            age_years: 1,
            protocols: vec![],
        };
        let out = texts
            .render("t", &Scope::new().with("asset", &hostile))
            .unwrap();
        assert_eq!(out, "{{ 7 * 7 }} speaks");
    }

    #[test]
    fn texts_show_whole_floats_without_decimals() {
        #[derive(Serialize)]
        struct S {
            hz: f64,
            t: f64,
        }
        let mut texts = Texts::default();
        texts.add("t", "{{ s.hz }} Hz, {{ s.t }} C").unwrap();
        let out = texts
            .render(
                "t",
                &Scope::new().with(
                    "s",
                    &S {
                        hz: 5000.0,
                        t: 41.5,
                    },
                ),
            )
            .unwrap();
        assert_eq!(out, "5000 Hz, 41.5 C");
    }

    #[test]
    fn numbers() {
        for (x, s) in [
            (5000.0, "5000"),
            (0.1, "0.1"),
            (2.345, "2.35"),
            (-3.0, "-3"),
        ] {
            assert_eq!(format_number(x), s);
        }
    }
}
