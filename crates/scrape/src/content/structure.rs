//! Per-element facts the block and page features read: ancestor tags and
//! hints, depth, subtree text statistics and repeated structures.

use std::collections::HashMap;

use super::heuristic::Analysis;
use super::segment::Seg;
use crate::boilerplate::Hint;
use crate::html::dom::{Dom, Tag};

/// Minimum visible characters for a block to count as paragraph text.
const MIN_PARAGRAPH: u32 = 25;

// Bits of the ancestor-or-self tag mask.
pub(crate) const IN_NAV: u32 = 1;
pub(crate) const IN_ASIDE: u32 = 1 << 1;
pub(crate) const IN_FOOTER: u32 = 1 << 2;
pub(crate) const IN_HEADER: u32 = 1 << 3;
pub(crate) const IN_FORM: u32 = 1 << 4;
pub(crate) const IN_LIST: u32 = 1 << 5;
pub(crate) const IN_TABLE: u32 = 1 << 6;
pub(crate) const IN_FIGURE: u32 = 1 << 7;
pub(crate) const IN_ARTICLE: u32 = 1 << 8;
pub(crate) const IN_MAIN: u32 = 1 << 9;
pub(crate) const IN_QUOTE: u32 = 1 << 10;
pub(crate) const H_BOILER: u32 = 1 << 11;
pub(crate) const H_OVERLAY: u32 = 1 << 12;
pub(crate) const H_CONTENT: u32 = 1 << 13;
pub(crate) const H_HIDDEN: u32 = 1 << 14;
pub(crate) const IN_BODY_PROP: u32 = 1 << 15;

/// Per-element facts the block features read.
pub(crate) struct Structure {
    /// Ancestor-or-self bits (`IN_*`, `H_*`).
    pub flags: Vec<u32>,
    pub depth: Vec<u16>,
    /// Levels up to the nearest boilerplate or overlay hint (0 = itself).
    pub boiler_up: Vec<u16>,
    /// Subtree visible characters, link characters, paragraph characters, blocks.
    pub chars: Vec<u32>,
    pub link: Vec<u32>,
    pub good: Vec<u32>,
    pub segs: Vec<u32>,
    /// Per element: how many of its parent's children share its tag and class.
    pub sibling_repeat: Vec<u32>,
    /// Per element: visible characters of those siblings together.
    pub group_chars: Vec<u32>,
    /// Per element: how many elements of the page share its tag and class.
    pub sig_count: Vec<u32>,
    /// Per element: a hash of its tag and class (0 for other nodes).
    pub sig: Vec<u64>,
}

