//! From block scores to the body: the blocks the model rates as main content,
//! in document order, each with its kind.

use newsmill_records::{Block, BlockKind, PageType};

use super::sample::Sample;
use crate::dom::{Dom, Tag};
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
    let threshold = model.thresholds[PageType::ALL
        .iter()
        .position(|&t| t == page_type)
        .unwrap_or(0)];
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
    let flag = |k: usize, name: &str| sample.dense_value(k, name) > 0.0;
    if model.rules & rules::HEADLINE != 0 {
        keep.retain(|&k| !(flag(k, "equals_title") && flag(k, "heading_level")));
    }
    if model.rules & rules::STOCK_LINES != 0 {
        // Preformatted text (code, a config file) is never a stock line,
        // whatever it looks like.
        keep.retain(|&k| !flag(k, "stock_line") || flag(k, "is_pre"));
    }
    if model.rules & rules::EDGES != 0 {
        // Reader prompts and datelines open a body; prompts, bylines and
        // signatures close it.
        while keep.len() > 1 && (flag(keep[0], "prompt") || flag(keep[0], "date_line")) {
            keep.remove(0);
        }
        let mut trimmed = 0;
        while keep.len() > 1
            && trimmed < MAX_EDGE_BLOCKS
            && keep
                .last()
                .is_some_and(|&k| flag(k, "prompt") || flag(k, "author_line"))
        {
            keep.pop();
            trimmed += 1;
        }
    }
    keep
}

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
