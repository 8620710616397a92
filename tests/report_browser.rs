//! The HTML report in a real browser: headless Chromium, driven over the DevTools
//! protocol on a pipe (no debugging port, no extra crate), opens the demo's report
//! and the report of a site with hostile titles, and the test checks that no
//! request left the page (the browser's own network log), nothing was logged to the
//! console (CSP violations included), no script ran that the page did not ship, and
//! the sections and counts are there. A control page with a request and a console
//! error proves the checks see what they look for.
//!
//! Chromium is `$NEWSMILL_CHROMIUM`, else `chromium` on `PATH`. When it is missing
//! these tests print why and pass, unless `NEWSMILL_REQUIRE_CHROMIUM` is set (CI,
//! `.ci/run`), where they fail.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{json, Value};

/// The flags the browser runs with: headless, no sandbox (containers), and none of
/// its own background traffic, so the network log holds only what the page asked.
const FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
];

/// How long one DevTools answer may take before the test gives up (a guard against
/// a hung browser, not a measurement).
const ANSWER: Duration = Duration::from_secs(60);

/// The browser to use, or `None` (after saying so) when there is none and CI did
/// not ask for one.
pub fn chromium() -> Option<PathBuf> {
    let named = std::env::var_os("NEWSMILL_CHROMIUM").map(PathBuf::from);
    let found = named.clone().or_else(|| {
        let path = std::env::var_os("PATH")?;
        std::env::split_paths(&path)
            .flat_map(|dir| ["chromium", "chromium-browser"].map(|n| dir.join(n)))
            .find(|p| p.is_file())
    });
    match found {
        Some(exe) if exe.is_file() => Some(exe),
        _ if std::env::var_os("NEWSMILL_REQUIRE_CHROMIUM").is_some() => panic!(
            "NEWSMILL_REQUIRE_CHROMIUM is set but there is no Chromium ({}): install the \
             Debian package `chromium` or set NEWSMILL_CHROMIUM",
            named.map_or("not on PATH".into(), |p| p.display().to_string())
        ),
        _ => {
            eprintln!("skipped: no Chromium on PATH (set NEWSMILL_CHROMIUM to run this test)");
            None
        }
    }
}

/// A headless Chromium and one DevTools session on the pipe.
pub struct Browser {
    child: Child,
    to: ChildStdin,
    from: mpsc::Receiver<Value>,
    next_id: u64,
    /// Events that arrived while waiting for an answer, oldest first.
    events: Vec<Value>,
    profile: tempfile::TempDir,
}

/// What a page did while it loaded.
#[derive(Debug, Default)]
pub struct Visit {
    /// Every URL the page requested, itself included.
    pub requests: Vec<String>,
    /// Console calls, uncaught exceptions and browser log entries (CSP violations).
    pub messages: Vec<String>,
    /// The DevTools session of the page, for [`Browser::eval`].
    pub session: String,
}

impl Browser {
    /// Starts the browser with a fresh profile. The DevTools pipe is the browser's
    /// descriptors 3 (commands in) and 4 (answers out), wired by `sh` to our pipes.
    pub fn launch(exe: &Path) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let log = std::fs::File::create(profile.path().join("stderr.log")).unwrap();
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(r#"exec "$0" "$@" 3<&0 4>&1 0</dev/null 1>/dev/null"#)
            .arg(exe)
            .args(FLAGS)
            .arg(format!(
                "--user-data-dir={}",
                profile.path().join("profile").display()
            ))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", exe.display()));
        let to = child.stdin.take().unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let (send, from) = mpsc::channel();
        std::thread::spawn(move || loop {
            let mut message = Vec::new();
            match out.read_until(0, &mut message) {
                Ok(0) | Err(_) => break,
                Ok(_) => {
                    message.pop_if(|b| *b == 0);
                    let Ok(value) = serde_json::from_slice(&message) else {
                        continue;
                    };
                    if send.send(value).is_err() {
                        break;
                    }
                }
            }
        });
        Browser {
            child,
            to,
            from,
            next_id: 0,
            events: Vec::new(),
            profile,
        }
    }

    /// The next message from the browser, or a panic naming what was awaited.
    fn receive(&mut self, awaited: &str) -> Value {
        match self.from.recv_timeout(ANSWER) {
            Ok(message) => {
                if message["method"] == "Page.javascriptDialogOpening" {
                    panic!(
                        "the page opened a dialog ({}): a script ran that the page did not ship",
                        message["params"]["message"]
                    );
                }
                message
            }
            Err(e) => panic!(
                "no answer from Chromium while waiting for {awaited} ({e}); its log:\n{}",
                self.log_tail()
            ),
        }
    }

