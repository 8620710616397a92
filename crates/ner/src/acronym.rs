//! A document-level pass after tagging: an acronym defined in the text by its expansion,
//! "the Federation of Master Builders (FMB)", takes its type from the expansion, and the
//! expansion's extent is known from the acronym's letters.
//!
//! The definition is the pattern `expansion ( ACRONYM )` where the expansion's words,
//! read backwards from the bracket, start with the acronym's letters in order (function
//! words such as "of", "and", "for", "the" may sit between them). Then:
//! - a capitalised expansion becomes one entity: of the kind the model gave most of its
//!   tokens, or ORG when the model left it untagged and a word of it is an organisation
//!   word ("Institute", "Ministry", "Inc"); every mention of the acronym in the document
//!   gets that kind;
//! - a lower-case expansion ("artificial intelligence (AI)", "merger and acquisition
//!   (M&A)") shows the acronym is a common noun: its mentions are left untagged.
//!
//! Only whole single-token mentions change: a mention inside a longer entity stays.
//!
//! An acronym the document does not define as a name, and that modern text uses as a
//! common noun (`data/common_acronyms.txt`: "API", "GPU", "AI"), is left untagged when it
//! stands alone as an entity, and so are its plural ("APIs") and its compounds with a
//! lower-case word ("AI-powered"); so is the plural of any acronym ("CVEs", "NGOs"), which
//! counts things rather than naming one. The 1996 newswire taught the model that an all-caps
//! word is an organisation; in today's text most of them are technologies.

use std::collections::HashMap;

use crate::hashing::hash_str;
use crate::lexicon::{cat, Lexicon};
use crate::shape::normalise;
use crate::tags::{Kind, Tag};

/// Function words an expansion may hold between its initial-bearing words.
const CONNECTORS: &[&str] = &[
    "of", "and", "for", "the", "&", "de", "on", "in", "to", "at", "du", "des", "la", "y",
];

/// "FMB", "M&A", "CIOB": 2 to 8 characters, letters (at least two, all upper-case apart
/// from lower-case letters after the first: "CIoB") and `&`.
fn acronym_letters(w: &str) -> Option<Vec<char>> {
    let n = w.chars().count();
    if !(2..=8).contains(&n) || !w.starts_with(|c: char| c.is_uppercase()) {
        return None;
    }
    let mut letters = Vec::new();
    for c in w.chars() {
        if c.is_uppercase() {
            letters.extend(c.to_lowercase());
        } else if c != '&' && !c.is_lowercase() {
            return None;
        }
    }
    (letters.len() >= 2).then_some(letters)
}

/// What a definition says about its acronym.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Typing {
    /// The kind, and whether the definition alone shows the acronym is a name (its
    /// expansion holds an organisation word).
    Kind(Kind, bool),
    NotAName,
}

/// Finds the expansion before a bracketed acronym: the start token of the expansion and
/// whether its initial-bearing words are capitalised (`None` if the letters do not match).
fn expansion(words: &[&str], open: usize, letters: &[char]) -> Option<(usize, bool)> {
    let (start, caps, lower) = match_back(words, open, letters, 0, 0)?;
    match (caps, lower) {
        (_, 0) => Some((start, true)),
        (0, _) => Some((start, false)),
        _ => None,
    }
}

/// Matches `letters` against the initials of the words before `end`, last letter first;
/// a function word may give its initial ("Institute of Building" for "IOB") or be
/// passed over. Returns the first word's index and the counts of capitalised and
/// lower-case initial-bearing words.
fn match_back(
    words: &[&str],
    end: usize,
    letters: &[char],
    caps: usize,
    lower: usize,
) -> Option<(usize, usize, usize)> {
    let Some((&need, rest)) = letters.split_last() else {
        return Some((end, caps, lower));
    };
    let j = end.checked_sub(1)?;
    let w = words[j];
    let first = w.chars().next()?;
    let connector = first.is_lowercase() && CONNECTORS.contains(&normalise(w).as_str());
    if first.is_alphabetic() && first.to_lowercase().next()? == need {
        let (c, l) = if first.is_uppercase() {
            (caps + 1, lower)
        } else {
            (caps, lower + usize::from(!connector))
        };
        if let Some(found) = match_back(words, j, rest, c, l) {
            return Some(found);
        }
    }
    if connector {
        return match_back(words, j, letters, caps, lower);
    }
    None
}

