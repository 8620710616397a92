//! XLSX: sheets, header, filters, dates, links, limits and the hostile fixture, read
//! back from the workbook's XML.

use std::io::Cursor;

use newsmill_export::{
    BodyMode, Table, TableWriter, XlsxOptions, XlsxWriter, LIST_SEPARATOR, MAX_CELL_CHARS,
    TRUNCATION_MARKER,
};
use newsmill_records::Record;

use crate::sheet_xml::{self, Value};
use crate::synthetic;

fn workbook(records: &[Record], options: &XlsxOptions) -> Vec<u8> {
    let mut writer = XlsxWriter::new(options).unwrap();
    for r in records {
        writer.write(r).unwrap();
    }
    writer.write_run(&synthetic::run(records)).unwrap();
    let mut out = Cursor::new(Vec::new());
    writer.finish(&mut out).unwrap();
    out.into_inner()
}

#[test]
fn one_sheet_per_table_with_frozen_filtered_header() {
    let records = vec![synthetic::record("https://example.com/a", "A")];
    let sheets = sheet_xml::sheets(&workbook(&records, &XlsxOptions::default()));
    let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
    let tables: Vec<&str> = Table::ALL.iter().map(|t| t.name()).collect();
    assert_eq!(names, tables);
    for (sheet, table) in sheets.iter().zip(Table::ALL) {
        let columns: Vec<&str> = table.columns().iter().map(|c| c.name).collect();
        assert_eq!(sheet.header(), columns, "{table}");
        assert!(
            sheet.xml.contains(r#"ySplit="1""#),
            "{table}: header not frozen"
        );
        assert!(
            sheet.xml.contains("<autoFilter ref=\"A1:"),
            "{table}: no autofilter"
        );
        assert!(sheet.xml.contains("<col "), "{table}: no column widths");
    }
    let entities = &sheets[1];
    assert_eq!(entities.rows(), 3);
    assert_eq!(
        entities.xml.matches("<autoFilter ref=\"A1:L3\"").count(),
        1,
        "filter covers header and rows"
    );
}

#[test]
fn dates_are_real_dates_numbers_are_numbers_and_urls_are_links() {
    let records = vec![synthetic::record("https://example.com/a", "A")];
    let bytes = workbook(&records, &XlsxOptions::default());
    let sheets = sheet_xml::sheets(&bytes);
    let articles = &sheets[0];
    let published = &articles.cells[&(1, articles.column("published"))];
    // 2019-12-20T11:30:00+03:00 is 08:30 UTC: Excel serial 43819 + 8.5/24.
    let Value::Number(serial) = published.value else {
        panic!("published is not a number: {published:?}");
    };
    assert!((serial - (43_819.0 + 8.5 / 24.0)).abs() < 1e-6, "{serial}");
    let style = published.style.expect("date cell has a style");
    let styles = &sheet_xml::files(&bytes)["xl/styles.xml"];
    assert!(styles.contains("yyyy-mm-dd hh:mm:ss"), "date format");
    let xfs = sheet_xml::between(styles, "<cellXfs", "</cellXfs>").unwrap();
    let xf = &sheet_xml::between_all(&xfs, "<xf ", ">")[style as usize];
    assert_ne!(
        sheet_xml::attr(xf, "numFmtId").as_deref(),
        Some("0"),
        "{xf}"
    );
    assert_eq!(
        articles.cells[&(1, articles.column("word_count"))].value,
        Value::Number(24.0)
    );
    assert_eq!(
        articles.cells[&(1, articles.column("paywalled"))].value,
        Value::Bool(false)
    );
    assert_eq!(
        articles.text(1, articles.column("authors")),
        Some(records[0].article.authors.join(LIST_SEPARATOR).as_str())
    );
    // url, canonical_url and lead_image are links.
    assert_eq!(articles.xml.matches("<hyperlink ").count(), 3);
    let rels = &sheet_xml::files(&bytes)["xl/worksheets/_rels/sheet1.xml.rels"];
    assert!(rels.contains("Target=\"https://example.com/a\""), "{rels}");
}

#[test]
fn hostile_titles_are_plain_strings_and_long_bodies_are_cut_with_a_marker() {
    let records = synthetic::hostile();
    let bytes = workbook(&records, &XlsxOptions::default());
    let sheets = sheet_xml::sheets(&bytes);
    for sheet in &sheets {
        assert!(
            !sheet.xml.contains("<f>"),
            "{}: a formula was written",
            sheet.name
        );
        assert!(
            !sheet.xml.contains("<f "),
            "{}: a formula was written",
            sheet.name
        );
    }
    let articles = &sheets[0];
    let title = articles.column("title");
    for (i, record) in records.iter().enumerate() {
        let row = i as u32 + 1;
        let want = record.article.title.as_deref().unwrap();
        assert_eq!(articles.text(row, title), Some(want), "row {row}");
    }
    let body = articles.text(1, articles.column("body")).unwrap();
    let full = records[0].article.body();
    let utf16 = body.chars().map(char::len_utf16).sum::<usize>();
    assert!(utf16 <= MAX_CELL_CHARS, "{utf16}");
    assert!(body.ends_with(TRUNCATION_MARKER));
    assert!(full.starts_with(body.trim_end_matches(TRUNCATION_MARKER)));
    assert!(
        utf16 > MAX_CELL_CHARS - 100,
        "cut close to the limit: {utf16}"
    );
    let quotes = &sheets[3];
    assert_eq!(quotes.text(1, 3), Some("+HYPERLINK(\"http://evil\")"));
}

#[test]
fn long_urls_are_text_and_body_can_be_omitted() {
    let mut record = synthetic::record("https://example.com/a", "A");
    let long = format!("https://example.com/{}", "x".repeat(2_100));
    record.article.lead_image = Some(long.clone());
    record.article.canonical_url = Some("not a url".into());
    let options = XlsxOptions {
        body: BodyMode::Omit,
        ..XlsxOptions::default()
    };
    let sheets = sheet_xml::sheets(&workbook(&[record], &options));
    let articles = &sheets[0];
    assert!(!articles.header().iter().any(|h| h == "body"));
    assert_eq!(
        articles.xml.matches("<hyperlink ").count(),
        1,
        "only url is a link"
    );
    assert_eq!(
        articles.text(1, articles.column("lead_image")),
        Some(long.as_str())
    );

    let plain = XlsxOptions {
        hyperlinks: false,
        ..XlsxOptions::default()
    };
    let record = synthetic::record("https://example.com/a", "A");
    let sheets = sheet_xml::sheets(&workbook(&[record], &plain));
    assert!(!sheets[0].xml.contains("<hyperlink "));
}

#[test]
fn a_bad_compression_level_is_refused() {
    let options = XlsxOptions {
        compression_level: 0,
        ..XlsxOptions::default()
    };
    let err = XlsxWriter::new(&options).err().expect("level 0 refused");
    assert!(err.to_string().contains("compression_level"), "{err}");
}
