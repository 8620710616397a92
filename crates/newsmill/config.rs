//! The config file: one TOML document combining each stage's config
//! (`[fetch]`, `[scrape]`, `[tag]`, `[export]`, `[[sources]]`) with the
//! orchestrator's own tables (`[state]`, `[output]`, `[run]`, `[demo]`).
//!
//! Loading is two-stage: [`ConfigFile::read`] parses and validates the file into
//! plain data (errors name the file, line and key, for values out of range too:
//! `config/validate.rs`), and [`ConfigFile::resolve`] layers the environment and
//! flags on top and resolves paths. Relative paths in the file (watch-list, demo
//! site, archive sources) are relative to the config file; the output folder and
//! state store are relative to the working directory. `newsmill run --feed URL`
//! needs no file at all ([`ConfigFile::for_run`]). Every key is documented in
//! `CONFIG.md`, which a test checks against these types.

mod locate;
#[cfg(test)]
mod reference;
mod validate;

use std::ops::Range;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use newsmill_export::ExportConfig;
use newsmill_fetch::{FetchConfig, SourceConfig, SourceKind};
use newsmill_scrape::ScrapeConfig;
use serde::{Deserialize, Serialize};

use crate::args::{Locations, QuickSources};
use newsmill_cluster::ClusterConfig;
use newsmill_run::OutputOptions;

/// What a config made from flags alone is called in messages and in `runs.config`.
pub const NO_FILE: &str = "(command line)";

/// The placeholder in source URLs replaced by the demo server's base URL.
pub const DEMO_PLACEHOLDER: &str = "{demo}";

/// The config file as written.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    /// Politeness, timeouts and caps for all fetching.
    #[serde(default)]
    pub fetch: FetchConfig,
    /// Extraction settings and site profiles.
    #[serde(default)]
    pub scrape: ScrapeConfig,
    /// Tagging settings.
    #[serde(default)]
    pub tag: TagSection,
    /// Export formats and options.
    #[serde(default)]
    pub export: ExportConfig,
    /// Where articles come from.
    #[serde(default)]
    pub sources: Vec<SourceConfig>,
    /// The state store.
    #[serde(default)]
    pub state: StateSection,
    /// The output folder.
    #[serde(default)]
    pub output: OutputSection,
    /// How a run is judged.
    #[serde(default)]
    pub run: RunSection,
    /// Serve a bundled site from an in-process localhost server.
    pub demo: Option<DemoSection>,
    /// Run on several machines: `newsmill run` coordinates, `newsmill worker`
    /// works (see README, "Running on several machines").
    pub cluster: Option<ClusterConfig>,
}

/// `[tag]`.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TagSection {
    /// Watch-list file (see `config/entities.toml`), relative to the config file.
    pub watchlist: Option<PathBuf>,
}

/// `[state]`.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StateSection {
    /// SQLite file (default `<output dir>/state.sqlite`).
    pub path: Option<PathBuf>,
    /// Revalidate every known URL with a conditional GET on each run, instead of
    /// only those whose feed or sitemap date says they changed.
    #[serde(default)]
    pub revalidate: bool,
}

/// `[output]`.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OutputSection {
    /// Output folder (default `output`).
    #[serde(default = "default_output_dir")]
    pub dir: PathBuf,
    /// Keep `<dir>/latest` pointing at the newest run folder.
    #[serde(default = "default_true")]
    pub latest: bool,
    /// Keep every fetched page in `<dir>/warc/<run-id>.warc.gz`, so a run can be
    /// extracted again later without fetching (`newsmill run --from-warc FILE`).
    #[serde(default)]
    pub warc: bool,
    /// Also add each run's tables to the cumulative, run-partitioned
    /// `<dir>/dataset/<format>/<table>/run=<id>/` (CSV, JSONL and Parquet files).
    #[serde(default)]
    pub dataset: bool,
    /// Keep only this many run folders (the newest; never the one `latest` points
    /// to): after each run, older ones are removed, as `newsmill prune` does.
    /// Default: keep every run folder.
    pub keep_runs: Option<usize>,
}

