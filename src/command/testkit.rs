//! Test helpers for the package commands: a rendered Lyon package in a temporary
//! directory, plain git through the `git` binary, and options for `update`/`diff`/`gate`.

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use crate::{Format, PackageOptions, PlaybookChoice, RenderOptions};

/// The Lyon example profile.
pub const LYON: &str = include_str!("../../examples/lyon.toml");
/// The use case every test package is rendered for.
pub const USE_CASE: &str = "predictive-maintenance";
/// The as-of date of the first render.
pub const AS_OF: &str = "2026-03-01";

/// A package rendered from `profile` into `<tmp>/pkg`, as of [`AS_OF`].
pub struct Package {
    pub tmp: tempfile::TempDir,
    pub dir: PathBuf,
}

impl Package {
    pub fn render(profile: &str) -> Package {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site.toml");
        std::fs::write(&site, profile).unwrap();
        let dir = tmp.path().join("pkg");
        let options = RenderOptions {
            site,
            use_case: USE_CASE.into(),
            out: dir.clone(),
            playbooks: PlaybookChoice::BuiltIn,
            as_of: Some(AS_OF.into()),
            git: true,
            allow_downgrade: false,
            format: Format::Json,
        };
        let output = crate::command::render::run(&options).unwrap();
        assert_eq!(output.code, 0, "{}", output.stdout);
        Package { tmp, dir }
    }

    /// Options for a command on this package, JSON output, the playbooks its lock records.
    pub fn options(&self) -> PackageOptions {
        PackageOptions {
            dir: self.dir.clone(),
            site: None,
            gate: None,
            playbooks: None,
            allow_downgrade: false,
            as_of: None,
            ignore_edits: false,
            report: false,
            format: Format::Json,
        }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap()
    }

    pub fn write(&self, rel: &str, text: &str) {
        std::fs::write(self.path(rel), text).unwrap();
    }

    /// Runs `git ARGS` in the package as a person would and returns stdout.
    pub fn git(&self, args: &[&str]) -> String {
        git(&self.dir, args)
    }

    /// Stages everything (deletions too) and commits it on `main`.
    pub fn commit(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
    }

    /// A copy of the built-in playbooks with the use case's version set to `version`.
    pub fn playbooks_with_version(&self, version: &str) -> PathBuf {
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("playbooks");
        let to = self.tmp.path().join("playbooks");
        for entry in walkdir::WalkDir::new(&from) {
            let entry = entry.unwrap();
            let target = to.join(entry.path().strip_prefix(&from).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
        let file = to.join(USE_CASE).join("playbook.toml");
        let text = std::fs::read_to_string(&file).unwrap();
        let text = text.replacen(
            "version = \"1.0.0\"",
            &format!("version = \"{version}\""),
            1,
        );
        std::fs::write(&file, text).unwrap();
        to
    }
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Process::new("git")
        .args(["-c", "user.name=Ada", "-c", "user.email=ada@example.org"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}
