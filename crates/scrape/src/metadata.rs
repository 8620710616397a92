//! Headline, language, description, section, tags, canonical URL and lead image.

use url::Url;

use crate::content::same_text;
use crate::dom::{contains_lowered, Dom, Tag};
use crate::jsonld::JsonLd;
use crate::meta::MetaTags;

/// Separators between a headline and the site name in `<title>`.
const TITLE_SEPARATORS: &[&str] = &[
    " | ", " - ", " – ", " — ", " :: ", " · ", " » ", " • ", " / ",
];

/// The headline and the `<h1>` it was matched to (used to place visible dates).
pub(crate) fn title(
    dom: &Dom<'_>,
    meta: &MetaTags,
    ld: &JsonLd,
    profile: Option<String>,
) -> (Option<String>, Option<u32>) {
    let site = meta.get(&["og:site_name", "application-name"]);
    let h1s: Vec<(u32, String)> = dom
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.tag == Tag::Heading(1))
        .map(|(i, _)| (i as u32, dom.text_of(i as u32, |_| false)))
        .filter(|(_, t)| !t.is_empty() && t.len() < 400)
        .take(8)
        .collect();
    let candidates = [
        profile,
        meta.get(&["og:title", "twitter:title"]).map(str::to_string),
        ld.headline.clone(),
        meta.get(&["headline", "title", "dc.title"])
            .map(str::to_string),
    ];
    let mut chosen: Option<String> = None;
    for c in candidates.into_iter().flatten() {
        let c = crate::dom::fold_whitespace(&c);
        if !c.is_empty() {
            chosen = Some(strip_site(&c, site, &h1s));
            break;
        }
    }
    let title_tag = meta.title.as_deref().map(|t| strip_site(t, site, &h1s));
    let chosen = chosen
        .or_else(|| h1s.first().map(|(_, t)| t.clone()))
        .or(title_tag);
    let headline = chosen.as_deref().and_then(|t| {
        h1s.iter()
            .find(|(_, h)| same_text(h, t) || h.contains(t) || t.contains(h.as_str()))
            .map(|(i, _)| *i)
    });
    let headline = headline.or_else(|| h1s.first().map(|(i, _)| *i));
    (chosen, headline)
}

/// Removes a " | Site" style suffix (or prefix).
fn strip_site(title: &str, site: Option<&str>, h1s: &[(u32, String)]) -> String {
    let title = crate::dom::fold_whitespace(title);
    for (_, h) in h1s {
        if same_text(h, &title) {
            return title;
        }
    }
    for sep in TITLE_SEPARATORS {
        let Some(at) = title.rfind(sep) else { continue };
        let (head, tail) = (&title[..at], &title[at + sep.len()..]);
        if h1s.iter().any(|(_, h)| same_text(h, head)) {
            return head.trim().to_string();
        }
        let is_site = |s: &str| {
            site.is_some_and(|site| {
                same_text(site, s) || s.to_lowercase().contains(&site.to_lowercase())
            })
        };
        if is_site(tail)
            || (site.is_none()
                && tail.split_whitespace().count() <= 3
                && head.split_whitespace().count() >= 3)
        {
            return head.trim().to_string();
        }
        if let Some(at) = title.find(sep) {
            let (first, rest) = (&title[..at], &title[at + sep.len()..]);
            if is_site(first) {
                return rest.trim().to_string();
            }
        }
    }
    title
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
        let t = crate::dom::fold_whitespace(t);
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
    fn strips_site_suffixes() {
        assert_eq!(
            strip_site("Budget passed | Daily Planet", Some("Daily Planet"), &[]),
            "Budget passed"
        );
        assert_eq!(
            strip_site(
                "Daily Planet - Budget passed at last",
                Some("Daily Planet"),
                &[]
            ),
            "Budget passed at last"
        );
        assert_eq!(
            strip_site("Budget passed after long night - Planet", None, &[]),
            "Budget passed after long night"
        );
        assert_eq!(
            strip_site("Left - right: a history", Some("Other"), &[]),
            "Left - right: a history"
        );
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
