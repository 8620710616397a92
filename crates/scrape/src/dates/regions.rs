//! Which dates sit outside the article: navigation, sidebars, comments and
//! teasers, decided by a walk up from the date's element that stops at the first
//! box holding the headline or the body text. The walks share their answers, so
//! a page with thousands of dates costs time linear in its size.

use std::collections::HashMap;

use foldhash::fast::FixedState;

use crate::html::dom::{contains_lowered, starts_with_lowered, Dom, Tag};

use super::DateInputs;

/// Class/id fragments of regions whose dates are not the article's.
const FOREIGN: &[&str] = &[
    "comment",
    "related",
    "sidebar",
    "recommend",
    "popular",
    "trending",
    "reply",
    "calendar",
];

/// Which nodes sit in a navigation, sidebar, comment or teaser region, for one
/// scan of the page. Every ancestor a walk passes keeps the walk's answer, so
/// that a page with thousands of dates in one box walks each ancestor once, and
/// the visible text of boxes comes from prefix sums computed once.
pub(super) struct Regions<'i, 'a, 'd> {
    inp: &'i DateInputs<'a, 'd>,
    known: HashMap<u32, bool, FixedState>,
    /// Visible characters before each node (a `Skip` subtree counts none).
    prefix: Option<Vec<u64>>,
    /// Ancestors examined, for the tests that check the work stays linear.
    pub(super) steps: usize,
}

impl<'i, 'a, 'd> Regions<'i, 'a, 'd> {
    pub(super) fn new(inp: &'i DateInputs<'a, 'd>) -> Self {
        Regions {
            inp,
            known: HashMap::default(),
            prefix: None,
            steps: 0,
        }
    }

    /// Whether `i` sits in a navigation, sidebar, comment or teaser region. The
    /// walk stops at the first ancestor that also holds the headline or the body
    /// text: that box is the article, whatever its class says
    /// ("sticky-sidebar-parent", "mainwrap sidebar").
    pub(super) fn foreign(&mut self, start: u32) -> bool {
        let dom = self.inp.dom;
        let mut path = Vec::new();
        let mut i = start;
        let answer = loop {
            if i == u32::MAX || i == dom.body {
                break false;
            }
            if let Some(&known) = self.known.get(&i) {
                break known;
            }
            self.steps += 1;
            path.push(i);
            match self.decide(i) {
                Some(answer) => break answer,
                None => i = dom.nodes[i as usize].parent,
            }
        };
        for p in path {
            self.known.insert(p, answer);
        }
        answer
    }

    /// What box `i` alone says: article, foreign, or nothing (ask its parent).
    fn decide(&mut self, i: u32) -> Option<bool> {
        let inp = self.inp;
        let dom = inp.dom;
        let n = &dom.nodes[i as usize];
        let holds = |h: u32| h > i && h < n.end;
        if inp.headline.is_some_and(holds) || inp.body_boxes.iter().any(|&b| b == i || holds(b)) {
            return Some(false);
        }
        if matches!(n.tag, Tag::Nav) {
            return Some(true);
        }
        // A box spanning a third of the page is the layout, not a sidebar, whatever
        // its class ("mainwrap sidebar", "sidebar_content").
        if (n.end - i) as usize * 3 > dom.nodes.len() {
            return None;
        }
        let word = dom.tokens(i).find_map(|c| {
            if starts_with_lowered(c, "tag-") || starts_with_lowered(c, "category-") {
                return None;
            }
            FOREIGN.iter().find(|f| contains_lowered(c, f))
        })?;
        // A "sidebar" box inside the body box that holds most of its text is the
        // main column (`<div class="sidebar_content">` around the post), when the
        // body box could not be narrowed below it. Comments are never the article.
        Some(
            !(matches!(*word, "sidebar" | "related" | "recommend" | "popular")
                && self.main_column(i)),
        )
    }

