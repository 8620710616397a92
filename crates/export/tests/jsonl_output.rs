//! JSONL: every emitted record validates against `schema/articles.schema.json`, and
//! the schema is strict enough to reject a broken record.

use newsmill_export::JsonlWriter;
use serde_json::Value;

use crate::synthetic;

fn schema() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../schema/articles.schema.json"
    );
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap()
}

/// A small JSON Schema validator for the keywords the schema uses: `type`,
/// `required`, `properties`, `additionalProperties: false`, `items`, `$ref` into
/// `$defs`, `enum`, `minimum`, `maximum` and `format: date-time`. Unknown keywords
/// fail loudly so the schema cannot silently outgrow the check.
fn validate(root: &Value, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
    let schema = match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let name = r.strip_prefix("#/$defs/").expect("local $ref");
            &root["$defs"][name]
        }
        None => schema,
    };
    for key in schema.as_object().unwrap().keys() {
        let known = [
            "type",
            "required",
            "properties",
            "additionalProperties",
            "items",
            "enum",
            "minimum",
            "maximum",
            "format",
            "description",
            "title",
            "$schema",
            "$id",
            "$defs",
        ];
        assert!(
            known.contains(&key.as_str()),
            "validator does not know keyword {key}"
        );
    }
    if let Some(types) = schema.get("type") {
        let types: Vec<&str> = match types {
            Value::String(t) => vec![t.as_str()],
            Value::Array(ts) => ts.iter().map(|t| t.as_str().unwrap()).collect(),
            _ => panic!("bad type keyword"),
        };
        let ok = types.iter().any(|t| match *t {
            "string" => value.is_string(),
            "integer" => value.is_u64() || value.is_i64(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            "array" => value.is_array(),
            "object" => value.is_object(),
            "null" => value.is_null(),
            other => panic!("unknown type {other}"),
        });
        if !ok {
            errors.push(format!("{at}: {value} is not {types:?}"));
            return;
        }
    }
    if let Some(options) = schema.get("enum").and_then(Value::as_array) {
        if !options.contains(value) {
            errors.push(format!("{at}: {value} not in {options:?}"));
        }
    }
    if let (Some(min), Some(n)) = (
        schema.get("minimum").and_then(Value::as_f64),
        value.as_f64(),
    ) {
        if n < min {
            errors.push(format!("{at}: {n} < {min}"));
        }
    }
    if let (Some(max), Some(n)) = (
        schema.get("maximum").and_then(Value::as_f64),
        value.as_f64(),
    ) {
        if n > max {
            errors.push(format!("{at}: {n} > {max}"));
        }
    }
    if let (Some("date-time"), Some(s)) =
        (schema.get("format").and_then(Value::as_str), value.as_str())
    {
        if chrono::DateTime::parse_from_rfc3339(s).is_err() {
            errors.push(format!("{at}: {s:?} is not RFC 3339"));
        }
    }
    if let Some(object) = value.as_object() {
        let properties = schema.get("properties").and_then(Value::as_object);
        for name in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if !object.contains_key(name.as_str().unwrap()) {
                errors.push(format!("{at}: missing {name}"));
            }
        }
        for (key, item) in object {
            match properties.and_then(|p| p.get(key)) {
                Some(sub) => validate(root, sub, item, &format!("{at}.{key}"), errors),
                None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    errors.push(format!("{at}: unexpected {key}"));
                }
                None => {}
            }
        }
    }
    if let (Some(items), Some(array)) = (schema.get("items"), value.as_array()) {
        for (i, item) in array.iter().enumerate() {
            validate(root, items, item, &format!("{at}[{i}]"), errors);
        }
    }
}

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
