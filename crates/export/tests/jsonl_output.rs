//! JSONL: every emitted record validates against `schema/articles.schema.json`, and
//! the schema is strict enough to reject a broken record.

use newsmill_export::{JsonlWriter, TableWriter};
use serde_json::Value;

use crate::schema_check::{schema, validate};
use crate::synthetic;

fn lines() -> Vec<Value> {
    let mut records = synthetic::hostile();
    records.push(synthetic::record("https://example.com/a", "A"));
    let mut bare = synthetic::record("https://example.com/bare", "B");
    bare.article.title = None;
    bare.article.published = None;
    bare.article.canonical_url = None;
    bare.tagged = Default::default();
    records.push(bare);
    let mut writer = JsonlWriter::new(Vec::new());
    for r in &records {
        writer.write(r).unwrap();
    }
    assert_eq!(writer.rows(), records.len() as u64);
    let bytes = writer.into_inner().unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.ends_with('\n'));
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn every_record_validates_against_the_schema() {
    let schema = schema();
    for (i, line) in lines().iter().enumerate() {
        let mut errors = Vec::new();
        validate(
            &schema,
            &schema,
            line,
            &format!("line {}", i + 1),
            &mut errors,
        );
        assert!(errors.is_empty(), "{errors:#?}");
    }
}

#[test]
fn the_schema_rejects_broken_records() {
    let schema = schema();
    let good = lines().remove(0);
    let breakages: [(&str, Value); 4] = [
        ("title", Value::from(5)),
        ("published", Value::from("20 Dec 2019")),
        ("word_count", Value::from(-1)),
        ("authors", Value::from("one author")),
    ];
    for (field, bad) in breakages {
        let mut record = good.clone();
        record[field] = bad;
        let mut errors = Vec::new();
        validate(&schema, &schema, &record, "record", &mut errors);
        assert!(!errors.is_empty(), "{field} breakage not caught");
    }
    let mut record = good.clone();
    record["mentions"][0]["type"] = Value::from("PERSON");
    let mut errors = Vec::new();
    validate(&schema, &schema, &record, "record", &mut errors);
    assert!(!errors.is_empty(), "bad mention type not caught");
    let mut record = good;
    record.as_object_mut().unwrap().remove("body");
    record["extra"] = Value::from(1);
    let mut errors = Vec::new();
    validate(&schema, &schema, &record, "record", &mut errors);
    assert_eq!(errors.len(), 2, "{errors:?}");
}

#[test]
fn record_to_json_matches_the_jsonl_line() {
    let record = synthetic::record("https://example.com/a", "A");
    let mut writer = JsonlWriter::new(Vec::new());
    writer.write(&record).unwrap();
    let line: Value = serde_json::from_slice(&writer.into_inner().unwrap()).unwrap();
    assert_eq!(newsmill_export::record_to_json(&record).unwrap(), line);
}

#[test]
fn extract_extras_validate_and_untagged_records_leave_the_tags_out() {
    let schema = schema();
    let record = synthetic::record("https://example.com/a", "A");
    let extras = newsmill_export::JsonExtras {
        id: Some("a"),
        not_article: Some("listing page"),
        untagged: true,
    };
    let mut out = Vec::new();
    newsmill_export::write_record_json(&mut out, &record, &extras, false).unwrap();
    let value: Value = serde_json::from_slice(&out).unwrap();
    let mut errors = Vec::new();
    validate(&schema, &schema, &value, "extract", &mut errors);
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(value["id"], "a");
    assert_eq!(value["not_article"], "listing page");
    assert!(value.get("entities").is_none() && value.get("quotes").is_none());
    // Without extras, the object is the JSONL line, key for key and in order.
    let mut plain = Vec::new();
    newsmill_export::write_record_json(&mut plain, &record, &Default::default(), false).unwrap();
    let mut writer = JsonlWriter::new(Vec::new());
    writer.write(&record).unwrap();
    let line = writer.into_inner().unwrap();
    assert_eq!(plain, line[..line.len() - 1]);
}
