//! Feature extraction: per-token features hashed to 32-bit keys.
//!
//! Families can be switched off one by one ([`Families`]) for ablation; the set a model was
//! trained with is stored in its header so tagging extracts exactly the same features.

use std::collections::HashMap;
use std::hash::Hasher;

use crate::hashing::{FeatureKey, FxBuild, FxHasher};
use crate::lexicon::{cat, Lexicon};
use crate::tags::{Tag, NUM_TAGS};

/// Feature families, as a bit set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Families(pub u32);

impl Families {
    /// Neighbouring words (window ±2, bigrams).
    pub const CONTEXT: Families = Families(1);
    /// Word shape, capitalisation pattern, capitalised-run position, ALL-CAPS sentences.
    pub const SHAPE: Families = Families(2);
    /// Prefixes and suffixes up to 4 characters.
    pub const AFFIXES: Families = Families(4);
    /// Gazetteer membership (places, countries, demonyms, names, org suffixes, titles).
    pub const GAZETTEER: Families = Families(8);
    /// English word-frequency buckets (is this a common lower-case word?).
    pub const WORD_FREQ: Families = Families(16);
    /// Document consistency: other spellings of the token in the document and the tags
    /// already given to it.
    pub const DOCUMENT: Families = Families(32);
    /// Previous two predicted tags.
    pub const PREV_TAGS: Families = Families(64);
    /// Every family.
    pub const ALL: Families = Families(127);
    /// Names for command-line flags, in bit order.
    pub const NAMES: [(&'static str, Families); 7] = [
        ("context", Families::CONTEXT),
        ("shape", Families::SHAPE),
        ("affixes", Families::AFFIXES),
        ("gazetteer", Families::GAZETTEER),
        ("wordfreq", Families::WORD_FREQ),
        ("document", Families::DOCUMENT),
        ("prevtags", Families::PREV_TAGS),
    ];

    /// Whether every family in `other` is on.
    pub fn has(self, other: Families) -> bool {
        self.0 & other.0 == other.0
    }

    /// This set without `other`.
    pub fn without(self, other: Families) -> Families {
        Families(self.0 & !other.0)
    }
}

/// Capitalisation classes.
mod capc {
    pub const LOWER: u8 = 0;
    pub const TITLE: u8 = 1;
    pub const UPPER: u8 = 2;
    pub const MIXED: u8 = 3;
    pub const DIGIT: u8 = 4;
    pub const OTHER: u8 = 5;
}

fn cap_class(w: &str) -> u8 {
    let mut chars = w.chars();
    let Some(first) = chars.next() else {
        return capc::OTHER;
    };
    let (mut upper, mut lower) = (0, 0);
    for c in w.chars() {
        if c.is_uppercase() {
            upper += 1;
        } else if c.is_lowercase() {
            lower += 1;
        }
    }
    if first.is_uppercase() {
        if lower == 0 {
            capc::UPPER
        } else if upper == 1 || w.chars().skip(1).all(|c| !c.is_uppercase()) {
            capc::TITLE
        } else {
            capc::MIXED
        }
    } else if first.is_lowercase() {
        if upper > 0 {
            capc::MIXED
        } else {
            capc::LOWER
        }
    } else if first.is_ascii_digit() {
        capc::DIGIT
    } else if upper > 0 && lower == 0 {
        capc::UPPER
    } else {
        capc::OTHER
    }
}

fn is_capitalised(c: u8) -> bool {
    matches!(c, capc::TITLE | capc::UPPER | capc::MIXED)
}

/// Lower-case form with digits folded to `0` and curly quotes to straight ones.
fn normalise(w: &str) -> String {
    let mut s = String::with_capacity(w.len());
    for c in w.chars() {
        match c {
            '0'..='9' => s.push('0'),
            '’' | '‘' => s.push('\''),
            '“' | '”' | '„' | '«' | '»' => s.push('"'),
            '–' | '—' | '―' => s.push('-'),
            c if c.is_uppercase() => s.extend(c.to_lowercase()),
            c => s.push(c),
        }
    }
    s
}

fn shape(w: &str, max_run: usize) -> String {
    let mut s = String::new();
    let mut last = '\0';
    let mut run = 0;
    for c in w.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if k == last {
            run += 1;
            if run > max_run {
                continue;
            }
        } else {
            last = k;
            run = 1;
        }
        s.push(k);
    }
    s
}

fn zipf_bucket(z: u8) -> u8 {
    match z {
        0 => 0,
        1..=24 => 1,
        25..=34 => 2,
        35..=44 => 3,
        45..=54 => 4,
        _ => 5,
    }
}

