//! Images inside the article, with captions and credits.

use std::sync::LazyLock;

use newsmill_records::Image;
use regex::Regex;
use url::Url;

use crate::html::dom::{Dom, Tag};

static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:^|[\s(\[|–—-])((?:photo|photograph|image|picture|foto|bild|fotó|фото|credit|source|quelle|crédit)s?(?:\s+(?:by|credit|von|de|di))?\s*[:/©]\s*.+|©.+|\(c\)\s.+)$",
    )
    .expect("credit pattern is valid")
});

/// Splits "Minsk, 7 December 2019. Photo: A. Person / Agency" into caption and credit.
pub(crate) fn split_credit(text: &str) -> (Option<String>, Option<String>) {
    let text = text.trim();
    if let Some(c) = CREDIT.captures(text) {
        let m = c.get(1).expect("group 1 always participates");
        let caption = text[..m.start()]
            .trim()
            .trim_end_matches(['(', '[', '|', '–', '—', '-'])
            .trim();
        let credit = m
            .as_str()
            .trim()
            .trim_end_matches([')', ']'])
            .trim()
            .to_string();
        let caption = (!caption.is_empty()).then(|| caption.to_string());
        return (caption, Some(credit));
    }
    ((!text.is_empty()).then(|| text.to_string()), None)
}

fn class_has(dom: &Dom<'_>, i: u32, words: &[&str]) -> bool {
    dom.token_contains(i, words)
}

fn resolve(base: Option<&Url>, src: &str) -> Option<String> {
    let src = src.trim();
    if src.is_empty() || src.starts_with("data:") {
        return None;
    }
    match base {
        Some(b) => b.join(src).ok().map(String::from),
        None => Some(src.to_string()),
    }
}

fn img_src<'d>(dom: &Dom<'d>, i: u32) -> Option<&'d str> {
    for key in ["data-src", "data-lazy-src", "data-original", "src"] {
        if let Some(v) = dom
            .attr(i, key)
            .filter(|v| !v.trim().is_empty() && !v.starts_with("data:"))
        {
            return Some(v);
        }
    }
    dom.attr(i, "srcset")
        .or_else(|| dom.attr(i, "data-srcset"))
        .and_then(|s| s.split(',').next())
        .and_then(|s| s.split_whitespace().next())
}

fn tiny(dom: &Dom<'_>, i: u32) -> bool {
    let dim = |k| {
        dom.attr(i, k)
            .and_then(|v| v.trim_end_matches("px").parse::<u32>().ok())
    };
    matches!(dim("width"), Some(w) if w < 100) || matches!(dim("height"), Some(h) if h < 100)
}

/// Images in the subtree of `scope`, skipping subtrees `skip` rejects (related
/// posts, comments), with captions from `figcaption` or caption-classed elements.
pub(crate) fn collect(
    dom: &Dom<'_>,
    scope: u32,
    base: Option<&Url>,
    skip: impl Fn(u32) -> bool,
) -> Vec<Image> {
    let mut out: Vec<Image> = Vec::new();
    let end = dom.nodes[scope as usize].end;
    let mut i = scope;
    while i < end {
        let n = &dom.nodes[i as usize];
        if i != scope && (n.tag == Tag::Skip || skip(i)) {
            i = n.end;
            continue;
        }
        let figure_like = n.tag == Tag::Figure && dom.name(i) == "figure"
            || class_has(
                dom,
                i,
                &[
                    "wp-caption",
                    "image-caption",
                    "article-image",
                    "photo-caption",
                ],
            ) && n.tag.is_block();
        if figure_like {
            let fend = n.end;
            let img =
                (i + 1..fend).find(|&j| dom.nodes[j as usize].tag == Tag::Img && !tiny(dom, j));
            if let Some(img) = img {
                let mut caption_text = None;
                let mut credit = None;
                for j in i + 1..fend {
                    let t = dom.nodes[j as usize].tag;
                    let is_caption =
                        t == Tag::Figcaption || (t != Tag::Img && class_has(dom, j, &["caption"]));
                    if is_caption && caption_text.is_none() {
                        caption_text =
                            Some(dom.text_of(j, |k| class_has(dom, k, &["credit", "copyright"])));
                    }
                    if credit.is_none()
                        && class_has(dom, j, &["credit", "copyright", "photographer"])
                    {
                        credit = Some(dom.text_of(j, |_| false)).filter(|c| !c.is_empty());
                    }
                }
                let (caption, inline_credit) = caption_text
                    .as_deref()
                    .map(split_credit)
                    .unwrap_or((None, None));
                if let Some(url) = img_src(dom, img).and_then(|s| resolve(base, s)) {
                    if !out.iter().any(|o| o.url == url) {
                        out.push(Image {
                            url,
                            caption,
                            credit: credit.or(inline_credit),
                            alt: dom
                                .attr(img, "alt")
                                .map(str::trim)
                                .filter(|a| !a.is_empty())
                                .map(str::to_string),
                        });
                    }
                }
            }
            i = fend;
            continue;
        }
        if n.tag == Tag::Img && !tiny(dom, i) {
            if let Some(url) = img_src(dom, i).and_then(|s| resolve(base, s)) {
                if !out.iter().any(|o| o.url == url) {
                    out.push(Image {
                        url,
                        caption: None,
                        credit: None,
                        alt: dom
                            .attr(i, "alt")
                            .map(str::trim)
                            .filter(|a| !a.is_empty())
                            .map(str::to_string),
                    });
                }
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_caption_and_credit() {
        assert_eq!(
            split_credit("Minsk, 7 December 2019. Photo: Viktor Drachev / TASS / Forum"),
            (
                Some("Minsk, 7 December 2019.".into()),
                Some("Photo: Viktor Drachev / TASS / Forum".into())
            )
        );
        assert_eq!(
            split_credit("The harbour at dawn (Photo: J. Smith)"),
            (
                Some("The harbour at dawn".into()),
                Some("Photo: J. Smith".into())
            )
        );
        assert_eq!(
            split_credit("A quiet street."),
            (Some("A quiet street.".into()), None)
        );
        assert_eq!(split_credit("© Reuters"), (None, Some("© Reuters".into())));
    }
}
