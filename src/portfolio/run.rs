//! The orchestration of `sitepack portfolio`: PATHs into jobs, jobs into entries, entries
//! into the program written to DIR. The one file of `portfolio/` that does I/O.
//!
//! PATHs are site profiles (rendered for each `--use-case`) and existing packages (with
//! their progress), or directories holding packages (`discover.rs` walks them). Every profile is validated before anything is written; then the sites
//! run in parallel (rayon) with each use case's playbook compiled ONCE and shared read-only.
//! Each job keeps only its [`Entry`], so memory stays flat in the number of sites; results
//! are collected in input order, so the output does not depend on thread scheduling. With
//! `--packages`, each profile's package is rendered (or brought forward, like `update`)
//! under `DIR/packages/<site>/<use-case>/`. The command turns the [`Report`] into text or
//! JSON.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::{data::PORTFOLIO_JSON, Entry, InputKind, Portfolio, Program};
use crate::date::Date;
use crate::fsread::{self, Input};
use crate::lock::{Lock, PlaybookSource};
use crate::package::{self, Existing, PackageError, WriteReport};
use crate::playbook::Playbook;
use crate::progress::{self, Progress};
use crate::{
    plan, profile, render_package, resolve_as_of, Error, Format, Inputs, PortfolioOptions,
};

/// One unit of work: a profile for one use case, or an existing package.
enum Job {
    Profile { path: PathBuf, use_case: String },
    Package { dir: PathBuf, lock: Box<Lock> },
}

/// What `--packages` did to one package.
#[derive(Debug)]
pub struct PackageLine {
    /// `packages/<site>/<use-case>`, relative to DIR.
    pub dir: String,
    pub report: WriteReport,
}

/// What a portfolio run produced: the program (already written to DIR), what happened to
/// each package `--packages` wrote, and warnings for stderr.
#[derive(Debug)]
pub struct Report {
    pub portfolio: Portfolio,
    pub packages: Vec<PackageLine>,
    pub notes: Vec<String>,
}

/// What one job produced; `None` for a site outside the program.
type Done = Option<(Entry, Option<PackageLine>)>;

/// Runs the portfolio: reads every PATH, writes the packages (with `--packages`) and the
/// program book and data into DIR, and reports what it did.
pub fn run(options: &PortfolioOptions) -> Result<Report, Error> {
    let program = match &options.program {
        Some(path) => {
            let text = read_text(path)?;
            super::program::parse(path, &text)?
        }
        None => Program::default_for(),
    };
    check_out(&options.out)?;
    let jobs = jobs(options)?;
    let (playbooks, recorded) = load_playbooks(&jobs, options)?;
    // The use cases an asset's `use_cases` may name, and that `in_scope` expands to.
    let known = options.playbooks.source()?.use_cases()?;
    let today = resolve_as_of(options.as_of.as_deref(), None)?;
    validate_profiles(&jobs, today, &known)?;
    let bar = progress_bar(options, jobs.len());
    let done: Vec<Result<Done, Error>> = jobs
        .par_iter()
        .map(|job| {
            let result = run_job(
                job,
                options,
                (&playbooks, &recorded),
                &program,
                (today, &known),
            );
            if let Some(bar) = &bar {
                bar.inc(1);
            }
            result
        })
        .collect();
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let mut entries = Vec::new();
    let mut lines = Vec::new();
    for result in done {
        if let Some((entry, line)) = result? {
            entries.push(entry);
            lines.extend(line);
        }
    }
    let notes = missing_sites(&program, &entries);
    let portfolio = super::assemble(entries, &program)?;
    write_out(&options.out, &portfolio)?;
    Ok(Report {
        portfolio,
        packages: lines,
        notes,
    })
}

/// A file named on the command line (a profile, `program.toml`), bounded and regular.
fn read_text(path: &Path) -> Result<String, Error> {
    Ok(fsread::read_text_file(path, Input::Profile)?)
}

/// DIR must be new, empty, or a portfolio written before.
fn check_out(out: &Path) -> Result<(), Error> {
    match std::fs::read_dir(out) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(Error::Read {
            path: out.to_path_buf(),
            source,
        }),
        Ok(mut entries) => {
            if out.join(PORTFOLIO_JSON).is_file() || entries.next().is_none() {
                return Ok(());
            }
            Err(Error::Usage(format!(
            "refusing to write the portfolio into {}: it is not empty and holds no {PORTFOLIO_JSON}; \
             choose a new or empty directory",
                out.display()
            )))
        }
    }
}

/// The jobs in input order: each profile x each `--use-case`, each package once.
fn jobs(options: &PortfolioOptions) -> Result<Vec<Job>, Error> {
    let mut jobs = Vec::new();
    for path in &options.paths {
        let meta = std::fs::metadata(path).map_err(|source| Error::Read {
            path: path.clone(),
            source,
        })?;
        if meta.is_dir() {
            for (dir, lock) in super::discover::packages(path)? {
                jobs.push(Job::Package {
                    dir,
                    lock: Box::new(lock),
                });
            }
            continue;
        }
        if options.use_cases.is_empty() {
            return Err(Error::Usage(format!(
                "{} is a site profile: give the use cases to plan with --use-case ID (one or more)",
                path.display()
            )));
        }
        for use_case in &options.use_cases {
            jobs.push(Job::Profile {
                path: path.clone(),
                use_case: use_case.clone(),
            });
        }
    }
    if jobs.is_empty() {
        return Err(Error::Usage(
            "give at least one site profile or package".into(),
        ));
    }
    Ok(jobs)
}

