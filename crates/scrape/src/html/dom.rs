//! A flat, pre-order view of the parsed document with per-node text statistics.
//!
//! The parse happens once ([`crate::html::tree`]). This module lays the tree out as an
//! array in document order where every node knows its parent and the end of its
//! subtree, so "is inside" is a range check and subtree statistics are one
//! backwards pass. Text is never re-serialised: text nodes borrow from the parse.

use html5ever::{local_name, LocalName};

pub(crate) use crate::html::tree::{parse, Element};
use crate::html::tree::{Content, Document, NONE};

/// What an element is, as far as extraction cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tag {
    P,
    Heading(u8),
    Li,
    List,
    Blockquote,
    Pre,
    Cell,
    Figure,
    Figcaption,
    Img,
    A,
    Br,
    Time,
    Article,
    Main,
    Body,
    Header,
    Footer,
    Nav,
    Aside,
    /// Other block containers (`div`, `section`, `table`, `dl`, ...).
    Block,
    /// Inline elements (`span`, `strong`, `em`, ...).
    Inline,
    /// Elements whose content is never article text (`script`, `style`, `svg`, ...).
    Skip,
    /// A text node.
    Text,
    /// The document root, comments, doctypes.
    Other,
}

impl Tag {
    fn of(name: &LocalName) -> Tag {
        match *name {
            local_name!("p") => Tag::P,
            local_name!("h1") => Tag::Heading(1),
            local_name!("h2") => Tag::Heading(2),
            local_name!("h3") => Tag::Heading(3),
            local_name!("h4") => Tag::Heading(4),
            local_name!("h5") => Tag::Heading(5),
            local_name!("h6") => Tag::Heading(6),
            local_name!("li") | local_name!("dd") | local_name!("dt") => Tag::Li,
            local_name!("ul") | local_name!("ol") | local_name!("dl") | local_name!("menu") => {
                Tag::List
            }
            local_name!("blockquote") => Tag::Blockquote,
            local_name!("pre") => Tag::Pre,
            local_name!("td") | local_name!("th") => Tag::Cell,
            local_name!("figure") | local_name!("picture") => Tag::Figure,
            local_name!("figcaption") => Tag::Figcaption,
            local_name!("img") => Tag::Img,
            local_name!("a") => Tag::A,
            local_name!("br") | local_name!("hr") => Tag::Br,
            local_name!("time") => Tag::Time,
            local_name!("article") => Tag::Article,
            local_name!("main") => Tag::Main,
            local_name!("body") => Tag::Body,
            local_name!("header") => Tag::Header,
            local_name!("footer") => Tag::Footer,
            local_name!("nav") => Tag::Nav,
            local_name!("aside") => Tag::Aside,
            local_name!("div")
            | local_name!("section")
            | local_name!("table")
            | local_name!("tbody")
            | local_name!("thead")
            | local_name!("tfoot")
            | local_name!("tr")
            | local_name!("center")
            | local_name!("address")
            | local_name!("fieldset")
            | local_name!("details")
            | local_name!("summary")
            | local_name!("html")
            | local_name!("form")
            | local_name!("caption")
            | local_name!("hgroup") => Tag::Block,
            local_name!("script")
            | local_name!("style")
            | local_name!("noscript")
            | local_name!("template")
            | local_name!("svg")
            | local_name!("iframe")
            | local_name!("object")
            | local_name!("embed")
            | local_name!("canvas")
            | local_name!("button")
            | local_name!("select")
            | local_name!("input")
            | local_name!("textarea")
            | local_name!("option")
            | local_name!("head")
            | local_name!("title")
            | local_name!("meta")
            | local_name!("link")
            | local_name!("video")
            | local_name!("audio")
            | local_name!("map")
            | local_name!("math")
            | local_name!("label")
            | local_name!("dialog")
            | local_name!("source")
            | local_name!("track") => Tag::Skip,
            _ => Tag::Inline,
        }
    }

