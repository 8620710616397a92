//! Runs the lifecycle in-process: open the store for a run, crawl, export, finish;
//! the same calls, in the same order, as the binary's `run` command.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use newsmill_export::ExportConfig;
use newsmill_fetch::{FetchConfig, Fetcher, SourceConfig};
use newsmill_records::Run;
use newsmill_run::{
    crawl, crawl_staged, export_report, export_staged, fresh_run_id, open_for_run, CpuTimes,
    CrawlOptions, CrawlStats, NoProgress, OutputOptions, RunError, RunReport, RunStatus, Stages,
    Staging, State,
};
use newsmill_scrape::Extractor;
use newsmill_tag::{Tagger, Watchlist};
use tokio_util::sync::CancellationToken;

use super::site::Server;

/// The tagger, loaded once per test binary (it takes a moment unoptimised).
pub fn tagger() -> Arc<Tagger> {
    static TAGGER: OnceLock<Arc<Tagger>> = OnceLock::new();
    TAGGER
        .get_or_init(|| Arc::new(Tagger::builtin(Watchlist::default()).unwrap()))
        .clone()
}

/// Fetch settings for the fixture server: politeness lifted, quick retries,
/// loopback allowed.
pub fn fetch_config() -> FetchConfig {
    toml::from_str(
        r#"user_agent = "newsmill-test"
per_host_delay_secs = 0.0
per_host_concurrency = 4
retries = 2
retry_base_delay_secs = 0.05
retry_max_delay_secs = 0.2
allow_private = true
"#,
    )
    .unwrap()
}

/// A `[[sources]]` entry.
pub fn source(name: &str, kind: &str, location: &str) -> SourceConfig {
    let key = if kind == "folder" || kind == "warc" {
        "path"
    } else {
        "url"
    };
    let text = format!(
        "name = {name:?}\nkind = {kind:?}\n{key} = {}\n",
        toml::Value::String(location.to_string())
    );
    toml::from_str(&text).unwrap()
}

/// The fixture server's feed and sitemap, in that order.
pub fn site_sources(server: &Server) -> Vec<SourceConfig> {
    vec![
        source("feed", "feed", &format!("{}/feed.xml", server.base())),
        source(
            "sitemap",
            "sitemap",
            &format!("{}/sitemap.xml", server.base()),
        ),
    ]
}

/// How one run goes.
#[derive(Clone, Default)]
pub struct RunSettings {
    /// Export every article's latest revision, not only what is new.
    pub full: bool,
    /// Conditional GET for every known URL.
    pub revalidate: bool,
    /// Cancel the crawl with this token (a test cancels it mid-run).
    pub cancel: Option<CancellationToken>,
}

/// A finished run: its summary and folder.
pub struct Finished {
    pub run: Run,
    /// Its `run.json`.
    pub report: RunReport,
    pub dir: PathBuf,
    /// Exports of an interrupted run this one rolled back on opening the store.
    pub rolled_back: usize,
}

/// A temporary output folder and state store, and the sources to crawl.
pub struct Runner {
    /// Removed when the runner is dropped.
    _dir: tempfile::TempDir,
    pub sources: Vec<SourceConfig>,
    pub output: OutputOptions,
}

impl Runner {
    /// A runner over `sources`, writing CSV and JSONL into `<tmp>/out`.
    pub fn new(sources: Vec<SourceConfig>) -> Runner {
        let dir = tempfile::tempdir().unwrap();
        let output = OutputOptions {
            dir: dir.path().join("out"),
            export: toml::from_str::<ExportConfig>("formats = [\"csv\", \"jsonl\"]").unwrap(),
            latest_link: true,
            dataset: false,
            warc: false,
        };
        Runner {
            _dir: dir,
            sources,
            output,
        }
    }

    /// The state store's file.
    pub fn state_path(&self) -> PathBuf {
        self.output.dir.join("state.sqlite")
    }

    /// One run with default settings; panics on error.
    pub fn run(&self) -> Finished {
        self.run_with(RunSettings::default()).unwrap()
    }

