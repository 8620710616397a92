//! `[output] report = true`: the report written into a run folder with the tables,
//! agreeing with them, and a report that fails recorded as the run's failure.

use std::path::Path;

use newsmill_export::{ExportConfig, Format};
use newsmill_report::RunReport;
use newsmill_run::{export_run_with, FolderWriter, OutputOptions, State};

use crate::fixture;

#[path = "support/agree.rs"]
mod agree;

fn output(dir: &Path) -> OutputOptions {
    OutputOptions {
        dir: dir.to_path_buf(),
        export: ExportConfig {
            formats: vec![Format::Csv],
            ..ExportConfig::default()
        },
        latest_link: false,
        dataset: false,
        warc: false,
    }
}

#[test]
fn the_run_folder_report_agrees_with_the_tables() {
    let dir = tempfile::tempdir().unwrap();
    for full in [false, true] {
        let out = dir.path().join(format!("out-{full}"));
        let (mut state, mut run) = fixture::store(&out.join("state.sqlite"));
        let mut report = RunReport::new("fixture");
        let folder = export_run_with(
            &mut state,
            &output(&out),
            &mut run,
            full,
            &mut [&mut report],
        )
        .unwrap();
        assert!(folder.join("report.html").is_file());
        let compared = agree::report_agrees_with_tables(&folder);
        let expected = if full { 24 } else { 8 };
        assert_eq!(compared.articles, expected, "full = {full}");
        assert!(compared.entity_rows >= 10, "{compared:?}");
        assert!(compared.speakers >= 3, "{compared:?}");
        let html = std::fs::read_to_string(folder.join("report.html")).unwrap();
        assert!(html.contains("The articles run 20240412T080000Z exported"));
        assert!(
            html.contains("data-run=\"20240411T080000Z\""),
            "the earlier run is in the history"
        );
    }
}

struct Broken;

impl FolderWriter for Broken {
    fn name(&self) -> &str {
        "broken.html"
    }
    fn record(&mut self, _: &newsmill_records::Record) {}
    fn finish(
        &mut self,
        _: &State,
        _: &newsmill_records::Run,
        _: &Path,
    ) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        Err("disk full".into())
    }
}

#[test]
fn a_failing_extra_is_a_failure_of_the_run_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let (mut state, mut run) = fixture::store(&out.join("state.sqlite"));
    let before = run.failures.len();
    let mut report = RunReport::new("fixture");
    let folder = export_run_with(
        &mut state,
        &output(&out),
        &mut run,
        false,
        &mut [&mut Broken, &mut report],
    )
    .unwrap();
    assert_eq!(run.failures.len(), before + 1);
    let failure = run.failures.last().unwrap();
    assert_eq!(
        (failure.item.as_str(), failure.reason.as_str()),
        ("broken.html", "disk full")
    );
    let failures = std::fs::read_to_string(folder.join("failures.csv")).unwrap();
    assert!(failures.contains("broken.html"), "{failures}");
    assert!(
        folder.join("report.html").is_file(),
        "the other extra still ran"
    );
    assert!(!folder.join("broken.html").exists());
    drop(state);
    let stored = State::open_read_only(&out.join("state.sqlite"))
        .unwrap()
        .failures()
        .unwrap();
    assert!(stored.iter().any(|(_, f)| f.item == "broken.html"));
}
