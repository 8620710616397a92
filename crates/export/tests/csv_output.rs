//! CSV: round trip through the csv crate, the hostile fixture, and the options.

use newsmill_export::{
    restore_neutralised, BodyMode, CsvOptions, CsvWriter, Delimiter, Table, TableWriter,
    LIST_SEPARATOR, TRUNCATION_MARKER,
};
use newsmill_records::Record;

use crate::synthetic;

fn write(table: Table, records: &[Record], options: &CsvOptions) -> Vec<u8> {
    let mut writer = CsvWriter::new(Vec::new(), table, options).unwrap();
    for r in records {
        writer.write(r).unwrap();
    }
    writer.write_run(&synthetic::run(records)).unwrap();
    writer.into_inner().unwrap()
}

fn read(bytes: &[u8], delimiter: u8) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_reader(bytes);
    let header = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

fn column(header: &[String], name: &str) -> usize {
    header.iter().position(|h| h == name).unwrap()
}

/// True when a spreadsheet would treat the cell as a formula: it starts with an
/// OWASP trigger and is not a plain decimal number.
fn executable(cell: &str) -> bool {
    let unsigned = cell.strip_prefix(['+', '-']).unwrap_or(cell);
    let plain_number = unsigned.split('.').count() <= 2
        && unsigned
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !plain_number
}

#[test]
fn hostile_titles_come_back_intact_and_every_text_cell_is_inert() {
    let records = synthetic::hostile();
    let options = CsvOptions::default();
    for table in Table::ALL {
        let (header, rows) = read(&write(table, &records, &options), b',');
        let names: Vec<&str> = table.columns().iter().map(|c| c.name).collect();
        assert_eq!(header, names, "{table} header");
        for row in &rows {
            for (cell, col) in row.iter().zip(table.columns()) {
                assert!(
                    !executable(cell),
                    "{table}.{} is executable: {cell:?}",
                    col.name
                );
            }
        }
    }
    let (header, rows) = read(&write(Table::Articles, &records, &options), b',');
    assert_eq!(rows.len(), records.len());
    let (title, body, authors) = (
        column(&header, "title"),
        column(&header, "body"),
        column(&header, "authors"),
    );
    for (row, record) in rows.iter().zip(&records) {
        let original = record.article.title.as_deref().unwrap();
        assert_eq!(restore_neutralised(&row[title]), original);
        assert_eq!(row[body], record.article.body(), "body comes back whole");
        let joined = record.article.authors.join(LIST_SEPARATOR);
        assert_eq!(restore_neutralised(&row[authors]), joined);
    }
    assert_eq!(rows[0][title], "'=HYPERLINK(\"http://x\",\"y\")");
    assert_eq!(rows[1][title], "'@SUM(A1)");
    assert_eq!(rows[2][title], "+1", "a plain number stays a number");
    assert_eq!(rows[3][title], "'-2+3");
    assert_eq!(rows[6][title], "''=already quoted");
    assert!(rows[0][body].len() >= 100 * 1024);
    assert!(rows[0][body].contains("Мінск 🇧🇾"));
    let quotes = read(&write(Table::Quotes, &records, &options), b',').1;
    assert_eq!(quotes[0][3], "'+HYPERLINK(\"http://evil\")");
}

#[test]
fn numbers_and_bools_stay_typed() {
    let records = vec![synthetic::record("https://example.com/a", "A")];
    let options = CsvOptions::default();
    let (header, rows) = read(&write(Table::Entities, &records, &options), b',');
    let minsk = &rows[1];
    assert_eq!(minsk[column(&header, "latitude")], "53.9");
    assert_eq!(minsk[column(&header, "longitude")], "27.56667");
    assert_eq!(minsk[column(&header, "geonames_id")], "625144");
    assert_eq!(
        rows[0][column(&header, "geonames_id")],
        "",
        "null is an empty cell"
    );
    assert_eq!(rows[0][column(&header, "watched")], "true");
    let (header, rows) = read(&write(Table::Articles, &records, &options), b',');
    assert_eq!(rows[0][column(&header, "charset_confidence")], "0.9");
    assert_eq!(
        rows[0][column(&header, "published")],
        "2019-12-20T11:30:00+03:00"
    );
    assert_eq!(
        rows[0][column(&header, "fetched_at")],
        "2019-12-20T08:00:00Z"
    );
    let (header, rows) = read(&write(Table::Runs, &records, &options), b',');
    assert_eq!(rows[0][column(&header, "duration_s")], "42.5");
    assert_eq!(rows[0][column(&header, "exported")], "1");
}

