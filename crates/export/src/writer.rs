//! [`TableWriter`]: what the four format writers have in common.

use newsmill_records::{Record, Run};

use crate::error::WriteError;
use crate::table::Prepared;

/// A writer of the export tables in one format: [`CsvWriter`](crate::csv::CsvWriter)
/// (one table), [`JsonlWriter`](crate::jsonl::JsonlWriter) (the articles, nested),
/// [`XlsxWriter`](crate::xlsx::XlsxWriter) (every table, a sheet each) and, with the
/// `parquet` feature, `ParquetWriter` (one table).
///
/// Records go in one by one with [`TableWriter::write`]; the run tables (`sources`,
/// `runs`, `failures`) once at the end with [`TableWriter::write_run`]. How a writer is
/// finished differs by format (`into_inner` or `finish`), so it is not part of the trait.
pub trait TableWriter: sealed::WritePrepared {
    /// Writes the rows this writer's tables hold for `record` (none for a run table).
    fn write(&mut self, record: &Record) -> Result<(), WriteError> {
        self.write_prepared(&Prepared::new(record))
    }

    /// Writes the rows this writer's tables hold for `run` (none for a record table,
    /// and none in JSONL, which holds articles only).
    fn write_run(&mut self, run: &Run) -> Result<(), WriteError>;
}

pub(crate) mod sealed {
    use crate::error::WriteError;
    use crate::table::Prepared;

    /// Writes a record already cut into cells once for every format (what
    /// [`Exporter`](crate::exporter::Exporter) does), so the trait cannot be
    /// implemented outside this crate.
    pub trait WritePrepared {
        /// Writes the rows of one prepared record.
        fn write_prepared(&mut self, prepared: &Prepared<'_>) -> Result<(), WriteError>;
    }
}
