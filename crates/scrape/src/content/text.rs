//! Character and word statistics of one block's text.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

/// Character and word counts of one block's text.
#[derive(Default)]
pub(crate) struct TextStats {
    pub words: u32,
    pub stopwords: u32,
    pub letters: u32,
    pub upper: u32,
    pub digits: u32,
    pub punct: u32,
    pub commas: u32,
    pub separators: u32,
    pub sentence_ends: u32,
    pub ends_terminal: bool,
    pub starts_upper: bool,
    pub copyright: bool,
}

impl TextStats {
    pub(crate) fn of(text: &str) -> TextStats {
        let mut t = TextStats::default();
        let mut prev_end = false;
        for c in text.chars() {
            if c.is_alphabetic() {
                t.letters += 1;
                if c.is_uppercase() {
                    t.upper += 1;
                }
            } else if c.is_numeric() {
                t.digits += 1;
            } else {
                match c {
                    ',' | '،' | '、' | '，' => {
                        t.commas += 1;
                        t.punct += 1;
                    }
                    '.' | '!' | '?' | '。' | '！' | '？' => t.punct += 1,
                    ';' | ':' => t.punct += 1,
                    '|' | '•' | '·' | '»' | '›' | '/' | '>' => t.separators += 1,
                    '©' => t.copyright = true,
                    _ => {}
                }
            }
            let end = matches!(c, '.' | '!' | '?' | '。' | '！' | '？');
            if prev_end && c.is_whitespace() {
                t.sentence_ends += 1;
            }
            prev_end = end;
        }
        if prev_end {
            t.sentence_ends += 1;
        }
        for w in text.split_whitespace() {
            t.words += 1;
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            if w.len() <= 7 && is_stopword(w) {
                t.stopwords += 1;
            }
        }
        t.ends_terminal = text
            .trim_end()
            .ends_with(['.', '!', '?', '。', '！', '？', '"', '”', '»', ')']);
        t.starts_upper = text.chars().next().is_some_and(char::is_uppercase);
        if !t.copyright && text.len() < 300 {
            t.copyright = COPYRIGHT.is_match(text);
        }
        t
    }
}

/// Frequent function words of the languages most pages are written in.
const STOPWORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "by",
    "from", "as", "is", "are", "was", "were", "be", "been", "it", "its", "this", "that", "these",
    "those", "he", "she", "they", "we", "you", "his", "her", "their", "our", "not", "no", "has",
    "have", "had", "will", "would", "can", "could", "which", "who", "what", "when", "than",
    "there", "if", "so", "also", "into", "about", "after", "more", "der", "die", "das", "und",
    "ist", "nicht", "mit", "den", "dem", "ein", "eine", "von", "zu", "auf", "für", "sich", "auch",
    "es", "le", "la", "les", "et", "est", "des", "un", "une", "du", "dans", "pour", "que", "qui",
    "pas", "sur", "au", "el", "los", "las", "y", "en", "del", "se", "por", "con", "para", "una",
    "lo", "il", "di", "che", "e", "non", "per", "della", "o", "da", "em", "os", "do", "na", "het",
    "een", "van", "niet", "op", "и", "в", "не", "на", "что", "с",
];

/// `w` is at most 7 bytes long (the longest stop word's length).
fn is_stopword(w: &str) -> bool {
    static SET: LazyLock<std::collections::HashSet<&'static [u8], foldhash::fast::FixedState>> =
        LazyLock::new(|| STOPWORDS.iter().map(|s| s.as_bytes()).collect());
    let mut lower = [0u8; 8];
    let n = w.len().min(lower.len());
    lower[..n].copy_from_slice(&w.as_bytes()[..n]);
    lower[..n].make_ascii_lowercase();
    SET.contains(&lower[..n])
}

/// "copyright" or "all rights reserved" in any ASCII case.
static COPYRIGHT: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(["copyright", "all rights reserved"])
        .expect("a small literal set builds")
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_statistics_count_what_they_say() {
        let t = TextStats::of("The council voted. It was late, and nobody left!");
        assert_eq!(t.words, 9);
        assert_eq!(t.sentence_ends, 2);
        assert_eq!(t.commas, 1);
        assert!(t.ends_terminal && t.starts_upper && !t.copyright);
        assert_eq!(t.stopwords, 4); // the, it, was, and
        assert!(TextStats::of("© 2024 Example Media").copyright);
        assert_eq!(TextStats::of("Home | News | Sport").separators, 2);
    }
}