impl Default for OutputSection {
    fn default() -> Self {
        OutputSection {
            dir: default_output_dir(),
            latest: true,
            warc: false,
            dataset: false,
            keep_runs: None,
        }
    }
}

/// `[run]`: how a finished run is judged (its `status` in `run.json` and its exit
/// status).
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RunSection {
    /// The share of the pages tried (0 to 1) that may fail before a run counts as
    /// `partial` (exit status 3) instead of `finished` (exit status 0).
    #[serde(default = "default_max_failed_share")]
    pub max_failed_share: f64,
}

impl Default for RunSection {
    fn default() -> Self {
        RunSection {
            max_failed_share: default_max_failed_share(),
        }
    }
}

const fn default_max_failed_share() -> f64 {
    0.1
}

fn default_output_dir() -> PathBuf {
    PathBuf::from("output")
}

const fn default_true() -> bool {
    true
}

/// `[demo]`.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DemoSection {
    /// Folder served at the `{demo}` base URL, relative to the config file.
    pub site: PathBuf,
}

/// A config file read and validated, before the environment and flags are layered.
#[derive(Debug)]
pub struct ConfigFile {
    /// The file it was read from ([`NO_FILE`] for a config made from flags).
    pub path: PathBuf,
    /// Its text, with `{demo}` not yet replaced.
    text: String,
    /// Sources given as flags, in place of the file's `[[sources]]`.
    sources: Option<Vec<SourceConfig>>,
    /// `--contact`, in place of `[fetch] contact`.
    contact: Option<String>,
}

/// Everything a command needs, resolved.
#[derive(Debug)]
pub struct Config {
    /// The config file.
    pub path: PathBuf,
    /// The stage configs.
    pub fetch: FetchConfig,
    /// Extraction settings.
    pub scrape: ScrapeConfig,
    /// Watch-list file, resolved.
    pub watchlist: Option<PathBuf>,
    /// Export settings.
    pub export: ExportConfig,
    /// Sources, with archive paths resolved.
    pub sources: Vec<SourceConfig>,
    /// SQLite state file.
    pub state_path: PathBuf,
    /// Output folder.
    pub output_dir: PathBuf,
    /// See [`StateSection::revalidate`].
    pub revalidate: bool,
    /// See [`OutputSection::latest`].
    pub latest_link: bool,
    /// See [`OutputSection::dataset`].
    pub dataset: bool,
    /// See [`OutputSection::warc`].
    pub warc: bool,
    /// See [`OutputSection::keep_runs`].
    pub keep_runs: Option<usize>,
    /// See [`RunSection::max_failed_share`].
    pub max_failed_share: f64,
    /// `[cluster]`, with its file paths resolved and checked.
    pub cluster: Option<ClusterConfig>,
}

impl Config {
    /// The output options the run lifecycle needs.
    pub fn output(&self) -> OutputOptions {
        OutputOptions {
            dir: self.output_dir.clone(),
            export: self.export.clone(),
            latest_link: self.latest_link,
            dataset: self.dataset,
            warc: self.warc,
        }
    }
}

