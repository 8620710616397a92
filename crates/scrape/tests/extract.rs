//! Extraction of whole pages from the fixtures in `tests/fixtures/`.

use chrono::{TimeZone, Utc};
use newsmill_records::{BlockKind, Page};
use newsmill_scrape::{Extractor, ScrapeConfig, ScrapeError, SiteProfile};

fn page(file: &str, url: &str) -> Page {
    let path = format!("{}/tests/fixtures/{file}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut page = Page::from_bytes("test", url, bytes);
    page.fetched_at = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
    page
}

fn extractor() -> Extractor {
    Extractor::new(ScrapeConfig::default()).unwrap()
}

#[test]
fn wordpress_article_comes_out_clean() {
    let p = page(
        "harbour-bridge.html",
        "https://coastalherald.example/news/harbour-bridge-reopens/?utm=x",
    );
    let a = extractor().extract(&p).unwrap();
    assert_eq!(
        a.title.as_deref(),
        Some("Harbour bridge reopens after two-year repair")
    );
    assert_eq!(a.authors, ["Marta Lindqvist"]);
    assert_eq!(
        a.published.unwrap().to_rfc3339(),
        "2023-03-14T07:30:00+01:00"
    );
    assert_eq!(
        a.modified.unwrap().to_rfc3339(),
        "2023-03-14T09:05:00+01:00"
    );
    assert_eq!(a.language.as_deref(), Some("en"));
    assert_eq!(a.section.as_deref(), Some("Local"));
    assert!(a.tags.contains(&"Transport".to_string()));
    assert_eq!(
        a.canonical_url.as_deref(),
        Some("https://coastalherald.example/news/harbour-bridge-reopens/")
    );
    assert_eq!(
        a.id,
        newsmill_records::article_id("https://coastalherald.example/news/harbour-bridge-reopens/")
    );

    let headings: Vec<&str> = a
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Heading)
        .map(|b| b.text.as_str())
        .collect();
    assert_eq!(headings, ["Cost of the delay", "What happens next"]);
    let body = a.body();
    assert!(
        body.starts_with("The swing bridge over the old harbour"),
        "{body}"
    );
    assert!(body.ends_with("can be done at night."), "{body}");
    assert_eq!(a.blocks.len(), 8, "{:#?}", a.blocks);
    for unwanted in [
        "Ferry service across the harbour ends",
        "Interview: the harbour master",
        "About time too",
        "morning briefing",
        "covers transport and city politics",
        "Most read",
        "cookies",
        "Photo: Erik Saarinen",
        "Share:",
    ] {
        assert!(!body.contains(unwanted), "body contains {unwanted:?}");
    }
    assert_eq!(a.images.len(), 1);
    let img = &a.images[0];
    assert_eq!(
        img.url,
        "https://coastalherald.example/uploads/2023/03/bridge-opening.jpg"
    );
    assert_eq!(
        img.caption.as_deref(),
        Some("The first cyclists cross on Monday.")
    );
    assert_eq!(
        img.credit.as_deref(),
        Some("Photo: Erik Saarinen / Coastal Herald")
    );
    assert_eq!(a.word_count, body.split_whitespace().count());
    assert_eq!(a.content_hash, newsmill_records::content_hash(&body));
    assert_eq!(a.revision, 1);
    assert!(!a.flags.paywalled && !a.flags.truncated && !a.flags.needs_js);
    assert_eq!(a.flags.charset, "UTF-8");

    let prov = &a.provenance;
    assert!(prov.published.agreed);
    assert!(prov
        .published
        .candidates
        .iter()
        .any(|c| c.origin == "json-ld"));
    assert!(prov.published.candidates.iter().any(|c| c.origin == "time"));
    assert!(prov.authors.candidates.iter().any(|c| c.origin == "byline"));
}

#[test]
fn listing_page_is_not_an_article() {
    let p = page("listing.html", "https://coastalherald.example/local/");
    match extractor().extract(&p) {
        Err(ScrapeError::NotArticle { url, reason }) => {
            assert_eq!(url, "https://coastalherald.example/local/");
            assert!(!reason.is_empty());
        }
        other => panic!("expected NotArticle, got {other:?}"),
    }
}

