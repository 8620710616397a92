//! Tests of the span repairs.

use super::*;
use Tag::{B, I, O};

fn run(words: &[&str], tags: &mut [Tag]) {
    repair_sentence(words, tags, Lexicon::builtin().unwrap());
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
    let w = ["by", "the", "Chartered", "Institute", "of", "Building", "."];
    let mut t = [O; 7];
    run(&w, &mut t);
    assert_eq!(
        t,
        [
            O,
            O,
            B(Kind::Org),
            I(Kind::Org),
            I(Kind::Org),
            I(Kind::Org),
            O
        ]
    );
}

#[test]
fn a_name_of_several_words_leaves_its_possessive_out() {
    let w = [
        "at",
        "Northwestern",
        "University",
        "’s",
        "Kellogg",
        "School",
    ];
    let mut t = [O, B(Kind::Org), I(Kind::Org), I(Kind::Org), O, O];
    run(&w, &mut t);
    assert_eq!(t, [O, B(Kind::Org), I(Kind::Org), O, O, O]);
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
    let w = ["at", "Lord", "'s", "on", "Monday"];
    let mut t = [O, B(Kind::Loc), I(Kind::Loc), O, O];
    run(&w, &mut t);
    assert_eq!(t, [O, B(Kind::Loc), I(Kind::Loc), O, O]);
}

#[test]
fn names_end_on_a_name_and_leave_titles_out() {
    let w = ["in", "Amsterdam", "From", "here"];
    let mut t = [O, B(Kind::Loc), I(Kind::Loc), O];
    run(&w, &mut t);
    assert_eq!(t, [O, B(Kind::Loc), O, O]);
    let w = ["said", "President", "Lukashenko", "."];
    let mut t = [O, B(Kind::Per), I(Kind::Per), O];
    run(&w, &mut t);
    assert_eq!(t, [O, O, B(Kind::Per), O]);
    // A president of a country stays out of the organisation rule.
    let w = ["the", "President", "of", "France", "said"];
    let mut t = [O, O, O, B(Kind::Loc), O];
    run(&w, &mut t);
    assert_eq!(t, [O, O, O, B(Kind::Loc), O]);
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
    let w = ["the", "University", "of", "Redlands", ",", "Redlands", "."];
    let mut t = [
        O,
        B(Kind::Org),
        I(Kind::Org),
        I(Kind::Org),
        O,
        B(Kind::Loc),
        O,
    ];
    run(&w, &mut t);
    assert_eq!(
        t,
        [
            O,
            B(Kind::Org),
            I(Kind::Org),
            I(Kind::Org),
            O,
            B(Kind::Loc),
            O
        ]
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
    let w = ["the", "Business", "Group", "on", "Health", ",", "a"];
    let mut t = [O, B(Kind::Org), I(Kind::Org), O, B(Kind::Org), O, O];
    run(&w, &mut t);
    assert_eq!(
        t,
        [
            O,
            B(Kind::Org),
            I(Kind::Org),
            I(Kind::Org),
            I(Kind::Org),
            O,
            O
        ]
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
    let w = [
        "at",
        "the",
        "Institute",
        ",",
        "the",
        "Institute",
        "of",
        "Physics",
    ];
    let mut t = [
        O,
        O,
        B(Kind::Org),
        O,
        O,
        B(Kind::Org),
        I(Kind::Org),
        I(Kind::Org),
    ];
    run(&w, &mut t);
    assert_eq!(t, [O, O, O, O, O, B(Kind::Org), I(Kind::Org), I(Kind::Org)]);
    let w = ["The", "Agency", "is", "a", "club"];
    let mut t = [O, B(Kind::Org), O, O, O];
    run(&w, &mut t);
    assert_eq!(t, [O, B(Kind::Org), O, O, O]);
}

#[test]
fn an_organisation_takes_the_organisation_word_after_it() {
    let w = ["Dallas", "Independent", "School", "District", "can"];
    let mut t = [B(Kind::Org), I(Kind::Org), I(Kind::Org), O, O];
    run(&w, &mut t);
    assert_eq!(
        t,
        [B(Kind::Org), I(Kind::Org), I(Kind::Org), I(Kind::Org), O]
    );
    // A place does not: "Mission District" stays as tagged.
    let w = ["the", "Mission", "District", "is"];
    let mut t = [O, B(Kind::Loc), O, O];
    run(&w, &mut t);
    assert_eq!(t, [O, B(Kind::Loc), O, O]);
}