fn hash_str(s: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(s.as_bytes());
    h.finish()
}

/// What one token contributes to features.
pub(crate) struct TokenInfo {
    raw: String,
    lower: String,
    lower_hash: u64,
    shape: String,
    short_shape: String,
    cap: u8,
    zipf: u8,
    mask: u8,
    gaz_begin: u8,
    gaz_inside: u8,
    /// Position in the run of capitalised tokens (0 = not capitalised), run length.
    run_pos: u8,
    run_len: u8,
    run_has_orgsuf: bool,
    /// Document flags: seen lower-case elsewhere, seen Title-case mid-sentence elsewhere.
    doc_lower: bool,
    doc_title_mid: bool,
}

/// Per-document feature state.
pub(crate) struct DocFeatures {
    families: Families,
    pub(crate) sentences: Vec<Vec<TokenInfo>>,
    caps_sentence: Vec<bool>,
}

/// Tags already given to each lower-cased capitalised word in this document.
#[derive(Default)]
pub(crate) struct History {
    counts: HashMap<u64, [u16; 5], FxBuild>,
}

impl History {
    pub(crate) fn record(&mut self, doc: &DocFeatures, s: usize, i: usize, tag: Tag) {
        let t = &doc.sentences[s][i];
        if !is_capitalised(t.cap) {
            return;
        }
        let slot = match tag.kind() {
            None => 4,
            Some(k) => k as usize,
        };
        self.counts.entry(t.lower_hash).or_insert([0; 5])[slot] += 1;
    }

    fn majority(&self, h: u64) -> Option<(usize, bool)> {
        let c = self.counts.get(&h)?;
        let (best, &n) = c.iter().enumerate().max_by_key(|(_, &n)| n)?;
        let total: u16 = c.iter().sum();
        Some((best, n == total))
    }
}

impl DocFeatures {
    pub(crate) fn new(doc: &[Vec<&str>], lex: &Lexicon, families: Families) -> DocFeatures {
        let mut sentences = Vec::with_capacity(doc.len());
        let mut caps_sentence = Vec::with_capacity(doc.len());
        for sent in doc {
            let mut toks: Vec<TokenInfo> = sent
                .iter()
                .map(|w| {
                    let lower = normalise(w);
                    let cap = cap_class(w);
                    TokenInfo {
                        raw: w.replace(|c: char| c.is_ascii_digit(), "0"),
                        lower_hash: hash_str(&lower),
                        zipf: lex.zipf10(&lower),
                        mask: lex.word_mask(&lower),
                        lower,
                        shape: shape(w, 3),
                        short_shape: shape(w, 1),
                        cap,
                        gaz_begin: 0,
                        gaz_inside: 0,
                        run_pos: 0,
                        run_len: 0,
                        run_has_orgsuf: false,
                        doc_lower: false,
                        doc_title_mid: false,
                    }
                })
                .collect();
            let letters = toks
                .iter()
                .filter(|t| t.cap != capc::OTHER && t.cap != capc::DIGIT);
            let n_alpha = letters.clone().count();
            let n_upper = letters
                .filter(|t| t.cap == capc::UPPER && t.lower.len() > 1)
                .count();
            caps_sentence.push(n_upper >= 2 && n_upper * 5 >= n_alpha * 3);
            let lowers: Vec<&str> = toks.iter().map(|t| t.lower.as_str()).collect();
            let caps: Vec<bool> = toks.iter().map(|t| is_capitalised(t.cap)).collect();
            let mut begin = vec![0u8; toks.len()];
            let mut inside = vec![0u8; toks.len()];
            lex.match_phrases(&lowers, &caps, &mut begin, &mut inside);
            let mut i = 0;
            while i < toks.len() {
                if !caps[i] {
                    i += 1;
                    continue;
                }
                let mut j = i;
                while j < toks.len() && caps[j] {
                    j += 1;
                }
                let orgsuf = toks[i..j].iter().any(|t| t.mask & cat::ORG_SUFFIX != 0);
                for (k, t) in toks[i..j].iter_mut().enumerate() {
                    t.run_pos = (k + 1).min(4) as u8;
                    t.run_len = (j - i).min(5) as u8;
                    t.run_has_orgsuf = orgsuf;
                }
                i = j;
            }
            for (k, t) in toks.iter_mut().enumerate() {
                t.gaz_begin = begin[k];
                t.gaz_inside = inside[k];
            }
            sentences.push(toks);
        }
        // Document-level spelling evidence.
        let mut seen: HashMap<u64, u8, FxBuild> = HashMap::default();
        for (s, toks) in sentences.iter().enumerate() {
            if caps_sentence[s] {
                continue;
            }
            for (i, t) in toks.iter().enumerate() {
                let flag = match t.cap {
                    capc::LOWER => 1,
                    capc::TITLE if i > 0 && !is_opener(&toks[i - 1].lower) => 2,
                    _ => 0,
                };
                if flag != 0 {
                    *seen.entry(t.lower_hash).or_insert(0) |= flag;
                }
            }
        }
        for toks in &mut sentences {
            for t in toks.iter_mut() {
                let f = seen.get(&t.lower_hash).copied().unwrap_or(0);
                t.doc_lower = f & 1 != 0;
                t.doc_title_mid = f & 2 != 0;
            }
        }
        DocFeatures {
            families,
            sentences,
            caps_sentence,
        }
    }

