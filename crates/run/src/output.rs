//! The output folder: `<output>/<run-id>/` per run (written to `.<run-id>.tmp` and
//! renamed into place), `<output>/latest` pointing at the newest run with articles,
//! `<output>/last-run` at the newest run, and the optional cumulative
//! `<output>/dataset/<format>/<table>/run=<run-id>/` (Hive layout). Old run folders
//! are removed by [`prune_runs`](crate::prune_runs).

use std::path::{Path, PathBuf};

use chrono::Utc;
use newsmill_export::{ExportConfig, Exporter};
use newsmill_records::{Record, Run, RunId};
use tracing::{debug, warn};

use crate::error::{chain, Result, RunError};
use crate::state::{temp_dir, State};
use crate::summary::{RunReport, RunStatus};
use crate::usage::thread_cpu;

/// Where and how a run's results are written: the seam between the run lifecycle
/// and the binary's config file (`[output]` and `[export]`).
#[derive(Clone, Debug)]
pub struct OutputOptions {
    /// The output folder: run folders, `latest`, `warc/`, `dataset/`.
    pub dir: PathBuf,
    /// Formats and their options.
    pub export: ExportConfig,
    /// Keep `<dir>/latest` pointing at the newest run folder.
    pub latest_link: bool,
    /// Also add each run's tables to `<dir>/dataset/<format>/<table>/run=<id>/`.
    pub dataset: bool,
    /// Keep every fetched page in `<dir>/warc/<run-id>.warc.gz`.
    pub warc: bool,
}

impl OutputOptions {
    /// The WARC file a run records its pages into, when [`OutputOptions::warc`] is set.
    pub fn warc_file(&self, run_id: &RunId) -> Option<PathBuf> {
        self.warc
            .then(|| self.dir.join("warc").join(format!("{run_id}.warc.gz")))
    }
}

/// Checks that the output folder exists (creating it) and is writable, so a run
/// that could not write its results fails before fetching anything.
pub fn ensure_writable(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| RunError::io("create output folder", dir, e))?;
    let probe = dir.join(format!(".newsmill-probe-{}", std::process::id()));
    std::fs::write(&probe, b"").map_err(|e| RunError::io("write to output folder", dir, e))?;
    std::fs::remove_file(&probe).ok();
    Ok(())
}

/// Removes run folders left half-written by a run killed before it recorded its
/// export (`.<run-id>.tmp`). Call with the run lock held.
pub fn remove_stale_temp(out: &Path) -> Result<()> {
    let Ok(entries) = std::fs::read_dir(out) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_run_temp = name
            .strip_prefix('.')
            .and_then(|n| n.strip_suffix(".tmp"))
            .is_some_and(|id| id.len() == 16 && id.starts_with(|c: char| c.is_ascii_digit()));
        if is_run_temp && entry.path().is_dir() {
            warn!(dir = %entry.path().display(), "Removing a run folder an interrupted run left unfinished.");
            std::fs::remove_dir_all(entry.path())
                .map_err(|e| RunError::io("remove", entry.path(), e))?;
        }
    }
    Ok(())
}

/// Exports a run's records into `<output>/<run-id>/`, fills `run.exported` and
/// `run.finished`, and writes `run.json` (a [`RunReport`] judged from the run
/// alone, with no totals: [`export_report`] writes the full one). Returns the run
/// folder.
pub fn export_run(
    state: &mut State,
    output: &OutputOptions,
    run: &mut Run,
    full: bool,
) -> Result<PathBuf> {
    let status = RunStatus::judge(run, false, 1.0);
    let mut report = RunReport::new(run.clone(), status);
    let dir = export_report(state, output, &mut report, full)?;
    *run = report.run;
    Ok(dir)
}

/// Exports a run's records into `<output>/<run-id>/`, fills the report's
/// `run.exported`, `run.finished`, totals and export CPU time, and writes it as
/// `run.json`. Returns the run folder.
///
/// Crash-safe in four steps: claim the rows (one transaction, export `pending`),
/// write `<output>/.<run-id>.tmp`, rename it to `<output>/<run-id>`, mark the export
/// done. [`State::reconcile_exports`] (called by [`open_for_run`](crate::open_for_run))
/// finishes or rolls back whatever a killed run left between those steps. With
/// `full`, every article's latest revision is written, not only what is new.
///
/// `<output>/last-run` then points at the folder; `<output>/latest` too, but only
/// when the run exported something (a run with nothing new leaves it on the last
/// folder with articles).
pub fn export_report(
    state: &mut State,
    output: &OutputOptions,
    report: &mut RunReport,
    full: bool,
) -> Result<PathBuf> {
    let cpu_start = thread_cpu();
    let out = &output.dir;
    let run_id = report.run.run_id.0.clone();
    let tmp = fresh_temp_dir(out, &run_id)?;
    let claimed = state.claim_export(&run_id, full)?;
    let mut exporter =
        Exporter::create(&tmp, &output.export).map_err(|source| RunError::Export {
            action: "start",
            dir: tmp.clone(),
            source: Box::new(source),
        })?;
    let mut written = 0u64;
    state.for_each_claimed(&run_id, full, |record| {
        write_record(&mut exporter, &record)?;
        written += 1;
        Ok(())
    })?;
    if written != claimed {
        warn!(
            claimed,
            written, "Exported a different number of records than claimed."
        );
    }
    let spent = thread_cpu().saturating_sub(cpu_start);
    seal(state, output, report, exporter, &tmp, written, spent)
}

