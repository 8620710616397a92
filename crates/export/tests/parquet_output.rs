//! Parquet: read back with the parquet crate's Arrow reader; types, values, row
//! groups.

use std::fs::File;

use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, Int64Type, TimestampMicrosecondType};
use arrow_array::{Array, RecordBatch};
use bytes::Bytes;
use newsmill_export::{arrow_schema, ParquetOptions, ParquetWriter, Table, TableWriter};
use newsmill_records::Record;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use crate::synthetic;

fn write(table: Table, records: &[Record], options: &ParquetOptions) -> Vec<u8> {
    let mut writer = ParquetWriter::new(Vec::new(), table, options).unwrap();
    for r in records {
        writer.write(r).unwrap();
    }
    writer.write_run(&synthetic::run(records)).unwrap();
    writer.into_inner().unwrap()
}

fn read(bytes: Vec<u8>) -> (usize, Vec<RecordBatch>) {
    let builder = ParquetRecordBatchReaderBuilder::try_new(Bytes::from(bytes)).unwrap();
    let groups = builder.metadata().num_row_groups();
    let batches = builder.build().unwrap().map(Result::unwrap).collect();
    (groups, batches)
}

#[test]
fn every_table_reads_back_with_its_declared_schema() {
    let records = synthetic::hostile();
    for table in Table::ALL {
        let (_, batches) = read(write(table, &records, &ParquetOptions::default()));
        let batch = &batches[0];
        let got = batch.schema();
        let want = arrow_schema(table);
        assert_eq!(got.fields(), want.fields(), "{table}");
    }
}

#[test]
fn articles_round_trip_with_typed_values() {
    let records = synthetic::hostile();
    let (_, batches) = read(write(Table::Articles, &records, &ParquetOptions::default()));
    let batch = arrow_select_concat(&batches);
    assert_eq!(batch.num_rows(), records.len());
    let col = |name: &str| batch.column(batch.schema().index_of(name).unwrap()).clone();
    let titles = col("title");
    let titles = titles.as_string::<i32>();
    let bodies = col("body");
    let bodies = bodies.as_string::<i32>();
    for (i, r) in records.iter().enumerate() {
        assert_eq!(
            titles.value(i),
            r.article.title.as_deref().unwrap(),
            "raw title"
        );
        assert_eq!(bodies.value(i), r.article.body());
    }
    let published = col("published");
    let published = published.as_primitive::<TimestampMicrosecondType>();
    let want = records[0].article.published.unwrap().timestamp_micros();
    assert_eq!(published.value(0), want);
    let authors = col("authors");
    let authors = authors.as_list::<i32>();
    let first = authors.value(0);
    let first = first.as_string::<i32>();
    assert_eq!(first.len(), 2);
    assert_eq!(first.value(0), records[0].article.authors[0]);
    let words = col("word_count");
    assert_eq!(
        words.as_primitive::<Int64Type>().value(0),
        records[0].article.word_count as i64
    );
    let confidence = col("charset_confidence");
    assert_eq!(confidence.as_primitive::<Float64Type>().value(0), 0.9);
    assert!(!col("paywalled").as_boolean().value(0));
}

#[test]
fn nulls_stay_null() {
    let records = vec![synthetic::record("https://example.com/a", "A")];
    let (_, batches) = read(write(Table::Entities, &records, &ParquetOptions::default()));
    let batch = &batches[0];
    let geonames = batch.column(batch.schema().index_of("geonames_id").unwrap());
    assert!(geonames.is_null(0), "a person has no GeoNames id");
    assert_eq!(geonames.as_primitive::<Int64Type>().value(1), 625_144);
    let (_, batches) = read(write(Table::Mentions, &records, &ParquetOptions::default()));
    let entity = batches[0].column(1);
    assert!(entity.is_null(3), "a date mention has no entity");
}

#[test]
fn many_rows_are_split_into_bounded_row_groups() {
    let records: Vec<Record> = (0..100).map(|i| synthetic::synthetic(i, 300)).collect();
    let options = ParquetOptions {
        row_group_rows: 5_000,
        row_group_mib: 64,
    };
    let bytes = write(Table::Mentions, &records, &options);
    let (groups, batches) = read(bytes);
    let rows: usize = batches.iter().map(RecordBatch::num_rows).sum();
    assert_eq!(rows, 30_000);
    assert!(
        groups >= 6,
        "{groups} row groups for 30,000 rows at 5,000 per group"
    );
}

fn arrow_select_concat(batches: &[RecordBatch]) -> RecordBatch {
    assert_eq!(batches.len(), 1, "small tables read back as one batch");
    batches[0].clone()
}

#[test]
fn exporter_files_are_readable_from_disk() {
    let dir = tempfile::tempdir().unwrap();
    let config = newsmill_export::ExportConfig {
        formats: vec![newsmill_export::Format::Parquet],
        ..Default::default()
    };
    let records = synthetic::hostile();
    let mut exporter = newsmill_export::Exporter::create(dir.path(), &config).unwrap();
    for r in &records {
        exporter.write(r).unwrap();
    }
    exporter.finish(&synthetic::run(&records)).unwrap();
    let file = File::open(dir.path().join("runs.parquet")).unwrap();
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap();
    let rows: usize = reader.map(|b| b.unwrap().num_rows()).sum();
    assert_eq!(rows, 1);
}
