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

use std::collections::HashMap;
use std::sync::LazyLock;

use newsmill_records::{Candidate, Choice};
use regex::Regex;

use crate::dom::{contains_lowered, Dom, Tag};
use crate::jsonld::JsonLd;
use crate::meta::MetaTags;
use crate::metadata::ranker::{Features, MODEL};
use crate::metadata::{bucket, headline_anchor, key, region, SiteNames};

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

/// Words that name a role, a link or a team rather than a person.
const ROLE_WORDS: &[&str] = &[
    "staff",
    "reporter",
    "writer",
    "correspondent",
    "editor",
    "editorial",
    "editors",
    "author",
    "contributor",
    "desk",
    "team",
    "admin",
    "administrator",
    "newsroom",
    "photographer",
    "guest",
    "redaktion",
    "rédaction",
    "redacción",
    "redazione",
    "редакция",
];

/// Words that make a piece of a byline something other than a name.
const NOT_NAMES: &[&str] = &[
    "email",
    "e-mail",
    "follow",
    "twitter",
    "facebook",
    "linkedin",
    "view all",
    "posts by",
    "more by",
    "more from",
    "updated",
    "published",
    "subscribe",
    "contact",
    "profile",
    "articles",
    "unknown",
    "anonymous",
    "read more",
    "min read",
    "share",
];

static LEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:(?:written|posted|reported|text|words|story|photos?|reviewed|edited|compiled|published)\s+(?:by|von)|by|von|par|por|di|door|av|af|autor(?:in)?|auteur|author|автор|text|posted|written)\s*[:\-]?\s+",
    )
    .expect("byline prefix pattern is valid")
});

static INLINE_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s(?:by|von|par|por|door|av|af)\s*:?\s+")
        .expect("inline byline pattern is valid")
});

static SPLIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s*(?:,|;|\||/|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\ben\b|\bи\b)\s*")
        .expect("author split pattern is valid")
});

/// Splits and cleans a byline into names: "By", dates and anything after a
/// separator bar go; pieces that cannot be a name (links, e-mail addresses,
/// "Follow", more than five words) are dropped.
pub(crate) fn clean(raw: &str) -> Vec<String> {
    let text = crate::dom::fold_whitespace(&crate::metadata::unescape_leftover(raw));
    // "Dec. 19, 2025 · Niko Matsakis": the first piece between separator marks
    // that holds a name.
    for piece in text.split(['|', '•', '·', '—', '\n']) {
        let names = clean_piece(piece);
        if !names.is_empty() {
            return names;
        }
    }
    Vec::new()
}

fn clean_piece(piece: &str) -> Vec<String> {
    // Links and e-mail addresses are not bylines.
    if piece.contains("http") || piece.contains("www.") || piece.contains('@') {
        return Vec::new();
    }
    // A date often follows the name ("By Ana Ruiz March 3, 2024") or opens the
    // piece ("March 3, 2024 by Ana Ruiz"): keep what is before it, or after its
    // year when nothing is before it.
    let text = match crate::dates::find_in_text(piece, false).first() {
        Some((at, _)) if piece[..*at].trim().is_empty() => {
            let rest = &piece[*at..];
            let mut run = 0;
            let end = rest
                .char_indices()
                .find(|(_, c)| {
                    run = if c.is_ascii_digit() { run + 1 } else { 0 };
                    run == 4
                })
                .map_or(rest.len(), |(k, _)| k + 1);
            rest[end..].to_string()
        }
        Some((at, _)) => piece[..*at].to_string(),
        None => piece.to_string(),
    };
    let text = LEADING.replace(&text, "");
    let mut out: Vec<String> = Vec::new();
    for part in SPLIT.split(&text) {
        let part = LEADING.replace(part, "");
        let name = part
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != ')')
            .trim();
        if may_be_name(name) && !out.iter().any(|n| n.eq_ignore_ascii_case(name)) {
            out.push(name.to_string());
        }
    }
    // "Anna Müller, Berlin Correspondent": a role after a name is not a second
    // author (a byline of roles alone, "News Desk", stays).
    if out.iter().any(|n| !is_role(n)) {
        out.retain(|n| !is_role(n));
    }
    out
}

fn is_role(name: &str) -> bool {
    let lower = name.to_lowercase();
    ROLE_WORDS.iter().any(|w| has_word(&lower, w))
}

/// Hard limits of a name (anything else is for the ranker to weigh).
fn may_be_name(s: &str) -> bool {
    let chars = s.chars().count();
    if !(2..=50).contains(&chars) || s.split_whitespace().count() > 5 {
        return false;
    }
    if s.contains('@') || s.contains("http") || s.contains("www.") || s.contains('/') {
        return false;
    }
    if !s.chars().any(char::is_alphabetic) || s.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let lower = s.to_lowercase();
    !NOT_NAMES.iter().any(|r| has_word(&lower, r))
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
    visible(inp, &mut |names, source, node, f| {
        add(&mut raw, names, source, node, f)
    });
    let feed: Vec<String> = inp.feed.iter().flat_map(|a| clean(a)).collect();
    add(&mut raw, dedup(feed), "feed", None, {
        let mut f = Features::default();
        f.on("feed");
        f
    });

    let site = SiteNames::of(inp.meta, inp.json_ld);
    let anchor = headline_anchor(inp.dom, inp.meta, inp.json_ld);
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

type Sink<'s> = dyn FnMut(Vec<String>, &'static str, Option<u32>, Features) + 's;

