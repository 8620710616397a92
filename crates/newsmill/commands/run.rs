//! `newsmill run --config FILE`: one crawl of the config's sources, then an export
//! of what is new into `<output>/<run-id>/`.
//!
//! Exit status (what a scheduler acts on, also `run.json`'s `status`):
//! 0 `finished`: every source was read and no more than `[run] max_failed_share`
//! of the pages tried failed; 3 `partial` or `failed`: the run finished, but a
//! source could not be read at all (every source, for `failed`) or more pages
//! failed; 130 / 143 `interrupted` by SIGINT / SIGTERM (what was done is stored
//! and exported); 2 (an error) when the run could not start or stopped on an
//! error: bad config, unwritable output, store or output folder locked by another
//! run.

use std::process::ExitCode;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use chrono::Utc;
use newsmill_fetch::{Fetcher, SourceConfig};
use newsmill_records::Run;
use newsmill_run::{
    CpuTimes, CrawlOptions, Decision, Opened, RunReport, RunStatus, Stages, Staging, State,
};
use newsmill_tag::Tagger;
use tokio_util::sync::CancellationToken;
use tracing::{debug, info, warn};

use crate::args::RunArgs;
use crate::commands::{build_extractor, load_watchlist};
use crate::config::{parse_toml, Config, ConfigFile};
use crate::demo::DemoServer;
use crate::progress::Bar;

/// Exit status of a run that finished but could not read a source, or in which
/// too many pages failed.
const EXIT_PARTIAL: u8 = 3;

/// Runs the command; `show_progress` allows a progress bar (drawn only when stderr
/// is a terminal).
pub fn run(args: RunArgs, show_progress: bool) -> Result<ExitCode> {
    let file = ConfigFile::for_run(args.config.as_deref(), &args.quick)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(run_async(args, file, show_progress))
}

async fn run_async(args: RunArgs, file: ConfigFile, show_progress: bool) -> Result<ExitCode> {
    // Signals are caught from the start, so one that comes before the crawl still
    // ends the run cleanly.
    let cancel = CancellationToken::new();
    let signal = Arc::new(AtomicI32::new(0));
    if !args.dry_run {
        watch_signals(cancel.clone(), signal.clone())?;
    }
    let demo = match file.demo_site()? {
        Some(site) => Some(DemoServer::start(&site).await?),
        None => None,
    };
    let mut config = file.resolve(&args.locations, demo.as_ref().map(DemoServer::base))?;
    if let Some(warc) = &args.from_warc {
        config.sources = vec![warc_source(warc)?];
    }
    if config.sources.is_empty() {
        bail!("{}: no [[sources]] to read", config.path.display());
    }
    let fetcher = Arc::new(
        Fetcher::new(config.fetch.clone())
            .with_context(|| format!("{}: invalid [fetch] settings", config.path.display()))?,
    );
    if args.dry_run {
        let revalidate = args.revalidate || config.revalidate;
        return dry_run(&config, &fetcher, revalidate).await;
    }
    let output = config.output();
    let Opened {
        lock, mut state, ..
    } = newsmill_run::open_for_run(&config.state_path, &output)?;
    let extractor = Arc::new(build_extractor(&config)?);
    let watchlist = load_watchlist(config.watchlist.as_deref())?;

    let cpu = CpuTimes::starting_now();
    let run_id = newsmill_run::fresh_run_id(&state, &config.output_dir).await?;
    let mut run = Run::begin(
        run_id.clone(),
        config.path.display().to_string(),
        Utc::now(),
    );
    state.begin_run(&run)?;
    info!(run = %run_id, config = %config.path.display(), sources = config.sources.len(), "Run started.");

    let bar = Bar::start(show_progress);
    let options = CrawlOptions {
        run_id,
        revalidate: args.revalidate || config.revalidate,
        cancel: cancel.clone(),
        progress: Arc::new(bar.clone()),
        warc: output.warc_file(&run.run_id),
    };
    let crawl = match &config.cluster {
        // With [cluster], this run coordinates: the workers fetch, extract and tag.
        Some(cluster) => {
            // As below: the export is written as results are stored, unless --full.
            let staging = if args.full {
                None
            } else {
                Some(Staging::start(&output, &run.run_id)?)
            };
            let sources = &config.sources;
            let fetcher = fetcher.clone();
            crate::commands::cluster::coordinate(cluster, sources, fetcher, state, options, staging)
                .await
        }
        None => {
            let stages = Stages {
                fetcher: fetcher.clone(),
                extractor,
                tagger: tokio::task::spawn_blocking(move || {
                    Tagger::builtin(watchlist).map(Arc::new)
                }),
            };
            // The export is written as the crawl stores, unless --full asks for
            // every stored article (read back from the store at the end).
            if args.full {
                newsmill_run::crawl(&config.sources, stages, state, options)
                    .await
                    .map_err(anyhow::Error::from)
            } else {
                let staging = Staging::start(&output, &run.run_id)?;
                newsmill_run::crawl_staged(&config.sources, stages, state, options, staging)
                    .await
                    .map_err(anyhow::Error::from)
            }
        }
    };
    bar.finish();
    let crawl = crawl?;
    let hosts = fetcher.host_report();
    for host in &hosts {
        if host.backoffs > 0 {
            warn!(
                host = %host.host,
                requests = host.requests,
                failures = host.failures,
                backoffs = host.backoffs,
                "Host kept failing and was backed off."
            );
        } else {
            debug!(host = %host.host, requests = host.requests, failures = host.failures, "Host.");
        }
    }
    run.sources = crawl.sources;
    run.failures = crawl.failures;
    let status = RunStatus::judge(&run, cancel.is_cancelled(), config.max_failed_share);
    let mut report = RunReport::new(run, status);
    report.cpu = cpu;
    report.add_crawl(&crawl.stats, &hosts);
    let mut state = crawl.state;
    let dir = match crawl.staging {
        Some(staging) => newsmill_run::export_staged(&mut state, &output, &mut report, staging)?,
        None => newsmill_run::export_report(&mut state, &output, &mut report, args.full)?,
    };
    state.end_run(&report)?;
    if config.report {
        super::report::write_run_report(&state, &config, &report.run, args.full, &dir);
    }
    if let Some(keep) = config.keep_runs {
        let removed = newsmill_run::prune_runs(&output.dir, keep, &lock)?;
        if !removed.is_empty() {
            info!(
                removed = removed.len(),
                keep, "Removed old run folders ([output] keep_runs)."
            );
        }
    }
    drop(lock);
    drop(demo);

    if status == RunStatus::Interrupted {
        warn!("The run was interrupted: URLs not reached are fetched by the next run.");
    }
    info!(
        status = %status,
        exit = exit_status(status, &signal),
        dir = %dir.display(),
        "{}",
        report.describe(&dir)
    );
    Ok(ExitCode::from(exit_status(status, &signal)))
}

