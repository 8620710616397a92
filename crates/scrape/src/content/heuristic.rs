//! The rule-based analysis: hints, removals and a container, in the spirit of
//! readability and trafilatura but on the flat tree. Its decisions are features
//! of the content model ([`super::features`]); its blocks are still the body
//! when a site profile names the body containers.
//!
//! 1. Every element gets a hint from its tag, class, id and role
//!    ([`crate::boilerplate::hint`]).
//! 2. Text statistics are summed per subtree in one backwards pass: all visible text,
//!    link text, heading text, and *paragraph text*: the text of blocks that are long
//!    enough and not link-dense, the part of a page an article is made of.
//! 3. Boilerplate-hinted subtrees are dropped unless they hold most of the page's
//!    paragraph text (then the hint named a wrapper, not a widget), and the
//!    statistics are summed again.
//! 4. The container is the element maximising paragraph text minus a penalty for the
//!    other text it holds, with a bonus for content hints. Splitting a body across
//!    sibling `div`s is handled because the parent's paragraph text is their sum.
//! 5. The container's text is cut into blocks at block-element boundaries; link-dense
//!    blocks (inline teasers), stock lines ("Advertisement", "Photo: ...") and the
//!    headline are dropped.

use newsmill_records::{Block, BlockKind};

use crate::boilerplate::{self, Hint};
use crate::html::dom::{fold_whitespace, Dom, Tag};

/// Minimum visible characters for a block to count as paragraph text.
const MIN_PARAGRAPH: u32 = 25;
/// Above this share of link text a block is navigation or a teaser.
const MAX_PARAGRAPH_LINK_DENSITY: f32 = 0.3;
/// Penalty per character of non-paragraph text inside a candidate container.
const OTHER_TEXT_PENALTY: f32 = 0.35;
/// A boilerplate-hinted subtree holding at least this share of the page's paragraph
/// text is kept: the hint named a wrapper.
const WRAPPER_SHARE: f32 = 0.5;
/// A region of at least this many visible characters...
const LINK_REGION_MIN: u32 = 150;
/// ...with at least this share of link text is dropped from the body.
const LINK_REGION_DENSITY: f32 = 0.4;
/// Most visible characters of a teaser's excerpt next to its linked headline.
const TEASER_EXCERPT: u32 = 320;
/// The same for overlays (cookie banners, pop-ups), which rarely wrap anything.
const OVERLAY_WRAPPER_SHARE: f32 = 0.8;

/// Per-subtree statistics, in visible characters.
#[derive(Clone, Copy, Default)]
struct Stats {
    text: u32,
    link: u32,
    heading: u32,
    good: u32,
}

/// The analysed document: hints, removals and statistics.
pub(crate) struct Analysis {
    pub hints: Vec<Hint>,
    /// True when the node or an ancestor was removed as boilerplate.
    pub removed: Vec<bool>,
    stats: Vec<Stats>,
    /// Linked headlines with short excerpts: the shape of listing pages.
    pub teasers: usize,
}

