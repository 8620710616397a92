//! Emptying `<script>`, `<style>` and `<svg>` elements and dropping comments
//! before parsing.
//!
//! On news pages these are more than half of the bytes (on the extraction
//! benchmark: 32% scripts, 27% styles, 4% inline SVG, 1.5% comments), and the HTML
//! parser walks them character by character only for the extractor to skip them. A
//! byte scan keeps the element tags (so counts and positions stay meaningful) and
//! drops their content, except JSON-LD, which the metadata readers need. Attributes
//! no reader looks at go too (everything [`kept_on`] does not keep: unread `data-*`,
//! `onclick`, `aria-*`, `target`, `integrity`, the `href` of `<a>` and the `src`
//! of `<script>`, ...), about a quarter of the bytes left; the attributes
//! html5ever's tree construction reads are kept.

use std::borrow::Cow;

use memchr::memmem;

/// Attributes past this many on one tag are dropped: the tokenizers check each
/// new attribute name against all earlier ones (time in the square of the count).
const MAX_ATTRIBUTES: usize = 256;

/// The page with the content of every `<script>` (other than JSON-LD), `<style>`
/// and `<svg>` element and every comment removed, the attributes of a tag past
/// [`MAX_ATTRIBUTES`], and with `strip_data`, the attributes [`kept_on`] does not
/// keep too (never read).
/// Returns the input unchanged when there is nothing to remove.
pub(crate) fn strip(html: &str, strip_data: bool) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0; // bytes of `html` already handled
    let mut at = 0;
    while let Some(rel) = memchr::memchr(b'<', &bytes[at..]) {
        let open = at + rel;
        at = open + 1;
        // A '<' inside an attribute value already removed is not markup.
        if open < copied {
            continue;
        }
        if bytes[open + 1..].starts_with(b"!--") {
            let Some(end) = memmem::find(&bytes[open + 4..], b"-->") else {
                break;
            };
            let buf = out.get_or_insert_with(|| String::with_capacity(html.len() / 2));
            buf.push_str(&html[copied..open]);
            copied = open + 4 + end + 3;
            at = copied;
            continue;
        }
        if bytes.get(open + 1).is_some_and(u8::is_ascii_alphabetic) {
            scan_tag(bytes, open + 1, strip_data, |start, end| {
                // A '<' inside an attribute value already removed is not a tag.
                if start < copied {
                    return;
                }
                let buf = out.get_or_insert_with(|| String::with_capacity(html.len() / 2));
                buf.push_str(&html[copied..start]);
                copied = end;
            });
        }
        let Some(name) = raw_text_name(&bytes[open + 1..]) else {
            continue;
        };
        // A removed attribute value may have held a '>': the tag ends after it.
        let tag_rest = open.max(copied);
        let Some(gt) = memchr::memchr(b'>', &bytes[tag_rest..]) else {
            break;
        };
        let content_start = tag_rest + gt + 1;
        let tag = &html[open..content_start];
        if name == "script" && contains_ignore_case(tag, "ld+json") {
            at = content_start;
            continue;
        }
        let Some(close) = find_close(&html[content_start..], name) else {
            break;
        };
        let content_end = content_start + close;
        let buf = out.get_or_insert_with(|| String::with_capacity(html.len() / 2));
        buf.push_str(&html[copied..content_start]);
        copied = content_end;
        at = content_end;
    }
    match out {
        None => Cow::Borrowed(html),
        Some(mut buf) => {
            buf.push_str(&html[copied..]);
            Cow::Owned(buf)
        }
    }
}

/// The elements an attribute (lower-case name) is kept on: `Some(ANY)` on any,
/// `Some(tags)` on those only, `None` nowhere. Kept: every attribute an
/// extractor step reads, where it reads it (the readers: `Dom::build`,
/// `attr_of`/`Dom::attr` and `Element::attr` callers in meta, metadata, authors,
/// images and dates), and those html5ever's tree builder looks at (`type` of
/// `<input>`, `encoding` of `<annotation-xml>`, `color`/`face`/`size` of `<font>`
/// in foreign content, `<template>`'s `shadowroot*` (see [`is_kept`]), `<meta>`'s
/// `charset`). Image attributes stay on `<image>` too, which the tree builder
/// renames `<img>`. A new reader of another attribute must add it here.
fn kept_on(name: &[u8]) -> Option<&'static [&'static [u8]]> {
    const ANY: &[&[u8]] = &[];
    const IMAGES: &[&[u8]] = &[b"img", b"image"];
    Some(match name {
        // Dom::build
        b"class" | b"id" | b"role" | b"itemprop" | b"style" | b"hidden" => ANY,
        // meta, metadata, authors, dates
        b"content" | b"property" | b"name" | b"http-equiv" | b"rel" | b"lang" | b"xml:lang"
        | b"type" | b"datetime" | b"pubdate" => ANY,
        b"href" => &[b"link"],
        b"title" => &[b"abbr"],
        // images
        b"src" | b"srcset" | b"alt" | b"width" | b"height" | b"data-src" | b"data-srcset"
        | b"data-original" | b"data-lazy-src" => IMAGES,
        // tree construction
        b"encoding" | b"color" | b"face" | b"size" | b"charset" => ANY,
        _ => return None,
    })
}

