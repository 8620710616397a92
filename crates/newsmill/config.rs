//! The config file: one TOML document combining each stage's config
//! (`[fetch]`, `[scrape]`, `[tag]`, `[export]`, `[[sources]]`) with the
//! orchestrator's own tables (`[state]`, `[output]`, `[demo]`).
//!
//! Loading is two-stage: [`ConfigFile::read`] parses and validates the file into
//! plain data (errors name the file, line and key), and [`ConfigFile::resolve`]
//! layers the environment and flags on top and resolves paths. Relative paths in
//! the file (watch-list, demo site, archive sources) are relative to the config
//! file; the output folder and state store are relative to the working directory.

use std::ops::Range;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use newsmill_export::ExportConfig;
use newsmill_fetch::{FetchConfig, SourceConfig};
use newsmill_scrape::ScrapeConfig;
use serde::Deserialize;

use crate::args::Locations;
use newsmill_run::OutputOptions;

/// The placeholder in source URLs replaced by the demo server's base URL.
pub const DEMO_PLACEHOLDER: &str = "{demo}";

/// The config file as written.
#[derive(Debug, Default, Deserialize)]
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
    /// Serve a bundled site from an in-process localhost server.
    pub demo: Option<DemoSection>,
}

/// `[tag]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TagSection {
    /// Watch-list file (see `config/entities.toml`), relative to the config file.
    pub watchlist: Option<PathBuf>,
}

/// `[state]`.
#[derive(Debug, Default, Deserialize)]
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
#[derive(Debug, Deserialize)]
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
    /// Also write `report.html` into each run folder: the HTML report of the
    /// articles the run exported (`newsmill report` makes one for any period).
    #[serde(default)]
    pub report: bool,
}

impl Default for OutputSection {
    fn default() -> Self {
        OutputSection {
            dir: default_output_dir(),
            latest: true,
            warc: false,
            dataset: false,
            report: false,
        }
    }
}

fn default_output_dir() -> PathBuf {
    PathBuf::from("output")
}

const fn default_true() -> bool {
    true
}

/// `[demo]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoSection {
    /// Folder served at the `{demo}` base URL, relative to the config file.
    pub site: PathBuf,
}

/// A config file read and validated, before the environment and flags are layered.
#[derive(Debug)]
pub struct ConfigFile {
    /// The file it was read from.
    pub path: PathBuf,
    /// Its text, with `{demo}` not yet replaced.
    text: String,
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
    /// See [`OutputSection::report`].
    pub report: bool,
    /// See [`OutputSection::warc`].
    pub warc: bool,
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
        };
        file.parse(file.validation_base().as_deref())?;
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
        let mut sources = file.sources;
        for source in &mut sources {
            if let Some(p) = source.path.as_mut() {
                if p.is_relative() {
                    *p = dir.join(&*p);
                }
            }
        }
        let mut names = std::collections::HashSet::new();
        for source in &sources {
            if let Err(err) = source.validate() {
                bail!(
                    "{}{}: {err}",
                    self.path.display(),
                    self.source_line(&source.name)
                );
            }
            if !names.insert(source.name.as_str()) {
                bail!(
                    "{}: key `sources`: two sources are named {:?}; names must be unique",
                    self.path.display(),
                    source.name
                );
            }
        }
        Ok(Config {
            path: self.path.clone(),
            fetch: file.fetch,
            scrape: file.scrape,
            watchlist: file.tag.watchlist.map(|p| dir.join(p)),
            export: file.export,
            sources,
            state_path,
            output_dir,
            revalidate: file.state.revalidate,
            latest_link: file.output.latest,
            dataset: file.output.dataset,
            report: file.output.report,
            warc: file.output.warc,
        })
    }

    /// `:<line>` of the `name = "<name>"` line of a source, when it can be found.
    fn source_line(&self, name: &str) -> String {
        let quoted = toml::Value::String(name.to_string()).to_string();
        self.text
            .lines()
            .position(|l| {
                let l = l.trim();
                l.starts_with("name") && l.ends_with(&quoted)
            })
            .map(|i| format!(":{}", i + 1))
            .unwrap_or_default()
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
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        let err = parse_toml::<FileConfig>(text, Path::new("c.toml")).unwrap_err();
        format!("{err:#}")
    }

    #[test]
    fn unknown_key_names_file_line_and_key() {
        let e = err("[output]\ndir = \"out\"\n\n[state]\npaht = \"x\"\n");
        assert!(e.starts_with("c.toml:5: "), "{e}");
        assert!(e.contains("paht"), "{e}");
    }

    #[test]
    fn wrong_type_names_the_key_path() {
        let e = err("[state]\nrevalidate = \"yes\"\n");
        assert!(e.starts_with("c.toml:2: key `state.revalidate`"), "{e}");
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let e = err("[output]\ndir = \n");
        assert!(e.starts_with("c.toml:2: invalid TOML"), "{e}");
    }

    #[test]
    fn defaults_and_layering() {
        let dir = std::env::temp_dir().join(format!("newsmill-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("c.toml");
        std::fs::write(
            &path,
            "[output]\ndir = \"out\"\n[tag]\nwatchlist = \"w.toml\"\n",
        )
        .unwrap();
        let file = ConfigFile::read(&path).unwrap();
        let config = file.resolve(&Locations::default(), None).unwrap();
        assert_eq!(config.output_dir, PathBuf::from("out"));
        assert_eq!(config.state_path, PathBuf::from("out/state.sqlite"));
        assert_eq!(config.watchlist, Some(dir.join("w.toml")));
        let flags = Locations {
            output: Some("elsewhere".into()),
            state: None,
        };
        let config = file.resolve(&flags, None).unwrap();
        assert_eq!(config.state_path, PathBuf::from("elsewhere/state.sqlite"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn invalid_sources_name_their_line() {
        let dir = std::env::temp_dir().join(format!("newsmill-src-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("c.toml");
        std::fs::write(&path, "[[sources]]\nname = \"a\"\nkind = \"feed\"\n").unwrap();
        let file = ConfigFile::read(&path).unwrap();
        let e = format!(
            "{:#}",
            file.resolve(&Locations::default(), None).unwrap_err()
        );
        assert!(e.contains("c.toml:2: "), "{e}");
        assert!(e.contains("url"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn demo_placeholder_needs_a_demo_table() {
        let dir = std::env::temp_dir().join(format!("newsmill-demo-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("c.toml");
        std::fs::write(
            &path,
            "[[sources]]\nname = \"a\"\nkind = \"feed\"\nurl = \"{demo}/feed.xml\"\n",
        )
        .unwrap();
        let e = format!("{:#}", ConfigFile::read(&path).unwrap_err());
        assert!(e.contains("c.toml:4"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn bundled_configs_parse() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("config");
        for name in ["demo.toml", "belarus-digest.toml"] {
            let file = ConfigFile::read(&root.join(name)).unwrap();
            let base = file
                .demo_site()
                .unwrap()
                .map(|_| "http://127.0.0.1:1".to_string());
            let config = file
                .resolve(&Locations::default(), base.as_deref())
                .unwrap();
            assert!(!config.sources.is_empty(), "{name} has no sources");
        }
    }
}
