//! Dates written in the page body: `<time>` elements, microdata, date lines in
//! date-like elements, publication- and update-labelled lines, and the dates
//! written around the headline. Each candidate records whether it sits in a
//! region that is not the article (navigation, sidebars, comments, teasers; the
//! article's own box and, inside a body box the extractor could not narrow, a box
//! holding most of its text, are not such regions) and whether an update label
//! marks it, for the ranker to weigh.

use std::collections::HashMap;

use crate::html::dom::{attr_of, Dom, Tag};

use super::parse::{find_in_text, parse_machine, ParsedDate};
use super::regions::Regions;
use super::{Cand, DateInputs};

/// Class/id fragments of elements that hold a visible date line.
const DATE_HINTS: &[&str] = &[
    "date",
    "time",
    "publish",
    "posted",
    "byline",
    "dateline",
    "datum",
    "fecha",
    "data",
    "meta",
    "stamp",
    "created",
    "info",
    "article-header",
    "entry-header",
    "subline",
    "detail",
    "submitted",
];

static DATE_HINT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    let alternatives: Vec<String> = DATE_HINTS.iter().map(|h| regex::escape(h)).collect();
    regex::Regex::new(&format!("(?i){}", alternatives.join("|")))
        .expect("date hint pattern is valid")
});

/// A class naming an update time. hAtom's `updated` next to a post-date class
/// ("vw-post-date updated", "entry-date published updated") still marks the
/// publication line, as WordPress themes write it.
fn update_class(v: &str) -> bool {
    let v = v.to_ascii_lowercase();
    (v.contains("updat") || v.contains("modif"))
        && !["publi", "post-date", "entry-date", "posted"]
            .iter()
            .any(|w| v.contains(w))
}

fn class_id(dom: &Dom<'_>, i: u32) -> String {
    let n = &dom.nodes[i as usize];
    if n.class.is_empty() && n.ident.is_empty() {
        return String::new();
    }
    let mut s = String::with_capacity(n.class.len() + n.ident.len() + 1);
    s.push_str(n.class);
    s.push(' ');
    s.push_str(n.ident);
    s.make_ascii_lowercase();
    s
}

