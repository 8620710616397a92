//! Host health: when a failing host is backed off, and why.
//!
//! A host is backed off when failures span several distinct URLs in a row
//! (`host_failure_limit`; retries of one URL count once, so one bad page never
//! takes its host down), or when connections to it cannot be made at all
//! (`host_connect_failure_limit` attempts in a row). Any answer from the host
//! (a page, a 404, a redirect) ends the streak. After the back-off the host is
//! tried again; one more failure backs it off again at once. Each URL's failure
//! keeps its own reason: the back-off only concerns URLs not tried yet.

use std::{collections::HashSet, time::Duration};

use chrono::{DateTime, Utc};
use serde::Serialize;
use tokio::time::Instant;

use crate::error::FetchError;

/// A host left alone for a while, for the run report (`run.json`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HostBackoff {
    /// `host:port`.
    pub host: String,
    /// Why, in words: the failures that led to it and the last one's reason.
    pub reason: String,
    /// When the back-off started.
    pub since: DateTime<Utc>,
    /// Until when URLs of the host are not tried.
    pub until: DateTime<Utc>,
}

/// The thresholds.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Thresholds {
    /// Distinct failing URLs in a row.
    pub urls: u32,
    /// Failed connection attempts in a row.
    pub connects: u32,
    /// Length of a back-off.
    pub backoff: Duration,
}

/// How one request to the host ended, as far as the host's health goes.
#[derive(Debug)]
pub(crate) enum Verdict<'a> {
    /// The host answered (whatever the status, except 5xx).
    Answered,
    /// The host failed on `url`.
    Failed {
        url: &'a str,
        reason: String,
        /// The connection could not be made at all.
        connect: bool,
    },
}

impl<'a> Verdict<'a> {
    /// The verdict on an attempt at `url` that ended with `error` (or none).
    pub fn of(url: &'a str, error: Option<&FetchError>) -> Verdict<'a> {
        let Some(e) = error else {
            return Verdict::Answered;
        };
        let connect = match e {
            FetchError::Unreachable { .. } => true,
            FetchError::Timeout { phase, .. } => *phase == "connect",
            FetchError::Connect { .. } | FetchError::Body { .. } => false,
            FetchError::Status { status, .. } if *status >= 500 => false,
            _ => return Verdict::Answered,
        };
        Verdict::Failed {
            url,
            reason: e.reason(),
            connect,
        }
    }
}

/// One host's failure record.
#[derive(Debug, Default)]
pub(crate) struct Health {
    /// Distinct URLs that failed since the host last answered.
    failed_urls: HashSet<String>,
    /// Connection attempts failed in a row.
    connect_failures: u32,
    /// The back-off in force or just ended.
    current: Option<(Instant, HostBackoff)>,
    /// The back-off ended and the host is being tried again.
    probing: bool,
    /// Failures in total (for the report).
    pub total_failures: u64,
    /// Times backed off (for the report).
    pub backoffs: u32,
}

impl Health {
    /// `Err` with the back-off when the host is backed off at `now`.
    pub fn check(&mut self, now: Instant) -> Result<(), HostBackoff> {
        match &self.current {
            Some((until, b)) if now < *until => Err(b.clone()),
            Some(_) => {
                self.current = None;
                self.probing = true;
                Ok(())
            }
            None => Ok(()),
        }
    }

    /// True while a back-off is in force at `now`.
    pub fn backed_off(&self, now: Instant) -> bool {
        self.current.as_ref().is_some_and(|(until, _)| now < *until)
    }

