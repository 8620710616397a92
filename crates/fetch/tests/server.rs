//! A fault-injecting HTTP/1.1 server on 127.0.0.1:0, written on raw tokio sockets so
//! every fault (resets, hangs, slow drips, lying headers) is under the test's control.

use std::{
    collections::HashMap,
    io::Write,
    net::SocketAddr,
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc, Mutex,
    },
    time::{Duration, Instant},
};

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpStream},
};

/// A request as the handler sees it.
pub struct Req {
    /// Path and query.
    pub path: String,
    /// Lower-cased header names.
    pub headers: HashMap<String, String>,
    /// 1 for the first request to this path, 2 for the second, …
    pub n: usize,
}

/// What the server does with a request.
pub enum Reply {
    /// A complete response (Content-Length set from the body unless given).
    Full {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Close the connection with a reset before answering.
    Reset,
    /// Send the headers and part of the body, then reset.
    ResetMidBody { declared: usize, sent: Vec<u8> },
    /// Never answer.
    Hang,
    /// Headers, then one chunk of `chunk` every `every`, `count` times.
    Drip {
        chunk: Vec<u8>,
        every: Duration,
        count: usize,
    },
    /// Headers and part of the body, then silence (a stalled body).
    Stall { declared: usize, sent: Vec<u8> },
    /// HTML without `Content-Length`, `chunk` after `chunk` until the client
    /// hangs up (a body with no end).
    Endless { chunk: Vec<u8> },
}

impl Reply {
    pub fn html(body: impl Into<Vec<u8>>) -> Reply {
        Reply::with(200, &[("Content-Type", "text/html; charset=utf-8")], body)
    }
    pub fn status(status: u16) -> Reply {
        Reply::with(
            status,
            &[("Content-Type", "text/plain")],
            format!("status {status}"),
        )
    }
    pub fn redirect(status: u16, location: &str) -> Reply {
        Reply::with(status, &[("Location", location)], "")
    }
    pub fn with(status: u16, headers: &[(&str, &str)], body: impl Into<Vec<u8>>) -> Reply {
        Reply::Full {
            status,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: body.into(),
        }
    }
}

/// A request seen: path, arrival time, headers.
type Hit = (String, Instant, HashMap<String, String>);

#[derive(Default)]
struct State {
    /// TCP connections accepted.
    accepted: AtomicUsize,
    hits: Mutex<Vec<Hit>>,
    inflight: AtomicUsize,
    max_inflight: AtomicUsize,
}

pub struct Server {
    pub addr: SocketAddr,
    state: Arc<State>,
}

type Handler = Arc<dyn Fn(&Req) -> Reply + Send + Sync>;

impl Server {
    pub async fn start(handler: impl Fn(&Req) -> Reply + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let state = Arc::new(State::default());
        let handler: Handler = Arc::new(handler);
        let st = state.clone();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                st.accepted.fetch_add(1, Ordering::SeqCst);
                let (st, h) = (st.clone(), handler.clone());
                tokio::spawn(async move {
                    serve(stream, st, h).await;
                });
            }
        });
        Server { addr, state }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// Requests seen for exactly this path (and query).
    pub fn hits(&self, path: &str) -> usize {
        self.state
            .hits
            .lock()
            .unwrap()
            .iter()
            .filter(|(p, ..)| p == path)
            .count()
    }

    /// Arrival times of requests to this path.
    pub fn times(&self, path: &str) -> Vec<Instant> {
        let hits = self.state.hits.lock().unwrap();
        hits.iter()
            .filter(|(p, ..)| p == path)
            .map(|(_, t, _)| *t)
            .collect()
    }

    /// Headers of the last request to this path.
    pub fn last_headers(&self, path: &str) -> HashMap<String, String> {
        let hits = self.state.hits.lock().unwrap();
        hits.iter()
            .rev()
            .find(|(p, ..)| p == path)
            .map(|(.., h)| h.clone())
            .unwrap_or_default()
    }

    /// All paths requested, in order.
    pub fn paths(&self) -> Vec<String> {
        self.state
            .hits
            .lock()
            .unwrap()
            .iter()
            .map(|(p, ..)| p.clone())
            .collect()
    }

    /// TCP connections accepted so far (a refused request opens none).
    pub fn connections(&self) -> usize {
        self.state.accepted.load(Ordering::SeqCst)
    }

    pub fn max_inflight(&self) -> usize {
        self.state.max_inflight.load(Ordering::SeqCst)
    }
}

