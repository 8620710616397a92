//! The [`Fetcher`]: one HTTP request path shared by page fetches, discovery and
//! robots.txt, with the address policy, robots.txt, per-host scheduling, retries,
//! manual redirects, conditional GET and body caps.

use std::{
    collections::HashSet,
    sync::{Arc, Mutex, Once},
    time::Duration,
};

use chrono::Utc;
use newsmill_records::{Lead, Page};
use reqwest::{redirect::Policy, Client};
use tracing::{debug, warn};
use url::Url;

use crate::{
    address,
    body::Limits,
    normalize::normalize_parsed,
    pacer::Pacer,
    politeness::{host_key, HostReport, Hosts},
    retry::{Attempt, Decision, RetryPolicy},
    robots::RobotsCache,
    FetchConfig, FetchError, SourceConfig,
};

/// Validators from a previous fetch of the same URL, for a conditional GET.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Validators {
    /// The `ETag` received last time (sent as `If-None-Match`).
    pub etag: Option<String>,
    /// The `Last-Modified` received last time (sent as `If-Modified-Since`).
    pub last_modified: Option<String>,
}

/// The outcome of [`Fetcher::fetch`].
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum Fetched {
    /// A new or changed page.
    Page(Page),
    /// The server said 304 Not Modified: the stored copy is current.
    NotModified,
}

/// What a request accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Want {
    /// HTML pages: other content types are refused with [`FetchError::NotHtml`].
    Html,
    /// Feeds, sitemaps, robots.txt: any type, the parser decides.
    Any,
}

/// How to make one request.
pub(crate) struct Request<'a> {
    pub want: Want,
    pub validators: Option<&'a Validators>,
    pub allow_private: bool,
    pub robots: bool,
    pub limits: Limits,
    /// Keep a body cut at the wire cap (pages) rather than refuse it (documents).
    pub truncate_ok: bool,
}

/// A response with its body.
#[derive(Debug)]
pub(crate) struct Response {
    pub status: u16,
    pub final_url: Url,
    pub content_type: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub body: Vec<u8>,
    pub truncated: bool,
}

pub(crate) enum Outcome {
    Full(Response),
    NotModified,
}

pub(crate) enum Hop {
    Done(Outcome),
    Redirect(Url),
}

pub(crate) struct HopError {
    pub error: FetchError,
    pub retry_after: Option<Duration>,
}

impl From<FetchError> for HopError {
    fn from(error: FetchError) -> Self {
        HopError {
            error,
            retry_after: None,
        }
    }
}

/// Fetches pages and reads sources. Cheap to share: wrap it in an `Arc` and call it
/// from many tasks; politeness limits hold across all of them.
pub struct Fetcher {
    pub(crate) config: FetchConfig,
    pub(crate) strict: Client,
    pub(crate) open: Client,
    pub(crate) hosts: Hosts,
    pub(crate) robots: RobotsCache,
    pub(crate) policy: RetryPolicy,
    private_sources: Mutex<HashSet<String>>,
    pub(crate) seen: Mutex<HashSet<String>>,
    /// Politeness shared with other processes, when there are any.
    pub(crate) pacer: Option<Arc<dyn Pacer>>,
}

static CRYPTO: Once = Once::new();

pub(crate) fn secs(s: f64) -> Duration {
    Duration::from_secs_f64(s)
}

/// An error and its sources on one line.
pub(crate) fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut cur = e.source();
    while let Some(s) = cur {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        cur = s.source();
    }
    out
}

impl Fetcher {
    /// Builds a fetcher (and installs rustls' `ring` crypto provider once per
    /// process, unless one is installed already).
    pub fn new(config: FetchConfig) -> Result<Fetcher, FetchError> {
        config.validate()?;
        CRYPTO.call_once(|| {
            // Err means another provider is installed already, which is fine.
            let _ = rustls::crypto::ring::default_provider().install_default();
        });
        let build = |guarded: bool| {
            let mut b = Client::builder()
                .user_agent(config.user_agent_header())
                .redirect(Policy::none())
                .no_proxy()
                .gzip(false)
                .brotli(false)
                .deflate(false)
                .connect_timeout(secs(config.connect_timeout_secs))
                .read_timeout(secs(config.first_byte_timeout_secs))
                .pool_max_idle_per_host(config.per_host_concurrency.max(1) * 2);
            if guarded {
                b = b.dns_resolver(address::guarded());
            }
            b.build().map_err(|e| FetchError::Config {
                reason: format!("HTTP client: {}", chain(&e)),
            })
        };
        Ok(Fetcher {
            strict: build(true)?,
            open: build(false)?,
            hosts: Hosts::new(
                config.global_concurrency,
                config.per_host_concurrency,
                secs(config.per_host_delay_secs),
                config.host_failure_limit.max(1),
                secs(config.host_backoff_secs),
            ),
            robots: RobotsCache::default(),
            policy: RetryPolicy {
                retries: config.retries,
                base: secs(config.retry_base_delay_secs),
                max_delay: secs(config.retry_max_delay_secs),
            },
            private_sources: Mutex::new(HashSet::new()),
            seen: Mutex::new(HashSet::new()),
            pacer: None,
            config,
        })
    }

