//! What the ranker knows about each day the page names and about the page when
//! it weighs "no date".
//!
//! The options are days, not single candidates: a day is described by every
//! source that names it (`has:meta:og`, `has:time:pub`, ...; marked when that
//! source's candidate is an update or sits outside the article), by where the
//! closest of its visible candidates sits (after or before the headline, in the
//! body, in a header, footer or sidebar; the class words of its box and the label
//! words written before it), and by its place among the page's days
//! (earliest, latest; against the publication meta date and the URL's month).

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use foldhash::fast::FixedState;

use crate::html::dom::Tag;
use crate::metadata::ranker::Features;
use crate::metadata::{bucket, region};

use super::{parse, year_only, Cand, DateInputs};

/// Machine sources that state the publication.
fn is_machine_pub(source: &str) -> bool {
    matches!(source, "meta:og" | "meta:pub" | "meta:dc" | "meta:citation")
        || (source.starts_with("ld:") && source.ends_with(":datePublished"))
}

/// The days the candidates name (in order of first mention), each with the
/// candidate whose value is given for it (the most precise one that is neither
/// an update nor outside the article), then "no date" (with no candidate).
pub(crate) fn options(inp: &DateInputs<'_, '_>, cands: &[Cand]) -> Vec<(Option<usize>, Features)> {
    let dom = inp.dom;
    // Each day with the candidates naming it, in one pass: a listing can name
    // thousands of days, so nothing below may scan every candidate per day.
    let days = group_by_day(cands);
    let mut sorted: Vec<NaiveDate> = days.iter().map(|(d, _)| *d).collect();
    sorted.sort_unstable();
    // The publication date the page states for machines: OpenGraph or the
    // article object's first, then the other publication keys.
    let machine_pub = [
        "meta:og",
        "ld:article:datePublished",
        "ld:posting:datePublished",
    ]
    .iter()
    .find_map(|s| cands.iter().find(|c| c.source == *s))
    .or_else(|| cands.iter().find(|c| is_machine_pub(c.source)))
    .map(|c| c.date.date());
    let url_month = parse::month_from_url(inp.url);
    let body_end = inp
        .body_boxes
        .iter()
        .map(|&b| dom.nodes[b as usize].end)
        .max();
    let body_start = inp.body_boxes.iter().copied().min();
    // Days shown next to the headline (just after it, or just before), and
    // which of them only as updates.
    let near = |c: &Cand| -> bool {
        match (c.node, inp.headline) {
            (Some(n), Some(h)) if !c.foreign => (n > h && n - h <= 40) || (n < h && h - n <= 15),
            _ => false,
        }
    };
    // Each near day: whether it is shown there only as an update.
    let mut near_days: HashMap<NaiveDate, bool, FixedState> = HashMap::default();
    for c in cands.iter().filter(|c| near(c)) {
        *near_days.entry(c.date.date()).or_insert(true) &= c.update;
    }
    let near_firm = near_days.values().filter(|u| !**u).count();
    let repeats = box_repeats(dom, cands);
    let mut out = Vec::with_capacity(days.len() + 1);
    for (day, members) in &days {
        let day = *day;
        let support: Vec<(usize, &Cand)> = members.iter().map(|&i| (i, &cands[i])).collect();
        let chosen = support
            .iter()
            .max_by_key(|(i, c)| {
                (
                    !c.update,
                    !c.foreign,
                    c.date.has_time,
                    c.date.has_tz,
                    std::cmp::Reverse(*i),
                )
            })
            .map(|(i, _)| *i)
            .unwrap_or(0);
        let mut f = Features::default();
        let mut sources: Vec<String> = Vec::new();
        let mut origins: Vec<&str> = Vec::new();
        let mut firm = 0usize;
        for (_, c) in &support {
            let mut name = format!("has:{}", c.source);
            if c.update {
                name.push_str("&update");
            } else if c.foreign {
                name.push_str("&foreign");
            } else {
                firm += 1;
                if !origins.contains(&c.origin) {
                    origins.push(c.origin);
                }
            }
            if !sources.contains(&name) {
                sources.push(name);
            }
        }
        for s in sources {
            f.on(s);
        }
        f.on(format!(
            "origins={}",
            bucket(origins.len(), &[0, 1, 2, 3, 4])
        ));
        f.on(format!("firm={}", bucket(firm, &[0, 1, 2, 3, 5, 8])));
        f.when(support.iter().all(|(_, c)| c.update), "only_update");
        f.when(support.iter().all(|(_, c)| c.foreign), "only_foreign");
        match near_days.get(&day) {
            Some(update) => {
                let kind = if *update { "near_update" } else { "near" };
                f.on(kind);
                f.on(format!(
                    "{kind}&near_days={}&firm={}",
                    bucket(near_days.len(), &[1, 2, 3]),
                    bucket(near_firm, &[0, 1, 2])
                ));
            }
            None => f.on(format!(
                "not_near&near_days={}",
                bucket(near_days.len(), &[0, 1, 2])
            )),
        }
        let rep = &cands[chosen];
        f.when(rep.date.has_time, "has_time");
        f.when(year_only(&rep.date), "year_only");

        if sorted.len() > 1 {
            let at = sorted.binary_search(&day).unwrap_or(0);
            let place = if at == 0 {
                "earliest"
            } else if at + 1 == sorted.len() {
                "latest"
            } else {
                "middle"
            };
            f.on(place);
            f.on(format!(
                "days={}&{place}",
                bucket(sorted.len(), &[2, 3, 5, 10])
            ));
        }
        if let Some(m) = machine_pub {
            let gap = (day - m).num_days();
            let rel = match gap {
                0 => "same".to_string(),
                g if g > 0 => format!("later_{}", bucket(g as usize, &[1, 2, 32, 367])),
                g => format!("earlier_{}", bucket((-g) as usize, &[1, 2, 32, 367])),
            };
            f.on(format!("vs_pub={rel}"));
        }
        if let Some((y, m)) = url_month {
            f.on(if day.year() == y && day.month() == m {
                "fits_url_month"
            } else {
                "contradicts_url_month"
            });
        }
        // The visible candidate closest after the headline (else any visible one)
        // says where the day is shown.
        let shown = support
            .iter()
            .filter(|(_, c)| c.node.is_some() && !c.foreign)
            .min_by_key(|(_, c)| {
                let n = c.node.unwrap_or(0);
                match inp.headline {
                    Some(h) if n > h => (0, n - h),
                    Some(h) => (1, h - n),
                    None => (0, n),
                }
            });
        match shown {
            Some((_, c)) => {
                let node = c.node.unwrap_or(0);
                let kind = c.source;
                f.on(format!("shown:in_{}", region(dom, node)));
                // Other days shown in boxes like this one: a list of teasers,
                // posts or comments, not the article's own date line.
                if let Some(days) = repeats.get(&box_key(dom, node)) {
                    let others = days.len().saturating_sub(1);
                    f.on(format!("shown:repeats={}", bucket(others, &[0, 1, 4])));
                    f.when(others > 0 && days[0] == day, "shown:first_of_repeats");
                }
                context(dom, node, &mut f);
                f.when(c.update, "shown:update");
                match inp.headline {
                    Some(h) if node > h => {
                        let d = bucket((node - h) as usize, &[0, 10, 30, 100, 300, 1000]);
                        f.on(format!("shown:after_h1={d}"));
                        f.on(format!("{kind}&after_h1={d}"));
                    }
                    Some(h) => {
                        let d = bucket((h - node) as usize, &[0, 10, 30, 100, 300]);
                        f.on(format!("shown:before_h1={d}"));
                        f.on(format!("{kind}&before_h1"));
                    }
                    None => f.on("shown:no_h1"),
                }
                match (body_start, body_end) {
                    (_, Some(e)) if node >= e => f.on("shown:after_body"),
                    (Some(s), _) if node < s => f.on("shown:before_body"),
                    (Some(_), Some(_)) => f.on("shown:in_body"),
                    _ => {}
                }
            }
            None => f.on("not_shown"),
        }
        out.push((Some(chosen), f));
    }
    out.push((None, none(inp, cands)));
    out
}

