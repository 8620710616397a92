//! Times extraction of generated hostile pages (run by `bench/adversarial.sh`).
//!
//! `cargo run --release -p newsmill-scrape --example adversarial -- [SHAPES] [MB...]`
//! SHAPES is a comma-separated list (default: all) of the shapes below; MB the page
//! sizes (default 0.1 1 5 30). Prints one line per shape and size: wall and CPU
//! seconds, CPU seconds per MB, words extracted and words generated (text past the
//! depth limit is kept), then per shape the ratio of CPU seconds per MB at the
//! largest size to that at 1 MB (1.0 = linear). A shape is not tried at larger sizes once a page took over 20 s
//! (counted as infinitely slow in the headline when that size is 5 MB or less).
//! `--write DIR` writes the pages as files instead (for the peer).

use std::time::Instant;

use newsmill_records::Page;
use newsmill_scrape::{Extractor, ScrapeConfig};

/// A page shape: a head, a unit repeated until the size is reached, a tail
/// generated from the number of units.
struct Shape {
    name: &'static str,
    what: &'static str,
    build: fn(usize) -> (String, usize),
}

const SHAPES: &[Shape] = &[
    Shape {
        name: "deep",
        what: "nested <div>s with a word in each, closed at the end",
        build: |size| {
            let unit = format!("<div>{SENTENCE}");
            let n = size / (unit.len() + 6);
            let mut s = head();
            s.push_str(&unit.repeat(n));
            s.push_str(&"</div>".repeat(n));
            (s, n * WORDS)
        },
    },
    Shape {
        name: "deep-unclosed",
        what: "nested <div><p><span>s never closed",
        build: |size| {
            let unit = format!("<div><p><span>{SENTENCE}");
            let n = size / unit.len();
            let mut s = head();
            s.push_str(&unit.repeat(n));
            (s, n * WORDS)
        },
    },
    Shape {
        name: "siblings",
        what: "a flat run of <p>s (a million at 64 MB)",
        build: |size| {
            let unit = format!("<p>{SENTENCE}</p>");
            let n = size / unit.len();
            let mut s = head();
            s.push_str(&unit.repeat(n));
            (s, n * WORDS)
        },
    },
    Shape {
        name: "attributes",
        what: "ten paragraphs whose class and title attributes hold a tenth of the page each",
        build: |size| {
            let mut s = head();
            let value = "x ".repeat(size / 40);
            for _ in 0..10 {
                s.push_str(&format!(
                    "<p class=\"{value}\" title=\"{value}\">{SENTENCE}{SENTENCE}</p>\n"
                ));
            }
            (s, 20 * WORDS)
        },
    },
    Shape {
        name: "markup-in-values",
        what: "attribute values and text full of '<a ' (tag openings that are not tags)",
        build: |size| {
            let mut s = head();
            let value = "<a ".repeat(size / 30);
            for _ in 0..5 {
                s.push_str(&format!(
                    "<p class=\"{value}\">{SENTENCE}</p><p>{SENTENCE}{value}</p>\n"
                ));
            }
            // What is text here is for the parse to say.
            (s, 0)
        },
    },
    Shape {
        name: "tables",
        what: "tables nested in cells, never closed",
        build: |size| {
            let unit = format!("<table><tr><td>{SENTENCE}");
            let n = size / unit.len();
            let mut s = head();
            s.push_str(&unit.repeat(n));
            (s, n * WORDS)
        },
    },
    Shape {
        name: "wide-table",
        what: "one table with one cell per word",
        build: |size| {
            let unit = format!("<tr><td>{SENTENCE}</td>");
            let n = size / unit.len();
            let mut s = head();
            s.push_str("<table>");
            s.push_str(&unit.repeat(n));
            (s, n * WORDS)
        },
    },
    Shape {
        name: "formatting",
        what: "distinct unclosed <b>s, then paragraphs that reopen them all",
        build: |size| {
            let mut s = head();
            let k = 2000.min(size / 40);
            for i in 0..k {
                s.push_str(&format!("<b class=c{i}>"));
            }
            let unit = format!("<p>{SENTENCE}");
            let n = size.saturating_sub(s.len()) / unit.len();
            s.push_str(&unit.repeat(n));
            (s, n * WORDS)
        },
    },
    Shape {
        name: "formatting-deep",
        what: "nothing but distinct unclosed <b>s, each with a sentence",
        build: |size| {
            let mut s = head();
            let mut n = 0;
            while s.len() < size {
                s.push_str(&format!("<b class=c{n}>{SENTENCE}"));
                n += 1;
            }
            (s, n * WORDS)
        },
    },
    Shape {
        name: "one-paragraph",
        what: "one paragraph holding the whole page's text",
        build: |size| {
            let n = size / SENTENCE.len();
            let mut s = head();
            s.push_str("<p>");
            s.push_str(&SENTENCE.repeat(n));
            (s, n * WORDS)
        },
    },
    Shape {
        name: "links",
        what: "list items of links with a sentence each (teasers, link density)",
        build: |size| {
            let unit = format!("<li><a href=\"/a\">{SENTENCE}</a> {SENTENCE}</li>");
            let n = size / unit.len();
            let mut s = head();
            s.push_str("<ul>");
            s.push_str(&unit.repeat(n));
            (s, n * WORDS * 2)
        },
    },
    Shape {
        name: "meta",
        what: "a head of meta tags (names, properties, dates) before one paragraph",
        build: |size| {
            let mut s = String::from("<!DOCTYPE html><html><head><title>Hostile page</title>");
            let mut i = 0;
            while s.len() < size {
                s.push_str(&format!(
                    "<meta name=\"keywords{i}\" content=\"a, b\"><meta property=\"article:published_time\" content=\"2024-05-0{}T08:00:00Z\">",
                    i % 9 + 1
                ));
                i += 1;
            }
            s.push_str(&format!("</head><body><article><p>{SENTENCE}</p>"));
            (s, WORDS)
        },
    },
    Shape {
        name: "json-ld",
        what: "one JSON-LD graph with an item per sentence",
        build: |size| {
            let mut s = head();
            s.push_str("<script type=\"application/ld+json\">{\"@graph\":[");
            let item = format!("{{\"@type\":\"NewsArticle\",\"headline\":\"{SENTENCE}\",\"author\":{{\"name\":\"Ana Ruiz\"}},\"datePublished\":\"2024-05-02\"}},");
            let n = size / item.len();
            s.push_str(&item.repeat(n));
            s.push_str("{}]}</script>");
            s.push_str(&format!("<p>{SENTENCE}</p>"));
            (s, WORDS)
        },
    },
    Shape {
        name: "figures",
        what: "figures with an image, a caption and a credit, between paragraphs",
        build: |size| {
            let unit = format!("<p>{SENTENCE}</p><figure class=\"photo\"><img src=\"/i.jpg\" alt=\"A tram\"><figcaption>A tram. <span class=credit>Photo: J. Doe</span></figcaption></figure>");
            let n = size / unit.len();
            let mut s = head();
            s.push_str(&unit.repeat(n));
            (s, n * WORDS)
        },
    },
    Shape {
        name: "dates",
        what: "paragraphs full of written dates and bylines",
        build: |size| {
            let unit = "<p class=\"byline\">By Ana Ruiz, 2 May 2024, updated 03/05/2024 10:15</p><time datetime=\"2024-05-02\">May 2</time>";
            let n = size / unit.len();
            let mut s = head();
            s.push_str(&unit.repeat(n));
            (s, 0)
        },
    },
];

