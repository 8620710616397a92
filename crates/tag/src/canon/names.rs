//! The names spans stand for, and their folded keys, computed once per span into one
//! buffer.

use crate::fold;
use crate::scan::HONORIFICS;
use crate::text::runs;

/// The name a span stands for: honorifics, a leading "the" and a possessive removed.
pub(crate) fn name_of(surface: &str) -> &str {
    let mut s = surface.trim();
    for suffix in ["’s", "'s", "’", "'"] {
        if let Some(stripped) = s.strip_suffix(suffix) {
            s = stripped;
            break;
        }
    }
    for prefix in HONORIFICS.iter().chain(&["the", "The"]) {
        if let Some(rest) = s.strip_prefix(prefix) {
            let rest = rest.trim_start_matches('.');
            if rest.starts_with(' ') {
                s = rest.trim_start();
            }
        }
    }
    s
}

/// For each span: its name, the name's folded key, and its words' folded keys (empty
/// keys left out).
pub(crate) struct Names<'a> {
    names: Vec<&'a str>,
    /// All keys, back to back.
    buffer: String,
    /// Per span: the name's key as a range of `buffer`, and its words as a range of
    /// `words`.
    spans: Vec<((usize, usize), (usize, usize))>,
    /// Word keys as ranges of `buffer`.
    words: Vec<(usize, usize)>,
}

impl<'a> Names<'a> {
    pub(crate) fn new(surfaces: impl Iterator<Item = &'a str>) -> Names<'a> {
        let mut out = Names {
            names: Vec::new(),
            buffer: String::new(),
            spans: Vec::new(),
            words: Vec::new(),
        };
        let mut piece = String::new();
        for surface in surfaces {
            let name = name_of(surface);
            let key_start = out.buffer.len();
            fold::push_key(name, &mut out.buffer, &mut piece);
            let key = (key_start, out.buffer.len());
            let first_word = out.words.len();
            for (a, b) in runs(name) {
                let start = out.buffer.len();
                fold::push_key(&name[a..b], &mut out.buffer, &mut piece);
                if out.buffer.len() > start {
                    out.words.push((start, out.buffer.len()));
                }
            }
            out.names.push(name);
            out.spans.push((key, (first_word, out.words.len())));
        }
        out
    }

    /// Span `i`'s name.
    pub(crate) fn name(&self, i: usize) -> &'a str {
        self.names[i]
    }

    /// Span `i`'s name, folded.
    pub(crate) fn key(&self, i: usize) -> &str {
        let (a, b) = self.spans[i].0;
        &self.buffer[a..b]
    }

    /// The number of (non-empty) words in span `i`'s name.
    pub(crate) fn len(&self, i: usize) -> usize {
        let (a, b) = self.spans[i].1;
        b - a
    }

    /// Word `k` of span `i`'s name, folded.
    pub(crate) fn word(&self, i: usize, k: usize) -> &str {
        let (a, b) = self.words[self.spans[i].1 .0 + k];
        &self.buffer[a..b]
    }

    /// The first and last folded words of span `i`'s name.
    pub(crate) fn first_last(&self, i: usize) -> Option<(&str, &str)> {
        let n = self.len(i);
        (n > 0).then(|| (self.word(i, 0), self.word(i, n - 1)))
    }

    /// Span `i`'s folded words joined by spaces.
    pub(crate) fn joined(&self, i: usize) -> String {
        (0..self.len(i))
            .map(|k| self.word(i, k))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_strip_titles_and_possessives() {
        assert_eq!(name_of("Mr Pompeo"), "Pompeo");
        assert_eq!(name_of("Mr. Pompeo’s"), "Pompeo");
        assert_eq!(name_of("Belarus’"), "Belarus");
        assert_eq!(name_of("the United States"), "United States");
    }

    #[test]
    fn keys_of_names_and_words() {
        let n = Names::new(["Mr. Aleksandr Lukashenko’s", "U.S.", "👍"].into_iter());
        assert_eq!(n.name(0), "Aleksandr Lukashenko");
        assert_eq!(n.key(0), "aleksandrlukashenko");
        assert_eq!(n.first_last(0), Some(("aleksandr", "lukashenko")));
        assert_eq!((n.key(1), n.len(1), n.joined(1).as_str()), ("us", 2, "u s"));
        assert_eq!((n.len(2), n.first_last(2)), (0, None));
    }
}
