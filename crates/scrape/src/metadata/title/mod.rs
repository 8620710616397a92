//! Title candidates and their features: `<title>` and its parts split at
//! site-name separators, OpenGraph and Twitter titles, JSON-LD `headline` and
//! the names of the JSON-LD objects (a product, a web page), title meta tags,
//! the `<h1>` and first `<h2>` elements and elements whose class says title.
//! The learned ranker ([`super::ranker`]) picks one.

use crate::html::dom::{contains_lowered, fold_whitespace, Dom, Tag};
use crate::jsonld::JsonLd;
use crate::meta::MetaTags;

use super::ranker::Features;
use super::{bucket, key, overlap, page_signals, unescape_leftover, SiteNames};

/// Separators between a headline and a site name, section or tagline.
const SEPARATORS: &[(&str, &str)] = &[
    (" | ", "bar"),
    (" - ", "dash"),
    (" – ", "dash"),
    (" — ", "dash"),
    (" :: ", "colons"),
    (" · ", "dot"),
    (" • ", "dot"),
    (" » ", "guillemet"),
    (" / ", "slash"),
    (": ", "colon"),
];

/// One title candidate.
#[derive(Clone, Debug)]
pub(crate) struct TitleOption {
    pub text: String,
    pub features: Features,
    /// Where it came from, for provenance and listings.
    pub source: &'static str,
}

#[derive(Clone)]
struct Raw {
    text: String,
    source: &'static str,
    f: Features,
}