    /// Appends the feature keys of token `i` of sentence `s`.
    pub(crate) fn features(
        &self,
        s: usize,
        i: usize,
        prev: [Tag; 2],
        history: &History,
        out: &mut Vec<u32>,
    ) {
        let fam = self.families;
        let toks = &self.sentences[s];
        let t = &toks[i];
        let at = |d: isize| -> Option<&TokenInfo> {
            let j = i as isize + d;
            if j < 0 {
                None
            } else {
                toks.get(j as usize)
            }
        };
        let word_at = |d: isize| at(d).map_or(if d < 0 { "<s>" } else { "</s>" }, |t| &t.lower);
        let initial = i == 0 || (i == 1 && is_opener(&toks[0].lower));
        let caps_sent = self.caps_sentence[s];
        let f = |tpl: u8| FeatureKey::new(tpl);
        out.push(f(0).finish());
        out.push(f(1).str(&t.lower).finish());
        out.push(f(2).str(&t.raw).finish());
        if fam.has(Families::CONTEXT) {
            out.push(f(3).str(word_at(-1)).finish());
            out.push(f(4).str(word_at(1)).finish());
            out.push(f(5).str(word_at(-2)).finish());
            out.push(f(6).str(word_at(2)).finish());
            out.push(f(7).str(word_at(-1)).str(&t.lower).finish());
            out.push(f(8).str(&t.lower).str(word_at(1)).finish());
        }
        if fam.has(Families::SHAPE) {
            let sh = |d: isize| at(d).map_or("_", |t| t.short_shape.as_str());
            out.push(f(10).str(&t.shape).finish());
            out.push(f(11).str(&t.short_shape).num(u64::from(initial)).finish());
            out.push(f(12).str(sh(-1)).str(&t.short_shape).str(sh(1)).finish());
            out.push(f(13).str(sh(-1)).finish());
            out.push(f(14).str(sh(1)).finish());
            out.push(
                f(15)
                    .num(u64::from(t.cap))
                    .num(u64::from(caps_sent))
                    .num(u64::from(initial))
                    .finish(),
            );
            out.push(
                f(16)
                    .num(u64::from(t.run_pos))
                    .num(u64::from(t.run_len))
                    .finish(),
            );
            out.push(
                f(17)
                    .num(t.lower.chars().count().min(8) as u64)
                    .num(u64::from(t.cap))
                    .finish(),
            );
        }
        if fam.has(Families::AFFIXES) {
            let chars: Vec<(usize, char)> = t.lower.char_indices().collect();
            let n = chars.len();
            for k in 1..=4.min(n) {
                let p = chars.get(k).map_or(t.lower.len(), |c| c.0);
                out.push(f(20 + k as u8).str(&t.lower[..p]).finish());
                out.push(f(25 + k as u8).str(&t.lower[chars[n - k].0..]).finish());
            }
        }
        if fam.has(Families::GAZETTEER) {
            for (bit, _) in cat::NAMES {
                if t.gaz_begin & bit != 0 {
                    out.push(f(30).num(u64::from(bit)).num(u64::from(t.cap)).finish());
                }
                if t.gaz_inside & bit != 0 {
                    out.push(f(31).num(u64::from(bit)).finish());
                }
            }
            out.push(
                f(32)
                    .num(u64::from(t.gaz_begin))
                    .num(u64::from(t.gaz_inside))
                    .finish(),
            );
            let m = |d: isize| at(d).map_or(0, |t| t.mask);
            out.push(f(33).num(u64::from(m(-1))).finish());
            out.push(f(34).num(u64::from(m(1))).finish());
            out.push(f(35).num(u64::from(t.mask)).num(u64::from(t.cap)).finish());
            if t.run_pos > 0 {
                out.push(
                    f(36)
                        .num(u64::from(t.run_has_orgsuf))
                        .num(u64::from(t.run_pos))
                        .finish(),
                );
            }
        }
        if fam.has(Families::WORD_FREQ) {
            let z = |d: isize| at(d).map_or(9, |t| zipf_bucket(t.zipf));
            out.push(
                f(40)
                    .num(u64::from(z(0)))
                    .num(u64::from(t.cap))
                    .num(u64::from(initial))
                    .num(u64::from(caps_sent))
                    .finish(),
            );
            out.push(f(41).num(u64::from(z(-1))).num(u64::from(z(0))).finish());
            out.push(f(42).num(u64::from(z(0))).num(u64::from(z(1))).finish());
        }
        if fam.has(Families::DOCUMENT) && is_capitalised(t.cap) {
            out.push(
                f(50)
                    .num(u64::from(t.doc_lower))
                    .num(u64::from(t.doc_title_mid))
                    .num(u64::from(initial || caps_sent))
                    .finish(),
            );
            match history.majority(t.lower_hash) {
                Some((k, unanimous)) => {
                    out.push(f(51).num(k as u64).num(u64::from(unanimous)).finish());
                    out.push(f(52).num(k as u64).str(&t.lower).finish());
                }
                None => out.push(f(53).finish()),
            }
        }
        if fam.has(Families::PREV_TAGS) {
            let (p1, p2) = (prev[0].index() as u64, prev[1].index() as u64);
            out.push(f(60).num(p1).finish());
            out.push(f(61).num(p1).num(p2).finish());
            out.push(f(62).num(p1).str(&t.lower).finish());
            out.push(f(63).num(p1).num(u64::from(t.cap)).finish());
        }
    }
}

