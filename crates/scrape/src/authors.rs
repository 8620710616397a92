//! Author names: every candidate with its origin, cleaned of "By", roles and
//! contact links, and the rule that chose.

use std::collections::HashMap;
use std::sync::LazyLock;

use newsmill_records::{Candidate, Choice};
use regex::Regex;

use crate::dom::{contains_lowered, Dom};
use crate::jsonld::JsonLd;
use crate::meta::MetaTags;

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
];

/// Words that name a role or a link, not a person.
const ROLE_WORDS: &[&str] = &[
    "staff",
    "reporter",
    "writer",
    "correspondent",
    "editor",
    "editorial",
    "email",
    "e-mail",
    "author",
    "contributor",
    "desk",
    "team",
    "admin",
    "administrator",
    "newsroom",
    "follow",
    "twitter",
    "facebook",
    "view all",
    "posts by",
    "more by",
    "more from",
    "updated",
    "published",
    "photographer",
    "guest",
    "redaktion",
    "rédaction",
    "redacción",
    "redazione",
    "редакция",
    "unknown",
    "anonymous",
    "subscribe",
    "contact",
    "profile",
    "articles",
];

static LEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:(?:written|posted|reported|text|words|story|photos?)\s+(?:by|von)|by|von|par|por|di|door|av|af|autor(?:in)?|auteur|author|автор|text)\s*[:\-]?\s+",
    )
    .expect("byline prefix pattern is valid")
});

static SPLIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s*(?:,|;|\||/|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\ben\b|\bи\b)\s*")
        .expect("author split pattern is valid")
});

/// Splits and cleans a byline into names.
pub(crate) fn clean(raw: &str) -> Vec<String> {
    let text = crate::dom::fold_whitespace(raw);
    let text = LEADING.replace(&text, "");
    let mut out = Vec::new();
    for part in SPLIT.split(&text) {
        let part = LEADING.replace(part, "");
        let name = part
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != ')')
            .trim();
        if is_name(name) && !out.iter().any(|n: &String| n.eq_ignore_ascii_case(name)) {
            out.push(name.to_string());
        }
    }
    out
}

fn is_name(s: &str) -> bool {
    let words = s.split_whitespace().count();
    if s.chars().count() < 3 || s.chars().count() > 50 || words > 5 {
        return false;
    }
    if s.contains('@') || s.contains("http") || s.contains("www.") || s.contains('/') {
        return false;
    }
    if s.chars().any(|c| c.is_ascii_digit()) || !s.chars().any(char::is_uppercase) {
        return false;
    }
    let lower = s.to_lowercase();
    !ROLE_WORDS.iter().any(|r| has_word(&lower, r))
}

/// Whether `text` is `word`, starts or ends with it after a space, or holds it
/// between spaces.
fn has_word(text: &str, word: &str) -> bool {
    let (t, w) = (text.as_bytes(), word.as_bytes());
    t == w
        || (t.starts_with(w) && t.get(w.len()) == Some(&b' '))
        || (t.ends_with(w) && t.len() > w.len() && t[t.len() - w.len() - 1] == b' ')
        || t.windows(w.len() + 2)
            .any(|s| s[0] == b' ' && s[s.len() - 1] == b' ' && &s[1..s.len() - 1] == w)
}

/// Inputs for the author finder.
pub(crate) struct AuthorInputs<'a, 'd> {
    pub dom: &'a Dom<'d>,
    pub meta: &'a MetaTags,
    pub json_ld: &'a JsonLd,
    pub feed: &'a [String],
    pub profile: Option<String>,
}

