//! The crate's error type: every variant names the URL, source or path it is about.

use std::path::PathBuf;

/// Everything that can go wrong while discovering, fetching or reading archives.
///
/// Each variant carries the URL (or source name, or path) it is about, so a caller
/// can record the failure as it is. [`FetchError::is_retryable`] tells whether the
/// same request may succeed later; [`FetchError::is_gone`] singles out 404/410.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FetchError {
    /// The URL could not be parsed or is not `http`/`https`.
    #[error("{url}: invalid URL: {reason}")]
    InvalidUrl {
        /// The URL as given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A source entry of the configuration is unusable (missing URL, bad regex, …).
    #[error("source {source_name}: {reason}")]
    InvalidSource {
        /// The source's configured name.
        source_name: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The fetch configuration is unusable, or the HTTP client could not be built.
    #[error("fetch configuration: {reason}")]
    Config {
        /// What is wrong.
        reason: String,
    },
    /// The server answered with an error status (after retries, for retryable ones).
    /// 404 and 410 mean the page is gone ([`FetchError::is_gone`]).
    #[error("{url}: HTTP {status}")]
    Status {
        /// The URL requested.
        url: String,
        /// The HTTP status code.
        status: u16,
    },
    /// A timeout expired.
    #[error("{url}: timed out ({phase} timeout, {secs:.1} s)")]
    Timeout {
        /// The URL requested.
        url: String,
        /// Which timeout: `connect` (opening the connection), `first byte` (waiting
        /// for the response headers), `read` (the body stalled between two chunks)
        /// or `total` (the whole attempt: a slow drip).
        phase: &'static str,
        /// The limit that expired, in seconds.
        secs: f64,
    },
    /// No connection could be opened: refused, unreachable, no DNS answer, TLS
    /// handshake failed.
    #[error("{url}: cannot connect: {reason}")]
    Unreachable {
        /// The URL requested.
        url: String,
        /// The underlying error, as one line.
        reason: String,
    },
    /// The connection was reset or closed before a response arrived.
    #[error("{url}: connection failed: {reason}")]
    Connect {
        /// The URL requested.
        url: String,
        /// The underlying error, as one line.
        reason: String,
    },
    /// The connection broke while the body was being read.
    #[error("{url}: body read failed: {reason}")]
    Body {
        /// The URL requested.
        url: String,
        /// The underlying error, as one line.
        reason: String,
    },
    /// robots.txt disallows the URL for our user agent.
    #[error("{url}: disallowed by robots.txt")]
    RobotsDisallowed {
        /// The URL requested.
        url: String,
    },
    /// robots.txt could not be read (5xx or network error), so the host is treated
    /// as fully disallowed for a while, as RFC 9309 asks.
    #[error("{url}: robots.txt unavailable ({reason}), host treated as disallowed")]
    RobotsUnavailable {
        /// The URL requested.
        url: String,
        /// Why robots.txt could not be read.
        reason: String,
    },
    /// The URL's host is, or resolves to, a private, loopback, link-local or
    /// otherwise internal address, and the configuration does not name the host
    /// (`allow_private` for a source's own host, `allow_private_hosts`). Refused
    /// before any connection is opened.
    #[error("{url}: refused private address {addr} (host not named in allow_private_hosts)")]
    PrivateAddress {
        /// The URL requested.
        url: String,
        /// The refused address (or host, when refused before resolution).
        addr: String,
    },
    /// More redirects than the configured cap.
    #[error("{url}: more than {limit} redirects")]
    TooManyRedirects {
        /// The URL first requested.
        url: String,
        /// The cap.
        limit: usize,
    },
    /// A redirect led back to a URL already visited.
    #[error("{url}: redirect loop at {target}")]
    RedirectLoop {
        /// The URL first requested.
        url: String,
        /// The URL seen twice.
        target: String,
    },
    /// A redirect had no usable `Location`.
    #[error("{url}: bad redirect: {reason}")]
    BadRedirect {
        /// The URL that redirected.
        url: String,
        /// What was wrong with the `Location` header.
        reason: String,
    },
    /// The response is a text type other than HTML (plain text, JSON, XML, CSS…).
    #[error("{url}: not HTML (Content-Type: {content_type})")]
    NotHtml {
        /// The URL requested.
        url: String,
        /// The `Content-Type` received.
        content_type: String,
    },
    /// The `Content-Type` says a PDF, image, audio, video, font, archive,
    /// executable, office document or other binary file: refused before the body
    /// is read.
    #[error("{url}: refused {kind}, not a web page (Content-Type: {content_type})")]
    Binary {
        /// The URL requested.
        url: String,
        /// The `Content-Type` received.
        content_type: String,
        /// What it is: `PDF document`, `image`, `archive`, `executable`, …
        kind: &'static str,
    },
    /// The body is larger than the cap (`max_body_bytes` for pages,
    /// `max_decompressed_bytes` for feeds and sitemaps), as sent or after
    /// decompression (a compression bomb). Reading stopped at the cap.
    #[error("{url}: too large: more than {limit} bytes {what}")]
    TooLarge {
        /// The URL requested.
        url: String,
        /// The cap in bytes.
        limit: u64,
        /// `declared` (by `Content-Length`), `on the wire` or `decompressed`.
        what: &'static str,
    },
    /// The body is compressed and could not be decompressed.
    #[error("{url}: bad {encoding} encoding: {reason}")]
    Decode {
        /// The URL requested.
        url: String,
        /// The content or transfer encoding.
        encoding: String,
        /// What went wrong.
        reason: String,
    },
    /// A feed (or one of its entries) could not be read.
    #[error("{url}: malformed feed: {reason}")]
    MalformedFeed {
        /// The feed URL.
        url: String,
        /// What is wrong.
        reason: String,
    },
    /// A sitemap (or one of its entries) could not be read.
    #[error("{url}: malformed sitemap: {reason}")]
    MalformedSitemap {
        /// The sitemap URL.
        url: String,
        /// What is wrong.
        reason: String,
    },
    /// A WARC file or one of its records could not be read.
    #[error("{path}: malformed WARC: {reason}")]
    MalformedWarc {
        /// The WARC file.
        path: PathBuf,
        /// What is wrong (with the record's target URI when known).
        reason: String,
    },
    /// A local file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The URL was not tried: its host failed on several URLs in a row (or could
    /// not be connected to) and is left alone for a while. URLs that were tried
    /// keep their own failure.
    #[error("{url}: not tried: host {host} backed off until {until} ({reason})")]
    HostBackedOff {
        /// The URL requested.
        url: String,
        /// The host (`host:port`).
        host: String,
        /// Why the host was backed off.
        reason: String,
        /// Until when (RFC 3339, UTC).
        until: String,
    },
}

impl FetchError {
    /// True when the same request may succeed later (timeouts, connection problems,
    /// 5xx, 429, 408, a backed-off host, robots.txt unavailable). False for
    /// permanent failures (404/410 and other 4xx, robots disallow, private address,
    /// redirect problems, not HTML, binary content, too large, malformed content).
    pub fn is_retryable(&self) -> bool {
        match self {
            FetchError::Status { status, .. } => *status >= 500 || *status == 429 || *status == 408,
            FetchError::Timeout { .. }
            | FetchError::Unreachable { .. }
            | FetchError::Connect { .. }
            | FetchError::Body { .. }
            | FetchError::RobotsUnavailable { .. }
            | FetchError::HostBackedOff { .. } => true,
            _ => false,
        }
    }

    /// True when the error is permanent: the opposite of [`FetchError::is_retryable`].
    pub fn is_permanent(&self) -> bool {
        !self.is_retryable()
    }

    /// True when the server said the page is gone (404 Not Found or 410 Gone).
    pub fn is_gone(&self) -> bool {
        matches!(
            self,
            FetchError::Status {
                status: 404 | 410,
                ..
            }
        )
    }

    /// The URL, source name or path the error is about.
    pub fn item(&self) -> String {
        match self {
            FetchError::InvalidUrl { url, .. }
            | FetchError::Status { url, .. }
            | FetchError::Timeout { url, .. }
            | FetchError::Unreachable { url, .. }
            | FetchError::Connect { url, .. }
            | FetchError::Body { url, .. }
            | FetchError::RobotsDisallowed { url }
            | FetchError::RobotsUnavailable { url, .. }
            | FetchError::PrivateAddress { url, .. }
            | FetchError::TooManyRedirects { url, .. }
            | FetchError::RedirectLoop { url, .. }
            | FetchError::BadRedirect { url, .. }
            | FetchError::NotHtml { url, .. }
            | FetchError::Binary { url, .. }
            | FetchError::TooLarge { url, .. }
            | FetchError::Decode { url, .. }
            | FetchError::MalformedFeed { url, .. }
            | FetchError::MalformedSitemap { url, .. }
            | FetchError::HostBackedOff { url, .. } => url.clone(),
            FetchError::InvalidSource { source_name, .. } => source_name.clone(),
            FetchError::Config { .. } => "fetch configuration".to_string(),
            FetchError::MalformedWarc { path, .. } | FetchError::Io { path, .. } => {
                path.display().to_string()
            }
        }
    }

    /// The message without the item it is about: `HTTP 503`, `timed out (read
    /// timeout, 20.0 s)`, … (what a failures table's reason column wants beside
    /// the URL column).
    pub fn reason(&self) -> String {
        let text = self.to_string();
        let prefix = format!("{}: ", self.item());
        match text.strip_prefix(&prefix) {
            Some(rest) => rest.to_string(),
            None => text,
        }
    }

    /// An I/O error on a local file.
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> FetchError {
        FetchError::Io {
            path: path.into(),
            source,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification() {
        let s = |status| FetchError::Status {
            url: "https://e.com/".into(),
            status,
        };
        assert!(s(404).is_gone() && s(410).is_gone() && !s(403).is_gone());
        assert!(s(503).is_retryable() && s(429).is_retryable());
        assert!(s(404).is_permanent() && s(403).is_permanent());
        assert!(FetchError::RobotsDisallowed { url: "u".into() }.is_permanent());
        assert!(FetchError::Timeout {
            url: "u".into(),
            phase: "total",
            secs: 1.0
        }
        .is_retryable());
        assert_eq!(s(500).to_string(), "https://e.com/: HTTP 500");
        assert_eq!(s(500).item(), "https://e.com/");
        assert_eq!(s(500).reason(), "HTTP 500");
        let big = FetchError::TooLarge {
            url: "https://e.com/big".into(),
            limit: 10,
            what: "decompressed",
        };
        assert_eq!(big.reason(), "too large: more than 10 bytes decompressed");
        assert!(big.is_permanent());
    }
}
