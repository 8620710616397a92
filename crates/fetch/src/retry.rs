//! The retry policy, a pure function of the attempt so it can be tested without a
//! network: exponential back-off with jitter for transient failures, `Retry-After`
//! honoured up to a cap.

use std::time::{Duration, SystemTime};

use crate::error::FetchError;

/// When and how long to wait before trying again.
#[derive(Clone, Debug, PartialEq)]
pub struct RetryPolicy {
    /// Extra attempts after the first.
    pub retries: u32,
    /// The first back-off delay; doubled on each retry.
    pub base: Duration,
    /// The longest wait, also the longest `Retry-After` honoured.
    pub max_delay: Duration,
}

/// One failed attempt, as the policy sees it.
#[derive(Debug)]
pub struct Attempt<'a> {
    /// How many attempts failed so far, this one included (1 after the first).
    pub failed: u32,
    /// Why this attempt failed.
    pub error: &'a FetchError,
    /// The server's `Retry-After`, if it sent one.
    pub retry_after: Option<Duration>,
}

/// The policy's answer.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Decision {
    /// Wait this long, then try again.
    Retry(Duration),
    /// Stop and report the error.
    GiveUp,
}

impl RetryPolicy {
    /// Decides what to do after a failed attempt. `jitter` is a number in `[0, 1)`
    /// (random in production): the back-off is `d/2 + jitter·d/2` for the exponential
    /// delay `d`, so concurrent clients spread out but never retry at once.
    pub fn decide(&self, attempt: &Attempt<'_>, jitter: f64) -> Decision {
        if attempt.failed > self.retries || !transient(attempt.error) {
            return Decision::GiveUp;
        }
        if let Some(wait) = attempt.retry_after {
            return if wait > self.max_delay {
                Decision::GiveUp
            } else {
                Decision::Retry(wait)
            };
        }
        let exp = 2f64.powi(attempt.failed.saturating_sub(1).min(30) as i32);
        let full = (self.base.as_secs_f64() * exp).min(self.max_delay.as_secs_f64());
        let jitter = jitter.clamp(0.0, 1.0);
        Decision::Retry(Duration::from_secs_f64(full / 2.0 + jitter * full / 2.0))
    }
}

/// Failures worth retrying within one fetch: server errors, rate limits, timeouts,
/// connection problems. Not a slow drip (a `total` timeout: the server answered and
/// would drip again), and not a backed-off host or unreadable robots.txt (retried
/// on a later run).
fn transient(e: &FetchError) -> bool {
    match e {
        FetchError::Status { status, .. } => matches!(status, 408 | 425 | 429 | 500..=599),
        FetchError::Timeout { phase, .. } => *phase != "total",
        FetchError::Unreachable { .. } | FetchError::Connect { .. } | FetchError::Body { .. } => {
            true
        }
        _ => false,
    }
}

/// Parses a `Retry-After` value: delay seconds or an HTTP date (relative to `now`).
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    if let Ok(secs) = v.parse::<f64>() {
        if secs.is_finite() && secs >= 0.0 {
            return Some(Duration::from_secs_f64(secs));
        }
    }
    let when = httpdate::parse_http_date(v).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            retries: 3,
            base: Duration::from_secs(1),
            max_delay: Duration::from_secs(10),
        }
    }

    fn status(s: u16) -> FetchError {
        FetchError::Status {
            url: "u".into(),
            status: s,
        }
    }

    #[test]
    fn exponential_with_jitter_and_cap() {
        let e = status(503);
        let at = |failed, jitter| {
            policy().decide(
                &Attempt {
                    failed,
                    error: &e,
                    retry_after: None,
                },
                jitter,
            )
        };
        assert_eq!(at(1, 0.0), Decision::Retry(Duration::from_millis(500)));
        assert_eq!(at(1, 1.0), Decision::Retry(Duration::from_secs(1)));
        assert_eq!(at(2, 1.0), Decision::Retry(Duration::from_secs(2)));
        assert_eq!(at(3, 0.5), Decision::Retry(Duration::from_secs(3)));
        assert_eq!(at(4, 0.5), Decision::GiveUp);
        let big = RetryPolicy {
            retries: 20,
            ..policy()
        };
        let d = big.decide(
            &Attempt {
                failed: 15,
                error: &e,
                retry_after: None,
            },
            1.0,
        );
        assert_eq!(d, Decision::Retry(Duration::from_secs(10)));
    }

    #[test]
    fn retry_after_honoured_up_to_the_cap() {
        let e = status(429);
        let with = |secs| {
            policy().decide(
                &Attempt {
                    failed: 1,
                    error: &e,
                    retry_after: Some(Duration::from_secs(secs)),
                },
                0.3,
            )
        };
        assert_eq!(with(7), Decision::Retry(Duration::from_secs(7)));
        assert_eq!(with(3600), Decision::GiveUp);
    }

    #[test]
    fn permanent_failures_are_not_retried() {
        for e in [
            status(404),
            status(403),
            FetchError::RobotsDisallowed { url: "u".into() },
            FetchError::Timeout {
                url: "u".into(),
                phase: "total",
                secs: 60.0,
            },
        ] {
            let a = Attempt {
                failed: 1,
                error: &e,
                retry_after: None,
            };
            assert_eq!(policy().decide(&a, 0.5), Decision::GiveUp, "{e}");
        }
    }

    #[test]
    fn retry_after_formats() {
        let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }
}
