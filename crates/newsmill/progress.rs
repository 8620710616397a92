//! A progress bar for `newsmill run` (the crawl's [`Progress`] observer), drawn on stderr only when stderr is a terminal
//! and logs are text (never in cron, pipes or JSON logs). Log lines are written
//! through [`LogWriter`], which lifts the bar out of the way while a line is printed.

use std::io::{IsTerminal, Write};
use std::sync::OnceLock;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use newsmill_run::Progress;

static BAR: OnceLock<ProgressBar> = OnceLock::new();

/// URLs done out of URLs found; a no-op when disabled.
#[derive(Clone, Default)]
pub struct Bar(Option<ProgressBar>);

impl Bar {
    /// A bar when `wanted` and stderr is a terminal, else a no-op.
    pub fn start(wanted: bool) -> Bar {
        if !wanted || !std::io::stderr().is_terminal() {
            return Bar(None);
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
        Bar(Some(bar))
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

impl Progress for Bar {
    fn on_found(&self, n: u64) {
        if let Some(bar) = &self.0 {
            bar.inc_length(n);
        }
    }

    fn on_done(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
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