/// The exit status for how a run ended; `signal` is the signal that stopped it.
fn exit_status(status: RunStatus, signal: &AtomicI32) -> u8 {
    match status {
        RunStatus::Finished => 0,
        RunStatus::Partial | RunStatus::Failed => EXIT_PARTIAL,
        RunStatus::Interrupted => 128 + u8::try_from(signal.load(Ordering::Relaxed)).unwrap_or(2),
    }
}

/// First SIGINT/SIGTERM: cancel the crawl (no new work, in-flight fetches get a
/// grace period, what is done is stored and exported) and remember which signal it
/// was; second: exit at once with 128 + its number (the store stays consistent,
/// every write being a transaction).
fn watch_signals(cancel: CancellationToken, which: Arc<AtomicI32>) -> Result<()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut interrupt = signal(SignalKind::interrupt()).context("cannot catch SIGINT")?;
        let mut terminate = signal(SignalKind::terminate()).context("cannot catch SIGTERM")?;
        tokio::spawn(async move {
            for round in 0..2 {
                let number = tokio::select! {
                    _ = interrupt.recv() => libc_number::SIGINT,
                    _ = terminate.recv() => libc_number::SIGTERM,
                };
                if round == 0 {
                    which.store(number, Ordering::Relaxed);
                    warn!(
                        signal = number,
                        grace_s = newsmill_run::STOP_GRACE.as_secs(),
                        "Interrupted: no new pages; finishing the ones in flight, then storing and exporting (interrupt again to stop at once)."
                    );
                    cancel.cancel();
                } else {
                    eprintln!("newsmill: interrupted twice, stopping now");
                    std::process::exit(128 + number);
                }
            }
        });
    }
    #[cfg(not(unix))]
    tokio::spawn(async move {
        for round in 0..2 {
            let _ = tokio::signal::ctrl_c().await;
            if round == 0 {
                which.store(2, Ordering::Relaxed);
                cancel.cancel();
            } else {
                std::process::exit(130);
            }
        }
    });
    Ok(())
}

/// Signal numbers (the same on every Unix newsmill runs on).
mod libc_number {
    pub const SIGINT: i32 = 2;
    pub const SIGTERM: i32 = 15;
}

fn warc_source(path: &std::path::Path) -> Result<SourceConfig> {
    let path =
        std::path::absolute(path).with_context(|| format!("cannot resolve {}", path.display()))?;
    let text = format!(
        "name = \"warc\"\nkind = \"warc\"\npath = {}\n",
        toml::Value::String(path.display().to_string())
    );
    parse_toml(&text, std::path::Path::new("--from-warc"))
}

/// `--dry-run`: prints what each web source discovered and whether it would be
/// fetched, then stops. Writes nothing: the state store is only read (when there
/// is one), the output folder is not created, no lock is taken.
async fn dry_run(config: &Config, fetcher: &Fetcher, revalidate: bool) -> Result<ExitCode> {
    use std::io::Write;
    let state = State::open_read_only(&config.state_path)?;
    let mut out = std::io::stdout().lock();
    for source in &config.sources {
        let discovery = match fetcher.discover(source).await {
            Ok(d) => d,
            Err(err) => {
                writeln!(out, "{}\terror\t{err}", source.name)?;
                continue;
            }
        };
        for lead in &discovery.leads {
            let modified = lead.hints.modified.or(lead.hints.published);
            let decision = match &state {
                Some(state) => state.decide(&lead.url, modified, revalidate)?,
                None => Decision::Fetch(Default::default()),
            };
            let verdict = match decision {
                Decision::Fetch(_) => "fetch",
                Decision::Skip => "known",
            };
            writeln!(out, "{}\t{verdict}\t{}", source.name, lead.url)?;
        }
        for err in &discovery.errors {
            writeln!(out, "{}\terror\t{err}", source.name)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
