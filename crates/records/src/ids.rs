//! Stable identifiers derived from content.

use sha2::{Digest, Sha256};

/// The stable id of an article: the first 16 hex digits of the SHA-256 of its
/// canonical (normalised) URL. The same URL always gives the same id, across runs
/// and machines.
pub fn article_id(canonical_url: &str) -> String {
    hex16(canonical_url.as_bytes())
}

/// A content hash of an article's extracted text, used to spot the same article
/// under two URLs and to detect edits between runs. Whitespace is folded first so
/// re-indented markup does not count as an edit.
pub fn content_hash(text: &str) -> String {
    let folded: Vec<&str> = text.split_whitespace().collect();
    hex16(folded.join(" ").as_bytes())
}

/// A lower-case ASCII slug (`"Alyaksandr Lukashenka"` → `"alyaksandr-lukashenka"`).
/// Non-ASCII letters are kept as they are (lower-cased); runs of anything that is not
/// alphanumeric become one `-`.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut dash = false;
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    out
}

fn hex16(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_short() {
        let a = article_id("https://example.com/a");
        assert_eq!(a.len(), 16);
        assert_eq!(a, article_id("https://example.com/a"));
        assert_ne!(a, article_id("https://example.com/b"));
    }

    #[test]
    fn content_hash_ignores_whitespace_layout() {
        assert_eq!(content_hash("a  b\n\nc"), content_hash(" a b c "));
        assert_ne!(content_hash("a b c"), content_hash("a b d"));
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Alyaksandr Lukashenka"), "alyaksandr-lukashenka");
        assert_eq!(slug("  U.S. State Dept. "), "u-s-state-dept");
        assert_eq!(slug("Лукашенко"), "лукашенко");
    }
}
