//! Where playbook files come from: the copy embedded in the binary, `--playbooks DIR`,
//! a git snapshot, or a stack of company layers over one of these (`layer.rs`).

use std::path::{Path, PathBuf};

use super::error::PlaybookErrors;

include!(concat!(env!("OUT_DIR"), "/built_in_playbooks.rs"));

/// The use cases sitepack ships.
pub const BUILT_IN_USE_CASES: &[&str] = &[
    "predictive-maintenance",
    "visual-inspection",
    "process-optimization",
    "energy-forecasting",
];

/// One playbook file's text and the name errors use for it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the playbooks root, with `/`.
    pub path: String,
    /// How errors name the file.
    pub display: String,
    pub text: String,
    /// The id of the layer the file belongs to (`builtin` for the built-ins).
    pub layer: String,
}

/// A set of playbooks.
#[derive(Debug, Clone)]
pub enum Source {
    /// The playbooks embedded in this binary.
    BuiltIn,
    /// A directory with the same layout as `playbooks/`.
    Dir(PathBuf),
    /// Files read from a git repository at one commit (see [`Source::git`]).
    Fetched {
        /// `repository@ref`, as the user gave it.
        origin: String,
        /// The full commit id the ref resolved to.
        commit: String,
        files: Vec<SourceFile>,
    },
    /// Company layers over a plain source, bottom first (see `layer.rs`).
    Layered {
        base: Box<Source>,
        layers: Vec<super::layer::Layer>,
    },
}

impl Source {
    /// Reads the playbooks of `repo` (path, `file://` or remote URL) at `rev`, once.
    pub fn git(repo: &str, rev: &str) -> Result<Source, PlaybookErrors> {
        let snapshot = crate::git::snapshot::playbooks_at(repo, rev)
            .map_err(|e| PlaybookErrors::Git(e.to_string()))?;
        let short = &snapshot.commit[..12.min(snapshot.commit.len())];
        let files = snapshot
            .files
            .into_iter()
            .map(|(path, text)| SourceFile {
                display: format!("{repo}@{short}:{path}"),
                path,
                text,
                layer: super::layer::BASE_LAYER.to_string(),
            })
            .collect();
        Ok(Source::Fetched {
            origin: format!("{repo}@{rev}"),
            commit: snapshot.commit,
            files,
        })
    }

    /// The git commit the playbooks came from, for plan.json and the lock; `None` for
    /// built-in playbooks and directories, which the content digest identifies. A local
    /// repository's path is left out so the package stays the same on any machine.
    pub fn origin(&self) -> Option<String> {
        match self {
            Source::BuiltIn | Source::Dir(_) => None,
            Source::Layered { layers, .. } => layers.last().and_then(|l| l.origin.clone()),
            Source::Fetched { origin, commit, .. } => {
                let (repo, rev) = origin.rsplit_once('@').unwrap_or((origin.as_str(), ""));
                let remote = repo.contains("://") && !repo.starts_with("file://")
                    || repo.starts_with("git@");
                let repo = if remote { repo } else { "a local repository" };
                Some(format!("git {repo} at `{rev}`, commit {commit}"))
            }
        }
    }

    /// The use-case ids available, sorted.
    pub fn use_cases(&self) -> Result<Vec<String>, PlaybookErrors> {
        let mut ids: Vec<String> = self
            .all_files()?
            .into_iter()
            .filter_map(|f| f.path.strip_suffix("/playbook.toml").map(str::to_string))
            .filter(|id| !id.contains('/'))
            .collect();
        ids.sort();
        Ok(ids)
    }

    /// The commit the source (for a stack: its top layer) was read at, when it came from git.
    pub fn commit(&self) -> Option<&str> {
        match self {
            Source::Fetched { commit, .. } => Some(commit),
            Source::Layered { layers, .. } => {
                layers.last().and_then(|l| l.record.commit.as_deref())
            }
            Source::BuiltIn | Source::Dir(_) => None,
        }
    }

    /// The layers above the base, bottom first; empty for a plain source.
    pub fn layers(&self) -> &[super::layer::Layer] {
        match self {
            Source::Layered { layers, .. } => layers,
            _ => &[],
        }
    }

    /// The plain source at the bottom of the stack (the source itself when not layered).
    pub fn base(&self) -> &Source {
        match self {
            Source::Layered { base, .. } => base,
            plain => plain,
        }
    }

    /// The files that make up `use_case`: its `playbook.toml`, then `common/*.toml` and
    /// the other files of its directory, base first, then each layer's.
    pub fn files_for(&self, use_case: &str) -> Result<Vec<SourceFile>, PlaybookErrors> {
        let known = self.use_cases()?;
        if !known.iter().any(|k| k == use_case) {
            let suggestion = crate::suggest::nearest(use_case, known.iter().map(String::as_str));
            return Err(PlaybookErrors::UnknownUseCase {
                id: use_case.to_string(),
                known,
                suggestion,
            });
        }
        let main = format!("{use_case}/playbook.toml");
        let dir = format!("{use_case}/");
        let mut files: Vec<SourceFile> = self
            .all_files()?
            .into_iter()
            .filter(|f| f.path.starts_with(&dir) || f.path.starts_with("common/"))
            .collect();
        // Stable: the base's files keep their path order and come before the layers'.
        files.sort_by_key(|f| f.path != main);
        Ok(files)
    }

    /// Every file of the stack: the base's, then each layer's.
    pub fn all_files(&self) -> Result<Vec<SourceFile>, PlaybookErrors> {
        let Source::Layered { base, layers } = self else {
            return self.plain_files();
        };
        let mut files = base.plain_files()?;
        for layer in layers {
            files.extend(layer.files.iter().cloned());
        }
        Ok(files)
    }

    /// The files of a plain source, sorted by path.
    pub(super) fn plain_files(&self) -> Result<Vec<SourceFile>, PlaybookErrors> {
        let base = super::layer::base_id(self).to_string();
        let mut files = match self {
            Source::BuiltIn => BUILT_IN
                .iter()
                .map(|(path, text)| SourceFile {
                    path: path.to_string(),
                    display: format!("playbooks/{path} (built-in)"),
                    text: text.to_string(),
                    layer: base.clone(),
                })
                .collect(),
            Source::Dir(dir) => read_dir(dir)?,
            Source::Fetched { files, .. } => files.clone(),
            Source::Layered { base, .. } => return base.plain_files(),
        };
        files.retain(|f| f.path != super::layer::LAYER_FILE);
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }
}

/// Every `.toml` file under `dir`, with paths relative to it.
pub(super) fn read_dir(dir: &Path) -> Result<Vec<SourceFile>, PlaybookErrors> {
    let io = |path: &Path, source| PlaybookErrors::Io {
        path: path.to_path_buf(),
        source,
    };
    if !dir.is_dir() {
        let e = std::io::Error::new(std::io::ErrorKind::NotFound, "not a directory");
        return Err(io(dir, e));
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| io(dir, e.into()))?;
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|x| x != "toml") {
            continue;
        }
        let rel = path.strip_prefix(dir).unwrap_or(path);
        let rel: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let text =
            crate::fsread::read_text_file(path, crate::fsread::Input::Playbook).map_err(|e| {
                io(
                    path,
                    std::io::Error::new(std::io::ErrorKind::InvalidData, e),
                )
            })?;
        files.push(SourceFile {
            path: rel.join("/"),
            display: path.display().to_string(),
            text,
            layer: super::layer::BASE_LAYER.to_string(),
        });
    }
    Ok(files)
}
