//! A newcomer's first commands: `newsmill init --site URL` on a local site, a
//! one-off `newsmill run --feed URL` without a config file, and config errors that
//! name the file, line and key.

use crate::util::{stderr, stdout, Behaviour, Server, Site, Workdir};

/// The fixture site, with a home page announcing its feed and a robots.txt
/// listing its sitemap.
fn site_with_announcements() -> (Server, Site) {
    let server = Server::start();
    let site = Site::standard();
    server.serve_site(&site);
    let base = server.base().to_string();
    let home = site.listing(&base, "Home").replace(
        "<meta property=\"og:type\" content=\"website\">",
        "<meta property=\"og:type\" content=\"website\">\
<link rel=\"alternate\" type=\"application/rss+xml\" title=\"Fixture Times\" href=\"/feed.xml\">\
<link rel=\"alternate\" type=\"application/rss+xml\" href=\"/missing-feed.xml\">",
    );
    server.set("/", Behaviour::Ok("text/html; charset=utf-8", home));
    server.set(
        "/robots.txt",
        Behaviour::Ok(
            "text/plain",
            format!("User-agent: *\nAllow: /\nSitemap: {base}/sitemap.xml\n"),
        ),
    );
    (server, site)
}

#[test]
fn init_finds_the_feed_and_sitemap_of_a_local_site() {
    let (server, site) = site_with_announcements();
    let wd = Workdir::new();
    let home = format!("{}/", server.base());
    let out = wd.run(&[
        "init",
        "--site",
        &home,
        "--allow-private",
        "--contact",
        "mailto:test@example.org",
        "-c",
        "site.toml",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let printed = stdout(&out);
    let feed = format!("{}/feed.xml", server.base());
    let sitemap = format!("{}/sitemap.xml", server.base());
    assert!(
        printed.contains(&format!("feed     {feed}  (3 entries, home page)")),
        "{printed}"
    );
    assert!(
        printed.contains(&format!("sitemap  {sitemap}  (5 URLs, robots.txt)")),
        "{printed}"
    );
    assert!(
        printed.contains("missing-feed.xml") && printed.contains("404"),
        "{printed}"
    );
    let text = std::fs::read_to_string(wd.path().join("site.toml")).unwrap();
    assert!(
        text.contains(&format!(
            "kind = \"feed\"\nurl = \"{feed}\"\nallow_private = true"
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!("kind = \"sitemap\"\nurl = \"{sitemap}\"")),
        "{text}"
    );
    assert!(
        text.contains("contact = \"mailto:test@example.org\""),
        "{text}"
    );
    assert!(!text.contains("missing-feed"), "{text}");

    // The written config runs: a dry run lists the articles.
    let out = wd.run(&["run", "--config", "site.toml", "--dry-run"]);
    assert!(out.status.success(), "{}", stderr(&out));
    for a in &site.articles {
        assert!(
            stdout(&out).contains(&a.url(server.base())),
            "{}",
            stdout(&out)
        );
    }

    // An existing file is kept unless --force.
    let out = wd.run(&["init", "-c", "site.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
    let out = wd.run(&["init", "-c", "site.toml", "--force"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(wd.path().join("site.toml")).unwrap();
    assert!(text.contains("# [[sources]]"), "{text}");
}

#[test]
fn init_without_allow_private_reaches_no_local_address() {
    let (server, _) = site_with_announcements();
    let wd = Workdir::new();
    let out = wd.run(&["init", "--site", &format!("{}/", server.base())]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("private"), "{}", stderr(&out));
    assert_eq!(server.count("/"), 0);
    assert!(!wd.path().join("newsmill.toml").exists());
}

#[test]
fn a_feed_on_the_command_line_is_crawled_without_a_config() {
    let (server, site) = site_with_announcements();
    let wd = Workdir::new();
    let feed = format!("{}/feed.xml", server.base());
    let out = wd.run(&[
        "run",
        "--feed",
        &feed,
        "--allow-private",
        "--output",
        "news",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let latest = wd.path().join("news/latest");
    let rows = wd.csv(&latest.join("articles.csv"));
    assert_eq!(rows.len(), site.articles.len());
    assert!(
        rows.iter().all(|r| r["source"] == "127.0.0.1-feed"),
        "{rows:?}"
    );
    let csv = std::fs::read(latest.join("articles.csv")).unwrap();
    assert!(
        csv.starts_with(b"\xef\xbb\xbfarticle_id,"),
        "CSV files start with a BOM"
    );
    assert!(wd.path().join("news/state.sqlite").exists());
    assert!(
        !stderr(&out).contains("contact"),
        "no contact warning for a local site: {}",
        stderr(&out)
    );

    // Neither a config nor a source flag: clap refuses.
    let out = wd.run(&["run"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--config"), "{}", stderr(&out));
}

#[test]
fn out_of_range_config_values_name_file_line_and_key() {
    let wd = Workdir::new();
    wd.create(
        "bad.toml",
        "[output]\ndir = \"out\"\n\n[fetch]\ntotal_timeout_secs = -5\n\n[[sources]]\nname = \"x\"\nkind = \"feed\"\nurl = \"http://127.0.0.1:9/feed\"\n",
    );
    let out = wd.run(&["run", "--config", "bad.toml"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("bad.toml:5: key `fetch.total_timeout_secs`: total_timeout_secs must be a positive number, got -5"),
        "{err}"
    );
    assert!(!wd.path().join("out").exists(), "nothing written");
}