#[test]
fn legacy_charset_is_decoded_from_meta() {
    let p = page("legacy-cp1251.html", "https://gorod.example.ru/news/most");
    let a = extractor().extract(&p).unwrap();
    assert_eq!(a.flags.charset, "windows-1251");
    assert_eq!(a.title.as_deref(), Some("Новый мост открыт для движения"));
    assert!(a.body().starts_with("В понедельник утром"), "{}", a.body());
    assert_eq!(a.language.as_deref(), Some("ru"));
    assert_eq!(a.published.unwrap().date_naive().to_string(), "2023-03-14");
    assert_eq!(a.provenance.published.rule, "text");
}

#[test]
fn declared_utf8_with_broken_bytes_stays_utf8() {
    // The UTF-8 fixture with a few bytes broken: still read as UTF-8, with
    // replacement characters and a low confidence, never as a detected charset.
    let mut p = page("harbour-bridge.html", "https://e.example/bridge");
    let at = p.body.len() / 2;
    p.body.splice(at..at, *b" \xff\xfe\xc3( ");
    p.content_type = Some("text/html; charset=utf-8".into());
    let a = extractor().extract_lenient(&p).unwrap().0;
    assert_eq!(a.flags.charset, "UTF-8");
    assert!(a.flags.charset_confidence < 0.5);
    let clean = extractor()
        .extract_lenient(&page("harbour-bridge.html", "https://e.example/bridge"))
        .unwrap()
        .0;
    assert_eq!(clean.flags.charset, "UTF-8");
    assert_eq!(a.title, clean.title);
}

#[test]
fn json_ld_graph_supplies_metadata() {
    let p = page("graph-jsonld.html", "https://rheinblatt.example/wasser/");
    let a = extractor().extract(&p).unwrap();
    assert_eq!(a.title.as_deref(), Some("Wie die Stadt ihr Wasser spart"));
    assert_eq!(a.authors, ["Jana Becker", "Tobias Wendt"]);
    // The article object's date is read (whether it is given is the ranker's call).
    assert!(a
        .provenance
        .published
        .candidates
        .iter()
        .any(|c| c.origin == "json-ld" && c.value == "2022-07-08T06:00:00+02:00"));
    assert_eq!(a.section.as_deref(), Some("Umwelt"));
    assert_eq!(a.tags, ["Wasser", "Dürre"]);
    assert_eq!(a.language.as_deref(), Some("de"));
    assert_eq!(
        a.lead_image.as_deref(),
        Some("https://rheinblatt.example/img/wasser.jpg")
    );
    assert_eq!(a.blocks.len(), 3);
}

#[test]
fn paywalled_page_is_flagged_and_truncated() {
    let p = page("paywalled.html", "https://tradeweekly.example/port");
    let a = extractor().extract(&p).unwrap();
    assert!(a.flags.paywalled);
    assert!(a.flags.truncated);
    assert!(!a.body().contains("Subscribe"));
}

#[test]
fn dates_after_fetch_time_are_rejected() {
    let html = r#"<html><head><meta property="article:published_time" content="2031-01-01T00:00:00Z"></head>
        <body><article><h1>Future</h1><p>Posted 3 May 2020.</p>
        <p>The council voted on Tuesday to extend the tram line to the airport by 2027, after two years of debate about the cost.</p>
        <p>Construction starts next spring and the first trams will run every ten minutes from the central station.</p></article></body></html>"#;
    let mut p = Page::from_bytes("t", "https://e.example/a", html.as_bytes().to_vec());
    p.fetched_at = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
    let a = extractor().extract(&p).unwrap();
    assert_eq!(a.published.unwrap().date_naive().to_string(), "2020-05-03");
    assert!(a
        .provenance
        .published
        .candidates
        .iter()
        .all(|c| !c.value.starts_with("2031")));
}