/// An acronym's single-token mentions (sentence, token) and how many are tagged as names.
type Mentions = (Vec<(usize, usize)>, usize);

/// Types acronyms from their expansions across one document (see the module docs).
pub(crate) fn type_acronyms(doc: &[Vec<&str>], tags: &mut [Vec<Tag>], lex: &Lexicon) {
    let mut typed: HashMap<&str, Option<Typing>> = HashMap::new();
    for (s, words) in doc.iter().enumerate() {
        for open in 1..words.len().saturating_sub(2) {
            if words[open] != "(" || words[open + 2] != ")" {
                continue;
            }
            let acr = words[open + 1];
            let Some(letters) = acronym_letters(acr) else {
                continue;
            };
            let Some((start, capitalised)) = expansion(words, open, &letters) else {
                continue;
            };
            let typing = if capitalised {
                let span = &mut tags[s][start..open];
                let mut votes = [0usize; 4];
                for t in span.iter() {
                    if let Some(k) = t.kind() {
                        votes[k as usize] += 1;
                    }
                }
                let best = (0..4).max_by_key(|&k| (votes[k], k)).unwrap_or(0);
                let org_word = words[start..open]
                    .iter()
                    .any(|w| lex.word_by_hash(hash_str(&normalise(w))).mask & cat::ORG_SUFFIX != 0);
                let kind = if votes[best] > 0 {
                    Some(Kind::ALL[best])
                } else if org_word {
                    Some(Kind::Org)
                } else {
                    None
                };
                let Some(kind) = kind else { continue };
                // An entity the model began earlier ("The Federation of ...") goes on.
                let joined = span[0] == Tag::I(kind);
                for (k, t) in span.iter_mut().enumerate() {
                    *t = if k == 0 && !joined {
                        Tag::B(kind)
                    } else {
                        Tag::I(kind)
                    };
                }
                if let Some(Tag::I(k)) = tags[s].get(open).copied() {
                    tags[s][open] = Tag::B(k);
                }
                Typing::Kind(kind, org_word)
            } else {
                Typing::NotAName
            };
            typed
                .entry(acr)
                .and_modify(|t| {
                    if *t != Some(typing) {
                        *t = None;
                    }
                })
                .or_insert(Some(typing));
        }
    }
    untag_common_acronyms(doc, tags, lex, &typed);
    if typed.is_empty() {
        return;
    }
    // Single-token mentions of each acronym, and how many the model tagged as names.
    let mut mentions: HashMap<&str, Mentions> = HashMap::new();
    for (s, (words, tags)) in doc.iter().zip(tags.iter()).enumerate() {
        for (i, w) in words.iter().enumerate() {
            if !matches!(typed.get(w), Some(Some(_))) {
                continue;
            }
            let inside = matches!(tags[i], Tag::I(_)) || matches!(tags.get(i + 1), Some(Tag::I(_)));
            if !inside {
                let m = mentions.entry(w).or_default();
                m.0.push((s, i));
                m.1 += usize::from(tags[i] != Tag::O);
            }
        }
    }
    for (acr, (places, named)) in mentions {
        let Some(Some(typing)) = typed.get(acr) else {
            continue;
        };
        // The expansion decides the kind; whether the acronym is a name at all stays the
        // model's call when it left most mentions untagged ("Domain Name System (DNS)").
        let all = named * 2 > places.len();
        for (s, i) in places {
            tags[s][i] = match *typing {
                Typing::Kind(k, sure) if sure || all || tags[s][i] != Tag::O => Tag::B(k),
                Typing::Kind(..) => Tag::O,
                Typing::NotAName => Tag::O,
            };
        }
    }
}

/// The acronym a token is built on when it is one ("APIs" and "AI-powered" give "API" and
/// "AI"), else the token.
fn acronym_stem(w: &str) -> &str {
    if let Some((head, tail)) = w.split_once('-') {
        if tail.starts_with(|c: char| c.is_lowercase()) {
            return head;
        }
    }
    match w.strip_suffix('s') {
        Some(stem) if stem.len() >= 2 && stem.chars().all(|c| c.is_uppercase()) => stem,
        _ => w,
    }
}