    /// Whether box `i` lies inside a body box and holds more than half of its
    /// visible text.
    fn main_column(&mut self, i: u32) -> bool {
        let dom = self.inp.dom;
        let Some(&b) = self
            .inp
            .body_boxes
            .iter()
            .find(|&&b| b < i && dom.contains(b, i))
        else {
            return false;
        };
        let prefix = self.prefix.get_or_insert_with(|| visible_prefix(dom));
        let visible =
            |from: u32| prefix[dom.nodes[from as usize].end as usize] - prefix[from as usize];
        let inner = visible(i);
        inner > 0 && inner * 2 > visible(b)
    }
}

/// Visible characters before each node index (one more entry than nodes):
/// text lengths outside `Skip` subtrees.
fn visible_prefix(dom: &Dom<'_>) -> Vec<u64> {
    let mut out = Vec::with_capacity(dom.nodes.len() + 1);
    let mut total = 0u64;
    let mut skip_until = 0u32;
    for (j, n) in dom.nodes.iter().enumerate() {
        out.push(total);
        let j = j as u32;
        if j < skip_until {
            continue;
        }
        if n.tag == Tag::Skip {
            skip_until = n.end;
            continue;
        }
        total += u64::from(n.len);
    }
    out.push(total);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jsonld::JsonLd;
    use crate::meta::MetaTags;

    /// Asks every node of `html` whether it is foreign, with the `<article>` as
    /// the body box; returns the answers for the nodes whose element has class
    /// `probe`, and the ancestors examined against the node count.
    fn probe(html: &str) -> (Vec<bool>, usize, usize) {
        let doc = crate::html::dom::parse(html);
        let dom = Dom::build(&doc);
        let article = (0..dom.nodes.len() as u32)
            .find(|&i| {
                dom.nodes[i as usize]
                    .el
                    .is_some_and(|e| e.name() == "article")
            })
            .expect("the page has an article");
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
            body_boxes: &[article],
        };
        let mut regions = Regions::new(&inp);
        let mut probed = Vec::new();
        for i in 0..dom.nodes.len() as u32 {
            let foreign = regions.foreign(i);
            if dom.nodes[i as usize].class == "probe" {
                probed.push(foreign);
            }
        }
        (probed, regions.steps, dom.nodes.len())
    }

    const PROSE: &str = "<p>The council voted on Tuesday to extend the tram line to the airport, after two years of debate about the cost and the route.</p>";

    #[test]
    fn the_regions_of_the_page() {
        let html = format!(
            r#"<html><body><nav><span class="probe">1 May 2020</span></nav>
            <article><span class="probe">2 May 2020</span>{PROSE}</article>
            <div class="comments"><span class="probe">3 May 2020</span></div>
            <div class="footer"><span class="probe">4 May 2020</span></div></body></html>"#
        );
        assert_eq!(probe(&html).0, [true, false, true, false]);
    }

    /// Thousands of dates under one deep chain of boxes, and a deep nest of
    /// comment boxes: each ancestor is examined once, not once per date. (The
    /// big boxes span most of the page, so they count as layout, not regions.)
    #[test]
    fn many_dates_in_deep_boxes_cost_linear_work() {
        let dates = "<span class=\"probe\">2 May 2020</span>".repeat(20_000);
        let chain = 300;
        let html = format!(
            "<html><body><article>{PROSE}</article>{open}<div class=\"related\">{dates}</div>{close}{nest}</body></html>",
            open = "<div>".repeat(chain),
            close = "</div>".repeat(chain),
            nest = "<div class=\"comment\"><span class=\"probe\">3 May 2020</span>".repeat(3_000)
                + &"</div>".repeat(3_000),
        );
        let (probed, steps, nodes) = probe(&html);
        assert_eq!(probed.len(), 23_000);
        // The innermost comment box is small enough to be a region, not layout.
        assert_eq!(probed.last(), Some(&true));
        assert!(
            steps <= nodes,
            "{steps} ancestors examined for {nodes} nodes"
        );
    }
}
