//! Feature extraction: per-token features hashed to 32-bit keys.
//!
//! Families can be switched off one by one ([`Families`]) for ablation; the set a model was
//! trained with is stored in its header so tagging extracts exactly the same features.

use std::collections::HashMap;

use crate::hashing::{hash_str, FeatureKey, FxBuild};
use crate::lexicon::{cat, Lexicon, WordInfo};
use crate::shape::{capc, is_capitalised, WordForms};
use crate::tags::{Tag, NUM_TAGS};

mod document;
mod prev_tags;
mod statics;

pub(crate) use prev_tags::{tag_cap_features, tag_pair_features, NUM_CAP_CLASSES};
pub(crate) use statics::{small, small_key, KeySink};

pub(crate) use document::History;
use document::{is_score, mention_evidence};

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
    /// Word classes learned from unlabelled text: the word's and its neighbours' paths.
    pub const CLUSTERS: Families = Families(128);
    /// Name lists (organisation and software words, `data/org_names.txt.gz` and
    /// `data/software_names.txt.gz`): the word's and its neighbours' lists and the lists of
    /// its capitalised run.
    pub const NAME_LISTS: Families = Families(256);
    /// Every family.
    pub const ALL: Families = Families(511);
    /// Names for command-line flags, in bit order.
    pub const NAMES: [(&'static str, Families); 9] = [
        ("context", Families::CONTEXT),
        ("shape", Families::SHAPE),
        ("affixes", Families::AFFIXES),
        ("gazetteer", Families::GAZETTEER),
        ("wordfreq", Families::WORD_FREQ),
        ("document", Families::DOCUMENT),
        ("prevtags", Families::PREV_TAGS),
        ("clusters", Families::CLUSTERS),
        ("namelists", Families::NAME_LISTS),
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

/// Stand-ins for words beyond the sentence edges.
const BOS: u64 = 0x5eed_0001;
const EOS: u64 = 0x5eed_0002;
const NONE: u64 = 0x5eed_0003;

/// Where a word's lower-cased form sits in [`DocFeatures::lower_text`].
#[derive(Clone, Copy)]
struct Span {
    start: u32,
    len: u32,
}

impl Span {
    fn of(self, text: &str) -> &str {
        &text[self.start as usize..(self.start + self.len) as usize]
    }
}

/// What one token contributes to features.
pub(crate) struct TokenInfo {
    /// Index of the token's spelling in the document ([`DocFeatures::spelling_tokens`]).
    pub(crate) spelling: u32,
    lower: Span,
    lower_hash: u64,
    /// Dense index of the lower-cased word in the document (keys per-word state).
    pub(crate) word: u32,
    /// Hashes of the word with digits folded, its shape and its collapsed shape.
    raw_hash: u64,
    shape_hash: u64,
    short_shape_hash: u64,
    cap: u8,
    zipf: u8,
    mask: u8,
    starts_phrase: bool,
    cluster: u16,
    /// Name lists of the word, and of any word of its capitalised run
    /// ([`names`](crate::lexicon::names) bits).
    names: u8,
    run_names: u8,
    gaz_begin: u8,
    gaz_inside: u8,
    /// Position in the run of capitalised tokens (0 = not capitalised), run length.
    run_pos: u8,
    run_len: u8,
    run_has_orgsuf: bool,
    /// Hash of the whole lower-cased capitalised run ("new york stock exchange").
    run_hash: u64,
    /// Looks like a score ("2-1", "3-0").
    is_score: bool,

    /// Document flags: seen lower-case elsewhere, seen Title-case mid-sentence elsewhere.
    doc_lower: bool,
    doc_title_mid: bool,
    /// Document evidence about the word's other mentions ([`evidence`] bits).
    doc_evidence: u16,
}

/// The properties of one spelling of a word, computed once per document.
struct Spelling {
    id: u32,
    lower: Span,
    lower_hash: u64,
    word: u32,
    raw_hash: u64,
    shape_hash: u64,
    short_shape_hash: u64,
    cap: u8,
    is_score: bool,
    info: WordInfo,
}

impl Spelling {
    fn new(
        id: u32,
        w: &str,
        lex: &Lexicon,
        known: &mut HashMap<u64, (u32, WordInfo), FxBuild>,
        forms: &mut WordForms,
        lower_text: &mut String,
    ) -> Spelling {
        forms.fill(w);
        let lower_hash = hash_str(&forms.lower);
        let n_words = known.len() as u32;
        let (word, info) = *known
            .entry(lower_hash)
            .or_insert_with(|| (n_words, lex.word_by_hash(lower_hash)));
        let spelling = Spelling {
            id,
            is_score: is_score(w),
            raw_hash: hash_str(&forms.raw),
            lower_hash,
            word,
            lower: Span {
                start: lower_text.len() as u32,
                len: forms.lower.len() as u32,
            },
            shape_hash: hash_str(&forms.shape),
            short_shape_hash: hash_str(&forms.short_shape),
            cap: forms.cap,
            info,
        };
        lower_text.push_str(&forms.lower);
        spelling
    }
}

/// Per-document feature state.
pub(crate) struct DocFeatures {
    families: Families,
    pub(crate) sentences: Vec<Vec<TokenInfo>>,
    /// Per distinct spelling, its first token (sentence, index).
    pub(crate) spelling_tokens: Vec<(u32, u32)>,
    /// The lower-cased forms of the document's spellings ([`Span`]s index it).
    lower_text: String,
    /// Number of distinct lower-cased words.
    num_words: usize,
    caps_sentence: Vec<bool>,
    /// Sentences that look like rows of a results table (many numbers).
    table_row: Vec<bool>,
    /// Hash of the document's topic word, 0 if none.
    topic: u64,
    /// Score-like tokens ("2-1") in the document: 0 none, 1 a few, 2 many.
    sport: u8,
}

impl DocFeatures {
    pub(crate) fn new(doc: &[Vec<&str>], lex: &Lexicon, families: Families) -> DocFeatures {
        let mut sentences = Vec::with_capacity(doc.len());
        let mut caps_sentence = Vec::with_capacity(doc.len());
        let mut table_row = Vec::with_capacity(doc.len());
        // Words repeat within a document: look each up in the big lexicon once.
        let n_tokens = doc.iter().map(Vec::len).sum();
        let mut known: HashMap<u64, (u32, WordInfo), FxBuild> =
            HashMap::with_capacity_and_hasher(n_tokens, FxBuild::default());
        // And compute each distinct spelling's own properties once.
        let mut spellings: HashMap<&str, Spelling, FxBuild> =
            HashMap::with_capacity_and_hasher(n_tokens, FxBuild::default());
        let mut forms = WordForms::default();
        // Every distinct spelling's lower-cased form, one after the other.
        let mut lower_text = String::with_capacity(n_tokens * 4);
        let mut spelling_tokens = Vec::new();
        // Per-sentence buffers, reused.
        let (mut caps, mut begin, mut inside, mut infos) = (vec![], vec![], vec![], vec![]);
        let mut run = String::new();
        for (s, sent) in doc.iter().enumerate() {
            let mut toks: Vec<TokenInfo> = sent
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    let sp = spellings.entry(w).or_insert_with(|| {
                        spelling_tokens.push((s as u32, i as u32));
                        let id = spelling_tokens.len() as u32 - 1;
                        Spelling::new(id, w, lex, &mut known, &mut forms, &mut lower_text)
                    });
                    TokenInfo {
                        spelling: sp.id,
                        is_score: sp.is_score,
                        raw_hash: sp.raw_hash,
                        lower_hash: sp.lower_hash,
                        word: sp.word,
                        zipf: sp.info.zipf10,
                        mask: sp.info.mask,
                        starts_phrase: sp.info.starts_phrase,
                        cluster: sp.info.cluster,
                        names: sp.info.names,
                        run_names: 0,
                        lower: sp.lower,
                        shape_hash: sp.shape_hash,
                        short_shape_hash: sp.short_shape_hash,
                        cap: sp.cap,
                        gaz_begin: 0,
                        gaz_inside: 0,
                        run_pos: 0,
                        run_len: 0,
                        run_has_orgsuf: false,
                        run_hash: 0,
                        doc_lower: false,
                        doc_title_mid: false,
                        doc_evidence: 0,
                    }
                })
                .collect();
            let letters = toks
                .iter()
                .filter(|t| t.cap != capc::OTHER && t.cap != capc::DIGIT);
            let n_alpha = letters.clone().count();
            let n_upper = letters
                .filter(|t| t.cap == capc::UPPER && t.lower.len > 1)
                .count();
            caps_sentence.push(n_upper >= 2 && n_upper * 5 >= n_alpha * 3);
            let numbers = toks.iter().filter(|t| t.cap == capc::DIGIT).count();
            table_row.push(numbers >= 2 && numbers * 10 >= toks.len() * 3);
            caps.clear();
            caps.extend(toks.iter().map(|t| is_capitalised(t.cap)));
            begin.clear();
            begin.resize(toks.len(), 0u8);
            inside.clear();
            inside.resize(toks.len(), 0u8);
            infos.clear();
            infos.extend(toks.iter().map(|t| WordInfo {
                zipf10: t.zipf,
                mask: t.mask,
                starts_phrase: t.starts_phrase,
                cluster: t.cluster,
                names: t.names,
            }));
            let lower_refs: Vec<&str> = toks.iter().map(|t| t.lower.of(&lower_text)).collect();
            lex.match_phrases(&lower_refs, &infos, &caps, &mut begin, &mut inside);
            drop(lower_refs);
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
                let run_names = toks[i..j].iter().fold(0, |m, t| m | t.names);
                // The hash of the run's lower-cased words joined by spaces.
                run.clear();
                for (k, t) in toks[i..j].iter().enumerate() {
                    if k > 0 {
                        run.push(' ');
                    }
                    run.push_str(t.lower.of(&lower_text));
                }
                let run_hash = hash_str(&run);
                for (k, t) in toks[i..j].iter_mut().enumerate() {
                    t.run_pos = (k + 1).min(4) as u8;
                    t.run_len = (j - i).min(5) as u8;
                    t.run_has_orgsuf = orgsuf;
                    t.run_names = run_names;
                    t.run_hash = run_hash;
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
        let num_words = known.len();
        let mut seen = vec![0u8; num_words];
        for (s, toks) in sentences.iter().enumerate() {
            if caps_sentence[s] {
                continue;
            }
            for (i, t) in toks.iter().enumerate() {
                let flag = match t.cap {
                    capc::LOWER => 1,
                    capc::TITLE if i > 0 && !is_opener(toks[i - 1].lower.of(&lower_text)) => 2,
                    _ => 0,
                };
                if flag != 0 {
                    seen[t.word as usize] |= flag;
                }
            }
        }
        let evidence = mention_evidence(&sentences, &table_row, num_words, &lower_text);
        let mut scores = 0usize;
        for toks in &mut sentences {
            for t in toks.iter_mut() {
                let f = seen[t.word as usize];
                t.doc_lower = f & 1 != 0;
                t.doc_title_mid = f & 2 != 0;
                t.doc_evidence = evidence[t.word as usize];
                scores += usize::from(t.is_score);
            }
        }
        let sport = match scores {
            0 => 0,
            1..=2 => 1,
            _ => 2,
        };
        // The first word of an ALL-CAPS first line ("SOCCER - ...") names the topic.
        let topic = match sentences.first() {
            Some(first) if caps_sentence[0] => first.first().map_or(0, |t| t.lower_hash),
            _ => 0,
        };
        DocFeatures {
            families,
            sentences,
            spelling_tokens,
            lower_text,
            num_words,
            caps_sentence,
            table_row,
            topic,
            sport,
        }
    }

    /// A token's lower-cased form.
    fn lower(&self, t: &TokenInfo) -> &str {
        t.lower.of(&self.lower_text)
    }

    /// The number of distinct lower-cased words (word indices are below it).
    pub(crate) fn num_words(&self) -> usize {
        self.num_words
    }

    /// The feature families in use.
    pub(crate) fn families(&self) -> Families {
        self.families
    }
    /// Appends the keys of the features of token `i` of sentence `s` that depend on earlier
    /// decisions: the previous two tags, the tags already given to the same word in this
    /// document, and (second pass) the first pass's tags for its other mentions.
    pub(crate) fn dynamic_features(
        &self,
        s: usize,
        i: usize,
        prev: [Tag; 2],
        history: &History,
        first_pass: Option<(&History, Tag)>,
        out: &mut Vec<u32>,
    ) {
        self.document_features(s, i, history, first_pass, out);
        self.prev_tag_features(s, i, prev, out);
    }

    /// The decision-dependent document features of a token (tags given to its word so far
    /// and, in the second pass, by the first pass).
    pub(crate) fn document_features(
        &self,
        s: usize,
        i: usize,
        history: &History,
        first_pass: Option<(&History, Tag)>,
        out: &mut Vec<u32>,
    ) {
        let fam = self.families;
        let t = &self.sentences[s][i];
        let f = |tpl: u8| FeatureKey::new(tpl);
        if fam.has(Families::DOCUMENT) && is_capitalised(t.cap) {
            match history.majority(t.word, None) {
                Some((k, unanimous)) => {
                    out.push(f(51).num(k as u64).num(u64::from(unanimous)).finish());
                    out.push(f(52).num(k as u64).num(t.lower_hash).finish());
                }
                None => out.push(f(53).finish()),
            }
            match first_pass {
                None => out.push(f(54).finish()),
                Some((labels, own)) => match labels.majority(t.word, Some(own)) {
                    Some((k, unanimous)) => {
                        out.push(f(55).num(k as u64).num(u64::from(unanimous)).finish());
                        out.push(f(56).num(k as u64).num(own.index() as u64).finish());
                    }
                    None => out.push(f(57).num(own.index() as u64).finish()),
                },
            }
            if let Some((labels, own)) = first_pass {
                let edges = labels.span_edges[t.word as usize];
                if edges != 0 {
                    out.push(f(67).num(u64::from(edges)).num(own.index() as u64).finish());
                }
            }
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
    use super::document::evidence;
    use super::*;

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
        d.static_features(1, 4, &mut out);
        d.dynamic_features(1, 4, [Tag::O, Tag::O], &History::default(), None, &mut out);
        let n_all = out.len();
        let lean = DocFeatures::new(&doc, lex, Families(0));
        out.clear();
        lean.static_features(1, 4, &mut out);
        lean.dynamic_features(1, 4, [Tag::O, Tag::O], &History::default(), None, &mut out);
        assert!(out.len() == 3 && n_all > 30, "{} {}", out.len(), n_all);
    }

    #[test]
    fn word_and_context_parts_make_the_static_features() {
        let lex = Lexicon::builtin().unwrap();
        let doc = vec![
            vec!["SOCCER", "-", "Pirelli", "BEAT", "Ajax", "2-1", "."],
            vec![
                "\"", "Pirelli", "Corp", "said", "Mr", "Ruch", "won", "in", "Ajax",
            ],
        ];
        let d = DocFeatures::new(&doc, lex, Families::ALL);
        assert_eq!(d.spelling_tokens.len(), 14);
        for (s, sent) in doc.iter().enumerate() {
            for i in 0..sent.len() {
                let (mut all, mut parts) = (Vec::new(), Vec::new());
                d.static_features(s, i, &mut all);
                let (rs, ri) = d.spelling_tokens[d.sentences[s][i].spelling as usize];
                d.word_features(rs as usize, ri as usize, &mut parts);
                let n_word = parts.len();
                d.context_features(s, i, &mut parts);
                assert!(n_word >= 7 && parts.len() > n_word + 20, "{s} {i}");
                all.sort_unstable();
                parts.sort_unstable();
                assert_eq!(all, parts, "token {s} {i}");
            }
        }
    }

    #[test]
    fn previous_tag_features_split_into_tables_and_the_word() {
        let lex = Lexicon::builtin().unwrap();
        let doc = vec![vec!["Pirelli", "cables", "in", "CHINA", "2-1"]];
        let d = DocFeatures::new(&doc, lex, Families::ALL);
        for i in 0..5 {
            for k in 0..NUM_TAGS {
                let last = Tag::from_index(k);
                let (mut all, mut parts) = (Vec::new(), Vec::new());
                d.last_tag_features(0, i, last, &mut all);
                tag_cap_features(Families::ALL, last, d.cap_class(0, i), &mut parts);
                d.word_tag_feature(0, i, last, &mut parts);
                all.sort_unstable();
                parts.sort_unstable();
                assert_eq!(all, parts);
                assert!((d.cap_class(0, i) as usize) < NUM_CAP_CLASSES);
            }
        }
        let mut none = Vec::new();
        tag_cap_features(
            Families::ALL.without(Families::PREV_TAGS),
            Tag::O,
            0,
            &mut none,
        );
        tag_pair_features(Families(0), [Tag::O, Tag::O], &mut none);
        assert!(none.is_empty());
    }

    #[test]
    fn mention_evidence_and_scores() {
        let lex = Lexicon::builtin().unwrap();
        let doc = vec![
            vec!["Pirelli", "cables", "in", "China"],
            vec!["Pirelli", "Corp", "said", "Mr", "Ruch", "won", "2-1", "."],
        ];
        let d = DocFeatures::new(&doc, lex, Families::ALL);
        let pirelli = d.sentences[0][0].doc_evidence;
        assert_ne!(pirelli & evidence::ORG_RUN, 0);
        assert_ne!(pirelli & evidence::HEADLINE, 0);
        assert_ne!(d.sentences[0][3].doc_evidence & evidence::AFTER_IN, 0);
        assert_eq!(d.sentences[1][1].doc_evidence & evidence::ORG_RUN, 0);
        let pronouns = vec![
            vec!["Dataminr", "said", "its", "platform", "grew", "."],
            vec![
                "Tipton", ",", "who", "runs", "it", ",", "said", "he", "won", ".",
            ],
        ];
        let p = DocFeatures::new(&pronouns, lex, Families::ALL);
        assert_ne!(p.sentences[0][0].doc_evidence & evidence::ITS, 0);
        assert_eq!(p.sentences[0][0].doc_evidence & evidence::HIS_HER, 0);
        assert_ne!(p.sentences[1][0].doc_evidence & evidence::HIS_HER, 0);
        assert_eq!(p.sentences[1][0].doc_evidence & evidence::ITS, 0);
        let firms = vec![
            vec!["Francisco", "Partners", "acquired", "Jamf", "."],
            vec![
                "Mr", "Smith", ",", "the", "CEO", "of", "Jamf", ",", "said", "Dataminr", "'s",
                "board", "met",
            ],
        ];
        let f = DocFeatures::new(&firms, lex, Families::ALL);
        assert_ne!(f.sentences[0][3].doc_evidence & evidence::FIRM, 0);
        assert_ne!(f.sentences[1][9].doc_evidence & evidence::FIRM, 0);
        assert_eq!(f.sentences[1][1].doc_evidence & evidence::FIRM, 0);
        assert!(is_score("2-1") && !is_score("1996-08-30") && !is_score("-1"));
        assert_eq!(d.sport, 1);
    }

    #[test]
    fn best_tag_respects_iob2() {
        let mut s = [0.0; NUM_TAGS];
        s[Tag::I(crate::tags::Kind::Per).index()] = 5.0;
        s[Tag::B(crate::tags::Kind::Org).index()] = 1.0;
        assert_eq!(best_tag(&s, Tag::O), Tag::B(crate::tags::Kind::Org).index());
        assert_eq!(
            best_tag(&s, Tag::B(crate::tags::Kind::Per)),
            Tag::I(crate::tags::Kind::Per).index()
        );
    }
}
