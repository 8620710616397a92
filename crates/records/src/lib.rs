/*!
Shared record types that flow through newsmill's stages.

The pipeline is `fetch → scrape → tag → export`, and the stages talk to each other
only through the types defined here:

* [`Lead`]: a URL discovered by a source (feed entry, sitemap entry, listing link),
  with what the source said about it ([`Hints`]).
* [`Page`]: a fetched (or archived) HTTP response, raw bytes and selected headers.
* [`Article`]: what the scraper extracted from a page: metadata, body blocks, images,
  quality flags and provenance of the chosen values.
* [`Mention`], [`Entity`], [`Quote`]: what the tagger found in an article, gathered in
  [`Tagged`].
* [`Record`]: an article with its tags, the unit that export writes.
* [`Failure`]: an item that could not be processed, with the stage and reason.

This crate holds data only: no I/O, no networking, no parsing. Everything derives
serde so records can be stored in the state database and written as JSON.
*/
#![deny(missing_docs)]

mod article;
mod entity;
mod ids;
mod page;
mod record;

pub use crate::{
    article::{
        Article, Block, BlockKind, Candidate, Choice, Image, PageType, Provenance, QualityFlags,
    },
    entity::{Entity, Geo, Label, Mention, Quote, Tagged},
    ids::{article_id, content_hash, slug},
    page::{Hints, Lead, Page},
    record::{Failure, Record, Run, RunId, SourceSummary, Stage},
};
