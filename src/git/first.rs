//! A package's first render in one step: a new repository gets the render commit, the status
//! commit on `main`, its refs, working tree and index written directly.
//!
//! Part of [`crate::git`]. The general path (commit the render, create `main`, check it out,
//! commit the status page on top) reads every object back to check it out and writes the
//! status page's objects as loose files; here every object goes into one pack
//! ([`super::packfile`]) and the working tree is written from the bytes in hand. The commits,
//! trees and refs are the ones the general path makes (`first_render_equals_the_general_path`
//! compares them).

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use git2::{IndexEntry, IndexTime, Oid};

use super::objects::{add_tree, io_error, stamp, BlobIds};
use super::packfile::{commit_bytes, Kind, PackObjects};
use super::{CommitTime, GitError, PackageRepo, MAIN_REF, RENDERED_REF};
use crate::files::Files;

/// What [`PackageRepo::create_first`] made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstRender {
    /// The render commit on [`super::RENDERED_BRANCH`] (hex).
    pub render: String,
    /// The render's tree (hex).
    pub tree: String,
    /// The head of `main` (hex): the status commit, or the render when there are no pages.
    pub main: String,
}

/// The messages of the two commits.
pub struct Messages<'a> {
    /// The render commit's.
    pub render: &'a str,
    /// The status commit's, made when `on_main` changes the render's tree.
    pub status: &'a str,
}

impl PackageRepo {
    /// Creates a repository in the empty directory `dir` holding `files` as its first render
    /// and `main` at the render plus `on_main` (the status page), checked out.
    pub fn create_first(
        dir: &Path,
        files: &Files,
        on_main: &Files,
        messages: &Messages<'_>,
        when: CommitTime,
    ) -> Result<(PackageRepo, FirstRender), GitError> {
        if let Some(path) = super::file_and_directory(files) {
            return Err(GitError::FileAndDirectory { path });
        }
        let repo = PackageRepo::init(dir)?;
        let sig = repo.signature(when)?;
        let stamp = stamp(&sig);
        let mut main_files = files.clone();
        for (path, bytes) in on_main.iter() {
            main_files.insert(path, bytes);
        }
        if let Some(path) = super::file_and_directory(&main_files) {
            return Err(GitError::FileAndDirectory { path });
        }
        let mut pack = PackObjects::new();
        let none = Default::default();
        let write = |e: io::Error| repo.fail("write the first render")(io_error(e));
        let mut ids = BlobIds::new();
        let tree = add_tree(&mut pack, files, &none, &mut ids).map_err(write)?;
        let bytes = commit_bytes(&tree, &[], &stamp, messages.render);
        let render = pack.add(Kind::Commit, &bytes, &|_| false).map_err(write)?;
        for (path, _) in on_main.iter() {
            ids.remove(path);
        }
        let main_tree = add_tree(&mut pack, &main_files, &none, &mut ids).map_err(write)?;
        let main = if main_tree == tree {
            render
        } else {
            let bytes = commit_bytes(&main_tree, &[render], &stamp, messages.status);
            pack.add(Kind::Commit, &bytes, &|_| false).map_err(write)?
        };
        pack.write(&repo.repo.path().join("objects").join("pack"))
            .map_err(write)?;
        let (render, main) = (oid(render), oid(main));
        let log = format!("commit: {}", messages.render.lines().next().unwrap_or(""));
        repo.repo
            .reference(RENDERED_REF, render, true, &log)
            .map_err(repo.fail("create the render branch"))?;
        repo.repo
            .reference(MAIN_REF, main, true, "sitepack: create main")
            .map_err(repo.fail("create main"))?;
        repo.check_out_new(&main_files, &ids)?;
        let first = FirstRender {
            render: render.to_string(),
            tree: oid(tree).to_string(),
            main: main.to_string(),
        };
        Ok((repo, first))
    }

    /// Writes `files` into the empty working tree and an index that lists them with their
    /// stat data, as a checkout would leave them (so `git status` finds them clean).
    /// `ids` holds every file's blob id (from [`add_tree`]).
    fn check_out_new(&self, files: &Files, ids: &BlobIds) -> Result<(), GitError> {
        let fail = |e: io::Error| self.fail("check out main")(io_error(e));
        let mut index = self.repo.index().map_err(self.fail("read the index"))?;
        for (path, bytes) in files.iter() {
            let full = self.path.join(path);
            if let Some(parent) = full.parent() {
                fs::create_dir_all(parent).map_err(fail)?;
            }
            let mut file = fs::File::create(&full).map_err(fail)?;
            file.write_all(bytes).map_err(fail)?;
            let meta = file.metadata().map_err(fail)?;
            let id = match ids.get(path) {
                Some(id) => oid(*id),
                None => oid(super::packfile::object_id(Kind::Blob, bytes)),
            };
            index
                .add(&entry(path, id, &meta))
                .map_err(self.fail("write the index"))?;
        }
        index.write().map_err(self.fail("write the index"))
    }
}

fn oid(id: super::packfile::Id) -> Oid {
    Oid::from_bytes(&id).expect("20-byte ids")
}

#[cfg(unix)]
fn entry(path: &str, id: Oid, meta: &fs::Metadata) -> IndexEntry {
    use std::os::unix::fs::MetadataExt;
    let time = |s: i64, ns: i64| IndexTime::new(s as i32, ns as u32);
    IndexEntry {
        ctime: time(meta.ctime(), meta.ctime_nsec()),
        mtime: time(meta.mtime(), meta.mtime_nsec()),
        dev: meta.dev() as u32,
        ino: meta.ino() as u32,
        mode: 0o100644,
        uid: meta.uid(),
        gid: meta.gid(),
        file_size: meta.len() as u32,
        id,
        flags: 0,
        flags_extended: 0,
        path: path.as_bytes().to_vec(),
    }
}

#[cfg(not(unix))]
fn entry(path: &str, id: Oid, meta: &fs::Metadata) -> IndexEntry {
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .unwrap_or_default();
    let time = IndexTime::new(mtime.as_secs() as i32, mtime.subsec_nanos());
    IndexEntry {
        ctime: time,
        mtime: time,
        dev: 0,
        ino: 0,
        mode: 0o100644,
        uid: 0,
        gid: 0,
        file_size: meta.len() as u32,
        id,
        flags: 0,
        flags_extended: 0,
        path: path.as_bytes().to_vec(),
    }
}
