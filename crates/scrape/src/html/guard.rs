//! Bounds on the tree builder's work, for hostile markup.
//!
//! html5ever's tree builder follows the HTML standard, whose steps scan the stack
//! of open elements ("has an element in scope", "close a p element") and the list
//! of active formatting elements, so a token costs time in proportion to the
//! nesting depth: a page of nothing but nested `<div>`s costs time in the square
//! of its size (1 MB took 25 s). And unclosed formatting elements with distinct
//! attributes are re-created for every paragraph that follows them: a few bytes
//! of input, thousands of elements. Browsers bound the DOM depth as well (Blink
//! at 512).
//!
//! [`Guard`] sits between the tokenizer (ours or html5ever's) and the tree
//! builder. After each start tag or text it looks at the elements that token put
//! into the tree, and closes, right away and innermost first, those that sit
//! deeper than [`MAX_DEPTH`] or inside more than [`MAX_FORMATTING`] formatting
//! elements, and those re-created past [`MAX_REOPENED`] for one token: the tree
//! builder gets their end tags, so its stack and its formatting list stay short. Their text is kept: it lands in the deepest element still
//! open. The source's own end tag for an element closed this way is dropped, so
//! it cannot close an ancestor of the same name.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{Tag, TagKind, Token, TokenSink, TokenSinkResult};
use html5ever::tree_builder::{TreeBuilder, TreeBuilderOpts, TreeSink};
use html5ever::{local_name, ns, LocalName};

use crate::html::tree::{Document, Sink};

/// The deepest an element may sit below the document root (`<html>` is at 1).
pub(crate) const MAX_DEPTH: u32 = 512;

/// How many formatting elements (`b`, `font`, ...) may enclose an element: the
/// tree builder compares each new one with every open one.
pub(crate) const MAX_FORMATTING: u32 = 32;

/// How many formatting elements one token may re-create ("reconstruct the active
/// formatting elements").
pub(crate) const MAX_REOPENED: usize = 16;

/// html5ever's tree builder behind the bounds above.
pub(crate) struct Guard {
    tb: TreeBuilder<u32, Sink>,
    /// Names of elements closed early whose end tags are still to come, with counts.
    pending: RefCell<foldhash::HashMap<LocalName, u32>>,
    /// Scratch: (depth, formatting depth, node) of the elements the last token
    /// inserted.
    inserted: RefCell<Vec<(u32, u32, u32)>>,
}

impl Guard {
    pub(crate) fn new(sink: Sink) -> Guard {
        Guard {
            tb: TreeBuilder::new(sink, TreeBuilderOpts::default()),
            pending: RefCell::new(Default::default()),
            inserted: RefCell::new(Vec::new()),
        }
    }

    /// The parsed document.
    pub(crate) fn finish(self) -> Document {
        self.tb.sink.finish()
    }

    /// Text for the tree builder (ours: no line numbers).
    pub(crate) fn text(&self, text: StrTendril) {
        let _ = self.process_token(Token::CharacterTokens(text), 0);
    }

    /// True (and one fewer to come) when an end tag named `name` closes an
    /// element that was closed early.
    fn drop_end_tag(&self, name: &LocalName) -> bool {
        let mut pending = self.pending.borrow_mut();
        if pending.is_empty() {
            return false;
        }
        let Some(count) = pending.get_mut(name) else {
            return false;
        };
        *count -= 1;
        if *count == 0 {
            pending.remove(name);
        }
        true
    }

    /// Closes what the last token inserted past the bounds; `start` is the start
    /// tag's name and self-closing flag when the token was one.
    fn bound(&self, start: Option<(LocalName, bool)>) {
        let mut inserted = self.inserted.borrow_mut();
        self.tb.sink.take_inserted(&mut inserted);
        let allowed = MAX_REOPENED + usize::from(start.is_some());
        let cut = inserted
            .iter()
            .position(|&(depth, formatting, _)| depth > MAX_DEPTH || formatting > MAX_FORMATTING)
            .unwrap_or(inserted.len())
            .min(allowed);
        if cut == inserted.len() {
            return;
        }
        let last = inserted.len() - 1;
        for (at, &(_, _, node)) in inserted.iter().enumerate().skip(cut).rev() {
            let name = self.tb.sink.element_name(node);
            let html = name.ns == ns!(html);
            if html && is_void(&name.local) {
                continue;
            }
            if at == last {
                if let Some((tag, self_closing)) = &start {
                    if *tag == name.local {
                        if *self_closing && !html {
                            // Foreign elements close themselves.
                            continue;
                        }
                        *self.pending.borrow_mut().entry(tag.clone()).or_insert(0) += 1;
                    }
                }
            }
            let _ = self.tb.process_token(
                Token::TagToken(Tag {
                    kind: TagKind::EndTag,
                    name: name.local,
                    self_closing: false,
                    attrs: Vec::new(),
                    had_duplicate_attributes: false,
                }),
                0,
            );
        }
        // What the end tags themselves inserted (the adoption agency's copies)
        // is left alone.
        self.tb.sink.take_inserted(&mut inserted);
    }
}

