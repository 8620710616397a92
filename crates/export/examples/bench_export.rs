//! Export benchmark: streams synthetic records (100,000 articles with 3,000,000
//! mentions by default) through one format and prints rows/s. Run one process per
//! format under `/usr/bin/time -v` for peak RSS (see `bench/export.sh`).
//!
//! `bench_export FORMAT DIR [ARTICLES] [MENTIONS]`, FORMAT one of csv, jsonl, xlsx,
//! parquet, or none (generate records only: the baseline to subtract).

#[path = "../tests/support/synthetic.rs"]
mod synthetic;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use newsmill_export::{ExportConfig, Exporter, Format};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: bench_export csv|jsonl|xlsx|parquet|none DIR [ARTICLES] [MENTIONS]";
    let (Some(format), Some(dir)) = (args.first(), args.get(1)) else {
        eprintln!("{usage}");
        return ExitCode::from(2);
    };
    let number = |i: usize, default: usize| match args.get(i) {
        None => Some(default),
        Some(s) => s.replace('_', "").parse().ok(),
    };
    let (Some(articles), Some(mentions)) = (number(2, 100_000), number(3, 3_000_000)) else {
        eprintln!("{usage}");
        return ExitCode::from(2);
    };
    let format = match format.as_str() {
        "none" => None,
        other => match other.parse::<Format>() {
            Ok(f) => Some(f),
            Err(e) => {
                eprintln!("{e}\n{usage}");
                return ExitCode::from(2);
            }
        },
    };
    let per_article = mentions / articles.max(1);
    let mut exporter = match format {
        Some(f) => {
            let mut config = ExportConfig {
                formats: vec![f],
                ..ExportConfig::default()
            };
            // XLSX_LEVEL=1..9 overrides the workbook's zip compression level.
            if let Some(level) = std::env::var("XLSX_LEVEL")
                .ok()
                .and_then(|l| l.parse().ok())
            {
                config.xlsx.compression_level = level;
            }
            match Exporter::create(&PathBuf::from(dir), &config) {
                Ok(e) => Some(e),
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(2);
                }
            }
        }
        None => None,
    };
    let start = Instant::now();
    let mut rows: u64 = 0;
    let mut bytes_generated: u64 = 0;
    for i in 0..articles {
        let record = synthetic::synthetic(i, per_article);
        rows += 1
            + (record.tagged.entities.len()
                + record.tagged.mentions.len()
                + record.tagged.quotes.len()) as u64;
        match &mut exporter {
            Some(e) => {
                if let Err(err) = e.write(&record) {
                    eprintln!("error: {err}");
                    return ExitCode::from(2);
                }
            }
            None => bytes_generated += record.article.body().len() as u64,
        }
    }
    let paths = match exporter {
        Some(e) => match e.finish(&synthetic::run(&[])) {
            Ok(p) => p,
            Err(err) => {
                eprintln!("error: {err}");
                return ExitCode::from(2);
            }
        },
        None => Vec::new(),
    };
    let seconds = start.elapsed().as_secs_f64();
    let size: u64 = paths
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    println!(
        "format={} articles={articles} mentions={} rows={rows} seconds={seconds:.2} \
         rows_per_s={:.0} output_mb={:.1} body_mb={:.1}",
        format.map_or("none", Format::as_str),
        per_article * articles,
        rows as f64 / seconds,
        size as f64 / 1e6,
        bytes_generated as f64 / 1e6,
    );
    ExitCode::SUCCESS
}
