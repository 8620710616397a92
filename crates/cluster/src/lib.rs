/*!
Several machines, one newsmill run: a coordinator and any number of workers over
NATS JetStream (nats-server 2.9 or later).

Does:

* connect to NATS with the `[cluster]` settings ([`ClusterConfig`]: user and
  password, token, nkey or creds file, TLS; secrets never logged) and set up the
  streams, consumers and buckets ([`Cluster::connect`]);
* coordinate a run ([`coordinate`]): discover and triage as the single-machine
  crawl does, publish each URL to fetch (or archive page to extract) as a job on
  a de-duplicated work-queue stream, collect the results into the state store,
  and hand back the same [`Crawl`](newsmill_run::Crawl) the single-machine crawl
  does, so the export is the same; one coordinator at a time (a lease), resumed
  after a crash (an epoch);
* work ([`work`]): pull jobs, fetch, extract, tag, publish the outcome under the
  job's id (redelivery is idempotent), acknowledge; keep per-host politeness
  cluster-wide through the key-value store ([`Pacer`](newsmill_fetch::Pacer));
  dead-letter jobs that keep failing;
* report ([`status`]): queue depth, jobs in flight, coordinator, workers, hosts.

Does not: read config files or flags, install signal handlers, print, or export
(the `newsmill` binary and `newsmill-run` do); run a NATS server.

```no_run
# async fn demo(
#     sources: Vec<newsmill_fetch::SourceConfig>,
#     state: newsmill_run::State,
#     fetcher: std::sync::Arc<newsmill_fetch::Fetcher>,
# ) -> Result<(), newsmill_cluster::ClusterError> {
use std::time::Duration;
use newsmill_cluster::{coordinate, Cluster, ClusterConfig, CoordinateOptions};

let config = ClusterConfig::new("nats://127.0.0.1:4222");
let cluster = Cluster::connect(&config, "coordinator", Duration::from_secs(10)).await?;
let options = CoordinateOptions {
    run_id: newsmill_records::RunId::at(chrono::Utc::now()),
    revalidate: false,
    cancel: Default::default(),
    progress: std::sync::Arc::new(newsmill_run::NoProgress),
    staging: None,
};
let crawl = coordinate(&cluster, &sources, fetcher, state, options).await?;
# Ok(()) }
```
*/
#![deny(missing_docs)]

mod config;
mod connect;
mod coordinator;
mod error;
mod layout;
mod lease;
mod message;
mod pacer;
mod status;
mod whoami;
mod worker;

pub use crate::{
    config::{ClusterConfig, TlsConfig},
    connect::Cluster,
    coordinator::{coordinate, CoordinateOptions},
    error::ClusterError,
    status::{status, CoordinatorStatus, HostStatus, Status, WorkerStatus},
    worker::{work, WorkerOptions, WorkerReport},
};
