//! The one tokenisation of a body that every tagging step shares.
//!
//! [`newsmill_ner::tokenize`] and [`newsmill_ner::split_sentences`] cut the body into
//! tokens and sentences once; the model tags those tokens, and everything else reads
//! views of them built in the same pass:
//!
//! * *words*: maximal runs of letters and digits, one or more per token (`U.S.` holds
//!   `U` and `S`; `Pompeo's` is the tokens `Pompeo` and `'s`, the words `Pompeo` and
//!   `s`); a word the tokenizer cut (`do|n't`) is joined again, so the words are exactly
//!   the text's letter-and-digit runs;
//! * their folded comparison keys ([`crate::fold`]), all in one buffer, each followed by
//!   a space: the watch-list matches aliases on that buffer, the gazetteer looks the
//!   keys up, and nothing is allocated per word;
//! * each position's sentence.

use std::ops::Range;

use newsmill_ner::Token;

use crate::fold;

/// A word: a maximal run of letters and digits, as a byte range.
pub(crate) type Word = (usize, usize);

/// A body cut into tokens, sentences and words.
pub(crate) struct Text<'a> {
    pub body: &'a str,
    /// The NER tokenizer's tokens.
    pub tokens: Vec<Token>,
    /// Sentences as ranges of `tokens`.
    pub sentences: Vec<Range<usize>>,
    /// Each sentence's byte range: its first token's start to its last token's end.
    bounds: Vec<(usize, usize)>,
    /// The words, in order.
    pub words: Vec<Word>,
    /// Every non-empty word key followed by one space: `"u s and minsk "`.
    pub folded: String,
    /// Each word's key as a byte range of `folded` (empty for words with no ASCII
    /// form).
    keys: Vec<(usize, usize)>,
}

impl<'a> Text<'a> {
    pub(crate) fn new(body: &'a str) -> Text<'a> {
        let tokens = newsmill_ner::tokenize(body);
        let sentences = newsmill_ner::split_sentences(body, &tokens);
        let bounds = sentences
            .iter()
            .filter(|r| !r.is_empty())
            .map(|r| (tokens[r.start].start, tokens[r.end - 1].end))
            .collect();
        let words = words_of(body, &tokens);
        let mut folded = String::with_capacity(body.len() + words.len());
        let mut keys = Vec::with_capacity(words.len());
        let mut piece = String::new();
        for &(a, b) in &words {
            let start = folded.len();
            fold::push_key(&body[a..b], &mut folded, &mut piece);
            keys.push((start, folded.len()));
            if folded.len() > start {
                folded.push(' ');
            }
        }
        Text {
            body,
            tokens,
            sentences,
            bounds,
            words,
            folded,
            keys,
        }
    }

    /// The folded key of word `i`.
    pub(crate) fn key(&self, i: usize) -> &str {
        let (a, b) = self.keys[i];
        &self.folded[a..b]
    }

    /// The text of word `i`.
    pub(crate) fn word(&self, i: usize) -> &'a str {
        let (a, b) = self.words[i];
        &self.body[a..b]
    }

    /// The words whose key starts at byte `start` and ends at byte `end` of
    /// [`Text::folded`] (first and last word), if `start..end` covers whole keys.
    pub(crate) fn words_of_folded(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let mut first = self.keys.partition_point(|k| k.0 < start);
        // Words with an empty key (no ASCII form) take no room in `folded`.
        while self
            .keys
            .get(first)
            .is_some_and(|k| k.0 == k.1 && k.0 == start)
        {
            first += 1;
        }
        let last = self.keys.partition_point(|k| k.1 < end);
        let whole = self.keys.get(first)?.0 == start && self.keys.get(last)?.1 == end;
        whole.then_some((first, last))
    }

    /// The index of the first word that starts at or after byte `at`.
    pub(crate) fn word_from(&self, at: usize) -> usize {
        self.words.partition_point(|w| w.0 < at)
    }

    /// The words that lie wholly inside `start..end`.
    pub(crate) fn words_in(&self, start: usize, end: usize) -> &[Word] {
        let from = self.word_from(start);
        let to = from + self.words[from..].partition_point(|w| w.1 <= end);
        &self.words[from..to]
    }

    /// The byte range of the sentence that holds byte `at`; a position between two
    /// sentences belongs to the next one, a position after the last to the last.
    pub(crate) fn sentence_at(&self, at: usize) -> (usize, usize) {
        let i = self.bounds.partition_point(|b| b.1 <= at);
        match self.bounds.get(i).or(self.bounds.last()) {
            Some(&b) => b,
            None => (at, at),
        }
    }

    /// The index of the sentence [`Text::sentence_at`] gives, for caching per sentence.
    pub(crate) fn sentence_index(&self, at: usize) -> usize {
        self.bounds
            .partition_point(|b| b.1 <= at)
            .min(self.bounds.len().saturating_sub(1))
    }

    /// The number of sentences [`Text::sentence_index`] counts.
    pub(crate) fn sentence_count(&self) -> usize {
        self.bounds.len()
    }

