//! Author names: every candidate group (the names one source gives) with its
//! features, cleaned of "By", roles and contact links, and the learned choice
//! among them (or none).
//!
//! Sources: a site profile's selector (chosen outright); JSON-LD `author` and
//! `creator` of every object; author meta tags (`author`, `article:author`,
//! Dublin Core, Parse.ly, Sailthru, citation, the Twitter "Written by" label);
//! microdata `itemprop="author"`; `rel="author"` links; elements whose class
//! says byline, author or user name; lines opened by "By", "Written by",
//! "Von", "Par" and the like; the feed entry.

mod clean;
mod page;

use newsmill_records::{Candidate, Choice};

use crate::html::dom::Dom;
use crate::jsonld::JsonLd;
use crate::meta::MetaTags;
use crate::metadata::ranker::{Features, MODEL};
use crate::metadata::{bucket, key, page_signals, region, SiteNames};
use clean::{clean, is_role};

/// Meta keys naming authors.
const META_KEYS: &[&str] = &[
    "author",
    "article:author",
    "dc.creator",
    "dcterms.creator",
    "parsely-author",
    "sailthru.author",
    "byl",
    "citation_author",
    "og:article:author",
    "twitter:creator",
];
/// Inputs for the author finder.
pub(crate) struct AuthorInputs<'a, 'd> {
    pub dom: &'a Dom<'d>,
    pub meta: &'a MetaTags,
    pub json_ld: &'a JsonLd,
    pub feed: &'a [String],
    pub profile: Option<String>,
    /// The site's names, with the names the page shows ([`SiteNames::with_page`]).
    pub site: &'a SiteNames,
    /// The page's headline ([`headline_anchor`]).
    pub headline: Option<u32>,
}

/// One candidate: the names one source gives.
#[derive(Clone, Debug)]
pub(crate) struct AuthorOption {
    pub names: Vec<String>,
    pub source: &'static str,
    pub features: Features,
}

/// Finds the authors and records every candidate.
pub(crate) fn find(inp: &AuthorInputs<'_, '_>) -> (Vec<String>, Choice) {
    let options = options(inp);
    let chosen = match inp.profile.as_deref().map(clean) {
        Some(names) if !names.is_empty() => Some(AuthorOption {
            names,
            source: "profile",
            features: Features::default(),
        }),
        _ => {
            let features: Vec<Features> = options.iter().map(|o| o.features.clone()).collect();
            MODEL
                .author
                .best(&features)
                .map(|i| options[i].clone())
                .filter(|o| !o.names.is_empty())
        }
    };
    let key_of = |names: &[String]| {
        let mut k: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
        k.sort();
        k
    };
    let real: Vec<&AuthorOption> = options.iter().filter(|o| !o.names.is_empty()).collect();
    let agreed = real
        .windows(2)
        .all(|w| key_of(&w[0].names) == key_of(&w[1].names));
    let candidates = real
        .iter()
        .flat_map(|o| {
            o.names.iter().map(move |n| Candidate {
                value: n.clone(),
                origin: o.source.to_string(),
            })
        })
        .collect();
    let (rule, names) = chosen.map_or(("none", Vec::new()), |o| (o.source, o.names));
    (
        names,
        Choice {
            rule: rule.to_string(),
            agreed,
            candidates,
        },
    )
}

struct Raw {
    names: Vec<String>,
    source: &'static str,
    node: Option<u32>,
    f: Features,
}

