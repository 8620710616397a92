//! The page: one HTML file with its stylesheet and its one small script inline,
//! allowed by hash in a Content-Security-Policy that forbids every other load
//! (`default-src 'none'`), so nothing in it can reach the network. Every text from
//! the store goes through maud's escaping; links are made only to `http(s)` URLs.
//!
//! Sections, each its own module: [`overview`] (volume, runs), [`entities`] (top
//! entities, co-occurrences, one section per entity), [`places`] (the map),
//! [`quotes`], [`quality`].

mod entities;
mod overview;
mod places;
mod quality;
mod quotes;

use std::collections::{HashMap, HashSet};

use base64::Engine;
use maud::{html, Markup, PreEscaped, Render, DOCTYPE};
use sha2::{Digest as _, Sha256};

use crate::collect::{cut, ArticleRow};
use crate::report::{Report, Scope};

const CSS: &str = include_str!("assets/report.css");
const SCRIPT: &str = include_str!("assets/sort.js");
/// Longest headline shown, in characters.
const TITLE_CHARS: usize = 240;

/// The Content-Security-Policy of the page: nothing may load; the inline
/// stylesheet and script run because their hashes are listed.
pub fn content_security_policy() -> String {
    format!(
        "default-src 'none'; style-src '{}'; script-src '{}'; img-src 'none'; \
         font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'",
        sha256(CSS),
        sha256(SCRIPT)
    )
}

fn sha256(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// Renders the report.
pub fn page(report: &Report) -> String {
    let ctx = Ctx::new(report);
    let title = &report.options.title;
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(content_security_policy());
                meta name="referrer" content="no-referrer";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content={ "newsmill " (env!("CARGO_PKG_VERSION")) };
                title { (title) " · newsmill report" }
                style { (PreEscaped(CSS)) }
            }
            body {
                (header(&ctx))
                main {
                    (overview::volume(&ctx))
                    (overview::runs(&ctx))
                    (entities::tables(&ctx))
                    (entities::pairs(&ctx))
                    (places::map(&ctx))
                    (quotes::quotes(&ctx))
                    (entities::pages(&ctx))
                    (quality::quality(&ctx))
                }
                footer.page {
                    p {
                        "Made by newsmill " (env!("CARGO_PKG_VERSION")) " on "
                        (report.options.generated.format("%Y-%m-%d %H:%M UTC"))
                        " from its state store. One self-contained file: nothing in it loads from the network; links lead to the articles' own pages."
                    }
                    p { "Map outline: Natural Earth 1:110m (public domain). Places: GeoNames (CC BY 4.0)." }
                }
                script { (PreEscaped(SCRIPT)) }
            }
        }
    }
    .into_string()
}

fn header(ctx: &Ctx) -> Markup {
    let r = ctx.report;
    let data = &r.data;
    let scope = match &r.options.scope {
        Scope::Store => "The latest version of every stored article".to_string(),
        Scope::Run(id) => format!("The articles run {id} exported"),
    };
    let filter = &r.options.filter;
    let runs = match &r.options.scope {
        Scope::Store => r.runs.len() as u64,
        Scope::Run(_) => 1,
    };
    let totals: [(&str, &str, u64); 7] = [
        ("articles", "Articles", data.articles.len() as u64),
        ("sources", "Sources", data.sources.len() as u64),
        ("entities", "Entities", data.entities.len() as u64),
        ("mentions", "Mentions", data.mentions()),
        ("quotes", "Quotations", data.quotes),
        ("runs", "Runs", runs),
        ("failures", "Failures", r.analysis.failures),
    ];
    html! {
        header.page {
            p.eyebrow { "newsmill report" }
            h1 { (r.options.title) }
            p.lede {
                (scope)
                @if let Some(t) = &r.analysis.timeline {
                    ", dated " (t.first.format("%Y-%m-%d")) " to " (t.last.format("%Y-%m-%d"))
                }
                @if let Some(s) = filter.since { "; since " (s.format("%Y-%m-%d")) }
                @if let Some(u) = filter.until { "; until " (u.format("%Y-%m-%d")) }
                @if let Some(s) = &filter.source { "; source " code { (s) } }
                "."
            }
            dl.totals #totals {
                @for (id, label, n) in totals {
                    div { dt { (label) } dd id={ "total-" (id) } data-n=(n) { (Count(n)) } }
                }
            }
            nav.contents aria-label="Contents" {
                ol {
                    li { a href="#volume" { "Articles over time" } }
                    li { a href="#runs" { "Runs" } }
                    li { a href="#entities" { "People, organisations, places" } }
                    li { a href="#cooccurrence" { "Who appears with whom" } }
                    li { a href="#map" { "Map" } }
                    li { a href="#quotes" { "Quotations" } }
                    li { a href="#entity-pages" { "Entity pages" } }
                    li { a href="#quality" { "Data quality" } }
                }
            }
        }
    }
}