/// This thread's CPU time (user and system) in seconds, on Linux.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    // USER_HZ is 100 on every Linux the project runs on.
    Some(ticks / 100.0)
}

/// A shape whose page took longer than this is not tried at larger sizes.
const SKIP_AFTER_SECS: f64 = 20.0;

/// The text of every unit, and its number of words.
const SENTENCE: &str = "The council met again on Tuesday to vote on the budget. ";
const WORDS: usize = 11;

fn head() -> String {
    "<!DOCTYPE html><html><head><title>Hostile page</title></head><body><article>".to_string()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut write_dir = None;
    let mut names: Option<Vec<String>> = None;
    let mut sizes: Vec<f64> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--write" {
            write_dir = it.next().cloned();
        } else if let Ok(mb) = a.parse::<f64>() {
            sizes.push(mb);
        } else {
            names = Some(a.split(',').map(str::to_string).collect());
        }
    }
    if sizes.is_empty() {
        sizes = vec![0.1, 1.0, 5.0, 30.0];
    }
    let shapes: Vec<&Shape> = SHAPES
        .iter()
        .filter(|s| names.as_ref().is_none_or(|n| n.iter().any(|n| n == s.name)))
        .collect();
    if let Some(dir) = write_dir {
        std::fs::create_dir_all(&dir)?;
        for shape in &shapes {
            for &mb in &sizes {
                let (page, _) = (shape.build)((mb * 1e6) as usize);
                std::fs::write(format!("{dir}/{}-{mb}.html", shape.name), page)?;
            }
        }
        return Ok(());
    }
    let extractor = Extractor::new(ScrapeConfig::default())?;
    // Warm-up: compiled patterns and tables are built on first use.
    let warm = format!("{}<p>{SENTENCE}</p>", head());
    let _ = extractor.extract_lenient(&Page::from_bytes(
        "bench",
        "https://hostile.example/",
        warm.into_bytes(),
    ));
    println!(
        "{:<14} {:>7} {:>9} {:>9} {:>8} {:>10} {:>10}",
        "shape", "MB", "wall s", "cpu s", "cpu s/MB", "words out", "words in"
    );
    let mut worst_small = 0f64;
    let mut worst_ratio = 0f64;
    for shape in &shapes {
        let mut per_mb = Vec::new();
        let mut last_secs = 0.0;
        for &mb in &sizes {
            if last_secs > SKIP_AFTER_SECS {
                println!(
                    "{:<14} {mb:>7.2} skipped: the size before took {last_secs:.0} s",
                    shape.name
                );
                worst_small = worst_small.max(if mb <= 5.0 { f64::INFINITY } else { 0.0 });
                continue;
            }
            let (page, words_in) = (shape.build)((mb * 1e6) as usize);
            let real_mb = page.len() as f64 / 1e6;
            let page = Page::from_bytes("bench", "https://hostile.example/page", page.into_bytes());
            // CPU time where the system gives it (a shared machine's wall time
            // says more about the neighbours than about the page), in 10 ms
            // ticks: a fast page is extracted again until a second has passed.
            let start = Instant::now();
            let cpu_start = cpu_seconds();
            let mut runs = 0u32;
            let words_out = loop {
                let words = match extractor.extract_lenient(&page) {
                    Ok((article, _)) => article.word_count,
                    Err(e) => {
                        eprintln!("{}: {e}", shape.name);
                        0
                    }
                };
                runs += 1;
                let cpu = cpu_seconds().zip(cpu_start).map(|(end, begin)| end - begin);
                if cpu.is_none_or(|c| c >= 1.0) || runs >= 1000 {
                    break words;
                }
            };
            let wall = start.elapsed().as_secs_f64() / f64::from(runs);
            let secs = cpu_seconds()
                .zip(cpu_start)
                .map_or(wall, |(end, begin)| (end - begin) / f64::from(runs));
            last_secs = secs;
            per_mb.push(secs / real_mb);
            if mb <= 5.0 {
                worst_small = worst_small.max(secs);
            }
            println!(
                "{:<14} {:>7.2} {:>9.3} {:>9.3} {:>8.3} {:>10} {:>10}",
                shape.name,
                real_mb,
                wall,
                secs,
                secs / real_mb,
                words_out,
                words_in
            );
        }
        // Growth from the first size of 1 MB or more (smaller pages sit in the
        // cache and take milliseconds: too noisy to divide by).
        let base = sizes.iter().position(|&mb| mb >= 1.0).unwrap_or(0);
        if per_mb.len() > base + 1 {
            let ratio = per_mb[per_mb.len() - 1] / per_mb[base].max(1e-9);
            worst_ratio = worst_ratio.max(ratio);
            println!(
                "{:<14} s/MB at {} MB over s/MB at {} MB: {ratio:.2}  ({})",
                shape.name,
                sizes[per_mb.len() - 1],
                sizes[base],
                shape.what
            );
        }
    }
    println!(
        "headline: slowest page up to 5 MB {worst_small:.2} s; worst s/MB growth from smallest to largest {worst_ratio:.2}x"
    );
    Ok(())
}