/// Every candidate group, with features, then the "none" option last.
pub(crate) fn options(inp: &AuthorInputs<'_, '_>) -> Vec<AuthorOption> {
    let mut raw: Vec<Raw> = Vec::new();
    let add = |raw: &mut Vec<Raw>, names: Vec<String>, source, node, f| {
        if !names.is_empty() && raw.len() < 40 {
            raw.push(Raw {
                names,
                source,
                node,
                f,
            });
        }
    };
    // JSON-LD: one group per object, people apart from organisations.
    let ld = inp.json_ld;
    let mut objects_seen: Vec<usize> = Vec::new();
    for org in [false, true] {
        let mut groups: Vec<(usize, &'static str, &'static str, Vec<String>)> = Vec::new();
        for p in ld.people.iter().filter(|p| p.org == org) {
            match groups
                .iter_mut()
                .find(|g| g.0 == p.object && g.2 == p.field)
            {
                Some(g) => g.3.extend(clean(&p.value)),
                None => groups.push((p.object, p.kind, p.field, clean(&p.value))),
            }
        }
        for (object, kind, field, names) in groups {
            let mut f = Features::default();
            let order = match objects_seen.iter().position(|&o| o == object) {
                Some(i) => i,
                None => {
                    objects_seen.push(object);
                    objects_seen.len() - 1
                }
            };
            f.on(format!("ld:{kind}:{field}"));
            f.when(org, "ld:org");
            f.on(format!("ld:order={}", bucket(order, &[0, 1, 2])));
            add(&mut raw, names, "json-ld", None, f);
        }
    }
    for k in META_KEYS {
        let names: Vec<String> = inp.meta.all(k).flat_map(clean).collect();
        let mut f = Features::default();
        f.on(format!("meta:{k}"));
        add(&mut raw, dedup(names), "meta", None, f);
    }
    // Twitter's reading-time cards: `twitter:label1` "Written by", `twitter:data1` the name.
    for n in 1..=4 {
        let label = inp.meta.get(&[&format!("twitter:label{n}")]).unwrap_or("");
        if label.to_lowercase().contains("written by") || label.to_lowercase().contains("author") {
            if let Some(v) = inp.meta.get(&[&format!("twitter:data{n}")]) {
                let mut f = Features::default();
                f.on("meta:twitter:label");
                add(&mut raw, clean(v), "meta", None, f);
            }
        }
    }
    page::visible(inp, &mut |names, source, node, f| {
        add(&mut raw, names, source, node, f)
    });
    let feed: Vec<String> = inp.feed.iter().flat_map(|a| clean(a)).collect();
    add(&mut raw, dedup(feed), "feed", None, {
        let mut f = Features::default();
        f.on("feed");
        f
    });

    let site = inp.site;
    let anchor = inp.headline;
    // The line of small print under the headline ("Ana Ruiz | March 3, 2024").
    if let Some((names, node)) = anchor.and_then(|h| page::dateline(inp.dom, h)) {
        let mut f = Features::default();
        f.on("dateline");
        add(&mut raw, names, "dateline", Some(node), f);
    }
    // The site's own name: on a personal site, the author.
    let title_tail = inp.meta.title.as_deref().and_then(|t| {
        [" | ", " - ", " \u{2013} ", " \u{2014} ", " \u{b7} "]
            .iter()
            .filter_map(|s| t.rfind(s).map(|at| &t[at + s.len()..]))
            .min_by_key(|tail| tail.len())
    });
    for (from, text) in [
        ("site:og", inp.meta.get(&["og:site_name"])),
        ("site:home", site.shown.first().map(String::as_str)),
        ("site:title", title_tail),
    ] {
        let Some(names) = text.map(clean).filter(|n| n.len() == 1) else {
            continue;
        };
        let mut f = Features::default();
        f.on(from);
        add(&mut raw, names, "site", None, f);
    }
    let keys: Vec<Vec<String>> = raw
        .iter()
        .map(|r| r.names.iter().map(|n| key(n)).collect())
        .collect();
    let mut out: Vec<AuthorOption> = Vec::with_capacity(raw.len() + 1);
    for (i, r) in raw.iter().enumerate() {
        let mut f = r.f.clone();
        f.on(format!("src={}", r.source));
        let mut agreeing: Vec<&str> = Vec::new();
        for (j, o) in raw.iter().enumerate() {
            if j != i
                && o.source != r.source
                && !agreeing.contains(&o.source)
                && keys[j].iter().any(|k| keys[i].contains(k))
            {
                agreeing.push(o.source);
            }
        }
        for a in &agreeing {
            f.on(format!("agree:{a}"));
        }
        f.on(format!(
            "agreeing={}",
            bucket(agreeing.len(), &[0, 1, 2, 3])
        ));
        f.on(format!("names={}", bucket(r.names.len(), &[1, 2, 3, 5])));
        let first = &r.names[0];
        let words = first.split_whitespace().count();
        f.on(format!("words={}", bucket(words, &[1, 2, 3, 4])));
        f.when(first.chars().any(|c| c.is_ascii_digit()), "has_digit");
        f.when(!first.chars().any(char::is_uppercase), "lowercase");
        f.when(
            first
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase),
            "all_caps",
        );
        f.when(is_role(first), "role_word");
        // Shaped like a person's name: two to four words, each capitalised.
        let capitalised = first
            .split_whitespace()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase));
        f.when((2..=4).contains(&words) && capitalised, "name_shape");
        // The same names given again by the same source (a thread's poster).
        let repeated = raw
            .iter()
            .enumerate()
            .any(|(j, o)| j != i && o.source == r.source && keys[j] == keys[i]);
        f.when(repeated, format!("src={}&repeated", r.source));
        f.when(site.is_shown(first), "is_shown_site");
        // Pieces of prose caught by an inline "by": lower-case start, a full stop.
        f.when(first.starts_with(char::is_lowercase), "starts_lower");
        f.when(first.ends_with('.'), "ends_with_period");
        f.when(site.is_site(first), "is_site");
        f.when(
            !site.is_site(first) && site.mentions_site(first),
            "mentions_site",
        );
        if let Some(node) = r.node {
            let region = region(inp.dom, node);
            f.on(format!("{}:in_{region}", r.source));
            match anchor {
                Some(h) if node > h => {
                    let d = (node - h) as usize;
                    f.on(format!(
                        "{}:after_h1={}",
                        r.source,
                        bucket(d, &[0, 20, 60, 200, 1000])
                    ));
                }
                Some(_) => f.on(format!("{}:before_h1", r.source)),
                None => f.on(format!("{}:no_h1", r.source)),
            }
        }
        out.push(AuthorOption {
            names: r.names.clone(),
            source: r.source,
            features: f,
        });
    }
    let mut none = Features::default();
    none.on("none");
    none.when(inp.json_ld.is_article, "none&ld_article");
    none.when(
        inp.meta
            .get(&["og:type"])
            .is_some_and(|t| t.eq_ignore_ascii_case("article")),
        "none&og_article",
    );
    // What the page declares itself to be (a product, a listing, an article).
    let signals = page_signals(inp.meta, inp.json_ld);
    for sig in &signals {
        none.on(format!("none&{sig}"));
    }
    none.on(format!(
        "none&options={}",
        bucket(raw.len(), &[0, 1, 2, 4, 8])
    ));
    out.push(AuthorOption {
        names: Vec::new(),
        source: "none",
        features: none,
    });
    out
}

