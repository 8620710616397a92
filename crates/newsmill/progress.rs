//! A progress bar for `newsmill run` (the crawl's [`Progress`] observer), drawn on stderr only when stderr is a terminal
//! and logs are text (never in cron, pipes or JSON logs). Log lines are written
//! through [`LogWriter`], which lifts the bar out of the way while a line is printed.

use std::io::{IsTerminal, Write};
use std::sync::OnceLock;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressState, ProgressStyle};

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
            "{spinner} {elapsed_precise} [{bar:30}] {pos}/{len} URLs {rate} {msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .with_key(
            "rate",
            |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = w.write_str(&rate(state.per_sec()));
            },
        )
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

/// A rate for the bar: one decimal below 10 per second, whole numbers above
/// (`0.5/s`, `12/s`), never `0.4997/s`.
fn rate(per_sec: f64) -> String {
    if !per_sec.is_finite() || per_sec <= 0.0 {
        "0/s".to_string()
    } else if per_sec < 10.0 {
        format!("{per_sec:.1}/s")
    } else {
        format!("{per_sec:.0}/s")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_rounded() {
        assert_eq!(rate(0.4997), "0.5/s");
        assert_eq!(rate(3.04), "3.0/s");
        assert_eq!(rate(123.456), "123/s");
        assert_eq!(rate(0.0), "0/s");
        assert_eq!(rate(f64::NAN), "0/s");
    }
}
