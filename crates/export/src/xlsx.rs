//! XLSX: one workbook with a sheet per table, written row by row in
//! rust_xlsxwriter's constant-memory mode.

use std::borrow::Cow;
use std::io::{Seek, Write};
use std::path::Path;

use newsmill_records::Run;
use rust_xlsxwriter::{Format, Url, Workbook, XlsxError};

use crate::config::{BodyMode, XlsxOptions};
use crate::csv::{truncate_chars, TRUNCATION_MARKER};
use crate::error::WriteError;
use crate::table::{record_rows, run_rows, Cell, Column, Kind, Prepared, Table};
use crate::writer::{sealed::WritePrepared, TableWriter};

/// Excel's cell limit, in UTF-16 code units.
pub const MAX_CELL_CHARS: usize = 32_767;
/// Excel's URL limit: longer URLs are written as plain text.
pub const MAX_URL_CHARS: usize = 2_079;
/// Excel's limit of hyperlinks per sheet: later URLs are written as plain text.
pub const MAX_LINKS_PER_SHEET: u32 = 65_530;
/// Excel's row limit (header included); a table with more rows continues on a sheet
/// named `<table> (2)`, `<table> (3)`, ….
pub const MAX_ROWS_PER_SHEET: u32 = 1_048_576;

/// One worksheet of a table.
struct Sheet {
    /// Index in the workbook.
    index: usize,
    /// Rows written, header included.
    rows: u32,
    /// Hyperlinks written.
    links: u32,
}

/// The sheets of one table.
struct TableSheets {
    table: Table,
    /// Whether each of the table's columns is written (the body may be omitted).
    include: Vec<bool>,
    sheets: Vec<Sheet>,
}

/// Writes every table into one XLSX workbook.
pub struct XlsxWriter {
    workbook: Workbook,
    options: XlsxOptions,
    tables: Vec<TableSheets>,
    header: Format,
    date: Format,
    /// Rows per sheet, header included ([`MAX_ROWS_PER_SHEET`]; smaller in tests).
    max_rows: u32,
}

impl XlsxWriter {
    /// Starts a workbook with one sheet per table (the header row written, frozen).
    /// Row data is buffered in temporary files in the system temp folder.
    pub fn new(options: &XlsxOptions) -> Result<XlsxWriter, WriteError> {
        XlsxWriter::build(options, None)
    }

    /// Like [`XlsxWriter::new`], buffering rows in `tempdir`.
    pub fn new_in(options: &XlsxOptions, tempdir: &Path) -> Result<XlsxWriter, WriteError> {
        XlsxWriter::build(options, Some(tempdir))
    }

    fn build(options: &XlsxOptions, tempdir: Option<&Path>) -> Result<XlsxWriter, WriteError> {
        if !(1..=9).contains(&options.compression_level) {
            return Err(WriteError::Xlsx(XlsxError::ParameterError(format!(
                "compression_level {} is outside 1..=9",
                options.compression_level
            ))));
        }
        let mut workbook = Workbook::new();
        workbook.set_zip_compression_level(options.compression_level);
        if let Some(dir) = tempdir {
            workbook.set_tempdir(dir)?;
        }
        let mut writer = XlsxWriter {
            workbook,
            options: options.clone(),
            tables: Vec::new(),
            header: Format::new().set_bold(),
            date: Format::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
            max_rows: MAX_ROWS_PER_SHEET,
        };
        for table in Table::ALL {
            let include = table
                .columns()
                .iter()
                .map(|c| !(is_body(table, c.name) && options.body == BodyMode::Omit))
                .collect();
            writer.tables.push(TableSheets {
                table,
                include,
                sheets: Vec::new(),
            });
            writer.add_sheet(writer.tables.len() - 1)?;
        }
        Ok(writer)
    }

