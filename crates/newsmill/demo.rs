//! The demo server: serves a bundled site folder (`[demo] site`) on an ephemeral
//! localhost port, so `newsmill run --config config/demo.toml` goes through the real
//! fetch path (robots.txt, feed, sitemap, conditional GET) with no network.
//!
//! Text files (HTML, XML, robots.txt) may contain the `{demo}` placeholder, which is
//! replaced by the server's base URL (`http://127.0.0.1:<port>`), because feeds and
//! sitemaps need absolute URLs. Responses carry an `ETag` (content hash) and a
//! `Last-Modified` (file time), and `If-None-Match` / `If-Modified-Since` get 304.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use anyhow::{Context, Result};
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::Response;
use sha2::{Digest, Sha256};
use tokio_util::sync::CancellationToken;

use crate::config::DEMO_PLACEHOLDER;

/// A running demo server; stops when dropped.
pub struct DemoServer {
    base: String,
    stop: CancellationToken,
}

impl DemoServer {
    /// Starts serving `site` on localhost. The port is derived from the site's path
    /// so that page URLs stay the same from run to run (and a second run finds them
    /// in the state store); when that port is taken, any free port is used.
    pub async fn start(site: &Path) -> Result<DemoServer> {
        if !site.is_dir() {
            anyhow::bail!("[demo] site {} is not a folder", site.display());
        }
        let stable = stable_port(site);
        let listener = match tokio::net::TcpListener::bind(("127.0.0.1", stable)).await {
            Ok(l) => l,
            Err(err) => {
                tracing::warn!(port = stable, %err, "Demo port taken; using a random one (page URLs will differ from earlier runs).");
                tokio::net::TcpListener::bind("127.0.0.1:0")
                    .await
                    .context("cannot bind the demo server to 127.0.0.1")?
            }
        };
        let addr = listener.local_addr()?;
        let base = format!("http://{addr}");
        let site = Arc::new(Site {
            root: site.to_path_buf(),
            base: base.clone(),
        });
        let app = axum::Router::new().fallback(serve_file).with_state(site);
        let stop = CancellationToken::new();
        let shutdown = stop.clone().cancelled_owned();
        tokio::spawn(async move {
            if let Err(err) = axum::serve(listener, app)
                .with_graceful_shutdown(shutdown)
                .await
            {
                tracing::error!(%err, "Demo server stopped.");
            }
        });
        tracing::info!(%base, site = %site_display(&base), "Serving the demo site.");
        Ok(DemoServer { base, stop })
    }

    /// `http://127.0.0.1:<port>`, without a trailing slash.
    pub fn base(&self) -> &str {
        &self.base
    }
}

/// A port in 20000..60000 that depends only on the site folder's absolute path.
fn stable_port(site: &Path) -> u16 {
    let path = std::path::absolute(site).unwrap_or_else(|_| site.to_path_buf());
    let digest = Sha256::digest(path.to_string_lossy().as_bytes());
    20_000 + (u16::from_be_bytes([digest[0], digest[1]]) % 40_000)
}

fn site_display(base: &str) -> String {
    format!("{base}/")
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}

struct Site {
    root: PathBuf,
    base: String,
}

async fn serve_file(State(site): State<Arc<Site>>, uri: Uri, headers: HeaderMap) -> Response {
    let Some(path) = resolve(&site.root, uri.path()) else {
        return status(StatusCode::NOT_FOUND);
    };
    let (bytes, modified) = match tokio::fs::read(&path).await {
        Ok(bytes) => (bytes, file_time(&path).await),
        Err(_) => return status(StatusCode::NOT_FOUND),
    };
    let content_type = content_type(&path);
    let body = if content_type.starts_with("text/") || content_type.contains("xml") {
        String::from_utf8_lossy(&bytes)
            .replace(DEMO_PLACEHOLDER, &site.base)
            .into_bytes()
    } else {
        bytes
    };
    let digest = Sha256::digest(&body);
    let etag = format!(
        "\"{}\"",
        digest[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    let last_modified = httpdate::fmt_http_date(modified);
    let fresh = match headers.get(header::IF_NONE_MATCH) {
        Some(tag) => tag.as_bytes() == etag.as_bytes(),
        None => headers
            .get(header::IF_MODIFIED_SINCE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| httpdate::parse_http_date(v).ok())
            .is_some_and(|since| since >= truncate_to_seconds(modified)),
    };
    let mut response = if fresh {
        status(StatusCode::NOT_MODIFIED)
    } else {
        let mut r = Response::new(Body::from(body));
        r.headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        r
    };
    if let Ok(v) = HeaderValue::from_str(&etag) {
        response.headers_mut().insert(header::ETAG, v);
    }
    if let Ok(v) = HeaderValue::from_str(&last_modified) {
        response.headers_mut().insert(header::LAST_MODIFIED, v);
    }
    response
}

fn status(code: StatusCode) -> Response {
    let mut r = Response::new(Body::empty());
    *r.status_mut() = code;
    r
}

/// Maps a request path to a file under `root`, refusing anything that climbs out.
/// A folder serves its `index.html`.
fn resolve(root: &Path, request: &str) -> Option<PathBuf> {
    let mut path = root.to_path_buf();
    for part in Path::new(request.trim_start_matches('/')).components() {
        match part {
            Component::Normal(p) => path.push(p),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if path.is_dir() {
        path.push("index.html");
    }
    path.is_file().then_some(path)
}

async fn file_time(path: &Path) -> SystemTime {
    tokio::fs::metadata(path)
        .await
        .and_then(|m| m.modified())
        .unwrap_or(SystemTime::UNIX_EPOCH)
}

fn truncate_to_seconds(t: SystemTime) -> SystemTime {
    let secs = t
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(secs)
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "rss" => "application/rss+xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_climb_out() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/demo-site");
        assert!(resolve(&root, "/../demo.toml").is_none());
        assert!(resolve(&root, "/feed.xml").is_some());
        assert_eq!(resolve(&root, "/").unwrap(), root.join("index.html"));
    }
}
