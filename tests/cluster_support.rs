//! Helpers of the cluster tests: a NATS server with JetStream on a free loopback
//! port in a temporary folder, and a generated news site that logs the time of
//! every request.

use std::collections::HashMap;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::Uri;
use axum::response::{IntoResponse, Response};

/// A `nats-server -js` the test started; killed when dropped.
pub struct Nats {
    binary: PathBuf,
    port: u16,
    dir: PathBuf,
    child: Option<Child>,
}

/// The nats-server binary: `NEWSMILL_NATS_SERVER`, else `nats-server` on the
/// PATH or in /usr/sbin. None when absent, unless `NEWSMILL_REQUIRE_NATS` is set
/// (CI sets it), which makes absence a failure.
fn nats_binary() -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let candidates = std::env::var_os("NEWSMILL_NATS_SERVER")
        .map(PathBuf::from)
        .into_iter()
        .chain(std::env::split_paths(&path).map(|d| d.join("nats-server")))
        .chain([
            PathBuf::from("/usr/sbin/nats-server"),
            PathBuf::from("/usr/bin/nats-server"),
        ]);
    for c in candidates {
        if c.is_file() {
            return Some(c);
        }
    }
    if std::env::var_os("NEWSMILL_REQUIRE_NATS").is_some() {
        panic!("NEWSMILL_REQUIRE_NATS is set but no nats-server binary was found (apt-get install nats-server)");
    }
    eprintln!("\n!!!!! SKIPPED: nats-server is not installed, the cluster tests did not run (apt-get install nats-server) !!!!!\n");
    None
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Nats {
    /// Starts a server storing under `dir`, or None (loudly) when nats-server is
    /// not installed.
    pub fn start(dir: &Path) -> Option<Nats> {
        let binary = nats_binary()?;
        let mut nats = Nats {
            binary,
            port: free_port(),
            dir: dir.join("nats"),
            child: None,
        };
        nats.spawn();
        Some(nats)
    }

    fn spawn(&mut self) {
        std::fs::create_dir_all(&self.dir).unwrap();
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.dir.join("server.log"))
            .unwrap();
        let child = Command::new(&self.binary)
            .args([
                "-js",
                "-a",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-sd",
            ])
            .arg(self.dir.join("store"))
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap();
        self.child = Some(child);
        for _ in 0..200 {
            if TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("nats-server did not start on port {}", self.port);
    }

    /// `nats://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("nats://127.0.0.1:{}", self.port)
    }

    /// Stops the server (SIGTERM, then waits).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            terminate(&child);
            let _ = child.wait();
        }
    }

    /// Starts it again on the same port and store.
    pub fn restart(&mut self) {
        self.stop();
        self.spawn();
    }
}

