//! `[cluster]`: where the NATS server is, how to log in, and the queue's settings.
//! Secrets (password, token, nkey seed) never appear in `Debug` output or logs.

use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// The `[cluster]` section: turns `newsmill run` into a coordinator and lets
/// `newsmill worker` take its jobs.
#[derive(Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ClusterConfig {
    /// NATS server URL(s), comma-separated: `nats://host:4222` (`tls://` for TLS).
    pub url: String,
    /// User name, with `password`.
    #[serde(default)]
    pub user: Option<String>,
    /// Password, with `user`.
    #[serde(default)]
    pub password: Option<String>,
    /// Token authentication.
    #[serde(default)]
    pub token: Option<String>,
    /// NKey seed (`SU...`) for nkey authentication.
    #[serde(default)]
    pub nkey: Option<String>,
    /// A `.creds` file (JWT + nkey seed), relative to the config file.
    #[serde(default)]
    pub creds: Option<PathBuf>,
    /// TLS settings (also turned on by a `tls://` URL).
    #[serde(default)]
    pub tls: Option<TlsConfig>,
    /// Prefix of every stream, subject and bucket name, so several crawls can
    /// share one NATS system. Letters, digits, `-` and `_`.
    #[serde(default = "default_name")]
    pub name: String,
    /// JetStream replicas of the streams and buckets (3 on a three-node cluster).
    #[serde(default = "default_replicas")]
    pub replicas: usize,
    /// Seconds a worker may hold a job without news before it is redelivered to
    /// another (workers report progress while they work, so this bounds how long a
    /// killed worker's job waits).
    #[serde(default = "default_ack_wait_secs")]
    pub ack_wait_secs: f64,
    /// Deliveries of a job before it goes to the dead-letter subject and into
    /// the run's failures.
    #[serde(default = "default_max_attempts")]
    pub max_attempts: u32,
    /// Seconds during which a job (by normalised URL) or a result is not
    /// enqueued twice: should cover a run, including a coordinator restart.
    #[serde(default = "default_dedup_window_secs")]
    pub dedup_window_secs: f64,
    /// Seconds after which a silent coordinator's lease lapses and another may
    /// take over the run.
    #[serde(default = "default_lease_secs")]
    pub lease_secs: f64,
    /// Jobs one worker works on at once (fetches waiting on the network count;
    /// extraction and tagging use one thread per core).
    #[serde(default = "default_worker_jobs")]
    pub worker_jobs: usize,
    /// Share per-host politeness (delay, concurrency, `Retry-After`) between the
    /// workers through the key-value store. Only switch off for your own sites.
    #[serde(default = "default_true")]
    pub shared_politeness: bool,
}

/// `[cluster.tls]`.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TlsConfig {
    /// Require TLS even with a `nats://` URL.
    #[serde(default)]
    pub required: bool,
    /// PEM file of the CA that signed the server's certificate (default: the
    /// system's roots).
    #[serde(default)]
    pub ca: Option<PathBuf>,
    /// PEM client certificate, for mutual TLS (with `key`).
    #[serde(default)]
    pub cert: Option<PathBuf>,
    /// PEM client key, for mutual TLS (with `cert`).
    #[serde(default)]
    pub key: Option<PathBuf>,
}

fn default_name() -> String {
    "newsmill".to_string()
}
const fn default_replicas() -> usize {
    1
}
const fn default_ack_wait_secs() -> f64 {
    30.0
}
const fn default_max_attempts() -> u32 {
    4
}
const fn default_dedup_window_secs() -> f64 {
    6.0 * 3600.0
}
const fn default_lease_secs() -> f64 {
    15.0
}
const fn default_worker_jobs() -> usize {
    16
}
const fn default_true() -> bool {
    true
}

impl std::fmt::Debug for ClusterConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let hidden = |s: &Option<String>| s.as_ref().map(|_| "<hidden>");
        f.debug_struct("ClusterConfig")
            .field("url", &self.url)
            .field("user", &self.user)
            .field("password", &hidden(&self.password))
            .field("token", &hidden(&self.token))
            .field("nkey", &hidden(&self.nkey))
            .field("creds", &self.creds)
            .field("tls", &self.tls)
            .field("name", &self.name)
            .field("replicas", &self.replicas)
            .field("ack_wait_secs", &self.ack_wait_secs)
            .field("max_attempts", &self.max_attempts)
            .field("dedup_window_secs", &self.dedup_window_secs)
            .field("lease_secs", &self.lease_secs)
            .field("worker_jobs", &self.worker_jobs)
            .field("shared_politeness", &self.shared_politeness)
            .finish()
    }
}

