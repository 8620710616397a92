//! The start and end of a run around the crawl: open the store for a run (output
//! folder checked, lock taken, an interrupted export finished or rolled back), pick
//! a fresh run id, and judge whether the run read anything at all.

use std::path::Path;
use std::time::Duration;

use chrono::Utc;
use newsmill_records::{Run, RunId, Stage};
use tracing::warn;

use crate::error::{Result, RunError};
use crate::output::{ensure_writable, remove_stale_temp, OutputOptions};
use crate::state::{RunLock, State};

/// A state store opened for a run: hold [`Opened::lock`] until the run is over.
pub struct Opened {
    /// The run lock on the store.
    pub lock: RunLock,
    /// The store, with no export left pending.
    pub state: State,
    /// Exports an interrupted run left unfinished and this open rolled back (their
    /// articles go into this run's export).
    pub rolled_back: usize,
}

/// Opens the store at `state_path` for a run writing to `output`: checks that the
/// output folder is writable (so a run that could not write its results fails
/// before fetching anything), takes the run lock on the store and on the output
/// folder (a second run on either fails at once), then finishes or rolls back any export a killed run left pending
/// and removes its half-written folders.
pub fn open_for_run(state_path: &Path, output: &OutputOptions) -> Result<Opened> {
    ensure_writable(&output.dir)?;
    let lock = RunLock::acquire_for(state_path, &output.dir)?;
    let mut state = State::open(state_path)?;
    let rolled_back = state.reconcile_exports(&output.dir)?;
    remove_stale_temp(&output.dir)?;
    if rolled_back > 0 {
        warn!(rolled_back, "An earlier run was interrupted during its export; its articles are exported by this run.");
    }
    Ok(Opened {
        lock,
        state,
        rolled_back,
    })
}

/// A run id not used before: the start second, waiting for the next second when a
/// run (in the store, or a folder in `output_dir`) already has this one.
pub async fn fresh_run_id(state: &State, output_dir: &Path) -> Result<RunId> {
    for _ in 0..5 {
        let id = RunId::at(Utc::now());
        if !state.has_run(&id.0)? && !output_dir.join(&id.0).exists() {
            return Ok(id);
        }
        let wait = 1000 - u64::from(Utc::now().timestamp_subsec_millis().min(999));
        tokio::time::sleep(Duration::from_millis(wait)).await;
    }
    Err(RunError::NoFreeRunId(output_dir.to_path_buf()))
}

/// True when every source failed before yielding a single URL: the run did not
/// really happen, and whoever scheduled it should hear about it.
pub fn no_source_read(run: &Run) -> bool {
    !run.sources.is_empty()
        && run.sources.iter().all(|s| {
            s.discovered == 0
                && run
                    .failures
                    .iter()
                    .any(|f| f.source == s.name && f.stage == Stage::Discover)
        })
}
