//! Applying a site profile: selector matches mapped onto the flat tree.

use std::collections::HashMap;

use scraper::Html;

use crate::config::CompiledProfile;
use crate::html::dom::Dom;

/// What a profile picked on one page.
#[derive(Default)]
pub(crate) struct Picks {
    /// Subtrees to remove.
    pub dropped: Vec<u32>,
    /// Body containers, in document order.
    pub body: Vec<u32>,
    pub title: Option<String>,
    pub author: Option<String>,
    pub date: Option<String>,
}

/// Runs the profile's selectors over the page.
pub(crate) fn apply(p: &CompiledProfile, html: &Html, dom: &Dom<'_>) -> Picks {
    // Both trees come from html5ever on the same input: node `i` of a pre-order walk
    // is the same node in each.
    let index: HashMap<ego_tree::NodeId, u32> = html
        .tree
        .root()
        .descendants()
        .enumerate()
        .map(|(i, n)| (n.id(), i as u32))
        .collect();
    if index.len() != dom.nodes.len() {
        tracing::warn!(profile = %p.name, scraper = index.len(), flat = dom.nodes.len(),
            "The two parses of the page differ; the profile's selectors are ignored.");
        return Picks::default();
    }
    let mut picks = Picks::default();
    for sel in &p.drop {
        picks
            .dropped
            .extend(html.select(sel).filter_map(|e| index.get(&e.id()).copied()));
    }
    if let Some(sel) = &p.body {
        let mut body: Vec<u32> = html
            .select(sel)
            .filter_map(|e| index.get(&e.id()).copied())
            .collect();
        body.sort_unstable();
        // Keep only outermost matches.
        let mut outer: Vec<u32> = Vec::new();
        for b in body {
            if !outer.iter().any(|&o| dom.contains(o, b)) {
                outer.push(b);
            }
        }
        if outer.is_empty() {
            tracing::debug!(profile = %p.name, "Body selector matched nothing; using the generic extractor.");
        }
        picks.body = outer;
    }
    picks.title = p.title.as_ref().and_then(|sel| {
        let e = html.select(sel).next()?;
        let t = crate::html::dom::fold_whitespace(&e.text().collect::<String>());
        (!t.is_empty()).then_some(t)
    });
    picks.author = p.author.as_ref().and_then(|sel| {
        let names: Vec<String> = html
            .select(sel)
            .map(|e| crate::html::dom::fold_whitespace(&e.text().collect::<String>()))
            .filter(|t| !t.is_empty())
            .collect();
        (!names.is_empty()).then(|| names.join(", "))
    });
    picks.date = p.date.as_ref().and_then(|sel| {
        let e = html.select(sel).next()?;
        e.value()
            .attr("datetime")
            .or_else(|| e.value().attr("content"))
            .map(str::to_string)
            .or_else(|| {
                Some(crate::html::dom::fold_whitespace(
                    &e.text().collect::<String>(),
                ))
            })
    });
    picks
}
