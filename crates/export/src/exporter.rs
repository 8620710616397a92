//! The [`Exporter`]: every configured format into one run folder, each file written
//! under a temporary name and renamed into place at the end.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use newsmill_records::{Record, Run};
use tempfile::TempPath;

use crate::config::{ExportConfig, Format};
use crate::csv::CsvWriter;
use crate::error::{ExportError, WriteError};
use crate::jsonl::JsonlWriter;
#[cfg(feature = "parquet")]
use crate::parquet::ParquetWriter;
use crate::table::{Prepared, Table};
use crate::writer::{sealed::WritePrepared, TableWriter};
use crate::xlsx::XlsxWriter;

/// The workbook's file name.
pub const XLSX_FILE: &str = "newsmill.xlsx";
/// The JSON Lines file's name.
pub const JSONL_FILE: &str = "articles.jsonl";

/// The file name of `table` in `format` (`articles.csv`, `mentions.parquet`, …);
/// XLSX and JSONL have one file for all tables ([`XLSX_FILE`], [`JSONL_FILE`]).
pub fn file_name(table: Table, format: Format) -> String {
    match format {
        Format::Csv => format!("{}.csv", table.name()),
        Format::Parquet => format!("{}.parquet", table.name()),
        Format::Xlsx => XLSX_FILE.to_string(),
        Format::Jsonl => JSONL_FILE.to_string(),
    }
}

/// A file being written under a temporary name (deleted if dropped).
struct Staged<T> {
    writer: T,
    temp: TempPath,
    path: PathBuf,
}

/// A finished file waiting to be renamed into place.
impl<T> Staged<T> {
    /// Finishes the writer (`into_inner`), then flushes and syncs its file.
    fn close(
        self,
        into_inner: impl FnOnce(T) -> Result<BufWriter<File>, WriteError>,
    ) -> Result<Done, ExportError> {
        let file = into_inner(self.writer)
            .and_then(unbuffer)
            .map_err(|e| ExportError::write(&self.path, e))?;
        close(file, self.temp, self.path)
    }
}

struct Done {
    temp: TempPath,
    path: PathBuf,
}

/// Writes records into a folder in every configured format.
///
/// Files are written as hidden `.<name>.<random>.tmp` files and renamed to their
/// final names by [`Exporter::finish`], so a reader never sees a partial file under a
/// final name. Dropping an exporter without finishing deletes its temporary files.
pub struct Exporter {
    dir: PathBuf,
    config: ExportConfig,
    csv: Vec<Staged<CsvWriter<BufWriter<File>>>>,
    jsonl: Option<Staged<JsonlWriter<BufWriter<File>>>>,
    xlsx: Option<XlsxWriter>,
    #[cfg(feature = "parquet")]
    parquet: Vec<Staged<ParquetWriter<BufWriter<File>>>>,
    records: u64,
}

impl Exporter {
    /// Starts writing into `dir` (created when missing).
    pub fn create(dir: &Path, config: &ExportConfig) -> Result<Exporter, ExportError> {
        if config.formats.is_empty() {
            return Err(ExportError::Config("no export formats configured".into()));
        }
        #[cfg(not(feature = "parquet"))]
        if config.formats.contains(&Format::Parquet) {
            return Err(ExportError::Config(
                "format parquet needs newsmill built with the `parquet` feature".into(),
            ));
        }
        std::fs::create_dir_all(dir).map_err(|e| ExportError::io(dir, e))?;
        let mut exporter = Exporter {
            dir: dir.to_path_buf(),
            config: config.clone(),
            csv: Vec::new(),
            jsonl: None,
            xlsx: None,
            #[cfg(feature = "parquet")]
            parquet: Vec::new(),
            records: 0,
        };
        let wants = |f: Format| config.formats.contains(&f);
        let record_tables = Table::ALL.into_iter().filter(|t| t.per_record());
        if wants(Format::Csv) {
            for table in record_tables.clone() {
                let staged = exporter.csv_file(table)?;
                exporter.csv.push(staged);
            }
        }
        if wants(Format::Jsonl) {
            let (file, temp, path) = exporter.temp_file(JSONL_FILE)?;
            exporter.jsonl = Some(Staged {
                writer: JsonlWriter::new(BufWriter::new(file)),
                temp,
                path,
            });
        }
        if wants(Format::Xlsx) {
            let path = dir.join(XLSX_FILE);
            let writer =
                XlsxWriter::new_in(&config.xlsx, dir).map_err(|e| ExportError::write(&path, e))?;
            exporter.xlsx = Some(writer);
        }
        #[cfg(feature = "parquet")]
        if wants(Format::Parquet) {
            for table in record_tables {
                let staged = exporter.parquet_file(table)?;
                exporter.parquet.push(staged);
            }
        }
        tracing::debug!(dir = %dir.display(), formats = ?config.formats, "Export started.");
        Ok(exporter)
    }

    /// The folder being written.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Records written so far.
    pub fn records(&self) -> u64 {
        self.records
    }

    /// Writes one record to every format (cut into cells once for all of them).
    pub fn write(&mut self, record: &Record) -> Result<(), ExportError> {
        let prepared = Prepared::new(record);
        write_staged(&mut self.csv, &prepared)?;
        write_staged(self.jsonl.as_mut_slice(), &prepared)?;
        if let Some(writer) = &mut self.xlsx {
            writer
                .write_prepared(&prepared)
                .map_err(|e| ExportError::write(self.dir.join(XLSX_FILE), e))?;
        }
        #[cfg(feature = "parquet")]
        write_staged(&mut self.parquet, &prepared)?;
        self.records += 1;
        Ok(())
    }

