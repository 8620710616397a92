//! A document pass after tagging: a person named in full ("Hannah Cairo") and then by the
//! last word of the name alone ("Cairo grew up in the Bahamas") is the same person. News
//! text names a person once in full and refers back by surname; alone, the surname is
//! often a place or a company name too, and the model, seeing one sentence at a time with
//! only hashed document evidence, can type it as one. A single-token entity whose word
//! (ignoring case: "CANTWELL" in a transcript) ends a multi-token person in the same
//! document becomes a person. Untagged tokens stay untagged.

use std::collections::HashSet;

use crate::tags::{Kind, Tag};

/// Retypes single-token entities that repeat the last word of a person's full name in the
/// same document (see the module docs).
pub(crate) fn persons_by_last_name(doc: &[Vec<&str>], tags: &mut [Vec<Tag>]) {
    let mut last_names: HashSet<String> = HashSet::new();
    for (words, tags) in doc.iter().zip(tags.iter()) {
        for i in 1..words.len() {
            let ends_person =
                tags[i] == Tag::I(Kind::Per) && !matches!(tags.get(i + 1), Some(Tag::I(_)));
            if ends_person {
                last_names.insert(words[i].to_lowercase());
            }
        }
    }
    if last_names.is_empty() {
        return;
    }
    for (words, tags) in doc.iter().zip(tags.iter_mut()) {
        for i in 0..words.len() {
            let single = matches!(tags[i], Tag::B(k) if k != Kind::Per)
                && !matches!(tags.get(i + 1), Some(Tag::I(_)));
            if single && last_names.contains(&words[i].to_lowercase()) {
                tags[i] = Tag::B(Kind::Per);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Tag::{B, I, O};

    #[test]
    fn a_surname_alone_refers_back_to_the_person() {
        let doc = vec![
            vec!["Hannah", "Cairo", "solved", "it", "."],
            vec![
                "Cairo", "moved", "to", "Cairo", "Street", "and", "CAIRO", "said", "so",
            ],
            vec!["Hannah", "went", "to", "Berlin"],
        ];
        let mut tags = vec![
            vec![B(Kind::Per), I(Kind::Per), O, O, O],
            vec![
                B(Kind::Loc),
                O,
                O,
                B(Kind::Loc),
                I(Kind::Loc),
                O,
                B(Kind::Org),
                O,
                O,
            ],
            vec![B(Kind::Loc), O, O, B(Kind::Loc)],
        ];
        persons_by_last_name(&doc, &mut tags);
        assert_eq!(tags[1][0], B(Kind::Per));
        // Inside a longer name it stays; the upper-case mention is the same word.
        assert_eq!(tags[1][3..5], [B(Kind::Loc), I(Kind::Loc)]);
        assert_eq!(tags[1][6], B(Kind::Per));
        // A first name is not a last name; other words are untouched.
        assert_eq!(tags[2], [B(Kind::Loc), O, O, B(Kind::Loc)]);
    }
}
