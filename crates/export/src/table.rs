//! The exported tables: their columns (one definition shared by every tabular
//! format) and how records and runs become rows.

use chrono::{DateTime, FixedOffset, Utc};
use newsmill_records::{Record, Run};

/// A table of the export.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Table {
    /// One row per article.
    Articles,
    /// One row per canonical entity per article.
    Entities,
    /// One row per mention (entity, date or amount occurrence).
    Mentions,
    /// One row per direct quotation.
    Quotes,
    /// One row per configured source per run.
    Sources,
    /// One row per run.
    Runs,
    /// One row per failed item per run.
    Failures,
}

impl Table {
    /// Every table, in the order files and sheets are written.
    pub const ALL: [Table; 7] = [
        Table::Articles,
        Table::Entities,
        Table::Mentions,
        Table::Quotes,
        Table::Sources,
        Table::Runs,
        Table::Failures,
    ];

    /// The table's name, used for file and sheet names (`articles`, …).
    pub fn name(self) -> &'static str {
        match self {
            Table::Articles => "articles",
            Table::Entities => "entities",
            Table::Mentions => "mentions",
            Table::Quotes => "quotes",
            Table::Sources => "sources",
            Table::Runs => "runs",
            Table::Failures => "failures",
        }
    }

    /// The table's columns, in their stable order.
    pub fn columns(self) -> &'static [Column] {
        match self {
            Table::Articles => ARTICLES,
            Table::Entities => ENTITIES,
            Table::Mentions => MENTIONS,
            Table::Quotes => QUOTES,
            Table::Sources => SOURCES,
            Table::Runs => RUNS,
            Table::Failures => FAILURES,
        }
    }

    /// True for tables filled from [`Record`]s; false for those filled from the
    /// [`Run`] at the end (`sources`, `runs`, `failures`).
    pub fn per_record(self) -> bool {
        matches!(
            self,
            Table::Articles | Table::Entities | Table::Mentions | Table::Quotes
        )
    }
}

impl std::fmt::Display for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A column of a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column {
    /// The column name.
    pub name: &'static str,
    /// What the column holds, which decides its type in each format.
    pub kind: Kind,
}

/// What a column holds. SCHEMA.md maps each kind to its CSV, XLSX and Parquet form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Text.
    Text,
    /// A URL (text; a link in XLSX).
    Url,
    /// A whole number.
    Int,
    /// A floating-point number.
    Float,
    /// `true` or `false`.
    Bool,
    /// An instant in time.
    Timestamp,
    /// A list of texts (joined with `"; "` in CSV and XLSX).
    List,
}

impl Kind {
    /// The kind's name as used in SCHEMA.md (`text`, `url`, `int`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Url => "url",
            Kind::Int => "int",
            Kind::Float => "float",
            Kind::Bool => "bool",
            Kind::Timestamp => "timestamp",
            Kind::List => "list",
        }
    }

    /// True for the kinds whose CSV cells are text (and so may be neutralised).
    pub fn is_text(self) -> bool {
        matches!(self, Kind::Text | Kind::Url | Kind::List)
    }
}

/// The separator between list items in CSV and XLSX cells.
pub const LIST_SEPARATOR: &str = "; ";

const fn col(name: &'static str, kind: Kind) -> Column {
    Column { name, kind }
}

use Kind::{Bool, Float, Int, List, Text, Timestamp, Url};

const ARTICLES: &[Column] = &[
    col("article_id", Text),
    col("revision", Int),
    col("url", Url),
    col("canonical_url", Url),
    col("source", Text),
    col("title", Text),
    col("authors", List),
    col("published", Timestamp),
    col("modified", Timestamp),
    col("language", Text),
    col("section", Text),
    col("tags", List),
    col("description", Text),
    col("word_count", Int),
    col("page_type", Text),
    col("lead_image", Url),
    col("images", List),
    col("paywalled", Bool),
    col("truncated", Bool),
    col("needs_js", Bool),
    col("charset", Text),
    col("charset_confidence", Float),
    col("published_rule", Text),
    col("published_agreed", Bool),
    col("authors_rule", Text),
    col("content_hash", Text),
    col("fetched_at", Timestamp),
    col("run_id", Text),
    col("tagging", Text),
    col("body", Text),
];

