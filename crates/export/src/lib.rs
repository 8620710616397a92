/*!
Export: writes [`Record`](newsmill_records::Record)s as tables analysts can open and load.

Does: seven tables (`articles`, `entities`, `mentions`, `quotes` from the records;
`sources`, `runs`, `failures` from the [`Run`](newsmill_records::Run)) in four formats:

* CSV, one file per table: RFC 4180, UTF-8 with a BOM (optional), header row,
  stable column order, floats always with a decimal place, optional `;` separator, body kept, omitted or truncated, and cells a
  spreadsheet would execute neutralised ([`neutralise`]);
* XLSX, one workbook `newsmill.xlsx` with a sheet per table: header frozen,
  autofilter, real dates, URLs as links, text cut at Excel's cell limit;
* JSONL, `articles.jsonl`: one nested record per article (schema in
  `schema/articles.schema.json`);
* Parquet (cargo feature `parquet`), one file per table: UTC timestamps, string
  lists, bools, 64-bit ints and floats, Snappy, bounded row groups.

One article also renders as Markdown (headings, lists, quotations kept) or as its
plain body ([`article_to_markdown`], [`article_to_text`]), for `newsmill extract`.

[`Exporter`] writes every configured format into one run folder, each file under a
temporary name renamed into place by [`Exporter::finish`]. The lower-level writers
([`CsvWriter`], [`JsonlWriter`], [`XlsxWriter`], `ParquetWriter`) write into any
`io::Write` through one trait, [`TableWriter`]. [`append_to_dataset`] adds a finished run folder to the cumulative,
run-partitioned dataset. Every table and column is documented in `SCHEMA.md`.

Does not: decide which records are new (the orchestrator's state store does), read
anything back, or fetch, scrape or tag anything.

```
use newsmill_export::{CsvOptions, CsvWriter, Table};

let mut out = CsvWriter::new(Vec::new(), Table::Mentions, &CsvOptions::default())?;
assert_eq!(out.rows(), 0);
let bytes = out.into_inner()?;
assert!(bytes.starts_with(b"\xef\xbb\xbfarticle_id,entity_id,type,text,start,end,value\r\n"));
# Ok::<(), newsmill_export::WriteError>(())
```
*/
#![deny(missing_docs)]

mod config;
mod csv;
mod dataset;
mod error;
mod exporter;
mod jsonl;
mod markdown;
#[cfg(feature = "parquet")]
mod parquet;
mod table;
mod writer;
mod xlsx;

#[cfg(test)]
#[path = "../tests/support/synthetic.rs"]
mod fixture;
#[cfg(test)]
#[path = "../tests/support/sheet_xml.rs"]
mod sheet_xml;

pub use crate::{
    config::{BodyMode, CsvOptions, Delimiter, ExportConfig, Format, ParquetOptions, XlsxOptions},
    csv::{neutralise, restore_neutralised, CsvWriter, TRUNCATION_MARKER},
    dataset::{append_to_dataset, dataset_partition},
    error::{ExportError, WriteError},
    exporter::{file_name, Exporter, JSONL_FILE, XLSX_FILE},
    jsonl::{record_to_json, write_record_json, JsonExtras, JsonlWriter},
    markdown::{article_to_markdown, article_to_text},
    table::{Column, Kind, Table, LIST_SEPARATOR},
    writer::TableWriter,
    xlsx::{XlsxWriter, MAX_CELL_CHARS, MAX_LINKS_PER_SHEET, MAX_ROWS_PER_SHEET, MAX_URL_CHARS},
};

#[cfg(feature = "parquet")]
pub use crate::parquet::{arrow_schema, ParquetWriter};
