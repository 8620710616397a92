//! Extracts articles from HTML files and prints one JSON line per file.
//!
//! ```text
//! cargo run --release -p newsmill-scrape --example extract -- [--urls ground-truth.json] [--url URL] FILE...
//! ```
//!
//! `FILE` may be plain HTML or `.html.gz`. The record's `id` is the file name without
//! `.gz` and `.html`/`.htm`. `--urls` maps ids to page URLs (a JSON object
//! `{id: {"url": ...}}` or `{id: url}`), as the benchmarks' ground truth does;
//! `--url` gives one URL for all files. Pages judged not to be articles still get
//! their line, with `not_article` giving the reason; unreadable pages get `error`.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitCode;

use newsmill_records::Page;
use newsmill_scrape::{Extractor, ScrapeConfig};
use serde_json::{json, Value};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("extract: {e}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let mut files = Vec::new();
    let mut urls: HashMap<String, String> = HashMap::new();
    let mut one_url: Option<String> = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--urls" => {
                let path = args.next().ok_or("--urls needs a file")?;
                urls = read_urls(&path)?;
            }
            "--url" => one_url = Some(args.next().ok_or("--url needs a URL")?),
            "-h" | "--help" => {
                println!("usage: extract [--urls ground-truth.json] [--url URL] FILE...");
                return Ok(());
            }
            _ => files.push(a),
        }
    }
    let extractor = Extractor::new(ScrapeConfig::default()).map_err(|e| e.to_string())?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for file in files {
        let id = file_id(&file);
        let bytes = read_file(&file)?;
        let url = one_url
            .clone()
            .or_else(|| urls.get(&id).cloned())
            .unwrap_or_else(|| format!("file://{}", file));
        let page = Page::from_bytes("extract", &url, bytes);
        let record = match extractor.extract_lenient(&page) {
            Ok((a, not_article)) => {
                let body = a.body();
                json!({
                    "id": id, "url": a.url, "canonical_url": a.canonical_url, "title": a.title,
                    "authors": a.authors, "published": a.published, "modified": a.modified,
                    "language": a.language, "description": a.description, "section": a.section,
                    "tags": a.tags, "word_count": a.word_count, "lead_image": a.lead_image,
                    "images": a.images, "flags": a.flags, "provenance": a.provenance,
                    "not_article": not_article, "body": body,
                })
            }
            Err(e) => json!({"id": id, "url": url, "error": e.to_string(), "body": ""}),
        };
        serde_json::to_writer(&mut out, &record).map_err(|e| e.to_string())?;
        out.write_all(b"\n").map_err(|e| e.to_string())?;
    }
    out.flush().map_err(|e| e.to_string())
}

fn file_id(path: &str) -> String {
    let name = Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    let name = name
        .strip_suffix(".html")
        .or_else(|| name.strip_suffix(".htm"))
        .unwrap_or(name);
    name.to_string()
}

fn read_file(path: &str) -> Result<Vec<u8>, String> {
    let raw = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
    if path.ends_with(".gz") {
        // The gzip trailer gives the size (mod 4 GiB): one allocation, no regrowth.
        let size = raw
            .last_chunk::<4>()
            .map(|t| u32::from_le_bytes(*t) as usize)
            .filter(|&n| n <= 1 << 28)
            .unwrap_or(raw.len() * 4);
        let mut out = Vec::with_capacity(size + 1);
        flate2::read::GzDecoder::new(&raw[..])
            .read_to_end(&mut out)
            .map_err(|e| format!("{path}: {e}"))?;
        Ok(out)
    } else {
        Ok(raw)
    }
}

fn read_urls(path: &str) -> Result<HashMap<String, String>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let v: Value = serde_json::from_str(&text).map_err(|e| format!("{path}: {e}"))?;
    let obj = v
        .as_object()
        .ok_or(format!("{path}: expected a JSON object"))?;
    Ok(obj
        .iter()
        .filter_map(|(k, v)| {
            let url = v
                .as_str()
                .or_else(|| v.get("url").and_then(Value::as_str))?;
            Some((k.clone(), url.to_string()))
        })
        .collect())
}
