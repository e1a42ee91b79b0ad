//! The test harness: a sandbox (temp dir with an isolated HOME and git config),
//! a builder that runs `sitepack` or `git` in it, and assertions that print the
//! cwd, the command, stdout and stderr when they fail.
//!
//! It does not know any command's semantics; the test modules do.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// `SOURCE_DATE_EPOCH` every test runs with: 2026-11-26T12:00:00Z.
pub const EPOCH: i64 = 1_795_694_400;
/// The global git config of a [`Sandbox::new`] (libgit2 reads `$HOME/.gitconfig`).
pub const IDENTITY: &str = "[user]\n\tname = Sandbox Tester\n\temail = tester@example.com\n";
/// The author that [`IDENTITY`] configures.
pub const AUTHOR: &str = "Sandbox Tester <tester@example.com>";
/// The `--as-of` date the tests pin.
pub const AS_OF: &str = "2026-11-26";
/// The built-in use cases (SPEC section 1).
pub const USE_CASES: [&str; 4] = [
    "predictive-maintenance",
    "visual-inspection",
    "process-optimization",
    "energy-forecasting",
];

/// The repository root, where `examples/` and `playbooks/` live.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A bundled example profile by site name (`lyon`).
pub fn example(name: &str) -> PathBuf {
    repo().join("examples").join(format!("{name}.toml"))
}

/// Every `examples/*.toml`, sorted by name.
pub fn examples() -> Vec<(String, PathBuf)> {
    let mut out: Vec<_> = std::fs::read_dir(repo().join("examples"))
        .expect("examples/ exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no examples/*.toml");
    out
}

/// A temporary directory with its own HOME; removed when dropped.
pub struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    /// A fresh sandbox whose global git config names a committer.
    pub fn new() -> Sandbox {
        let sb = Sandbox::without_identity();
        sb.write("home/.gitconfig", IDENTITY);
        sb
    }

    /// A fresh sandbox with no git config at all: no user.name, no user.email.
    pub fn without_identity() -> Sandbox {
        let dir = tempfile::Builder::new()
            .prefix("sitepack-test")
            .tempdir()
            .expect("create a temp dir");
        std::fs::create_dir(dir.path().join("home")).expect("create HOME");
        Sandbox { dir }
    }

    /// The sandbox root (the default cwd).
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `name` under the sandbox root.
    pub fn join(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes `text` to `name` under the sandbox and returns its path.
    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create parent");
        }
        std::fs::write(&path, text).expect("write file");
        path
    }

    /// A `sitepack` run with the given arguments, isolated from the machine.
    pub fn sitepack(&self, args: &[&str]) -> Cmd {
        self.cmd(env!("CARGO_BIN_EXE_sitepack"), args)
    }

    /// A `git` run with the given arguments, isolated from the machine.
    pub fn git(&self, args: &[&str]) -> Cmd {
        self.cmd("git", args)
    }

    /// Any program run with the sandbox environment.
    pub fn cmd(&self, program: &str, args: &[&str]) -> Cmd {
        let home = self.join("home");
        let global = home.join(".gitconfig");
        let global: OsString = if global.exists() {
            global.into()
        } else {
            "/dev/null".into()
        };
        Cmd {
            program: program.into(),
            args: args.iter().map(OsString::from).collect(),
            cwd: self.path().to_path_buf(),
            envs: vec![
                ("HOME".into(), home.clone().into()),
                ("XDG_CONFIG_HOME".into(), home.into()),
                ("GIT_CONFIG_NOSYSTEM".into(), "1".into()),
                ("GIT_CONFIG_GLOBAL".into(), global),
                ("SOURCE_DATE_EPOCH".into(), EPOCH.to_string().into()),
                ("NO_COLOR".into(), "1".into()),
            ],
            removed: vec![
                "GIT_DIR".into(),
                "GIT_WORK_TREE".into(),
                "GIT_INDEX_FILE".into(),
                "GIT_AUTHOR_NAME".into(),
                "GIT_AUTHOR_EMAIL".into(),
                "GIT_COMMITTER_NAME".into(),
                "GIT_COMMITTER_EMAIL".into(),
                "GIT_AUTHOR_DATE".into(),
                "GIT_COMMITTER_DATE".into(),
            ],
        }
    }

    /// Renders `site` for `use_case` into `out` (relative to the sandbox) and expects success.
    pub fn render(&self, site: &Path, use_case: &str, out: &str, extra: &[&str]) -> Run {
        let site = site.to_str().expect("utf-8 path");
        let mut args = vec![
            "render",
            site,
            "--use-case",
            use_case,
            "--out",
            out,
            "--as-of",
            AS_OF,
        ];
        args.extend_from_slice(extra);
        let run = self.sitepack(&args).run();
        run.code(0);
        run
    }
}

/// A command about to run.
pub struct Cmd {
    program: OsString,
    args: Vec<OsString>,
    cwd: PathBuf,
    envs: Vec<(OsString, OsString)>,
    removed: Vec<OsString>,
}

impl Cmd {
    /// Sets (or overrides) an environment variable.
    pub fn env(mut self, key: &str, value: impl Into<OsString>) -> Cmd {
        self.envs.retain(|(k, _)| k != key);
        self.envs.push((key.into(), value.into()));
        self
    }

    /// Removes an environment variable the sandbox would set.
    pub fn env_remove(mut self, key: &str) -> Cmd {
        self.envs.retain(|(k, _)| k != key);
        self.removed.push(key.into());
        self
    }

