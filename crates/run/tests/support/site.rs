//! The fixture news site, served on localhost with per-path behaviours and request
//! counts. Shared by the run crate's tests and the binary's end-to-end tests
//! (`tests/tests.rs` includes this file).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::Response;

/// What the fixture server does for one path.
#[derive(Clone, Debug)]
pub enum Behaviour {
    /// 200 with this content type and body.
    Ok(&'static str, String),
    /// `failures` times the status, then 200 with an HTML body.
    FailThenOk(u16, usize, String),
    /// Always this status.
    Status(u16),
    /// 200 with an HTML body, after waiting this many milliseconds.
    Slow(u64, String),
}

#[derive(Default)]
struct Routes {
    behaviours: HashMap<String, Behaviour>,
    counts: HashMap<String, usize>,
}

/// A localhost HTTP server for one test.
pub struct Server {
    base: String,
    routes: Arc<Mutex<Routes>>,
    _runtime: tokio::runtime::Runtime,
}

impl Server {
    /// Starts a server with no routes (every path is 404).
    pub fn start() -> Server {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let routes = Arc::new(Mutex::new(Routes::default()));
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let app = axum::Router::new()
            .fallback(respond)
            .with_state(routes.clone());
        runtime.spawn(async move { axum::serve(listener, app).await });
        Server {
            base,
            routes,
            _runtime: runtime,
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// Sets what a path answers.
    pub fn set(&self, path: &str, behaviour: Behaviour) {
        self.routes
            .lock()
            .unwrap()
            .behaviours
            .insert(path.to_string(), behaviour);
    }

    /// Waits (up to 60 s) until a path has been requested.
    pub fn wait_for_request(&self, path: &str) {
        for _ in 0..600 {
            if self.count(path) > 0 {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        panic!("{path} was never requested");
    }

    /// Requests received for a path so far.
    pub fn count(&self, path: &str) -> usize {
        self.routes
            .lock()
            .unwrap()
            .counts
            .get(path)
            .copied()
            .unwrap_or(0)
    }

    /// Serves a fixture site: robots.txt, feed, sitemap, index, tag page, articles.
    pub fn serve_site(&self, site: &Site) {
        let base = self.base.clone();
        self.set(
            "/robots.txt",
            Behaviour::Ok("text/plain", "User-agent: *\nAllow: /\n".into()),
        );
        self.set(
            "/feed.xml",
            Behaviour::Ok("application/rss+xml", site.feed(&base)),
        );
        self.set(
            "/sitemap.xml",
            Behaviour::Ok("application/xml", site.sitemap(&base)),
        );
        self.set(
            "/",
            Behaviour::Ok("text/html; charset=utf-8", site.listing(&base, "Home")),
        );
        self.set(
            "/tag/politics/",
            Behaviour::Ok(
                "text/html; charset=utf-8",
                site.listing(&base, "Tag: Politics"),
            ),
        );
        for a in &site.articles {
            self.set(
                &a.path(),
                Behaviour::Ok("text/html; charset=utf-8", a.html(&base)),
            );
        }
    }
}

/// Successful responses carry an `ETag` (a hash of the body), and a request whose
/// `If-None-Match` matches it gets 304 Not Modified.
async fn respond(
    State(routes): State<Arc<Mutex<Routes>>>,
    uri: Uri,
    headers: axum::http::HeaderMap,
) -> Response {
    let path = uri.path().to_string();
    let delay = match routes.lock().unwrap().behaviours.get(&path) {
        Some(Behaviour::Slow(ms, _)) => *ms,
        _ => 0,
    };
    let (status, content_type, body) = {
        let mut routes = routes.lock().unwrap();
        let n = {
            let c = routes.counts.entry(path.clone()).or_insert(0);
            *c += 1;
            *c
        };
        match routes.behaviours.get(&path).cloned() {
            None => (404, "text/plain", String::new()),
            Some(Behaviour::Ok(ct, body)) => (200, ct, body),
            Some(Behaviour::FailThenOk(status, failures, body)) if n <= failures => {
                let _ = body;
                (status, "text/plain", "temporarily broken".into())
            }
            Some(Behaviour::FailThenOk(_, _, body)) => (200, "text/html; charset=utf-8", body),
            Some(Behaviour::Status(status)) => (status, "text/plain", "broken".into()),
            Some(Behaviour::Slow(_, body)) => (200, "text/html; charset=utf-8", body),
        }
    };
    if delay > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(delay)).await;
    }
    let etag = format!("\"{:016x}\"", {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        body.hash(&mut h);
        h.finish()
    });
    if status == 200
        && headers
            .get("if-none-match")
            .is_some_and(|v| v.as_bytes() == etag.as_bytes())
    {
        let mut response = Response::new(Body::empty());
        *response.status_mut() = StatusCode::NOT_MODIFIED;
        response.headers_mut().insert("etag", etag.parse().unwrap());
        return response;
    }
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = StatusCode::from_u16(status).unwrap();
    if status == 200 {
        response.headers_mut().insert("etag", etag.parse().unwrap());
    }
    response
        .headers_mut()
        .insert("content-type", content_type.parse().unwrap());
    response
}

/// One article of the fixture site.
#[derive(Clone, Debug)]
pub struct FixtureArticle {
    pub slug: &'static str,
    pub title: &'static str,
    pub author: &'static str,
    pub published: &'static str,
    pub paragraphs: Vec<&'static str>,
}

impl FixtureArticle {
    pub fn path(&self) -> String {
        format!("/2024/05/{}/", self.slug)
    }

    pub fn url(&self, base: &str) -> String {
        format!("{base}{}", self.path())
    }

    /// A WordPress-like page: navigation, share bar, inline teaser, comments, footer.
    pub fn html(&self, base: &str) -> String {
        let url = self.url(base);
        let mut body = String::new();
        for (i, p) in self.paragraphs.iter().enumerate() {
            body.push_str(&format!("<p>{p}</p>\n"));
            if i == 0 {
                body.push_str(&format!(
                    "<div class=\"related-inline\"><a href=\"{base}/2024/05/other/\">Read also: {TEASER}</a></div>\n"
                ));
            }
        }
        format!(
            r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{title} | Fixture Times</title>
<link rel="canonical" href="{url}">
<meta property="og:title" content="{title}">
<meta property="og:type" content="article">
<meta property="article:published_time" content="{published}">
<meta name="author" content="{author}">
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle","headline":"{title}","datePublished":"{published}","author":{{"@type":"Person","name":"{author}"}}}}</script>
</head><body class="single single-post">
<header class="site-header"><a href="{base}/">Fixture Times</a>
<nav class="main-navigation"><ul><li><a href="{base}/">Home</a></li><li><a href="{base}/tag/politics/">Politics</a></li><li><a href="{base}/about/">About us</a></li></ul></nav></header>
<main id="main" class="site-main"><article class="post type-post hentry">
<header class="entry-header"><h1 class="entry-title">{title}</h1>
<div class="entry-meta">By <a rel="author" href="{base}/author/x/">{author}</a> <time class="entry-date published" datetime="{published}">{published}</time></div></header>
<div class="share-bar"><a href="https://facebook.com/share?u={url}">{SHARE}</a> <a href="https://twitter.com/intent/tweet?url={url}">Tweet</a></div>
<div class="entry-content">
{body}</div>
<footer class="entry-footer"><span class="tags-links"><a href="{base}/tag/politics/" rel="tag">Politics</a></span></footer>
</article>
<section id="comments" class="comments-area"><h2 class="comments-title">One thought</h2><ol class="comment-list"><li class="comment"><p>{COMMENT}</p></li></ol>
<form class="comment-form"><textarea></textarea><input type="submit" value="Post Comment"></form></section>
</main>
<aside class="sidebar"><section class="widget"><h2>Newsletter</h2><p>Subscribe to our weekly digest of regional news.</p></section></aside>
<footer class="site-footer"><p>&copy; 2024 Fixture Times. All rights reserved.</p></footer>
</body></html>"#,
            title = self.title,
            published = self.published,
            author = self.author,
        )
    }
}

/// Boilerplate that must never reach an article body.
pub const TEASER: &str = "Unrelated teaser about harbour cranes";
pub const SHARE: &str = "Share on Facebook";
pub const COMMENT: &str = "Great article, thanks for writing it";

/// A fixture site: articles plus an index and a tag page listing them.
pub struct Site {
    pub articles: Vec<FixtureArticle>,
}

impl Site {
    /// Three articles of realistic length.
    pub fn standard() -> Site {
        Site {
            articles: vec![
                FixtureArticle {
                    slug: "council-budget-vote",
                    title: "Regional Council Delays Its Budget Vote Again",
                    author: "Ona Petraitė",
                    published: "2024-05-02T09:00:00+03:00",
                    paragraphs: vec![
                        "The regional council in Kaunas postponed its vote on next year's budget for the third time on Tuesday, after two factions failed to agree on how much to spend on school buses.",
                        "Council members said the disagreement was less about money than about which districts would keep their routes, since rural schools depend on buses far more than those in the city.",
                        "“We will not vote for a budget that closes routes in the villages,” said Jonas Kazlauskas, who leads the smaller of the two factions. The vote is now expected in June.",
                    ],
                },
                FixtureArticle {
                    slug: "port-strike-ends",
                    title: "Dock Workers End Strike After Pay Deal",
                    author: "Marta Kowalska",
                    published: "2024-05-06T14:30:00+02:00",
                    paragraphs: vec![
                        "Dock workers at the port of Gdańsk returned to work on Monday after their union accepted a pay rise of eight percent spread over two years.",
                        "The four-day strike had left dozens of ships waiting at anchor in the bay, and shipping companies had begun diverting cargo to other ports along the coast.",
                        "Union leaders said the deal also includes a review of shift patterns, which workers had described as the main cause of fatigue and accidents on the night shift.",
                    ],
                },
                FixtureArticle {
                    slug: "rail-link-funding",
                    title: "Rail Link Gets Funding for Its Northern Section",
                    author: "Pēteris Kalniņš",
                    published: "2024-05-09T08:15:00+03:00",
                    paragraphs: vec![
                        "The government approved funding on Thursday for the northern section of the new rail link, ending months of uncertainty over whether the line would reach the capital on time.",
                        "Engineers say construction can begin next spring if the tender for the bridge over the river is completed by the end of the year, which officials described as ambitious but realistic.",
                        "Critics in parliament questioned the cost estimates, which have risen twice since the project began, and asked for an independent audit before any contracts are signed.",
                    ],
                },
            ],
        }
    }

    /// `n` articles of three paragraphs each, every one with its own text (for runs
    /// that must take a while, or be stopped part-way).
    pub fn numbered(n: usize) -> Site {
        let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
        let articles = (1..=n)
            .map(|i| FixtureArticle {
                slug: leak(format!("report-{i}")),
                title: leak(format!("Harbour Report Number {i} Is Published")),
                author: "Ona Petraitė",
                published: leak(format!("2024-05-{:02}T09:00:00+03:00", 1 + i % 28)),
                paragraphs: vec![
                    leak(format!("The harbour authority in Klaipėda published report number {i} on Tuesday, describing how cargo volumes changed over the past quarter and what the port expects for the rest of the year.")),
                    leak(format!("According to report {i}, container traffic rose while bulk cargo fell, a pattern the authority attributes to new shipping routes and the slow recovery of grain exports from the region.")),
                    leak(format!("“Report {i} shows a port that is changing faster than we planned for,” said Jonas Kazlauskas, who chairs the authority's board. The next report is due in three months.")),
                ],
            })
            .collect();
        Site { articles }
    }

    pub fn feed(&self, base: &str) -> String {
        let items: String = self
            .articles
            .iter()
            .map(|a| {
                format!(
                    "<item><title>{}</title><link>{}</link><pubDate>{}</pubDate><description>{}</description></item>\n",
                    a.title,
                    a.url(base),
                    rfc2822(a.published),
                    a.paragraphs[0]
                )
            })
            .collect();
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Fixture Times</title><link>{base}/</link><description>News</description>\n{items}</channel></rss>\n"
        )
    }

    pub fn sitemap(&self, base: &str) -> String {
        let mut urls = format!(
            "<url><loc>{base}/</loc><lastmod>2024-05-09</lastmod></url>\n<url><loc>{base}/tag/politics/</loc><lastmod>2024-05-09</lastmod></url>\n"
        );
        for a in &self.articles {
            urls.push_str(&format!(
                "<url><loc>{}</loc><lastmod>{}</lastmod></url>\n",
                a.url(base),
                a.published
            ));
        }
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n{urls}</urlset>\n"
        )
    }

