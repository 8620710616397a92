//! The site's own names, for telling a headline from the site name, section or
//! tagline that titles and bylines carry.

use url::Url;

use crate::html::dom::{contains_lowered, Dom, Tag};
use crate::jsonld::JsonLd;
use crate::meta::MetaTags;

use super::key;

/// The site's names: what the page declares (`og:site_name`, `application-name`,
/// the JSON-LD publisher or web site), the labels of its host name, and what the
/// page shows as its name (the home link, the logo).
pub(crate) struct SiteNames {
    /// Declared names, folded with [`key`].
    pub names: Vec<String>,
    /// Host labels of four letters or more (`liberty` of `www.liberty.edu`).
    pub host: Vec<String>,
    /// Names shown on the page, as written: the text (or image `alt`) of links
    /// to the home page and of logo elements. Empty until
    /// [`SiteNames::with_page`].
    pub shown: Vec<String>,
    /// The host of the page's canonical URL, lower case.
    pub site_host: Option<String>,
}

/// Most names a page may show; the first found count.
const SHOWN_MAX: usize = 4;

/// Link texts that say "home" rather than name the site.
const HOME_WORDS: &[&str] = &[
    "home",
    "homepage",
    "home page",
    "start",
    "startseite",
    "accueil",
    "inicio",
    "главная",
];

impl SiteNames {
    pub(crate) fn of(meta: &MetaTags, ld: &JsonLd) -> SiteNames {
        let mut names: Vec<String> = [
            meta.get(&["og:site_name"]),
            meta.get(&["application-name"]),
            meta.get(&["twitter:site"])
                .map(|s| s.trim_start_matches('@')),
            ld.site.as_deref(),
        ]
        .into_iter()
        .flatten()
        .map(key)
        .filter(|k| !k.is_empty())
        .collect();
        names.dedup();
        let url = meta.canonical.as_deref().or_else(|| meta.get(&["og:url"]));
        let host = url
            .and_then(|u| Url::parse(u).ok())
            .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
            .map(|h| {
                let labels: Vec<&str> = h.split('.').collect();
                let keep = labels.len().saturating_sub(1);
                labels[..keep]
                    .iter()
                    .filter(|l| l.len() >= 4 && !matches!(**l, "www" | "blog" | "news"))
                    .map(|l| l.replace('-', ""))
                    .collect()
            })
            .unwrap_or_default();
        let site_host = url
            .and_then(|u| Url::parse(u).ok())
            .and_then(|u| u.host_str().map(str::to_ascii_lowercase));
        SiteNames {
            names,
            host,
            shown: Vec::new(),
            site_host,
        }
    }

    /// Adds the names the page shows: the text (or an image's `alt`) of links to
    /// the site's home page (`href="/"`, or the canonical host's root) and of
    /// elements whose class or id says logo or brand. One pass over the page.
    pub(crate) fn with_page(mut self, dom: &Dom<'_>) -> SiteNames {
        let mut i = dom.body;
        while (i as usize) < dom.nodes.len() && self.shown.len() < SHOWN_MAX {
            let n = &dom.nodes[i as usize];
            let home = n.tag == Tag::A && dom.attr(i, "href").is_some_and(|h| self.is_home(h));
            let logo = !home
                && n.tag != Tag::Text
                && n.end - i < 12
                && dom.token_contains(i, &["logo", "brand"]);
            if !home && !logo {
                i += 1;
                continue;
            }
            let text = dom.text_of(i, |_| false);
            let text = if text.trim().is_empty() {
                (i..n.end)
                    .find(|&j| dom.nodes[j as usize].tag == Tag::Img)
                    .and_then(|j| dom.attr(j, "alt"))
                    .unwrap_or("")
                    .to_string()
            } else {
                text
            };
            let text = crate::html::dom::fold_whitespace(&text);
            let k = key(&text);
            if !k.is_empty()
                && k.len() <= 60
                && !HOME_WORDS.contains(&k.as_str())
                && !self.shown.iter().any(|s| key(s) == k)
            {
                self.shown.push(text);
            }
            i = n.end.max(i + 1);
        }
        self
    }

