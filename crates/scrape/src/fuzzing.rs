//! Entry points for the fuzz targets in `fuzz/` (feature `fuzzing`): the crate's
//! inner steps, callable one at a time. Not a stable API.

use crate::html::tree;

/// Parses `html` with our tokenizer and with html5ever's (both feeding the same
/// guarded tree builder). `Ok(true)` when ours took the page and the trees are
/// equal, `Ok(false)` when ours left it to html5ever, `Err` with both trees when
/// they differ.
pub fn tokenizers_agree(html: &str) -> Result<bool, String> {
    crate::parity::tokenizers_agree(html)
}

/// The deepest node of the parsed page (the guard bounds it).
pub fn parsed_depth(html: &str) -> usize {
    let doc = tree::parse(html);
    let dom = crate::html::dom::Dom::build(&doc);
    let mut depth = vec![0usize; dom.nodes.len()];
    for i in 1..dom.nodes.len() {
        depth[i] = depth[dom.nodes[i].parent as usize] + 1;
    }
    depth.into_iter().max().unwrap_or(0)
}

/// The text the page's bytes decode to, the charset's name and the confidence.
pub fn decode(bytes: &[u8], content_type: Option<&str>, url: &str) -> (String, &'static str, f32) {
    let d = crate::html::charset::decode(bytes, content_type, url);
    (d.text.into_owned(), d.charset, d.confidence)
}

/// What the bytes look like when they are not text.
pub fn sniff(bytes: &[u8], declared_text: bool) -> Option<&'static str> {
    crate::html::sniff::sniff(bytes, declared_text).map(|b| b.0)
}

/// The page after scripts, styles, comments and unread attributes are emptied.
pub fn strip(html: &str) -> String {
    crate::html::rawtext::strip(html, true).into_owned()
}

/// Dates written in running text, as (byte offset, ISO date).
pub fn dates_in_text(text: &str, prefer_mdy: bool) -> Vec<(usize, String)> {
    crate::dates::find_in_text(text, prefer_mdy)
        .into_iter()
        .map(|(at, d)| (at, d.iso()))
        .collect()
}

/// A machine-readable date (`datetime` attributes, meta tags, JSON-LD), as ISO.
pub fn machine_date(s: &str) -> Option<String> {
    crate::dates::parse_machine(s).map(|d| d.iso())
}
