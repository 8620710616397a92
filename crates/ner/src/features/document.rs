//! Document-level evidence: what the other mentions of a word show (static, from the text)
//! and the tags already given to it (dynamic, from decoding).

use super::{DocFeatures, TokenInfo};
use crate::lexicon::cat;
use crate::shape::{capc, is_capitalised};
use crate::tags::Tag;

/// Bits of what a capitalised word's mentions across a document suggest.
pub(super) mod evidence {
    /// In a capitalised run with an organisation suffix ("Pirelli SpA").
    pub const ORG_RUN: u16 = 1;
    /// Right after a capitalised first name ("Mike Pompeo").
    pub const AFTER_FIRST: u16 = 2;
    /// Right after a title ("President Lukashenka").
    pub const AFTER_TITLE: u16 = 4;
    /// In a results-table row.
    pub const TABLE: u16 = 8;
    /// Right after "in" / "near".
    pub const AFTER_IN: u16 = 16;
    /// Right after "at" / "from" / "against" / "beat".
    pub const AFTER_AT: u16 = 32;
    /// In the headline (first sentence).
    pub const HEADLINE: u16 = 64;
    /// The first pronoun after its capitalised run in the sentence is "its" / "it" /
    /// "which": what follows speaks of a thing ("HCA said in its notice").
    pub const ITS: u16 = 128;
    /// The first pronoun after it is "he" / "his" / "she" / "her" / "who": a person.
    pub const HIS_HER: u16 = 256;
    /// Next to words that speak of a firm or body: "chief executive of", "shares of",
    /// "acquired", "'s CEO" ("the CEO of Dataminr", "Jamf's shareholders").
    pub const FIRM: u16 = 512;
}

/// Words before "of" / "at" that make what follows a firm or body ("CEO of X").
const FIRM_BEFORE_OF: &[&str] = &[
    "ceo",
    "cfo",
    "cto",
    "coo",
    "founder",
    "co-founder",
    "cofounder",
    "chairman",
    "chairwoman",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "executive",
    "employees",
    "employee",
    "staff",
    "shareholders",
    "shares",
    "stake",
    "acquisition",
    "subsidiary",
    "unit",
    "division",
    "owner",
    "parent",
    "board",
    "customers",
    "users",
    "members",
];

/// Words right before a name that make it a firm ("acquires X", "rival X").
const FIRM_BEFORE: &[&str] = &[
    "acquire",
    "acquires",
    "acquired",
    "acquiring",
    "rival",
    "rivals",
    "startup",
    "firm",
    "company",
    "retailer",
    "brand",
    "platform",
    "app",
    "website",
    "outlet",
    "publisher",
    "studio",
    "chain",
    "manufacturer",
    "provider",
    "maker",
    "giant",
    "conglomerate",
];

/// Words right after a name's possessive that make it a firm ("X's CEO").
const FIRM_AFTER_POSSESSIVE: &[&str] = &[
    "ceo",
    "cfo",
    "cto",
    "founder",
    "chairman",
    "shareholders",
    "shares",
    "stock",
    "board",
    "employees",
    "staff",
    "customers",
    "users",
    "platform",
    "app",
    "website",
    "products",
    "headquarters",
    "subsidiary",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "acquisition",
];

/// How far after a capitalised run the first pronoun is looked for.
const PRONOUN_WINDOW: usize = 12;

/// Tags already given to each lower-cased capitalised word in this document, by the
/// word's index in the document.
#[derive(Default)]
pub(crate) struct History {
    counts: Vec<[u16; 5]>,
    /// Words that are the first (bit 1 << k) or last (bit 16 << k) token of a multi-token
    /// entity of kind k: a lone "Pompeo" after "Mike Pompeo".
    pub(super) span_edges: Vec<u8>,
}

impl History {
    /// An empty history for a document's words.
    pub(crate) fn for_doc(doc: &DocFeatures) -> History {
        History {
            counts: vec![[0; 5]; doc.num_words],
            span_edges: vec![0; doc.num_words],
        }
    }

    /// Records the edges of every multi-token entity of a tagged sentence.
    pub(crate) fn record_spans(&mut self, doc: &DocFeatures, s: usize, tags: &[Tag]) {
        let toks = &doc.sentences[s];
        let mut i = 0;
        while i < tags.len() {
            let Some(k) = tags[i].kind() else {
                i += 1;
                continue;
            };
            let mut j = i + 1;
            while j < tags.len() && tags[j] == Tag::I(k) {
                j += 1;
            }
            if j - i >= 2 {
                self.span_edges[toks[i].word as usize] |= 1 << k as u8;
                self.span_edges[toks[j - 1].word as usize] |= 16 << k as u8;
            }
            i = j;
        }
    }

    pub(crate) fn record(&mut self, doc: &DocFeatures, s: usize, i: usize, tag: Tag) {
        let t = &doc.sentences[s][i];
        if !is_capitalised(t.cap) {
            return;
        }
        let slot = match tag.kind() {
            None => 4,
            Some(k) => k as usize,
        };
        self.counts[t.word as usize][slot] += 1;
    }