/// Fragments of class names of elements that may hold a name (bylines, author
/// boxes, forum user names); the exact tests follow.
static NAME_HINT: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build([
            "byline", "author", "writer", "posted", "user", "poster", "member",
        ])
        .expect("name hint patterns are valid")
});

/// Words that may open or hold a byline, for a quick test before the patterns.
static BYLINE_WORDS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build([
            "by",
            "von",
            "par",
            "por",
            "di ",
            "door",
            "av ",
            "af ",
            "autor",
            "auteur",
            "author",
            "автор",
            "text",
            "posted",
            "written",
            "words",
            "story",
            "photo",
        ])
        .expect("byline word patterns are valid")
});

/// Candidates written in the page: microdata, `rel="author"` links, byline and
/// user-name classes, "By ..." lines.
fn visible<'d>(inp: &AuthorInputs<'_, 'd>, push: &mut Sink<'_>) {
    let dom = inp.dom;
    let mut says_name: HashMap<&'d str, bool, foldhash::fast::RandomState> = HashMap::default();
    let (mut micro, mut rel, mut classed, mut users, mut lines) = (0, 0, 0, 0, 0);
    let mut copyright = 0;
    let mut i = 0u32;
    while (i as usize) < dom.nodes.len() {
        let n = &dom.nodes[i as usize];
        if n.tag == Tag::Skip {
            i = n.end;
            continue;
        }
        if n.tag == Tag::Text {
            if lines < 6 {
                if let Some((names, node, inline)) = byline_line(dom, i) {
                    let mut f = Features::default();
                    f.on(format!("line:index={}", bucket(lines, &[0, 1, 2])));
                    lines += 1;
                    push(
                        names,
                        if inline { "line-by" } else { "line" },
                        Some(node),
                        f,
                    );
                }
            }
            if copyright < 1 {
                if let Some(names) = copyright_line(n.text) {
                    copyright += 1;
                    push(names, "copyright", Some(i), Features::default());
                }
            }
            i += 1;
            continue;
        }
        let Some(el) = n.el else {
            i += 1;
            continue;
        };
        if micro < 4
            && n.itemprop
                .split_whitespace()
                .any(|p| p.eq_ignore_ascii_case("author") || p.eq_ignore_ascii_case("creator"))
        {
            let named = (i + 1..n.end).find(|&j| {
                dom.nodes[j as usize]
                    .itemprop
                    .split_whitespace()
                    .any(|p| p == "name")
            });
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
            if raw.len() <= 200 {
                let mut f = Features::default();
                f.on(format!("microdata:index={}", bucket(micro, &[0, 1, 2])));
                micro += 1;
                push(clean(&raw), "microdata", Some(i), f);
            }
            i += 1;
            continue;
        }
        if rel < 3
            && n.tag == Tag::A
            && el.attr("rel").is_some_and(|r| {
                r.split_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("author"))
            })
        {
            let mut f = Features::default();
            f.on(format!("rel:index={}", bucket(rel, &[0, 1, 2])));
            rel += 1;
            push(clean(&dom.text_of(i, |_| false)), "rel-author", Some(i), f);
            i = n.end;
            continue;
        }
        // Class values repeat across a page: test each distinct one once.
        let mut named = |v: &'d str| -> bool {
            !v.is_empty() && *says_name.entry(v).or_insert_with(|| NAME_HINT.is_match(v))
        };
        if !named(n.class) && !named(n.ident) {
            i += 1;
            continue;
        }
        let hint = |words: &[&str]| {
            dom.tokens(i)
                .find(|t| words.iter().any(|w| contains_lowered(t, w)))
        };
        if classed < 4 && n.end - i < 40 {
            if let Some(token) = hint(&["byline", "author", "writer", "posted-by", "postedby"]) {
                let mut text = dom.text_of(i, |_| false);
                let mut boxed = false;
                if text.len() > 150 {
                    // An author box with a bio: the name is its first short text
                    // (or a portrait's `alt`).
                    boxed = true;
                    text = first_name_in(dom, i).unwrap_or_default();
                }
                if !text.is_empty() && text.len() <= 150 {
                    let t = token.to_ascii_lowercase();
                    let mut f = Features::default();
                    f.on(format!("class:index={}", bucket(classed, &[0, 1, 2, 3])));
                    f.when(boxed, "class:long");
                    f.when(t.contains("byline"), "class:byline");
                    for w in [
                        "box", "bio", "about", "comment", "avatar", "image", "img", "photo",
                    ] {
                        f.when(t.contains(w), format!("class:{w}"));
                    }
                    f.when(
                        t.contains("name") || t.ends_with("author") || t.ends_with("byline"),
                        "class:name",
                    );
                    let names = clean(&text);
                    if !names.is_empty() {
                        classed += 1;
                        push(names, "byline", Some(i), f);
                        i = n.end;
                        continue;
                    }
                }
            }
        }
        if users < 3 && n.end - i < 20 {
            if let Some(token) = hint(&[
                "username",
                "user-name",
                "user_name",
                "poster",
                "postauthor",
                "post-author",
                "member-name",
                "usertext",
            ]) {
                let text = dom.text_of(i, |_| false);
                if !text.is_empty() && text.len() <= 80 {
                    let mut f = Features::default();
                    f.on(format!("user:index={}", bucket(users, &[0, 1, 2])));
                    f.when(token.to_ascii_lowercase().contains("poster"), "user:poster");
                    let names = clean(&text);
                    if !names.is_empty() {
                        users += 1;
                        push(names, "user", Some(i), f);
                        i = n.end;
                        continue;
                    }
                }
            }
        }
        i += 1;
    }
}

