//! sitepack: a site profile and a use-case playbook in, a deployment package out.
//!
//! The pipeline is `profile -> playbook -> plan -> render -> package -> git`
//! ([`render_package`] reads as that pipeline); see ARCHITECTURE.md for the
//! codemap and the invariants. The library never prints: commands return an
//! [`Output`] and `main` writes it.

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod cli;
mod command;
pub mod date;
pub mod digest;
pub mod drift;
pub mod error;
pub mod facts;
pub mod files;
pub mod fsread;
#[cfg(test)]
mod fuzz;
pub mod gate;
pub mod git;
pub mod init;
#[cfg(test)]
mod layering;
pub mod lock;
pub mod migrate;
pub mod number;
pub mod package;
pub mod plan;
pub mod playbook;
pub mod portfolio;
pub mod position;
pub mod profile;
pub mod progress;
pub mod render;
pub mod replace;
pub mod report;
mod source_path;
pub mod suggest;
pub mod svg;
pub mod testpoint;
pub mod values;
pub mod vocab;

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use error::Error;

use date::Date;
use plan::Plan;
use playbook::{Playbook, Source};
use profile::Profile;

/// Text or one JSON document on stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

/// Built-in playbooks, a directory of them, or a git repository at a ref.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlaybookChoice {
    /// The playbooks embedded in the binary (`--playbooks builtin`, or no flag outside a
    /// package).
    BuiltIn,
    /// A directory with the layout of `playbooks/`.
    Dir(PathBuf),
    /// A git repository (path, `file://` or remote URL) at a ref.
    Git { repo: String, rev: String },
    /// A git repository at the commit a package's lock records, which `rev` (as the user
    /// gave it when the package was rendered) named then.
    Pinned {
        repo: String,
        rev: String,
        commit: String,
    },
}

impl PlaybookChoice {
    /// The playbook files: embedded, a directory, or a git commit read once; when its
    /// root holds `layer.toml`, the whole stack of layers it extends, resolved.
    pub fn source(&self) -> Result<Source, Error> {
        Ok(match self {
            PlaybookChoice::BuiltIn => Source::BuiltIn,
            PlaybookChoice::Dir(d) => Source::Dir(d.clone()),
            PlaybookChoice::Git { repo, rev } => Source::git(repo, rev)?,
            PlaybookChoice::Pinned { repo, rev, commit } => match Source::git(repo, commit)? {
                Source::Fetched { commit, files, .. } => Source::Fetched {
                    origin: format!("{repo}@{rev}"),
                    commit,
                    files,
                },
                other => other,
            },
        })
        .and_then(|s| Ok(playbook::resolve(s)?))
    }

    /// What the lock records for this choice once `source` was read from it: absolute
    /// local paths (see [`Inputs::place_in`]), URLs without credentials, the git commit.
    pub fn record(&self, source: &Source) -> lock::PlaybookSource {
        match (self, source) {
            (PlaybookChoice::Dir(dir), _) => lock::PlaybookSource::Dir {
                path: source_path::absolute_text(dir),
            },
            (
                PlaybookChoice::Git { repo, rev } | PlaybookChoice::Pinned { repo, rev, .. },
                source,
            ) if source.commit().is_some() => lock::PlaybookSource::Git {
                repo: source_path::repo_text(repo),
                rev: rev.clone(),
                commit: source.commit().unwrap_or_default().to_string(),
            },
            _ => lock::PlaybookSource::BuiltIn,
        }
    }
}

/// `sitepack render`.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    pub site: PathBuf,
    pub use_case: String,
    pub out: PathBuf,
    pub playbooks: PlaybookChoice,
    pub as_of: Option<String>,
    pub git: bool,
    /// `--allow-downgrade`: allow moving an existing package to another playbook source or
    /// an older playbook version.
    pub allow_downgrade: bool,
    pub format: Format,
}

