//! `newsmill extract FILE... [--url URL | --urls MAP.json] [--no-tag]`: one JSON
//! line per HTML file (plain or gzip-compressed) on stdout, in input order.
//!
//! Each line holds the article's fields as exported (`id`, `url`, `title`,
//! `authors`, `published`, …, `blocks`, `images`, `flags`, `provenance`) plus
//! `body` (the blocks joined by blank lines), `article_id` (the stable id derived
//! from the URL) and, unless `--no-tag`, the `entities`, `mentions` and `quotes`
//! arrays. `id` is the file name without `.gz` and `.html`/`.htm`
//! (`blog.example.com.html.gz` → `blog.example.com`). A page the extractor judges
//! not to be an article (listing, stub) is still printed, with the reason in
//! `not_article`. A file that cannot be read (missing, not HTML, bad gzip) gets one
//! line on stderr naming it; the other files go on, and the exit code is 1 when any
//! file failed.

use std::collections::HashMap;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use newsmill_records::Page;
use newsmill_scrape::Extractor;
use newsmill_tag::Tagger;
use rayon::prelude::*;
use serde_json::{Map, Value};

use crate::args::{ExtractArgs, Locations};
use crate::commands::{build_extractor, build_tagger};
use crate::config::ConfigFile;

/// Runs the command.
pub fn run(args: ExtractArgs) -> Result<ExitCode> {
    let (extractor, watchlist) = match &args.config {
        Some(path) => {
            let config = ConfigFile::read(path)?.resolve_offline(&Locations::default())?;
            (build_extractor(&config)?, config.watchlist)
        }
        None => (
            Extractor::new(Default::default()).context("cannot build the extractor")?,
            None,
        ),
    };
    let tagger = if args.no_tag {
        None
    } else {
        Some(build_tagger(watchlist.as_deref())?)
    };
    let urls = match &args.urls {
        Some(path) => read_url_map(path)?,
        None => HashMap::new(),
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.max(1))
        .build()
        .context("cannot start worker threads")?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut failed = 0usize;
    for chunk in args.files.chunks(args.jobs.max(1) * 16) {
        let lines: Vec<Result<String>> = pool.install(|| {
            chunk
                .par_iter()
                .map(|file| {
                    let url = args
                        .url
                        .as_deref()
                        .or_else(|| urls.get(&file_id(file)).map(String::as_str));
                    let value = extract_file(file, url, &extractor, tagger.as_ref())?;
                    Ok(serde_json::to_string(&value)?)
                })
                .collect()
        });
        for (file, line) in chunk.iter().zip(lines) {
            match line {
                Ok(line) => writeln!(out, "{line}").context("cannot write to stdout")?,
                Err(err) => {
                    failed += 1;
                    out.flush().context("cannot write to stdout")?;
                    eprintln!("newsmill: {}: {err:#}", file.display());
                }
            }
        }
    }
    out.flush().context("cannot write to stdout")?;
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The `id` of a file: its name without `.gz` and then `.html`/`.htm`.
pub fn file_id(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = strip_suffix_ci(&name, ".gz");
    let name = strip_suffix_ci(name, ".html");
    let name = strip_suffix_ci(name, ".htm");
    name.to_string()
}

fn strip_suffix_ci<'a>(name: &'a str, suffix: &str) -> &'a str {
    let cut = name.len().saturating_sub(suffix.len());
    match name.get(cut..) {
        Some(tail) if tail.eq_ignore_ascii_case(suffix) && cut > 0 => &name[..cut],
        _ => name,
    }
}

/// Reads a `--urls` file: `{id: url}` or `{id: {"url": url, ...}}`.
fn read_url_map(path: &Path) -> Result<HashMap<String, String>> {
    let name = path.display();
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {name}"))?;
    let value: Value =
        serde_json::from_str(&text).with_context(|| format!("{name}: invalid JSON"))?;
    let Value::Object(map) = value else {
        anyhow::bail!("{name}: expected a JSON object of file ids to URLs");
    };
    map.into_iter()
        .map(|(id, v)| {
            let url = match &v {
                Value::String(u) => Some(u.clone()),
                Value::Object(o) => o.get("url").and_then(Value::as_str).map(str::to_string),
                _ => None,
            };
            url.map(|u| (id.clone(), u))
                .with_context(|| format!("{name}: entry {id:?} has no URL string"))
        })
        .collect()
}

fn read_html(path: &Path) -> Result<Vec<u8>> {
    let raw = std::fs::read(path).context("cannot read the file")?;
    if raw.starts_with(&[0x1f, 0x8b]) {
        // The gzip trailer gives the (last member's) size mod 4 GiB: usually one
        // allocation, no regrowth; a wrong guess only costs a reallocation.
        let size = raw
            .last_chunk::<4>()
            .map(|t| u32::from_le_bytes(*t) as usize)
            .filter(|&n| n <= 1 << 28)
            .unwrap_or(raw.len() * 4);
        let mut out = Vec::with_capacity(size + 1);
        flate2::read::MultiGzDecoder::new(&raw[..])
            .read_to_end(&mut out)
            .context("invalid gzip data")?;
        Ok(out)
    } else {
        Ok(raw)
    }
}

fn extract_file(
    path: &PathBuf,
    url: Option<&str>,
    extractor: &Extractor,
    tagger: Option<&Tagger>,
) -> Result<Value> {
    let body = read_html(path)?;
    let url = match url {
        Some(u) => u.to_string(),
        None => {
            let abs = std::path::absolute(path).context("cannot resolve the file's path")?;
            url::Url::from_file_path(&abs)
                .map(String::from)
                .unwrap_or_else(|()| format!("file://{}", abs.display()))
        }
    };
    let page = Page::from_bytes("extract", &url, body);
    // Lenient: a page the extractor judges not to be an article (a listing, a stub)
    // still prints what was found, with the reason in `not_article`.
    let (article, not_article) = extractor.extract_lenient(&page)?;
    let mut fields = match serde_json::to_value(&article)? {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    fields.insert("article_id".into(), Value::String(article.id.clone()));
    fields.insert("id".into(), Value::String(file_id(path)));
    fields.insert("body".into(), Value::String(article.body()));
    if let Some(reason) = not_article {
        fields.insert("not_article".into(), Value::String(reason));
    }
    if let Some(tagger) = tagger {
        let tagged = tagger.tag(&article);
        fields.insert("entities".into(), serde_json::to_value(&tagged.entities)?);
        fields.insert("mentions".into(), serde_json::to_value(&tagged.mentions)?);
        fields.insert("quotes".into(), serde_json::to_value(&tagged.quotes)?);
    }
    Ok(Value::Object(fields))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_drop_gz_and_html_suffixes() {
        assert_eq!(
            file_id(Path::new("x/blog.example.com.html.gz")),
            "blog.example.com"
        );
        assert_eq!(file_id(Path::new("a.HTM")), "a");
        assert_eq!(file_id(Path::new("page.html")), "page");
        assert_eq!(file_id(Path::new("notes.txt")), "notes.txt");
        assert_eq!(file_id(Path::new(".html")), ".html");
    }
}