/// `<time>`, microdata and visible date lines, in document order.
pub(super) fn scan_elements(inp: &DateInputs<'_, '_>, push: &mut dyn FnMut(Cand)) {
    let dom = inp.dom;
    let mut text_lines = 0;
    let mut attempts = 0;
    let mut times = 0;
    // Class values repeat across a page: decide each distinct one once.
    // (Random seeds: the keys are the page's own class values.)
    let mut date_like: HashMap<&str, bool, foldhash::fast::RandomState> = HashMap::default();
    let mut labelled = 0;
    // Reads of a whole element's or line's text when no attribute gives the
    // date: bounded, so that nested elements cost linear time.
    let (mut label_reads, mut micro_reads, mut time_reads) = (0, 0, 0);
    let mut regions = Regions::new(inp);
    let mut visible = |date, source, i: u32, update: bool| Cand {
        date,
        origin: if source == "microdata" {
            "microdata"
        } else {
            "text"
        },
        source,
        node: Some(i),
        foreign: regions.foreign(i),
        update,
    };
    for i in 0..dom.nodes.len() as u32 {
        let n = &dom.nodes[i as usize];
        if n.tag == Tag::Text && labelled < 6 && label_reads < 60 {
            if let Some(update) = line_label(n.text) {
                label_reads += 1;
                let Some(d) = labelled_line(inp, i) else {
                    continue;
                };
                labelled += 1;
                let mut c = visible(
                    d,
                    if update {
                        "text:label-upd"
                    } else {
                        "text:label"
                    },
                    i,
                    update,
                );
                c.origin = "text";
                push(c);
            }
            continue;
        }
        let Some(el) = n.el else { continue };
        if n.tag == Tag::Skip {
            continue;
        }
        let itemprop = if !n.itemprop.is_empty() {
            n.itemprop.to_ascii_lowercase()
        } else if el.attrs.len() > 1 || n.class.is_empty() && n.ident.is_empty() {
            attr_of(el, "property").unwrap_or("").to_ascii_lowercase()
        } else {
            String::new()
        };
        let machine = || {
            attr_of(el, "datetime")
                .or_else(|| attr_of(el, "content"))
                .or_else(|| attr_of(el, "title").filter(|_| el.name() == "abbr"))
                .and_then(parse_machine)
        };
        let published_prop = [
            "datepublished",
            "datecreated",
            "dc:date",
            "dc:created",
            "dcterms:created",
            "dcterms:issued",
        ];
        // (An empty value contains none: skip the substring searchers' set-up.)
        if !itemprop.is_empty()
            && el.name() != "meta"
            && published_prop.iter().any(|p| itemprop.contains(p))
        {
            let d = machine().or_else(|| {
                micro_reads += 1;
                (micro_reads <= 60).then(|| parse_machine(&dom.text_of(i, |_| false)))?
            });
            if let Some(d) = d {
                let source = if itemprop.contains("datepublished") {
                    "micro:pub"
                } else {
                    "micro:created"
                };
                let mut c = visible(d, source, i, false);
                c.origin = "microdata";
                push(c);
            }
            continue;
        }
        if !itemprop.is_empty() && el.name() != "meta" && itemprop.contains("datemodified") {
            let d = machine().or_else(|| {
                micro_reads += 1;
                (micro_reads <= 60).then(|| parse_machine(&dom.text_of(i, |_| false)))?
            });
            if let Some(d) = d {
                let mut c = visible(d, "micro:mod", i, true);
                c.origin = "microdata";
                push(c);
            }
            continue;
        }
        let is_time =
            n.tag == Tag::Time || (el.name() == "abbr" && dom.token_contains(i, &["published"]));
        if is_time && times < 12 {
            let d = machine().or_else(|| {
                time_reads += 1;
                (time_reads <= 60).then(|| {
                    find_in_text(&dom.text_of(i, |_| false), inp.prefer_mdy)
                        .first()
                        .map(|(_, d)| *d)
                })?
            });
            let Some(d) = d else { continue };
            times += 1;
            let ci = class_id(dom, i);
            let parent_ci = class_id(dom, n.parent.min(dom.nodes.len() as u32 - 1));
            let ctx = format!("{ci} {parent_ci}");
            let before = words_before(dom, i);
            let (source, update) = if update_class(&ctx) || update_words(&before) {
                ("time:mod", true)
            } else if attr_of(el, "pubdate").is_some()
                || ctx.contains("publi")
                || ctx.contains("entry-date")
                || ctx.contains("posted")
                || ctx.contains("created")
                || publish_words(&before)
            {
                ("time:pub", false)
            } else {
                ("time:plain", false)
            };
            let mut c = visible(d, source, i, update);
            c.origin = "time";
            push(c);
            continue;
        }
        if text_lines < 12
            && attempts < 60
            && (dom.nodes[i as usize].end - i) < 40
            && [n.class, n.ident].into_iter().any(|v| {
                !v.is_empty() && *date_like.entry(v).or_insert_with(|| DATE_HINT.is_match(v))
            })
        {
            attempts += 1;
            let text = dom.text_of(i, |_| false);
            if text.len() < 200 {
                if let Some((at, d)) = find_in_text(&text, inp.prefer_mdy).first() {
                    text_lines += 1;
                    let update = update_class(&class_id(dom, i)) || update_words(&text[..*at]);
                    push(visible(*d, "text:class", i, update));
                }
            }
        }
    }
}

/// The lower-cased text written just before element `i` (its previous text
/// nodes, up to 40 characters), where labels such as "Updated:" sit.
pub(super) fn words_before(dom: &Dom<'_>, i: u32) -> String {
    let mut out = String::new();
    let mut j = i;
    let mut steps = 0;
    while j > 0 && steps < 8 && out.len() < 40 {
        j -= 1;
        steps += 1;
        let n = &dom.nodes[j as usize];
        if n.tag == Tag::Text && !(dom.contains(j, i)) {
            out.insert_str(0, n.text);
        } else if n.tag.is_block() && !dom.contains(j, i) && !out.trim().is_empty() {
            break;
        }
    }
    let t = out.trim().to_lowercase();
    let cut = t.len().saturating_sub(40);
    t.char_indices()
        .find(|(k, _)| *k >= cut)
        .map_or(String::new(), |(k, _)| t[k..].to_string())
}

