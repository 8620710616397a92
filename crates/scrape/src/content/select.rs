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
    if model.rules & rules::DUPLICATES != 0 {
        drop_copies(sample, &mut keep);
    }
    keep
}

/// Shortest block (visible characters) that counts as a copy when repeated:
/// short lines ("Reply", "Share") repeat on any page.
const MIN_COPY_CHARS: u32 = 20;

/// Share of the kept characters the repeated blocks must reach before they
/// are dropped: a quote pulled out once stays, a second copy of the text goes.
const COPY_SHARE: f32 = 0.1;

/// Drops the kept blocks whose text is that of an earlier kept block, when
/// such repeats are a real share of the kept text.
fn drop_copies(sample: &Sample, keep: &mut Vec<usize>) {
    let mut seen = std::collections::HashSet::with_capacity(keep.len());
    let (mut total, mut copies) = (0u32, 0u32);
    let repeat: Vec<bool> = keep
        .iter()
        .map(|&k| {
            let chars = sample.chars(k);
            total += chars;
            let again = !seen.insert(sample.text(k)) && chars >= MIN_COPY_CHARS;
            copies += if again { chars } else { 0 };
            again
        })
        .collect();
    if copies as f32 >= COPY_SHARE * total.max(1) as f32 {
        let mut r = repeat.iter();
        keep.retain(|_| !r.next().copied().unwrap_or(false));
    }
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

#[cfg(test)]
mod tests {
    use newsmill_records::Page;

    use super::*;
    use crate::Extractor;

    const PARAGRAPHS: [&str; 3] = [
        "The harbour authority approved a plan on Tuesday to dredge the inner basin for the first time in thirty years.",
        "Work will start in the spring and last about eleven weeks, while the fish market moves to the northern quay.",
        "The dredged silt will be tested and, if clean, used to rebuild the dunes south of the town.",
    ];

    /// Every block of a page (as the model sees it) with its text.
    fn sample(body: &str) -> Sample {
        let html = format!("<html><head><title>Harbour</title></head><body>{body}</body></html>");
        let page = Page::from_bytes(
            "test",
            "https://gazette.example/news/harbour",
            html.into_bytes(),
        );
        let (_, _, sample) = Extractor::new(crate::ScrapeConfig::default())
            .unwrap()
            .extract_with_sample(&page)
            .unwrap();
        sample
    }

    fn kept_after_copies(s: &Sample) -> Vec<String> {
        let mut keep: Vec<usize> = (0..s.len()).collect();
        drop_copies(s, &mut keep);
        keep.into_iter().map(|k| s.text(k).to_string()).collect()
    }

    #[test]
    fn a_second_copy_of_the_text_goes() {
        let copy: String = PARAGRAPHS.iter().map(|p| format!("<p>{p}</p>")).collect();
        let s = sample(&format!(
            "<div class=desktop>{copy}<p>Reply</p></div><div class=mobile>{copy}<p>Reply</p></div>"
        ));
        let kept = kept_after_copies(&s);
        for p in PARAGRAPHS {
            assert_eq!(kept.iter().filter(|t| *t == p).count(), 1, "{p}: {kept:?}");
        }
        // Short lines are not copies of the text.
        assert_eq!(kept.iter().filter(|t| *t == "Reply").count(), 2, "{kept:?}");
    }

    #[test]
    fn one_repeated_quote_stays() {
        let long = "The council will discuss the fishermen's request for compensation next month, after the port has published the cost of the work and the weeks the boats cannot unload. ".repeat(3);
        let s = sample(&format!(
            "<p>{long}</p><p>{}</p><p>{long}2</p><p>{}</p>",
            PARAGRAPHS[0], PARAGRAPHS[0]
        ));
        let kept = kept_after_copies(&s);
        assert_eq!(kept.len(), s.len(), "{kept:?}");
    }
}