    /// The most frequent tag kind (slot 4 = outside) given to a word, and whether it was
    /// the only one; `exclude` removes one occurrence (the token's own first-pass tag).
    pub(super) fn majority(&self, word: u32, exclude: Option<Tag>) -> Option<(usize, bool)> {
        let mut c = *self.counts.get(word as usize)?;
        if let Some(t) = exclude {
            let slot = t.kind().map_or(4, |k| k as usize);
            c[slot] = c[slot].saturating_sub(1);
        }
        let total: u16 = c.iter().sum();
        if total == 0 {
            return None;
        }
        let (best, &n) = c.iter().enumerate().max_by_key(|(_, &n)| n)?;
        Some((best, n == total))
    }
}

/// Per lower-cased word (by its index in the document), the [`evidence`] bits of all its
/// capitalised mentions.
pub(super) fn mention_evidence(
    sentences: &[Vec<TokenInfo>],
    table_row: &[bool],
    num_words: usize,
    lower_text: &str,
) -> Vec<u16> {
    let mut out = vec![0u16; num_words];
    for (s, toks) in sentences.iter().enumerate() {
        for (i, t) in toks.iter().enumerate() {
            if !is_capitalised(t.cap) {
                continue;
            }
            let mut e = 0;
            if t.run_has_orgsuf && t.mask & cat::ORG_SUFFIX == 0 {
                e |= evidence::ORG_RUN;
            }
            if table_row[s] {
                e |= evidence::TABLE;
            }
            if s == 0 {
                e |= evidence::HEADLINE;
            }
            if let Some(p) = i.checked_sub(1).map(|j| &toks[j]) {
                if p.mask & cat::TITLE != 0 {
                    e |= evidence::AFTER_TITLE;
                }
                if t.run_pos == 2 && p.mask & cat::FIRST_NAME != 0 {
                    e |= evidence::AFTER_FIRST;
                }
                if p.cap == capc::LOWER {
                    match p.lower.of(lower_text) {
                        "in" | "near" => e |= evidence::AFTER_IN,
                        "at" | "from" | "against" | "beat" => e |= evidence::AFTER_AT,
                        _ => {}
                    }
                }
            }
            if t.run_pos > 0 && t.run_pos == t.run_len.min(4) {
                e |= next_pronoun(&toks[i + 1..], lower_text);
                if firm_after(&toks[i + 1..], lower_text) {
                    e |= evidence::FIRM;
                }
            }
            if t.run_pos == 1 && firm_before(&toks[..i], lower_text) {
                e |= evidence::FIRM;
            }
            out[t.word as usize] |= e;
        }
        // The pronoun evidence of a run's last word holds for the whole run.
        let mut i = toks.len();
        while i > 0 {
            i -= 1;
            let t = &toks[i];
            if t.run_pos < 2 {
                continue;
            }
            let bits = out[t.word as usize] & (evidence::ITS | evidence::HIS_HER | evidence::FIRM);
            let first = i + 1 - usize::from(t.run_pos);
            for u in &toks[first..i] {
                out[u.word as usize] |= bits;
            }
            i = first;
        }
    }
    out
}

/// Whether the words before a name ("the CEO of", "acquired") speak of a firm.
fn firm_before(before: &[TokenInfo], lower_text: &str) -> bool {
    let w = |k: usize| {
        before
            .len()
            .checked_sub(k)
            .map(|j| before[j].lower.of(lower_text))
    };
    match (w(2), w(1)) {
        (Some(a), Some("of" | "at")) => FIRM_BEFORE_OF.contains(&a),
        (_, Some(b)) => FIRM_BEFORE.contains(&b),
        _ => false,
    }
}

/// Whether the words after a name ("'s CEO") speak of a firm.
fn firm_after(after: &[TokenInfo], lower_text: &str) -> bool {
    match after {
        [p, w, ..] if matches!(p.lower.of(lower_text), "'s" | "'") => {
            FIRM_AFTER_POSSESSIVE.contains(&w.lower.of(lower_text))
        }
        _ => false,
    }
}

/// The [`evidence`] bit of the first personal or relative pronoun among `after`.
fn next_pronoun(after: &[TokenInfo], lower_text: &str) -> u16 {
    for t in after.iter().take(PRONOUN_WINDOW) {
        match t.lower.of(lower_text) {
            "its" | "it" | "which" => return evidence::ITS,
            "he" | "his" | "him" | "she" | "her" | "who" | "whom" => return evidence::HIS_HER,
            _ => {}
        }
    }
    0
}

/// "2-1", "3-0": a match score.
pub(super) fn is_score(w: &str) -> bool {
    let Some((a, b)) = w.split_once('-') else {
        return false;
    };
    let num = |x: &str| !x.is_empty() && x.len() <= 3 && x.bytes().all(|c| c.is_ascii_digit());
    num(a) && num(b)
}
