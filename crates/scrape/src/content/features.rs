//! Block features: what the content model reads about each text block, from
//! general properties of HTML and text (no site names, no page-specific rules).
//!
//! The dense features here depend on the page alone. The class/id token
//! features ([`super::tokens`]) and the page-type probabilities
//! ([`super::pagetype`]) depend on learned tables and are appended after them
//! ([`super::Sample::block_features`]).

use std::collections::HashMap;

use super::heuristic::Analysis;
use super::segment::Seg;
use super::structure::{
    Structure, H_BOILER, H_CONTENT, H_HIDDEN, H_OVERLAY, IN_ARTICLE, IN_ASIDE, IN_BODY_PROP,
    IN_FIGURE, IN_FOOTER, IN_FORM, IN_HEADER, IN_LIST, IN_MAIN, IN_NAV, IN_QUOTE, IN_TABLE,
};
use super::text::TextStats;
use crate::boilerplate::{self, Hint};
use crate::html::dom::{Dom, Tag};

/// A family of features, for ablation: the trainer retrains with each family
/// left out and prints what the cross-validated figure loses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    /// The block's own text: length, link density, punctuation, stop words, stock lines.
    Text,
    /// The block's element and its ancestors' tags.
    Tag,
    /// The hand-written class/id/role hints ([`crate::boilerplate`]).
    Hint,
    /// The rule-based extractor's container and removals.
    Heuristic,
    /// Where the block sits on the page.
    Position,
    /// The blocks before and after it, and the nearest heading.
    Neighbours,
    /// Text statistics of the enclosing elements.
    Context,
    /// Repeated structures (sibling elements of one kind) and repeated text.
    Repetition,
    /// Page-wide statistics.
    Page,
    /// Learned class/id/itemprop/role token scores.
    ClassId,
    /// The page-type classifier's probabilities.
    PageType,
}

/// The dense block features, in order, with their families.
pub const DENSE: &[(&str, Family)] = &[
    ("log_chars", Family::Text),
    ("log_words", Family::Text),
    ("mean_word_len", Family::Text),
    ("link_density", Family::Text),
    ("punct_ratio", Family::Text),
    ("log_sentence_ends", Family::Text),
    ("ends_terminal", Family::Text),
    ("starts_upper", Family::Text),
    ("digit_ratio", Family::Text),
    ("upper_ratio", Family::Text),
    ("stopword_ratio", Family::Text),
    ("stock_line", Family::Text),
    ("prompt", Family::Text),
    ("date_line", Family::Text),
    ("equals_title", Family::Text),
    ("author_line", Family::Text),
    ("separator_ratio", Family::Text),
    ("code_share", Family::Text),
    ("copyright", Family::Text),
    ("letter_ratio", Family::Text),
    ("comma_ratio", Family::Text),
    ("is_p", Family::Tag),
    ("heading_level", Family::Tag),
    ("is_li", Family::Tag),
    ("is_cell", Family::Tag),
    ("is_quote", Family::Tag),
    ("is_pre", Family::Tag),
    ("is_div", Family::Tag),
    ("is_landmark", Family::Tag),
    ("is_chrome", Family::Tag),
    ("all_link", Family::Tag),
    ("in_nav", Family::Tag),
    ("in_aside", Family::Tag),
    ("in_footer", Family::Tag),
    ("in_header", Family::Tag),
    ("in_form", Family::Tag),
    ("in_list", Family::Tag),
    ("in_table", Family::Tag),
    ("in_figure", Family::Tag),
    ("in_article", Family::Tag),
    ("in_main", Family::Tag),
    ("in_blockquote", Family::Tag),
    ("log_depth", Family::Tag),
    ("hint_boiler", Family::Hint),
    ("hint_overlay", Family::Hint),
    ("hint_content", Family::Hint),
    ("hint_hidden", Family::Hint),
    ("anc_boiler", Family::Hint),
    ("anc_overlay", Family::Hint),
    ("anc_content", Family::Hint),
    ("anc_hidden", Family::Hint),
    ("boiler_distance", Family::Hint),
    ("in_article_body", Family::Hint),
    ("removed", Family::Heuristic),
    ("in_container", Family::Heuristic),
    ("container_share", Family::Heuristic),
    ("container_side", Family::Heuristic),
    ("rel_index", Family::Position),
    ("rel_chars_before", Family::Position),
    ("log_chars_before", Family::Position),
    ("log_chars_after", Family::Position),
    ("before_h1", Family::Position),
    ("prev_log_chars", Family::Neighbours),
    ("prev_link_density", Family::Neighbours),
    ("prev_heading", Family::Neighbours),
    ("prev_same_parent", Family::Neighbours),
    ("next_log_chars", Family::Neighbours),
    ("next_link_density", Family::Neighbours),
    ("next_heading", Family::Neighbours),
    ("next_same_parent", Family::Neighbours),
    ("prev2_log_chars", Family::Neighbours),
    ("next2_log_chars", Family::Neighbours),
    ("log_since_heading", Family::Neighbours),
    ("last_heading_level", Family::Neighbours),
    ("p1_log_chars", Family::Context),
    ("p1_link_density", Family::Context),
    ("p1_good_share", Family::Context),
    ("p1_log_segs", Family::Context),
    ("p1_page_share", Family::Context),
    ("p2_log_chars", Family::Context),
    ("p2_link_density", Family::Context),
    ("p2_good_share", Family::Context),
    ("p2_log_segs", Family::Context),
    ("p2_page_share", Family::Context),
    ("p4_log_chars", Family::Context),
    ("p4_link_density", Family::Context),
    ("p4_good_share", Family::Context),
    ("p4_log_segs", Family::Context),
    ("p4_page_share", Family::Context),
    ("log_sig_count", Family::Repetition),
    ("log_parent_sig_count", Family::Repetition),
    ("log_sibling_repeat", Family::Repetition),
    ("repeat_level", Family::Repetition),
    ("repeat_group_share", Family::Repetition),
    ("log_duplicates", Family::Repetition),
    ("page_log_chars", Family::Page),
    ("page_link_density", Family::Page),
    ("page_log_segs", Family::Page),
    ("page_good_share", Family::Page),
];