/// Each use case's playbook, compiled once, and the playbook source as locks record it.
fn load_playbooks(
    jobs: &[Job],
    options: &PortfolioOptions,
) -> Result<(BTreeMap<String, Arc<Playbook>>, PlaybookSource), Error> {
    let source = options.playbooks.source()?;
    let recorded = options.playbooks.record(&source);
    let mut playbooks = BTreeMap::new();
    for job in jobs {
        let use_case = match job {
            Job::Profile { use_case, .. } => use_case,
            Job::Package { lock, .. } => &lock.use_case,
        };
        if !playbooks.contains_key(use_case) {
            let playbook = plan::load_playbook(&source, use_case)?;
            playbooks.insert(use_case.clone(), Arc::new(playbook));
        }
    }
    Ok((playbooks, recorded))
}

/// Every profile loads (validate before write); the first invalid one, in input order, stops.
fn validate_profiles(jobs: &[Job], as_of: Date, known: &[String]) -> Result<(), Error> {
    let results: Vec<Result<(), Error>> = jobs
        .par_iter()
        .map(|job| match job {
            Job::Profile { path, .. } => {
                let text = read_text(path)?;
                profile::load_profile(path, &text, as_of, known)?;
                Ok(())
            }
            Job::Package { .. } => Ok(()),
        })
        .collect();
    results.into_iter().collect()
}

fn progress_bar(options: &PortfolioOptions, len: usize) -> Option<indicatif::ProgressBar> {
    if !options.progress_bar || options.format == Format::Json {
        return None;
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(len as u64),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} sites {elapsed}")
    {
        bar.set_style(style);
    }
    Some(bar)
}

fn run_job(
    job: &Job,
    options: &PortfolioOptions,
    (playbooks, recorded): (&BTreeMap<String, Arc<Playbook>>, &PlaybookSource),
    program: &Program,
    (today, known): (Date, &[String]),
) -> Result<Done, Error> {
    match job {
        Job::Package { dir, lock } => {
            let playbook = &playbooks[&lock.use_case];
            let as_of = resolve_as_of(options.as_of.as_deref(), Date::parse(&lock.as_of))?;
            let site = dir.join(crate::SITE_PATH);
            let text = crate::site_text(dir)?;
            let profile = profile::load_profile(&site, &text, as_of, known)?;
            if !in_program(program, &profile.site.id) {
                return Ok(None);
            }
            let plan = plan::derive(&profile, playbook, as_of)?;
            let progress = progress::read(dir)?.unwrap_or_default();
            Ok(Some((
                Entry::from_plan(&plan, InputKind::Package, &progress),
                None,
            )))
        }
        Job::Profile { path, use_case } => {
            let playbook = (playbooks[use_case].clone(), recorded);
            profile_job(path, use_case, playbook, options, program, (today, known))
        }
    }
}

fn profile_job(
    path: &Path,
    use_case: &str,
    (playbook, recorded): (Arc<Playbook>, &PlaybookSource),
    options: &PortfolioOptions,
    program: &Program,
    (today, known): (Date, &[String]),
) -> Result<Done, Error> {
    let profile_text = read_text(path)?;
    let mut profile = profile::load_profile(path, &profile_text, today, known)?;
    if !in_program(program, &profile.site.id) {
        return Ok(None);
    }
    if !options.packages {
        let plan = plan::derive(&profile, &playbook, today)?;
        let entry = Entry::from_plan(&plan, InputKind::Profile, &Progress::default());
        return Ok(Some((entry, None)));
    }
    let rel = format!("packages/{}/{}", profile.site.id, use_case);
    let dir = options.out.join(&rel);
    let previous = match package::inspect(&dir)? {
        Existing::Package(lock) => Date::parse(&lock.as_of),
        _ => None,
    };
    let as_of = resolve_as_of(options.as_of.as_deref(), previous)?;
    if as_of != today {
        profile = profile::load_profile(path, &profile_text, as_of, known)?;
    }
    let inputs = Inputs {
        profile_text,
        profile,
        playbook,
        as_of,
        playbook_source: recorded.clone(),
    }
    .place_in(&dir);
    let (plan, report) = render_package(&inputs, &dir, true)?;
    let progress = progress::read(&dir)?.unwrap_or_default();
    let entry = Entry::from_plan(&plan, InputKind::Profile, &progress);
    Ok(Some((entry, Some(PackageLine { dir: rel, report }))))
}

fn in_program(program: &Program, site: &str) -> bool {
    program
        .sites
        .as_ref()
        .is_none_or(|sites| sites.iter().any(|s| s == site))
}

/// Notes for the sites `program.toml` lists that no PATH provided.
fn missing_sites(program: &Program, entries: &[Entry]) -> Vec<String> {
    let Some(sites) = &program.sites else {
        return Vec::new();
    };
    sites
        .iter()
        .filter(|s| !entries.iter().any(|e| &e.site == *s))
        .map(|s| format!("warning: program.toml lists site `{s}`, but no PATH given is that site"))
        .collect()
}

/// Writes the book and data files into DIR (the packages are already there).
fn write_out(out: &Path, portfolio: &Portfolio) -> Result<(), Error> {
    let files = super::data::files(portfolio)
        .map_err(|e| Error::Usage(format!("cannot write CSV: {e}")))?;
    for (path, bytes) in files.iter() {
        let target = out.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| write_error(parent, e))?;
        }
        std::fs::write(&target, bytes).map_err(|e| write_error(&target, e))?;
    }
    Ok(())
}

fn write_error(path: &Path, source: std::io::Error) -> Error {
    Error::Package(PackageError::Io {
        action: "write",
        path: path.to_path_buf(),
        source,
    })
}
