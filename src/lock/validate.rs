//! The `[files]` table of a lock read from a package, checked path by path.
//!
//! A lock is package content, so a pull request can edit it: every path it lists must be a
//! plain relative path of a file sitepack could have rendered (never `.git`, the lock itself
//! or `progress.toml`) and every digest a `sha256:` digest. Every bad entry is reported with
//! its line and column. Keys and types are serde's job (`deny_unknown_fields`).

use toml::de::{DeTable, DeValue};

use super::{LockError, LockIssue, LOCK_PATH};
use crate::files::is_safe_path;
use crate::position::Position;
use crate::progress::PROGRESS_PATH;

/// Every problem of the lock's `[files]` entries; the text already parsed as a lock.
pub(super) fn files(text: &str) -> Result<(), LockError> {
    let Ok(root) = DeTable::parse(text) else {
        return Ok(());
    };
    let Some(DeValue::Table(files)) = root.get_ref().get("files").map(|v| v.get_ref()) else {
        return Ok(());
    };
    let mut issues = Vec::new();
    for (key, value) in files {
        let path = key.get_ref().as_ref();
        if let Some(why) = path_problem(path) {
            let message = format!("[files] `{}`: {why}", path.escape_debug());
            issues.push(issue(text, key.span().start, message));
        }
        if let DeValue::String(digest) = value.get_ref() {
            if !is_digest(digest) {
                let message = format!(
                    "[files] `{}`: `{}` is not a digest of the form sha256:<64 hex digits>",
                    path.escape_debug(),
                    digest.escape_debug()
                );
                issues.push(issue(text, value.span().start, message));
            }
        }
    }
    if issues.is_empty() {
        return Ok(());
    }
    Err(LockError {
        path: LOCK_PATH.into(),
        issues,
    })
}

/// Why `path` cannot be a rendered file of a package, if it cannot.
fn path_problem(path: &str) -> Option<&'static str> {
    if !is_safe_path(path) || path.chars().any(char::is_control) {
        return Some(
            "not a plain relative path inside the package (no leading `/`, no `..`, no empty \
             part, no backslash or control character)",
        );
    }
    if path == ".git" || path.starts_with(".git/") {
        return Some("inside .git, which sitepack never renders");
    }
    if path == LOCK_PATH || path == PROGRESS_PATH {
        return Some("not a rendered file (the lock never lists itself or progress.toml)");
    }
    None
}

fn is_digest(text: &str) -> bool {
    text.strip_prefix("sha256:").is_some_and(|hex| {
        hex.len() == 64
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

fn issue(text: &str, offset: usize, message: String) -> LockIssue {
    LockIssue {
        at: Position::at(text, offset),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lock::Lock;

    const HEAD: &str = "format = 1\ntool_version = \"0.1.0\"\nsite_id = \"s\"\nuse_case = \"u\"\n\
        profile_digest = \"sha256:00\"\nas_of = \"2026-01-01\"\n\n[playbook]\nid = \"u\"\n\
        version = \"1\"\ndigest = \"sha256:00\"\n\n[files]\n";
    const DIGEST: &str = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    fn lock_with(entries: &[&str]) -> String {
        let mut text = HEAD.to_string();
        for path in entries {
            let key = toml::Value::String(path.to_string());
            text.push_str(&format!("{key} = \"{DIGEST}\"\n"));
        }
        text
    }

    #[test]
    fn rendered_paths_are_accepted() {
        let lock = Lock::parse(&lock_with(&[
            "README.md",
            "src/overview.md",
            "data/plan.json",
        ]));
        assert_eq!(lock.unwrap().files.len(), 3);
    }

    #[test]
    fn every_unsafe_path_is_reported_with_its_line() {
        let bad = [
            "/proc/self/environ",
            "/etc/passwd",
            "../../x",
            "src/../../x",
            ".git/config",
            ".sitepack/lock.toml",
            "progress.toml",
            "a//b",
            "a\\b",
            "a\u{1b}[31m",
        ];
        let e = Lock::parse(&lock_with(&bad)).unwrap_err();
        assert_eq!(e.issues.len(), bad.len(), "{e}");
        let first_line = HEAD.matches('\n').count() + 1;
        for (i, issue) in e.issues.iter().enumerate() {
            assert_eq!(
                issue.at,
                Position {
                    line: first_line + i,
                    column: 1
                },
                "{e}"
            );
        }
        assert!(
            e.to_string()
                .contains(".sitepack/lock.toml:14:1: [files] `/proc/self/environ`"),
            "{e}"
        );
        assert!(!e.to_string().contains('\u{1b}'), "{e}");
    }

    #[test]
    fn a_bad_digest_and_an_unknown_key_are_errors_with_positions() {
        let text = format!("{}\"README.md\" = \"md5:1\"\n", lock_with(&[]));
        let e = Lock::parse(&text).unwrap_err();
        assert!(
            e.to_string()
                .contains(":14:15: [files] `README.md`: `md5:1`"),
            "{e}"
        );
        let text = HEAD.replace("[files]", "[files]\nextra = 1\n[more]");
        let e = Lock::parse(&text).unwrap_err();
        assert!(
            e.issues[0].message.contains("invalid type") || e.issues[0].message.contains("unknown"),
            "{e}"
        );
        let e = Lock::parse(&HEAD.replace("site_id", "site_idd")).unwrap_err();
        assert_eq!(e.issues[0].at.line, 3, "{e}");
        assert!(
            e.issues[0].message.contains("unknown field `site_idd`"),
            "{e}"
        );
    }
}
