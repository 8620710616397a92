//! The parse: html5ever driven into a small arena of our own.
//!
//! A general DOM (`scraper`'s `ego_tree`) costs a node allocation per element,
//! attribute copies into atomic strings and a tree the extractor then copies again
//! into its flat array ([`crate::html::dom::Dom`]). This sink keeps nodes in one `Vec`
//! with sibling links (the tree builder moves nodes around while it repairs bad
//! markup, so links are needed until parsing ends) and owns the strings html5ever
//! hands over, so the flat array can borrow them.

use std::borrow::Cow;
use std::cell::{Cell, Ref, RefCell};

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{BufferQueue, Tokenizer, TokenizerOpts};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{local_name, ns, Attribute, QualName, TokenizerResult};

use crate::html::guard::Guard;

/// No node (a missing link).
pub(crate) const NONE: u32 = u32::MAX;

/// An element: its name and attributes as parsed.
pub(crate) struct Element {
    name: QualName,
    /// The attributes, in source order.
    pub attrs: Vec<Attribute>,
}

impl Element {
    /// The local name, lower-case for HTML elements.
    pub(crate) fn name(&self) -> &str {
        &self.name.local
    }

    /// The name with its namespace.
    #[cfg(any(test, feature = "fuzzing"))]
    pub(crate) fn qual_name(&self) -> &QualName {
        &self.name
    }

    /// The local name as an atom (cheap to compare with `local_name!`).
    pub(crate) fn local(&self) -> &html5ever::LocalName {
        &self.name.local
    }

    /// The attributes as (local name, value) pairs.
    pub(crate) fn attrs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.attrs.iter().map(|a| (&*a.name.local, &*a.value))
    }

    /// An attribute's value.
    pub(crate) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs().find(|(k, _)| *k == name).map(|(_, v)| v)
    }
}

/// What a node holds.
pub(crate) enum Content {
    /// The document root; also the contents of a `<template>`.
    Root,
    Element(Element),
    Text(StrTendril),
    /// Comments, doctypes and processing instructions.
    Other,
}

/// One node of the parse, linked to its relatives.
pub(crate) struct Node {
    pub content: Content,
    pub parent: u32,
    pub first_child: u32,
    last_child: u32,
    pub next_sibling: u32,
    prev_sibling: u32,
    /// Depth below the root when the node was last inserted (its ancestors may
    /// have moved since; only [`crate::html::guard`] reads it).
    depth: u32,
    /// Formatting elements (`b`, `font`, ...) among the node and its ancestors,
    /// counted as `depth` is.
    formatting: u32,
}

/// A parsed document; node 0 is the root.
pub(crate) struct Document {
    pub nodes: Vec<Node>,
}

/// Parses a whole HTML document (as browsers do: never fails). Pages in the
/// shape [`crate::html::tokenize`] knows go through it; the rest through html5ever's
/// own tokenizer. Both feed html5ever's tree builder through [`Guard`], which
/// bounds its work on hostile markup.
pub(crate) fn parse(html: &str) -> Document {
    crate::html::tokenize::parse(html, Guard::new(Sink::new(html)))
        .map(Guard::finish)
        .unwrap_or_else(|| parse_html5ever(html))
}

