//! The top-level error and the exit-code contract of SPEC section 2.
//!
//! Each stage has its own error type; this enum only gathers them so `main`
//! can print one message and pick the exit code.

use std::path::PathBuf;

use crate::plan::PlanError;
use crate::playbook::PlaybookErrors;
use crate::profile::ProfileErrors;

/// Exit code: the command ran and found what it exists to find.
pub const EXIT_FOUND: i32 = 1;
/// Exit code: the user's input cannot be used.
pub const EXIT_INPUT: i32 = 2;
/// Exit code: the environment failed (disk, git, I/O).
pub const EXIT_ENVIRONMENT: i32 = 3;
/// Exit code: a bug in sitepack.
pub const EXIT_BUG: i32 = 4;

/// Everything that can stop a command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A flag value is unusable.
    #[error("{0}")]
    Usage(String),
    /// An input file could not be read.
    #[error("cannot read {}: {source}", .path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// An input file may not be read: a link inside a package, a special file, too large,
    /// not UTF-8.
    #[error(transparent)]
    Input(#[from] crate::fsread::ReadError),
    /// The site profile is invalid.
    #[error("{0}")]
    Profile(#[from] ProfileErrors),
    /// The playbook is missing or invalid.
    #[error(transparent)]
    Playbook(#[from] PlaybookErrors),
    /// The playbook failed on this site.
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// A built-in template failed: a bug.
    #[error(transparent)]
    Render(#[from] crate::render::RenderError),
    /// The package's `progress.toml` is invalid.
    #[error(transparent)]
    Progress(#[from] crate::progress::ProgressErrors),
    /// The `program.toml` of a portfolio is invalid.
    #[error(transparent)]
    Program(#[from] crate::portfolio::ProgramErrors),
    /// The portfolio's money cannot be added up (a currency without a rate).
    #[error(transparent)]
    Money(#[from] crate::portfolio::MoneyError),
    /// Writing the package failed or was refused.
    #[error(transparent)]
    Package(#[from] crate::package::PackageError),
    /// Something sitepack itself got wrong: a bug.
    #[error("internal error (a bug in sitepack): {0}")]
    Internal(String),
    /// A file sitepack writes for people (`init`, `migrate --in-place`).
    #[error(transparent)]
    Replace(#[from] crate::replace::ReplaceError),
    /// An asset register (`init --from-csv`) has rows that cannot be used.
    #[error(transparent)]
    Register(#[from] crate::init::register::RegisterErrors),
}

impl Error {
    /// The exit code for this error (SPEC section 2).
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_)
            | Error::Read { .. }
            | Error::Profile(_)
            | Error::Playbook(_)
            | Error::Plan(_)
            | Error::Progress(_)
            | Error::Program(_)
            | Error::Money(_) => EXIT_INPUT,
            Error::Input(e) if e.is_refusal() => EXIT_INPUT,
            Error::Input(_) => EXIT_ENVIRONMENT,
            Error::Render(_) | Error::Internal(_) => EXIT_BUG,
            Error::Package(e) if e.is_refusal() => EXIT_INPUT,
            Error::Package(_) => EXIT_ENVIRONMENT,
            Error::Replace(e) if e.is_refusal() => EXIT_INPUT,
            Error::Replace(_) => EXIT_ENVIRONMENT,
            Error::Register(_) => EXIT_INPUT,
        }
    }

    /// A short machine-readable kind, for `--format json`.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Usage(_) => "usage",
            Error::Read { .. } | Error::Input(_) => "read",
            Error::Profile(_) => "profile",
            Error::Playbook(_) => "playbook",
            Error::Plan(_) => "plan",
            Error::Render(_) => "render",
            Error::Internal(_) => "internal",
            Error::Progress(_) => "progress",
            Error::Program(_) => "program",
            Error::Money(_) => "money",
            Error::Package(e) if e.is_refusal() => "refused",
            Error::Package(_) => "package",
            Error::Replace(e) if e.is_refusal() => "refused",
            Error::Replace(_) => "write",
            Error::Register(_) => "register",
        }
    }
}