    /// Elements that start a new text block.
    pub(crate) fn is_block(self) -> bool {
        !matches!(
            self,
            Tag::A | Tag::Inline | Tag::Time | Tag::Text | Tag::Img | Tag::Br | Tag::Other
        )
    }
}

/// One node of the flat tree.
pub(crate) struct DNode<'a> {
    /// Index of the parent (`u32::MAX` for the root).
    pub parent: u32,
    /// One past the last node of this node's subtree.
    pub end: u32,
    pub tag: Tag,
    pub el: Option<&'a Element>,
    /// The text of a text node (empty otherwise).
    pub text: &'a str,
    /// The `class` attribute ("" when absent).
    pub class: &'a str,
    /// The `id` attribute ("" when absent).
    pub ident: &'a str,
    /// The `role`, `itemprop` and `style` attributes ("" when absent).
    pub role: &'a str,
    pub itemprop: &'a str,
    pub style: &'a str,
    /// The element has a `hidden` attribute.
    pub hidden: bool,
    /// Visible characters of a text node (0 for elements).
    pub len: u32,
    /// The text node sits inside an `<a>`.
    pub in_link: bool,
    /// Nearest block ancestor (the block a text node's words belong to).
    pub owner: u32,
}

/// The flat tree.
pub(crate) struct Dom<'a> {
    pub nodes: Vec<DNode<'a>>,
    /// Index of `<body>` (0 when absent).
    pub body: u32,
}

impl<'a> Dom<'a> {
    /// Flattens a parsed document. Node `i` is the `i`-th node of a pre-order walk
    /// from the document root, as in any DOM built by html5ever from the same input.
    pub(crate) fn build(doc: &'a Document) -> Dom<'a> {
        let mut nodes: Vec<DNode<'a>> = Vec::with_capacity(doc.nodes.len());
        // Stack of (index, is_link, owner, arena node).
        let mut stack: Vec<(u32, bool, u32, u32)> = Vec::with_capacity(64);
        let mut body = 0u32;
        let mut at = 0u32; // the arena node to open next, NONE when climbing
        loop {
            if at != NONE {
                let node = &doc.nodes[at as usize];
                let idx = nodes.len() as u32;
                let (parent, parent_link, parent_owner) = stack
                    .last()
                    .map_or((u32::MAX, false, 0), |&(i, l, o, _)| (i, l, o));
                let (tag, el, text) = match &node.content {
                    Content::Element(el) => (Tag::of(el.local()), Some(el), ""),
                    Content::Text(t) => (Tag::Text, None, &**t),
                    _ => (Tag::Other, None, ""),
                };
                let (mut class, mut ident, mut role, mut itemprop, mut style) =
                    ("", "", "", "", "");
                let mut hidden = false;
                if let Some(el) = el {
                    for a in &el.attrs {
                        match a.name.local {
                            local_name!("class") => class = &a.value,
                            local_name!("id") => ident = &a.value,
                            local_name!("role") => role = &a.value,
                            local_name!("itemprop") => itemprop = &a.value,
                            local_name!("style") => style = &a.value,
                            local_name!("hidden") => hidden = true,
                            _ => {}
                        }
                    }
                }
                if tag == Tag::Body && body == 0 {
                    body = idx;
                }
                let in_link = parent_link || tag == Tag::A;
                let owner = if tag.is_block() { idx } else { parent_owner };
                nodes.push(DNode {
                    parent,
                    end: idx + 1,
                    tag,
                    el,
                    text,
                    class,
                    ident,
                    role,
                    itemprop,
                    style,
                    hidden,
                    len: if tag == Tag::Text {
                        visible_len(text)
                    } else {
                        0
                    },
                    in_link,
                    owner: if tag == Tag::Text {
                        parent_owner
                    } else {
                        owner
                    },
                });
                stack.push((idx, in_link, owner, at));
                if node.first_child != NONE {
                    at = node.first_child;
                    continue;
                }
            }
            // Close the node on top of the stack and move to its next sibling,
            // climbing while there is none.
            let Some((idx, _, _, arena)) = stack.pop() else {
                break;
            };
            nodes[idx as usize].end = nodes.len() as u32;
            at = doc.nodes[arena as usize].next_sibling;
            if stack.is_empty() {
                break;
            }
        }
        Dom { nodes, body }
    }

    /// The element's attribute, if the node is an element that has it.
    pub(crate) fn attr(&self, i: u32, name: &str) -> Option<&'a str> {
        self.nodes[i as usize].el.and_then(|e| attr_of(e, name))
    }