#[test]
fn app_shell_needs_javascript() {
    let html = r#"<html><head><script src="/app.js"></script></head><body><div id="root"></div>
        <noscript>You need to enable JavaScript to run this app.</noscript></body></html>"#;
    let p = Page::from_bytes("t", "https://app.example/story/1", html.as_bytes().to_vec());
    let a = extractor().extract(&p).unwrap();
    assert!(a.flags.needs_js);
    assert!(a.blocks.is_empty());
}

#[test]
fn site_profile_overrides_generic_choice() {
    let config = ScrapeConfig {
        profiles: vec![SiteProfile {
            name: "herald".into(),
            host: "coastalherald.example".into(),
            body: Some(".entry-content".into()),
            author: Some(".byline a".into()),
            drop: vec!["h2".into()],
            ..SiteProfile::default()
        }],
        ..ScrapeConfig::default()
    };
    let p = page(
        "harbour-bridge.html",
        "https://www.coastalherald.example/news/harbour-bridge-reopens/",
    );
    let a = Extractor::new(config).unwrap().extract(&p).unwrap();
    assert!(a.blocks.iter().all(|b| b.kind != BlockKind::Heading));
    assert_eq!(a.provenance.authors.rule, "profile");
    assert_eq!(a.authors, ["Marta Lindqvist"]);
}

#[test]
fn invalid_profile_selector_is_reported() {
    let config = ScrapeConfig {
        profiles: vec![SiteProfile {
            name: "broken".into(),
            host: "e.example".into(),
            date: Some("time[".into()),
            ..SiteProfile::default()
        }],
        ..ScrapeConfig::default()
    };
    let err = Extractor::new(config).err().expect("an error").to_string();
    assert!(
        err.contains("broken") && err.contains("time[") && err.contains("date"),
        "{err}"
    );
}

#[test]
fn binary_files_are_refused_with_what_they_look_like() {
    // Small generated fixtures: the first bytes of each format and filler.
    let mut elf = b"\x7fELF\x02\x01\x01\x00".to_vec();
    elf.extend((0..2000u32).map(|i| (i * 7 % 256) as u8));
    let mut png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec();
    png.extend(std::iter::repeat_n(0u8, 100));
    let pdf = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n<p>not html</p>".to_vec();
    let noise: Vec<u8> = (0..3000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let cases: [(&str, Vec<u8>, Option<&str>, &str); 5] = [
        ("ls", elf, None, "an ELF executable"),
        ("logo.png", png, None, "a PNG image"),
        ("report", pdf.clone(), None, "a PDF document"),
        (
            "served-as-html",
            pdf,
            Some("text/html; charset=utf-8"),
            "a PDF document",
        ),
        (
            "blob",
            noise,
            Some("application/octet-stream"),
            "binary data",
        ),
    ];
    for (name, body, content_type, expected) in cases {
        let mut p = Page::from_bytes("t", &format!("https://e.example/{name}"), body);
        p.content_type = content_type.map(str::to_string);
        match extractor().extract_lenient(&p) {
            Err(ScrapeError::Binary { url, looks_like }) => {
                assert_eq!(looks_like, expected, "{name}");
                assert!(url.ends_with(name));
            }
            other => panic!("{name}: {:?}", other.map(|(a, _)| a.word_count)),
        }
    }
    // A page with an odd control byte that the server calls HTML is still read.
    let mut p = Page::from_bytes(
        "t",
        "https://e.example/odd",
        b"<title>Odd</title><p>A stray \x01 byte.</p>".to_vec(),
    );
    p.content_type = Some("text/html".into());
    assert!(extractor().extract_lenient(&p).is_ok());
}

#[test]
fn empty_and_binary_pages_are_unreadable() {
    let p = Page::from_bytes("t", "https://e.example/empty", Vec::new());
    assert!(matches!(
        extractor().extract(&p),
        Err(ScrapeError::Unreadable { .. })
    ));
    let mut p = Page::from_bytes("t", "https://e.example/x.pdf", b"%PDF-1.4".to_vec());
    p.content_type = Some("application/pdf".into());
    assert!(matches!(
        extractor().extract(&p),
        Err(ScrapeError::Unreadable { .. })
    ));
}
