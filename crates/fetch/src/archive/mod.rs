//! Local archives: a folder of saved HTML pages, or a WARC file, read as [`Page`]s
//! without touching the network; and [`WarcRecorder`], which writes fetched pages
//! as WARC so a run can be re-extracted later.

mod folder;
mod warc_file;
mod warc_frame;
mod warc_write;

use newsmill_records::Page;

pub(crate) use warc_file::WarcPages;
pub use warc_write::WarcRecorder;

use crate::{
    config::{SourceConfig, SourceKind},
    error::FetchError,
};

/// Largest decompressed page read from an archive.
const MAX_ARCHIVED_PAGE: u64 = 64 * 1024 * 1024;

/// Pages of an archive source, read one at a time.
enum ArchivePages {
    Folder(folder::FolderPages),
    Warc(warc_file::WarcPages),
}

impl Iterator for ArchivePages {
    type Item = Result<Page, FetchError>;
    fn next(&mut self) -> Option<Self::Item> {
        match self {
            ArchivePages::Folder(f) => f.next(),
            ArchivePages::Warc(w) => w.next(),
        }
    }
}

/// Reads a `folder` or `warc` source. Fails when the folder or file cannot be
/// opened; a page that cannot be read is an `Err` item naming its file (or WARC
/// record), and the rest still come.
///
/// Folder sources yield every `.html`, `.htm`, `.html.gz` and `.htm.gz` file below
/// the folder, in path order, as status-200 HTML pages. Their URL is the source's
/// `url` joined with the file's relative path (without `.gz`), or a `file://` URL
/// when the source has no `url`. WARC sources yield `response` records with an
/// HTML payload (and `resource` records of HTML files), as they were recorded.
pub fn read_archive(
    source: &SourceConfig,
) -> Result<impl Iterator<Item = Result<Page, FetchError>> + Send, FetchError> {
    source.validate()?;
    let path = source
        .path
        .as_deref()
        .ok_or_else(|| source.invalid("archive sources need `path`"))?;
    match source.kind {
        SourceKind::Folder => Ok(ArchivePages::Folder(folder::FolderPages::open(
            source, path,
        )?)),
        SourceKind::Warc => Ok(ArchivePages::Warc(warc_file::WarcPages::open(
            &source.name,
            path,
        )?)),
        other => Err(source.invalid(format!(
            "{} sources are discovered with Fetcher::discover, not read as archives",
            other.as_str()
        ))),
    }
}
