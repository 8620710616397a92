//! Command-line flags (clap derive). Runtime-only switches live here, never in the
//! config file; the few settings that can also come from the file (output folder,
//! state store) are layered file → environment (`NEWSMILL_*`) → flag.

use std::path::PathBuf;

use clap::{Args as ClapArgs, Parser, Subcommand, ValueEnum};

/// Turns news and analysis websites into analysis-ready tables.
#[derive(Debug, Parser)]
#[command(name = "newsmill", version, about, propagate_version = true)]
pub struct Args {
    /// Log format on stderr.
    #[arg(long, value_enum, default_value_t = LogFormat::Text, global = true, env = "NEWSMILL_LOG_FORMAT")]
    pub log_format: LogFormat,
    /// More logging (-v: debug, -vv: trace). `RUST_LOG` overrides both -v and -q.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    /// Less logging (-q: warnings and errors only, -qq: errors only).
    #[arg(short, long, action = clap::ArgAction::Count, global = true, conflicts_with = "verbose")]
    pub quiet: u8,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Log formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// Subcommands, one file each under `commands/`.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Discover, fetch, extract, tag and export the sources of a config file.
    Run(RunArgs),
    /// Extract (and tag) local HTML files, printing one JSON line per file.
    Extract(ExtractArgs),
    /// Tag CoNLL tokens with the NER model, appending a predicted IOB2 column.
    Tag(TagArgs),
    /// Re-export articles from the state store without fetching anything.
    Export(ExportArgs),
    /// Write an HTML report of the stored articles (one self-contained file).
    Report(ReportArgs),
}

/// Where the state store and outputs live; overrides the config file.
#[derive(Debug, Default, ClapArgs)]
pub struct Locations {
    /// Output folder (default: `[output] dir` of the config, else `output/`).
    #[arg(long, env = "NEWSMILL_OUTPUT")]
    pub output: Option<PathBuf>,
    /// State store file (default: `[state] path` of the config, else
    /// `<output>/state.sqlite`).
    #[arg(long, env = "NEWSMILL_STATE")]
    pub state: Option<PathBuf>,
}

/// `newsmill run`.
#[derive(Debug, ClapArgs)]
pub struct RunArgs {
    /// The config file (TOML).
    #[arg(short, long, env = "NEWSMILL_CONFIG")]
    pub config: PathBuf,
    #[command(flatten)]
    pub locations: Locations,
    /// Export every article in the store (latest revision of each), not only the
    /// ones no earlier run exported.
    #[arg(long)]
    pub full: bool,
    /// Revalidate every known URL with a conditional GET (ETag / Last-Modified),
    /// even when its source does not say it changed.
    #[arg(long)]
    pub revalidate: bool,
    /// Read pages from this WARC file instead of the config's sources (re-extract a
    /// recorded crawl without fetching).
    #[arg(long, value_name = "WARC")]
    pub from_warc: Option<PathBuf>,
    /// Discover and print the URLs that would be fetched, then stop (nothing stored).
    #[arg(long)]
    pub dry_run: bool,
}

/// `newsmill extract`.
#[derive(Debug, ClapArgs)]
pub struct ExtractArgs {
    /// HTML files, plain or gzip-compressed (`.html.gz`).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The page's URL (resolves relative links and is recorded as the article URL;
    /// default: the file's `file://` URL).
    #[arg(long, conflicts_with = "urls")]
    pub url: Option<String>,
    /// A JSON object mapping file ids (see above) to page URLs, either `{id: url}` or
    /// `{id: {"url": url, ...}}` as benchmark ground-truth files are; files not
    /// listed get their `file://` URL.
    #[arg(long, value_name = "FILE")]
    pub urls: Option<PathBuf>,
    /// Skip tagging: print the article fields only.
    #[arg(long)]
    pub no_tag: bool,
    /// Take site profiles (`[scrape]`) and the watch-list (`[tag]`) from this config.
    #[arg(short, long)]
    pub config: Option<PathBuf>,
    /// Files processed in parallel (output order is always the input order).
    #[arg(short, long, default_value_t = 1)]
    pub jobs: usize,
}

