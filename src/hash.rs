//! SHA-256 as lowercase hex: the archive's manifest, the content fingerprint, staging
//! names and the forms' document ids all hash with this one function.

use sha2::{Digest, Sha256};

/// SHA-256 of `bytes` as lowercase hex (64 characters).
pub fn sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// SHA-256 of several parts, hashed one after the other (as if concatenated).
pub fn sha256_parts<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> String {
    let mut hasher = Sha256::new();
    for p in parts {
        hasher.update(p);
    }
    hex(&hasher.finalize())
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}
