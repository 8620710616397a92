//! Page features for the page-type model: what the page declares (schema.org
//! types, OpenGraph type, microdata properties), the shape of its URL, and the
//! shape of its DOM (repeated structures, code, prices, posts, forms).

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;

use super::features::{flag, ln};
use super::segment::Seg;
use super::structure::Structure;
use crate::html::dom::{Dom, Tag};
use crate::meta::MetaTags;

/// The page features, in order.
pub const PAGE: &[&str] = &[
    "ld_article",
    "ld_product",
    "ld_rating",
    "ld_forum",
    "ld_collection",
    "ld_docs",
    "ld_service",
    "ld_recipe",
    "ld_breadcrumb",
    "ld_person",
    "ld_webpage",
    "ld_log_list_items",
    "og_article",
    "og_product",
    "og_website",
    "meta_price",
    "url_depth",
    "url_date",
    "url_slug_hyphens",
    "url_slug_len",
    "url_numeric_tail",
    "url_query",
    "url_trailing_slash",
    "url_extension",
    "url_forum",
    "url_product",
    "url_collection",
    "url_docs",
    "url_service",
    "url_article",
    "url_root",
    "title_forum",
    "title_product",
    "title_docs",
    "title_service",
    "title_len",
    "log_pre",
    "code_share",
    "log_h2",
    "log_h3",
    "log_h1",
    "log_article_elements",
    "log_time_elements",
    "li_share",
    "cell_share",
    "log_price_segs",
    "cart_words",
    "log_forum_words",
    "log_doc_words",
    "ip_price",
    "ip_offers",
    "ip_author",
    "ip_comment",
    "ip_review",
    "ip_article_body",
    "log_repeat",
    "repeat_share",
    "log_teasers",
    "page_good_share",
    "page_log_chars",
    "page_link_density",
    "page_log_segs",
    "mean_seg_chars",
    "short_seg_share",
    "heading_seg_share",
    "container_share",
    "container_good_share",
    "log_inputs",
    "declares_published",
    "declares_author",
    "log_buttons",
    "log_sections",
    "p_share",
    "log_longest_paragraph",
    "log_long_paragraphs",
];

/// What the page features read besides the DOM.
pub(crate) struct PageInputs<'a> {
    pub url: &'a str,
    pub meta: &'a MetaTags,
    pub teasers: usize,
    pub container: Option<u32>,
}

static LD_TYPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#""@type"\s*:\s*(\[[^\]]*\]|"[^"]*")"#).expect("@type pattern is valid")
});
static QUOTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#""([^"]*)""#).expect("quoted pattern is valid"));
static PRICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:[$€£¥₹]\s?\d|\d\s?(?:€|\$|USD|EUR|GBP|CHF|kr|zł|руб))")
        .expect("price pattern is valid")
});
static URL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"/(?:19|20)\d\d(?:/|-)(?:[01]?\d)(?:/|-|$)|/(?:19|20)\d\d/|\d{8}")
        .expect("date pattern is valid")
});

/// Word groups searched in the URL and the title, one feature per group.
const URL_GROUPS: [&[&str]; 7] = [
    &[
        "forum",
        "thread",
        "topic",
        "/t/",
        "community",
        "discuss",
        "question",
        "viewtopic",
        "showthread",
        "/r/",
        "answers",
        "board",
        "reddit",
        "stackexchange",
        "stackoverflow",
    ],
    &[
        "product", "/p/", "/dp/", "/item", "shop", "store", "buy", "/sku", "/pd/",
    ],
    &[
        "category",
        "categories",
        "collection",
        "/c/",
        "/tag/",
        "/tags/",
        "search",
        "catalog",
        "/list",
        "archive",
        "/page/",
        "/all",
        "/topics/",
    ],
    &[
        "docs",
        "/doc/",
        "documentation",
        "/api",
        "reference",
        "guide",
        "manual",
        "tutorial",
        "/learn",
        "wiki",
        "/kb/",
        "help",
        "support",
        "readthedocs",
        "developer",
        "howto",
    ],
    &[
        "about",
        "contact",
        "service",
        "pricing",
        "feature",
        "solution",
        "career",
        "company",
        "team",
        "plans",
        "privacy",
        "terms",
        "/our-",
        "locations",
        "faq",
    ],
    &[
        "news", "article", "story", "/blog/", "/post", "/20", "/opinion", "/review",
    ],
    &[],
];