/// The index of the dense feature `name` in [`DENSE`].
///
/// # Panics
/// When no dense feature has that name (a programming error).
pub(crate) fn dense_index(name: &str) -> usize {
    DENSE
        .iter()
        .position(|d| d.0 == name)
        .unwrap_or_else(|| panic!("{name} is not a dense feature"))
}

/// What the features read besides the page structure.
pub(crate) struct Inputs<'a> {
    pub title: Option<&'a str>,
    pub authors: &'a [String],
    /// The rule-based container, if any.
    pub container: Option<u32>,
}

/// Where a block sits among its relatives: its element's parent and
/// grandparent, and the group of repeated siblings it belongs to (0 for none).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Links {
    pub parent: u32,
    pub grand: u32,
    pub group: u64,
    /// The tag-and-class signature of the block's element.
    pub kind: u64,
}

/// Appends the dense features of every block to `out` (`DENSE.len()` per block)
/// and its [`Links`] to `links`.
pub(crate) fn dense(
    dom: &Dom<'_>,
    segs: &[Seg],
    analysis: &Analysis,
    st: &Structure,
    inputs: &Inputs<'_>,
    out: &mut Vec<f32>,
    links: &mut Vec<Links>,
) {
    let body = dom.body as usize;
    let page_chars = st.chars[body].max(1) as f32;
    let total: u32 = segs.iter().map(|s| s.chars).sum();
    let nsegs = segs.len().max(1) as f32;
    let container = inputs.container;
    let container_share = container.map_or(0.0, |c| st.chars[c as usize] as f32 / page_chars);
    let first_h1 = segs
        .iter()
        .position(|s| dom.nodes[s.owner as usize].tag == Tag::Heading(1));
    // What a block's text alone decides, once per distinct text of the page
    // (menus, share buttons and stock lines repeat).
    let mut texts: HashMap<&str, TextOnly, foldhash::fast::FixedState> = HashMap::default();
    for s in segs {
        texts
            .entry(s.text.as_str())
            .and_modify(|t| t.count += 1)
            .or_insert_with(|| TextOnly::of(&s.text, inputs));
    }
    let heading_level = |s: &Seg| match dom.nodes[s.owner as usize].tag {
        Tag::Heading(l) => f32::from(l),
        _ => 0.0,
    };
    let parent_of = |s: &Seg| dom.nodes[s.owner as usize].parent;
    let mut before = 0u32;
    let mut last_heading: Option<(usize, f32)> = None;
    for (k, s) in segs.iter().enumerate() {
        let start = out.len();
        let o = s.owner as usize;
        let node = &dom.nodes[o];
        let only = &texts[s.text.as_str()];
        let t = &only.stats;
        let chars = s.chars.max(1) as f32;
        // text
        out.push(ln(s.chars));
        out.push(ln(t.words));
        out.push(s.chars as f32 / t.words.max(1) as f32);
        out.push(s.link as f32 / chars);
        out.push(t.punct as f32 / chars);
        out.push(ln(t.sentence_ends));
        out.push(flag(t.ends_terminal));
        out.push(flag(t.starts_upper));
        out.push(t.digits as f32 / chars);
        out.push(t.upper as f32 / t.letters.max(1) as f32);
        out.push(t.stopwords as f32 / t.words.max(1) as f32);
        out.push(flag(only.stock));
        out.push(flag(only.prompt));
        out.push(flag(only.date_line));
        out.push(flag(only.title));
        out.push(flag(only.author));
        out.push(t.separators as f32 / t.words.max(1) as f32);
        out.push(s.code as f32 / chars);
        out.push(flag(t.copyright));
        out.push(t.letters as f32 / chars);
        out.push(t.commas as f32 / t.words.max(1) as f32);
        // tag
        out.push(flag(node.tag == Tag::P));
        out.push(heading_level(s));
        out.push(flag(node.tag == Tag::Li));
        out.push(flag(node.tag == Tag::Cell));
        out.push(flag(node.tag == Tag::Blockquote));
        out.push(flag(node.tag == Tag::Pre));
        out.push(flag(node.tag == Tag::Block));
        out.push(flag(matches!(
            node.tag,
            Tag::Article | Tag::Main | Tag::Body
        )));
        out.push(flag(matches!(
            node.tag,
            Tag::Header | Tag::Footer | Tag::Nav | Tag::Aside
        )));
        out.push(flag(s.link >= s.chars));
        let f = st.flags[o];
        for bit in [
            IN_NAV, IN_ASIDE, IN_FOOTER, IN_HEADER, IN_FORM, IN_LIST, IN_TABLE, IN_FIGURE,
            IN_ARTICLE, IN_MAIN, IN_QUOTE,
        ] {
            out.push(flag(f & bit != 0));
        }
        out.push(ln(u32::from(st.depth[o])));
        // hint
        let own = analysis.hints[o];
        out.push(flag(own == Hint::Boilerplate));
        out.push(flag(own == Hint::Overlay));
        out.push(flag(own == Hint::Content));
        out.push(flag(own == Hint::Hidden));
        for bit in [H_BOILER, H_OVERLAY, H_CONTENT, H_HIDDEN] {
            out.push(flag(f & bit != 0));
        }
        out.push(f32::from(st.boiler_up[o].min(40)));
        out.push(flag(f & IN_BODY_PROP != 0));
        // heuristic
        out.push(flag(analysis.removed[s.first as usize]));
        let inside = container.is_some_and(|c| dom.contains(c, s.first));
        out.push(flag(inside));
        out.push(container_share);
        out.push(match container {
            Some(c) if s.first < c => -1.0,
            Some(c) if s.first >= dom.nodes[c as usize].end => 1.0,
            _ => 0.0,
        });
        // position
        out.push(k as f32 / nsegs);
        out.push(before as f32 / total.max(1) as f32);
        out.push(ln(before));
        out.push(ln(total - before - s.chars));
        out.push(flag(first_h1.is_some_and(|h| k < h)));
        // neighbours
        let prev = k.checked_sub(1).map(|j| &segs[j]);
        let next = segs.get(k + 1);
        for nb in [prev, next] {
            match nb {
                Some(b) => {
                    out.push(ln(b.chars));
                    out.push(b.link as f32 / b.chars.max(1) as f32);
                    out.push(flag(heading_level(b) > 0.0));
                    out.push(flag(parent_of(b) == parent_of(s)));
                }
                None => out.extend([-1.0, -1.0, 0.0, 0.0]),
            }
        }
        out.push(k.checked_sub(2).map_or(-1.0, |j| ln(segs[j].chars)));
        out.push(segs.get(k + 2).map_or(-1.0, |b| ln(b.chars)));
        match last_heading {
            Some((at, level)) => {
                out.push(ln((k - at) as u32));
                out.push(level);
            }
            None => out.extend([-1.0, 0.0]),
        }
        // context: the element's ancestors one, two and four levels up
        for up in [1, 2, 4] {
            let a = ancestor(dom, s.owner, up).unwrap_or(dom.body) as usize;
            let c = st.chars[a].max(1) as f32;
            out.push(ln(st.chars[a]));
            out.push(st.link[a] as f32 / c);
            out.push(st.good[a] as f32 / c);
            out.push(ln(st.segs[a]));
            out.push(st.chars[a] as f32 / page_chars);
        }
        // repetition
        out.push(ln(st.sig_count[o]));
        let p = node.parent;
        out.push(if p == u32::MAX {
            0.0
        } else {
            ln(st.sig_count[p as usize])
        });
        let (mut best, mut level, mut group, mut unit) = (1u32, 0u32, 0u32, u32::MAX);
        let mut a = s.owner;
        for up in 0..4 {
            let r = st.sibling_repeat[a as usize];
            if r > best {
                (best, level, group, unit) = (r, up, st.group_chars[a as usize], a);
            }
            a = dom.nodes[a as usize].parent;
            if a == u32::MAX || a <= dom.body {
                break;
            }
        }
        let up1 = dom.nodes[s.owner as usize].parent;
        links.push(Links {
            parent: up1,
            grand: if up1 == u32::MAX {
                u32::MAX
            } else {
                dom.nodes[up1 as usize].parent
            },
            group: if unit == u32::MAX {
                0
            } else {
                st.sig[unit as usize]
                    ^ u64::from(dom.nodes[unit as usize].parent).wrapping_mul(0x9E37_79B9_7F4A_7C15)
            },
            kind: st.sig[s.owner as usize],
        });
        out.push(ln(best));
        out.push(level as f32);
        out.push(group as f32 / page_chars);
        out.push(ln(only.count));
        // page
        out.push(ln(st.chars[body]));
        out.push(st.link[body] as f32 / page_chars);
        out.push(ln(segs.len() as u32));
        out.push(st.good[body] as f32 / page_chars);
        debug_assert_eq!(out.len() - start, DENSE.len());

        before += s.chars;
        if heading_level(s) > 0.0 {
            last_heading = Some((k, heading_level(s)));
        }
    }
}