fn dedup(names: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for n in names {
        if !out.iter().any(|m| m.eq_ignore_ascii_case(&n)) {
            out.push(n);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metadata::headline_anchor;

    /// Every author option of a page given as HTML, without feed or profile.
    fn all_options(html: &str) -> Vec<AuthorOption> {
        let doc = crate::html::dom::parse(html);
        let dom = Dom::build(&doc);
        let meta = MetaTags::collect(&dom);
        let ld = JsonLd::parse(&meta.json_ld);
        options(&AuthorInputs {
            dom: &dom,
            meta: &meta,
            json_ld: &ld,
            feed: &[],
            profile: None,
            site: &SiteNames::of(&meta, &ld).with_page(&dom),
            headline: headline_anchor(&dom, &meta, &ld),
        })
    }

    fn sources(html: &str) -> Vec<(Vec<String>, &'static str)> {
        all_options(html)
            .into_iter()
            .map(|o| (o.names, o.source))
            .collect()
    }

    #[test]
    fn every_source_gives_candidates() {
        let o = sources(
            r#"<html><head><meta name="author" content="Ana Ruiz">
            <meta name="twitter:label1" content="Written by"><meta name="twitter:data1" content="Ana Ruiz">
            <script type="application/ld+json">{"@type":"NewsArticle","author":[{"@type":"Person","name":"Ana Ruiz"},{"@type":"Organization","name":"City News"}]}</script>
            </head><body><h1>Tram line extended</h1>
            <p>Written by</p><p>Li Wei</p>
            <span class="byline">By Ana Ruiz | March 3, 2024</span>
            <span itemprop="author"><span itemprop="name">Ana Ruiz</span></span>
            <a rel="author">Ana Ruiz</a>
            <div class="post"><span class="username">tramfan77</span></div>
            </body></html>"#,
        );
        let ana = vec!["Ana Ruiz".to_string()];
        for want in [
            (ana.clone(), "json-ld"),
            (vec!["City News".to_string()], "json-ld"),
            (ana.clone(), "meta"),
            (vec!["Li Wei".to_string()], "line"),
            (ana.clone(), "byline"),
            (ana.clone(), "microdata"),
            (ana.clone(), "rel-author"),
            (vec!["tramfan77".to_string()], "user"),
            (Vec::new(), "none"),
        ] {
            assert!(o.contains(&want), "{want:?} missing from {o:?}");
        }
    }

    #[test]
    fn the_none_option_knows_what_the_page_declares() {
        let o = all_options(
            r#"<html><head><meta property="og:type" content="product"></head>
            <body><h1>Kettle</h1><p>By Ana Ruiz</p></body></html>"#,
        );
        let none = o.last().unwrap();
        assert_eq!(none.source, "none");
        assert!(none.features.names().any(|n| n == "none&og=product"));
    }

    #[test]
    fn a_name_a_source_gives_again_is_marked() {
        let o = all_options(
            r#"<html><body><h1>Tram line</h1>
            <div class="post"><span class="username">tramfan77</span><p>First.</p></div>
            <div class="post"><span class="username">li_wei</span><p>Second.</p></div>
            <div class="post"><span class="username">tramfan77</span><p>Third.</p></div>
            </body></html>"#,
        );
        let repeated = |name: &str| {
            o.iter()
                .find(|c| c.names == [name])
                .is_some_and(|c| c.features.names().any(|n| n == "src=user&repeated"))
        };
        assert!(repeated("tramfan77") && !repeated("li_wei"));
    }

    #[test]
    fn dateline_site_name_and_portrait_give_candidates() {
        let o = sources(
            r#"<html><head><title>Self-hosting a database | Pat Lee</title>
            <meta property="og:site_name" content="Pat Lee"></head><body>
            <header><a href="/">Pat Lee</a></header>
            <h1>Self-hosting a database</h1><p>Sam Cole | Senior Writer | July 2, 2025</p>
            <div class="author-avatar"><img src="a.jpg" alt="Kim Park"></div>
            </body></html>"#,
        );
        let pat = vec!["Pat Lee".to_string()];
        for want in [
            (vec!["Sam Cole".to_string()], "dateline"),
            (pat.clone(), "site"),
            (vec!["Kim Park".to_string()], "byline"),
        ] {
            assert!(o.contains(&want), "{want:?} missing from {o:?}");
        }
        // One candidate per place the site's name is given: og, home link, title.
        assert_eq!(o.iter().filter(|c| c.1 == "site").count(), 3);
    }
}
