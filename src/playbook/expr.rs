//! Expressions inside playbooks: CEL conditions and numbers, Tera texts.
//!
//! The only module that touches the `cel` crate. A playbook from a directory or a
//! repository is compiled whole when it loads, so a broken expression fails before
//! anything renders; the built-ins' CEL is parsed on first use (every one is compiled by
//! the test `every_built_in_expression_compiles`), and each distinct source once per
//! process, with the crate's Pratt parser ([`parse`]). Evaluation takes a [`Scope`] of
//! named serializable facts.

use std::collections::{BTreeMap, HashMap, HashSet};

use std::sync::{Arc, Mutex, OnceLock};

use cel::common::value::{CowVal, Val};
use cel::context::VariableResolver;
use cel::parser::{Expression, PrattParser};
use cel::{Context, Env, Program, Value};
use serde::Serialize;

#[cfg(test)]
mod agree;
pub mod budget;
pub mod limits;

/// Named variables for one evaluation, e.g. `site` and `asset`.
#[derive(Default, Clone)]
pub struct Scope {
    /// CEL values, converted once when bound and shared by every evaluation.
    vars: BTreeMap<&'static str, Arc<dyn Val>>,
    /// The same variables as Tera values (maps are shared, so clones are cheap).
    texts: BTreeMap<&'static str, tera::Value>,
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
        let cel: Box<dyn Val> = cel::to_value(value)
            .expect("facts serialize to CEL values")
            .try_into()
            .expect("facts are CEL values");
        let mut json = serde_json::to_value(value).expect("facts serialize to JSON");
        whole_numbers_as_integers(&mut json);
        self.vars.insert(name, Arc::from(cel));
        self.texts
            .insert(name, tera::Value::from_serializable(&json));
        self
    }

    /// Adds a number variable.
    pub fn with_number(self, name: &'static str, value: f64) -> Scope {
        self.with(name, &value)
    }

    /// The scope as a Tera context.
    pub fn tera_context(&self) -> tera::Context {
        let mut ctx = tera::Context::new();
        for (name, value) in &self.texts {
            ctx.insert_value(*name, value.clone());
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

impl VariableResolver for Scope {
    fn resolve<'b>(&'b self, variable: &str) -> Option<CowVal<'b, 'b>> {
        self.vars
            .get(variable)
            .map(|v| CowVal::Borrowed(v.as_ref()))
    }
}

/// CEL's standard library, built once.
fn stdlib() -> Arc<Env> {
    thread_local! {
        static STDLIB: Arc<Env> = Arc::new(Env::stdlib());
    }
    STDLIB.with(Arc::clone)
}

/// A CEL expression and its source text, compiled when it loads ([`Expr::compile`]) or on
/// its first use ([`Expr::deferred`]).
#[derive(Debug)]
pub struct Expr {
    source: String,
    compiled: OnceLock<Result<Arc<Compiled>, String>>,
}

/// The parsed expression of an [`Expr`].
#[derive(Debug)]
struct Compiled {
    expression: Expression,
    /// True when the program is the [`budget::instrument`]ed source, calling [`budget::VISIT`].
    counts_visits: bool,
    /// True when the source names no variable at all: its value is the same at every site.
    reads_nothing: bool,
}

impl Compiled {
    /// [`Compiled::new`], once per distinct source in the process: a playbook repeats many
    /// conditions (`true`, `site.use_case != '...'`), and portfolio threads share them.
    fn shared(source: &str) -> Result<Arc<Compiled>, String> {
        static PROGRAMS: OnceLock<Mutex<HashMap<String, Arc<Compiled>>>> = OnceLock::new();
        let programs = PROGRAMS.get_or_init(Mutex::default);
        let known = programs.lock().ok().and_then(|p| p.get(source).cloned());
        if let Some(compiled) = known {
            return Ok(compiled);
        }
        let compiled = Arc::new(Compiled::new(source)?);
        if let Ok(mut programs) = programs.lock() {
            programs.insert(source.to_string(), Arc::clone(&compiled));
        }
        Ok(compiled)
    }

    /// Parses `source`, or its [`budget::instrument`]ed form when it calls a macro.
    ///
    /// [`parse`] does the work; this adds what the program reads and counts.
    fn new(source: &str) -> Result<Compiled, String> {
        let counted = budget::instrument(source);
        let expression = match &counted {
            Some(counted) => parse(counted).map_err(|e| match parse(source) {
                Err(e) => e,
                Ok(_) => format!("`{source}` could not be instrumented (a sitepack bug): {e}"),
            })?,
            None => parse(source)?,
        };
        // The instrumented form adds a function call, never a variable.
        let reads_nothing = expression.references().variables().is_empty();
        Ok(Compiled {
            expression,
            counts_visits: counted.is_some(),
            reads_nothing,
        })
    }
}

/// Parses CEL with the `cel` crate's Pratt parser: for Lyon's conditions 3.7 M
/// instructions, where its ANTLR parser took 75.6 M. `expr/agree.rs` holds, in every test
/// build, that both give the same tree for every built-in expression and generated ones.
/// When the Pratt parser refuses `source`, the ANTLR parser parses it again for the error,
/// so messages and carets stay those authors have always seen.
fn parse(source: &str) -> Result<Expression, String> {
    let pratt = PrattParser::new().parse(source);
    #[cfg(test)]
    agree::check(source, pratt.as_ref().ok());
    match pratt {
        Ok(expression) => Ok(expression),
        Err(_) => Program::compile(source)
            .map(|program| program.expression().clone())
            .map_err(|e| e.to_string()),
    }
}

impl Expr {
    /// Compiles `source`; the error is CEL's message with a caret line, or the
    /// [`limits`] it breaks (checked first, so a huge expression never reaches the parser).
    pub fn compile(source: &str) -> Result<Expr, String> {
        limits::check_condition(source)?;
        let compiled = Compiled::shared(source)?;
        Ok(Expr {
            source: source.to_string(),
            compiled: OnceLock::from(Ok(compiled)),
        })
    }

    /// Checks `source` against the [`limits`] now and parses it when it is first evaluated.
    /// Only for the built-in playbooks, whose every expression a test compiles
    /// (`every_built_in_expression_compiles`): parsing the ~250 expressions of a playbook
    /// was a third of a render's instructions, and a site evaluates only some of them.
    pub fn deferred(source: &str) -> Result<Expr, String> {
        limits::check_condition(source)?;
        Ok(Expr {
            source: source.to_string(),
            compiled: OnceLock::new(),
        })
    }

    fn compiled(&self) -> Result<&Compiled, String> {
        let compiled = self.compiled.get_or_init(|| Compiled::shared(&self.source));
        match compiled {
            Ok(compiled) => Ok(compiled),
            Err(e) => Err(format!("`{}`: {e}", self.source)),
        }
    }

    /// True when the expression names no variable (`true`, `1 < 2`): it cannot read the
    /// site, so its value is the same everywhere. A macro's own variable counts as a read,
    /// so some constant expressions say false; none that reads the site says true.
    pub fn reads_nothing(&self) -> bool {
        self.compiled().is_ok_and(|c| c.reads_nothing)
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
        if !budget::charge(1) {
            return Err(self.over_budget());
        }
        let compiled = self.compiled()?;
        let mut context = Context::with_env(stdlib());
        context.set_variable_resolver(scope);
        if compiled.counts_visits {
            context
                .add_function(budget::VISIT, visit)
                .map_err(|e| format!("`{}`: {e}", self.source))?;
        }
        Value::resolve(&compiled.expression, &context).map_err(|e| {
            if budget::exceeded() {
                self.over_budget()
            } else {
                format!("`{}` failed: {e}", self.source)
            }
        })
    }

    fn over_budget(&self) -> String {
        format!(
            "`{}` needs more than the {} evaluation steps one rule may take (one per \
             evaluation, one per list element a macro visits, plus the size of what it \
             yields); a macro over a list inside a macro over another list grows with the \
             square of the profile: iterate over the target's own lists instead",
            self.source,
            budget::limit()
        )
    }
}

/// [`budget::VISIT`]: returns its argument, charging one step plus its size.
fn visit(value: Value) -> Result<Value, cel::ExecutionError> {
    let size = match &value {
        Value::List(list) => list.len(),
        Value::Map(map) => map.map.len(),
        _ => 0,
    };
    if budget::charge(1 + size as u64) {
        Ok(value)
    } else {
        Err(cel::ExecutionError::function_error(
            budget::VISIT,
            "over budget",
        ))
    }
}

/// A set of Tera text templates, addressed by name.
pub struct Texts {
    tera: tera::Tera,
    /// Added but not yet compiled: Tera re-links every template on each addition, so
    /// adding hundreds one by one is quadratic; [`Texts::finish`] adds them in one go.
    pending: Vec<(String, String)>,
    /// Every text's source, by name, for the playbook reference.
    sources: BTreeMap<String, String>,
    /// The names of texts without a brace: Tera would give them back as written, so they
    /// are neither compiled nor rendered by it (most titles and many fixes).
    plain: HashSet<String>,
}

fn new_tera() -> tera::Tera {
    let mut tera = tera::Tera::new();
    tera.autoescape_on(Vec::<&str>::new());
    tera.register_filter("num", num);
    tera.register_filter("names", names);
    tera
}

/// How many names [`names`] shows by default before "and N more".
const NAMES_SHOWN: usize = 12;

/// A list for people, bounded: `a, b, c`, or the first `max` (12 unless given) of a long
/// list and `and 988 more`. Lists that grow with the site (a historian's tags, a DCS's
/// assets) go through it, so a text stays short on a plant of 20,000 assets.
fn names(list: &[tera::Value], kwargs: tera::Kwargs, _: &tera::State) -> tera::TeraResult<String> {
    let max = kwargs.get::<usize>("max")?.unwrap_or(NAMES_SHOWN).max(1);
    let shown: Vec<String> = list.iter().take(max).map(|v| v.to_string()).collect();
    let rest = list.len() - shown.len();
    Ok(match rest {
        0 => shown.join(", "),
        _ => format!("{} and {rest} more", shown.join(", ")),
    })
}

impl Default for Texts {
    fn default() -> Texts {
        Texts {
            tera: new_tera(),
            pending: Vec::new(),
            sources: BTreeMap::new(),
            plain: HashSet::new(),
        }
    }
}

impl std::fmt::Debug for Texts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Texts")
    }
}

