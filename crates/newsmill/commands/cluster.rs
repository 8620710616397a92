//! `newsmill cluster status`, and the coordinator side of `newsmill run` with
//! `[cluster]` (called by the run command in place of the single-machine crawl).

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use newsmill_cluster::{Cluster, ClusterConfig, CoordinateOptions};
use newsmill_fetch::{Fetcher, SourceConfig};
use newsmill_run::{Crawl, CrawlOptions, Staging, State};

use crate::args::{ClusterCommand, ClusterStatusArgs, Locations};
use crate::config::ConfigFile;

/// How long a command waits for the NATS server at start-up.
pub const CONNECT_WAIT: Duration = Duration::from_secs(30);

/// Runs a `newsmill cluster` subcommand.
pub fn run(command: ClusterCommand) -> Result<ExitCode> {
    match command {
        ClusterCommand::Status(args) => status(args),
    }
}

fn status(args: ClusterStatusArgs) -> Result<ExitCode> {
    let config = ConfigFile::read(&args.config)?.resolve_offline(&Locations::default())?;
    let Some(cluster) = config.cluster else {
        bail!("{}: no [cluster] section", config.path.display());
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let status = runtime.block_on(async {
        let connected = Cluster::connect(&cluster, "status", Duration::from_secs(5)).await?;
        newsmill_cluster::status(&connected).await
    })?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&status)?);
    } else {
        print!("{status}");
    }
    Ok(ExitCode::SUCCESS)
}

/// The crawl of a coordinated run: jobs out to the workers, results into `state`.
pub async fn coordinate(
    cluster: &ClusterConfig,
    sources: &[SourceConfig],
    fetcher: Arc<Fetcher>,
    state: State,
    options: CrawlOptions,
    staging: Option<Staging>,
) -> Result<Crawl> {
    let connected = Cluster::connect(cluster, "coordinator", CONNECT_WAIT).await?;
    let options = CoordinateOptions {
        run_id: options.run_id,
        revalidate: options.revalidate,
        cancel: options.cancel,
        progress: options.progress,
        staging,
    };
    Ok(newsmill_cluster::coordinate(&connected, sources, fetcher, state, options).await?)
}
