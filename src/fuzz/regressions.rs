//! Replays the inputs the fuzz targets once failed on, kept in `tests/fuzz-regressions/`:
//! one directory per target (`profile`, `progress`, `lock`, `condition`, `text`), one input
//! per file (exact bytes, no added new line), named for the bug. Each must now pass its target's assertion.

use std::path::{Path, PathBuf};

use super::{package, playbook, profile};

type Check = fn(&str) -> Result<(), String>;

/// The targets, by directory name.
const TARGETS: &[(&str, Check)] = &[
    ("profile", profile::check),
    ("progress", package::check_progress),
    ("lock", package::check_lock),
    ("condition", playbook::check_condition),
    ("text", playbook::check_text),
];

fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz-regressions")
        .join(target);
    let mut found: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries.map(|e| e.expect("entry").path()).collect(),
        Err(_) => Vec::new(),
    };
    found.retain(|p| p.file_name().is_some_and(|n| n != "README.md"));
    found.sort();
    found
}

#[test]
fn every_kept_fuzz_input_passes_its_target() {
    let mut failures = Vec::new();
    let mut seen = 0;
    for (target, check) in TARGETS {
        for path in inputs(target) {
            seen += 1;
            let bytes = std::fs::read(&path).expect("readable");
            let result = match crate::fsread::utf8(&path, bytes) {
                Ok(text) => check(&text),
                // Only a profile is kept as raw bytes: its error must name line and column.
                Err(e) => match e {
                    crate::fsread::ReadError::NotUtf8 { line, column, .. }
                        if line > 0 && column > 0 =>
                    {
                        Ok(())
                    }
                    other => Err(format!("not UTF-8, without a position: {other}")),
                },
            };
            if let Err(m) = result {
                failures.push(format!("{}: {m}", path.display()));
            }
        }
    }
    assert!(seen > 0, "no kept inputs under tests/fuzz-regressions");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
