//! `newsmill tag --conll`: the same lines back, each token with one more column.

use crate::util::{stderr, stdout, Workdir};

#[test]
fn appends_a_predicted_tag_to_every_token_line() {
    let wd = Workdir::new();
    let input = "-DOCSTART- -X- -X- O\n\nPeter NNP B-NP B-PER\nBlackburn NNP I-NP I-PER\nvisited VBD B-VP O\nMinsk NNP B-NP B-LOC\n. . O O\n\n";
    wd.create("dev.conll", input);
    let out = wd.run(&["tag", "--conll", "dev.conll"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let (got, want): (Vec<&str>, Vec<&str>) = (text.lines().collect(), input.lines().collect());
    assert_eq!(got.len(), want.len(), "{text}");
    for (g, w) in got.iter().zip(&want) {
        if w.is_empty() || w.starts_with("-DOCSTART-") {
            assert_eq!(g, w);
            continue;
        }
        assert!(g.starts_with(w), "{g:?} does not extend {w:?}");
        let tag = g[w.len()..].trim();
        assert!(
            tag == "O" || tag.starts_with("B-") || tag.starts_with("I-"),
            "not an IOB2 tag: {tag:?}"
        );
    }
}

#[test]
fn missing_file_is_an_error() {
    let wd = Workdir::new();
    let out = wd.run(&["tag", "--conll", "nope.conll"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("nope.conll"));
}