impl ConfigFile {
    /// Reads and validates a config file.
    pub fn read(path: &Path) -> Result<ConfigFile> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read config file {}", path.display()))?;
        let file = ConfigFile {
            path: path.to_path_buf(),
            text,
            sources: None,
            contact: None,
        };
        let parsed = file.parse(file.validation_base().as_deref())?;
        validate::check(&parsed, &file.text, &file.path, &file.dir())?;
        Ok(file)
    }

    /// The config of `newsmill run`: the file given with `--config`, or the
    /// defaults when there is none, with the sources given as flags (`--feed`,
    /// `--sitemap`) in place of its `[[sources]]`. Warns when the crawl would
    /// reach sites on the internet with the default contact URL.
    pub fn for_run(config: Option<&Path>, quick: &QuickSources) -> Result<ConfigFile> {
        let mut file = match config {
            Some(path) => ConfigFile::read(path)?,
            None => ConfigFile {
                path: PathBuf::from(NO_FILE),
                text: String::new(),
                sources: None,
                contact: None,
            },
        };
        let flagged = quick.sources()?;
        if !flagged.is_empty() {
            file.sources = Some(flagged);
        } else if quick.allow_private {
            bail!("--allow-private applies to --feed and --sitemap URLs; none was given");
        }
        file.contact = quick.contact.clone();
        let parsed = file.parse(file.validation_base().as_deref())?;
        let contact = file
            .contact
            .as_deref()
            .unwrap_or(parsed.fetch.contact.as_str());
        let sources = file.sources.as_ref().unwrap_or(&parsed.sources);
        if contact == FetchConfig::default().contact {
            if let Some(url) = sources
                .iter()
                .filter_map(|s| s.url.as_deref())
                .find(|u| on_the_internet(u))
            {
                tracing::warn!(
                    %url,
                    "The User-Agent gives newsmill's placeholder contact URL: set `[fetch] contact` (or --contact) to a URL or e-mail where site operators can reach you."
                );
            }
        }
        Ok(file)
    }

    /// A stand-in for the demo server's base URL, so a file using `{demo}` can be
    /// validated before the server runs.
    fn validation_base(&self) -> Option<String> {
        let table: toml::Table = self.text.parse().ok()?;
        table
            .contains_key("demo")
            .then(|| "http://127.0.0.1:9".to_string())
    }

    /// The folder relative paths in the file are resolved against.
    pub fn dir(&self) -> PathBuf {
        match self.path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        }
    }

    /// The demo site folder, when the file has a `[demo]` table.
    pub fn demo_site(&self) -> Result<Option<PathBuf>> {
        let file = self.parse(self.validation_base().as_deref())?;
        Ok(file.demo.map(|d| self.dir().join(d.site)))
    }

    /// Like [`ConfigFile::resolve`], for commands that never start the demo server
    /// (a `{demo}` placeholder is replaced by a stand-in address).
    pub fn resolve_offline(&self, locations: &Locations) -> Result<Config> {
        self.resolve(locations, self.validation_base().as_deref())
    }

    /// Layers the environment and flags over the file; `demo_base` replaces the
    /// `{demo}` placeholder in the file (required when the file uses it).
    pub fn resolve(&self, locations: &Locations, demo_base: Option<&str>) -> Result<Config> {
        let file = self.parse(demo_base)?;
        let dir = self.dir();
        let output_dir = locations.output.clone().unwrap_or(file.output.dir);
        let state_path = locations
            .state
            .clone()
            .or(file.state.path)
            .unwrap_or_else(|| output_dir.join("state.sqlite"));
        let mut sources = self.sources.clone().unwrap_or(file.sources);
        for source in &mut sources {
            if let Some(p) = source.path.as_mut() {
                if p.is_relative() {
                    *p = dir.join(&*p);
                }
            }
        }
        let mut fetch = file.fetch;
        if let Some(contact) = &self.contact {
            fetch.contact = contact.clone();
        }
        let cluster = match file.cluster {
            // Checked by `validate::check` when the file was read.
            Some(mut cluster) => {
                cluster.resolve_paths(&dir);
                Some(cluster)
            }
            None => None,
        };
        Ok(Config {
            cluster,
            path: self.path.clone(),
            fetch,
            scrape: file.scrape,
            watchlist: file.tag.watchlist.map(|p| dir.join(p)),
            export: file.export,
            sources,
            state_path,
            output_dir,
            revalidate: file.state.revalidate,
            latest_link: file.output.latest,
            dataset: file.output.dataset,
            warc: file.output.warc,
            keep_runs: file.output.keep_runs,
            max_failed_share: file.run.max_failed_share,
        })
    }

    fn parse(&self, demo_base: Option<&str>) -> Result<FileConfig> {
        let text = match demo_base {
            Some(base) => self.text.replace(DEMO_PLACEHOLDER, base),
            None => self.text.clone(),
        };
        let file = parse_toml::<FileConfig>(&text, &self.path)?;
        if demo_base.is_some() || file.demo.is_some() {
            return Ok(file);
        }
        if let Some(line) = self
            .text
            .lines()
            .position(|l| !l.trim_start().starts_with('#') && l.contains(DEMO_PLACEHOLDER))
        {
            bail!(
                "{}:{}: `{DEMO_PLACEHOLDER}` is used but the file has no [demo] table",
                self.path.display(),
                line + 1
            );
        }
        Ok(file)
    }
}

