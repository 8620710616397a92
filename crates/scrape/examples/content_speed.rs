//! How much of extraction the content model costs: extracts the pages of a
//! benchmark folder (`html/*.html.gz` with `ground-truth.json` for their URLs)
//! in one thread, several passes, and prints pages per second and the model's
//! share of the time (building its features, then scoring and selecting
//! blocks), as [`newsmill_scrape::train::Sample::model_time`] records it. Each
//! page counts with the least time each part took over the passes: what it
//! costs when nothing else interrupts the thread.
//!
//! ```sh
//! cargo run --release -p newsmill-scrape --example content_speed -- ../shared/bench/extraction [PASSES]
//! ```
//!
//! The pages are decompressed into memory first, so the figures are the
//! extractor's alone (no reading, no output). Times are the extracting
//! thread's wall clock per call; the least over several passes leaves out
//! most of what a busy machine adds. The last line is the headline.

use std::io::Read;
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use newsmill_records::Page;
use newsmill_scrape::{Extractor, ScrapeConfig};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("content_speed: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .ok_or("usage: content_speed BENCH_FOLDER [PASSES]")?;
    let passes: usize = match args.next() {
        Some(p) => p.parse().map_err(|e| format!("PASSES {p}: {e}"))?,
        None => 5,
    };
    let pages = load(Path::new(&dir))?;
    let bytes: usize = pages.iter().map(|p| p.body.len()).sum();
    let extractor = Extractor::new(ScrapeConfig::default()).map_err(|e| e.to_string())?;
    let mut best = vec![[Duration::MAX; 6]; pages.len()];
    for _ in 0..passes {
        for (page, best) in pages.iter().zip(&mut best) {
            let start = Instant::now();
            let (_, _, sample) = extractor
                .extract_with_sample(page)
                .map_err(|e| format!("{}: {e}", page.url))?;
            let total = start.elapsed();
            let t = sample.model_time();
            for (b, d) in
                best.iter_mut()
                    .zip([total, t.blocks, t.structure, t.dense, t.page, t.scoring])
            {
                *b = (*b).min(d);
            }
        }
    }
    let sum = |i: usize| best.iter().map(|b| b[i]).sum::<Duration>();
    let total = sum(0);
    let parts: Vec<Duration> = (1..6).map(sum).collect();
    let secs = total.as_secs_f64();
    let n = pages.len() as f64;
    let share = |d: Duration| 100.0 * d.as_secs_f64() / secs.max(1e-9);
    println!(
        "pages        {} ({:.1} MB of HTML), one thread, each page's least time over {passes} passes",
        pages.len(),
        bytes as f64 / 1e6
    );
    println!(
        "extraction   {:.1} pages/s, {:.1} MB/s, {:.2} ms a page",
        n / secs,
        bytes as f64 / 1e6 / secs,
        1e3 * secs / n
    );
    println!(
        "model        blocks {:.1}%, structure {:.1}%, block features {:.1}%, \
         page features and tokens {:.1}%, scoring and selection {:.1}%",
        share(parts[0]),
        share(parts[1]),
        share(parts[2]),
        share(parts[3]),
        share(parts[4])
    );
    println!(
        "model share of extraction time: {:.1}%",
        share(parts.iter().sum())
    );
    Ok(())
}

/// The folder's pages, decompressed, with their URLs from `ground-truth.json`.
fn load(dir: &Path) -> Result<Vec<Page>, String> {
    let truth_path = dir.join("ground-truth.json");
    let truth: serde_json::Value = serde_json::from_slice(
        &std::fs::read(&truth_path).map_err(|e| format!("{}: {e}", truth_path.display()))?,
    )
    .map_err(|e| format!("{}: {e}", truth_path.display()))?;
    let html = dir.join("html");
    let mut names: Vec<_> = std::fs::read_dir(&html)
        .map_err(|e| format!("{}: {e}", html.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".html.gz"))
        .collect();
    names.sort();
    let mut pages = Vec::with_capacity(names.len());
    for path in names {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let id = name.trim_end_matches(".html.gz");
        let url = truth[id]["url"]
            .as_str()
            .ok_or_else(|| format!("{}: no url for {id}", truth_path.display()))?;
        let raw = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut body = Vec::with_capacity(raw.len() * 4);
        flate2::read::MultiGzDecoder::new(&raw[..])
            .read_to_end(&mut body)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        pages.push(Page::from_bytes("bench", url, body));
    }
    if pages.is_empty() {
        return Err(format!("{}: no .html.gz pages", html.display()));
    }
    Ok(pages)
}
