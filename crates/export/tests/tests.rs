//! Integration tests of newsmill-export: one binary, one module per topic.

#[path = "support/schema_check.rs"]
mod schema_check;
#[path = "support/sheet_xml.rs"]
mod sheet_xml;
#[path = "support/synthetic.rs"]
mod synthetic;

mod atomic;
mod csv_output;
mod dataset;
mod jsonl_output;
#[cfg(feature = "parquet")]
mod parquet_output;
mod schema_doc;
mod xlsx_output;