    fn log_tail(&self) -> String {
        let log =
            std::fs::read_to_string(self.profile.path().join("stderr.log")).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(20)..].join("\n")
    }

    /// Sends a command (to a page's session, or the browser) and returns its result.
    pub fn call(&mut self, method: &str, params: Value, session: Option<&str>) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        let mut bytes = serde_json::to_vec(&message).unwrap();
        bytes.push(0);
        self.to.write_all(&bytes).unwrap();
        self.to.flush().unwrap();
        loop {
            let message = self.receive(method);
            if message["id"] == id {
                assert!(
                    message.get("error").is_none(),
                    "{method} failed: {}",
                    message["error"]
                );
                return message["result"].clone();
            }
            self.events.push(message);
        }
    }

    /// Waits for the event `method` of `session`.
    fn wait_for(&mut self, method: &str, session: &str) {
        let seen = |m: &Value| m["method"] == method && m["sessionId"] == session;
        if self.events.iter().any(seen) {
            return;
        }
        loop {
            let message = self.receive(method);
            let done = seen(&message);
            self.events.push(message);
            if done {
                return;
            }
        }
    }

    /// Opens `file` in a new tab of 1200×900 CSS pixels, waits until it has loaded
    /// and painted, and returns what it requested and logged.
    pub fn open(&mut self, file: &Path) -> Visit {
        let target = self.call("Target.createTarget", json!({ "url": "about:blank" }), None);
        let attached = self.call(
            "Target.attachToTarget",
            json!({ "targetId": target["targetId"], "flatten": true }),
            None,
        );
        let session = attached["sessionId"].as_str().unwrap().to_string();
        for domain in ["Page", "Network", "Runtime", "Log"] {
            self.call(&format!("{domain}.enable"), json!({}), Some(&session));
        }
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": 1200, "height": 900, "deviceScaleFactor": 1, "mobile": false }),
            Some(&session),
        );
        let url = format!("file://{}", file.canonicalize().unwrap().display());
        self.call("Page.navigate", json!({ "url": url }), Some(&session));
        self.wait_for("Page.loadEventFired", &session);
        // Two frames after load: late requests and messages have been issued.
        self.eval(
            &session,
            "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))",
        );
        let mut visit = Visit {
            session: session.clone(),
            ..Visit::default()
        };
        for event in self.events.iter().filter(|e| e["sessionId"] == session) {
            let p = &event["params"];
            match event["method"].as_str().unwrap_or("") {
                "Network.requestWillBeSent" => {
                    visit
                        .requests
                        .push(p["request"]["url"].as_str().unwrap_or("").into());
                }
                "Runtime.consoleAPICalled" => visit.messages.push(format!(
                    "console.{}: {}",
                    p["type"].as_str().unwrap_or(""),
                    p["args"]
                )),
                "Runtime.exceptionThrown" => visit
                    .messages
                    .push(format!("exception: {}", p["exceptionDetails"])),
                "Log.entryAdded" => visit.messages.push(format!(
                    "log {}: {}",
                    p["entry"]["level"].as_str().unwrap_or(""),
                    p["entry"]["text"].as_str().unwrap_or("")
                )),
                _ => {}
            }
        }
        visit
    }

    /// Evaluates `expression` in the page (awaiting a promise) and returns its value.
    pub fn eval(&mut self, session: &str, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
            Some(session),
        );
        assert!(
            result.get("exceptionDetails").is_none(),
            "{expression} threw: {}",
            result["exceptionDetails"]
        );
        result["result"]["value"].clone()
    }

    /// A PNG of the whole page, 1200 CSS pixels wide.
    pub fn screenshot(&mut self, session: &str) -> Vec<u8> {
        let shot = self.call(
            "Page.captureScreenshot",
            json!({ "format": "png", "captureBeyondViewport": true }),
            Some(session),
        );
        use base64::Engine;
        base64::engine::general_purpose::STANDARD
            .decode(shot["data"].as_str().unwrap())
            .unwrap()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self
            .to
            .write_all(b"{\"id\":0,\"method\":\"Browser.close\"}\0");
        let _ = self.to.flush();
        for _ in 0..50 {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
