//! Export settings: the `[export]` section of a newsmill config.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::ExportError;

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// CSV, one file per table.
    Csv,
    /// JSON Lines, one nested record per article (`articles.jsonl`).
    Jsonl,
    /// One XLSX workbook (`newsmill.xlsx`) with a sheet per table.
    Xlsx,
    /// Parquet, one file per table (needs the crate's `parquet` feature).
    Parquet,
}

impl Format {
    /// The format's name as written in configs (`csv`, `jsonl`, `xlsx`, `parquet`).
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Jsonl => "jsonl",
            Format::Xlsx => "xlsx",
            Format::Parquet => "parquet",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Format, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "csv" => Ok(Format::Csv),
            "jsonl" | "json" | "ndjson" => Ok(Format::Jsonl),
            "xlsx" | "excel" => Ok(Format::Xlsx),
            "parquet" => Ok(Format::Parquet),
            other => Err(format!(
                "unknown export format {other:?} (expected csv, jsonl, xlsx or parquet)"
            )),
        }
    }
}

/// Export settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ExportConfig {
    /// Formats to write (default: csv, jsonl, and parquet when the crate is built with
    /// the `parquet` feature).
    pub formats: Vec<Format>,
    /// CSV settings.
    pub csv: CsvOptions,
    /// XLSX settings.
    pub xlsx: XlsxOptions,
    /// Parquet settings.
    pub parquet: ParquetOptions,
}

impl Default for ExportConfig {
    fn default() -> Self {
        ExportConfig {
            formats: default_formats(),
            csv: CsvOptions::default(),
            xlsx: XlsxOptions::default(),
            parquet: ParquetOptions::default(),
        }
    }
}

impl ExportConfig {
    /// Checks what serde cannot: the XLSX compression level is 1–9, Parquet row
    /// groups hold at least one row and one MiB, and Parquet is asked for only when
    /// this build has it. The error names the key (relative to `[export]`).
    pub fn validate(&self) -> Result<(), ExportError> {
        let invalid = |key, reason: String| Err(ExportError::Invalid { key, reason });
        if self.formats.is_empty() {
            return invalid("formats", "name at least one format".into());
        }
        if !(1..=9).contains(&self.xlsx.compression_level) {
            return invalid(
                "xlsx.compression_level",
                format!("must be 1 to 9, got {}", self.xlsx.compression_level),
            );
        }
        if self.parquet.row_group_rows == 0 {
            return invalid("parquet.row_group_rows", "must be at least 1, got 0".into());
        }
        if self.parquet.row_group_mib == 0 {
            return invalid("parquet.row_group_mib", "must be at least 1, got 0".into());
        }
        if self.formats.contains(&Format::Parquet) && !cfg!(feature = "parquet") {
            return invalid(
                "formats",
                "parquet is not in this build (cargo feature `parquet`)".into(),
            );
        }
        Ok(())
    }
}

fn default_formats() -> Vec<Format> {
    let mut formats = vec![Format::Csv, Format::Jsonl];
    if cfg!(feature = "parquet") {
        formats.push(Format::Parquet);
    }
    formats
}

/// CSV settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CsvOptions {
    /// Start each file with a UTF-8 byte-order mark (default true), so spreadsheets
    /// (Excel, LibreOffice) read Cyrillic and other non-ASCII text as UTF-8 instead
    /// of mojibake. pandas (`encoding="utf-8-sig"`), DuckDB and Python's `csv` with
    /// `utf-8-sig` skip it; set `false` for tools that would keep it as part of the
    /// first column name.
    pub bom: bool,
    /// Field separator: `,` (default) or `;` (spreadsheets in locales whose decimal
    /// separator is a comma).
    pub delimiter: Delimiter,
    /// What to do with the article body column (default `full`).
    pub body: BodyMode,
    /// Neutralise cells a spreadsheet would execute as formulas (default true; see
    /// SCHEMA.md for the exact rule).
    pub neutralise: bool,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions {
            bom: true,
            delimiter: Delimiter::Comma,
            body: BodyMode::Full,
            neutralise: true,
        }
    }
}

/// The CSV field separator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delimiter {
    /// `,`
    Comma,
    /// `;`
    Semicolon,
}

impl Delimiter {
    /// The separator byte.
    pub fn byte(self) -> u8 {
        match self {
            Delimiter::Comma => b',',
            Delimiter::Semicolon => b';',
        }
    }
}

impl Serialize for Delimiter {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(match self {
            Delimiter::Comma => ",",
            Delimiter::Semicolon => ";",
        })
    }
}

impl<'de> Deserialize<'de> for Delimiter {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Delimiter, D::Error> {
        let s = String::deserialize(d)?;
        match s.as_str() {
            "," | "comma" => Ok(Delimiter::Comma),
            ";" | "semicolon" => Ok(Delimiter::Semicolon),
            other => Err(serde::de::Error::custom(format!(
                "invalid CSV delimiter {other:?} (expected \",\" or \";\")"
            ))),
        }
    }
}

/// What to do with a long text column (the article body).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyMode {
    /// Write it whole (`full`).
    Full,
    /// Leave the column out (`omit`).
    Omit,
    /// Keep the first N characters and append [`crate::TRUNCATION_MARKER`] when the
    /// text was longer (`truncate:N`).
    Truncate(usize),
}