    /// Shares politeness with other processes: every request also waits for a
    /// turn from `pacer` (see [`Pacer`]).
    pub fn with_pacer(mut self, pacer: Arc<dyn Pacer>) -> Fetcher {
        self.pacer = Some(pacer);
        self
    }

    /// The configuration in force.
    pub fn config(&self) -> &FetchConfig {
        &self.config
    }

    /// Makes a source's settings known to [`Fetcher::fetch`] (whether it may reach
    /// private addresses). [`Fetcher::discover`] does this itself; call it when
    /// fetching leads of a source that was not discovered by this fetcher.
    pub fn register_source(&self, source: &SourceConfig) {
        if source.allow_private {
            self.private_sources
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(source.name.clone());
        }
    }

    pub(crate) fn allows_private(&self, source: &str) -> bool {
        self.config.allow_private
            || self
                .private_sources
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .contains(source)
    }

    /// Every host contacted so far, with request and failure counts and whether it
    /// is backed off: for the run report.
    pub fn host_report(&self) -> Vec<HostReport> {
        self.hosts.report()
    }

    /// Fetches one lead as an HTML page. `validators` from the last fetch make it a
    /// conditional GET ([`Fetched::NotModified`] on 304).
    pub async fn fetch(&self, lead: &Lead, validators: &Validators) -> Result<Fetched, FetchError> {
        let url = Url::parse(&lead.url).map_err(|e| FetchError::InvalidUrl {
            url: lead.url.clone(),
            reason: e.to_string(),
        })?;
        let url = normalize_parsed(url, &lead.url)?;
        let has_validators = validators.etag.is_some() || validators.last_modified.is_some();
        let req = Request {
            want: Want::Html,
            validators: has_validators.then_some(validators),
            allow_private: self.allows_private(&lead.source),
            robots: self.config.obey_robots,
            limits: Limits {
                wire: self.config.max_body_bytes,
                decoded: self.config.max_decompressed_bytes,
            },
            truncate_ok: true,
        };
        match self.get(&url, &req).await? {
            Outcome::NotModified => Ok(Fetched::NotModified),
            Outcome::Full(r) => {
                if r.truncated {
                    warn!(url = %lead.url, limit = self.config.max_body_bytes, "Body cut at the size cap.");
                }
                Ok(Fetched::Page(Page {
                    source: lead.source.clone(),
                    url: lead.url.clone(),
                    final_url: r.final_url.to_string(),
                    status: r.status,
                    content_type: r.content_type,
                    etag: r.etag,
                    last_modified: r.last_modified,
                    fetched_at: Utc::now(),
                    body: r.body,
                    truncated: r.truncated,
                    hints: lead.hints.clone(),
                }))
            }
        }
    }

    /// Fetches a feed, sitemap or listing for discovery: any content type, refused
    /// when larger than the decompressed cap.
    pub(crate) async fn get_document(
        &self,
        url: &Url,
        allow_private: bool,
        want: Want,
    ) -> Result<Response, FetchError> {
        let cap = self.config.max_decompressed_bytes;
        let req = Request {
            want,
            validators: None,
            allow_private,
            robots: self.config.obey_robots,
            limits: Limits {
                wire: cap,
                decoded: cap,
            },
            truncate_ok: false,
        };
        match self.get(url, &req).await? {
            Outcome::Full(r) => Ok(r),
            Outcome::NotModified => Err(FetchError::Status {
                url: url.to_string(),
                status: 304,
            }),
        }
    }