/// Words of the class names and ids of a shown date's element and its nearest
/// ancestors: what the box says it is (a post's meta line, a review, an event, a
/// release, a card of a list).
const BOX_WORDS: &[&str] = &[
    "publish",
    "post",
    "entry",
    "article",
    "meta",
    "byline",
    "author",
    "date",
    "time",
    "comment",
    "review",
    "reply",
    "event",
    "release",
    "footer",
    "header",
    "card",
    "teaser",
    "list",
    "item",
    "news",
    "blog",
    "copyright",
    "hero",
    "title",
    "user",
    "profile",
    "price",
];

/// Words written just before a shown date (the label of its line), in several
/// languages: what kind of date it is.
const LABEL_WORDS: &[&str] = &[
    "joined",
    "member since",
    "since",
    "release",
    "event",
    "©",
    "copyright",
    "posted",
    "published",
    "written",
    "by ",
    " on ",
    "last",
    "updated",
    "from",
    "until",
    "expires",
    "deadline",
    "closing",
    "born",
    "ago",
    "version",
    "seit",
    "vom",
    "am ",
    "le ",
    "del ",
    "veröffentlicht",
    "publié",
    "publicado",
    "pubblicato",
];

/// Features of the box around a shown date (node `node`): the [`BOX_WORDS`] of
/// its element and three ancestors, and the [`LABEL_WORDS`] written just before
/// it on its line. Bounded work per call.
fn context(dom: &crate::html::dom::Dom<'_>, node: u32, f: &mut Features) {
    let mut seen: Vec<&str> = Vec::new();
    let mut a = if dom.nodes[node as usize].tag == Tag::Text {
        dom.nodes[node as usize].parent
    } else {
        node
    };
    for depth in 0..4 {
        if a == u32::MAX || a <= dom.body {
            break;
        }
        for w in BOX_WORDS {
            if !seen.contains(w) && dom.token_contains(a, &[w]) {
                seen.push(w);
                f.on(format!("box:{w}"));
                if depth == 0 {
                    f.on(format!("box0:{w}"));
                }
            }
        }
        a = dom.nodes[a as usize].parent;
    }
    let mut before = super::page::words_before(dom, node);
    let n = &dom.nodes[node as usize];
    if n.tag == Tag::Text {
        // The line's own words before its first digit.
        let own = n.text.trim_start();
        let cut = own.find(|c: char| c.is_ascii_digit()).unwrap_or(own.len());
        let mut cut = cut.min(60);
        while !own.is_char_boundary(cut) {
            cut -= 1;
        }
        before.push(' ');
        before.push_str(&own[..cut].to_lowercase());
    }
    let before = format!(" {before} ");
    for w in LABEL_WORDS {
        if before.contains(w) {
            f.on(format!("label:{}", w.trim()));
        }
    }
}

