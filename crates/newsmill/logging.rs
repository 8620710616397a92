//! Logging: `tracing` events to stderr, as text or JSON lines.
//!
//! The level comes from `-v`/`-q` (default INFO: run totals; per-page events are
//! DEBUG), and `RUST_LOG` overrides it with a full filter
//! (`RUST_LOG=newsmill_fetch=debug`).

use std::io::IsTerminal;

use tracing_subscriber::{fmt, EnvFilter};

use crate::args::LogFormat;

/// Installs the global subscriber. Call once, before anything logs.
pub fn init(format: LogFormat, verbose: u8, quiet: u8) {
    let level = match (verbose, quiet) {
        (0, 0) => "info",
        (1, _) => "debug",
        (v, _) if v >= 2 => "trace",
        (_, 1) => "warn",
        _ => "error",
    };
    let filter = EnvFilter::try_from_default_env()
        // Third-party crates stay at WARN unless RUST_LOG asks for more; html5ever's
        // warnings are notes on a page's markup ("foster parenting"), not on the run.
        .unwrap_or_else(|_| {
            EnvFilter::new(format!(
                "warn,html5ever=error,newsmill={level},newsmill_fetch={level},newsmill_scrape={level},\
                 newsmill_tag={level},newsmill_ner={level},newsmill_export={level},newsmill_run={level}"
            ))
        });
    let builder = fmt()
        .with_env_filter(filter)
        .with_writer(|| crate::progress::LogWriter);
    let result = match format {
        LogFormat::Json => builder
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .try_init(),
        LogFormat::Text => builder
            .with_ansi(std::io::stderr().is_terminal())
            .with_target(false)
            .try_init(),
    };
    // Only fails when a subscriber is already installed (tests); keep that one.
    let _ = result;
}
