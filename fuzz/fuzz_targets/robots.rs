//! robots.txt parsing (crates/fetch `parse_robots`, RFC 9309 rules, crawl delay,
//! `Sitemap:` lines) on any bytes, then every Allow/Disallow path of the input
//! (and a few fixed ones) checked against the rules: no panic, no hang.
#![no_main]
use libfuzzer_sys::fuzz_target;
use newsmill_fetch::parse_robots;
use url::Url;

fuzz_target!(|data: &[u8]| {
    let rules = parse_robots("newsmill", data);
    let _ = rules.crawl_delay();
    let _ = rules.sitemaps().len();
    let base = Url::parse("https://news.example/").expect("base");
    let text = String::from_utf8_lossy(data);
    let paths = text.lines().filter_map(|l| {
        let (key, value) = l.split_once(':')?;
        let key = key.trim().to_ascii_lowercase();
        (key == "allow" || key == "disallow").then(|| value.trim())
    });
    for path in ["/", "/news/2024/a.html?x=1", "/private/x.pdf"]
        .into_iter()
        .chain(paths.take(64))
    {
        if let Ok(url) = base.join(path) {
            let _ = rules.allows(&url);
        }
    }
    if !rules.parsed() {
        assert!(rules.allows(&base));
    }
});