impl Analysis {
    /// Analyses a document; `dropped` lists subtrees a site profile removes.
    pub(crate) fn new(dom: &Dom<'_>, dropped: &[u32]) -> Analysis {
        let mut cache = boilerplate::HintCache::default();
        let mut hints: Vec<Hint> = dom
            .nodes
            .iter()
            .map(|n| boilerplate::hint(n, &mut cache))
            .collect();
        let embeds = embed_wrappers(dom, &mut hints);
        let mut roots = vec![false; dom.nodes.len()];
        for (i, n) in dom.nodes.iter().enumerate() {
            let page_root = i as u32 == dom.body || matches!(dom.name(i as u32), "html" | "");
            if n.tag == Tag::Skip || (hints[i] == Hint::Hidden && !page_root) {
                roots[i] = true;
            }
        }
        for &d in dropped {
            roots[d as usize] = true;
        }
        // Overlays go first unless they hold nearly all paragraph text (then the
        // hint named a page wrapper); other boilerplate goes next unless it holds
        // most of what is left.
        for (hint, share) in [
            (Hint::Overlay, OVERLAY_WRAPPER_SHARE),
            (Hint::Boilerplate, WRAPPER_SHARE),
        ] {
            let removed = propagate(dom, &roots);
            let current = stats(dom, &removed);
            let total = current[dom.body as usize].good.max(1) as f32;
            for (i, h) in hints.iter().enumerate() {
                if *h == hint && i as u32 != dom.body && (current[i].good as f32) < share * total {
                    roots[i] = true;
                }
            }
        }
        for (i, n) in dom.nodes.iter().enumerate() {
            if matches!(n.tag, Tag::Figure | Tag::Figcaption) && !embeds.contains(&(i as u32)) {
                roots[i] = true;
            }
        }
        // Pop-ups nested in a paragraph (a person's card with a photo and headlines
        // that shows on hover): without them the paragraph is prose again.
        for (i, n) in dom.nodes.iter().enumerate() {
            if n.tag == Tag::Inline
                && dom.nodes[n.owner as usize].tag == Tag::P
                && is_inline_popup(dom, i as u32)
            {
                roots[i] = true;
            }
        }
        // Teaser lists: every item opens with a link to another page ("Breaking
        // news", "More stories"), often followed by an excerpt.
        {
            let removed = propagate(dom, &roots);
            for (i, n) in dom.nodes.iter().enumerate() {
                if n.tag == Tag::List && !removed[i] && is_teaser_list(dom, i as u32) {
                    roots[i] = true;
                }
            }
        }
        // Teasers: a linked headline with a short excerpt under one parent. Article
        // bodies do not link their own sub-headings, listings and "more stories"
        // grids always do.
        let removed = propagate(dom, &roots);
        let current = stats(dom, &removed);
        let mut teasers = 0;
        let page_good = current[dom.body as usize].good;
        for (i, n) in dom.nodes.iter().enumerate() {
            if !matches!(n.tag, Tag::Heading(_)) {
                continue;
            }
            // A headline already removed by its class ("headline", "teaser-title")
            // still marks its excerpt; its own text no longer counts in `current`.
            let (text, link) = subtree_text(dom, i as u32);
            if text == 0 || link * 10 < text * 8 {
                continue;
            }
            let mut h = current[i];
            let mut unit = i as u32;
            if removed[i] {
                // Start from the removed box around it (a `<header>`, a "headline").
                h = Stats::default();
                while dom.nodes[unit as usize].parent != u32::MAX
                    && removed[dom.nodes[unit as usize].parent as usize]
                {
                    unit = dom.nodes[unit as usize].parent;
                }
            }
            let mut p = dom.nodes[unit as usize].parent;
            // The unit grows from the headline while the box adds no more than an
            // excerpt, holds no other headline, and is a small part of the page's
            // prose (so a short article with a linked heading is never swallowed).
            while p != u32::MAX && p != dom.body {
                let s = current[p as usize];
                let small = s.text - h.text <= TEASER_EXCERPT
                    && s.good <= TEASER_EXCERPT
                    && s.good * 4 < page_good
                    && s.heading == h.heading;
                if !small {
                    break;
                }
                unit = p;
                p = dom.nodes[p as usize].parent;
            }
            roots[unit as usize] = true;
            teasers += 1;
        }
        let removed = propagate(dom, &roots);
        let stats = stats(dom, &removed);
        Analysis {
            hints,
            removed,
            stats,
            teasers,
        }
    }

    /// The element most likely to hold the article body, if any holds paragraph text.
    pub(crate) fn container(&self, dom: &Dom<'_>) -> Option<u32> {
        let mut best: Option<(f32, u32)> = None;
        for (i, n) in dom.nodes.iter().enumerate() {
            if self.removed[i] || !n.tag.is_block() || matches!(n.tag, Tag::Heading(_)) {
                continue;
            }
            let s = self.stats[i];
            if s.good == 0 {
                continue;
            }
            let bonus = match self.hints[i] {
                Hint::Content => 0.15,
                _ => 0.0,
            } + if n.itemprop == "articleBody" {
                0.25
            } else {
                0.0
            };
            let other = s.text.saturating_sub(s.good + s.heading) as f32;
            let score = s.good as f32 * (1.0 + bonus) - OTHER_TEXT_PENALTY * other;
            if best.is_none_or(|(b, _)| score > b) {
                best = Some((score, i as u32));
            }
        }
        best.map(|(_, i)| i)
    }