    /// One run: open the store, crawl, export, finish.
    pub fn run_with(&self, settings: RunSettings) -> Result<Finished, RunError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(self.run_async(settings))
    }

    async fn run_async(&self, settings: RunSettings) -> Result<Finished, RunError> {
        let full = settings.full;
        let cpu = CpuTimes::starting_now();
        let cancel = settings.cancel.clone().unwrap_or_default();
        let (mut state, run, stats, staging, rolled_back) = self.crawl_async(settings).await?;
        let status = RunStatus::judge(&run, cancel.is_cancelled(), 0.1);
        let mut report = RunReport::new(run, status);
        report.cpu = cpu;
        report.add_crawl(&stats, &[]);
        // As the binary does: the export written during the crawl, unless `full`.
        let dir = match staging {
            Some(staging) => export_staged(&mut state, &self.output, &mut report, staging)?,
            None => export_report(&mut state, &self.output, &mut report, full)?,
        };
        state.end_run(&report)?;
        Ok(Finished {
            run: report.run.clone(),
            report,
            dir,
            rolled_back,
        })
    }

    /// The first half of a run: open the store, crawl; then stop as a run killed
    /// before its export would. Returns the store and the run so far.
    pub fn crawl_only(&self) -> (State, Run) {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let settings = RunSettings {
            full: true,
            ..RunSettings::default()
        };
        let (state, run, _, _, _) = runtime.block_on(self.crawl_async(settings)).unwrap();
        (state, run)
    }

    async fn crawl_async(
        &self,
        settings: RunSettings,
    ) -> Result<(State, Run, CrawlStats, Option<Staging>, usize), RunError> {
        let opened = open_for_run(&self.state_path(), &self.output)?;
        let mut state = opened.state;
        let tagger = tagger();
        let stages = Stages {
            fetcher: Arc::new(Fetcher::new(fetch_config()).unwrap()),
            extractor: Arc::new(Extractor::new(Default::default()).unwrap()),
            tagger: tokio::spawn(async move { Ok(tagger) }),
        };
        let run_id = fresh_run_id(&state, &self.output.dir).await?;
        let mut run = Run::begin(run_id.clone(), "test", chrono::Utc::now());
        state.begin_run(&run)?;
        let options = CrawlOptions {
            warc: self.output.warc_file(&run_id),
            run_id,
            revalidate: settings.revalidate,
            cancel: settings.cancel.unwrap_or_default(),
            progress: Arc::new(NoProgress),
        };
        let crawl = if settings.full {
            crawl(&self.sources, stages, state, options).await?
        } else {
            let staging = Staging::start(&self.output, &run.run_id)?;
            crawl_staged(&self.sources, stages, state, options, staging).await?
        };
        run.sources = crawl.sources;
        run.failures = crawl.failures;
        Ok((
            crawl.state,
            run,
            crawl.stats,
            crawl.staging,
            opened.rolled_back,
        ))
    }

    /// The first half of a run that writes its export as it crawls: open the store,
    /// crawl into the staging folder; then stop as a run killed before its export
    /// would (the staging folder's files stay). Returns the staging folder.
    pub fn crawl_leaving_staging(&self) -> PathBuf {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let (_, run, _, staging, _) = runtime
            .block_on(self.crawl_async(RunSettings::default()))
            .unwrap();
        // A killed process runs no destructor: its temporary files stay.
        std::mem::forget(staging.expect("a staged crawl"));
        self.output.dir.join(format!(".{}.tmp", run.run_id))
    }

    /// Opens the state store (no lock).
    pub fn state(&self) -> State {
        State::open(&self.state_path()).unwrap()
    }

    /// Every `articles.csv` row of every run folder.
    pub fn all_exported(&self) -> Vec<HashMap<String, String>> {
        let mut rows = Vec::new();
        for entry in std::fs::read_dir(&self.output.dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.starts_with('2') && path.join("articles.csv").exists() {
                rows.extend(csv_rows(&path.join("articles.csv")));
            }
        }
        rows
    }
}

impl Finished {
    /// The rows of this run's `articles.csv`.
    pub fn articles(&self) -> Vec<HashMap<String, String>> {
        csv_rows(&self.dir.join("articles.csv"))
    }

    /// A per-source total summed over the sources.
    pub fn total(&self, of: fn(&newsmill_records::SourceSummary) -> u64) -> u64 {
        self.run.sources.iter().map(of).sum()
    }
}

/// The rows of a CSV file as maps from column name to value.
pub fn csv_rows(path: &Path) -> Vec<HashMap<String, String>> {
    csv::Reader::from_path(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
        .deserialize()
        .map(|r| r.unwrap())
        .collect()
}
