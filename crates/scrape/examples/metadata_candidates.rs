//! Prints a page's metadata candidates with their features and scores under the
//! committed model: `cargo run -p newsmill-scrape --example metadata_candidates --
//! PAGE.html[.gz] [URL]`.

use std::io::Read;

use newsmill_records::Page;
use newsmill_scrape::metadata_training as mt;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: metadata_candidates PAGE.html[.gz] [URL]");
        std::process::exit(2);
    };
    let url = args
        .next()
        .unwrap_or_else(|| "https://example.invalid/page".into());
    let raw = match std::fs::read(&path) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("metadata_candidates: {path}: {e}");
            std::process::exit(1);
        }
    };
    let body = if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        if let Err(e) = flate2::read::MultiGzDecoder::new(&raw[..]).read_to_end(&mut out) {
            eprintln!("metadata_candidates: {path}: {e}");
            std::process::exit(1);
        }
        out
    } else {
        raw
    };
    let page = Page::from_bytes("debug", &url, body);
    let c = match mt::candidates(&page) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("metadata_candidates: {e}");
            std::process::exit(1);
        }
    };
    let m = mt::committed_model();
    let feats = |f: &mt::Features| f.names().collect::<Vec<_>>().join(" ");
    println!("titles:");
    for t in &c.titles {
        println!(
            "  {:7.3} {:<8} {:?}  [{}]",
            m.title.score(&t.features),
            t.source,
            t.text,
            feats(&t.features)
        );
    }
    println!("authors:");
    for a in &c.authors {
        println!(
            "  {:7.3} {:<10} {:?}  [{}]",
            m.author.score(&a.features),
            a.source,
            a.names,
            feats(&a.features)
        );
    }
    println!("dates:");
    for d in &c.dates {
        println!(
            "  {:7.3} {:<24} {:?}  [{}]",
            m.date.score(&d.features),
            d.source,
            d.value,
            feats(&d.features)
        );
    }
}