    /// Adds a sheet for table number `t`, with its header, widths and frozen header.
    fn add_sheet(&mut self, t: usize) -> Result<(), XlsxError> {
        let index = self.tables.iter().map(|t| t.sheets.len()).sum();
        let part = self.tables[t].sheets.len() + 1;
        let table = self.tables[t].table;
        let name = match part {
            1 => table.name().to_string(),
            n => format!("{} ({n})", table.name()),
        };
        let sheet = self.workbook.add_worksheet_with_constant_memory()?;
        sheet.set_name(name)?;
        let columns = table
            .columns()
            .iter()
            .zip(&self.tables[t].include)
            .filter(|(_, inc)| **inc);
        for (c, (column, _)) in columns.enumerate() {
            let c = c as u16;
            sheet.set_column_width(c, width(column))?;
            sheet.write_string_with_format(0, c, column.name, &self.header)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        self.tables[t].sheets.push(Sheet {
            index,
            rows: 1,
            links: 0,
        });
        Ok(())
    }

    fn write_row(&mut self, t: usize, row: &[Cell<'_>]) -> Result<(), WriteError> {
        if self.tables[t].sheets.last().map_or(0, |s| s.rows) >= self.max_rows {
            self.add_sheet(t)?;
        }
        let XlsxWriter {
            workbook,
            options,
            tables,
            date,
            ..
        } = self;
        let entry = &mut tables[t];
        let Some(state) = entry.sheets.last_mut() else {
            return Ok(());
        };
        let sheet = workbook.worksheet_from_index(state.index)?;
        let r = state.rows;
        let columns = entry.table.columns().iter().zip(&entry.include);
        let mut c: u16 = 0;
        for (cell, (column, include)) in row.iter().zip(columns) {
            if !*include {
                continue;
            }
            match cell {
                Cell::Null => {}
                Cell::Text(_) | Cell::List(_) => {
                    let mut text = cell.joined().unwrap_or_default();
                    if let (true, BodyMode::Truncate(max)) =
                        (is_body(entry.table, column.name), options.body)
                    {
                        text = Cow::Owned(truncate_chars(&text, max).into_owned());
                    }
                    let link = column.kind == Kind::Url
                        && options.hyperlinks
                        && state.links < MAX_LINKS_PER_SHEET
                        && (text.starts_with("http://") || text.starts_with("https://"))
                        && utf16_len(&text) <= MAX_URL_CHARS;
                    if link {
                        sheet.write_url(r, c, Url::new(text.as_ref()))?;
                        state.links += 1;
                    } else {
                        sheet.write_string(r, c, fit_cell(&text))?;
                    }
                }
                Cell::Int(n) => {
                    sheet.write_number(r, c, *n as f64)?;
                }
                Cell::Float(x) => {
                    sheet.write_number(r, c, *x)?;
                }
                Cell::Bool(b) => {
                    sheet.write_boolean(r, c, *b)?;
                }
                Cell::Time(t) => {
                    sheet.write_datetime_with_format(r, c, t.naive_utc(), date)?;
                }
            }
            c += 1;
        }
        state.rows += 1;
        Ok(())
    }

    /// Adds an autofilter over each sheet's rows and writes the workbook into
    /// `writer`.
    pub fn finish<W: Write + Seek + Send>(mut self, writer: W) -> Result<(), WriteError> {
        for entry in &self.tables {
            let columns = entry.include.iter().filter(|i| **i).count() as u16;
            for state in &entry.sheets {
                let sheet = self.workbook.worksheet_from_index(state.index)?;
                sheet.autofilter(0, 0, state.rows.saturating_sub(1), columns - 1)?;
            }
        }
        self.workbook.save_to_writer(writer)?;
        Ok(())
    }
}

fn is_body(table: Table, column: &str) -> bool {
    table == Table::Articles && column == "body"
}

fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// Cuts `text` to Excel's cell limit, ending with [`TRUNCATION_MARKER`] when cut.
fn fit_cell(text: &str) -> Cow<'_, str> {
    if text.len() <= MAX_CELL_CHARS || utf16_len(text) <= MAX_CELL_CHARS {
        return Cow::Borrowed(text);
    }
    let budget = MAX_CELL_CHARS - utf16_len(TRUNCATION_MARKER);
    let mut used = 0;
    let mut cut = 0;
    for (i, ch) in text.char_indices() {
        if used + ch.len_utf16() > budget {
            break;
        }
        used += ch.len_utf16();
        cut = i + ch.len_utf8();
    }
    Cow::Owned(format!("{}{TRUNCATION_MARKER}", &text[..cut]))
}

/// Column width in characters, by column and kind.
fn width(column: &Column) -> f64 {
    let by_name = match column.name {
        "body" => Some(80.0),
        "title" | "description" | "quote" | "reason" | "config" | "item" => Some(50.0),
        "article_id" | "content_hash" => Some(18.0),
        "run_id" => Some(18.0),
        _ => None,
    };
    let by_kind: f64 = match column.kind {
        Kind::Text => 18.0,
        Kind::Url => 45.0,
        Kind::List => 30.0,
        Kind::Int => 10.0,
        Kind::Float => 12.0,
        Kind::Bool => 10.0,
        Kind::Timestamp => 20.0,
    };
    let header = column.name.len() as f64 + 3.0;
    by_name.unwrap_or(by_kind).max(header)
}

impl WritePrepared for XlsxWriter {
    fn write_prepared(&mut self, prepared: &Prepared<'_>) -> Result<(), WriteError> {
        for t in 0..self.tables.len() {
            let table = self.tables[t].table;
            if table.per_record() {
                record_rows(table, prepared, |row| self.write_row(t, row))?;
            }
        }
        Ok(())
    }
}

impl TableWriter for XlsxWriter {
    fn write_run(&mut self, run: &Run) -> Result<(), WriteError> {
        for t in 0..self.tables.len() {
            let table = self.tables[t].table;
            if !table.per_record() {
                run_rows(table, run, |row| self.write_row(t, row))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{fixture, sheet_xml};

    #[test]
    fn full_sheets_continue_on_numbered_sheets() {
        let mut writer = XlsxWriter::new(&XlsxOptions::default()).unwrap();
        writer.max_rows = 3;
        let records: Vec<_> = (0..3).map(|i| fixture::synthetic(i, 2)).collect();
        for r in &records {
            writer.write(r).unwrap();
        }
        writer.write_run(&fixture::run(&records)).unwrap();
        let mut out = std::io::Cursor::new(Vec::new());
        writer.finish(&mut out).unwrap();
        let sheets = sheet_xml::sheets(&out.into_inner());
        let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names[..7],
            Table::ALL.map(Table::name),
            "first sheets in table order"
        );
        // 3 articles, 15 entities, 6 mentions, 6 quotes at 2 data rows per sheet.
        for (table, count) in [
            ("articles", 2),
            ("entities", 8),
            ("mentions", 3),
            ("quotes", 3),
        ] {
            for part in 2..=count {
                let name = format!("{table} ({part})");
                assert!(
                    names.contains(&name.as_str()),
                    "{name} missing from {names:?}"
                );
            }
        }
        assert_eq!(names.len(), 7 + 1 + 7 + 2 + 2);
        let mut mention_texts = Vec::new();
        for sheet in sheets.iter().filter(|s| s.name.starts_with("mentions")) {
            assert_eq!(
                sheet.text(0, 0),
                Some("article_id"),
                "{}: header",
                sheet.name
            );
            assert!(sheet.rows() <= 3, "{}: {} rows", sheet.name, sheet.rows());
            assert!(sheet.xml.contains("<autoFilter "), "{}", sheet.name);
            for row in 1..sheet.rows() {
                mention_texts.push(sheet.text(row, 3).unwrap().to_string());
            }
        }
        let want: Vec<String> = records
            .iter()
            .flat_map(|r| r.tagged.mentions.iter().map(|m| m.text.clone()))
            .collect();
        assert_eq!(mention_texts, want, "every mention once, in order");
    }

    #[test]
    fn cells_fit_excels_limit_in_utf16_units() {
        let short = "Мінск 🇧🇾";
        assert_eq!(fit_cell(short), short);
        let long = "🇧🇾".repeat(20_000);
        let fitted = fit_cell(&long);
        assert!(utf16_len(&fitted) <= MAX_CELL_CHARS);
        assert!(fitted.ends_with(TRUNCATION_MARKER));
        assert!(long.starts_with(fitted.trim_end_matches(TRUNCATION_MARKER)));
        let exact = "a".repeat(MAX_CELL_CHARS);
        assert_eq!(fit_cell(&exact).len(), MAX_CELL_CHARS);
    }
}
