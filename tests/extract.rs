//! `newsmill extract`: one record per file, folder file, URL or stdin, in the
//! `articles.jsonl` shape; the output formats.

use std::io::Write;

use crate::schema_check::{schema, validate};
use crate::util::{stderr, stdout, Server, Site, Workdir};

/// The JSON lines of an output, each checked against the schema.
fn records(out: &std::process::Output) -> Vec<serde_json::Value> {
    let schema = schema();
    stdout(out)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let mut errors = Vec::new();
            validate(&schema, &schema, &v, "record", &mut errors);
            assert!(errors.is_empty(), "{errors:#?}");
            v
        })
        .collect()
}

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
    let lines = records(&out);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], "first.example.com");
    assert_eq!(lines[1]["id"], "blog.example.com");
    for (line, a) in lines.iter().zip(&site.articles) {
        assert_eq!(line["title"], a.title);
        let body = line["body"].as_str().unwrap();
        assert!(body.contains(a.paragraphs[1]), "{body}");
        for key in ["entities", "mentions", "quotes", "authors", "article_id"] {
            assert!(line.get(key).is_some(), "missing {key}: {line:#}");
        }
        // Flat, as exported: no nested flags, entities with `entity_id` and `type`.
        assert!(line.get("flags").is_none() && line.get("blocks").is_none());
        assert!(line["charset_confidence"].is_f64(), "{line:#}");
        for e in line["entities"].as_array().unwrap() {
            assert!(e["entity_id"].is_string() && e["type"].is_string(), "{e}");
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

    // An entry without a URL string is named in a warning and left out: that file
    // keeps its file:// URL, the other entries still apply.
    wd.create("bad.json", r#"{"a": 3, "b": "https://e.example/b/"}"#);
    let out = wd.run(&[
        "extract",
        "--no-tag",
        "--urls",
        "bad.json",
        "a.html",
        "b.html.gz",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("bad.json"), "{}", stderr(&out));
    assert!(stderr(&out).contains("\"a\""), "{}", stderr(&out));
    let urls: Vec<String> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["url"].to_string())
        .collect();
    assert!(urls[0].starts_with("\"file://"), "{urls:?}");
    assert_eq!(urls[1], r#""https://e.example/b/""#);
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

#[test]
fn urls_are_fetched_from_the_local_server_only_with_allow_private() {
    let server = Server::start();
    let site = Site::standard();
    server.serve_site(&site);
    let wd = Workdir::new();
    let url = site.articles[1].url(server.base());
    let out = wd.run(&["extract", "--no-tag", &url]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("private"), "{}", stderr(&out));
    assert_eq!(
        server.count(&site.articles[1].path()),
        0,
        "no request without --allow-private"
    );

    let out = wd.run(&["extract", "--allow-private", &url]);
    assert!(out.status.success(), "{}", stderr(&out));
    let lines = records(&out);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["id"], url.as_str());
    assert_eq!(lines[0]["url"], url.as_str());
    assert_eq!(lines[0]["title"], site.articles[1].title);
    assert_eq!(server.count(&site.articles[1].path()), 1);
    assert_eq!(server.count("/robots.txt"), 1, "robots.txt is read");

    // A page that is missing is named on stderr; the others go on.
    let missing = format!("{}/2024/05/missing/", server.base());
    let out = wd.run(&["extract", "--no-tag", "--allow-private", &missing, &url]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("/2024/05/missing/"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("404"), "{}", stderr(&out));
    assert_eq!(records(&out).len(), 1);
}

#[test]
fn stdin_folders_and_output_formats() {
    let wd = Workdir::new();
    let site = Site::standard();
    for (i, a) in site.articles.iter().enumerate() {
        wd.create(&format!("saved/{i}.html"), a.html("https://e.example"));
    }
    // A folder, as CSV into a file: the articles table, with a BOM.
    let out = wd.run(&[
        "extract",
        "--no-tag",
        "--format",
        "csv",
        "-o",
        "pages.csv",
        "saved",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    let bytes = std::fs::read(wd.path().join("pages.csv")).unwrap();
    assert!(bytes.starts_with(b"\xef\xbb\xbfarticle_id,revision,url,"));
    let rows = wd.csv(&wd.path().join("pages.csv"));
    assert_eq!(rows.len(), site.articles.len());
    assert_eq!(rows[2]["title"], site.articles[2].title);
    assert!(rows[0]["charset_confidence"].contains('.'), "{:?}", rows[0]);

    // Stdin, as text: the body alone.
    let mut child = wd
        .command(&[
            "extract",
            "--format",
            "text",
            "--url",
            "https://e.example/x",
            "-",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let html = site.articles[0].html("https://e.example");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(html.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(
        text,
        format!("{}\n", site.articles[0].paragraphs.join("\n\n"))
    );

    // Markdown: title, byline, paragraphs; JSON: one array.
    let out = wd.run(&[
        "extract",
        "--no-tag",
        "--format",
        "markdown",
        "saved/0.html",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let md = stdout(&out);
    assert!(
        md.starts_with(&format!(
            "# {}\n\n*{} · 2024-05-02 · <",
            site.articles[0].title, site.articles[0].author
        )),
        "{md}"
    );
    assert!(md.contains(site.articles[0].paragraphs[1]), "{md}");
    let out = wd.run(&["extract", "--no-tag", "--format", "json", "saved"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let array: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let ids: Vec<&str> = array
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["0", "1", "2"]);
}

#[test]
fn one_record_shape_for_extract_and_the_exported_jsonl() {
    let server = Server::start();
    let site = Site::standard();
    server.serve_site(&site);
    let wd = Workdir::new();
    // A listing source: its leads carry no hints (a feed's dates and summaries
    // would be candidates a lone URL lacks), so both see exactly the same page.
    wd.create(
        "listing.toml",
        format!(
            "[fetch]\nper_host_delay_secs = 0.0\n[output]\ndir = \"out\"\n\n[[sources]]\nname = \"home\"\nkind = \"listing\"\nurl = \"{}/\"\nlink_pattern = \"/2024/05/\"\nallow_private = true\n",
            server.base()
        ),
    );
    let out = wd.run(&["run", "--config", "listing.toml"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let jsonl = std::fs::read_to_string(wd.latest().join("articles.jsonl")).unwrap();
    let url = site.articles[0].url(server.base());
    let exported: serde_json::Value = jsonl
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|r| r["url"] == url.as_str())
        .expect("the article was exported");
    let out = wd.run(&["extract", "--allow-private", &url]);
    assert!(out.status.success(), "{}", stderr(&out));
    let extracted = records(&out).remove(0);
    let mut errors = Vec::new();
    let schema = schema();
    validate(&schema, &schema, &exported, "exported", &mut errors);
    assert!(errors.is_empty(), "{errors:#?}");
    // The same keys in the same order, the extract's `id` aside.
    let keys =
        |v: &serde_json::Value| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect() };
    let mut extract_keys = keys(&extracted);
    extract_keys.retain(|k| k != "id");
    assert_eq!(extract_keys, keys(&exported));
    // The same values, except what names the run, the source and the fetch time.
    for key in keys(&exported) {
        if ["run_id", "fetched_at", "source"].contains(&key.as_str()) {
            continue;
        }
        assert_eq!(extracted[&key], exported[&key], "{key}");
    }
    assert!(!exported["entities"].as_array().unwrap().is_empty());
    assert_eq!(exported["source"], "home");
    assert_eq!(extracted["source"], "extract");
}

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    use std::io::Read;
    let wd = Workdir::new();
    let site = Site::standard();
    for (i, a) in site.articles.iter().enumerate() {
        wd.create(&format!("saved/{i}.html"), a.html("https://e.example"));
    }
    // Far more output than a pipe buffers, so the writes after the reader
    // leaves fail with EPIPE.
    let mut args = vec!["extract", "--no-tag"];
    args.extend(std::iter::repeat_n("saved", 60));
    for format in ["jsonl", "csv"] {
        let mut all = args.clone();
        all.extend(["--format", format]);
        let mut child = wd
            .command(&all)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut head = [0u8; 16];
        child.stdout.take().unwrap().read_exact(&mut head).unwrap();
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{format}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{format}");
    }
}

/// A loopback server answering `/robots.txt` with 404 and everything else with a
/// redirect to `target`; serves until the test ends (bounded by its connections).
fn redirecting_server(target: String) -> String {
    use std::io::{BufRead, BufReader};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().take(20) {
            let Ok(mut stream) = stream else { break };
            let mut line = String::new();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            // Read the headers up to the blank line.
            let mut header = String::new();
            while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                header.clear();
            }
            let response = if line.contains(" /robots.txt ") {
                "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .to_string()
            } else {
                format!("HTTP/1.1 302 Found\r\nLocation: {target}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            };
            let _ = stream.write_all(response.as_bytes());
        }
    });
    base
}

#[test]
fn allow_private_admits_only_the_given_urls_host_not_where_it_redirects() {
    let server = Server::start();
    let site = Site::standard();
    server.serve_site(&site);
    let target = site.articles[0].url(server.base());
    let redirector = redirecting_server(target.clone());
    let wd = Workdir::new();
    let out = wd.run(&[
        "extract",
        "--no-tag",
        "--allow-private",
        &format!("{redirector}/a"),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("private"), "{}", stderr(&out));
    assert_eq!(
        server.count(&site.articles[0].path()),
        0,
        "the redirect target was reached"
    );
    assert_eq!(
        server.count("/robots.txt"),
        0,
        "the redirect target was reached"
    );
    // Given on the command line itself, the same page is fetched.
    let out = wd.run(&["extract", "--no-tag", "--allow-private", &target]);
    assert!(out.status.success(), "{}", stderr(&out));
}
