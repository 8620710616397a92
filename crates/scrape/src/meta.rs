//! Document-level metadata gathered in one scan: `<meta>` tags, `<link rel>`,
//! `<title>`, the declared language and the JSON-LD blocks.

use crate::html::dom::attr_of;
use crate::html::dom::{fold_whitespace, Dom, Tag};

/// What the page declares about itself.
#[derive(Default)]
pub(crate) struct MetaTags {
    /// `(key, content)` for every `<meta>` with `name`, `property`, `itemprop` or
    /// `http-equiv`; keys lower-cased.
    pub entries: Vec<(String, String)>,
    pub canonical: Option<String>,
    pub title: Option<String>,
    pub html_lang: Option<String>,
    /// Raw texts of `<script type="application/ld+json">`.
    pub json_ld: Vec<String>,
    /// Hrefs of `<a rel="author">` / `<link rel="author">`.
    pub rel_author: Vec<(u32, String)>,
}

impl MetaTags {
    /// Scans the document.
    pub(crate) fn collect(dom: &Dom<'_>) -> MetaTags {
        let mut out = MetaTags::default();
        for (i, n) in dom.nodes.iter().enumerate() {
            let Some(el) = n.el else { continue };
            match el.name() {
                "meta" => {
                    let Some(content) = attr_of(el, "content") else {
                        continue;
                    };
                    for key in ["property", "name", "itemprop", "http-equiv"] {
                        if let Some(k) = attr_of(el, key) {
                            for k in k.split_whitespace() {
                                out.entries
                                    .push((k.to_ascii_lowercase(), content.trim().to_string()));
                            }
                        }
                    }
                }
                "link" => {
                    let rel = attr_of(el, "rel").unwrap_or("").to_ascii_lowercase();
                    if rel.split_whitespace().any(|r| r == "canonical") && out.canonical.is_none() {
                        out.canonical = attr_of(el, "href").map(|h| h.trim().to_string());
                    }
                }
                "title" if out.title.is_none() => {
                    out.title = child_text(dom, i as u32);
                }
                "html" if out.html_lang.is_none() => {
                    out.html_lang = el
                        .attr("lang")
                        .or_else(|| attr_of(el, "xml:lang"))
                        .map(str::to_string);
                }
                "script" => {
                    let ty = attr_of(el, "type").unwrap_or("");
                    if ty.trim().eq_ignore_ascii_case("application/ld+json") {
                        if let Some(t) = raw_child_text(dom, i as u32) {
                            out.json_ld.push(t);
                        }
                    }
                }
                "a" if el
                    .attr("rel")
                    .is_some_and(|r| r.split_whitespace().any(|r| r == "author")) =>
                {
                    let text = dom.text_of(i as u32, |_| false);
                    if !text.is_empty() {
                        out.rel_author.push((i as u32, text));
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// The first non-empty content for any of `keys`, in key order.
    pub(crate) fn get(&self, keys: &[&str]) -> Option<&str> {
        keys.iter().find_map(|k| {
            self.entries
                .iter()
                .find(|(key, v)| key == k && !v.is_empty())
                .map(|(_, v)| v.as_str())
        })
    }

    /// Every non-empty content for `key`.
    pub(crate) fn all<'s>(&'s self, key: &'s str) -> impl Iterator<Item = &'s str> + 's {
        self.entries
            .iter()
            .filter(move |(k, v)| k == key && !v.is_empty())
            .map(|(_, v)| v.as_str())
    }
}

/// The concatenated text children of an element (for `<title>`, whose content is raw).
fn child_text(dom: &Dom<'_>, i: u32) -> Option<String> {
    raw_child_text(dom, i).map(|t| fold_whitespace(&t))
}

fn raw_child_text(dom: &Dom<'_>, i: u32) -> Option<String> {
    let end = dom.nodes[i as usize].end;
    let mut out = String::new();
    for j in i + 1..end {
        let n = &dom.nodes[j as usize];
        if n.tag == Tag::Text {
            out.push_str(n.text);
        }
    }
    (!out.trim().is_empty()).then_some(out)
}
