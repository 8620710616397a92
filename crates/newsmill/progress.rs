//! A progress bar for `newsmill run`, drawn on stderr only when stderr is a terminal
//! and logs are text (never in cron, pipes or JSON logs). Log lines are written
//! through [`LogWriter`], which lifts the bar out of the way while a line is printed.

use std::io::{IsTerminal, Write};
use std::sync::OnceLock;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

static BAR: OnceLock<ProgressBar> = OnceLock::new();

/// URLs done out of URLs found; a no-op when disabled.
#[derive(Clone, Default)]
pub struct Progress(Option<ProgressBar>);

impl Progress {
    /// A bar when `wanted` and stderr is a terminal, else a no-op.
    pub fn start(wanted: bool) -> Progress {
        if !wanted || !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let bar = ProgressBar::new(0);
        let style = ProgressStyle::with_template(
            "{spinner} {elapsed_precise} [{bar:30}] {pos}/{len} URLs {per_sec} {msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
        bar.set_style(style);
        bar.enable_steady_tick(Duration::from_millis(200));
        let _ = BAR.set(bar.clone());
        Progress(Some(bar))
    }

    /// More URLs to do.
    pub fn found(&self, n: u64) {
        if let Some(bar) = &self.0 {
            bar.inc_length(n);
        }
    }

    /// One URL done (stored, skipped or failed).
    pub fn done(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

/// stderr for the log subscriber, suspending the progress bar around each write.
pub struct LogWriter;

impl Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match BAR.get() {
            Some(bar) if !bar.is_finished() => bar.suspend(|| std::io::stderr().write(buf)),
            _ => std::io::stderr().write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        std::io::stderr().flush()
    }
}