    /// One request with retries; each attempt follows redirects.
    pub(crate) async fn get(&self, url: &Url, req: &Request<'_>) -> Result<Outcome, FetchError> {
        let mut failed = 0;
        loop {
            match self.follow(url, req).await {
                Ok(outcome) => return Ok(outcome),
                Err(HopError { error, retry_after }) => {
                    failed += 1;
                    let attempt = Attempt {
                        failed,
                        error: &error,
                        retry_after,
                    };
                    match self.policy.decide(&attempt, rand::random::<f64>()) {
                        Decision::GiveUp => return Err(error),
                        Decision::Retry(wait) => {
                            debug!(%url, error = %error, ?wait, failed, "Retrying.");
                            tokio::time::sleep(wait).await;
                        }
                    }
                }
            }
        }
    }

    async fn follow(&self, url: &Url, req: &Request<'_>) -> Result<Outcome, HopError> {
        let mut current = url.clone();
        let mut visited = HashSet::from([current.to_string()]);
        let mut redirects = 0;
        loop {
            match self.hop(&current, req).await? {
                Hop::Done(outcome) => return Ok(outcome),
                Hop::Redirect(next) => {
                    redirects += 1;
                    if redirects > self.config.max_redirects {
                        return Err(FetchError::TooManyRedirects {
                            url: url.to_string(),
                            limit: self.config.max_redirects,
                        }
                        .into());
                    }
                    if !visited.insert(next.to_string()) {
                        return Err(FetchError::RedirectLoop {
                            url: url.to_string(),
                            target: next.to_string(),
                        }
                        .into());
                    }
                    debug!(from = %current, to = %next, "Redirect.");
                    current = next;
                }
            }
        }
    }

    async fn hop(&self, url: &Url, req: &Request<'_>) -> Result<Hop, HopError> {
        address::check_literal(url, req.allow_private)?;
        let key = host_key(url);
        if let Err(failures) = self.hosts.check(&key) {
            return Err(FetchError::HostBackedOff {
                url: url.to_string(),
                host: key,
                failures,
            }
            .into());
        }
        if req.robots {
            self.robots_for(url, req.allow_private).await?.check(url)?;
        }
        let _slot = self.hosts.acquire(&key).await;
        let _turn = match &self.pacer {
            Some(pacer) => {
                let (delay, limit) = (self.hosts.delay(&key), self.config.per_host_concurrency);
                Some(pacer.turn(&key, delay, limit).await)
            }
            None => None,
        };
        let total = secs(self.config.total_timeout_secs);
        let result = match tokio::time::timeout(total, self.exchange(url, req, &key)).await {
            Ok(r) => r,
            Err(_) => Err(FetchError::Timeout {
                url: url.to_string(),
                phase: "total",
                secs: total.as_secs_f64(),
            }
            .into()),
        };
        let host_fault = match &result {
            Ok(_) => false,
            Err(e) => {
                matches!(
                    e.error,
                    FetchError::Timeout { .. }
                        | FetchError::Connect { .. }
                        | FetchError::Body { .. }
                ) || matches!(e.error, FetchError::Status { status, .. } if status >= 500)
            }
        };
        if self.hosts.record(&key, !host_fault) {
            warn!(host = %key, limit = self.config.host_failure_limit, backoff_secs = self.config.host_backoff_secs,
                "Host keeps failing, backing off.");
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send<T: Send>(_: &T) {}

    #[test]
    fn futures_are_send_so_callers_can_spawn_them() {
        let f = Fetcher::new(FetchConfig::default()).unwrap();
        let source = SourceConfig::new("s", crate::SourceKind::Listing, "https://e.com/");
        let lead = newsmill_records::Lead {
            source: "s".into(),
            url: "https://e.com/a".into(),
            hints: Default::default(),
        };
        let v = Validators::default();
        assert_send(&f.discover(&source));
        assert_send(&f.fetch(&lead, &v));
        fn sync<T: Send + Sync>() {}
        sync::<Fetcher>();
    }

    #[test]
    fn builds_with_defaults() {
        let f = Fetcher::new(FetchConfig::default()).unwrap();
        assert!(!f.allows_private("demo"));
        let mut s = SourceConfig::new("demo", crate::SourceKind::Feed, "http://127.0.0.1/f");
        s.allow_private = true;
        f.register_source(&s);
        assert!(f.allows_private("demo"));
        assert!(Fetcher::new(FetchConfig {
            per_host_concurrency: 0,
            ..FetchConfig::default()
        })
        .is_err());
    }
}