/// Every title candidate of the page, with features.
/// `site`: the page's [`SiteNames`], with the names it shows; `container`: the
/// element the content analysis takes for the main content, if any.
pub(crate) fn options(
    dom: &Dom<'_>,
    meta: &MetaTags,
    ld: &JsonLd,
    site: &SiteNames,
    container: Option<u32>,
) -> Vec<TitleOption> {
    let mut raw: Vec<Raw> = Vec::new();
    let add_machine = |raw: &mut Vec<Raw>, text: Option<&str>, source: &'static str| {
        let Some(text) = text
            .map(|t| fold_whitespace(&unescape_leftover(t)))
            .filter(|t| !t.is_empty())
        else {
            return;
        };
        if text.len() > 600 {
            return;
        }
        for (part, f) in parts(&text, site) {
            raw.push(Raw {
                text: part,
                source,
                f,
            });
        }
        raw.push(Raw {
            text,
            source,
            f: Features::default(),
        });
    };
    add_machine(&mut raw, meta.title.as_deref(), "title");
    add_machine(&mut raw, meta.get(&["og:title"]), "og");
    add_machine(&mut raw, meta.get(&["twitter:title"]), "twitter");
    add_machine(&mut raw, ld.headline.as_deref(), "ld");
    add_machine(
        &mut raw,
        meta.get(&[
            "headline",
            "title",
            "dc.title",
            "sailthru.title",
            "parsely-title",
        ]),
        "meta",
    );
    // What the JSON-LD objects name (a product, a web page, a course), with
    // the kind of object.
    for (kind, name) in ld.names.iter().take(8) {
        let from = raw.len();
        add_machine(&mut raw, Some(name), "ld-name");
        for r in &mut raw[from..] {
            r.f.on(format!("ld-name:kind={kind}"));
        }
    }
    let leads = visible(dom, container, site, &mut raw);
    // The texts of the headings that open the main content.
    let lead_keys = leads.map(|l| l.map(|i| key(&dom.text_of(i, |_| false))));

    // Agreement: which other sources give the same text.
    let keys: Vec<String> = raw.iter().map(|r| key(&r.text)).collect();
    let title_key = meta.title.as_deref().map(key).unwrap_or_default();
    let signals = page_signals(meta, ld);
    let first_h1 = raw
        .iter()
        .zip(&keys)
        .find(|(r, _)| r.source == "h1")
        .map(|(_, k)| k.as_str());
    let h1_count = raw
        .iter()
        .filter(|r| r.source == "h1" && !r.f.names().any(|n| n.starts_with("cut:")))
        .count();
    // How agreement names a candidate: its source, and for a piece of a title
    // which end of it the piece is (the head is usually the headline, the tail
    // the site or section).
    let label: Vec<String> = raw
        .iter()
        .map(|r| match r.f.names().find_map(|n| n.strip_prefix("cut:")) {
            Some(rest) => format!("{}-{}", r.source, rest.split(':').next().unwrap_or("")),
            None => r.source.to_string(),
        })
        .collect();
    let whole: Vec<bool> = label.iter().zip(&raw).map(|(l, r)| l == r.source).collect();
    let mut out = Vec::with_capacity(raw.len());
    for (i, r) in raw.iter().enumerate() {
        let k = &keys[i];
        if k.is_empty() {
            continue;
        }
        let mut f = r.f.clone();
        let part = f.names().any(|n| n.starts_with("cut:"));
        let src = if part {
            format!("src={}-part", r.source)
        } else {
            format!("src={}", r.source)
        };
        f.on(src.clone());
        let mut agreeing: Vec<&str> = Vec::new();
        for (j, o) in raw.iter().enumerate() {
            if j != i && keys[j] == *k && o.source != r.source {
                if !agreeing.contains(&o.source) {
                    agreeing.push(o.source);
                }
                if !whole[j] {
                    f.on(format!("{src}&agree_piece:{}", label[j]));
                }
            }
        }
        // A shortened copy of a longer candidate (a cut `og:title`), or a
        // longer form of another (a headline with its subtitle).
        let prefix_of = |a: &str, b: &str| {
            b.len() > a.len() && b.starts_with(a) && b.as_bytes()[a.len()] == b' '
        };
        let shortened = (0..raw.len()).any(|j| j != i && whole[j] && prefix_of(k, &keys[j]));
        let longer = (0..raw.len())
            .any(|j| j != i && whole[j] && keys[j].len() >= 12 && prefix_of(&keys[j], k));
        for a in &agreeing {
            f.on(format!("agree:{a}"));
            f.on(format!("{src}&agree:{a}"));
        }
        f.on(format!(
            "agreeing={}",
            bucket(agreeing.len(), &[0, 1, 2, 3])
        ));
        f.on(format!(
            "{src}&agreeing={}",
            bucket(agreeing.len(), &[0, 1, 2])
        ));
        let words = r.text.split_whitespace().count();
        f.on(format!(
            "words={}",
            bucket(words, &[1, 2, 3, 5, 8, 13, 20, 30])
        ));
        f.when(site.is_site(&r.text), format!("{src}&is_site"));
        f.when(
            !title_key.is_empty() && *k != title_key && title_key.contains(k.as_str()),
            "in_title_tag",
        );
        f.when(
            SEPARATORS.iter().any(|(s, _)| r.text.contains(s)),
            format!("{src}&has_separator"),
        );
        f.when(
            r.source == "h1",
            format!("h1_count={}", bucket(h1_count, &[1, 2, 3])),
        );
        let family = if part { "part" } else { r.source };
        for sig in &signals {
            f.on(format!("{family}&{sig}"));
        }
        if let Some(h) = first_h1.filter(|_| r.source != "h1") {
            f.on(format!("{family}&vs_h1={}", overlap(k, h) / 3));
        }
        if !title_key.is_empty() && r.source != "title" {
            f.on(format!("{family}&vs_title={}", overlap(k, &title_key) / 3));
        }
        for (lead, name) in lead_keys.iter().zip(["before", "first"]) {
            f.when(
                lead.as_deref() == Some(k.as_str()),
                format!("{family}&is_lead_{name}"),
            );
        }
        f.when(shortened, format!("{family}&shortened"));
        f.when(longer, format!("{family}&longer"));
        f.when(
            r.text.ends_with("...") || r.text.ends_with('\u{2026}'),
            format!("{family}&ellipsis"),
        );
        f.when(site.is_shown(&r.text), format!("{family}&is_shown_site"));
        let letters = r.text.chars().filter(|c| c.is_alphabetic()).count();
        let upper = r.text.chars().filter(|c| c.is_uppercase()).count();
        f.when(letters >= 4 && upper * 10 >= letters * 9, "all_caps");
        out.push(TitleOption {
            text: r.text.clone(),
            features: f,
            source: r.source,
        });
    }
    out
}

