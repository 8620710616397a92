//! Page metadata: the headline (learned choice among candidates), language,
//! section, tags, canonical URL; the learned ranker shared with the author and
//! date finders, and what trains it.

mod learn;
pub(crate) mod ranker;
mod site;
pub(crate) mod title;
pub mod training;

use url::Url;

use crate::html::dom::{contains_lowered, fold_whitespace, Dom, Tag};
use crate::jsonld::JsonLd;
use crate::meta::MetaTags;
use ranker::{Features, MODEL};
pub(crate) use site::SiteNames;

/// The headline. A site profile's title wins; otherwise the learned ranker
/// picks among the candidates of [`title::options`]. `container`: the main
/// content's element, as the content analysis finds it.
pub(crate) fn title(
    dom: &Dom<'_>,
    meta: &MetaTags,
    ld: &JsonLd,
    site: &SiteNames,
    container: Option<u32>,
    profile: Option<String>,
) -> Option<String> {
    if let Some(p) = profile
        .map(|p| fold_whitespace(&p))
        .filter(|p| !p.is_empty())
    {
        return Some(p);
    }
    let options = title::options(dom, meta, ld, site, container);
    let features: Vec<Features> = options.iter().map(|o| o.features.clone()).collect();
    MODEL.title.best(&features).map(|i| options[i].text.clone())
}

/// The `<h1>` the page's declared titles name (OpenGraph, JSON-LD, `<title>`),
/// else the first `<h1>` inside `<article>` or `<main>`, else the first `<h1>`.
/// A fixed rule, so that date features never depend on the title model.
pub(crate) fn headline_anchor(dom: &Dom<'_>, meta: &MetaTags, ld: &JsonLd) -> Option<u32> {
    let h1s: Vec<(u32, String)> = dom
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.tag == Tag::Heading(1))
        .map(|(i, _)| (i as u32, key(&dom.text_of(i as u32, |_| false))))
        .filter(|(_, t)| !t.is_empty() && t.len() < 600)
        .take(8)
        .collect();
    let declared: Vec<String> = [
        meta.get(&["og:title", "twitter:title"]),
        ld.headline.as_deref(),
        meta.title.as_deref(),
    ]
    .into_iter()
    .flatten()
    .map(key)
    .filter(|k| !k.is_empty())
    .collect();
    let named = h1s.iter().find(|(_, h)| {
        declared
            .iter()
            .any(|d| d == h || (h.len() >= 12 && d.contains(h.as_str())))
    });
    let in_article = || {
        h1s.iter().find(|(i, _)| {
            let mut a = dom.nodes[*i as usize].parent;
            while a != u32::MAX {
                if matches!(dom.nodes[a as usize].tag, Tag::Article | Tag::Main) {
                    return true;
                }
                a = dom.nodes[a as usize].parent;
            }
            false
        })
    };
    named
        .or_else(in_article)
        .or_else(|| h1s.first())
        .map(|(i, _)| *i)
}

