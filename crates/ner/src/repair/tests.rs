//! Tests of the span repairs.

use super::*;
use Tag::{B, I, O};

fn run(words: &[&str], tags: &mut [Tag]) {
    repair_sentence(words, tags, Lexicon::builtin().unwrap());
}

/// Repairs the tags of `words` (split on spaces) and compares them with `expected`;
/// tags are written "O B-ORG I-ORG" (CoNLL's names).
fn check(words: &str, tags: &str, expected: &str) {
    let words: Vec<&str> = words.split(' ').collect();
    let mut repaired: Vec<Tag> = tags.split(' ').map(parse).collect();
    assert_eq!(words.len(), repaired.len(), "{words:?}");
    run(&words, &mut repaired);
    let expected: Vec<Tag> = expected.split(' ').map(parse).collect();
    assert_eq!(repaired, expected, "{words:?}");
}

fn parse(tag: &str) -> Tag {
    let kind = |k: &str| match k {
        "PER" => Kind::Per,
        "ORG" => Kind::Org,
        "LOC" => Kind::Loc,
        "MISC" => Kind::Misc,
        other => panic!("unknown kind {other}"),
    };
    match tag.split_once('-') {
        None if tag == "O" => O,
        Some(("B", k)) => B(kind(k)),
        Some(("I", k)) => I(kind(k)),
        _ => panic!("unknown tag {tag}"),
    }
}

#[test]
fn organisation_words_take_their_of_phrase() {
    let w = [
        "at",
        "the",
        "University",
        "of",
        "California",
        ",",
        "Berkeley",
    ];
    let mut t = [
        O,
        O,
        B(Kind::Org),
        I(Kind::Org),
        B(Kind::Loc),
        O,
        B(Kind::Loc),
    ];
    run(&w, &mut t);
    // A state university's campus is part of its name.
    assert_eq!(
        t,
        [
            O,
            O,
            B(Kind::Org),
            I(Kind::Org),
            I(Kind::Org),
            I(Kind::Org),
            I(Kind::Org)
        ]
    );
    let w = [
        "the",
        "Embassy",
        "of",
        "the",
        "Bolivarian",
        "Republic",
        "of",
        "Venezuela",
        "in",
    ];
    let mut t = [
        O,
        B(Kind::Org),
        O,
        O,
        B(Kind::Loc),
        I(Kind::Loc),
        I(Kind::Loc),
        I(Kind::Loc),
        O,
    ];
    run(&w, &mut t);
    assert_eq!(t[1], B(Kind::Org));
    assert!(t[2..8].iter().all(|t| *t == I(Kind::Org)), "{t:?}");
    assert_eq!(t[8], O);
    check(
        "by the Chartered Institute of Building .",
        "O O O O O O O",
        "O O B-ORG I-ORG I-ORG I-ORG O",
    );
}

#[test]
fn a_name_of_several_words_leaves_its_possessive_out() {
    check(
        "at Northwestern University ’s Kellogg School",
        "O B-ORG I-ORG I-ORG O O",
        "O B-ORG I-ORG O O O",
    );
    let w = [
        "Academy",
        "of",
        "Art",
        "University",
        "'s",
        "School",
        "of",
        "Graphic",
        "Design",
    ];
    let mut t = [I(Kind::Org); 9];
    t[0] = B(Kind::Org);
    run(&w, &mut t);
    let org = [B(Kind::Org), I(Kind::Org), I(Kind::Org), I(Kind::Org)];
    assert_eq!(t[..4], org);
    assert_eq!(t[4], O);
    assert_eq!(t[5..], org);
    check(
        "at Lord 's on Monday",
        "O B-LOC I-LOC O O",
        "O B-LOC I-LOC O O",
    );
}

#[test]
fn names_end_on_a_name_and_leave_titles_out() {
    check("in Amsterdam From here", "O B-LOC I-LOC O", "O B-LOC O O");
    check(
        "said President Lukashenko .",
        "O B-PER I-PER O",
        "O O B-PER O",
    );
    // A president of a country stays out of the organisation rule.
    check(
        "the President of France said",
        "O O O B-LOC O",
        "O O O B-LOC O",
    );
}