static URL_WORDS: LazyLock<Vec<AhoCorasick>> = LazyLock::new(|| {
    URL_GROUPS
        .iter()
        .map(|g| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostFirst)
                .build(*g)
                .expect("a small literal set builds")
        })
        .collect()
});

static CART: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .build([
            "add to cart",
            "add to bag",
            "add to basket",
            "buy now",
            "in stock",
            "out of stock",
            "warenkorb",
            "panier",
            "add to wishlist",
            "carrito",
            "carrello",
        ])
        .expect("a small literal set builds")
});
static FORUM_WORDS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .build([
            "reply",
            "replies",
            "posts",
            "joined",
            "quote",
            "members",
            "thread",
            "upvote",
            "answered",
            "asked",
            "votes",
            "permalink",
            "report",
        ])
        .expect("a small literal set builds")
});
static DOC_WORDS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .build([
            "parameters",
            "returns",
            "example",
            "usage",
            "install",
            "syntax",
            "edit this page",
            "table of contents",
            "on this page",
            "next",
            "previous",
            "api",
        ])
        .expect("a small literal set builds")
});

/// Appends the page features to `out` (`PAGE.len()` values).
pub(crate) fn page_features(
    dom: &Dom<'_>,
    segs: &[Seg],
    st: &Structure,
    inputs: &PageInputs<'_>,
    out: &mut Vec<f32>,
) {
    let start = out.len();
    // schema.org types declared in JSON-LD
    let mut ty = [0u32; 11];
    let mut list_items = 0u32;
    for block in &inputs.meta.json_ld {
        for m in LD_TYPE.captures_iter(block) {
            for q in QUOTED.captures_iter(&m[1]) {
                let t = q[1].to_ascii_lowercase();
                let t = t.rsplit('/').next().unwrap_or("");
                if t == "listitem" {
                    list_items += 1;
                }
                if let Some(g) = ld_group(t) {
                    ty[g] += 1;
                }
            }
        }
    }
    out.extend(ty.iter().map(|&c| flag(c > 0)));
    out.push(ln(list_items));
    let og = inputs
        .meta
        .get(&["og:type"])
        .unwrap_or("")
        .to_ascii_lowercase();
    out.push(flag(og.contains("article")));
    out.push(flag(og.contains("product")));
    out.push(flag(og == "website"));
    out.push(flag(
        inputs
            .meta
            .get(&["product:price:amount", "og:price:amount", "price"])
            .is_some(),
    ));
    // URL shape
    let parsed = url::Url::parse(inputs.url).ok();
    let path = parsed.as_ref().map_or("", |u| u.path());
    let host = parsed.as_ref().and_then(|u| u.host_str()).unwrap_or("");
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let last = segments.last().copied().unwrap_or("");
    out.push(segments.len() as f32);
    out.push(flag(URL_DATE.is_match(path)));
    out.push(last.matches('-').count() as f32);
    out.push(ln(last.len() as u32));
    out.push(flag(
        !last.is_empty() && last.bytes().filter(u8::is_ascii_digit).count() * 2 >= last.len(),
    ));
    out.push(flag(parsed.as_ref().is_some_and(|u| u.query().is_some())));
    out.push(flag(path.len() > 1 && path.ends_with('/')));
    out.push(flag(
        [".html", ".htm", ".php", ".asp", ".aspx", ".jsp"]
            .iter()
            .any(|e| last.to_ascii_lowercase().ends_with(e)),
    ));
    let where_ = format!("{host}{path}");
    for g in URL_WORDS.iter().take(6) {
        out.push(flag(g.is_match(&where_)));
    }
    out.push(flag(segments.is_empty()));
    let title = inputs.meta.title.as_deref().unwrap_or("");
    for g in [0usize, 1, 3, 4] {
        out.push(flag(URL_WORDS[g].is_match(title)));
    }
    out.push(ln(title.len() as u32));
    // DOM shape
    let mut count = [0u32; 9]; // pre, h2, h3, h1, article, time, inputs, buttons, sections
    let (mut ip_price, mut ip_offers, mut ip_author, mut ip_comment, mut ip_review, mut ip_body) =
        (0u32, 0u32, 0u32, 0u32, 0u32, 0u32);
    let mut cart = false;
    for (i, n) in dom.nodes.iter().enumerate() {
        match n.tag {
            Tag::Pre => count[0] += 1,
            Tag::Heading(2) => count[1] += 1,
            Tag::Heading(3) => count[2] += 1,
            Tag::Heading(1) => count[3] += 1,
            Tag::Article => count[4] += 1,
            Tag::Time => count[5] += 1,
            Tag::Skip if matches!(dom.name(i as u32), "input" | "select" | "textarea") => {
                count[6] += 1
            }
            Tag::Skip if dom.name(i as u32) == "button" => count[7] += 1,
            Tag::A
                if dom.names_contain(i as u32, "btn") || dom.names_contain(i as u32, "button") =>
            {
                count[7] += 1
            }
            Tag::Block if dom.name(i as u32) == "section" => count[8] += 1,
            // (No cart phrase is shorter than six bytes.)
            Tag::Text if !cart && n.len > 0 && n.len <= 40 && n.text.len() >= 6 => {
                cart = CART.is_match(n.text)
            }
            _ => {}
        }
        if !n.itemprop.is_empty() {
            let p = n.itemprop.to_ascii_lowercase();
            ip_price += u32::from(p.contains("price"));
            ip_offers += u32::from(p.contains("offers") || p.contains("availability"));
            ip_author += u32::from(p.contains("author") || p.contains("creator"));
            ip_comment += u32::from(
                p.contains("comment")
                    || p.contains("answer")
                    || p == "text"
                    || p.contains("upvote"),
            );
            ip_review += u32::from(p.contains("review"));
            ip_body += u32::from(p.contains("articlebody") || p.contains("blogpost"));
        }
    }
    let total: u32 = segs.iter().map(|s| s.chars).sum::<u32>().max(1);
    let code: u32 = segs.iter().map(|s| s.code).sum();
    let (mut li, mut cell, mut price, mut forum, mut doc, mut short, mut headings) =
        (0u32, 0u32, 0u32, 0u32, 0u32, 0u32, 0u32);
    for s in segs {
        match dom.nodes[s.owner as usize].tag {
            Tag::Li => li += s.chars,
            Tag::Cell => cell += s.chars,
            Tag::Heading(_) => headings += 1,
            _ => {}
        }
        if s.chars < 30 {
            short += 1;
            if FORUM_WORDS.is_match(&s.text) {
                forum += 1;
            }
            if DOC_WORDS.is_match(&s.text) {
                doc += 1;
            }
        }
        if s.chars < 200 && PRICE.is_match(&s.text) {
            price += 1;
        }
    }
    out.push(ln(count[0]));
    out.push(code as f32 / total as f32);
    out.push(ln(count[1]));
    out.push(ln(count[2]));
    out.push(ln(count[3]));
    out.push(ln(count[4]));
    out.push(ln(count[5]));
    out.push(li as f32 / total as f32);
    out.push(cell as f32 / total as f32);
    out.push(ln(price));
    out.push(flag(cart));
    out.push(ln(forum));
    out.push(ln(doc));
    for c in [
        ip_price, ip_offers, ip_author, ip_comment, ip_review, ip_body,
    ] {
        out.push(ln(c));
    }
    // The largest repeated structure: sibling elements of one tag and class that
    // each hold some text.
    let (repeat, share) = st.largest_repeat(dom);
    out.push(ln(repeat));
    out.push(share);
    out.push(ln(inputs.teasers as u32));
    let body = dom.body as usize;
    let page_chars = st.chars_of(body).max(1) as f32;
    out.push(st.good_of(body) as f32 / page_chars);
    out.push(ln(st.chars_of(body)));
    out.push(st.link_of(body) as f32 / page_chars);
    out.push(ln(segs.len() as u32));
    out.push(total as f32 / segs.len().max(1) as f32 / 100.0);
    out.push(short as f32 / segs.len().max(1) as f32);
    out.push(headings as f32 / segs.len().max(1) as f32);
    let (c_share, c_good) = inputs.container.map_or((0.0, 0.0), |c| {
        let chars = st.chars_of(c as usize).max(1) as f32;
        (chars / page_chars, st.good_of(c as usize) as f32 / chars)
    });
    out.push(c_share);
    out.push(c_good);
    out.push(ln(count[6]));
    let ld_has = |key: &str| inputs.meta.json_ld.iter().any(|b| b.contains(key));
    out.push(flag(
        inputs
            .meta
            .get(&["article:published_time", "datepublished", "date", "pubdate"])
            .is_some()
            || ld_has("\"datePublished\""),
    ));
    out.push(flag(
        inputs.meta.get(&["author", "article:author"]).is_some()
            || !inputs.meta.rel_author.is_empty()
            || ld_has("\"author\""),
    ));
    out.push(ln(count[7]));
    out.push(ln(count[8]));
    let (mut p_chars, mut longest, mut long) = (0u32, 0u32, 0u32);
    for s in segs {
        if dom.nodes[s.owner as usize].tag == Tag::P {
            p_chars += s.chars;
            longest = longest.max(s.chars);
            long += u32::from(s.chars >= 150);
        }
    }
    out.push(p_chars as f32 / total as f32);
    out.push(ln(longest));
    out.push(ln(long));
    debug_assert_eq!(out.len() - start, PAGE.len());
}