/// `sitepack check`.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub sites: Vec<PathBuf>,
    pub use_case: Option<String>,
    pub playbooks: PlaybookChoice,
    pub as_of: Option<String>,
    pub format: Format,
}

/// `sitepack explain`.
#[derive(Debug, Clone)]
pub struct ExplainOptions {
    pub site: PathBuf,
    pub use_case: String,
    pub id: Option<String>,
    pub playbooks: PlaybookChoice,
    pub as_of: Option<String>,
    pub format: Format,
}

/// `sitepack playbooks`.
#[derive(Debug, Clone)]
pub struct PlaybooksOptions {
    pub id: Option<String>,
    pub playbooks: PlaybookChoice,
    pub format: Format,
}

/// `sitepack schema`.
#[derive(Debug, Clone)]
pub struct SchemaOptions {
    /// The profile format to describe: 1 or 2.
    pub format: u32,
}

/// `sitepack playbooks export DIR`.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// Where to write the built-in playbook files; must be missing or empty.
    pub dir: PathBuf,
}

/// `sitepack book`.
#[derive(Debug, Clone)]
pub struct BookOptions {
    /// The book directory to write.
    pub out: PathBuf,
    pub playbooks: PlaybookChoice,
    /// `--since REF`: a ref of the standard's repository to list the changes since.
    pub since: Option<String>,
}

/// `sitepack update`, `sitepack diff` and `sitepack gate`: commands on an existing package.
#[derive(Debug, Clone)]
pub struct PackageOptions {
    /// The package directory.
    pub dir: PathBuf,
    /// A profile whose text replaces the package's `site.toml` (update only).
    pub site: Option<PathBuf>,
    /// `--gate ID`: the gate to evaluate instead of the next one (gate only).
    pub gate: Option<String>,
    /// `--playbooks`; `None` for the source the package's lock records.
    pub playbooks: Option<PlaybookChoice>,
    /// `--allow-downgrade` (update only): allow moving the package to another playbook
    /// source or an older playbook version.
    pub allow_downgrade: bool,
    /// `--as-of`; the lock's date when absent.
    pub as_of: Option<String>,
    /// `--ignore-edits` (diff only): report only what an update would bring, not people's
    /// edits of files the new render leaves as they were last rendered.
    pub ignore_edits: bool,
    /// `--report` (gate only): every gate's state as a summary, exit 0 whatever the verdict.
    pub report: bool,
    pub format: Format,
}

/// `sitepack migrate`.
#[derive(Debug, Clone)]
pub struct MigrateOptions {
    /// The format 1 profile.
    pub site: PathBuf,
    /// Replace the file (atomically) instead of printing the result.
    pub in_place: bool,
}

/// `sitepack init`.
#[derive(Debug, Clone, Default)]
pub struct InitOptions {
    /// The profile to write.
    pub out: PathBuf,
    /// Replace `out` when it exists.
    pub force: bool,
    /// An asset register (CSV) to take the assets from.
    pub from_csv: Option<PathBuf>,
    /// No questions: flags and defaults only.
    pub non_interactive: bool,
    /// The answers given as flags (`--site-id`, `--owner`...).
    pub answers: init::Flags,
}

/// `sitepack portfolio`.
#[derive(Debug, Clone)]
pub struct PortfolioOptions {
    /// Site profiles and package directories.
    pub paths: Vec<PathBuf>,
    /// The program directory to write.
    pub out: PathBuf,
    /// The use cases each profile is planned for.
    pub use_cases: Vec<String>,
    /// Also write each profile's package under `DIR/packages/<site>/<use-case>/`.
    pub packages: bool,
    /// `--program program.toml`.
    pub program: Option<PathBuf>,
    pub playbooks: PlaybookChoice,
    pub as_of: Option<String>,
    pub format: Format,
    /// Draw a progress bar on stderr (set by `main` when stderr is a terminal).
    pub progress_bar: bool,
}

