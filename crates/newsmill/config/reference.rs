//! CONFIG.md against the code: every key of every section is documented, nothing
//! else is, each default written as a TOML value is the code's default, each
//! `required` key is required, and each `none` default is an unset option.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

use super::{parse_toml, DemoSection, FileConfig};

/// A documented section: its TOML path (`export.csv`), whether it is an array of
/// tables, and its rows `(key, type, default)`.
struct Section {
    path: String,
    array: bool,
    rows: Vec<(String, String, String)>,
}

fn config_md() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/CONFIG.md");
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The sections of CONFIG.md: headings `## `[fetch]`...` / `### `[[sources]]`...`
/// followed by a `| key | type | default | meaning |` table.
fn sections(text: &str) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') {
            let Some(start) = line.find("`[") else {
                continue;
            };
            let rest = &line[start + 1..];
            let end = rest.find('`').expect("closing backtick");
            let name = &rest[..end];
            let array = name.starts_with("[[");
            let path = name.trim_matches(|c| c == '[' || c == ']').to_string();
            out.push(Section {
                path,
                array,
                rows: Vec::new(),
            });
        } else if line.starts_with("| `") {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let key = cells[1].trim_matches('`').to_string();
            let section = out.last_mut().expect("a table under a section heading");
            section
                .rows
                .push((key, cells[2].to_string(), cells[3].to_string()));
        }
    }
    out
}

fn to_value(config: &FileConfig) -> Value {
    serde_json::to_value(config).unwrap()
}

fn parse(text: &str) -> Result<FileConfig, String> {
    parse_toml::<FileConfig>(text, Path::new("CONFIG.md")).map_err(|e| format!("{e:#}"))
}

/// The minimal TOML a section's keys can be added to: its header plus the keys an
/// array entry needs.
fn header(section: &Section) -> String {
    match (section.path.as_str(), section.array) {
        ("sources", _) => "[[sources]]\nname = \"x\"\nkind = \"feed\"\n".to_string(),
        ("cluster", _) => "[cluster]\nurl = \"nats://127.0.0.1:4222\"\n".to_string(),
        ("cluster.tls", _) => {
            "[cluster]\nurl = \"nats://127.0.0.1:4222\"\n[cluster.tls]\n".to_string()
        }
        (path, true) => format!("[[{path}]]\n"),
        (path, false) => format!("[{path}]\n"),
    }
}

/// The section's value in a parsed config (an array's first entry).
fn section_value(config: &Value, section: &Section) -> Value {
    let mut v = config;
    for part in section.path.split('.') {
        v = &v[part];
    }
    if section.array {
        v[0].clone()
    } else {
        v.clone()
    }
}

/// The code's defaults of a section.
fn code_defaults(section: &Section) -> Value {
    if section.path == "demo" {
        return serde_json::to_value(DemoSection {
            site: Default::default(),
        })
        .unwrap();
    }
    let config = parse(&header(section)).unwrap();
    section_value(&to_value(&config), section)
}

fn literal(cell: &str) -> Option<toml::Value> {
    let inner = cell.strip_prefix('`')?.strip_suffix('`')?;
    let table: toml::Table = format!("v = {inner}").parse().ok()?;
    table.get("v").cloned()
}

#[test]
fn every_key_is_documented_with_its_default() {
    let text = config_md();
    let sections = sections(&text);
    let names: Vec<&str> = sections.iter().map(|s| s.path.as_str()).collect();
    assert_eq!(
        names,
        [
            "fetch",
            "scrape",
            "scrape.profiles",
            "tag",
            "export",
            "export.csv",
            "export.xlsx",
            "export.parquet",
            "state",
            "output",
            "run",
            "cluster",
            "cluster.tls",
            "demo",
            "sources"
        ],
        "CONFIG.md sections"
    );
    // Every top-level table of the config has its section.
    let top: BTreeSet<String> = to_value(&FileConfig::default())
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    let documented: BTreeSet<String> = names
        .iter()
        .filter(|n| !n.contains('.'))
        .map(|n| n.to_string())
        .collect();
    assert_eq!(documented, top, "top-level tables");
    for section in &sections {
        let defaults = code_defaults(section);
        let fields: BTreeSet<String> = defaults.as_object().unwrap().keys().cloned().collect();
        let keys: BTreeSet<String> = section.rows.iter().map(|r| r.0.clone()).collect();
        assert_eq!(keys, fields, "keys of [{}]", section.path);
        for (key, kind, default) in &section.rows {
            let at = format!("[{}] {key}", section.path);
            let code = &defaults[key.as_str()];
            if let Some(value) = literal(default) {
                let toml_kind = match &value {
                    toml::Value::String(_) => "string",
                    toml::Value::Integer(_) => "integer",
                    toml::Value::Float(_) => "float",
                    toml::Value::Boolean(_) => "boolean",
                    toml::Value::Array(_) => "array",
                    _ => "other",
                };
                assert!(
                    kind.starts_with(toml_kind),
                    "{at}: default {default} is not of type {kind}"
                );
                let doc = format!("{}{key} = {value}\n", header(section));
                let parsed = parse(&doc).unwrap_or_else(|e| panic!("{at}: {e}"));
                assert_eq!(
                    section_value(&to_value(&parsed), section),
                    defaults,
                    "{at}: the documented default {default} is not the code's"
                );
            } else if default.starts_with("none") {
                assert!(code.is_null(), "{at}: documented as none, code has {code}");
            } else if default == "required" {
                let without = match section.path.as_str() {
                    "sources" | "cluster" => header(section).replace(&format!("{key} = "), "# = "),
                    _ => header(section),
                };
                assert!(
                    parse(&without).is_err(),
                    "{at}: documented as required, but a table without it parses"
                );
            } else {
                assert!(
                    default.is_empty() && kind == "table" && code.is_object(),
                    "{at}: default {default:?} is neither a TOML value, none nor required"
                );
            }
        }
    }
}