    /// A region inside the body that is mostly links: a list of teasers or
    /// "more stories", not prose with a few links in it.
    fn link_region(&self, tag: Tag, i: u32) -> bool {
        if !matches!(
            tag,
            Tag::Block | Tag::List | Tag::Article | Tag::Aside | Tag::Nav
        ) {
            return false;
        }
        let s = self.stats[i as usize];
        s.text >= LINK_REGION_MIN && s.link as f32 >= LINK_REGION_DENSITY * s.text as f32
    }

    /// The container's text as blocks, in document order. Headings equal to `title`
    /// are left out (the headline is metadata).
    pub(crate) fn blocks(&self, dom: &Dom<'_>, container: u32, title: Option<&str>) -> Vec<Block> {
        let mut out = Vec::new();
        let mut run = Run::default();
        let end = dom.nodes[container as usize].end;
        let mut i = container;
        while i < end {
            let n = &dom.nodes[i as usize];
            if self.removed[i as usize] || (i != container && self.link_region(n.tag, i)) {
                i = n.end;
                continue;
            }
            match n.tag {
                Tag::Text => {
                    if n.owner != run.owner {
                        run.flush(dom, container, title, &mut out);
                        run.owner = n.owner;
                    }
                    run.text.push_str(n.text);
                    let len = n.len;
                    run.chars += len;
                    if n.in_link {
                        run.link += len;
                    }
                }
                Tag::Br => run.text.push(' '),
                _ => {}
            }
            i += 1;
        }
        run.flush(dom, container, title, &mut out);
        out
    }
}

/// Embedded posts (tweets, Instagram posts) that an article quotes: the publisher's
/// markup is a `blockquote` the embed script would replace, often in a "social"
/// wrapper or a figure. Clears the boilerplate hints of the quote and of wrappers
/// that add little text around it, and returns those nodes. A feed of posts in a
/// sidebar keeps its hint: the sidebar holds more than one post's text, and the
/// climb stops at `aside`, `nav`, `header` and `footer` elements.
fn embed_wrappers(dom: &Dom<'_>, hints: &mut [Hint]) -> Vec<u32> {
    let mut out = Vec::new();
    for (i, n) in dom.nodes.iter().enumerate() {
        let i = i as u32;
        if n.tag != Tag::Blockquote
            || hints[i as usize] == Hint::Hidden
            || !dom.token_contains(i, EMBED_CLASSES)
        {
            continue;
        }
        let (own, _) = subtree_text(dom, i);
        let mut j = i;
        while j != u32::MAX && j != dom.body {
            let tag = dom.nodes[j as usize].tag;
            let extra = subtree_text(dom, j).0 - own;
            if j != i
                && (extra > EMBED_WRAPPER_SLACK.min(own / 2)
                    || matches!(tag, Tag::Aside | Tag::Nav | Tag::Footer | Tag::Header))
            {
                break;
            }
            if matches!(hints[j as usize], Hint::Boilerplate | Hint::Overlay) {
                hints[j as usize] = Hint::Neutral;
            }
            out.push(j);
            j = dom.nodes[j as usize].parent;
        }
    }
    out
}

/// Class names of embedded social posts (lower-case fragments).
const EMBED_CLASSES: &[&str] = &["twitter-tweet", "instagram-media", "tiktok-embed"];
/// Most visible characters a wrapper may add around an embedded post.
const EMBED_WRAPPER_SLACK: u32 = 120;

/// An inline element made of several links with a picture or a long run of
/// linked text: a pop-up card inside a paragraph, not words of the paragraph.
fn is_inline_popup(dom: &Dom<'_>, i: u32) -> bool {
    let n = &dom.nodes[i as usize];
    let (text, link) = subtree_text(dom, i);
    if link * 10 < text * 8 || text < POPUP_MIN {
        return false;
    }
    let inner = &dom.nodes[i as usize + 1..n.end as usize];
    let links = inner.iter().filter(|d| d.tag == Tag::A).count();
    let image = inner.iter().any(|d| d.tag == Tag::Img);
    links >= 3 && (image || text >= 2 * POPUP_MIN)
}

/// Fewest visible characters of an inline pop-up with a picture (twice that without).
const POPUP_MIN: u32 = 80;

/// Visible and link characters of a subtree, ignoring removals.
fn subtree_text(dom: &Dom<'_>, i: u32) -> (u32, u32) {
    let (mut text, mut link) = (0, 0);
    for n in &dom.nodes[i as usize..dom.nodes[i as usize].end as usize] {
        text += n.len;
        if n.in_link {
            link += n.len;
        }
    }
    (text, link)
}

