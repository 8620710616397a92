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

#[test]
fn stats_report_counts_and_timings_on_stderr() {
    let wd = Workdir::new();
    let doc = "-DOCSTART- -X- -X- O\n\nPeter NNP\nvisited VBD\nMinsk NNP\n\nHe PRP\nleft VBD\n\n";
    wd.create("two.conll", format!("{doc}{doc}"));
    let out = wd.run(&["tag", "--conll", "two.conll", "--stats"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    let line = err.lines().last().expect("a stats line");
    let stats: serde_json::Value = serde_json::from_str(line).unwrap();
    assert_eq!(stats["documents"], 2);
    assert_eq!(stats["sentences"], 4);
    assert_eq!(stats["tokens"], 10);
    assert!(stats["load_s"].as_f64().unwrap() >= 0.0, "{stats}");
    assert!(stats["tokens_per_s"].as_f64().unwrap() > 0.0, "{stats}");
    assert!(!stdout(&out).contains('{'), "stats stay off stdout");
}
