/*!
The run lifecycle (moved out of the binary; documented in a later step).
*/

mod output;
mod pipeline;
mod progress;
mod state;

pub use crate::{
    output::{ensure_writable, export_all, export_run, remove_stale_temp, OutputOptions},
    pipeline::{crawl, Crawl, CrawlOptions, Stages},
    progress::Progress,
    state::{Decision, RunLock, State, Stored, UrlStatus, Visit},
};
