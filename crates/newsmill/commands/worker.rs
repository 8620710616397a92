//! `newsmill worker --config FILE`: takes jobs from the cluster named by
//! `[cluster]` until interrupted. The first SIGINT/SIGTERM stops taking jobs and
//! finishes the ones in hand; a second exits at once (the jobs in hand go to
//! another worker after the ack wait).

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use newsmill_cluster::{Cluster, WorkerOptions};
use tokio_util::sync::CancellationToken;
use tracing::warn;

use crate::args::{Locations, WorkerArgs};
use crate::commands::cluster::CONNECT_WAIT;
use crate::commands::{build_extractor, build_tagger};
use crate::config::ConfigFile;

/// Runs the command.
pub fn run(args: WorkerArgs) -> Result<ExitCode> {
    let config = ConfigFile::read(&args.config)?.resolve_offline(&Locations::default())?;
    let Some(cluster) = config.cluster.clone() else {
        bail!(
            "{}: no [cluster] section: a worker needs the NATS server's address",
            config.path.display()
        );
    };
    let extractor = Arc::new(build_extractor(&config)?);
    let tagger = Arc::new(build_tagger(config.watchlist.as_deref())?);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async move {
        let cancel = CancellationToken::new();
        tokio::spawn(watch_signals(cancel.clone()));
        let connected = Cluster::connect(&cluster, "worker", CONNECT_WAIT).await?;
        let options = WorkerOptions {
            id: args.id,
            jobs: args.jobs,
            cancel,
        };
        newsmill_cluster::work(&connected, config.fetch.clone(), extractor, tagger, options)
            .await?;
        Ok(ExitCode::SUCCESS)
    })
}

async fn watch_signals(cancel: CancellationToken) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let (Ok(mut term), Ok(mut int)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        ) else {
            return;
        };
        for round in 0..2 {
            tokio::select! {
                _ = term.recv() => {}
                _ = int.recv() => {}
            }
            if round == 0 {
                warn!("Interrupted: finishing the jobs in hand (interrupt again to stop at once).");
                cancel.cancel();
            } else {
                eprintln!("newsmill: interrupted twice, stopping now");
                std::process::exit(130);
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
        cancel.cancel();
    }
}
