//! Parquet: one file per table, typed columns (UTC timestamps, string lists, bools,
//! 64-bit ints and floats), Snappy-compressed, written in bounded row groups.

use std::io::Write;
use std::sync::Arc;

use arrow_array::builder::{
    ArrayBuilder, BooleanBuilder, Float64Builder, Int64Builder, ListBuilder, StringBuilder,
    TimestampMicrosecondBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef, TimeUnit};
use newsmill_records::Run;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use crate::config::ParquetOptions;
use crate::error::WriteError;
use crate::table::{record_rows, run_rows, Cell, Kind, Prepared, Table};
use crate::writer::{sealed::WritePrepared, TableWriter};

/// Rows gathered in Arrow builders before they go to the Parquet encoder.
const BATCH_ROWS: usize = 8_192;
/// Text bytes gathered before a batch goes to the encoder, whatever its row count.
const BATCH_TEXT_BYTES: usize = 16 << 20;

/// The Arrow type of a column kind.
pub(crate) fn data_type(kind: Kind) -> DataType {
    match kind {
        Kind::Text | Kind::Url => DataType::Utf8,
        Kind::Int => DataType::Int64,
        Kind::Float => DataType::Float64,
        Kind::Bool => DataType::Boolean,
        Kind::Timestamp => DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
        Kind::List => DataType::List(Arc::new(Field::new_list_field(DataType::Utf8, true))),
    }
}

/// The Arrow schema of a table. Every column is nullable, so readers see one shape
/// whatever a run happened to fill.
pub fn arrow_schema(table: Table) -> SchemaRef {
    let fields: Vec<Field> = table
        .columns()
        .iter()
        .map(|c| Field::new(c.name, data_type(c.kind), true))
        .collect();
    Arc::new(Schema::new(fields))
}

enum Builder {
    Text(StringBuilder),
    Int(Int64Builder),
    Float(Float64Builder),
    Bool(BooleanBuilder),
    Time(TimestampMicrosecondBuilder),
    List(ListBuilder<StringBuilder>),
}

impl Builder {
    fn new(kind: Kind) -> Builder {
        match kind {
            Kind::Text | Kind::Url => Builder::Text(StringBuilder::new()),
            Kind::Int => Builder::Int(Int64Builder::new()),
            Kind::Float => Builder::Float(Float64Builder::new()),
            Kind::Bool => Builder::Bool(BooleanBuilder::new()),
            Kind::Timestamp => {
                Builder::Time(TimestampMicrosecondBuilder::new().with_timezone("UTC"))
            }
            Kind::List => Builder::List(ListBuilder::new(StringBuilder::new())),
        }
    }

    /// Appends a cell; returns the text bytes it added. Cells of the wrong kind
    /// cannot occur (the row functions are checked against the column kinds by a
    /// test) and are stored as nulls.
    fn append(&mut self, cell: &Cell<'_>) -> usize {
        match (self, cell) {
            (Builder::Text(b), Cell::Text(s)) => {
                b.append_value(s);
                s.len()
            }
            (Builder::Int(b), Cell::Int(n)) => {
                b.append_value(*n);
                0
            }
            (Builder::Float(b), Cell::Float(x)) => {
                b.append_value(*x);
                0
            }
            (Builder::Bool(b), Cell::Bool(v)) => {
                b.append_value(*v);
                0
            }
            (Builder::Time(b), Cell::Time(t)) => {
                b.append_value(t.timestamp_micros());
                0
            }
            (Builder::List(b), Cell::List(items)) => {
                let mut bytes = 0;
                for item in items {
                    b.values().append_value(item);
                    bytes += item.len();
                }
                b.append(true);
                bytes
            }
            (Builder::Text(b), _) => {
                b.append_null();
                0
            }
            (Builder::Int(b), _) => {
                b.append_null();
                0
            }
            (Builder::Float(b), _) => {
                b.append_null();
                0
            }
            (Builder::Bool(b), _) => {
                b.append_null();
                0
            }
            (Builder::Time(b), _) => {
                b.append_null();
                0
            }
            (Builder::List(b), _) => {
                b.append_null();
                0
            }
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Builder::Text(b) => Arc::new(b.finish()),
            Builder::Int(b) => Arc::new(b.finish()),
            Builder::Float(b) => Arc::new(b.finish()),
            Builder::Bool(b) => Arc::new(b.finish()),
            Builder::Time(b) => Arc::new(b.finish()),
            Builder::List(b) => Arc::new(b.finish()),
        }
    }

    fn len(&self) -> usize {
        match self {
            Builder::Text(b) => b.len(),
            Builder::Int(b) => b.len(),
            Builder::Float(b) => b.len(),
            Builder::Bool(b) => b.len(),
            Builder::Time(b) => b.len(),
            Builder::List(b) => b.len(),
        }
    }
}

/// Writes one table as Parquet into any `io::Write + Send`.
pub struct ParquetWriter<W: Write + Send> {
    table: Table,
    schema: SchemaRef,
    writer: ArrowWriter<W>,
    builders: Vec<Builder>,
    batch_bytes: usize,
    rows: u64,
}

impl<W: Write + Send> ParquetWriter<W> {
    /// Starts a Parquet file for `table`.
    pub fn new(writer: W, table: Table, options: &ParquetOptions) -> Result<Self, WriteError> {
        let schema = arrow_schema(table);
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(options.row_group_rows.max(1)))
            .set_max_row_group_bytes(Some(options.row_group_mib.max(1) << 20))
            .set_created_by(format!("newsmill-export {}", env!("CARGO_PKG_VERSION")))
            .build();
        let writer = ArrowWriter::try_new(writer, schema.clone(), Some(props))?;
        Ok(ParquetWriter {
            table,
            schema,
            writer,
            builders: table
                .columns()
                .iter()
                .map(|c| Builder::new(c.kind))
                .collect(),
            batch_bytes: 0,
            rows: 0,
        })
    }

    /// The table this writer writes.
    pub fn table(&self) -> Table {
        self.table
    }

    /// Data rows written so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    fn append(&mut self, row: &[Cell<'_>]) -> Result<(), WriteError> {
        for (builder, cell) in self.builders.iter_mut().zip(row) {
            self.batch_bytes += builder.append(cell);
        }
        self.rows += 1;
        if self.builders[0].len() >= BATCH_ROWS || self.batch_bytes >= BATCH_TEXT_BYTES {
            self.flush_batch()?;
        }
        Ok(())
    }

    /// Hands the gathered rows to the encoder, which closes a row group whenever it
    /// reaches the configured rows or bytes.
    fn flush_batch(&mut self) -> Result<(), WriteError> {
        if self.builders[0].len() == 0 {
            return Ok(());
        }
        let columns: Vec<ArrayRef> = self.builders.iter_mut().map(Builder::finish).collect();
        let batch = RecordBatch::try_new(self.schema.clone(), columns)?;
        self.writer.write(&batch)?;
        self.batch_bytes = 0;
        Ok(())
    }

    /// Writes the remaining rows and the footer, and returns the underlying writer.
    pub fn into_inner(mut self) -> Result<W, WriteError> {
        self.flush_batch()?;
        Ok(self.writer.into_inner()?)
    }
}

impl<W: Write + Send> WritePrepared for ParquetWriter<W> {
    fn write_prepared(&mut self, prepared: &Prepared<'_>) -> Result<(), WriteError> {
        record_rows(self.table, prepared, |row| self.append(row))
    }
}

impl<W: Write + Send> TableWriter for ParquetWriter<W> {
    fn write_run(&mut self, run: &Run) -> Result<(), WriteError> {
        run_rows(self.table, run, |row| self.append(row))
    }
}
