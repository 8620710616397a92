//! Fast non-cryptographic hashing for feature strings and lexicon tables.

use std::hash::{BuildHasherDefault, Hasher};

const K: u64 = 0x517c_c1b7_2722_0a95;

/// FxHash (as used in rustc): fast for short string keys, no DoS resistance needed here.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(K);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 59));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// The FxHash of a string's bytes (word identities in features and the lexicon).
pub(crate) fn hash_str(s: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(s.as_bytes());
    h.finish()
}

/// `BuildHasher` for `HashMap`s keyed by strings.
pub(crate) type FxBuild = BuildHasherDefault<FxHasher>;

/// Builds a 32-bit feature key from a template id and its parts.
#[derive(Clone, Copy)]
pub(crate) struct FeatureKey(FxHasher);

impl FeatureKey {
    #[inline]
    pub(crate) fn new(template: u8) -> Self {
        let mut h = FxHasher::default();
        h.add(u64::from(template) + 1);
        FeatureKey(h)
    }
    #[inline]
    pub(crate) fn str(mut self, s: &str) -> Self {
        self.0.write(s.as_bytes());
        self.0.add(0xff);
        self
    }
    #[inline]
    pub(crate) fn num(mut self, n: u64) -> Self {
        self.0.add(n.wrapping_add(0x1234_5678));
        self
    }
    /// Final avalanche; never returns 0 (the empty-slot marker).
    #[inline]
    pub(crate) fn finish(self) -> u32 {
        let mut x = self.0.hash;
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        x ^= x >> 33;
        (x as u32) | 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_differ_by_template_and_boundary() {
        let a = FeatureKey::new(1).str("ab").str("c").finish();
        let b = FeatureKey::new(1).str("a").str("bc").finish();
        let c = FeatureKey::new(2).str("ab").str("c").finish();
        assert_ne!(a, b);
        assert_ne!(a, c);
        assert_eq!(a, FeatureKey::new(1).str("ab").str("c").finish());
        assert_eq!(a & 1, 1);
    }
}
