/*!
Export: writes [`Record`]s as tables.

Does: CSV (spreadsheet-safe), XLSX, JSONL and Parquet, one file per table, each
written to a temporary name and renamed into place.

Does not: decide which records are new (the orchestrator's state store does) or
fetch, scrape or tag anything.
*/

use newsmill_records::Record;