fn is_opener(w: &str) -> bool {
    matches!(w, "\"" | "'" | "(" | "[" | "``" | "-" | "--")
}

/// Picks the best tag allowed after `prev` (IOB2: `I-X` only continues `X`).
pub(crate) fn best_tag(scores: &[f32; NUM_TAGS], prev: Tag) -> usize {
    let mut best = 0;
    let mut best_score = f32::NEG_INFINITY;
    for (k, &s) in scores.iter().enumerate() {
        if s > best_score && Tag::from_index(k).may_follow(prev) {
            best = k;
            best_score = s;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_and_classes() {
        assert_eq!(shape("McDonald's", 3), "XxXxxx'x");
        assert_eq!(shape("1,250.5", 1), "d,d.d");
        assert_eq!(cap_class("IBM"), capc::UPPER);
        assert_eq!(cap_class("Minsk"), capc::TITLE);
        assert_eq!(cap_class("iPhone"), capc::MIXED);
        assert_eq!(cap_class("said"), capc::LOWER);
        assert_eq!(cap_class("1996"), capc::DIGIT);
        assert_eq!(normalise("Kyiv’s 1996"), "kyiv's 0000");
    }

    #[test]
    fn document_evidence_and_caps_sentences() {
        let lex = Lexicon::builtin().unwrap();
        let doc = vec![
            vec!["GERMANY", "BEAT", "FRANCE"],
            vec!["The", "white", "house", "said", "White", "won"],
        ];
        let d = DocFeatures::new(&doc, lex, Families::ALL);
        assert!(d.caps_sentence[0] && !d.caps_sentence[1]);
        let white = &d.sentences[1][4];
        assert!(white.doc_lower && white.doc_title_mid);
        assert_ne!(d.sentences[0][2].gaz_begin & cat::COUNTRY, 0);
        let mut out = Vec::new();
        d.features(1, 4, [Tag::O, Tag::O], &History::default(), &mut out);
        let n_all = out.len();
        let lean = DocFeatures::new(&doc, lex, Families(0));
        out.clear();
        lean.features(1, 4, [Tag::O, Tag::O], &History::default(), &mut out);
        assert!(out.len() == 3 && n_all > 30, "{} {}", out.len(), n_all);
    }

    #[test]
    fn best_tag_respects_iob2() {
        let mut s = [0.0; NUM_TAGS];
        s[Tag::I(crate::Kind::Per).index()] = 5.0;
        s[Tag::B(crate::Kind::Org).index()] = 1.0;
        assert_eq!(best_tag(&s, Tag::O), Tag::B(crate::Kind::Org).index());
        assert_eq!(
            best_tag(&s, Tag::B(crate::Kind::Per)),
            Tag::I(crate::Kind::Per).index()
        );
    }
}
