//! Author candidates written in the page's body: microdata, `rel="author"`
//! links, byline and user-name classes, author boxes, "By ..." lines and the
//! copyright holder.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::html::dom::{contains_lowered, find_lowered, Dom, Tag};
use crate::metadata::bucket;
use crate::metadata::ranker::Features;

use super::clean::{clean, INLINE_BY, LEADING};
use super::AuthorInputs;

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
pub(super) fn visible<'d>(inp: &AuthorInputs<'_, 'd>, push: &mut Sink<'_>) {
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
                if text.trim().is_empty() {
                    // A portrait alone: its `alt` names the author.
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

/// Most nodes after the headline searched for its dateline.
const DATELINE_REACH: u32 = 60;

/// The first short block after the headline `h1` that holds a date (the line of
/// small print: "Ana Ruiz | Senior Writer | July 2, 2025", "2025-12-17 · Li
/// Wei"), cleaned into names, with its element.
pub(super) fn dateline(dom: &Dom<'_>, h1: u32) -> Option<(Vec<String>, u32)> {
    let start = dom.nodes[h1 as usize].end;
    let limit = (start + DATELINE_REACH).min(dom.nodes.len() as u32);
    let mut j = start;
    while j < limit {
        let n = &dom.nodes[j as usize];
        if n.tag == Tag::Skip {
            j = n.end;
            continue;
        }
        if n.tag.is_block() && n.end - j < 40 {
            let text = dom.text_of(j, |_| false);
            if text.len() > 150 {
                j += 1;
                continue;
            }
            if !text.trim().is_empty() && !crate::dates::find_in_text(&text, false).is_empty() {
                let names = clean(&text);
                return (!names.is_empty()).then_some((names, j));
            }
            j = n.end.max(j + 1);
            continue;
        }
        j += 1;
    }
    None
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
        find_lowered(t, "copyright")
            .map(|k| k + "copyright".len())
            .or_else(|| find_lowered(t, "(c)").map(|k| k + 3))
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