    /// Runs in `dir` instead of the sandbox root.
    pub fn current_dir(mut self, dir: impl Into<PathBuf>) -> Cmd {
        self.cwd = dir.into();
        self
    }

    /// Starts the command without waiting, output discarded (for interruption tests).
    pub fn spawn(self) -> std::process::Child {
        let mut command = Command::new(&self.program);
        command.args(&self.args).current_dir(&self.cwd);
        for key in &self.removed {
            command.env_remove(key);
        }
        command.envs(self.envs.iter().map(|(k, v)| (k, v)));
        command
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {:?}: {e}", self.program))
    }

    /// Runs to completion and captures everything.
    pub fn run(self) -> Run {
        self.spawn_captured().finish()
    }

    /// Starts the command without waiting, capturing its output for [`Running::finish`].
    pub fn spawn_captured(self) -> Running {
        let mut command = Command::new(&self.program);
        command.args(&self.args).current_dir(&self.cwd);
        for key in &self.removed {
            command.env_remove(key);
        }
        command.envs(self.envs.iter().map(|(k, v)| (k, v)));
        let child = command
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {:?}: {e}", self.program));
        let line = std::iter::once(&self.program)
            .chain(&self.args)
            .map(|a| a.to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join(" ");
        Running {
            child,
            line,
            cwd: self.cwd,
        }
    }
}

/// A command started by [`Cmd::spawn_captured`].
pub struct Running {
    child: std::process::Child,
    line: String,
    cwd: PathBuf,
}

impl Running {
    /// Waits for the command and captures everything.
    pub fn finish(self) -> Run {
        let output = self
            .child
            .wait_with_output()
            .unwrap_or_else(|e| panic!("cannot wait for {}: {e}", self.line));
        Run {
            line: self.line,
            cwd: self.cwd,
            status: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

/// A finished command.
pub struct Run {
    line: String,
    cwd: PathBuf,
    /// The exit code (`None` when killed by a signal).
    pub status: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Fails the test with `message` and everything about this run.
    #[track_caller]
    pub fn fail(&self, message: &str) -> ! {
        let mut s = String::new();
        let _ = writeln!(s, "{message}");
        let _ = writeln!(s, "cwd:    {}", self.cwd.display());
        let _ = writeln!(s, "cmd:    {}", self.line);
        let _ = writeln!(s, "status: {:?}", self.status);
        let _ = writeln!(s, "--- stdout ---\n{}", self.stdout);
        let _ = writeln!(s, "--- stderr ---\n{}", self.stderr);
        panic!("{s}");
    }

    /// Asserts `condition`, else fails with `message` and the run.
    #[track_caller]
    pub fn check(&self, condition: bool, message: &str) -> &Run {
        if !condition {
            self.fail(message);
        }
        self
    }

    /// Asserts the exit code.
    #[track_caller]
    pub fn code(&self, code: i32) -> &Run {
        self.check(
            self.status == Some(code),
            &format!("expected exit code {code}"),
        )
    }

    /// Asserts stdout contains every needle.
    #[track_caller]
    pub fn stdout_has(&self, needles: &[&str]) -> &Run {
        for n in needles {
            self.check(self.stdout.contains(n), &format!("stdout lacks {n:?}"));
        }
        self
    }

    /// Asserts stderr contains every needle.
    #[track_caller]
    pub fn stderr_has(&self, needles: &[&str]) -> &Run {
        for n in needles {
            self.check(self.stderr.contains(n), &format!("stderr lacks {n:?}"));
        }
        self
    }

    /// Asserts stdout is exactly one JSON document and returns it.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        let mut docs =
            serde_json::Deserializer::from_str(&self.stdout).into_iter::<serde_json::Value>();
        let first = match docs.next() {
            Some(Ok(v)) => v,
            other => self.fail(&format!("stdout is not a JSON document: {other:?}")),
        };
        if docs.next().is_some() {
            self.fail("stdout holds more than one JSON document");
        }
        first
    }

    /// stdout without surrounding whitespace.
    pub fn out(&self) -> &str {
        self.stdout.trim()
    }
}

/// Every file under `dir` (not following `.git/`) with its bytes, by relative path.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    if !dir.exists() {
        return out;
    }
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.file_name() != ".git")
    {
        let entry = entry.expect("walk");
        let rel = entry
            .path()
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let bytes = if entry.file_type().is_file() {
            std::fs::read(entry.path()).expect("read")
        } else {
            b"<dir>".to_vec()
        };
        out.insert(rel, bytes);
    }
    out
}

/// Reads a text file, failing the test with its path.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Whether `mdbook` is usable; panics when CI requires it and it is missing.
pub fn mdbook_available() -> bool {
    let found = Command::new("mdbook")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        if std::env::var_os("SITEPACK_REQUIRE_MDBOOK").is_some_and(|v| !v.is_empty()) {
            panic!("SITEPACK_REQUIRE_MDBOOK is set but `mdbook` is not on PATH");
        }
        eprintln!("note: skipping the mdbook build: `mdbook` is not on PATH");
    }
    found
}

/// The files the package layout of SPEC section 4 requires.
pub const PACKAGE_FILES: [&str; 9] = [
    "README.md",
    "book.toml",
    "src/SUMMARY.md",
    "data/plan.json",
    "data/checklist.csv",
    "data/raci.csv",
    "data/controls.csv",
    "site.toml",
    ".sitepack/lock.toml",
];

/// An insta snapshot under `tests/snapshots/`, named `name` without the module path.
pub fn snapshot(name: &str, text: &str) {
    insta::with_settings!({
        snapshot_path => repo().join("tests/snapshots"),
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, text);
    });
}