/// Parses with html5ever's tokenizer.
pub(crate) fn parse_html5ever(html: &str) -> Document {
    let tokenizer = Tokenizer::new(Guard::new(Sink::new(html)), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    // As html5ever's driver: the tokenizer pauses after each `</script>` and
    // encoding declaration.
    while !matches!(tokenizer.feed(&input), TokenizerResult::Done) {}
    tokenizer.end();
    tokenizer.sink.finish()
}

pub(crate) struct Sink {
    nodes: RefCell<Vec<Node>>,
    /// Elements created and inserted since [`Sink::take_inserted`] was last called
    /// (node ids at or past `fresh_from`), in insertion order.
    inserted: RefCell<Vec<u32>>,
    fresh_from: Cell<u32>,
}

impl Sink {
    pub(crate) fn new(html: &str) -> Sink {
        let sink = Sink {
            nodes: RefCell::new(Vec::with_capacity(html.len() / 40 + 16)),
            inserted: RefCell::new(Vec::new()),
            fresh_from: Cell::new(1),
        };
        sink.push(Content::Root);
        sink
    }

    fn push(&self, content: Content) -> u32 {
        let mut nodes = self.nodes.borrow_mut();
        nodes.push(Node {
            content,
            parent: NONE,
            first_child: NONE,
            last_child: NONE,
            next_sibling: NONE,
            prev_sibling: NONE,
            depth: 0,
            formatting: 0,
        });
        (nodes.len() - 1) as u32
    }

    /// Records an element node just linked under a parent: its depth, and the node
    /// itself when it was created since the last [`Sink::take_inserted`].
    fn linked(&self, nodes: &mut [Node], id: u32) {
        let parent = nodes[id as usize].parent;
        let depth = nodes[parent as usize].depth + 1;
        let formatting = nodes[parent as usize].formatting
            + u32::from(
                matches!(&nodes[id as usize].content, Content::Element(e) if is_formatting(&e.name)),
            );
        let node = &mut nodes[id as usize];
        node.depth = depth;
        node.formatting = formatting;
        let element = matches!(node.content, Content::Element(_));
        // A template's contents hang below it in their own fragment.
        let first = node.first_child;
        if first != NONE && matches!(nodes[first as usize].content, Content::Root) {
            nodes[first as usize].depth = depth + 1;
            nodes[first as usize].formatting = formatting;
        }
        if element && id >= self.fresh_from.get() {
            self.inserted.borrow_mut().push(id);
        }
    }

    /// An element's name.
    pub(crate) fn element_name(&self, id: u32) -> QualName {
        match &self.nodes.borrow()[id as usize].content {
            Content::Element(e) => e.name.clone(),
            _ => ANONYMOUS.clone(),
        }
    }

    /// The elements created and inserted since the last call, as (depth,
    /// formatting elements down to it, node) in insertion order; `out` is cleared
    /// first.
    pub(crate) fn take_inserted(&self, out: &mut Vec<(u32, u32, u32)>) {
        out.clear();
        let nodes = self.nodes.borrow();
        out.extend(self.inserted.borrow_mut().drain(..).map(|id| {
            let n = &nodes[id as usize];
            (n.depth, n.formatting, id)
        }));
        self.fresh_from.set(nodes.len() as u32);
    }
}

/// Unlinks a node from its parent and siblings.
fn detach(nodes: &mut [Node], i: u32) {
    let (parent, prev, next) = {
        let n = &nodes[i as usize];
        (n.parent, n.prev_sibling, n.next_sibling)
    };
    if parent == NONE {
        return;
    }
    if prev != NONE {
        nodes[prev as usize].next_sibling = next;
    } else {
        nodes[parent as usize].first_child = next;
    }
    if next != NONE {
        nodes[next as usize].prev_sibling = prev;
    } else {
        nodes[parent as usize].last_child = prev;
    }
    let n = &mut nodes[i as usize];
    n.parent = NONE;
    n.prev_sibling = NONE;
    n.next_sibling = NONE;
}

/// Appends a detached node as the last child of `parent`.
fn append_child(nodes: &mut [Node], parent: u32, child: u32) {
    let last = nodes[parent as usize].last_child;
    {
        let c = &mut nodes[child as usize];
        c.parent = parent;
        c.prev_sibling = last;
        c.next_sibling = NONE;
    }
    if last != NONE {
        nodes[last as usize].next_sibling = child;
    } else {
        nodes[parent as usize].first_child = child;
    }
    nodes[parent as usize].last_child = child;
}

/// Inserts a detached node before `sibling` (which has a parent).
fn insert_before(nodes: &mut [Node], sibling: u32, child: u32) {
    let (parent, prev) = {
        let s = &nodes[sibling as usize];
        (s.parent, s.prev_sibling)
    };
    {
        let c = &mut nodes[child as usize];
        c.parent = parent;
        c.prev_sibling = prev;
        c.next_sibling = sibling;
    }
    nodes[sibling as usize].prev_sibling = child;
    if prev != NONE {
        nodes[prev as usize].next_sibling = child;
    } else {
        nodes[parent as usize].first_child = child;
    }
}

impl TreeSink for Sink {
    type Handle = u32;
    type Output = Document;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Document {
        Document {
            nodes: self.nodes.into_inner(),
        }
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> u32 {
        0
    }

    fn elem_name<'a>(&'a self, target: &'a u32) -> Ref<'a, QualName> {
        Ref::map(self.nodes.borrow(), |nodes| {
            match &nodes[*target as usize].content {
                Content::Element(e) => &e.name,
                // The tree builder asks only about elements.
                _ => &ANONYMOUS,
            }
        })
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, _: ElementFlags) -> u32 {
        let template = name.ns == ns!(html) && name.local == local_name!("template");
        let id = self.push(Content::Element(Element { name, attrs }));
        if template {
            // The template's contents live in a fragment under it.
            let fragment = self.push(Content::Root);
            append_child(&mut self.nodes.borrow_mut(), id, fragment);
        }
        id
    }

    fn create_comment(&self, _text: StrTendril) -> u32 {
        self.push(Content::Other)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> u32 {
        self.push(Content::Other)
    }

    fn append(&self, parent: &u32, child: NodeOrText<u32>) {
        match child {
            NodeOrText::AppendNode(id) => {
                let mut nodes = self.nodes.borrow_mut();
                detach(&mut nodes, id);
                append_child(&mut nodes, *parent, id);
                self.linked(&mut nodes, id);
            }
            NodeOrText::AppendText(text) => {
                {
                    let mut nodes = self.nodes.borrow_mut();
                    let last = nodes[*parent as usize].last_child;
                    if last != NONE {
                        if let Content::Text(t) = &mut nodes[last as usize].content {
                            t.push_tendril(&text);
                            return;
                        }
                    }
                }
                let id = self.push(Content::Text(text));
                append_child(&mut self.nodes.borrow_mut(), *parent, id);
            }
        }
    }

    fn append_based_on_parent_node(
        &self,
        element: &u32,
        prev_element: &u32,
        child: NodeOrText<u32>,
    ) {
        if self.nodes.borrow()[*element as usize].parent != NONE {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {
        let id = self.push(Content::Other);
        append_child(&mut self.nodes.borrow_mut(), 0, id);
    }

    fn get_template_contents(&self, target: &u32) -> u32 {
        self.nodes.borrow()[*target as usize].first_child
    }

    fn same_node(&self, x: &u32, y: &u32) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &u32, new_node: NodeOrText<u32>) {
        if let NodeOrText::AppendNode(id) = &new_node {
            detach(&mut self.nodes.borrow_mut(), *id);
        }
        if self.nodes.borrow()[*sibling as usize].parent == NONE {
            return;
        }
        match new_node {
            NodeOrText::AppendNode(id) => {
                let mut nodes = self.nodes.borrow_mut();
                insert_before(&mut nodes, *sibling, id);
                self.linked(&mut nodes, id);
            }
            NodeOrText::AppendText(text) => {
                {
                    let mut nodes = self.nodes.borrow_mut();
                    let prev = nodes[*sibling as usize].prev_sibling;
                    if prev != NONE {
                        if let Content::Text(t) = &mut nodes[prev as usize].content {
                            t.push_tendril(&text);
                            return;
                        }
                    }
                }
                let id = self.push(Content::Text(text));
                insert_before(&mut self.nodes.borrow_mut(), *sibling, id);
            }
        }
    }

    fn add_attrs_if_missing(&self, target: &u32, attrs: Vec<Attribute>) {
        let mut nodes = self.nodes.borrow_mut();
        if let Content::Element(e) = &mut nodes[*target as usize].content {
            for attr in attrs {
                if !e.attrs.iter().any(|a| a.name == attr.name) {
                    e.attrs.push(attr);
                }
            }
        }
    }

    fn remove_from_parent(&self, target: &u32) {
        detach(&mut self.nodes.borrow_mut(), *target);
    }

    fn reparent_children(&self, node: &u32, new_parent: &u32) {
        let mut nodes = self.nodes.borrow_mut();
        let mut child = nodes[*node as usize].first_child;
        while child != NONE {
            let next = nodes[child as usize].next_sibling;
            detach(&mut nodes, child);
            append_child(&mut nodes, *new_parent, child);
            let (depth, formatting) = {
                let p = &nodes[*new_parent as usize];
                (p.depth, p.formatting)
            };
            let c = &mut nodes[child as usize];
            c.depth = depth + 1;
            c.formatting = formatting
                + u32::from(matches!(&c.content, Content::Element(e) if is_formatting(&e.name)));
            child = next;
        }
    }
}

/// The HTML standard's formatting elements (kept in the list of active
/// formatting elements and re-created when misnested).
fn is_formatting(name: &QualName) -> bool {
    name.ns == ns!(html)
        && matches!(
            name.local,
            local_name!("a")
                | local_name!("b")
                | local_name!("big")
                | local_name!("code")
                | local_name!("em")
                | local_name!("font")
                | local_name!("i")
                | local_name!("nobr")
                | local_name!("s")
                | local_name!("small")
                | local_name!("strike")
                | local_name!("strong")
                | local_name!("tt")
                | local_name!("u")
        )
}

/// The name answered for non-elements, which the tree builder never asks about.
static ANONYMOUS: QualName = QualName {
    prefix: None,
    ns: ns!(),
    local: local_name!(""),
};

#[cfg(test)]
mod tests {
    use super::*;

    fn names(doc: &Document, parent: u32) -> Vec<String> {
        let mut out = Vec::new();
        let mut c = doc.nodes[parent as usize].first_child;
        while c != NONE {
            out.push(match &doc.nodes[c as usize].content {
                Content::Element(e) => e.name().to_string(),
                Content::Text(t) => format!("#{t}"),
                _ => "?".into(),
            });
            c = doc.nodes[c as usize].next_sibling;
        }
        out
    }

    #[test]
    fn repairs_misnested_markup_like_a_browser() {
        // The adoption agency moves nodes: <b> is closed and reopened around the <p>.
        let doc = parse("<body><b>one<p>two</b>three</p><table><tr><td>x</td></tr>loose</table>");
        let body = (0..doc.nodes.len() as u32)
            .find(|&i| matches!(&doc.nodes[i as usize].content, Content::Element(e) if e.name() == "body"))
            .unwrap();
        // Foster parenting puts "loose" before the table.
        assert_eq!(names(&doc, body), ["b", "p", "#loose", "table"]);
        let p = doc.nodes[body as usize].first_child;
        let p = doc.nodes[p as usize].next_sibling;
        assert_eq!(names(&doc, p), ["b", "#three"]);
    }
}