    /// Records one request's verdict; returns the back-off it started, if any.
    pub fn record(
        &mut self,
        host: &str,
        verdict: Verdict<'_>,
        limits: Thresholds,
        now: Instant,
    ) -> Option<HostBackoff> {
        let (url, reason, connect) = match verdict {
            Verdict::Answered => {
                self.failed_urls.clear();
                self.connect_failures = 0;
                self.probing = false;
                return None;
            }
            Verdict::Failed {
                url,
                reason,
                connect,
            } => (url, reason, connect),
        };
        self.total_failures += 1;
        if connect {
            self.connect_failures += 1;
        } else {
            self.connect_failures = 0;
        }
        if self.failed_urls.len() < limits.urls as usize {
            self.failed_urls.insert(url.to_string());
        }
        if self.backed_off(now) {
            return None;
        }
        let why = if self.probing {
            Some(format!("failed again after a back-off: {reason}"))
        } else if connect && self.connect_failures >= limits.connects {
            Some(format!(
                "{} connection attempts in a row failed, the last: {reason}",
                self.connect_failures
            ))
        } else if self.failed_urls.len() >= limits.urls as usize {
            Some(format!(
                "{} different URLs failed in a row, the last: {reason}",
                self.failed_urls.len()
            ))
        } else {
            None
        }?;
        let since = Utc::now();
        let backoff = HostBackoff {
            host: host.to_string(),
            reason: why,
            since,
            until: since
                + chrono::Duration::from_std(limits.backoff).unwrap_or(chrono::Duration::MAX),
        };
        self.current = Some((now + limits.backoff, backoff.clone()));
        self.probing = false;
        self.failed_urls.clear();
        self.connect_failures = 0;
        self.backoffs += 1;
        Some(backoff)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: Thresholds = Thresholds {
        urls: 3,
        connects: 2,
        backoff: Duration::from_secs(60),
    };

    fn fail(url: &str, connect: bool) -> Verdict<'_> {
        Verdict::Failed {
            url,
            reason: if connect { "refused" } else { "HTTP 503" }.into(),
            connect,
        }
    }

    #[test]
    fn one_bad_url_retried_never_backs_the_host_off() {
        let mut h = Health::default();
        let now = Instant::now();
        for _ in 0..10 {
            assert!(h.record("h:80", fail("/bad", false), LIMITS, now).is_none());
        }
        assert!(h.check(now).is_ok());
    }

    #[test]
    fn distinct_urls_failing_in_a_row_back_it_off() {
        let mut h = Health::default();
        let now = Instant::now();
        assert!(h.record("h:80", fail("/a", false), LIMITS, now).is_none());
        assert!(h.record("h:80", Verdict::Answered, LIMITS, now).is_none());
        assert!(h.record("h:80", fail("/b", false), LIMITS, now).is_none());
        assert!(h.record("h:80", fail("/c", false), LIMITS, now).is_none());
        let b = h.record("h:80", fail("/d", false), LIMITS, now).unwrap();
        assert!(b.reason.contains("3 different URLs") && b.reason.contains("HTTP 503"));
        assert_eq!((b.until - b.since).num_seconds(), 60);
        assert_eq!(h.check(now + Duration::from_secs(59)), Err(b));
        // Afterwards the host is tried again; one more failure backs it off again.
        let later = now + Duration::from_secs(61);
        assert!(h.check(later).is_ok());
        let again = h.record("h:80", fail("/e", false), LIMITS, later).unwrap();
        assert!(again.reason.contains("again"), "{}", again.reason);
        assert_eq!(h.backoffs, 2);
    }

    #[test]
    fn connections_that_cannot_be_made_back_it_off_on_one_url() {
        let mut h = Health::default();
        let now = Instant::now();
        assert!(h.record("h:80", fail("/a", true), LIMITS, now).is_none());
        let b = h.record("h:80", fail("/a", true), LIMITS, now).unwrap();
        assert!(b.reason.contains("2 connection attempts"), "{}", b.reason);
        assert!(h.backed_off(now));
    }

    #[test]
    fn answers_end_the_streak() {
        let mut h = Health::default();
        let now = Instant::now();
        h.record("h:80", fail("/a", true), LIMITS, now);
        h.record("h:80", Verdict::Answered, LIMITS, now);
        assert!(h.record("h:80", fail("/a", true), LIMITS, now).is_none());
        assert_eq!(h.total_failures, 2);
    }

    #[test]
    fn verdicts_from_errors() {
        let timeout = |phase| FetchError::Timeout {
            url: "u".into(),
            phase,
            secs: 1.0,
        };
        assert!(matches!(
            Verdict::of("u", Some(&timeout("connect"))),
            Verdict::Failed { connect: true, .. }
        ));
        assert!(matches!(
            Verdict::of("u", Some(&timeout("total"))),
            Verdict::Failed { connect: false, .. }
        ));
        let status = |status| FetchError::Status {
            url: "u".into(),
            status,
        };
        assert!(matches!(
            Verdict::of("u", Some(&status(404))),
            Verdict::Answered
        ));
        assert!(matches!(
            Verdict::of("u", Some(&status(503))),
            Verdict::Failed { .. }
        ));
        assert!(matches!(Verdict::of("u", None), Verdict::Answered));
    }
}