    /// An index or tag page: headlines with short teasers, no article body, marked
    /// up the way WordPress SEO plugins do (`og:type` website, JSON-LD
    /// `CollectionPage`).
    pub fn listing(&self, base: &str, heading: &str) -> String {
        let items: String = self
            .articles
            .iter()
            .map(|a| {
                format!(
                    "<article class=\"post\"><h2 class=\"entry-title\"><a href=\"{}\">{}</a></h2><div class=\"entry-summary\"><p>{}</p></div><a class=\"more-link\" href=\"{}\">Continue reading</a></article>\n",
                    a.url(base),
                    a.title,
                    &a.paragraphs[0][..60],
                    a.url(base)
                )
            })
            .collect();
        format!(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{heading} | Fixture Times</title>\
<meta property=\"og:type\" content=\"website\">\
<script type=\"application/ld+json\">{{\"@context\":\"https://schema.org\",\"@graph\":[{{\"@type\":\"CollectionPage\",\"name\":\"{heading}\"}}]}}</script></head><body class=\"archive\">\
<header class=\"site-header\"><nav><a href=\"{base}/\">Home</a> <a href=\"{base}/tag/politics/\">Politics</a></nav></header>\
<main class=\"site-main\"><h1 class=\"page-title\">{heading}</h1>\n{items}<nav class=\"pagination\"><span>1</span></nav></main>\
<footer class=\"site-footer\">&copy; 2024 Fixture Times</footer></body></html>"
        )
    }
}

fn rfc2822(iso: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(iso)
        .unwrap()
        .to_rfc2822()
}
