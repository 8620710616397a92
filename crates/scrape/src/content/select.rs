//! From block scores to the body: the blocks the model rates as main content,
//! in document order, each with its kind.

use std::sync::LazyLock;

use newsmill_records::{Block, BlockKind, PageType};

use super::detect::type_index;
use super::features::dense_index;
use super::sample::Sample;
use crate::html::dom::{Dom, Tag};
use crate::model::{rules, ContentModel};

/// The body blocks of a page given each block's probability of being main content.
pub(crate) fn select(
    dom: &Dom<'_>,
    sample: &Sample,
    probs: &[f32],
    model: &ContentModel,
    page_type: PageType,
) -> Vec<Block> {
    chosen(sample, probs, model, page_type)
        .into_iter()
        .map(|k| {
            let seg = &sample.segs[k];
            Block {
                kind: kind_of(dom, seg.owner),
                text: seg.text.clone(),
            }
        })
        .collect()
}

/// The indices of the blocks kept, in order: those scoring at least the
/// model's threshold for the page type; when none does, those scoring at least `fallback` times
/// the best score (none when `fallback` is 0: the page has no main content).
/// Then the model's rules ([`crate::model::rules`]) drop what is metadata or
/// chrome whatever its score.
pub(crate) fn chosen(
    sample: &Sample,
    probs: &[f32],
    model: &ContentModel,
    page_type: PageType,
) -> Vec<usize> {
    let threshold = model.thresholds[type_index(page_type)];
    let best = probs.iter().copied().fold(0f32, f32::max);
    let cut = if best >= threshold {
        threshold
    } else if model.fallback > 0.0 {
        best * model.fallback
    } else {
        f32::INFINITY
    };
    let mut keep: Vec<usize> = (0..probs.len())
        .filter(|&k| best > 0.0 && probs[k] >= cut)
        .collect();
    let f = &*FLAGS;
    let flag = |k: usize, feature: usize| sample.dense_at(k, feature) > 0.0;
    if model.rules & rules::HEADLINE != 0 {
        keep.retain(|&k| !(flag(k, f.equals_title) && flag(k, f.heading_level)));
    }
    if model.rules & rules::STOCK_LINES != 0 {
        // Preformatted text (code, a config file) is never a stock line,
        // whatever it looks like.
        keep.retain(|&k| !flag(k, f.stock_line) || flag(k, f.is_pre));
    }
    if model.rules & rules::EDGES != 0 {
        // Reader prompts and datelines open a body; prompts, bylines and
        // signatures close it.
        while keep.len() > 1 && (flag(keep[0], f.prompt) || flag(keep[0], f.date_line)) {
            keep.remove(0);
        }
        let mut trimmed = 0;
        while keep.len() > 1
            && trimmed < MAX_EDGE_BLOCKS
            && keep
                .last()
                .is_some_and(|&k| flag(k, f.prompt) || flag(k, f.author_line))
        {
            keep.pop();
            trimmed += 1;
        }
    }
    keep
}

/// Where the rules' flags sit among the dense features.
struct Flags {
    equals_title: usize,
    heading_level: usize,
    stock_line: usize,
    is_pre: usize,
    prompt: usize,
    date_line: usize,
    author_line: usize,
}

static FLAGS: LazyLock<Flags> = LazyLock::new(|| Flags {
    equals_title: dense_index("equals_title"),
    heading_level: dense_index("heading_level"),
    stock_line: dense_index("stock_line"),
    is_pre: dense_index("is_pre"),
    prompt: dense_index("prompt"),
    date_line: dense_index("date_line"),
    author_line: dense_index("author_line"),
});

/// Most blocks the edge rule trims from the end of a body.
const MAX_EDGE_BLOCKS: usize = 4;

/// The block kind of text owned by element `owner`.
pub(crate) fn kind_of(dom: &Dom<'_>, owner: u32) -> BlockKind {
    match dom.nodes[owner as usize].tag {
        Tag::Heading(_) => BlockKind::Heading,
        Tag::Li => BlockKind::ListItem,
        Tag::Pre | Tag::Cell => BlockKind::Other,
        _ if inside_quote(dom, owner) => BlockKind::Quote,
        _ => BlockKind::Paragraph,
    }
}

fn inside_quote(dom: &Dom<'_>, mut i: u32) -> bool {
    for _ in 0..8 {
        if i == u32::MAX || i <= dom.body {
            return false;
        }
        if dom.nodes[i as usize].tag == Tag::Blockquote {
            return true;
        }
        i = dom.nodes[i as usize].parent;
    }
    false
}
