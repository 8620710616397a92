//! The cluster's JetStream objects, named after `[cluster] name` (`newsmill`
//! below), created by whoever connects first and left as they are afterwards:
//!
//! | object | kind | holds |
//! |---|---|---|
//! | `newsmill-jobs` (`newsmill.jobs`) | work-queue stream, de-duplicated | jobs; consumer `workers` (pull, explicit ack, ack wait, max deliver) |
//! | `newsmill-results` (`newsmill.results`) | work-queue stream, de-duplicated | one outcome per job; consumer `coordinator` |
//! | `newsmill-dead` (`newsmill.dead`) | stream, kept 7 days | jobs that kept failing |
//! | `newsmill-lease` | KV, entries lapse after `lease_secs` | `coordinator`: who runs the crawl |
//! | `newsmill-run` | KV | `epoch`: the crawl's job generation, open or closed |
//! | `newsmill-workers` | KV, entries lapse after 30 s | one heartbeat per live worker |
//! | `newsmill-hosts` | KV, entries lapse after an hour | per-host next request time and requests in flight |

use std::time::Duration;

use async_nats::jetstream::{self, consumer, kv, stream};
use tracing::debug;

use crate::config::ClusterConfig;
use crate::error::{ClusterError, Result};

/// How long a worker's heartbeat stays visible after its last beat.
pub(crate) const WORKER_TTL: Duration = Duration::from_secs(30);
/// How long an untouched host entry stays.
const HOSTS_TTL: Duration = Duration::from_secs(3600);
/// How long dead letters are kept.
const DEAD_TTL: Duration = Duration::from_secs(7 * 24 * 3600);

/// The names and handles of the cluster's streams and buckets.
#[derive(Clone)]
pub(crate) struct Layout {
    pub jobs_subject: String,
    pub results_subject: String,
    pub dead_subject: String,
    pub jobs: stream::Stream,
    pub results: stream::Stream,
    pub dead: stream::Stream,
    pub lease: kv::Store,
    pub run: kv::Store,
    pub workers: kv::Store,
    pub hosts: kv::Store,
}

/// The durable consumer workers share on the jobs stream.
pub(crate) const WORKERS: &str = "workers";
/// The durable consumer the coordinator reads results with.
pub(crate) const COORDINATOR: &str = "coordinator";

impl Layout {
    pub async fn ensure(js: &jetstream::Context, config: &ClusterConfig) -> Result<Layout> {
        let name = &config.name;
        let replicas = config.replicas;
        let queue = |suffix: &str| stream::Config {
            name: format!("{name}-{suffix}"),
            subjects: vec![format!("{name}.{suffix}")],
            retention: stream::RetentionPolicy::WorkQueue,
            storage: stream::StorageType::File,
            num_replicas: replicas,
            duplicate_window: config.dedup_window(),
            ..Default::default()
        };
        let jobs = ensure_stream(js, queue("jobs")).await?;
        let results = ensure_stream(js, queue("results")).await?;
        let dead = ensure_stream(
            js,
            stream::Config {
                name: format!("{name}-dead"),
                subjects: vec![format!("{name}.dead")],
                storage: stream::StorageType::File,
                num_replicas: replicas,
                max_age: DEAD_TTL,
                ..Default::default()
            },
        )
        .await?;
        let ack_wait = config.ack_wait();
        ensure_consumer(
            &jobs,
            consumer::pull::Config {
                durable_name: Some(WORKERS.into()),
                ack_policy: consumer::AckPolicy::Explicit,
                ack_wait,
                // One delivery more than the attempts: the worker that receives it
                // dead-letters the job instead of trying again.
                max_deliver: i64::from(config.max_attempts) + 1,
                max_ack_pending: 10_000,
                ..Default::default()
            },
        )
        .await?;
        ensure_consumer(
            &results,
            consumer::pull::Config {
                durable_name: Some(COORDINATOR.into()),
                ack_policy: consumer::AckPolicy::Explicit,
                ack_wait: Duration::from_secs(60),
                max_ack_pending: 10_000,
                ..Default::default()
            },
        )
        .await?;
        let bucket = |suffix: &str, max_age: Duration| Bucket {
            name: format!("{name}-{suffix}"),
            max_age,
            replicas,
        };
        Ok(Layout {
            jobs_subject: format!("{name}.jobs"),
            results_subject: format!("{name}.results"),
            dead_subject: format!("{name}.dead"),
            jobs,
            results,
            dead,
            lease: ensure_bucket(js, bucket("lease", config.lease())).await?,
            run: ensure_bucket(js, bucket("run", Duration::ZERO)).await?,
            workers: ensure_bucket(js, bucket("workers", WORKER_TTL)).await?,
            hosts: ensure_bucket(js, bucket("hosts", HOSTS_TTL)).await?,
        })
    }
}

async fn ensure_stream(js: &jetstream::Context, config: stream::Config) -> Result<stream::Stream> {
    let name = config.name.clone();
    let mut last = String::new();
    for _ in 0..3 {
        if let Ok(stream) = js.get_stream(&name).await {
            return Ok(stream);
        }
        match js.create_stream(config.clone()).await {
            Ok(stream) => {
                debug!(stream = %name, "Stream created.");
                return Ok(stream);
            }
            // Another process may have created it meanwhile: look again.
            Err(err) => {
                debug!(stream = %name, %err, "Stream creation raced.");
                last = err.to_string();
            }
        }
    }
    js.get_stream(&name)
        .await
        .map_err(|e| ClusterError::js(format!("create stream {name} ({last})"), e))
}

async fn ensure_consumer(stream: &stream::Stream, config: consumer::pull::Config) -> Result<()> {
    let name = config.durable_name.clone().unwrap_or_default();
    stream
        .get_or_create_consumer::<consumer::pull::Config>(&name, config)
        .await
        .map(|_| ())
        .map_err(|e| ClusterError::js(format!("create consumer {name}"), e))
}

/// A key-value bucket to set up.
struct Bucket {
    name: String,
    max_age: Duration,
    replicas: usize,
}

/// Gets or creates a bucket. The bucket's stream is created here, as the client
/// would create it (one value per key, roll-ups, direct get), because the
/// client's own bucket creation first reads the account's limits in a form
/// nats-server 2.9 does not answer in.
async fn ensure_bucket(js: &jetstream::Context, bucket: Bucket) -> Result<kv::Store> {
    let name = bucket.name;
    if let Ok(store) = js.get_key_value(&name).await {
        return Ok(store);
    }
    let stream = stream::Config {
        name: format!("KV_{name}"),
        subjects: vec![format!("$KV.{name}.>")],
        max_messages_per_subject: 1,
        max_age: bucket.max_age,
        storage: stream::StorageType::File,
        num_replicas: bucket.replicas,
        allow_rollup: true,
        deny_delete: true,
        allow_direct: true,
        discard: stream::DiscardPolicy::New,
        duplicate_window: if bucket.max_age.is_zero() {
            Duration::from_secs(120)
        } else {
            bucket.max_age.min(Duration::from_secs(120))
        },
        ..Default::default()
    };
    ensure_stream(js, stream).await?;
    js.get_key_value(&name)
        .await
        .map_err(|e| ClusterError::js(format!("open bucket {name}"), e))
}