/// The page region an element sits in: `header`, `footer`, `aside`, `nav`,
/// `comments`, `article` (inside `<article>` or `<main>`) or `body`.
pub(crate) fn region(dom: &Dom<'_>, node: u32) -> &'static str {
    let mut region = "body";
    let mut a = node;
    while a != u32::MAX && a > dom.body {
        let n = &dom.nodes[a as usize];
        match n.tag {
            Tag::Header if region == "body" => region = "header",
            Tag::Footer => region = "footer",
            Tag::Aside => region = "aside",
            Tag::Nav => region = "nav",
            Tag::Article | Tag::Main if region == "body" => region = "article",
            _ => {}
        }
        if dom.token_contains(a, &["comment", "reply"]) {
            return "comments";
        }
        a = n.parent;
    }
    region
}

/// What kind of page this looks like, from what it declares: the OpenGraph type,
/// the kinds of JSON-LD objects, and whether the URL ends in a slug of words.
/// The rankers conjoin these with a candidate's source.
pub(crate) fn page_signals(meta: &MetaTags, ld: &JsonLd) -> Vec<String> {
    let mut out = Vec::new();
    let og = meta
        .get(&["og:type"])
        .map(|t| t.trim().to_ascii_lowercase());
    out.push(format!(
        "og={}",
        match og.as_deref() {
            None => "absent",
            Some("article") => "article",
            Some("website") => "website",
            Some(t) if t.contains("product") => "product",
            Some(_) => "other",
        }
    ));
    let mut kinds: Vec<&str> = ld.dates.iter().map(|d| d.kind).collect();
    kinds.extend(ld.people.iter().map(|p| p.kind));
    if ld.is_article {
        kinds.push("article");
    }
    if ld.is_listing {
        kinds.push("listing");
    }
    kinds.sort_unstable();
    kinds.dedup();
    out.extend(kinds.iter().map(|k| format!("ld={k}")));
    let url = meta.canonical.as_deref().or_else(|| meta.get(&["og:url"]));
    if let Some(u) = url.and_then(|u| Url::parse(u).ok()) {
        let last = u
            .path_segments()
            .and_then(|mut s| s.rfind(|x| !x.is_empty()))
            .unwrap_or("");
        let words = last.split(['-', '_']).filter(|w| !w.is_empty()).count();
        out.push(format!("slug={}", bucket(words, &[0, 1, 3, 5])));
    }
    out
}

/// Word-set overlap of two [`key`]-folded texts (Jaccard over their words), in
/// tenths.
pub(crate) fn overlap(a: &str, b: &str) -> usize {
    let mut wa: Vec<&str> = a.split(' ').filter(|w| !w.is_empty()).collect();
    let mut wb: Vec<&str> = b.split(' ').filter(|w| !w.is_empty()).collect();
    wa.sort_unstable();
    wa.dedup();
    wb.sort_unstable();
    wb.dedup();
    let common = wa.iter().filter(|w| wb.binary_search(w).is_ok()).count();
    let union = wa.len() + wb.len() - common;
    if union == 0 {
        return 0;
    }
    common * 10 / union
}

/// `s` with the character references left in it decoded once more: a value
/// escaped twice in the markup (`&amp;#8217;`, read by the parser as `&#8217;`)
/// is common in titles, meta tags and JSON-LD, and a title hardly ever means a
/// reference literally. Only references closed by `;` are read. Linear in `s`.
pub(crate) fn unescape_leftover(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('&') {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let closed = |text: &str, len: usize| len > 0 && text.as_bytes()[len - 1] == b';';
        let decoded: Option<([Option<char>; 2], usize)> = if let Some(num) = after.strip_prefix('#')
        {
            crate::html::charref::numeric(num)
                .filter(|&(_, len)| closed(num, len))
                .map(|(c, len)| ([Some(c), None], len + 1))
        } else if after.starts_with(|c: char| c.is_ascii_alphanumeric()) {
            crate::html::charref::named(after, true).filter(|&(_, len)| closed(after, len))
        } else {
            None
        };
        match decoded {
            Some((chars, len)) => {
                out.extend(chars.into_iter().flatten());
                rest = &after[len..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// Text folded for comparison: lower-case letters and digits, single spaces.
pub(crate) fn key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else {
            space = true;
        }
    }
    out
}

/// The bucket a count falls in, named by the largest bound it reaches:
/// `bucket(4, &[1, 2, 3, 5])` is `"3"`, below the first bound `"<1"`.
pub(crate) fn bucket(n: usize, bounds: &[usize]) -> String {
    match bounds.iter().rev().find(|&&b| n >= b) {
        Some(b) => b.to_string(),
        None => format!("<{}", bounds.first().copied().unwrap_or(0)),
    }
}

/// ISO 639-1 code of a declared language (`en-US` → `en`).
pub(crate) fn declared_language(dom: &Dom<'_>, meta: &MetaTags, ld: &JsonLd) -> Option<String> {
    let declared = meta
        .html_lang
        .clone()
        .or_else(|| {
            meta.get(&["content-language", "language", "dc.language", "og:locale"])
                .map(str::to_string)
        })
        .or_else(|| ld.language.clone())
        .or_else(|| {
            // `lang` on the body or a main wrapper.
            dom.attr(dom.body, "lang").map(str::to_string)
        })?;
    let code: String = declared
        .trim()
        .split(['-', '_', ',', ';'])
        .next()?
        .to_ascii_lowercase();
    (code.len() == 2 && code.chars().all(|c| c.is_ascii_lowercase())).then_some(code)
}

/// Whether ambiguous numeric dates (`03/04/2020`) read month first: the page
/// declares a US locale (`en-US`, `en_US`), or it declares English and is served
/// from a US-only domain (`.us`, `.gov`, `.edu`, `.mil`). Elsewhere day first.
pub(crate) fn month_first(meta: &MetaTags, ld: &JsonLd, url: &str) -> bool {
    let declared = [
        meta.html_lang.as_deref(),
        meta.get(&["og:locale", "content-language", "language"]),
        ld.language.as_deref(),
    ];
    let mut english = false;
    for d in declared.into_iter().flatten() {
        let d = d.trim().to_ascii_lowercase().replace('_', "-");
        if d.starts_with("en-us") {
            return true;
        }
        if d.starts_with("en") && (d.len() == 2 || d.as_bytes()[2] == b'-') {
            english = true;
        }
    }
    let host = url
        .split("://")
        .nth(1)
        .and_then(|r| r.split(['/', ':', '?', '#']).next())
        .unwrap_or("");
    english
        && [".us", ".gov", ".edu", ".mil"]
            .iter()
            .any(|t| host.ends_with(t))
}

/// Language detected from the body text.
pub(crate) fn detect_language(text: &str) -> Option<String> {
    let sample: String = text.chars().take(3000).collect();
    let info = whatlang::detect(&sample)?;
    if !info.is_reliable() && sample.len() < 200 {
        return None;
    }
    iso639_1(info.lang().code()).map(str::to_string)
}

fn iso639_1(code3: &str) -> Option<&'static str> {
    Some(match code3 {
        "eng" => "en",
        "rus" => "ru",
        "cmn" => "zh",
        "spa" => "es",
        "por" => "pt",
        "ita" => "it",
        "ben" => "bn",
        "fra" => "fr",
        "deu" => "de",
        "ukr" => "uk",
        "kat" => "ka",
        "ara" => "ar",
        "hin" => "hi",
        "jpn" => "ja",
        "heb" => "he",
        "yid" => "yi",
        "pol" => "pl",
        "amh" => "am",
        "jav" => "jv",
        "kor" => "ko",
        "nob" => "nb",
        "dan" => "da",
        "swe" => "sv",
        "fin" => "fi",
        "tur" => "tr",
        "nld" => "nl",
        "hun" => "hu",
        "ces" => "cs",
        "ell" => "el",
        "bul" => "bg",
        "bel" => "be",
        "mar" => "mr",
        "kan" => "kn",
        "ron" => "ro",
        "slv" => "sl",
        "hrv" => "hr",
        "srp" => "sr",
        "mkd" => "mk",
        "lit" => "lt",
        "lav" => "lv",
        "est" => "et",
        "tam" => "ta",
        "vie" => "vi",
        "urd" => "ur",
        "tha" => "th",
        "guj" => "gu",
        "uzb" => "uz",
        "pan" => "pa",
        "aze" => "az",
        "ind" => "id",
        "tel" => "te",
        "pes" => "fa",
        "mal" => "ml",
        "ori" => "or",
        "mya" => "my",
        "nep" => "ne",
        "sin" => "si",
        "khm" => "km",
        "tuk" => "tk",
        "aka" => "ak",
        "zul" => "zu",
        "sna" => "sn",
        "afr" => "af",
        "lat" => "la",
        "slk" => "sk",
        "cat" => "ca",
        "tgl" => "tl",
        "hye" => "hy",
        "epo" => "eo",
        _ => return None,
    })
}

/// Section: `article:section`, JSON-LD `articleSection`, else the last breadcrumb
/// link that is not "Home".
pub(crate) fn section(dom: &Dom<'_>, meta: &MetaTags, ld: &JsonLd) -> Option<String> {
    if let Some(s) = meta.get(&[
        "article:section",
        "section",
        "parsely-section",
        "og:article:section",
    ]) {
        return Some(s.to_string());
    }
    if let Some(s) = &ld.section {
        return Some(s.clone());
    }
    let crumbs = (0..dom.nodes.len() as u32).find(|&i| dom.token_contains(i, &["breadcrumb"]))?;
    let end = dom.nodes[crumbs as usize].end;
    let links: Vec<String> = (crumbs..end)
        .filter(|&j| dom.nodes[j as usize].tag == Tag::A)
        .map(|j| dom.text_of(j, |_| false))
        .filter(|t| !t.is_empty() && t.len() < 60)
        .collect();
    links.into_iter().rev().find(|t| {
        !matches!(
            t.to_lowercase().as_str(),
            "home" | "start" | "startseite" | "accueil" | "inicio" | "главная"
        )
    })
}

/// Tags: `article:tag`, JSON-LD `keywords`, `news_keywords`/`keywords`, `rel=tag` links.
pub(crate) fn tags(dom: &Dom<'_>, meta: &MetaTags, ld: &JsonLd, feed: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |t: &str| {
        let t = crate::html::dom::fold_whitespace(t);
        if !t.is_empty()
            && t.len() < 80
            && !out.iter().any(|o| o.eq_ignore_ascii_case(&t))
            && out.len() < 50
        {
            out.push(t);
        }
    };
    meta.all("article:tag").for_each(&mut add);
    ld.keywords.iter().for_each(|k| add(k));
    if let Some(k) = meta.get(&["news_keywords", "keywords"]) {
        k.split([',', ';']).for_each(&mut add);
    }
    for i in 0..dom.nodes.len() as u32 {
        if dom.nodes[i as usize].tag == Tag::A
            && dom
                .attr(i, "rel")
                .is_some_and(|r| r.split_whitespace().any(|r| r == "tag"))
        {
            add(&dom.text_of(i, |_| false));
        }
    }
    // Tag lists shown on the page ("Tags: a, b, c"), outside related-post widgets.
    let mut i = 0u32;
    while (i as usize) < dom.nodes.len() {
        let n = &dom.nodes[i as usize];
        let is_tag_list = n.tag.is_block()
            && dom.names_contain(i, "tag")
            && dom.tokens(i).any(|t| {
                (contains_lowered(t, "tags") || t.eq_ignore_ascii_case("tag-list"))
                    && !contains_lowered(t, "related")
            });
        if is_tag_list {
            for j in i + 1..n.end {
                if dom.nodes[j as usize].tag == Tag::A {
                    add(&dom.text_of(j, |_| false));
                }
            }
            i = n.end;
            continue;
        }
        i += 1;
    }
    feed.iter().for_each(|t| add(t));
    out
}

/// Resolves `href` against the page URL.
pub(crate) fn absolute(base: Option<&Url>, href: &str) -> Option<String> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    match base {
        Some(b) => b.join(href).ok().map(String::from),
        None => Url::parse(href).ok().map(String::from),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_buckets() {
        assert_eq!(key("  Budget: passed — at LAST!"), "budget passed at last");
        assert_eq!(bucket(0, &[1, 2, 3]), "<1");
        assert_eq!(bucket(2, &[1, 2, 3]), "2");
        assert_eq!(bucket(9, &[1, 2, 3]), "3");
    }

    #[test]
    fn leftover_references_are_decoded_once() {
        assert_eq!(
            unescape_leftover("Traveler&#8217;s Guide"),
            "Traveler\u{2019}s Guide"
        );
        assert_eq!(
            unescape_leftover("Kata&#x3a; Strings &raquo; Blog"),
            "Kata: Strings \u{bb} Blog"
        );
        assert_eq!(
            unescape_leftover("And finally&amp;#8230;"),
            "And finally&#8230;"
        );
        // Not references: a bare ampersand, an unclosed name, an unknown name.
        assert_eq!(
            unescape_leftover("M&A & more &copy 2020 &nosuch;"),
            "M&A & more &copy 2020 &nosuch;"
        );
        assert_eq!(unescape_leftover("&#;&#x;&"), "&#;&#x;&");
    }

    #[test]
    fn maps_languages() {
        assert_eq!(iso639_1("deu"), Some("de"));
        assert_eq!(
            detect_language("Der Stadtrat hat am Dienstag beschlossen, die Straßenbahnlinie bis zum Flughafen zu verlängern.").as_deref(),
            Some("de")
        );
    }
}