fn update_words(before: &str) -> bool {
    let before = before.to_lowercase();
    UPDATE_WORDS.iter().any(|w| before.contains(w))
}

fn publish_words(before: &str) -> bool {
    PUBLISHED_LABELS
        .iter()
        .any(|w| before.contains(w.trim_end_matches(':')))
}

/// Labels that open a publication line in any element ("Veröffentlicht am",
/// "Stand:", "Publié le"), lower case.
const PUBLISHED_LABELS: &[&str] = &[
    "published",
    "first published",
    "posted on",
    "veröffentlicht",
    "erstellt am",
    "stand:",
    "publié le",
    "publiée le",
    "publie le",
    "publicado",
    "pubblicato",
    "gepubliceerd",
    "opublikowano",
    "publicerad",
    "опубликовано",
];

/// Labels that open an update line, lower case.
const UPDATE_LABELS: &[&str] = &[
    "updated",
    "last updated",
    "last modified",
    "modified",
    "last reviewed",
    "reviewed",
    "aktualisiert",
    "zuletzt aktualisiert",
    "mis à jour",
    "actualizado",
    "aggiornato",
    "bijgewerkt",
    "atualizado",
    "обновлено",
];

/// Whether a publication label (false) or an update label (true) opens the
/// text `t`, when it is short enough to be a date line.
fn line_label(t: &str) -> Option<bool> {
    let t = t.trim_start();
    if t.len() > 120 || t.len() < 5 {
        return None;
    }
    let mut cut = t.len().min(24);
    while !t.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = t[..cut].to_lowercase();
    if PUBLISHED_LABELS.iter().any(|l| head.starts_with(l)) {
        Some(false)
    } else if UPDATE_LABELS.iter().any(|l| head.starts_with(l)) {
        Some(true)
    } else {
        None
    }
}

/// The date on the line that the label in text node `i` opens (the date may
/// follow in the next inline element).
fn labelled_line(inp: &DateInputs<'_, '_>, i: u32) -> Option<ParsedDate> {
    let dom = inp.dom;
    let t = dom.nodes[i as usize].text.trim_start();
    let parent = dom.nodes[i as usize].parent;
    let line = if t.bytes().any(|b| b.is_ascii_digit()) || parent == u32::MAX {
        t.to_string()
    } else {
        // "<span>Stand: </span>07.11.2023": read the enclosing line.
        let grand = dom.nodes[parent as usize].parent;
        let holder = if dom
            .text_of(parent, |_| false)
            .bytes()
            .any(|b| b.is_ascii_digit())
        {
            parent
        } else {
            grand
        };
        if holder == u32::MAX {
            return None;
        }
        dom.text_of(holder, |_| false)
    };
    if line.len() > 200 {
        return None;
    }
    find_in_text(&line, inp.prefer_mdy).first().map(|(_, d)| *d)
}

/// The first dates written after the headline (three at most) and the last one
/// written before it.
pub(super) fn around_headline(inp: &DateInputs<'_, '_>, push: &mut dyn FnMut(Cand)) {
    let dom = inp.dom;
    let start = inp.headline.unwrap_or(dom.body);
    text_dates(inp, start, dom.nodes.len() as u32, 3, "text:after", push);
    let Some(h) = inp.headline else { return };
    // The last date before the headline: walk back from it over at most 5,000
    // characters of text.
    let mut seen = 0usize;
    let mut j = h;
    while j > dom.body && seen < 5_000 {
        j -= 1;
        let n = &dom.nodes[j as usize];
        if n.tag != Tag::Text || dom.contains(j, h) || in_skipped(dom, j) {
            continue;
        }
        seen += n.text.len();
        let mut last = None;
        text_dates(inp, j, j + 1, usize::MAX, "text:before", &mut |c| {
            last = Some(c)
        });
        if let Some(c) = last {
            push(c);
            return;
        }
    }
}

