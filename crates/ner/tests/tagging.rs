//! End-to-end checks of the shipped model and the CoNLL reader/writer on our own fixtures.

use newsmill_ner::{
    read_documents, split_sentences, tag_conll, tokenize, ConllCounts, Kind, Model, NerError, Tag,
};

const SMALL: &str = include_str!("fixtures/small.conll");
const SHIPPED: &[u8] = include_bytes!("../model/ner.bin");

#[test]
fn builtin_model_loads_and_round_trips_through_bytes() {
    let model = Model::builtin().unwrap();
    assert!(model.num_features() > 10_000);
    let bytes = model.to_bytes().unwrap();
    let again = Model::from_bytes(&bytes).unwrap();
    assert_eq!(again.num_features(), model.num_features());
    let doc = vec![vec!["Angela", "Merkel", "visited", "Paris", "."]];
    assert_eq!(model.tag_document(&doc), again.tag_document(&doc));
}

#[test]
fn beam_and_greedy_decoding_give_valid_iob2() {
    let greedy = Model::builtin().unwrap().with_beam_width(1);
    let beam = Model::builtin().unwrap();
    let doc = vec![
        vec!["SOCCER", "-", "LEEDS", "BEAT", "NEWCASTLE", "2-1", "."],
        vec!["Leeds", "2", "Newcastle", "1"],
        vec![
            "Howard",
            "Wilkinson",
            "'s",
            "Leeds",
            "United",
            "won",
            "in",
            "London",
            ".",
        ],
        vec![],
    ];
    for model in [&greedy, &beam] {
        let tags = model.tag_document(&doc);
        assert_eq!(tags.len(), doc.len());
        for (sent, t) in doc.iter().zip(&tags) {
            assert_eq!(sent.len(), t.len());
            let mut prev = Tag::O;
            for &tag in t {
                assert!(tag.may_follow(prev), "{tag} after {prev} in {t:?}");
                prev = tag;
            }
        }
        assert_eq!(tags[2][1], Tag::I(Kind::Per));
        assert_eq!(tags[2][7], Tag::B(Kind::Loc));
    }
}

#[test]
fn rejects_corrupt_models() {
    assert!(matches!(
        Model::from_bytes(b"not a model"),
        Err(NerError::Model(_))
    ));
    let mut bytes = SHIPPED.to_vec();
    bytes[8] = 99; // version
    let err = Model::from_bytes(&bytes).unwrap_err().to_string();
    assert!(err.contains("version 99"), "{err}");
    let mut truncated = SHIPPED.to_vec();
    truncated.truncate(truncated.len() / 2);
    assert!(Model::from_bytes(&truncated).is_err());
}

#[test]
fn tags_clear_names_in_running_text() {
    let model = Model::builtin().unwrap();
    let text = "Mike Pompeo met Belarusian President Alexander Lukashenko in Minsk on Saturday. \
                The U.S. Secretary of State said Washington wanted better ties with Belarus.";
    let tokens = tokenize(text);
    let sents: Vec<Vec<&str>> = split_sentences(text, &tokens)
        .into_iter()
        .map(|r| tokens[r].iter().map(|t| t.text.as_str()).collect())
        .collect();
    assert_eq!(sents.len(), 2);
    let tags = model.tag_document(&sents);
    let find = |word: &str| {
        sents
            .iter()
            .zip(&tags)
            .flat_map(|(s, t)| s.iter().zip(t))
            .find(|(w, _)| **w == word)
            .map(|(_, t)| *t)
            .unwrap()
    };
    assert_eq!(find("Pompeo"), Tag::I(Kind::Per));
    assert_eq!(find("Lukashenko"), Tag::I(Kind::Per));
    assert_eq!(find("Minsk"), Tag::B(Kind::Loc));
    assert_eq!(find("Belarus"), Tag::B(Kind::Loc));
    assert_eq!(find("Belarusian"), Tag::B(Kind::Misc));
    assert_eq!(find("met"), Tag::O);
}

