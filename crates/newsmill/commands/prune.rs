//! `newsmill prune --config FILE [--keep N]`: removes old run folders from the
//! output folder, keeping the N newest (and always the one `latest` points to).
//! Refuses (exit 2) while a run holds the output folder.

use std::process::ExitCode;

use anyhow::{bail, Result};
use tracing::info;

use crate::args::PruneArgs;
use crate::config::ConfigFile;

/// Runs the command.
pub fn run(args: PruneArgs) -> Result<ExitCode> {
    let config = ConfigFile::read(&args.config)?.resolve_offline(&args.locations)?;
    let Some(keep) = args.keep.or(config.keep_runs) else {
        bail!(
            "how many run folders to keep? give --keep N or set [output] keep_runs in {}",
            config.path.display()
        );
    };
    if !config.output_dir.is_dir() {
        info!(dir = %config.output_dir.display(), "No output folder: nothing to prune.");
        return Ok(ExitCode::SUCCESS);
    }
    let lock = newsmill_run::RunLock::acquire_output(&config.output_dir)?;
    let removed = newsmill_run::prune_runs(&config.output_dir, keep, &lock)?;
    info!(
        removed = removed.len(),
        keep,
        dir = %config.output_dir.display(),
        "Pruned old run folders."
    );
    Ok(ExitCode::SUCCESS)
}