    /// True when a class name or the id contains one of `words` (lower-case),
    /// ignoring ASCII case.
    pub(crate) fn token_contains(&self, i: u32, words: &[&str]) -> bool {
        // A word without spaces lies inside one class name when the class
        // attribute holds it: no need to split.
        let n = &self.nodes[i as usize];
        words.iter().any(|w| {
            debug_assert!(!w.contains(|c: char| c.is_ascii_whitespace()));
            contains_lowered(n.class, w) || contains_lowered(n.ident, w)
        })
    }

    /// True when the class or id attribute contains `word` (lower-case, no spaces)
    /// ignoring ASCII case: a cheap test that must hold before any class name
    /// can contain it.
    pub(crate) fn names_contain(&self, i: u32, word: &str) -> bool {
        let n = &self.nodes[i as usize];
        contains_lowered(n.class, word) || contains_lowered(n.ident, word)
    }

    /// The element's class names and id, as written.
    pub(crate) fn tokens(&self, i: u32) -> impl Iterator<Item = &'a str> {
        let n = &self.nodes[i as usize];
        n.class
            .split_ascii_whitespace()
            .chain(std::iter::once(n.ident).filter(|s| !s.is_empty()))
    }

    /// The element's local name.
    pub(crate) fn name(&self, i: u32) -> &'a str {
        self.nodes[i as usize].el.map(|e| e.name()).unwrap_or("")
    }

    /// Visible characters of the page body, outside `script`, `style` and the like.
    pub(crate) fn visible_chars(&self) -> usize {
        let (mut i, mut total) = (self.body, 0usize);
        while (i as usize) < self.nodes.len() {
            let n = &self.nodes[i as usize];
            if n.tag == Tag::Skip {
                i = n.end;
                continue;
            }
            total += n.len as usize;
            i += 1;
        }
        total
    }

    /// True when `inner` lies in the subtree of `outer` (or is `outer`).
    pub(crate) fn contains(&self, outer: u32, inner: u32) -> bool {
        inner >= outer && inner < self.nodes[outer as usize].end
    }

    /// The whitespace-folded text of a subtree, skipping `Skip` elements and any
    /// subtree for which `skip` returns true.
    pub(crate) fn text_of(&self, i: u32, skip: impl Fn(u32) -> bool) -> String {
        let mut out = String::new();
        let end = self.nodes[i as usize].end;
        let mut j = i;
        while j < end {
            let n = &self.nodes[j as usize];
            if (n.tag == Tag::Skip || skip(j)) && j != i {
                j = n.end;
                continue;
            }
            if n.tag == Tag::Text {
                out.push_str(n.text);
            } else if n.tag.is_block() || n.tag == Tag::Br {
                out.push(' ');
            }
            j += 1;
        }
        fold_whitespace(&out)
    }
}

/// True when `hay` with ASCII letters lower-cased contains `needle` (as
/// `hay.to_ascii_lowercase().contains(needle)`, without the allocation or a
/// substring searcher's set-up: class tokens and needles are a few bytes long).
pub(crate) fn contains_lowered(hay: &str, needle: &str) -> bool {
    find_lowered(hay, needle).is_some()
}

