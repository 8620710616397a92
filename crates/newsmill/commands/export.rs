//! `newsmill export`: writes the latest revision of every stored article again
//! (optionally only recent ones, in other formats) without fetching anything. It
//! reads the state store and leaves it unchanged: what the next `run` exports is
//! not affected.

use std::process::ExitCode;

use anyhow::{bail, Result};
use chrono::Utc;
use newsmill_records::{Run, RunId};
use newsmill_run::State;
use tracing::info;

use crate::args::ExportArgs;
use crate::config::ConfigFile;

/// Runs the command.
pub fn run(args: ExportArgs) -> Result<ExitCode> {
    let file = ConfigFile::read(&args.config)?;
    let config = file.resolve_offline(&args.locations)?;
    if !config.state_path.exists() {
        bail!(
            "no state store at {}: run `newsmill run --config {}` first",
            config.state_path.display(),
            config.path.display()
        );
    }
    let state = State::open(&config.state_path)?;
    let mut export = config.export.clone();
    if !args.format.is_empty() {
        export.formats = args.format.clone();
    }
    let started = Utc::now();
    let run_id = RunId::at(started);
    let dir = args
        .out
        .clone()
        .unwrap_or_else(|| config.output_dir.join(format!("export-{run_id}")));
    let mut run = Run::begin(run_id, config.path.display().to_string(), started);
    let n = newsmill_run::export_all(&state, &export, &dir, args.since, &mut run)?;
    info!(articles = n, dir = %dir.display(), "Exported.");
    Ok(ExitCode::SUCCESS)
}