/// What every section needs: the report and the anchors of the entity sections.
pub(crate) struct Ctx<'a> {
    report: &'a Report,
    anchors: HashMap<u32, String>,
}

impl<'a> Ctx<'a> {
    fn new(report: &'a Report) -> Ctx<'a> {
        let mut taken = HashSet::new();
        let mut anchors = HashMap::new();
        for &e in &report.analysis.shown {
            let base: String = std::iter::once("e-".to_string())
                .chain(report.data.entities[e as usize].id.chars().map(|c| {
                    if c.is_ascii_alphanumeric() || c == '-' {
                        c.to_ascii_lowercase().to_string()
                    } else {
                        "-".to_string()
                    }
                }))
                .collect();
            let mut anchor = base.clone();
            let mut n = 2;
            while !taken.insert(anchor.clone()) {
                anchor = format!("{base}-{n}");
                n += 1;
            }
            anchors.insert(e, anchor);
        }
        Ctx { report, anchors }
    }

    /// The entity's name, linking to its section when it has one.
    fn entity_link(&self, e: u32) -> Markup {
        let entity = &self.report.data.entities[e as usize];
        html! {
            @match self.anchors.get(&e) {
                Some(a) => a href={ "#" (a) } { (entity.name) },
                None => span { (entity.name) },
            }
        }
    }

    /// The article's headline, linking to its page when the URL is a web address.
    fn article_link(&self, i: u32) -> Markup {
        let a: &ArticleRow = &self.report.data.articles[i as usize];
        let shown = if a.title.is_empty() {
            cut(&a.url, TITLE_CHARS)
        } else {
            cut(&a.title, TITLE_CHARS)
        };
        html! {
            @if is_web_url(&a.url) {
                a href=(a.url) rel="noopener noreferrer nofollow" referrerpolicy="no-referrer" { (shown) }
            } @else {
                span { (shown) } " " span.url { (cut(&a.url, 200)) }
            }
        }
    }

    /// "2024-03-12 · source" for an article.
    fn article_meta(&self, i: u32) -> Markup {
        let a = &self.report.data.articles[i as usize];
        html! {
            span.date { (a.day.format("%Y-%m-%d")) } " · " (self.report.data.sources[a.source as usize])
        }
    }
}

/// True for `http://` and `https://` URLs: only those become links (never
/// `javascript:`, `data:` or relative ones).
fn is_web_url(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://"))
        && !url.chars().any(|c| c.is_control() || c.is_whitespace())
}

/// "1 article", "12,345 articles".
pub(crate) fn counted(n: u64, one: &str, many: &str) -> Markup {
    html! { (Count(n)) " " @if n == 1 { (one) } @else { (many) } }
}

/// A count with thousands separators (`12,345`).
pub(crate) struct Count(pub u64);

impl Render for Count {
    fn render_to(&self, buffer: &mut String) {
        let digits = self.0.to_string();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                buffer.push(',');
            }
            buffer.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_urls_are_links() {
        assert!(is_web_url("https://example.com/a"));
        assert!(is_web_url("HTTP://example.com/a"));
        for bad in [
            "javascript:alert(1)",
            "data:text/html,x",
            "/relative",
            "https://exa mple.com",
            "file:///etc/passwd",
            "",
        ] {
            assert!(!is_web_url(bad), "{bad}");
        }
    }

    #[test]
    fn counts_are_grouped() {
        let mut s = String::new();
        for n in [0, 999, 1000, 1234567] {
            Count(n).render_to(&mut s);
            s.push(' ');
        }
        assert_eq!(s, "0 999 1,000 1,234,567 ");
    }

    #[test]
    fn the_policy_forbids_loads_and_hashes_the_inline_code() {
        let csp = content_security_policy();
        assert!(csp.starts_with("default-src 'none';"));
        assert!(!csp.contains("unsafe"));
        assert_eq!(csp.matches("'sha256-").count(), 2);
    }
}
