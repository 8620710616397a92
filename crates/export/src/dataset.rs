//! The cumulative dataset: every run's tables side by side, partitioned by run in the
//! Hive layout that DuckDB, Polars, pandas/pyarrow and Spark read as one table. Each
//! format has its own tree, so a folder holds one format only (pyarrow refuses a
//! Parquet folder with a CSV file in it).
//!
//! ```text
//! output/dataset/
//!   parquet/articles/run=20191220T080000Z/part.parquet
//!   parquet/articles/run=20191221T080000Z/part.parquet
//!   parquet/mentions/run=20191220T080000Z/part.parquet
//!   csv/articles/run=20191220T080000Z/part.csv
//!   jsonl/articles/run=20191220T080000Z/part.jsonl
//!   ...
//! ```
//!
//! `SELECT * FROM read_parquet('output/dataset/parquet/articles/*/part.parquet',
//! hive_partitioning = true)` reads every run; the partition column is `run`.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use newsmill_records::RunId;

use crate::config::Format;
use crate::error::ExportError;
use crate::exporter::{file_name, sync_dir, temp_builder, JSONL_FILE};
use crate::table::Table;

/// The folder of one run's part of `table` in `format` in the dataset:
/// `<dataset>/<format>/<table>/run=<run_id>`.
pub fn dataset_partition(dataset: &Path, format: Format, table: Table, run_id: &RunId) -> PathBuf {
    dataset
        .join(format.as_str())
        .join(table.name())
        .join(format!("run={}", run_id.0))
}

/// Copies the Parquet, CSV and JSONL files of the finished export in `run_dir` into
/// the cumulative `dataset` folder as `<format>/<table>/run=<run_id>/part.<ext>`, each file
/// atomically (temporary name, then rename). Appending the same run again replaces
/// its partition files, so the call is idempotent. XLSX workbooks are not copied.
///
/// Returns the files written. Fails when `run_dir` holds none of those files, or
/// when `run_id` is not a plain folder name.
pub fn append_to_dataset(
    run_dir: &Path,
    dataset: &Path,
    run_id: &RunId,
) -> Result<Vec<PathBuf>, ExportError> {
    if run_id.0.is_empty()
        || !run_id
            .0
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        || run_id.0.starts_with('.')
    {
        return Err(ExportError::Config(format!(
            "run id {:?} is not a plain folder name",
            run_id.0
        )));
    }
    let mut sources = Vec::new();
    for table in Table::ALL {
        for format in [Format::Parquet, Format::Csv] {
            sources.push((table, run_dir.join(file_name(table, format)), format));
        }
    }
    sources.push((Table::Articles, run_dir.join(JSONL_FILE), Format::Jsonl));
    sources.retain(|(_, path, _)| path.is_file());
    if sources.is_empty() {
        return Err(ExportError::NotAnExport {
            path: run_dir.to_path_buf(),
            reason: "no Parquet, CSV or JSONL tables to add to the dataset".into(),
        });
    }
    let mut written = Vec::new();
    for (table, source, format) in sources {
        let partition = dataset_partition(dataset, format, table, run_id);
        std::fs::create_dir_all(&partition).map_err(|e| ExportError::io(&partition, e))?;
        let target = partition.join(format!("part.{}", format.as_str()));
        copy_atomically(&source, &target, &partition)?;
        sync_dir(&partition)?;
        written.push(target);
    }
    tracing::info!(
        run = %run_id,
        dataset = %dataset.display(),
        files = written.len(),
        "Run added to the dataset."
    );
    Ok(written)
}

fn copy_atomically(source: &Path, target: &Path, dir: &Path) -> Result<(), ExportError> {
    let mut input = BufReader::new(File::open(source).map_err(|e| ExportError::io(source, e))?);
    let mut temp = temp_builder(".part.")
        .tempfile_in(dir)
        .map_err(|e| ExportError::io(target, e))?;
    std::io::copy(&mut input, &mut temp).map_err(|e| ExportError::io(target, e))?;
    temp.as_file()
        .sync_all()
        .map_err(|e| ExportError::io(target, e))?;
    temp.persist(target)
        .map_err(|e| ExportError::io(target, e.error))?;
    Ok(())
}
