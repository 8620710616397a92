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
    /// Discover, fetch, extract, tag and export the sources of a config file (or of
    /// --feed/--sitemap URLs).
    Run(RunArgs),
    /// Extract (and tag) web pages, HTML files, folders or stdin: one record each.
    Extract(ExtractArgs),
    /// Write a commented config file, finding a site's feeds and sitemaps.
    Init(InitArgs),
    /// Tag CoNLL tokens with the NER model, appending a predicted IOB2 column.
    Tag(TagArgs),
    /// Re-export articles from the state store without fetching anything.
    Export(ExportArgs),
    /// Remove old run folders from the output folder, keeping the newest.
    Prune(PruneArgs),
    /// Work on the jobs of a cluster's runs (`[cluster]` in the config) until
    /// interrupted.
    Worker(WorkerArgs),
    /// Look at a cluster (`[cluster]` in the config).
    #[command(subcommand)]
    Cluster(ClusterCommand),
}

/// `newsmill worker`.
#[derive(Debug, ClapArgs)]
pub struct WorkerArgs {
    /// The config file: `[cluster]`, and the `[fetch]`, `[scrape]` and `[tag]`
    /// settings the worker uses (its `[[sources]]` are not read).
    #[arg(short, long, env = "NEWSMILL_CONFIG")]
    pub config: PathBuf,
    /// Jobs at once (default: `[cluster] worker_jobs`).
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Name in heartbeats and `newsmill cluster status` (default: host-pid).
    #[arg(long)]
    pub id: Option<String>,
}

/// `newsmill cluster`.
#[derive(Debug, Subcommand)]
pub enum ClusterCommand {
    /// Queue depth, jobs in flight, coordinator, workers seen and per-host
    /// politeness and back-off.
    Status(ClusterStatusArgs),
}

/// `newsmill cluster status`.
#[derive(Debug, ClapArgs)]
pub struct ClusterStatusArgs {
    /// The config file with the `[cluster]` section.
    #[arg(short, long, env = "NEWSMILL_CONFIG")]
    pub config: PathBuf,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
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
    /// The config file (TOML); optional with --feed or --sitemap.
    #[arg(short, long, env = "NEWSMILL_CONFIG", required_unless_present_any = ["feed", "sitemap"])]
    pub config: Option<PathBuf>,
    #[command(flatten)]
    pub quick: QuickSources,
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
    /// Discover and print the URLs that would be fetched, then stop: nothing is
    /// written (no state store, no output folder); the store is only read.
    #[arg(long)]
    pub dry_run: bool,
}

/// Sources given on the command line, for a one-off crawl without a config file
/// (or with a config's settings but other sources).
#[derive(Debug, Default, ClapArgs)]
pub struct QuickSources {
    /// Crawl this RSS, Atom or JSON feed (repeatable); replaces the config's
    /// `[[sources]]`.
    #[arg(long, value_name = "URL")]
    pub feed: Vec<String>,
    /// Crawl this XML sitemap or sitemap index (repeatable); replaces the config's
    /// `[[sources]]`.
    #[arg(long, value_name = "URL")]
    pub sitemap: Vec<String>,
    /// Let the --feed/--sitemap URLs reach their own host at a loopback or private
    /// address (a site on this machine or an intranet); other private addresses stay
    /// refused.
    #[arg(long)]
    pub allow_private: bool,
    /// Contact URL or e-mail for the User-Agent, so site operators can reach you
    /// (default: `[fetch] contact`).
    #[arg(long, value_name = "URL")]
    pub contact: Option<String>,
}

/// `newsmill prune`.
#[derive(Debug, ClapArgs)]
pub struct PruneArgs {
    /// The config file whose output folder to prune.
    #[arg(short, long, env = "NEWSMILL_CONFIG")]
    pub config: PathBuf,
    #[command(flatten)]
    pub locations: Locations,
    /// How many run folders to keep, the newest (default: `[output] keep_runs`).
    /// The one `latest` points to is never removed.
    #[arg(long)]
    pub keep: Option<usize>,
}

/// `newsmill extract`.
#[derive(Debug, ClapArgs)]
pub struct ExtractArgs {
    /// What to extract: `http(s)://` URLs (fetched politely, robots.txt obeyed),
    /// HTML files (plain or `.html.gz`), folders (their `.html`, `.htm` and
    /// `.html.gz` files, recursively, in name order) and `-` for HTML on stdin.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<String>,
    /// Output format: `jsonl` (one record per line, the `articles.jsonl` record),
    /// `json` (one array), `csv` (the `articles` table), `markdown` (title, byline,
    /// headings, lists, quotations) or `text` (the body alone).
    #[arg(short, long, value_enum, default_value_t = ExtractFormat::Jsonl)]
    pub format: ExtractFormat,
    /// Write to this file instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Let URLs given here reach their host at a loopback or private address (a page
    /// on this machine or an intranet); only those hosts, not where they redirect.
    #[arg(long)]
    pub allow_private: bool,
    /// The page's URL for files and stdin (resolves relative links and is recorded
    /// as the article URL; default: the file's `file://` URL).
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
    /// Take fetch settings (`[fetch]`), site profiles (`[scrape]`), the watch-list
    /// (`[tag]`) and CSV options (`[export.csv]`) from this config.
    #[arg(short, long)]
    pub config: Option<PathBuf>,
    /// Inputs processed in parallel (output order is always the input order).
    #[arg(short, long, default_value_t = 1)]
    pub jobs: usize,
}

/// Output formats of `newsmill extract`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExtractFormat {
    /// One JSON record per line (the `articles.jsonl` record).
    Jsonl,
    /// One JSON array of records.
    Json,
    /// The `articles` table, one row per page.
    Csv,
    /// Title, byline and body with headings, lists and quotations.
    Markdown,
    /// The body alone.
    Text,
}

/// `newsmill init`.
#[derive(Debug, ClapArgs)]
pub struct InitArgs {
    /// The site's home page: its feeds (`<link rel="alternate">`) and sitemaps
    /// (robots.txt `Sitemap:` lines, else `/sitemap.xml`) become the config's sources.
    #[arg(long, value_name = "URL")]
    pub site: Option<String>,
    /// The config file to write.
    #[arg(short, long, default_value = "newsmill.toml")]
    pub config: PathBuf,
    /// Replace the file when it exists.
    #[arg(long)]
    pub force: bool,
    /// Let the site's own host be reached at a loopback or private address.
    #[arg(long)]
    pub allow_private: bool,
    /// Contact URL or e-mail for the User-Agent, written as `[fetch] contact`.
    #[arg(long, value_name = "URL")]
    pub contact: Option<String>,
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
    fn run_needs_a_config_or_a_source_flag() {
        assert!(Args::try_parse_from(["newsmill", "run"]).is_err());
        let args = Args::try_parse_from([
            "newsmill",
            "run",
            "--feed",
            "https://e.com/f",
            "--output",
            "o",
        ])
        .unwrap();
        let Command::Run(run) = args.command else {
            panic!("expected run");
        };
        assert!(run.config.is_none());
        assert_eq!(run.quick.feed, ["https://e.com/f"]);
        assert_eq!(
            run.locations.output.as_deref(),
            Some(std::path::Path::new("o"))
        );
    }

    #[test]
    fn clap_definition_is_consistent() {
        use clap::CommandFactory;
        Args::command().debug_assert();
    }
}
