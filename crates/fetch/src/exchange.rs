//! One request-response exchange: headers, status handling (304, redirects, error
//! statuses with `Retry-After`), the content-type check and the capped body read.

use std::time::SystemTime;

use reqwest::{header, Client};
use url::Url;

use crate::{
    address,
    body::{Coding, Inflater},
    content_type::{classify, Verdict},
    error::FetchError,
    fetcher::{chain, secs, Fetcher, Hop, HopError, Outcome, Request, Response, Want},
    normalize::normalize_parsed,
    retry::parse_retry_after,
};

impl Fetcher {
    pub(crate) async fn exchange(
        &self,
        client: &Client,
        url: &Url,
        req: &Request<'_>,
        key: &str,
    ) -> Result<Hop, HopError> {
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
                let wait = wait.min(self.policy.max_delay);
                self.hosts.defer(key, wait);
                if let Some(pacer) = &self.pacer {
                    pacer.defer(key, wait);
                }
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
        if req.want == Want::Html {
            let refused = |ct: Option<String>| ct.unwrap_or_default();
            match classify(content_type.as_deref()) {
                Verdict::Html | Verdict::Unknown => {}
                Verdict::Binary(kind) => {
                    return Err(FetchError::Binary {
                        url: url.to_string(),
                        content_type: refused(content_type),
                        kind,
                    }
                    .into())
                }
                Verdict::NotHtml => {
                    return Err(FetchError::NotHtml {
                        url: url.to_string(),
                        content_type: refused(content_type),
                    }
                    .into())
                }
            }
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
            if len > req.limits.wire && !req.cut_at_cap {
                return Err(FetchError::TooLarge {
                    url: url.to_string(),
                    limit: req.limits.wire,
                    what: "declared",
                }
                .into());
            }
        }
        let etag = text(header::ETAG);
        let last_modified = text(header::LAST_MODIFIED);
        let body = Inflater::new(coding, req.limits)
            .read(&mut resp, url.as_str(), first_byte)
            .await?;
        if body.truncated && !req.cut_at_cap {
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
        if e.is_connect() {
            return FetchError::Unreachable {
                url: url.to_string(),
                reason: chain(e),
            };
        }
        FetchError::Connect {
            url: url.to_string(),
            reason: chain(e),
        }
    }
}
