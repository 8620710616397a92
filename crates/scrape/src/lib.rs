/*!
Article extraction: turns a fetched [`Page`] into an [`Article`].

Does: refuses bytes that are a binary file (PDF, image, archive, executable, font,
media; WHATWG MIME sniffing), decodes the bytes (BOM, `Content-Type` header, `<meta charset>`, then
detection), parses the HTML once, and finds the main content of any kind of page
with a small learned model ([`train::ContentModel`], committed and embedded): the
page is cut into text blocks, a page-type classifier says whether it is an
article, forum thread, product, collection, listing, documentation or service
page, and two passes of gradient-boosted trees score every block as main content
or boilerplate from general features (text and link density, punctuation and
stop words, tags and ancestors, class/id/role hints and learned class-name
tokens, position, neighbours, the boxes around it, repeated structures, the page
type). The body is the blocks above the model's threshold, in order: an
article's text, every post of a thread, the whole list of a listing. Reads the
metadata (title, authors, publication and update dates with provenance,
language, canonical URL, description, section, tags, lead image, images with
captions and credits) and sets quality flags (paywalled, truncated, needs
JavaScript, charset confidence). Site profiles ([`SiteProfile`]) override the
generic choices with CSS selectors where a user wants exact control.

Design: one parse with html5ever's tree builder into a small arena of our own, fed
by a byte-level tokenizer of our own (html5ever's tokenizer for the odd page it does
not take, with the same tree) through a guard that bounds the nesting depth (512)
and the formatting elements the tree builder re-creates, so hostile markup costs
time linear in its size, after a byte scan has
emptied `<script>`/`<style>`/`<svg>` elements and dropped comments and the
attributes nothing reads (`data-*`, `onclick`, `<a href>`, ...): over half the
bytes of a typical news page; the arena is laid out as a flat pre-order array with
subtree ranges and per-node text lengths, so every later step (hints, statistics,
blocks, features, dates) is a linear pass without re-serialising HTML. Only a
site profile's CSS selectors need a full DOM: pages a profile matches are parsed a
second time with `scraper`. The model is trained by
`cargo run --release -p newsmill-scrape --example train_content -- ../shared/bench`,
which prints its figures cross-validated by domain; `bench/quality.sh` measures
them next to trafilatura and rs-trafilatura with the benchmarks' own scorers.

Does not: fetch anything, run JavaScript, tag entities, or keep state. Synchronous and
pure: call [`Extractor::extract`] from a blocking thread or rayon; an [`Extractor`] is
`Send + Sync` and can be shared.

```
use newsmill_records::Page;
use newsmill_scrape::{Extractor, ScrapeConfig};

let html = r#"<html lang="en"><head><title>Tram line extended | City News</title>
<meta property="og:site_name" content="City News">
<meta property="article:published_time" content="2024-05-02T08:00:00+02:00"></head>
<body><nav><a href="/">Home</a></nav><article><h1>Tram line extended</h1>
<p class="byline">By Ana Ruiz</p>
<p>The council voted on Tuesday to extend the tram line to the airport by 2027, after
two years of debate about the cost and the route through the old town.</p>
<p>Construction starts next spring. The first trams will run every ten minutes and the
trip from the central station will take twenty-two minutes.</p></article></body></html>"#;
let page = Page::from_bytes("demo", "https://news.example/tram", html.as_bytes().to_vec());
let article = Extractor::new(ScrapeConfig::default())?.extract(&page)?;
assert_eq!(article.title.as_deref(), Some("Tram line extended"));
assert_eq!(article.authors, ["Ana Ruiz"]);
assert_eq!(article.blocks.len(), 2);
assert_eq!(article.page_type, newsmill_records::PageType::Article);
# Ok::<(), newsmill_scrape::ScrapeError>(())
```
*/
#![deny(missing_docs)]

mod authors;
mod boilerplate;
mod config;
mod content;
mod dates;
mod error;
mod extractor;
mod flags;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
mod html;
mod images;
mod jsonld;
mod meta;
mod metadata;
mod model;
#[cfg(any(test, feature = "fuzzing"))]
mod parity;
mod profile;
mod stocklines;

#[doc(hidden)]
pub use crate::metadata::training as metadata_training;
pub use crate::{
    config::{ScrapeConfig, SiteProfile},
    error::ScrapeError,
    extractor::Extractor,
};

/// The content model's parts, for its trainer (`examples/train_content`): the
/// features of a page exactly as extraction computes them, the model's pieces
/// and their file format. [`Extractor::with_model`] and
/// [`Extractor::extract_with_sample`] go with them.
pub mod train {
    pub use crate::content::{
        block_families, block_feature_names, class_token, context_feature_names, Family, ModelTime,
        Sample, TokenTable, CONTEXT_FEATURES, DENSE, PAGE, PAGE_TYPE_FEATURES, TOKEN_FEATURES,
    };
    pub use crate::model::{most_probable, rules, sigmoid, ContentModel, Forest, Node};
}