/// The end of a run's export, once every record is in the staging folder `tmp`:
/// finish the tables, write `run.json` (with `cpu` export time `spent` plus what
/// this takes), rename the folder into place, mark the export done, update the
/// links and the dataset.
pub(crate) fn seal(
    state: &mut State,
    output: &OutputOptions,
    report: &mut RunReport,
    exporter: Exporter,
    tmp: &Path,
    written: u64,
    spent: std::time::Duration,
) -> Result<PathBuf> {
    let cpu_start = thread_cpu();
    let out = &output.dir;
    let run_id = report.run.run_id.0.clone();
    report.run.exported = written;
    report.run.finished = Utc::now();
    finish_tables(exporter, tmp, &report.run)?;
    report.settle();
    report
        .cpu
        .close(spent + thread_cpu().saturating_sub(cpu_start));
    write_report(tmp, report)?;
    let dir = out.join(&run_id);
    std::fs::rename(tmp, &dir).map_err(|e| RunError::io("rename into place", tmp, e))?;
    state.finish_export(&run_id)?;
    if let Err(err) = point_link(out, LAST_RUN, &run_id) {
        warn!(err = %chain(&err), "Cannot update the `last-run` link.");
    }
    if output.latest_link && written > 0 {
        match point_link(out, LATEST, &run_id) {
            Ok(()) => debug!(latest = %out.join(LATEST).display(), "Updated the `latest` link."),
            Err(err) => warn!(err = %chain(&err), "Cannot update the `latest` link."),
        }
    }
    if output.dataset {
        let dataset = out.join("dataset");
        newsmill_export::append_to_dataset(&dir, &dataset, &report.run.run_id).map_err(
            |source| RunError::Dataset {
                run_id: run_id.clone(),
                dataset: dataset.clone(),
                source: Box::new(source),
            },
        )?;
    }
    Ok(dir)
}

/// Writes the latest revision of every stored article (optionally only those
/// published since a date) into `dir`, which must not exist yet. Does not mark
/// anything exported. Returns the number of records.
pub fn export_all(
    state: &State,
    export: &ExportConfig,
    dir: &Path,
    since: Option<chrono::NaiveDate>,
    run: &mut Run,
) -> Result<u64> {
    if dir.exists() {
        return Err(RunError::OutputExists(dir.to_path_buf()));
    }
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    ensure_writable(parent)?;
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = fresh_temp_dir(parent, &name)?;
    let mut exporter = Exporter::create(&tmp, export).map_err(|source| RunError::Export {
        action: "start",
        dir: tmp.clone(),
        source: Box::new(source),
    })?;
    let mut written = 0u64;
    state.for_each_latest(since, |record| {
        write_record(&mut exporter, &record)?;
        written += 1;
        Ok(())
    })?;
    run.exported = written;
    run.finished = Utc::now();
    finish_tables(exporter, &tmp, run)?;
    let status = RunStatus::judge(run, false, 1.0);
    write_report(&tmp, &RunReport::new(run.clone(), status))?;
    std::fs::rename(&tmp, dir).map_err(|e| RunError::io("rename into place", &tmp, e))?;
    Ok(written)
}

/// The hidden staging folder for `name` under `parent`, emptied of what an
/// interrupted earlier attempt left.
pub(crate) fn fresh_temp_dir(parent: &Path, name: &str) -> Result<PathBuf> {
    let tmp = temp_dir(parent, name);
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp).map_err(|e| RunError::io("remove", &tmp, e))?;
    }
    std::fs::create_dir_all(&tmp).map_err(|e| RunError::io("create", &tmp, e))?;
    Ok(tmp)
}

pub(crate) fn write_record(exporter: &mut Exporter, record: &Record) -> Result<()> {
    exporter
        .write(record)
        .map_err(|source| RunError::ExportRecord {
            id: record.article.id.clone(),
            url: record.article.url.clone(),
            source: Box::new(source),
        })
}

/// Finishes the tables (they need the run's totals).
fn finish_tables(exporter: Exporter, tmp: &Path, run: &Run) -> Result<()> {
    exporter.finish(run).map_err(|source| RunError::Export {
        action: "finish",
        dir: tmp.to_path_buf(),
        source: Box::new(source),
    })?;
    Ok(())
}

/// Writes `run.json` into the staging folder.
fn write_report(tmp: &Path, report: &RunReport) -> Result<()> {
    let path = tmp.join("run.json");
    let json = serde_json::to_string_pretty(report)?;
    std::fs::write(&path, json + "\n").map_err(|e| RunError::io("write", &path, e))
}

/// `<output>/latest`: the newest run folder with articles in it.
pub(crate) const LATEST: &str = "latest";
/// `<output>/last-run`: the newest run folder, whatever it holds.
pub(crate) const LAST_RUN: &str = "last-run";

/// Points `<out>/<name>` at `run_id` by renaming a fresh symlink over it.
pub(crate) fn point_link(out: &Path, name: &str, run_id: &str) -> Result<()> {
    let link = out.join(name);
    let tmp = out.join(format!(".{name}.tmp"));
    let _ = std::fs::remove_file(&tmp);
    #[cfg(unix)]
    std::os::unix::fs::symlink(run_id, &tmp)
        .map_err(|e| RunError::io("create symlink", &tmp, e))?;
    #[cfg(not(unix))]
    std::fs::write(&tmp, run_id).map_err(|e| RunError::io("write", &tmp, e))?;
    std::fs::rename(&tmp, &link).map_err(|e| RunError::io("replace", &link, e))?;
    Ok(())
}