/// The pieces of a title split at separators: every run of segments from the
/// start (the headline before " | Site") and from the end (after "Site | "), with
/// what was cut away.
fn parts(text: &str, site: &SiteNames) -> Vec<(String, Features)> {
    // Cut points: (byte start, byte end, separator kind), in order.
    let mut cuts: Vec<(usize, usize, &str)> = Vec::new();
    for (sep, kind) in SEPARATORS {
        let mut from = 0;
        while let Some(at) = text[from..].find(sep) {
            let s = from + at;
            cuts.push((s, s + sep.len(), kind));
            from = s + sep.len();
        }
    }
    cuts.sort_unstable();
    cuts.dedup_by(|b, a| b.0 < a.1);
    if cuts.is_empty() || cuts.len() > 8 {
        return Vec::new();
    }
    let mut out = Vec::new();
    let n = cuts.len();
    for (ci, &(s, e, kind)) in cuts.iter().enumerate() {
        // Head: text before cut `ci`; the rest is dropped.
        let (head, dropped) = (text[..s].trim(), text[e..].trim());
        // Tail: text after cut `ci`.
        let (tail, dropped_front) = (text[e..].trim(), text[..s].trim());
        for (kept, gone, side, dropped_segments) in [
            (head, dropped, "head", n - ci),
            (tail, dropped_front, "tail", ci + 1),
        ] {
            if kept.is_empty() {
                continue;
            }
            let mut f = Features::default();
            f.on(format!("cut:{side}:{kind}"));
            f.on(format!(
                "cut:{side}:dropped={}",
                bucket(dropped_segments, &[1, 2, 3])
            ));
            let gone_words = gone.split_whitespace().count();
            f.on(format!(
                "cut:{side}:gone_words={}",
                bucket(gone_words, &[1, 2, 3, 5, 8])
            ));
            f.when(site.is_site(gone), format!("cut:{side}:gone_is_site"));
            f.when(
                site.mentions_site(gone),
                format!("cut:{side}:gone_has_site"),
            );
            f.when(
                site.mentions_site(kept),
                format!("cut:{side}:kept_has_site"),
            );
            f.when(site.is_shown(gone), format!("cut:{side}:gone_is_shown"));
            f.when(site.is_shown(kept), format!("cut:{side}:kept_is_shown"));
            let kept_words = kept.split_whitespace().count();
            f.when(kept_words < gone_words, format!("cut:{side}:kept_shorter"));
            out.push((kept.to_string(), f));
        }
    }
    out
}

/// The headings that open the main content `container`: the last heading
/// before it in page order (`[0]`) and the first heading inside it (`[1]`).
/// Headings without text do not count. Linear: a heading's subtree is read
/// once, and nothing inside a heading is visited again.
fn content_leads(dom: &Dom<'_>, container: Option<u32>) -> [Option<u32>; 2] {
    let Some(c) = container.filter(|&c| (c as usize) < dom.nodes.len()) else {
        return [None, None];
    };
    // The headings with text in `from..to`, in order, up to `stop` of them.
    let scan = |from: u32, to: u32, stop: bool| {
        let mut found = None;
        let mut i = from;
        while i < to {
            let n = &dom.nodes[i as usize];
            if !matches!(n.tag, Tag::Heading(_)) {
                i += 1;
                continue;
            }
            if !dom.text_of(i, |_| false).trim().is_empty() {
                found = Some(i);
                if stop {
                    break;
                }
            }
            i = n.end.max(i + 1);
        }
        found
    };
    let end = dom.nodes[c as usize].end;
    [scan(dom.body, c, false), scan(c, end, true)]
}