/// A box look: element kind, class, parent's class.
type BoxKey<'d> = (std::mem::Discriminant<Tag>, &'d str, &'d str);

/// What a shown date's box looks like: its element's tag and class, and its
/// parent's class (a text node stands for its element).
fn box_key<'d>(dom: &crate::html::dom::Dom<'d>, node: u32) -> BoxKey<'d> {
    let mut i = node;
    if dom.nodes[i as usize].tag == Tag::Text && dom.nodes[i as usize].parent != u32::MAX {
        i = dom.nodes[i as usize].parent;
    }
    let n = &dom.nodes[i as usize];
    let parent = if n.parent == u32::MAX {
        ""
    } else {
        dom.nodes[n.parent as usize].class
    };
    (std::mem::discriminant(&n.tag), n.class, parent)
}

/// For each box look of the visible candidates ([`box_key`]), the days shown in
/// such boxes. Linear in the candidates.
fn box_repeats<'d>(
    dom: &crate::html::dom::Dom<'d>,
    cands: &[Cand],
) -> HashMap<BoxKey<'d>, Vec<NaiveDate>, FixedState> {
    let mut out: HashMap<BoxKey<'d>, Vec<NaiveDate>, FixedState> = HashMap::default();
    for c in cands {
        let Some(node) = c.node else { continue };
        let days = out.entry(box_key(dom, node)).or_default();
        let day = c.date.date();
        // A page names at most a few thousand days; keep the list short.
        if days.len() < 16 && !days.contains(&day) {
            days.push(day);
        }
    }
    out
}