/// `newsmill tag`.
#[derive(Debug, ClapArgs)]
pub struct TagArgs {
    /// CoNLL file to tag (`-` for stdin); the result goes to stdout.
    #[arg(long, value_name = "FILE")]
    pub conll: PathBuf,
    /// Print counts and timings (model load, tagging) as one JSON line on stderr.
    #[arg(long)]
    pub stats: bool,
}

/// `newsmill export`.
#[derive(Debug, ClapArgs)]
pub struct ExportArgs {
    /// The config file whose state store to read (also gives `[export]` options).
    #[arg(short, long, env = "NEWSMILL_CONFIG")]
    pub config: PathBuf,
    #[command(flatten)]
    pub locations: Locations,
    /// Formats to write, comma-separated (default: `[export] formats`).
    #[arg(long, value_delimiter = ',', value_parser = parse_format)]
    pub format: Vec<newsmill_export::Format>,
    /// Only articles published on or after this date (YYYY-MM-DD); articles with no
    /// publication date are filtered on their fetch date.
    #[arg(long, value_parser = parse_date)]
    pub since: Option<chrono::NaiveDate>,
    /// Folder to write into (default: `<output>/export-<id>`).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// `newsmill report`.
#[derive(Debug, ClapArgs)]
pub struct ReportArgs {
    /// The config file whose state store to read.
    #[arg(short, long, env = "NEWSMILL_CONFIG")]
    pub config: PathBuf,
    #[command(flatten)]
    pub locations: Locations,
    /// Only articles published on or after this date (YYYY-MM-DD); articles with no
    /// publication date are filtered on their fetch date.
    #[arg(long, value_parser = parse_date)]
    pub since: Option<chrono::NaiveDate>,
    /// Only articles published on or before this date (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    pub until: Option<chrono::NaiveDate>,
    /// Only articles of this source (its `name` in the config).
    #[arg(long)]
    pub source: Option<String>,
    /// The HTML file to write (default: `<output>/report.html`).
    #[arg(short = 'o', long = "out", value_name = "FILE")]
    pub out: Option<PathBuf>,
}

fn parse_format(s: &str) -> Result<newsmill_export::Format, String> {
    use newsmill_export::Format;
    match s.trim().to_ascii_lowercase().as_str() {
        "csv" => Ok(Format::Csv),
        "jsonl" | "json" => Ok(Format::Jsonl),
        "xlsx" => Ok(Format::Xlsx),
        "parquet" => Ok(Format::Parquet),
        other => Err(format!(
            "unknown format {other:?} (expected csv, jsonl, xlsx or parquet)"
        )),
    }
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| format!("{s:?} is not a YYYY-MM-DD date: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_parse() {
        let args = Args::parse_from([
            "newsmill",
            "export",
            "-c",
            "x.toml",
            "--format",
            "csv,parquet",
            "--since",
            "2020-01-01",
        ]);
        let Command::Export(export) = args.command else {
            panic!("expected export");
        };
        assert_eq!(export.format.len(), 2);
        assert_eq!(export.since.unwrap().to_string(), "2020-01-01");
        assert!(
            Args::try_parse_from(["newsmill", "export", "-c", "x", "--format", "pdf"]).is_err()
        );
    }

    #[test]
    fn report_flags_parse() {
        let args = Args::parse_from([
            "newsmill",
            "report",
            "-c",
            "x.toml",
            "--since",
            "2024-03-01",
            "--until",
            "2024-03-31",
            "--source",
            "wire",
            "-o",
            "r.html",
        ]);
        let Command::Report(report) = args.command else {
            panic!("expected report");
        };
        assert_eq!(report.since.unwrap().to_string(), "2024-03-01");
        assert_eq!(report.until.unwrap().to_string(), "2024-03-31");
        assert_eq!(report.source.as_deref(), Some("wire"));
        assert_eq!(report.out.unwrap(), PathBuf::from("r.html"));
        assert!(
            Args::try_parse_from(["newsmill", "report", "-c", "x", "--since", "March"]).is_err()
        );
    }

    #[test]
    fn clap_definition_is_consistent() {
        use clap::CommandFactory;
        Args::command().debug_assert();
    }
}
