//! CSV: one file per table, RFC 4180, UTF-8, with spreadsheet-formula neutralisation.

use std::borrow::Cow;
use std::io::Write;

use newsmill_records::Run;

use crate::config::{BodyMode, CsvOptions};
use crate::error::WriteError;
use crate::table::{record_rows, rfc3339, run_rows, Cell, Prepared, Table};
use crate::writer::{sealed::WritePrepared, TableWriter};

/// Appended to a text cut short (CSV `truncate:N`, XLSX cell limit). The full text
/// is always in `articles.jsonl` and Parquet.
pub const TRUNCATION_MARKER: &str = " […truncated]";

/// The characters that make a spreadsheet read a cell as a formula (OWASP CSV
/// injection list).
const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Makes a text cell inert in spreadsheets: a cell starting with `=`, `+`, `-`, `@`,
/// tab or carriage return, or with one or more `'` followed by one of those, gets a
/// leading `'`. A cell that is a plain decimal number (`-5`, `+1.5`) is left alone,
/// since a spreadsheet reads it as that number and runs nothing. The rule is
/// reversible with [`restore_neutralised`].
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    let rest = cell.trim_start_matches('\'');
    let Some(first) = rest.chars().next() else {
        return Cow::Borrowed(cell);
    };
    if !TRIGGERS.contains(&first) || (rest.len() == cell.len() && is_plain_number(cell)) {
        return Cow::Borrowed(cell);
    }
    let mut out = String::with_capacity(cell.len() + 1);
    out.push('\'');
    out.push_str(cell);
    Cow::Owned(out)
}

/// Undoes [`neutralise`]: strips one leading `'` from a cell that starts with `'`s
/// followed by a trigger character.
pub fn restore_neutralised(cell: &str) -> Cow<'_, str> {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.trim_start_matches('\'').starts_with(TRIGGERS) => Cow::Borrowed(rest),
        _ => Cow::Borrowed(cell),
    }
}

/// `[+-]?digits[.digits]`.
fn is_plain_number(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (int, frac) = match s.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (s, None),
    };
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    digits(int) && frac.is_none_or(digits)
}

/// Cuts `text` to `max` characters plus [`TRUNCATION_MARKER`] when it is longer.
pub(crate) fn truncate_chars(text: &str, max: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => Cow::Borrowed(text),
        Some((cut, _)) => Cow::Owned(format!("{}{TRUNCATION_MARKER}", &text[..cut])),
    }
}

/// Writes one table as CSV into any `io::Write`.
pub struct CsvWriter<W: Write> {
    inner: ::csv::Writer<W>,
    table: Table,
    options: CsvOptions,
    /// Whether each of the table's columns is written (the body may be omitted).
    include: Vec<bool>,
    rows: u64,
}

impl<W: Write> CsvWriter<W> {
    /// Starts a CSV file for `table`: the BOM when asked for, then the header.
    pub fn new(mut writer: W, table: Table, options: &CsvOptions) -> Result<Self, WriteError> {
        if options.bom {
            writer.write_all("\u{feff}".as_bytes())?;
        }
        let inner = ::csv::WriterBuilder::new()
            .delimiter(options.delimiter.byte())
            .terminator(::csv::Terminator::CRLF)
            .quote_style(::csv::QuoteStyle::Necessary)
            .from_writer(writer);
        let include: Vec<bool> = table
            .columns()
            .iter()
            .map(|c| !(is_body(table, c.name) && options.body == BodyMode::Omit))
            .collect();
        let mut out = CsvWriter {
            inner,
            table,
            options: options.clone(),
            include,
            rows: 0,
        };
        let header: Vec<&str> = table
            .columns()
            .iter()
            .zip(&out.include)
            .filter(|(_, inc)| **inc)
            .map(|(c, _)| c.name)
            .collect();
        out.inner.write_record(&header)?;
        Ok(out)
    }

    /// The table this writer writes.
    pub fn table(&self) -> Table {
        self.table
    }

