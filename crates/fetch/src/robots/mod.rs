//! robots.txt rules per origin, as RFC 9309 and common practice read them: a 2xx
//! body is parsed (user-agent groups, Allow/Disallow precedence by longest match,
//! `*` and `$` wildcards, `Crawl-delay`, `Sitemap:`); 4xx means everything is
//! allowed; 5xx or a network failure means nothing is, until the entry expires and
//! robots.txt is tried again.
//!
//! Any file costs linear time: [`parse`] reads it in one pass, and a URL check
//! ([`matcher`]) walks a trie of the plain rules and tries, by a linear glob
//! search, only the wildcard rules whose literal start matches the path (at most
//! [`matcher::MAX_WILDCARD_RULES`] per group), never a backtracking regex.

mod matcher;
mod parse;
#[cfg(test)]
mod tests;

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::Duration,
};

use tokio::time::Instant;
use url::{Position, Url};

use crate::{
    address::PrivateHosts,
    body::Limits,
    error::FetchError,
    fetcher::{secs, Outcome, Request, Want},
    politeness::host_key,
};
use parse::Robots;
use tracing::{debug, warn};

/// Longest a robots.txt is trusted before it is fetched again (RFC 9309 §2.4).
const TTL: Duration = Duration::from_secs(24 * 3600);
/// Bytes of robots.txt read (RFC 9309 asks for at least 500 KiB).
pub(crate) const MAX_ROBOTS_BYTES: u64 = 512 * 1024;

/// The rules for one origin.
pub(crate) enum Rules {
    /// No robots.txt (4xx): everything allowed.
    AllowAll,
    /// A parsed robots.txt.
    Parsed(Box<Robots>),
    /// robots.txt could not be read: nothing allowed for now.
    Unavailable(String),
}

/// A cached robots.txt.
pub(crate) struct Entry {
    pub rules: Rules,
    expires: Instant,
}

impl Entry {
    /// Rules from a 2xx robots.txt body. A body without a single robots.txt line
    /// (an HTML page, binary junk) allows everything, as an empty file would, with
    /// a warning.
    pub fn parsed(agent: &str, body: &[u8], origin: &str) -> Entry {
        let robots = parse::parse(agent, body);
        let rules = if robots.directives == 0 && !body.trim_ascii().is_empty() {
            warn!(%origin, "robots.txt holds no robots.txt line, treating as allow-all.");
            Rules::AllowAll
        } else {
            if robots.matcher.dropped > 0 {
                warn!(
                    %origin,
                    kept = robots.matcher.wildcard_rules(),
                    dropped = robots.matcher.dropped,
                    "robots.txt has too many wildcard rules for our group, the later ones are ignored."
                );
            }
            Rules::Parsed(Box::new(robots))
        };
        Entry {
            rules,
            expires: Instant::now() + TTL,
        }
    }

    /// No robots.txt: everything allowed.
    pub fn allow_all() -> Entry {
        Entry {
            rules: Rules::AllowAll,
            expires: Instant::now() + TTL,
        }
    }

    /// robots.txt unavailable: nothing allowed for `retry_in`.
    pub fn unavailable(reason: String, retry_in: Duration) -> Entry {
        Entry {
            rules: Rules::Unavailable(reason),
            expires: Instant::now() + retry_in,
        }
    }

    pub fn expired(&self) -> bool {
        Instant::now() >= self.expires
    }

    /// `Crawl-delay`, if given for our group.
    pub fn crawl_delay(&self) -> Option<Duration> {
        match &self.rules {
            Rules::Parsed(r) => r
                .delay
                .filter(|d| *d > 0.0)
                .map(|d| Duration::try_from_secs_f64(d).unwrap_or(Duration::MAX)),
            _ => None,
        }
    }

    /// `Sitemap:` lines.
    pub fn sitemaps(&self) -> &[String] {
        match &self.rules {
            Rules::Parsed(r) => &r.sitemaps,
            _ => &[],
        }
    }

    /// Whether `url` may be fetched.
    pub fn check(&self, url: &Url) -> Result<(), FetchError> {
        match &self.rules {
            Rules::AllowAll => Ok(()),
            Rules::Parsed(r) if r.allowed(&url[Position::BeforePath..Position::AfterQuery]) => {
                Ok(())
            }
            Rules::Parsed(_) => Err(FetchError::RobotsDisallowed {
                url: url.to_string(),
            }),
            Rules::Unavailable(reason) => Err(FetchError::RobotsUnavailable {
                url: url.to_string(),
                reason: reason.clone(),
            }),
        }
    }
}

/// One slot per origin; the async lock makes concurrent fetches of one origin wait
/// for a single robots.txt request.
pub(crate) type Slot = Arc<tokio::sync::Mutex<Option<Arc<Entry>>>>;

/// The cache of robots.txt entries by origin.
#[derive(Default)]
pub(crate) struct RobotsCache {
    slots: Mutex<HashMap<String, Slot>>,
}

impl RobotsCache {
    pub fn slot(&self, origin: &str) -> Slot {
        let mut map = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        map.entry(origin.to_string()).or_default().clone()
    }
}

impl crate::fetcher::Fetcher {
    /// The robots.txt entry for `url`'s origin, fetched once and cached.
    pub(crate) async fn robots_for(
        &self,
        url: &Url,
        private: &Arc<PrivateHosts>,
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
            private: private.clone(),
            robots: false,
            limits: Limits {
                wire: MAX_ROBOTS_BYTES,
                decoded: MAX_ROBOTS_BYTES * 4,
            },
            cut_at_cap: true,
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
            // Not cached: the URL was not tried because its host is backed off.
            Err(FetchError::HostBackedOff {
                host,
                reason,
                until,
                ..
            }) => {
                return Err(FetchError::HostBackedOff {
                    url: url.to_string(),
                    host,
                    reason,
                    until,
                })
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
}