/// Finds the authors and records every candidate.
pub(crate) fn find(inp: &AuthorInputs<'_, '_>) -> (Vec<String>, Choice) {
    let mut sources: Vec<(&'static str, Vec<String>)> = Vec::new();
    if let Some(p) = &inp.profile {
        sources.push(("profile", clean(p)));
    }
    let ld: Vec<String> = inp.json_ld.authors.iter().flat_map(|a| clean(a)).collect();
    sources.push(("json-ld", ld));
    let mut meta = Vec::new();
    for key in META_KEYS {
        for v in inp.meta.all(key) {
            for n in clean(v) {
                if !meta.iter().any(|m: &String| m.eq_ignore_ascii_case(&n)) {
                    meta.push(n);
                }
            }
        }
        if !meta.is_empty() {
            break;
        }
    }
    sources.push(("meta", meta));
    sources.push(("microdata", microdata(inp.dom)));
    let mut byline: Vec<String> = Vec::new();
    for (_, text) in &inp.meta.rel_author {
        for n in clean(text) {
            if !byline.iter().any(|m| m.eq_ignore_ascii_case(&n)) {
                byline.push(n);
            }
        }
    }
    if byline.is_empty() {
        byline = byline_elements(inp.dom);
    }
    sources.push(("byline", byline));
    let feed: Vec<String> = inp.feed.iter().flat_map(|a| clean(a)).collect();
    sources.push(("feed", feed));
    sources.retain(|(_, names)| !names.is_empty());

    let chosen = sources.first().map(|(o, names)| (*o, names.clone()));
    let key = |names: &[String]| {
        let mut k: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
        k.sort();
        k
    };
    let agreed = sources.windows(2).all(|w| key(&w[0].1) == key(&w[1].1));
    let candidates = sources
        .iter()
        .flat_map(|(origin, names)| {
            names.iter().map(move |n| Candidate {
                value: n.clone(),
                origin: origin.to_string(),
            })
        })
        .collect();
    let (rule, names) = chosen.unwrap_or(("none", Vec::new()));
    (
        names,
        Choice {
            rule: rule.to_string(),
            agreed,
            candidates,
        },
    )
}

/// `itemprop="author"` elements: their `itemprop="name"` child, `content`, or text.
fn microdata(dom: &Dom<'_>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for i in 0..dom.nodes.len() as u32 {
        let n = &dom.nodes[i as usize];
        let Some(el) = n.el else {
            continue;
        };
        if !n
            .itemprop
            .split_whitespace()
            .any(|p| p.eq_ignore_ascii_case("author"))
        {
            continue;
        }
        let end = dom.nodes[i as usize].end;
        let named = (i + 1..end).find(|&j| dom.nodes[j as usize].itemprop == "name");
        let raw = match named {
            Some(j) => dom
                .attr(j, "content")
                .map(str::to_string)
                .unwrap_or_else(|| dom.text_of(j, |_| false)),
            None => el
                .attr("content")
                .map(str::to_string)
                .unwrap_or_else(|| dom.text_of(i, |_| false)),
        };
        if raw.len() > 200 {
            continue;
        }
        for n in clean(&raw) {
            if !out.iter().any(|m| m.eq_ignore_ascii_case(&n)) {
                out.push(n);
            }
        }
    }
    out
}

/// Elements whose class or id says byline or author, outside author boxes.
fn byline_elements<'d>(dom: &Dom<'d>) -> Vec<String> {
    // Class values repeat across a page: test each distinct one once.
    let mut says_author: HashMap<&'d str, bool, foldhash::fast::RandomState> = HashMap::default();
    let mut mentions = |v: &'d str| -> bool {
        !v.is_empty()
            && *says_author
                .entry(v)
                .or_insert_with(|| contains_lowered(v, "byline") || contains_lowered(v, "author"))
    };
    for i in 0..dom.nodes.len() as u32 {
        let n = &dom.nodes[i as usize];
        if !mentions(n.class) && !mentions(n.ident) {
            continue;
        }
        let hinted = dom.tokens(i).any(|c| {
            (contains_lowered(c, "byline") || contains_lowered(c, "author"))
                && !contains_lowered(c, "box")
                && !contains_lowered(c, "bio")
                && !contains_lowered(c, "about")
                && !contains_lowered(c, "comment")
        });
        if !hinted {
            continue;
        }
        let text = dom.text_of(i, |_| false);
        if text.is_empty() || text.len() > 150 {
            continue;
        }
        // Cut at a date or separator that often follows the name.
        let cut = text
            .split(['|', '•', '·', '—', '\n'])
            .next()
            .unwrap_or(&text)
            .to_string();
        let names = clean(&cut);
        if !names.is_empty() {
            return names;
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_bylines() {
        assert_eq!(clean("By Alesia Rudnik"), ["Alesia Rudnik"]);
        assert_eq!(clean("By Jane Doe and John Roe"), ["Jane Doe", "John Roe"]);
        assert_eq!(
            clean("Von Anna Müller, Berlin Correspondent"),
            ["Anna Müller"]
        );
        assert_eq!(clean("Staff Reporter"), Vec::<String>::new());
        assert_eq!(clean("Email the author"), Vec::<String>::new());
        assert_eq!(clean("https://facebook.com/someone"), Vec::<String>::new());
        assert_eq!(clean("Maria da Silva"), ["Maria da Silva"]);
    }
}
