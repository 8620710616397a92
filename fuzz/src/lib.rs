//! What the fuzz targets share: a loopback HTTP server that serves the current
//! input, for the parsers that are reachable only through `Fetcher::discover`
//! (feeds, sitemaps, robots.txt). bench/fuzz.sh runs every target in a network
//! namespace of its own, so whatever URL an input names, nothing leaves the
//! machine.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use newsmill_fetch::{FetchConfig, Fetcher, SourceConfig, SourceKind};

type Routes = Arc<Mutex<HashMap<String, (String, Vec<u8>)>>>;

/// An HTTP/1.1 server on 127.0.0.1 that answers from a table of paths, on one
/// or more ports (distinct origins, for what a fetcher caches per host).
pub struct Loopback {
    /// `http://127.0.0.1:PORT` of the first port.
    pub base: String,
    /// The same for every port.
    pub bases: Vec<String>,
    routes: Routes,
}

impl Loopback {
    /// Starts the server on a free port (a thread per connection, keep-alive).
    pub fn start() -> Loopback {
        Loopback::start_on(1)
    }

    /// Starts the server on `ports` free ports.
    pub fn start_on(ports: usize) -> Loopback {
        let routes: Routes = Arc::default();
        let mut bases = Vec::new();
        for _ in 0..ports {
            let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
            bases.push(format!(
                "http://{}",
                listener.local_addr().expect("local address")
            ));
            let shared = routes.clone();
            std::thread::spawn(move || {
                for stream in listener.incoming().flatten() {
                    let routes = shared.clone();
                    std::thread::spawn(move || serve(stream, &routes));
                }
            });
        }
        Loopback {
            base: bases[0].clone(),
            bases,
            routes,
        }
    }

    /// Serves `body` with `content_type` at `path` from now on.
    pub fn set(&self, path: &str, content_type: &str, body: &[u8]) {
        self.routes
            .lock()
            .expect("routes")
            .insert(path.to_string(), (content_type.to_string(), body.to_vec()));
    }
}

fn serve(stream: TcpStream, routes: &Routes) {
    let _ = stream.set_nodelay(true);
    let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
    let mut stream = stream;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
        let mut length = 0usize;
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 {
                return;
            }
            if header == "\r\n" || header == "\n" {
                break;
            }
            if let Some(v) = header.to_ascii_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse().unwrap_or(0);
            }
        }
        let mut skip = vec![0; length];
        let _ = reader.read_exact(&mut skip);
        let found = routes.lock().expect("routes").get(&path).cloned();
        let (status, content_type, body) = match found {
            Some((t, b)) => ("200 OK", t, b),
            None => (
                "404 Not Found",
                "text/plain".to_string(),
                b"not found".to_vec(),
            ),
        };
        // One write: head and body in separate segments would wait out the
        // client's delayed acknowledgement (Nagle), 40 ms a response.
        let mut response = format!(
            "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        response.extend_from_slice(&body);
        if stream.write_all(&response).is_err() {
            return;
        }
    }
}

/// A fetcher for the loopback server: no delays, no retries, short timeouts.
pub fn fetcher(obey_robots: bool) -> Fetcher {
    let config = FetchConfig {
        per_host_delay_secs: 0.0,
        obey_robots,
        retries: 0,
        connect_timeout_secs: 1.0,
        first_byte_timeout_secs: 1.0,
        total_timeout_secs: 2.0,
        allow_private: true,
        host_failure_limit: u32::MAX,
        ..FetchConfig::default()
    };
    Fetcher::new(config).expect("fetcher")
}

/// A source of `kind` at `url` that may reach the loopback server.
pub fn source(kind: SourceKind, url: &str) -> SourceConfig {
    let mut source = SourceConfig::new("fuzz", kind, url);
    source.allow_private = true;
    source
}

/// A current-thread runtime for `block_on`.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}