/// Walks the attributes of the start tag whose name begins at `at` and calls
/// `remove(start, end)` for each attribute [`is_kept`] refuses (with the whitespace
/// before it), in order. Stops quietly at a tag that does not end.
fn scan_tag(bytes: &[u8], mut at: usize, strip_data: bool, mut remove: impl FnMut(usize, usize)) {
    let n = bytes.len();
    let mut count = 0usize;
    let is_space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
    let tag_start = at;
    while at < n && !is_space(bytes[at]) && bytes[at] != b'>' && bytes[at] != b'/' {
        at += 1;
    }
    let tag = &bytes[tag_start..at];
    loop {
        let gap = at;
        while at < n && (is_space(bytes[at]) || bytes[at] == b'/') {
            at += 1;
        }
        if at >= n || bytes[at] == b'>' {
            return;
        }
        let name_start = at;
        at += 1; // the first character may be '=' (a parse error, part of the name)
        while at < n && !is_space(bytes[at]) && !matches!(bytes[at], b'/' | b'>' | b'=') {
            at += 1;
        }
        let name = &bytes[name_start..at];
        let mut after = at;
        while after < n && is_space(bytes[after]) {
            after += 1;
        }
        if after < n && bytes[after] == b'=' {
            at = after + 1;
            while at < n && is_space(bytes[at]) {
                at += 1;
            }
            match bytes.get(at) {
                Some(&q @ (b'"' | b'\'')) => {
                    let Some(close) = memchr::memchr(q, &bytes[at + 1..]) else {
                        return;
                    };
                    at += close + 2;
                }
                _ => {
                    while at < n && !is_space(bytes[at]) && bytes[at] != b'>' {
                        at += 1;
                    }
                }
            }
        }
        if at > n {
            return;
        }
        count += 1;
        let unread = (strip_data && !is_kept(name, tag)) || count > MAX_ATTRIBUTES;
        if unread && gap < name_start {
            // An attribute right after a quoted value (`a="1"b=2`, a parse error) must
            // not be glued to what precedes the removed one: keep one separator.
            let glued = bytes
                .get(at)
                .is_some_and(|&b| !is_space(b) && !matches!(b, b'/' | b'>'));
            remove(if glued { gap + 1 } else { gap }, at);
        }
    }
}

/// Whether the attribute `name` is kept on the element `tag` (both as written):
/// see [`kept_on`]; and a `<template>`'s `shadowroot*` anywhere.
fn is_kept(name: &[u8], tag: &[u8]) -> bool {
    // Every name `kept_on` knows is 2 to 13 bytes long: match a lower-cased copy.
    if name.len() < 2 || name.len() > 13 {
        return name.len() >= 10 && name[..10].eq_ignore_ascii_case(b"shadowroot");
    }
    let mut lower = [0u8; 13];
    for (l, b) in lower.iter_mut().zip(name) {
        *l = b.to_ascii_lowercase();
    }
    let lower = &lower[..name.len()];
    if lower.starts_with(b"shadowroot") {
        return true;
    }
    match kept_on(lower) {
        None => false,
        Some(on) => on.is_empty() || on.iter().any(|t| tag.eq_ignore_ascii_case(t)),
    }
}

/// `script`, `style` or `svg` when `rest` (the bytes after `<`) opens one of them.
fn raw_text_name(rest: &[u8]) -> Option<&'static str> {
    for name in ["script", "style", "svg"] {
        let n = name.len();
        if rest.len() > n
            && rest[..n].eq_ignore_ascii_case(name.as_bytes())
            && matches!(
                rest[n],
                b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0c'
            )
        {
            return Some(name);
        }
    }
    None
}