/// Untags single-token entities that are common-noun acronyms (see the module docs),
/// unless the document defines the acronym as a name.
fn untag_common_acronyms(
    doc: &[Vec<&str>],
    tags: &mut [Vec<Tag>],
    lex: &Lexicon,
    typed: &HashMap<&str, Option<Typing>>,
) {
    for (words, tags) in doc.iter().zip(tags.iter_mut()) {
        for i in 0..words.len() {
            if !matches!(tags[i], Tag::B(_)) || matches!(tags.get(i + 1), Some(Tag::I(_))) {
                continue;
            }
            let stem = acronym_stem(words[i]);
            let defined = matches!(typed.get(stem), Some(Some(Typing::Kind(..))));
            // A plural ("CVEs", "NGOs") counts things: a common noun whatever the letters.
            let plural = stem.len() + 1 == words[i].len() && words[i].ends_with('s');
            if !defined && (plural || lex.is_common_acronym(stem)) {
                tags[i] = Tag::O;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(doc: &[Vec<&str>], tags: &mut [Vec<Tag>]) {
        type_acronyms(doc, tags, Lexicon::builtin().unwrap());
    }

    #[test]
    fn acronyms_take_the_type_and_extent_of_their_expansion() {
        use Tag::{B, I, O};
        let doc = vec![
            vec![
                "Centers", "for", "Disease", "Control", "(", "CDC", ")", "data",
            ],
            vec!["The", "CDC", "said", "so", "."],
        ];
        let mut tags = vec![
            vec![O, O, B(Kind::Org), I(Kind::Org), O, B(Kind::Per), O, O],
            vec![O, B(Kind::Loc), O, O, O],
        ];
        run(&doc, &mut tags);
        assert_eq!(
            tags[0],
            [
                B(Kind::Org),
                I(Kind::Org),
                I(Kind::Org),
                I(Kind::Org),
                O,
                B(Kind::Org),
                O,
                O
            ]
        );
        assert_eq!(tags[1][1], B(Kind::Org));
    }

    #[test]
    fn untagged_organisation_words_and_lower_case_expansions() {
        use Tag::{B, O};
        let doc = vec![
            vec![
                "the",
                "Chartered",
                "Institute",
                "of",
                "Building",
                "(",
                "CIOB",
                ")",
            ],
            vec![
                "artificial",
                "intelligence",
                "(",
                "AI",
                ")",
                "and",
                "AI",
                "tools",
            ],
            vec!["Acme", "Widgets", "(", "XYZ", ")"],
        ];
        let mut tags = vec![
            vec![O; 8],
            vec![O, O, O, B(Kind::Org), O, O, B(Kind::Org), O],
            vec![B(Kind::Org), O, O, O, O],
        ];
        run(&doc, &mut tags);
        assert_eq!(tags[0][1], B(Kind::Org));
        assert_eq!(tags[0][6], B(Kind::Org));
        assert_eq!(tags[1], vec![O; 8]);
        // Letters that do not match the words: nothing changes.
        assert_eq!(tags[2], [B(Kind::Org), O, O, O, O]);
    }

    #[test]
    fn common_noun_acronyms_are_not_names_unless_defined_as_one() {
        use Tag::{B, I, O};
        let doc = vec![
            vec![
                "The",
                "API",
                "and",
                "CVEs",
                "in",
                "AI-powered",
                "GPU",
                "tools",
            ],
            vec!["NASA", "and", "the", "API", "Group", "said", "so"],
        ];
        let mut tags = vec![
            vec![
                O,
                B(Kind::Org),
                O,
                B(Kind::Org),
                O,
                B(Kind::Misc),
                B(Kind::Org),
                O,
            ],
            vec![B(Kind::Org), O, O, B(Kind::Org), I(Kind::Org), O, O],
        ];
        run(&doc, &mut tags);
        assert_eq!(tags[0], vec![O; 8]);
        // A name that is not in the list, and an acronym inside a longer name, stay.
        assert_eq!(tags[1][0], B(Kind::Org));
        assert_eq!(tags[1][3..5], [B(Kind::Org), I(Kind::Org)]);
        // Defined by a capitalised expansion: a name in this document.
        let doc = vec![
            vec!["Application", "Programming", "Interface", "(", "API", ")"],
            vec!["API", "said", "so"],
        ];
        let mut tags = vec![
            vec![B(Kind::Org), I(Kind::Org), I(Kind::Org), O, B(Kind::Org), O],
            vec![B(Kind::Org), O, O],
        ];
        run(&doc, &mut tags);
        assert_eq!(tags[1][0], B(Kind::Org));
    }
}