/// Where `needle` (lower-case) first occurs in `hay` with ASCII letters
/// lower-cased: `hay.to_ascii_lowercase().find(needle)` without the copy
/// (lower-casing ASCII keeps every byte where it was, so the offset is one
/// into `hay`).
pub(crate) fn find_lowered(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let Some(&first) = n.first() else {
        return Some(0);
    };
    h.windows(n.len()).position(|w| {
        w[0].to_ascii_lowercase() == first
            && w[1..]
                .iter()
                .zip(&n[1..])
                .all(|(a, b)| a.to_ascii_lowercase() == *b)
    })
}

/// `hay.contains(needle)` for short strings: a plain window compare, without
/// the set-up of the standard library's substring searcher (which costs more
/// than the search itself on class names and meta keys).
pub(crate) fn contains_short(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    n.is_empty() || h.windows(n.len()).any(|w| w == n)
}

/// True when `hay` with ASCII letters lower-cased starts with `prefix`.
pub(crate) fn starts_with_lowered(hay: &str, prefix: &str) -> bool {
    let (h, p) = (hay.as_bytes(), prefix.as_bytes());
    h.len() >= p.len() && h.iter().zip(p).all(|(a, b)| a.to_ascii_lowercase() == *b)
}

/// An attribute's value.
pub(crate) fn attr_of<'a>(el: &'a Element, name: &str) -> Option<&'a str> {
    el.attrs().find(|(k, _)| *k == name).map(|(_, v)| v)
}

/// Collapses runs of whitespace to one space and trims.
pub(crate) fn fold_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Number of non-whitespace characters.
pub(crate) fn visible_len(s: &str) -> u32 {
    if s.is_ascii() {
        s.bytes().filter(|b| !b.is_ascii_whitespace()).count() as u32
    } else {
        s.chars().filter(|c| !c.is_whitespace()).count() as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flattens_in_document_order_with_subtree_ranges() {
        let doc =
            parse("<html><body><div><p>One <a href=x>link</a></p><p>Two</p></div></body></html>");
        let dom = Dom::build(&doc);
        let p: Vec<u32> = (0..dom.nodes.len() as u32)
            .filter(|&i| dom.nodes[i as usize].tag == Tag::P)
            .collect();
        assert_eq!(p.len(), 2);
        assert!(dom.nodes[p[0] as usize].end <= p[1]);
        let link_text = dom
            .nodes
            .iter()
            .find(|n| n.tag == Tag::Text && n.in_link)
            .map(|n| n.text);
        assert_eq!(link_text, Some("link"));
        let owner = dom.nodes.iter().find(|n| n.text == "link").unwrap().owner;
        assert_eq!(owner, p[0]);
        assert_eq!(dom.text_of(dom.body, |_| false), "One link Two");
        assert_eq!(fold_whitespace("  a \n b  "), "a b");
        assert_eq!(visible_len("a b\u{a0}é"), 3);
    }

    #[test]
    fn lowered_containment_matches_lowercase_then_contains() {
        for (hay, needle) in [
            ("Article-Byline", "byline"),
            ("article-byline", "Byline"),
            ("x", ""),
            ("", "a"),
            ("ab", "abc"),
            ("ÉditoComment", "comment"),
            ("navBar", "navb"),
            ("Article-Byline", "Byline"),
            ("AaAab", "aab"),
            ("xyz-ab", "ab"),
            ("xyz-AB", "ab"),
            ("ab", "ab"),
            ("a", "ab"),
        ] {
            assert_eq!(
                contains_lowered(hay, needle),
                hay.to_ascii_lowercase().contains(needle),
                "{hay} / {needle}"
            );
            assert_eq!(
                find_lowered(hay, needle),
                hay.to_ascii_lowercase().find(needle),
                "{hay} / {needle}"
            );
            assert_eq!(
                starts_with_lowered(hay, needle),
                hay.to_ascii_lowercase().starts_with(needle),
                "{hay} / {needle}"
            );
            assert_eq!(
                contains_short(hay, needle),
                hay.contains(needle),
                "{hay} / {needle}"
            );
        }
    }
}
