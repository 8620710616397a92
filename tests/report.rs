//! The HTML report end to end: the demo run writes `report.html` into its folder,
//! agreeing with the folder's tables; `newsmill report` filters the store; in
//! headless Chromium the report loads nothing, logs nothing and runs nothing it
//! did not ship, hostile titles included.

use std::path::Path;

use crate::report_browser::{chromium, Browser, Visit};
use crate::util::{demo_config, stderr, Behaviour, Server, Site, Workdir};

#[path = "../crates/report/tests/support/agree.rs"]
mod agree;

/// The sections every report has, by id.
const SECTIONS: &[&str] = &[
    "totals",
    "volume",
    "runs",
    "entities",
    "cooccurrence",
    "map",
    "quotes",
    "entity-pages",
    "quality",
];

/// The checks every report passes in the browser: it requested nothing but
/// itself, logged nothing, forbids every load, runs only its own script and has
/// every section.
fn assert_clean(browser: &mut Browser, visit: &Visit, file: &Path) {
    let own = format!("file://{}", file.canonicalize().unwrap().display());
    assert_eq!(visit.requests, vec![own], "the page made requests");
    assert!(
        visit.messages.is_empty(),
        "the page logged: {:#?}",
        visit.messages
    );
    let s = &visit.session;
    let csp = browser.eval(
        s,
        r#"document.querySelector('meta[http-equiv="Content-Security-Policy"]').content"#,
    );
    assert!(
        csp.as_str().unwrap().starts_with("default-src 'none'"),
        "{csp}"
    );
    assert_eq!(browser.eval(s, "document.scripts.length"), 1, "one script");
    assert_eq!(
        browser.eval(
            s,
            "document.querySelectorAll('img, iframe, object, embed, link').length"
        ),
        0
    );
    let missing = browser.eval(
        s,
        &format!("{:?}.filter(id => !document.getElementById(id))", SECTIONS),
    );
    assert_eq!(missing, serde_json::json!([]), "missing sections");
}

#[test]
fn the_demo_report_agrees_with_its_tables_and_loads_nothing() {
    let wd = Workdir::new();
    let folder = wd.run_demo();
    let report = folder.join("report.html");
    assert!(
        report.is_file(),
        "[output] report = true in the demo config"
    );
    let compared = agree::report_agrees_with_tables(&folder);
    assert_eq!(compared.articles, 7);
    assert!(compared.entity_rows >= 10, "{compared:?}");
    assert!(compared.speakers >= 1, "{compared:?}");

    let Some(exe) = chromium() else { return };
    let mut browser = Browser::launch(&exe);
    let visit = browser.open(&report);
    assert_clean(&mut browser, &visit, &report);
    let s = visit.session.clone();
    assert_eq!(
        browser.eval(
            &s,
            "Number(document.getElementById('total-articles').dataset.n)"
        ),
        7
    );
    assert!(
        browser
            .eval(&s, "document.querySelectorAll('#volume svg rect').length")
            .as_u64()
            .unwrap()
            >= 7,
        "one bar per article-day at least"
    );
    assert!(
        browser
            .eval(&s, "document.querySelectorAll('#map svg circle').length")
            .as_u64()
            .unwrap()
            > 0,
        "linked places on the map"
    );
    let text = browser.eval(&s, "document.body.innerText");
    assert!(
        text.as_str().unwrap().contains("Alyaksandr Lukashenka"),
        "the watch-list person"
    );
    // The table-sorting script works: a click on a column heading sorts by it.
    let sorted = browser.eval(
        &s,
        r#"(() => {
            const table = document.querySelector('#entities table');
            const heads = [...table.querySelectorAll('th')];
            const col = heads.findIndex(h => h.textContent.trim() === 'Mentions');
            heads[col].click();
            const cells = [...table.tBodies[0].rows].map(r => Number(r.cells[col].textContent.replace(/\D/g, '')));
            return cells.every((v, i) => i === 0 || cells[i - 1] <= v) || cells.every((v, i) => i === 0 || cells[i - 1] >= v);
        })()"#,
    );
    assert_eq!(sorted, true);
    let png = browser.screenshot(&s);
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    assert_eq!(width, 1200);
    std::fs::write(
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-demo.png"),
        &png,
    )
    .unwrap();
}

#[test]
fn the_report_command_filters_the_store() {
    let wd = Workdir::new();
    let folder = wd.run_demo();
    let config = demo_config();
    let config = config.as_str();
    let all = wd.run(&["report", "-c", config, "--output", "out", "-o", "all.html"]);
    assert!(all.status.success(), "{}", stderr(&all));
    let total = |file: &str| -> u64 {
        let html = std::fs::read_to_string(wd.path().join(file)).unwrap();
        let at = html
            .find("id=\"total-articles\"")
            .expect("the articles total");
        let rest = &html[at..];
        let n = rest.split("data-n=\"").nth(1).unwrap();
        n[..n.find('"').unwrap()].parse().unwrap()
    };
    assert_eq!(
        total("all.html"),
        agree::report_agrees_with_tables(&folder).articles
    );
    let early = wd.run(&[
        "report",
        "-c",
        config,
        "--output",
        "out",
        "--until",
        "2024-05-31",
        "-o",
        "early.html",
    ]);
    assert!(early.status.success(), "{}", stderr(&early));
    let late = wd.run(&[
        "report",
        "-c",
        config,
        "--output",
        "out",
        "--since",
        "2024-06-01",
        "-o",
        "late.html",
    ]);
    assert!(late.status.success(), "{}", stderr(&late));
    assert!(total("early.html") > 0 && total("late.html") > 0);
    assert_eq!(total("early.html") + total("late.html"), total("all.html"));

    let unknown = wd.run(&[
        "report", "-c", config, "--output", "out", "--source", "nope",
    ]);
    assert!(!unknown.status.success());
    assert!(stderr(&unknown).contains("nope"), "{}", stderr(&unknown));
    let backwards = wd.run(&[
        "report",
        "-c",
        config,
        "--output",
        "out",
        "--since",
        "2024-06-01",
        "--until",
        "2024-05-01",
    ]);
    assert!(!backwards.status.success());
    assert!(
        stderr(&backwards).contains("before --since"),
        "{}",
        stderr(&backwards)
    );
    let nothing = wd.run(&["report", "-c", config, "--output", "elsewhere"]);
    assert!(!nothing.status.success());
    assert!(
        stderr(&nothing).contains("no state store"),
        "{}",
        stderr(&nothing)
    );
    assert!(!wd.path().join("elsewhere/state.sqlite").exists());
}

