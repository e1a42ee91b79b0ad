//! An undeltified pack writer: git objects hashed and deflated once, written as one pack
//! (version 2) and its index (version 2) straight into `objects/pack`.
//!
//! Part of [`crate::git`]. The objects of one render have no useful delta bases (they are new
//! pages, not edits of old ones), so libgit2's packbuilder spends its delta search for
//! nothing, and its indexer then inflates and hashes every object a second time. Here each
//! object is hashed (SHA-1, the object id) and deflated exactly once, at zlib's fastest level
//! (a few percent more bytes than git's default level; ids never depend on it). Trees and
//! commits are built in git's own byte format, so the ids are the ones libgit2 or git would
//! give (a test compares them). Nothing here reads a repository: which objects it already
//! has is the caller's to say ([`PackObjects::add`]).

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use flate2::write::ZlibEncoder;
use flate2::{Compression, Crc};
use sha1::{Digest, Sha1};

/// A git object id: the SHA-1 of the object's header and content.
pub type Id = [u8; 20];

/// The kinds of object a render writes (pack type numbers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A commit (type 1).
    Commit = 1,
    /// A tree (type 2).
    Tree = 2,
    /// A blob (type 3).
    Blob = 3,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Commit => "commit",
            Kind::Tree => "tree",
            Kind::Blob => "blob",
        }
    }
}

/// The id git gives an object of `kind` holding `data`.
pub fn object_id(kind: Kind, data: &[u8]) -> Id {
    let mut hash = Sha1::new();
    hash.update(format!("{} {}\0", kind.name(), data.len()).as_bytes());
    hash.update(data);
    hash.finalize().into()
}

/// Lower-case hex of an id.
pub fn hex(id: &Id) -> String {
    id.iter().map(|b| format!("{b:02x}")).collect()
}

/// An object's id, the CRC-32 of its bytes in the pack, and its offset there.
type Located = (Id, u32, u64);

/// One object as stored in the pack: its header and deflated content, ready to write.
struct Packed {
    bytes: Vec<u8>,
}

/// Objects collected for one pack, by id (so an object added twice is stored once).
#[derive(Default)]
pub struct PackObjects {
    objects: BTreeMap<Id, Packed>,
    /// Insertion order, which is the order in the pack (commits and trees before blobs
    /// is not required by git; readers use the index).
    order: Vec<Id>,
}

impl PackObjects {
    /// An empty set.
    pub fn new() -> PackObjects {
        PackObjects::default()
    }

    /// Adds an object unless `known` says the repository has it already; returns its id.
    pub fn add(&mut self, kind: Kind, data: &[u8], known: &dyn Fn(&Id) -> bool) -> io::Result<Id> {
        self.add_with_id(kind, object_id(kind, data), data, known)
    }

    /// [`PackObjects::add`] of an object whose id the caller computed already
    /// (`object_id(kind, data)`, which the caller is trusted to have got right).
    pub fn add_with_id(
        &mut self,
        kind: Kind,
        id: Id,
        data: &[u8],
        known: &dyn Fn(&Id) -> bool,
    ) -> io::Result<Id> {
        if self.objects.contains_key(&id) || known(&id) {
            return Ok(id);
        }
        let mut bytes = entry_header(kind, data.len());
        let mut zlib = ZlibEncoder::new(bytes, Compression::fast());
        zlib.write_all(data)?;
        bytes = zlib.finish()?;
        self.objects.insert(id, Packed { bytes });
        self.order.push(id);
        Ok(id)
    }

    /// Number of objects to write.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// True when there is nothing to write.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// Writes `pack-<sha>.pack` and `.idx` into `pack_dir` (the pack first, each complete
    /// under a temporary name before it is renamed, so a reader never sees half a pack);
    /// returns the path of the `.pack`. Nothing is written when there are no objects.
    pub fn write(&self, pack_dir: &Path) -> io::Result<Option<PathBuf>> {
        if self.is_empty() {
            return Ok(None);
        }
        let (pack, entries) = self.pack_bytes()?;
        let checksum: Id = pack[pack.len() - 20..].try_into().expect("20-byte trailer");
        let idx = index_bytes(entries, &checksum)?;
        fs::create_dir_all(pack_dir)?;
        let name = format!("pack-{}", hex(&checksum));
        let pack_path = pack_dir.join(format!("{name}.pack"));
        write_renamed(&pack_path, &pack)?;
        write_renamed(&pack_dir.join(format!("{name}.idx")), &idx)?;
        Ok(Some(pack_path))
    }

    /// The pack's bytes with its trailer, and where every object is.
    fn pack_bytes(&self) -> io::Result<(Vec<u8>, Vec<Located>)> {
        let total: usize = self.objects.values().map(|p| p.bytes.len()).sum();
        let mut pack = Vec::with_capacity(12 + total + 20);
        pack.extend_from_slice(b"PACK");
        pack.extend_from_slice(&2u32.to_be_bytes());
        let count = u32::try_from(self.order.len()).map_err(|_| too_many())?;
        pack.extend_from_slice(&count.to_be_bytes());
        let mut entries = Vec::with_capacity(self.order.len());
        for id in &self.order {
            let packed = &self.objects[id];
            let mut crc = Crc::new();
            crc.update(&packed.bytes);
            entries.push((*id, crc.sum(), pack.len() as u64));
            pack.extend_from_slice(&packed.bytes);
        }
        let trailer: Id = Sha1::digest(&pack).into();
        pack.extend_from_slice(&trailer);
        Ok((pack, entries))
    }
}