/// True when `url` names a host on the internet: not loopback, private or
/// link-local, not `localhost`.
fn on_the_internet(url: &str) -> bool {
    let Ok(url) = url::Url::parse(url) else {
        return false;
    };
    match url.host() {
        Some(url::Host::Ipv4(ip)) => {
            !(ip.is_loopback() || ip.is_private() || ip.is_link_local() || ip.is_unspecified())
        }
        Some(url::Host::Ipv6(ip)) => {
            !(ip.is_loopback()
                || ip.is_unspecified()
                || ip.is_unique_local()
                || ip.is_unicast_link_local())
        }
        Some(url::Host::Domain(d)) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            d != "localhost" && !d.ends_with(".localhost")
        }
        None => false,
    }
}

impl QuickSources {
    /// The `--feed` and `--sitemap` URLs as sources named `<host>-feed`,
    /// `<host>-sitemap` (numbered when a name repeats).
    pub fn sources(&self) -> Result<Vec<SourceConfig>> {
        let mut out: Vec<SourceConfig> = Vec::new();
        let given = self
            .feed
            .iter()
            .map(|u| (SourceKind::Feed, "--feed", u))
            .chain(
                self.sitemap
                    .iter()
                    .map(|u| (SourceKind::Sitemap, "--sitemap", u)),
            );
        for (kind, flag, raw) in given {
            let url = url::Url::parse(raw.trim())
                .ok()
                .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
                .with_context(|| format!("{flag} {raw:?}: not an http(s) URL"))?;
            let stem = format!("{}-{}", url.host_str().unwrap_or("site"), kind.as_str());
            let mut name = stem.clone();
            let mut n = 1;
            while out.iter().any(|s| s.name == name) {
                n += 1;
                name = format!("{stem}-{n}");
            }
            let mut source = SourceConfig::new(&name, kind, url.as_str());
            source.allow_private = self.allow_private;
            out.push(source);
        }
        Ok(out)
    }
}

/// Deserializes `text` as `T`, turning errors into `file:line: key `a.b`: message`.
pub fn parse_toml<T: serde::de::DeserializeOwned>(text: &str, path: &Path) -> Result<T> {
    let de = match toml::Deserializer::parse(text) {
        Ok(de) => de,
        Err(e) => bail!("{}", describe(path, text, e.span(), None, e.message())),
    };
    serde_path_to_error::deserialize(de).map_err(|e| {
        let key = e.path().to_string();
        let inner = e.inner();
        anyhow::anyhow!(
            "{}",
            describe(path, text, inner.span(), Some(&key), inner.message())
        )
    })
}

fn describe(
    path: &Path,
    text: &str,
    span: Option<Range<usize>>,
    key: Option<&str>,
    message: &str,
) -> String {
    let mut out = path.display().to_string();
    if let Some(span) = span {
        let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
        out.push_str(&format!(":{line}"));
    }
    out.push_str(": ");
    match key {
        Some(key) if !key.is_empty() && key != "." => {
            out.push_str(&format!("key `{key}`: "));
        }
        _ => out.push_str("invalid TOML: "),
    }
    out.push_str(message.trim_end());
    out
}

#[cfg(test)]
mod tests;