/// Titles that are markup, as a hostile or careless site writes them (escaped in
/// its page, so the scraped title is this text).
const HOSTILE: &[&str] = &[
    "<script>alert(1)</script> Council delays its budget",
    "\"><img src=x onerror=alert(2)> Dock workers end strike",
    "</title><svg onload=alert(3)> Rail link gets funding",
];

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Serves three articles whose titles are [`HOSTILE`], listed in a feed.
fn hostile_site(server: &Server) {
    let base = server.base().to_string();
    let site = Site::standard();
    let mut items = String::new();
    for (i, (title, article)) in HOSTILE.iter().zip(&site.articles).enumerate() {
        let url = format!("{base}/hostile/{i}/");
        let body: String = article
            .paragraphs
            .iter()
            .map(|p| format!("<p>{}</p>\n", escape(p)))
            .collect();
        let html = format!(
            r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{t}</title><link rel="canonical" href="{url}">
<meta property="og:title" content="{t}"><meta property="og:type" content="article">
<meta property="article:published_time" content="{published}">
</head><body><main><article><h1>{t}</h1>
<p>&ldquo;&lt;img src=x onerror=alert(4)&gt; is no answer,&rdquo; said Jonas Kazlauskas, who leads the smaller faction in the council.</p>
{body}</article></main></body></html>"#,
            t = escape(title),
            published = article.published,
        );
        server.set(
            &format!("/hostile/{i}/"),
            Behaviour::Ok("text/html; charset=utf-8", html),
        );
        items.push_str(&format!(
            "<item><title>{}</title><link>{url}</link></item>\n",
            escape(title)
        ));
    }
    server.set(
        "/robots.txt",
        Behaviour::Ok("text/plain", "User-agent: *\nAllow: /\n".into()),
    );
    server.set(
        "/feed.xml",
        Behaviour::Ok(
            "application/rss+xml",
            format!(
                "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Hostile</title>\
                 <link>{base}/</link><description>x</description>\n{items}</channel></rss>"
            ),
        ),
    );
}

#[test]
fn hostile_titles_are_shown_as_text_and_run_nothing() {
    let server = Server::start();
    hostile_site(&server);
    let wd = Workdir::new();
    wd.create(
        "newsmill.toml",
        format!(
            r#"[fetch]
user_agent = "newsmill-test"
per_host_delay_secs = 0.0
allow_private = true

[output]
dir = "out"
report = true

[export]
formats = ["csv"]

[[sources]]
name = "hostile"
kind = "feed"
url = "{}/feed.xml"
"#,
            server.base()
        ),
    );
    let out = wd.run(&["run", "--config", "newsmill.toml"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let folder = wd.latest();
    let titles: Vec<String> = wd
        .csv(&folder.join("articles.csv"))
        .into_iter()
        .map(|r| r["title"].clone())
        .collect();
    for title in HOSTILE {
        assert!(titles.iter().any(|t| t == title), "scraped {titles:?}");
    }
    let report = folder.join("report.html");
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(!html.contains("<img src=x"), "markup escaped");
    assert!(!html.contains("<svg onload"), "markup escaped");
    agree::report_agrees_with_tables(&folder);

    let Some(exe) = chromium() else { return };
    let mut browser = Browser::launch(&exe);
    let visit = browser.open(&report);
    assert_clean(&mut browser, &visit, &report);
    let text = browser.eval(&visit.session, "document.body.innerText");
    for title in HOSTILE {
        assert!(
            text.as_str().unwrap().contains(title),
            "{title} is shown as text"
        );
    }
    assert_eq!(
        browser.eval(
            &visit.session,
            "document.querySelectorAll('svg[onload], [onerror]').length"
        ),
        0
    );
}

/// The checks above can fail: a page that loads an image and logs an error is
/// seen doing both.
#[test]
fn the_browser_checks_see_requests_and_messages() {
    let Some(exe) = chromium() else { return };
    let wd = Workdir::new();
    let page = wd.create(
        "control.html",
        "<!DOCTYPE html><title>control</title><img src=\"http://127.0.0.1:9/x.png\">\
         <script>console.error('control message')</script>",
    );
    let mut browser = Browser::launch(&exe);
    let visit = browser.open(&page);
    assert!(
        visit
            .requests
            .iter()
            .any(|u| u == "http://127.0.0.1:9/x.png"),
        "{:?}",
        visit.requests
    );
    assert!(
        visit.messages.iter().any(|m| m.contains("control message")),
        "{:?}",
        visit.messages
    );
}
