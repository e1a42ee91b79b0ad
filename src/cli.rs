//! Command-line parsing: clap derive turns arguments into the plain option
//! structs of [`crate::Command`]. No logic lives here.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::{
    BookOptions, CheckOptions, Command, ExplainOptions, ExportOptions, Format, InitOptions,
    MigrateOptions, PackageOptions, PlaybookChoice, PlaybooksOptions, PortfolioOptions,
    RenderOptions, SchemaOptions,
};

/// Render a site-specific deployment package for an industrial AI use case.
#[derive(Debug, Parser)]
#[command(name = "sitepack", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Sub,
}

#[derive(Debug, Subcommand)]
enum Sub {
    /// Render the deployment package for a site and a use case into a git repository.
    Render {
        /// The site profile (TOML, format 1 or 2).
        site: PathBuf,
        /// The use case: a playbook id (see `sitepack playbooks`).
        #[arg(long)]
        use_case: String,
        /// The package directory to create or update.
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        common: Common,
        /// Write the files only: no git repository.
        #[arg(long)]
        no_git: bool,
        /// Allow moving an existing package to another playbook source or an older
        /// playbook version.
        #[arg(long)]
        allow_downgrade: bool,
    },
    /// Validate site profiles; with --use-case, also derive each plan and summarise it.
    Check {
        /// One or more site profiles.
        #[arg(required = true)]
        sites: Vec<PathBuf>,
        /// Also derive the plan for this use case.
        #[arg(long)]
        use_case: Option<String>,
        #[command(flatten)]
        common: Common,
    },
    /// Explain why each item, control and gap of a site's plan is there.
    Explain {
        /// The site profile.
        site: PathBuf,
        /// The use case.
        #[arg(long)]
        use_case: String,
        /// Only this item, control or gap id.
        id: Option<String>,
        #[command(flatten)]
        common: Common,
    },
    /// Re-render a package from its site.toml and the current playbooks; merge into main.
    Update {
        /// The package directories; several are updated in parallel, one line each.
        #[arg(required = true, value_name = "DIR")]
        dirs: Vec<PathBuf>,
        /// A profile whose text replaces the package's site.toml.
        #[arg(long, value_name = "FILE")]
        site: Option<PathBuf>,
        /// Allow moving the package to another playbook source or an older playbook version.
        #[arg(long)]
        allow_downgrade: bool,
        #[command(flatten)]
        common: Common,
    },
    /// Show how a package differs from what the current inputs render, and why (exit 1 on drift).
    Diff {
        /// The package directory.
        dir: PathBuf,
        /// Only what an update would bring: ignore people's edits of files the new render
        /// leaves as they were last rendered.
        #[arg(long)]
        ignore_edits: bool,
        #[command(flatten)]
        common: Common,
    },
    /// Evaluate the next gate against measured KPIs and progress (exit 1 unless it passes).
    Gate {
        /// The package directory.
        dir: PathBuf,
        /// Evaluate this gate (or phase) id instead of the next one.
        #[arg(long, value_name = "ID")]
        gate: Option<String>,
        /// Report every gate's state (Markdown, for a pull request's summary) and exit 0
        /// whatever the verdict, instead of failing when the gate does not pass.
        #[arg(long)]
        report: bool,
        #[command(flatten)]
        common: Common,
    },
    /// The program view: many sites (profiles and packages) as one book and one JSON file.
    Portfolio {
        /// Site profiles (planned for each --use-case) and package directories.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The program directory to write (an mdBook plus data/).
        #[arg(long)]
        out: PathBuf,
        /// A use case to plan each profile for; repeat for several.
        #[arg(long = "use-case", value_name = "ID")]
        use_cases: Vec<String>,
        /// Also write every profile's package under DIR/packages/<site>/<use-case>/.
        #[arg(long)]
        packages: bool,
        /// The program file: currency and rates, waves, the sites of the program.
        #[arg(long, value_name = "FILE")]
        program: Option<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// The reference of a playbook stack as an mdBook.
    Book {
        /// The book directory to write (missing, empty, or a book written before).
        #[arg(long)]
        out: PathBuf,
        /// Read playbooks from this directory (or git repository, with --playbooks-ref).
        #[arg(long, value_name = "DIR|REPO")]
        playbooks: Option<String>,
        /// Read --playbooks as a git repository at this ref (branch, tag or commit).
        #[arg(long, value_name = "REF", requires = "playbooks")]
        playbooks_ref: Option<String>,
        /// Add a page of the rules changed since this ref of the --playbooks repository.
        #[arg(long, value_name = "REF")]
        since: Option<String>,
    },
    /// List the playbooks, or describe one; `playbooks export DIR` writes the built-ins.
    Playbooks {
        /// A use-case id to describe, or `export`.
        id: Option<String>,
        /// With `export`: the directory to write the built-in playbooks into.
        dir: Option<PathBuf>,
        /// Read playbooks from this directory (or git repository, with --playbooks-ref).
        #[arg(long, value_name = "DIR|REPO")]
        playbooks: Option<String>,
        /// Read --playbooks as a git repository at this ref (branch, tag or commit).
        #[arg(long, value_name = "REF", requires = "playbooks")]
        playbooks_ref: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = FormatArg::Text)]
        format: FormatArg,
    },
    /// Print the JSON Schema (draft 2020-12) of the site profile, for completion and checks
    /// in editors (a `#:schema` line in Taplo / Even Better TOML).
    Schema {
        /// The profile format to describe.
        #[arg(long, value_name = "1|2", default_value_t = 2,
              value_parser = clap::value_parser!(u32).range(1..=2))]
        format: u32,
    },
    /// Rewrite a format 1 profile as format 2, comments and key order kept.
    Migrate {
        /// The format 1 profile.
        site: PathBuf,
        /// Replace the file (atomically) instead of printing the result on stdout.
        #[arg(long)]
        in_place: bool,
    },
    /// Write a new, commented site profile: a wizard on a terminal, or flags.
    Init(InitArgs),
}

