//! A run's export written while the crawl stores: each article goes into the run's
//! staging folder in the store thread, right after the transaction that stores it,
//! so the export never reads the records back from the store and parses them again.
//!
//! Crash-safety is the export protocol's ([`crate::export_report`]): the staging
//! folder is only a hidden `.<run-id>.tmp` until the rows are claimed and the folder
//! renamed. A run killed during the crawl leaves the folder unclaimed; the next run
//! removes it and exports those articles itself.

use std::path::PathBuf;
use std::time::Duration;

use newsmill_export::Exporter;
use newsmill_records::{Record, RunId};
use tracing::warn;

use crate::error::{Result, RunError};
use crate::output::{fresh_temp_dir, seal, write_record, OutputOptions};
use crate::state::State;
use crate::summary::RunReport;
use crate::usage::timed;

/// The staging folder of a run whose export is written as the crawl goes
/// ([`crawl_staged`](crate::crawl_staged)), finished by [`export_staged`].
pub struct Staging {
    exporter: Exporter,
    tmp: PathBuf,
    run_id: RunId,
    written: u64,
    cpu: Duration,
}

impl Staging {
    /// Starts the export of run `run_id` into `<output>/.<run-id>.tmp` (emptied of
    /// what an earlier attempt left). Call with the run lock held.
    pub fn start(output: &OutputOptions, run_id: &RunId) -> Result<Staging> {
        let tmp = fresh_temp_dir(&output.dir, &run_id.0)?;
        let exporter =
            Exporter::create(&tmp, &output.export).map_err(|source| RunError::Export {
                action: "start",
                dir: tmp.clone(),
                source: Box::new(source),
            })?;
        Ok(Staging {
            exporter,
            tmp,
            run_id: run_id.clone(),
            written: 0,
            cpu: Duration::ZERO,
        })
    }

    /// Records written so far.
    pub fn written(&self) -> u64 {
        self.written
    }

    /// CPU time spent writing so far.
    pub fn cpu(&self) -> Duration {
        self.cpu
    }

    /// Writes one stored record.
    pub(crate) fn write(&mut self, record: &Record) -> Result<()> {
        let (written, spent) = timed(|| write_record(&mut self.exporter, record));
        self.cpu += spent;
        written?;
        self.written += 1;
        Ok(())
    }
}

/// Finishes a run's export that the crawl wrote as it went: adds the articles
/// earlier runs stored but never exported (a run killed before its export), claims
/// every unexported row for this run, and seals the folder as
/// [`export_report`](crate::export_report) does. Returns the run folder.
pub fn export_staged(
    state: &mut State,
    output: &OutputOptions,
    report: &mut RunReport,
    mut staging: Staging,
) -> Result<PathBuf> {
    let run_id = staging.run_id.0.clone();
    if report.run.run_id != staging.run_id {
        return Err(RunError::stage(
            "export",
            format!(
                "staging folder of run {} given for run {}",
                staging.run_id, report.run.run_id
            ),
        ));
    }
    // The crawl's writes are in the report already (`CrawlStats::export_cpu`).
    let during_crawl = staging.cpu;
    state.for_each_unexported_before(&run_id, |record| staging.write(&record))?;
    let claimed = state.claim_export(&run_id, false)?;
    if claimed != staging.written {
        warn!(
            claimed,
            written = staging.written,
            "Exported a different number of records than claimed."
        );
    }
    let Staging {
        exporter,
        tmp,
        written,
        cpu,
        ..
    } = staging;
    seal(
        state,
        output,
        report,
        exporter,
        &tmp,
        written,
        cpu.saturating_sub(during_crawl),
    )
}
