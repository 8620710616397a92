//! A small JSON Schema validator for `schema/articles.schema.json`, shared by the
//! export crate's tests and the end-to-end tests of `newsmill extract`.

use serde_json::Value;

/// `schema/articles.schema.json`.
pub fn schema() -> Value {
    // Relative to this file, so it resolves from every crate that includes it.
    serde_json::from_str(include_str!("../../../../schema/articles.schema.json")).unwrap()
}

/// A small JSON Schema validator for the keywords the schema uses: `type`,
/// `required`, `properties`, `additionalProperties: false`, `items`, `$ref` into
/// `$defs`, `enum`, `minimum`, `maximum` and `format: date-time`. Unknown keywords
/// fail loudly so the schema cannot silently outgrow the check.
pub fn validate(root: &Value, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
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