/// A command to run.
#[derive(Debug, Clone)]
pub enum Command {
    Render(RenderOptions),
    Check(CheckOptions),
    Explain(ExplainOptions),
    Playbooks(PlaybooksOptions),
    Export(ExportOptions),
    Book(BookOptions),
    Update(PackageOptions),
    /// `update` with several directories.
    Updates(Vec<PackageOptions>),
    Diff(PackageOptions),
    Gate(PackageOptions),
    Migrate(MigrateOptions),
    Init(InitOptions),
    Portfolio(PortfolioOptions),
    Schema(SchemaOptions),
}

/// What a command produced: stdout text, stderr notes, and the exit code: 0, or 1 for a
/// finding (drift, conflicts, a gate not passed, an invalid profile). Commands over several
/// inputs (`check a b c`, `update A B C`) go on past a bad one and report it in `code` as
/// well: 2 when an input could not be read or a package was refused, or the worst exit code
/// among the packages. A failure of the whole command is an [`Error`] instead.
#[derive(Debug, Clone, Default)]
pub struct Output {
    pub stdout: String,
    pub notes: Vec<String>,
    pub code: i32,
}

/// Runs `command`.
pub fn run(command: Command) -> Result<Output, Error> {
    match command {
        Command::Render(mut o) => {
            o.out = absolute(&o.out)?;
            command::render::run(&o)
        }
        Command::Check(o) => command::check::run(&o),
        Command::Explain(o) => command::explain::run(&o),
        Command::Playbooks(o) => command::playbooks::run(&o),
        Command::Schema(o) => command::schema::run(&o),
        Command::Export(o) => command::playbooks::export(&o),
        Command::Book(o) => command::book::run(&o),
        Command::Update(mut o) => {
            o.dir = absolute(&o.dir)?;
            command::update::run(&o)
        }
        Command::Updates(mut packages) => {
            for o in &mut packages {
                o.dir = absolute(&o.dir)?;
            }
            command::update_many::run(&packages)
        }
        Command::Diff(o) => command::diff::run(&o),
        Command::Gate(o) => command::gate::run(&o),
        Command::Migrate(o) => command::migrate::run(&o),
        Command::Init(o) => command::init::run(&o),
        Command::Portfolio(mut o) => {
            o.out = absolute(&o.out)?;
            command::portfolio::run(&o)
        }
    }
}

/// The package directory as an absolute path, fixed before anything runs: writing
/// swaps the directory, so `.` would afterwards name the old, removed copy.
fn absolute(dir: &Path) -> Result<PathBuf, Error> {
    std::path::absolute(dir).map_err(|source| Error::Read {
        path: dir.to_path_buf(),
        source,
    })
}

/// The inputs of one render, loaded and validated.
pub struct Inputs {
    pub profile_text: String,
    pub profile: Profile,
    /// Shared: a portfolio renders many sites with one compiled playbook.
    pub playbook: Arc<Playbook>,
    pub as_of: Date,
    /// Where the playbooks came from, as the lock records it.
    pub playbook_source: lock::PlaybookSource,
}

impl Inputs {
    /// The inputs for a package at `dir`: local playbook paths recorded relative to it.
    pub fn place_in(mut self, dir: &Path) -> Inputs {
        self.playbook_source = source_path::relative_source(&self.playbook_source, dir);
        self
    }
}

/// Where a package keeps its profile.
pub(crate) const SITE_PATH: &str = "site.toml";

/// The package's own `site.toml`, read without following links.
pub(crate) fn site_text(dir: &Path) -> Result<String, Error> {
    fsread::read_text_in(dir, SITE_PATH, fsread::Input::Profile)?.ok_or_else(|| {
        Error::Usage(format!(
            "{} has no {SITE_PATH}; restore it from git, or pass the profile with --site FILE",
            dir.display()
        ))
    })
}

/// Reads and validates the profile and the playbook: the stages before the plan. `site` is
/// a path the user named; see [`load_inputs_text`] for a profile read from a package.
pub fn load_inputs(
    site: &Path,
    use_case: &str,
    playbooks: &PlaybookChoice,
    as_of: Date,
) -> Result<Inputs, Error> {
    let profile_text = fsread::read_text_file(site, fsread::Input::Profile)?;
    load_inputs_text(site, profile_text, use_case, playbooks, as_of)
}