    /// Data rows written so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    fn write_row(&mut self, row: &[Cell<'_>]) -> Result<(), WriteError> {
        let columns = self.table.columns();
        for ((cell, column), include) in row.iter().zip(columns).zip(&self.include) {
            if !*include {
                continue;
            }
            let text: Cow<'_, str> = match cell {
                Cell::Null => Cow::Borrowed(""),
                Cell::Text(_) | Cell::List(_) => {
                    let mut text = cell.joined().unwrap_or_default();
                    if let (true, BodyMode::Truncate(max)) =
                        (is_body(self.table, column.name), self.options.body)
                    {
                        text = Cow::Owned(truncate_chars(&text, max).into_owned());
                    }
                    if self.options.neutralise && column.kind.is_text() {
                        if let Cow::Owned(safe) = neutralise(&text) {
                            text = Cow::Owned(safe);
                        }
                    }
                    text
                }
                Cell::Int(n) => Cow::Owned(n.to_string()),
                Cell::Float(x) => Cow::Owned(float_text(*x)),
                Cell::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
                Cell::Time(t) => Cow::Owned(rfc3339(t)),
            };
            self.inner.write_field(text.as_bytes())?;
        }
        self.inner.write_record(None::<&[u8]>)?;
        self.rows += 1;
        Ok(())
    }

    /// Flushes and returns the underlying writer.
    pub fn into_inner(self) -> Result<W, WriteError> {
        self.inner
            .into_inner()
            .map_err(|e| WriteError::Io(e.into_error()))
    }
}

/// A float as its shortest decimal, with at least one decimal place (`1.0`, not
/// `1`), so pandas and DuckDB read the column as a float even when every value is
/// whole. Non-finite values never get here (they are written as null).
pub(crate) fn float_text(x: f64) -> String {
    let mut text = x.to_string();
    if !text.contains(['.', 'e', 'E', 'N', 'n']) {
        text.push_str(".0");
    }
    text
}

fn is_body(table: Table, column: &str) -> bool {
    table == Table::Articles && column == "body"
}

impl<W: Write> WritePrepared for CsvWriter<W> {
    fn write_prepared(&mut self, prepared: &Prepared<'_>) -> Result<(), WriteError> {
        record_rows(self.table, prepared, |row| self.write_row(row))
    }
}

impl<W: Write> TableWriter for CsvWriter<W> {
    fn write_run(&mut self, run: &Run) -> Result<(), WriteError> {
        run_rows(self.table, run, |row| self.write_row(row))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Delimiter;

    #[test]
    fn neutralises_the_owasp_list_and_leaves_numbers_and_plain_text() {
        let cases = [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "'=HYPERLINK(\"http://x\",\"y\")",
            ),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("-2+3", "'-2+3"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("-", "'-"),
            ("+", "'+"),
            ("'=x", "''=x"),
            ("'+5", "''+5"),
            ("+1", "+1"),
            ("-5", "-5"),
            ("-12.5", "-12.5"),
            ("-1e5", "'-1e5"),
            ("-.5", "'-.5"),
            ("plain", "plain"),
            ("'quoted", "'quoted"),
            ("", ""),
            ("Мінск = 🇧🇾", "Мінск = 🇧🇾"),
        ];
        for (input, want) in cases {
            let got = neutralise(input);
            assert_eq!(got, want, "neutralise({input:?})");
            assert_eq!(restore_neutralised(&got), input, "restore({got:?})");
        }
    }

    #[test]
    fn floats_keep_a_decimal_place() {
        assert_eq!(float_text(1.0), "1.0");
        assert_eq!(float_text(0.9), "0.9");
        assert_eq!(float_text(-12.0), "-12.0");
        assert_eq!(float_text(53.904), "53.904");
        assert_eq!(float_text(1e20), "100000000000000000000.0");
    }

    #[test]
    fn truncation_counts_characters_and_marks_the_cut() {
        assert_eq!(truncate_chars("abc", 3), "abc");
        assert_eq!(truncate_chars("Мінск", 2), format!("Мі{TRUNCATION_MARKER}"));
        assert_eq!(truncate_chars("🇧🇾🇧🇾", 2), format!("🇧🇾{TRUNCATION_MARKER}"));
    }

    #[test]
    fn header_follows_options() {
        let options = CsvOptions {
            bom: true,
            delimiter: Delimiter::Semicolon,
            body: BodyMode::Omit,
            neutralise: true,
        };
        let out = CsvWriter::new(Vec::new(), Table::Articles, &options)
            .unwrap()
            .into_inner()
            .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.starts_with("\u{feff}article_id;revision;url;"),
            "{text}"
        );
        assert!(text.ends_with(";run_id;tagging\r\n"), "{text}");
    }
}