    /// Writes the run tables (`sources`, `runs`, `failures`) from `run`, closes every
    /// file and renames them into place. Returns the final paths.
    pub fn finish(mut self, run: &Run) -> Result<Vec<PathBuf>, ExportError> {
        let mut done = Vec::new();
        let run_tables: Vec<Table> = Table::ALL.into_iter().filter(|t| !t.per_record()).collect();
        let wants = |f: Format| self.config.formats.contains(&f);
        if wants(Format::Csv) {
            for table in &run_tables {
                let staged = self.csv_file(*table)?;
                self.csv.push(write_run(staged, run)?);
            }
        }
        for staged in std::mem::take(&mut self.csv) {
            done.push(staged.close(CsvWriter::into_inner)?);
        }
        if let Some(staged) = self.jsonl.take() {
            done.push(staged.close(JsonlWriter::into_inner)?);
        }
        if let Some(mut writer) = self.xlsx.take() {
            let (mut file, temp, path) = self.temp_file(XLSX_FILE)?;
            writer
                .write_run(run)
                .and_then(|()| writer.finish(&mut file))
                .map_err(|e| ExportError::write(&path, e))?;
            done.push(close(file, temp, path)?);
        }
        #[cfg(feature = "parquet")]
        if wants(Format::Parquet) {
            for table in &run_tables {
                let staged = self.parquet_file(*table)?;
                self.parquet.push(write_run(staged, run)?);
            }
            for staged in std::mem::take(&mut self.parquet) {
                done.push(staged.close(ParquetWriter::into_inner)?);
            }
        }
        let mut paths = Vec::with_capacity(done.len());
        for Done { temp, path } in done {
            temp.persist(&path)
                .map_err(|e| ExportError::io(&path, e.error))?;
            paths.push(path);
        }
        sync_dir(&self.dir)?;
        tracing::debug!(
            dir = %self.dir.display(),
            records = self.records,
            files = paths.len(),
            "Export finished."
        );
        Ok(paths)
    }

    /// A new temporary file in the export folder, for the final name `name`.
    fn temp_file(&self, name: &str) -> Result<(File, TempPath, PathBuf), ExportError> {
        let path = self.dir.join(name);
        let temp = temp_builder(&format!(".{name}."))
            .tempfile_in(&self.dir)
            .map_err(|e| ExportError::io(&path, e))?;
        let (file, temp) = temp.into_parts();
        Ok((file, temp, path))
    }

    fn csv_file(&self, table: Table) -> Result<Staged<CsvWriter<BufWriter<File>>>, ExportError> {
        let (file, temp, path) = self.temp_file(&file_name(table, Format::Csv))?;
        let writer = CsvWriter::new(BufWriter::new(file), table, &self.config.csv)
            .map_err(|e| ExportError::write(&path, e))?;
        Ok(Staged { writer, temp, path })
    }

    #[cfg(feature = "parquet")]
    fn parquet_file(
        &self,
        table: Table,
    ) -> Result<Staged<ParquetWriter<BufWriter<File>>>, ExportError> {
        let (file, temp, path) = self.temp_file(&file_name(table, Format::Parquet))?;
        let writer = ParquetWriter::new(BufWriter::new(file), table, &self.config.parquet)
            .map_err(|e| ExportError::write(&path, e))?;
        Ok(Staged { writer, temp, path })
    }
}

/// Writes one prepared record to each staged file.
fn write_staged<T: WritePrepared>(
    staged: &mut [Staged<T>],
    prepared: &Prepared<'_>,
) -> Result<(), ExportError> {
    for s in staged {
        s.writer
            .write_prepared(prepared)
            .map_err(|e| ExportError::write(&s.path, e))?;
    }
    Ok(())
}

/// Writes the run tables into a staged file.
fn write_run<T: TableWriter>(mut staged: Staged<T>, run: &Run) -> Result<Staged<T>, ExportError> {
    staged
        .writer
        .write_run(run)
        .map_err(|e| ExportError::write(&staged.path, e))?;
    Ok(staged)
}

/// A builder for hidden temporary files that get ordinary permissions (0666 less the
/// umask, like any new file) rather than tempfile's private 0600, since they become
/// the final files.
pub(crate) fn temp_builder(prefix: &str) -> tempfile::Builder<'_, '_> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder
}

/// Flushes a `BufWriter` and returns its file.
fn unbuffer(writer: BufWriter<File>) -> Result<File, WriteError> {
    writer
        .into_inner()
        .map_err(|e| WriteError::Io(e.into_error()))
}

/// Flushes a finished file to disk.
fn close(mut file: File, temp: TempPath, path: PathBuf) -> Result<Done, ExportError> {
    file.flush()
        .and_then(|()| file.sync_all())
        .map_err(|e| ExportError::write(&path, WriteError::Io(e)))?;
    Ok(Done { temp, path })
}

/// Makes the renames durable (a no-op where folders cannot be opened as files).
pub(crate) fn sync_dir(dir: &Path) -> Result<(), ExportError> {
    #[cfg(unix)]
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| ExportError::io(dir, e))?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}