#[test]
fn bom_semicolon_and_body_options() {
    let records = synthetic::hostile();
    let options = CsvOptions {
        bom: true,
        delimiter: Delimiter::Semicolon,
        body: BodyMode::Truncate(200),
        neutralise: true,
    };
    let bytes = write(Table::Articles, &records, &options);
    let text = std::str::from_utf8(&bytes).unwrap();
    let text = text.strip_prefix('\u{feff}').expect("BOM");
    let (header, rows) = read(text.as_bytes(), b';');
    let body = column(&header, "body");
    let first = &rows[0][body];
    assert!(first.ends_with(TRUNCATION_MARKER), "{first}");
    assert_eq!(
        first.chars().count(),
        200 + TRUNCATION_MARKER.chars().count()
    );
    assert!(records[0]
        .article
        .body()
        .starts_with(first.trim_end_matches(TRUNCATION_MARKER)));
    let short = &rows[2][body];
    assert_eq!(
        *short,
        records[2].article.body(),
        "short bodies are not marked"
    );
    let title = column(&header, "title");
    assert_eq!(rows[7][title], "line one\nline two, \"quoted\"; semi");

    let omit = CsvOptions {
        body: BodyMode::Omit,
        ..CsvOptions::default()
    };
    let (header, rows) = read(&write(Table::Articles, &records, &omit), b',');
    assert!(!header.iter().any(|h| h == "body"));
    assert_eq!(header.last().unwrap(), "tagging");
    assert!(rows.iter().all(|r| r.len() == header.len()));
}

#[test]
fn neutralisation_can_be_turned_off() {
    let records = synthetic::hostile();
    let raw = CsvOptions {
        neutralise: false,
        ..CsvOptions::default()
    };
    let (header, rows) = read(&write(Table::Articles, &records, &raw), b',');
    assert_eq!(
        rows[0][column(&header, "title")],
        "=HYPERLINK(\"http://x\",\"y\")"
    );
}

/// Property check without a property-testing dependency: 3,000 pseudo-random titles
/// over an alphabet of separators, quotes, formula triggers, digits, Cyrillic and
/// emoji survive the CSV round trip (after `restore_neutralised`) and are inert.
#[test]
fn random_titles_round_trip_and_stay_inert() {
    let alphabet: Vec<char> = "=+-@\t\r\n\"';,. 05aZЖя🇧🇾😀".chars().collect();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut record = synthetic::record("https://example.com/p", "p");
    let mut titles = Vec::new();
    let mut records = Vec::new();
    for _ in 0..3_000 {
        let len = (next() % 8) as usize;
        let title: String = (0..len)
            .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
            .collect();
        record.article.title = Some(title.clone());
        titles.push(title);
        records.push(record.clone());
    }
    for delimiter in [Delimiter::Comma, Delimiter::Semicolon] {
        let options = CsvOptions {
            delimiter,
            body: BodyMode::Omit,
            ..CsvOptions::default()
        };
        let (header, rows) = read(
            &write(Table::Articles, &records, &options),
            delimiter.byte(),
        );
        let title = column(&header, "title");
        assert_eq!(rows.len(), titles.len());
        for (row, want) in rows.iter().zip(&titles) {
            assert!(!executable(&row[title]), "{:?} is executable", row[title]);
            assert_eq!(restore_neutralised(&row[title]), *want);
        }
    }
}