/// The days the candidates name, in order of first mention, each with the
/// indices of the candidates naming it (in order). Linear in the candidates.
pub(super) fn group_by_day(cands: &[Cand]) -> Vec<(NaiveDate, Vec<usize>)> {
    let mut at: HashMap<NaiveDate, usize, FixedState> = HashMap::default();
    let mut days: Vec<(NaiveDate, Vec<usize>)> = Vec::new();
    for (i, c) in cands.iter().enumerate() {
        let day = c.date.date();
        let k = *at.entry(day).or_insert_with(|| {
            days.push((day, Vec::new()));
            days.len() - 1
        });
        days[k].1.push(i);
    }
    days
}

/// "No date": what kind of page this is, and how much speaks for a date.
fn none(inp: &DateInputs<'_, '_>, cands: &[Cand]) -> Features {
    let mut f = Features::default();
    f.on("none");
    let mut kinds: Vec<&str> = inp.json_ld.dates.iter().map(|d| d.kind).collect();
    kinds.extend(inp.json_ld.people.iter().map(|p| p.kind));
    if inp.json_ld.is_article {
        kinds.push("article");
    }
    kinds.sort_unstable();
    kinds.dedup();
    for k in &kinds {
        f.on(format!("none&ld={k}"));
    }
    f.when(inp.json_ld.is_listing, "none&ld_listing");
    let og = inp
        .meta
        .get(&["og:type"])
        .map(|t| t.trim().to_ascii_lowercase());
    let og = match og.as_deref() {
        None => "absent",
        Some("article") => "article",
        Some("website") => "website",
        Some(t) if t.contains("product") => "product",
        Some(_) => "other",
    };
    f.on(format!("none&og={og}"));
    let visible = cands
        .iter()
        .filter(|c| c.node.is_some() && !c.foreign && !c.update)
        .count();
    f.on(format!("none&visible={}", bucket(visible, &[0, 1, 2, 4])));
    f.when(
        cands.iter().any(|c| is_machine_pub(c.source)),
        "none&machine_pub",
    );
    // Which sources speak at all: a page whose article object states a
    // publication date rarely has none.
    let mut sources: Vec<&str> = cands
        .iter()
        .filter(|c| !c.update && !c.foreign)
        .map(|c| c.source)
        .collect();
    sources.sort_unstable();
    sources.dedup();
    for s in sources {
        f.on(format!("none&src={s}"));
    }
    f.when(cands.iter().any(|c| c.source == "url"), "none&url_date");
    // How much the page reads like an article: prose in the body boxes and a
    // slug of words in the URL.
    let dom = inp.dom;
    let mut words = 0usize;
    let mut paragraphs = 0usize;
    for &b in inp.body_boxes {
        let mut j = b;
        while j < dom.nodes[b as usize].end {
            let n = &dom.nodes[j as usize];
            if n.tag == Tag::Skip {
                j = n.end;
                continue;
            }
            if n.tag == Tag::Text && !n.in_link {
                words += n.text.split_whitespace().count();
            } else if n.tag == Tag::P {
                paragraphs += 1;
            }
            j += 1;
        }
    }
    f.on(format!(
        "none&words={}",
        bucket(words, &[0, 50, 150, 400, 1000, 2500])
    ));
    f.on(format!(
        "none&paragraphs={}",
        bucket(paragraphs, &[0, 1, 3, 6, 12, 25])
    ));
    let path = inp
        .url
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .splitn(4, '/')
        .nth(3)
        .unwrap_or("");
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let slug_words = segments
        .iter()
        .map(|s| s.split(['-', '_']).filter(|w| !w.is_empty()).count())
        .max()
        .unwrap_or(0);
    f.on(format!(
        "none&slug_words={}",
        bucket(slug_words, &[0, 1, 3, 5, 8])
    ));
    f.on(format!(
        "none&depth={}",
        bucket(segments.len(), &[0, 1, 2, 3, 4])
    ));
    f
}