impl Structure {
    pub(crate) fn build(dom: &Dom<'_>, segs: &[Seg], analysis: &Analysis) -> Structure {
        let n = dom.nodes.len();
        let mut flags = vec![0u32; n];
        let mut depth = vec![0u16; n];
        let mut boiler_up = vec![u16::MAX; n];
        for (i, node) in dom.nodes.iter().enumerate() {
            let (mut f, d, up) = match node.parent {
                u32::MAX => (0, 0, u16::MAX),
                p => (
                    flags[p as usize],
                    depth[p as usize].saturating_add(1),
                    boiler_up[p as usize].saturating_add(1),
                ),
            };
            f |= match node.tag {
                Tag::Nav => IN_NAV,
                Tag::Aside => IN_ASIDE,
                Tag::Footer => IN_FOOTER,
                Tag::Header => IN_HEADER,
                Tag::List => IN_LIST,
                Tag::Cell => IN_TABLE,
                Tag::Figure | Tag::Figcaption => IN_FIGURE,
                Tag::Article => IN_ARTICLE,
                Tag::Main => IN_MAIN,
                Tag::Blockquote => IN_QUOTE,
                Tag::Block if dom.name(i as u32) == "form" => IN_FORM,
                _ => 0,
            };
            let mut up = up;
            match analysis.hints[i] {
                Hint::Boilerplate => {
                    f |= H_BOILER;
                    up = 0;
                }
                Hint::Overlay => {
                    f |= H_OVERLAY;
                    up = 0;
                }
                Hint::Content => f |= H_CONTENT,
                Hint::Hidden => f |= H_HIDDEN,
                Hint::Neutral => {}
            }
            if node.itemprop.eq_ignore_ascii_case("articleBody") {
                f |= IN_BODY_PROP;
            }
            flags[i] = f;
            depth[i] = d;
            boiler_up[i] = up;
        }
        let mut chars = vec![0u32; n];
        let mut link = vec![0u32; n];
        let mut good = vec![0u32; n];
        let mut nsegs = vec![0u32; n];
        for s in segs {
            let o = s.owner as usize;
            chars[o] += s.chars;
            link[o] += s.link;
            nsegs[o] += 1;
            if s.chars >= MIN_PARAGRAPH && s.link * 10 <= s.chars * 3 {
                good[o] += s.chars - s.link;
            }
        }
        for i in (1..n).rev() {
            let p = dom.nodes[i].parent;
            if p == u32::MAX {
                continue;
            }
            let p = p as usize;
            chars[p] += chars[i];
            link[p] += link[i];
            good[p] += good[i];
            nsegs[p] += nsegs[i];
        }
        // Tag-and-class signatures: how often each occurs on the page and among
        // one parent's children.
        let sig: Vec<u64> = dom
            .nodes
            .iter()
            .enumerate()
            .map(|(i, node)| match node.el {
                Some(_) => signature(dom.name(i as u32), node.class),
                None => 0,
            })
            .collect();
        let mut page_sigs: HashMap<u64, u32, foldhash::fast::FixedState> = HashMap::default();
        let mut sibling: HashMap<(u32, u64), (u32, u32), foldhash::fast::FixedState> =
            HashMap::default();
        for (i, node) in dom.nodes.iter().enumerate() {
            if sig[i] == 0 {
                continue;
            }
            *page_sigs.entry(sig[i]).or_default() += 1;
            let e = sibling.entry((node.parent, sig[i])).or_default();
            e.0 += 1;
            e.1 += chars[i];
        }
        let mut sibling_repeat = vec![0u32; n];
        let mut group_chars = vec![0u32; n];
        let mut sig_count = vec![0u32; n];
        for (i, node) in dom.nodes.iter().enumerate() {
            if sig[i] == 0 {
                continue;
            }
            sig_count[i] = page_sigs[&sig[i]];
            let (count, total) = sibling[&(node.parent, sig[i])];
            sibling_repeat[i] = count;
            group_chars[i] = total;
        }
        Structure {
            flags,
            depth,
            boiler_up,
            chars,
            link,
            good,
            segs: nsegs,
            sibling_repeat,
            group_chars,
            sig_count,
            sig,
        }
    }
}

impl Structure {
    /// Visible characters in the subtree of `i`.
    pub(crate) fn chars_of(&self, i: usize) -> u32 {
        self.chars[i]
    }

    /// Link characters in the subtree of `i`.
    pub(crate) fn link_of(&self, i: usize) -> u32 {
        self.link[i]
    }

    /// Paragraph characters (blocks of some length, few links) in the subtree of `i`.
    pub(crate) fn good_of(&self, i: usize) -> u32 {
        self.good[i]
    }

    /// The largest group of sibling elements sharing tag and class (at least
    /// three, holding text): its size and its share of the page's characters.
    pub(crate) fn largest_repeat(&self, dom: &Dom<'_>) -> (u32, f32) {
        let page = self.chars[dom.body as usize].max(1) as f32;
        let mut best = (0u32, 0u32);
        for i in dom.body as usize..dom.nodes.len() {
            if self.sibling_repeat[i] >= 3 && self.chars[i] > 0 && self.group_chars[i] > best.1 {
                best = (self.sibling_repeat[i], self.group_chars[i]);
            }
        }
        (best.0, best.1 as f32 / page)
    }
}

fn signature(name: &str, class: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes().chain([0]).chain(class.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h | 1
}
