//! The cumulative dataset: run partitions, idempotent appends, clear errors.

use newsmill_export::{
    append_to_dataset, dataset_partition, ExportConfig, ExportError, Exporter, Format, Table,
};
use newsmill_records::RunId;

use crate::synthetic;

fn export_run(dir: &std::path::Path, n: usize) {
    let config = ExportConfig {
        formats: vec![Format::Csv, Format::Jsonl],
        ..ExportConfig::default()
    };
    let records: Vec<_> = (0..n).map(|i| synthetic::synthetic(i, 3)).collect();
    let mut exporter = Exporter::create(dir, &config).unwrap();
    for r in &records {
        exporter.write(r).unwrap();
    }
    exporter.finish(&synthetic::run(&records)).unwrap();
}

#[test]
fn runs_become_partitions_and_appending_twice_is_idempotent() {
    let root = tempfile::tempdir().unwrap();
    let dataset = root.path().join("dataset");
    let (first, second) = (
        RunId("20191220T080000Z".into()),
        RunId("20191221T080000Z".into()),
    );
    export_run(&root.path().join(&first.0), 2);
    export_run(&root.path().join(&second.0), 3);
    let written = append_to_dataset(&root.path().join(&first.0), &dataset, &first).unwrap();
    // 7 tables as CSV, plus articles.jsonl.
    assert_eq!(written.len(), 8, "{written:?}");
    append_to_dataset(&root.path().join(&first.0), &dataset, &first).unwrap();
    append_to_dataset(&root.path().join(&second.0), &dataset, &second).unwrap();

    let articles = dataset.join("csv").join("articles");
    let mut partitions: Vec<String> = std::fs::read_dir(&articles)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    partitions.sort();
    assert_eq!(partitions, ["run=20191220T080000Z", "run=20191221T080000Z"]);
    let part = dataset_partition(&dataset, Format::Csv, Table::Articles, &second);
    let mut csv = csv::Reader::from_path(part.join("part.csv")).unwrap();
    assert_eq!(csv.records().count(), 3);
    let part = dataset_partition(&dataset, Format::Jsonl, Table::Articles, &second);
    assert_eq!(part, dataset.join("jsonl/articles/run=20191221T080000Z"));
    let jsonl = std::fs::read_to_string(part.join("part.jsonl")).unwrap();
    assert_eq!(jsonl.lines().count(), 3);
    let leftovers: Vec<_> = walk(&dataset)
        .into_iter()
        .filter(|p| p.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn bad_inputs_are_refused_with_the_path() {
    let root = tempfile::tempdir().unwrap();
    let empty = root.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let run = RunId("20191220T080000Z".into());
    let err = append_to_dataset(&empty, &root.path().join("dataset"), &run).unwrap_err();
    assert!(matches!(err, ExportError::NotAnExport { .. }), "{err:?}");
    assert!(err.to_string().contains("empty"), "{err}");
    for bad in ["../escape", "", ".hidden", "a/b"] {
        let err = append_to_dataset(&empty, root.path(), &RunId(bad.into())).unwrap_err();
        assert!(matches!(err, ExportError::Config(_)), "{bad}: {err:?}");
    }
}

fn walk(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path.to_string_lossy().into_owned());
        }
    }
    out
}
