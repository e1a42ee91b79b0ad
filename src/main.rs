//! The `sitepack` binary: parse arguments, run, print, map the outcome to an exit code.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use sitepack::cli::Cli;
use sitepack::{report, Format};

/// mimalloc instead of glibc's malloc: a render allocates many small strings and maps, and
/// glibc's `malloc`/`free` were about 15 % of a render's samples (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let format = cli.format();
    let color = std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut command = cli.into_command();
    if let sitepack::Command::Portfolio(options) = &mut command {
        options.progress_bar = std::io::stderr().is_terminal();
    }
    let code = match sitepack::run(command) {
        Ok(output) => {
            let stdout = report::stdout_text(&output.stdout, format);
            let _ = std::io::stdout().write_all(stdout.as_bytes());
            for note in &output.notes {
                let _ = writeln!(std::io::stderr(), "{}", report::note_text(note));
            }
            output.code
        }
        Err(error) => {
            if format == Format::Json {
                let _ = std::io::stdout().write_all(report::error_json(&error).as_bytes());
            }
            let _ = std::io::stderr().write_all(report::error_text(&error, color).as_bytes());
            error.exit_code()
        }
    };
    ExitCode::from(u8::try_from(code).unwrap_or(4))
}
