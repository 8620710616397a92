//! Writes a small sample run (every format, every table) into a folder, so the
//! output checks (`tests/pyload/check_outputs.py`) can run without the orchestrator.
//!
//! `cargo run -p newsmill-export --features parquet --example sample -- DIR [DATASET]`
//!
//! With DATASET, the run is also appended to that cumulative dataset folder.

#[path = "../tests/support/synthetic.rs"]
mod synthetic;

use std::path::PathBuf;
use std::process::ExitCode;

use newsmill_export::{append_to_dataset, ExportConfig, Exporter, Format};

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: sample DIR [DATASET]");
        return ExitCode::from(2);
    };
    let mut records = vec![
        synthetic::record(
            "https://example.com/2019/12/pompeo-minsk",
            "Pompeo to visit Minsk",
        ),
        synthetic::record(
            "https://example.com/2019/12/belarus-us",
            "Belarus and the US",
        ),
    ];
    records.extend(synthetic::hostile());
    records.extend((0..20).map(|i| synthetic::synthetic(i, 50)));
    let run = synthetic::run(&records);
    let config = ExportConfig {
        formats: vec![Format::Csv, Format::Jsonl, Format::Xlsx, Format::Parquet],
        ..ExportConfig::default()
    };
    let dataset = std::env::args_os().nth(2).map(PathBuf::from);
    let result = Exporter::create(&dir, &config).and_then(|mut exporter| {
        for record in &records {
            exporter.write(record)?;
        }
        let mut paths = exporter.finish(&run)?;
        if let Some(dataset) = &dataset {
            paths.extend(append_to_dataset(&dir, dataset, &run.run_id)?);
        }
        Ok(paths)
    });
    match result {
        Ok(paths) => {
            for path in paths {
                println!("{}", path.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
