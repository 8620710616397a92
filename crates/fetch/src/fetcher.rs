//! The [`Fetcher`]: one HTTP request path shared by page fetches, discovery and
//! robots.txt, with the address policy, robots.txt, per-host scheduling, retries,
//! manual redirects, conditional GET and body caps.

use std::{
    collections::HashSet,
    sync::{Mutex, Once},
    time::{Duration, SystemTime},
};

use chrono::Utc;
use newsmill_records::{Lead, Page};
use reqwest::{header, redirect::Policy, Client};
use tracing::{debug, warn};
use url::Url;

use crate::{
    address,
    body::{Coding, Inflater, Limits},
    normalize::normalize_parsed,
    politeness::{host_key, HostReport, Hosts},
    retry::{parse_retry_after, Attempt, Decision, RetryPolicy},
    robots::{Entry, RobotsCache, MAX_ROBOTS_BYTES},
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

enum Hop {
    Done(Outcome),
    Redirect(Url),
}

struct HopError {
    error: FetchError,
    retry_after: Option<Duration>,
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
    strict: Client,
    open: Client,
    hosts: Hosts,
    robots: RobotsCache,
    policy: RetryPolicy,
    private_sources: Mutex<HashSet<String>>,
    pub(crate) seen: Mutex<HashSet<String>>,
}

static CRYPTO: Once = Once::new();

fn secs(s: f64) -> Duration {
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
            config,
        })
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

    /// The robots.txt entry for `url`'s origin, fetched once and cached.
    pub(crate) async fn robots_for(
        &self,
        url: &Url,
        allow_private: bool,
    ) -> Result<std::sync::Arc<Entry>, FetchError> {
        let origin = url.origin().ascii_serialization();
        let slot = self.robots.slot(&origin);
        let mut guard = slot.lock().await;
        if let Some(entry) = guard.as_ref().filter(|e| !e.expired()) {
            return Ok(entry.clone());
        }
        let robots_url =
            Url::parse(&format!("{origin}/robots.txt")).map_err(|e| FetchError::InvalidUrl {
                url: format!("{origin}/robots.txt"),
                reason: e.to_string(),
            })?;
        let req = Request {
            want: Want::Any,
            validators: None,
            allow_private,
            robots: false,
            limits: Limits {
                wire: MAX_ROBOTS_BYTES,
                decoded: MAX_ROBOTS_BYTES * 4,
            },
            truncate_ok: true,
        };
        // Boxed: robots.txt goes through the same request path that asks for it.
        let entry = match Box::pin(self.get(&robots_url, &req)).await {
            Ok(Outcome::Full(r)) => Entry::parsed(&self.config.user_agent, &r.body, &origin),
            Ok(Outcome::NotModified) => Entry::allow_all(),
            Err(FetchError::Status { status, .. }) if (400..500).contains(&status) => {
                debug!(%origin, status, "No robots.txt, all allowed.");
                Entry::allow_all()
            }
            Err(e @ (FetchError::PrivateAddress { .. } | FetchError::InvalidUrl { .. })) => {
                return Err(e)
            }
            Err(e) => {
                warn!(%origin, error = %e, "robots.txt unavailable, host treated as disallowed.");
                Entry::unavailable(
                    e.to_string(),
                    secs(self.config.host_backoff_secs.min(600.0)),
                )
            }
        };
        if let Some(delay) = entry.crawl_delay() {
            let capped = delay.min(secs(self.config.max_crawl_delay_secs));
            debug!(%origin, delay = ?capped, "robots.txt Crawl-delay.");
            self.hosts.set_delay(&host_key(url), capped);
        }
        let entry = std::sync::Arc::new(entry);
        *guard = Some(entry.clone());
        Ok(entry)
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

    async fn exchange(&self, url: &Url, req: &Request<'_>, key: &str) -> Result<Hop, HopError> {
        let client = if req.allow_private {
            &self.open
        } else {
            &self.strict
        };
        let accept = match req.want {
            Want::Html => "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
            Want::Any => "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.5",
        };
        let mut rb = client
            .get(url.clone())
            .header(header::ACCEPT, accept)
            .header(header::ACCEPT_ENCODING, "gzip, deflate, br");
        if let Some(v) = req.validators {
            if let Some(etag) = &v.etag {
                rb = rb.header(header::IF_NONE_MATCH, etag);
            }
            if let Some(lm) = &v.last_modified {
                rb = rb.header(header::IF_MODIFIED_SINCE, lm);
            }
        }
        let first_byte = secs(self.config.first_byte_timeout_secs);
        let mut resp = match tokio::time::timeout(first_byte, rb.send()).await {
            Err(_) => {
                return Err(FetchError::Timeout {
                    url: url.to_string(),
                    phase: "first byte",
                    secs: first_byte.as_secs_f64(),
                }
                .into())
            }
            Ok(Err(e)) => return Err(self.send_error(url, &e).into()),
            Ok(Ok(r)) => r,
        };
        let status = resp.status().as_u16();
        let text = |name: header::HeaderName| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        if status == 304 {
            return Ok(Hop::Done(Outcome::NotModified));
        }
        if (300..400).contains(&status) {
            let location = text(header::LOCATION).ok_or_else(|| FetchError::BadRedirect {
                url: url.to_string(),
                reason: format!("HTTP {status} without Location"),
            })?;
            let next = url
                .join(location.trim())
                .map_err(|e| e.to_string())
                .and_then(|u| normalize_parsed(u, &location).map_err(|e| e.to_string()))
                .map_err(|reason| FetchError::BadRedirect {
                    url: url.to_string(),
                    reason: format!("Location {location:?}: {reason}"),
                })?;
            return Ok(Hop::Redirect(next));
        }
        if status >= 400 {
            let retry_after =
                text(header::RETRY_AFTER).and_then(|v| parse_retry_after(&v, SystemTime::now()));
            if let Some(wait) = retry_after.filter(|_| status == 429 || status == 503) {
                self.hosts.defer(key, wait.min(self.policy.max_delay));
            }
            return Err(HopError {
                error: FetchError::Status {
                    url: url.to_string(),
                    status,
                },
                retry_after,
            });
        }
        let content_type = text(header::CONTENT_TYPE);
        if req.want == Want::Html && !is_html(content_type.as_deref()) {
            return Err(FetchError::NotHtml {
                url: url.to_string(),
                content_type: content_type.unwrap_or_default(),
            }
            .into());
        }
        let coding =
            Coding::parse(text(header::CONTENT_ENCODING).as_deref()).map_err(|reason| {
                FetchError::Decode {
                    url: url.to_string(),
                    encoding: text(header::CONTENT_ENCODING).unwrap_or_default(),
                    reason,
                }
            })?;
        if let Some(len) = resp.content_length() {
            if len > req.limits.wire && !req.truncate_ok {
                return Err(FetchError::TooLarge {
                    url: url.to_string(),
                    limit: req.limits.wire,
                    what: "on the wire",
                }
                .into());
            }
        }
        let etag = text(header::ETAG);
        let last_modified = text(header::LAST_MODIFIED);
        let body = Inflater::new(coding, req.limits)
            .read(&mut resp, url.as_str(), first_byte)
            .await?;
        if body.truncated && !req.truncate_ok {
            return Err(FetchError::TooLarge {
                url: url.to_string(),
                limit: req.limits.wire,
                what: "on the wire",
            }
            .into());
        }
        Ok(Hop::Done(Outcome::Full(Response {
            status,
            final_url: url.clone(),
            content_type,
            etag,
            last_modified,
            body: body.bytes,
            truncated: body.truncated,
        })))
    }

    fn send_error(&self, url: &Url, e: &reqwest::Error) -> FetchError {
        if let Some(refused) = address::refused_in(e) {
            return FetchError::PrivateAddress {
                url: url.to_string(),
                addr: refused.addrs.clone(),
            };
        }
        if e.is_timeout() {
            return FetchError::Timeout {
                url: url.to_string(),
                phase: if e.is_connect() {
                    "connect"
                } else {
                    "first byte"
                },
                secs: if e.is_connect() {
                    self.config.connect_timeout_secs
                } else {
                    self.config.first_byte_timeout_secs
                },
            };
        }
        FetchError::Connect {
            url: url.to_string(),
            reason: chain(e),
        }
    }
}

/// HTML content types (a missing type is given the benefit of the doubt).
fn is_html(content_type: Option<&str>) -> bool {
    let Some(ct) = content_type else {
        return true;
    };
    let mime = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    mime.is_empty() || mime == "text/html" || mime == "application/xhtml+xml"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_types() {
        assert!(is_html(None));
        assert!(is_html(Some("text/html; charset=windows-1251")));
        assert!(is_html(Some("Application/XHTML+XML")));
        assert!(!is_html(Some("application/pdf")));
        assert!(!is_html(Some("image/jpeg")));
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