const ENTITIES: &[Column] = &[
    col("article_id", Text),
    col("entity_id", Text),
    col("name", Text),
    col("type", Text),
    col("mentions", Int),
    col("aliases", List),
    col("geonames_id", Int),
    col("country_code", Text),
    col("latitude", Float),
    col("longitude", Float),
    col("watched", Bool),
    col("labels", List),
];

const MENTIONS: &[Column] = &[
    col("article_id", Text),
    col("entity_id", Text),
    col("type", Text),
    col("text", Text),
    col("start", Int),
    col("end", Int),
    col("value", Text),
];

const QUOTES: &[Column] = &[
    col("article_id", Text),
    col("speaker_entity_id", Text),
    col("speaker", Text),
    col("quote", Text),
    col("start", Int),
    col("end", Int),
];

const SOURCES: &[Column] = &[
    col("run_id", Text),
    col("name", Text),
    col("kind", Text),
    col("location", Text),
    col("discovered", Int),
    col("fetched", Int),
    col("not_modified", Int),
    col("skipped", Int),
    col("new_articles", Int),
    col("updated_articles", Int),
    col("failed", Int),
    col("not_article", Int),
];

const RUNS: &[Column] = &[
    col("run_id", Text),
    col("config", Text),
    col("started", Timestamp),
    col("finished", Timestamp),
    col("duration_s", Float),
    col("sources", Int),
    col("discovered", Int),
    col("fetched", Int),
    col("not_modified", Int),
    col("skipped", Int),
    col("new_articles", Int),
    col("updated_articles", Int),
    col("exported", Int),
    col("failures", Int),
    col("not_article", Int),
];

const FAILURES: &[Column] = &[
    col("run_id", Text),
    col("item", Text),
    col("source", Text),
    col("stage", Text),
    col("reason", Text),
    col("at", Timestamp),
];

/// One cell of a row, borrowed from the record or run it came from.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Cell<'a> {
    Null,
    Text(&'a str),
    Int(i64),
    Float(f64),
    Bool(bool),
    Time(DateTime<FixedOffset>),
    List(Vec<&'a str>),
}

impl<'a> Cell<'a> {
    fn opt_text(value: Option<&'a String>) -> Cell<'a> {
        value.map_or(Cell::Null, |s| Cell::Text(s))
    }

    fn opt_time(value: Option<DateTime<FixedOffset>>) -> Cell<'a> {
        value.map_or(Cell::Null, Cell::Time)
    }

    fn utc(value: DateTime<Utc>) -> Cell<'a> {
        Cell::Time(value.fixed_offset())
    }

    fn int(value: impl TryInto<i64>) -> Cell<'a> {
        // Counts and offsets never reach 2^63; a value that did would be a bug upstream,
        // and a null is more honest than a wrapped number.
        value.try_into().map_or(Cell::Null, Cell::Int)
    }

    fn float(value: f64) -> Cell<'a> {
        if value.is_finite() {
            Cell::Float(value)
        } else {
            Cell::Null
        }
    }

    fn list(values: &'a [String]) -> Cell<'a> {
        Cell::List(values.iter().map(String::as_str).collect())
    }

    /// The cell as list items joined with [`LIST_SEPARATOR`], or as text.
    pub(crate) fn joined(&self) -> Option<std::borrow::Cow<'a, str>> {
        match self {
            Cell::Text(s) => Some(std::borrow::Cow::Borrowed(s)),
            Cell::List(items) => Some(std::borrow::Cow::Owned(items.join(LIST_SEPARATOR))),
            _ => None,
        }
    }
}

/// A record with its body text built once, shared by every writer.
pub struct Prepared<'a> {
    pub(crate) record: &'a Record,
    pub(crate) body: String,
}

