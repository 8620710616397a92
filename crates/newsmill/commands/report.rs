//! `newsmill report`: one self-contained HTML file about the stored articles of a
//! period (and source), read from the state store without changing it.

use std::path::Path;

use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use chrono::Utc;
use newsmill_records::Run;
use newsmill_report::{Filter, ReportOptions, Scope};
use newsmill_run::State;
use tracing::{error, info, warn};

use crate::args::ReportArgs;
use crate::config::{Config, ConfigFile};

/// Runs the command.
pub fn run(args: ReportArgs) -> Result<ExitCode> {
    let file = ConfigFile::read(&args.config)?;
    let config = file.resolve_offline(&args.locations)?;
    let Some(state) = State::open_read_only(&config.state_path)? else {
        bail!(
            "no state store at {}: run `newsmill run --config {}` first",
            config.state_path.display(),
            config.path.display()
        );
    };
    let options = ReportOptions {
        title: title(&config.path),
        generated: Utc::now(),
        filter: Filter {
            since: args.since,
            until: args.until,
            source: args.source.clone(),
        },
        scope: Scope::Store,
    };
    let report = newsmill_report::from_store(&state, options)
        .with_context(|| format!("cannot make the report of {}", config.state_path.display()))?;
    let articles = report.data.articles.len();
    if let Some(source) = &args.source {
        if articles == 0 && !config.sources.iter().any(|s| &s.name == source) {
            let names: Vec<&str> = config.sources.iter().map(|s| s.name.as_str()).collect();
            bail!(
                "--source {source:?}: no such source in {} (its sources: {}) and no stored article from it",
                config.path.display(),
                names.join(", ")
            );
        }
    }
    if articles == 0 {
        warn!("No stored article matches; the report says so.");
    }
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| config.output_dir.join("report.html"));
    report.write(&out)?;
    info!(articles, file = %out.display(), "Report written.");
    Ok(ExitCode::SUCCESS)
}

/// The report's title: the config file's name without extension (`demo`).
pub fn title(config: &Path) -> String {
    config
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "newsmill".into())
}

/// `[output] report = true`: writes `report.html` into the run folder `dir` for the
/// articles the run exported. A report that cannot be made is logged as an error;
/// the run's tables are already in place and stay valid.
pub fn write_run_report(state: &State, config: &Config, run: &Run, full: bool, dir: &Path) {
    let file = dir.join("report.html");
    let made =
        newsmill_report::from_run(state, &run.run_id.0, full, &title(&config.path), Utc::now())
            .and_then(|report| report.write(&file));
    match made {
        Ok(()) => info!(file = %file.display(), "Report written."),
        Err(err) => {
            let reason = format!("{:#}", anyhow::Error::from(err));
            error!(file = %file.display(), %reason, "Cannot write the run's report; its tables are written.");
        }
    }
}