/// The schema.org type group of a lower-case type name (the `ld_*` features
/// in order).
fn ld_group(t: &str) -> Option<usize> {
    Some(match t {
        "article"
        | "newsarticle"
        | "blogposting"
        | "reportagenews"
        | "analysisnewsarticle"
        | "opinionnewsarticle"
        | "backgroundnewsarticle"
        | "reviewnewsarticle"
        | "liveblogposting"
        | "scholarlyarticle"
        | "report" => 0,
        "product" | "offer" | "aggregateoffer" | "productgroup" | "individualproduct"
        | "productmodel" | "car" | "vehicle" => 1,
        "aggregaterating" | "review" | "rating" => 2,
        "discussionforumposting"
        | "qapage"
        | "question"
        | "answer"
        | "comment"
        | "socialmediaposting" => 3,
        "collectionpage" | "itemlist" | "searchresultspage" | "offercatalog" => 4,
        "techarticle" | "apireference" | "softwaresourcecode" | "softwareapplication" | "howto" => {
            5
        }
        "service"
        | "localbusiness"
        | "organization"
        | "professionalservice"
        | "faqpage"
        | "contactpage"
        | "aboutpage"
        | "corporation"
        | "medicalorganization"
        | "event"
        | "store"
        | "restaurant"
        | "govermentorganization"
        | "governmentorganization" => 6,
        "recipe" => 7,
        "breadcrumblist" => 8,
        "person" | "profilepage" => 9,
        "webpage" | "website" => 10,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_types_fall_into_groups() {
        assert_eq!(ld_group("newsarticle"), Some(0));
        assert_eq!(ld_group("product"), Some(1));
        assert_eq!(ld_group("qapage"), Some(3));
        assert_eq!(ld_group("techarticle"), Some(5));
        assert_eq!(ld_group("thing"), None);
        let caps: Vec<String> = LD_TYPE
            .captures_iter(r#"{"@type": ["Product", "Thing"], "offers": {"@type":"Offer"}}"#)
            .map(|m| m[1].to_string())
            .collect();
        assert_eq!(caps, [r#"["Product", "Thing"]"#, r#""Offer""#]);
    }
}