/// The element `levels` parents above `i`, if the tree is that deep.
fn ancestor(dom: &Dom<'_>, mut i: u32, levels: u32) -> Option<u32> {
    for _ in 0..levels {
        i = dom.nodes[i as usize].parent;
        if i == u32::MAX {
            return None;
        }
    }
    Some(i)
}

/// `ln(1 + x)`: counts as features.
pub(super) fn ln(x: u32) -> f32 {
    (1.0 + x as f32).ln()
}

/// A yes/no as a feature.
pub(super) fn flag(b: bool) -> f32 {
    if b {
        1.0
    } else {
        0.0
    }
}

/// A block that is an author's name, or a short line opening with it (a byline
/// or a signature).
/// The features of a block that its text alone decides, and how many blocks
/// of the page have that text.
struct TextOnly {
    count: u32,
    stats: TextStats,
    stock: bool,
    prompt: bool,
    date_line: bool,
    title: bool,
    author: bool,
}

impl TextOnly {
    fn of(text: &str, inputs: &Inputs<'_>) -> TextOnly {
        TextOnly {
            count: 1,
            stats: TextStats::of(text),
            stock: boilerplate::is_stock_line(text),
            prompt: crate::stocklines::is_prompt(text),
            date_line: super::heuristic::is_date_line(text),
            title: inputs
                .title
                .is_some_and(|title| super::heuristic::same_text(title, text)),
            author: is_author_line(text, inputs.authors),
        }
    }
}

fn is_author_line(text: &str, authors: &[String]) -> bool {
    authors.iter().any(|a| {
        if super::heuristic::same_text(a, text) {
            return true;
        }
        text.len() <= 400 && text.starts_with(a.as_str())
    })
}
