//! The tagger (crates/tag) on any text, which runs its date and amount
//! normalisers, quotes and entities: no panic, and every mention's span lies
//! inside the body (spans count characters). Public entry point: `Tagger::tag`; the date and
//! amount finders alone are not public.
#![no_main]
use libfuzzer_sys::fuzz_target;
use newsmill_records::Article;
use newsmill_tag::{Tagger, Watchlist};
use std::sync::LazyLock;

static TAGGER: LazyLock<Tagger> = LazyLock::new(|| {
    let watchlist =
        Watchlist::from_toml(include_str!("../../config/entities.toml"), "entities.toml")
            .expect("watch-list");
    Tagger::builtin(watchlist).expect("tagger")
});

fuzz_target!(init: { LazyLock::force(&TAGGER); }, |data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut article = Article::from_paragraphs("fuzz", "https://example.org/a", text.split("\n\n"));
    article.published = chrono::DateTime::parse_from_rfc3339("2024-05-02T08:00:00+02:00").ok();
    let tagged = TAGGER.tag(&article);
    let chars = article.body().chars().count();
    for m in tagged.mentions.iter().map(|m| (m.start, m.end)).chain(tagged.quotes.iter().map(|q| (q.start, q.end))) {
        assert!(m.0 <= m.1 && m.1 <= chars, "{m:?} in {chars} characters of {text:?}");
    }
});
