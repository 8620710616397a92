//! WARC reading (crates/fetch `read_archive`): any file yields pages or named
//! errors, never a panic or an endless iterator. The input is written to a file
//! (the public API reads paths), plain or gzip'd by the first byte.
#![no_main]
use libfuzzer_sys::fuzz_target;
use newsmill_fetch::{read_archive, SourceConfig, SourceKind};
use std::sync::LazyLock;

static DIR: LazyLock<std::path::PathBuf> = LazyLock::new(|| {
    let base = std::env::var_os("FUZZ_TMP").map_or_else(std::env::temp_dir, Into::into);
    let dir = base.join(format!("newsmill-fuzz-warc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
});

fuzz_target!(|data: &[u8]| {
    let path = DIR.join("input.warc");
    std::fs::write(&path, data).expect("write input");
    let mut source = SourceConfig::new("fuzz", SourceKind::Warc, "https://example.org/");
    source.url = None;
    source.path = Some(path);
    if let Ok(pages) = read_archive(&source) {
        // Each record costs at least a header line: more items than bytes
        // would mean the reader is not advancing.
        assert!(pages.take(data.len() + 2).count() <= data.len() + 1);
    }
});
