//! The one digest form sitepack writes: `sha256:<lowercase hex>`.
//!
//! Playbook digests, the lock's file and profile digests and the checks against
//! them all use [`sha256_hex`]; it sits below every module that needs it
//! (`lock` re-exports it).

use sha2::{Digest, Sha256};

/// `sha256:<lowercase hex>` of `bytes`, the digest form used throughout sitepack.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for byte in digest.iter() {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}