/// A list of at least three items that each open with a link.
fn is_teaser_list(dom: &Dom<'_>, list: u32) -> bool {
    let end = dom.nodes[list as usize].end;
    let (mut items, mut linked) = (0, 0);
    let mut i = list + 1;
    while i < end {
        let n = &dom.nodes[i as usize];
        if n.tag == Tag::Li && n.parent == list {
            items += 1;
            let first_text = (i + 1..n.end)
                .map(|j| &dom.nodes[j as usize])
                .find(|t| t.tag == Tag::Text && t.len > 0);
            if first_text.is_some_and(|t| t.in_link) {
                linked += 1;
            }
            i = n.end;
            continue;
        }
        i += 1;
    }
    items >= 3 && linked * 10 >= items * 9
}

/// Marks every node under a removal root.
fn propagate(dom: &Dom<'_>, roots: &[bool]) -> Vec<bool> {
    let mut removed = roots.to_vec();
    for i in 0..dom.nodes.len() {
        let p = dom.nodes[i].parent;
        if p != u32::MAX && removed[p as usize] {
            removed[i] = true;
        }
    }
    removed
}

/// Sums the statistics of every subtree, skipping removed nodes.
fn stats(dom: &Dom<'_>, removed: &[bool]) -> Vec<Stats> {
    let n = dom.nodes.len();
    let mut stats = vec![Stats::default(); n];
    // Text owned directly by each block (not by nested blocks).
    let mut own = vec![(0u32, 0u32); n];
    for i in (0..n).rev() {
        if removed[i] {
            continue;
        }
        let node = &dom.nodes[i];
        if node.tag == Tag::Text {
            let len = node.len;
            let o = &mut own[node.owner as usize];
            o.0 += len;
            if node.in_link {
                o.1 += len;
            }
            continue;
        }
        if node.tag.is_block() {
            let (text, link) = own[i];
            let s = &mut stats[i];
            s.text += text;
            s.link += link;
            match node.tag {
                Tag::Heading(_) => s.heading += text,
                _ if text >= MIN_PARAGRAPH
                    && (link as f32) <= MAX_PARAGRAPH_LINK_DENSITY * text as f32 =>
                {
                    s.good += text - link;
                }
                _ => {}
            }
        }
        let s = stats[i];
        if node.parent != u32::MAX {
            let p = &mut stats[node.parent as usize];
            p.text += s.text;
            p.link += s.link;
            p.heading += s.heading;
            p.good += s.good;
        }
    }
    stats
}

/// Text collected for the block being read.
#[derive(Default)]
struct Run {
    owner: u32,
    text: String,
    chars: u32,
    link: u32,
}

impl Run {
    fn flush(&mut self, dom: &Dom<'_>, container: u32, title: Option<&str>, out: &mut Vec<Block>) {
        let text = fold_whitespace(&self.text);
        let (chars, link) = (self.chars, self.link);
        self.text.clear();
        self.chars = 0;
        self.link = 0;
        if text.is_empty() {
            return;
        }
        if link as f32 > 0.5 * chars as f32
            || boilerplate::is_stock_line(&text)
            || is_date_line(&text)
        {
            return;
        }
        let kind = match dom.nodes[self.owner as usize].tag {
            Tag::Heading(_) => {
                if title.is_some_and(|t| same_text(t, &text)) {
                    return;
                }
                BlockKind::Heading
            }
            Tag::Li => BlockKind::ListItem,
            Tag::Pre | Tag::Cell => BlockKind::Other,
            _ if inside_quote(dom, self.owner, container) => BlockKind::Quote,
            _ => BlockKind::Paragraph,
        };
        out.push(Block { kind, text });
    }
}

fn inside_quote(dom: &Dom<'_>, mut i: u32, container: u32) -> bool {
    while i != u32::MAX && i >= container {
        if dom.nodes[i as usize].tag == Tag::Blockquote {
            return true;
        }
        i = dom.nodes[i as usize].parent;
    }
    false
}

/// A short line that is little more than a date ("14 March 2023, 10:15").
pub(crate) fn is_date_line(text: &str) -> bool {
    if text.len() > 80 || !text.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    // The date's month name accounts for up to about ten letters; the count
    // comes first, as it is far cheaper than looking for a date.
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    letters <= 22 && !crate::dates::find_in_text(text, false).is_empty()
}

