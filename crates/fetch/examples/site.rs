//! A generated news site for the fetch benchmark: `/sitemap.xml` lists N article
//! pages (`/article/<i>.html`, about 6 KB of HTML each, generated on request so the
//! server's memory stays flat), and `/robots.txt` allows everything.
//!
//! `cargo run --release -p newsmill-fetch --example site -- --pages 20000 --port 8099`
//! prints `listening on http://127.0.0.1:<port>` once ready.

use std::{fmt::Write as _, net::SocketAddr, sync::Arc};

use axum::{
    extract::{Path, State},
    http::{header, HeaderMap, StatusCode},
    response::IntoResponse,
    routing::get,
    Router,
};

const WORDS: &[&str] = &[
    "council",
    "minister",
    "bridge",
    "river",
    "budget",
    "election",
    "parliament",
    "trade",
    "exports",
    "grain",
    "energy",
    "pipeline",
    "border",
    "talks",
    "agreement",
    "sanctions",
    "economy",
    "inflation",
    "reform",
    "court",
    "opposition",
    "protest",
    "capital",
    "region",
    "the",
    "of",
    "and",
    "in",
    "to",
    "a",
    "for",
    "on",
    "with",
    "said",
    "after",
    "new",
];

fn words(seed: &mut u64, n: usize, out: &mut String) {
    for i in 0..n {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        if i > 0 {
            out.push(' ');
        }
        out.push_str(WORDS[(*seed % WORDS.len() as u64) as usize]);
    }
}

fn article(i: usize) -> String {
    let mut seed = 0x9E37_79B9_7F4A_7C15u64 ^ (i as u64 + 1);
    let mut title = String::new();
    words(&mut seed, 7, &mut title);
    let mut html = String::with_capacity(7000);
    let _ = write!(
        html,
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>{title} | Bench Daily</title>\
         <link rel=canonical href=\"/article/{i}.html\"><meta property=\"article:published_time\" \
         content=\"2024-03-{:02}T10:00:00Z\"></head><body><header><nav><a href=/>Home</a> \
         <a href=/news>News</a></nav></header><main><article><h1>{title}</h1>\
         <p class=byline>By Ann Writer</p>",
        i % 28 + 1
    );
    for _ in 0..12 {
        html.push_str("<p>");
        words(&mut seed, 70, &mut html);
        html.push_str(".</p>");
    }
    html.push_str("</article></main><footer>© Bench Daily</footer></body></html>");
    html
}

async fn page(Path(name): Path<String>, State(n): State<Arc<usize>>) -> impl IntoResponse {
    let id = name
        .strip_suffix(".html")
        .and_then(|s| s.parse::<usize>().ok());
    match id {
        Some(i) if i < *n => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            article(i),
        ),
        _ => (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/plain")],
            String::from("not found"),
        ),
    }
}

async fn sitemap(State(n): State<Arc<usize>>, headers: HeaderMap) -> impl IntoResponse {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1")
        .to_string();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for i in 0..*n {
        let _ = writeln!(xml, "<url><loc>http://{host}/article/{i}.html</loc></url>");
    }
    xml.push_str("</urlset>\n");
    ([(header::CONTENT_TYPE, "application/xml")], xml)
}

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(|v| v.parse().expect("a number"))
        .unwrap_or(default)
}

fn main() {
    let pages = arg("--pages", 20_000);
    let port = arg("--port", 0) as u16;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("tokio runtime");
    rt.block_on(async move {
        let app = Router::new()
            .route("/sitemap.xml", get(sitemap))
            .route("/robots.txt", get(|| async { "User-agent: *\nAllow: /\n" }))
            .route("/article/{name}", get(page))
            .with_state(Arc::new(pages));
        let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port)))
            .await
            .expect("bind");
        eprintln!(
            "listening on http://{} ({pages} pages)",
            listener.local_addr().expect("addr")
        );
        axum::serve(listener, app).await.expect("serve");
    });
}
