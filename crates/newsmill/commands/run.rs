//! `newsmill run --config FILE`: one crawl of the config's sources, then an export
//! of what is new into `<output>/<run-id>/`.
//!
//! Exit 0 when the run finished, even when some pages failed (they are counted
//! and listed in `run.json` and the state store); an error (exit 2) when it could
//! not proceed: bad config, unwritable output, state store locked by another run,
//! or not one source could be read.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use chrono::Utc;
use newsmill_fetch::{Fetcher, SourceConfig};
use newsmill_records::Run;
use newsmill_run::{CrawlOptions, Decision, Opened, Stages, State};
use newsmill_tag::Tagger;
use tokio_util::sync::CancellationToken;
use tracing::{debug, info, warn};

use crate::args::RunArgs;
use crate::commands::{build_extractor, load_watchlist};
use crate::config::{parse_toml, Config, ConfigFile};
use crate::demo::DemoServer;
use crate::progress::Bar;

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
    let output = config.output();
    let Opened {
        lock: _lock,
        mut state,
        ..
    } = newsmill_run::open_for_run(&config.state_path, &output)?;
    let fetcher = Arc::new(
        Fetcher::new(config.fetch.clone())
            .with_context(|| format!("{}: invalid [fetch] settings", config.path.display()))?,
    );
    let extractor = Arc::new(build_extractor(&config)?);
    if args.dry_run {
        let revalidate = args.revalidate || config.revalidate;
        return dry_run(&config, &fetcher, &state, revalidate).await;
    }
    let watchlist = load_watchlist(config.watchlist.as_deref())?;
    let stages = Stages {
        fetcher,
        extractor,
        tagger: tokio::task::spawn_blocking(move || Tagger::builtin(watchlist).map(Arc::new)),
    };

    let run_id = newsmill_run::fresh_run_id(&state, &config.output_dir).await?;
    let started = Utc::now();
    let mut run = Run::begin(run_id.clone(), config.path.display().to_string(), started);
    state.begin_run(&run)?;
    info!(run = %run_id, config = %config.path.display(), sources = config.sources.len(), "Run started.");

    let bar = Bar::start(show_progress);
    let cancel = CancellationToken::new();
    tokio::spawn(watch_signals(cancel.clone()));
    let options = CrawlOptions {
        run_id,
        revalidate: args.revalidate || config.revalidate,
        cancel: cancel.clone(),
        progress: Arc::new(bar.clone()),
        warc: output.warc_file(&run.run_id),
    };
    let fetcher = stages.fetcher.clone();
    let crawl = newsmill_run::crawl(&config.sources, stages, state, options).await;
    bar.finish();
    let crawl = crawl?;
    for host in fetcher.host_report() {
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
    let mut state = crawl.state;
    let dir = newsmill_run::export_run(&mut state, &output, &mut run, args.full)?;
    state.finish_run(&run)?;
    let (stored, _) = state.counts()?;
    drop(demo);

    let total =
        |f: fn(&newsmill_records::SourceSummary) -> u64| run.sources.iter().map(f).sum::<u64>();
    info!(
        discovered = total(|s| s.discovered),
        fetched = total(|s| s.fetched),
        not_modified = total(|s| s.not_modified),
        skipped = total(|s| s.skipped),
        new = total(|s| s.new_articles),
        updated = total(|s| s.updated_articles),
        failed = run.failures.len(),
        exported = run.exported,
        stored,
        dir = %dir.display(),
        "Run finished."
    );
    if cancel.is_cancelled() {
        warn!("The run was interrupted: URLs not reached are fetched by the next run.");
    }
    if newsmill_run::no_source_read(&run) {
        bail!(
            "no source could be read (network down? see {} for the reasons)",
            dir.join("run.json").display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// First SIGINT/SIGTERM: stop discovering and drain; second: exit at once (the
/// store stays consistent, every write being a transaction).
async fn watch_signals(cancel: CancellationToken) {
    for round in 0..2 {
        wait_for_signal().await;
        if round == 0 {
            warn!("Interrupted: finishing the pages in flight and exporting (interrupt again to stop at once).");
            cancel.cancel();
        } else {
            eprintln!("newsmill: interrupted twice, stopping now");
            std::process::exit(130);
        }
    }
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
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
/// fetched, then stops without storing anything.
async fn dry_run(
    config: &Config,
    fetcher: &Fetcher,
    state: &State,
    revalidate: bool,
) -> Result<ExitCode> {
    use std::io::Write;
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
            let verdict = match state.decide(&lead.url, modified, revalidate)? {
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