impl<'a> Prepared<'a> {
    pub(crate) fn new(record: &'a Record) -> Prepared<'a> {
        Prepared {
            record,
            body: record.article.body(),
        }
    }
}

/// An `f32` as the `f64` with the same shortest decimal form (0.9 stays 0.9, not
/// 0.8999999761581421).
pub(crate) fn widen(value: f32) -> f64 {
    value.to_string().parse().unwrap_or(f64::NAN)
}

/// Calls `emit` with each row `table` holds for `prepared`, in column order. Run
/// tables hold no rows per record.
pub(crate) fn record_rows<'a, E>(
    table: Table,
    prepared: &'a Prepared<'a>,
    mut emit: impl FnMut(&[Cell<'a>]) -> Result<(), E>,
) -> Result<(), E> {
    let record = prepared.record;
    let a = &record.article;
    let t = &record.tagged;
    let id = Cell::Text(&a.id);
    match table {
        Table::Articles => emit(&[
            id,
            Cell::int(a.revision),
            Cell::Text(&a.url),
            Cell::opt_text(a.canonical_url.as_ref()),
            Cell::Text(&a.source),
            Cell::opt_text(a.title.as_ref()),
            Cell::list(&a.authors),
            Cell::opt_time(a.published),
            Cell::opt_time(a.modified),
            Cell::opt_text(a.language.as_ref()),
            Cell::opt_text(a.section.as_ref()),
            Cell::list(&a.tags),
            Cell::opt_text(a.description.as_ref()),
            Cell::int(a.word_count),
            Cell::Text(a.page_type.as_str()),
            Cell::opt_text(a.lead_image.as_ref()),
            Cell::List(a.images.iter().map(|i| i.url.as_str()).collect()),
            Cell::Bool(a.flags.paywalled),
            Cell::Bool(a.flags.truncated),
            Cell::Bool(a.flags.needs_js),
            Cell::Text(&a.flags.charset),
            Cell::float(widen(a.flags.charset_confidence)),
            Cell::Text(&a.provenance.published.rule),
            Cell::Bool(a.provenance.published.agreed),
            Cell::Text(&a.provenance.authors.rule),
            Cell::Text(&a.content_hash),
            Cell::utc(a.fetched_at),
            Cell::Text(&record.run_id.0),
            Cell::Text(&t.tagging),
            Cell::Text(&prepared.body),
        ]),
        Table::Entities => {
            for e in &t.entities {
                let geo = e.geo.as_ref();
                let country = e.country_code.as_ref().or(geo.map(|g| &g.country_code));
                emit(&[
                    id.clone(),
                    Cell::Text(&e.id),
                    Cell::Text(&e.name),
                    Cell::Text(e.label.as_str()),
                    Cell::int(e.mentions),
                    Cell::list(&e.aliases),
                    geo.map_or(Cell::Null, |g| Cell::int(g.geonames_id)),
                    Cell::opt_text(country),
                    geo.map_or(Cell::Null, |g| Cell::float(g.latitude)),
                    geo.map_or(Cell::Null, |g| Cell::float(g.longitude)),
                    Cell::Bool(e.watched),
                    Cell::list(&e.labels),
                ])?;
            }
            Ok(())
        }
        Table::Mentions => {
            for m in &t.mentions {
                emit(&[
                    id.clone(),
                    Cell::opt_text(m.entity_id.as_ref()),
                    Cell::Text(m.label.as_str()),
                    Cell::Text(&m.text),
                    Cell::int(m.start),
                    Cell::int(m.end),
                    Cell::opt_text(m.value.as_ref()),
                ])?;
            }
            Ok(())
        }
        Table::Quotes => {
            for q in &t.quotes {
                emit(&[
                    id.clone(),
                    Cell::opt_text(q.speaker_entity_id.as_ref()),
                    Cell::opt_text(q.speaker.as_ref()),
                    Cell::Text(&q.text),
                    Cell::int(q.start),
                    Cell::int(q.end),
                ])?;
            }
            Ok(())
        }
        Table::Sources | Table::Runs | Table::Failures => Ok(()),
    }
}

/// Calls `emit` with each row `table` holds for `run`. Record tables hold no rows
/// per run.
pub(crate) fn run_rows<'a, E>(
    table: Table,
    run: &'a Run,
    mut emit: impl FnMut(&[Cell<'a>]) -> Result<(), E>,
) -> Result<(), E> {
    let run_id = Cell::Text(&run.run_id.0);
    match table {
        Table::Sources => {
            for s in &run.sources {
                emit(&[
                    run_id.clone(),
                    Cell::Text(&s.name),
                    Cell::Text(&s.kind),
                    Cell::Text(&s.location),
                    Cell::int(s.discovered),
                    Cell::int(s.fetched),
                    Cell::int(s.not_modified),
                    Cell::int(s.skipped),
                    Cell::int(s.new_articles),
                    Cell::int(s.updated_articles),
                    Cell::int(s.failed),
                    Cell::int(s.not_article),
                ])?;
            }
            Ok(())
        }
        Table::Runs => {
            let sum = |f: fn(&newsmill_records::SourceSummary) -> u64| {
                Cell::int(run.sources.iter().map(f).sum::<u64>())
            };
            let duration = (run.finished - run.started).num_milliseconds() as f64 / 1000.0;
            emit(&[
                run_id,
                Cell::Text(&run.config),
                Cell::utc(run.started),
                Cell::utc(run.finished),
                Cell::float(duration),
                Cell::int(run.sources.len()),
                sum(|s| s.discovered),
                sum(|s| s.fetched),
                sum(|s| s.not_modified),
                sum(|s| s.skipped),
                sum(|s| s.new_articles),
                sum(|s| s.updated_articles),
                Cell::int(run.exported),
                Cell::int(run.failures.len()),
                sum(|s| s.not_article),
            ])
        }
        Table::Failures => {
            for f in &run.failures {
                let stage = match f.stage {
                    newsmill_records::Stage::Discover => "discover",
                    newsmill_records::Stage::Fetch => "fetch",
                    newsmill_records::Stage::Scrape => "scrape",
                    newsmill_records::Stage::Tag => "tag",
                    newsmill_records::Stage::Export => "export",
                };
                emit(&[
                    run_id.clone(),
                    Cell::Text(&f.item),
                    Cell::Text(&f.source),
                    Cell::Text(stage),
                    Cell::Text(&f.reason),
                    Cell::utc(f.at),
                ])?;
            }
            Ok(())
        }
        Table::Articles | Table::Entities | Table::Mentions | Table::Quotes => Ok(()),
    }
}

/// Formats a timestamp as RFC 3339, keeping its offset (`Z` for UTC) and showing
/// fractional seconds only when there are any.
pub(crate) fn rfc3339(t: &DateTime<FixedOffset>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture;

    #[test]
    fn every_row_matches_its_columns_and_kinds() {
        let record = fixture::record("https://example.com/a", "A title");
        let prepared = Prepared::new(&record);
        let run = fixture::run(&[]);
        for table in Table::ALL {
            let mut rows = 0;
            let mut check = |row: &[Cell]| -> Result<(), ()> {
                rows += 1;
                assert_eq!(row.len(), table.columns().len(), "{table}");
                for (cell, column) in row.iter().zip(table.columns()) {
                    let ok = matches!(
                        (cell, column.kind),
                        (Cell::Null, _)
                            | (Cell::Text(_), Kind::Text | Kind::Url)
                            | (Cell::List(_), Kind::List)
                            | (Cell::Int(_), Kind::Int)
                            | (Cell::Float(_), Kind::Float)
                            | (Cell::Bool(_), Kind::Bool)
                            | (Cell::Time(_), Kind::Timestamp)
                    );
                    assert!(
                        ok,
                        "{table}.{}: {cell:?} is not {:?}",
                        column.name, column.kind
                    );
                }
                Ok(())
            };
            record_rows(table, &prepared, &mut check).unwrap();
            run_rows(table, &run, &mut check).unwrap();
            assert!(rows > 0, "{table} produced no rows from the fixture");
        }
    }

    #[test]
    fn f32_confidence_keeps_its_decimal_form() {
        assert_eq!(widen(0.9), 0.9);
        assert_eq!(widen(1.0), 1.0);
    }

    #[test]
    fn column_names_are_unique_per_table() {
        for table in Table::ALL {
            let mut names: Vec<_> = table.columns().iter().map(|c| c.name).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), table.columns().len(), "{table}");
        }
    }
}