/// Whether node `i` lies inside an element whose content is never text
/// (`<noscript>`, `<button>`, `<select>`, ...).
fn in_skipped(dom: &Dom<'_>, i: u32) -> bool {
    let mut a = dom.nodes[i as usize].parent;
    while a != u32::MAX && a > dom.body {
        if dom.nodes[a as usize].tag == Tag::Skip {
            return true;
        }
        a = dom.nodes[a as usize].parent;
    }
    false
}

/// Words before a date that say it is an update, not the publication.
const UPDATE_WORDS: &[&str] = &[
    "updated",
    "update",
    "aktualisiert",
    "geändert",
    "änderung",
    "mis à jour",
    "modifié",
    "actualizado",
    "actualización",
    "aggiornato",
    "bijgewerkt",
    "atualizado",
    "обновлено",
    "modified",
    "last edited",
    "reviewed",
];

/// Up to `max` visible dates in nodes `from..to` (reading at most 20,000
/// characters, one date per text node), each marked when an update word
/// precedes it.
fn text_dates(
    inp: &DateInputs<'_, '_>,
    from: u32,
    to: u32,
    max: usize,
    source: &'static str,
    push: &mut dyn FnMut(Cand),
) {
    let dom = inp.dom;
    let mut regions = Regions::new(inp);
    let mut seen = 0usize;
    let mut found = 0usize;
    let mut i = from;
    while i < to && seen < 20_000 && found < max {
        let n = &dom.nodes[i as usize];
        if n.tag == Tag::Skip {
            i = n.end;
            continue;
        }
        if n.tag == Tag::Text {
            let t = n.text.trim();
            // Date lines are short; a date inside a paragraph is the text's.
            if t.len() >= 6 && t.len() < 200 && t.bytes().any(|b| b.is_ascii_digit()) {
                if let Some((at, d)) = find_in_text(t, inp.prefer_mdy).into_iter().next() {
                    let before = t[..at].to_lowercase();
                    let before = before
                        .get(before.len().saturating_sub(30)..)
                        .unwrap_or(&before);
                    let update = UPDATE_WORDS.iter().any(|w| before.contains(w))
                        || update_words(&words_before(dom, i));
                    found += 1;
                    push(Cand {
                        date: d,
                        origin: "text",
                        source,
                        node: Some(i),
                        foreign: regions.foreign(i),
                        update,
                    });
                }
            }
            seen += t.len();
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jsonld::JsonLd;
    use crate::meta::MetaTags;

    /// The visible date lines of `html` when the whole `<body>` is the body box.
    fn lines_with_body_box(html: &str) -> Vec<String> {
        let doc = crate::html::dom::parse(html);
        let dom = Dom::build(&doc);
        let meta = MetaTags::collect(&dom);
        let json_ld = JsonLd::default();
        let inp = DateInputs {
            dom: &dom,
            meta: &meta,
            json_ld: &json_ld,
            url: "https://e.example/a",
            fetched_at: chrono::Utc::now(),
            feed_published: None,
            feed_modified: None,
            profile_date: None,
            headline: None,
            prefer_mdy: false,
            raw_html: html,
            body_boxes: &[dom.body],
        };
        let mut out = Vec::new();
        scan_elements(&inp, &mut |c| {
            if !c.foreign {
                out.push(c.date.date().to_string())
            }
        });
        out
    }

    const TEXT: &str = "<p>The council voted on Tuesday to extend the tram line to the airport by 2027, after two years of debate about the cost and the route. Construction starts next spring.</p>";

    #[test]
    fn a_sidebar_box_holding_most_of_the_body_is_the_main_column() {
        let html = format!(
            r#"<html><body><div class="sidebar_content"><div class="post_detail">27 Sep 2016</div>{TEXT}</div>
            <div class="sidebar"><span class="post-date">09/09/2019</span></div><footer>{filler}</footer></body></html>"#,
            filler = "<i></i>".repeat(40)
        );
        assert_eq!(lines_with_body_box(&html), ["2016-09-27"]);
    }

    #[test]
    fn comments_stay_foreign_however_long() {
        let html = format!(
            r#"<html><body><p>Short.</p><div class="comments"><div class="comment-date">3 March 2021</div>{TEXT}</div></body></html>"#
        );
        assert!(lines_with_body_box(&html).is_empty());
    }
}