impl TokenSink for Guard {
    type Handle = u32;

    fn process_token(&self, token: Token, line_number: u64) -> TokenSinkResult<u32> {
        let (check, start) = match &token {
            Token::TagToken(tag) if tag.kind == TagKind::EndTag => {
                if self.drop_end_tag(&tag.name) {
                    return TokenSinkResult::Continue;
                }
                (false, None)
            }
            Token::TagToken(tag) => (true, Some((tag.name.clone(), tag.self_closing))),
            Token::CharacterTokens(_) => (true, None),
            _ => (false, None),
        };
        let result = self.tb.process_token(token, line_number);
        if check {
            self.bound(start);
        } else {
            // End tags insert too (the adoption agency's copies, table text
            // flushed with its formatting elements): a few, left alone, and not
            // to be counted against the next token.
            self.tb.sink.take_inserted(&mut self.inserted.borrow_mut());
        }
        result
    }

    fn end(&self) {
        self.tb.end();
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.tb
            .adjusted_current_node_present_but_not_in_html_namespace()
    }
}

/// HTML elements the tree builder pops as soon as it inserts them.
fn is_void(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("area")
            | local_name!("base")
            | local_name!("basefont")
            | local_name!("bgsound")
            | local_name!("br")
            | local_name!("col")
            | local_name!("embed")
            | local_name!("frame")
            | local_name!("hr")
            | local_name!("img")
            | local_name!("input")
            | local_name!("keygen")
            | local_name!("link")
            | local_name!("meta")
            | local_name!("param")
            | local_name!("source")
            | local_name!("track")
            | local_name!("wbr")
    )
}

#[cfg(test)]
mod tests {
    use crate::html::dom::{Dom, Tag};
    use crate::html::tree::{parse, parse_html5ever};

    use super::*;

    fn max_depth(dom: &Dom<'_>) -> u32 {
        let mut depth = vec![0u32; dom.nodes.len()];
        for i in 1..dom.nodes.len() {
            depth[i] = depth[dom.nodes[i].parent as usize] + 1;
        }
        depth.into_iter().max().unwrap_or(0)
    }

    fn words(dom: &Dom<'_>) -> usize {
        dom.nodes
            .iter()
            .filter(|n| n.tag == Tag::Text)
            .map(|n| n.text.split_whitespace().count())
            .sum()
    }

    #[test]
    fn deep_nesting_is_flattened_past_the_limit_and_keeps_its_text() {
        let n = 3 * MAX_DEPTH as usize;
        let page = format!(
            "<body>{}{}<p>after</p>",
            "<div>w ".repeat(n),
            "</div>".repeat(n)
        );
        for doc in [parse(&page), parse_html5ever(&format!("\0{page}"))] {
            let dom = Dom::build(&doc);
            assert!(max_depth(&dom) <= MAX_DEPTH + 2, "{}", max_depth(&dom));
            assert_eq!(words(&dom), n + 1);
            // The end tags of the divs closed early are dropped, so the last ones
            // close the outer divs and the paragraph after them is in the body.
            let p = dom.nodes.iter().position(|n| n.tag == Tag::P).unwrap();
            assert_eq!(dom.nodes[dom.nodes[p].parent as usize].tag, Tag::Body);
        }
    }

    #[test]
    fn shallow_pages_are_untouched() {
        let page = format!(
            "<body>{}text{}<p>a<b>b<i>c</b>d</i></p>",
            "<div>".repeat(MAX_DEPTH as usize - 10),
            "</div>".repeat(MAX_DEPTH as usize - 10)
        );
        let doc = parse(&page);
        let dom = Dom::build(&doc);
        // html, body, the divs, the text.
        assert_eq!(max_depth(&dom), 2 + MAX_DEPTH - 10 + 1);
    }

    #[test]
    fn reopened_formatting_elements_are_bounded() {
        // Distinct unclosed <b>s are re-created inside every paragraph.
        let mut page = String::from("<body>");
        for i in 0..200 {
            page.push_str(&format!("<b class=c{i}>"));
        }
        page.push_str(&"<p>word ".repeat(200));
        let doc = parse(&page);
        let dom = Dom::build(&doc);
        let bold = dom.nodes.iter().filter(|n| dom_name(n) == "b").count();
        assert!(bold < 200 + 200 * (MAX_REOPENED + 1), "{bold} <b> elements");
        assert_eq!(words(&dom), 200);
    }

    #[test]
    fn nested_formatting_elements_are_bounded() {
        let mut page = String::from("<body>");
        for i in 0..100 {
            page.push_str(&format!("<b class=c{i}>w "));
        }
        let doc = parse(&page);
        let dom = Dom::build(&doc);
        // body, html, the bold ones, the text.
        assert_eq!(max_depth(&dom), 2 + MAX_FORMATTING + 1);
        assert_eq!(words(&dom), 100);
    }

    fn dom_name<'a>(n: &crate::html::dom::DNode<'a>) -> &'a str {
        n.el.map(|e| e.name()).unwrap_or("")
    }
}
