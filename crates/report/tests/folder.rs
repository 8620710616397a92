//! `[output] report = true`: the report of the articles one run exported, written
//! into its folder, agreeing with that folder's tables.

use std::path::Path;

use chrono::TimeZone;
use newsmill_export::{ExportConfig, Format};
use newsmill_report::{from_run, ReportError};
use newsmill_run::{export_run, OutputOptions, State};

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
    let generated = chrono::Utc.with_ymd_and_hms(2024, 4, 20, 12, 0, 0).unwrap();
    for full in [false, true] {
        let out = dir.path().join(format!("out-{full}"));
        let (mut state, mut run) = fixture::store(&out.join("state.sqlite"));
        let folder = export_run(&mut state, &output(&out), &mut run, full).unwrap();
        state.finish_run(&run).unwrap();
        from_run(&state, &run.run_id.0, full, "fixture", generated)
            .unwrap()
            .write(&folder.join("report.html"))
            .unwrap();
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

#[test]
fn an_unknown_run_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.sqlite");
    drop(fixture::store(&path));
    let state = State::open_read_only(&path).unwrap().unwrap();
    let err = from_run(&state, "20990101T000000Z", false, "x", chrono::Utc::now()).unwrap_err();
    assert!(matches!(err, ReportError::NoSuchRun(_)), "{err}");
    assert!(err.to_string().contains("20990101T000000Z"));
}