/// `sitepack init` flags.
#[derive(Debug, clap::Args)]
struct InitArgs {
    /// The profile to write.
    #[arg(long, value_name = "FILE", default_value = "site.toml")]
    out: PathBuf,
    /// Replace FILE when it exists.
    #[arg(long)]
    force: bool,
    /// Take the assets from an asset register (CSV export of a CMMS: SAP PM, Maximo...).
    #[arg(long, value_name = "ASSETS.csv")]
    from_csv: Option<PathBuf>,
    /// Ask nothing: use the flags below and defaults (for scripts).
    #[arg(long)]
    non_interactive: bool,
    /// site.id (default: from --site-name, or my-site).
    #[arg(long, value_name = "ID")]
    site_id: Option<String>,
    /// site.name.
    #[arg(long, value_name = "NAME")]
    site_name: Option<String>,
    /// site.company.
    #[arg(long, value_name = "NAME")]
    company: Option<String>,
    /// site.country (ISO 3166-1 alpha-2).
    #[arg(long, value_name = "CC")]
    country: Option<String>,
    /// site.timezone (IANA name).
    #[arg(long, value_name = "TZ")]
    timezone: Option<String>,
    /// site.industry (chemicals, pharma, food-beverage, automotive...).
    #[arg(long, value_name = "INDUSTRY")]
    industry: Option<String>,
    /// site.shifts_per_day (1 to 4).
    #[arg(long, value_name = "N")]
    shifts_per_day: Option<u32>,
    /// site.floor_staff.
    #[arg(long, value_name = "N")]
    floor_staff: Option<u32>,
    /// network.segmentation: flat, segmented or purdue.
    #[arg(long, value_name = "KIND")]
    segmentation: Option<String>,
    /// An owner, as ROLE=NAME (business, operations, it, data, change, quality, safety).
    #[arg(long, value_name = "ROLE=NAME")]
    owner: Vec<String>,
    /// A system, as ID=KIND (erp, mes, scada, historian...).
    #[arg(long, value_name = "ID=KIND")]
    system: Vec<String>,
}

impl From<InitArgs> for InitOptions {
    fn from(a: InitArgs) -> InitOptions {
        InitOptions {
            out: a.out,
            force: a.force,
            from_csv: a.from_csv,
            non_interactive: a.non_interactive,
            answers: crate::init::Flags {
                site_id: a.site_id,
                site_name: a.site_name,
                company: a.company,
                country: a.country,
                timezone: a.timezone,
                industry: a.industry,
                shifts_per_day: a.shifts_per_day,
                floor_staff: a.floor_staff,
                segmentation: a.segmentation,
                owners: a.owner,
                systems: a.system,
            },
        }
    }
}

/// Flags shared by the commands that derive a plan.
#[derive(Debug, Clone, clap::Args)]
struct Common {
    /// Read playbooks from this directory (or git repository, with --playbooks-ref).
    #[arg(long, value_name = "DIR|REPO")]
    playbooks: Option<String>,
    /// Read --playbooks as a git repository at this ref (branch, tag or commit); a
    /// remote URL (`https://`, `ssh://`, `git@`) is read at HEAD when no ref is given.
    #[arg(long, value_name = "REF", requires = "playbooks")]
    playbooks_ref: Option<String>,
    /// The date ages and dates are computed from (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD")]
    as_of: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    format: FormatArg,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    Text,
    Json,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Text => Format::Text,
            FormatArg::Json => Format::Json,
        }
    }
}

fn choice(playbooks: Option<String>, rev: Option<String>) -> PlaybookChoice {
    explicit(playbooks, rev).unwrap_or(PlaybookChoice::BuiltIn)
}