    /// The sentences' byte ranges, as [`Text::sentence_at`] gives them.
    pub(crate) fn sentence_bounds(&self, i: usize) -> (usize, usize) {
        self.bounds.get(i).copied().unwrap_or((0, 0))
    }
}

/// The letter-and-digit runs of `body`, read from its tokens (which cover every
/// character that is not white space).
fn words_of(body: &str, tokens: &[Token]) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::with_capacity(tokens.len() + tokens.len() / 4);
    let mut open: Option<usize> = None;
    let start_run = |at: usize, out: &mut Vec<Word>| match out.last() {
        // The tokenizer cut a run ("do|n't"): join it again.
        Some(&(s, e)) if e == at => {
            out.pop();
            s
        }
        _ => at,
    };
    for t in tokens {
        let text = &body[t.start..t.end];
        if text.is_ascii() {
            for (i, b) in text.bytes().enumerate() {
                if b.is_ascii_alphanumeric() {
                    if open.is_none() {
                        open = Some(start_run(t.start + i, &mut out));
                    }
                } else if let Some(s) = open.take() {
                    out.push((s, t.start + i));
                }
            }
        } else {
            for (i, c) in text.char_indices() {
                if c.is_alphanumeric() {
                    if open.is_none() {
                        open = Some(start_run(t.start + i, &mut out));
                    }
                } else if let Some(s) = open.take() {
                    out.push((s, t.start + i));
                }
            }
        }
        if let Some(s) = open.take() {
            out.push((s, t.end));
        }
    }
    out
}

/// The letter-and-digit runs of a short piece of text (a span, a name), as byte
/// ranges into it, without allocating.
pub(crate) fn runs(text: &str) -> impl Iterator<Item = Word> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let start = loop {
            let (i, c) = chars.next()?;
            if c.is_alphanumeric() {
                break i;
            }
        };
        let mut end = text.len();
        while let Some(&(i, c)) = chars.peek() {
            if !c.is_alphanumeric() {
                end = i;
                break;
            }
            chars.next();
        }
        Some((start, end))
    })
}

/// The folded words of `text` joined by single spaces, as [`Text::folded`] holds them
/// (without the final space): how watch-list aliases are folded for matching.
pub(crate) fn folded_words(text: &str) -> String {
    let t = Text::new(text);
    t.folded.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every letter-and-digit run of `text`, by a plain scan.
    fn plain_runs(text: &str) -> Vec<Word> {
        let mut out = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices() {
            if c.is_alphanumeric() {
                start.get_or_insert(i);
            } else if let Some(s) = start.take() {
                out.push((s, i));
            }
        }
        if let Some(s) = start {
            out.push((s, text.len()));
        }
        out
    }

    #[test]
    fn words_are_the_letter_and_digit_runs() {
        for text in [
            "Pompeo’s visit, U.S.-Belarus: don't (AP) 1,250.5 tonnes—Minsk... «Лукашэнка» 👍 ",
            "He didn't go. \"Yes,\" she said; e-mail ed@news.example.org now",
            "",
            "   ",
        ] {
            let t = Text::new(text);
            assert_eq!(t.words, plain_runs(text), "{text}");
            assert_eq!(runs(text).collect::<Vec<_>>(), plain_runs(text), "{text}");
        }
        let text = "Pompeo’s visit, U.S.-Belarus";
        let t = Text::new(text);
        let got: Vec<&str> = (0..t.words.len()).map(|i| t.word(i)).collect();
        assert_eq!(got, ["Pompeo", "s", "visit", "U", "S", "Belarus"]);
    }

    #[test]
    fn keys_and_folded_words_line_up() {
        let text = "До Мінска, Pompeo’s U.S. 👍 Zürich";
        let t = Text::new(text);
        assert_eq!(t.folded, "do minska pompeo s u s zurich ");
        assert_eq!(t.key(1), "minska");
        let at = t.folded.find("pompeo s").unwrap();
        let (a, b) = t.words_of_folded(at, at + "pompeo s".len()).unwrap();
        assert_eq!((t.word(a), t.word(b)), ("Pompeo", "s"));
        let at = t.folded.find("ompeo").unwrap();
        assert!(t.words_of_folded(at, at + 5).is_none());
        assert_eq!(
            folded_words("Alexander  Lukashenko!"),
            "alexander lukashenko"
        );
    }

    #[test]
    fn positions_find_their_sentence() {
        let text = "Mr. Pompeo met Gen. Smith. He left.\n\nNext one";
        let t = Text::new(text);
        let s = |at: usize| {
            let (a, b) = t.sentence_at(at);
            &text[a..b]
        };
        assert_eq!(s(text.find("Smith").unwrap()), "Mr. Pompeo met Gen. Smith.");
        // Between two sentences: the next one.
        assert_eq!(s(text.find(" He").unwrap()), "He left.");
        assert_eq!(s(text.len()), "Next one");
        let words: Vec<&str> = t
            .words_in(4, 25)
            .iter()
            .map(|&(a, b)| &text[a..b])
            .collect();
        assert_eq!(words, ["Pompeo", "met", "Gen", "Smith"]);
    }
}