/// A pack entry's header: type and size, size in little-endian groups of 7 bits after
/// the first 4.
fn entry_header(kind: Kind, size: usize) -> Vec<u8> {
    let mut header = Vec::with_capacity(10);
    let mut size = size as u64;
    let mut byte = ((kind as u8) << 4) | (size & 0x0f) as u8;
    size >>= 4;
    while size > 0 {
        header.push(byte | 0x80);
        byte = (size & 0x7f) as u8;
        size >>= 7;
    }
    header.push(byte);
    header
}

/// The version 2 index of a pack whose trailer is `checksum`.
fn index_bytes(mut entries: Vec<Located>, checksum: &Id) -> io::Result<Vec<u8>> {
    entries.sort_by_key(|e| e.0);
    let mut idx = Vec::with_capacity(8 + 1024 + entries.len() * 28 + 40);
    idx.extend_from_slice(&[0xff, b't', b'O', b'c', 0, 0, 0, 2]);
    let mut fanout = [0u32; 256];
    for (id, _, _) in &entries {
        fanout[id[0] as usize] += 1;
    }
    let mut running = 0u32;
    for count in fanout {
        running += count;
        idx.extend_from_slice(&running.to_be_bytes());
    }
    for (id, _, _) in &entries {
        idx.extend_from_slice(id);
    }
    for (_, crc, _) in &entries {
        idx.extend_from_slice(&crc.to_be_bytes());
    }
    let mut large = Vec::new();
    for (_, _, offset) in &entries {
        let small = match u32::try_from(*offset) {
            Ok(o) if o < 0x8000_0000 => o,
            _ => {
                let at = u32::try_from(large.len()).map_err(|_| too_many())?;
                large.push(*offset);
                0x8000_0000 | at
            }
        };
        idx.extend_from_slice(&small.to_be_bytes());
    }
    for offset in large {
        idx.extend_from_slice(&offset.to_be_bytes());
    }
    idx.extend_from_slice(checksum);
    let own: Id = Sha1::digest(&idx).into();
    idx.extend_from_slice(&own);
    Ok(idx)
}

fn write_renamed(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let temp = path.with_extension("tmp");
    fs::write(&temp, bytes)?;
    fs::rename(&temp, path)
}

fn too_many() -> io::Error {
    io::Error::other("too many objects for one pack")
}

/// The bytes of a tree object holding `entries` (`(name, is_directory, id)`), sorted as git
/// sorts them: by name, a directory's name compared as if it ended with `/`.
pub fn tree_bytes(entries: &mut [(&str, bool, Id)]) -> Vec<u8> {
    entries.sort_by(|a, b| sort_key(a.0, a.1).cmp(sort_key(b.0, b.1)));
    let mut out = Vec::new();
    for (name, dir, id) in entries.iter() {
        out.extend_from_slice(if *dir { b"40000 " } else { b"100644 " });
        out.extend_from_slice(name.as_bytes());
        out.push(0);
        out.extend_from_slice(id);
    }
    out
}

fn sort_key(name: &str, dir: bool) -> impl Iterator<Item = u8> + '_ {
    name.bytes().chain(dir.then_some(b'/'))
}

/// Who made a commit and when, written `name <email> seconds +hhmm` as libgit2 writes a
/// signature.
pub struct Stamp<'a> {
    /// The name, trimmed as libgit2 trims it.
    pub name: &'a [u8],
    /// The e-mail address, trimmed.
    pub email: &'a [u8],
    /// Seconds since the epoch.
    pub seconds: i64,
    /// Offset from UTC in minutes.
    pub offset_minutes: i32,
}

/// The bytes of a commit object: author and committer are both `stamp`.
pub fn commit_bytes(tree: &Id, parents: &[Id], stamp: &Stamp<'_>, message: &str) -> Vec<u8> {
    let mut out = format!("tree {}\n", hex(tree));
    for parent in parents {
        out.push_str(&format!("parent {}\n", hex(parent)));
    }
    let sign = if stamp.offset_minutes < 0 { '-' } else { '+' };
    let offset = stamp.offset_minutes.unsigned_abs();
    let when = format!(
        "> {} {sign}{:02}{:02}\n",
        stamp.seconds,
        offset / 60,
        offset % 60
    );
    let mut out = out.into_bytes();
    for role in ["author ", "committer "] {
        out.extend_from_slice(role.as_bytes());
        out.extend_from_slice(stamp.name);
        out.extend_from_slice(b" <");
        out.extend_from_slice(stamp.email);
        out.extend_from_slice(when.as_bytes());
    }
    out.push(b'\n');
    out.extend_from_slice(message.as_bytes());
    out
}

#[cfg(test)]
#[path = "packfile_tests.rs"]
mod tests;