/// The first short text in box `i` that reads as a name, or a portrait's `alt`.
fn first_name_in(dom: &Dom<'_>, i: u32) -> Option<String> {
    let end = dom.nodes[i as usize].end.min(i + 60);
    for j in i + 1..end {
        let n = &dom.nodes[j as usize];
        let text = if n.tag == Tag::Text {
            n.text.trim()
        } else if n.tag == Tag::Img {
            dom.attr(j, "alt").unwrap_or("").trim()
        } else {
            continue;
        };
        if !text.is_empty() && text.len() <= 60 && !clean(text).is_empty() {
            return Some(text.to_string());
        }
    }
    None
}

/// The holder named in a copyright line ("© 2025 Toby Hede. All rights reserved.").
fn copyright_line(text: &str) -> Option<Vec<String>> {
    let t = text.trim();
    if t.len() > 120 {
        return None;
    }
    let at = t.find('©').map(|k| k + '©'.len_utf8()).or_else(|| {
        let lower = t.to_ascii_lowercase();
        lower
            .find("copyright")
            .map(|k| k + "copyright".len())
            .or_else(|| lower.find("(c)").map(|k| k + 3))
    })?;
    let rest = t[at..].trim_start_matches(|c: char| {
        c.is_ascii_digit() || c.is_whitespace() || matches!(c, '-' | '–' | ',' | '©')
    });
    let rest = rest
        .split(['.', '|', '•', '·'])
        .next()
        .unwrap_or("")
        .split("All rights")
        .next()
        .unwrap_or("");
    let names = clean(rest);
    (!names.is_empty()).then_some(names)
}

/// A byline line: a text node that opens with "By", "Written by", "Von", "Par"
/// and the like, with the name after it in the same line or in the next element
/// ("Written by" then `<p>Ana Ruiz</p>`).
fn byline_line(dom: &Dom<'_>, i: u32) -> Option<(Vec<String>, u32, bool)> {
    let t = dom.nodes[i as usize].text.trim();
    if t.is_empty() || t.len() > 120 || !BYLINE_WORDS.is_match(t) {
        return None;
    }
    let padded = format!("{t} ");
    // "Last edited by chunix64", "Posted on May 3 by": "by" inside a short line.
    let (end, inline) = match LEADING.find(&padded) {
        Some(m) => (m.end(), false),
        None => (INLINE_BY.find(&padded)?.end(), true),
    };
    let rest = t.get(end.min(t.len())..).unwrap_or("").trim();
    // A sentence that opens with "By" is not a byline.
    if rest.split_whitespace().count() > 8 {
        return None;
    }
    if !rest.is_empty() {
        let names = clean(rest);
        return (!names.is_empty()).then_some((names, i, inline));
    }
    // The name is in the next text of the line or the next element.
    let mut j = i + 1;
    let limit = (i + 12).min(dom.nodes.len() as u32);
    while j < limit {
        let n = &dom.nodes[j as usize];
        if n.tag == Tag::Text && !n.text.trim().is_empty() {
            let names = clean(n.text);
            return (!names.is_empty()).then_some((names, j, inline));
        }
        j += 1;
    }
    None
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
        assert_eq!(clean("By Ana Ruiz March 3, 2024"), ["Ana Ruiz"]);
        assert_eq!(clean("Ana Ruiz | 5 min read"), ["Ana Ruiz"]);
        assert_eq!(clean("Email the author"), Vec::<String>::new());
        assert_eq!(clean("https://facebook.com/someone"), Vec::<String>::new());
        assert_eq!(clean("Maria da Silva"), ["Maria da Silva"]);
        assert_eq!(clean("drat"), ["drat"]);
        assert_eq!(clean("News Desk"), ["News Desk"]);
    }

    fn sources(html: &str) -> Vec<(Vec<String>, &'static str)> {
        let doc = crate::dom::parse(html);
        let dom = Dom::build(&doc);
        let meta = MetaTags::collect(&dom);
        let ld = JsonLd::parse(&meta.json_ld);
        options(&AuthorInputs {
            dom: &dom,
            meta: &meta,
            json_ld: &ld,
            feed: &[],
            profile: None,
        })
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
}
