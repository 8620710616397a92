//! Where reports come from: the state store (`newsmill report`), or a run's own
//! export (`[output] report = true`), through the run crate's [`FolderWriter`]
//! seam so the report is written into the run folder together with the tables.

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use newsmill_records::{Record, Run};
use newsmill_run::{FolderWriter, State, StoredRun};

use crate::analysis::run_rows;
use crate::collect::{Collector, Filter};
use crate::digest::Digest;
use crate::error::{ReportError, Result};
use crate::report::{Report, ReportOptions, Scope};

/// The report of the latest revision of every stored article that the options'
/// filter keeps, with the runs started and the failures recorded in its period.
pub fn from_store(state: &State, options: ReportOptions) -> Result<Report> {
    let filter = options.filter.clone();
    if let (Some(since), Some(until)) = (filter.since, filter.until) {
        if until < since {
            return Err(ReportError::EmptyPeriod { since, until });
        }
    }
    let mut collector = Collector::new(filter.clone());
    state.for_each_latest_json(filter.since, filter.until, |id, json| {
        collector.add_json(id, json);
        Ok::<(), ReportError>(())
    })?;
    let failures: Vec<_> = state
        .failures()?
        .into_iter()
        .map(|(_, f)| f)
        .filter(|f| filter.keeps_failure(&f.source, f.at.date_naive()))
        .collect();
    let runs: Vec<StoredRun> = state
        .runs()?
        .into_iter()
        .filter(|r| run_in_period(r, &filter))
        .collect();
    let rows = run_rows(&runs, filter.source.as_deref());
    Ok(Report::build(options, collector.finish(), &failures, rows))
}

fn run_in_period(run: &StoredRun, filter: &Filter) -> bool {
    let Some(day) = DateTime::parse_from_rfc3339(&run.started)
        .ok()
        .map(|d| d.with_timezone(&Utc).date_naive())
    else {
        return true;
    };
    within(day, filter.since, filter.until)
}

fn within(day: NaiveDate, since: Option<NaiveDate>, until: Option<NaiveDate>) -> bool {
    since.is_none_or(|s| day >= s) && until.is_none_or(|u| day <= u)
}

/// Writes `report.html` into a run folder: fed the run's records as its tables are
/// written, it renders when the run's totals are known (`[output] report = true`).
pub struct RunReport {
    title: String,
    collector: Collector,
}

impl RunReport {
    /// The file name in the run folder.
    pub const FILE: &'static str = "report.html";

    /// A report titled `title` (the config's name, say).
    pub fn new(title: impl Into<String>) -> RunReport {
        RunReport {
            title: title.into(),
            collector: Collector::new(Filter::default()),
        }
    }
}

impl FolderWriter for RunReport {
    fn name(&self) -> &str {
        RunReport::FILE
    }

    fn record(&mut self, record: &Record) {
        self.collector.add(&Digest::from(record));
    }

    fn finish(
        &mut self,
        state: &State,
        run: &Run,
        staging: &Path,
    ) -> std::result::Result<(), Box<dyn std::error::Error + Send + Sync>> {
        // The store lists this run as still running: show it as it ends.
        let mut runs: Vec<StoredRun> = state
            .runs()?
            .into_iter()
            .filter(|r| r.run_id != run.run_id.0 && r.started <= run.started.to_rfc3339())
            .collect();
        runs.push(StoredRun {
            run_id: run.run_id.0.clone(),
            config: run.config.clone(),
            started: run.started.to_rfc3339(),
            status: "finished".into(),
            summary: Some(run.clone()),
        });
        let options = ReportOptions {
            title: self.title.clone(),
            generated: run.finished,
            filter: Filter::default(),
            scope: Scope::Run(run.run_id.0.clone()),
        };
        let collected = std::mem::take(&mut self.collector).finish();
        let report = Report::build(options, collected, &run.failures, run_rows(&runs, None));
        report.write(&staging.join(RunReport::FILE))?;
        Ok(())
    }
}
