//! What `newsmill extract` reads: URLs, files, folders and stdin, each turned into
//! a [`Page`].

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use newsmill_records::Page;
use serde_json::Value;

/// One input, in the order given (folders already expanded into their files).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// An `http(s)://` URL, fetched.
    Url(url::Url),
    /// A local HTML file, plain or gzip-compressed.
    File(PathBuf),
    /// HTML on stdin (`-`).
    Stdin,
}

impl Input {
    /// The record's `id`: the file name without `.gz` and `.html`/`.htm`, the URL
    /// as given, or `-`.
    pub fn id(&self) -> String {
        match self {
            Input::Url(url) => url.to_string(),
            Input::File(path) => file_id(path),
            Input::Stdin => "-".to_string(),
        }
    }

    /// How messages name the input.
    pub fn display(&self) -> String {
        match self {
            Input::Url(url) => url.to_string(),
            Input::File(path) => path.display().to_string(),
            Input::Stdin => "stdin".to_string(),
        }
    }
}

/// Turns the command-line inputs into [`Input`]s: a folder becomes its `.html`,
/// `.htm`, `.html.gz` and `.htm.gz` files (recursively, sorted by path), `-` is
/// stdin (at most once), anything starting with `http://` or `https://` a URL.
pub fn expand(raw: &[String]) -> Result<Vec<Input>> {
    let mut out = Vec::new();
    for item in raw {
        if item == "-" {
            if out.contains(&Input::Stdin) {
                bail!("`-` (stdin) is given twice");
            }
            out.push(Input::Stdin);
            continue;
        }
        let lower = item.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            let url = url::Url::parse(item).with_context(|| format!("{item}: invalid URL"))?;
            out.push(Input::Url(url));
            continue;
        }
        let path = PathBuf::from(item);
        if path.is_dir() {
            let mut files = Vec::new();
            walk(&path, &mut files)?;
            if files.is_empty() {
                tracing::warn!(folder = %path.display(), "Folder holds no .html, .htm or .html.gz files.");
            }
            files.sort();
            out.extend(files.into_iter().map(Input::File));
        } else {
            // A missing file is reported when it is read, with the others going on.
            out.push(Input::File(path));
        }
    }
    Ok(out)
}

/// `.html`, `.htm`, `.html.gz`, `.htm.gz` (any case), as folder sources read.
fn is_page(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    name.ends_with(".html") || name.ends_with(".htm")
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("cannot read folder {}", dir.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot read folder {}", dir.display()))?;
        let path = entry.path();
        let kind = entry
            .file_type()
            .with_context(|| format!("cannot read {}", path.display()))?;
        if kind.is_dir() {
            walk(&path, out)?;
        } else if is_page(&path) {
            out.push(path);
        }
    }
    Ok(())
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

/// Reads a `--urls` file: `{id: url}` or `{id: {"url": url, ...}}`. An entry
/// without a URL string (`null`, a number, an object without `url`) is left out
/// with a warning naming it: that file is read under its `file://` URL, and every
/// other entry still applies.
pub fn read_url_map(path: &Path) -> Result<HashMap<String, String>> {
    let name = path.display();
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {name}"))?;
    let value: Value =
        serde_json::from_str(&text).with_context(|| format!("{name}: invalid JSON"))?;
    let Value::Object(map) = value else {
        bail!("{name}: expected a JSON object of file ids to URLs");
    };
    let mut urls = HashMap::with_capacity(map.len());
    for (id, v) in map {
        let url = match &v {
            Value::String(u) => Some(u.clone()),
            Value::Object(o) => o.get("url").and_then(Value::as_str).map(str::to_string),
            _ => None,
        };
        match url {
            Some(url) => {
                urls.insert(id, url);
            }
            None => tracing::warn!(
                file = %name,
                entry = ?id,
                "Entry has no URL string; that page is read under its file:// URL."
            ),
        }
    }
    Ok(urls)
}

/// Plain HTML, or the decompressed contents of gzip data.
pub fn gunzip_if_needed(raw: Vec<u8>) -> Result<Vec<u8>> {
    if !raw.starts_with(&[0x1f, 0x8b]) {
        return Ok(raw);
    }
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
}

/// A local file as a page at `url` (default: its `file://` URL).
pub fn file_page(path: &Path, url: Option<&str>) -> Result<Page> {
    let raw = std::fs::read(path).context("cannot read the file")?;
    let body = gunzip_if_needed(raw)?;
    let url = match url {
        Some(u) => u.to_string(),
        None => {
            let abs = std::path::absolute(path).context("cannot resolve the file's path")?;
            url::Url::from_file_path(&abs)
                .map(String::from)
                .unwrap_or_else(|()| format!("file://{}", abs.display()))
        }
    };
    Ok(Page::from_bytes("extract", &url, body))
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

    #[test]
    fn inputs_expand_folders_urls_and_stdin() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.html", "a/c.htm.gz", "a/notes.txt", "A.HTML"] {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let folder = dir.path().display().to_string();
        let inputs = expand(&[
            "https://e.example/a".into(),
            folder,
            "-".into(),
            "missing.html".into(),
        ])
        .unwrap();
        let ids: Vec<String> = inputs.iter().map(Input::id).collect();
        assert_eq!(ids, ["https://e.example/a", "A", "c", "b", "-", "missing"]);
        assert!(expand(&["-".into(), "-".into()]).is_err());
    }

    #[test]
    fn url_map_entries_without_a_url_are_left_out_and_the_rest_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("urls.json");
        std::fs::write(
            &path,
            r#"{"a": "https://e.example/a", "b": {"url": "https://e.example/b", "title": "B"},
                "c": {"url": null}, "d": null, "e": 3}"#,
        )
        .unwrap();
        let urls = read_url_map(&path).unwrap();
        assert_eq!(urls.len(), 2);
        assert_eq!(urls["a"], "https://e.example/a");
        assert_eq!(urls["b"], "https://e.example/b");
        std::fs::write(&path, "[1, 2]").unwrap();
        let err = read_url_map(&path).unwrap_err().to_string();
        assert!(err.contains("urls.json"), "{err}");
    }
}