impl Texts {
    /// Queues `source` under `name`; [`Texts::finish`] compiles the queue.
    pub fn add(&mut self, name: &str, source: &str) {
        self.pending.push((name.to_string(), source.to_string()));
        self.sources.insert(name.to_string(), source.to_string());
    }

    /// The Tera source of the text `name`, as the playbook wrote it.
    pub fn source(&self, name: &str) -> Option<&str> {
        self.sources.get(name).map(String::as_str)
    }

    /// Compiles every queued text; returns `(name, error)` for each that does not compile
    /// or breaks the [`limits`] on texts.
    pub fn finish(&mut self) -> Vec<(String, String)> {
        let mut broken = Vec::new();
        let mut pending = Vec::new();
        for (name, source) in std::mem::take(&mut self.pending) {
            match limits::check_text(&source) {
                Ok(()) if !source.contains(['{', '}']) => {
                    self.plain.insert(name);
                }
                Ok(()) => pending.push((name, source)),
                Err(why) => broken.push((name, why)),
            }
        }
        if self.tera.add_raw_templates(pending.clone()).is_ok() {
            return broken;
        }
        // Rare path: find every broken text on its own, then add the good ones.
        let mut good = Vec::new();
        for (name, source) in pending {
            match new_tera().add_raw_template(&name, &source) {
                Ok(()) => good.push((name, source)),
                Err(e) => broken.push((name, error_chain(&e))),
            }
        }
        if let Err(e) = self.tera.add_raw_templates(good) {
            broken.push(("texts".to_string(), error_chain(&e)));
        }
        broken
    }