/// [`load_inputs`] for a profile already read; `site` only names it in errors.
pub fn load_inputs_text(
    site: &Path,
    profile_text: String,
    use_case: &str,
    playbooks: &PlaybookChoice,
    as_of: Date,
) -> Result<Inputs, Error> {
    let source = playbooks.source()?;
    let playbook = plan::load_playbook(&source, use_case)?;
    let profile = profile::load_profile(site, &profile_text, as_of, &source.use_cases()?)?;
    Ok(Inputs {
        profile_text,
        profile,
        playbook: Arc::new(playbook),
        as_of,
        playbook_source: playbooks.record(&source),
    })
}

/// The pipeline: inputs -> plan -> files -> package directory (and git). The pure render
/// goes on `sitepack/rendered`; the status page, made from the package's `progress.toml`,
/// is written on `main` after the merge ([`render_on_main`]).
pub fn render_package(
    inputs: &Inputs,
    out: &Path,
    git: bool,
) -> Result<(Plan, package::WriteReport), Error> {
    let progress = progress::read(out)?;
    let (plan, files) = render_files(inputs)?;
    let on_main = render_on_main(&plan, progress.as_ref())?;
    let message = format!(
        "Render {} for {} (playbook {}, as of {})",
        plan.use_case.id, plan.site.id, plan.playbook.version, plan.as_of
    );
    let time = git::CommitTime::from_env();
    let options = package::WriteOptions {
        git,
        message,
        time,
        on_main,
    };
    let report = package::write(out, &files, &options)?;
    Ok((plan, report))
}

/// The stages without I/O: inputs -> plan -> sealed files in memory. People's progress
/// never reaches them: they are what `sitepack/rendered` holds.
pub fn render_files(inputs: &Inputs) -> Result<(Plan, files::Files), Error> {
    let plan = plan::derive(&inputs.profile, &inputs.playbook, inputs.as_of)?;
    let renderer = render::Renderer::new()?;
    let mut files = renderer.render(&plan, &inputs.profile_text)?;
    let mut sealed = lock_inputs(&plan, &inputs.profile_text);
    sealed.playbook_source = Some(inputs.playbook_source.clone());
    lock::seal(&mut files, sealed);
    Ok((plan, files))
}

/// The pages generated on `main` ([`render::ON_MAIN`]) from `plan` and people's progress.
pub fn render_on_main(
    plan: &Plan,
    progress: Option<&progress::Progress>,
) -> Result<files::Files, Error> {
    Ok(render::Renderer::new()?.render_on_main(plan, progress)?)
}

fn lock_inputs(plan: &Plan, profile_text: &str) -> lock::LockInputs {
    lock::LockInputs {
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        site_id: plan.site.id.clone(),
        use_case: plan.use_case.id.clone(),
        profile_digest: lock::sha256_hex(profile_text.as_bytes()),
        as_of: plan.as_of.clone(),
        playbook: lock::LockedPlaybook {
            id: plan.playbook.id.clone(),
            version: plan.playbook.version.clone(),
            digest: plan.playbook.digest.clone(),
            source: plan.playbook.source.clone(),
            stack: plan.playbook.stack.clone(),
            layers: plan.playbook.layers.clone(),
        },
        playbook_source: None,
    }
}

/// Parses `--as-of`, or falls back to `default`, then today.
pub fn resolve_as_of(flag: Option<&str>, default: Option<Date>) -> Result<Date, Error> {
    match flag {
        Some(text) => Date::parse(text).ok_or_else(|| {
            Error::Usage(format!(
                "--as-of `{text}` is not a date of the form YYYY-MM-DD"
            ))
        }),
        None => Ok(default.unwrap_or_else(Date::today)),
    }
}
