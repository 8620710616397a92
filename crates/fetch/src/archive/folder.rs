//! A folder of saved HTML pages.

use std::path::{Path, PathBuf};

use newsmill_records::Page;
use url::Url;

use super::MAX_ARCHIVED_PAGE;
use crate::{body::gunzip_capped, config::SourceConfig, error::FetchError};

pub(super) struct FolderPages {
    source: String,
    root: PathBuf,
    base: Option<Url>,
    files: std::vec::IntoIter<PathBuf>,
}

/// `.html`, `.htm`, `.html.gz`, `.htm.gz` (any case).
fn is_page(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    name.ends_with(".html") || name.ends_with(".htm")
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), FetchError> {
    let entries = std::fs::read_dir(dir).map_err(|e| FetchError::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| FetchError::io(dir, e))?;
        let path = entry.path();
        let kind = entry.file_type().map_err(|e| FetchError::io(&path, e))?;
        if kind.is_dir() {
            walk(&path, out)?;
        } else if is_page(&path) {
            out.push(path);
        }
    }
    Ok(())
}

impl FolderPages {
    pub fn open(source: &SourceConfig, root: &Path) -> Result<FolderPages, FetchError> {
        let root = root.canonicalize().map_err(|e| FetchError::io(root, e))?;
        let base = match source.url.as_deref().filter(|u| !u.trim().is_empty()) {
            None => None,
            Some(u) => {
                let mut base = Url::parse(u).map_err(|e| FetchError::InvalidUrl {
                    url: u.to_string(),
                    reason: e.to_string(),
                })?;
                if !base.path().ends_with('/') {
                    let p = format!("{}/", base.path());
                    base.set_path(&p);
                }
                Some(base)
            }
        };
        let mut files = Vec::new();
        walk(&root, &mut files)?;
        files.sort();
        if files.is_empty() {
            tracing::warn!(path = %root.display(), "Archive folder holds no HTML files.");
        }
        Ok(FolderPages {
            source: source.name.clone(),
            root,
            base,
            files: files.into_iter(),
        })
    }

    fn url_for(&self, path: &Path) -> Result<String, FetchError> {
        match &self.base {
            None => {
                Url::from_file_path(path)
                    .map(String::from)
                    .map_err(|()| FetchError::InvalidUrl {
                        url: path.display().to_string(),
                        reason: "not an absolute path".into(),
                    })
            }
            Some(base) => {
                let rel = path.strip_prefix(&self.root).unwrap_or(path);
                let rel: Vec<String> = rel
                    .iter()
                    .map(|c| c.to_string_lossy().into_owned())
                    .collect();
                let rel = rel.join("/");
                let rel = rel.strip_suffix(".gz").unwrap_or(&rel);
                crate::normalize::resolve(base, rel).map(String::from)
            }
        }
    }

    fn read(&self, path: &Path) -> Result<Page, FetchError> {
        let bytes = std::fs::read(path).map_err(|e| FetchError::io(path, e))?;
        let body = if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
        {
            gunzip_capped(&bytes, MAX_ARCHIVED_PAGE, &path.display().to_string()).map_err(
                |reason| {
                    FetchError::io(
                        path,
                        std::io::Error::new(std::io::ErrorKind::InvalidData, reason),
                    )
                },
            )?
        } else {
            bytes
        };
        let mut page = Page::from_bytes(&self.source, &self.url_for(path)?, body);
        page.content_type = Some("text/html".into());
        if let Ok(modified) = std::fs::metadata(path).and_then(|m| m.modified()) {
            page.fetched_at = modified.into();
        }
        Ok(page)
    }
}

impl Iterator for FolderPages {
    type Item = Result<Page, FetchError>;
    fn next(&mut self) -> Option<Self::Item> {
        let path = self.files.next()?;
        Some(self.read(&path))
    }
}
