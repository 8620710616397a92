//! The [`Fetcher`]: one HTTP request path shared by page fetches, discovery and
//! robots.txt, with the address policy, robots.txt, per-host scheduling, retries,
//! manual redirects, conditional GET and body caps.

use std::{
    collections::{HashMap, HashSet},
    sync::{Arc, Mutex, Once},
    time::Duration,
};

use chrono::Utc;
use newsmill_records::{Lead, Page};
use reqwest::{dns::Resolve, redirect::Policy, Client};
use tracing::{debug, info, warn};
use url::Url;

use crate::{
    address::{self, GuardedResolver, PrivateHosts, ProxyGuard, SystemResolver},
    body::Limits,
    health::{HostBackoff, Thresholds, Verdict},
    normalize::normalize_parsed,
    pacer::Pacer,
    politeness::{host_key, HostReport, Hosts},
    proxy::Proxies,
    retry::{Attempt, Decision, RetryPolicy},
    robots::RobotsCache,
    url_set::UrlSet,
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
    /// Hosts that may be private for this request (and its redirects).
    pub private: Arc<PrivateHosts>,
    pub robots: bool,
    pub limits: Limits,
    /// Keep a body cut at the wire cap (robots.txt, which RFC 9309 lets a crawler
    /// cut) rather than fail it as too large (everything else).
    pub cut_at_cap: bool,
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
    /// The client for hosts not named as private: its resolver drops internal
    /// addresses.
    pub(crate) strict: Client,
    /// The client for hosts the configuration names as private.
    pub(crate) open: Client,
    /// Checks names sent to a proxy.
    pub(crate) proxy_guard: ProxyGuard,
    pub(crate) proxies: Proxies,
    pub(crate) hosts: Hosts,
    pub(crate) robots: RobotsCache,
    pub(crate) policy: RetryPolicy,
    /// `[fetch] allow_private_hosts`.
    global_private: Arc<PrivateHosts>,
    /// Per registered source: the hosts it may reach at private addresses.
    private_sources: Mutex<HashMap<String, Arc<PrivateHosts>>>,
    /// Every URL this fetcher's discovery has given out.
    pub(crate) seen: Mutex<UrlSet>,
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
    /// process, unless one is installed already). Proxies come from `[fetch]
    /// proxy`, else from the environment (`use_env_proxy`).
    pub fn new(config: FetchConfig) -> Result<Fetcher, FetchError> {
        Fetcher::with_resolver(config, Arc::new(SystemResolver))
    }

    /// Builds a fetcher that resolves names with `dns` instead of the system
    /// resolver (tests, a custom DNS). The address guard still checks every
    /// answer.
    pub fn with_resolver(
        config: FetchConfig,
        dns: Arc<dyn Resolve>,
    ) -> Result<Fetcher, FetchError> {
        let env = |name: &str| std::env::var(name).ok();
        let proxies = Proxies::resolve(config.proxy.as_ref(), config.use_env_proxy, &env)?;
        Fetcher::build(config, dns, proxies)
    }

    pub(crate) fn build(
        config: FetchConfig,
        dns: Arc<dyn Resolve>,
        proxies: Proxies,
    ) -> Result<Fetcher, FetchError> {
        config.validate()?;
        CRYPTO.call_once(|| {
            // Err means another provider is installed already, which is fine.
            let _ = rustls::crypto::ring::default_provider().install_default();
        });
        if proxies.any() {
            info!(http = ?proxies.http.as_ref().map(ToString::to_string),
                https = ?proxies.https.as_ref().map(ToString::to_string),
                no_proxy = %proxies.no_proxy, from = %proxies.from, "Using a proxy.");
        }
        let build = |resolver: Arc<dyn Resolve>| {
            let b = Client::builder()
                .user_agent(config.user_agent_header())
                .redirect(Policy::none())
                .gzip(false)
                .brotli(false)
                .deflate(false)
                .connect_timeout(secs(config.connect_timeout_secs))
                .read_timeout(secs(config.first_byte_timeout_secs))
                .pool_max_idle_per_host(config.per_host_concurrency.max(1) * 2)
                .dns_resolver(resolver);
            proxies.apply(b)?.build().map_err(|e| FetchError::Config {
                reason: format!("HTTP client: {}", chain(&e)),
            })
        };
        let guard = GuardedResolver::new(dns.clone(), proxies.hosts());
        let global_private =
            PrivateHosts::parse(&config.allow_private_hosts).map_err(|e| FetchError::Config {
                reason: format!("allow_private_hosts: {e}"),
            })?;
        Ok(Fetcher {
            strict: build(Arc::new(guard))?,
            open: build(dns.clone())?,
            proxy_guard: ProxyGuard::new(dns, secs(config.connect_timeout_secs)),
            proxies,
            hosts: Hosts::new(
                config.global_concurrency,
                config.per_host_concurrency,
                secs(config.per_host_delay_secs),
                Thresholds {
                    urls: config.host_failure_limit,
                    connects: config.host_connect_failure_limit,
                    backoff: secs(config.host_backoff_secs),
                },
            ),
            robots: RobotsCache::default(),
            policy: RetryPolicy {
                retries: config.retries,
                base: secs(config.retry_base_delay_secs),
                max_delay: secs(config.retry_max_delay_secs),
            },
            global_private: Arc::new(global_private),
            private_sources: Mutex::new(HashMap::new()),
            seen: Mutex::new(UrlSet::new()),
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

    /// Makes a source's settings known to [`Fetcher::fetch`]: the hosts its leads
    /// may reach at private addresses (its own URL's host and port with
    /// `allow_private`, here or in `[fetch]`, and its `allow_private_hosts`).
    /// [`Fetcher::discover`] does this itself; call it when fetching leads of a
    /// source that was not discovered by this fetcher.
    pub fn register_source(&self, source: &SourceConfig) {
        let mut hosts = (*self.global_private).clone();
        if source.allow_private || self.config.allow_private {
            if let Some(url) = source
                .url
                .as_deref()
                .and_then(|u| Url::parse(u.trim()).ok())
            {
                hosts.add_url(&url);
            }
        }
        // Bad entries are refused by `SourceConfig::validate` (called by discover).
        if let Ok(extra) = PrivateHosts::parse(&source.allow_private_hosts) {
            hosts.extend(&extra);
        }
        self.private_sources
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(source.name.clone(), Arc::new(hosts));
    }

    /// The hosts a source's requests may reach at private addresses.
    pub(crate) fn private_hosts(&self, source: &str) -> Arc<PrivateHosts> {
        self.private_sources
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(source)
            .cloned()
            .unwrap_or_else(|| self.global_private.clone())
    }

    /// Every host backed off so far in this run, with why and until when, in the
    /// order the back-offs started (a host backed off twice appears twice): for
    /// the run report.
    pub fn backoffs(&self) -> Vec<HostBackoff> {
        self.hosts.backoffs()
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
        let cap = self.config.max_body_bytes;
        let req = Request {
            want: Want::Html,
            validators: has_validators.then_some(validators),
            private: self.private_hosts(&lead.source),
            robots: self.config.obey_robots,
            limits: Limits {
                wire: cap,
                decoded: cap.min(self.config.max_decompressed_bytes),
            },
            cut_at_cap: false,
        };
        match self.get(&url, &req).await? {
            Outcome::NotModified => Ok(Fetched::NotModified),
            Outcome::Full(r) => {
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
                    // A page over the cap fails as too large: never kept cut.
                    truncated: false,
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
        private: &Arc<PrivateHosts>,
        want: Want,
    ) -> Result<Response, FetchError> {
        let cap = self.config.max_decompressed_bytes;
        let req = Request {
            want,
            validators: None,
            private: private.clone(),
            robots: self.config.obey_robots,
            limits: Limits {
                wire: cap,
                decoded: cap,
            },
            cut_at_cap: false,
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
        let mut last: Option<FetchError> = None;
        loop {
            match self.follow(url, req).await {
                Ok(outcome) => return Ok(outcome),
                Err(HopError { error, retry_after }) => {
                    // A retry that finds the host backed off (by this very URL's
                    // failures, or others') keeps the URL's own failure.
                    if let (FetchError::HostBackedOff { .. }, Some(own)) = (&error, last.take()) {
                        return Err(own);
                    }
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
                            last = Some(error);
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
        let named = req.private.admits(url);
        if !named {
            self.guard(url).await?;
        }
        let key = host_key(url);
        if let Err(b) = self.hosts.check(&key) {
            return Err(FetchError::HostBackedOff {
                url: url.to_string(),
                host: key,
                reason: b.reason,
                until: b.until.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            }
            .into());
        }
        if req.robots {
            self.robots_for(url, &req.private).await?.check(url)?;
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
        let client = if named { &self.open } else { &self.strict };
        let result = match tokio::time::timeout(total, self.exchange(client, url, req, &key)).await
        {
            Ok(r) => r,
            Err(_) => Err(FetchError::Timeout {
                url: url.to_string(),
                phase: "total",
                secs: total.as_secs_f64(),
            }
            .into()),
        };
        let error = result.as_ref().err().map(|e| &e.error);
        if let Some(b) = self.hosts.record(&key, Verdict::of(url.as_str(), error)) {
            warn!(host = %b.host, until = %b.until, reason = %b.reason, "Host backed off.");
        }
        result
    }

    /// The address guard for a host the configuration does not name: internal IP
    /// literals and `localhost` are refused here; names are checked by the strict
    /// client's resolver when connecting, and here too when the request goes
    /// through a proxy (which resolves the name itself).
    async fn guard(&self, url: &Url) -> Result<(), FetchError> {
        address::check_host(url)?;
        if self.proxies.covers(url) {
            if let Some(url::Host::Domain(name)) = url.host() {
                if let Err(refused) = self.proxy_guard.check(name).await {
                    return Err(FetchError::PrivateAddress {
                        url: url.to_string(),
                        addr: refused.addrs,
                    });
                }
            }
        }
        Ok(())
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
    fn sources_name_their_own_private_host_only() {
        let f = Fetcher::new(FetchConfig {
            allow_private_hosts: vec!["intranet.corp".into()],
            ..FetchConfig::default()
        })
        .unwrap();
        let u = |s: &str| Url::parse(s).unwrap();
        assert!(!f
            .private_hosts("demo")
            .admits(&u("http://127.0.0.1:8000/a")));
        assert!(f.private_hosts("demo").admits(&u("http://intranet.corp/a")));
        let mut s = SourceConfig::new("demo", crate::SourceKind::Feed, "http://127.0.0.1:8000/f");
        s.allow_private = true;
        s.allow_private_hosts = vec!["[::1]:9000".into()];
        f.register_source(&s);
        let allowed = f.private_hosts("demo");
        assert!(allowed.admits(&u("http://127.0.0.1:8000/a")));
        assert!(allowed.admits(&u("http://[::1]:9000/a")));
        assert!(allowed.admits(&u("http://intranet.corp/a")));
        assert!(!allowed.admits(&u("http://127.0.0.1:8001/a")));
        assert!(!allowed.admits(&u("http://10.255.255.1/secret")));
        assert!(!f
            .private_hosts("other")
            .admits(&u("http://127.0.0.1:8000/a")));
        assert!(Fetcher::new(FetchConfig {
            per_host_concurrency: 0,
            ..FetchConfig::default()
        })
        .is_err());
    }
}
