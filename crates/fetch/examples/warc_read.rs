//! WARC reading speed: writes N pages of about 20 KB with [`WarcRecorder`], then
//! reads the file back with [`read_warc`] (gzip'd, as recorded, and inflated to a
//! plain `.warc`) and prints pages and megabytes (of WARC as stored) per second,
//! the best of five reads of each.
//!
//! `cargo run --release -p newsmill-fetch --example warc_read -- 2000`

use std::{
    io::{Cursor, Read},
    time::{Duration, Instant},
};

use newsmill_fetch::{read_warc, WarcRecorder};
use newsmill_records::Page;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let pages: usize = std::env::args()
        .nth(1)
        .map(|n| n.parse())
        .transpose()?
        .unwrap_or(2000);
    let dir = std::env::temp_dir().join(format!("newsmill-warc-read-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("pages.warc.gz");
    let mut recorder = WarcRecorder::create(&path)?;
    for i in 0..pages {
        let mut body = format!("<html><head><title>Article {i}</title></head><body>");
        while body.len() < 20_000 {
            body.push_str("<p>The council approved the river bridge budget on Tuesday.</p>");
        }
        body.push_str("</body></html>");
        let mut page = Page::from_bytes(
            "bench",
            &format!("https://news.example/a/{i}"),
            body.into_bytes(),
        );
        page.content_type = Some("text/html; charset=utf-8".into());
        recorder.write_page(&page)?;
    }
    recorder.finish()?;
    let gz = std::fs::read(&path)?;
    let mut plain = Vec::new();
    flate2::read::MultiGzDecoder::new(&gz[..]).read_to_end(&mut plain)?;
    std::fs::remove_dir_all(&dir)?;
    for (name, bytes) in [("warc.gz", &gz), ("warc", &plain)] {
        let mut best = Duration::MAX;
        for _ in 0..5 {
            let start = Instant::now();
            let mut read = 0;
            for item in read_warc(Cursor::new(bytes.clone()), name)? {
                item?;
                read += 1;
            }
            best = best.min(start.elapsed());
            assert_eq!(read, pages, "pages read back from {name}");
        }
        let secs = best.as_secs_f64();
        println!(
            "{name:8} {pages} pages, {:.1} MB: {:.3} s, {:.0} pages/s, {:.1} MB/s",
            bytes.len() as f64 / 1e6,
            secs,
            pages as f64 / secs,
            bytes.len() as f64 / 1e6 / secs
        );
    }
    Ok(())
}