impl Drop for Nats {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Sends SIGTERM.
pub fn terminate(child: &Child) {
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
}

/// A generated news site on localhost: `/sitemap.xml` lists `n` article pages
/// (`/news/<i>/`), each answered after `delay_ms`; every request is logged with
/// its arrival time.
pub struct GenSite {
    base: String,
    state: Arc<SiteState>,
    _runtime: tokio::runtime::Runtime,
}

struct SiteState {
    base: String,
    n: usize,
    delay_ms: u64,
    slow: Mutex<HashMap<String, u64>>,
    log: Mutex<Vec<(String, Instant)>>,
}

impl GenSite {
    pub fn start(n: usize, delay_ms: u64) -> GenSite {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let state = Arc::new(SiteState {
            base: base.clone(),
            n,
            delay_ms,
            slow: Mutex::new(HashMap::new()),
            log: Mutex::new(Vec::new()),
        });
        let app = axum::Router::new()
            .fallback(serve)
            .with_state(state.clone());
        runtime.spawn(async move { axum::serve(listener, app).await });
        GenSite {
            base,
            state,
            _runtime: runtime,
        }
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// Makes one path answer after `ms` instead.
    pub fn set_slow(&self, path: &str, ms: u64) {
        self.state.slow.lock().unwrap().insert(path.to_string(), ms);
    }

    /// Every request so far: path and arrival time.
    pub fn requests(&self) -> Vec<(String, Instant)> {
        self.state.log.lock().unwrap().clone()
    }

    /// Article pages requested so far.
    pub fn article_requests(&self) -> usize {
        self.requests()
            .iter()
            .filter(|(p, _)| p.starts_with("/news/"))
            .count()
    }

    /// Waits (up to two minutes) until `path` was requested `n` times.
    pub fn wait_for_requests(&self, path: &str, n: usize) {
        let start = Instant::now();
        while self.requests().iter().filter(|(p, _)| p == path).count() < n {
            assert!(
                start.elapsed() < Duration::from_secs(120),
                "{path} not requested"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits (up to two minutes) until `n` article requests arrived.
    pub fn wait_for_articles(&self, n: usize) {
        let start = Instant::now();
        while self.article_requests() < n {
            assert!(
                start.elapsed() < Duration::from_secs(120),
                "only {} article requests",
                self.article_requests()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

async fn serve(
    axum::extract::State(state): axum::extract::State<Arc<SiteState>>,
    uri: Uri,
) -> Response {
    let path = uri.path().to_string();
    state
        .log
        .lock()
        .unwrap()
        .push((path.clone(), Instant::now()));
    let base = state.base.as_str();
    let html =
        |body: String| ([("content-type", "text/html; charset=utf-8")], body).into_response();
    match path.as_str() {
        "/robots.txt" => (
            [("content-type", "text/plain")],
            "User-agent: *\nAllow: /\n",
        )
            .into_response(),
        "/sitemap.xml" => {
            let urls: String = (0..state.n)
                .map(|i| format!("<url><loc>{base}/news/{i}/</loc></url>\n"))
                .collect();
            (
                [("content-type", "application/xml")],
                format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n{urls}</urlset>\n"),
            )
                .into_response()
        }
        p if p.starts_with("/news/") => {
            let i: usize = p
                .trim_start_matches("/news/")
                .trim_end_matches('/')
                .parse()
                .unwrap_or(usize::MAX);
            if i >= state.n {
                return (axum::http::StatusCode::NOT_FOUND, "no such page").into_response();
            }
            let wait = state
                .slow
                .lock()
                .unwrap()
                .get(p)
                .copied()
                .unwrap_or(state.delay_ms);
            if wait > 0 {
                tokio::time::sleep(Duration::from_millis(wait)).await;
            }
            html(article(i, base))
        }
        _ => (axum::http::StatusCode::NOT_FOUND, "no such page").into_response(),
    }
}

const FIRST: [&str; 12] = [
    "Anna", "Jonas", "Marta", "Pēteris", "Ona", "Tomas", "Elena", "Viktor", "Ilse", "Karol",
    "Maria", "Andrej",
];
const LAST: [&str; 12] = [
    "Kowalska",
    "Kazlauskas",
    "Petraitė",
    "Kalniņš",
    "Novak",
    "Horváth",
    "Lindqvist",
    "Berzins",
    "Tamm",
    "Popescu",
    "Varga",
    "Nowak",
];
const CITIES: [&str; 10] = [
    "Vilnius",
    "Riga",
    "Tallinn",
    "Gdańsk",
    "Kaunas",
    "Warsaw",
    "Helsinki",
    "Tartu",
    "Klaipėda",
    "Minsk",
];
const BODIES: [&str; 8] = [
    "the regional council",
    "the port authority",
    "the transport ministry",
    "the national bank",
    "the teachers' union",
    "the city hospital",
    "the energy regulator",
    "the supreme court",
];
const TOPICS: [&str; 8] = [
    "school buses",
    "harbour cranes",
    "a new rail link",
    "heating prices",
    "a hospital wing",
    "the ferry timetable",
    "wind farms",
    "water pipes",
];
const VERBS: [&str; 6] = [
    "postponed a decision on",
    "approved new rules for",
    "published a report on",
    "asked for more money for",
    "opened an inquiry into",
    "announced a review of",
];

/// Article `i`: unique title and text, names, places and dates.
pub fn article(i: usize, base: &str) -> String {
    let pick = |list: &[&'static str], salt: usize| {
        list[(i * 7 + salt * 13 + i / list.len()) % list.len()]
    };
    let person = format!("{} {}", pick(&FIRST, 1), pick(&LAST, 2));
    let other = format!("{} {}", pick(&FIRST, 3), pick(&LAST, 4));
    let city = pick(&CITIES, 5);
    let body = pick(&BODIES, 6);
    let topic = pick(&TOPICS, 7);
    let verb = pick(&VERBS, 8);
    let day = 1 + i % 28;
    let title = format!("{city}: {} {verb} {topic} (report {i})", capitalise(body));
    let published = format!("2024-03-{day:02}T09:{:02}:00+02:00", i % 60);
    let paragraphs = [
        format!("{} in {city} {verb} {topic} on Tuesday, the {i}th such step this year, after a meeting that lasted well into the evening and left several members unhappy with the outcome.", capitalise(body)),
        format!("“We have waited long enough for a clear answer,” said {person}, who has followed the issue for {} years. Officials said the cost could reach {} million euros by the end of {}.", 2 + i % 9, 3 + i % 40, 2025 + i % 3),
        format!("{other}, a spokesperson for {body}, said the plan would be discussed again in {} and that residents of {city} would be consulted before any final decision is taken.", ["April", "May", "June", "September"][i % 4]),
        format!("Critics in {} argued that the timetable was unrealistic, pointing to delays in similar projects and to the {} complaints filed since the start of the year.", pick(&CITIES, 9), 10 + i % 90),
    ];
    let paras: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | Generated Times</title>
<meta property="og:title" content="{title}"><meta property="og:type" content="article">
<meta property="article:published_time" content="{published}"><meta name="author" content="{person}">
</head><body><header><a href="{base}/">Generated Times</a><nav><a href="{base}/">Home</a> <a href="{base}/about/">About</a></nav></header>
<main><article><h1>{title}</h1><div class="byline">By {person} <time datetime="{published}">{published}</time></div>
<div class="entry-content">
{paras}</div></article></main>
<footer><p>&copy; 2024 Generated Times. All rights reserved.</p></footer></body></html>"#
    )
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}
