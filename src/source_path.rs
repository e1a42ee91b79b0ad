//! How a package's lock names the place its playbooks came from: local paths relative to the
//! package directory (so a package and its standard kept side by side give the same lock on
//! every machine), URLs without credentials, and back again to a path to read.

use std::path::{Component, Path, PathBuf};

use crate::lock::PlaybookSource;

/// True for repository names that are URLs rather than local paths.
pub(crate) fn is_url(repo: &str) -> bool {
    repo.starts_with("git@") || (repo.contains("://") && !repo.starts_with("file://"))
}

/// `path` as absolute text (canonical when it exists), with `/`.
pub(crate) fn absolute_text(path: &Path) -> String {
    let absolute = std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf());
    slashes(&absolute)
}

/// A repository as the lock names it: a URL with any `user:password@` removed, or the
/// absolute path of a local repository.
pub(crate) fn repo_text(repo: &str) -> String {
    if is_url(repo) {
        return without_credentials(repo);
    }
    absolute_text(Path::new(repo.strip_prefix("file://").unwrap_or(repo)))
}

/// `source` with its local path made relative to the package directory `dir`.
pub(crate) fn relative_source(source: &PlaybookSource, dir: &Path) -> PlaybookSource {
    let base = canonical_dir(dir);
    match source {
        PlaybookSource::BuiltIn => PlaybookSource::BuiltIn,
        PlaybookSource::Dir { path } => PlaybookSource::Dir {
            path: relative(Path::new(path), &base),
        },
        PlaybookSource::Git { repo, rev, commit } if !is_url(repo) => PlaybookSource::Git {
            repo: relative(Path::new(repo), &base),
            rev: rev.clone(),
            commit: commit.clone(),
        },
        git => git.clone(),
    }
}

/// A recorded local path (relative to the package directory `dir`) as a path to read.
pub(crate) fn resolve(recorded: &str, dir: &Path) -> PathBuf {
    if is_url(recorded) {
        return PathBuf::from(recorded);
    }
    canonical_dir(dir).join(recorded)
}

fn relative(target: &Path, base: &Path) -> String {
    if !target.is_absolute() {
        return slashes(target);
    }
    let target: Vec<Component<'_>> = target.components().collect();
    let base: Vec<Component<'_>> = base.components().collect();
    let common = target.iter().zip(&base).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); base.len() - common];
    parts.extend(
        target[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

/// `dir` canonical, or its canonical parent joined with its name when it does not exist yet.
fn canonical_dir(dir: &Path) -> PathBuf {
    if let Ok(real) = std::fs::canonicalize(dir) {
        return real;
    }
    let absolute = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    match (absolute.parent(), absolute.file_name()) {
        (Some(parent), Some(name)) => std::fs::canonicalize(parent)
            .map(|p| p.join(name))
            .unwrap_or(absolute.clone()),
        _ => absolute,
    }
}

fn slashes(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

fn without_credentials(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let host_end = rest.find('/').unwrap_or(rest.len());
    let Some(at) = rest[..host_end].rfind('@') else {
        return url.to_string();
    };
    // An ssh user name is part of the address; a password or an https token is a secret.
    let web = scheme.starts_with("http");
    if web || rest[..at].contains(':') {
        format!("{scheme}://{}", &rest[at + 1..])
    } else {
        url.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_climb_out_of_the_package() {
        let cases = [
            ("/work/std/acme", "/work/pkgs/lyon", "../../std/acme"),
            ("/work/pkgs/lyon/std", "/work/pkgs/lyon", "std"),
            ("/work/pkgs/lyon", "/work/pkgs/lyon", "."),
            ("/other", "/work/pkgs", "../../other"),
        ];
        for (target, base, expected) in cases {
            let got = relative(Path::new(target), Path::new(base));
            assert_eq!(got, expected, "{target} from {base}");
        }
    }

    #[test]
    fn urls_lose_their_credentials_and_stay_urls() {
        let cases = [
            (
                "https://tok:x@git.example.com/std.git",
                "https://git.example.com/std.git",
            ),
            (
                "https://git.example.com/a@b.git",
                "https://git.example.com/a@b.git",
            ),
            (
                "https://TOKEN@git.example.com/std",
                "https://git.example.com/std",
            ),
            ("ssh://git@host/std.git", "ssh://git@host/std.git"),
            ("ssh://git:pw@host/std.git", "ssh://host/std.git"),
            ("git@host:std.git", "git@host:std.git"),
        ];
        for (url, expected) in cases {
            assert!(is_url(url), "{url}");
            assert_eq!(repo_text(url), expected, "{url}");
        }
        assert!(!is_url("file:///tmp/std"));
        assert!(!is_url("../std"));
    }
}