    /// Whether `href` leads to the site's home page.
    fn is_home(&self, href: &str) -> bool {
        let h = href.trim();
        if matches!(h, "/" | "./" | "/index.html" | "/index.php") {
            return true;
        }
        let Some(site) = &self.site_host else {
            return false;
        };
        // A parse makes a host of the href's own letters, only lower-cased,
        // unless it decodes them (`%`, non-ASCII, tabs and line breaks) or
        // rewrites an IP address: without those, an href that does not hold
        // the site's domain name cannot lead to it, and most links are not
        // worth a parse.
        let literal = h.is_ascii() && !h.contains(['%', '\t', '\n', '\r']);
        let domain = site.bytes().any(|b| b.is_ascii_alphabetic()) && !site.contains([':', '[']);
        if literal && domain && !contains_lowered(h, site) {
            return false;
        }
        Url::parse(h).is_ok_and(|u| {
            matches!(u.path(), "" | "/")
                && u.query().is_none()
                && u.host_str().is_some_and(|x| x.eq_ignore_ascii_case(site))
        })
    }

    /// Whether `s` is a name the page shows for itself ([`SiteNames::with_page`]).
    pub(crate) fn is_shown(&self, s: &str) -> bool {
        let k = key(s);
        !k.is_empty() && self.shown.iter().any(|x| key(x) == k)
    }

    /// Whether `s` is the site's name (declared, or its host label).
    pub(crate) fn is_site(&self, s: &str) -> bool {
        let k = key(s);
        if k.is_empty() {
            return false;
        }
        let squashed: String = k.chars().filter(|c| *c != ' ').collect();
        self.names.contains(&k)
            || self
                .host
                .iter()
                .any(|h| squashed == *h || squashed == format!("{h}com"))
    }

    /// Whether `s` names the site somewhere in it.
    pub(crate) fn mentions_site(&self, s: &str) -> bool {
        let k = key(s);
        if k.is_empty() {
            return false;
        }
        let squashed: String = k.chars().filter(|c| *c != ' ').collect();
        self.names
            .iter()
            .any(|n| n.len() >= 3 && k.contains(n.as_str()))
            || self.host.iter().any(|h| squashed.contains(h.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_page_shows_for_itself() {
        let doc = crate::html::dom::parse(
            r#"<html><head><link rel="canonical" href="https://www.daily-planet.example/a/b"></head>
            <body><header><a href="https://www.daily-planet.example/">Home</a>
            <a href="/"><img src="l.png" alt="Daily Planet"></a>
            <div class="site-logo">The Planet</div>
            <a href="https://other.example/">Elsewhere</a></header><h1>Story</h1></body></html>"#,
        );
        let dom = Dom::build(&doc);
        let meta = MetaTags::collect(&dom);
        let ld = JsonLd::parse(&meta.json_ld);
        let site = SiteNames::of(&meta, &ld).with_page(&dom);
        assert_eq!(site.shown, ["Daily Planet", "The Planet"]);
        assert!(site.is_shown("daily  planet") && !site.is_shown("Elsewhere"));
        assert!(site.is_site("Daily-Planet.com"));
    }

    #[test]
    fn home_links_are_found_with_or_without_a_parse() {
        let site = |host: &str| SiteNames {
            names: Vec::new(),
            host: Vec::new(),
            shown: Vec::new(),
            site_host: Some(host.to_string()),
        };
        // What a parse alone says, for every href.
        let parsed = |s: &SiteNames, h: &str| {
            matches!(h.trim(), "/" | "./" | "/index.html" | "/index.php")
                || Url::parse(h.trim()).is_ok_and(|u| {
                    matches!(u.path(), "" | "/")
                        && u.query().is_none()
                        && u.host_str().is_some_and(|x| {
                            s.site_host
                                .as_deref()
                                .is_some_and(|y| x.eq_ignore_ascii_case(y))
                        })
                })
        };
        let hrefs = [
            "https://www.daily-planet.example/",
            "HTTPS://WWW.Daily-Planet.Example",
            "https://www.daily-planet.example/news/a-story",
            "https://www.daily-planet.example/?page=2",
            "https://other.example/",
            "https://www.daily-planet.example.other.example/",
            "https://www.%64aily-planet.example/",
            "https://www.daily-\tplanet.example/",
            "https://www.ｄaily-planet.example/",
            "http://www.daily-planet.example:8080/#top",
            "/",
            "/news/",
            "mailto:desk@daily-planet.example",
            "http://127.0.0.1/",
            "http://0x7f.0.0.1/",
            "http://[0:0::1]/",
        ];
        for host in ["www.daily-planet.example", "127.0.0.1", "[::1]"] {
            let s = site(host);
            for h in hrefs {
                assert_eq!(s.is_home(h), parsed(&s, h), "{host} / {h}");
            }
        }
        let s = site("www.daily-planet.example");
        assert!(s.is_home("https://www.%64aily-planet.example/"));
        assert!(s.is_home("https://www.ｄaily-planet.example/"));
        assert!(site("127.0.0.1").is_home("http://0x7f.0.0.1/"));
    }
}
