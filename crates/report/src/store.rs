//! Where reports come from: the state store (`newsmill report`), or the articles
//! one run exported (`[output] report = true`, written into its folder).

use chrono::{DateTime, NaiveDate, Utc};
use newsmill_run::{State, StoredRun};

use crate::analysis::run_rows;
use crate::collect::{Collector, Filter};
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

/// The report of the articles the run `run_id` exported (its folder's articles:
/// with `full`, the latest revision of every article, as `newsmill run --full`
/// exports), with the run history up to that run and the failures it recorded.
/// Call it once the run is finished in the store, so its totals show.
pub fn from_run(
    state: &State,
    run_id: &str,
    full: bool,
    title: &str,
    generated: DateTime<Utc>,
) -> Result<Report> {
    let mut collector = Collector::new(Filter::default());
    let mut add = |id: &str, json: &str| {
        collector.add_json(id, json);
        Ok::<(), ReportError>(())
    };
    if full {
        state.for_each_latest_json(None, None, &mut add)?;
    } else {
        state.for_each_exported_json(run_id, &mut add)?;
    }
    let failures: Vec<_> = state
        .failures()?
        .into_iter()
        .filter(|(run, _)| run == run_id)
        .map(|(_, f)| f)
        .collect();
    let all = state.runs()?;
    let started = all
        .iter()
        .find(|r| r.run_id == run_id)
        .map(|r| r.started.clone())
        .ok_or_else(|| ReportError::NoSuchRun(run_id.to_string()))?;
    let runs: Vec<StoredRun> = all.into_iter().filter(|r| r.started <= started).collect();
    let options = ReportOptions {
        title: title.to_string(),
        generated,
        filter: Filter::default(),
        scope: Scope::Run(run_id.to_string()),
    };
    Ok(Report::build(
        options,
        collector.finish(),
        &failures,
        run_rows(&runs, None),
    ))
}
