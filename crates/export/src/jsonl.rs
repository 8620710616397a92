//! JSON Lines: one nested record per article, described by
//! `schema/articles.schema.json`.

use std::io::Write;

use chrono::{DateTime, FixedOffset, Utc};
use newsmill_records::{Image, Provenance, Record, Run};
use serde::{Serialize, Serializer};

use crate::error::WriteError;
use crate::table::{rfc3339, widen, Prepared};
use crate::writer::{sealed::WritePrepared, TableWriter};

/// The JSON form of a record: the `articles` columns (lists as arrays, images as
/// objects, timestamps as RFC 3339 with the page's offset) plus `provenance`,
/// `entities`, `mentions` and `quotes` arrays; `id` and `not_article` only in
/// `newsmill extract`'s output ([`JsonExtras`]).
#[derive(Serialize)]
struct JsonArticle<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    article_id: &'a str,
    revision: u32,
    url: &'a str,
    canonical_url: Option<&'a str>,
    source: &'a str,
    title: Option<&'a str>,
    authors: &'a [String],
    #[serde(serialize_with = "opt_time")]
    published: Option<DateTime<FixedOffset>>,
    #[serde(serialize_with = "opt_time")]
    modified: Option<DateTime<FixedOffset>>,
    language: Option<&'a str>,
    section: Option<&'a str>,
    tags: &'a [String],
    description: Option<&'a str>,
    word_count: usize,
    page_type: &'static str,
    lead_image: Option<&'a str>,
    images: &'a [Image],
    paywalled: bool,
    truncated: bool,
    needs_js: bool,
    charset: &'a str,
    charset_confidence: Option<f64>,
    published_rule: &'a str,
    published_agreed: bool,
    authors_rule: &'a str,
    content_hash: &'a str,
    #[serde(serialize_with = "utc_time")]
    fetched_at: DateTime<Utc>,
    run_id: &'a str,
    tagging: &'a str,
    body: &'a str,
    provenance: &'a Provenance,
    #[serde(skip_serializing_if = "Option::is_none")]
    entities: Option<Vec<JsonEntity<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mentions: Option<Vec<JsonMention<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    quotes: Option<Vec<JsonQuote<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    not_article: Option<&'a str>,
}

/// What `newsmill extract` adds to (or leaves out of) the `articles.jsonl` record
/// it prints for each input. The default adds nothing: the record is the
/// `articles.jsonl` line.
#[derive(Clone, Copy, Debug, Default)]
pub struct JsonExtras<'a> {
    /// `id`: the input the record came from (a file id, a URL, `-`).
    pub id: Option<&'a str>,
    /// `not_article`: why the page was judged not to be an article (a listing, a
    /// stub); such a page is printed all the same.
    pub not_article: Option<&'a str>,
    /// Leave out `entities`, `mentions` and `quotes`: the page was not tagged
    /// (`--no-tag`), which empty arrays would not tell apart from nothing found.
    pub untagged: bool,
}

#[derive(Serialize)]
struct JsonEntity<'a> {
    entity_id: &'a str,
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    mentions: u32,
    aliases: &'a [String],
    geonames_id: Option<u64>,
    country_code: Option<&'a str>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    watched: bool,
    labels: &'a [String],
}

#[derive(Serialize)]
struct JsonMention<'a> {
    entity_id: Option<&'a str>,
    #[serde(rename = "type")]
    kind: &'static str,
    text: &'a str,
    start: usize,
    end: usize,
    value: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonQuote<'a> {
    speaker_entity_id: Option<&'a str>,
    speaker: Option<&'a str>,
    quote: &'a str,
    start: usize,
    end: usize,
}

fn opt_time<S: Serializer>(t: &Option<DateTime<FixedOffset>>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_str(&rfc3339(t)),
        None => s.serialize_none(),
    }
}

fn utc_time<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&rfc3339(&t.fixed_offset()))
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