/// Case- and punctuation-insensitive equality (the folded character streams
/// are compared as they go, nothing is built).
pub(crate) fn same_text(a: &str, b: &str) -> bool {
    fn norm(s: &str) -> impl Iterator<Item = char> + '_ {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
    }
    norm(a).eq(norm(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body_of(markup: &str) -> Vec<String> {
        let doc = crate::html::dom::parse(markup);
        let dom = Dom::build(&doc);
        let analysis = Analysis::new(&dom, &[]);
        let c = analysis.container(&dom).expect("a container");
        analysis
            .blocks(&dom, c, Some("Headline"))
            .into_iter()
            .map(|b| b.text)
            .collect()
    }

    #[test]
    fn keeps_paragraphs_and_drops_navigation_and_teasers() {
        let text = "The council voted on Tuesday to extend the tram line to the airport.";
        let page = format!(
            r#"<body><nav><a href=/>Home</a> <a href=/a>World news from everywhere today</a></nav>
            <div class="story"><h1>Headline</h1><p>{text}</p>
            <p><a href="/other">Another story you might like to read</a></p>
            <h2>Costs</h2><p>{text} Again.</p><p>Advertisement</p></div>
            <div id="comments"><p>{text} A comment.</p></div></body>"#
        );
        assert_eq!(
            body_of(&page),
            vec![
                text.to_string(),
                "Costs".to_string(),
                format!("{text} Again.")
            ]
        );
    }

    #[test]
    fn drops_teaser_lists_and_linked_headlines_inside_the_body() {
        let p = "<p>Parliament passed the budget after a long night of negotiations in the capital.</p>";
        let teaser = r#"<li><a href="/x">Another story</a> A short excerpt about another story entirely.</li>"#;
        let page = format!(
            r#"<body><div class="story">{p}<ul>{teaser}{teaser}{teaser}</ul>{p}
            <div><h3><a href="/y">Linked headline elsewhere</a></h3><p>An excerpt of that other story that runs on.</p></div>
            {p}</div></body>"#
        );
        let body = body_of(&page);
        assert_eq!(body.len(), 3, "{body:?}");
        assert!(body.iter().all(|b| b.starts_with("Parliament")));
    }

    #[test]
    fn joins_bodies_split_across_sibling_divs() {
        let p = "<p>Parliament passed the budget after a long night of negotiations in the capital.</p>";
        let page = format!(
            r#"<body><div class="wrap"><div>{p}{p}</div><div class="ad-slot">Ad</div><div>{p}{p}</div></div>
            <div class="sidebar"><p>{p}</p></div></body>"#
        );
        assert_eq!(body_of(&page).len(), 4);
    }

    #[test]
    fn keeps_embedded_posts_and_data_tables() {
        let p = "<p>Parliament passed the budget after a long night of negotiations in the capital.</p>";
        let page = format!(
            r#"<body><div class="story">{p}
            <div class="social-media-embed"><blockquote class="twitter-tweet"><p>The vote is done, a late night for everyone in the chamber.</p>- Jo (@jo) <a href="/s">May 2, 2024</a></blockquote></div>
            {p}<table><tr class="player-row"><td>1</td><td>Kyle Busch</td><td>5040</td></tr></table>
            <aside class="social"><blockquote class="twitter-tweet"><p>{p}</p></blockquote><p>{p}</p></aside></div></body>"#
        );
        let body = body_of(&page);
        assert_eq!(body.len(), 6, "{body:?}");
        assert!(body[1].starts_with("The vote is done"), "{body:?}");
        assert_eq!(body[4], "Kyle Busch");
    }

    #[test]
    fn inline_pop_up_does_not_sink_its_paragraph() {
        let card = r#"<span class="card"><img src="p.jpg"><a href="/p">Ilhan Omar</a>
            <a href="/a">A headline about another story on the site</a>
            <a href="/b">And a second headline about yet another story</a></span>"#;
        let page = format!(
            r#"<body><div class="story"><p>A man pleaded guilty to threatening Rep. {card} the office said on Monday.</p>
            <p>Parliament passed the budget after a long night of negotiations in the capital.</p></div></body>"#
        );
        let body = body_of(&page);
        assert_eq!(body.len(), 2, "{body:?}");
        assert_eq!(
            body[0],
            "A man pleaded guilty to threatening Rep. the office said on Monday."
        );
    }
}
