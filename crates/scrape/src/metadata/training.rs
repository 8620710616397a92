//! What the `train_metadata` example needs: a page's title, author and date
//! candidates with the features the extractor computes for them, and the fitting
//! code. Not a stable interface; [`crate::Extractor`] is the crate's API.
//!
//! `cargo run --release -p newsmill-scrape --example train_metadata -- ../shared/bench`
//! rewrites `crates/scrape/src/metadata/model.json` and prints the cross-validated
//! and fit figures.

use newsmill_records::Page;

use crate::authors::{self, AuthorInputs};
use crate::content::Analysis;
use crate::dates::{self, DateInputs};
use crate::error::ScrapeError;
use crate::html::dom::Dom;
use crate::html::{charset, dom, rawtext};
use crate::jsonld::JsonLd;
use crate::meta::MetaTags;
use crate::metadata;

pub use super::learn::{fit, fit_bagged, fit_boosted, Bag, Boost, Example, Fit};
pub use super::ranker::{Features, Model, ModelError, Node, Tree, Weights};

/// One title candidate.
#[derive(Clone, Debug)]
pub struct TitleCandidate {
    /// The text the extractor would give.
    pub text: String,
    /// Where it came from (`title`, `og`, `ld`, `h1`, ...).
    pub source: &'static str,
    /// The ranker's features.
    pub features: Features,
}

/// One author candidate: the names one source gives (none for the "none" option).
#[derive(Clone, Debug)]
pub struct AuthorCandidate {
    /// The names the extractor would give.
    pub names: Vec<String>,
    /// Where they came from (`json-ld`, `meta`, `class`, `line`, ..., `none`).
    pub source: &'static str,
    /// The ranker's features.
    pub features: Features,
}

/// One date option: a day the page names (or "no date").
#[derive(Clone, Debug)]
pub struct DateCandidate {
    /// The value the extractor would give (ISO 8601, as precise as the source),
    /// `None` for "no date".
    pub value: Option<String>,
    /// The ranker's source name of the candidate given for the day (`meta:og`,
    /// `time:pub`, ..., `none`).
    pub source: &'static str,
    /// The ranker's features.
    pub features: Features,
}

/// A page's metadata candidates, as the extractor computes them.
#[derive(Clone, Debug)]
pub struct PageCandidates {
    /// Title candidates.
    pub titles: Vec<TitleCandidate>,
    /// Author candidates, "none" last.
    pub authors: Vec<AuthorCandidate>,
    /// Date candidates, "no date" last.
    pub dates: Vec<DateCandidate>,
}

/// Reads a page as [`crate::Extractor::extract_lenient`] does (no site profiles)
/// and lists its metadata candidates.
pub fn candidates(page: &Page) -> Result<PageCandidates, ScrapeError> {
    let url = if page.final_url.is_empty() {
        page.url.as_str()
    } else {
        page.final_url.as_str()
    };
    if page.body.iter().all(u8::is_ascii_whitespace) {
        return Err(ScrapeError::Unreadable {
            url: url.to_string(),
            reason: "empty body".into(),
        });
    }
    let decoded = charset::decode(&page.body, page.content_type.as_deref(), url);
    let stripped = rawtext::strip(&decoded.text, true);
    // As the extractor reads it: a page whose text is all inside `<noscript>`
    // (forum engines) is read as a browser without scripts shows it.
    let unwrapped = crate::content::unwrap_noscript(&stripped);
    let stripped = unwrapped.as_deref().unwrap_or(&stripped);
    let doc = dom::parse(stripped);
    let dom = Dom::build(&doc);
    let meta = MetaTags::collect(&dom);
    let ld = JsonLd::parse(&meta.json_ld);
    let analysis = Analysis::new(&dom, &[]);
    let containers: Vec<u32> = analysis.container(&dom).into_iter().collect();
    let headline = metadata::headline_anchor(&dom, &meta, &ld);

    let site = metadata::SiteNames::of(&meta, &ld).with_page(&dom);
    let titles = metadata::title::options(&dom, &meta, &ld, &site, containers.first().copied())
        .into_iter()
        .map(|o| TitleCandidate {
            text: o.text,
            source: o.source,
            features: o.features,
        })
        .collect();
    let authors = authors::options(&AuthorInputs {
        dom: &dom,
        meta: &meta,
        json_ld: &ld,
        feed: &page.hints.authors,
        profile: None,
        site: &site,
        headline,
    })
    .into_iter()
    .map(|o| AuthorCandidate {
        names: o.names,
        source: o.source,
        features: o.features,
    })
    .collect();
    let inputs = DateInputs {
        dom: &dom,
        meta: &meta,
        json_ld: &ld,
        url,
        fetched_at: page.fetched_at,
        feed_published: page.hints.published,
        feed_modified: page.hints.modified,
        profile_date: None,
        headline,
        prefer_mdy: metadata::month_first(&meta, &ld, url),
        raw_html: &decoded.text,
        body_boxes: &containers,
    };
    let cands = dates::candidates(&inputs);
    let dates = dates::options(&inputs, &cands)
        .into_iter()
        .map(|(given, features)| DateCandidate {
            value: given.map(|i| cands[i].date.iso()),
            source: given.map_or("none", |i| cands[i].source),
            features,
        })
        .collect();
    Ok(PageCandidates {
        titles,
        authors,
        dates,
    })
}

/// The model the extractor uses (the committed `model.json`).
pub fn committed_model() -> &'static Model {
    &super::ranker::MODEL
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_read_a_noscript_page_as_the_extractor_does() {
        // A forum engine's page: the thread, with its schema.org author, only
        // inside `<noscript>`.
        let html = r#"<html><head><title>Tram line | Forum</title></head><body>
            <div id="app"></div><noscript><div itemscope itemtype="http://schema.org/DiscussionForumPosting">
            <h1>Tram line extended to the airport</h1>
            <span itemprop="author" itemscope itemtype="http://schema.org/Person"><span itemprop="name">tramfan77</span></span>
            <p>The council voted on Tuesday to extend the tram line to the airport, a plan first
            discussed ten years ago. Work starts in spring and the first trams run in two years,
            the transport office says, if the budget holds and the contracts are signed soon.</p>
            </div></noscript></body></html>"#;
        let page = Page::from_bytes("t", "https://forum.example/t/1", html.as_bytes().to_vec());
        let c = candidates(&page).unwrap();
        assert!(
            c.authors
                .iter()
                .any(|a| a.source == "microdata" && a.names == ["tramfan77"]),
            "{:?}",
            c.authors
        );
        assert!(c
            .titles
            .iter()
            .any(|t| t.source == "h1" && t.text == "Tram line extended to the airport"));
    }
}