impl<'a> JsonArticle<'a> {
    fn new(prepared: &'a Prepared<'a>, extras: &JsonExtras<'a>) -> JsonArticle<'a> {
        let record = prepared.record;
        let a = &record.article;
        let t = &record.tagged;
        let tagged = !extras.untagged;
        JsonArticle {
            id: extras.id,
            article_id: &a.id,
            revision: a.revision,
            url: &a.url,
            canonical_url: a.canonical_url.as_deref(),
            source: &a.source,
            title: a.title.as_deref(),
            authors: &a.authors,
            published: a.published,
            modified: a.modified,
            language: a.language.as_deref(),
            section: a.section.as_deref(),
            tags: &a.tags,
            description: a.description.as_deref(),
            word_count: a.word_count,
            page_type: a.page_type.as_str(),
            lead_image: a.lead_image.as_deref(),
            images: &a.images,
            paywalled: a.flags.paywalled,
            truncated: a.flags.truncated,
            needs_js: a.flags.needs_js,
            charset: &a.flags.charset,
            charset_confidence: finite(widen(a.flags.charset_confidence)),
            published_rule: &a.provenance.published.rule,
            published_agreed: a.provenance.published.agreed,
            authors_rule: &a.provenance.authors.rule,
            content_hash: &a.content_hash,
            fetched_at: a.fetched_at,
            run_id: &record.run_id.0,
            tagging: &record.tagged.tagging,
            body: &prepared.body,
            provenance: &a.provenance,
            not_article: extras.not_article,
            entities: tagged.then(|| {
                t.entities
                    .iter()
                    .map(|e| JsonEntity {
                        entity_id: &e.id,
                        name: &e.name,
                        kind: e.label.as_str(),
                        mentions: e.mentions,
                        aliases: &e.aliases,
                        geonames_id: e.geo.as_ref().map(|g| g.geonames_id),
                        country_code: e
                            .country_code
                            .as_deref()
                            .or(e.geo.as_ref().map(|g| g.country_code.as_str())),
                        latitude: e.geo.as_ref().and_then(|g| finite(g.latitude)),
                        longitude: e.geo.as_ref().and_then(|g| finite(g.longitude)),
                        watched: e.watched,
                        labels: &e.labels,
                    })
                    .collect()
            }),
            mentions: tagged.then(|| {
                t.mentions
                    .iter()
                    .map(|m| JsonMention {
                        entity_id: m.entity_id.as_deref(),
                        kind: m.label.as_str(),
                        text: &m.text,
                        start: m.start,
                        end: m.end,
                        value: m.value.as_deref(),
                    })
                    .collect()
            }),
            quotes: tagged.then(|| {
                t.quotes
                    .iter()
                    .map(|q| JsonQuote {
                        speaker_entity_id: q.speaker_entity_id.as_deref(),
                        speaker: q.speaker.as_deref(),
                        quote: &q.text,
                        start: q.start,
                        end: q.end,
                    })
                    .collect()
            }),
        }
    }
}

/// The JSON object `articles.jsonl` holds for `record` (what `newsmill extract`
/// prints, too).
pub fn record_to_json(record: &Record) -> Result<serde_json::Value, WriteError> {
    let prepared = Prepared::new(record);
    Ok(serde_json::to_value(JsonArticle::new(
        &prepared,
        &JsonExtras::default(),
    ))?)
}

/// Writes the JSON object of `record` with `extras` (no newline), keys in the
/// order of `articles.jsonl`: what `newsmill extract` prints for one input.
pub fn write_record_json(
    writer: impl Write,
    record: &Record,
    extras: &JsonExtras<'_>,
    pretty: bool,
) -> Result<(), WriteError> {
    let prepared = Prepared::new(record);
    let json = JsonArticle::new(&prepared, extras);
    if pretty {
        serde_json::to_writer_pretty(writer, &json)?;
    } else {
        serde_json::to_writer(writer, &json)?;
    }
    Ok(())
}

/// Writes `articles.jsonl`: one JSON object per line, per record.
pub struct JsonlWriter<W: Write> {
    inner: W,
    rows: u64,
}

impl<W: Write> JsonlWriter<W> {
    /// Starts writing into `writer`.
    pub fn new(writer: W) -> JsonlWriter<W> {
        JsonlWriter {
            inner: writer,
            rows: 0,
        }
    }

    /// Records written so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Flushes and returns the underlying writer.
    pub fn into_inner(mut self) -> Result<W, WriteError> {
        self.inner.flush()?;
        Ok(self.inner)
    }
}

impl<W: Write> WritePrepared for JsonlWriter<W> {
    fn write_prepared(&mut self, prepared: &Prepared<'_>) -> Result<(), WriteError> {
        let json = JsonArticle::new(prepared, &JsonExtras::default());
        serde_json::to_writer(&mut self.inner, &json)?;
        self.inner.write_all(b"\n")?;
        self.rows += 1;
        Ok(())
    }
}

impl<W: Write> TableWriter for JsonlWriter<W> {
    /// JSONL holds the articles only: the run tables are not written.
    fn write_run(&mut self, _run: &Run) -> Result<(), WriteError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture;

    #[test]
    fn one_line_per_record_with_nested_arrays() {
        let records = fixture::hostile();
        let mut writer = JsonlWriter::new(Vec::new());
        for r in &records {
            writer.write(r).unwrap();
        }
        let text = String::from_utf8(writer.into_inner().unwrap()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), records.len());
        for (line, record) in lines.iter().zip(&records) {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            assert_eq!(v["title"], record.article.title.as_deref().unwrap());
            assert_eq!(v["body"], record.article.body());
            assert_eq!(v["published"], "2019-12-20T11:30:00+03:00");
            assert_eq!(v["fetched_at"], "2019-12-20T08:00:00Z");
            assert_eq!(v["entities"][1]["country_code"], "BY");
            assert_eq!(v["mentions"][3]["value"], "2019-12-20");
            assert_eq!(v["quotes"][0]["quote"], record.tagged.quotes[0].text);
            assert_eq!(v["charset_confidence"], 0.9);
        }
    }
}
