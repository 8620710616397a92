//! The connection to NATS: [`Cluster::connect`] logs in with the configured
//! credentials (never logged) and TLS, keeps reconnecting for ever when the
//! server goes away, and sets up the streams, consumers and buckets
//! ([`Layout`](crate::layout::Layout)).

use std::time::Duration;

use async_nats::jetstream;
use tracing::{info, warn};

use crate::config::ClusterConfig;
use crate::error::{ClusterError, Result};
use crate::layout::Layout;

/// A connection to the cluster's NATS server, with its JetStream layout ready.
#[derive(Clone)]
pub struct Cluster {
    pub(crate) config: ClusterConfig,
    pub(crate) client: async_nats::Client,
    pub(crate) js: jetstream::Context,
    pub(crate) layout: Layout,
}

impl Cluster {
    /// Connects (retrying for up to `wait` when the server is not up yet) and
    /// makes sure the streams, consumers and buckets exist. `role` names the
    /// connection in the server's monitoring (`coordinator`, `worker`, `status`).
    pub async fn connect(config: &ClusterConfig, role: &str, wait: Duration) -> Result<Cluster> {
        config.validate().map_err(ClusterError::Config)?;
        let mut options = async_nats::ConnectOptions::new()
            .name(format!("newsmill-{role}"))
            .connection_timeout(Duration::from_secs(5))
            .max_reconnects(None)
            .reconnect_delay_callback(|attempts| {
                Duration::from_millis((100 * attempts as u64).min(2000))
            })
            .event_callback(|event| async move {
                match event {
                    async_nats::Event::Disconnected => warn!("NATS connection lost; reconnecting."),
                    async_nats::Event::Connected => info!("NATS connection (re)established."),
                    other => tracing::debug!(%other, "NATS event."),
                }
            });
        if let (Some(user), Some(password)) = (&config.user, &config.password) {
            options = options.user_and_password(user.clone(), password.clone());
        }
        if let Some(token) = &config.token {
            options = options.token(token.clone());
        }
        if let Some(seed) = &config.nkey {
            options = options.nkey(seed.clone());
        }
        if let Some(path) = &config.creds {
            options =
                options
                    .credentials_file(path)
                    .await
                    .map_err(|source| ClusterError::File {
                        path: path.clone(),
                        source,
                    })?;
        }
        if let Some(tls) = &config.tls {
            options = options.require_tls(tls.required);
            if let Some(ca) = &tls.ca {
                readable(ca)?;
                options = options.add_root_certificates(ca.clone());
            }
            if let (Some(cert), Some(key)) = (&tls.cert, &tls.key) {
                readable(cert)?;
                readable(key)?;
                options = options.add_client_certificate(cert.clone(), key.clone());
            }
        }
        let url = config.url.trim().to_string();
        let deadline = tokio::time::Instant::now() + wait;
        let client = loop {
            match options.clone().connect(url.as_str()).await {
                Ok(client) => break client,
                Err(err) if tokio::time::Instant::now() < deadline => {
                    warn!(%url, %err, "Cannot reach NATS yet; retrying.");
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
                Err(err) => {
                    return Err(ClusterError::Connect {
                        url,
                        reason: err.to_string(),
                    })
                }
            }
        };
        let js = jetstream::new(client.clone());
        let layout = Layout::ensure(&js, config).await?;
        Ok(Cluster {
            config: config.clone(),
            client,
            js,
            layout,
        })
    }

    /// The settings in force.
    pub fn config(&self) -> &ClusterConfig {
        &self.config
    }
}

fn readable(path: &std::path::Path) -> Result<()> {
    std::fs::metadata(path)
        .map(|_| ())
        .map_err(|source| ClusterError::File {
            path: path.to_path_buf(),
            source,
        })
}
