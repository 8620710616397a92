//! [`UrlSet`]: which URLs were seen, kept as 16-byte digests instead of strings.
//!
//! A crawl remembers every URL it found (to fetch each once) for as long as it
//! runs, so the set grows with the site: as `String`s that is about 110 bytes a
//! URL, as digests about 20. The digest is the first 128 bits of SHA-256, so two
//! URLs collide with odds of about n²/2¹²⁹ (none in practice, and none a hostile
//! site can arrange).

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

use sha2::{Digest, Sha256};

/// A set of URLs (any strings), stored as 128-bit digests.
#[derive(Clone, Debug, Default)]
pub struct UrlSet {
    digests: HashSet<u128, BuildHasherDefault<DigestHasher>>,
}

impl UrlSet {
    /// An empty set.
    pub fn new() -> UrlSet {
        UrlSet::default()
    }

    /// Adds `url`: true when it was not in the set yet.
    pub fn insert(&mut self, url: &str) -> bool {
        self.digests.insert(digest(url))
    }

    /// True when `url` is in the set.
    pub fn contains(&self, url: &str) -> bool {
        self.digests.contains(&digest(url))
    }

    /// How many URLs the set holds.
    pub fn len(&self) -> usize {
        self.digests.len()
    }

    /// True when the set holds no URL.
    pub fn is_empty(&self) -> bool {
        self.digests.is_empty()
    }
}

fn digest(url: &str) -> u128 {
    let hash = Sha256::digest(url.as_bytes());
    let mut first = [0u8; 16];
    first.copy_from_slice(&hash[..16]);
    u128::from_le_bytes(first)
}

/// The hash table's hasher: the keys are digests already, so their low 64 bits
/// are as good a hash as any (hashing them again would only cost time).
#[derive(Default)]
struct DigestHasher(u64);

impl Hasher for DigestHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u128(&mut self, n: u128) {
        self.0 = n as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_each_url_once() {
        let mut set = UrlSet::new();
        assert!(set.is_empty());
        assert!(set.insert("https://example.com/a"));
        assert!(set.insert("https://example.com/b"));
        assert!(!set.insert("https://example.com/a"));
        assert!(set.contains("https://example.com/b"));
        assert!(!set.contains("https://example.com/c"));
        assert_eq!(set.len(), 2);
    }

    #[test]
    fn tells_many_similar_urls_apart() {
        let mut set = UrlSet::new();
        for i in 0..20_000 {
            assert!(set.insert(&format!("https://example.com/news/{i}")));
        }
        assert_eq!(set.len(), 20_000);
        assert!(!set.insert("https://example.com/news/19999"));
    }
}