#[test]
fn tag_conll_keeps_lines_and_appends_a_tag() {
    let model = Model::builtin().unwrap();
    let mut out = Vec::new();
    let counts = tag_conll(&model, SMALL.as_bytes(), &mut out).unwrap();
    let out = String::from_utf8(out).unwrap();
    let (ins, outs): (Vec<&str>, Vec<&str>) = (SMALL.lines().collect(), out.lines().collect());
    assert_eq!(ins.len(), outs.len());
    for (i, o) in ins.iter().zip(&outs) {
        if i.is_empty() || i.starts_with("-DOCSTART-") {
            assert_eq!(i, o);
        } else {
            let (prefix, tag) = o.rsplit_once(' ').unwrap();
            assert_eq!(prefix, *i);
            tag.parse::<Tag>().unwrap();
        }
    }
    assert!(out.contains("Merkel NNP I-NP I-PER I-PER"));
    assert!(out.contains("Paris NNP I-NP B-LOC B-LOC"));
    let tokens = ins
        .iter()
        .filter(|l| !l.is_empty() && !l.starts_with("-DOCSTART-"))
        .count();
    assert_eq!(counts.tokens, tokens);
    assert_eq!(counts.documents, 2);
}

#[test]
fn reads_gold_documents_and_reports_bad_lines() {
    let docs = read_documents(SMALL.as_bytes(), "small.conll").unwrap();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].sentences.len(), 2);
    assert_eq!(
        docs[1].sentences[0][2],
        ("Microsoft".to_string(), Tag::B(Kind::Org))
    );
    let err = read_documents("Paris NNP I-NP B-PLACE\n".as_bytes(), "bad.conll").unwrap_err();
    assert_eq!(
        err.to_string(),
        "bad.conll:1: last column \"B-PLACE\" is not an IOB tag"
    );
    // IOB1 input is converted to IOB2.
    let iob1 = read_documents("New I-LOC\nYork I-LOC\n".as_bytes(), "x").unwrap();
    assert_eq!(iob1[0].sentences[0][0].1, Tag::B(Kind::Loc));
}

#[test]
fn empty_input_is_fine() {
    let model = Model::builtin().unwrap();
    let mut out = Vec::new();
    let counts = tag_conll(&model, "".as_bytes(), &mut out).unwrap();
    assert!(out.is_empty());
    assert_eq!(counts, ConllCounts::default());
    assert!(model.tag_document(&[]).is_empty());
    assert_eq!(model.tag_document(&[vec![]]), vec![Vec::<Tag>::new()]);
}

#[test]
fn crlf_lines_and_bad_bytes() {
    let model = Model::builtin().unwrap();
    let mut out = Vec::new();
    let counts = tag_conll(&model, "Paris NNP\r\n\r\nRome NNP\r\n".as_bytes(), &mut out).unwrap();
    assert_eq!(counts.tokens, 2);
    assert_eq!(counts.sentences, 2);
    let out = String::from_utf8(out).unwrap();
    assert_eq!(out.lines().count(), 3);
    assert!(!out.contains('\r'), "{out:?}");
    assert!(out.starts_with("Paris NNP B-LOC\n"), "{out:?}");

    let err = tag_conll(&model, &b"Paris NNP\n\xff bad\n"[..], &mut Vec::new()).unwrap_err();
    assert!(matches!(err, NerError::Io { line: 2, .. }), "{err:?}");
}

#[test]
fn tag_text_tokenizes_splits_and_tags_one_document() {
    let model = Model::builtin().unwrap();
    let text = "Angela Merkel visited Paris on Monday. She met Emmanuel Macron there.";
    let tagged = model.tag_text(text);
    assert_eq!(tagged.sentences.len(), 2);
    assert_eq!(tagged.tags.len(), 2);
    for (range, tags) in tagged.sentences.iter().zip(&tagged.tags) {
        assert_eq!(range.len(), tags.len());
    }
    let paris = tagged
        .tokens
        .iter()
        .position(|t| t.text == "Paris")
        .unwrap();
    let flat: Vec<Tag> = tagged.tags.iter().flatten().copied().collect();
    assert_eq!(flat[paris], Tag::B(Kind::Loc));
    let words: Vec<Vec<&str>> = tagged
        .sentences
        .iter()
        .map(|r| {
            tagged.tokens[r.clone()]
                .iter()
                .map(|t| t.text.as_str())
                .collect()
        })
        .collect();
    assert_eq!(model.tag_document(&words), tagged.tags);
}