impl fmt::Display for BodyMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BodyMode::Full => f.write_str("full"),
            BodyMode::Omit => f.write_str("omit"),
            BodyMode::Truncate(n) => write!(f, "truncate:{n}"),
        }
    }
}

impl FromStr for BodyMode {
    type Err = String;

    fn from_str(s: &str) -> Result<BodyMode, String> {
        let s = s.trim();
        match s {
            "full" => return Ok(BodyMode::Full),
            "omit" => return Ok(BodyMode::Omit),
            _ => {}
        }
        if let Some(n) = s.strip_prefix("truncate:") {
            return match n.trim().parse::<usize>() {
                Ok(n) if n > 0 => Ok(BodyMode::Truncate(n)),
                _ => Err(format!(
                    "invalid body mode {s:?}: truncate needs a positive character count"
                )),
            };
        }
        Err(format!(
            "invalid body mode {s:?} (expected \"full\", \"omit\" or \"truncate:N\")"
        ))
    }
}

impl Serialize for BodyMode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for BodyMode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<BodyMode, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// XLSX settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct XlsxOptions {
    /// What to do with the article body (default `full`, which still cuts it at
    /// Excel's 32,767-character cell limit with [`crate::TRUNCATION_MARKER`]).
    pub body: BodyMode,
    /// Write URL columns as clickable links (default true). Beyond Excel's limits
    /// (65,530 links per sheet, 2,079 characters per URL) URLs are plain text.
    pub hyperlinks: bool,
    /// Zip (deflate) compression level of the workbook, 1–9 (default 6). Level 1
    /// saved about 20% of the export time for files twice as large in
    /// `bench/export.sh`, so the default stays at 6.
    pub compression_level: u8,
}

impl Default for XlsxOptions {
    fn default() -> Self {
        XlsxOptions {
            body: BodyMode::Full,
            hyperlinks: true,
            compression_level: 6,
        }
    }
}

/// Parquet settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ParquetOptions {
    /// Maximum rows per row group (default 65,536).
    pub row_group_rows: usize,
    /// A row group is also closed once its encoded size reaches this many MiB, which
    /// bounds memory for tables with long bodies (default 64).
    pub row_group_mib: usize,
}

impl Default for ParquetOptions {
    fn default() -> Self {
        ParquetOptions {
            row_group_rows: 65_536,
            row_group_mib: 64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_modes_parse_and_print() {
        for text in ["full", "omit", "truncate:500"] {
            let mode: BodyMode = text.parse().unwrap();
            assert_eq!(mode.to_string(), text);
        }
        assert!("truncate:0".parse::<BodyMode>().is_err());
        assert!("truncate:x".parse::<BodyMode>().is_err());
        assert!("cut".parse::<BodyMode>().is_err());
    }

    #[test]
    fn config_deserialises_with_defaults_and_rejects_unknown_keys() {
        let config: ExportConfig = serde_json::from_str(
            r#"{"formats":["csv","xlsx"],"csv":{"delimiter":";","body":"truncate:100"}}"#,
        )
        .unwrap();
        assert_eq!(config.formats, vec![Format::Csv, Format::Xlsx]);
        assert_eq!(config.csv.delimiter, Delimiter::Semicolon);
        assert_eq!(config.csv.body, BodyMode::Truncate(100));
        assert!(config.csv.neutralise);
        assert!(config.csv.bom);
        let err = serde_json::from_str::<ExportConfig>(r#"{"csv":{"sep":";"}}"#).unwrap_err();
        assert!(err.to_string().contains("sep"), "{err}");
        let err = serde_json::from_str::<ExportConfig>(r#"{"csv":{"delimiter":"|"}}"#).unwrap_err();
        assert!(err.to_string().contains("delimiter"), "{err}");
    }

    #[test]
    fn the_readme_example_parses() {
        let readme = include_str!("../README.md");
        let start = readme.find("```toml\n").unwrap() + "```toml\n".len();
        let block = &readme[start..start + readme[start..].find("```").unwrap()];
        #[derive(Deserialize)]
        struct Config {
            export: ExportConfig,
        }
        let config: Config = toml::from_str(block).unwrap();
        let export = config.export;
        assert_eq!(export.formats.len(), 4);
        assert!(!export.csv.bom);
        assert_eq!(export.csv.delimiter, Delimiter::Semicolon);
        assert_eq!(export.csv.body, BodyMode::Truncate(2000));
        assert_eq!(export.xlsx, XlsxOptions::default());
        assert_eq!(export.parquet, ParquetOptions::default());
    }

    #[test]
    fn validation_names_the_key() {
        ExportConfig::default().validate().unwrap();
        let mut config = ExportConfig::default();
        config.xlsx.compression_level = 0;
        let err = config.validate().unwrap_err();
        assert!(
            matches!(
                err,
                ExportError::Invalid {
                    key: "xlsx.compression_level",
                    ..
                }
            ),
            "{err}"
        );
        let mut config = ExportConfig::default();
        config.parquet.row_group_mib = 0;
        let err = config.validate().unwrap_err();
        assert!(
            err.to_string().starts_with("parquet.row_group_mib: "),
            "{err}"
        );
    }

    #[test]
    fn formats_parse_from_cli_lists() {
        let formats: Result<Vec<Format>, _> = "xlsx, parquet".split(',').map(str::parse).collect();
        assert_eq!(formats.unwrap(), vec![Format::Xlsx, Format::Parquet]);
        assert!("pdf".parse::<Format>().is_err());
    }
}