    /// Renders the template `name` with `scope`; whitespace is collapsed to single spaces.
    pub fn render(&self, name: &str, scope: &Scope) -> Result<String, String> {
        let text = match self.sources.get(name) {
            Some(source) if self.plain.contains(name) => source.clone(),
            _ => self
                .tera
                .render(name, &scope.tera_context())
                .map_err(|e| error_chain(&e))?,
        };
        limits::check_output(&text)?;
        Ok(text.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

/// A number for people: integers without `.0`, others with up to two decimals.
fn num(x: f64, _: tera::Kwargs, _: &tera::State) -> String {
    format_number(x)
}

/// Formats a number with up to two decimals and no trailing zeros, e.g. `5000`, `0.1`, `2.35`.
pub fn format_number(x: f64) -> String {
    crate::number::decimals(x, 2)
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
    fn reads_nothing_only_without_variables() {
        for (src, expected) in [
            ("true", true),
            ("1 < 2 && size('ab') == 2", true),
            ("site.shifts_per_day >= 3", false),
            ("true || site.x", false),
            ("asset.protocols.exists(p, p == 's7comm')", false),
        ] {
            assert_eq!(
                Expr::compile(src).unwrap().reads_nothing(),
                expected,
                "{src}"
            );
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
        texts.add(
            "t",
            "{{ asset.id }} speaks {{ asset.protocols | join(sep=', ') }}",
        );
        assert!(texts.finish().is_empty());
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
    fn texts_without_braces_render_as_tera_would() {
        for source in [
            "Fit  a sensor\n to the  pump",
            "50 % & <b> \\n 'quoted' #",
            "",
        ] {
            let mut texts = Texts::default();
            texts.add("t", source);
            texts.add("braced", "{{ 1 + 1 }}");
            assert!(texts.finish().is_empty(), "{source}");
            assert!(texts.plain.contains("t") && !texts.plain.contains("braced"));
            let mut tera = new_tera();
            tera.add_raw_template("t", source).unwrap();
            let via_tera = tera.render("t", &tera::Context::new()).unwrap();
            let via_tera = via_tera.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(texts.render("t", &Scope::new()).unwrap(), via_tera);
            assert_eq!(texts.render("braced", &Scope::new()).unwrap(), "2");
        }
        assert!(Texts::default().render("nope", &Scope::new()).is_err());
    }

    #[test]
    fn texts_show_whole_floats_without_decimals() {
        #[derive(Serialize)]
        struct S {
            hz: f64,
            t: f64,
        }
        let mut texts = Texts::default();
        texts.add("t", "{{ s.hz }} Hz, {{ s.t }} C");
        assert!(texts.finish().is_empty());
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

    #[test]
    fn names_bounds_a_list_that_grows_with_the_plant() {
        let mut texts = Texts::default();
        texts.add("short", "{{ tags | names }}");
        texts.add("long", "{{ tags | names }}");
        texts.add("max", "{{ tags | names(max=2) }}");
        assert!(texts.finish().is_empty());
        let scope = |n: usize| {
            let tags: Vec<String> = (1..=n).map(|i| format!("T{i}")).collect();
            Scope::new().with("tags", &tags)
        };
        for (name, n, want) in [
            ("short", 0, ""),
            ("short", 3, "T1, T2, T3"),
            (
                "long",
                12,
                "T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12",
            ),
            (
                "long",
                5000,
                "T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12 and 4988 more",
            ),
            ("max", 3, "T1, T2 and 1 more"),
        ] {
            assert_eq!(texts.render(name, &scope(n)).unwrap(), want, "{name} {n}");
        }
    }
}
