//! The Exporter: no final-named file before finish, nothing left after a drop, every
//! configured file after finish.

use std::path::Path;

use newsmill_export::{ExportConfig, ExportError, Exporter, Format};

use crate::synthetic;

fn all_formats() -> ExportConfig {
    let mut formats = vec![Format::Csv, Format::Jsonl, Format::Xlsx];
    if cfg!(feature = "parquet") {
        formats.push(Format::Parquet);
    }
    ExportConfig {
        formats,
        ..ExportConfig::default()
    }
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn files_appear_only_at_finish() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("20191220T080000Z");
    let records = synthetic::hostile();
    let mut exporter = Exporter::create(&out, &all_formats()).unwrap();
    for r in &records {
        exporter.write(r).unwrap();
    }
    let during = names(&out);
    assert!(
        !during.is_empty(),
        "temporary files are written in the target folder"
    );
    for name in &during {
        assert!(
            name.starts_with('.') && name.ends_with(".tmp"),
            "{name} visible before finish"
        );
    }
    let paths = exporter.finish(&synthetic::run(&records)).unwrap();
    let after = names(&out);
    assert!(after.iter().all(|n| !n.ends_with(".tmp")), "{after:?}");
    let mut want = vec![
        "articles.csv",
        "articles.jsonl",
        "entities.csv",
        "failures.csv",
        "mentions.csv",
        "newsmill.xlsx",
        "quotes.csv",
        "runs.csv",
        "sources.csv",
    ];
    if cfg!(feature = "parquet") {
        want.extend([
            "articles.parquet",
            "entities.parquet",
            "failures.parquet",
            "mentions.parquet",
            "quotes.parquet",
            "runs.parquet",
            "sources.parquet",
        ]);
    }
    want.sort();
    assert_eq!(after, want);
    assert_eq!(paths.len(), want.len());
    assert!(paths.iter().all(|p| p.starts_with(&out) && p.is_file()));
}

#[test]
fn a_dropped_exporter_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let mut exporter = Exporter::create(dir.path(), &all_formats()).unwrap();
    exporter
        .write(&synthetic::record("https://example.com/a", "A"))
        .unwrap();
    drop(exporter);
    assert_eq!(names(dir.path()), Vec::<String>::new());
}

#[test]
fn a_finished_export_replaces_the_previous_files() {
    let dir = tempfile::tempdir().unwrap();
    let config = ExportConfig {
        formats: vec![Format::Jsonl],
        ..ExportConfig::default()
    };
    for n in [3, 1] {
        let mut exporter = Exporter::create(dir.path(), &config).unwrap();
        let records: Vec<_> = (0..n).map(|i| synthetic::synthetic(i, 2)).collect();
        for r in &records {
            exporter.write(r).unwrap();
        }
        exporter.finish(&synthetic::run(&records)).unwrap();
    }
    let text = std::fs::read_to_string(dir.path().join("articles.jsonl")).unwrap();
    assert_eq!(text.lines().count(), 1);
}

#[test]
fn errors_name_the_folder_and_bad_configs_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "x").unwrap();
    let err = Exporter::create(&blocker.join("run"), &all_formats())
        .err()
        .expect("cannot create a folder under a file");
    assert!(matches!(err, ExportError::Io { .. }), "{err:?}");
    assert!(err.to_string().contains("file"), "{err}");

    let none = ExportConfig {
        formats: vec![],
        ..ExportConfig::default()
    };
    assert!(matches!(
        Exporter::create(dir.path(), &none).err(),
        Some(ExportError::Config(_))
    ));
    #[cfg(not(feature = "parquet"))]
    {
        let parquet = ExportConfig {
            formats: vec![Format::Parquet],
            ..ExportConfig::default()
        };
        let err = Exporter::create(dir.path(), &parquet).err().unwrap();
        assert!(err.to_string().contains("parquet"), "{err}");
    }
}

#[test]
fn exporters_can_move_to_a_blocking_thread() {
    fn assert_send<T: Send>() {}
    assert_send::<Exporter>();
}
