//! Reads back the cells of an XLSX workbook from its XML (enough for tests: inline
//! and shared strings, numbers, booleans, styles), with no spreadsheet library.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

/// A cell's value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Text(String),
    Number(f64),
    Bool(bool),
}

/// A cell: value and style index.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub value: Value,
    pub style: Option<u32>,
}

/// One worksheet: its name, raw XML and cells by (row, column), 0-based.
pub struct Sheet {
    pub name: String,
    pub xml: String,
    pub cells: BTreeMap<(u32, u32), Cell>,
}

impl Sheet {
    pub fn text(&self, row: u32, col: u32) -> Option<&str> {
        match self.cells.get(&(row, col)).map(|c| &c.value) {
            Some(Value::Text(s)) => Some(s),
            _ => None,
        }
    }

    pub fn header(&self) -> Vec<String> {
        (0..)
            .map_while(|c| self.text(0, c).map(str::to_string))
            .collect()
    }

    pub fn column(&self, name: &str) -> u32 {
        self.header().iter().position(|h| h == name).unwrap() as u32
    }

    pub fn rows(&self) -> u32 {
        self.cells.keys().map(|(r, _)| r + 1).max().unwrap_or(0)
    }
}

/// Every file of the workbook, by path.
pub fn files(xlsx: &[u8]) -> BTreeMap<String, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(xlsx)).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let mut text = String::new();
        file.read_to_string(&mut text).unwrap();
        out.insert(file.name().unwrap().to_string(), text);
    }
    out
}

/// The worksheets in workbook order.
pub fn sheets(xlsx: &[u8]) -> Vec<Sheet> {
    let files = files(xlsx);
    let shared: Vec<String> = files
        .get("xl/sharedStrings.xml")
        .map(|x| {
            between_all(x, "<si>", "</si>")
                .into_iter()
                .map(|si| text_of(&si))
                .collect()
        })
        .unwrap_or_default();
    let workbook = &files["xl/workbook.xml"];
    between_all(workbook, "<sheet ", "/>")
        .iter()
        .enumerate()
        .map(|(i, attrs)| {
            let name = unescape(&attr(attrs, "name").unwrap());
            let xml = files[&format!("xl/worksheets/sheet{}.xml", i + 1)].clone();
            let cells = parse_cells(&xml, &shared);
            Sheet { name, xml, cells }
        })
        .collect()
}

fn parse_cells(xml: &str, shared: &[String]) -> BTreeMap<(u32, u32), Cell> {
    let mut cells = BTreeMap::new();
    let mut rest = xml;
    while let Some(start) = rest.find("<c ") {
        rest = &rest[start + 3..];
        let open_end = rest.find('>').unwrap();
        let self_closing = rest[..open_end].ends_with('/');
        let attrs = &rest[..open_end];
        let reference = attr(attrs, "r").unwrap();
        let style = attr(attrs, "s").map(|s| s.parse().unwrap());
        let kind = attr(attrs, "t");
        if self_closing {
            rest = &rest[open_end..];
            continue;
        }
        let close = rest.find("</c>").unwrap();
        let inner = &rest[open_end + 1..close];
        let value = match kind.as_deref() {
            Some("inlineStr") => Value::Text(text_of(inner)),
            Some("s") => {
                let v: usize = between(inner, "<v>", "</v>").unwrap().parse().unwrap();
                Value::Text(shared[v].clone())
            }
            Some("str") => Value::Text(unescape(&between(inner, "<v>", "</v>").unwrap())),
            Some("b") => Value::Bool(between(inner, "<v>", "</v>").unwrap() == "1"),
            _ => Value::Number(between(inner, "<v>", "</v>").unwrap().parse().unwrap()),
        };
        cells.insert(cell_ref(&reference), Cell { value, style });
        rest = &rest[close..];
    }
    cells
}

/// "AB12" → (11, 27).
fn cell_ref(r: &str) -> (u32, u32) {
    let letters: String = r.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let col = letters
        .bytes()
        .fold(0u32, |acc, b| acc * 26 + u32::from(b - b'A' + 1))
        - 1;
    let row: u32 = r[letters.len()..].parse().unwrap();
    (row - 1, col)
}

/// The concatenated `<t>` texts of a string item.
fn text_of(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(start) = rest.find("<t") {
        let after = &rest[start + 2..];
        let open_end = after.find('>').unwrap();
        let body = &after[open_end + 1..];
        let end = body.find("</t>").unwrap();
        out.push_str(&unescape(&body[..end]));
        rest = &body[end..];
    }
    out
}

pub fn attr(attrs: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let padded = format!(" {attrs}");
    let start = padded.find(&key)? + key.len();
    let end = padded[start..].find('"')?;
    Some(padded[start..start + end].to_string())
}

pub fn between(s: &str, open: &str, close: &str) -> Option<String> {
    let start = s.find(open)? + open.len();
    let end = s[start..].find(close)?;
    Some(s[start..start + end].to_string())
}

pub fn between_all(s: &str, open: &str, close: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(start) = rest.find(open) {
        let from = start + open.len();
        let Some(end) = rest[from..].find(close) else {
            break;
        };
        out.push(rest[from..from + end].to_string());
        rest = &rest[from + end + close.len()..];
    }
    out
}

/// XML entities, then Excel's `_xHHHH_` escapes.
pub fn unescape(s: &str) -> String {
    let s = s
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&");
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let bytes = s.as_bytes();
    while i < s.len() {
        let hex = s
            .get(i + 2..i + 6)
            .filter(|_| bytes[i] == b'_' && bytes[i + 1] == b'x');
        if let (Some(hex), Some(b'_')) = (hex, bytes.get(i + 6)) {
            if let Ok(code) = u32::from_str_radix(hex, 16) {
                if let Some(ch) = char::from_u32(code) {
                    out.push(ch);
                    i += 7;
                    continue;
                }
            }
        }
        let ch = s[i..].chars().next().unwrap();
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}