async fn serve(mut stream: TcpStream, st: Arc<State>, handler: Handler) {
    let mut buf = Vec::new();
    let mut tmp = [0u8; 4096];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut tmp).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&tmp[..n]),
        }
    }
    let head = String::from_utf8_lossy(&buf).to_string();
    let mut lines = head.split("\r\n");
    let path = lines
        .next()
        .unwrap_or("")
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_string();
    let headers: HashMap<String, String> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let n = {
        let mut hits = st.hits.lock().unwrap();
        hits.push((path.clone(), Instant::now(), headers.clone()));
        hits.iter().filter(|(p, ..)| *p == path).count()
    };
    let now = st.inflight.fetch_add(1, Ordering::SeqCst) + 1;
    st.max_inflight.fetch_max(now, Ordering::SeqCst);
    let reply = handler(&Req { path, headers, n });
    respond(&mut stream, reply).await;
    st.inflight.fetch_sub(1, Ordering::SeqCst);
}

fn head(status: u16, headers: &[(String, String)], len: Option<usize>) -> Vec<u8> {
    let mut h = Vec::new();
    write!(h, "HTTP/1.1 {status} Test\r\nConnection: close\r\n").unwrap();
    if let Some(len) = len.filter(|_| {
        !headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("content-length"))
    }) {
        write!(h, "Content-Length: {len}\r\n").unwrap();
    }
    for (k, v) in headers {
        write!(h, "{k}: {v}\r\n").unwrap();
    }
    h.extend_from_slice(b"\r\n");
    h
}

#[allow(deprecated)]
fn reset(stream: &TcpStream) {
    let _ = stream.set_linger(Some(Duration::ZERO));
}

async fn respond(stream: &mut TcpStream, reply: Reply) {
    match reply {
        Reply::Full {
            status,
            headers,
            body,
        } => {
            let mut out = head(status, &headers, Some(body.len()));
            out.extend_from_slice(&body);
            let _ = stream.write_all(&out).await;
            let _ = stream.shutdown().await;
        }
        Reply::Reset => reset(stream),
        Reply::ResetMidBody { declared, sent } => {
            let h = [("Content-Type".to_string(), "text/html".to_string())];
            let mut out = head(200, &h, Some(declared));
            out.extend_from_slice(&sent);
            let _ = stream.write_all(&out).await;
            let _ = stream.flush().await;
            tokio::time::sleep(Duration::from_millis(20)).await;
            reset(stream);
        }
        Reply::Hang => tokio::time::sleep(Duration::from_secs(30)).await,
        Reply::Drip {
            chunk,
            every,
            count,
        } => {
            let h = [("Content-Type".to_string(), "text/html".to_string())];
            if stream
                .write_all(&head(200, &h, Some(chunk.len() * count)))
                .await
                .is_err()
            {
                return;
            }
            for _ in 0..count {
                tokio::time::sleep(every).await;
                if stream.write_all(&chunk).await.is_err() {
                    return;
                }
            }
        }
        Reply::Stall { declared, sent } => {
            let h = [("Content-Type".to_string(), "text/html".to_string())];
            let mut out = head(200, &h, Some(declared));
            out.extend_from_slice(&sent);
            let _ = stream.write_all(&out).await;
            let _ = stream.flush().await;
            tokio::time::sleep(Duration::from_secs(30)).await;
        }
        Reply::Endless { chunk } => {
            let h = [("Content-Type".to_string(), "text/html".to_string())];
            if stream.write_all(&head(200, &h, None)).await.is_err() {
                return;
            }
            while stream.write_all(&chunk).await.is_ok() {}
        }
    }
}