/// The playbooks a `--playbooks` flag names, if it was given; `builtin` names the built-in
/// ones (a directory of that name is `./builtin`).
fn explicit(playbooks: Option<String>, rev: Option<String>) -> Option<PlaybookChoice> {
    let repo = playbooks?;
    if repo == "builtin" && rev.is_none() {
        return Some(PlaybookChoice::BuiltIn);
    }
    let remote = repo.starts_with("git@") || (repo.contains("://") && !repo.starts_with("file://"));
    Some(match rev {
        Some(rev) => PlaybookChoice::Git { repo, rev },
        None if remote || repo.starts_with("file://") => PlaybookChoice::Git {
            repo,
            rev: "HEAD".to_string(),
        },
        None => PlaybookChoice::Dir(PathBuf::from(repo)),
    })
}

fn package(
    dir: PathBuf,
    site: Option<PathBuf>,
    gate: Option<String>,
    common: Common,
) -> PackageOptions {
    PackageOptions {
        dir,
        site,
        gate,
        playbooks: explicit(common.playbooks, common.playbooks_ref),
        allow_downgrade: false,
        as_of: common.as_of,
        ignore_edits: false,
        report: false,
        format: common.format.into(),
    }
}

impl Cli {
    /// The output format the user asked for.
    pub fn format(&self) -> Format {
        match &self.command {
            Sub::Render { common, .. }
            | Sub::Check { common, .. }
            | Sub::Explain { common, .. }
            | Sub::Update { common, .. }
            | Sub::Diff { common, .. }
            | Sub::Gate { common, .. }
            | Sub::Portfolio { common, .. } => common.format.into(),
            Sub::Playbooks { format, .. } => (*format).into(),
            Sub::Book { .. } | Sub::Migrate { .. } | Sub::Init(_) | Sub::Schema { .. } => {
                Format::Text
            }
        }
    }

    /// The plain command the library runs.
    pub fn into_command(self) -> Command {
        match self.command {
            Sub::Render {
                site,
                use_case,
                out,
                common,
                no_git,
                allow_downgrade,
            } => Command::Render(RenderOptions {
                site,
                use_case,
                out,
                playbooks: choice(common.playbooks, common.playbooks_ref),
                as_of: common.as_of,
                git: !no_git,
                allow_downgrade,
                format: common.format.into(),
            }),
            Sub::Check {
                sites,
                use_case,
                common,
            } => Command::Check(CheckOptions {
                sites,
                use_case,
                playbooks: choice(common.playbooks, common.playbooks_ref),
                as_of: common.as_of,
                format: common.format.into(),
            }),
            Sub::Explain {
                site,
                use_case,
                id,
                common,
            } => Command::Explain(ExplainOptions {
                site,
                use_case,
                id,
                playbooks: choice(common.playbooks, common.playbooks_ref),
                as_of: common.as_of,
                format: common.format.into(),
            }),
            Sub::Update {
                dirs,
                site,
                allow_downgrade,
                common,
            } => {
                let mut packages: Vec<PackageOptions> = dirs
                    .into_iter()
                    .map(|dir| PackageOptions {
                        allow_downgrade,
                        ..package(dir, site.clone(), None, common.clone())
                    })
                    .collect();
                if packages.len() == 1 {
                    Command::Update(packages.remove(0))
                } else {
                    Command::Updates(packages)
                }
            }
            Sub::Diff {
                dir,
                ignore_edits,
                common,
            } => Command::Diff(PackageOptions {
                ignore_edits,
                ..package(dir, None, None, common)
            }),
            Sub::Gate {
                dir,
                gate,
                report,
                common,
            } => Command::Gate(PackageOptions {
                report,
                ..package(dir, None, gate, common)
            }),
            Sub::Portfolio {
                paths,
                out,
                use_cases,
                packages,
                program,
                common,
            } => Command::Portfolio(PortfolioOptions {
                paths,
                out,
                use_cases,
                packages,
                program,
                playbooks: choice(common.playbooks, common.playbooks_ref),
                as_of: common.as_of,
                format: common.format.into(),
                progress_bar: false,
            }),
            Sub::Playbooks {
                id, dir: Some(dir), ..
            } if id.as_deref() == Some("export") => Command::Export(ExportOptions { dir }),
            Sub::Book {
                out,
                playbooks,
                playbooks_ref,
                since,
            } => Command::Book(BookOptions {
                out,
                playbooks: choice(playbooks, playbooks_ref),
                since,
            }),
            Sub::Playbooks {
                id,
                playbooks,
                playbooks_ref,
                format,
                ..
            } => Command::Playbooks(PlaybooksOptions {
                id,
                playbooks: choice(playbooks, playbooks_ref),
                format: format.into(),
            }),
            Sub::Schema { format } => Command::Schema(SchemaOptions { format }),
            Sub::Migrate { site, in_place } => Command::Migrate(MigrateOptions { site, in_place }),
            Sub::Init(args) => Command::Init(args.into()),
        }
    }
}