impl ClusterConfig {
    /// A config for a server at `url` with every default.
    pub fn new(url: &str) -> ClusterConfig {
        ClusterConfig {
            url: url.to_string(),
            user: None,
            password: None,
            token: None,
            nkey: None,
            creds: None,
            tls: None,
            name: default_name(),
            replicas: default_replicas(),
            ack_wait_secs: default_ack_wait_secs(),
            max_attempts: default_max_attempts(),
            dedup_window_secs: default_dedup_window_secs(),
            lease_secs: default_lease_secs(),
            worker_jobs: default_worker_jobs(),
            shared_politeness: true,
        }
    }

    /// Checks what serde cannot: one way to log in, a usable name, positive times.
    pub fn validate(&self) -> Result<(), String> {
        if self.url.trim().is_empty() {
            return Err("`url` is empty".into());
        }
        let ways = [
            self.user.is_some() || self.password.is_some(),
            self.token.is_some(),
            self.nkey.is_some(),
            self.creds.is_some(),
        ];
        if ways.iter().filter(|w| **w).count() > 1 {
            return Err("give one of user/password, token, nkey or creds".into());
        }
        if self.user.is_some() != self.password.is_some() {
            return Err("`user` and `password` go together".into());
        }
        if let Some(tls) = &self.tls {
            if tls.cert.is_some() != tls.key.is_some() {
                return Err("`tls.cert` and `tls.key` go together".into());
            }
        }
        let ok_name = !self.name.is_empty()
            && self.name.len() <= 32
            && self
                .name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !ok_name {
            return Err(format!(
                "`name` must be 1-32 letters, digits, `-` or `_`, got {:?}",
                self.name
            ));
        }
        if !(1..=5).contains(&self.replicas) {
            return Err(format!("`replicas` must be 1 to 5, got {}", self.replicas));
        }
        for (key, v) in [
            ("ack_wait_secs", self.ack_wait_secs),
            ("dedup_window_secs", self.dedup_window_secs),
            ("lease_secs", self.lease_secs),
        ] {
            if !(v.is_finite() && v >= 1.0) {
                return Err(format!("`{key}` must be at least 1 second, got {v}"));
            }
        }
        if self.max_attempts == 0 || self.worker_jobs == 0 {
            return Err("`max_attempts` and `worker_jobs` must be at least 1".into());
        }
        Ok(())
    }

    /// Makes relative file paths (`creds`, TLS files) relative to `dir`.
    pub fn resolve_paths(&mut self, dir: &std::path::Path) {
        let fix = |p: &mut Option<PathBuf>| {
            if let Some(path) = p.as_mut().filter(|p| p.is_relative()) {
                *path = dir.join(&*path);
            }
        };
        fix(&mut self.creds);
        if let Some(tls) = self.tls.as_mut() {
            fix(&mut tls.ca);
            fix(&mut tls.cert);
            fix(&mut tls.key);
        }
    }

    pub(crate) fn ack_wait(&self) -> Duration {
        Duration::from_secs_f64(self.ack_wait_secs)
    }

    pub(crate) fn dedup_window(&self) -> Duration {
        Duration::from_secs_f64(self.dedup_window_secs)
    }

    pub(crate) fn lease(&self) -> Duration {
        Duration::from_secs_f64(self.lease_secs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_stay_out_of_debug_output() {
        let mut c = ClusterConfig::new("nats://127.0.0.1:4222");
        c.user = Some("crawler".into());
        c.password = Some("s3cret-pass".into());
        let shown = format!("{c:?}");
        assert!(
            shown.contains("crawler") && !shown.contains("s3cret"),
            "{shown}"
        );
        c.validate().unwrap();
        c.token = Some("tok".into());
        assert!(c.validate().unwrap_err().contains("one of"));
    }

    #[test]
    fn bad_values_are_named() {
        let mut c = ClusterConfig::new("nats://h:4222");
        c.name = "a.b".into();
        assert!(c.validate().unwrap_err().contains("`name`"));
        let mut c = ClusterConfig::new("nats://h:4222");
        c.ack_wait_secs = 0.0;
        assert!(c.validate().unwrap_err().contains("ack_wait_secs"));
        let c: ClusterConfig = serde_json::from_str(r#"{"url":"nats://h:4222"}"#).unwrap();
        assert_eq!(c.max_attempts, 4);
        assert!(serde_json::from_str::<ClusterConfig>(r#"{"url":"x","colour":1}"#).is_err());
    }
}
