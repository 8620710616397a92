/*!
The run lifecycle: what happens between a config and a run folder, as a library
the `newsmill` binary (and a cluster's coordinator and workers) call.

Does:

* keep the state store ([`State`]): one SQLite file (WAL) remembering every URL
  seen with its validators, every article revision with its tags (deduplicated by
  content, revised when the text changes), every run and every failure; one run at
  a time per store ([`RunLock`]);
* crawl ([`crawl`]): discover → fetch → extract + tag → store over bounded
  channels, CPU work on blocking threads, one thread owning SQLite, a
  cancellation token that drains instead of dropping;
* export crash-safely ([`export_run`]): claim the rows, write a hidden staging
  folder, rename it into place, mark it done; [`open_for_run`] finishes or rolls
  back whatever a killed run left, so no article is lost or exported twice; keep
  `latest`, the optional WARC recording and the cumulative dataset
  ([`OutputOptions`]); re-export the store without fetching ([`export_all`]).

The crawl is built from steps that are public so a cluster can split them across
machines:

| step | where it runs | API |
|---|---|---|
| discover leads | coordinator | [`discover`], then [`Triage::triage`] → [`Verdict`] (a [`Job`] to fetch) |
| process one lead | worker | [`process_lead`] (= [`fetch_lead`] then [`extract_page`]) → [`Outcome`] |
| store outcomes | coordinator | [`Ledger::record`], then [`export_run`] |

[`Job`], [`Outcome`], [`FetchedPage`] and [`Visit`] are serde types, ready to cross
a queue. Progress goes to a [`Progress`] observer ([`NoProgress`] reports nothing).

Does not: read config files or flags (callers pass the stage objects,
[`OutputOptions`] and [`CrawlOptions`]), print, install signal handlers or a
logger, or implement fetching, extraction, tagging or the table formats (the
stage crates do). Errors are [`RunError`]; a failure on one URL is not an error
but a [`Failure`](newsmill_records::Failure) in the run's summary.

```no_run
use std::path::Path;
use std::sync::Arc;

use newsmill_records::Run;
use newsmill_run::{crawl, export_run, fresh_run_id, open_for_run, CrawlOptions, NoProgress};
# async fn demo(
#     stages: newsmill_run::Stages,
#     sources: Vec<newsmill_fetch::SourceConfig>,
#     output: newsmill_run::OutputOptions,
# ) -> Result<(), newsmill_run::RunError> {

let opened = open_for_run(Path::new("out/state.sqlite"), &output)?;
let mut state = opened.state;
let run_id = fresh_run_id(&state, &output.dir).await?;
let mut run = Run::begin(run_id.clone(), "newsmill.toml", chrono::Utc::now());
state.begin_run(&run)?;
let options = CrawlOptions {
    warc: output.warc_file(&run_id),
    run_id,
    revalidate: false,
    cancel: Default::default(),
    progress: Arc::new(NoProgress),
};
let crawl = crawl(&sources, stages, state, options).await?;
(run.sources, run.failures) = (crawl.sources, crawl.failures);
let mut state = crawl.state;
let folder = export_run(&mut state, &output, &mut run, false)?;
state.finish_run(&run)?;
# Ok(())
# }
```
*/
#![deny(missing_docs)]

mod discover;
mod error;
mod ledger;
mod lifecycle;
mod output;
mod pipeline;
mod process;
mod progress;
mod prune;
mod staging;
mod state;
mod summary;
pub mod usage;

pub use crate::state::StoredRun;
pub use crate::{
    discover::{discover, Job, Leads, Triage, Verdict},
    error::RunError,
    ledger::{Crawl, CrawlStats, Ledger},
    lifecycle::{fresh_run_id, no_source_read, open_for_run, Opened},
    output::{
        ensure_writable, export_all, export_report, export_run, remove_stale_temp, OutputOptions,
    },
    pipeline::{crawl, crawl_staged, CrawlOptions, Stages, STOP_GRACE},
    process::{
        extract_page, extract_page_timed, fetch_lead, process_lead, Fetch, FetchedPage, Outcome,
    },
    progress::{NoProgress, Progress},
    prune::prune_runs,
    staging::{export_staged, Staging},
    state::{Batch, Decision, RunLock, State, Stored, UrlStatus, Visit},
    summary::{
        failed_share, unread_sources, Build, CpuTimes, HostSummary, PageTotals, RunReport,
        RunStatus, Totals,
    },
};
