//! `newsmill extract`: one JSON line per file, ids from file names.

use std::io::Write;

use crate::util::{stderr, stdout, Site, Workdir};

#[test]
fn prints_one_json_record_per_file_in_order() {
    let wd = Workdir::new();
    let site = Site::standard();
    let base = "https://news.example.com";
    wd.create("pages/first.example.com.html", site.articles[0].html(base));
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(site.articles[1].html(base).as_bytes())
        .unwrap();
    wd.create("pages/blog.example.com.html.gz", gz.finish().unwrap());
    let out = wd.run(&[
        "extract",
        "pages/first.example.com.html",
        "pages/blog.example.com.html.gz",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], "first.example.com");
    assert_eq!(lines[1]["id"], "blog.example.com");
    for (line, a) in lines.iter().zip(&site.articles) {
        assert_eq!(line["title"], a.title);
        let body = line["body"].as_str().unwrap();
        assert!(body.contains(a.paragraphs[1]), "{body}");
        for key in [
            "entities",
            "mentions",
            "quotes",
            "blocks",
            "authors",
            "article_id",
        ] {
            assert!(line.get(key).is_some(), "missing {key}: {line:#}");
        }
    }
}

#[test]
fn a_bad_file_is_reported_and_the_others_go_on() {
    let wd = Workdir::new();
    let site = Site::standard();
    wd.create("ok.html", site.articles[2].html("https://e.example"));
    let out = wd.run(&["extract", "--no-tag", "missing.html", "ok.html"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("missing.html"), "{}", stderr(&out));
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["id"], "ok");
    assert!(
        lines[0].get("entities").is_none(),
        "--no-tag prints no tags"
    );
}

#[test]
fn url_flag_sets_the_article_url() {
    let wd = Workdir::new();
    let site = Site::standard();
    wd.create("a.htm", site.articles[0].html("https://e.example"));
    let out = wd.run(&[
        "extract",
        "--url",
        "https://e.example/2024/05/council-budget-vote/",
        "a.htm",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let line: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(line["id"], "a");
    assert_eq!(
        line["url"],
        "https://e.example/2024/05/council-budget-vote/"
    );
}

#[test]
fn listing_pages_print_with_a_not_article_reason() {
    let wd = Workdir::new();
    let site = Site::standard();
    wd.create("index.html", site.listing("https://e.example", "Home"));
    let out = wd.run(&["extract", "--no-tag", "index.html"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let line: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(line["id"], "index");
    assert!(line["not_article"].as_str().is_some(), "{line:#}");
}

#[test]
fn urls_file_maps_ids_to_urls_and_names_bad_entries() {
    let wd = Workdir::new();
    let site = Site::standard();
    wd.create("a.html", site.articles[0].html("https://e.example"));
    wd.create("b.html.gz", {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(site.articles[1].html("https://e.example").as_bytes())
            .unwrap();
        gz.finish().unwrap()
    });
    wd.create(
        "truth.json",
        r#"{"a": {"url": "https://e.example/a/", "date": "2024-05-01"}, "b": "https://e.example/b/"}"#,
    );
    let out = wd.run(&[
        "extract",
        "--no-tag",
        "--urls",
        "truth.json",
        "a.html",
        "b.html.gz",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let urls: Vec<String> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["url"].to_string())
        .collect();
    assert_eq!(
        urls,
        [r#""https://e.example/a/""#, r#""https://e.example/b/""#]
    );

    wd.create("bad.json", r#"{"a": 3}"#);
    let out = wd.run(&["extract", "--no-tag", "--urls", "bad.json", "a.html"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("bad.json"), "{}", stderr(&out));
    assert!(stderr(&out).contains("\"a\""), "{}", stderr(&out));
}

#[test]
fn markup_notes_from_the_parser_stay_off_stderr() {
    let wd = Workdir::new();
    let site = Site::standard();
    // Text directly inside <table> makes html5ever "foster parent" it, which it logs.
    let html = site.articles[0].html("https://e.example").replace(
        "</body>",
        "<table>stray text<tr><td>cell</td></tr></table></body>",
    );
    wd.create("table.html", html);
    let out = wd.run(&["extract", "--no-tag", "table.html"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "", "stderr should be empty");
}