/// Visible candidates: the first `<h1>` elements, the first `<h2>`s, the first
/// elements whose class or id says title or headline, and the headings that
/// open the main content ([`content_leads`]). Returns those two headings.
fn visible(
    dom: &Dom<'_>,
    container: Option<u32>,
    site: &SiteNames,
    raw: &mut Vec<Raw>,
) -> [Option<u32>; 2] {
    let leads = content_leads(dom, container);
    let (mut h1, mut h2, mut classed) = (0, 0, 0);
    let mut seen_h1 = false;
    let mut taken: Vec<u32> = Vec::new();
    for i in dom.body..dom.nodes.len() as u32 {
        if h1 >= 4 && h2 >= 2 && classed >= 3 {
            // Every kind of candidate is full.
            break;
        }
        let n = &dom.nodes[i as usize];
        let (source, index) = match n.tag {
            Tag::Heading(1) if h1 < 4 => {
                h1 += 1;
                ("h1", h1 - 1)
            }
            Tag::Heading(2) if h2 < 2 => {
                h2 += 1;
                ("h2", h2 - 1)
            }
            Tag::Heading(_) | Tag::Block | Tag::Inline | Tag::P | Tag::A
                if classed < 3
                    && n.end - i < 12
                    && dom.tokens(i).any(|t| {
                        (contains_lowered(t, "title") || contains_lowered(t, "headline"))
                            && !contains_lowered(t, "subtitle")
                            && !contains_lowered(t, "widget")
                    }) =>
            {
                classed += 1;
                ("class", classed - 1)
            }
            _ => continue,
        };
        if source == "h1" {
            seen_h1 = true;
        }
        if let Some(mut r) = visible_one(dom, i, source, index, container, leads) {
            r.f.when(source == "h2" && seen_h1, "h2:after_h1");
            taken.push(i);
            raw.push(r.clone());
            if source == "h1" {
                heading_parts(&r, site, raw);
            }
        }
    }
    // A heading that opens the content, when no rule above took it (an `<h3>`,
    // or an `<h1>` after the first four).
    for i in leads.into_iter().flatten() {
        if !taken.contains(&i) {
            taken.push(i);
            if let Some(r) = visible_one(dom, i, "lead", 0, container, leads) {
                raw.push(r.clone());
                heading_parts(&r, site, raw);
            }
        }
    }
    leads
}

/// The pieces of a heading split at separators ("3.1 Git Branching - Branches",
/// "Collection: Shoes", "Headphones | 2020 Edition"), each with the heading's
/// own features and what was cut.
fn heading_parts(r: &Raw, site: &SiteNames, raw: &mut Vec<Raw>) {
    for (part, cut) in parts(&r.text, site) {
        let mut f = r.f.clone();
        f.0.extend(cut.0);
        raw.push(Raw {
            text: part,
            source: r.source,
            f,
        });
    }
}

/// One visible candidate: element `i`'s text, with where it sits.
fn visible_one(
    dom: &Dom<'_>,
    i: u32,
    source: &'static str,
    index: usize,
    container: Option<u32>,
    leads: [Option<u32>; 2],
) -> Option<Raw> {
    let n = &dom.nodes[i as usize];
    let text = dom.text_of(i, |_| false);
    if text.is_empty() || text.len() > 400 {
        return None;
    }
    let total = dom.nodes.len().max(1);
    let mut f = Features::default();
    f.on(format!("{source}:index={index}"));
    let pos = i as usize * 10 / total;
    f.on(format!("{source}:pos={}", pos.min(9)));
    let mut a = n.parent;
    let mut region = "body";
    while a != u32::MAX && a > dom.body {
        let an = &dom.nodes[a as usize];
        match an.tag {
            Tag::Header => region = "header",
            Tag::Nav => region = "nav",
            Tag::Footer => region = "footer",
            Tag::Aside => region = "aside",
            Tag::Article | Tag::Main if region == "body" => region = "article",
            _ => {}
        }
        a = an.parent;
    }
    f.on(format!("{source}:in_{region}"));
    // Where it sits against the main content.
    let content = match container {
        None => "unknown",
        Some(c) if dom.contains(c, i) => "in",
        Some(c) if i < c => "before",
        Some(_) => "after",
    };
    f.on(format!("{source}:content={content}"));
    f.when(leads[0] == Some(i), format!("{source}:lead_before"));
    f.when(leads[1] == Some(i), format!("{source}:lead_first"));
    if let Tag::Heading(level) = n.tag {
        f.on(format!("{source}:level={level}"));
    }
    let link_only = (i + 1..n.end).any(|j| dom.nodes[j as usize].tag == Tag::A)
        && (i + 1..n.end)
            .filter(|&j| dom.nodes[j as usize].tag == Tag::Text)
            .all(|j| dom.nodes[j as usize].in_link);
    f.when(link_only, format!("{source}:link"));
    f.when(
        dom.token_contains(i, &["logo", "brand", "site-title", "sitename", "site-name"]),
        format!("{source}:class_site"),
    );
    f.when(
        dom.token_contains(
            i,
            &["entry-title", "post-title", "article-title", "headline"],
        ),
        format!("{source}:class_entry"),
    );
    Some(Raw { text, source, f })
}

#[cfg(test)]
mod tests;