/// Offset of the `</name` that closes a raw-text element.
fn find_close(content: &str, name: &str) -> Option<usize> {
    let mut at = 0;
    while let Some(rel) = memmem::find(&content.as_bytes()[at..], b"</") {
        let pos = at + rel;
        let rest = &content.as_bytes()[pos + 2..];
        if rest.len() >= name.len() && rest[..name.len()].eq_ignore_ascii_case(name.as_bytes()) {
            return Some(pos);
        }
        at = pos + 2;
    }
    None
}

fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    haystack
        .as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empties_scripts_and_styles_but_keeps_json_ld() {
        let page = r#"<head><STYLE>p{color:red}</style><script>var a = "<p>x</p>";</SCRIPT>
<script type="application/ld+json">{"@type":"Article"}</script><scripts>keep</scripts></head>
<!-- a <p>comment</p> --><p>text<svg viewBox="0 0 1 1"><path d="M0"/></svg></p>"#;
        assert_eq!(
            strip(page, true),
            r#"<head><STYLE></style><script></SCRIPT>
<script type="application/ld+json">{"@type":"Article"}</script><scripts>keep</scripts></head>
<p>text<svg></svg></p>"#
        );
        assert!(matches!(strip("<p>plain</p>", true), Cow::Borrowed(_)));
        assert_eq!(strip("<script>never closed", true), "<script>never closed");
    }

    #[test]
    fn drops_unread_data_attributes() {
        let page = r#"<div data-a="x>y" class=c data-b='1' data-c=2><img DATA-SRC="i.jpg" data-x/>
<p data-n>t</p><a href="/q?data-z=1">l</a><i data-t="<b data-u=1>">x</i>
<A class=x HREF='/y' rel=tag onclick="go()" Target=_blank aria-label=y>y</A><abbr href=k>k</abbr>
<link rel=canonical href="/c" integrity="sha-x"><input type=hidden tabindex=1><template shadowrootmode=open>
<script src="/a.js" async></script><image src=i.png title=t alt=a><abbr title=2024-01-02 lang=en>d</abbr>
<font color=red x-y>f</font><span data-open="never"#;
        assert_eq!(
            strip(page, true),
            r#"<div class=c><img DATA-SRC="i.jpg"/>
<p>t</p><a>l</a><i>x</i>
<A class=x rel=tag>y</A><abbr>k</abbr>
<link rel=canonical href="/c"><input type=hidden><template shadowrootmode=open>
<script></script><image src=i.png alt=a><abbr title=2024-01-02 lang=en>d</abbr>
<font color=red>f</font><span data-open="never"#
        );
        assert_eq!(strip(page, false), page);
    }

    #[test]
    fn markup_inside_removed_attributes_is_not_markup() {
        let page = r#"<script data-cfg="a>b">var x = 1;</script><p>kept</p>"#;
        assert_eq!(strip(page, true), "<script></script><p>kept</p>");
        let page = r#"<div data-x="<!-- not a comment">text</div><!-- gone --><p>after</p>"#;
        assert_eq!(strip(page, true), "<div>text</div><p>after</p>");
        let page = r#"<a href="/x" title=" All "News/World" ">n</a><b data-a="1"class=k>b</b>"#;
        assert_eq!(strip(page, true), "<a News>n</a><b class=k>b</b>");
        let page = r#"<i data-t="<style>">x</i><p>y</p>"#;
        assert_eq!(strip(page, true), "<i>x</i><p>y</p>");
    }

    #[test]
    fn attributes_past_the_limit_are_dropped() {
        let names: String = (0..300).map(|i| format!(" a{i}=1")).collect();
        let page = format!("<p{names}>x</p>");
        let kept: String = (0..MAX_ATTRIBUTES).map(|i| format!(" a{i}=1")).collect();
        assert_eq!(strip(&page, false), format!("<p{kept}>x</p>"));
        let classes = " class=a".repeat(300);
        assert_eq!(
            strip(&format!("<p{classes}>"), true),
            format!("<p{}>", " class=a".repeat(256))
        );
        let page = format!("<p{}>x</p>", " a=1".repeat(MAX_ATTRIBUTES));
        assert!(matches!(strip(&page, false), Cow::Borrowed(_)));
    }

    #[test]
    fn never_panics_on_cut_or_odd_markup() {
        let page =
            r#"<div data-a="1"><script data-b='>'>s</script><!-- c --><svg data-c=">">v</svg>"#;
        for end in 0..=page.len() {
            let _ = strip(&page[..end], true);
            let _ = strip(&page[end..], true);
        }
    }
}