#[test]
fn a_campus_joins_only_a_state_university() {
    let w = ["University", "of", "Alabama", "at", "Birmingham", "."];
    let mut t = [B(Kind::Org), I(Kind::Org), I(Kind::Org), O, B(Kind::Loc), O];
    run(&w, &mut t);
    assert_eq!(
        t[..5],
        [
            B(Kind::Org),
            I(Kind::Org),
            I(Kind::Org),
            I(Kind::Org),
            I(Kind::Org)
        ]
    );
    // Not a state: the city after the comma is a place of its own.
    check(
        "the University of Redlands , Redlands .",
        "O B-ORG I-ORG I-ORG O B-LOC O",
        "O B-ORG I-ORG I-ORG O B-LOC O",
    );
    // A list of universities, and a country after the comma.
    let w = [
        "University",
        "of",
        "Michigan",
        ",",
        "Johns",
        "Hopkins",
        "University",
    ];
    let mut t = [
        B(Kind::Org),
        I(Kind::Org),
        I(Kind::Org),
        O,
        B(Kind::Org),
        I(Kind::Org),
        I(Kind::Org),
    ];
    let before = t;
    run(&w, &mut t);
    assert_eq!(t, before);
    let w = ["University", "of", "Texas", ",", "Mexico", "and"];
    let mut t = [B(Kind::Org), I(Kind::Org), I(Kind::Org), O, B(Kind::Loc), O];
    let before = t;
    run(&w, &mut t);
    assert_eq!(t, before);
}

#[test]
fn committees_take_their_on_phrase_and_institutes_their_for_phrase() {
    check(
        "the Business Group on Health , a",
        "O B-ORG I-ORG O B-ORG O O",
        "O B-ORG I-ORG I-ORG I-ORG O O",
    );
    let w = [
        "the",
        "Goddard",
        "Institute",
        "for",
        "Space",
        "Studies",
        "reports",
    ];
    let mut t = [O; 7];
    run(&w, &mut t);
    assert_eq!(t[0], O);
    assert_eq!(t[1], B(Kind::Org));
    assert!(t[2..6].iter().all(|t| *t == I(Kind::Org)), "{t:?}");
    assert_eq!(t[6], O);
    let w = [
        "the",
        "Herberger",
        "Institute",
        "for",
        "Design",
        "and",
        "the",
        "Arts",
        ",",
    ];
    let mut t = [
        O,
        B(Kind::Org),
        I(Kind::Org),
        I(Kind::Org),
        I(Kind::Org),
        O,
        O,
        O,
        O,
    ];
    run(&w, &mut t);
    assert!(t[2..8].iter().all(|t| *t == I(Kind::Org)), "{t:?}");
    assert_eq!(t[8], O);
    // A date or a place after "on" is not part of the name.
    for w in [
        ["the", "Security", "Council", "on", "Monday", "said"],
        ["the", "Security", "Council", "on", "Syria", "said"],
    ] {
        let mut t = [O, B(Kind::Org), I(Kind::Org), O, O, O];
        if w[4] == "Syria" {
            t[4] = B(Kind::Loc);
        }
        let before = t;
        run(&w, &mut t);
        assert_eq!(t, before);
    }
    // A building does not take "on": "Arts Center on Peachtree".
    let w = ["the", "Arts", "Center", "on", "Peachtree", "Street"];
    let mut t = [O, B(Kind::Loc), I(Kind::Loc), O, B(Kind::Loc), I(Kind::Loc)];
    let before = t;
    run(&w, &mut t);
    assert_eq!(t, before);
}

#[test]
fn an_organisation_word_alone_after_the_is_no_name() {
    check(
        "at the Institute , the Institute of Physics",
        "O O B-ORG O O B-ORG I-ORG I-ORG",
        "O O O O O B-ORG I-ORG I-ORG",
    );
    check("The Agency is a club", "O B-ORG O O O", "O B-ORG O O O");
}

#[test]
fn an_organisation_takes_the_organisation_word_after_it() {
    check(
        "Dallas Independent School District can",
        "B-ORG I-ORG I-ORG O O",
        "B-ORG I-ORG I-ORG I-ORG O",
    );
    // A place does not: "Mission District" stays as tagged.
    check("the Mission District is", "O B-LOC O O", "O B-LOC O O");
}
