//! Shared helpers of the end-to-end tests: a `Workdir` that writes a config and runs
//! the `newsmill` binary in a temporary folder. The fixture site is the run crate's
//! (`crates/run/tests/support/site.rs`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub use crate::site::{Behaviour, Server, Site};

/// A temporary working folder with a config file, where `newsmill` runs.
pub struct Workdir {
    dir: tempfile::TempDir,
}

impl Workdir {
    pub fn new() -> Workdir {
        Workdir {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file under the workdir.
    pub fn create(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, contents).unwrap();
        path
    }

    /// Writes `newsmill.toml` crawling the server's feed and sitemap, politeness
    /// lifted, output in `out/`.
    pub fn config_for(&self, server: &Server) -> PathBuf {
        self.create(
            "newsmill.toml",
            format!(
                r#"[fetch]
user_agent = "newsmill-test"
per_host_delay_secs = 0.0
per_host_concurrency = 4
retries = 2
retry_base_delay_secs = 0.05
retry_max_delay_secs = 0.2
allow_private = true

[output]
dir = "out"

[export]
formats = ["csv", "jsonl"]

[[sources]]
name = "feed"
kind = "feed"
url = "{base}/feed.xml"

[[sources]]
name = "sitemap"
kind = "sitemap"
url = "{base}/sitemap.xml"
"#,
                base = server.base()
            ),
        )
    }

    /// A `newsmill` command running in the workdir.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_newsmill"));
        cmd.current_dir(self.path())
            .args(args)
            .env_remove("RUST_LOG")
            .env_remove("NEWSMILL_OUTPUT")
            .env_remove("NEWSMILL_STATE")
            .env_remove("NEWSMILL_CONFIG");
        cmd
    }

    /// Runs `newsmill` with `args` and returns its output.
    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    /// Runs `newsmill run --config newsmill.toml`, asserting exit 0.
    pub fn crawl(&self) -> Output {
        let out = self.run(&["run", "--config", "newsmill.toml"]);
        assert!(
            out.status.success(),
            "newsmill run failed:\n{}",
            stderr(&out)
        );
        out
    }

    /// Every `articles.csv` row of every run folder under `out/`.
    pub fn all_exported(&self) -> Vec<HashMap<String, String>> {
        let mut rows = Vec::new();
        for entry in std::fs::read_dir(self.path().join("out")).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.starts_with('2') && path.join("articles.csv").exists() {
                rows.extend(self.csv(&path.join("articles.csv")));
            }
        }
        rows
    }

    /// The newest run folder with articles (`out/latest`).
    pub fn latest(&self) -> PathBuf {
        self.link("latest")
    }

    /// The newest run folder, whatever it holds (`out/last-run`).
    pub fn last_run(&self) -> PathBuf {
        self.link("last-run")
    }

    fn link(&self, name: &str) -> PathBuf {
        let link = self.path().join("out").join(name);
        let target = std::fs::read_link(&link)
            .unwrap_or_else(|e| panic!("out/{name} is not a symlink: {e}"));
        self.path().join("out").join(target)
    }

    /// The rows of a CSV file as maps from column name to value.
    pub fn csv(&self, path: &Path) -> Vec<HashMap<String, String>> {
        csv::Reader::from_path(path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
            .deserialize()
            .map(|r| r.unwrap())
            .collect()
    }

    /// Runs the bundled demo (`config/demo.toml`) into `out/`, asserting that
    /// it succeeds, and returns the run folder.
    pub fn run_demo(&self) -> PathBuf {
        let config = demo_config();
        let out = self.run(&["run", "--config", &config, "--output", "out"]);
        assert!(out.status.success(), "{}", stderr(&out));
        self.latest()
    }

    /// `run.json` of a run folder.
    pub fn run_json(&self, dir: &Path) -> serde_json::Value {
        let text = std::fs::read_to_string(dir.join("run.json")).unwrap();
        serde_json::from_str(&text).unwrap()
    }
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The bundled demo's config file.
pub fn demo_config() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("config/demo.toml")
        .to_str()
        .unwrap()
        .to_string()
}
